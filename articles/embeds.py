"""Embeds: a video, post or track from another site, known by its address.

Plain Python, no network: the provider and the item are read from the URL
alone (no oEmbed call is needed to save or render, and none is possible on
this machine), stored as ``(provider, id)``, and rendered as an ``<iframe>``
to the provider's own embed host, privacy-friendly where the provider offers
it (YouTube through youtube-nocookie.com, Vimeo with ``dnt=1``), with a plain
link to the original that works without the frame.

Adding a provider: a ``Provider`` below with the patterns of its addresses
(named group ``id``), how to build the embed and canonical addresses from the
id, the host of its frames (it goes into the CSP's ``frame-src``, see
``FRAME_HOSTS``), and a test in tests/articles/test_embeds.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import quote, urlsplit

# The longest address we try to read (a pasted URL, not a document).
MAX_URL = 2048


@dataclass(frozen=True)
class Provider:
    key: str  # stored: "youtube"
    name: str  # shown: "YouTube"
    frame_host: str  # the host of its embed frames, allowed by the CSP
    patterns: tuple[re.Pattern, ...]  # full matches on "host/path?query"
    # The frame's and the item's own addresses: "{id}" is the stored id,
    # "{last}" its last path segment.
    embed: str
    canonical: str
    # A frame's height when the provider's item is not a 16:9 video.
    height: int | None = None
    # The hosts (and their subdomains) of its addresses: the editor refuses
    # an address from any other host at once (the server reads the rest).
    hosts: tuple[str, ...] = ()


def _patterns(*sources: str) -> tuple[re.Pattern, ...]:
    return tuple(re.compile(source) for source in sources)


PROVIDERS = (
    Provider(
        "youtube",
        "YouTube",
        "www.youtube-nocookie.com",
        _patterns(
            r"(?:www\.|m\.|music\.)?youtube\.com/watch\?(?:.*&)?v=(?P<id>[\w-]{11})\b.*",
            r"(?:www\.|m\.)?youtube\.com/(?:shorts|embed|live|v)/(?P<id>[\w-]{11})\b.*",
            r"youtu\.be/(?P<id>[\w-]{11})\b.*",
        ),
        "https://www.youtube-nocookie.com/embed/{id}",
        "https://www.youtube.com/watch?v={id}",
        hosts=("youtube.com", "youtu.be"),
    ),
    Provider(
        "vimeo",
        "Vimeo",
        "player.vimeo.com",
        _patterns(
            r"(?:www\.)?vimeo\.com/(?:video/)?(?P<id>\d{1,12})(?:[/?#].*)?",
            r"player\.vimeo\.com/video/(?P<id>\d{1,12})(?:[/?#].*)?",
        ),
        "https://player.vimeo.com/video/{id}?dnt=1",
        "https://vimeo.com/{id}",
        hosts=("vimeo.com",),
    ),
    Provider(
        "tiktok",
        "TikTok",
        "www.tiktok.com",
        _patterns(r"(?:www\.)?tiktok\.com/(?P<id>@[\w.-]{1,64}/video/\d{1,25})\b.*"),
        "https://www.tiktok.com/embed/v2/{last}",
        "https://www.tiktok.com/{id}",
        height=740,
        hosts=("tiktok.com",),
    ),
    Provider(
        "instagram",
        "Instagram",
        "www.instagram.com",
        _patterns(r"(?:www\.)?instagram\.com/(?:p|reel|tv)/(?P<id>[\w-]{5,40})/?.*"),
        "https://www.instagram.com/p/{id}/embed",
        "https://www.instagram.com/p/{id}/",
        height=640,
        hosts=("instagram.com",),
    ),
    Provider(
        "x",
        "X (Twitter)",
        "platform.twitter.com",
        _patterns(
            r"(?:www\.|mobile\.)?(?:twitter|x)\.com/\w{1,15}/status(?:es)?/(?P<id>\d{1,25})\b.*"
        ),
        "https://platform.twitter.com/embed/Tweet.html?id={id}",
        "https://x.com/i/status/{id}",
        height=560,
        hosts=("twitter.com", "x.com"),
    ),
    Provider(
        "spotify",
        "Spotify",
        "open.spotify.com",
        _patterns(
            r"open\.spotify\.com/(?:intl-[\w-]+/)?(?P<id>(?:track|album|playlist|episode|show|artist)/[A-Za-z0-9]{22})\b.*"
        ),
        "https://open.spotify.com/embed/{id}",
        "https://open.spotify.com/{id}",
        height=352,
        hosts=("open.spotify.com",),
    ),
    Provider(
        "apple_music",
        "Apple Music",
        "embed.music.apple.com",
        _patterns(
            r"(?:embed\.)?music\.apple\.com/(?P<id>[a-z]{2}/(?:album|playlist|song|music-video)/[\w%.-]{1,200}/[\w.-]{1,60}(?:\?i=\d{1,20})?)(?:[&#].*)?"
        ),
        "https://embed.music.apple.com/{id}",
        "https://music.apple.com/{id}",
        height=450,
        hosts=("music.apple.com",),
    ),
    Provider(
        "soundcloud",
        "SoundCloud",
        "w.soundcloud.com",
        _patterns(
            r"(?:www\.|m\.)?soundcloud\.com/(?P<id>[\w-]{1,100}/(?:sets/)?[\w-]{1,200})/?(?:[?#].*)?"
        ),
        "https://w.soundcloud.com/player/?url=https%3A//soundcloud.com/{id}",
        "https://soundcloud.com/{id}",
        height=166,
        hosts=("soundcloud.com",),
    ),
)
BY_KEY = {provider.key: provider for provider in PROVIDERS}
# For the Content-Security-Policy's frame-src: only these hosts may be framed.
FRAME_HOSTS = tuple(f"https://{provider.frame_host}" for provider in PROVIDERS)
SUPPORTED = ", ".join(provider.name for provider in PROVIDERS)
# "@": a TikTok id starts with the account's name.
_ID = re.compile(r"[\w%./?=&@-]{1,300}")


class EmbedError(ValueError):
    """An address no provider is known for; ``str()`` says which are."""


@dataclass(frozen=True)
class Embed:
    provider: str
    id: str

    @property
    def of(self) -> Provider:
        return BY_KEY[self.provider]

    @property
    def url(self) -> str:
        """The item's own address, where a reader can see it without a frame."""
        return self.of.canonical.format(id=self.id, last=self.id.rsplit("/", 1)[-1])

    @property
    def frame_url(self) -> str:
        safe = quote(self.id, safe="/?=&%.-_@")
        return self.of.embed.format(id=safe, last=safe.rsplit("/", 1)[-1])


def recognise(url: str) -> Embed:
    """The embed ``url`` stands for; ``EmbedError`` if no provider knows it."""
    address = url.strip()
    parts = urlsplit(address) if len(address) <= MAX_URL else None
    if parts is None or parts.scheme not in ("http", "https") or not parts.hostname:
        raise EmbedError(
            f"“{address[:100]}” is not a web address. Embeds come from: {SUPPORTED}."
        )
    rest = parts.path + (f"?{parts.query}" if parts.query else "")
    target = f"{parts.hostname.lower()}{rest}"
    for provider in PROVIDERS:
        for pattern in provider.patterns:
            match = pattern.fullmatch(target)
            if match:
                return Embed(provider.key, match.group("id"))
    raise EmbedError(
        f"No embed is known for “{address[:100]}”. Embeds come from: {SUPPORTED}; "
        "anything else can be a link."
    )


def stored(provider: str, item: str) -> Embed | None:
    """The embed a stored ``(provider, id)`` pair names, or None if invalid."""
    if provider not in BY_KEY or not _ID.fullmatch(item or ""):
        return None
    embed = Embed(provider, item)
    # The pair comes back from the editor with the body, so it is checked as
    # an address is: the id must be what reading its own address gives.
    try:
        return embed if recognise(embed.url) == embed else None
    except EmbedError:
        return None
