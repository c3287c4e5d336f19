"""SQLite's full-text index of the articles' words (FTS5, trigram tokenizer).

PostgreSQL searches a stored vector through a GIN index (migration 0008).
SQLite matched each word with ``LIKE '%word%'`` on the headline, dek and
body text: a read of every article's text (6-11 ms at 2,000 articles,
growing with the archive) for any search, even one with a single hit.

The trigram tokenizer indexes every three characters, so a word of three or
more letters is looked up in the index and still matches anywhere in a word,
case-insensitively, as ``LIKE`` did ("talk" finds "talks"): the results are
the same, only found faster. A shorter word (such as "U2") has no trigram;
``public.search`` matches it with ``LIKE``, as before.

The index reads its text from the article table (``content=``) and triggers
keep it in step with every insert, update and delete, whoever writes the row
(a ``QuerySet.update`` runs no Python). Django rebuilds a SQLite table for
some schema changes and drops its triggers with it: the migration that does
so must create them again (``CREATE_TRIGGERS``);
``tests/public/test_search.py`` fails if they are missing.
"""

from __future__ import annotations

import sqlite3
from functools import cache

# The trigram tokenizer cannot look up fewer characters than this.
MIN_WORD_LENGTH = 3

CREATE_TABLE = """
CREATE VIRTUAL TABLE articles_article_words USING fts5(
    headline, dek, body_text,
    content='articles_article', content_rowid='id', tokenize='trigram'
)"""
# An external-content index forgets a row by being given its old values.
CREATE_TRIGGERS = [
    """
CREATE TRIGGER articles_article_words_insert AFTER INSERT ON articles_article
BEGIN
    INSERT INTO articles_article_words(rowid, headline, dek, body_text)
    VALUES (new.id, new.headline, new.dek, new.body_text);
END""",
    """
CREATE TRIGGER articles_article_words_delete AFTER DELETE ON articles_article
BEGIN
    INSERT INTO articles_article_words(
        articles_article_words, rowid, headline, dek, body_text
    ) VALUES ('delete', old.id, old.headline, old.dek, old.body_text);
END""",
    # Only when an indexed column is written: publishing (status, dates)
    # leaves the index alone.
    """
CREATE TRIGGER articles_article_words_update
AFTER UPDATE OF headline, dek, body_text ON articles_article
BEGIN
    INSERT INTO articles_article_words(
        articles_article_words, rowid, headline, dek, body_text
    ) VALUES ('delete', old.id, old.headline, old.dek, old.body_text);
    INSERT INTO articles_article_words(rowid, headline, dek, body_text)
    VALUES (new.id, new.headline, new.dek, new.body_text);
END""",
]
FILL = "INSERT INTO articles_article_words(articles_article_words) VALUES ('rebuild')"
DROP = [
    "DROP TRIGGER IF EXISTS articles_article_words_insert",
    "DROP TRIGGER IF EXISTS articles_article_words_delete",
    "DROP TRIGGER IF EXISTS articles_article_words_update",
    "DROP TABLE IF EXISTS articles_article_words",
]


@cache
def supported() -> bool:
    """Whether this SQLite has FTS5 with the trigram tokenizer (3.34 and
    later, when compiled with FTS5, as Python's builds are). Without it the
    migration creates nothing and search keeps matching with ``LIKE``."""
    if sqlite3.sqlite_version_info < (3, 34):
        return False
    try:
        with sqlite3.connect(":memory:") as probe:
            probe.execute(
                "CREATE VIRTUAL TABLE probe USING fts5(x, tokenize='trigram')"
            )
    except sqlite3.OperationalError:
        return False
    return True


def in_use(connection) -> bool:
    return connection.vendor == "sqlite" and supported()


def match_all(words: list[str]) -> tuple[str, list[str]]:
    """SQL selecting the ids of the articles whose headline, dek or body text
    contains every one of ``words`` (each at least ``MIN_WORD_LENGTH``
    characters), and its parameters. Each word is an FTS5 string: a word
    (``\\w+``) holds no double quote, the only character a string escapes."""
    expression = " AND ".join(f'"{word}"' for word in words)
    sql = (
        "SELECT rowid FROM articles_article_words WHERE articles_article_words MATCH %s"
    )
    return sql, [expression]
