"""helpers.analysis on small fixtures, edge cases included."""

import pandas as pd
import pytest

from helpers.analysis import cumulative_counts, decimal_year, list_totals_long, revised_estimates


def test_decimal_year():
    years = decimal_year(pd.Series(pd.to_datetime(["2006-01-01", "2006-07-02", "2024-12-31"])))
    assert years.iloc[0] == 2006
    assert years.iloc[1] == pytest.approx(2006.5, abs=0.01)
    assert 2024.99 < years.iloc[2] < 2025


def test_cumulative_counts_keep_unseen_kinds_as_zero_columns():
    dates = pd.Series(pd.to_datetime(["2006-11-20", "2016-05-27", "2016-05-27", "2021-03-22"]))
    kinds = pd.Series(["un", "autonomous", "un", "autonomous"])
    counts = cumulative_counts(dates, kinds, ["un", "autonomous", "cyber"])
    assert list(counts.columns) == ["un", "autonomous", "cyber"]
    assert counts.loc["2016-05-27"].tolist() == [2, 1, 0]
    assert counts.iloc[-1].tolist() == [2, 2, 0]
    assert len(counts) == 3, "one row per distinct date"


def test_cumulative_counts_refuse_an_unknown_kind():
    with pytest.raises(ValueError, match="kinds not in the order given: \\['cyber'\\]"):
        cumulative_counts(pd.Series(pd.to_datetime(["2020-07-30"])), pd.Series(["cyber"]), ["un"])


def test_list_totals_long_drops_gaps_instead_of_zeroing_them():
    totals = pd.DataFrame(
        {
            "date": pd.to_datetime(["2013-02-18", "2018-04-06"]),
            "persons_un": pd.array([None, 80], dtype="Int64"),
            "entities_un": pd.array([None, 75], dtype="Int64"),
            "persons_autonomous": pd.array([None, 55], dtype="Int64"),
            "entities_autonomous": pd.array([None, 9], dtype="Int64"),
            "persons_all": pd.array([26, None], dtype="Int64"),
            "entities_all": pd.array([33, None], dtype="Int64"),
        }
    )
    long = list_totals_long(totals)
    assert len(long) == 6
    assert (long["count"] > 0).all()
    first = long.iloc[0]
    assert (first["basis"], first["listed"], first["count"]) == ("UN-based", "persons", 80)
    assert long[long["basis"] == "whole list"]["count"].tolist() == [26, 33]


#: Coverage that spans every scorecard period, for tests that are not about coverage.
FULL = {name: (1900, 2100) for name in ("events", "nuclear_tests", "missile_launches", "un_resolutions", "eu_listing_events")}


def test_scorecard_rates_are_per_year_over_the_covered_years():
    from helpers.analysis import scorecard

    events = pd.DataFrame({
        "date": pd.to_datetime(["1998-12-02", "2015-06-19", "2003-04-16"]),
        "track": ["diplomacy", "diplomacy", "human-rights"],
        "actors": [("EU", "DPRK"), ("EEAS", "DPRK"), ("UNCHR",)],
    })
    tests = pd.DataFrame({"date": pd.to_datetime(["2006-10-09", "2017-09-03"])})
    launches = pd.DataFrame({"year": [2006, 2018, 2022], "missiles_cns": [7, 0, 69]})
    resolutions = pd.DataFrame({"date": pd.to_datetime(["2006-10-14", "2010-06-07"]),
                                "category": ["sanctions", "panel-mandate"]})
    listings = pd.DataFrame({"date": pd.to_datetime(["2021-03-22", "2016-05-19"]), "kind": ["human-rights", "autonomous"],
                             "persons_added": pd.array([2, 18], dtype="Int64"), "entities_added": pd.array([None, 1], dtype="Int64")})
    card = scorecard(events, tests, launches, resolutions, listings, FULL).set_index(["indicator", "period"])["per_year"]
    assert card[("Nuclear tests", "1994–2006")] == pytest.approx(1 / 13)
    assert card[("Missiles launched (CNS)", "2016–2022")] == pytest.approx(69 / 7)
    assert card[("EU–DPRK diplomatic milestones", "1994–2006")] == pytest.approx(1 / 13)
    assert card[("EU–DPRK diplomatic milestones", "2007–2015")] == pytest.approx(1 / 9), "EEAS counts as EU"
    assert card[("UN sanctions resolutions", "2007–2015")] == 0, "a panel renewal is not a sanctions resolution"
    assert card[("EU human-rights listings", "2016–2022")] == pytest.approx(2 / 7), "an empty count is not added"
    assert card[("EU listings, DPRK regime", "2016–2022")] == pytest.approx(19 / 7)
    assert card[("Human-rights milestones", "2023–2025")] == 0
    assert card[("Missiles launched (CNS)", "2023–2025")] == 0, "inside the declared coverage, no row is a zero"


def test_scorecard_divides_a_yearly_table_by_the_years_it_covers():
    from helpers.analysis import scorecard

    none = pd.DataFrame({"date": pd.to_datetime([]), "track": [], "actors": [], "category": [], "kind": [],
                         "persons_added": pd.array([], dtype="Int64"), "entities_added": pd.array([], dtype="Int64")})
    launches = pd.DataFrame({"year": [2022, 2023, 2024], "missiles_cns": [69, 33, 41]})
    card = scorecard(none, none, launches, none, none, FULL | {"missile_launches": (1984, 2024)})
    missiles = card.set_index(["indicator", "period"]).loc["Missiles launched (CNS)"]
    assert missiles.loc["2023–2025", "per_year"] == pytest.approx((33 + 41) / 2), "2025 is not covered"
    assert missiles.loc["2023–2025", "covered"] == (2023, 2024)
    assert missiles.loc["2016–2022", "covered"] is None


def test_scorecard_has_no_rate_for_a_period_its_table_does_not_cover():
    from helpers.analysis import scorecard, scorecard_cells

    none = pd.DataFrame({"date": pd.to_datetime([]), "track": [], "actors": [], "category": [], "kind": [],
                         "persons_added": pd.array([], dtype="Int64"), "entities_added": pd.array([], dtype="Int64")})
    launches = pd.DataFrame({"year": [2006], "missiles_cns": [7]})
    card = scorecard(none, none, launches, none, none, FULL | {"eu_listing_events": (2016, 2025)})
    listings = card.set_index(["indicator", "period"]).loc["EU listings, DPRK regime", "per_year"]
    assert listings.isna().tolist() == [True, True, False, False], "before 2016 the table says nothing: no data, not 0"
    cells = scorecard_cells(card).set_index("indicator")
    assert cells.loc["EU listings, DPRK regime", "1994–2006"] == "no data"
    assert cells.loc["EU listings, DPRK regime", "2016–2022"] == "0.00"


def test_scorecard_needs_a_coverage_for_every_table():
    from helpers.analysis import scorecard

    with pytest.raises(ValueError, match="eu_listing_events"):
        scorecard(*[pd.DataFrame()] * 5, {k: v for k, v in FULL.items() if k != "eu_listing_events"})


def test_scorecard_says_what_each_indicator_measures():
    from helpers.analysis import MEASURES, SCORECARD_INDICATORS

    assert {measures for _, _, measures, _ in SCORECARD_INDICATORS} <= set(MEASURES)
    outcomes = {indicator for _, indicator, measures, _ in SCORECARD_INDICATORS if measures == "outcome"}
    assert outcomes == {"Nuclear tests", "Missiles launched (CNS)"}, "only what the DPRK did is an outcome"


def test_revised_estimates_are_changed_figures_not_repeated_ones():
    theft = pd.DataFrame({
        "year": [2022, 2022, 2023, 2023, 2024],
        "estimator": ["chainalysis", "chainalysis", "chainalysis", "chainalysis", "trm-labs"],
        "published": pd.to_datetime(["2023-02-01", "2023-09-14", "2024-01-24", "2024-12-19", "2025-01-01"]),
        "value_usd_m": [1650.0, 1650.0, 1000.0, 660.5, 800.0],
    })
    revised = revised_estimates(theft)
    assert revised["year"].tolist() == [2023, 2023]


def test_last_years_end_each_series_the_scorecard_text_cites():
    from helpers.analysis import last_years

    events = pd.DataFrame({"date": pd.to_datetime(["2015-06-19", "2019-01-01", "2018-04-27"]),
                           "track": ["diplomacy", "diplomacy", "diplomacy"],
                           "actors": [("EU", "DPRK"), ("US", "DPRK"), ("EU", "DPRK")]})
    tests = pd.DataFrame({"date": pd.to_datetime(["2006-10-09", "2017-09-03"])})
    resolutions = pd.DataFrame({"date": pd.to_datetime(["2017-12-22", "2023-03-23"]),
                                "category": ["sanctions", "panel-mandate"]})
    assert last_years(events, tests, resolutions) == {"dialogue": 2018, "nuclear_test": 2017,
                                                      "sanctions_resolution": 2017}


def relations_rows(*rows):
    return pd.DataFrame([{"id": f"r{i}", "state": s, "code": c, "date": pd.Timestamp(d), "act": a}
                         for i, (s, c, d, a) in enumerate(rows)])


#: An embassy opened, withdrawn in the pandemic and returned.
SWEDEN = (("Sweden", "SE", "1975-07-01", "embassy-opened"),
          ("Sweden", "SE", "2020-08-01", "embassy-suspended"),
          ("Sweden", "SE", "2024-09-01", "embassy-returned"))


def test_presence_spans_open_close_and_return():
    from helpers.analysis import presence_in_pyongyang

    rel = relations_rows(*SWEDEN, ("Sweden", "SE", "1973-04-07", "relations-established"))
    spans = presence_in_pyongyang(rel, pd.Timestamp("2025-12-31"))
    assert spans[["start", "end", "open"]].values.tolist() == [
        [pd.Timestamp("1975-07-01"), pd.Timestamp("2020-08-01"), False],
        [pd.Timestamp("2024-09-01"), pd.Timestamp("2025-12-31"), True]]


def test_presence_of_an_office_is_its_own_kind():
    from helpers.analysis import presence_in_pyongyang

    rel = relations_rows(("Switzerland", "CH", "1997-01-01", "office-opened"),
                         ("Switzerland", "CH", "2020-03-09", "office-suspended"))
    spans = presence_in_pyongyang(rel, pd.Timestamp("2025-12-31"))
    assert spans[["kind", "start", "end"]].values.tolist() == [
        ["office", pd.Timestamp("1997-01-01"), pd.Timestamp("2020-03-09")]]


def test_a_dissolved_state_has_no_span_without_an_end_date():
    from helpers.analysis import presence_in_pyongyang

    rel = relations_rows(("German Democratic Republic", "DD", "1954-01-01", "embassy-opened"))
    assert presence_in_pyongyang(rel, pd.Timestamp("2025-12-31")).empty, "the GDR's embassy did not last to 2025"


def test_presence_before_the_record_has_no_invented_start():
    from helpers.analysis import presence_in_pyongyang

    rel = relations_rows(("Romania", "RO", "2021-10-01", "embassy-suspended"))
    spans = presence_in_pyongyang(rel, pd.Timestamp("2025-12-31"))
    assert pd.isna(spans.loc[0, "start"]) and spans.loc[0, "end"] == pd.Timestamp("2021-10-01")


@pytest.mark.parametrize("acts", [("embassy-opened", "embassy-returned"),
                                  ("embassy-opened", "embassy-suspended", "embassy-closed")])
def test_presence_contradictions_name_the_row(acts):
    from helpers.analysis import presence_in_pyongyang

    rel = relations_rows(*[("Poland", "PL", f"{2000 + i}-01-01", a) for i, a in enumerate(acts)])
    with pytest.raises(ValueError, match=f"row r{len(acts) - 1}: {acts[-1]} while the embassy of Poland"):
        presence_in_pyongyang(rel, pd.Timestamp("2025-12-31"))


def test_states_ordered_by_establishment_then_by_name():
    from helpers.analysis import state_order

    rel = relations_rows(("Sweden", "SE", "1973-04-07", "relations-established"),
                         ("Poland", "PL", "1948-10-16", "relations-established"),
                         ("France", "FR", "2020-01-01", "other"),
                         ("Austria", "AT", "2020-01-01", "other"))
    assert state_order(rel) == ["Poland", "Sweden", "Austria", "France"]


def test_resident_on_counts_undated_openings_and_open_spans():
    from helpers.analysis import presence_in_pyongyang, resident_on

    rel = relations_rows(("Romania", "RO", "2021-10-09", "embassy-suspended"), *SWEDEN)
    spans = presence_in_pyongyang(rel, pd.Timestamp("2025-12-31"))
    assert resident_on(spans, pd.Timestamp("2019-12-31")) == ["Romania", "Sweden"]
    assert resident_on(spans, pd.Timestamp("2022-12-31")) == []
    assert resident_on(spans, pd.Timestamp("2025-12-31")) == ["Sweden"], "open at the end of the record"


def test_estimate_by_publication_takes_the_latest_or_first_figure_per_year_and_estimator():
    from helpers.analysis import estimate_by_publication

    theft = pd.DataFrame({
        "year": [2023, 2023, 2023],
        "estimator": ["chainalysis", "chainalysis", "trm-labs"],
        "published": pd.to_datetime(["2024-12-19", "2024-01-24", "2024-02-01"]),
        "value_usd_m": [660.5, 1000.0, 600.0],
    })
    assert estimate_by_publication(theft)[(2023, "chainalysis")] == 660.5, "the later publication, not the later row"
    assert estimate_by_publication(theft, "first")[(2023, "chainalysis")] == 1000.0
    with pytest.raises(ValueError):
        estimate_by_publication(theft, "median")


def test_verdict_counts_keep_every_declared_verdict_in_the_declared_order():
    from helpers.analysis import verdict_counts

    claims = pd.DataFrame({"article": ["kim", "kim", "calabrese"],
                           "verdict": pd.Categorical(["imprecise", "corroborated", "corroborated"],
                                                     categories=["corroborated", "imprecise", "contradicted", "unverified"])})
    counts = verdict_counts(claims)
    assert list(counts.columns) == ["corroborated", "imprecise", "contradicted", "unverified"]
    assert counts.loc["kim"].tolist() == [1, 1, 0, 0]


def test_the_figure_colours_every_verdict_the_data_package_declares_in_its_order():
    from helpers import load
    from helpers.figures import VERDICT_COLOURS

    assert list(VERDICT_COLOURS) == list(load("seed_claims")["verdict"].cat.categories)


def test_aid_decisions_leave_out_totals_and_empty_amounts():
    from helpers.analysis import aid_decisions

    aid = pd.DataFrame({"id": ["a", "b", "c", "d"], "kind": ["decision", "decision", "cumulative-total", "decision"],
                        "amount_eur_m": [10.0, 0.0, 124.0, None]})
    assert aid_decisions(aid)["id"].tolist() == ["a"]


def test_end_of_year():
    from helpers.analysis import end_of_year

    assert end_of_year(2019) == pd.Timestamp("2019-12-31")


def test_seed_articles_take_label_and_date_from_the_bibliography():
    from helpers.analysis import SEED_ARTICLES, seed_articles

    sources = pd.DataFrame({
        "key": ["other", *SEED_ARTICLES.values()],
        "author": ["X", "Calabrese", "Kim"],
        "year": ["2020", "2024", "2025"],
        "date": pd.to_datetime([None, "2024-11-23", "2025-08-08"]),
    })
    articles = seed_articles(sources)
    assert list(articles.index) == list(SEED_ARTICLES)
    assert articles.loc["calabrese", "label"] == "Calabrese (2024)"
    assert articles.loc["kim", "date"] == pd.Timestamp("2025-08-08")


def test_the_live_bibliography_dates_both_seed_articles():
    from helpers.analysis import seed_articles
    from helpers.data import load

    articles = seed_articles(load("sources"))
    assert articles["date"].notna().all(), "references.bib needs a date = {YYYY-MM-DD} for each source article"
    assert (articles["date"].dt.year.astype(str) == articles["label"].str[-5:-1]).all()


def test_trade_sources_disagree_beyond_half_a_million_euro():
    from helpers.analysis import trade_disagreements

    trade = pd.DataFrame({"year": [2010, 2010, 2011, 2011, 2012],
                          "total_eur_m": [10.0, 10.4, 20.0, 21.0, None]})
    assert trade_disagreements(trade).to_dict() == {2010: False, 2011: True}


def test_years_without_decision_are_the_figures_gaps():
    from helpers.analysis import years_without_decision

    assistance = pd.DataFrame({
        "kind": ["decision", "decision", "cumulative-total", "decision"],
        "amount_eur_m": [1.0, 0.0, 50.0, 2.0],
        "date": pd.to_datetime(["2001-05-01", "2002-05-01", "2003-05-01", "2004-05-01"]),
    })
    assert years_without_decision(assistance, 2000, 2005) == [2000, 2002, 2003, 2005]
