"""Sphinx roles that write a dated row's date from the data.

In a chapter, ``{event}`2001-ec-dprk-diplomatic-relations``` renders as
"14 May 2001", with the event's summary as a tooltip; ``{act}`2017-es-dprk-ambassador-expelled```
does the same for a row of ``data/diplomatic_relations.csv``. Dates in the narrative
are therefore typed once, in the data, and an unknown id is a build
warning (an error under ``-W``) naming the page and line.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.util import logging

from helpers.data import DATA_DIR, load

logger = logging.getLogger(__name__)

_FORMATS = {"day": "{d.day} {d:%B %Y}", "month": "{d:%B %Y}", "year": "{d.year}"}


def format_event_date(date, precision: str) -> str:
    """'14 May 2001', 'May 2001' or '2001', as precisely as the date is known."""
    return _FORMATS[precision].format(d=date)


#: Role name -> the dated table it reads (each has id, date, date_precision and summary).
ROLE_TABLES = {"event": "events", "act": "diplomatic_relations"}

_cache: dict[tuple[str, float], dict] = {}


def _rows(table: str) -> dict:
    """A dated table's rows by id, re-read whenever its file changes."""
    stamp = (DATA_DIR / f"{table}.csv").stat().st_mtime
    if (table, stamp) not in _cache:
        frame = load(table)
        for key in [k for k in _cache if k[0] == table]:
            del _cache[key]
        _cache[(table, stamp)] = {
            row.id: (format_event_date(row.date, row.date_precision), row.summary)
            for row in frame.itertuples()
        }
    return _cache[(table, stamp)]


def _events() -> dict:
    """Events by id (kept for callers of the first version)."""
    return _rows("events")


def _make_role(table: str):
    def role(name, rawtext, text, lineno, inliner, options=None, content=None):
        env = inliner.document.settings.env
        env.note_dependency(str(DATA_DIR / f"{table}.csv"))  # a changed date re-renders the page
        key = text.strip()
        rows = _rows(table)
        if key not in rows:
            logger.warning(f"unknown {name} id {key!r} (not in data/{table}.csv)", location=(env.docname, lineno))
            return [nodes.problematic(rawtext, rawtext)], []
        date, summary = rows[key]
        return [nodes.abbreviation(date, date, explanation=summary)], []
    return role


event_role = _make_role("events")


def setup(app):
    for name, table in ROLE_TABLES.items():
        app.add_role(name, _make_role(table))
    return {"parallel_read_safe": True, "parallel_write_safe": True}
