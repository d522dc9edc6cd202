"""A Sphinx extension that fixes two faults of the theme's and extensions' HTML after the build.

sphinx-book-theme's launch buttons and sphinx-thebe both add the same inline script,
which declares ``const THEBE_JS_URL``; declared twice it throws a console error on every
page (and togglebutton's selector script is doubled the same way). After the build, each
page's ``<head>`` keeps the first of any identical ``<script>`` tags and drops the rest.

The same pass fixes one ARIA error of sphinxcontrib-bibtex's markup: the citations of a
bibliography sit in a ``role="list"`` but carry the deprecated ``doc-biblioentry`` role,
so the list has no list items; they become ``role="listitem"``.
"""

from __future__ import annotations

import re
from pathlib import Path

_HEAD = re.compile(r"<head>.*?</head>", re.S)
_SCRIPT = re.compile(r"[ \t]*<script\b[^>]*>.*?</script>\n?", re.S)


def dedupe_head(html: str) -> str:
    """The page with repeated identical script tags in its head removed."""
    def clean(head: re.Match) -> str:
        seen: set[str] = set()

        def keep_first(tag: re.Match) -> str:
            key = tag.group(0).strip()
            if key in seen:
                return ""
            seen.add(key)
            return tag.group(0)

        return _SCRIPT.sub(keep_first, head.group(0))

    return _HEAD.sub(clean, html, count=1)


def fix_roles(html: str) -> str:
    """Citations in a bibliography list are list items (``doc-biblioentry`` is deprecated)."""
    return html.replace('role="doc-biblioentry"', 'role="listitem"')


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        cleaned = fix_roles(dedupe_head(text))
        if cleaned != text:
            page.write_text(cleaned, encoding="utf-8")


def setup(app):
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
