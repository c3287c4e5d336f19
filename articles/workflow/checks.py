"""What must hold before an article is published, in words for an editor.

The same checks whoever publishes: an editor in the admin (approve, publish,
schedule) and the importer (a text that fails them is imported as a draft).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from django.db.models import Q

from articles.body import text_of
from articles.models import Article
from articles.workflow import WorkflowError
from people.models import Person, Work

# Leftover shortcode markup from imported texts: "[artist id=...]", "[/artist]"
# or a bare "[artist". A bracketed "[sic]" is ordinary journalism and passes.
_SHORTCODE = re.compile(r"\[/[a-z_]+\]|\[[a-z_]+\s+[a-z_]+\s*=|\[artist\b", re.I)


def text_problems(
    *,
    headline: str,
    dek: str,
    body: str,
    has_byline: bool,
    empty_notes: Iterable[str] = (),
    awaiting_approval: Iterable[str] = (),
) -> list[str]:
    """What stops a text from being published.

    ``empty_notes`` are the kinds of its public notes that have no text;
    ``awaiting_approval`` the people and works it credits or is tagged with
    that no editor has approved yet, as "Kanye West (person)".
    Plain values, no database: the importer checks a text before storing it.
    """
    problems = []
    if not headline.strip():
        problems.append("The headline is empty.")
    if not body.strip():
        problems.append("The body is empty.")
    if not has_byline:
        problems.append("There is no byline.")
    for label, text in (("headline", headline), ("standfirst", dek), ("body", body)):
        match = _SHORTCODE.search(text)
        if match:
            problems.append(
                f"The {label} still has shortcode text: “{match.group(0)}”."
            )
    problems.extend(f"A {kind.lower()} note has no text." for kind in empty_notes)
    # Its page would name, and link to, someone no editor has checked yet.
    problems.extend(
        f"{entity} awaits an editor’s approval." for entity in awaiting_approval
    )
    return problems


def awaiting_approval(article: Article) -> list[str]:
    """The people and works the stored ``article`` is tagged or bylined with
    that a reporter added and no editor has approved yet, as "Kanye West
    (person)" (two queries)."""
    people = (
        Person.objects.awaiting_approval()
        .filter(
            Q(pk__in=article.person_tags.values("tag"))
            | Q(pk__in=article.bylines.values("person"))
        )
        .order_by("name")
    )
    works = Work.objects.awaiting_approval().filter(
        pk__in=article.work_tags.values("tag")
    )
    return [
        f"{person.name} ({person.get_kind_display().lower()})" for person in people
    ] + [str(work) for work in works]


def publication_problems(article: Article) -> list[str]:
    """What stops the stored ``article`` from being published."""
    stored = article.pk is not None
    return text_problems(
        headline=article.headline,
        dek=article.dek,
        body=text_of(article.body),
        has_byline=stored and article.bylines.exists(),
        empty_notes=[
            correction.get_kind_display()
            for correction in (article.corrections.all() if stored else ())
            if not correction.text.strip()
        ],
        awaiting_approval=awaiting_approval(article) if stored else (),
    )


def check_publishable(article: Article) -> None:
    """Raise ``WorkflowError`` listing the problems, if there are any."""
    problems = publication_problems(article)
    if problems:
        raise WorkflowError("Not ready to publish: " + " ".join(problems))
