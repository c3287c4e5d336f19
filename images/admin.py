"""Upload and describe images in the admin.

Saving and deleting go through ``images.services``; this module only calls
them. Articles, people and works choose an image by autocomplete, and show
what was chosen with ``Image.thumbnail_html``.
"""

from django.contrib import admin
from django.contrib.admin.options import csrf_protect_m
from django.db.models import Prefetch, QuerySet
from django.utils.html import format_html, format_html_join

from images.forms import ImageForm
from images.models import NO_IMAGE, THUMBNAIL_RENDITION, Image, Rendition
from images.services import (
    DETAILS,
    delete_image,
    describe_image,
    replace_image_file,
    set_focal_point,
    store_image,
)


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = [
        "preview",
        "__str__",
        "credit",
        "dimensions",
        "format",
        "uploaded_by",
        "created_at",
    ]
    list_display_links = ["preview", "__str__"]
    list_filter = ["format", "decorative"]
    list_select_related = ["uploaded_by"]
    search_fields = ["alt_text", "caption", "credit"]
    date_hierarchy = "created_at"
    show_full_result_count = False
    readonly_fields = [
        "current",
        "dimensions",
        "format",
        "uploaded_by",
        "created_at",
        "rendition_list",
    ]
    fieldsets = [
        (None, {"fields": ["current", "upload"]}),
        ("Description", {"fields": ["alt_text", "decorative", "caption", "credit"]}),
        ("Cropping", {"fields": ["focal_x", "focal_y"]}),
        (
            "File",
            {
                "fields": [
                    "dimensions",
                    "format",
                    "uploaded_by",
                    "created_at",
                    "rendition_list",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request) -> QuerySet[Image]:
        # One extra query for the whole list page's thumbnails.
        return (
            super()
            .get_queryset(request)
            .prefetch_related(
                Prefetch(
                    "renditions",
                    queryset=Rendition.objects.filter(name=THUMBNAIL_RENDITION),
                    to_attr="thumbnails",
                )
            )
        )

    @admin.display(description="Preview")
    def preview(self, obj: Image) -> str:
        return obj.thumbnail_html(width=80)

    @admin.display(description="Current image")
    def current(self, obj: Image) -> str:
        return obj.thumbnail_html(width=320) if obj.pk else NO_IMAGE

    @admin.display(description="Size")
    def dimensions(self, obj: Image) -> str:
        return f"{obj.width} × {obj.height}" if obj.pk else "—"

    @admin.display(description="Renditions")
    def rendition_list(self, obj: Image) -> str:
        if not obj.pk:
            return "—"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a>: {} × {} {}</li>',
                (
                    (r.file.url, r.name, r.width, r.height, r.format)
                    for r in obj.renditions.all()
                ),
            ),
        )

    @csrf_protect_m
    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        # ModelAdmin runs this view in one transaction. The image services
        # open their own durable transactions (files can't be rolled back, so
        # they must know when their rows are committed), which Django refuses
        # inside another one. Everything else this view writes (the admin log)
        # is one row, saved after the image.
        return self._changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj: Image, form: ImageForm, change: bool) -> None:
        if not change:
            stored = store_image(
                form.processed,
                by=request.user,
                alt_text=obj.alt_text,
                decorative=obj.decorative,
                caption=obj.caption,
                credit=obj.credit,
                focal_x=obj.focal_x,
                focal_y=obj.focal_y,
            )
            # The admin goes on with ``obj`` (log entry, redirect).
            obj.pk = stored.pk
            obj.refresh_from_db()
            return
        describe_image(
            obj, by=request.user, **{name: getattr(obj, name) for name in DETAILS}
        )
        if form.processed is not None:
            replace_image_file(obj, form.processed, by=request.user)
        elif {"focal_x", "focal_y"} & set(form.changed_data):
            set_focal_point(
                obj, focal_x=obj.focal_x, focal_y=obj.focal_y, by=request.user
            )

    def delete_model(self, request, obj: Image) -> None:
        delete_image(obj, by=request.user)

    def delete_queryset(self, request, queryset: QuerySet[Image]) -> None:
        for image in queryset:
            delete_image(image, by=request.user)
