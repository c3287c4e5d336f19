from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from newsroom import benchmark

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

if settings.BENCH_CEILING:
    urlpatterns.insert(
        0, path("_bench/ceiling/<int:size>/", benchmark.ceiling, name="bench_ceiling")
    )
