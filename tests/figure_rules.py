"""What every figure cell of the book must carry, as rules that tests apply to the
notebooks and to small bad cases.

A figure cell is a code cell that makes a figure. Figures are made only with
``helpers.style.new_figure`` or ``new_figures``; a cell that calls matplotlib's own
constructors (``plt.subplots``, ``plt.figure``) is refused, so no figure escapes the check.
A figure glued in a code cell and pasted in the text (a ``{glue:figure}`` directive, as
the explore page's tabs do) carries the same name, caption and alt text in the directive.
"""

from __future__ import annotations

import difflib
import re

MAKERS = re.compile(r"\bnew_figures?\(")
RAW_MAKERS = re.compile(r"\bplt\.(subplots|figure|subplot_mosaic)\(")
FILE_NAME = re.compile(r"^\S+\.(png|svg|jpe?g|gif|pdf)$", re.IGNORECASE)
GLUE_FIGURE = re.compile(r"^```\{glue:figure\} (\S+)\n((?::[\w-]+:[^\n]*\n)*)\n?(.*?)^```", re.S | re.M)
MIN_ALT_CHARS = 80
MIN_ALT_WORDS = 12


def makes_figure(source: str) -> bool:
    return bool(MAKERS.search(source))


def raw_figure_calls(source: str) -> list[str]:
    """Calls that make a figure outside the house style."""
    return [m.group(0) for m in RAW_MAKERS.finditer(source)]


def glue_figures(markdown: str) -> list[tuple[str, dict]]:
    """Each ``{glue:figure}`` directive of a text as (glue key, metadata shaped like a figure
    cell's), so that :func:`figure_problems` applies to it unchanged."""
    found = []
    for key, options, caption in GLUE_FIGURE.findall(markdown):
        option = dict(re.findall(r"^:([\w-]+):[ \t]*(.*)$", options, re.M))
        found.append((key, {"mystnb": {"figure": {"name": option.get("name", ""), "caption": caption.strip()},
                                       "image": {"alt": option.get("alt", "")}}}))
    return found


def figure_problems(metadata: dict) -> list[str]:
    """What a figure cell's metadata lacks: a name, a caption, and alt text that describes
    the figure (long enough, not a file name, not the caption again)."""
    meta = metadata.get("mystnb", {})
    figure, image = meta.get("figure", {}), meta.get("image", {})
    caption, alt = figure.get("caption", "").strip(), image.get("alt", "").strip()
    problems = []
    if not figure.get("name"):
        problems.append("no figure name (mystnb.figure.name)")
    if not caption:
        problems.append("no caption (mystnb.figure.caption)")
    if not alt:
        return problems + ["no alt text (mystnb.image.alt)"]
    if FILE_NAME.match(alt) or " " not in alt:
        problems.append(f"alt text is a file name or a single word: {alt!r}")
    if len(alt) < MIN_ALT_CHARS or len(alt.split()) < MIN_ALT_WORDS:
        problems.append(f"alt text too short to describe the figure ({len(alt.split())} words): {alt!r}")
    if caption and (alt.lower() in caption.lower() or caption.lower() in alt.lower()
                    or difflib.SequenceMatcher(None, alt.lower(), caption.lower()).ratio() > 0.8):
        problems.append("alt text repeats the caption instead of describing what the figure shows")
    return problems
