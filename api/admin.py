"""Partner API keys in the admin, for editors (api/migrations/0002 gives the
Editor group add, change and view; reporters get nothing).

Adding a key shows the raw key once, on the page that answers the save: it
is not put in a message, a log entry or anywhere it could be read again.
Keys are revoked, never deleted, so that the record stays.
"""

from __future__ import annotations

from django.contrib import admin, messages
from django.template.response import TemplateResponse

from api import keys
from api.models import ApiKey
from newsroom.pagecache import mark_private


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "prefix",
        "rate_per_minute",
        "created_at",
        "created_by",
        "revoked_at",
        "last_used_at",
    ]
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["created_by"]
    search_fields = ["name", "prefix"]
    fields = [
        "name",
        "rate_per_minute",
        "prefix",
        "created_by",
        "created_at",
        "revoked_at",
        "last_used_at",
    ]
    readonly_fields = [
        "prefix",
        "created_by",
        "created_at",
        "revoked_at",
        "last_used_at",
    ]
    actions = ["revoke_selected"]

    def get_fields(self, request, obj=None):
        # A new key has only a name and a rate; the rest is made on saving.
        return ["name", "rate_per_minute"] if obj is None else self.fields

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        if change:
            obj.save(update_fields=["name", "rate_per_minute"])
            return
        key, raw = keys.create_key(
            name=obj.name, rate_per_minute=obj.rate_per_minute, by=request.user
        )
        # The admin goes on with ``obj`` (its history entry, the response):
        # make it the saved key. The raw key lives on the request only, for
        # the page that shows it.
        for field in ApiKey._meta.concrete_fields:
            setattr(obj, field.attname, getattr(key, field.attname))
        obj._state.adding = False
        request._api_raw_key = raw

    def response_add(self, request, obj, post_url_continue=None):
        raw = getattr(request, "_api_raw_key", None)
        if raw is None:
            return super().response_add(request, obj, post_url_continue)
        response = TemplateResponse(
            request,
            "api/admin/key_created.html",
            {
                **self.admin_site.each_context(request),
                "title": "API key made",
                "key": obj,
                "raw_key": raw,
                "opts": self.opts,
            },
        )
        return mark_private(response)

    @admin.action(description="Revoke the selected API keys", permissions=["change"])
    def revoke_selected(self, request, queryset) -> None:
        revoked = 0
        for key in queryset.filter(revoked_at=None):
            keys.revoke_key(key, by=request.user)
            # Who revoked it, in the key's history.
            self.log_change(request, key, "Revoked.")
            revoked += 1
        self.message_user(
            request,
            f"Revoked {revoked} API key(s). They stop working at once.",
            messages.SUCCESS,
        )
