from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.core import checks

from newsroom.pagecache import shared_cache_problem
from newsroom.serving import worker_count


class NewsroomConfig(AppConfig):
    name = "newsroom"

    def ready(self) -> None:
        checks.register(check_shared_page_cache, checks.Tags.caches, deploy=True)


class AdminConfig(admin_apps.AdminConfig):
    """``django.contrib.admin`` with ``NewsroomAdminSite`` as ``admin.site``
    (``newsroom/admin_site.py``)."""

    # Not the configuration of the "newsroom" app, which is NewsroomConfig
    # (and Django's class is imported as a module attribute for the same
    # reason: a class in this namespace would be taken for it).
    default = False
    default_site = "newsroom.admin_site.NewsroomAdminSite"


def check_shared_page_cache(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """``check --deploy``: production runs several workers (``WEB_CONCURRENCY``,
    2 by default), which need one shared page cache."""
    problem = shared_cache_problem(workers=worker_count())
    if problem is None:
        return []
    return [checks.Warning(problem, id="newsroom.W001")]
