"""Reporters may add people and works (an editor approves them) and change
them until approved; editors approve them and link logins to people (staff
profiles). The object-level rules are in ``people.admin``."""

from django.contrib.auth.management import create_permissions
from django.db import migrations, models

REPORTER_CODENAMES = ["add_person", "change_person", "add_work", "change_work"]
EDITOR_CODENAMES = [
    "approve_person",
    "approve_work",
    "add_staffprofile",
    "change_staffprofile",
    "view_staffprofile",
    "delete_staffprofile",
]


def _permissions(apps, codenames):
    Permission = apps.get_model("auth", "Permission")
    return Permission.objects.filter(
        content_type__app_label="people", codename__in=codenames
    )


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations have run.
    app_config = apps.get_app_config("people")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    for name, codenames in (
        ("Reporter", REPORTER_CODENAMES),
        ("Editor", EDITOR_CODENAMES),
    ):
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(*_permissions(apps, codenames))


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name, codenames in (
        ("Reporter", REPORTER_CODENAMES),
        ("Editor", EDITOR_CODENAMES),
    ):
        for group in Group.objects.filter(name=name):
            group.permissions.remove(*_permissions(apps, codenames))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0016_import_dateline_byline_title"),
        ("people", "0005_profiles_and_approval"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="activity",
            name="action",
            field=models.CharField(
                choices=[
                    ("created", "created"),
                    ("submitted", "submitted for review"),
                    ("changes_requested", "requested changes to"),
                    ("approved", "approved"),
                    ("published", "published"),
                    ("scheduled", "scheduled"),
                    ("unpublished", "unpublished"),
                    ("retracted", "retracted"),
                    ("corrected", "changed the published text of"),
                    ("note_added", "added a public note to"),
                    ("correction_edited", "edited a published note on"),
                    ("correction_deleted", "deleted a published note on"),
                    ("restored", "restored an earlier revision of"),
                    ("shared", "made a share link for"),
                    ("share_revoked", "revoked a share link for"),
                    ("deleted", "deleted"),
                    ("imported", "ran an import"),
                    ("image_changed", "changed the lead image of"),
                    ("entity_approved", "approved the new entry"),
                ],
                max_length=30,
            ),
        ),
        migrations.RunPython(grant, revoke),
    ]
