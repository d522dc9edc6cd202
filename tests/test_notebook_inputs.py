"""A change to one table re-runs and re-reads only the pages that read it; a change to the
helpers still re-runs every page; the cache never serves a notebook built from old data."""

from __future__ import annotations

import json
import os
from pathlib import Path
from types import SimpleNamespace

import nbformat
import pytest

import book_sphinx.inputs as sphinx_inputs
from helpers.notebook_inputs import STAMP, page_digest, page_inputs, refresh_cache


def notebook(path: Path, code: str, markdown: str = "# A page") -> Path:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(markdown), nbformat.v4.new_code_cell(code)])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path.write_text(nbformat.writes(nb), encoding="utf-8")
    return path


@pytest.fixture
def root(tmp_path) -> Path:
    """A repository in miniature: two tables (b refers to a), the helpers, the bibliography, pages."""
    data = tmp_path / "data"
    data.mkdir()
    (data / "a.csv").write_text("id\nx\n", encoding="utf-8")
    (data / "b.csv").write_text("id\ny\n", encoding="utf-8")
    (data / "c.csv").write_text("id\nz\n", encoding="utf-8")
    resources = [{"name": "a", "path": "a.csv"},
                 {"name": "b", "path": "b.csv", "schema": {"foreignKeys": [{"fields": "id", "reference": {"resource": "a", "fields": "id"}}]}},
                 {"name": "c", "path": "c.csv"}]
    (data / "datapackage.json").write_text(json.dumps({"resources": resources}), encoding="utf-8")
    (tmp_path / "src" / "helpers").mkdir(parents=True)
    (tmp_path / "src" / "helpers" / "figures.py").write_text("RED = '#D55E00'\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text("@misc{a, title={A}}\n", encoding="utf-8")
    (tmp_path / "_toc.yml").write_text("root: chapters/intro\n", encoding="utf-8")
    chapters = tmp_path / "chapters"
    chapters.mkdir()
    notebook(chapters / "reads-b.ipynb", 'from helpers import load\nb = load("b")\nglue("n", len(b))')
    notebook(chapters / "reads-c.ipynb", 'from helpers import load\nc = load("c")')
    notebook(chapters / "reads-any.ipynb", 'from helpers import load\nfor name in ("a", "c"):\n    load(name)')
    (chapters / "intro.md").write_text("We count {glue:text}`reads-b.ipynb::n:d` rows.\n", encoding="utf-8")
    (chapters / "plain.md").write_text("# No code\n", encoding="utf-8")
    return tmp_path


def names(root, files):
    return sorted(p.relative_to(root).as_posix() for p in files)


def test_a_page_reads_its_tables_their_references_the_sources_and_the_helpers(root):
    assert names(root, page_inputs(root / "chapters" / "reads-b.ipynb", root)) == [
        "data/a.csv", "data/b.csv", "data/datapackage.json", "references.bib", "src/helpers/figures.py"]


def test_a_page_naming_tables_by_variable_reads_everything(root):
    inputs = names(root, page_inputs(root / "chapters" / "reads-any.ipynb", root))
    assert {"data/a.csv", "data/c.csv", "chapters/plain.md", "references.bib"} <= set(inputs)


def test_a_page_counting_the_words_of_pages_reads_the_pages(root):
    """The teaching page states reading loads counted from the chapters: a chapter edit re-runs it."""
    page = notebook(root / "chapters" / "counts.ipynb",
                    'from helpers.reading import page_words\nglue("n", page_words("plain.md"))')
    inputs = names(root, page_inputs(page, root))
    assert "chapters/plain.md" in inputs and "_toc.yml" in inputs and "data/a.csv" not in inputs


def test_a_page_showing_another_notebooks_numbers_inherits_its_inputs(root):
    inputs = names(root, page_inputs(root / "chapters" / "intro.md", root))
    assert {"data/b.csv", "data/a.csv", "chapters/reads-b.ipynb"} <= set(inputs) and "data/c.csv" not in inputs


def test_the_digest_follows_contents_not_times(root):
    page = root / "chapters" / "reads-c.ipynb"
    before = page_digest(page, root)
    table = root / "data" / "c.csv"
    stat = table.stat()
    os.utime(table, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert page_digest(page, root) == before, "a new modification time alone changes nothing"
    (root / "data" / "a.csv").write_text("id\nw\n", encoding="utf-8")
    assert page_digest(page, root) == before, "a table the page does not read changes nothing"
    table.write_text("id\nz2\n", encoding="utf-8")
    assert page_digest(page, root) != before


def cached(cache, page: Path) -> bool:
    return cache.get_cached_project_nb(str(page)) is not None


def test_the_cache_drops_exactly_the_notebooks_whose_inputs_changed(root, tmp_path):
    from jupyter_cache import get_cache

    pages = [root / "chapters" / "reads-b.ipynb", root / "chapters" / "reads-c.ipynb"]
    path = tmp_path / "cache"
    assert refresh_cache(path, pages, root) == pages, "a cache without a record of its inputs is emptied"
    cache = get_cache(str(path))
    for page in pages:
        cache.add_nb_to_project(str(page))
        cache.cache_notebook_file(str(page), check_validity=False)
    assert all(cached(cache, page) for page in pages)

    assert refresh_cache(path, pages, root) == []
    (root / "data" / "a.csv").write_text("id\nx2\n", encoding="utf-8")  # b refers to a
    assert refresh_cache(path, pages, root) == [pages[0]]
    assert not cached(cache, pages[0]), "a notebook built from old data must not be served"
    assert cached(cache, pages[1])

    (root / "src" / "helpers" / "figures.py").write_text("RED = '#000000'\n", encoding="utf-8")
    assert refresh_cache(path, pages, root) == pages, "a change to the helpers re-runs every page"


def test_only_the_pages_whose_inputs_changed_are_reread(root, monkeypatch):
    monkeypatch.setattr(sphinx_inputs, "page_digest", lambda page: page_digest(page, root))
    docs = {"chapters/reads-b": "reads-b.ipynb", "chapters/reads-c": "reads-c.ipynb", "chapters/intro": "intro.md",
            "chapters/plain": "plain.md"}
    env = SimpleNamespace(found_docs=set(docs), doc2path=lambda doc: str(root / "chapters" / docs[doc]))
    assert sphinx_inputs._pages_to_reread(None, env, set(), set(), set()) == sorted(docs)
    assert sphinx_inputs._pages_to_reread(None, env, set(), set(), set()) == []
    (root / "data" / "b.csv").write_text("id\ny2\n", encoding="utf-8")
    assert sphinx_inputs._pages_to_reread(None, env, set(), set(), set()) == ["chapters/intro", "chapters/reads-b"]


def test_a_table_list_named_in_helpers_analysis_is_read_as_its_tables(root):
    notebook(root / "chapters" / "scorecard.ipynb",
             "from helpers.analysis import SCORECARD_TABLES\ncoverage = covered_years(SCORECARD_TABLES)")
    from helpers.analysis import SCORECARD_TABLES

    inputs = names(root, page_inputs(root / "chapters" / "scorecard.ipynb", root))
    assert "chapters/plain.md" not in inputs, "a known constant is not a variable: the page does not read everything"
    assert SCORECARD_TABLES  # the names resolve against the real module; the miniature has none of them


def test_a_copied_repository_with_its_cache_still_drops_what_changed(root, tmp_path):
    import shutil

    from jupyter_cache import get_cache

    pages = [root / "chapters" / "reads-b.ipynb", root / "chapters" / "reads-c.ipynb"]
    refresh_cache(root / "cache", pages, root)
    cache = get_cache(str(root / "cache"))
    for page in pages:
        cache.cache_notebook_file(str(page), check_validity=False)
    copy = tmp_path / "copy"
    shutil.copytree(root, copy)
    (copy / "data" / "b.csv").write_text("id\ny3\n", encoding="utf-8")
    copied = [copy / "chapters" / page.name for page in pages]
    assert refresh_cache(copy / "cache", copied, copy) == [copied[0]]
    moved = get_cache(str(copy / "cache"))
    with pytest.raises(KeyError):
        moved.match_cache_file(str(copied[0]))
    assert moved.match_cache_file(str(copied[1]))
