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
    path(
        "editorial/articles/<int:pk>/autosave/",
        views.autosave_article,
        name="autosave",
    ),
    path(
        "editorial/articles/<int:pk>/autosave/discard/",
        views.discard_autosave,
        name="discard_autosave",
    ),
    path("editorial/autosave/new/", views.autosave_new, name="autosave_new"),
    path(
        "editorial/autosave/new/discard/",
        views.discard_new_autosave,
        name="discard_new_autosave",
    ),
    path("editorial/session/", views.session_status, name="session"),
    path("editorial/suggestions/", views.tag_suggestions, name="tag_suggestions"),
    path("editorial/images/", views.image_search, name="image_search"),
    path("editorial/images/upload/", views.image_upload, name="image_upload"),
]
