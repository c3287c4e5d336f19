from django.contrib.admin import apps as admin_apps


class AdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with ``NewsroomAdminSite`` as ``admin.site``
    (``newsroom/admin_site.py``)."""

    # Not the configuration of the "newsroom" app itself, which stays plain
    # (and Django's class is imported as a module attribute for the same
    # reason: a class in this namespace would be taken for it).
    default = False
    default_site = "newsroom.admin_site.NewsroomAdminSite"
