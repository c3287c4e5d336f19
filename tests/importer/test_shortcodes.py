"""Shortcodes of other systems: media ones mapped, unknown ones unwrapped."""

import time

from importer.shortcodes import expand, media_html, parse_attributes


def test_attributes_are_read_as_wordpress_reads_them():
    attrs = parse_attributes(""" id="a 1" align='left' width=300 "quoted" bare""")

    assert attrs == {
        "id": "a 1",
        "align": "left",
        "width": "300",
        "0": "quoted",
        "1": "bare",
    }


def test_caption_keeps_its_words_and_warns_about_the_image():
    warnings = []

    html = media_html(
        "caption",
        {"id": "attachment_5", "width": "300"},
        '<a href="http://old.example/x.jpg"><img src="http://old.example/x.jpg" '
        'alt="" /></a> The band on stage',
        warnings=warnings,
    )

    assert html == '<figure data-photo-caption="The band on stage"></figure>'
    assert warnings == [
        "image not imported (http://old.example/x.jpg): add it to the image "
        "library; its caption is kept as a photo to come"
    ]


def test_old_caption_attribute_is_used_when_the_inner_text_has_no_words():
    html = media_html(
        "caption", {"caption": "Old-style words"}, '<img src="http://o/x.jpg">'
    )

    assert html == '<figure data-photo-caption="Old-style words"></figure>'


def test_caption_text_is_escaped():
    html = media_html("caption", {}, '<img src="x"> a &lt;b&gt; c')

    assert html == '<figure data-photo-caption="a &lt;b&gt; c"></figure>'


def test_embed_of_a_known_provider_becomes_an_embed_figure():
    warnings = []

    html = media_html("embed", {}, "https://youtu.be/dQw4w9WgXcQ", warnings=warnings)

    assert html == (
        '<figure data-embed-url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"></figure>'
    )
    assert warnings == []


def test_video_file_elsewhere_becomes_a_link_with_a_warning():
    warnings = []

    html = media_html(
        "video", {"mp4": "https://old.example/clip.mp4"}, "", warnings=warnings
    )

    assert html == (
        '<p><a href="https://old.example/clip.mp4">https://old.example/clip.mp4</a></p>'
    )
    assert warnings == [
        "[video] https://old.example/clip.mp4 is not from a known embed provider: "
        "linked"
    ]


def test_audio_from_a_known_provider_becomes_an_embed():
    html = media_html(
        "audio", {"src": "https://soundcloud.com/artist-name/track-name"}, ""
    )

    assert html == (
        '<figure data-embed-url="https://soundcloud.com/artist-name/track-name">'
        "</figure>"
    )


def test_gallery_keeps_nothing_and_names_its_attachments():
    warnings = []

    html = media_html("gallery", {"ids": "4,5,6"}, "", warnings=warnings)

    assert html == ""
    assert warnings == [
        "[gallery] of attachments 4,5,6 not imported: attachments are not in the "
        "image library"
    ]


def test_a_shortcode_that_is_not_media_is_left_to_the_caller():
    assert media_html("artist", {"id": "3"}, "Someone") is None


def test_unknown_shortcodes_are_unwrapped_keeping_their_text():
    warnings = []

    text = expand(
        'Before [pullquote align="right"]Inner [b]bold[/b] words[/pullquote] after '
        "[tweet_button] end",
        warnings=warnings,
    )

    assert text == "Before Inner bold words after [tweet_button] end"
    assert warnings == [
        "unknown shortcode [b] unwrapped, its text kept",
        "unknown shortcode [pullquote] unwrapped, its text kept",
    ]


def test_brackets_that_are_journalism_stay():
    warnings = []

    text = expand("He said [sic] it was [Updated] fine.", warnings=warnings)

    assert text == "He said [sic] it was [Updated] fine."
    assert warnings == []


def test_self_closing_and_attribute_shortcodes_without_end_are_removed():
    warnings = []

    text = expand('A [adsense slot="4"] B [divider /] C', warnings=warnings)

    assert text == "A  B  C"
    assert warnings == [
        "unknown shortcode [adsense] unwrapped, its text kept",
        "unknown shortcode [divider] unwrapped, its text kept",
    ]


def test_double_brackets_are_the_literal_shortcode():
    assert expand("Type [[gallery]] to show one", warnings=[]) == (
        "Type [gallery] to show one"
    )


def test_media_shortcodes_are_expanded_in_text():
    warnings = []

    text = expand(
        "Intro [embed]https://vimeo.com/76979871[/embed] [gallery ids='1,2'] end",
        warnings=warnings,
    )

    assert text == (
        'Intro <figure data-embed-url="https://vimeo.com/76979871"></figure>  end'
    )
    assert len(warnings) == 1


def test_many_shortcodes_take_linear_time():
    text = "[x a=1]" * 50_000 + "[y]" * 50_000

    started = time.perf_counter()
    out = expand(text, warnings=[])
    elapsed = time.perf_counter() - started

    assert out == "[y]" * 50_000
    assert elapsed < 5


def test_deeply_nested_unknown_shortcodes_stop_recursing():
    text = "[a x=1]" * 100 + "core" + "[/a]" * 100

    assert expand(text, warnings=[]) == "core"


def test_caption_longer_than_a_photo_holds_stays_a_paragraph():
    # Nothing is cut: words a photo to come cannot hold are kept as text.
    words = "word " * 400
    warnings = []

    html = media_html(
        "caption", {}, f'<img src="http://o/x.jpg"> {words}', warnings=warnings
    )

    assert html == f"<p>{words.strip()}</p>"
    assert warnings == [
        "image not imported (http://o/x.jpg): add it to the image library; "
        "its caption is kept as a paragraph (too long for a photo to come)"
    ]
