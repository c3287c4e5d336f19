from django.contrib import admin
from django.db import models
from django.db.models import QuerySet

from articles.models import (
    Article,
    Byline,
    Correction,
    TaggedPerson,
    TaggedWork,
    Topic,
)
from images.admin import thumbnail_html


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person", "role"]


class CorrectionInline(admin.StackedInline):
    model = Correction
    extra = 0
    fields = ["kind", "text", "created_at", "created_by"]
    readonly_fields = ["created_by"]


class TaggedPersonInline(admin.TabularInline):
    """People are chosen by autocomplete, by id: names alone are ambiguous."""

    model = TaggedPerson
    extra = 0
    autocomplete_fields = ["tag"]
    fields = ["tag", "found_by"]
    readonly_fields = ["found_by"]
    verbose_name = "person mentioned"


class TaggedWorkInline(admin.TabularInline):
    # Two works can share a title, so a name-based tag field cannot tell
    # "Flashing Lights" the song from the music video; an id-based inline can.
    model = TaggedWork
    extra = 0
    autocomplete_fields = ["tag"]
    fields = ["tag", "found_by"]
    readonly_fields = ["found_by"]
    verbose_name = "work mentioned"


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["headline", "status", "published_at", "updated_at", "source_name"]
    list_filter = ["status", "headline_origin"]
    search_fields = ["headline", "dek", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    # The taggit managers for people and works are edited through the inlines.
    exclude = ["people", "works"]
    readonly_fields = [
        "first_published_at",
        "created_at",
        "updated_at",
        "source_key",
        "lead_image_preview",
    ]
    autocomplete_fields = ["lead_image"]
    inlines = [BylineInline, TaggedPersonInline, TaggedWorkInline, CorrectionInline]
    # A million-row table must not be counted on every list page view.
    show_full_result_count = False
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["headline", "headline_origin", "slug", "dek", "body"]}),
        ("Lead image", {"fields": ["lead_image", "lead_image_preview"]}),
        ("Publication", {"fields": ["status", "published_at", "first_published_at"]}),
        ("Topics", {"fields": ["topics"]}),
        (
            "Source",
            {
                "fields": ["source_name", "source_url", "source_key"],
                "classes": ["collapse"],
            },
        ),
        ("History", {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def get_queryset(self, request) -> QuerySet[Article]:
        return super().get_queryset(request)

    @admin.display(description="Preview")
    def lead_image_preview(self, obj: Article) -> str:
        return thumbnail_html(obj.lead_image)


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Correction)
class CorrectionAdmin(admin.ModelAdmin):
    list_display = ["article", "kind", "created_at", "created_by"]
    list_filter = ["kind"]
    list_select_related = ["article", "created_by"]
    search_fields = ["text", "article__headline"]
    autocomplete_fields = ["article"]
    readonly_fields = ["created_by"]
    date_hierarchy = "created_at"
    show_full_result_count = False


@admin.register(Byline)
class BylineAdmin(admin.ModelAdmin):
    list_display = ["article", "person", "role", "position"]
    list_filter = ["role"]
    list_select_related = ["article", "person"]
    search_fields = ["person__name", "article__headline"]
    autocomplete_fields = ["article", "person"]
