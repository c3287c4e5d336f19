"""Template tags of the public pages: page links and dates."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def page_url(context, param: str, number: int) -> str:
    """The current address with ``param`` set to ``number``, other parameters kept.

    Page 1 drops the parameter, so the first page has one address.
    """
    query = context["request"].GET.copy()
    if number == 1:
        query.pop(param, None)
    else:
        query[param] = number
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else "?"


@register.filter
def iso(value) -> str:
    """A datetime as ISO 8601 to the second, as HTML's ``datetime`` accepts."""
    return value.isoformat(timespec="seconds") if value else ""
