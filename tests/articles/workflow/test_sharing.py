"""Share links: a signed address for one revision, until it expires or is revoked."""

from datetime import timedelta

from articles.workflow import sharing
from tests.builders.articles import T0, draft_by


def test_share_link_works_until_it_expires_or_is_revoked(reporter, editor):
    article = draft_by(reporter)
    link = sharing.create_share_link(article, by=editor, now=T0)
    signed = link.signature()

    assert sharing.share_link_from_signature(signed, now=T0) == link
    assert link.expires_at == T0 + timedelta(hours=48)
    assert sharing.share_link_from_signature(signed, now=link.expires_at) is None
    assert sharing.share_link_from_signature(signed + "x", now=T0) is None
    sharing.revoke_share_link(link, by=editor, now=T0)
    assert sharing.share_link_from_signature(signed, now=T0) is None
