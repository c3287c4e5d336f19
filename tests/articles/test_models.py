from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.db.models import ProtectedError
from django.utils import timezone

from articles.models import LEAD_IMAGE_NEEDS_CREDIT, Article, Status, TaggedPerson
from tests.builders.articles import make_article
from tests.builders.images import bare_image
from tests.builders.people import make_person


def test_published_includes_only_public_states_whose_time_has_come(db):
    now = timezone.now()
    live = make_article(status=Status.PUBLISHED, published_at=now - timedelta(hours=1))
    due = make_article(status=Status.SCHEDULED, published_at=now - timedelta(seconds=1))
    retracted = make_article(
        status=Status.RETRACTED, published_at=now - timedelta(days=1)
    )
    make_article(status=Status.SCHEDULED, published_at=now + timedelta(hours=1))
    for status in (Status.DRAFT, Status.IN_REVIEW, Status.APPROVED, Status.UNPUBLISHED):
        make_article(status=status, published_at=now - timedelta(hours=2))

    assert set(Article.objects.published(now=now)) == {live, due, retracted}
    assert set(Article.objects.listed(now=now)) == {live, due}


def test_default_manager_is_unfiltered(db):
    make_article(status=Status.DRAFT)

    assert Article.objects.count() == 1


def test_tagged_person_unique_per_article(db):
    article = make_article()
    person = make_person()
    TaggedPerson.objects.create(content_object=article, tag=person)

    with pytest.raises(IntegrityError):
        TaggedPerson.objects.create(content_object=article, tag=person)


def test_source_key_unique_when_set(db):
    make_article(source_key="000_abc")

    with pytest.raises(IntegrityError):
        make_article(source_key="000_abc")


def test_blank_source_key_may_repeat(db):
    make_article(source_key="")
    make_article(source_key="")

    assert Article.objects.filter(source_key="").count() == 2


def test_article_str_and_url(db):
    article = make_article("Jonze speaks", slug="jonze-speaks")

    assert str(article) == "Jonze speaks"
    assert article.get_absolute_url() == "/articles/jonze-speaks/"


def test_article_clean_requires_credit_on_lead_image(db):
    uncredited = bare_image()
    uncredited.save()
    credited = bare_image(credit="Photo: Jane Doe / Agency")
    credited.save()

    with pytest.raises(ValidationError) as caught:
        make_article(lead_image=uncredited).full_clean()

    make_article(lead_image=credited).full_clean()
    assert caught.value.message_dict == {"lead_image": [LEAD_IMAGE_NEEDS_CREDIT]}


def test_article_lead_image_is_protected(db):
    image = bare_image(credit="Photo: A")
    image.save()
    article = make_article(lead_image=image)

    with pytest.raises(ProtectedError):
        image.delete()

    assert Article.objects.get(pk=article.pk).lead_image == image


def test_deleting_a_user_keeps_their_articles_tags_and_versions_with_the_keys_emptied(
    db, django_user_model
):
    from articles.models import PublishedVersion, TaggedTopic, TaggedWork
    from people.models import Work, WorkKind

    writer = django_user_model.objects.create_user("leaving")
    article = make_article(created_by=writer, updated_by=writer, submitted_by=writer)
    person_tag = TaggedPerson.objects.create(
        content_object=article, tag=make_person("Kanye West"), added_by=writer
    )
    work_tag = TaggedWork.objects.create(
        content_object=article,
        tag=Work.objects.create(name="Amazing", kind=WorkKind.SONG),
        added_by=writer,
    )
    article.topics.add("Music")
    TaggedTopic.objects.filter(content_object=article).update(added_by=writer)
    PublishedVersion.objects.filter(article=article).update(created_by=writer)

    writer.delete()

    article.refresh_from_db()
    assert (article.created_by, article.updated_by, article.submitted_by) == (
        None,
        None,
        None,
    )
    for tag in (person_tag, work_tag):
        tag.refresh_from_db()
        assert tag.added_by is None
    assert TaggedTopic.objects.get(content_object=article).added_by is None
    assert not PublishedVersion.objects.filter(created_by__isnull=False).exists()


@pytest.mark.parametrize(
    ("model", "field"),
    [
        ("Article", "created_by"),
        ("Article", "lead_image"),
        ("PublishedVersion", "correction"),
        ("TaggedPerson", "added_by"),
        ("TaggedTopic", "added_by"),
    ],
)
def test_keys_most_rows_leave_empty_are_indexed_only_where_set(model, field):
    # An imported article sets none of them: no index entry for each.
    from django.apps import apps

    meta = apps.get_model("articles", model)._meta
    (index,) = [i for i in meta.indexes if i.fields == [field]]

    assert not meta.get_field(field).db_index
    assert index.condition is not None
