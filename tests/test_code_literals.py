"""No fact is typed in a chapter's code: every number and date a notebook or hidden cell
computes with comes from data/ (or from references.bib through helpers.data).

Read from the code's syntax tree, a code cell may type:

- a year (1900-2100): it names the period a sentence asks about ("in 2022, the CNS
  database records ... missiles"), while the answer is computed from the data;
- a small whole number (0-10), and 100, 1000 or a million (per cent, thousands, millions):
  positions, counts of panels, thresholds of "at least one", changes of unit;
- any number in the arguments of a call that only lays out a figure (:data:`COSMETIC`)
  or in a keyword argument that styles it (:data:`COSMETIC_KEYWORDS`).

Everything else is flagged: a typed date such as ``"2024-11-23"``, an amount such as
``1500``, a divisor such as ``/ 12``, a threshold such as ``> 0.5``. Such a number is a fact
or a rule: it belongs in a row of data/ with its source, or in helpers.analysis with its
reason, where the figure and the text both find it.
"""

from __future__ import annotations

import ast
import json
import re

import pytest

from helpers.data import REPO_ROOT

CHAPTERS = sorted(p for p in (REPO_ROOT / "chapters").iterdir() if p.suffix in (".md", ".ipynb"))
CODE_CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)```", re.S)
ISO_DATE = re.compile(r"\d{4}-\d{2}(-\d{2})?")

#: Calls that only lay out a figure: their numeric arguments are sizes and positions.
COSMETIC = {"new_figure", "new_figures", "legend", "subplots_adjust", "set_size_inches", "tight_layout"}
#: Keyword arguments that style a figure or a table.
COSMETIC_KEYWORDS = {"fontsize", "ncols", "ncol", "figsize", "linewidth", "alpha", "height_ratios",
                     "width_ratios", "digits", "decimals", "precision", "rotation", "pad"}
ALLOWED = set(range(11)) | {100, 1000, 1_000_000}


def cells(path) -> list[tuple[int, str]]:
    """A page's code cells, numbered from 1 in the order they appear."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        sources = [c["source"] if isinstance(c["source"], str) else "".join(c["source"])
                   for c in json.loads(text)["cells"] if c["cell_type"] == "code"]
    else:
        sources = CODE_CELL.findall(text)
    # MyST cell options (":tags: ...") and IPython magics are not Python.
    return [(i, "\n".join("" if line.startswith((":", "%", "!")) else line for line in source.splitlines()))
            for i, source in enumerate(sources, start=1)]


def typed_facts(source: str) -> list[str]:
    """The numbers and dates the code types that are neither years, small numbers nor layout."""
    tree = ast.parse(source)
    parents = {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}

    def cosmetic(node) -> bool:
        while node in parents:
            parent = parents[node]
            if isinstance(parent, ast.keyword) and parent.arg in COSMETIC_KEYWORDS:
                return True
            if isinstance(parent, ast.Call) and node is not parent.func:
                name = parent.func.attr if isinstance(parent.func, ast.Attribute) else getattr(parent.func, "id", "")
                if name in COSMETIC:
                    return True
            node = parent
        return False

    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Constant) or isinstance(node.value, bool):
            continue
        value = node.value
        if isinstance(value, str):
            if ISO_DATE.fullmatch(value) and not isinstance(parents.get(node), ast.JoinedStr):
                found.append(f"line {node.lineno}: the date {value!r}")
        elif isinstance(value, (int, float)) and not cosmetic(node):
            if value in ALLOWED or (isinstance(value, int) and 1900 <= value <= 2100):
                continue
            found.append(f"line {node.lineno}: the number {value!r}")
    return found


@pytest.mark.parametrize("page", CHAPTERS, ids=lambda p: p.name)
def test_code_cells_type_no_facts(page):
    found = {f"cell {i}": facts for i, source in cells(page) if (facts := typed_facts(source))}
    assert not found, (f"{page.name}: numbers or dates typed in code cells; put them in data/ "
                       f"(with their source) or in helpers.analysis (with their reason): {found}")


@pytest.mark.parametrize("source, expected", [
    ("BYBIT_USD_M = 1500\nshare = 100 * BYBIT_USD_M / total", ["line 1: the number 1500"]),
    ("before = (russia['date'] < '2024-11-23').sum()", ["line 1: the date '2024-11-23'"]),
    ("monthly = total / 12", ["line 1: the number 12"]),
    ("disputed = (high - low > 0.5).sum()", ["line 1: the number 0.5"]),
    ("n = missiles[2022] + missiles.loc[2020:2021].sum()", []),
    ("fig, ax = new_figure(10, 0.3 * len(order) + 2.6)\nfig.legend(ncols=4, fontsize=9)", []),
    ("end = f'{year}-12-31'\nshare = 100 * part / whole\nfirst = frame.iloc[0]", []),
])
def test_the_rule_flags_facts_and_spares_years_and_layout(source, expected):
    assert typed_facts(source) == expected
