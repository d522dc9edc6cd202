"""The explorers, driven as a teacher would: change a control, and data and figure follow."""

import matplotlib
import pandas as pd
import pytest

from helpers.analysis import indicator_series
from helpers.data import load
from helpers.timeline import phase_spans
from helpers.widgets import ClaimsExplorer, IndicatorExplorer, TimelineExplorer, binder_url

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def events():
    return load("events")


def ticks(fig) -> int:
    return sum(len(line.get_xdata()) for line in fig.axes[0].get_lines() if line.get_marker() == "|")


def test_timeline_explorer_filters_by_track_and_redraws(events):
    explorer = TimelineExplorer(events, phase_spans(events))
    everything, before = len(explorer.filtered), explorer.fig
    assert everything == len(events) and ticks(before) == len(events)
    explorer.tracks.value = ("sanctions",)
    assert set(explorer.filtered["track"]) == {"sanctions"}
    assert explorer.fig is not before and ticks(explorer.fig) == len(explorer.filtered) < everything


def test_timeline_explorer_combines_years_actor_and_text(events):
    explorer = TimelineExplorer(events, phase_spans(events))
    explorer.years.value = (2001, 2001)
    explorer.actor.value = "EU"
    assert (explorer.filtered["date"].dt.year == 2001).all()
    assert explorer.filtered["actors"].map(lambda a: "EU" in a).all()
    explorer.text.value = "diplomatic relations"
    assert len(explorer.filtered) >= 1
    assert explorer.filtered["summary"].str.contains("diplomatic relations", case=False).all()
    explorer.text.value = "no event says this"
    assert explorer.filtered.empty and ticks(explorer.fig) == 0


def test_indicator_explorer_overlays_a_second_series_and_event_lines(events):
    series = indicator_series(load("missile_launches"), load("nuclear_tests"), load("eu_trade"),
                              load("eu_assistance"), load("crypto_theft"), load("russia_support"))
    explorer = IndicatorExplorer(series, events)
    assert set(explorer.filtered["indicator"]) == {"Missiles launched per year (CNS)"}
    assert len(explorer.fig.axes) == 1
    explorer.second.value = "EU-DPRK trade, million EUR (each source)"
    assert explorer.filtered["indicator"].nunique() == 2 and len(explorer.fig.axes) == 2
    lines_before = len(explorer.fig.axes[0].get_lines())
    explorer.tracks.value = ("sanctions", "dprk-russia")
    assert len(explorer.fig.axes[0].get_lines()) > lines_before


def test_indicator_series_never_average_disagreeing_sources():
    trade = pd.DataFrame({"year": pd.array([2012, 2012], dtype="Int64"), "total_eur_m": [69.0, 92.0]})
    launches = pd.DataFrame({"year": pd.array([2012, 2013], dtype="Int64"), "missiles_cns": pd.array([2, 6], dtype="Int64")})
    empty = pd.DataFrame({"date": pd.to_datetime([]), "kind": [], "amount_eur_m": []})
    theft = pd.DataFrame({"year": [2022], "estimator": ["chainalysis"], "published": pd.to_datetime(["2023-02-01"]),
                          "value_usd_m": [1700.0]})
    support = pd.DataFrame({"statement_date": pd.to_datetime([]), "metric": [], "value": []})
    tests = pd.DataFrame({"date": pd.to_datetime(["2013-02-12"])})
    series = indicator_series(launches, tests, trade, empty, theft, support)
    assert series["EU-DPRK trade, million EUR (each source)"]["value"].tolist() == [69.0, 92.0]
    assert series["Nuclear tests per year"]["value"].tolist() == [0.0, 1.0], "a year without a test is zero"


def test_claims_explorer_filters_by_verdict_article_and_topic():
    explorer = ClaimsExplorer(load("seed_claims"))
    explorer.verdicts.value = ("contradicted",)
    assert set(explorer.filtered["verdict"]) == {"contradicted"}
    explorer.article.value = "kim"
    assert explorer.filtered.empty
    assert explorer.fig.axes[0].texts[0].get_text() == "No claim matches"
    explorer.article.value = "calabrese"
    explorer.verdicts.value = ("imprecise", "unverified")
    explorer.topic.value = "dprk-russia"
    assert len(explorer.filtered) > 0 and set(explorer.filtered["topic"]) == {"dprk-russia"}


def test_binder_url_comes_from_the_config():
    url = binder_url("chapters/explore.ipynb")
    assert url.startswith("https://mybinder.org/v2/gh/") and url.endswith("?urlpath=lab/tree/chapters/explore.ipynb")
