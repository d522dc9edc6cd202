"""Numbers computed from the data are glued, never typed a second time.

Each MyST chapter computes its numbers in a hidden code cell and quotes them with
``{glue:text}``. This runs those cells against the live data, formats each value as
the page shows it, and fails when the same number is also typed in the prose, where
it would silently go stale when the data change.
"""

from __future__ import annotations

import re
import sys
import types

import pytest

from helpers.data import REPO_ROOT
from myst_text import prose

CHAPTERS = sorted((REPO_ROOT / "chapters").glob("*.md"))
CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n((?::[^\n]*\n)*)(.*?)```", re.S)
GLUE_ROLE = re.compile(r"\{glue:text\}`([^`]+)`")
MONTH = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"

#: The same digits standing for something else, each with the words around them.
NOT_THE_GLUED_NUMBER = {
    ("pressure.md", "24"): (
        "home within 24 months",  # Resolution 2397's deadline, not a missile count
        "JBpress give 24",  # CSIS's count for 2017, set against the glued CNS count
    ),
    ("grey-zone.md", "1.5"): (
        "Kim's",  # Kim's own "$1.5 billion", quoted, set against the FBI's figure
    ),
    ("teaching.md", "10"): (
        "can use | 10%",  # the rubric's weight for writing, not the reading-load gap
        "reader (10%)",
    ),
    ("checking-the-record.md", "14"): (
        "billion deal",  # Calabrese's "$14 billion deal", quoted, not the ledger's count
    ),
}


def glued_chapters() -> list:
    return [p for p in CHAPTERS if GLUE_ROLE.search(p.read_text(encoding="utf-8"))]


def run_glue_cells(text: str, monkeypatch) -> dict:
    """Run the chapter's code cells with a ``glue`` that records instead of displaying."""
    values: dict = {}
    fake = types.ModuleType("myst_nb")
    fake.glue = lambda name, value, display=True: values.__setitem__(name, value)
    monkeypatch.setitem(sys.modules, "myst_nb", fake)
    namespace: dict = {}
    for _options, cell in CODE_CELL.findall(text):
        exec(compile(cell, "<chapter cell>", "exec"), namespace)  # the book's own cells
    return values


def typed_occurrences(written: str, shown: str) -> list[str]:
    """Where ``shown`` appears as a number in ``written``: not inside 2016 or 3.14, and not
    as a day of the month (27 August, 19–24 June) or a time of day (22:39)."""
    pattern = re.compile(rf"(?<![\w.,–:-]){re.escape(shown)}(?![\w:–-]|[.,]\d|\s+{MONTH})")
    return [written[max(0, m.start() - 40):m.end() + 20].replace("\n", " ") for m in pattern.finditer(written)]


@pytest.mark.parametrize("page", glued_chapters(), ids=lambda p: p.name)
def test_glued_numbers_are_not_also_typed(page, monkeypatch):
    text = page.read_text(encoding="utf-8")
    values = run_glue_cells(text, monkeypatch)
    # `name:format`; a value glued in another notebook (`page.ipynb::name`) is that page's.
    roles = [role.partition(":")[::2] for role in GLUE_ROLE.findall(text) if "::" not in role]
    missing = sorted({name for name, _ in roles} - set(values))
    assert not missing, f"{page.name}: glued in the prose but never computed: {missing}"
    written = prose(text)
    typed = {}
    for name, spec in roles:
        shown = format(values[name], spec) if spec else str(values[name])
        # Single digits are everywhere (dates, list items); a year is not a statistic.
        if sum(ch.isdigit() for ch in shown) < 2 or re.fullmatch(r"(19|20)\d\d", shown):
            continue
        found = [context for context in typed_occurrences(written, shown)
                 if not any(words in context for words in NOT_THE_GLUED_NUMBER.get((page.name, shown), ()))]
        if found:
            typed[f"{name} = {shown}"] = found
    assert not typed, f"{page.name}: numbers glued from the data are also typed: {typed}"


def test_typed_occurrence_ignores_longer_numbers():
    """The matcher finds 69 as a number, not inside 1969, 690 or 6.9, nor as a date or time."""
    written = "In 1969, 690 or 6.9 launches, on 69 March, 1–69 May and at 12:69; in 2022, 69 of them."
    found = typed_occurrences(written, "69")
    assert len(found) == 1 and found[0].endswith("in 2022, 69 of them.")
