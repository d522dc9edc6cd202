"""The {event} role renders dates from data/events.csv, as precisely as they are known."""

import re
from datetime import date

import pytest

from helpers.data import load
from helpers.sphinx_events import format_event_date
from test_book_structure import PAGES, page_text


@pytest.mark.parametrize(
    ("precision", "expected"), [("day", "4 May 2001"), ("month", "May 2001"), ("year", "2001")]
)
def test_date_is_written_as_precisely_as_known(precision, expected):
    assert format_event_date(date(2001, 5, 4), precision) == expected


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
@pytest.mark.parametrize("role, table", [("event", "events"), ("act", "diplomatic_relations")])
def test_every_dated_id_in_a_chapter_exists(page, role, table):
    known = set(load(table)["id"])
    referenced = set(re.findall(r"\{" + role + r"\}`([^`]+)`", page_text(page)))
    assert not referenced - known, f"{page.name}: unknown {role} ids {sorted(referenced - known)}"
