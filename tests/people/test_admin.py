"""The people admin: how aliases are edited."""


def test_admin_aliases_edited_one_per_line(admin_client, people_and_works):
    from people.models import Person

    response = admin_client.post(
        "/admin/people/person/add/",
        {
            "name": "Donda West",
            "slug": "donda-west",
            "kind": "person",
            "aliases": "Donda\n\n Donda \n",
            "bio": "",
            "external_ids-TOTAL_FORMS": "0",
            "external_ids-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert Person.objects.get(name="Donda West").aliases == ["Donda"]


def test_admin_work_external_ids_edited_inline(admin_client, people_and_works):
    from people.models import Work

    work = Work.objects.get(name="We Were Once a Fairytale")

    response = admin_client.post(
        f"/admin/people/work/{work.pk}/change/",
        {
            "name": work.name,
            "slug": work.slug,
            "kind": work.kind,
            "disambiguation": "",
            "year": work.year or "",
            "released_on": "",
            "aliases": "\n".join(work.aliases),
            "part_of": "",
            "poster": "",
            "credits-TOTAL_FORMS": "0",
            "credits-INITIAL_FORMS": "0",
            "external_ids-TOTAL_FORMS": "1",
            "external_ids-INITIAL_FORMS": "0",
            "external_ids-0-publisher": "MTV News",
            "external_ids-0-value": "501",
        },
    )

    assert response.status_code == 302
    assert list(work.external_ids.values_list("publisher", "value")) == [
        ("MTV News", "501")
    ]
