"""Template tags that put stored images on public pages.

Every URL comes from a rendition made at upload: nothing is resized per request.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from images.models import Image, Rendition

register = template.Library()

LOADING = ("lazy", "eager")
# The fallback <img src> for browsers without srcset: wide enough for an
# article column, small enough for a phone.
FALLBACK_WIDTH = 960


@register.simple_tag
def picture(image: Image | None, sizes: str = "100vw", loading: str = "lazy") -> str:
    """Render ``image`` as ``<figure><picture>…</picture><figcaption>``.

    A WebP ``<source srcset>`` and a JPEG ``<img srcset>`` share ``sizes``;
    the ``<img>`` carries width and height (so the page does not jump while
    it loads), the alt text (empty for decorative images) and ``loading``:
    "eager" for the image at the top of the page, "lazy" for the rest.
    Renders nothing when ``image`` is None.
    """
    if image is None:
        return ""
    if loading not in LOADING:
        raise template.TemplateSyntaxError(
            f"picture: loading must be one of {', '.join(LOADING)}; got {loading!r}."
        )
    webp = image.srcset_renditions("WEBP")
    jpeg = image.srcset_renditions("JPEG")
    if jpeg:
        fallback = _fallback(jpeg)
        src, width, height = fallback.file.url, fallback.width, fallback.height
    else:
        # Stored before renditions existed: the original, unscaled.
        src, width, height = image.file.url, image.width, image.height
    source = (
        format_html(
            '<source type="image/webp" srcset="{}" sizes="{}">',
            _srcset(webp),
            sizes,
        )
        if webp
        else ""
    )
    img = format_html(
        '<img src="{}"{} sizes="{}" width="{}" height="{}" alt="{}" '
        'loading="{}" decoding="async"{}>',
        src,
        format_html(' srcset="{}"', _srcset(jpeg)) if jpeg else "",
        sizes,
        width,
        height,
        image.alt,
        loading,
        # The lead image is usually the largest thing on screen: fetch it first.
        format_html(' fetchpriority="{}"', "high") if loading == "eager" else "",
    )
    return format_html(
        '<figure class="picture"><picture>{}{}</picture>{}</figure>',
        source,
        img,
        _figcaption(image),
    )


@register.simple_tag(takes_context=True)
def social_image_meta(context: template.Context, image: Image | None) -> str:
    """Open Graph and Twitter card tags for ``image``'s 1200 x 630 rendition.

    URLs are absolute (social sites need them), built from the request.
    Renders nothing without an image or its social rendition.
    """
    rendition = image.social_rendition() if image is not None else None
    if rendition is None:
        return ""
    url = _absolute(context, rendition)
    tags = [
        ("property", "og:image", url),
        ("property", "og:image:width", rendition.width),
        ("property", "og:image:height", rendition.height),
        ("name", "twitter:card", "summary_large_image"),
        ("name", "twitter:image", url),
    ]
    if image.alt:
        tags.insert(3, ("property", "og:image:alt", image.alt))
        tags.append(("name", "twitter:image:alt", image.alt))
    return format_html_join("\n", '<meta {}="{}" content="{}">', tags)


def _fallback(renditions: list[Rendition]) -> Rendition:
    fitting = [r for r in renditions if r.width <= FALLBACK_WIDTH]
    return fitting[-1] if fitting else renditions[0]


def _srcset(renditions: list[Rendition]) -> SafeString:
    return format_html_join(", ", "{} {}w", ((r.file.url, r.width) for r in renditions))


def _figcaption(image: Image) -> str:
    if not image.caption and not image.credit:
        return ""
    parts = []
    if image.caption:
        parts.append(format_html('<span class="caption">{}</span>', image.caption))
    if image.credit:
        parts.append(format_html('<span class="credit">{}</span>', image.credit))
    return format_html(
        "<figcaption>{}</figcaption>",
        format_html_join(" ", "{}", ((part,) for part in parts)),
    )


def _absolute(context: template.Context, rendition: Rendition) -> str:
    request = context.get("request")
    url = rendition.file.url
    return request.build_absolute_uri(url) if request is not None else url
