"""Figures are deterministic: drawing one twice from the live data gives the same SVG bytes.

(The built site names each image by a hash of its content, so identical bytes
also mean identical file names across builds.)
"""

import io

import matplotlib
import matplotlib.pyplot as plt
import pandas as pd
import pytest

from helpers import figures, load
from helpers.analysis import SCORECARD_TABLES, list_totals_long, scorecard
from helpers.data import covered_years
from helpers.style import SAVE_KWARGS, new_figure, use_house_style
from helpers.timeline import phase_spans, plot_timeline

matplotlib.use("Agg")


def one_axes(draw):
    def make():
        fig, ax = new_figure()
        draw(ax)
        return fig
    return make


def grid(rows, cols, draw):
    def make():
        fig, axes = plt.subplots(rows, cols, layout="constrained")
        draw(axes)
        return fig
    return make


FIGURES = {
    "timeline": one_axes(lambda ax: plot_timeline(ax, load("events"), phase_spans(load("events")))),
    "magnitudes": one_axes(lambda ax: figures.plot_test_magnitudes(ax, load("nuclear_tests"))),
    "launches": one_axes(lambda ax: figures.plot_launches_and_tests(ax, load("missile_launches"), load("nuclear_tests"))),
    "ratchet": one_axes(lambda ax: figures.plot_ratchet(ax, load("un_resolutions"), load("eu_measures"), pd.Timestamp("2025-12-31"))),
    "list totals": one_axes(lambda ax: figures.plot_list_totals(ax, list_totals_long(load("eu_list_totals")))),
    "crypto": one_axes(lambda ax: figures.plot_crypto_theft(ax, load("crypto_theft"))),
    "support": grid(2, 2, lambda axes: figures.plot_support_estimates(axes.flat, load("russia_support"))),
    "scorecard": grid(3, 4, lambda axes: figures.plot_scorecard(axes, scorecard(
        load("events"), load("nuclear_tests"), load("missile_launches"), load("un_resolutions"), load("eu_listing_events"),
        covered_years(SCORECARD_TABLES)))),
}


def svg(make) -> bytes:
    use_house_style()
    fig = make()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="svg", **SAVE_KWARGS)
    plt.close(fig)
    return buffer.getvalue()


@pytest.mark.parametrize("name", FIGURES)
def test_figure_is_byte_identical_when_drawn_twice(name):
    first, second = svg(FIGURES[name]), svg(FIGURES[name])
    assert first == second
    assert b"<dc:date>" not in first, "SVG metadata must not carry a timestamp"
