"""Each person's own notices: the list, opening one, marking them read."""

from django.contrib import admin, messages
from django.http import HttpResponseRedirect
from django.urls import path, reverse
from django.utils.html import format_html
from django.views.decorators.http import require_POST

from notifications import services
from notifications.models import Notification


def _staff(request) -> bool:
    return request.user.is_active and request.user.is_staff


class ReadFilter(admin.SimpleListFilter):
    title = "read or not"
    parameter_name = "read"

    def lookups(self, request, model_admin):
        return [("no", "Unread"), ("yes", "Read")]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(read_at=None)
        if self.value() == "yes":
            return queryset.exclude(read_at=None)
        return queryset


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["notice", "created_at", "read"]
    list_display_links = None
    list_filter = [ReadFilter]
    actions = ["mark_selected_read"]
    show_full_result_count = False

    # Everyone in the newsroom sees their own notices and no one else's;
    # nobody writes them by hand.

    def get_queryset(self, request):
        return super().get_queryset(request).filter(recipient=request.user)

    def has_module_permission(self, request) -> bool:
        return _staff(request)

    def has_view_permission(self, request, obj=None) -> bool:
        return _staff(request) and (obj is None or obj.recipient_id == request.user.pk)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description="notice")
    def notice(self, obj: Notification) -> str:
        url = reverse("admin:notifications_notification_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.text)

    @admin.display(description="read", boolean=True)
    def read(self, obj: Notification) -> bool:
        return obj.read_at is not None

    @admin.action(description="Mark the selected notices read")
    def mark_selected_read(self, request, queryset) -> None:
        services.mark_read(queryset)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """Opening a notice marks it read and shows its article."""
        notice = self.get_object(request, object_id)
        if notice is None or not self.has_view_permission(request, notice):
            return self._get_obj_does_not_exist_redirect(request, self.opts, object_id)
        services.mark_read(Notification.objects.filter(pk=notice.pk))
        return HttpResponseRedirect(notice.get_absolute_url())

    def get_urls(self):
        read_all = path(
            "read-all/",
            self.admin_site.admin_view(require_POST(self.read_all_view)),
            name="notifications_notification_read_all",
        )
        return [read_all, *super().get_urls()]

    def read_all_view(self, request):
        if not _staff(request):
            return HttpResponseRedirect(reverse("admin:index"))
        count = services.mark_read(self.get_queryset(request))
        messages.success(request, f"{count} notice(s) marked read.")
        return HttpResponseRedirect(
            reverse("admin:notifications_notification_changelist")
        )
