"""The bibliography speed-ups change how fast the book renders, never what it shows."""

from __future__ import annotations

import codecs
import os
import random
import string
from pathlib import Path

import pybtex.database
import pybtex.style.formatting
import pytest
from pybtex.markup import LaTeXParser
from pybtex.richtext import Text
from sphinx.cmd.build import build_main

from helpers.data import REPO_ROOT
from book_sphinx.bibtex_speedup import _text_from_latex, plain_latex


def codec_text(latex: str) -> Text:
    """What pybtex makes of a field without the speed-up."""
    return LaTeXParser(codecs.decode(latex, "ulatex")).parse()


def test_plain_latex_is_true_only_when_the_codec_changes_nothing():
    rng = random.Random(20261122)
    alphabet = string.printable + "–—’“”«»éüß\u00a0"
    verdicts = []
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(1, 10)))
        try:
            decoded = codecs.decode(text, "ulatex")
        except UnicodeDecodeError:
            decoded = None
        verdicts.append(plain_latex(text))
        if verdicts[-1]:
            assert decoded == text, f"{text!r} is not plain: the codec makes it {decoded!r}"
    assert any(verdicts) and not all(verdicts), "the random strings should exercise both answers"


@pytest.mark.parametrize("latex", ["Kim's", "a -- b", "$-$", "na\\\"ive", "100\\%", "a~b", "a  b", ",,x''", "x\ny"])
def test_latex_markup_still_goes_through_the_codec(latex):
    assert not plain_latex(latex)
    assert _text_from_latex(Text, latex) == codec_text(latex)


def test_every_field_and_name_in_references_bib_reads_as_before():
    bib = pybtex.database.parse_file(str(REPO_ROOT / "references.bib"))
    values = [value for entry in bib.entries.values() for value in entry.fields.values()]
    values += [name for entry in bib.entries.values() for people in entry.persons.values() for person in people
               for name in person.first_names + person.middle_names + person.prelast_names
               + person.last_names + person.lineage_names]
    assert len(values) > 1000
    for value in values:
        assert _text_from_latex(Text, value) == codec_text(value), value


BIB = """@misc{alpha,
  author = {Doe, Jane},
  title = {{TITLE}},
  year = {2020},
  url = {https://example.org/alpha}
}
@misc{beta,
  author = {Roe, Richard},
  title = {Beta's second -- title},
  year = {2021},
  url = {https://example.org/beta}
}
"""


@pytest.fixture
def project(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["sphinxcontrib.bibtex", "book_sphinx.bibtex_speedup"]\n'
        'bibtex_bibfiles = ["refs.bib"]\nbibtex_reference_style = "author_year"\n',
        encoding="utf-8",
    )
    (source / "refs.bib").write_text(BIB.replace("TITLE", "Zanzibar"), encoding="utf-8")
    (source / "index.rst").write_text(
        "Test\n====\n\nSee :cite:p:`alpha` and :cite:p:`beta`.\n\n.. bibliography::\n", encoding="utf-8"
    )
    return source


@pytest.fixture
def format_calls(monkeypatch) -> list[str]:
    """The keys of the entries pybtex formats, build after build."""
    calls: list[str] = []
    original = pybtex.style.formatting.BaseStyle.format_entry

    def counting(self, label, entry, *args, **kwargs):
        calls.append(entry.key)
        return original(self, label, entry, *args, **kwargs)

    monkeypatch.setattr(pybtex.style.formatting.BaseStyle, "format_entry", counting)
    return calls


def build(source: Path) -> str:
    out = source.parent / "html"
    assert build_main(["-W", "-q", "-b", "html", "-d", str(source.parent / "doctrees"), str(source), str(out)]) == 0
    return (out / "index.html").read_text(encoding="utf-8")


def touch(path: Path) -> None:
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 10**9))


def test_each_entry_is_formatted_once_and_reused_until_something_changes(project, format_calls):
    html = build(project)
    assert "Zanzibar" in html and "Beta's second – title" in html
    assert sorted(format_calls) == ["alpha", "beta"], "one formatting per entry, shared with its tooltip"

    format_calls.clear()
    touch(project / "index.rst")  # read again, same citations
    assert "Zanzibar" in build(project)
    assert format_calls == []

    format_calls.clear()
    (project / "refs.bib").write_text(BIB.replace("TITLE", "Quixote"), encoding="utf-8")
    touch(project / "refs.bib")
    html = build(project)
    assert "Quixote" in html and "Zanzibar" not in html
    assert sorted(format_calls) == ["alpha", "beta"]

    format_calls.clear()
    (project / "index.rst").write_text("Test\n====\n\nSee :cite:p:`beta`.\n\n.. bibliography::\n", encoding="utf-8")
    touch(project / "index.rst")
    html = build(project)
    assert "Quixote" not in html, "an entry no longer cited leaves the bibliography"
    assert format_calls == ["beta"]


def test_the_patches_were_written_for_the_installed_versions():
    """A lock that moves pybtex or sphinxcontrib-bibtex must re-check the patches (then update TESTED)."""
    from book_sphinx.bibtex_speedup import TESTED, untested_versions

    assert not untested_versions(), (
        f"bibtex_speedup patches private functions of {TESTED}; other versions are installed: "
        f"{untested_versions()}. Check the patched functions against the new versions, then update TESTED")


def test_other_versions_run_unpatched(monkeypatch):
    from book_sphinx import bibtex_speedup
    from sphinxcontrib.bibtex.domain import BibtexDomain

    def stock_formatted_entries(*args):
        return []

    def stock_from_latex(cls, latex):
        return Text(latex)

    monkeypatch.setattr(BibtexDomain, "get_formatted_entries", stock_formatted_entries)
    monkeypatch.setattr(Text, "from_latex", classmethod(stock_from_latex))
    real_version = bibtex_speedup.importlib.metadata.version
    monkeypatch.setattr(bibtex_speedup.importlib.metadata, "version",
                        lambda name: "0.99" if name == "pybtex" else real_version(name))
    bibtex_speedup.setup(app=None)
    assert BibtexDomain.get_formatted_entries is stock_formatted_entries
    assert Text.from_latex.__func__ is stock_from_latex
