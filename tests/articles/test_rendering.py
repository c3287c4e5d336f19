"""articles.rendering: the reader's HTML is made when an article is saved,
and made again only when something it shows changes.

The first half checks what ``render`` makes of a body; the second walks each
thing a rendered body depends on (a person, a work, an image, a linked
article), changes it through the code editors use, and checks that a reader
who had the page cached gets the new one.
"""

import pytest
from django.contrib.auth import get_user_model

from articles import body as body_module
from articles import rendering
from articles.models import Status
from articles.workflow import transitions
from images.services import describe_image, replace_image_file, store_image
from people.linking import Linker
from people.models import Work, WorkKind
from people.services import delete_entity, save_entity
from tests.builders.articles import make_article, tag
from tests.builders.images import jpeg, upload
from tests.builders.pagecache import cached, read
from tests.builders.people import make_person
from tests.builders.users import make_user

YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.fixture
def picture_desk(db):
    user = make_user("picture-desk", "Editor")
    return get_user_model().objects.get(pk=user.pk)  # fresh permission cache


@pytest.fixture
def photo(media_root, picture_desk):
    return store_image(
        upload(jpeg()),
        by=picture_desk,
        alt_text="The band on stage",
        caption="The first night of the tour.",
        credit="Photo: Desk Archive",
    )


# --- What render makes ------------------------------------------------------------


def test_first_mention_of_each_tagged_person_is_linked_once(db):
    rita = make_person("Rita Gold")
    article = tag(
        make_article(body="Rita Gold sang first.\n\nRita Gold sang again."),
        people=[rita],
    )

    html = article.body_html

    link = f'<a href="{rita.get_absolute_url()}">Rita Gold</a>'
    assert html.count(link) == 1
    assert html.index(link) < html.index("sang first")


def test_reference_renders_the_current_address_external_links_get_noopener(db):
    rita = make_person("Rita Gold")
    article = make_article(
        body=f'<p><a data-ref="person:{rita.pk}">The singer</a> told '
        '<a href="https://example.com/interview">the paper</a>.</p>'
    )

    assert f'<a href="{rita.get_absolute_url()}">The singer</a>' in article.body_html
    assert (
        '<a href="https://example.com/interview" rel="noopener">the paper</a>'
        in article.body_html
    )
    assert "data-ref" not in article.body_html


def test_link_to_an_article_readers_cannot_see_keeps_only_its_words(db):
    draft = make_article("Not yet", status=Status.DRAFT)
    article = make_article(
        body=f'<p>See <a data-ref="article:{draft.pk}">the next story</a>.</p>'
    )

    assert "<p>See the next story.</p>" in article.body_html
    assert draft.slug not in article.body_html


def test_inline_figure_shows_the_librarys_renditions_caption_and_credit(photo):
    article = make_article(
        body=f'<p>Opening night.</p><figure data-image="{photo.pk}"></figure>'
    )

    html = article.body_html
    assert 'alt="The band on stage"' in html
    assert "The first night of the tour." in html
    assert "Photo: Desk Archive" in html
    assert 'srcset="' in html and 'width="' in html and 'height="' in html
    # Below the first paragraph: fetched only when the reader gets near it.
    assert 'loading="lazy"' in html


def test_the_editors_preview_of_a_figure_has_the_thumbnails_size(photo):
    """The editor keeps the preview's place before the thumbnail loads, so
    the caret below a figure does not jump down the page once it shows."""
    body = f'<p>Opening night.</p><figure data-image="{photo.pk}"></figure>'
    thumbnail = photo.thumbnail()

    editing = rendering.for_editing(body)

    assert (
        f'<figure data-image="{photo.pk}"><img alt="The band on stage" '
        f'height="{thumbnail.height}" src="{thumbnail.file.url}" '
        f'width="{thumbnail.width}">'
    ) in editing
    assert "<figcaption>The first night of the tour. — Photo: Desk Archive" in editing
    assert body_module.clean(editing) == body


def test_figure_at_the_top_of_a_story_without_lead_image_loads_at_once(photo):
    article = make_article(
        body=f'<figure data-image="{photo.pk}"></figure><p>Opening night.</p>'
    )

    assert 'loading="eager"' in article.body_html


def test_a_photo_to_come_is_not_shown_to_readers_but_kept_for_the_editor(db):
    figure = (
        '<figure data-photo-caption="Kanye West on stage." '
        'data-photo-credit="Jane Doe/AP"></figure>'
    )
    article = make_article(body=f"<p>Opening night.</p>{figure}<p>Encore.</p>")

    assert figure in article.body
    assert article.body_html == "<p>Opening night.</p><p>Encore.</p>"
    assert rendering.for_editing(article.body) == article.body
    assert rendering.figure_problems(article.body) == []


def test_embed_is_a_privacy_friendly_frame_with_a_title_and_a_plain_link(db):
    article = make_article(body=f'<figure data-embed-url="{YOUTUBE}"></figure>')

    html = article.body_html
    assert 'src="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"' in html
    assert 'title="YouTube embed"' in html
    assert f'<a href="{YOUTUBE}" rel="noopener">' in html
    assert "www.youtube.com/embed" not in html


def test_feeds_carry_the_embeds_link_not_its_frame_and_absolute_addresses(
    photo, settings
):
    settings.NEWSROOM_BASE_URL = "https://news.example"
    rita = make_person("Rita Gold")
    article = make_article(
        body=f'<p><a data-ref="person:{rita.pk}">Rita</a></p>'
        f'<figure data-embed-url="{YOUTUBE}"></figure>'
        f'<figure data-image="{photo.pk}"></figure>'
    )

    feed = rendering.for_feeds(article.body_html)

    assert "<iframe" not in feed
    assert f'<a href="{YOUTUBE}" rel="noopener">' in feed
    assert f'href="https://news.example{rita.get_absolute_url()}"' in feed
    assert 'src="https://news.example/media/' in feed
    assert " /media/" not in feed  # every srcset entry is absolute too


def test_text_of_a_render_has_no_markup(db):
    article = make_article(
        body='<h2>Tour</h2><p>It <strong>starts</strong> <a href="https://e.x">today</a>.</p>'
    )

    assert article.body_text == "Tour\n\nIt starts today."


# --- Made once, not per request -----------------------------------------------------


def test_article_page_does_not_render_or_run_the_linker_per_request(
    client, db, monkeypatch
):
    rita = make_person("Rita Gold")
    article = tag(make_article(body="Rita Gold sang."), people=[rita])

    def refuse(*args, **kwargs):
        raise AssertionError("the body was rendered during a request")

    monkeypatch.setattr(rendering, "render", refuse)
    monkeypatch.setattr(Linker, "mentions", refuse)
    monkeypatch.setattr("articles.body.parse", refuse)
    response = client.get(article.get_absolute_url())

    assert response.status_code == 200
    assert f'<a href="{rita.get_absolute_url()}">Rita Gold</a>' in (
        response.content.decode()
    )


def test_a_stale_body_is_rendered_on_the_next_read_only(client, db, monkeypatch):
    article = make_article(body="A story.")
    rendering.mark_stale([article.pk])
    calls = []
    real = rendering.render
    monkeypatch.setattr(rendering, "render", lambda a: calls.append(a.pk) or real(a))

    first = client.get(article.get_absolute_url())
    second = client.get(article.get_absolute_url())

    assert calls == [article.pk]
    assert "<p>A story.</p>" in first.content.decode()
    assert second.content == first.content


def test_saving_new_tags_renders_the_body_again(editor):
    rita = make_person("Rita Gold")
    article = make_article(body="Rita Gold sang.")
    assert "<a " not in article.body_html

    article.person_tags.create(tag=rita)
    transitions.finish_edit(article, by=editor)

    article.refresh_from_db()
    assert f'<a href="{rita.get_absolute_url()}">Rita Gold</a>' in article.body_html


# --- When what it shows changes ---------------------------------------------------


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300


def test_a_renamed_person_reaches_articles_that_tag_or_link_to_them(
    db, django_capture_on_commit_callbacks
):
    rita = make_person("Rita Gold")
    tagged = tag(make_article(body="Rita Gold sang."), people=[rita])
    linking = make_article(body=f'<p><a data-ref="person:{rita.pk}">She</a> sang.</p>')
    cached(tagged.get_absolute_url())
    cached(linking.get_absolute_url())
    old = rita.get_absolute_url()

    with django_capture_on_commit_callbacks(execute=True):
        rita.slug = "rita-golden"
        save_entity(rita)

    for article in (tagged, linking):
        page = read(article.get_absolute_url())
        assert page["X-Page-Cache"] == "miss"
        assert 'href="/people/rita-golden/"' in page.content.decode()
        assert f'href="{old}"' not in page.content.decode()


def test_a_renamed_work_reaches_articles_that_tag_or_link_to_it(
    db, django_capture_on_commit_callbacks
):
    song = Work.objects.create(name="Night Drive", kind=WorkKind.SONG)
    tagged = tag(make_article(body="Night Drive is out."), works=[song])
    linking = make_article(body=f'<p>Hear <a data-ref="work:{song.pk}">it</a>.</p>')
    cached(tagged.get_absolute_url())
    cached(linking.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        song.slug = "night-drive-single"
        save_entity(song)

    new = song.get_absolute_url()
    assert "night-drive-single" in new
    for article in (tagged, linking):
        page = read(article.get_absolute_url())
        assert page["X-Page-Cache"] == "miss"
        assert f'href="{new}"' in page.content.decode()


def test_a_deleted_person_leaves_the_words_of_links_to_them(
    db, django_capture_on_commit_callbacks
):
    rita = make_person("Rita Gold")
    linking = make_article(body=f'<p><a data-ref="person:{rita.pk}">She</a> sang.</p>')
    cached(linking.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        delete_entity(rita)

    page = read(linking.get_absolute_url()).content.decode()
    assert "<p>She sang.</p>" in page


def test_new_alt_text_reaches_articles_that_show_the_image(
    photo, picture_desk, django_capture_on_commit_callbacks
):
    article = make_article(
        body=f'<p>Night.</p><figure data-image="{photo.pk}"></figure>'
    )
    cached(article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        describe_image(
            photo,
            by=picture_desk,
            alt_text="The band bowing",
            decorative=False,
            caption=photo.caption,
            credit=photo.credit,
        )

    page = read(article.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert 'alt="The band bowing"' in page.content.decode()


def test_new_renditions_reach_articles_that_show_the_image(
    photo, picture_desk, django_capture_on_commit_callbacks
):
    article = make_article(
        body=f'<p>Night.</p><figure data-image="{photo.pk}"></figure>'
    )
    old_files = [r.file.url for r in photo.renditions.all()]
    cached(article.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        replace_image_file(photo, upload(jpeg((1200, 900))), by=picture_desk)

    page = read(article.get_absolute_url()).content.decode()
    new_files = [r.file.url for r in photo.renditions.all()]
    assert any(url in page for url in new_files)
    assert not any(url in page for url in old_files)


def test_a_linked_articles_new_address_reaches_articles_that_link_to_it(
    editor, django_capture_on_commit_callbacks
):
    target = make_article("The first review", slug="first-review")
    linking = make_article(
        body=f'<p>Read <a data-ref="article:{target.pk}">our review</a>.</p>'
    )
    cached(linking.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        target.slug = "the-first-review"
        target.save()
        transitions.finish_edit(target, by=editor)

    page = read(linking.get_absolute_url()).content.decode()
    assert f'href="{target.get_absolute_url()}"' in page
    assert "the-first-review" in target.get_absolute_url()


def test_unpublishing_a_linked_article_takes_the_link_away(
    editor, django_capture_on_commit_callbacks
):
    target = make_article("The first review")
    linking = make_article(
        body=f'<p>Read <a data-ref="article:{target.pk}">our review</a>.</p>'
    )
    assert target.get_absolute_url() in cached(linking.get_absolute_url())

    with django_capture_on_commit_callbacks(execute=True):
        transitions.unpublish(target, by=editor, note="Held for legal review.")

    page = read(linking.get_absolute_url()).content.decode()
    assert "<p>Read our review.</p>" in page
    assert target.get_absolute_url() not in page


def test_only_articles_that_show_a_changed_person_are_rendered_again(db):
    rita = make_person("Rita Gold")
    showing = tag(make_article(body="Rita Gold sang."), people=[rita])
    other = make_article(body="Nobody sang.")

    save_entity(rita)

    showing.refresh_from_db()
    other.refresh_from_db()
    assert showing.body_html == ""  # rendered again on its next read
    assert other.body_html == "<p>Nobody sang.</p>"


def test_a_render_overtaken_by_a_change_does_not_store_its_result(db, monkeypatch):
    rita = make_person("Rita Gold")
    article = tag(make_article(body="Rita Gold sang."), people=[rita])
    real = rendering.render

    def slow_render(stored):
        result = real(stored)
        # Meanwhile, Rita's page moves and the article is marked stale.
        rita.slug = "rita-golden"
        save_entity(rita)
        return result

    monkeypatch.setattr(rendering, "render", slow_render)
    rendering.store(article)

    article.refresh_from_db()
    assert article.body_html == ""  # the next read renders the new address


def test_saving_the_body_outside_the_admin_drops_the_old_render(client, db):
    article = make_article(body="The old words.")
    article.body = "<p>The new words.</p>"
    article.save()

    page = client.get(article.get_absolute_url()).content.decode()

    assert "The new words." in page
    assert "The old words." not in page
