"""What this app tells the apps above it (it imports none of them)."""

from django.dispatch import Signal

# Sent by people.services when a person or a work is saved, and just before
# one is deleted, with ``kind`` ("person" or "work") and ``pk``: pages that
# show its name or address (an article's links to it) are out of date.
entity_changed = Signal()
