"""Settings for newsroom, driven by environment variables.

The defaults are a working local setup (SQLite under ``var/``, debug on).
Production is this same file with different variables; see the README.
"""

from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from newsroom.env import envbool, envint, envlist, envstr, envurl

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

DEBUG = envbool("DJANGO_DEBUG", default=True)

SECRET_KEY = envstr("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DEBUG is off.")
    # Only ever used with DEBUG on, on a developer's machine.
    SECRET_KEY = "django-insecure-local-development-only"  # noqa: S105

ALLOWED_HOSTS = envlist(
    "DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"] if DEBUG else []
)
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS is required when DEBUG is off.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "taggit",
    "django_filters",
    "reversion",
    "newsroom",
    "images",
    "people",
    "articles",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the page cache, so a cached page still answers 304.
    "django.middleware.http.ConditionalGetMiddleware",
    # Before anything that reads the session: cached pages skip it all.
    "newsroom.pagecache.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

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


def _database_from_env() -> dict:
    url = envstr("DATABASE_URL")
    if not url:
        VAR_DIR.mkdir(exist_ok=True)
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "newsroom.sqlite3",
        }
    try:
        config = dj_database_url.parse(
            url, conn_max_age=envint("DATABASE_CONN_MAX_AGE", 0)
        )
    except Exception as exc:  # the library raises several types for bad URLs
        raise ImproperlyConfigured(f"DATABASE_URL is not a valid URL: {exc}") from exc
    if not config.get("ENGINE"):
        raise ImproperlyConfigured(f"DATABASE_URL has an unknown scheme: {url!r}.")
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
TIME_ZONE = "UTC"
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

# Names are matched case-insensitively by our own constraints; taggit must not
# create "kanye west" beside "Kanye West".
TAGGIT_CASE_INSENSITIVE = True

SITE_NAME = envstr("NEWSROOM_SITE_NAME", "newsroom")

# Anonymous public pages are cached this long at most (0 turns the page cache
# off); publishing, corrections and edits purge them at once by cache tag.
NEWSROOM_PAGE_CACHE_SECONDS = envint("NEWSROOM_PAGE_CACHE_SECONDS", 300)

# The public address of the site, for links that leave it: canonical links,
# Open Graph, JSON-LD, feeds, sitemaps and robots.txt. A setting rather than
# django.contrib.sites: there is one site, and a CDN in front of it means the
# request's Host header is not always the address readers use.
NEWSROOM_BASE_URL = envurl("NEWSROOM_BASE_URL", "http://127.0.0.1:8000")
# How long a CDN or browser may keep an anonymous public page, in seconds.
NEWSROOM_PUBLIC_MAX_AGE = envint("NEWSROOM_PUBLIC_MAX_AGE", 300)
