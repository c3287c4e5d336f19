"""The article form's topics: a search over the topics there are, and a
text field for new ones (reporters may not add topics anywhere else)."""

import json

import pytest

from articles.models import TaggedTopic, Topic
from articles.workflow import transitions
from tests.articles.workflow.test_concurrency import shown_again
from tests.builders.articles import article_form_data, change_url
from tests.builders.users import logged_in


@pytest.fixture
def itunes(db):
    return Topic.objects.create(name="iTunes", slug="itunes")


@pytest.fixture
def mtv(db):
    return Topic.objects.create(name="MTV News", slug="mtv-news")


def topics_of(article) -> list[tuple[str, str | None]]:
    return sorted(
        (row.tag.name, row.added_by.username if row.added_by else None)
        for row in TaggedTopic.objects.filter(content_object=article)
    )


def test_reporter_picks_a_topic_and_types_a_new_one(reporter, draft, itunes):
    response = logged_in(reporter).post(
        change_url(draft),
        article_form_data(draft, topics=[str(itunes.pk)], new_topics="Music videos"),
    )

    assert response.status_code == 302
    assert topics_of(draft) == [("Music videos", "rita"), ("iTunes", "rita")]
    assert Topic.objects.get(name="Music videos").slug == "music-videos"


def test_a_new_topic_that_exists_is_that_topic(reporter, draft, itunes):
    logged_in(reporter).post(
        change_url(draft), article_form_data(draft, new_topics="iTunes, iTunes")
    )

    assert topics_of(draft) == [("iTunes", "rita")]
    assert Topic.objects.count() == 1


def test_editors_save_keeps_who_added_the_topics_already_there(
    reporter, editor, draft, itunes, mtv
):
    logged_in(reporter).post(
        change_url(draft), article_form_data(draft, topics=[str(itunes.pk)])
    )
    transitions.submit(draft, by=reporter)

    response = logged_in(editor).post(
        change_url(draft),
        article_form_data(draft, topics=[str(itunes.pk), str(mtv.pk)]),
    )

    assert response.status_code == 302
    assert topics_of(draft) == [("MTV News", "edna"), ("iTunes", "rita")]


def test_taking_a_topic_out_of_the_picker_untags_it(reporter, draft, itunes, mtv):
    client = logged_in(reporter)
    client.post(
        change_url(draft),
        article_form_data(draft, topics=[str(itunes.pk), str(mtv.pk)]),
    )

    client.post(change_url(draft), article_form_data(draft, topics=[str(mtv.pk)]))

    assert topics_of(draft) == [("MTV News", "rita")]
    # The topic itself stays for other articles.
    assert Topic.objects.filter(pk=itunes.pk).exists()


def test_the_picker_refuses_what_is_no_topic(reporter, draft):
    response = logged_in(reporter).post(
        change_url(draft), article_form_data(draft, topics=["999999", "abc"])
    )

    assert response.status_code == 200
    assert response.context["adminform"].form.errors == {
        "topics": ["“abc” is not a valid value."]
    }
    assert topics_of(draft) == []


def test_a_new_topic_too_long_is_refused_with_a_message(reporter, draft):
    response = logged_in(reporter).post(
        change_url(draft), article_form_data(draft, new_topics="x" * 101)
    )

    assert response.status_code == 200
    [message] = response.context["adminform"].form.errors["new_topics"]
    assert "at most 100 characters" in message
    assert Topic.objects.count() == 0


def test_change_page_shows_the_topics_picker_with_the_article_topics(
    reporter, draft, itunes
):
    TaggedTopic.objects.create(content_object=draft, tag=itunes)

    html = logged_in(reporter).get(change_url(draft)).content.decode()

    assert 'name="topics"' in html
    assert 'data-model-name="taggedtopic"' in html
    assert f'<option value="{itunes.pk}" selected>iTunes</option>' in html
    assert 'name="new_topics"' in html


def test_reporter_searches_topics_through_the_autocomplete(reporter, itunes, mtv):
    response = logged_in(reporter).get(
        "/admin/autocomplete/",
        {
            "app_label": "articles",
            "model_name": "taggedtopic",
            "field_name": "tag",
            "term": "itu",
        },
    )

    assert response.status_code == 200
    assert response.json()["results"] == [{"id": str(itunes.pk), "text": "iTunes"}]


def test_a_submitted_article_shows_its_topics_to_its_reporter_read_only(
    reporter, draft, itunes
):
    TaggedTopic.objects.create(content_object=draft, tag=itunes)
    transitions.submit(draft, by=reporter)

    response = logged_in(reporter).get(change_url(draft))

    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="new_topics"' not in html
    assert 'name="topics"' not in html
    assert "iTunes" in html


# Concurrent edits: topics merge as a field, by name ---------------------------


def test_my_topic_and_their_headline_are_merged(reporter, editor, draft, itunes):
    mine = article_form_data(draft, topics=[str(itunes.pk)], new_topics="Videos")
    logged_in(editor).post(change_url(draft), article_form_data(draft, headline="T"))

    response = logged_in(reporter).post(change_url(draft), mine)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.headline == "T"
    assert topics_of(draft) == [("Videos", "rita"), ("iTunes", "rita")]


def test_topics_changed_by_both_are_a_conflict_and_keep_theirs_works(
    reporter, editor, draft, itunes, mtv
):
    mine = article_form_data(draft, topics=[str(itunes.pk)], body="Mine.")
    logged_in(editor).post(
        change_url(draft), article_form_data(draft, topics=[str(mtv.pk)])
    )
    client = logged_in(reporter)

    conflict = client.post(change_url(draft), mine)

    assert conflict.status_code == 200
    assert [c.name for c in conflict.context["adminform"].form.conflicts] == ["topics"]
    html = conflict.content.decode()
    assert "iTunes" in html
    assert "MTV News" in html
    response = client.post(change_url(draft), shown_again(conflict, topics="theirs"))
    assert response.status_code == 302
    assert topics_of(draft) == [("MTV News", "edna")]
    draft.refresh_from_db()
    assert draft.body != ""


def test_keep_mine_on_topics_saves_my_new_topic(reporter, editor, draft, mtv):
    mine = article_form_data(draft, new_topics="Videos")
    logged_in(editor).post(
        change_url(draft), article_form_data(draft, topics=[str(mtv.pk)])
    )
    client = logged_in(reporter)
    conflict = client.post(change_url(draft), mine)

    response = client.post(change_url(draft), shown_again(conflict, topics="mine"))

    assert response.status_code == 302
    assert topics_of(draft) == [("Videos", "rita")]


def test_an_autosaved_draft_restores_picked_and_new_topics(reporter, draft, itunes):
    client = logged_in(reporter)
    fields = article_form_data(draft, topics=[str(itunes.pk)], new_topics="Videos")
    fields.pop("_save")
    client.post(
        f"/editorial/articles/{draft.pk}/autosave/",
        json.dumps(
            {
                "fields": {
                    k: v if isinstance(v, list) else [v] for k, v in fields.items()
                }
            }
        ),
        content_type="application/json",
    )

    response = client.get(f"{change_url(draft)}?restore=autosave")

    form = response.context["adminform"].form
    assert (form.initial["topics"], form.initial["new_topics"]) == (
        [str(itunes.pk)],
        "Videos",
    )
    assert f'<option value="{itunes.pk}" selected>iTunes</option>' in (
        response.content.decode()
    )
