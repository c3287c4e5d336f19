from django.urls import path

from articles import editorial_views, views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "articles/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    # Minimal list of published versions; the public site styles it later.
    path(
        "articles/<slug:slug>/changes/",
        editorial_views.ArticleVersionsView.as_view(),
        name="article_versions",
    ),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("works/<slug:slug>/", views.WorkDetailView.as_view(), name="work_detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
]
