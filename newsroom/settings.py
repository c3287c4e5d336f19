"""Settings for newsroom, driven by environment variables.

The defaults are a working local setup (SQLite under ``var/``, debug on).
Production is this same file with different variables; see the README.
"""

from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse
from django_prose_editor.config import html_tags
from js_asset import static_lazy

from newsroom.env import (
    envbool,
    envemail,
    envhosts,
    envint,
    envorigins,
    envsecret,
    envserviceurl,
    envstr,
    envtimezone,
    envurl,
)
from newsroom.slugurls import public_address

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = envbool("DJANGO_DEBUG", default=True)

if DEBUG:
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = envstr("DJANGO_SECRET_KEY", "django-insecure-local-development-only")
else:
    # Required, and strong enough for `check --deploy` (see newsroom/env.py).
    SECRET_KEY = envsecret("DJANGO_SECRET_KEY")

ALLOWED_HOSTS = envhosts(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when DEBUG is off.")

INSTALLED_APPS = [
    # First so that its admin/base_site.html (the notices link and unread
    # count in every admin page's header) is found before the admin's own.
    "notifications",
    # Django's admin with a "view on site" route that checks the object.
    "newsroom.apps.AdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_filters",
    "reversion",
    "axes",
    "csp",
    # The story body's editor in the admin (its static files and checks).
    "django_prose_editor",
    "newsroom",
    "images",
    "people",
    "articles",
    "importer",
    "public",
    "api",
    # django-ninja's own docs page and its Swagger UI files: without the app,
    # ninja renders a page that loads Swagger UI from a CDN, which the CSP
    # (rightly) blocks.
    "ninja",
]

# Order matters. The security headers, CSP and X-Frame-Options wrap everything
# below them (static files and 400s for a bad Host included). The Host check
# runs before WhiteNoise so that no route, static files included, answers a
# forged Host. Conditional GET sits outside the page cache so that a cached
# page still answers 304. The content API's keys and rate limits come before
# both, so that a 304 is counted like any other answer and nothing under
# /api/v1/ escapes them (a 304 keeps only a few of the response's headers; the
# RateLimit-* ones are added after it is made). The page cache never keeps API
# answers: keys, limits and Accept negotiation are not in its page key. The
# page cache comes before anything that reads the session, because cached
# pages skip all of it. Axes goes last so that it can turn a lockout into a
# response.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.ValidateHostMiddleware",
    # Content API CORS: outside everything that may answer an API request
    # (conditional GET's 304s, rate limits), see the CORS block below.
    "api.cors.CorsMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "api.middleware.ApiAccessMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "newsroom.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "axes.middleware.AxesMiddleware",
    # Last, so it sees the 404 of any view first (importer.middleware).
    "importer.middleware.OldAddressMiddleware",
]

ROOT_URLCONF = "newsroom.urls"


# Where readers find each public object: the public app's addresses. Wired
# here, in the project, rather than in the models, so that no app names an
# address of an app above it (the README's Architecture section). Feeds,
# sitemaps and the admin's "view on site" call get_absolute_url as usual.
ABSOLUTE_URL_OVERRIDES = {
    "articles.article": public_address("article_detail"),
    "articles.topic": public_address("topic_detail"),
    "people.person": public_address("person_detail"),
    "people.work": public_address("work_detail"),
    "articles.sharelink": lambda link: reverse(
        "public:share", kwargs={"signed": link.signature()}
    ),
}

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"


# SQLite takes its write lock when a transaction begins, not at its first
# write: two editors saving at once then wait for each other (up to the
# timeout, in seconds) and the second gets the ordinary "changed since you
# opened it" refusal, instead of "database is locked" (a 500) when both had
# read and one tried to write.
#
# Write-ahead logging: a commit appends to one log file instead of writing a
# rollback journal, syncing it and deleting it (5 ms of a reader's request
# that stores a page, in system time), and readers go on reading while a
# writer commits. Each commit is still synced (synchronous=FULL): nothing
# an editor saved is lost to a power cut.
SQLITE_OPTIONS = {
    "transaction_mode": "IMMEDIATE",
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL;",
}


def _database_from_env() -> dict:
    url = envstr("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "newsroom.sqlite3",
            "OPTIONS": dict(SQLITE_OPTIONS),
        }
    try:
        config = dj_database_url.parse(
            url, conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0)
        )
    except Exception as exc:  # the library raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid URL: {exc}") from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL has an unknown scheme: {url!r}.")
    if config["ENGINE"] == "django.db.backends.sqlite3":
        config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
    elif config["ENGINE"] == "django.db.backends.postgresql":
        # Django turns psycopg's prepared statements off, for poolers that
        # cannot keep them (PgBouncer in transaction mode before 1.21). The
        # public pages' few repeated statements use them (public.queries,
        # _cursor_to_repeat): prepared after 5 runs on a connection, as
        # psycopg's default. Set 0 behind such a pooler.
        prepared = envbool("DATABASE_PREPARED_STATEMENTS", True)
        config["OPTIONS"] = {
            "prepare_threshold": 5 if prepared else None,
            **config.get("OPTIONS", {}),
        }
    return dict(config)


DATABASES = {"default": _database_from_env()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_VALIDATORS = "django.contrib.auth.password_validation"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": f"{_VALIDATORS}.UserAttributeSimilarityValidator"},
    {"NAME": f"{_VALIDATORS}.MinimumLengthValidator"},
    {"NAME": f"{_VALIDATORS}.CommonPasswordValidator"},
    {"NAME": f"{_VALIDATORS}.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-us"
# The newsroom's own time zone (issue 16): editors enter and read every time
# in it, and pages show it with its name; the database stores UTC (USE_TZ).
TIME_ZONE = envtimezone("NEWSROOM_TIME_ZONE", "America/New_York")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
MEDIA_URL = "media/"
MEDIA_ROOT = Path(envstr("MEDIA_ROOT", str(VAR_DIR / "media")))

# Uploaded images: files over this many bytes or pixels are refused with a
# form error. The pixel limit also bounds memory: processing peaks at about
# 8 bytes per pixel (benchmarks/bench_images.py), so about 400 MB at 50 MP.
NEWSROOM_IMAGE_MAX_BYTES = envint(
    "NEWSROOM_IMAGE_MAX_BYTES", 25 * 1024 * 1024, minimum=1024
)
NEWSROOM_IMAGE_MAX_PIXELS = envint(
    "NEWSROOM_IMAGE_MAX_PIXELS", 50_000_000, minimum=10_000
)
# The first handler drops the rest of a file past NEWSROOM_IMAGE_MAX_BYTES as
# it streams in; files up to 2.5 MB are then kept in memory, bigger ones in a
# temporary file.
FILE_UPLOAD_HANDLERS = [
    "images.uploads.ImageSizeLimitUploadHandler",
    "django.core.files.uploadhandler.MemoryFileUploadHandler",
    "django.core.files.uploadhandler.TemporaryFileUploadHandler",
]
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# Form fields other than files (file bodies don't count here); Django's default.
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# No form of ours takes more than one file.
DATA_UPLOAD_MAX_NUMBER_FILES = 10
FILE_UPLOAD_PERMISSIONS = 0o644

# The story body's editor (articles/widgets.py): the newsroom's extensions to
# django-prose-editor, each an ES module and the markup it writes. Link and
# OrderedList replace the package's own of those names (href and data-ref
# only; a plain <ol>). What is stored is decided by the server's sanitiser,
# not by these lists.
_EDITOR = "articles/editor"
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy(f"{_EDITOR}/link.js")],
        "extensions": {"Link": html_tags(["a"], {"a": ["href", "data-ref"]})},
    },
    {
        "js": [static_lazy(f"{_EDITOR}/lists.js")],
        "extensions": {"OrderedList": html_tags(["ol"])},
    },
    {
        "js": [static_lazy(f"{_EDITOR}/quotes.js")],
        # The class is only ever "pullquote".
        "extensions": {
            "PullQuote": html_tags(["blockquote"], {"blockquote": ["class"]})
        },
    },
    {
        "js": [static_lazy(f"{_EDITOR}/image.js")],
        "extensions": {
            "LibraryImage": html_tags(["figure"], {"figure": ["data-image"]}),
            "PhotoToCome": html_tags(
                ["figure"], {"figure": ["data-photo-caption", "data-photo-credit"]}
            ),
        },
    },
    {
        "js": [static_lazy(f"{_EDITOR}/embed.js")],
        "extensions": {"Embed": html_tags(["figure"], {"figure": ["data-embed-url"]})},
    },
    {
        "js": [static_lazy(f"{_EDITOR}/paste.js")],
        "extensions": {"CleanPaste": html_tags([])},
    },
    {
        "js": [static_lazy(f"{_EDITOR}/field.js")],
        "extensions": {"AdminField": html_tags([])},
    },
]

# Names are matched case-insensitively by our own constraints; taggit must not
# create "kanye west" beside "Kanye West".
TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = envstr("NEWSROOM_SITE_NAME", "newsroom")

# Anonymous public pages are cached this long at most (0 turns the page cache
# off); publishing, corrections and edits purge them at once by cache tag.
NEWSROOM_PAGE_CACHE_SECONDS = envint("NEWSROOM_PAGE_CACHE_SECONDS", 300)
# Scheduled articles go live at their time with no worker: the first request
# after it purges what they change (see newsroom/pagecache.py).
NEWSROOM_PAGE_CACHE_SCHEDULE = "articles.purging.scheduled_publications"

# The public address of the site, for links that leave it: canonical links,
# Open Graph, JSON-LD, feeds, sitemaps and robots.txt. A setting rather than
# django.contrib.sites: there is one site, and a CDN in front of it means the
# request's Host header is not always the address readers use.
NEWSROOM_BASE_URL = envurl("NEWSROOM_BASE_URL", "http://127.0.0.1:8000")
# How long a CDN or browser may keep an anonymous public page, in seconds.
NEWSROOM_PUBLIC_MAX_AGE = envint("NEWSROOM_PUBLIC_MAX_AGE", 300)

# --- content API CORS (issue 18) --------------------------------------------
# Origins whose pages may read the content API from a browser, for example
# "https://app.example.com,https://partner.example.org"; unset or empty
# means no CORS at all (api/cors.py). Reads only, never with cookies.
NEWSROOM_API_CORS_ORIGINS = envorigins("NEWSROOM_API_CORS_ORIGINS")

# --- hardening (issue 7): production security, static files, cache, logins ---
# Kept in one block so that merges with other branches stay easy. The README's
# "Security" section lists every variable read here.

# HTTPS. Production defaults are strict; each can be relaxed by a variable.
SECURE_SSL_REDIRECT = envbool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Trust X-Forwarded-Proto only when a proxy we run sets it (and strips any
# value the client sent); otherwise a client could claim HTTPS.
if envbool("DJANGO_BEHIND_TLS_PROXY", default=False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = envint(
    "DJANGO_SECURE_HSTS_SECONDS", 0 if DEBUG else 60 * 60 * 24 * 365
)
SECURE_HSTS_INCLUDE_SUBDOMAINS = envbool(
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG
)
# Preloading is hard to undo, so it is an explicit choice (check --deploy
# warns, security.W021, until it is made).
SECURE_HSTS_PRELOAD = envbool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SESSION_COOKIE_SECURE = envbool("DJANGO_SECURE_COOKIES", default=not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
# No page reads the CSRF cookie from JavaScript: forms carry the token.
CSRF_COOKIE_HTTPONLY = True
CSRF_TRUSTED_ORIGINS = envorigins("DJANGO_CSRF_TRUSTED_ORIGINS")

# Headers on every response.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Content-Security-Policy (django-csp 4). No 'unsafe-inline' anywhere: the
# site and Django's admin load scripts and styles from files only (see
# tests/system/test_headers.py, which checks the admin pages' HTML). The one
# inline script is the body editor's import map (browsers cannot load one from
# a file): it carries the response's nonce, which django-csp adds to
# script-src only on the pages that use it (the article form).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'", NONCE],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Production databases: SQLite is for a developer's machine only.
if not DEBUG and not envstr("DATABASE_URL"):
    raise ImproperlyConfigured("DATABASE_URL is required when DEBUG is off.")

# Static files: hashed names and pre-compressed copies in production, served
# by WhiteNoise with far-future cache headers.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if envbool("NEWSROOM_HASHED_STATIC", default=not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Without DEBUG (production) WhiteNoise reads STATIC_ROOT once at start-up;
# with it (a developer's machine, and the tests, whatever DEBUG they force)
# it serves straight from the apps' static folders, no collectstatic needed.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG

# Cache: Redis when REDIS_URL is set, otherwise memory local to each process.
REDIS_URL = envserviceurl("REDIS_URL", schemes=("redis", "rediss", "unix"))
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Admin login throttling (django-axes). A username and an address are each
# locked after NEWSROOM_LOGIN_FAILURE_LIMIT failures, for
# NEWSROOM_LOGIN_COOLOFF_MINUTES; the locked page is the ordinary "wrong
# username or password" page, so it tells an attacker nothing.
AUTHENTICATION_BACKENDS = [
    "newsroom.security.LoginThrottleBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = envint("NEWSROOM_LOGIN_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = envint("NEWSROOM_LOGIN_COOLOFF_MINUTES", 15, minimum=1) / 60
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
# A success clears only its own username's failures (newsroom/security.py).
AXES_HANDLER = "newsroom.security.LoginThrottleHandler"
AXES_LOCKOUT_CALLABLE = "newsroom.security.lockout_response"
AXES_CLIENT_IP_CALLABLE = "newsroom.security.client_ip"
# How many proxies we run in front of the app; each appends the address it
# saw to X-Forwarded-For. 0 (the default) ignores the header entirely, since
# any client can send one.
NEWSROOM_TRUSTED_PROXY_COUNT = envint("NEWSROOM_TRUSTED_PROXY_COUNT", 0)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    # Requests with a forged Host header are routine internet noise.
    "loggers": {
        "django.security.DisallowedHost": {"handlers": [], "propagate": False},
    },
}
# --- end of hardening block ---------------------------------------------------
# --- content API access (issue 18): partner keys, rate limits, preview -------
# Requests a minute from one address without a key (each partner key has its
# own limit, set by an editor in the admin).
NEWSROOM_API_ANON_RATE_PER_MINUTE = envint(
    "NEWSROOM_API_ANON_RATE_PER_MINUTE", 60, minimum=1
)
# How long a headless preview token works after an editor makes it.
NEWSROOM_API_PREVIEW_SECONDS = envint(
    "NEWSROOM_API_PREVIEW_SECONDS", 15 * 60, minimum=60
)
# --- end of content API access block ------------------------------------------
# Only benchmarks/bench_pages.py sets this: it routes a bare view that measures
# the framework's ceiling (newsroom/benchmark.py). Never on in production.
BENCH_CEILING = envbool("NEWSROOM_BENCH_CEILING", default=False)

# --- e-mail (issue 16): workflow notifications -------------------------------
# EMAIL_URL (smtp://user:password@host:587, smtps:// for TLS on connect,
# +tls for STARTTLS: smtp+tls://...) or the EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS variables send mail
# by SMTP; with neither, a developer's machine prints it on the console
# (DEBUG on) and production uses SMTP on localhost. See the README.
globals().update(envemail(debug=DEBUG))
DEFAULT_FROM_EMAIL = envstr("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- autosave and session expiry (issue 16) ---
# The article form is kept as the writer's draft this many seconds after
# their last keystroke (articles/autosave.py), and warns this many minutes
# before their session ends (SESSION_COOKIE_AGE after login, two weeks by
# default; "Stay logged in" starts it again).
NEWSROOM_AUTOSAVE_SECONDS = envint("NEWSROOM_AUTOSAVE_SECONDS", 3, minimum=1)
NEWSROOM_SESSION_WARNING_MINUTES = envint(
    "NEWSROOM_SESSION_WARNING_MINUTES", 10, minimum=1
)
