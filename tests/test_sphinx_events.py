"""The {event} role renders dates from data/events.csv, as precisely as they are known."""

from datetime import date

import pytest

from helpers.data import load
from book_sphinx.events import format_event_date
from helpers.sources import page_roles
from test_book_structure import PAGES


@pytest.mark.parametrize(
    ("precision", "expected"), [("day", "4 May 2001"), ("month", "May 2001"), ("year", "2001")]
)
def test_date_is_written_as_precisely_as_known(precision, expected):
    assert format_event_date(date(2001, 5, 4), precision) == expected


@pytest.mark.parametrize("role, table", [("event", "events"), ("act", "diplomatic_relations")])
def test_every_dated_id_in_a_page_exists(role, table):
    """Fast feedback for what the -W build also refuses (an unknown id is a build warning)."""
    known = set(load(table)["id"])
    unknown = [f"{where} line {line}: {target}" for page in PAGES for where, line, target in page_roles(page, role)
               if target not in known]
    assert not unknown, f"unknown {role} ids (not in data/{table}.csv): {unknown}"


def test_roles_are_found_in_prose_and_directives_but_not_in_code(tmp_path):
    page = tmp_path / "page.md"
    page.write_text("On {event}`a`.\n\n:::{note}\nAnd {event}`b`.\n:::\n\n```python\nx = '{event}`c`'\n```\n",
                    encoding="utf-8")
    assert [target for _, _, target in page_roles(page, "event")] == ["a", "b"]
