"""A Sphinx role that writes an event's date from ``data/events.csv``.

In a chapter, ``{event}`2001-ec-dprk-diplomatic-relations``` renders as
"14 May 2001", with the event's summary as a tooltip. Dates in the narrative
are therefore typed once, in the data, and an unknown event id is a build
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


_cache: dict[float, dict] = {}


def _events() -> dict:
    """Events by id, re-read whenever data/events.csv changes."""
    stamp = (DATA_DIR / "events.csv").stat().st_mtime
    if stamp not in _cache:
        frame = load("events")
        _cache.clear()
        _cache[stamp] = {
            row.id: (format_event_date(row.date, row.date_precision), row.summary)
            for row in frame.itertuples()
        }
    return _cache[stamp]


def event_role(name, rawtext, text, lineno, inliner, options=None, content=None):
    env = inliner.document.settings.env
    env.note_dependency(str(DATA_DIR / "events.csv"))  # a changed date re-renders the page
    key = text.strip()
    events = _events()
    if key not in events:
        logger.warning(f"unknown event id {key!r} (not in data/events.csv)", location=(env.docname, lineno))
        return [nodes.problematic(rawtext, rawtext)], []
    date, summary = events[key]
    return [nodes.abbreviation(date, date, explanation=summary)], []


def setup(app):
    app.add_role("event", event_role)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
