"""The public address of an object from its slug, without a ``reverse()`` each.

A public page links to dozens of articles, people, works and topics, and
``reverse()`` walks the URL patterns for every link (about a fifth of an
uncached article page's time in the profile of docs/performance.md). The
address of ``/people/<slug>/`` is the same for every slug but the slug, so it
is reversed once (per URL name, script prefix and URLconf) with a stand-in
slug, and each address is the text around it with the real slug in its
place: the same string ``reverse()`` gives, since a slug that matches the
pattern's ``[-a-zA-Z0-9_]+`` needs no quoting. Any other value goes through
``reverse()`` itself, which raises ``NoReverseMatch`` as before.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# Django's ``slug`` path converter, the whole value.
_SLUG = re.compile(r"[-a-zA-Z0-9_]+")
# A slug no object has (objects' slugs are lowercase).
_STAND_IN = "Slug-Stand-In"

_templates: dict[tuple[str, str, str], tuple[str, str]] = {}


def address(name: str, slug: str) -> str:
    """``reverse(name, kwargs={"slug": slug})``, cheaply."""
    return addresses(name)(slug)


def addresses(name: str) -> Callable[[str], str]:
    """``address`` for many slugs of one URL name, in this request: the script
    prefix and URLconf are looked up once (a sitemap writes thousands)."""
    before, after = _around(name)

    def address_of(slug: str) -> str:
        if not isinstance(slug, str) or not _SLUG.fullmatch(slug):
            return reverse(name, kwargs={"slug": slug})
        return f"{before}{slug}{after}"

    return address_of


def _around(name: str) -> tuple[str, str]:
    """The address of ``name`` before and after the slug, as things are now."""
    key = (name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)
    around = _templates.get(key)
    if around is None:
        before, _, after = reverse(name, kwargs={"slug": _STAND_IN}).rpartition(
            _STAND_IN
        )
        around = _templates[key] = (before, after)
    return around


def public_address(name: str) -> Callable[[object], str]:
    """A ``get_absolute_url`` for ``ABSOLUTE_URL_OVERRIDES``: the public page
    ``public:<name>`` of the object's slug."""
    url_name = f"public:{name}"

    def get_absolute_url(obj) -> str:
        return address(url_name, obj.slug)

    return get_absolute_url
