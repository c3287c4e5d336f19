"""Public pages: what readers see.

Every view here starts from ``Article.objects.published()`` (or ``listed()``
for lists), so a draft cannot leak through any of them. Person and work pages
live here rather than in ``people`` because they list articles, and ``people``
must not depend on ``articles``.
"""

from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from articles.models import Article, Byline, TaggedPerson, TaggedWork, Topic
from people.models import Credit, Person, Work


def public_articles_for_list() -> QuerySet[Article]:
    """Listed articles with what a list item shows, in a fixed number of queries."""
    return Article.objects.listed().prefetch_related(
        Prefetch("bylines", queryset=Byline.objects.select_related("person"))
    )


class ArticleListMixin:
    """Shared by every page that lists articles: one page size, one order."""

    paginate_by = 20
    context_object_name = "articles"


class HomeView(ArticleListMixin, ListView):
    template_name = "articles/home.html"

    def get_queryset(self) -> QuerySet[Article]:
        return public_articles_for_list()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self) -> QuerySet[Article]:
        articles = Article.objects.published().select_related("lead_image")
        return articles.prefetch_related(
            "lead_image__renditions",
            Prefetch("bylines", queryset=Byline.objects.select_related("person")),
            Prefetch(
                "person_tags",
                queryset=TaggedPerson.objects.select_related("tag").order_by(
                    "tag__name"
                ),
            ),
            Prefetch(
                "work_tags",
                queryset=TaggedWork.objects.select_related("tag").order_by("tag__name"),
            ),
            "topics",
            "corrections",
        )


class PersonDetailView(ArticleListMixin, ListView):
    """A person's page: who they are, their credits, and the coverage."""

    template_name = "articles/person_detail.html"

    def get_queryset(self) -> QuerySet[Article]:
        self.person = get_object_or_404(
            Person.objects.select_related("headshot").prefetch_related(
                "headshot__renditions"
            ),
            slug=self.kwargs["slug"],
        )
        return public_articles_for_list().filter(person_tags__tag=self.person)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["person"] = self.person
        context["credits"] = (
            Credit.objects.filter(person=self.person)
            .select_related("work")
            .order_by("work__year", "work__name", "position")
        )
        context["written"] = (
            public_articles_for_list()
            .filter(bylines__person=self.person)
            .distinct()[:20]
        )
        return context


class WorkDetailView(ArticleListMixin, ListView):
    template_name = "articles/work_detail.html"

    def get_queryset(self) -> QuerySet[Article]:
        self.work = get_object_or_404(
            Work.objects.select_related("poster").prefetch_related(
                "poster__renditions"
            ),
            slug=self.kwargs["slug"],
        )
        return public_articles_for_list().filter(work_tags__tag=self.work)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["work"] = self.work
        context["credits"] = self.work.credits.select_related("person")
        return context


class TopicDetailView(ArticleListMixin, ListView):
    template_name = "articles/topic_detail.html"

    def get_queryset(self) -> QuerySet[Article]:
        self.topic = get_object_or_404(Topic, slug=self.kwargs["slug"])
        return public_articles_for_list().filter(topic_tags__tag=self.topic)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        return context
