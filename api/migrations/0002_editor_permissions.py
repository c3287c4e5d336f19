"""Editors make, rename, re-rate and revoke partner API keys; reporters get
nothing. Nobody deletes a key (the admin offers revoke instead), so no
delete permission is given."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR_CODENAMES = ["add_apikey", "change_apikey", "view_apikey"]


def grant_editors(apps, schema_editor):
    # Permissions are normally created after all migrations have run.
    app_config = apps.get_app_config("api")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editors, _ = Group.objects.get_or_create(name="Editor")
    editors.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="api", codename__in=EDITOR_CODENAMES
        )
    )


def revoke_editors(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name="Editor"):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="api", codename__in=EDITOR_CODENAMES
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("api", "0001_apikey"),
        ("articles", "0004_workflow_data"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant_editors, revoke_editors)]
