"""The editorial workflow, one module per concern.

- ``permissions``: who may see, edit and delete which article (the roles).
- ``checks``: what must hold before an article is published.
- ``revisions``: the article's saved revisions, their text and their diffs.
- ``transitions``: one function per change of an article's state, and the
  changes to a public article's text (corrections).
- ``sharing``: share links that show one revision to anyone holding them.
- ``activity``: the activity log, and the page-cache purge that goes with
  every entry.

Each function that changes something checks the move and the permission,
saves, records who did it, when and why in the activity log, and returns the
result. A refused move raises ``WorkflowError`` with a message for the person
who tried it, and changes nothing. The admin and the editorial views only call
these; the same rules hold whichever route a request takes.
"""


class WorkflowError(Exception):
    """A refused move; ``str()`` is the message to show the user."""
