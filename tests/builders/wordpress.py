"""Running the WordPress importer in tests, and WXR files to run it on."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

WXR = Path(__file__).resolve().parent.parent / "importer" / "wxr"


def run_wordpress(*paths, dry_run=False, progress=False) -> tuple[str, str]:
    """``import_wordpress`` on ``paths``: its stdout and stderr."""
    out, err = io.StringIO(), io.StringIO()
    args = [str(p) for p in paths]
    args += ["--dry-run"] if dry_run else []
    args += ["--progress"] if progress else []
    call_command("import_wordpress", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_failing_wordpress(*paths) -> tuple[str, str, str]:
    """``import_wordpress`` on ``paths``, which must fail: stdout, stderr, error."""
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError) as excinfo:
        call_command(
            "import_wordpress", *[str(p) for p in paths], stdout=out, stderr=err
        )
    return out.getvalue(), err.getvalue(), str(excinfo.value)


def wxr_item(
    post_id: int,
    title: str,
    *,
    content: str = "A paragraph of the post.",
    status: str = "publish",
    post_type: str = "post",
    creator: str = "writer",
) -> str:
    """One ``item`` of a WXR 1.2 file."""
    return f"""<item>
<title><![CDATA[{title}]]></title>
<link>https://site.example/{post_id}/</link>
<dc:creator><![CDATA[{creator}]]></dc:creator>
<guid isPermaLink="false">https://site.example/?p={post_id}</guid>
<content:encoded><![CDATA[{content}]]></content:encoded>
<excerpt:encoded><![CDATA[]]></excerpt:encoded>
<wp:post_id>{post_id}</wp:post_id>
<wp:post_date_gmt>2024-03-01 10:00:00</wp:post_date_gmt>
<wp:post_name>post-{post_id}</wp:post_name>
<wp:status>{status}</wp:status>
<wp:post_type>{post_type}</wp:post_type>
</item>
"""


WXR_HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
<wp:wxr_version>1.2</wp:wxr_version>
<wp:base_site_url>https://site.example</wp:base_site_url>
<wp:author><wp:author_login>writer</wp:author_login>
<wp:author_email>writer@site.example</wp:author_email>
<wp:author_display_name><![CDATA[Ada Quill]]></wp:author_display_name></wp:author>
"""
WXR_TAIL = "</channel>\n</rss>\n"


def write_wxr(path: Path, items: list[str]) -> Path:
    """A WXR 1.2 file of ``items`` (``wxr_item``) by the author "Ada Quill"."""
    path.write_text(WXR_HEAD + "".join(items) + WXR_TAIL, encoding="utf-8")
    return path
