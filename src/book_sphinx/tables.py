"""Tables a reader can sort and filter in the web book, with no kernel and no network.

The book's tables (:func:`helpers.style.table`) are plain HTML tables of class
``book-table``; the long ones are also marked ``data-interactive``. This extension adds,
to the pages that have them and to no other page:

- ``book-tables.css``: top-aligned cells, long-text columns kept readable, and each
  table in a box of its own that scrolls (header row fixed) when the table is wider or
  much taller than the page, so no column runs off a narrow screen;
- ``book-tables.js`` (7 kB, no library), for pages with an interactive table: a filter
  box, a drop-down for each column with a few distinct values, a count of the rows
  shown, and column headings that sort (numbers, dates and text each in their order).

Without JavaScript the tables stay as they are, whole and readable.

The two files live in ``book_sphinx/static``, not in the book's ``_static``, whose
scripts Jupyter Book adds to every page.
"""

from __future__ import annotations

import re
from pathlib import Path

STATIC = Path(__file__).with_name("static")
SCRIPT = "book-tables.js"
STYLESHEET = "book-tables.css"

_BOOK_TABLE = re.compile(r'<table\b[^>]*\bclass="book-table"[^>]*>')


def assets_for(body: str) -> list[str]:
    """The files a page with this HTML body needs: the stylesheet for any book table,
    and the script too for an interactive one."""
    tables = _BOOK_TABLE.findall(body)
    if not tables:
        return []
    return [STYLESHEET] + ([SCRIPT] if any("data-interactive" in tag for tag in tables) else [])


def _config_inited(app, config) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def _page_context(app, pagename, templatename, context, doctree) -> None:
    for name in assets_for(context.get("body") or ""):
        if name.endswith(".css"):
            app.add_css_file(name)
        else:
            app.add_js_file(name, loading_method="defer")


def setup(app):
    app.connect("config-inited", _config_inited)
    app.connect("html-page-context", _page_context)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
