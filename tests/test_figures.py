"""Figure functions draw on the Axes they are given, return it, and never show it."""

import io

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.figures import (
    plot_coverage,
    plot_launches_and_tests,
    plot_ratchet,
    plot_sanction_acts,
    plot_test_magnitudes,
)
from helpers.style import SAVE_KWARGS, add_source_line, new_figure, table, use_house_style

matplotlib.use("Agg")

TESTS = pd.DataFrame(
    {
        "test_no": pd.array([1, 2], dtype="Int64"),
        "date": pd.to_datetime(["2006-10-09", "2009-05-25"]),
        "magnitude_usgs": pd.array([4.3, 4.7], dtype="Float64"),
        "magnitude_ctbto": pd.array([4.0, None], dtype="Float64"),
    }
)
COVERAGE = pd.DataFrame(
    {
        "table": ["events", "claims"],
        "rows": [3, 5],
        "first_year": pd.array([2001, None], dtype="Int64"),
        "last_year": pd.array([2015, None], dtype="Int64"),
    }
)


@pytest.fixture(autouse=True)
def no_show(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("figure functions must not call show()")

    monkeypatch.setattr(plt, "show", refuse)
    yield
    plt.close("all")


def test_magnitudes_leave_a_missing_value_out():
    fig, ax = new_figure()
    assert plot_test_magnitudes(ax, TESTS) is ax
    usgs, ctbto = ax.get_lines()
    assert len(usgs.get_xdata()) == 2
    assert len(ctbto.get_xdata()) == 1, "a missing CTBTO magnitude must not be drawn"
    assert ax.get_ylabel() == "Body-wave magnitude (mb)"


def test_coverage_draws_one_bar_per_dated_table():
    fig, ax = new_figure()
    assert plot_coverage(ax, COVERAGE) is ax
    bars = ax.patches
    assert len(bars) == 1
    assert (bars[0].get_x(), bars[0].get_width()) == (2001, 15)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["claims", "events"]


def svg_bytes() -> bytes:
    use_house_style()
    fig, ax = new_figure()
    plot_test_magnitudes(ax, TESTS)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", **SAVE_KWARGS)
    return buffer.getvalue()


def test_svg_output_is_byte_identical_across_runs():
    assert svg_bytes() == svg_bytes()


def test_source_line_gets_its_own_strip_below_the_axes():
    fig, ax = new_figure()
    ax.set_xlabel("Date of test")
    add_source_line(ax, "somewhere")
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    label = ax.xaxis.label.get_window_extent(renderer)
    source = fig.texts[-1].get_window_extent(renderer)
    assert source.y1 <= label.y0, "the source line overlaps the x-axis label"


def test_table_shows_gaps_and_hides_the_index():
    html = table(pd.DataFrame({"a": [1.0, None]}), na_rep="not published", a="{:.1f}").to_html()
    assert "not published" in html and "1.0" in html
    assert 'class="row_heading' not in html


LAUNCHES = pd.DataFrame({"year": pd.array([2005, 2006, 2007], dtype="Int64"),
                         "missiles_cns": pd.array([0, 7, 0], dtype="Int64")})
RESOLUTIONS = pd.DataFrame({"date": pd.to_datetime(["2006-10-14", "2010-06-07"]),
                            "category": ["sanctions", "panel-mandate"]})
MEASURES = pd.DataFrame({"date": pd.to_datetime(["2006-11-20", "2013-02-18", "2020-07-30"]),
                         "kind": ["un-transposition", "autonomous", "cyber"]})


def test_a_year_without_launches_is_an_empty_bar_not_a_gap():
    fig, ax = new_figure()
    plot_launches_and_tests(ax, LAUNCHES, TESTS)
    heights = [bar.get_height() for bar in ax.patches]
    assert heights == [0, 7, 0]


def test_ratchet_counts_only_sanctions_resolutions_and_ends_at_the_end_date():
    fig, ax = new_figure()
    plot_ratchet(ax, RESOLUTIONS, MEASURES, end="2025-12-31")
    un_line = ax.get_lines()[-1]
    assert max(un_line.get_ydata()) == 1, "a panel renewal is not a sanctions resolution"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == [
        "EU: transposing UN measures", "EU: autonomous measures", "EU: cyber regime", "UN sanctions resolutions"]
    top_layer = ax.collections[-1].get_paths()[0].vertices
    assert top_layer[:, 1].max() == 3


def test_sanction_acts_get_one_row_per_kind_present():
    fig, ax = new_figure()
    plot_sanction_acts(ax, RESOLUTIONS, MEASURES)
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "EU: cyber regime", "EU: autonomous measures", "EU: transposing UN measures", "UN sanctions resolutions"]


def test_crypto_revision_is_an_arrow_and_a_single_estimate_is_a_plain_marker():
    from helpers.figures import plot_crypto_theft

    theft = pd.DataFrame({
        "year": pd.array([2023, 2023, 2022, 2022], dtype="Int64"),
        "estimator": ["chainalysis", "chainalysis", "trm-labs", "un-panel-of-experts"],
        "published": pd.to_datetime(["2024-01-24", "2024-12-19", "2023-08-01", "2023-02-07"]),
        "value_usd_m": pd.array([1000, 660.5, 800, 630], dtype="Float64"),
        "value_high_usd_m": pd.array([None, None, None, 1000], dtype="Float64"),
    })
    fig, ax = new_figure()
    plot_crypto_theft(ax, theft)
    arrows = [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None]
    assert len(arrows) == 1, "one revision, one arrow"
    assert len(ax.collections) == 1, "one range, one vertical bar"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["Chainalysis", "TRM Labs", "UN Panel of Experts"]


def test_crypto_figure_repeated_in_a_later_report_is_not_drawn_as_a_revision():
    from helpers.figures import plot_crypto_theft

    theft = pd.DataFrame({
        "year": pd.array([2022, 2022], dtype="Int64"),
        "estimator": ["chainalysis", "chainalysis"],
        "published": pd.to_datetime(["2023-02-01", "2023-09-14"]),
        "value_usd_m": pd.array([1650, 1650], dtype="Float64"),
        "value_high_usd_m": pd.array([None, None], dtype="Float64"),
    })
    fig, ax = new_figure()
    plot_crypto_theft(ax, theft)
    assert not [t for t in ax.texts if getattr(t, "arrow_patch", None) is not None], "no arrow"
    hollow, latest = ax.get_lines()
    assert len(hollow.get_ydata()) == 0 and list(latest.get_ydata()) == [1650], "one filled marker only"


def test_trade_draws_totals_only_where_no_split_was_given():
    from helpers.figures import plot_trade

    trade = pd.DataFrame({
        "year": pd.array([2010, 2010, 2011], dtype="Int64"),
        "exports_eur_m": pd.array([70, None, None], dtype="Float64"),
        "imports_eur_m": pd.array([104, None, None], dtype="Float64"),
        "total_eur_m": pd.array([177, 167, 159], dtype="Float64"),
    })
    fig, ax = new_figure()
    plot_trade(ax, trade, pd.DataFrame({"date": pd.to_datetime(["2010-06-01"]), "label": ["x"]}))
    exports, imports, totals = ax.get_lines()[:3]
    assert list(totals.get_ydata()) == [167, 159]
    assert ax.get_yscale() == "log"


def test_assistance_hatches_gap_years_and_skips_zero_amounts():
    from helpers.figures import plot_assistance

    aid = pd.DataFrame({
        "date": pd.to_datetime(["1997-05-23", "1999-01-01", "2001-01-01"]),
        "kind": ["decision", "decision", "cumulative-total"],
        "instrument": [("food aid",), ("KEDO contribution",), ("ECHO humanitarian aid",)],
        "amount_eur_m": pd.array([46.3, 0, 38], dtype="Float64"),
        "period_start": pd.to_datetime([None, None, "1995-01-01"]),
        "period_end": pd.to_datetime([None, None, "2000-12-31"]),
    })
    with matplotlib.rc_context():
        fig, axes = plt.subplots(2, 1)
    top, bottom = plot_assistance(axes, aid, 1996, 2000)
    hatched = [p for p in top.patches if p.get_hatch()]
    assert len(hatched) == 4, "1996, 1998, 1999 and 2000 have no decision with an amount"
    assert [t.get_text() for t in top.get_legend().get_texts()] == ["food aid"], "a zero amount is not drawn"
    assert len(bottom.collections) >= 1, "a total is drawn over its period"


def test_support_estimates_mark_lower_bounds_and_skip_statements_without_numbers():
    from helpers.figures import plot_support_estimates

    support = pd.DataFrame({
        "statement_date": pd.to_datetime(["2022-09-06", "2024-02-23", "2024-09-04"]),
        "country": ["United States"] * 3,
        "metric": ["containers"] * 3,
        "value": pd.array([None, 10000, 16500], dtype="Float64"),
        "lower_bound": pd.array([False, True, True], dtype="boolean"),
    })
    with matplotlib.rc_context():
        fig, axes = plt.subplots(2, 2)
    plot_support_estimates(axes.flat, support)
    lines = axes.flat[0].get_lines()
    points = {line.get_marker(): len(line.get_xdata()) for line in lines if len(line.get_xdata())}
    assert points == {"^": 2}, "two lower bounds as triangles; the statement without a number is left out"


def test_scorecard_switches_off_unused_panels():
    from helpers.figures import plot_scorecard

    card = pd.DataFrame({
        "objective": ["A", "A", "B", "B"],
        "indicator": ["x", "x", "y", "y"],
        "period": pd.Categorical(["p1", "p2", "p1", "p2"], categories=["p1", "p2"]),
        "per_year": [1.0, 2.0, float("nan"), 3.0],
        "measures": ["input", "input", "outcome", "outcome"],
        "covered": [None, None, None, (2020, 2021)],
    })
    with matplotlib.rc_context():
        fig, axes = plt.subplots(2, 2)
    used = plot_scorecard(axes, card)
    assert len(used) == 2
    assert not axes[0, 1].axison and not axes[1, 1].axison
    assert [b.get_height() for b in axes[1, 0].patches] == [0.0, 3.0]
    assert [t.get_text() for t in axes[1, 0].texts] == ["no data"], "a gap is labelled, not drawn as zero"
    assert [t.get_text() for t in axes[1, 0].get_xticklabels()] == ["p1", "p2*"], "partial coverage is marked"
    assert [axes[1, 0].get_title(loc) for loc in ("left", "center", "right") if axes[1, 0].get_title(loc)] \
        == ["y\n(outcome)"], "the title says what the indicator measures"


def test_claims_summary_labels_each_segment_with_its_count():
    from helpers.figures import plot_claims_summary

    counts = pd.DataFrame({"corroborated": [3, 2], "imprecise": [1, 0], "unverified": [0, 1]}, index=["A", "B"])
    fig, ax = new_figure()
    plot_claims_summary(ax, counts)
    labels = [t.get_text() for t in ax.texts if t.get_text()]
    assert sorted(labels) == ["1", "1", "2", "3"]


def test_table_html_is_the_same_every_time():
    frame = pd.DataFrame({"a": [1.5, None], "b": ["x", "y"]})
    assert table(frame).to_html() == table(frame).to_html()


def test_presence_hatches_an_undated_opening_and_marks_acts():
    from helpers.analysis import presence_in_pyongyang
    from helpers.figures import plot_presence

    rel = pd.DataFrame({"id": ["a", "b", "c", "d"], "state": ["Romania", "Spain", "Spain", "Romania"],
                        "code": ["RO", "ES", "ES", "RO"],
                        "date": pd.to_datetime(["2021-10-01", "2001-02-07", "2017-09-18", "1948-11-03"]),
                        "act": ["embassy-suspended", "relations-established", "dprk-diplomat-expelled",
                                "relations-established"]})
    spans = presence_in_pyongyang(rel, pd.Timestamp("2025-12-31"))
    fig, ax = new_figure()
    plot_presence(ax, spans, rel, ["Romania", "Spain"], 1948)
    bars = [p for p in ax.patches]
    assert len(bars) == 1 and bars[0].get_hatch() == "//", "an opening the record does not date is hatched"
    assert [t.get_text() for t in ax.get_yticklabels()] == ["Romania", "Spain"]
    labels = [t.get_text() for t in fig.legends[0].get_texts()]
    assert "DPRK diplomat expelled" in labels and "Resident embassy in Pyongyang, opening not dated" in labels
