"""Admin widgets every app's admin uses.

Django's ``AutocompleteSelect`` looks up the posted value when it shows a
form again, and a value that is not a key of the model (``"abc"`` for an
integer id, from a tampered or broken form) makes that lookup raise: the
editor gets a server error instead of the form's own "Select a valid
choice". ``CheckedAutocompleteMixin`` gives a model admin or inline a widget
that leaves such values out of the lookup; the form's field still refuses
them with its message.
"""

from django.contrib.admin.widgets import AutocompleteSelect, AutocompleteSelectMultiple
from django.core.exceptions import ValidationError


class _CheckedKeys:
    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        key = remote.model._meta.get_field(
            getattr(remote, "field_name", None) or remote.model._meta.pk.name
        )
        keys = []
        for item in value:
            try:
                key.to_python(item)
            except ValidationError:
                continue
            keys.append(item)
        return super().optgroups(name, keys, attr)


class CheckedAutocompleteSelect(_CheckedKeys, AutocompleteSelect):
    pass


class CheckedAutocompleteSelectMultiple(_CheckedKeys, AutocompleteSelectMultiple):
    """The same for a multi-select search (the article's tag pickers).

    Without Select2's "clear all" button: each chip has its own ×, and with
    it Backspace in a closed picker removed every chip at once instead of
    the last one.
    """

    def build_attrs(self, base_attrs, extra_attrs=None):
        attrs = super().build_attrs(base_attrs, extra_attrs=extra_attrs)
        attrs["data-allow-clear"] = "false"
        return attrs


class CheckedAutocompleteMixin:
    """For a ``ModelAdmin`` or an inline with ``autocomplete_fields``."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(
            request
        ):
            kwargs["widget"] = CheckedAutocompleteSelect(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
