"""Figure functions draw on the Axes they are given, return it, and never show it."""

import io

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers.figures import plot_coverage, plot_test_magnitudes
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
    source = ax.texts[-1].get_window_extent(renderer)
    assert source.y1 <= label.y0, "the source line overlaps the x-axis label"


def test_table_shows_gaps_and_hides_the_index():
    html = table(pd.DataFrame({"a": [1.0, None]}), na_rep="not published", a="{:.1f}").to_html()
    assert "not published" in html and "1.0" in html
    assert 'class="row_heading' not in html
