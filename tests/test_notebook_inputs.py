"""A change to the data, the sources or the helpers re-runs every notebook and re-reads every page."""

from __future__ import annotations

import os
from pathlib import Path
from types import SimpleNamespace

import pytest

import helpers.notebook_inputs as notebook_inputs
from helpers.notebook_inputs import STAMP, digest, input_files, refresh_cache


@pytest.fixture
def root(tmp_path) -> Path:
    """A repository in miniature: one table, one helper module, the bibliography."""
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "events.csv").write_text("id,date\na,2001-05-14\n", encoding="utf-8")
    (tmp_path / "src" / "helpers").mkdir(parents=True)
    (tmp_path / "src" / "helpers" / "figures.py").write_text("RED = '#D55E00'\n", encoding="utf-8")
    (tmp_path / "references.bib").write_text("@misc{a, title={A}}\n", encoding="utf-8")
    (tmp_path / "chapters").mkdir()
    (tmp_path / "chapters" / "intro.md").write_text("# Intro\n", encoding="utf-8")
    return tmp_path


def test_the_inputs_are_the_data_the_sources_and_the_helpers(root):
    names = [p.relative_to(root).as_posix() for p in input_files(root)]
    assert names == ["data/events.csv", "references.bib", "src/helpers/figures.py"]


@pytest.mark.parametrize("changed", ["data/events.csv", "references.bib", "src/helpers/figures.py"])
def test_fingerprint_follows_contents(root, changed):
    before = digest(root)
    path = root / changed
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))
    assert digest(root) == before, "a new modification time alone changes nothing"
    path.write_text(path.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert digest(root) != before


def test_a_page_is_not_an_input(root):
    before = digest(root)
    (root / "chapters" / "intro.md").write_text("# Introduction\n", encoding="utf-8")
    assert digest(root) == before, "a page's own changes are jupyter-cache's and Sphinx's business"


def test_cache_is_emptied_only_when_the_inputs_change(root, tmp_path):
    cache = tmp_path / "cache"
    assert refresh_cache(cache, root), "a cache without a fingerprint cannot be trusted"
    assert (cache / STAMP).read_text(encoding="utf-8") == digest(root)
    (cache / "global.db").write_text("executed notebooks", encoding="utf-8")

    assert not refresh_cache(cache, root)
    assert (cache / "global.db").exists()

    (root / "data" / "events.csv").write_text("id,date\na,2001-05-15\n", encoding="utf-8")
    assert refresh_cache(cache, root)
    assert not (cache / "global.db").exists()
    assert (cache / STAMP).read_text(encoding="utf-8") == digest(root)


def test_every_page_is_reread_when_the_inputs_change(monkeypatch):
    env = SimpleNamespace(found_docs={"chapters/intro", "chapters/sanctions"})
    monkeypatch.setattr(notebook_inputs, "digest", lambda: "first")
    assert notebook_inputs._pages_to_reread(None, env, set(), set(), set()) == ["chapters/intro", "chapters/sanctions"]
    assert notebook_inputs._pages_to_reread(None, env, set(), set(), set()) == []
    monkeypatch.setattr(notebook_inputs, "digest", lambda: "second")
    assert notebook_inputs._pages_to_reread(None, env, set(), set(), set()) == ["chapters/intro", "chapters/sanctions"]
