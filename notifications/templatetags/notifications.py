from django import template

from notifications.models import Notification

register = template.Library()


# Past this many, the header says "99+": nobody needs the exact number, and
# the count stops there instead of walking a long backlog on every page.
SHOWN_AT_MOST = 99


@register.simple_tag(takes_context=True)
def unread_notifications(context) -> str:
    """How many unread notices the logged-in user has, as the header shows
    it ("" for none): one bounded COUNT query."""
    user = getattr(context.get("request"), "user", None)
    if user is None or not (user.is_active and user.is_staff):
        return ""
    unread = Notification.objects.filter(recipient=user).unread()
    count = unread[: SHOWN_AT_MOST + 1].count()
    if count > SHOWN_AT_MOST:
        return f"{SHOWN_AT_MOST}+"
    return str(count) if count else ""
