"""Public pages: what readers see.

Every view here starts from the rules in ``public.queries`` (``published()``
or ``listed()`` articles, ``public_people()``, ``public_topics()``), so a draft
cannot leak through any of them.

Every page loads what it shows in a fixed number of queries (the tests pin
each number), paginates without counting (``public.pagination``), and
answers through ``public.responses.finish_public_response``: cacheable by a
CDN with a ``Cache-Tag`` header for anonymous readers, ``private, no-store``
for anyone logged in.
"""

from __future__ import annotations

from datetime import datetime

from csp.decorators import csp_update
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.paginator import InvalidPage
from django.db.models import Prefetch, QuerySet
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
)
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views.generic import DetailView, ListView, TemplateView

from articles import addresses, embeds, rendering
from articles.body import readable
from articles.diffing import word_diff_html
from articles.models import Article, Correction, PublishedVersion, Topic
from people.models import Person, Work
from public import cachetags, readmodel, structured_data
from public.pagination import PeekPage, PeekPaginator
from public.queries import (
    LIST_COLUMNS,
    apply_name_page_relations,
    apply_page_relations,
    article_page_row,
    articles_from_rows,
    byline_rows,
    latest_rows,
    model_row,
    name_page_rows,
    page_relation_rows,
    public_by_slug,
    public_corrections,
    related_to,
    written_rows,
)
from public.responses import finish_public_response, newest
from public.search import ArticleSearch
from public.structured_data import absolute

PAGE_SIZE = 20


def paginate(request: HttpRequest, queryset, *, param: str = "page"):
    """One page of ``queryset`` from ``request.GET[param]``; 404 for a bad number."""
    paginator = PeekPaginator(queryset, PAGE_SIZE)
    try:
        return paginator.page(request.GET.get(param) or 1)
    except InvalidPage:
        raise Http404("No such page.") from None


# --- Mixins ------------------------------------------------------------------


class PublicPageMixin:
    """Meta tags, caching headers and pagination shared by every public page."""

    og_type = "website"

    def get_meta(self, context) -> dict:
        """Title, description, canonical URL and feeds of the page."""
        return {}

    def get_cache_tags(self, context) -> list[str]:
        # Every public page must say what it shows, or the page cache and a
        # CDN could not purge it when that changes.
        raise ImproperlyConfigured(
            f"{type(self).__name__} must define get_cache_tags()."
        )

    def get_last_modified(self, context) -> datetime | None:
        return None

    def canonical_url(self, page_obj=None) -> str:
        url = absolute(self.request.path)
        if page_obj is not None and page_obj.number > 1:
            url = f"{url}?page={page_obj.number}"
        return url

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        meta = {
            "title": settings.SITE_NAME,
            "description": "",
            "canonical": self.canonical_url(context.get("page_obj")),
            "og_type": self.og_type,
            "feeds": [],
            "json_ld": None,
        }
        meta.update(self.get_meta(context))
        context["meta"] = meta
        context["site_name"] = settings.SITE_NAME
        return context

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        response.render()
        return finish_public_response(
            self.request,
            response,
            tags=self.get_cache_tags(context),
            last_modified=self.get_last_modified(context),
        )


class ArticleListMixin(PublicPageMixin):
    """Shared by every page that lists articles: one page size, one order."""

    paginate_by = PAGE_SIZE
    paginator_class = PeekPaginator
    context_object_name = "articles"

    def paginate_queryset(self, queryset, page_size):
        page = paginate(self.request, queryset, param=self.page_kwarg)
        return (page.paginator, page, page.object_list, page.has_other_pages())

    def get_last_modified(self, context) -> datetime | None:
        return newest(*(a.updated_at for a in context["articles"]))


def feeds_for(name: str, title: str, **kwargs) -> list[dict]:
    """The RSS and Atom feed links for a page's ``<link rel="alternate">``."""
    return [
        {
            "title": f"{title} (RSS)",
            "type": "application/rss+xml",
            "url": reverse(f"public:{name}_rss", kwargs=kwargs),
        },
        {
            "title": f"{title} (Atom)",
            "type": "application/atom+xml",
            "url": reverse(f"public:{name}_atom", kwargs=kwargs),
        },
    ]


# --- Pages -------------------------------------------------------------------


def stored_response(request: HttpRequest, html: bytes, meta: dict) -> HttpResponse:
    """The response of a page kept in the read model (``public.readmodel``),
    from its HTML and meta, whether stored or just rendered."""
    return finish_public_response(
        request,
        HttpResponse(html),
        tags=meta["tags"],
        last_modified=readmodel.last_modified_of(meta),
        etag=meta["etag"],
    )


class StoredListMixin(ArticleListMixin):
    """A list of articles served from the read model (``public.readmodel``):
    as stored, after one query, while no content has changed since it was
    checked; else after reading the rows of its page, while they are those it
    was rendered from: the page's articles and the one after
    (``latest_rows``), their bylines, and whatever else ``list_rows`` reads.
    """

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        number = self.page_number(self.page_kwarg)
        key = self.page_key(number)
        read = {}

        def rows() -> str:
            rows, extra = self.list_rows(number, now)
            if not rows and number > 1:
                raise Http404("No such page.")
            bylines = byline_rows(self.listed_ids(rows))
            read.update(rows=rows, bylines=bylines)
            return readmodel.digest(key, rows, bylines, *extra)

        def render() -> tuple[str, dict, bool]:
            return *self.render_page(number, read["rows"], read["bylines"]), True

        html, meta = readmodel.list_page(
            request, key, now=now, read=rows, render=render
        )
        return stored_response(request, html, meta)

    def page_key(self, number: int) -> str:
        """The stored page's key, from the address alone (a 404 for a bad
        page number)."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define page_key().")

    def list_rows(self, number: int, now) -> tuple[list, list]:
        """The rows of page ``number`` (and the one after), and whatever else
        the page shows, as rows; a 404 if the page's subject is not public."""
        raise ImproperlyConfigured(f"{type(self).__name__} must define list_rows().")

    def page_number(self, param: str) -> int:
        """The page number asked for as ``param``; a 404 for a bad one."""
        try:
            return PeekPaginator([], PAGE_SIZE).validate_number(
                self.request.GET.get(param) or 1
            )
        except InvalidPage:
            raise Http404("No such page.") from None

    def listed_ids(self, rows) -> list[int]:
        """The articles whose bylines the page shows."""
        return [row[0] for row in rows[:PAGE_SIZE]]

    def render_page(self, number, rows, bylines) -> tuple[str, dict]:
        """Page ``number`` of the list from the rows read by this view."""
        articles = articles_from_rows(rows[:PAGE_SIZE], bylines)
        self.page = PeekPage(
            articles,
            number,
            PeekPaginator([], PAGE_SIZE),
            has_next=len(rows) > PAGE_SIZE,
        )
        self.object_list = articles
        context = self.get_context_data()
        html = render_to_string(self.template_name, context, request=self.request)
        meta = readmodel.meta_for(
            html,
            tags=self.get_cache_tags(context),
            last_modified=self.get_last_modified(context),
        )
        return html, meta

    def paginate_queryset(self, queryset, page_size):
        # The page built from this view's rows (``render_page``).
        page = self.page
        return (page.paginator, page, page.object_list, page.has_other_pages())


class HomeView(StoredListMixin, ListView):
    """The latest articles, a page at a time (``StoredListMixin``): three
    queries, four when the page is stored anew."""

    template_name = "public/home.html"

    def page_key(self, number: int) -> str:
        return f"home:{number}"

    def list_rows(self, number: int, now) -> tuple[list, list]:
        return latest_rows(number, PAGE_SIZE, now=now), []

    def get_meta(self, context) -> dict:
        return {
            "title": f"Latest news · {settings.SITE_NAME}",
            "description": "Entertainment news: films, music, music videos.",
            "feeds": feeds_for("latest", f"{settings.SITE_NAME}: latest"),
        }

    def get_cache_tags(self, context) -> list[str]:
        return cachetags.for_article_list(context["articles"])


# An article may embed a video or a track: its page, and only its page, may
# frame the embed hosts of the providers a story may use (articles.embeds).
allow_embeds = csp_update({"frame-src": list(embeds.FRAME_HOSTS)})


@method_decorator(allow_embeds, name="dispatch")
class ArticleDetailView(PublicPageMixin, DetailView):
    """An article's page, served from its read model (``public.readmodel``)
    when what the page shows is unchanged since it was stored.

    One query while the stored page is found current at this content
    version: the article under the public rule, with its stored page, the
    version and the next time due. Otherwise, once per change, two more:
    its relations and related coverage; one more stores a page rendered
    anew, and one more looks for related coverage again when the article's
    people or works changed since the page was stored.
    """

    template_name = "public/article_detail.html"
    context_object_name = "article"
    og_type = "article"

    def get(self, request, *args, **kwargs):
        now = timezone.now()
        slug = self.kwargs["slug"]
        key = f"article:{slug}"
        held = readmodel.held_check(key)
        found = article_page_row(slug, now=now, held=held and held.version)
        if found is None:
            return old_address_redirect(slug, "public:article_detail")
        stamp = readmodel.checked_stamp(key, found.content_version())
        if found.data is None:
            # The version is still the one this process checked the page it
            # holds at: the query sent neither the article nor the page.
            stored = held.inputs, held.html, held.meta
            if readmodel.still_checked(key, stored, stamp, now):
                return stored_response(request, stored[1], stored[2])
            # The check ended by time alone (a scheduled article is due).
            found = article_page_row(slug, now=now)
        stored = found.stored()
        if readmodel.still_checked(key, stored, stamp, now):
            return stored_response(request, stored[1], stored[2])
        relations = page_relation_rows(found.pk, found.lead_image_id, now=now)
        meta = None if stored is None else stored[2]
        if meta is not None:
            related = related_to(found.pk, meta["people"], meta["works"], now=now)
            inputs = readmodel.digest(found.data, relations, related)
        if meta is not None and found.stored_inputs == inputs:
            html, changed = found.stored_html, False
        else:
            known = (meta["people"], meta["works"], related) if meta else None
            text, meta, inputs = self.render_page(found, relations, known, now)
            html, changed = text.encode(), True
        # Rendered for a reader, never for someone logged in: the page must
        # be the one every reader gets.
        if not request.user.is_authenticated:
            if changed:
                readmodel.store_article_page(found.pk, inputs, html, meta)
            readmodel.mark_checked(
                key,
                inputs,
                stamp,
                found.due(),
                (html, meta),
                version=found.content_version(),
            )
        return stored_response(request, html, meta)

    def render_page(self, found, relations, known, now) -> tuple[str, dict, str]:
        """The page of ``found`` from the ``relations`` rows read by this view,
        its meta, and the digest of what it was rendered from. ``known``:
        the stored page's people and works and the related rows read for
        them, used again when the article's tags are still those."""
        self.object = article = found.article()
        apply_page_relations(article, relations)
        people = [item.tag_id for item in article.person_tags.all()]
        works = [item.tag_id for item in article.work_tags.all()]
        if known is not None and known[:2] == (people, works):
            related = known[2]
        else:
            related = related_to(article.pk, people, works, now=now)
        self.related = articles_from_rows(related)
        context = self.get_context_data(object=article)
        html = render_to_string(self.template_name, context, request=self.request)
        meta = readmodel.meta_for(
            html,
            tags=cachetags.for_article_page(article, self.related),
            last_modified=newest(
                article.updated_at,
                *(c.created_at for c in article.corrections.all()),
                *(v.created_at for v in article.published_versions.all()),
                *(other.updated_at for other in self.related),
            ),
            people=people,
            works=works,
        )
        return html, meta, readmodel.digest(found.data, relations, related)

    def get_context_data(self, **kwargs):
        article = self.object
        versions = list(article.published_versions.all())
        published = article.first_published_at or article.published_at
        updated = versions[-1].created_at if len(versions) > 1 else None
        if updated is not None and updated == published:
            updated = None
        body_html = rendering.current_html(article)
        about, mentions = split_about_and_mentions(article)
        self.extra = {
            "body_html": body_html,
            "published": published,
            "updated": updated,
            "has_changes": len(versions) > 1,
            "related": self.related,
            "json_ld": structured_data.json_ld(
                structured_data.news_article(
                    article, date_modified=updated, about=about, mentions=mentions
                )
            ),
        }
        context = super().get_context_data(**kwargs)
        context.update(self.extra)
        return context

    def get_meta(self, context) -> dict:
        article = self.object
        return {
            "title": f"{article.headline} · {settings.SITE_NAME}",
            "headline": article.headline,
            "description": article.dek,
            "image": article.lead_image,
            "json_ld": self.extra["json_ld"],
            "published": self.extra["published"],
            "updated": self.extra["updated"],
            "feeds": feeds_for("latest", f"{settings.SITE_NAME}: latest"),
        }


def old_address_redirect(slug: str, url_name: str) -> HttpResponse:
    """A permanent redirect from an old address of a public article to its
    address now (``articles.addresses``), or the 404 of a missing page: one
    more query, only after a miss, under the same public rule."""
    target = addresses.redirect_target(slug, Article.objects.published())
    if target is None:
        raise Http404("No such article.")
    return HttpResponsePermanentRedirect(reverse(url_name, args=[target]))


def split_about_and_mentions(article: Article) -> tuple[list, list]:
    """Tagged people and works named in the headline or dek (``about``, found
    when the body was rendered) and the rest (``mentions``), in the order the
    page lists them. No queries."""
    named = set(article.about.split())
    about, mentions = [], []
    for item in article.person_tags.all():
        (about if f"person:{item.tag_id}" in named else mentions).append(item.tag)
    for item in article.work_tags.all():
        (about if f"work:{item.tag_id}" in named else mentions).append(item.tag)
    return about, mentions


class ArticleChangesView(PublicPageMixin, DetailView):
    """ "What changed": word-level diffs between consecutive public versions.

    Reads only ``PublishedVersion`` rows, which hold public text alone, so no
    draft or unpublished revision can appear here.
    """

    template_name = "public/article_changes.html"
    context_object_name = "article"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            return old_address_redirect(self.kwargs["slug"], "public:article_changes")

    def get_queryset(self) -> QuerySet[Article]:
        return Article.objects.published().prefetch_related(
            Prefetch(
                "published_versions",
                queryset=PublishedVersion.objects.visible()
                .select_related("correction")
                .order_by("number"),
            )
        )

    def get_context_data(self, **kwargs):
        versions = list(self.object.published_versions.all())
        if len(versions) < 2:
            raise Http404("Only one public version.")
        changes = []
        for older, newer in zip(versions, versions[1:], strict=False):
            changes.append(
                {
                    "older": older,
                    "newer": newer,
                    "headline": _diff_or_none(older.headline, newer.headline),
                    "dek": _diff_or_none(older.dek, newer.dek),
                    # Text and structure, not markup (articles.body.readable).
                    "body": _diff_or_none(readable(older.body), readable(newer.body)),
                }
            )
        changes.reverse()
        self.versions = versions
        context = super().get_context_data(**kwargs)
        context["changes"] = changes
        return context

    def get_meta(self, context) -> dict:
        return {
            "title": f"What changed: {self.object.headline} · {settings.SITE_NAME}",
            "description": f"Every public change to “{self.object.headline}”.",
        }

    def get_cache_tags(self, context) -> list[str]:
        return cachetags.for_article_changes(self.object)

    def get_last_modified(self, context) -> datetime | None:
        return newest(*(v.created_at for v in self.versions))


def _diff_or_none(old: str, new: str):
    return word_diff_html(old, new) if old != new else None


class PersonDetailView(StoredListMixin, ListView):
    """A person's page: who they are, their credits, and the coverage.

    "Articles about" (tagged) and "articles by" (bylines) are paginated
    separately (``?page=`` and ``?by_page=``). A person with nothing public to
    show is a 404 (``public_people``), so a name that only appears on a draft
    does not leak. Served from the read model (``StoredListMixin``): the
    person, their credits and headshot, both lists and their bylines, the
    stored page.
    """

    template_name = "public/person_detail.html"
    og_type = "profile"

    def page_key(self, number: int) -> str:
        by_number = self.page_number("by_page")
        return f"person:{self.kwargs['slug']}:{number}:{by_number}"

    def list_rows(self, number: int, now) -> tuple[list, list]:
        self.person = public_by_slug(Person, self.kwargs["slug"], now=now)
        if self.person is None:
            raise Http404("No such person.")
        person = self.person
        by_number = self.page_number("by_page")
        relations = name_page_rows(person)
        self.credits = apply_name_page_relations(person, relations)
        rows = latest_rows(number, PAGE_SIZE, now=now, person=person.pk)
        self.written = written_rows(person.pk, by_number, PAGE_SIZE, now=now)
        if not self.written and by_number > 1:
            raise Http404("No such page.")
        return rows, [model_row(person), relations, self.written]

    def listed_ids(self, rows) -> list[int]:
        both = [row[0] for row in [*rows[:PAGE_SIZE], *self.written[:PAGE_SIZE]]]
        return list(dict.fromkeys(both))

    def render_page(self, number, rows, bylines) -> tuple[str, dict]:
        self.by_page = PeekPage(
            articles_from_rows(self.written[:PAGE_SIZE], bylines),
            self.page_number("by_page"),
            PeekPaginator([], PAGE_SIZE),
            has_next=len(self.written) > PAGE_SIZE,
        )
        return super().render_page(number, rows, bylines)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person
        context.update(
            person=person,
            credits=self.credits,
            by_page=self.by_page,
            written=self.by_page.object_list,
        )
        context["meta"].update(
            json_ld=structured_data.json_ld(structured_data.person_page(person))
        )
        return context

    def get_meta(self, context) -> dict:
        person = self.person
        return {
            "title": f"{person.name} · {settings.SITE_NAME}",
            "description": person.bio or f"News about {person.name}.",
            "feeds": feeds_for("person", person.name, slug=person.slug),
        }

    def get_cache_tags(self, context) -> list[str]:
        return cachetags.for_person_page(
            self.person, self.credits, context["articles"], self.by_page.object_list
        )

    def get_last_modified(self, context) -> datetime | None:
        return newest(
            *(a.updated_at for a in context["articles"]),
            *(a.updated_at for a in self.by_page.object_list),
        )


class WorkDetailView(StoredListMixin, ListView):
    """A work's page: the work, its credits, and the coverage. Served from
    the read model (``StoredListMixin``): the work, its credits, poster and
    parent work, the page's articles and their bylines, the stored page."""

    template_name = "public/work_detail.html"

    def page_key(self, number: int) -> str:
        return f"work:{self.kwargs['slug']}:{number}"

    def list_rows(self, number: int, now) -> tuple[list, list]:
        self.work = public_by_slug(Work, self.kwargs["slug"], now=now)
        if self.work is None:
            raise Http404("No such work.")
        work = self.work
        relations = name_page_rows(work)
        self.credits = apply_name_page_relations(work, relations)
        rows = latest_rows(number, PAGE_SIZE, now=now, work=work.pk)
        return rows, [model_row(work), relations]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["work"] = self.work
        context["credits"] = self.credits
        context["meta"].update(
            json_ld=structured_data.json_ld(
                structured_data.work_page(self.work, self.credits)
            )
        )
        return context

    def get_meta(self, context) -> dict:
        work = self.work
        return {
            "title": f"{work.name} · {settings.SITE_NAME}",
            "description": f"{work} : news and credits.",
            "feeds": feeds_for("work", work.name, slug=work.slug),
        }

    def get_cache_tags(self, context) -> list[str]:
        return cachetags.for_work_page(self.work, self.credits, context["articles"])


class TopicDetailView(StoredListMixin, ListView):
    """A topic's articles (``StoredListMixin``): the topic, the page's
    articles, their bylines, the stored page. A topic with no public article
    is a 404 (``public_topics``)."""

    template_name = "public/topic_detail.html"

    def page_key(self, number: int) -> str:
        return f"topic:{self.kwargs['slug']}:{number}"

    def list_rows(self, number: int, now) -> tuple[list, list]:
        self.topic = public_by_slug(Topic, self.kwargs["slug"], now=now)
        if self.topic is None:
            raise Http404("No such topic.")
        topic = self.topic
        rows = latest_rows(number, PAGE_SIZE, now=now, topic=topic.pk)
        return rows, [model_row(topic)]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["topic"] = self.topic
        return context

    def get_meta(self, context) -> dict:
        return {
            "title": f"{self.topic.name} · {settings.SITE_NAME}",
            "description": f"News tagged {self.topic.name}.",
            "feeds": feeds_for("topic", self.topic.name, slug=self.topic.slug),
        }

    def get_cache_tags(self, context) -> list[str]:
        return cachetags.for_topic_page(self.topic, context["articles"])


class CorrectionsView(PublicPageMixin, ListView):
    """Every correction on a public article, newest first."""

    template_name = "public/corrections.html"
    context_object_name = "corrections"
    paginate_by = PAGE_SIZE

    def get_queryset(self) -> QuerySet[Correction]:
        return public_corrections()

    def paginate_queryset(self, queryset, page_size):
        page = paginate(self.request, queryset)
        return (page.paginator, page, page.object_list, page.has_other_pages())

    def get_meta(self, context) -> dict:
        return {
            "title": f"Corrections · {settings.SITE_NAME}",
            "description": "Every correction, clarification and update we made.",
            "feeds": feeds_for("corrections", f"{settings.SITE_NAME}: corrections"),
        }

    def get_cache_tags(self, context) -> list[str]:
        return cachetags.for_corrections(context["corrections"])

    def get_last_modified(self, context) -> datetime | None:
        return newest(*(c.created_at for c in context["corrections"]))


class SearchView(PublicPageMixin, TemplateView):
    """``/search/?q=``: ranked results, narrowed by filters, with or without q.

    Invalid filter values (an unknown person, a malformed date, a query over
    the length limit) answer 400 with the form's errors and no results.
    """

    template_name = "public/search.html"

    def get(self, request, *args, **kwargs):
        """A search asked again while nothing has changed is served stored
        (``public.readmodel``): one query. Otherwise it is searched and
        rendered, and kept if it answered 200."""
        now = timezone.now()
        status = 200

        def render() -> tuple[str, dict, bool]:
            nonlocal status
            self.filterset = ArticleSearch(
                request.GET or None, queryset=Article.objects.listed(now=now)
            )
            context = self.get_context_data(**kwargs)
            if self.filterset.is_bound and context["invalid"]:
                status = 400
            html = render_to_string(self.template_name, context, request=request)
            meta = readmodel.meta_for(
                html,
                tags=self.get_cache_tags(context),
                last_modified=self.get_last_modified(context),
            )
            return html, meta, status == 200

        key, place = readmodel.search_keys(request.GET)
        html, meta = readmodel.list_page(
            request, key, now=now, render=render, place=place
        )
        response = stored_response(request, html, meta)
        if response.status_code == 200:
            response.status_code = status
        return response

    def get_context_data(self, **kwargs):
        filterset = self.filterset
        invalid = filterset.is_bound and not filterset.is_valid()
        searched = (
            filterset.is_bound
            and not invalid
            and any(
                filterset.form.cleaned_data.get(name) not in (None, "")
                for name in filterset.form.fields
            )
        )
        self.page_obj = None
        self.entities: list = []
        if searched:
            # The results as rows, made articles as the lists make them: as
            # model instances with their bylines prefetched, twenty results
            # cost more than the rest of the page.
            matches = filterset.qs.values_list(*LIST_COLUMNS)
            self.page_obj = paginate(self.request, matches)
            rows = self.page_obj.object_list
            self.page_obj.object_list = articles_from_rows(
                rows, byline_rows([row[0] for row in rows])
            )
            self.entities = filterset.chosen_entities()
        context = super().get_context_data(**kwargs)
        context.update(
            filter=filterset,
            form=filterset.form,
            invalid=invalid,
            searched=searched,
            query=filterset.form.data.get("q", "") if filterset.is_bound else "",
            page_obj=self.page_obj,
            articles=self.page_obj.object_list if self.page_obj else [],
            is_paginated=bool(self.page_obj and self.page_obj.has_other_pages()),
        )
        return context

    def canonical_url(self, page_obj=None) -> str:
        return absolute(self.request.path)

    def get_meta(self, context) -> dict:
        return {"title": f"Search · {settings.SITE_NAME}"}

    def get_last_modified(self, context) -> datetime | None:
        return newest(*(a.updated_at for a in context["articles"]))

    def get_cache_tags(self, context) -> list[str]:
        entity_tags = []
        for entity in self.entities:
            if isinstance(entity, Person):
                entity_tags.append(cachetags.person_tag(entity.pk))
            elif isinstance(entity, Work):
                entity_tags.append(cachetags.work_tag(entity.pk))
            else:
                entity_tags.append(cachetags.topic_tag(entity.pk))
        return cachetags.for_search(context["articles"], entity_tags)
