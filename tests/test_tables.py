"""The book's tables: plain HTML tables, long ones marked for the reader's filter and sort,
their sources linked to bibliography entries that carry an anchor by key."""

from __future__ import annotations

import re

import pandas as pd
from sphinx.cmd.build import build_main

from book_sphinx.tables import SCRIPT, STYLESHEET, assets_for
from helpers.sources import BIBLIOGRAPHY_PAGE, bibliography_anchor
from helpers.style import LONG_TABLE_ROWS, source_links, table


def html_of(frame, **kwargs) -> str:
    return table(frame, **kwargs).to_html()


def test_a_long_table_is_interactive_a_short_one_is_not_unless_asked():
    long, short = pd.DataFrame({"a": range(LONG_TABLE_ROWS)}), pd.DataFrame({"a": range(LONG_TABLE_ROWS - 1)})
    assert '<table id="T_" class="book-table" data-interactive>' in html_of(long)
    assert '<table id="T_" class="book-table">' in html_of(short)
    assert "data-interactive" in html_of(short, interactive=True)
    assert "data-interactive" not in html_of(long, interactive=False)


def test_text_is_escaped_but_a_formatter_may_write_html():
    html = html_of(pd.DataFrame({"text": ["a <b> & c"], "sources": [("k1",)]}), sources=source_links)
    assert "a &lt;b&gt; &amp; c" in html
    assert f'<a href="{BIBLIOGRAPHY_PAGE}#{bibliography_anchor("k1")}">k1</a>' in html


def test_columns_are_sized_by_the_text_they_hold():
    frame = pd.DataFrame({
        "id": ["x-01", "x-02", "x-03"],
        "name": ["a medium length name", "another one", "a third"],
        "claim": ["c" * 80] * 3,
        "evidence": ["e" * 200] * 3,
        "value": [1.5, 2.0, None],
        "date": pd.to_datetime(["2020-01-01", "2021-01-01", "2022-01-01"]),
    })
    classes = re.findall(r'<td class="data row0 col\d+ ?([^"]*)" >', html_of(frame))
    assert dict(zip(frame.columns, classes)) == {"id": "book-short", "name": "", "claim": "book-long", "evidence": "book-wide",
                     "value": "book-short", "date": "book-short"}


def test_source_links_list_each_key_and_show_a_gap_when_there_is_none():
    html = source_links(("alpha", "celex-32016D0849"))
    assert html.startswith('<ul class="book-sources">') and html.count("<li>") == 2
    assert 'href="bibliography.html#source-celex-32016D0849"' in html
    assert source_links(()) == "–"


def test_only_pages_with_book_tables_get_the_assets():
    assert assets_for("<p>no table</p><table class='other'></table>") == []
    assert assets_for('<table id="T_" class="book-table">') == [STYLESHEET]
    assert assets_for('<table id="T_" class="book-table" data-interactive>') == [STYLESHEET, SCRIPT]


BIB = """@misc{alpha,
  author = {Doe, Jane}, title = {Alpha}, year = {2020}, url = {https://example.org/alpha}
}
@misc{beta,
  author = {Roe, Richard}, title = {Beta}, year = {2021}, url = {https://example.org/beta}
}
"""


def test_every_bibliography_entry_is_anchored_by_its_key_and_citations_link_there(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "conf.py").write_text(
        'extensions = ["sphinxcontrib.bibtex", "book_sphinx.source_anchors"]\n'
        'bibtex_bibfiles = ["refs.bib"]\nbibtex_reference_style = "author_year"\n', encoding="utf-8")
    (source / "refs.bib").write_text(BIB, encoding="utf-8")
    # Two bibliographies on one page, as the book's (one per class of source).
    (source / "index.rst").write_text(
        "Test\n====\n\nSee :cite:p:`alpha`.\n\n.. bibliography::\n   :filter: key == \"alpha\"\n\n"
        "More\n----\n\n.. bibliography::\n   :filter: key == \"beta\"\n", encoding="utf-8")
    out = tmp_path / "html"
    assert build_main(["-W", "-q", "-b", "html", "-d", str(tmp_path / "doctrees"), str(source), str(out)]) == 0
    html = (out / "index.html").read_text(encoding="utf-8")
    entries = re.findall(r'<div class="citation" id="([^"]+)"', html)
    assert entries == [bibliography_anchor("alpha"), bibliography_anchor("beta")]
    assert re.search(r'<a class="reference internal" href="#([^"]+)"[^>]*>Doe', html).group(1) == "source-alpha"
