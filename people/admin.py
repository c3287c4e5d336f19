"""People and works in the admin.

The articles that mention a person or work are added to these pages by the
``articles`` admin, which knows who may see which article (this app imports
no other app of the project).
"""

from django.contrib import admin, messages
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.db.models import QuerySet

from newsroom.admin_widgets import CheckedAutocompleteMixin
from people import services
from people.forms import PersonForm, WorkForm
from people.models import (
    Credit,
    ExternalId,
    Person,
    StaffProfile,
    Work,
    WorkExternalId,
)

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


class ApprovalFilter(admin.SimpleListFilter):
    title = "approval"
    parameter_name = "approval"

    def lookups(self, request, model_admin):
        return [("waiting", "Awaiting approval"), ("approved", "Approved")]

    def queryset(self, request, queryset):
        if self.value() == "waiting":
            return queryset.awaiting_approval()
        if self.value() == "approved":
            return queryset.approved()
        return queryset


class EntityAdmin(CheckedAutocompleteMixin, admin.ModelAdmin):
    """Saves and deletes through ``people.services``, which purge the pages.

    A reporter may add a person or work (it then awaits an editor's
    approval) and change it until it is approved; only editors change
    approved ones and approve (``people.services.may_approve``).
    """

    actions = ["approve_selected"]
    approval_fields = ["approval", "added_by"]

    def save_model(self, request, obj, form, change: bool) -> None:
        # The purge waits for the admin's transaction, so it covers the
        # inlines (external ids, credits) saved after this too.
        services.save_entity(obj, by=request.user)
        if change and "_approve" in request.POST and not obj.is_approved:
            # The button is shown to editors only; a forged one is refused.
            services.approve(obj, by=request.user)
            self.approved(request, obj)

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        # "Save and approve" (admin/articles/mentioned_in_change_form.html).
        context["can_approve"] = bool(
            change
            and obj is not None
            and not obj.is_approved
            and self.has_approve_permission(request)
            and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        allowed = super().has_change_permission(request, obj)
        if not allowed or obj is None or services.may_approve(request.user, self.model):
            return allowed
        return not obj.is_approved and obj.added_by_id == request.user.pk

    def has_approve_permission(self, request) -> bool:
        return services.may_approve(request.user, self.model)

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), *self.approval_fields]

    @admin.display(description="approval", ordering="approved_at")
    def approval(self, obj) -> str:
        if obj.pk is None:
            return "—"
        if obj.approved_at is None:
            return "Awaiting an editor’s approval: not public yet"
        who = f" by {obj.approved_by}" if obj.approved_by_id else ""
        return f"Approved{who}"

    def approved(self, request, entity) -> None:
        """Called after ``entity`` was approved from this admin."""

    @admin.action(
        description="Approve the selected entries (make them public)",
        permissions=["approve"],
    )
    def approve_selected(self, request, queryset) -> None:
        count = 0
        for entity in queryset.awaiting_approval():
            services.approve(entity, by=request.user)
            self.approved(request, entity)
            count += 1
        self.message_user(request, f"{count} approved.", messages.SUCCESS)

    def delete_model(self, request, obj) -> None:
        services.delete_entity(obj)

    def delete_queryset(self, request, queryset) -> None:
        for entity in queryset:
            services.delete_entity(entity)


@admin.register(Person)
class PersonAdmin(EntityAdmin):
    form = PersonForm
    list_display = ["name", "kind", "slug", "approval", "created_at"]
    list_filter = [ApprovalFilter, "kind"]
    search_fields = ["name", "slug", "aliases"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["headshot"]
    readonly_fields = ["headshot_preview"]
    inlines = [ExternalIdInline]
    list_select_related = ["approved_by"]
    show_full_result_count = False

    @admin.display(description="Headshot preview")
    def headshot_preview(self, obj: Person) -> str:
        return obj.headshot.thumbnail_html() if obj.headshot else NO_IMAGE


@admin.register(Work)
class WorkAdmin(EntityAdmin):
    form = WorkForm
    list_display = ["name", "kind", "disambiguation", "year", "part_of", "approval"]
    list_filter = [ApprovalFilter, "kind", "year"]
    list_select_related = ["part_of", "approved_by"]
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


# Staff profiles ----------------------------------------------------------------


@admin.register(StaffProfile)
class StaffProfileAdmin(CheckedAutocompleteMixin, admin.ModelAdmin):
    """Which person each login is: editors link reporters to their bylines."""

    list_display = ["user", "person"]
    list_select_related = ["user", "person"]
    search_fields = ["user__username", "person__name"]
    autocomplete_fields = ["person"]


class StaffProfileInline(CheckedAutocompleteMixin, admin.StackedInline):
    model = StaffProfile
    autocomplete_fields = ["person"]
    can_delete = True
    verbose_name = "person in bylines"


# The user admin, with the person each login is.
_User = get_user_model()
admin.site.unregister(_User)


@admin.register(_User)
class StaffUserAdmin(UserAdmin):
    inlines = [*UserAdmin.inlines, StaffProfileInline]
