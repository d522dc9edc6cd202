"""The book's pages as reading: how many words a student reads on a page or in its sections.

The teaching page states a reading load per session; this module counts it from the
pages' sources, so the numbers follow the chapters as they change. What is counted is the
running text a student of the student edition reads: paragraphs, headings, lists, tables,
footnotes, figure captions, notes and exercises. What is not: front matter, code (cells,
fenced blocks, inline code), roles (citations, numbers glued from the data, dates of
events, links to other pages), maths, and the passages the student edition leaves out
(:func:`hidden_from_students`). A notebook counts by its Markdown cells. Figures and
tables drawn by code carry no words here, although a student looks at them.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

#: A word: letters or digits, joined by an apostrophe or a hyphen (``EU's``, ``non-proliferation``).
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
#: Markup inside a paragraph that renders as no running text of its own.
_NOT_PROSE = re.compile(r"\{[\w:-]+\}`[^`]*`|`[^`]*`|\$[^$]*\$|\]\([^)]*\)|\[\^[\w-]+\]|^\([\w:-]+\)=$", re.M)
_OPTION = re.compile(r"\s*:[\w-]+:")


#: The Sphinx tags of the student edition's HTML build (``book_sphinx.editions`` adds the
#: edition's name; Sphinx the builder's and the format's).
STUDENT_TAGS = ("student", "html", "format_html", "builder_html")


def hidden_from_students(info: str) -> bool:
    """Whether a directive (its info string, ``{solution} ex-1``) is left out of the
    student edition: a solution, or an ``{only}`` block whose expression is false for the
    student edition's tags (``{only} instructor``)."""
    from sphinx.util.tags import Tags

    match = re.fullmatch(r"\{([\w:-]+)\}\s*(.*)", info.strip())
    if not match:
        return False
    name, argument = match.groups()
    return name == "solution" or (name == "only" and not Tags(list(STUDENT_TAGS)).eval_condition(argument))


def directive_body(content: str) -> str:
    """A directive's body without its leading options (``:class: dropdown``)."""
    lines = content.split("\n")
    while lines and _OPTION.match(lines[0]):
        lines.pop(0)
    return "\n".join(lines)


def markdown_parser():
    """markdown-it as the book's source checks read MyST: tables, colon fences, front matter."""
    from markdown_it import MarkdownIt
    from mdit_py_plugins.colon_fence import colon_fence_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    return MarkdownIt("commonmark").enable("table").use(front_matter_plugin).use(colon_fence_plugin)


def words(text: str) -> int:
    """The words of one paragraph's Markdown that render as running text."""
    return len(_WORD.findall(_NOT_PROSE.sub(" ", text)))


def _count(text: str, sections: set[str] | None, skip: set[str], path: list[tuple[int, str]]) -> int:
    """Words of a MyST text: with ``sections``, only under headings with those titles; never
    under headings in ``skip``. ``path`` is the stack of (level, title) of the headings above,
    carried from one notebook cell to the next."""
    total, tokens = 0, markdown_parser().parse(text)
    for i, token in enumerate(tokens):
        if token.type == "heading_open":
            level = int(token.tag[1])
            while path and path[-1][0] >= level:
                path.pop()
            path.append((level, tokens[i + 1].content.strip()))
        elif token.type == "inline":
            titles = {title for _, title in path}
            if (sections is None or titles & sections) and not titles & skip:
                total += words(token.content)
        elif token.type in ("fence", "colon_fence"):
            info = token.info.strip()
            if not info.startswith("{") or info.startswith(("{code", "{literalinclude")):
                continue
            if hidden_from_students(info):
                continue
            total += _count(directive_body(token.content), sections, skip, list(path))
    return total


def page_words(page: Path | str, sections=None, skip=()) -> int:
    """The words a student reads on a page (see the module docstring). With ``sections``
    (heading titles, as written), only the text under those headings is counted; the text
    under a heading in ``skip`` never is. A title the page does not have is an error, so
    that a renamed section cannot silently drop out of a count."""
    page = Path(page)
    wanted = set(sections) if sections is not None else None
    unknown = ((wanted or set()) | set(skip)) - set(headings(page))
    if unknown:
        raise ValueError(f"{page.name} has no section {sorted(unknown)}")
    if page.suffix == ".ipynb":
        cells = json.loads(page.read_text(encoding="utf-8"))["cells"]
        path: list[tuple[int, str]] = []
        return sum(_count("".join(c["source"]), wanted, set(skip), path)
                   for c in cells if c["cell_type"] == "markdown")
    return _count(page.read_text(encoding="utf-8"), wanted, set(skip), [])


def headings(page: Path | str) -> list[str]:
    """The titles of a page's headings, as :func:`page_words` matches them."""
    page = Path(page)
    if page.suffix == ".ipynb":
        texts = ["".join(c["source"]) for c in json.loads(page.read_text(encoding="utf-8"))["cells"]
                 if c["cell_type"] == "markdown"]
    else:
        texts = [page.read_text(encoding="utf-8")]
    found = []
    for text in texts:
        tokens = markdown_parser().parse(text)
        found += [tokens[i + 1].content.strip() for i, t in enumerate(tokens) if t.type == "heading_open"]
    return found
