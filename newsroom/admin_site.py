"""The newsroom's admin site: Django's, with every route checking the object.

Django's own "view on site" route (``/admin/r/<content type>/<id>/``)
redirects any staff user to any object's ``get_absolute_url()``, whatever
they may see: the address of another reporter's draft, or the signed address
of a share link. Here it answers only for an object the user may see in its
own admin (the model admin's queryset and its view permission for that
object), and is a 404 otherwise, exactly like an object that does not exist.
"""

from django.contrib.admin import AdminSite
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import path


class NewsroomAdminSite(AdminSite):
    def get_urls(self):
        urls = super().get_urls()
        checked = path(
            "r/<path:content_type_id>/<path:object_id>/",
            self.admin_view(self.view_on_site),
            name="view_on_site",
        )
        return [
            checked if getattr(url, "name", None) == "view_on_site" else url
            for url in urls
        ]

    def view_on_site(
        self, request: HttpRequest, content_type_id: str, object_id: str
    ) -> HttpResponseRedirect:
        """Redirect to the public address of an object the user may see."""
        try:
            model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
        except (ValueError, ContentType.DoesNotExist):
            raise Http404("No such object.") from None
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.view_on_site:
            raise Http404("No such object.")
        obj = model_admin.get_object(request, unquote(object_id))
        if obj is None or not model_admin.has_view_or_change_permission(request, obj):
            raise Http404("No such object.")
        if not hasattr(obj, "get_absolute_url"):
            raise Http404("This object has no page.")
        return HttpResponseRedirect(obj.get_absolute_url())
