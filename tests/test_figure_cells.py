"""Every figure of the book has a name, a caption and alt text that describes it, however
its axes are made; and figures are made only through the house style."""

import json

import pytest
from markdown_it import MarkdownIt

from figure_rules import figure_problems, glue_figures, makes_figure, raw_figure_calls
from helpers.data import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "chapters").glob("*.ipynb"))
MYST_PAGES = sorted((REPO_ROOT / "chapters").glob("*.md"))
GOOD = {"mystnb": {"figure": {"name": "fig-x", "caption": "Launches per year, 1984-2024. Source: data/."},
                   "image": {"alt": "A bar chart of missile launches per year: a handful a year until 2015, "
                                    "then dozens a year, peaking in 2022."}}}


def code_cells(path):
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return [(i, c) for i, c in enumerate(cells) if c["cell_type"] == "code"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_figure_cell_is_named_captioned_and_described(notebook):
    bad = {f"cell {i}": figure_problems(cell["metadata"]) for i, cell in code_cells(notebook)
           if makes_figure(cell["source"])}
    bad = {where: problems for where, problems in bad.items() if problems}
    assert not bad, f"{notebook.name}: {bad}"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_every_pasted_figure_is_named_captioned_and_described(notebook):
    """A figure glued in code and pasted with {glue:figure} obeys the figure cells' rules."""
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    text = "\n".join(c["source"] for c in cells if c["cell_type"] == "markdown")
    bad = {key: figure_problems(meta) for key, meta in glue_figures(text)}
    bad = {key: problems for key, problems in bad.items() if problems}
    assert not bad, f"{notebook.name}: {bad}"


def test_a_pasted_figure_is_read_like_a_figure_cell():
    directive = ("::::{tab-set}\n:::{tab-item} A\n```{glue:figure} launches\n:name: fig-x\n"
                 f":alt: {GOOD['mystnb']['image']['alt']}\n\n{GOOD['mystnb']['figure']['caption']}\n```\n:::\n::::")
    assert glue_figures(directive) == [("launches", GOOD)]
    assert figure_problems(glue_figures(directive.replace(":alt:", ":class:"))[0][1]) == ["no alt text (mystnb.image.alt)"]


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_figures_are_made_through_the_house_style(notebook):
    raw = {f"cell {i}": raw_figure_calls(cell["source"]) for i, cell in code_cells(notebook)}
    raw = {where: calls for where, calls in raw.items() if calls}
    assert not raw, f"{notebook.name}: make figures with helpers.style.new_figure(s), not {raw}"


def test_no_myst_page_makes_a_figure():
    """Figure metadata is checked in notebooks; a MyST page's code cell must not make one."""
    parser = MarkdownIt("commonmark")
    found = [f"{page.name} line {token.map[0] + 1}" for page in MYST_PAGES
             for token in parser.parse(page.read_text(encoding="utf-8"))
             if token.type == "fence" and token.info.startswith("{code-cell}")
             and (makes_figure(token.content) or raw_figure_calls(token.content))]
    assert not found, f"figures made in MyST pages (move them to a notebook): {found}"


def test_a_good_figure_cell_passes():
    assert figure_problems(GOOD) == []


@pytest.mark.parametrize("change, expected", [
    (lambda m: m["mystnb"]["figure"].pop("caption"), "no caption"),
    (lambda m: m["mystnb"]["figure"].pop("name"), "no figure name"),
    (lambda m: m["mystnb"].pop("image"), "no alt text"),
    (lambda m: m["mystnb"]["image"].update(alt="fig-launches.png"), "file name"),
    (lambda m: m["mystnb"]["image"].update(alt="Missile launches by year."), "too short"),
    (lambda m: m["mystnb"]["image"].update(alt=m["mystnb"]["figure"]["caption"] * 3), "repeats the caption"),
])
def test_each_figure_rule_fails_on_a_bad_cell(change, expected):
    meta = json.loads(json.dumps(GOOD))
    change(meta)
    assert any(expected in problem for problem in figure_problems(meta)), figure_problems(meta)


@pytest.mark.parametrize("source", ["fig, axes = plt.subplots(2, 2)", "fig = plt.figure()"])
def test_raw_matplotlib_figures_are_caught(source):
    assert raw_figure_calls(source) and not makes_figure(source)
