"""The body editor's widget: what the article form offers reporters, and what
it asks the browser to load. How it behaves in a browser is tested in
tests/system/test_browser_editor.py."""

import json

from lxml import html as lxml_html

from articles import embeds
from articles.admin import ArticleForm
from articles.widgets import BodyWidget
from tests.builders.users import logged_in


def editor_config(widget: BodyWidget) -> dict:
    textarea = lxml_html.fromstring(widget.render("body", "<p>Text</p>"))
    return json.loads(textarea.get("data-django-prose-editor-configurable"))


def test_body_widget_offers_exactly_what_the_body_may_hold():
    config = editor_config(BodyWidget())

    extensions = config["extensions"]
    assert sorted(extensions) == [
        "AdminField",
        "Blockquote",
        "Bold",
        "BulletList",
        "CleanPaste",
        "Document",
        "Dropcursor",
        "Embed",
        "Gapcursor",
        "Heading",
        "History",
        "Italic",
        "LibraryImage",
        "Link",
        "ListItem",
        "Menu",
        "OrderedList",
        "Paragraph",
        "PhotoToCome",
        "PullQuote",
        "Text",
    ]
    assert extensions["Heading"] == {"levels": [2, 3]}
    assert extensions["Link"] == {
        "protocols": ["http", "https", "mailto"],
        "enableTarget": False,
    }
    assert extensions["LibraryImage"] == {
        "searchUrl": "/editorial/images/",
        "uploadUrl": "/editorial/images/upload/",
    }


def test_body_widget_loads_the_newsrooms_extensions_from_static_files():
    config = editor_config(BodyWidget())

    assert config["js_modules"] == [
        "/static/articles/editor/link.js",
        "/static/articles/editor/lists.js",
        "/static/articles/editor/quotes.js",
        "/static/articles/editor/image.js",
        "/static/articles/editor/embed.js",
        "/static/articles/editor/paste.js",
        "/static/articles/editor/field.js",
    ]


def test_body_widget_checks_embeds_against_the_supported_providers():
    providers = editor_config(BodyWidget())["extensions"]["Embed"]["providers"]

    assert [provider["key"] for provider in providers] == [
        provider.key for provider in embeds.PROVIDERS
    ]
    assert [provider["name"] for provider in providers] == [
        "YouTube",
        "Vimeo",
        "TikTok",
        "Instagram",
        "X (Twitter)",
        "Spotify",
        "Apple Music",
        "SoundCloud",
    ]
    assert sorted(host for provider in providers for host in provider["hosts"]) == [
        "instagram.com",
        "music.apple.com",
        "open.spotify.com",
        "soundcloud.com",
        "tiktok.com",
        "twitter.com",
        "vimeo.com",
        "x.com",
        "youtu.be",
        "youtube.com",
    ]


def test_body_widget_media_is_one_import_map_and_files():
    rendered = str(BodyWidget().media)
    tree = lxml_html.fromstring(f"<div>{rendered}</div>")

    (importmap,) = tree.xpath("//script[@type='importmap']")
    assert json.loads(importmap.text) == {
        "imports": {
            "django-prose-editor/editor": "/static/django_prose_editor/editor.js",
            "django-prose-editor/configurable": (
                "/static/django_prose_editor/configurable.js"
            ),
            "articles/editor/common": "/static/articles/editor/common.js",
        }
    }
    assert tree.xpath("//script[not(@src)]") == [importmap]
    assert tree.xpath("//link/@href")[-1] == "/static/articles/editor/editor.css"


def test_article_form_edits_the_body_with_the_body_widget():
    assert isinstance(ArticleForm().fields["body"].widget, BodyWidget)


def test_article_add_page_shows_the_editor_with_a_nonce_on_its_import_map(
    reporter,
):
    response = logged_in(reporter).get("/admin/articles/article/add/")

    tree = lxml_html.fromstring(response.content.decode())
    (textarea,) = tree.xpath("//textarea[@name='body']")
    (importmap,) = tree.xpath("//script[@type='importmap']")
    nonce = importmap.get("nonce")
    assert "data-django-prose-editor-configurable" in textarea.attrib
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
