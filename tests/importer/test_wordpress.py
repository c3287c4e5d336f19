"""Reading a WordPress export: versions, structure, hostile and broken files."""

import tracemalloc

import pytest

from importer.wordpress import WXRError, WXRReader, gmt_date, php_value, plain
from tests.builders.wordpress import WXR, WXR_HEAD, WXR_TAIL, wxr_item


def read(name):
    reader = WXRReader(WXR / name)
    return reader, list(reader)


@pytest.mark.parametrize("version", ["1.0", "1.1", "1.2"])
def test_each_version_is_read(version):
    reader, posts = read(f"wxr-{version}.xml")

    assert reader.version == version
    assert reader.base_site_url == "https://desk.example"
    post = posts[0]
    assert (post.post_type, post.status, post.post_name, post.excerpt) == (
        "post",
        "publish",
        "post-" + {"1.0": "101", "1.1": "111", "1.2": "121"}[version],
        "Umbrellas at the premiere." if version == "1.0" else "",
    )
    assert post.content == "The text of the post.\n\nA second paragraph."


def test_a_real_export_s_structure_is_read():
    reader, posts = read("full-site.xml")

    assert (reader.version, reader.base_site_url) == ("1.2", "https://lantern.example")
    assert {login: a.byline_name for login, a in reader.authors.items()} == {
        "jdoe": "Nadia Okafor",
        "tbrenner": "Tomas Brenner",
    }
    assert [(p.line, p.post_type, p.status) for p in posts] == [
        (54, "post", "publish"),
        (112, "post", "draft"),
        (135, "attachment", "inherit"),
        (164, "page", "publish"),
        (188, "nav_menu_item", "publish"),
        (217, "review", "publish"),
        (237, "post", "trash"),
        (257, "revision", "inherit"),
    ]
    tour = posts[0]
    assert (tour.creator, tour.guid, tour.link) == (
        "jdoe",
        "https://lantern.example/?p=10",
        "https://lantern.example/2024/01/10/paper-lanterns-winter-tour/",
    )
    assert [(t.domain, t.nicename, t.name) for t in tour.terms] == [
        ("category", "music", "Music"),
        ("category", "uncategorized", "Uncategorized"),
        ("post_tag", "kanye-west", "Kanye West"),
        ("post_tag", "tours", "Tours"),
    ]
    assert tour.meta == {
        "_edit_last": "1",
        "_thumbnail_id": "12",
        "_custom_layout": {"key": "value"},
    }
    assert posts[2].meta["_wp_attachment_metadata"]["sizes"]["thumbnail"] == {
        "file": "stage-150x150.jpg",
        "width": 150,
        "height": 150,
    }
    assert posts[1].date_gmt is None


@pytest.mark.parametrize(
    "name", ["billion-laughs.xml", "external-entity.xml", "external-dtd.xml"]
)
def test_hostile_xml_is_refused_before_anything_is_expanded(name):
    with pytest.raises(WXRError) as excinfo:
        read(name)

    assert str(excinfo.value) == (
        f"{WXR / name}:2: refused: the file declares a document type or entities "
        "(DTDForbidden); a WordPress export has none, and they are not expanded"
    )


def test_malformed_xml_names_the_file_and_line():
    with pytest.raises(WXRError) as excinfo:
        read("malformed.xml")

    assert (
        str(excinfo.value)
        == f"{WXR / 'malformed.xml'}:45: malformed XML: mismatched tag"
    )


def test_truncated_file_names_the_line_it_stops_at():
    with pytest.raises(WXRError) as excinfo:
        read("truncated.xml")

    assert (
        str(excinfo.value)
        == f"{WXR / 'truncated.xml'}:43: malformed XML: no element found"
    )


def test_a_feed_that_is_not_an_export_is_refused():
    with pytest.raises(WXRError) as excinfo:
        read("not-wordpress.xml")

    assert str(excinfo.value) == (
        f"{WXR / 'not-wordpress.xml'}:1: not a WordPress export: no wp: elements found"
    )


def test_another_document_is_refused(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text("<?xml version='1.0'?>\n<html><body/></html>")

    with pytest.raises(WXRError) as excinfo:
        read(path)

    assert (
        str(excinfo.value)
        == f"{path}:2: not a WordPress export: the document is <html>"
    )


def test_an_undeclared_entity_is_malformed_not_expanded(tmp_path):
    path = tmp_path / "x.xml"
    path.write_text(
        WXR_HEAD + wxr_item(1, "A").replace("post-1<", "post&nbsp;1<") + WXR_TAIL
    )

    with pytest.raises(WXRError) as excinfo:
        read(path)

    assert "malformed XML: undefined entity" in str(excinfo.value)


def _peak_reading(path) -> int:
    tracemalloc.start()
    try:
        count = sum(1 for _ in WXRReader(path))
        return count, tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_stays_flat_whatever_the_size_of_the_file(tmp_path):
    body = "A paragraph of the post, long enough to weigh something. " * 40
    small, large = tmp_path / "small.xml", tmp_path / "large.xml"
    for path, count in ((small, 200), (large, 4_000)):
        with path.open("w") as file:
            file.write(WXR_HEAD)
            for number in range(count):
                file.write(wxr_item(number, f"Post {number}", content=body))
            file.write(WXR_TAIL)

    small_count, small_peak = _peak_reading(small)
    large_count, large_peak = _peak_reading(large)

    assert (small_count, large_count) == (200, 4_000)
    # Twenty times the posts; the peak is that of one block and one post.
    assert large_peak < small_peak * 1.5


def test_titles_and_names_are_plain_text():
    assert plain("Rock &amp; Roll <em>now</em>") == "Rock & Roll now"
    assert plain("  two\n lines ") == "two lines"


def test_dates():
    assert gmt_date("0000-00-00 00:00:00") is None
    assert gmt_date("") is None
    assert gmt_date("2024-13-45 00:00:00") is None
    assert gmt_date("2024-01-10 12:00:00").isoformat() == "2024-01-10T12:00:00+00:00"


def test_serialized_post_meta_is_read_as_data_only():
    assert (
        php_value('a:2:{i:0;s:3:"één";s:1:"k";a:1:{s:1:"x";b:1;}}')
        == 'a:2:{i:0;s:3:"één";s:1:"k";a:1:{s:1:"x";b:1;}}'
    )
    assert php_value('a:2:{i:0;s:5:"één";s:1:"k";a:1:{s:1:"x";b:1;}}') == {
        0: "één",
        "k": {"x": True},
    }
    assert php_value("i:42;") == 42
    assert php_value("d:0.5;") == 0.5
    assert php_value("N;") is None
    assert php_value("plain text") == "plain text"
    # The length is wrong (3 bytes, not 4): WordPress cannot read it either.
    assert php_value('a:1:{s:4:"key";s:5:"value";}') == 'a:1:{s:4:"key";s:5:"value";}'
    # Objects are never made.
    assert php_value('O:8:"stdClass":0:{}') == 'O:8:"stdClass":0:{}'
    assert php_value('a:1:{i:0;O:8:"stdClass":0:{}}') == 'a:1:{i:0;O:8:"stdClass":0:{}}'
    deep = "a:1:{i:0;" * 100 + "N;" + "}" * 100
    assert php_value(deep) == deep
    assert php_value("a:99999999:{}") == "a:99999999:{}"
