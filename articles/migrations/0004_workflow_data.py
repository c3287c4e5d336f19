"""The two editorial roles as groups with their model permissions.

Object-level rules (a reporter edits only their own drafts) live in the admin
and in articles.workflow; these are the model-level powers underneath them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

REPORTER = {
    "articles": {
        "article": ["add", "change", "view", "delete"],
        # Bylines and tags are edited inline on the reporter's own drafts; the
        # admin refuses them on anything else.
        "byline": ["add", "change", "view", "delete"],
        "correction": ["view"],
        "topic": ["view"],
        "taggedperson": ["add", "change", "view", "delete"],
        "taggedwork": ["add", "change", "view", "delete"],
        "taggedtopic": ["add", "change", "view", "delete"],
    },
    "people": {"person": ["view"], "work": ["view"]},
    # Reporters upload the pictures for their own stories.
    "images": {"image": ["add", "change", "view"], "rendition": ["view"]},
}

EDITOR = {
    "articles": {
        "article": ["add", "change", "view", "delete", "review"],
        "byline": ["add", "change", "view", "delete"],
        "correction": ["add", "change", "view", "delete"],
        "topic": ["add", "change", "view"],
        "taggedperson": ["add", "change", "view", "delete"],
        "taggedwork": ["add", "change", "view", "delete"],
        "taggedtopic": ["add", "change", "view", "delete"],
        "activity": ["view"],
        "sharelink": ["view"],
    },
    "people": {"person": ["add", "change", "view"], "work": ["add", "change", "view"]},
    "images": {"image": ["add", "change", "view", "delete"], "rendition": ["view"]},
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations have run; the
    # groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, powers in (("Reporter", REPORTER), ("Editor", EDITOR)):
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [
            (app, f"{verb}_{model}")
            for app, models in powers.items()
            for model, verbs in models.items()
            for verb in verbs
        ]
        permissions = [
            Permission.objects.get(content_type__app_label=app, codename=codename)
            for app, codename in codenames
        ]
        group.permissions.set(permissions)


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(
        name__in=["Reporter", "Editor"]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0003_workflow"),
        ("people", "0001_initial"),
        ("images", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
