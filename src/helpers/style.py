"""The house style for every figure in the book.

One palette (Okabe & Ito's, distinguishable with the common colour-vision
deficiencies), readable font sizes, and deterministic SVG output so that two
builds of the book produce byte-identical figure files.
"""

from __future__ import annotations

import matplotlib as mpl
import pandas as pd
from pandas.io.formats.style import Styler
import matplotlib.pyplot as plt
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.transforms import offset_copy

#: Okabe-Ito colours, by name. Use these rather than matplotlib's defaults.
PALETTE = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky_blue": "#56B4E9",
    "green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "purple": "#CC79A7",
}

#: Colour order for categorical series (black and yellow kept for accents).
CYCLE = [PALETTE[c] for c in ("blue", "orange", "green", "vermillion", "sky_blue", "purple")]

GREY = "#5A5A5A"  # for source lines and secondary text; 7:1 contrast on white

RC = {
    "axes.prop_cycle": mpl.cycler(color=CYCLE),
    "axes.spines.top": False,
    "axes.spines.right": False,
    "axes.grid": True,
    "axes.grid.axis": "y",
    "grid.color": "#DDDDDD",
    "grid.linewidth": 0.8,
    "axes.titlesize": 13,
    "axes.titleweight": "bold",
    "axes.titlelocation": "left",
    "axes.labelsize": 11,
    "xtick.labelsize": 10,
    "ytick.labelsize": 10,
    "legend.fontsize": 10,
    "legend.frameon": False,
    "font.family": "sans-serif",
    "font.sans-serif": ["DejaVu Sans", "Arial", "Helvetica"],
    "figure.dpi": 100,
    "figure.figsize": (8.0, 4.5),
    "savefig.bbox": "tight",
    # Deterministic, compact vector output: fixed hash salt for element ids,
    # text kept as text (smaller, searchable, readable by screen readers).
    "svg.hashsalt": "europe-dprk-compendium",
    "svg.fonttype": "none",
}

#: Keyword arguments for ``savefig`` that keep SVG and PNG free of timestamps.
SAVE_KWARGS = {"metadata": {"Date": None}}


def use_house_style() -> None:
    """Apply the house style; in a notebook, also emit deterministic SVG figures."""
    mpl.rcParams.update(RC)
    try:
        from IPython import get_ipython
    except ImportError:  # plain Python: nothing more to set
        return
    if get_ipython() is not None:
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        set_matplotlib_formats("svg", metadata={"Date": None})


def new_figure(width: float = 8.0, height: float = 4.5) -> tuple[Figure, Axes]:
    """A figure with one Axes in the house style."""
    with mpl.rc_context(RC):
        fig, ax = plt.subplots(figsize=(width, height), layout="constrained")
    return fig, ax


def new_figures(nrows: int, ncols: int, width: float = 8.0, height: float = 4.5, **kwargs):
    """A figure with a grid of Axes in the house style (``kwargs`` go to ``plt.subplots``,
    e.g. ``sharex=True`` or ``height_ratios``). Multi-panel figures are made here, so that
    every figure of the book is made by :func:`new_figure` or this function."""
    with mpl.rc_context(RC):
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, height), layout="constrained", **kwargs)
    return fig, axes


def add_source_line(ax: Axes, text: str) -> Axes:
    """Write 'Source: ...' under the plot, so the figure carries its provenance.

    The layout keeps a strip of about 0.3 inch free at the bottom for the line. A figure
    legend placed "outside lower" is anchored to the figure's own edge and would cover the
    line: put figure legends above the plot ("outside upper center").
    """
    fig = ax.get_figure()
    engine = fig.get_layout_engine()
    if isinstance(engine, ConstrainedLayoutEngine):
        strip = 0.3 / fig.get_figheight()
        engine.set(rect=(0, strip, 1, 1 - strip))
    fig.text(
        0,
        0,
        f"Source: {text}",
        transform=offset_copy(fig.transFigure, fig=fig, x=4, y=4, units="points"),
        fontsize=8.5,
        color=GREY,
        ha="left",
        va="bottom",
    )
    return ax


TABLE_STYLES = [
    {"selector": "th", "props": [("padding", "0.35em 0.6em"), ("text-align", "left")]},
    {"selector": "td", "props": [("padding", "0.35em 0.6em")]},
]

#: A table with at least this many rows is long: in the web book the reader can sort and
#: filter it (the script of ``book_sphinx.tables``).
LONG_TABLE_ROWS = 15

#: Column widths follow the text a column holds: a column whose cells typically (the
#: median) hold more than ``WIDE_TEXT`` characters is kept about 20 em wide, more than
#: ``LONG_TEXT`` about 12 em; one whose longest cell has at most ``SHORT_TEXT`` characters
#: (a number, a date, an id) is not wrapped.
WIDE_TEXT = 120
LONG_TEXT = 40
SHORT_TEXT = 14


def _shown_length(value) -> int:
    if isinstance(value, tuple):
        return len("; ".join(map(str, value)))
    return 0 if value is None or value is pd.NA or (isinstance(value, float) and value != value) else len(str(value))


def _width_classes(frame: pd.DataFrame) -> pd.DataFrame:
    """A class for every cell, by its column: ``book-wide`` or ``book-long`` for a column
    of long text, ``book-short`` for one of numbers, dates or short values, else none."""
    classes = {}
    for column in frame.columns:
        if pd.api.types.is_numeric_dtype(frame[column]) or pd.api.types.is_datetime64_any_dtype(frame[column]):
            classes[column] = "book-short"
            continue
        lengths = pd.Series([_shown_length(v) for v in frame[column]], dtype=float)
        typical, longest = (lengths.median(), lengths.max()) if len(lengths) else (0, 0)
        classes[column] = ("book-wide" if typical > WIDE_TEXT else "book-long" if typical > LONG_TEXT
                           else "book-short" if longest <= SHORT_TEXT else "")
    return pd.DataFrame({c: [classes[c]] * len(frame) for c in frame.columns}, index=frame.index,
                        columns=frame.columns)


def source_links(keys) -> str:
    """HTML for a ``sources`` cell: each bibliography key as a link to its entry on the
    bibliography page of the web book (the anchor ``book_sphinx.source_anchors`` sets).
    Use it as a column format of :func:`table`: ``table(frame, sources=source_links)``."""
    from html import escape

    from helpers.sources import BIBLIOGRAPHY_PAGE, bibliography_anchor

    if not isinstance(keys, (tuple, list)) or not keys:
        return "–"
    items = "".join(
        f'<li><a href="{BIBLIOGRAPHY_PAGE}#{escape(bibliography_anchor(key))}">{escape(key)}</a></li>'
        for key in keys)
    return f'<ul class="book-sources">{items}</ul>'


def table(frame: pd.DataFrame, na_rep: str = "–", interactive: bool | None = None, **formats) -> Styler:
    """A DataFrame styled for the book: no index, padded cells, optional column formats.

    ``na_rep`` is what a missing value shows: a gap stays visible as a gap. Element
    ids carry no random part, so two builds write identical HTML. Text is escaped; a column
    format that is a function may return HTML (:func:`source_links`).

    The result stays a plain HTML table, of class ``book-table``: its columns of long text
    are kept wide enough to read and its short values unwrapped, and in the web book it
    scrolls in its own box when it is wider or much taller than the page. A long table
    (``LONG_TABLE_ROWS`` rows or more) is marked ``data-interactive``: the web book then
    adds a filter and sortable column headings. ``interactive`` overrides that choice.
    """
    if interactive is None:
        interactive = len(frame) >= LONG_TABLE_ROWS
    attributes = 'class="book-table"' + (" data-interactive" if interactive else "")
    styler = Styler(frame, uuid_len=0, cell_ids=False)
    return (styler.hide(axis="index").set_table_styles(TABLE_STYLES).set_table_attributes(attributes)
            .set_td_classes(_width_classes(frame)).format(formats, na_rep=na_rep, escape="html"))
