from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.editorial_urls")),
    path("", include("articles.urls")),
]

if settings.DEBUG:
    # Development only. In production the web server serves MEDIA_ROOT at
    # MEDIA_URL (see the README); Django never serves uploaded files there.
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
