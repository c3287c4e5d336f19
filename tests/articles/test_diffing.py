from articles.diffing import diff_fields, diff_words, tokens


def test_tokens_join_back_to_the_text():
    text = "One two\n\nthree  four "

    assert "".join(tokens(text)) == text


def test_diff_words_unchanged_text_has_no_marks():
    assert diff_words("The video came out", "The video came out") == (
        "The video came out"
    )


def test_diff_words_marks_a_replaced_word():
    html = diff_words("came out in 2007.", "came out in 2008.")

    assert html == "came out in <del>[-2007.-]</del><ins>{+2008.+}</ins>"


def test_diff_words_marks_insertions_and_deletions():
    html = diff_words("Kanye West directed it", "Spike Jonze directed it today")

    assert html == (
        "<del>[-Kanye West-]</del> <ins>{+Spike Jonze+}</ins> directed it "
        "<ins>{+today+}</ins>"
    )


def test_diff_words_escapes_html_in_text():
    html = diff_words("<b>old</b>", '<script>alert("x")</script>')

    assert "<script>" not in html
    assert html == (
        "<del>[-&lt;b&gt;old&lt;/b&gt;-]</del>"
        "<ins>{+&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;+}</ins>"
    )


def test_diff_words_keeps_paragraph_breaks():
    html = diff_words("One.\n\nTwo.", "One.\n\nTwo and three.")

    assert html == "One.\n\n<del>[-Two.-]</del><ins>{+Two and three.+}</ins>"


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
