"""The PDF edition: what it holds (from ``_pdf.yml``), and its links in the web book.

``tools/build_pdf.py`` prints the editions; this module says what they are, so that
the printer and the web book's links read one list:

- :func:`editions` reads ``_pdf.yml`` and ``_toc.yml``: the whole book, then one reader
  per seminar session, each an :class:`Edition` with its pages in order and the
  chapter number of each page (the book's numbers, in the readers too).
- The ``{pdf-editions}`` directive lists every edition as a download link, and the
  ``{pdf}`` role links one (``{pdf}`session-1-reader.pdf``` or
  ``{pdf}`the reader <session-1-reader.pdf>```). Links point into ``pdf/`` beside the
  site's root; the PDFs are written there after the HTML build, so a link to an
  edition not yet built is not a warning (the PDF tests check that every link resolves
  once they are built).
- The ``singlehtml`` builder, which the PDF is printed from, gets every node visitor
  registered for ``html``: myst-nb registers its hidden-code-cell node for ``html``
  only, and sphinx-exercise registers its own for ``singlehtml``, so Sphinx finds a
  ``singlehtml`` table and never looks in the ``html`` one (the build fails on the
  first hidden cell).
"""

from __future__ import annotations

import string
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from docutils import nodes
from docutils.parsers.rst import Directive
from sphinx.util.docutils import ReferenceRole
from sphinx.util.osutil import relative_uri

ROOT = Path(__file__).resolve().parents[2]
#: Where the PDFs are in the built site, relative to its root.
PDF_DIR = "pdf"


@dataclass(frozen=True)
class Chapter:
    """A page of an edition: its docname, its number ("3", "B" or "") and its part."""

    doc: str
    number: str
    part: str


@dataclass(frozen=True)
class Edition:
    file: str
    title: str
    #: "book" for the whole book, "session" for a seminar reader.
    kind: str
    chapters: list[Chapter] = field(default_factory=list)


def _toc(root: Path) -> tuple[str, list[tuple[str, list[str]]]]:
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    parts = [(part.get("caption", ""), [c["file"] for c in part["chapters"]]) for part in toc.get("parts", [])]
    return toc["root"], parts


def chapter_numbers(root: Path = ROOT, config: dict | None = None) -> dict[str, str]:
    """The printed number of every page of the book: 1, 2, ... then appendices A, B, ..."""
    config = config if config is not None else load_config(root)
    book = config["book"]
    appendix_parts, unnumbered = set(book.get("appendix_parts", [])), set(book.get("unnumbered", []))
    first, parts = _toc(root)
    numbers: dict[str, str] = {}
    chapter = appendix = 0
    for caption, docs in [("", [first])] + parts:
        for doc in docs:
            if doc in unnumbered:
                numbers[doc] = ""
            elif caption in appendix_parts:
                numbers[doc] = string.ascii_uppercase[appendix]
                appendix += 1
            else:
                chapter += 1
                numbers[doc] = str(chapter)
    return numbers


def load_config(root: Path = ROOT) -> dict:
    return yaml.safe_load((root / "_pdf.yml").read_text(encoding="utf-8"))


def editions(root: Path = ROOT) -> list[Edition]:
    """The whole book, then each session's reader, in the order of ``_pdf.yml``."""
    config = load_config(root)
    numbers = chapter_numbers(root, config)
    first, parts = _toc(root)
    book = Edition(config["book"]["file"], "", "book", [Chapter(first, numbers[first], "")] + [
        Chapter(doc, numbers[doc], caption) for caption, docs in parts for doc in docs])
    readers = []
    for session in config.get("sessions", []):
        unknown = [doc for doc in session.get("read", []) + session.get("skim", []) if doc not in numbers]
        if unknown:
            raise ValueError(f"_pdf.yml: {session['file']} names pages that are not in _toc.yml: {unknown}")
        groups = [("To read", session.get("read", []))] + ([("To skim", session["skim"])] if session.get("skim") else [])
        readers.append(Edition(session["file"], session["title"], "session", [
            Chapter(doc, numbers[doc], caption if len(groups) > 1 else "")
            for caption, docs in groups for doc in docs]))
    return [book] + readers


# --- Links in the web book -------------------------------------------------------------

class pdf_link(nodes.General, nodes.Inline, nodes.Element):
    """A link to a PDF of the edition, resolved per builder once the page's URI is known."""


def _resolve_links(app, doctree, docname) -> None:
    here = app.builder.get_target_uri(docname)
    for node in list(doctree.findall(pdf_link)):
        uri = relative_uri(here, f"{PDF_DIR}/{node['file']}")
        ref = nodes.reference("", "", *node.children, refuri=uri, classes=["pdf-edition", "download"])
        node.replace_self(ref)


def _link(file: str, text: str) -> pdf_link:
    link = pdf_link(file=file)
    link += nodes.Text(text)
    return link


class PdfEditions(Directive):
    """A list of the PDF editions: the whole book, then the reader of each session."""

    has_content = False

    def run(self):
        self.state.document.settings.env.note_dependency(str(ROOT / "_pdf.yml"))
        items = nodes.bullet_list(classes=["pdf-editions"])
        for edition in editions():
            text = "The whole book (PDF)" if edition.kind == "book" else f"Reader for {edition.title} (PDF)"
            items += nodes.list_item("", nodes.paragraph("", "", _link(edition.file, text)))
        return [items]


class PdfRole(ReferenceRole):
    """``{pdf}`file.pdf``` or ``{pdf}`text <file.pdf>```: a link to one PDF edition."""

    def run(self):
        self.env.note_dependency(str(ROOT / "_pdf.yml"))
        files = {edition.file for edition in editions()}
        if self.target not in files:
            msg = self.inliner.reporter.error(f"no PDF edition {self.target!r} in _pdf.yml (editions: {sorted(files)})",
                                              line=self.lineno)
            return [self.inliner.problematic(self.rawtext, self.rawtext, msg)], [msg]
        return [_link(self.target, self.title if self.has_explicit_title else self.target)], []


def _share_html_visitors(app) -> None:
    if app.builder.name != "singlehtml":
        return
    handlers = app.registry.translation_handlers
    single = handlers.setdefault("singlehtml", {})
    for node, visitors in handlers.get("html", {}).items():
        single.setdefault(node, visitors)


def setup(app):
    app.add_node(pdf_link)
    app.add_directive("pdf-editions", PdfEditions)
    app.add_role("pdf", PdfRole())
    app.connect("builder-inited", _share_html_visitors)
    app.connect("doctree-resolved", _resolve_links)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
