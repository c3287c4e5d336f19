"""Running the importer in tests, and reading back what it wrote."""

import io
import multiprocessing
import shutil
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from hypothesis import strategies as st

from articles.models import Article, TaggedPerson, TaggedWork
from importer.pipeline import Importer
from importer.reading import ImportRefused, find_text_files
from tests.builders.seeds import SEED_TEXTS


class NullOutput:
    """A stdout for commands whose output a test does not read."""

    def write(self, *args, **kwargs) -> None:
        pass

    def flush(self) -> None:
        pass


def run_import(*paths, dry_run=False) -> tuple[str, str]:
    """``import_articles`` on ``paths``: its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    args = [str(p) for p in paths] + (["--dry-run"] if dry_run else [])
    call_command("import_articles", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_import(*paths) -> tuple[str, str, str]:
    """``import_articles`` on ``paths``, which must fail: stdout, stderr, error."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "import_articles", *[str(p) for p in paths], stdout=out, stderr=err
        )
    return out.getvalue(), err.getvalue(), str(excinfo.value)


def people_of(key: str) -> set[str]:
    """Names of the people tagged on the article imported from ``key``."""
    return set(
        TaggedPerson.objects.filter(content_object__source_key=key).values_list(
            "tag__name", flat=True
        )
    )


def works_of(key: str) -> set[str]:
    """The works tagged on the article imported from ``key``, as str(work)."""
    return {
        str(tagged.tag)
        for tagged in TaggedWork.objects.filter(
            content_object__source_key=key
        ).select_related("tag")
    }


def write_mixed_folder(folder: Path) -> None:
    """One file of each kind import_files treats differently."""
    for path in SEED_TEXTS.iterdir():
        shutil.copy(path, folder / path.name)
    (folder / "a_byline.txt").write_text(
        "By Jane Doe and Spike Jonze\n\nKanye West played 'Amazing' live.\n"
    )
    (folder / "b_shortcode.txt").write_text(
        'A verse from [artist id="1230523"]Ye[/artist] and Lil Wayne.\n'
    )
    (folder / "b_shortcode.toml").write_text('[source]\npublisher = "MTV News"\n')
    (folder / "c_empty.txt").write_bytes(b"")
    (folder / "d_bad_sidecar.txt").write_text("Weezer played Buddy Holly.\n")
    (folder / "d_bad_sidecar.toml").write_text('status = "gone"\n')
    (folder / "e_topics.txt").write_text("Same Title Here\n\nBeastie Boys.\n")
    (folder / "e_topics.toml").write_text(
        'status = "published"\ntopics = ["Sundance", "itunes"]\n'
    )
    (folder / "f_same_title.txt").write_text("Same Title Here\n\nDave Eggers.\n")
    (folder / "g_nul.txt").write_bytes(b"Weezer\x00 played.\n")


def import_outcomes(folder: Path) -> tuple[list[tuple], int]:
    """Each file's outcome from Importer.import_files, and the most worker
    processes alive at any point of the run."""
    outcomes, most_workers = [], 0
    for path, result in Importer().import_files(find_text_files([folder])):
        most_workers = max(most_workers, len(multiprocessing.active_children()))
        if isinstance(result, ImportRefused):
            outcomes.append((path.name, str(result)))
        else:
            outcomes.append(
                (path.name, result.action, result.article.headline, result.plan)
            )
    return outcomes, most_workers


def imported_rows() -> list[tuple]:
    """What the import wrote, article by article, without ids and times."""
    return [
        (
            article.source_key,
            article.slug,
            article.headline,
            article.headline_origin,
            article.dek,
            article.body,
            article.status,
            article.published_at is not None,
            article.first_published_at == article.published_at,
            article.source_name,
            article.source_url,
            article.source_digest,
            [
                (byline.name, byline.role, byline.position)
                for byline in article.bylines.select_related("person")
            ],
            people_of(article.source_key),
            works_of(article.source_key),
            sorted(article.topics.names()),
            [
                (v.number, v.headline, v.dek, v.body, v.kind)
                for v in article.published_versions.all()
            ],
            [
                v.created_at == article.published_at
                for v in article.published_versions.all()
            ],
        )
        for article in Article.objects.order_by("source_key")
    ]


def refuse_topic_tags() -> None:
    """Make every insert into the topic-tag table fail inside the database,
    with the error a conflicting row gives (a unique violation)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "CREATE FUNCTION refuse_topic_tag() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'conflicting topic tag' "
                "USING ERRCODE = 'unique_violation'; END $$ LANGUAGE plpgsql"
            )
            cursor.execute(
                "CREATE TRIGGER refuse_topic_tag BEFORE INSERT ON "
                "articles_taggedtopic FOR EACH ROW EXECUTE FUNCTION refuse_topic_tag()"
            )
        else:
            cursor.execute(
                "CREATE TRIGGER refuse_topic_tag BEFORE INSERT ON "
                "articles_taggedtopic BEGIN "
                "SELECT RAISE(ABORT, 'conflicting topic tag'); END"
            )


# --- Hostile news texts (Hypothesis) ---------------------------------------------

# Pieces real and broken news texts are made of, so that generated files get
# past UTF-8 decoding and exercise the headline, byline and shortcode rules.
PIECES = [
    "\n",
    "\n\n",
    "\r\n",
    "\r",
    " ",
    "  ",
    "\t",
    "Kanye West",
    "Spike Jonze",
    "By Jane Doe",
    "By Jane Doe and John Roe",
    "  -Jane Doe",
    "-Jane Doe",
    "[artist]",
    "[/artist]",
    '[artist id="1230523"]',
    "[artist id='x']",
    "[unknown]",
    "[/unknown]",
    "[artist",
    "[",
    "]",
    '"',
    "“Flashing Lights”",
    "We Were Once a Fairytale",
    ".",
    "?",
    "…",
    "é",
    "e\u0301",
    "ﬀ",
    "\u00a0",
    "\ufeff",
    "\x00",
    "\x07",
    "\x7f",
    "😀",
]
news_text = st.lists(
    st.one_of(st.sampled_from(PIECES), st.text(max_size=20)), max_size=60
).map("".join)
