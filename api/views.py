"""The page where newsroom staff make a headless preview token for an article.

Staff who may see the article only; anyone else gets a 404, exactly as for a
missing article. GET shows a button, POST makes the token and shows it once
with its expiry and an example request. The token is never stored.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.decorators import staff_member_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from api.preview import HEADER, make_preview_token, token_expiry
from articles.models import Article
from articles.workflow.permissions import can_view
from newsroom.pagecache import mark_private


@require_http_methods(["GET", "POST"])
@staff_member_required
def preview_token(request: HttpRequest, pk: int) -> HttpResponse:
    article = Article.objects.filter(pk=pk).first()
    if article is None or not can_view(request.user, article):
        raise Http404("No such article.")
    context = {
        **admin.site.each_context(request),
        "title": f"Headless preview of “{article}”",
        "article": article,
        "opts": Article._meta,
        "lifetime_minutes": settings.NEWSROOM_API_PREVIEW_SECONDS // 60,
        "header": HEADER,
    }
    if request.method == "POST":
        token = make_preview_token(article, by=request.user)
        # The article detail of the API (api/endpoints.py), by id.
        detail = f"/api/v1/articles/{article.pk}"
        context.update(
            token=token,
            expires_at=token_expiry(token),
            example=(
                f'curl -H "{HEADER}: {token}" {settings.NEWSROOM_BASE_URL}{detail}'
            ),
        )
    return mark_private(render(request, "api/preview_token.html", context))
