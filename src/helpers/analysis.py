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


#: Actor names in events.csv that stand for the EU and its institutions.
EU_ACTORS = {"EU", "EEAS", "European Commission", "European Parliament", "Council of the EU",
             "European Council", "ECHO", "Euratom"}

#: The periods of the scorecard, split at the turning points 2006, 2015 and 2022.
SCORECARD_PERIODS = {"1994–2006": (1994, 2006), "2007–2015": (2007, 2015), "2016–2022": (2016, 2022), "2023–2025": (2023, 2025)}


def scorecard(events: pd.DataFrame, tests: pd.DataFrame, launches: pd.DataFrame,
              resolutions: pd.DataFrame, listings: pd.DataFrame) -> pd.DataFrame:
    """Indicators for the three aims of critical engagement, per year, in each period.

    Every indicator is a yearly rate (count in the period divided by its years), so
    periods of different length compare. A yearly table (the launches) divides by the
    years it covers, so that a period running past its last row is not diluted by
    years with no data. Returns one row per (objective, indicator, period). The
    indicators measure activity recorded in the data, not outcomes.
    """
    dialogue = events[(events["track"] == "diplomacy")
                      & events["actors"].map(lambda a: "DPRK" in a and bool(EU_ACTORS & set(a)))]
    human_rights = events[events["track"] == "human-rights"]
    sanctions = resolutions[resolutions["category"] == "sanctions"]
    listed = listings.assign(n=listings["persons_added"].fillna(0) + listings["entities_added"].fillna(0))
    rights_listed = listed[listed["kind"] == "human-rights"]
    other_listed = listed[listed["kind"] != "human-rights"]
    launch_years = (int(launches["year"].min()), int(launches["year"].max()))
    # (objective, indicator, years, weights, first and last year the data cover or None)
    indicators = [
        ("Reduce tensions", "EU–DPRK diplomatic events", dialogue["date"].dt.year, None, None),
        ("Uphold non-proliferation", "Nuclear tests", tests["date"].dt.year, None, None),
        ("Uphold non-proliferation", "Missiles launched (CNS)", launches["year"], launches["missiles_cns"], launch_years),
        ("Uphold non-proliferation", "UN sanctions resolutions", sanctions["date"].dt.year, None, None),
        ("Uphold non-proliferation", "EU listings, other regimes", other_listed["date"].dt.year, other_listed["n"], None),
        ("Improve human rights", "Human-rights events", human_rights["date"].dt.year, None, None),
        ("Improve human rights", "EU human-rights listings", rights_listed["date"].dt.year, rights_listed["n"], None),
    ]
    rows = []
    for objective, indicator, years, weights, covered in indicators:
        years = pd.Series(years).astype(int).reset_index(drop=True)
        weights = pd.Series(1, index=years.index) if weights is None else pd.Series(weights).astype(float).reset_index(drop=True)
        for period, (start, end) in SCORECARD_PERIODS.items():
            inside = years.between(start, end)
            first, last = (start, end) if covered is None else (max(start, covered[0]), min(end, covered[1]))
            per_year = float(weights[inside].sum()) / (last - first + 1) if last >= first else float("nan")
            rows.append({"objective": objective, "indicator": indicator, "period": period, "per_year": per_year})
    frame = pd.DataFrame(rows)
    frame["period"] = pd.Categorical(frame["period"], categories=list(SCORECARD_PERIODS))
    return frame


def indicator_series(launches: pd.DataFrame, tests: pd.DataFrame, trade: pd.DataFrame,
                     assistance: pd.DataFrame, theft: pd.DataFrame, support: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The series the indicator explorer offers, each as columns ``x`` (fractional year) and ``value``.

    Yearly values sit at mid-year; dated values (aid decisions, estimates) at their
    date. Nothing is averaged: where sources give several values, all are kept.
    """
    years = range(int(launches["year"].min()), int(launches["year"].max()) + 1)
    test_counts = tests["date"].dt.year.value_counts().reindex(years, fill_value=0)
    decisions = assistance[(assistance["kind"] == "decision") & assistance["amount_eur_m"].notna()]
    latest_theft = theft.sort_values("published").groupby(["year", "estimator"], observed=True).last().reset_index()
    containers = support[(support["metric"] == "containers") & support["value"].notna()]
    frame = lambda x, value: pd.DataFrame({"x": pd.Series(x, dtype=float).to_numpy(),
                                           "value": pd.Series(value, dtype=float).to_numpy()})
    return {
        "Missiles launched per year (CNS)": frame(launches["year"] + 0.5, launches["missiles_cns"]),
        "Nuclear tests per year": frame([y + 0.5 for y in years], test_counts.values),
        "EU-DPRK trade, million EUR (each source)": frame(
            trade.dropna(subset=["total_eur_m"])["year"] + 0.5, trade.dropna(subset=["total_eur_m"])["total_eur_m"]),
        "EU aid decisions, million EUR": frame(decimal_year(decisions["date"]), decisions["amount_eur_m"]),
        "Crypto theft, million USD (latest per estimator)": frame(latest_theft["year"] + 0.5, latest_theft["value_usd_m"]),
        "Containers sent to Russia (estimates)": frame(decimal_year(containers["statement_date"]), containers["value"]),
    }


def distinct_estimates(theft: pd.DataFrame) -> pd.DataFrame:
    """Each estimator's figures for a year in order of publication, without repeats.

    A later report that repeats the previous figure is a re-citation, not a revision,
    so it is dropped; the figure and the count of revisions both start from here.
    """
    ordered = theft.sort_values(["year", "estimator", "published"], kind="stable")
    previous = ordered.groupby(["year", "estimator"], observed=True)["value_usd_m"].shift()
    return ordered[ordered["value_usd_m"].astype(float).ne(previous.astype(float)).to_numpy()]


def revised_estimates(theft: pd.DataFrame) -> pd.DataFrame:
    """Rows of the (year, estimator) pairs whose figure changed between publications."""
    distinct = distinct_estimates(theft)
    return distinct[distinct.groupby(["year", "estimator"], observed=True)["value_usd_m"].transform("size") > 1]
