"""The timeline of Europe-DPRK relations: tracks as lanes, phases shaded, milestones labelled.

The phases are the book's periodisation. Each begins at an event of
``data/events.csv``, so their boundaries are dated by the data, not typed here.
"""

from __future__ import annotations

import matplotlib.dates as mdates
import pandas as pd
from matplotlib.axes import Axes

from helpers.style import GREY, PALETTE

#: Tracks from top to bottom, with the labels shown on the figure.
TRACKS = {
    "diplomacy": "Diplomacy",
    "humanitarian": "Humanitarian",
    "human-rights": "Human rights",
    "non-proliferation": "Non-proliferation",
    "sanctions": "Sanctions",
    "cyber": "Cyber",
    "dprk-russia": "DPRK–Russia",
    "europe-indo-pacific": "Europe–Indo-Pacific",
}

TRACK_COLOURS = {
    "diplomacy": PALETTE["blue"],
    "humanitarian": PALETTE["green"],
    "human-rights": PALETTE["purple"],
    "non-proliferation": PALETTE["vermillion"],
    "sanctions": PALETTE["orange"],
    "cyber": PALETTE["sky_blue"],
    "dprk-russia": PALETTE["black"],
    "europe-indo-pacific": GREY,
}

#: (phase name, id of the event that opens it), in order.
PHASES = (
    ("Engagement", "1994-new-asia-strategy"),
    ("Critical engagement", "2002-heu-admission-announced"),
    ("Pressure", "2011-death-of-kim-jong-il"),
    ("Isolation", "2020-dprk-border-closure"),
    ("Russia axis", "2022-us-intel-russia-buys-dprk-shells"),
)


def phase_spans(events: pd.DataFrame, phases=PHASES, end: pd.Timestamp | None = None) -> pd.DataFrame:
    """Start and end date of each phase; a phase ends where the next begins.

    The last phase ends at ``end``, by default the 31 December of the last event's year.
    """
    dates = events.set_index("id")["date"]
    missing = [event for _, event in phases if event not in dates.index]
    if missing:
        raise KeyError(f"phase boundaries not in events: {missing}")
    starts = [dates[event] for _, event in phases]
    if end is None:
        end = pd.Timestamp(year=events["date"].max().year, month=12, day=31)
    ends = starts[1:] + [end]
    return pd.DataFrame({"phase": [name for name, _ in phases], "start": starts, "end": ends})


def assign_phase(dates: pd.Series, spans: pd.DataFrame) -> pd.Series:
    """The phase each date falls in (start inclusive); dates before the first phase get NA."""
    bins = list(spans["start"]) + [spans["end"].iloc[-1] + pd.Timedelta(days=1)]
    return pd.cut(dates, bins=bins, labels=list(spans["phase"]), right=False)


def stack_labels(starts: list[float], widths: list[float], gap: float = 0.0) -> list[int]:
    """Row for each label so that labels in one row do not overlap (greedy, in x order).

    ``starts`` and ``widths`` are in the same units; returns 0 for the first row.
    """
    order = sorted(range(len(starts)), key=lambda i: starts[i])
    row_ends: list[float] = []
    rows = [0] * len(starts)
    for i in order:
        for row, end in enumerate(row_ends):
            if starts[i] >= end + gap:
                rows[i] = row
                row_ends[row] = starts[i] + widths[i]
                break
        else:
            rows[i] = len(row_ends)
            row_ends.append(starts[i] + widths[i])
    return rows


def plot_timeline(ax: Axes, events: pd.DataFrame, spans: pd.DataFrame) -> Axes:
    """Events as ticks on one lane per track; shaded phases; labelled milestones above.

    Milestones are the events with a ``label``; their labels are stacked in rows so
    that none overlaps another, each joined to its event by a thin leader line.
    Label widths are measured on the drawn text, so the function fixes the Axes'
    position in the figure first (an automatic layout would move it afterwards).
    """
    fig = ax.get_figure()
    fig.set_layout_engine("none")
    ax.set_position([0.17, 0.11, 0.80, 0.86])
    lanes = {track: len(TRACKS) - 1 - i for i, track in enumerate(TRACKS)}
    for i, span in enumerate(spans.itertuples()):
        ax.axvspan(span.start, span.end, color="#F2F2F2" if i % 2 == 0 else "white", zorder=0)
    for track, lane in lanes.items():
        dates = events.loc[events["track"] == track, "date"]
        ax.plot(dates, [lane] * len(dates), linestyle="none", marker="|", markersize=11,
                markeredgewidth=1.6, color=TRACK_COLOURS[track])
    ax.set_yticks(list(lanes.values()), [TRACKS[t] for t in lanes])
    ax.set_ylim(-0.7, len(TRACKS) - 0.3)
    ax.set_xlim(spans["start"].iloc[0] - pd.Timedelta(days=200), spans["end"].iloc[-1])
    ax.xaxis.set_major_locator(mdates.YearLocator(2))
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%Y"))
    ax.set_xlabel("Year")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#E0E0E0")
    _label_milestones(ax, events[events["label"].notna()].sort_values("date"), lanes)
    _name_phases(ax, spans)
    return ax


def _label_milestones(ax: Axes, milestones: pd.DataFrame, lanes: dict[str, int]) -> None:
    fig = ax.get_figure()
    renderer = fig.canvas.get_renderer()
    top = len(TRACKS) - 0.3
    halo = {"facecolor": "white", "edgecolor": "none", "pad": 0.5, "alpha": 0.9}
    texts = [ax.text(d, top, f" {label}", fontsize=8.5, va="bottom", ha="left", bbox=halo, zorder=3)
             for d, label in zip(milestones["date"], milestones["label"])]
    to_data = ax.transData.inverted()
    right_edge = ax.get_xlim()[1]
    starts, widths = [], []
    for text in texts:
        box = text.get_window_extent(renderer)
        (x0, _), (x1, _) = to_data.transform([(box.x0, box.y0), (box.x1, box.y0)])
        if x1 > right_edge:  # would run off the plot: end the label at its event instead
            text.set_horizontalalignment("right")
            text.set_text(text.get_text().strip() + " ")
            x0, x1 = x0 - (x1 - x0), x0
        starts.append(x0)
        widths.append(x1 - x0)
    gap = (ax.get_xlim()[1] - ax.get_xlim()[0]) * 0.004
    rows = stack_labels(starts, widths, gap)
    row_height = 0.62
    for text, row, date, track in zip(texts, rows, milestones["date"], milestones["track"]):
        y = top + 0.25 + row * row_height
        text.set_y(y)
        ax.plot([date, date], [lanes[track], y], color=GREY, linewidth=0.5, zorder=1)
    ax.set_ylim(-0.7, top + 0.45 + (max(rows, default=0) + 1) * row_height)
    ax.spines["left"].set_bounds(-0.5, len(TRACKS) - 0.5)


def _name_phases(ax: Axes, spans: pd.DataFrame) -> None:
    for span in spans.itertuples():
        middle = span.start + (span.end - span.start) / 2
        ax.annotate(span.phase, (middle, -0.65), ha="center", va="bottom", fontsize=9,
                    fontstyle="italic", color=GREY)
