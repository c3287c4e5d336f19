"""Editorial pages beside the admin (staff only)."""

from django.urls import path

from articles import editorial_views as views

app_name = "editorial"

urlpatterns = [
    path(
        "editorial/articles/<int:pk>/do/<slug:name>/",
        views.transition,
        name="transition",
    ),
    path(
        "editorial/articles/<int:pk>/revisions/",
        views.revision_history,
        name="revisions",
    ),
    path(
        "editorial/articles/<int:pk>/revisions/<int:version_id>/restore/",
        views.restore,
        name="restore",
    ),
    path(
        "editorial/articles/<int:pk>/share/",
        views.create_share_link,
        name="create_share_link",
    ),
    path(
        "editorial/share-links/<int:pk>/revoke/",
        views.revoke_share_link,
        name="revoke_share_link",
    ),
    path("editorial/suggestions/", views.tag_suggestions, name="tag_suggestions"),
    path("editorial/images/", views.image_search, name="image_search"),
    path("editorial/images/upload/", views.image_upload, name="image_upload"),
]
