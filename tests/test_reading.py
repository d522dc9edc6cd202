"""helpers.reading: the words a student reads, as the teaching page states its reading loads."""

import json

import pytest

from helpers.data import REPO_ROOT
from helpers.reading import headings, hidden_from_students, page_words

PAGE = """---
kernelspec:
  name: python3
---
# A chapter

Five words of plain prose.

```{code-cell} ipython3
print("code is not read")
```

## First part

Three more {cite:p}`kim2025` words, `code` here, $x^2$ and {glue:text}`n`.

:::{note}
A note counts too.
:::

## Second part

Read [this link](https://example.org) twice.

:::{exercise}
:label: ex-1
An exercise is read.
:::

:::{solution} ex-1
:class: dropdown
A solution is hidden from students and never counted.
:::

::::{only} instructor
:::{admonition} Teaching notes
Notes for teachers are hidden too.
:::
::::
"""


@pytest.fixture
def page(tmp_path):
    path = tmp_path / "page.md"
    path.write_text(PAGE, encoding="utf-8")
    return path


def test_counts_running_text_only(page):
    # 2 (title) + 5 + 2 + 3 ("Three more words") + 1 ("here") + 1 ("and") + 4 (note)
    # + 2 + 4 ("Read this link twice") + 4 (exercise)
    assert page_words(page) == 28


def test_sections_and_skipped_sections(page):
    assert page_words(page, ["First part"]) == 2 + 3 + 1 + 1 + 4
    assert page_words(page, skip=["First part"]) == 28 - 11
    assert page_words(page, ["A chapter"], skip=["Second part"]) == 28 - 2 - 4 - 4


def test_an_unknown_section_is_an_error(page):
    with pytest.raises(ValueError, match="no section"):
        page_words(page, ["Third part"])


def test_notebooks_count_their_markdown_cells(tmp_path):
    cells = [{"cell_type": "markdown", "metadata": {}, "source": "# Title here\n\nFour words of text."},
             {"cell_type": "code", "metadata": {}, "source": "print('not read')", "outputs": [], "execution_count": None},
             {"cell_type": "markdown", "metadata": {}, "source": "## Later\n\nTwo more."}]
    path = tmp_path / "page.ipynb"
    path.write_text(json.dumps({"cells": cells, "metadata": {}, "nbformat": 4, "nbformat_minor": 5}))
    assert page_words(path) == 2 + 4 + 1 + 2
    assert page_words(path, ["Later"]) == 3  # a heading in one cell covers the cells after it
    assert headings(path) == ["Title here", "Later"]


@pytest.mark.parametrize("info, hidden", [
    ("{solution} ex-1", True), ("{only} instructor", True), ("{only} student", False),
    ("{only} html and instructor", True), ("{only} not instructor", False), ("{only} latex", True),
    ("{exercise}", False), ("{note}", False),
])
def test_what_the_student_edition_hides(info, hidden):
    assert hidden_from_students(info) is hidden


def test_the_teaching_page_sections_exist():
    """The sections the teaching page counts are there (page_words raises otherwise)."""
    assert page_words(REPO_ROOT / "chapters" / "debate.md", ["Payer, not a player"]) > 100
