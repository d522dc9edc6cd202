"""A Sphinx extension that makes sphinxcontrib-bibtex fast on a bibliography of eight hundred sources.

Three costs dominated the book's render time, each paid for every source:

1. pybtex finds its styles through ``importlib.metadata`` entry points on every
   call. The answer never changes during a build, so the lookup is cached.
2. Every field is passed through the ``ulatex`` codec, a pure-Python LaTeX lexer,
   even though nearly all of our fields are plain Unicode. Fields without any
   character sequence that the codec would translate skip it (`plain_latex`).
3. sphinxcontrib-bibtex formats every entry twice (once more for its tooltip,
   in the same style) and again on every build, even when nothing has changed,
   because it works out the citation labels after reading. Each entry is
   formatted once and used for both.
   The formatted entries are kept in the build environment, keyed on everything
   they depend on (the bibliography files' bytes, the citation order, the styles),
   and reused when that key is unchanged. A formatting that warned is never
   reused, so its warning is repeated on every build.

The patches reach into private functions of pybtex and sphinxcontrib-bibtex, so they
are applied only to the versions they were written and tested against (`TESTED`);
with any other version the build runs unpatched (slower, same output) and says so.
"""

from __future__ import annotations

import ast
import codecs
import functools
import hashlib
import importlib.metadata
import re

import latexcodec  # noqa: F401  (registers the "ulatex" codec)
import pybtex.plugin
import pybtex.richtext
from pybtex.markup import LaTeXParser
from sphinx.util import logging
from sphinxcontrib.bibtex.domain import BibtexDomain

logger = logging.getLogger(__name__)

#: The versions whose private functions the patches replace.
TESTED = {"pybtex": "0.26.1", "sphinxcontrib-bibtex": "2.7.0"}


def untested_versions() -> dict[str, str]:
    """Installed versions that differ from `TESTED`, by package."""
    found = {name: importlib.metadata.version(name) for name in TESTED}
    return {name: version for name, version in found.items() if version != TESTED[name]}

# What the ulatex decoder can change: control sequences, maths, comments, ties, quotes,
# dashes ("--"), low quotes (",,"), tabs, newlines and runs of spaces.
_LATEX_SPECIAL = re.compile(r"[\\$%~'`\t\n\r]|--|,,|  |^ | $")


def plain_latex(text: str) -> bool:
    """True when decoding `text` from LaTeX would return it unchanged."""
    return _LATEX_SPECIAL.search(text) is None


def _text_from_latex(cls, latex):
    decoded = latex if plain_latex(latex) else codecs.decode(latex, "ulatex")
    return LaTeXParser(decoded).parse()


def _bib_digest(domain: BibtexDomain) -> str:
    digest = hashlib.sha256()
    for path in sorted(domain.bibdata.bibfiles):
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def _reusing_formatted_entries(format_entries):
    @functools.wraps(format_entries)
    def get_formatted_entries(self, bibliography_key, docnames, tooltips, tooltips_style):
        # Everything the formatted list depends on: which entries pass the filter
        # (the bib files, the filter, the citations and where they are), their
        # order (the order of the documents) and the styles. The filtered list
        # itself is not part of the key: computing it costs as much as a second.
        bibliography = self.bibliographies[bibliography_key]
        # The citations in document order, as sphinxcontrib-bibtex sorts them: a
        # document re-read without changes appends its citations at the end.
        citations = tuple((ref.docname, tuple(target.key for target in ref.targets))
                          for ref in sorted(self.citation_refs, key=lambda ref: docnames.index(ref.docname)))
        key = (_bib_digest(self), ast.dump(bibliography.filter_), tuple(bibliography.keys), tuple(docnames),
               citations, bibliography.style, bibliography.labelprefix, bibliography.keyprefix,
               tooltips, tooltips_style)
        store = self.env.__dict__.setdefault("helpers_formatted_entries", {})
        cached = store.get(bibliography_key)
        if cached is not None and cached[0] == key:
            return list(cached[1])
        warnings_before = self.env.app._warncount
        if tooltips and not tooltips_style:
            # The tooltip uses the bibliography's own style: format once, use twice.
            formatted = [(entry, text, text) for entry, text, _ in
                         format_entries(self, bibliography_key, docnames, False, tooltips_style)]
        else:
            formatted = list(format_entries(self, bibliography_key, docnames, tooltips, tooltips_style))
        if self.env.app._warncount == warnings_before:
            store[bibliography_key] = (key, formatted)
        else:
            store.pop(bibliography_key, None)
        return list(formatted)

    get_formatted_entries.helpers_reuses = True
    return get_formatted_entries


def setup(app):
    untested = untested_versions()
    if untested:
        logger.info("bibtex_speedup: not applied, written for %s but found %s",
                    TESTED, untested)
        return {"parallel_read_safe": True, "parallel_write_safe": True}
    if not hasattr(pybtex.plugin._load_entry_point, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(pybtex.plugin._load_entry_point)
    pybtex.richtext.Text.from_latex = classmethod(_text_from_latex)
    if not getattr(BibtexDomain.get_formatted_entries, "helpers_reuses", False):
        BibtexDomain.get_formatted_entries = _reusing_formatted_entries(BibtexDomain.get_formatted_entries)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
