"""The three-way merge of two people's edits (articles.merging): plain dicts."""

from articles.merging import merge

BASE = {
    "headline": "Old headline",
    "body": "<p>Old body.</p>",
    "lead_image": 1,
    "people": [3, 5],
    "bylines": [[7, "", "", "writer"]],
}


def test_a_field_only_i_changed_keeps_mine():
    mine = {**BASE, "headline": "My headline"}

    result = merge(BASE, dict(BASE), mine)

    assert result.merged == mine
    assert (result.conflicts, result.taken_from_theirs) == ([], [])


def test_a_field_only_they_changed_takes_theirs():
    theirs = {**BASE, "lead_image": 2}

    result = merge(BASE, theirs, dict(BASE))

    assert result.merged["lead_image"] == 2
    assert result.taken_from_theirs == ["lead_image"]
    assert result.conflicts == []


def test_different_fields_changed_are_both_kept():
    theirs = {**BASE, "people": [3, 5, 9], "bylines": []}
    mine = {**BASE, "headline": "My headline", "body": "<p>My body.</p>"}

    result = merge(BASE, theirs, mine)

    assert result.merged == {
        **BASE,
        "headline": "My headline",
        "body": "<p>My body.</p>",
        "people": [3, 5, 9],
        "bylines": [],
    }
    assert result.conflicts == []
    assert result.taken_from_theirs == ["people", "bylines"]


def test_both_changed_to_the_same_value_is_no_conflict():
    changed = {**BASE, "headline": "Same new headline", "people": [3]}

    result = merge(BASE, dict(changed), dict(changed))

    assert result.merged == changed
    assert result.conflicts == []


def test_both_changed_differently_is_a_conflict_holding_mine_until_decided():
    theirs = {**BASE, "body": "<p>Their body.</p>", "lead_image": None}
    mine = {**BASE, "body": "<p>My body.</p>", "headline": "Mine"}

    result = merge(BASE, theirs, mine)

    assert result.conflicts == ["body"]
    assert result.merged["body"] == "<p>My body.</p>"
    # The other fields merge as usual: their image change, my headline.
    assert result.merged["lead_image"] is None
    assert result.merged["headline"] == "Mine"


def test_each_kind_of_field_conflicts_on_its_own():
    theirs = {
        "headline": "T",
        "lead_image": 2,
        "people": [1],
        "bylines": [[8, "", "", "writer"]],
    }
    mine = {
        "headline": "M",
        "lead_image": 4,
        "people": [2],
        "bylines": [[None, "AP", "", "writer"]],
    }

    result = merge(BASE, theirs, mine)

    assert result.conflicts == ["headline", "lead_image", "people", "bylines"]


def test_what_is_compared_can_differ_from_what_is_kept():
    # A body whose markup changed but whose text did not is the same body.
    theirs = {**BASE, "body": "<p>Old\nbody.</p>"}
    mine = {**BASE, "body": "<p>Old body, fixed.</p>"}

    def words(name, value):
        return " ".join(str(value).split()) if name == "body" else value

    result = merge(BASE, theirs, mine, same=words)

    assert result.conflicts == []
    assert result.merged["body"] == "<p>Old body, fixed.</p>"


def test_without_a_base_every_difference_is_asked_about():
    theirs = {**BASE, "headline": "Theirs"}
    mine = {**BASE, "headline": "Mine", "lead_image": 2}

    result = merge(None, theirs, mine)

    assert result.conflicts == ["headline", "lead_image"]
    assert result.merged["headline"] == "Mine"


def test_only_the_fields_of_mine_are_merged():
    result = merge(BASE, {**BASE, "works": [1]}, {"headline": "Mine"})

    assert result.merged == {"headline": "Mine"}
