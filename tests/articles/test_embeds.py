"""articles.embeds: which addresses are embeds, and what frames them."""

from urllib.parse import urlsplit

import pytest

from articles.embeds import (
    BY_KEY,
    FRAME_HOSTS,
    MAX_URL,
    Embed,
    EmbedError,
    recognise,
    stored,
)

SUPPORTED = (
    "YouTube, Vimeo, TikTok, Instagram, X (Twitter), Spotify, Apple Music, SoundCloud"
)
VIDEO = "dQw4w9WgXcQ"
TIKTOK = "@scout2015/video/6718335390845095173"
TRACK = "track/4uLU6hMCjMI75M1A2tKUQC"
ALBUM = "us/album/abbey-road/1441164426"

# Addresses as editors paste them: (address, provider, id).
ADDRESSES = [
    (f"https://www.youtube.com/watch?v={VIDEO}", "youtube", VIDEO),
    (f"https://youtube.com/watch?v={VIDEO}&t=30s", "youtube", VIDEO),
    (f"http://www.youtube.com/watch?v={VIDEO}#t=1m", "youtube", VIDEO),
    (f"https://m.youtube.com/watch?feature=share&v={VIDEO}", "youtube", VIDEO),
    (f"https://music.youtube.com/watch?v={VIDEO}&list=RDAMVM", "youtube", VIDEO),
    (f"https://youtu.be/{VIDEO}", "youtube", VIDEO),
    (f"https://youtu.be/{VIDEO}?si=AbCdEfGh12345678", "youtube", VIDEO),
    (f"https://www.youtube.com/shorts/{VIDEO}", "youtube", VIDEO),
    (f"https://www.youtube.com/embed/{VIDEO}?start=10", "youtube", VIDEO),
    (f"https://www.youtube.com/live/{VIDEO}?si=abc", "youtube", VIDEO),
    (f"HTTPS://WWW.YOUTUBE.COM/watch?v={VIDEO}", "youtube", VIDEO),
    (f"  https://youtu.be/{VIDEO}\n", "youtube", VIDEO),
    ("https://vimeo.com/76979871", "vimeo", "76979871"),
    ("https://www.vimeo.com/76979871/", "vimeo", "76979871"),
    ("https://vimeo.com/76979871?share=copy", "vimeo", "76979871"),
    ("https://vimeo.com/76979871/abcdef1234", "vimeo", "76979871"),
    ("https://vimeo.com/video/76979871", "vimeo", "76979871"),
    ("https://player.vimeo.com/video/76979871?h=abc", "vimeo", "76979871"),
    (f"https://www.tiktok.com/{TIKTOK}", "tiktok", TIKTOK),
    (f"https://www.tiktok.com/{TIKTOK}/", "tiktok", TIKTOK),
    (
        f"https://tiktok.com/{TIKTOK}?is_from_webapp=1&sender_device=pc",
        "tiktok",
        TIKTOK,
    ),
    (
        "https://www.tiktok.com/@scout.2015/video/6718335390845095173",
        "tiktok",
        "@scout.2015/video/6718335390845095173",
    ),
    ("https://www.instagram.com/p/CqW3xYzABcD/", "instagram", "CqW3xYzABcD"),
    ("https://instagram.com/p/CqW3xYzABcD", "instagram", "CqW3xYzABcD"),
    (
        "https://www.instagram.com/reel/CqW3xYzABcD/?igsh=abc",
        "instagram",
        "CqW3xYzABcD",
    ),
    ("https://www.instagram.com/tv/CqW3xYzABcD/", "instagram", "CqW3xYzABcD"),
    (
        "https://www.instagram.com/p/CqW3xYzABcD/?utm_source=ig_web_copy_link",
        "instagram",
        "CqW3xYzABcD",
    ),
    ("https://twitter.com/jack/status/20", "x", "20"),
    ("https://x.com/jack/status/20?s=20", "x", "20"),
    ("https://mobile.twitter.com/jack/status/20", "x", "20"),
    ("https://www.twitter.com/jack/statuses/20", "x", "20"),
    ("https://x.com/jack/status/20/photo/1", "x", "20"),
    ("https://x.com/i/status/20", "x", "20"),
    (f"https://open.spotify.com/{TRACK}", "spotify", TRACK),
    (f"https://open.spotify.com/{TRACK}?si=abc123", "spotify", TRACK),
    (f"https://open.spotify.com/intl-de/{TRACK}", "spotify", TRACK),
    (
        "https://open.spotify.com/album/1DFixLWuPkv3KT3TnV35m3",
        "spotify",
        "album/1DFixLWuPkv3KT3TnV35m3",
    ),
    (
        "https://open.spotify.com/episode/512ojhOuo1ktJprKbVcKyQ",
        "spotify",
        "episode/512ojhOuo1ktJprKbVcKyQ",
    ),
    (f"https://music.apple.com/{ALBUM}", "apple_music", ALBUM),
    (f"https://embed.music.apple.com/{ALBUM}", "apple_music", ALBUM),
    (
        f"https://music.apple.com/{ALBUM}?i=1441164430",
        "apple_music",
        f"{ALBUM}?i=1441164430",
    ),
    (
        "https://music.apple.com/us/song/come-together/1441164430",
        "apple_music",
        "us/song/come-together/1441164430",
    ),
    (
        "https://music.apple.com/gb/playlist/todays-hits/pl.f4d106fed2bd41149aaacabb233eb5eb",
        "apple_music",
        "gb/playlist/todays-hits/pl.f4d106fed2bd41149aaacabb233eb5eb",
    ),
    ("https://soundcloud.com/forss/flickermood", "soundcloud", "forss/flickermood"),
    (
        "https://www.soundcloud.com/forss/flickermood/",
        "soundcloud",
        "forss/flickermood",
    ),
    (
        "https://m.soundcloud.com/forss/flickermood?in=forss/sets/soulhack",
        "soundcloud",
        "forss/flickermood",
    ),
    (
        "https://soundcloud.com/forss/flickermood?utm_source=clipboard&si=abc",
        "soundcloud",
        "forss/flickermood",
    ),
    ("https://soundcloud.com/forss/sets/soulhack", "soundcloud", "forss/sets/soulhack"),
]


@pytest.mark.parametrize(("address", "provider", "item"), ADDRESSES)
def test_recognise_reads_the_provider_and_id_from_an_address(address, provider, item):
    assert recognise(address) == Embed(provider, item)


def test_every_address_is_on_one_of_its_providers_hosts():
    # The editor refuses other hosts before the server sees the address.
    for address, provider, _item in ADDRESSES:
        host = urlsplit(address.strip()).hostname
        hosts = BY_KEY[provider].hosts
        assert any(host == h or host.endswith(f".{h}") for h in hosts), address


def test_every_provider_has_addresses_in_these_tests():
    assert {provider for _address, provider, _item in ADDRESSES} == {
        "youtube",
        "vimeo",
        "tiktok",
        "instagram",
        "x",
        "spotify",
        "apple_music",
        "soundcloud",
    }


@pytest.mark.parametrize(("address", "provider", "item"), ADDRESSES)
def test_frame_comes_from_the_providers_frame_host(address, provider, item):
    frame = urlsplit(recognise(address).frame_url)

    assert frame.scheme == "https"
    assert f"https://{frame.netloc}" == f"https://{Embed(provider, item).of.frame_host}"
    assert f"https://{frame.netloc}" in FRAME_HOSTS


@pytest.mark.parametrize(("address", "provider", "item"), ADDRESSES)
def test_canonical_address_is_recognised_as_the_same_embed(address, provider, item):
    embed = recognise(address)

    assert recognise(embed.url) == embed


def test_youtube_frames_go_through_youtube_nocookie():
    embed = recognise(f"https://youtu.be/{VIDEO}?si=abc")

    assert embed.frame_url == f"https://www.youtube-nocookie.com/embed/{VIDEO}"
    assert embed.url == f"https://www.youtube.com/watch?v={VIDEO}"


def test_vimeo_frames_ask_vimeo_not_to_track():
    embed = recognise("https://vimeo.com/76979871")

    assert embed.frame_url == "https://player.vimeo.com/video/76979871?dnt=1"


def test_tiktok_frames_use_the_video_number():
    embed = recognise(f"https://www.tiktok.com/{TIKTOK}")

    assert embed.frame_url == "https://www.tiktok.com/embed/v2/6718335390845095173"


def test_frame_hosts_are_one_https_host_per_provider():
    assert FRAME_HOSTS == (
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.tiktok.com",
        "https://www.instagram.com",
        "https://platform.twitter.com",
        "https://open.spotify.com",
        "https://embed.music.apple.com",
        "https://w.soundcloud.com",
    )


@pytest.mark.parametrize(
    "address",
    [
        f"javascript:alert(1)//youtu.be/{VIDEO}",
        f"JavaScript://youtu.be/{VIDEO}%0aalert(1)",
        f"data:text/html,youtu.be/{VIDEO}",
        f"ftp://youtu.be/{VIDEO}",
        f"//youtu.be/{VIDEO}",
        f"youtu.be/{VIDEO}",
        "",
    ],
)
def test_recognise_refuses_an_address_that_is_not_on_the_web(address):
    with pytest.raises(EmbedError) as error:
        recognise(address)

    assert str(error.value) == (
        f"“{address.strip()}” is not a web address. Embeds come from: {SUPPORTED}."
    )


@pytest.mark.parametrize(
    "address",
    [
        f"https://youtube.com.evil.example/watch?v={VIDEO}",
        f"https://evilyoutube.com/watch?v={VIDEO}",
        f"https://youtu.be.evil.example/{VIDEO}",
        f"https://notyoutu.be/{VIDEO}",
        f"https://youtu.be@evil.example/{VIDEO}",
        f"https://evil.example/youtu.be/{VIDEO}",
        f"https://evil.example/?next=https://youtu.be/{VIDEO}",
        f"https://www.youtube-nocookie.com.evil.example/embed/{VIDEO}",
        "https://vimeo.com.evil.example/76979871",
        "https://player.vimeo.com.evil.example/video/76979871",
        f"https://tiktok.com.evil.example/{TIKTOK}",
        "https://instagram.com.evil.example/p/CqW3xYzABcD/",
        "https://x.com.evil.example/jack/status/20",
        "https://evilx.com/jack/status/20",
        "https://twitter.com.evil.example/jack/status/20",
        f"https://open.spotify.com.evil.example/{TRACK}",
        f"https://music.apple.com.evil.example/{ALBUM}",
        "https://soundcloud.com.evil.example/forss/flickermood",
        "https://evilsoundcloud.com/forss/flickermood",
    ],
)
def test_recognise_refuses_a_lookalike_host(address):
    with pytest.raises(EmbedError):
        recognise(address)


@pytest.mark.parametrize(
    "address",
    [
        "https://example.com/video/1",
        "https://www.dailymotion.com/video/x7tgad0",
        "https://www.youtube.com/channel/UC38IQsAvIsxxjztdMZQtwHA",
        f"https://www.youtube.com/watch?v={VIDEO[:10]}",
        "https://vimeo.com/channels/staffpicks",
        "https://x.com/jack",
        "https://open.spotify.com/user/spotify",
    ],
)
def test_recognise_refuses_an_address_no_provider_embeds(address):
    with pytest.raises(EmbedError) as error:
        recognise(address)

    assert str(error.value) == (
        f"No embed is known for “{address}”. Embeds come from: {SUPPORTED}; "
        "anything else can be a link."
    )


def test_recognise_reads_an_address_up_to_the_longest_allowed():
    address = f"https://www.youtube.com/watch?v={VIDEO}&pad="
    address += "a" * (MAX_URL - len(address))

    assert recognise(address) == Embed("youtube", VIDEO)


def test_recognise_refuses_an_address_over_the_longest_allowed():
    address = f"https://www.youtube.com/watch?v={VIDEO}&pad="
    address += "a" * (MAX_URL + 1 - len(address))

    with pytest.raises(EmbedError) as error:
        recognise(address)

    assert str(error.value) == (
        f"“{address[:100]}” is not a web address. Embeds come from: {SUPPORTED}."
    )


@pytest.mark.parametrize(
    ("address", "expected"),
    [
        (f'https://www.youtube.com/watch?v={VIDEO}"><script>', Embed("youtube", VIDEO)),
        (f"https://youtu.be/{VIDEO}'onload='alert(1)", Embed("youtube", VIDEO)),
        ('https://www.instagram.com/p/Cq"W3xYz/', None),
        ("https://www.instagram.com/p/CqW3x<script>/", Embed("instagram", "CqW3x")),
        ('https://music.apple.com/us/album/abbey"road/1441164426', None),
        ("https://music.apple.com/us/album/abbey<b>road/1441164426", None),
        (
            "https://music.apple.com/us/album/a%22b%3Cc/1441164426",
            Embed("apple_music", "us/album/a%22b%3Cc/1441164426"),
        ),
        ('https://soundcloud.com/forss/flick"ermood', None),
        ("https://soundcloud.com/forss/flick>ermood", None),
        ("https://soundcloud.com/forss/flick ermood", None),
        ('https://www.tiktok.com/@scout"2015/video/1', None),
        ('https://open.spotify.com/track/4uLU6hMCjMI75M1A2tKUQ"', None),
    ],
)
def test_recognise_never_reads_quotes_or_angle_brackets_into_an_id(address, expected):
    try:
        embed = recognise(address)
    except EmbedError:
        embed = None

    assert embed == expected


def test_stored_gives_back_a_recognised_embed():
    for address, provider, item in ADDRESSES:
        assert stored(provider, item) == recognise(address)


@pytest.mark.parametrize("provider", ["", "YouTube", "dailymotion", "youtube "])
def test_stored_refuses_an_unknown_provider(provider):
    assert stored(provider, VIDEO) is None


@pytest.mark.parametrize(
    "item",
    [
        'dQw4w9"WgXc',
        "dQw4w<WgXcQ",
        "dQw4w9 WgXc",
        "javascript:alert(1)",
        "",
        None,
        "x" * 301,
    ],
)
def test_stored_refuses_an_id_with_characters_no_id_has(item):
    assert stored("youtube", item) is None


@pytest.mark.parametrize(
    ("provider", "item"),
    [
        ("youtube", "../../redirect"),
        ("youtube", f"{VIDEO}&autoplay=1"),
        ("vimeo", "76979871/../../x"),
        ("x", "20&theme=dark"),
        ("soundcloud", "forss/flickermood?url=https://evil.example/"),
        ("spotify", "track/short"),
        ("instagram", "a/b"),
    ],
)
def test_stored_refuses_an_id_its_provider_never_has(provider, item):
    # A stored body is cleaned again on every save; an id must be one that
    # reading the provider's own address gives, or it is not an embed.
    assert stored(provider, item) is None
