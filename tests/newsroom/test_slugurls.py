"""Public addresses from slugs (``newsroom.slugurls``): the same strings as
``reverse()``, whatever the script prefix or URLconf."""

import pytest
from django.test import override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from newsroom.slugurls import address, addresses

NAMES = [
    "public:article_detail",
    "public:person_detail",
    "public:work_detail",
    "public:topic_detail",
    "public:article_changes",
]


@pytest.mark.parametrize("name", NAMES)
@pytest.mark.parametrize("slug", ["kanye-west", "a", "2009", "under_score", "Upper"])
def test_address_is_what_reverse_gives(name, slug):
    assert address(name, slug) == reverse(name, kwargs={"slug": slug})


@pytest.mark.parametrize("name", NAMES)
def test_addresses_of_many_slugs_are_what_reverse_gives(name):
    address_of = addresses(name)

    for slug in ["kanye-west", "2009", "Upper"]:
        assert address_of(slug) == reverse(name, kwargs={"slug": slug})
    with pytest.raises(NoReverseMatch):
        address_of("has space")


def test_address_follows_the_script_prefix():
    try:
        set_script_prefix("/news/")
        assert address("public:person_detail", "kanye-west") == (
            "/news/people/kanye-west/"
        )
    finally:
        set_script_prefix("/")
    assert address("public:person_detail", "kanye-west") == "/people/kanye-west/"


@override_settings(ROOT_URLCONF="tests.newsroom.slugurls_urls")
def test_address_follows_the_urlconf():
    assert address("public:person_detail", "kanye-west") == "/elsewhere/kanye-west/"


@pytest.mark.parametrize("slug", ["", "has space", "ü-umlaut", "a/b"])
def test_a_value_no_slug_pattern_takes_is_refused_as_reverse_refuses_it(slug):
    with pytest.raises(NoReverseMatch):
        address("public:person_detail", slug)


def test_a_value_that_is_not_a_string_goes_through_reverse():
    assert address("public:person_detail", 42) == "/people/42/"


def test_models_use_it(db):
    from tests.builders.people import make_person

    person = make_person("Kanye West")

    assert person.get_absolute_url() == reverse(
        "public:person_detail", kwargs={"slug": person.slug}
    )
