"""The student edition shows no solution and no teaching note; the instructor edition shows both.

Two small Sphinx builds of a fixture page (the book's own extensions, sphinx-exercise's
solution directive and an ``{only} instructor`` block) are read back with the check that
``tools/build_edition.py`` runs on the whole book after every student build. The check
must find every hidden passage in the instructor build, or it would prove nothing in the
student one. About five seconds for both builds.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from book_sphinx.editions import book_hidden_passages, hidden_passages, shown
from helpers.data import REPO_ROOT
from helpers.sources import toc_pages

SOLUTION = "The answer lies in the Council conclusions of the autumn and in the minutes of the committee"
NOTE = "Ask the class whether the dialogue could have continued without a resident delegation in the capital"
PAGE = f"""# A chapter

Some prose that both editions show to every reader of the book, with a few more words.

:::{{exercise}}
:label: ex-fake-1
Count the listings of the year and say what they show about the policy of the Union.
:::

:::{{solution}} ex-fake-1
:class: dropdown
```python
print(41)
```
{SOLUTION}.
:::

::::{{only}} instructor
:::{{admonition}} Teaching notes
:class: dropdown
1. {NOTE}.
:::
::::
"""
CONF = """
extensions = ["myst_parser", "sphinx_exercise", "book_sphinx.editions"]
myst_enable_extensions = ["colon_fence"]
html_theme = "sphinx_book_theme"  # the book's: its download button offers the page sources
exclude_patterns = ["_build"]
"""


def start(tmp_path: Path, edition: str) -> tuple[Path, subprocess.Popen]:
    """A Sphinx build of the fixture page in the given edition, started (not waited for)."""
    source = tmp_path / "source"
    if not source.exists():
        source.mkdir()
        (source / "conf.py").write_text(CONF, encoding="utf-8")
        (source / "index.md").write_text(PAGE, encoding="utf-8")
    out = tmp_path / edition
    command = [sys.executable, "-m", "sphinx", "-W", "-q", "-b", "html", "-d", str(tmp_path / f"doctrees-{edition}"),
               "-D", f"book_edition={edition}", str(source), str(out)]
    return out, subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(out: Path, process: subprocess.Popen) -> Path:
    _, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    return out


def passages():
    return hidden_passages(PAGE, "index.md")


def test_the_fixture_has_a_solution_and_a_teaching_note():
    assert len(passages()) == 2 and all(len(runs) > 5 for _, runs in passages())


def test_the_student_edition_shows_neither_and_the_instructor_edition_both(tmp_path):
    """One test for both builds, run side by side, so that a parallel run builds them once."""
    started = {edition: start(tmp_path, edition) for edition in ("student", "instructor")}
    student, instructor = (finish(*started[edition]) for edition in ("student", "instructor"))

    assert [where for where, _ in shown(passages(), instructor, pages_only=True)] == [where for where, _ in passages()]
    assert "download-source-button" in (instructor / "index.html").read_text(encoding="utf-8")

    assert shown(passages(), student) == []
    assert not (student / "_sources").exists(), "the page sources hold the solutions"
    assert "download-source-button" not in (student / "index.html").read_text(encoding="utf-8")
    text = "\n".join(p.read_text(encoding="utf-8") for p in student.rglob("*") if p.suffix in (".html", ".js"))
    assert "minutes of the committee" not in text and "resident delegation" not in text
    assert "Some prose that both editions show" in text and "Count the listings" in text


def test_an_unknown_edition_is_refused(tmp_path):
    with pytest.raises(AssertionError, match="book_edition must be one of"):
        finish(*start(tmp_path, "teacher"))


def test_the_book_hides_every_solution_and_its_teaching_notes():
    """Every solution directive and every teaching-notes block of the book is a hidden
    passage long enough for the check to see."""
    pages = toc_pages(REPO_ROOT)
    found = book_hidden_passages(pages)
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    assert len(found) == text.count("{solution}") + text.count("{only} instructor")
    assert text.count("{only} instructor") >= 12, "a chapter lost its teaching notes"
    short = [where for where, runs in found if len(runs) < 10]
    assert not short, f"hidden passages too short for the leak check: {short}"
