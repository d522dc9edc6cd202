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


def end_of_year(year: int) -> pd.Timestamp:
    """31 December of ``year``: the day a count "at the end of" a year is taken."""
    return pd.Timestamp(year=int(year), month=12, day=31)


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

#: What an indicator measures: what Europe and the UN did (an input of policy) or what
#: the DPRK did that an aim opposes (an outcome the policy sought to change).
MEASURES = ("input", "outcome")

def eu_dprk_dialogue(events: pd.DataFrame) -> pd.DataFrame:
    """Diplomatic events between the DPRK and the EU or one of its institutions."""
    return events[(events["track"] == "diplomacy")
                  & events["actors"].map(lambda a: "DPRK" in a and bool(EU_ACTORS & set(a)))]


#: The scorecard's indicators: (aim, indicator, what it measures, table it is counted from).
SCORECARD_INDICATORS = (
    ("Reduce tensions", "EU–DPRK diplomatic milestones", "input", "events"),
    ("Uphold non-proliferation", "Nuclear tests", "outcome", "nuclear_tests"),
    ("Uphold non-proliferation", "Missiles launched (CNS)", "outcome", "missile_launches"),
    ("Uphold non-proliferation", "UN sanctions resolutions", "input", "un_resolutions"),
    ("Uphold non-proliferation", "EU listings, DPRK regime", "input", "eu_listing_events"),
    ("Improve human rights", "Human-rights milestones", "input", "events"),
    ("Improve human rights", "EU human-rights listings", "input", "eu_listing_events"),
)

#: The tables the scorecard counts from, each needing a declared coverage.
SCORECARD_TABLES = tuple(dict.fromkeys(table for *_, table in SCORECARD_INDICATORS))

#: EU listing kinds that serve the non-proliferation aim (the DPRK regime, UN-based or
#: autonomous). Listings under the cyber and Russia regimes serve other aims and are
#: not counted on the scorecard.
NON_PROLIFERATION_LISTINGS = ("un-transposition", "autonomous")


def scorecard(events: pd.DataFrame, tests: pd.DataFrame, launches: pd.DataFrame,
              resolutions: pd.DataFrame, listings: pd.DataFrame,
              coverage: dict[str, tuple[int, int]]) -> pd.DataFrame:
    """Indicators for the three aims of critical engagement, per year, in each period.

    Every indicator is a yearly rate: the count in the years of the period that its
    table covers, divided by those years, so that periods of different length compare.
    ``coverage`` gives, for each table named in :data:`SCORECARD_INDICATORS`, the first
    and last year it is complete for (the ``coverage`` of its resource in
    ``datapackage.json``). A period the table does not cover at all has no rate (NaN,
    shown as "no data"), never zero; a period it covers in part is rated over the
    covered years, which the ``covered`` column names. Returns one row per
    (objective, indicator, period) with ``measures`` (input or outcome).
    """
    missing = sorted({table for *_, table in SCORECARD_INDICATORS} - set(coverage))
    if missing:
        raise ValueError(f"no coverage declared for the tables {missing}")
    dialogue = eu_dprk_dialogue(events)
    human_rights = events[events["track"] == "human-rights"]
    sanctions = resolutions[resolutions["category"] == "sanctions"]
    listed = listings.assign(n=listings["persons_added"].fillna(0) + listings["entities_added"].fillna(0))
    rights_listed = listed[listed["kind"] == "human-rights"]
    dprk_listed = listed[listed["kind"].isin(NON_PROLIFERATION_LISTINGS)]
    counted = {  # indicator -> (years, weights or None for a count of rows)
        "EU–DPRK diplomatic milestones": (dialogue["date"].dt.year, None),
        "Nuclear tests": (tests["date"].dt.year, None),
        "Missiles launched (CNS)": (launches["year"], launches["missiles_cns"]),
        "UN sanctions resolutions": (sanctions["date"].dt.year, None),
        "EU listings, DPRK regime": (dprk_listed["date"].dt.year, dprk_listed["n"]),
        "Human-rights milestones": (human_rights["date"].dt.year, None),
        "EU human-rights listings": (rights_listed["date"].dt.year, rights_listed["n"]),
    }
    rows = []
    for objective, indicator, measures, table in SCORECARD_INDICATORS:
        years, weights = counted[indicator]
        years = pd.Series(years).astype(int).reset_index(drop=True)
        weights = pd.Series(1, index=years.index) if weights is None else pd.Series(weights).astype(float).reset_index(drop=True)
        covered_from, covered_to = coverage[table]
        for period, (start, end) in SCORECARD_PERIODS.items():
            first, last = max(start, covered_from), min(end, covered_to)
            if last < first:
                per_year, covered = float("nan"), None
            else:
                per_year = float(weights[years.between(first, last)].sum()) / (last - first + 1)
                covered = None if (first, last) == (start, end) else (first, last)
            rows.append({"objective": objective, "indicator": indicator, "measures": measures,
                         "period": period, "per_year": per_year, "covered": covered})
    frame = pd.DataFrame(rows)
    frame["period"] = pd.Categorical(frame["period"], categories=list(SCORECARD_PERIODS))
    return frame


def last_years(events: pd.DataFrame, tests: pd.DataFrame, resolutions: pd.DataFrame) -> dict[str, int]:
    """The last year with an EU–DPRK diplomatic milestone, a nuclear test and a UN
    sanctions resolution: the ends of the three series the scorecard's text cites."""
    dialogue = eu_dprk_dialogue(events)
    return {
        "dialogue": int(dialogue["date"].dt.year.max()),
        "nuclear_test": int(tests["date"].dt.year.max()),
        "sanctions_resolution": int(resolutions.loc[resolutions["category"] == "sanctions", "date"].dt.year.max()),
    }


def scorecard_cells(card: pd.DataFrame, digits: int = 2) -> pd.DataFrame:
    """The scorecard as text, one row per indicator and one column per period.

    A period with no data reads "no data"; a period covered in part names the years
    the rate is taken over, e.g. "37.00 (2023–2024)".
    """
    def cell(row) -> str:
        if pd.isna(row["per_year"]):
            return "no data"
        text = f"{row['per_year']:.{digits}f}"
        return text if row["covered"] is None else f"{text} ({row['covered'][0]}–{row['covered'][1]})"

    cells = card.assign(text=card.apply(cell, axis=1))
    wide = cells.pivot_table(index=["objective", "indicator", "measures"], columns="period", values="text",
                             aggfunc="first", observed=True, sort=False)
    return wide.reset_index().rename_axis(columns=None)


def indicator_series(launches: pd.DataFrame, tests: pd.DataFrame, trade: pd.DataFrame,
                     assistance: pd.DataFrame, theft: pd.DataFrame, support: pd.DataFrame) -> dict[str, pd.DataFrame]:
    """The series the indicator explorer offers, each as columns ``x`` (fractional year) and ``value``.

    Yearly values sit at mid-year; dated values (aid decisions, estimates) at their
    date. Nothing is averaged: where sources give several values, all are kept.
    """
    years = range(int(launches["year"].min()), int(launches["year"].max()) + 1)
    test_counts = tests["date"].dt.year.value_counts().reindex(years, fill_value=0)
    decisions = assistance[(assistance["kind"] == "decision") & assistance["amount_eur_m"].notna()]
    latest_theft = estimate_by_publication(theft).reset_index()
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


def estimate_by_publication(theft: pd.DataFrame, which: str = "latest") -> pd.Series:
    """Each estimator's figure for each year, indexed by (year, estimator): the most
    recently published one (``which="latest"``) or the first published (``"first"``).
    The one home of "latest estimate per estimator", for figures and glued numbers alike."""
    if which not in ("latest", "first"):
        raise ValueError(f"which must be 'latest' or 'first', not {which!r}")
    grouped = theft.sort_values("published", kind="stable").groupby(["year", "estimator"], observed=True)["value_usd_m"]
    return grouped.last() if which == "latest" else grouped.first()


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


#: Acts that start and end a state's resident presence in Pyongyang (diplomatic_relations),
#: by kind of presence: an embassy, or a government office that is not an embassy.
PRESENCE_ACTS = {
    "embassy": (("embassy-opened", "embassy-returned"), ("embassy-suspended", "embassy-closed")),
    "office": (("office-opened", "office-returned"), ("office-suspended",)),
}


#: Codes of states that no longer exist (the GDR, Czechoslovakia, Yugoslavia). The table
#: does not hold the dates they ceased, so their presence has no span, only its opening.
HISTORICAL_CODES = ("DD", "CS", "YU")


def presence_in_pyongyang(relations: pd.DataFrame, until: pd.Timestamp) -> pd.DataFrame:
    """The spans during which each existing European state was resident in Pyongyang.

    One row per span: ``state``, ``code``, ``kind`` (embassy or office), ``start``, ``end``
    and ``open`` (still open at ``until``, where the span is cut). A state whose first act
    of a kind is a withdrawal was resident before the record starts: that span has no
    ``start`` (NaT), never an invented one. An opening while a span is open, or a second
    withdrawal, is a contradiction in the data and raises ValueError naming the row.
    States in :data:`HISTORICAL_CODES` are left out: a span for them would need an end
    date the table does not hold.
    """
    spans = []
    current = relations[~relations["code"].isin(HISTORICAL_CODES)]
    for kind, (opens, ends) in PRESENCE_ACTS.items():
        acts = current[current["act"].isin(opens + ends)].sort_values(["code", "date"], kind="stable")
        for code, rows in acts.groupby("code", sort=False):
            start, is_open, first = None, False, True
            for row in rows.itertuples():
                if row.act in opens:
                    if is_open:
                        raise ValueError(f"data/diplomatic_relations.csv row {row.id}: {row.act} while the {kind} "
                                         f"of {row.state} is already open")
                    start, is_open = row.date, True
                else:
                    if not is_open and not first:
                        raise ValueError(f"data/diplomatic_relations.csv row {row.id}: {row.act} while the {kind} "
                                         f"of {row.state} is not open")
                    spans.append({"state": row.state, "code": code, "kind": kind,
                                  "start": start if is_open else pd.NaT, "end": row.date, "open": False})
                    is_open = False
                first = False
            if is_open:
                spans.append({"state": rows["state"].iloc[-1], "code": code, "kind": kind, "start": start,
                              "end": until, "open": True})
    frame = pd.DataFrame(spans, columns=["state", "code", "kind", "start", "end", "open"])
    return frame.astype({"start": "datetime64[ns]", "end": "datetime64[ns]", "open": bool})


def state_order(relations: pd.DataFrame) -> list[str]:
    """States in the order they established relations with the DPRK (earliest first);
    states with no dated establishment follow, in alphabetical order."""
    first = relations[relations["act"] == "relations-established"].groupby("state")["date"].min()
    dated = list(first.sort_values(kind="stable").index)
    return dated + sorted(set(relations["state"]) - set(dated))


def resident_on(spans: pd.DataFrame, day: pd.Timestamp, kind: str = "embassy") -> list[str]:
    """The states with a resident presence of ``kind`` in Pyongyang on ``day``, from the
    spans of :func:`presence_in_pyongyang` (an undated opening counts as before ``day``;
    a span still open at the end of the record counts to its end)."""
    here = spans[(spans["kind"] == kind)
                 & (spans["start"].isna() | (spans["start"] <= day))
                 & ((spans["end"] > day) | (spans["open"] & (spans["end"] >= day)))]
    return sorted(here["state"].unique())


def verdict_counts(claims: pd.DataFrame) -> pd.DataFrame:
    """Claims of the ledger by article (rows) and verdict (columns, in the order the data
    package declares the verdicts, every verdict present even when its count is zero).
    The one home of the verdict counts and their order, for the figure, the explorer and
    the numbers glued in the text."""
    verdicts = claims["verdict"]
    order = list(verdicts.cat.categories) if hasattr(verdicts, "cat") else sorted(verdicts.dropna().unique())
    counts = pd.crosstab(claims["article"].astype(str), verdicts.astype(str))
    return counts.reindex(columns=order, fill_value=0)


def aid_decisions(assistance: pd.DataFrame) -> pd.DataFrame:
    """The EU funding decisions of the assistance table that state an amount above zero:
    what the aid figure draws as stems and what the text counts (totals are left out,
    since they overlap decisions and each other)."""
    return assistance[(assistance["kind"] == "decision") & (assistance["amount_eur_m"] > 0)]


#: The two source articles: their value in the ledgers' ``article`` column and their key
#: in references.bib.
SEED_ARTICLES = {"calabrese": "calabrese2024", "kim": "kim2025"}


def seed_articles(sources: pd.DataFrame) -> pd.DataFrame:
    """The source articles by the ledgers' ``article`` value, from the bibliography
    (``load("sources")``): their ``key``, the ``label`` the text cites them by
    ("Calabrese (2024)") and their publication ``date``. The one home of both, for the
    claims figure and for the counts of what happened before each article appeared."""
    entries = sources.set_index("key").loc[list(SEED_ARTICLES.values())]
    return pd.DataFrame(
        {
            "key": list(SEED_ARTICLES.values()),
            "label": [f"{author} ({year})" for author, year in zip(entries["author"], entries["year"])],
            "date": entries["date"].to_numpy(),
        },
        index=pd.Index(list(SEED_ARTICLES), name="article"),
    )


#: Two sources' totals for a year of EU-DPRK trade disagree when they differ by more than
#: this, in million euro (the trade chapter: "more than half a million euro").
TRADE_DISAGREEMENT_EUR_M = 0.5


def trade_disagreements(trade: pd.DataFrame) -> pd.Series:
    """For each year of the trade table, whether its sources' totals differ by more than
    :data:`TRADE_DISAGREEMENT_EUR_M`."""
    totals = trade.dropna(subset=["total_eur_m"]).groupby("year")["total_eur_m"]
    return (totals.max() - totals.min()) > TRADE_DISAGREEMENT_EUR_M


def years_without_decision(assistance: pd.DataFrame, first_year: int, last_year: int) -> list[int]:
    """The years from ``first_year`` to ``last_year`` in which the assistance table holds
    no funding decision with an amount (:func:`aid_decisions`): the gaps the aid figure shows."""
    decided = set(aid_decisions(assistance)["date"].dt.year)
    return [year for year in range(first_year, last_year + 1) if year not in decided]
