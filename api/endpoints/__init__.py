"""The content API, version 1 (django-ninja): read-only, public content only."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="newsroom content API",
    version="1",
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
)
