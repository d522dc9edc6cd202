"""The book's figures: each function draws on an Axes it is given and returns it.

Functions never call ``plt.show()`` and never load data themselves: notebooks
load with :mod:`helpers.data`, pass the tables in, and add caption and alt text.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import YearLocator, DateFormatter

from helpers.analysis import EU_KINDS, cumulative_counts, decimal_year
from helpers.style import CYCLE, GREY, PALETTE

#: Agencies whose magnitudes ``nuclear_tests`` records: column, label, colour, marker.
MAGNITUDE_AGENCIES = (
    ("magnitude_usgs", "US Geological Survey (USGS)", PALETTE["blue"], "o"),
    ("magnitude_ctbto", "CTBTO International Data Centre", PALETTE["orange"], "s"),
)


def plot_test_magnitudes(ax: Axes, tests: pd.DataFrame) -> Axes:
    """Seismic body-wave magnitude of each nuclear test, one marker per agency.

    A missing magnitude is left out rather than drawn as zero, so a gap in the
    record stays visible as a test with one marker instead of two.
    """
    for column, label, colour, marker in MAGNITUDE_AGENCIES:
        known = tests[column].notna()
        ax.plot(
            tests.loc[known, "date"],
            tests.loc[known, column].astype(float),
            linestyle="none",
            marker=marker,
            markersize=8,
            color=colour,
            label=label,
        )
    top = tests[[c for c, *_ in MAGNITUDE_AGENCIES]].max(axis=1).astype(float)
    for date, number, height in zip(tests["date"], tests["test_no"], top):
        ax.annotate(
            f"#{number}",
            (date, height),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=10,
            color=GREY,
        )
    ax.set_ylabel("Body-wave magnitude (mb)")
    ax.set_xlabel("Date of test")
    ax.set_ylim(3.5, 7.0)
    ax.xaxis.set_major_locator(YearLocator(2))
    ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    ax.legend(loc="upper left")
    return ax


def plot_coverage(ax: Axes, coverage: pd.DataFrame) -> Axes:
    """The years each table spans, one horizontal bar per table, labelled with its row count.

    Tables without a time field (e.g. the claims ledger) are listed without a bar.
    """
    ordered = coverage.iloc[::-1].reset_index(drop=True)
    for position, row in ordered.iterrows():
        if pd.isna(row["first_year"]):
            ax.annotate("no time field", (0, position), xycoords=("axes fraction", "data"),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=9, color=GREY)
            continue
        start, end = int(row["first_year"]), int(row["last_year"]) + 1
        ax.barh(position, end - start, left=start, height=0.6, color=PALETTE["blue"])
        ax.annotate(f"{row['rows']} rows", (end, position), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9, color=GREY)
    ax.set_yticks(range(len(ordered)), ordered["table"])
    ax.set_xlabel("Years covered (calendar years)")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    return ax


def plot_launches_and_tests(ax: Axes, launches: pd.DataFrame, tests: pd.DataFrame) -> Axes:
    """Ballistic missiles launched per year (bars) with each nuclear test marked above.

    Years with no launch are drawn as empty bars (height 0) rather than left out,
    so the axis shows that the year was counted.
    """
    ax.bar(launches["year"].astype(int) + 0.5, launches["missiles_cns"].astype(int), width=0.8,
           color=PALETTE["sky_blue"], label="Missiles launched (CNS count)")
    top = int(launches["missiles_cns"].max())
    x = decimal_year(tests["date"])
    ax.plot(x, [top * 1.08] * len(tests), linestyle="none", marker="*", markersize=13,
            color=PALETTE["vermillion"], label="Nuclear test")
    last_at_level: list[float] = []  # a label closer than 1.5 years to the last one on a level goes up
    for xi, number in zip(x, tests["test_no"]):
        level = next((i for i, last in enumerate(last_at_level) if xi - last >= 1.5), len(last_at_level))
        last_at_level[level:level + 1] = [xi]
        ax.annotate(f"#{number}", (xi, top * 1.08), xytext=(0, 8 + 10 * level),
                    textcoords="offset points", ha="center", fontsize=8.5, color=GREY)
    ax.set_ylabel("Missiles launched per year")
    ax.set_ylim(0, top * 1.3)
    ax.legend(loc="upper left")
    return ax


def plot_sanction_acts(ax: Axes, resolutions: pd.DataFrame, measures: pd.DataFrame) -> Axes:
    """One row of markers per kind of act: UN sanctions resolutions, then EU acts by kind."""
    rows = [("UN sanctions resolutions", resolutions.loc[resolutions["category"] == "sanctions", "date"])]
    rows += [(label, measures.loc[measures["kind"] == kind, "date"]) for kind, label in EU_KINDS.items()]
    rows = [(label, dates) for label, dates in rows if len(dates)]
    colours = [PALETTE["black"], *CYCLE]
    for position, (label, dates) in enumerate(reversed(rows)):
        ax.plot(decimal_year(dates), [position] * len(dates), linestyle="none", marker="|",
                markersize=12, markeredgewidth=2, color=colours[len(rows) - 1 - position])
    ax.set_yticks(range(len(rows)), [label for label, _ in reversed(rows)])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#E0E0E0")
    ax.set_xlabel("Year")
    return ax


def plot_ratchet(ax: Axes, resolutions: pd.DataFrame, measures: pd.DataFrame, end: pd.Timestamp) -> Axes:
    """Cumulative UN sanctions resolutions (line) over EU legal acts stacked by kind (areas).

    Every series is carried flat to ``end`` so that the final levels can be read.
    """
    un = resolutions[resolutions["category"] == "sanctions"].sort_values("date")
    kinds = [k for k in EU_KINDS if (measures["kind"] == k).any()]
    counts = cumulative_counts(measures["date"], measures["kind"], kinds)
    counts.loc[pd.Timestamp(end)] = counts.iloc[-1]
    lower = pd.Series(0, index=counts.index)
    for i, kind in enumerate(kinds):
        upper = lower + counts[kind]
        ax.fill_between(counts.index, lower, upper, step="post", color=CYCLE[i], alpha=0.85,
                        linewidth=0, label=EU_KINDS[kind])
        lower = upper
    un_dates = list(un["date"]) + [pd.Timestamp(end)]
    un_counts = list(range(1, len(un) + 1)) + [len(un)]
    ax.step(un_dates, un_counts, where="post", color=PALETTE["black"], linewidth=2.2,
            label="UN sanctions resolutions")
    ax.set_ylabel("Cumulative number of acts")
    ax.set_xlabel("Year")
    ax.legend(loc="upper left")
    return ax


def plot_list_totals(ax: Axes, totals_long: pd.DataFrame) -> Axes:
    """Published totals of the EU's DPRK list: persons (circles) and entities (squares) by basis."""
    colours = {"UN-based": PALETTE["blue"], "EU-only": PALETTE["orange"], "whole list": PALETTE["black"]}
    markers = {"persons": "o", "entities": "s"}
    for (basis, listed), group in totals_long.groupby(["basis", "listed"], observed=True):
        ax.plot(group["date"], group["count"], marker=markers[listed], color=colours[basis],
                linestyle="-" if basis != "whole list" else "none", linewidth=1,
                markerfacecolor=colours[basis] if listed == "persons" else "white",
                label=f"{basis}: {listed}")
    ax.set_ylabel("Listed persons or entities")
    ax.set_xlabel("Date of the published total")
    ax.legend(loc="upper left", ncols=2, fontsize=9)
    return ax
