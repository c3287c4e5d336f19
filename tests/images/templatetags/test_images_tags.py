"""The picture tag, the social image tags, and the public pages that use them."""

import pytest
from django.db import connection
from django.template import Context, Template, TemplateSyntaxError
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from images.services import store_image
from people.models import Work
from tests.builders.articles import make_article
from tests.builders.images import jpeg, upload
from tests.builders.people import make_person

HOSTILE = '"><script>alert(1)</script>'


def render(source: str, **context) -> str:
    return Template("{% load images_tags %}" + source).render(Context(context))


@pytest.fixture
def photo(editor):
    return store_image(
        upload(jpeg((1600, 1000))),
        by=editor,
        alt_text="Spike Jonze & Kanye West",
        caption="On set in 2009.",
        credit="Photo: Jane Doe / Agency",
    )


def urls(image, prefix: str) -> dict[int, str]:
    return {
        r.width: r.file.url for r in image.renditions.all() if r.name.startswith(prefix)
    }


def test_picture_renders_sources_sizes_dimensions_and_caption(photo):
    webp, jpg = urls(photo, "webp-"), urls(photo, "jpeg-")

    html = render(
        '{% picture image sizes="(min-width: 44rem) 40rem, 100vw" %}', image=photo
    )

    sizes = "(min-width: 44rem) 40rem, 100vw"
    assert html == (
        '<figure class="picture"><picture>'
        f'<source type="image/webp" srcset="{webp[320]} 320w, {webp[640]} 640w, '
        f'{webp[960]} 960w, {webp[1280]} 1280w" sizes="{sizes}">'
        f'<img src="{jpg[960]}" srcset="{jpg[320]} 320w, {jpg[640]} 640w, '
        f'{jpg[960]} 960w, {jpg[1280]} 1280w" sizes="{sizes}" width="960" '
        'height="600" alt="Spike Jonze &amp; Kanye West" loading="lazy" '
        'decoding="async"></picture>'
        '<figcaption><span class="caption">On set in 2009.</span> '
        '<span class="credit">Photo: Jane Doe / Agency</span></figcaption>'
        "</figure>"
    )


def test_picture_eager_is_fetched_first(photo):
    html = render('{% picture image loading="eager" %}', image=photo)

    assert 'loading="eager" decoding="async" fetchpriority="high">' in html


def test_picture_escapes_hostile_text(editor):
    image = store_image(
        upload(jpeg((400, 300))),
        by=editor,
        alt_text=HOSTILE,
        caption=HOSTILE,
        credit=HOSTILE,
    )

    html = render("{% picture image %}", image=image)

    assert "<script" not in html
    assert 'alt="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in html
    assert (
        '<span class="credit">&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;</span>'
        in html
    )


def test_picture_escapes_hostile_sizes(photo):
    html = render("{% picture image sizes=sizes %}", image=photo, sizes=HOSTILE)

    assert "<script" not in html
    assert 'sizes="&quot;&gt;&lt;script&gt;' in html


def test_picture_decorative_has_empty_alt(editor):
    image = store_image(upload(jpeg((400, 300))), by=editor, decorative=True)

    html = render("{% picture image %}", image=image)

    assert ' alt="" ' in html
    assert "<figcaption>" not in html


def test_picture_of_nothing_renders_nothing(db):
    assert render("{% picture image %}", image=None) == ""


def test_picture_refuses_unknown_loading(photo):
    with pytest.raises(TemplateSyntaxError, match="loading must be one of"):
        render('{% picture image loading="soon" %}', image=photo)


def test_social_image_meta_uses_absolute_urls(photo, settings):
    settings.ALLOWED_HOSTS = ["news.example.com"]
    og = photo.social_rendition()
    request = RequestFactory().get("/", HTTP_HOST="news.example.com")

    html = render("{% social_image_meta image %}", image=photo, request=request)

    url = f"http://news.example.com{og.file.url}"
    assert html == (
        f'<meta property="og:image" content="{url}">\n'
        '<meta property="og:image:width" content="1200">\n'
        '<meta property="og:image:height" content="630">\n'
        '<meta property="og:image:alt" content="Spike Jonze &amp; Kanye West">\n'
        '<meta name="twitter:card" content="summary_large_image">\n'
        f'<meta name="twitter:image" content="{url}">\n'
        '<meta name="twitter:image:alt" content="Spike Jonze &amp; Kanye West">'
    )


# --------------------------------------------------------------------------
# Public pages
# --------------------------------------------------------------------------


def test_article_page_shows_lead_image_under_the_dek(client, photo):
    article = make_article("A story", dek="One sentence.", lead_image=photo)
    expected = render(
        '{% picture image sizes="(min-width: 44rem) 40rem, 100vw" loading="eager" %}',
        image=photo,
    )

    html = client.get(article.get_absolute_url()).content.decode()

    assert f'<p class="dek">One sentence.</p>\n    {expected}' in html
    og = photo.social_rendition().file.url
    assert f'<meta property="og:image" content="http://testserver{og}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html


def test_article_page_without_lead_image_has_no_picture(client, db):
    article = make_article("No picture")

    html = client.get(article.get_absolute_url()).content.decode()

    assert ("<picture>" in html, "og:image" in html) == (False, False)


def test_article_page_lead_image_costs_no_query_of_its_own(client, photo):
    plain = make_article("Plain")
    pictured = make_article("Pictured", lead_image=photo)

    with CaptureQueriesContext(connection) as without_image:
        client.get(plain.get_absolute_url())
    with CaptureQueriesContext(connection) as with_image:
        client.get(pictured.get_absolute_url())

    # The image comes with the article's row; its renditions with the
    # article's other relations (public.queries.page_relation_rows).
    assert len(with_image) == len(without_image)


def test_draft_article_lead_image_is_not_shown(client, photo):
    draft = make_article("Draft", status="draft", lead_image=photo)

    response = client.get(draft.get_absolute_url())

    assert response.status_code == 404


def test_person_page_shows_headshot_eagerly(client, photo):
    # In the page header, above the fold: loaded at once.
    person = make_person("Spike Jonze", headshot=photo, bio="Director.")

    html = client.get(person.get_absolute_url()).content.decode()

    assert html.count("<picture>") == 1
    assert 'alt="Spike Jonze &amp; Kanye West" loading="eager"' in html


def test_work_page_shows_poster_eagerly(client, photo):
    work = Work.objects.create(
        name="Where the Wild Things Are", kind="film", poster=photo
    )
    # A work is public once it has credits (or coverage).
    work.credits.create(person=make_person("Spike Jonze"), role="director")

    html = client.get(work.get_absolute_url()).content.decode()

    assert html.count("<picture>") == 1
    assert 'loading="eager"' in html
