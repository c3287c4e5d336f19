"""What this app tells the apps above it (it imports none of them)."""

from django.dispatch import Signal

# Sent by articles.workflow.transitions inside the transaction of each state
# change and each change to a public article's text, with ``article``,
# ``action`` (an ``Action``), ``by`` (who did it) and ``note`` (the reason or
# note they gave, or ""). The notices of the people concerned hang on it
# (notifications.services); they are undone with the change if it fails.
article_moved = Signal()
