"""Computations shared by the notebooks: each dataset is reshaped here once, and tested.

Nothing here reads files; every function takes the typed tables from
:mod:`helpers.data` and returns a new DataFrame or Series.
"""

from __future__ import annotations

import pandas as pd

#: Labels of the EU act kinds, in the order the figures stack them.
EU_KINDS = {
    "un-transposition": "EU: transposing UN measures",
    "autonomous": "EU: autonomous measures",
    "human-rights": "EU: human-rights regime",
    "cyber": "EU: cyber regime",
    "russia": "EU: Russia-related listings",
}


def decimal_year(dates: pd.Series) -> pd.Series:
    """Dates as fractional years (1 July 2006 is about 2006.5), for a shared numeric time axis."""
    dates = pd.to_datetime(dates)
    start = pd.to_datetime(dates.dt.year.astype(str) + "-01-01")
    days = pd.to_datetime((dates.dt.year + 1).astype(str) + "-01-01") - start
    return dates.dt.year + (dates - start) / days


def cumulative_counts(dates: pd.Series, kinds: pd.Series, order: list[str]) -> pd.DataFrame:
    """Running count of items of each kind, one row per distinct date (a step function).

    Kinds listed in ``order`` but never seen get a column of zeros, so a chart's
    legend and stacking do not depend on which kinds happen to occur.
    """
    frame = pd.DataFrame({"date": pd.to_datetime(dates).to_numpy(), "kind": pd.Series(kinds).astype(str).to_numpy()})
    unknown = sorted(set(frame["kind"]) - set(order))
    if unknown:
        raise ValueError(f"kinds not in the order given: {unknown}")
    counts = frame.groupby(["date", "kind"]).size().unstack(fill_value=0)
    return counts.reindex(columns=order, fill_value=0).cumsum()


def list_totals_long(totals: pd.DataFrame) -> pd.DataFrame:
    """The EU list totals as one row per (date, basis, listed kind) with a count.

    Basis is 'UN-based', 'EU-only' or 'whole list'; listed kind is 'persons' or
    'entities'. Empty cells are dropped, never read as zero.
    """
    columns = {
        ("UN-based", "persons"): "persons_un",
        ("UN-based", "entities"): "entities_un",
        ("EU-only", "persons"): "persons_autonomous",
        ("EU-only", "entities"): "entities_autonomous",
        ("whole list", "persons"): "persons_all",
        ("whole list", "entities"): "entities_all",
    }
    parts = [
        pd.DataFrame({"date": totals["date"], "basis": basis, "listed": listed, "count": totals[column]})
        for (basis, listed), column in columns.items()
    ]
    long = pd.concat(parts, ignore_index=True).dropna(subset=["count"])
    long["basis"] = pd.Categorical(long["basis"], categories=["UN-based", "EU-only", "whole list"])
    long["listed"] = pd.Categorical(long["listed"], categories=["persons", "entities"])
    return long.astype({"count": int}).sort_values(["basis", "listed", "date"]).reset_index(drop=True)
