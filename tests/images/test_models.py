"""Image and Rendition rows: the rules editors meet, and the database's backstops."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from images.models import ALT_REQUIRED, FOCAL_BOTH, Rendition
from images.services import store_image
from tests.builders.articles import make_article
from tests.builders.images import bare_image, jpeg, upload


def test_image_clean_requires_alt_text_unless_decorative(db):
    with pytest.raises(ValidationError) as caught:
        bare_image(alt_text="").full_clean()

    bare_image(alt_text="", decorative=True).full_clean()
    assert caught.value.message_dict == {"alt_text": [ALT_REQUIRED]}


def test_image_clean_requires_both_focal_coordinates(db):
    with pytest.raises(ValidationError) as caught:
        bare_image(focal_x=0.2).full_clean()

    assert caught.value.message_dict == {"focal_y": [FOCAL_BOTH]}


def test_image_clean_keeps_focal_point_in_frame(db):
    with pytest.raises(ValidationError) as caught:
        bare_image(focal_x=1.5, focal_y=-0.1).full_clean()

    assert caught.value.message_dict == {
        "focal_x": ["Ensure this value is less than or equal to 1.0."],
        "focal_y": ["Ensure this value is greater than or equal to 0.0."],
    }


@pytest.mark.parametrize(
    "fields",
    [
        {"alt_text": ""},
        {"focal_x": 0.5},
        {"focal_x": 1.5, "focal_y": 0.5},
    ],
    ids=["no-alt", "half-focal", "focal-outside"],
)
def test_image_database_refuses_what_clean_refuses(db, fields):
    with transaction.atomic(), pytest.raises(IntegrityError):
        bare_image(**fields).save()


def test_rendition_name_is_unique_per_image(db):
    image = bare_image()
    image.save()
    Rendition.objects.create(
        image=image, name="og", file="a.jpg", width=1, height=1, format="JPEG"
    )

    with transaction.atomic(), pytest.raises(IntegrityError):
        Rendition.objects.create(
            image=image, name="og", file="b.jpg", width=1, height=1, format="JPEG"
        )


def test_image_focal_defaults_to_centre():
    assert (bare_image().focal, bare_image(focal_x=0.1, focal_y=0.9).focal) == (
        (0.5, 0.5),
        (0.1, 0.9),
    )


def test_image_alt_is_empty_when_decorative():
    assert (
        bare_image(alt_text="Words").alt,
        bare_image(alt_text="Words", decorative=True).alt,
    ) == ("Words", "")


def test_image_str_is_alt_text_then_caption():
    assert [
        str(bare_image(alt_text="Kanye West on stage")),
        str(bare_image(alt_text="", caption="At the Grammys")),
        str(bare_image(alt_text="", pk=7)),
    ] == ["Kanye West on stage", "At the Grammys", "Image 7"]


def test_image_social_and_schema_renditions(editor):
    image = store_image(upload(jpeg((1600, 1000))), by=editor, alt_text="Crops")
    by_name = {r.name: r for r in image.renditions.all()}

    social = image.social_rendition()

    assert (social.pk, social.width, social.height) == (by_name["og"].pk, 1200, 630)
    assert image.schema_images() == [
        by_name["1x1"].file.url,
        by_name["4x3"].file.url,
        by_name["16x9"].file.url,
    ]
    assert image.schema_images()[0].startswith("/media/images/renditions/")


def test_image_srcset_renditions_are_narrowest_first(editor):
    image = store_image(upload(jpeg((1600, 1000))), by=editor, alt_text="Widths")

    assert [r.name for r in image.srcset_renditions("WEBP")] == [
        "webp-320",
        "webp-640",
        "webp-960",
        "webp-1280",
    ]
    assert [r.width for r in image.srcset_renditions("JPEG")] == [320, 640, 960, 1280]


def test_image_clean_keeps_credit_while_it_leads_an_article(db):
    image = bare_image(credit="Photo: A")
    image.save()
    make_article(lead_image=image)
    image.credit = ""

    with pytest.raises(ValidationError) as caught:
        image.full_clean()

    assert list(caught.value.message_dict) == ["credit"]
