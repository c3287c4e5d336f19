"""The story body's editor in the admin: django-prose-editor, set up for the
body's HTML (paragraphs, two heading levels, lists, quotes and pull quotes,
bold, italic, links, images from the library and embeds).

The editor only offers what the body may hold; the server sanitises whatever
arrives anyway (``articles.body``). The extensions written for the newsroom
are plain ES modules in ``articles/static/articles/editor/``, registered in
the ``DJANGO_PROSE_EDITOR_EXTENSIONS`` setting.
"""

from django.urls import reverse_lazy
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import ImportMap, Media

from articles import embeds

# The toolbar, in the order a reporter reaches it with Tab: block types as
# buttons (a dropdown needs a pointer to open), lists, quotes, what can be
# inserted, marks, links, undo and redo.
MENU_GROUPS = [
    {"group": "blockType -lists"},
    {"group": "lists"},
    {"group": "quotes"},
    {"group": "insert"},
    {"group": "marks"},
    {"group": "link"},
    {"group": "history"},
]


def body_extensions() -> dict:
    """The editor's extensions and their settings (JSON for the browser)."""
    return {
        "Bold": True,
        "Italic": True,
        # The newsroom's Link (articles/editor/link.js): href and data-ref only.
        "Link": {"protocols": ["http", "https", "mailto"], "enableTarget": False},
        "Heading": {"levels": [2, 3]},
        "BulletList": True,
        # The newsroom's OrderedList (articles/editor/lists.js): a plain <ol>.
        "OrderedList": True,
        "ListItem": True,
        "Blockquote": True,
        "PullQuote": True,
        "LibraryImage": {
            "searchUrl": reverse_lazy("editorial:image_search"),
            "uploadUrl": reverse_lazy("editorial:image_upload"),
        },
        # A caption and credit waiting for their image (articles.body).
        "PhotoToCome": True,
        "Embed": {
            "providers": [
                {"key": p.key, "name": p.name, "hosts": list(p.hosts)}
                for p in embeds.PROVIDERS
            ]
        },
        "CleanPaste": True,
        "AdminField": True,
        "Menu": {"groups": MENU_GROUPS},
        # On by default in django-prose-editor; reporters want their spelling
        # checked.
        "NoSpellCheck": False,
    }


class BodyWidget(AdminProseEditorWidget):
    """The article body's rich-text editor."""

    def __init__(self, attrs=None) -> None:
        super().__init__(
            attrs=attrs,
            preset="configurable",
            config={"extensions": body_extensions()},
        )

    @property
    def media(self) -> Media:
        return super().media + Media(
            # The dialogs the extensions share, by a name each module imports.
            importmap=ImportMap(
                {"articles/editor/common": "articles/editor/common.js"}
            ),
            # After the package's stylesheets, which ours adjusts.
            css={
                "all": [
                    "django_prose_editor/overrides.css",
                    "articles/editor/editor.css",
                ]
            },
        )
