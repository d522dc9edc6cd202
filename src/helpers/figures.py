"""The book's figures: each function draws on an Axes it is given and returns it.

Functions never call ``plt.show()`` and never load data themselves: notebooks
load with :mod:`helpers.data`, pass the tables in, and add caption and alt text.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import YearLocator, DateFormatter

from helpers.style import GREY, PALETTE

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
