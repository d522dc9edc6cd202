"""book_sphinx.pdf_edition: what the PDF edition holds (_pdf.yml), and its links in the web book.

The PDFs themselves are tested by tests/pdf (``make test-pdf``), which prints them.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path
import string
from types import SimpleNamespace

import pytest
import yaml
from docutils import nodes
from docutils.utils import new_document

from book_sphinx.pdf_edition import _link, _resolve_links, chapter_numbers, editions
from helpers.data import REPO_ROOT


def toc_pages() -> list[str]:
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def test_the_book_edition_has_every_page_of_the_toc_in_order():
    book = editions()[0]
    assert book.kind == "book"
    assert [c.doc for c in book.chapters] == toc_pages()


def test_chapters_are_numbered_in_order_and_appendices_lettered():
    numbers = [n for n in chapter_numbers().values() if n]
    digits = [n for n in numbers if n.isdigit()]
    letters = [n for n in numbers if not n.isdigit()]
    assert digits == [str(i) for i in range(1, len(digits) + 1)]
    assert letters == list(string.ascii_uppercase[:len(letters)])
    assert numbers == digits + letters, "appendices come after the chapters"


def test_every_session_has_a_reader_of_pages_in_the_book():
    readers = editions()[1:]
    assert readers, "_pdf.yml declares no session"
    files = [e.file for e in editions()]
    assert len(set(files)) == len(files) and all(f.endswith(".pdf") for f in files)
    for reader in readers:
        assert reader.kind == "session" and reader.title and reader.chapters
        assert {c.doc for c in reader.chapters} <= set(toc_pages())


def test_a_session_naming_a_page_not_in_the_toc_is_an_error(tmp_path):
    for name in ("_toc.yml", "_pdf.yml"):
        shutil.copy(REPO_ROOT / name, tmp_path / name)
    config = yaml.safe_load((tmp_path / "_pdf.yml").read_text(encoding="utf-8"))
    config["sessions"][0]["read"].append("chapters/no-such-page")
    (tmp_path / "_pdf.yml").write_text(yaml.safe_dump(config), encoding="utf-8")
    with pytest.raises(ValueError, match="no-such-page"):
        editions(tmp_path)


@pytest.mark.parametrize(("page_uri", "expected"), [
    ("chapters/intro.html", "../pdf/book.pdf"),   # the HTML book
    ("index.html", "pdf/book.pdf"),
])
def test_a_pdf_link_points_into_pdf_beside_the_site_root(page_uri, expected):
    doctree = new_document("page")
    paragraph = nodes.paragraph()
    paragraph += _link("book.pdf", "The whole book")
    doctree += paragraph
    app = SimpleNamespace(builder=SimpleNamespace(get_target_uri=lambda docname: page_uri))
    _resolve_links(app, doctree, "chapters/intro")
    (reference,) = doctree.findall(nodes.reference)
    assert reference["refuri"] == expected
    assert reference.astext() == "The whole book"
    assert "pdf-edition" in reference["classes"]



def teaching_reading() -> dict[str, set[str]]:
    """The pages of each session's reading, as the teaching page's READING declares them."""
    text = (REPO_ROOT / "chapters" / "teaching.md").read_text(encoding="utf-8")
    cells = re.findall(r"^```\{code-cell\}[^\n]*\n(.*?)^```", text, flags=re.S | re.M)
    source = next(cell for cell in cells if "READING = " in cell)
    source = "\n".join(line for line in source.splitlines() if not line.startswith(":"))
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Assign) and getattr(node.targets[0], "id", None) == "READING":
            return {key.value: {"chapters/" + Path(page.elts[0].value).stem for page in value.elts}
                    for key, value in zip(node.value.keys, node.value.values)}
    raise AssertionError("chapters/teaching.md declares no READING")


def test_each_session_reader_holds_the_sessions_reading():
    """One session, one list of pages: the reader prints what the teaching page assigns."""
    reading = teaching_reading()
    for edition in editions()[1:]:
        session = edition.title.split(":")[0]
        assert session in reading, f"{edition.file}: the teaching page has no reading for {session}"
        assert {c.doc for c in edition.chapters} == reading[session], (
            f"{edition.file} and the teaching page's READING[{session!r}] list different pages")
