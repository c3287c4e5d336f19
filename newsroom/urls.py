from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from newsroom import benchmark
from newsroom.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    # hardening: load balancers and monitoring probe this; never cached.
    path("healthz", healthz, name="healthz"),
    path("api/", include("api.urls")),
    path("", include("articles.editorial_urls")),
    path("", include("public.urls")),
]

if settings.DEBUG:
    # Development only. In production the web server serves MEDIA_ROOT at
    # MEDIA_URL (see the README); Django never serves uploaded files there.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

if settings.BENCH_CEILING:
    urlpatterns.insert(
        0, path("_bench/ceiling/<int:size>/", benchmark.ceiling, name="bench_ceiling")
    )

# The public 404 and 500 pages are the templates 404.html and 500.html in
# newsroom/templates/; Django's default handlers render them. The 500 one is
# rendered with no context processors and no database.
