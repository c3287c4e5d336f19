"""The newsroom's time zone (``TIME_ZONE``, from NEWSROOM_TIME_ZONE) as
editors read it next to every time they set or see."""

from __future__ import annotations

from datetime import datetime

from django.utils import timezone


def zone_label(at: datetime | None = None) -> str:
    """The zone's name and its abbreviation at ``at`` (now by default), as
    "America/New_York (EST)"."""
    zone = timezone.get_current_timezone()
    local = timezone.localtime(at or timezone.now(), zone)
    return f"{zone.key} ({local.tzname()})"


def local_time(at: datetime) -> str:
    """``at`` in the newsroom's zone, with the zone: "2026-03-01 07:00 EST"."""
    local = timezone.localtime(at)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname()}"
