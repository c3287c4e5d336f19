"""The site's URLs plus uploaded files, for browser tests that show images.

In production the web server serves MEDIA_ROOT (see the README); Django
serves it only with DEBUG on, which tests run without. MEDIA_ROOT is read
per request, so the ``media_root`` fixture's folder is the one served.
"""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as site_urlpatterns


def _media(request, path: str):
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [
    re_path(r"^media/(?P<path>.+)$", _media),
    *site_urlpatterns,
]
