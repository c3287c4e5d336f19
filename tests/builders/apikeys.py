"""API keys for tests, made the way the admin makes them."""

from api.keys import create_key
from api.models import ApiKey
from tests.builders.users import make_user


def make_key(
    name: str = "Partner app", *, rate_per_minute: int = 600, by=None
) -> tuple[ApiKey, str]:
    """A key and its raw value, made by an editor (a new one unless ``by``)."""
    if by is None:
        by = make_user(f"keymaker{ApiKey.objects.count()}", "Editor")
    return create_key(name=name, rate_per_minute=rate_per_minute, by=by)


def bearer(raw: str) -> dict[str, str]:
    """Test-client keyword arguments that send ``raw`` as the request's key."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
