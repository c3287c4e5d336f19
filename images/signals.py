"""What this app tells the apps above it (it imports none of them)."""

from django.dispatch import Signal

# Sent by images.services when an image's words, crops or file change, and
# just before one is deleted, with ``pk``: pages that show it are out of date.
image_changed = Signal()
