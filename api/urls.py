from django.urls import path

from api import views
from api.endpoints import api

urlpatterns = [
    path("v1/", api.urls),
    path(
        "preview-token/<int:pk>/",
        views.preview_token,
        name="api_preview_token",
    ),
]
