from django.contrib import admin

from importer.models import OldAddress
from newsroom.admin_widgets import CheckedAutocompleteMixin


@admin.register(OldAddress)
class OldAddressAdmin(CheckedAutocompleteMixin, admin.ModelAdmin):
    """The old site's addresses: an editor can see where one leads, point it
    at another article, or delete it (it then answers 404)."""

    list_display = ["path", "article"]
    list_select_related = ["article"]
    search_fields = ["path", "article__headline"]
    autocomplete_fields = ["article"]
