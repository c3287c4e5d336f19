"""The ``import_articles`` command: the seeds, what it links and tags, reruns,
refusals with their line, dry runs, chunks and worker processes."""

import io
import shutil

import pytest
from django.core.management import CommandError, call_command

from articles.body import from_plain_text as paragraphs
from articles.models import (
    Article,
    Byline,
    BylineRole,
    FoundBy,
    HeadlineOrigin,
    Status,
    TaggedPerson,
    TaggedTopic,
    TaggedWork,
)
from people.models import Person
from tests.builders.importer import (
    people_of,
    refuse_topic_tags,
    run_failing_import,
    run_import,
    works_of,
    write_mixed_folder,
)
from tests.builders.seeds import SEED_000, SEED_001, SEED_002, SEED_TEXTS


def test_import_seeds_summary_counts_created(people_and_works):
    out, err = run_import(SEED_TEXTS)

    assert out.splitlines()[-1] == "3 created, 0 updated, 0 skipped, 0 failed."
    assert err == ""
    assert Article.objects.count() == 3


def test_import_seeds_are_published_with_fixture_metadata(seeded):
    article = Article.objects.get(source_key=SEED_002)

    assert article.status == Status.PUBLISHED
    assert article.published_at is not None
    assert article.first_published_at == article.published_at
    assert article.source_name == "MTV News"
    assert article.source_url == ""
    assert sorted(article.topics.names()) == ["Island Def Jam", "MTV News"]


def test_import_seed_002_headline_and_dek_from_text(seeded):
    article = Article.objects.get(source_key=SEED_002)

    assert article.headline == "Kanye West/ Spike Jonze Collaborate On 'Short Film'"
    assert article.headline_origin == HeadlineOrigin.SOURCE
    assert article.dek == (
        "Producer reveals exclusive details on project featuring Kanye's "
        "'See You in My Nightmares.'"
    )
    assert article.slug == "kanye-west-spike-jonze-collaborate-on-short-film"
    assert "[artist" not in article.body
    assert "[/artist]" not in article.body
    assert article.body_text.startswith(
        "The last time Spike Jonze and Kanye West collaborated, 'Ye ended up"
    )


def test_import_seed_000_headline_is_the_newsrooms_own(seeded):
    article = Article.objects.get(source_key=SEED_000)
    text = (SEED_TEXTS / f"{SEED_000}.txt").read_text(encoding="utf-8")

    assert article.headline_origin == HeadlineOrigin.NEWSROOM
    assert article.headline.startswith("Spike Jonze on the leak")
    assert article.dek == ""
    # No byline, no headline in the text: the body is the text, unchanged.
    assert article.body == paragraphs(text)
    # It names no writer and no publisher: the sidecar credits the desk.
    assert list(article.bylines.values_list("person", "organisation", "role")) == [
        (None, "newsroom desk", BylineRole.PUBLISHER)
    ]


def test_import_seed_001_byline_becomes_elan_mancini_not_body(seeded):
    article = Article.objects.get(source_key=SEED_001)

    bylines = list(
        Byline.objects.filter(article=article).values_list("person__name", "position")
    )
    assert bylines == [("Elan Mancini", 0)]
    assert "Elan" not in article.body
    assert article.body_text.endswith(
        'for his controversial "Flashing Lights" music video.'
    )
    # Curly quotes and non-breaking spaces are kept as they are.
    assert "short film\u00a0We Were Once a Fairytale\u00a0spoke" in article.body
    assert "Kanye\u2019s 808s and Heartbreak" in article.body
    # Elan Mancini wrote it; the text does not mention him.
    assert "Elan Mancini" not in people_of(SEED_001)


def test_import_links_kanye_and_jonze_on_all_three(seeded):
    for key in (SEED_000, SEED_001, SEED_002):
        assert {"Kanye West", "Spike Jonze"} <= people_of(key)


def test_import_tags_exact_people_per_seed(seeded):
    assert people_of(SEED_000) == {
        "Kanye West",
        "Spike Jonze",
        "Rita G",
        "Beastie Boys",
        "Weezer",
    }
    assert people_of(SEED_001) == {"Kanye West", "Spike Jonze", "Lil Wayne"}
    assert people_of(SEED_002) == {"Kanye West", "Spike Jonze", "Vincent Landay"}


def test_import_tags_exact_works_per_seed(seeded):
    assert works_of(SEED_000) == {
        "Sabotage (music video, 1994)",
        "Buddy Holly (music video, 1994)",
        "Flashing Lights (music video, 2008)",
        "We Were Once a Fairytale (short film, 2009)",
        "Where the Wild Things Are (film, 2009)",
        "See You in My Nightmares (song, 2008)",
        "808s & Heartbreak (album, 2008)",
    }
    assert works_of(SEED_001) == {
        "We Were Once a Fairytale (short film, 2009)",
        "See You in My Nightmares (song, 2008)",
        "808s & Heartbreak (album, 2008)",
        "Flashing Lights (music video, 2008)",
        "Where the Wild Things Are (film, 2009)",
    }
    assert works_of(SEED_002) == {
        "See You in My Nightmares (song, 2008)",
        "Flashing Lights (music video, 2008)",
        "Where the Wild Things Are (film, 2009)",
        "808s & Heartbreak (album, 2008)",
        "Amazing (song, 2008)",
        "Paranoid (song, 2008)",
        "Welcome to Heartbreak (song, 2008)",
    }


def test_import_songs_that_are_ordinary_words_only_on_seed_002(seeded):
    for title in ("Amazing", "Paranoid", "Welcome to Heartbreak"):
        keys = set(
            TaggedWork.objects.filter(tag__name=title).values_list(
                "content_object__source_key", flat=True
            )
        )
        assert keys == {SEED_002}


def test_import_records_how_each_tag_was_found(seeded):
    found = dict(
        TaggedPerson.objects.filter(content_object__source_key=SEED_002).values_list(
            "tag__name", "found_by"
        )
    )

    assert found["Kanye West"] == FoundBy.SHORTCODE
    assert found["Spike Jonze"] == FoundBy.NAME
    assert found["Vincent Landay"] == FoundBy.NAME
    title_found = TaggedWork.objects.get(
        content_object__source_key=SEED_002, tag__name="Amazing"
    ).found_by
    assert title_found == FoundBy.TITLE


def test_import_shortcode_finds_person_by_external_id(people_and_works, tmp_path):
    # The shortcode's text differs from the name: only the id can find him.
    text = tmp_path / "ye.txt"
    text.write_text('A new verse from [artist id="1230523"]Ye[/artist] arrived.\n')
    text.with_suffix(".toml").write_text('[source]\npublisher = "MTV News"\n')

    run_import(text)

    assert people_of("ye") == {"Kanye West"}
    assert Person.objects.filter(name="Ye").exists() is False


def test_import_west_hollywood_alone_is_not_kanye(people_and_works, tmp_path):
    text = tmp_path / "weho.txt"
    text.write_text("A new nightclub opened in West Hollywood on Friday.\n")

    run_import(text)

    assert people_of("weho") == set()


def test_import_rerun_changes_nothing(seeded):
    before = list(Article.objects.order_by("pk").values())
    tags_before = TaggedPerson.objects.count(), TaggedWork.objects.count()

    out, _ = run_import(SEED_TEXTS)

    assert out.splitlines()[-1] == "0 created, 0 updated, 3 skipped, 0 failed."
    assert list(Article.objects.order_by("pk").values()) == before
    assert (TaggedPerson.objects.count(), TaggedWork.objects.count()) == tags_before


def test_import_changed_draft_is_updated_in_place(people_and_works, tmp_path):
    text = tmp_path / "story.txt"
    text.write_text("Spike Jonze shot a video.\n")
    run_import(text)
    article = Article.objects.get(source_key="story")

    text.write_text("Spike Jonze shot a video with Kanye West.\n")
    out, _ = run_import(text)

    assert out.splitlines()[-1] == "0 created, 1 updated, 0 skipped, 0 failed."
    article.refresh_from_db()
    assert article.body == paragraphs("Spike Jonze shot a video with Kanye West.")
    assert people_of("story") == {"Spike Jonze", "Kanye West"}
    assert Article.objects.count() == 1


def test_import_changed_published_article_is_not_overwritten(seeded, tmp_path):
    copy = tmp_path / f"{SEED_000}.txt"
    shutil.copy(SEED_TEXTS / f"{SEED_000}.txt", copy)
    shutil.copy(SEED_TEXTS / f"{SEED_000}.toml", copy.with_suffix(".toml"))
    copy.write_text(copy.read_text(encoding="utf-8") + "\n\nA new paragraph.")
    body_before = Article.objects.get(source_key=SEED_000).body

    out, _ = run_import(copy)

    assert "already published" in out
    assert out.splitlines()[-1] == "0 created, 0 updated, 1 skipped, 0 failed."
    assert Article.objects.get(source_key=SEED_000).body == body_before


def test_import_dry_run_writes_nothing(people_and_works):
    people_before = Person.objects.count()

    out, _ = run_import(SEED_TEXTS, dry_run=True)

    assert Article.objects.count() == 0
    assert Person.objects.count() == people_before
    assert f"{SEED_002}.txt: would be created" in out
    assert "  people: Kanye West, Spike Jonze, Vincent Landay" in out
    assert out.splitlines()[-1] == (
        "Dry run, nothing written: 3 created, 0 updated, 0 skipped, 0 failed."
    )


def test_import_unknown_byline_creates_the_person(people_and_works, tmp_path):
    text = tmp_path / "byline.txt"
    text.write_text("By Jane Doe\n\nSpike Jonze spoke on Tuesday.\n")

    run_import(text)

    article = Article.objects.get(source_key="byline")
    assert [b.person.name for b in article.bylines.all()] == ["Jane Doe"]
    assert article.body == paragraphs("Spike Jonze spoke on Tuesday.")


BAD_FILES = [
    ("empty.txt", b"", "1: file is empty"),
    ("blank.txt", b"\n  \n\n", "1: file is empty"),
    (
        "latin1.txt",
        "Line one.\n\nCaf\u00e9 society.\n".encode("latin-1"),
        "3: not valid UTF-8",
    ),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "contains a NUL byte"),
    ("nul.txt", b"Line one.\n\nLine\x00 three.\n", "3: contains a NUL byte"),
    (
        "unclosed.txt",
        b'Intro.\n\nThen [artist id="1"]Kanye West went on.\n',
        "3: shortcode [artist] opened here is never closed",
    ),
]


@pytest.mark.parametrize(("name", "content", "expected"), BAD_FILES)
def test_import_bad_file_refused_with_line_and_nothing_written(
    people_and_works, tmp_path, name, content, expected
):
    bad = tmp_path / name
    bad.write_bytes(content)
    good = tmp_path / "good.txt"
    good.write_text("Spike Jonze spoke.\n")
    people_before = Person.objects.count()

    out, err, error = run_failing_import(tmp_path)

    assert f"{bad}:" in err
    assert expected in err
    assert error == "1 file(s) refused; see above."
    assert out.splitlines()[-1] == "1 created, 0 updated, 0 skipped, 1 failed."
    assert list(Article.objects.values_list("source_key", flat=True)) == ["good"]
    assert Person.objects.count() == people_before


def test_import_bad_sidecar_refused_with_its_line(people_and_works, tmp_path):
    text = tmp_path / "story.txt"
    text.write_text("Spike Jonze spoke.\n")
    text.with_suffix(".toml").write_text('status = "published"\nauthor = "Someone"\n')

    _, err, _ = run_failing_import(text)

    assert err.strip() == (
        f"{text.with_suffix('.toml')}:2: unknown key 'author'; "
        "expected one of credit, headline, source, status, topics"
    )
    assert Article.objects.count() == 0


def test_import_missing_path_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No such file or folder: /nonexistent"):
        call_command("import_articles", "/nonexistent")


def test_import_published_seed_keeps_its_first_public_version(seeded):
    article = Article.objects.get(source_key=SEED_002)

    versions = list(article.published_versions.values_list("number", "kind", "body"))

    assert versions == [(1, "first", article.body)]


def test_import_same_headline_twice_in_one_chunk_gets_distinct_slugs(db, tmp_path):
    for name in ("one", "two", "three"):
        (tmp_path / f"{name}.txt").write_text(
            "Quiet Week at the Studio\n\nNothing much happened.\n\nThe end.\n"
        )

    run_import(tmp_path)

    slugs = dict(Article.objects.values_list("source_key", "slug"))
    assert slugs == {
        "one": "quiet-week-at-the-studio",
        "three": "quiet-week-at-the-studio-2",
        "two": "quiet-week-at-the-studio-3",
    }


def test_import_slug_taken_by_an_earlier_run_gets_the_next_number(db, tmp_path):
    first = tmp_path / "first"
    first.mkdir()
    (first / "a.txt").write_text("Same Title Here\n\nBody one.\n\nMore.\n")
    run_import(first)
    second = tmp_path / "second"
    second.mkdir()
    (second / "b.txt").write_text("Same Title Here\n\nBody two.\n\nMore.\n")
    (second / "c.txt").write_text("Same Title Here\n\nBody three.\n\nMore.\n")

    run_import(second)

    slugs = dict(Article.objects.values_list("source_key", "slug"))
    assert slugs == {
        "a": "same-title-here",
        "b": "same-title-here-2",
        "c": "same-title-here-3",
    }


def test_import_same_file_name_in_two_folders_keeps_one_article(
    people_and_works, tmp_path
):
    for folder, text in (("a", "Spike Jonze spoke.\n"), ("b", "Kanye West spoke.\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "story.txt").write_text(text)

    out, _ = run_import(tmp_path / "a", tmp_path / "b")

    assert out.splitlines()[-1] == "1 created, 1 updated, 0 skipped, 0 failed."
    assert Article.objects.get(source_key="story").body == paragraphs(
        "Kanye West spoke."
    )
    assert people_of("story") == {"Kanye West"}


def test_import_many_files_across_chunks_keep_order_and_counts(
    people_and_works, tmp_path, monkeypatch
):
    monkeypatch.setattr("importer.pipeline.CHUNK_SIZE", 3)
    for number in range(7):
        (tmp_path / f"{number}.txt").write_text(f"Spike Jonze spoke {number} times.\n")
    (tmp_path / "4.txt").write_bytes(b"")  # refused in the middle of a chunk
    (tmp_path / "2.toml").write_text(
        'headline = "Jonze speaks"\nstatus = "published"\n'
        'topics = ["iTunes"]\ncredit = "The desk"\n'
    )
    (tmp_path / "5.toml").write_text('topics = ["itunes", "Sundance"]\n')

    out, err, _ = run_failing_import(tmp_path)

    lines = [line for line in out.splitlines() if ".txt:" in line]
    assert [line.split(".txt")[0][-1] for line in lines] == list("012356")
    assert err.strip() == f"{tmp_path / '4.txt'}:1: file is empty"
    assert out.splitlines()[-1] == "6 created, 0 updated, 0 skipped, 1 failed."
    published = Article.objects.get(source_key="2")
    assert published.published_versions.count() == 1
    assert list(published.topics.names()) == ["iTunes"]
    # Case-insensitive topics, as taggit does it: "itunes" is the same topic.
    assert sorted(Article.objects.get(source_key="5").topics.names()) == [
        "Sundance",
        "iTunes",
    ]
    assert set(people_of("6")) == {"Spike Jonze"}


def test_import_rerun_in_chunks_skips_everything(people_and_works, tmp_path):
    for number in range(4):
        (tmp_path / f"{number}.txt").write_text(f"Kanye West spoke {number} times.\n")
    run_import(tmp_path)

    out, _ = run_import(tmp_path)

    assert out.splitlines()[-1] == "0 created, 0 updated, 4 skipped, 0 failed."


def test_import_same_path_named_twice_is_created_then_skipped(
    people_and_works, tmp_path
):
    text = tmp_path / "twice.txt"
    text.write_text("Spike Jonze spoke.\n")

    out, _ = run_import(text, text)

    file_lines = [line for line in out.splitlines() if line.startswith(str(text))]
    assert [line.split(": ")[1] for line in file_lines] == [
        "created",
        "skipped",
    ]
    assert out.splitlines()[-1] == "1 created, 0 updated, 1 skipped, 0 failed."


def test_import_dry_run_across_chunks_writes_nothing(
    people_and_works, tmp_path, monkeypatch
):
    monkeypatch.setattr("importer.pipeline.CHUNK_SIZE", 2)
    write_mixed_folder(tmp_path)
    people_before = Person.objects.count()

    out = io.StringIO()
    with pytest.raises(CommandError, match="3 file"):
        call_command(
            "import_articles", str(tmp_path), "--dry-run", stdout=out, stderr=None
        )

    assert Article.objects.count() == 0
    assert Person.objects.count() == people_before
    assert "a_byline.txt: would be created" in out.getvalue()
    # e_topics.txt says "published" but names no writer: it would be a draft.
    assert out.getvalue().splitlines()[-1] == (
        "Dry run, nothing written: 7 created, 0 updated, 0 skipped, 3 failed; "
        "1 kept as draft(s), not ready to publish (see the notes)."
    )


def test_import_rerun_in_a_worker_process_updates_a_changed_draft(
    people_and_works, tmp_path, monkeypatch
):
    monkeypatch.setattr("importer.pipeline.CHUNK_SIZE", 2)
    monkeypatch.setattr("importer.pipeline.WORKERS", 1)
    for number in range(5):
        (tmp_path / f"{number}.txt").write_text(f"Spike Jonze spoke {number} times.\n")
    run_import(tmp_path)
    (tmp_path / "3.txt").write_text("Kanye West spoke instead.\n")

    out, _ = run_import(tmp_path)

    assert out.splitlines()[-1] == "0 created, 1 updated, 4 skipped, 0 failed."
    assert people_of("3") == {"Kanye West"}
    assert people_of("4") == {"Spike Jonze"}


def test_import_published_text_failing_the_checks_is_a_draft_with_the_reason(
    people_and_works, tmp_path
):
    text = tmp_path / "anonymous.txt"
    text.write_text("Spike Jonze spoke about a new film.\n")
    text.with_suffix(".toml").write_text(
        'headline = "Jonze speaks"\nstatus = "published"\n'
    )

    out, err = run_import(text)

    article = Article.objects.get(source_key="anonymous")
    assert (article.status, article.published_at, err) == (Status.DRAFT, None, "")
    assert article.published_versions.count() == 0
    assert "  note: imported as a draft, not published: There is no byline." in (
        out.splitlines()
    )
    assert out.splitlines()[-1] == (
        "1 created, 0 updated, 0 skipped, 0 failed; 1 kept as draft(s), "
        "not ready to publish (see the notes)."
    )


def test_import_text_with_no_writer_credits_its_publisher(seeded):
    article = Article.objects.get(source_key=SEED_002)

    assert article.status == Status.PUBLISHED
    assert list(article.bylines.values_list("person", "organisation", "role")) == [
        (None, "MTV News", BylineRole.PUBLISHER)
    ]


def test_import_named_writer_is_credited_not_the_publisher(people_and_works, tmp_path):
    text = tmp_path / "wire.txt"
    text.write_text("By Elan Mancini\n\nSpike Jonze spoke about a new film.\n")
    text.with_suffix(".toml").write_text(
        'headline = "Jonze speaks"\nstatus = "published"\n'
        '[source]\npublisher = "MTV News"\n'
    )

    run_import(text)

    bylines = Article.objects.get(source_key="wire").bylines
    assert [(b.name, b.role) for b in bylines.all()] == [
        ("Elan Mancini", BylineRole.WRITER)
    ]


def test_import_command_keeps_the_good_files_when_one_fails(people_and_works, tmp_path):
    for path in SEED_TEXTS.iterdir():
        shutil.copy(path, tmp_path / path.name)
    # Only the second file's sidecar has topics the trigger will refuse...
    for name in ("000_abe5955fdd561f21", SEED_002):
        toml = tmp_path / f"{name}.toml"
        toml.write_text(
            "\n".join(
                line
                for line in toml.read_text().splitlines()
                if not line.startswith("topics")
            )
        )
    refuse_topic_tags()

    with pytest.raises(CommandError, match="1 file"):
        call_command("import_articles", tmp_path, verbosity=0, stdout=None)

    assert sorted(Article.objects.values_list("source_key", flat=True)) == [
        "000_abe5955fdd561f21",
        SEED_002,
    ]
    assert TaggedTopic.objects.count() == 0


def test_import_crediting_a_person_awaiting_approval_is_a_draft_with_the_reason(
    people_and_works, tmp_path
):
    # A reporter added Jane Doe; no editor has approved her yet.
    Person.objects.create(name="Jane Doe", approved_at=None)
    text = tmp_path / "byline.txt"
    text.write_text("By Jane Doe\n\nSpike Jonze spoke on Tuesday.\n")
    text.with_suffix(".toml").write_text(
        'headline = "Jonze speaks"\nstatus = "published"\n'
    )

    out, _ = run_import(text)

    article = Article.objects.get(source_key="byline")
    assert [b.person.name for b in article.bylines.all()] == ["Jane Doe"]
    assert article.status == Status.DRAFT
    assert (
        "  note: imported as a draft, not published: "
        "Jane Doe (person) awaits an editor’s approval."
    ) in out.splitlines()
