"""A Sphinx extension: one source, two editions of the book.

``book_edition`` (a Sphinx config value, ``sphinx: config:`` in ``_config.yml``) names the
edition. ``instructor``, the default, is the whole book. ``student`` leaves out what a
teacher keeps from a class:

* every exercise's solution: sphinx-exercise's ``hide_solutions`` drops the ``{solution}``
  directive before its body is parsed, so none of it reaches a page or the search index;
* every block written for teachers: ``:::{only} instructor`` (model answers, teaching notes).
  The edition's name is a Sphinx tag, so ``{only} student`` works too;
* the pages' sources. The book's download button offers each page's source (``_sources/``),
  and the sources hold the solutions, so the student edition copies none and shows no
  download button (the browser's own print still works).

The repository itself stays public, and its launch buttons open the notebooks on Binder;
an edition hides the answers from the site, not from someone who reads the source.
``tools/build_edition.py`` builds either edition in one command and checks the student
one for leaks.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

from sphinx.errors import ConfigError

from helpers.reading import directive_body, hidden_from_students, markdown_parser

EDITIONS = ("instructor", "student")


def _configure(app, config) -> None:
    edition = config.book_edition
    if edition not in EDITIONS:
        raise ConfigError(f"book_edition must be one of {EDITIONS}, not {edition!r}")
    for name in EDITIONS:
        if app.tags.has(name) and name != edition:
            raise ConfigError(f"the Sphinx tag {name!r} is set, but book_edition is {edition!r}")
    app.tags.add(edition)
    if edition == "student":
        config.hide_solutions = True  # sphinx-exercise's option
        config.html_copy_source = False
        if config.html_theme == "sphinx_book_theme":  # the book's theme; others lack the option
            config.html_theme_options = {**config.html_theme_options, "use_download_button": False}


def setup(app):
    app.add_config_value("book_edition", "instructor", "env", types=[str])
    app.connect("config-inited", _configure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}


# --- the check that the student edition hides what it should -----------------------------

#: Passages are compared with pages in runs of this many consecutive words ...
RUN = 8
#: ... and a page shows a passage when it holds this share of the passage's runs.
SHOWN = 0.25

_ROLE_OR_CODE = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\$[^$]*\$|\]\([^)]*\)|\[\^[\w-]+\]")
_WORD = re.compile(r"[^\W_]+")


def _words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _runs(inline: str) -> set[str]:
    """The RUN-word runs of a paragraph's Markdown, each within one stretch of plain text
    (roles, inline code, maths and link targets render differently, so runs stop there)."""
    runs = set()
    for stretch in _ROLE_OR_CODE.split(inline):
        words = _words(stretch)
        runs |= {" ".join(words[i:i + RUN]) for i in range(len(words) - RUN + 1)}
    return runs


def hidden_passages(text: str, where: str, _inside: bool = False) -> list[tuple[str, set[str]]]:
    """(where, runs) of every passage of a MyST text that the student edition leaves out."""
    found, runs = [], set()
    for token in markdown_parser().parse(text):
        if token.type == "inline" and _inside:
            runs |= _runs(token.content)
        elif token.type in ("fence", "colon_fence") and token.info.strip().startswith("{"):
            if token.info.strip().startswith(("{code", "{literalinclude")):
                continue
            line = f"{where}, line {token.map[0] + 1}" if token.map else where
            hidden = hidden_from_students(token.info)
            inner = hidden_passages(directive_body(token.content), line, _inside or hidden)
            if hidden and not _inside:
                found.append((line, set().union(*(r for _, r in inner)) if inner else set()))
            else:
                found += inner
    if _inside:
        found.append((where, runs))
    return found


def book_hidden_passages(pages) -> list[tuple[str, set[str]]]:
    """The hidden passages of the given pages (MyST files whole, notebooks cell by cell)."""
    found = []
    for page in pages:
        page = Path(page)
        if page.suffix == ".ipynb":
            cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
            for number, cell in enumerate(cells, start=1):
                if cell["cell_type"] == "markdown":
                    found += hidden_passages("".join(cell["source"]), f"{page.name} (cell {number})")
        else:
            found += hidden_passages(page.read_text(encoding="utf-8"), page.name)
    return found


class _Text(HTMLParser):
    """The text of an HTML page, scripts and styles left out."""

    def __init__(self):
        super().__init__()
        self.parts, self._skip = [], 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("script", "style")

    def handle_endtag(self, tag):
        self._skip -= tag in ("script", "style") and self._skip > 0

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


#: The files of a built site that could carry a page's text.
SITE_TEXT = (".html", ".txt", ".md", ".ipynb", ".json", ".js")


def site_words(site, pages_only: bool = False) -> dict[str, str]:
    """Each text file of a built site (relative path) as its words, space-separated.
    HTML is read as text; the other files as they are (page sources, the search index).
    With ``pages_only``, only the rendered pages (HTML outside ``_sources``)."""
    site = Path(site)
    found = {}
    for path in sorted(site.rglob("*")):
        if path.suffix not in SITE_TEXT or not path.is_file():
            continue
        if pages_only and (path.suffix != ".html" or "_sources" in path.relative_to(site).parts):
            continue
        if path.suffix == ".js" and path.name != "searchindex.js":
            continue  # the theme's scripts
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".html":
            parser = _Text()
            parser.feed(text)
            text = " ".join(parser.parts)
        found[path.relative_to(site).as_posix()] = " " + " ".join(_words(text)) + " "
    return found


def shown(passages, site, pages_only: bool = False) -> list[tuple[str, str]]:
    """(passage, file) for every hidden passage that a file of the site shows (with
    ``pages_only``, that a rendered page shows: the proof that the instructor edition
    renders a passage, which a copied page source must not stand in for).

    A file shows a passage when it holds at least :data:`SHOWN` of the passage's runs. Not
    one run: a solution or a teaching note may repeat a quotation or a phrase that the
    chapter, or the claims ledger's evidence, prints on purpose (in the student edition such
    phrases make up at most a tenth of a passage's runs; a rendered passage shows all of
    them).
    """
    files = site_words(site, pages_only)
    hits = []
    for where, runs in passages:
        for name, words in files.items():
            if runs and sum(f" {run} " in words for run in runs) >= SHOWN * len(runs):
                hits.append((where, name))
                break
    return hits
