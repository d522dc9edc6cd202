"""Every solution that shows code runs, and its text states only numbers that code prints.

An exercise's solution (``:::{solution} label`` in a MyST page or in a notebook's Markdown
cell) may show a ``python`` block followed by prose that gives the results. Nothing else
runs that block: the book renders it as text. Here each block runs in a fresh interpreter
(``PYTHONPATH=src``, from the repository root, against the current data), and the numbers
the prose types are checked against what the block printed.

The rule for numbers. The prose is the solution's Markdown after its first code block (the
text before it sets the task and is not checked), as MyST parses it: the book's parser and
extensions, with the directive's options split off by MyST's directive parser. Only plain
text counts: roles (``{glue:text}``, ``{event}``, ``{act}``, ``{cite}``, ...), inline code
and math are not typed numbers. In that text

* a day (``16 October 2017``, ``19–24 June 2015``, ``2017-10-16``) must be printed as that
  day, as ``2017-10-16`` or in words (``16 Oct 2017``);
* a month (``October 2017``) must be printed as a day or a month in it;
* a year (four digits, 1900–2099: ``2017``, ``mid-2022``, the ``2006`` of ``2006/795/CFSP``)
  must be printed as a number or as the year of a printed date; a decade (``1990s``) needs
  a printed year in it;
* any other number (``1,000``, ``660.5``, ``37``, the ``14`` of ``14th``) must be printed
  with the same value: thousands separators and trailing zeros do not matter, signs are
  ignored (``−34.0 %`` matches ``-34.0``), and a figure the text rounds must be rounded
  by the code;
* a single digit in brackets, ``(1)``, is an enumerator, and digits attached to a letter
  before them (``P5``) are part of a name; neither is a number.

Presence is what is checked, not position: a number printed anywhere in the output counts
(in a table's index or a printed note too). Where the prose must state a number that the
code cannot print, :data:`ALLOWED` holds it, with the reason; it is empty today.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from docutils.parsers.rst import Directive
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.directives import parse_directive_text
from myst_parser.parsers.mdit import create_md_parser
from sphinx_exercise.directive import SolutionDirective

from helpers.data import REPO_ROOT
from helpers.sources import _markdown_parts, toc_pages

TIMEOUT = 120  # seconds for one solution; the slowest takes about one

#: (page, solution label) -> {number as the prose writes it: why the code cannot print it}.
ALLOWED: dict[tuple[str, str], dict[str, str]] = {}

PYTHON_LANGUAGES = {"python", "python3", "py", "ipython", "ipython3"}


# --- finding solutions -------------------------------------------------------------------


@dataclass(frozen=True)
class Solution:
    where: str  # page (and notebook cell) and line, as "chapters/pressure.md, line 350"
    label: str
    code: str  # the solution's python blocks, in order
    prose: str  # the plain text after its first python block

    @property
    def page(self) -> str:
        return self.where.split(",")[0].split(" (cell ")[0]


@lru_cache(maxsize=1)
def _parser():
    """MyST's own Markdown parser, with the extensions the book enables in ``_config.yml``."""
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    extensions = set(config["parse"]["myst_enable_extensions"])
    return create_md_parser(MdParserConfig(enable_extensions=extensions), RendererHTML)


def _directive(token) -> tuple[str, str] | None:
    """(name, first line) of a directive token (``:::{name} args`` or ```` ```{name} ````)."""
    match = re.fullmatch(r"\{([\w:-]+)\}\s*(.*)", token.info.strip())
    if token.type in ("fence", "colon_fence") and match:
        return match.group(1), match.group(2)
    return None


def _plain_text(tokens) -> str:
    """The text a reader sees as typed prose: text tokens only, one space for anything else
    (a role, inline code, math, a line break), so that nothing joins across them."""
    parts = []
    for token in tokens:
        if token.type == "inline":
            parts.extend(child.content if child.type == "text" else " " for child in token.children or ())
            parts.append("\n")
        elif _directive(token) and not _directive(token)[0].startswith(("code", "literalinclude")):
            parts.append(_plain_text(_parser().parse(_body(token))))  # e.g. a note inside
    return "".join(parts)


class _AnyDirective(Directive):
    """A directive around a solution (a note, a dropdown): any argument, any option."""

    optional_arguments, final_argument_whitespace, has_content = 1, True, True
    option_spec = {"class": str}  # not empty, so that an options block is looked for


def _body(token) -> str:
    """A directive's body without its options (``:class: dropdown`` or a YAML block), split
    off by MyST's own directive parser as sphinx-exercise's solution directive declares them."""
    name, first_line = _directive(token)
    kind = SolutionDirective if name == "solution" else _AnyDirective
    parsed = parse_directive_text(kind, first_line, token.content, validate_options=False)
    return "\n".join(parsed.body)


def _solutions_in_text(text: str, where: str) -> list[Solution]:
    found = []
    for token in _parser().parse(text):
        directive = _directive(token)
        if not directive or directive[0].startswith(("code", "literalinclude")):
            continue
        line = f"{where}, line {token.map[0] + 1}"
        if directive[0] != "solution":
            found += _solutions_in_text(_body(token), line)  # a solution nested in another
            continue
        body = _parser().parse(_body(token))
        blocks = [i for i, t in enumerate(body)
                  if t.type == "fence" and (t.info.split() or [""])[0] in PYTHON_LANGUAGES]
        if blocks:
            found.append(Solution(line, directive[1].split()[0] if directive[1] else "",
                                  "\n".join(body[i].content for i in blocks),
                                  _plain_text(body[blocks[0] + 1:])))
    return found


def solutions_in(path: Path) -> list[Solution]:
    """The solutions with python code of one page: a MyST file or a notebook's Markdown cells."""
    folder = path.parent.relative_to(REPO_ROOT) if path.is_relative_to(REPO_ROOT) else path.parent.name
    return [s for where, text in _markdown_parts(path) for s in _solutions_in_text(text, f"{folder}/{where}")]


def book_solutions() -> list[Solution]:
    return [s for page in toc_pages(REPO_ROOT) for s in solutions_in(page)]


# --- running one -------------------------------------------------------------------------


@lru_cache(maxsize=None)
def run(code: str) -> subprocess.CompletedProcess:
    """The code in a fresh interpreter, from the repository root, with the helpers importable."""
    path = os.pathsep.join(filter(None, [str(REPO_ROOT / "src"), os.environ.get("PYTHONPATH")]))
    env = {**os.environ, "PYTHONPATH": path, "MPLBACKEND": "Agg"}
    try:
        return subprocess.run([sys.executable, "-c", code], cwd=REPO_ROOT, env=env,
                              capture_output=True, text=True, timeout=TIMEOUT)
    except subprocess.TimeoutExpired:
        return subprocess.CompletedProcess([], 1, "", f"did not finish within {TIMEOUT} s")


# --- numbers -----------------------------------------------------------------------------

_MONTHS = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"]
_MONTH = (r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
          r"|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?")
_FIGURE = re.compile(
    rf"(?P<days>\b\d{{1,2}}(?:\s*[–-]\s*\d{{1,2}})?)\s+(?P<dmonth>{_MONTH})\s+(?P<dyear>\d{{4}})\b"
    rf"|\b(?P<month>{_MONTH})\s+(?P<myear>\d{{4}})\b"
    r"|(?<!\d)(?P<iso>\d{4})-(?P<isomonth>\d\d)(?:-(?P<isoday>\d\d))?(?![\d-])"
    r"|(?P<number>(?<!\d)(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)"
)
_ENUMERATOR = re.compile(r"\(\d\)")
_DECADE = re.compile(r"s\b")


@dataclass(frozen=True)
class Figure:
    kind: str  # "date", "month", "year", "decade" or "number"
    value: tuple
    text: str  # as written

    def __str__(self):
        return self.text


def figures(text: str, prose: bool) -> list[Figure]:
    """The dates, months, years and numbers of a text (prose: stricter about what a number is)."""
    found = []
    if prose:  # blanked, not removed, so that positions stay those of the text
        text = _ENUMERATOR.sub(lambda m: " " * len(m.group()), text)
    for m in _FIGURE.finditer(text):
        written = m.group(0)
        if m["days"]:
            month = _MONTHS.index(m["dmonth"][:3].lower()) + 1
            for day in re.findall(r"\d+", m["days"]):
                found.append(Figure("date", (int(m["dyear"]), month, int(day)), written))
        elif m["month"]:
            found.append(Figure("month", (int(m["myear"]), _MONTHS.index(m["month"][:3].lower()) + 1), written))
        elif m["iso"] and 1 <= int(m["isomonth"]) <= 12:
            ymd = (int(m["iso"]), int(m["isomonth"]), int(m["isoday"]) if m["isoday"] else None)
            found.append(Figure("date" if ymd[2] else "month", ymd if ymd[2] else ymd[:2], written))
        elif m["iso"]:  # "2011-20" is not a month: a year and a number
            found += figures(written.replace("-", " "), prose)
        else:
            if prose and m.start() and (text[m.start() - 1].isalpha() or text[m.start() - 1] in "._"):
                continue  # part of a name (P5) or of a dotted identifier
            digits = written.replace(",", "")
            year = prose and re.fullmatch(r"(19|20)\d\d", digits)
            if year and digits.endswith("0") and _DECADE.match(text, m.end()):
                found.append(Figure("decade", (int(digits),), written + "s"))
            else:
                found.append(Figure("year" if year else "number", (float(digits),), written))
    return found


def unprinted(prose: str, output: str) -> list[Figure]:
    """The figures the prose states that the output does not print (see the module's rule)."""
    printed = figures(output, prose=False)
    numbers = [f.value[0] for f in printed if f.kind == "number"]
    dates = {f.value for f in printed if f.kind == "date"}
    months = {f.value for f in printed if f.kind == "month"} | {d[:2] for d in dates}
    years = {m[0] for m in months}

    def shown(figure: Figure) -> bool:
        if figure.kind == "date":
            return figure.value in dates
        if figure.kind == "month":
            return figure.value in months
        if figure.kind == "decade":
            return any(figure.value[0] <= y < figure.value[0] + 10 for y in years | set(map(int, numbers)))
        if figure.kind == "year" and int(figure.value[0]) in years:
            return True
        return any(math.isclose(figure.value[0], n, rel_tol=1e-12) for n in numbers)

    return [f for f in figures(prose, prose=True) if not shown(f)]


def problems(solution: Solution) -> list[str]:
    """What is wrong with a solution: its code raises, or its text states unprinted numbers."""
    name = f"{solution.where}, solution {solution.label}"
    result = run(solution.code)
    if result.returncode:
        return [f"{name}: the code fails:\n{result.stderr.strip()[-3000:]}"]
    allowed = ALLOWED.get((solution.page, solution.label), {})
    missing = [str(f) for f in unprinted(solution.prose, result.stdout) if str(f) not in allowed]
    if missing:
        return [f"{name}: the text states {missing}, which the code does not print "
                "(print it, glue it, or drop the typed number)"]
    return []


# --- the book ----------------------------------------------------------------------------

SOLUTIONS = book_solutions()


def test_solutions_are_found_in_pages_and_notebooks():
    """The parser finds solutions in both kinds of page, or the tests below check nothing."""
    assert any(s.page.endswith(".md") for s in SOLUTIONS), "no solution with code in a MyST page"
    assert any(s.page.endswith(".ipynb") for s in SOLUTIONS), "no solution with code in a notebook"


@pytest.mark.parametrize("solution", SOLUTIONS, ids=lambda s: s.label)
def test_solution_runs_and_states_what_it_prints(solution):
    found = problems(solution)
    assert not found, "\n".join(found)


def test_allowed_numbers_are_still_stated():
    """An allowlist entry whose number the text no longer states is stale."""
    stated = {(s.page, s.label): {str(f) for f in figures(s.prose, prose=True)} for s in SOLUTIONS}
    stale = [(key, number) for key, numbers in ALLOWED.items() for number in numbers
             if number not in stated.get(key, set())]
    assert not stale, f"allowlist entries no solution states any more: {stale}"


# --- the rule on fixtures ----------------------------------------------------------------

EXERCISE = ":::{{exercise}}\n:label: ex-fake-1\nCount.\n:::\n\n"
SOLUTION = ":::{{solution}} ex-fake-1\n:class: dropdown\n```python\n{code}\n```\n{prose}\n:::\n"


def fake_page(tmp_path: Path, code: str, prose: str, notebook: bool = False) -> Path:
    text = "# Fake\n\n" + (EXERCISE + SOLUTION).format(code=code, prose=prose)
    if notebook:
        cells = [{"cell_type": "markdown", "metadata": {}, "source": text.splitlines(keepends=True)}]
        path = tmp_path / "fake.ipynb"
        path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    else:
        path = tmp_path / "fake.md"
        path.write_text("---\nkernelspec:\n  name: python3\n---\n" + text)
    return path


@pytest.mark.parametrize("notebook", [False, True], ids=["myst", "notebook"])
@pytest.mark.parametrize("code, prose, expected", [
    ("print(1 + 1)", "Two.", []),
    ("from helpers import load\nprint(len(load('no_such_table')))", "It prints 3.", ["the code fails", "DataError"]),
    ("raise ValueError('boom')", "Nothing.", ["the code fails", "ValueError: boom"]),
    ("print(37)", "It took 37 days, 11 more than the other.", ["['11']"]),
    ("print(3300.0)", "It is 3,300 above, or 3,500.", ["['3,500']"]),
    ("print('2024-02-23', 10000)", "More than 10,000 (23 February 2024) or 6,700 (26 February 2024).",
     ["['6,700', '26 February 2024']"]),
    ("print('2021-03-22')", "In March 2021 and July 2024.", ["['July 2024']"]),
    ("print(2021)", "In March 2021.", ["['March 2021']"]),  # a year printed is not its month
    ("print(8.57)", "About 8.6 %.", ["['8.6']"]),  # rounded in the text, not in the code
    ("print(-34.0, 1000.0)", "Down −34.0 %, from 1,000; counted in (1) and (2), P5.", []),
    ("print('x')", "Glued {glue:text}`n_events` and coded `print(5)`, cited {cite:p}`kim2025`, $x^2$.", []),
    ("print('cp-2006-795', 37)", "Common Position 2006/795/CFSP took 37 days; mid-2006.", []),
    ("print(1994, 2024)", "From the 1990s to the 2020s.", []),
    ("print(1984)", "In the 1990s, on 2024-02-23.", ["['1990s', '2024-02-23']"]),
], ids=["good", "fails-on-data", "raises", "unprinted-result", "separator",
        "unprinted-date", "unprinted-month", "month-needs-month", "rounded-in-text",
        "sign-and-enumerators", "roles-and-code", "identifiers", "decades", "unprinted-decade"])
def test_rule_on_a_fake_page(tmp_path, notebook, code, prose, expected):
    (found,) = solutions_in(fake_page(tmp_path, code, prose, notebook))
    assert found.label == "ex-fake-1" and found.where.startswith(f"{tmp_path.name}/fake.")
    reported = "\n".join(problems(found))
    if not expected:
        assert not reported
    for words in expected:
        assert words in reported and "ex-fake-1" in reported and "fake." in reported, reported


def test_an_allowed_number_passes_and_only_where_allowed(tmp_path, monkeypatch):
    (found,) = solutions_in(fake_page(tmp_path, "print(37)", "It took 37 days, 11 more; in 2356.", False))
    monkeypatch.setitem(ALLOWED, (found.page, found.label), {"11": "a reason"})
    assert "['2356']" in "\n".join(problems(found))
    monkeypatch.setitem(ALLOWED, (found.page, found.label), {"11": "a reason", "2356": "another"})
    assert problems(found) == []


def test_solutions_without_code_and_code_outside_solutions_are_left_alone(tmp_path):
    page = tmp_path / "fake.md"
    page.write_text("# Fake\n\n```python\nraise ValueError\n```\n\n"
                    ":::{solution} ex-fake-1\nA memo of 3 pages.\n:::\n"
                    "```{code-cell} ipython3\nraise ValueError\n```\n")
    assert solutions_in(page) == []
