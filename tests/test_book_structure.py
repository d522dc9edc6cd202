"""The book's structure: what the build would catch late, or not at all, caught early."""

import json
import re
from pathlib import Path

import pytest
import yaml

from helpers.data import REPO_ROOT
from myst_text import prose

CHAPTERS = REPO_ROOT / "chapters"
NOTEBOOKS = sorted(CHAPTERS.rglob("*.ipynb"))
PAGES = sorted(p for p in CHAPTERS.rglob("*") if p.suffix in {".md", ".ipynb"} and ".ipynb_checkpoints" not in p.parts)
CITE = re.compile(r"\{cite(?::\w+)?\}`([^`]+)`")


def toc_files() -> list[str]:
    """Every file named in _toc.yml, without suffix, relative to the repository root."""
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    found = [toc["root"]]

    def walk(node):
        if isinstance(node, dict):
            if "file" in node:
                found.append(node["file"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(toc.get("parts", []))
    return found


def bib_keys() -> set[str]:
    text = (REPO_ROOT / "references.bib").read_text(encoding="utf-8")
    return set(re.findall(r"@\w+\s*\{\s*([^,\s]+)\s*,", text))


def page_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells)
    return path.read_text(encoding="utf-8")


def test_there_are_notebooks():
    assert NOTEBOOKS, "chapters/ holds no notebook"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(notebook):
    cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
    dirty = [i for i, c in enumerate(cells) if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
    assert not dirty, f"{notebook.name}: cells {dirty} have outputs; clear them before committing"


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_uses_the_python3_kernel(notebook):
    spec = json.loads(notebook.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
    assert spec["name"] == "python3"


def test_every_page_in_chapters_is_in_the_toc():
    listed = set(toc_files())
    missing = [p.relative_to(REPO_ROOT).with_suffix("").as_posix() for p in PAGES]
    missing = [p for p in missing if p not in listed]
    assert not missing, f"not in _toc.yml: {missing}"


def test_every_toc_entry_exists():
    absent = [f for f in toc_files() if not any((REPO_ROOT / f).with_suffix(s).exists() for s in (".md", ".ipynb"))]
    assert not absent, f"_toc.yml names files that do not exist: {absent}"


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_citations_resolve(page):
    keys = bib_keys()
    cited = {k.strip() for group in CITE.findall(page_text(page)) for k in group.split(",")}
    unknown = sorted(cited - keys)
    assert not unknown, f"{page.name} cites keys missing from references.bib: {unknown}"


def pinned(name: str) -> list[str]:
    lines = (REPO_ROOT / name).read_text(encoding="utf-8").splitlines()
    packages = [line for line in lines if line and not line.startswith("#")]
    loose = [line for line in packages if line != "-e ." and not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+", line)]
    assert not loose, f"{name} has unpinned lines: {loose}"
    return packages


def test_requirements_are_exact_pins():
    book, tests = pinned("requirements.txt"), pinned("requirements-test.txt")
    assert "jupyter-book==1.0.4.post1" in book
    assert "-e ." in book, "requirements.txt must install the helpers package"
    names = lambda lines: {line.split("==")[0].lower() for line in lines if "==" in line}
    assert not names(book) & names(tests), "a package is pinned in both files"
    assert {"pytest", "nbval", "playwright"} <= names(tests) and not {"pytest", "playwright"} & names(book)
    lab = pinned("requirements-lab.txt")
    server_only = {"jupyterlab", "jupyter_server", "jupyter-server", "rfc3987-syntax"}
    assert "jupyterlab" in names(lab) and not server_only & (names(book) | names(tests)), (
        "JupyterLab has an environment of its own: its dependencies slow every kernel's imports"
    )


#: Markdown pages that are not narrative chapters (no history to cite).
REFERENCE_PAGES = {"bibliography", "how-to-cite", "teaching", "glossary"}
CHAPTERS_MD = [p for p in PAGES if p.suffix == ".md" and p.stem not in REFERENCE_PAGES]


def prose_words(text: str) -> int:
    """Words of prose: code cells, front matter and the role markup are left out."""
    return len(prose(text).split())


@pytest.mark.parametrize("page", CHAPTERS_MD, ids=lambda p: p.name)
def test_chapter_is_cited_and_substantial(page):
    text = page_text(page)
    citations = len(CITE.findall(text))
    assert citations >= 10, f"{page.name}: only {citations} citations in a factual chapter"
    assert prose_words(text) >= 1000, f"{page.name}: fewer than 1,000 words"


@pytest.mark.parametrize("page", [p for p in CHAPTERS_MD if p.stem != "intro"], ids=lambda p: p.name)
def test_chapter_ends_with_key_points_questions_and_exercises(page):
    text = page_text(page)
    for heading in ("## Key points", "## Questions for discussion"):
        assert heading in text, f"{page.name}: no '{heading}' section"
    assert text.count(":::{exercise}") >= 1 and ":::{solution}" in text, f"{page.name}: no exercise with a solution"


def test_no_placeholder_is_left_in_a_page():
    left = [p.name for p in PAGES if "[[GLUE" in page_text(p) or "TODO" in page_text(p)]
    assert not left, f"pages with placeholders: {left}"
