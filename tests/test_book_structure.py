"""The book's structure: what the build would catch late, or not at all, caught early."""

import json
import re
from pathlib import Path

import pytest

from helpers.data import REPO_ROOT, DataPackage
from helpers.sources import page_citations, toc_pages
from myst_text import prose

CHAPTERS = REPO_ROOT / "chapters"
NOTEBOOKS = sorted(CHAPTERS.rglob("*.ipynb"))
PAGES = sorted(p for p in CHAPTERS.rglob("*") if p.suffix in {".md", ".ipynb"} and ".ipynb_checkpoints" not in p.parts)


def page_text(path: Path) -> str:
    if path.suffix == ".ipynb":
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        return "\n".join("".join(c["source"]) for c in cells)
    return path.read_text(encoding="utf-8")


def test_notebooks_are_stored_without_outputs():
    dirty = {nb.name: [i for i, c in enumerate(json.loads(nb.read_text(encoding="utf-8"))["cells"])
                       if c["cell_type"] == "code" and (c.get("outputs") or c.get("execution_count"))]
             for nb in NOTEBOOKS}
    dirty = {name: cells for name, cells in dirty.items() if cells}
    assert not dirty, f"cells with outputs (clear them before committing): {dirty}"


def test_notebooks_use_the_python3_kernel():
    other = {nb.name: json.loads(nb.read_text(encoding="utf-8"))["metadata"]["kernelspec"]["name"] for nb in NOTEBOOKS}
    other = {name: kernel for name, kernel in other.items() if kernel != "python3"}
    assert not other, f"notebooks not on the python3 kernel: {other}"


def test_the_toc_and_the_chapters_folder_agree():
    """Fast feedback for what the -W build also refuses (a page outside every toctree)."""
    listed = {page.resolve() for page in toc_pages(REPO_ROOT)}
    missing = sorted(p.name for p in PAGES if p.resolve() not in listed)
    assert not missing, f"pages in chapters/ that _toc.yml does not list: {missing}"


def test_every_citation_resolves():
    """Fast feedback for what the -W build also refuses (an unknown citation key)."""
    keys = set(DataPackage().load("sources")["key"])
    unknown = sorted({f"{c.where} line {c.line}: {k}" for page in PAGES for c in page_citations(page)
                      for k in c.keys if k not in keys})
    assert not unknown, f"cite roles with keys missing from references.bib: {unknown[:20]}"


def pinned(name: str) -> list[str]:
    lines = (REPO_ROOT / name).read_text(encoding="utf-8").splitlines()
    packages = [line for line in lines if line and not line.startswith("#")]
    # An exact pin, for every Python and platform or under an environment marker.
    loose = [line for line in packages
             if line != "-e ." and not re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[\w.]+( ; .+)?", line)]
    assert not loose, f"{name} has unpinned lines: {loose}"
    return packages


def test_requirements_are_exact_pins():
    book, tests = pinned("requirements.txt"), pinned("requirements-test.txt")
    assert "jupyter-book==1.0.4.post1" in book
    assert "-e ." in book, "requirements.txt must install the helpers package"
    names = lambda lines: {line.split("==")[0].lower() for line in lines if "==" in line}
    assert not names(book) & names(tests), "a package is pinned in both files"
    # nbval, which checks every notebook, is a package of the book (Binder has it too);
    # the browser tools are not.
    assert "nbval" in names(book) and {"playwright", "pytest-xdist"} <= names(tests)
    assert not {"playwright", "pytest-xdist", "axe-playwright-python"} & names(book)
    lab = pinned("requirements-lab.txt")
    server_only = {"jupyterlab", "jupyter_server", "jupyter-server", "rfc3987-syntax"}
    assert "jupyterlab" in names(lab) and not server_only & (names(book) | names(tests)), (
        "JupyterLab has an environment of its own: its dependencies slow every kernel's imports"
    )


#: Markdown pages that are not narrative chapters (no history to cite).
REFERENCE_PAGES = {"bibliography", "how-to-cite", "teaching", "glossary", "workbook"}
CHAPTERS_MD = [p for p in PAGES if p.suffix == ".md" and p.stem not in REFERENCE_PAGES]


def prose_words(text: str) -> int:
    """Words of prose: code cells, front matter and the role markup are left out."""
    return len(prose(text).split())


def test_chapters_are_cited_and_substantial():
    thin = {}
    for page in CHAPTERS_MD:
        citations, words = len(page_citations(page)), prose_words(page_text(page))
        if citations < 10 or words < 1000:
            thin[page.name] = f"{citations} citations, {words} words"
    assert not thin, f"factual chapters need at least 10 citations and 1,000 words: {thin}"


def test_chapters_end_with_key_points_questions_and_exercises():
    lacking = {}
    for page in CHAPTERS_MD:
        if page.stem == "intro":
            continue
        text = page_text(page)
        gaps = [h for h in ("## Key points", "## Questions for discussion") if h not in text]
        if ":::{exercise}" not in text or ":::{solution}" not in text:
            gaps.append("an exercise with a solution")
        if gaps:
            lacking[page.name] = gaps
    assert not lacking, f"chapters lacking their closing sections: {lacking}"


def test_no_placeholder_is_left_in_a_page():
    left = [p.name for p in PAGES if "[[GLUE" in page_text(p) or "TODO" in page_text(p)]
    assert not left, f"pages with placeholders: {left}"


def test_pyproject_declares_every_package_the_code_imports():
    import ast
    import sys
    import tomllib
    from importlib.metadata import packages_distributions

    norm = lambda name: re.sub(r"[-_.]+", "-", name).lower()
    project = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    declared = {norm(re.split(r"[<>=!~ \[;]", dep)[0]) for dep in project["dependencies"]}
    owners = packages_distributions()
    ours = {"helpers", "book_sphinx"}
    undeclared = {}
    for path in sorted((REPO_ROOT / "src").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module] if isinstance(node, ast.ImportFrom) and node.module and node.level == 0 else [])
            for name in names:
                top = name.split(".")[0]
                if top in sys.stdlib_module_names or top in ours or top == "__future__":
                    continue
                if not {norm(d) for d in owners.get(top, [top])} & declared:
                    undeclared.setdefault(top, path.relative_to(REPO_ROOT).as_posix())
    assert not undeclared, f"imported but not declared in pyproject.toml: {undeclared}"
