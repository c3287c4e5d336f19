import re
from html import escape

from articles.diffing import diff_fields, tokenize, word_diff_html


def test_tokenize_joins_back_to_the_text():
    text = "Kanye's  video came out in 2008, not 2007.\n\nSecond paragraph."

    assert "".join(tokenize(text)) == text


def test_word_diff_marks_a_changed_word_with_del_and_ins():
    html = word_diff_html("It came out in 2007.", "It came out in 2008.")

    assert html == (
        "It came out in "
        '<del><span class="diff-marker">[−</span>2007'
        '<span class="diff-marker">]</span></del>'
        '<ins><span class="diff-marker">[+</span>2008'
        '<span class="diff-marker">]</span></ins>.'
    )


def test_word_diff_pure_addition_has_only_ins():
    html = word_diff_html("Jonze said.", "Jonze said again.")

    assert html == (
        'Jonze said<ins><span class="diff-marker">[+</span> again'
        '<span class="diff-marker">]</span></ins>.'
    )


def test_word_diff_pure_removal_has_only_del():
    html = word_diff_html("a very big film", "a big film")

    assert html == (
        'a<del><span class="diff-marker">[−</span> very'
        '<span class="diff-marker">]</span></del> big film'
    )


def test_word_diff_equal_texts_are_escaped_and_unmarked():
    assert word_diff_html("Tom & Jerry <3", "Tom & Jerry <3") == "Tom &amp; Jerry &lt;3"


def side(html: str, keep: str) -> str:
    """The old (keep="del") or new (keep="ins") text, still escaped."""
    drop = "ins" if keep == "del" else "del"
    html = re.sub(rf"<{drop}>.*?</{drop}>", "", html, flags=re.S)
    html = re.sub(r'<span class="diff-marker">[^<]*</span>', "", html)
    return re.sub(rf"</?{keep}>", "", html)


def test_word_diff_escapes_markup_in_both_texts():
    old = '<b title="x">old</b> & more'
    new = "<script>alert('new')</script> & more"

    html = word_diff_html(old, new)

    assert side(html, "del") == escape(old)
    assert side(html, "ins") == escape(new)
    assert "<script>" not in html
    assert "<b " not in html


def test_word_diff_keeps_paragraph_breaks():
    html = word_diff_html("One.\n\nTwo.", "One.\n\nTwo and three.")

    assert html.startswith("One.\n\nTwo")


def test_word_diff_from_empty_is_all_added():
    assert word_diff_html("", "New") == (
        '<ins><span class="diff-marker">[+</span>New'
        '<span class="diff-marker">]</span></ins>'
    )


def test_diff_fields_reports_which_fields_changed():
    result = diff_fields(
        {"headline": "A", "body": "same"},
        {"headline": "B", "body": "same"},
        {"headline": "Headline", "body": "Body"},
    )

    assert [(d.label, d.changed) for d in result] == [
        ("Headline", True),
        ("Body", False),
    ]
