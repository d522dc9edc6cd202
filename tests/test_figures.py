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
