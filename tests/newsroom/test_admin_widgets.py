"""newsroom.admin_widgets: a tampered autocomplete value is a form error."""

from django.contrib import admin

from newsroom.admin_widgets import CheckedAutocompleteMixin


def test_every_admin_with_autocomplete_fields_checks_posted_keys():
    unchecked = []
    for model_admin in admin.site._registry.values():
        for cls in (type(model_admin), *model_admin.inlines):
            if cls.autocomplete_fields and not issubclass(
                cls, CheckedAutocompleteMixin
            ):
                unchecked.append(cls.__name__)

    assert unchecked == []
