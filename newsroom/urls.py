from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("", include("articles.urls")),
]

# The public 404 and 500 pages are the templates 404.html and 500.html in
# newsroom/templates/; Django's default handlers render them. The 500 one is
# rendered with no context processors and no database.
