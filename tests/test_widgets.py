"""The explorers, driven as a teacher would: change a control, and data and figure follow.
And their presets, the views the web book shows: each is the widget at its settings."""

import functools
import io
import json
import re

import matplotlib
import pandas as pd
import pytest
from ipywidgets import SelectMultiple
from traitlets import TraitError

from figure_rules import glue_figures
from helpers.analysis import indicator_series
from helpers.data import REPO_ROOT, load
from helpers.style import SAVE_KWARGS, use_house_style
from helpers.timeline import phase_spans
from helpers.widgets import PRESETS, ClaimsExplorer, IndicatorExplorer, TimelineExplorer, binder_url

matplotlib.use("Agg")
EXPLORE = REPO_ROOT / "chapters" / "explore.ipynb"


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


@functools.cache
def series():
    return indicator_series(load("missile_launches"), load("nuclear_tests"), load("eu_trade"),
                            load("eu_assistance"), load("crypto_theft"), load("russia_support"))


def new_explorer(kind, events):
    """A fresh explorer of ``kind``, as the explore page builds it."""
    return {"timeline": lambda: TimelineExplorer(events, phase_spans(events)),
            "indicators": lambda: IndicatorExplorer(series(), events),
            "claims": lambda: ClaimsExplorer(ledger())}[kind]()


@functools.cache
def ledger():
    return load("seed_claims")


def svg(fig) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", **SAVE_KWARGS)
    return buffer.getvalue()


PRESET_CASES = [(kind, preset) for kind, presets in PRESETS.items() for preset in presets]


@pytest.mark.parametrize("kind, preset", PRESET_CASES, ids=[f"{k}-{p.key}" for k, p in PRESET_CASES])
def test_a_preset_is_the_widget_at_its_settings(events, kind, preset):
    """The preset's figure, drawn with apply_preset, has the same SVG bytes, data and settings
    as a fresh widget whose controls a reader sets one by one (last control first, each
    change redrawing), with multiple choices in the order of the options, as a browser
    sends them."""
    use_house_style()
    shown = new_explorer(kind, events)
    figure = shown.apply_preset(preset.key)
    reader = new_explorer(kind, events)
    for name in reversed(list(preset.settings)):
        control, value = reader.controls[name], preset.settings[name]
        if isinstance(control, SelectMultiple):
            value = tuple(v for _, v in (o if isinstance(o, tuple) else (o, o) for o in control.options) if v in value)
        control.value = value
    assert reader.describe() == shown.describe()
    pd.testing.assert_frame_equal(reader.filtered, shown.filtered)
    assert svg(reader.fig) == svg(figure), f"{kind} preset {preset.key!r} differs from the widget at its settings"


@pytest.mark.parametrize("kind", PRESETS)
def test_presets_are_few_distinct_and_start_from_the_default(events, kind):
    presets = PRESETS[kind]
    assert 4 <= len(presets) <= 6, "four to six preset views per explorer"
    assert not presets[0].settings, "the first preset is the explorer's default view"
    assert len({p.key for p in presets}) == len({p.label for p in presets}) == len(presets)
    explorer = new_explorer(kind, events)
    views = explorer.preset_views()
    settings = [view.settings for view in views.values()]
    assert len(set(settings)) == len(settings), "two presets with the same settings"
    contents = [view.filtered.astype(str).to_csv() for view in views.values()]
    assert len(set(contents)) == len(contents), "two presets that show the same data"
    assert all(len(view.filtered) for view in views.values()), "a preset that shows nothing"
    assert explorer.describe() == views[presets[0].key].settings, "preset_views leaves the controls at their defaults"


def test_apply_refuses_what_a_control_would_not_show(events):
    explorer = TimelineExplorer(events, phase_spans(events))
    with pytest.raises(KeyError, match="no control"):
        explorer.apply({"colour": "red"})
    with pytest.raises(ValueError, match="years"):
        explorer.apply({"years": (1900, 2100)})  # the slider would quietly clamp it to the data
    with pytest.raises(TraitError):
        explorer.apply({"actor": "Atlantis"})
    with pytest.raises(KeyError, match="no timeline preset"):
        explorer.apply_preset("nowhere")


def test_describe_states_every_control_as_the_caption_needs(events):
    explorer = TimelineExplorer(events, phase_spans(events))
    first, last = explorer.years.min, explorer.years.max
    assert explorer.describe() == f"tracks: all; years: {first}–{last}; actor: any; search: none"
    explorer.apply({"tracks": ("sanctions", "diplomacy"), "years": (2016, 2016), "actor": "EU", "text": " KEDO "})
    assert explorer.describe() == "tracks: Diplomacy, Sanctions; years: 2016; actor: EU; search: “KEDO”"
    assert ClaimsExplorer(load("seed_claims")).describe() == "article: any; verdicts: all; topic: any"


def explore_markdown() -> str:
    cells = json.loads(EXPLORE.read_text(encoding="utf-8"))["cells"]
    return "\n".join(c["source"] for c in cells if c["cell_type"] == "markdown")


TAB = re.compile(r"^:::\{tab-item\} (.+)$", re.M)


def test_the_explore_page_shows_every_preset_with_its_settings_in_the_caption():
    """One tab per preset, labelled as declared, holding the preset's glued figure, named
    fig-explore-<kind>-<key>, whose caption pastes the preset's settings in words."""
    text = explore_markdown()
    found = {key: meta["mystnb"]["figure"] for key, meta in glue_figures(text)}
    expected = {f"{kind}-{p.key}": p for kind, presets in PRESETS.items() for p in presets}
    assert set(found) == set(expected), "the page's preset figures and helpers.widgets.PRESETS differ"
    assert TAB.findall(text) == [p.label for p in expected.values()], "tab labels, in order, as PRESETS declares"
    for key, figure in found.items():
        assert figure["name"] == f"fig-explore-{key}", key
        assert f"{{glue:text}}`{key}-settings`" in figure["caption"] and "Source:" in figure["caption"], figure


def test_the_explore_page_keeps_the_widgets_for_jupyterlab_only():
    cells = json.loads(EXPLORE.read_text(encoding="utf-8"))["cells"]
    widgets = [c for c in cells if c["cell_type"] == "code" and c["source"].strip().endswith(".widget()")]
    assert len(widgets) == len(PRESETS)
    assert all("remove-cell" in c["metadata"].get("tags", []) for c in widgets)
