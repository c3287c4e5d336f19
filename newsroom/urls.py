from django.contrib import admin
from django.urls import include, path

from newsroom.views import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    # hardening: load balancers and monitoring probe this; never cached.
    path("healthz", healthz, name="healthz"),
    path("", include("articles.urls")),
]
