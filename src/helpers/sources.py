"""What kind of source each bibliography entry is, and what the book rests on.

A source's class comes from the domain of its URL, looked up in the table
``data/source_domains.csv`` (one reviewed row per domain):

* ``official``: EU institutions, the UN system, governments and parliaments, courts,
  treaty bodies, official statistics, the originating publisher of a primary dataset;
* ``reputable``: peer-reviewed and university publishers, established think tanks,
  established news organisations and wire services, specialist firms for their own
  figures;
* ``weak``: everything else (mirrors, reposts, aggregators, wikis, blogs, content
  farms, unknown small sites);
* ``state_media``: state outlets (KCNA, TASS, Xinhua, ...), cited only for what their
  government said, in a sentence that names the outlet.

The rules below are pure functions on tables; :func:`page_citations` and
:func:`table_citations` read where the book cites what. Nothing here draws.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import pandas as pd

#: The book's targets for its citation occurrences (the {cite} roles of its pages).
MIN_OFFICIAL_SHARE = 0.35
MAX_WEAK_SHARE = 0.03

#: The classes, from the strongest to the weakest, in the order figures and tables use.
CLASSES = ("official", "reputable", "state_media", "weak")
CLASS_LABELS = {
    "official": "Official documents",
    "reputable": "Research and established press",
    "state_media": "State media, quoted",
    "weak": "Weak sources",
}

#: The page of the web book that lists every source, as linked from a page of ``chapters/``.
BIBLIOGRAPHY_PAGE = "bibliography.html"


def bibliography_anchor(key: str) -> str:
    """The id of a source's entry on the bibliography page, from its key (the web book sets
    it: ``book_sphinx.source_anchors``), so that ``bibliography.html#source-<key>`` links to it."""
    return f"source-{key}"


_CELEX_IN_URL = re.compile(r"eur-lex\.europa\.eu/.*CELEX(?::|\\?%3A)([0-9A-Z()-]+)", re.I)
_CITE_ROLE = re.compile(r"\{cite(?::\w+)?\}`([^`]*)`")
# A sentence ends at . ! or ? followed by a space and a capital letter, quote or bracket;
# "e.g. " and initials such as "J. Smith" are rare enough in the book's prose.
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"')\]]?\s+(?=[A-Z\"'(\[{])")


def domain_of(url: str) -> str:
    """The host of ``url``, lower-cased, without a leading ``www.`` or a trailing dot."""
    host = (urlsplit(url.strip()).hostname or "").rstrip(".")
    return host[4:] if host.startswith("www.") else host


def classify(sources: pd.DataFrame, domains: pd.DataFrame) -> pd.DataFrame:
    """The bibliography (``key``, ``url``, ...) with its ``domain`` and ``class``.

    ``class`` is missing (NA) for an entry whose domain the table does not list.
    """
    table = domains.set_index("domain")["class"]
    out = sources.copy()
    out["domain"] = out["url"].map(domain_of)
    out["class"] = out["domain"].map(table)
    return out


def document_address(url: str) -> str:
    """A URL reduced to what identifies the document: no scheme, no ``www.``, no case or
    trailing slash; an EUR-Lex address by its CELEX number alone. Two entries with the same
    address are the same document."""
    celex = _CELEX_IN_URL.search(url)
    if celex:  # one act, whatever the language or view of its EUR-Lex page
        return f"celex:{celex.group(1).upper()}"
    return re.sub(r"^https?://(www\.)?", "", url.strip().rstrip("/").lower())


def duplicate_documents(sources: pd.DataFrame) -> list[list[str]]:
    """Groups of bibliography keys that point at the same document (one entry per document)."""
    groups = sources.groupby(sources["url"].map(document_address))["key"].apply(sorted)
    return [keys for keys in groups if len(keys) > 1]


def unclassified_domains(classified: pd.DataFrame) -> list[str]:
    """Domains that entries point at and the classification table does not list."""
    return sorted(set(classified.loc[classified["class"].isna(), "domain"]))


def unused_domains(classified: pd.DataFrame, domains: pd.DataFrame) -> list[str]:
    """Domains the table lists that no entry points at (the table is kept to what is used)."""
    return sorted(set(domains["domain"]) - set(classified["domain"]))


# --- where the book cites what ---------------------------------------------------------


@dataclass(frozen=True)
class Citation:
    """One ``{cite}`` role in a page (or the sources cell of one data row)."""

    where: str  # page name or table name
    line: int  # line in the page or the CSV file
    keys: tuple[str, ...]
    context: str  # the sentence the role closes, or the row's text cells


def _markdown_blocks(text: str, first_line: int):
    """(line, inline text) of every paragraph, heading, list item and table of a MyST page.

    Uses markdown-it (MyST's own parser) so that code cells and fenced code are skipped;
    the bodies of directives (``:::{note}``, ``` ```{exercise} ```) are parsed in turn,
    except code cells and literal code.
    """
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    md = MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(colon_fence_plugin)
    for token in md.parse(text):
        line = first_line + (token.map[0] if token.map else 0)
        if token.type == "inline":
            yield line, token.content
        elif token.type in ("fence", "colon_fence"):
            info = token.info.strip()
            if not info.startswith("{") or info.startswith(("{code-cell", "{code", "{literalinclude")):
                continue
            body = "\n".join(
                ln if not re.match(r"\s*:[\w-]+:", ln) else "" for ln in token.content.split("\n")
            )
            yield from _markdown_blocks(body, line + 1)


def cite_roles(text: str, where: str, first_line: int = 1) -> list[Citation]:
    """Every ``{cite}`` role of a MyST text, with the sentence it belongs to."""
    found = []
    for line, block in _markdown_blocks(text, first_line):
        for match in _CITE_ROLE.finditer(block):
            starts = [m.end() for m in _SENTENCE_END.finditer(block, 0, match.start())]
            sentence = block[starts[-1] if starts else 0 : match.end()]
            keys = tuple(k.strip() for k in match.group(1).split(",") if k.strip())
            found.append(Citation(where, line + block.count("\n", 0, match.start()), keys, sentence))
    return found


def _markdown_parts(path: Path):
    """(where, text) of a page: a MyST file whole, or each Markdown cell of a notebook."""
    text = path.read_text(encoding="utf-8")
    if path.suffix != ".ipynb":
        yield path.name, text
        return
    for number, cell in enumerate(json.loads(text)["cells"], start=1):
        if cell["cell_type"] == "markdown":
            yield f"{path.name} (cell {number})", "".join(cell["source"])


def page_citations(path: Path) -> list[Citation]:
    """The cite roles of one page: a MyST Markdown file or the Markdown cells of a notebook."""
    return [c for where, text in _markdown_parts(path) for c in cite_roles(text, where)]


def page_roles(path: Path, role: str) -> list[tuple[str, int, str]]:
    """(where, line, target) of every ``{role}`target``` in a page's prose (code skipped),
    read with the same Markdown parser as the cite roles."""
    pattern = re.compile(r"\{" + re.escape(role) + r"\}`([^`]+)`")
    return [(where, line + block.count("\n", 0, m.start()), m.group(1).strip())
            for where, text in _markdown_parts(path)
            for line, block in _markdown_blocks(text, 1)
            for m in pattern.finditer(block)]


def row_citations(name: str, table: pd.DataFrame, text_columns=None) -> list[Citation]:
    """The ``sources`` cell of every row of a loaded table, with the row's text as context.

    ``line`` is the row's line in the CSV file (the header is line 1).
    """
    if text_columns is None:
        text_columns = [c for c in table.columns if c != "sources"]
    found = []
    for position, (_, row) in enumerate(table.iterrows()):
        context = " ".join(str(row[c]) for c in text_columns if isinstance(row[c], str))
        found.append(Citation(name, position + 2, tuple(row["sources"]), context))
    return found


def table_citations(package) -> list[Citation]:
    """The sources cell of every row of every table in ``package`` that has a sources column;
    ``where`` is the table's file, as ``data/events.csv``."""
    return [citation for name in package.tables() if "sources" in package.load(name)
            for citation in row_citations(f"data/{package.resource(name)['path']}", package.load(name))]


# --- the rules -------------------------------------------------------------------------


def class_of(classified: pd.DataFrame) -> dict[str, str]:
    """Key -> class, for looking up the keys of a citation."""
    return dict(zip(classified["key"], classified["class"]))


def weak_only(citations: list[Citation], classes: dict[str, str]) -> list[Citation]:
    """Citations every one of whose sources is weak: a claim that rests on nothing better."""
    return [c for c in citations if c.keys and all(classes.get(k) == "weak" for k in c.keys)]


def unattributed_state_media(citations: list[Citation], classes: dict[str, str],
                             names: dict[str, list[str]], key_domains: dict[str, str]) -> list[tuple[Citation, str]]:
    """State-media keys whose citation does not name the outlet (or its government's voice).

    ``names`` maps a state-media domain to the names a sentence may use for it
    (e.g. ``kcna.co.jp`` -> ``["KCNA", "Korean Central News Agency", ...]``); the
    check is case-sensitive so that "Tass" in a surname does not count.
    """
    bad = []
    for citation in citations:
        for key in citation.keys:
            if classes.get(key) != "state_media":
                continue
            domain = key_domains.get(key, "")
            if not any(name in citation.context for name in names.get(domain) or []):
                bad.append((citation, key))
    return bad


def occurrences(citations: list[Citation], classes: dict[str, str]) -> pd.DataFrame:
    """One row per (citation, key): where, line, key and class."""
    rows = [(c.where, c.line, k, classes.get(k)) for c in citations for k in c.keys]
    return pd.DataFrame(rows, columns=["where", "line", "key", "class"])


def class_shares(occ: pd.DataFrame, by: str | None = None) -> pd.DataFrame:
    """Share of citation occurrences in each class (columns in :data:`CLASSES` order).

    With ``by`` (a column of ``occ``), one row per value of that column; otherwise one
    row, ``all``. Shares sum to 1 across a row.
    """
    groups = occ[by] if by else pd.Series("all", index=occ.index)
    counts = pd.crosstab(groups, occ["class"]).reindex(columns=list(CLASSES), fill_value=0)
    counts.index.name = by or "scope"
    counts.columns.name = None
    return counts.div(counts.sum(axis=1), axis=0)


# --- the book as a whole -----------------------------------------------------------------


def toc_pages(root: Path) -> list[Path]:
    """The book's pages in reading order, from ``_toc.yml`` (read by sphinx-external-toc)."""
    from sphinx_external_toc.parsing import parse_toc_yaml

    site_map = parse_toc_yaml(root / "_toc.yml")
    pages = []
    for docname in site_map:  # the site map iterates documents in reading order
        for suffix in (".md", ".ipynb"):
            if (root / f"{docname}{suffix}").exists():
                pages.append(root / f"{docname}{suffix}")
    return pages


def book_citations(root: Path) -> list[Citation]:
    """Every cite role of every page in the table of contents, in reading order."""
    return [c for page in toc_pages(root) for c in page_citations(page)]


def page_of(citation: Citation) -> str:
    """The page a citation is on (a notebook's cell number dropped)."""
    return citation.where.split(" (cell ")[0]


def page_title(path: Path) -> str:
    """The first level-one heading of a page (a notebook's first Markdown cell's)."""
    text = "\n".join(part for _, part in _markdown_parts(path))
    match = re.search(r"^# (.+)$", text, re.M)
    return match.group(1).strip() if match else path.stem
