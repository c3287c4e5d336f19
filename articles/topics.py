"""Writing topics: every change purges the public pages that show the topic."""

from __future__ import annotations

from articles import purging
from articles.models import Topic
from newsroom.pagecache import purge_tags


def save_topic(topic: Topic) -> Topic:
    """Save ``topic`` (a new name or address shows on every page that lists it)."""
    topic.save()
    purge_tags([purging.topic_tag(topic.pk)])
    return topic


def delete_topic(topic: Topic) -> None:
    """Delete ``topic``; the articles tagged with it lose the tag."""
    tag = purging.topic_tag(topic.pk)
    topic.delete()
    purge_tags([tag])
