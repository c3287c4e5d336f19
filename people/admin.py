from django.contrib import admin
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.html import format_html, format_html_join

from images.admin import thumbnail_html
from newsroom.pagecache import purge_tags
from people.forms import PersonForm, WorkForm
from people.models import (
    Credit,
    ExternalId,
    Person,
    Work,
    person_cache_tag,
    work_cache_tag,
)


def mentioning_articles(obj: Person | Work) -> str:
    """Links to the admin pages of the articles tagged with ``obj``.

    Reached through the reverse relation so that this app does not import
    ``articles``.
    """
    tags = obj.article_tags.select_related("content_object").order_by(
        "-content_object__published_at"
    )[:100]
    if not tags:
        return "No articles mention this yet."
    return format_html(
        "<ul>{}</ul>",
        format_html_join(
            "",
            '<li><a href="{}">{}</a> ({})</li>',
            (
                (
                    reverse(
                        "admin:articles_article_change", args=[tag.content_object_id]
                    ),
                    tag.content_object,
                    tag.content_object.get_status_display(),
                )
                for tag in tags
            ),
        ),
    )


class ExternalIdInline(admin.TabularInline):
    model = ExternalId
    extra = 0


class CreditInline(admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person", "role"]


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    form = PersonForm
    list_display = ["name", "kind", "slug", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["headshot"]
    readonly_fields = ["headshot_preview", "articles"]
    inlines = [ExternalIdInline]
    show_full_result_count = False

    @admin.display(description="Headshot preview")
    def headshot_preview(self, obj: Person) -> str:
        return thumbnail_html(obj.headshot)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Their page and every page that shows their name are stale now.
        purge_tags([person_cache_tag(form.instance.pk)])

    def delete_model(self, request, obj: Person) -> None:
        tag = person_cache_tag(obj.pk)
        super().delete_model(request, obj)
        purge_tags([tag])

    @admin.display(description="Articles that mention them")
    def articles(self, obj: Person) -> str:
        return mentioning_articles(obj) if obj.pk else "—"


@admin.register(Work)
class WorkAdmin(admin.ModelAdmin):
    form = WorkForm
    list_display = ["name", "kind", "disambiguation", "year", "part_of"]
    list_filter = ["kind", "year"]
    list_select_related = ["part_of"]
    search_fields = ["name", "slug", "aliases", "disambiguation"]
    prepopulated_fields = {"slug": ["name", "kind"]}
    autocomplete_fields = ["part_of", "poster"]
    readonly_fields = ["poster_preview", "articles"]
    inlines = [CreditInline]
    show_full_result_count = False

    @admin.display(description="Poster preview")
    def poster_preview(self, obj: Work) -> str:
        return thumbnail_html(obj.poster)

    def save_related(self, request, form, formsets, change: bool) -> None:
        super().save_related(request, form, formsets, change)
        # Its page and every page that shows its title or credits are stale.
        purge_tags([work_cache_tag(form.instance.pk)])

    def delete_model(self, request, obj: Work) -> None:
        tag = work_cache_tag(obj.pk)
        super().delete_model(request, obj)
        purge_tags([tag])

    @admin.display(description="Articles that mention it")
    def articles(self, obj: Work) -> str:
        return mentioning_articles(obj) if obj.pk else "—"

    def get_queryset(self, request) -> QuerySet[Work]:
        return super().get_queryset(request).select_related("part_of")
