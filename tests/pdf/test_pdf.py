"""The PDF edition (``make pdf``, ``tools/build_pdf.py``): the whole book and the readers.

Reads the PDFs in ``PDF_DIR`` (``make test-pdf`` builds them beside the test site) and
the HTML site they were printed from, ``SITE_DIR`` (default: the folder above PDF_DIR).
Without ``PDF_DIR`` set, the module is skipped: a bare ``pytest`` builds no PDF.
No browser is needed; pypdf reads the files.
"""

from __future__ import annotations

import functools
import os
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest

if not os.environ.get("PDF_DIR"):
    pytest.skip("PDF_DIR is not set: `make test-pdf` builds the PDF edition and runs these tests",
                allow_module_level=True)

from pypdf import PdfReader  # noqa: E402

from book_sphinx.pdf_edition import editions, load_config  # noqa: E402

PDF_DIR = Path(os.environ["PDF_DIR"])
SITE_DIR = Path(os.environ.get("SITE_DIR", PDF_DIR.parent))
EDITIONS = editions()
BOOK = EDITIONS[0]
SESSIONS = EDITIONS[1:]


class PageParser(HTMLParser):
    """From a page of the HTML book: its title, its figures (alt text, number), its PDF links."""

    def __init__(self):
        super().__init__()
        self.in_article = self.in_title = self.in_number = False
        self.title, self.figures, self.pdf_links, self._number = "", [], [], ""

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag == "article":
            self.in_article = True
        if tag == "a" and "pdf-edition" in classes:
            self.pdf_links.append(attrs["href"])
        if not self.in_article:
            return
        if tag == "h1" and not self.title:
            self.in_title = True
        if tag == "img" and attrs.get("alt"):
            self.figures.append({"alt": attrs["alt"], "number": None})
        if tag == "span" and "caption-number" in classes:
            self.in_number, self._number = True, ""

    def handle_endtag(self, tag):
        if tag == "article":
            self.in_article = False
        if tag == "h1":
            self.in_title = False
        if tag == "span" and self.in_number:
            self.in_number = False
            if self.figures and self.figures[-1]["number"] is None:
                self.figures[-1]["number"] = self._number.strip()

    def handle_data(self, data):
        if self.in_title:
            self.title += data
        if self.in_number:
            self._number += data


@functools.lru_cache(maxsize=None)
def site_page(doc: str) -> PageParser:
    parser = PageParser()
    parser.feed((SITE_DIR / f"{doc}.html").read_text(encoding="utf-8"))
    parser.title = re.sub(r"\s+", " ", parser.title.replace("#", "")).strip()
    return parser


def printed_title(doc: str) -> str:
    """A page's title in print: as in the web book, unless _pdf.yml retitles it."""
    return load_config()["book"].get("titles", {}).get(doc) or site_page(doc).title


class Pdf:
    """One edition's PDF, read lazily: pypdf takes about 0.15 s to extract a page's text."""

    def __init__(self, path: Path):
        self.reader = PdfReader(path)
        self.index = {page.indirect_reference.idnum: n for n, page in enumerate(self.reader.pages)}
        self._text: dict[int, str] = {}

    def text(self, number: int) -> str:
        """The text of a page, by its printed number (the first page is 1)."""
        if number not in self._text:
            self._text[number] = self.reader.pages[number - 1].extract_text()
        return self._text[number]

    def destinations(self) -> dict[str, int]:
        """The page number of each element the contents link to (chapters, parts)."""
        return {name.lstrip("/"): self.reader.get_destination_page_number(dest) + 1
                for name, dest in self.reader.named_destinations.items()}

    def figures(self) -> list[tuple[str, int]]:
        """The alternative text and page number of every figure in the PDF's tags."""
        found, stack = [], [self.reader.trailer["/Root"]["/StructTreeRoot"]]
        while stack:
            node = stack.pop().get_object()
            if isinstance(node, list):
                stack.extend(node)
                continue
            if not hasattr(node, "get"):
                continue
            if node.get("/S") == "/Figure" and node.get("/Alt") and "/Pg" in node:
                found.append((str(node["/Alt"]), self.index[node.raw_get("/Pg").idnum] + 1))
            if "/K" in node:
                stack.append(node["/K"])
        return found

    def bookmarks(self) -> list[str]:
        """The titles of the top-level bookmarks (title, contents, parts, chapters)."""
        return [item.title for item in self.reader.outline if not isinstance(item, list)]


@pytest.fixture(scope="module")
def pdfs() -> dict[str, Pdf]:
    missing = [e.file for e in EDITIONS if not (PDF_DIR / e.file).exists()]
    assert not missing, f"editions not built in {PDF_DIR}: {missing}"
    return {e.file: Pdf(PDF_DIR / e.file) for e in EDITIONS}


def test_the_book_is_a_book(pdfs):
    reader = pdfs[BOOK.file].reader
    assert len(reader.pages) >= 50, f"{len(reader.pages)} pages"
    assert reader.metadata.title and reader.metadata.author


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.file)
def test_every_font_is_embedded(pdfs, edition):
    unembedded, seen = set(), set()
    stack = [page.get("/Resources") for page in pdfs[edition.file].reader.pages]
    while stack:
        resources = stack.pop()
        resources = resources.get_object() if resources is not None else None
        if not resources or id(resources) in seen:
            continue
        seen.add(id(resources))
        for font in (resources.get("/Font") or {}).values():
            font = font.get_object()
            if font.get("/Subtype") == "/Type3":  # glyphs drawn by the file's own procedures
                stack.append(font.get("/Resources"))
                continue
            described = font["/DescendantFonts"][0].get_object() if "/DescendantFonts" in font else font
            descriptor = described.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor is not None else {}
            if not any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3")):
                unembedded.add(str(font.get("/BaseFont")))
        for xobject in (resources.get("/XObject") or {}).values():
            stack.append(xobject.get_object().get("/Resources"))
    assert not unembedded, f"{edition.file}: fonts not embedded: {sorted(unembedded)}"


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.file)
def test_every_figure_of_its_chapters_is_in_it(pdfs, edition):
    """Each figure of the HTML pages an edition holds is in the PDF: its image, tagged with
    the same alternative text, and on that page its numbered caption."""
    pdf = pdfs[edition.file]
    figures = [figure for chapter in edition.chapters for figure in site_page(chapter.doc).figures]
    if edition is BOOK:
        assert len(figures) >= 15, f"only {len(figures)} figures found in the HTML book"
    printed = dict(pdf.figures())
    missing = [f["alt"][:70] for f in figures if f["alt"] not in printed]
    assert not missing, f"{edition.file}: figures not in the PDF: {missing}"
    uncaptioned = [f["number"] for f in figures
                   if f["number"] and f["number"] not in pdf.text(printed[f["alt"]])]
    assert not uncaptioned, f"{edition.file}: captions not on their figure's page: {uncaptioned}"


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.file)
def test_contents_give_the_page_each_chapter_starts_on(pdfs, edition):
    pdf = pdfs[edition.file]
    contents, starts = pdf.text(2), pdf.destinations()
    assert "Contents" in contents.split("\n")[:2], contents[:80]
    for chapter in edition.chapters:
        title = printed_title(chapter.doc)
        entry = re.search(rf"^(?:{re.escape(chapter.number)} )?{re.escape(title)} (\d+)$", contents, re.M)
        assert entry, f"{edition.file}: {title!r} not in the contents"
        assert int(entry.group(1)) == starts[f"document-{chapter.doc}"], f"{edition.file}: {title!r}"
    assert "Bibliography" in pdf.bookmarks()


@pytest.mark.parametrize("edition", EDITIONS, ids=lambda e: e.file)
def test_pages_are_numbered(pdfs, edition):
    """The contents, each chapter's first page, each figure's page and the last page carry
    their number (pypdf is too slow to read every page); the title page and a part's
    opening page carry none."""
    pdf = pdfs[edition.file]
    starts = pdf.destinations()
    parts = {page for name, page in starts.items() if name.startswith("pdf-part-")}
    checked = {2, len(pdf.reader.pages)} | {page for name, page in starts.items() if name.startswith("document-")}
    checked |= {page for _, page in pdf.figures()}
    unnumbered = [n for n in sorted(checked) if str(n) not in pdf.text(n).split("\n")]
    assert not unnumbered, f"{edition.file}: pages without their number: {unnumbered}"
    numbered = [n for n in sorted(parts | {1}) if str(n) in pdf.text(n).split("\n")]
    assert not numbered, f"{edition.file}: title or part pages with a number: {numbered}"


@pytest.mark.parametrize("edition", SESSIONS, ids=lambda e: e.file)
def test_a_reader_holds_its_chapters_and_no_other(pdfs, edition):
    """A session's reader: the chapters of _pdf.yml in order, then its bibliography."""
    expected = [" ".join(filter(None, [c.number, printed_title(c.doc)])) for c in edition.chapters]
    parts = {c.part for c in edition.chapters}
    bookmarks = [t for t in pdfs[edition.file].bookmarks() if t not in parts and t not in (edition.title, "Contents")]
    assert bookmarks == expected + ["Bibliography"]


def test_the_web_book_links_every_edition_and_each_link_resolves():
    links = {}
    for page in SITE_DIR.rglob("*.html"):
        for href in site_page_links(page):
            links.setdefault(href, page)
    linked = {urllib.parse.unquote(Path(h).name) for h in links}
    assert {e.file for e in EDITIONS} <= linked, f"editions the web book does not link: {linked}"
    broken = [f"{page.relative_to(SITE_DIR)} -> {href}" for href, page in links.items()
              if not (page.parent / urllib.parse.unquote(href)).exists()]
    assert not broken, broken


def site_page_links(page: Path) -> list[str]:
    parser = PageParser()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser.pdf_links


@pytest.mark.parametrize("doc", ["chapters/claims-ledger", "chapters/ce2-options"])
def test_a_sortable_tables_headings_are_printed(pdfs, doc):
    """On screen the headings of a long table are sort buttons (book-tables.js); on paper
    they must stay words, not vanish with the buttons the print edition drops."""
    html = (SITE_DIR / f"{doc}.html").read_text(encoding="utf-8")
    tables = re.findall(r'<table\b[^>]*class="book-table"[^>]*>(.*?)</table>', html, flags=re.S)
    assert tables, f"{doc}: no table in the web page"
    longest = max(tables, key=lambda table: table.count("<tr"))
    head = re.search(r"<thead>(.*?)</thead>", longest, flags=re.S).group(1)
    headings = [re.sub(r"<[^>]+>|\s+", " ", th).strip() for th in re.findall(r"<th\b[^>]*>(.*?)</th>", head, re.S)]
    assert len(headings) > 2, f"{doc}: {headings}"
    book = pdfs[BOOK.file]
    start = book.destinations()[f"document-{doc}"]
    text = " ".join(book.text(n) for n in range(start, start + 4))
    assert " ".join(headings) in re.sub(r"\s+", " ", text), f"{doc}: headings {headings} not printed"
