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
