"""WordPress post content as a story body."""

import contextlib
import time

import pytest

from articles.body import BodyError
from importer.wpcontent import autop, strip_block_comments, to_body

YOUTUBE = '<figure data-embed-id="dQw4w9WgXcQ" data-embed-provider="youtube"></figure>'


def test_blank_lines_make_paragraphs_and_single_line_ends_breaks():
    assert autop("First line\nsecond line\n\nSecond paragraph\n") == (
        "<p>First line<br />\nsecond line</p>\n<p>Second paragraph</p>\n"
    )


def test_block_elements_are_not_wrapped_in_paragraphs():
    assert autop("Intro\n<ul><li>one</li></ul>\nOutro") == (
        "<p>Intro</p>\n<ul>\n<li>one</li>\n</ul>\n<p>Outro</p>\n"
    )


def test_preformatted_text_keeps_its_blank_lines():
    assert autop("<pre>a\n\nb</pre>") == "<pre>a\n\nb</pre>\n"


def test_classic_content_becomes_paragraphs_in_the_schema():
    converted = to_body("One <b>bold</b> line\n\nTwo\nthree")

    assert (
        converted.body == "<p>One <strong>bold</strong> line</p><p>Two</p><p>three</p>"
    )
    assert converted.warnings == []


def test_unsafe_markup_is_removed():
    converted = to_body(
        '<p onclick="steal()">Hi<script>alert(1)</script></p>'
        '<a href="javascript:alert(1)">click</a> '
        '<a href="https://example.com/" style="x">safe</a>'
    )

    assert converted.body == (
        '<p>Hi</p><p>click <a href="https://example.com/">safe</a></p>'
    )


def test_iframe_from_an_unknown_host_is_dropped_with_a_warning():
    converted = to_body('Before<iframe src="https://evil.example/x"></iframe> after')

    assert converted.body == "<p>Before after</p>"
    assert converted.warnings == ["embedded frame dropped (https://evil.example/x)"]


def test_iframe_of_a_known_provider_becomes_an_embed():
    converted = to_body(
        '<iframe width="560" src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'
    )

    assert converted.body == YOUTUBE


def test_bare_embed_url_on_its_own_line_becomes_an_embed():
    converted = to_body("Watch:\n\nhttps://youtu.be/dQw4w9WgXcQ\n\nThat was it.")

    assert converted.body == f"<p>Watch:</p>{YOUTUBE}<p>That was it.</p>"


def test_url_inside_a_sentence_or_of_unknown_site_stays_text():
    converted = to_body(
        "See https://youtu.be/dQw4w9WgXcQ now\n\nhttps://old.example/page"
    )

    assert converted.body == (
        "<p>See https://youtu.be/dQw4w9WgXcQ now</p><p>https://old.example/page</p>"
    )


def test_gutenberg_block_comments_go_and_their_content_stays():
    content = (
        '<!-- wp:heading {"level":2} -->\n<h2>Head</h2>\n<!-- /wp:heading -->\n\n'
        "<!-- wp:paragraph -->\n<p>Para</p>\n<!-- /wp:paragraph -->\n"
        "<!-- wp:separator /-->"
    )

    assert strip_block_comments(content) == "\n<h2>Head</h2>\n\n\n\n<p>Para</p>\n\n"
    assert to_body(content).body == "<h2>Head</h2><p>Para</p>"


def test_gutenberg_embed_and_image_blocks():
    content = (
        '<!-- wp:embed {"url":"https://youtu.be/dQw4w9WgXcQ"} -->\n'
        '<figure class="wp-block-embed is-type-video"><div '
        'class="wp-block-embed__wrapper">\nhttps://youtu.be/dQw4w9WgXcQ\n</div>'
        "</figure>\n<!-- /wp:embed -->\n"
        '<!-- wp:image {"id":5} -->\n<figure class="wp-block-image"><img '
        'src="https://old.example/z.jpg" alt=""/><figcaption>On stage</figcaption>'
        "</figure>\n<!-- /wp:image -->"
    )

    converted = to_body(content)

    assert converted.body == (
        f'{YOUTUBE}<figure data-photo-caption="On stage"></figure>'
    )
    assert converted.warnings == [
        "image not imported (https://old.example/z.jpg): add it to the image "
        "library; its caption is kept as a photo to come"
    ]


def test_media_shortcodes_in_content():
    converted = to_body(
        '[caption id="attachment_1" width="300"]<img src="http://old.example/a.jpg">'
        " A caption[/caption]\n\n"
        "[embed]https://vimeo.com/76979871[/embed]\n\n"
        '[gallery ids="3,4"]\n\nText [unknown_thing]kept[/unknown_thing]'
    )

    assert converted.body == (
        '<figure data-photo-caption="A caption"></figure>'
        '<figure data-embed-id="76979871" data-embed-provider="vimeo"></figure>'
        "<p>Text kept</p>"
    )
    assert converted.warnings == [
        "image not imported (http://old.example/a.jpg): add it to the image "
        "library; its caption is kept as a photo to come",
        "[gallery] of attachments 3,4 not imported: attachments are not in the "
        "image library",
        "unknown shortcode [unknown_thing] unwrapped, its text kept",
    ]


def test_image_outside_a_caption_is_dropped_with_a_warning():
    converted = to_body('Text <img src="http://old.example/b.png" alt="b"> more')

    assert converted.body == "<p>Text  more</p>"
    assert converted.warnings == [
        "image not imported (http://old.example/b.png): add it to the image library"
    ]


def test_a_body_with_a_nul_character_is_refused():
    with pytest.raises(BodyError):
        to_body("a\x00b")


def test_content_far_longer_than_any_body_is_refused_before_conversion():
    with pytest.raises(BodyError):
        to_body("x" * 2_000_001)


@pytest.mark.parametrize(
    "hostile",
    [
        "<!-- wp:a {" * 40_000,
        "<!--" * 100_000 + "-->",
        "<figure>" * 100_000,
        "<pre>" * 100_000,
        "<div" * 100_000,
        "<iframe" * 100_000,
        "a" + " " * 400_000 + "b\nc",
        "<img" * 100_000,
        "<figure><div class='wp-block-embed__wrapper'" * 30_000,
        "[caption]<img " * 50_000,
    ],
    ids=range(10),
)
def test_hostile_content_takes_linear_time(hostile):
    started = time.perf_counter()
    with contextlib.suppress(BodyError):
        to_body(hostile)
    assert time.perf_counter() - started < 5
