"""People and works in the admin.

The articles that mention a person or work are added to these pages by the
``articles`` admin, which knows who may see which article (this app imports
no other app of the project).
"""

from django.contrib import admin
from django.db.models import QuerySet

from newsroom.admin_widgets import CheckedAutocompleteMixin
from people import services
from people.forms import PersonForm, WorkForm
from people.models import Credit, ExternalId, Person, Work, WorkExternalId

# What the admin shows where there is no image to preview.
NO_IMAGE = "—"


class ExternalIdInline(admin.TabularInline):
    model = ExternalId
    extra = 0


class WorkExternalIdInline(admin.TabularInline):
    model = WorkExternalId
    extra = 0


class CreditInline(CheckedAutocompleteMixin, admin.TabularInline):
    model = Credit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["position", "person", "role"]


class EntityAdmin(CheckedAutocompleteMixin, admin.ModelAdmin):
    """Saves and deletes through ``people.services``, which purge the pages."""

    def save_model(self, request, obj, form, change: bool) -> None:
        # The purge waits for the admin's transaction, so it covers the
        # inlines (external ids, credits) saved after this too.
        services.save_entity(obj)

    def delete_model(self, request, obj) -> None:
        services.delete_entity(obj)

    def delete_queryset(self, request, queryset) -> None:
        for entity in queryset:
            services.delete_entity(entity)


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    form = PersonForm
    list_display = ["name", "kind", "slug", "created_at"]
    list_filter = ["kind"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["headshot"]
    readonly_fields = ["headshot_preview"]
    inlines = [ExternalIdInline]
    show_full_result_count = False

    @admin.display(description="Headshot preview")
    def headshot_preview(self, obj: Person) -> str:
        return obj.headshot.thumbnail_html() if obj.headshot else NO_IMAGE


@admin.register(Work)
class WorkAdmin(EntityAdmin):
    form = WorkForm
    list_display = ["name", "kind", "disambiguation", "year", "part_of"]
    list_filter = ["kind", "year"]
    list_select_related = ["part_of"]
    search_fields = ["name", "slug", "aliases", "disambiguation"]
    prepopulated_fields = {"slug": ["name", "kind"]}
    autocomplete_fields = ["part_of", "poster"]
    readonly_fields = ["poster_preview"]
    inlines = [CreditInline, WorkExternalIdInline]
    show_full_result_count = False

    @admin.display(description="Poster preview")
    def poster_preview(self, obj: Work) -> str:
        return obj.poster.thumbnail_html() if obj.poster else NO_IMAGE

    def get_queryset(self, request) -> QuerySet[Work]:
        return super().get_queryset(request).select_related("part_of")
