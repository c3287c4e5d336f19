"""Previews of unpublished articles: the editors' preview and share links."""

from datetime import timedelta

from django.test import Client
from django.utils import timezone

from articles.models import Article, ShareLink, TaggedPerson
from articles.workflow import sharing
from tests.builders.images import bare_image
from tests.builders.people import make_person
from tests.builders.users import logged_in


def test_preview_renders_the_public_template_privately(reporter, draft):
    response = logged_in(reporter).get(f"/editorial/articles/{draft.pk}/preview/")

    assert response.status_code == 200
    assert [t.name for t in response.templates][0] == "public/article_detail.html"
    assert "Preview (draft): this is how readers would see the article." in (
        response.content.decode()
    )
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_share_link_shows_its_revision_to_anyone_until_revoked(editor, draft):
    editor_client = logged_in(editor)
    editor_client.post(f"/editorial/articles/{draft.pk}/share/")
    link = ShareLink.objects.get()
    Article.objects.filter(pk=draft.pk).update(body="Changed after sharing.")

    shown = Client().get(link.get_absolute_url())
    editor_client.post(f"/editorial/share-links/{link.pk}/revoke/")
    after_revoke = Client().get(link.get_absolute_url())

    assert shown.status_code == 200
    html = shown.content.decode()
    assert "The video came out in 2007." in html
    assert "Changed after sharing." not in html
    assert "Sam Writer" in html
    assert shown["X-Robots-Tag"] == "noindex, nofollow"
    assert after_revoke.status_code == 404


def test_share_link_expired_is_not_found(editor, draft):
    link = sharing.create_share_link(
        draft, by=editor, now=timezone.now() - timedelta(hours=49)
    )

    assert Client().get(link.get_absolute_url()).status_code == 404


def test_share_link_shows_the_lead_image_with_caption_and_credit(editor, draft):
    image = bare_image(
        alt_text="Spike Jonze on set",
        caption="Jonze between takes.",
        credit="Photo: Example Agency",
    )
    image.save()
    draft.lead_image = image
    draft.save(update_fields=["lead_image"])
    link = sharing.create_share_link(draft, by=editor)
    # Changed after sharing: the link shows the image of its revision.
    Article.objects.filter(pk=draft.pk).update(lead_image=None)

    html = Client().get(link.get_absolute_url()).content.decode()

    assert 'alt="Spike Jonze on set"' in html
    assert "Jonze between takes." in html
    assert "Photo: Example Agency" in html


def test_share_link_of_an_older_revision_shows_the_live_lead_image(editor, draft):
    # Revisions made before lead images were kept in them have none.
    link = sharing.create_share_link(draft, by=editor)
    data = link.version.serialized_data.replace(', "lead_image": null', "")
    type(link.version).objects.filter(pk=link.version.pk).update(serialized_data=data)
    image = bare_image(alt_text="Jonze", credit="Photo: Example Agency")
    image.save()
    Article.objects.filter(pk=draft.pk).update(lead_image=image)

    html = Client().get(link.get_absolute_url()).content.decode()

    assert 'alt="Jonze"' in html


def test_share_link_leaves_out_a_person_awaiting_approval(editor, draft):
    # A reporter added "Newcomer Act"; no editor approved it yet: no page for
    # it exists, so readers holding the link see no tag of it either.
    known = make_person("Known Artist")
    newcomer = make_person("Newcomer Act", approved_at=None)
    TaggedPerson.objects.create(content_object=draft, tag=known)
    TaggedPerson.objects.create(content_object=draft, tag=newcomer)
    link = sharing.create_share_link(draft, by=editor)

    html = Client().get(link.get_absolute_url()).content.decode()

    assert "Known Artist" in html
    assert "Newcomer Act" not in html
