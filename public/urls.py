from django.urls import path

from public import feeds, previews, sitemaps, views

app_name = "public"


def feed_paths(prefix: str, name: str, rss, atom) -> list:
    """The RSS and Atom addresses of one feed: ``<prefix>feed/`` and ``.../atom/``."""
    return [
        path(f"{prefix}feed/", rss(), name=f"{name}_rss"),
        path(f"{prefix}feed/atom/", atom(), name=f"{name}_atom"),
    ]


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path("search/", views.SearchView.as_view(), name="search"),
    path("corrections/", views.CorrectionsView.as_view(), name="corrections"),
    path(
        "articles/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    path(
        "articles/<slug:slug>/changes/",
        views.ArticleChangesView.as_view(),
        name="article_changes",
    ),
    path("people/<slug:slug>/", views.PersonDetailView.as_view(), name="person_detail"),
    path("works/<slug:slug>/", views.WorkDetailView.as_view(), name="work_detail"),
    path("topics/<slug:slug>/", views.TopicDetailView.as_view(), name="topic_detail"),
    *feed_paths("", "latest", feeds.LatestFeed, feeds.LatestAtomFeed),
    *feed_paths(
        "people/<slug:slug>/", "person", feeds.PersonFeed, feeds.PersonAtomFeed
    ),
    *feed_paths("works/<slug:slug>/", "work", feeds.WorkFeed, feeds.WorkAtomFeed),
    *feed_paths("topics/<slug:slug>/", "topic", feeds.TopicFeed, feeds.TopicAtomFeed),
    *feed_paths(
        "corrections/",
        "corrections",
        feeds.CorrectionsFeed,
        feeds.CorrectionsAtomFeed,
    ),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap_index"),
    path("sitemap-news.xml", sitemaps.news_sitemap, name="sitemap_news"),
    path(
        "sitemap-<slug:section>.xml",
        sitemaps.sitemap_section,
        name="sitemap_section",
    ),
    path("robots.txt", sitemaps.robots_txt, name="robots_txt"),
    # The reader's page of an article that is not public (yet): a preview
    # for the newsroom's staff, a share link for anyone holding one.
    path("editorial/articles/<int:pk>/preview/", previews.preview, name="preview"),
    path("share/<str:signed>/", previews.shared, name="share"),
]
