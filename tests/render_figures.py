"""Draw every figure of the book from the live data, and render its HTML tables, then print
a SHA-256 digest of each as JSON. `tests/test_determinism.py` runs this in two fresh
interpreters with different hash seeds and compares the digests.

Run alone: `PYTHONPATH=src python tests/render_figures.py`.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from helpers import figures, load, sources  # noqa: E402
from helpers.analysis import (SCORECARD_TABLES, indicator_series, list_totals_long,  # noqa: E402
                              presence_in_pyongyang, scorecard, scorecard_cells, state_order, verdict_counts)
from helpers.data import REPO_ROOT, DataPackage, covered_years  # noqa: E402
from helpers.style import SAVE_KWARGS, new_figure, new_figures, table, use_house_style  # noqa: E402
from helpers.timeline import phase_spans, plot_timeline  # noqa: E402
from helpers.widgets import PRESETS, ClaimsExplorer, IndicatorExplorer, TimelineExplorer  # noqa: E402


def one(draw, size=(8, 4.5)):
    def make():
        fig, ax = new_figure(*size)
        draw(ax)
        return fig
    return make


def grid(rows, cols, draw, size=(8, 4.5), **kwargs):
    def make():
        fig, axes = new_figures(rows, cols, *size, **kwargs)
        draw(axes)
        return fig
    return make


def card():
    return scorecard(load("events"), load("nuclear_tests"), load("missile_launches"), load("un_resolutions"),
                     load("eu_listing_events"), covered_years(SCORECARD_TABLES))


def presence(ax):
    relations = load("diplomatic_relations")
    spans = presence_in_pyongyang(relations, pd.Timestamp("2025-12-31"))
    figures.plot_presence(ax, spans, relations, state_order(relations), 1948)


def source_mix(ax):
    package = DataPackage()
    classes = sources.class_of(sources.classify(package.load("sources"), package.load("source_domains")))
    shares = sources.class_shares(sources.occurrences(sources.book_citations(REPO_ROOT), classes))
    figures.plot_source_mix(ax, shares, sources.CLASS_LABELS)


def claims(ax):
    figures.plot_claims_summary(ax, verdict_counts(load("seed_claims")))


MILESTONES = pd.DataFrame({"date": pd.to_datetime(["2006-11-20", "2016-05-27"]), "label": ["first", "second"]})

FIGURES = {
    "timeline": one(lambda ax: plot_timeline(ax, load("events"), phase_spans(load("events"))), (10, 6.5)),
    "magnitudes": one(lambda ax: figures.plot_test_magnitudes(ax, load("nuclear_tests"))),
    "launches and acts": grid(2, 1, lambda axes: (figures.plot_launches_and_tests(axes[0], load("missile_launches"), load("nuclear_tests")),
                                                  figures.plot_sanction_acts(axes[1], load("un_resolutions"), load("eu_measures"))), sharex=True),
    "ratchet": one(lambda ax: figures.plot_ratchet(ax, load("un_resolutions"), load("eu_measures"), pd.Timestamp("2025-12-31"))),
    "list totals": one(lambda ax: figures.plot_list_totals(ax, list_totals_long(load("eu_list_totals")))),
    "crypto": one(lambda ax: figures.plot_crypto_theft(ax, load("crypto_theft"))),
    "support": grid(2, 2, lambda axes: figures.plot_support_estimates(axes.flat, load("russia_support")), (10, 7)),
    "scorecard": grid(3, 4, lambda axes: figures.plot_scorecard(axes, card()), (11, 8.5)),
    "trade": one(lambda ax: figures.plot_trade(ax, load("eu_trade"), MILESTONES)),
    "assistance": grid(2, 1, lambda axes: figures.plot_assistance(axes, load("eu_assistance"), 1995, 2024), sharex=True),
    "claims": one(claims, (9, 3.2)),
    "coverage": one(lambda ax: figures.plot_coverage(ax, DataPackage().coverage()), (8, 5.5)),
    "presence": one(presence, (10, 14)),
    "source mix": one(source_mix, (10, 10)),
}

def explorers() -> dict:
    """The three explorers of the explore page, built once from the live data."""
    if not _EXPLORERS:
        events = load("events")
        series = indicator_series(load("missile_launches"), load("nuclear_tests"), load("eu_trade"),
                                  load("eu_assistance"), load("crypto_theft"), load("russia_support"))
        for explorer in (TimelineExplorer(events, phase_spans(events)), IndicatorExplorer(series, events),
                         ClaimsExplorer(load("seed_claims"))):
            _EXPLORERS[explorer.kind] = explorer
    return _EXPLORERS


_EXPLORERS: dict = {}


def preset(kind: str, key: str):
    return lambda: explorers()[kind].apply_preset(key)


# The explore page's preset views (helpers.widgets.PRESETS), each drawn by its explorer.
FIGURES.update({f"explore {kind} {p.key}": preset(kind, p.key) for kind, presets in PRESETS.items() for p in presets})

TABLES = {
    "scorecard table": lambda: table(scorecard_cells(card())).to_html(),
    "claims table": lambda: table(load("seed_claims")[["id", "verdict", "claim"]]).to_html(),
}


def digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def render(names=None) -> dict[str, str]:
    import matplotlib.pyplot as plt

    use_house_style()
    out = {}
    for name, make in FIGURES.items():
        if names and name not in names:
            continue
        fig = make()
        buffer = io.BytesIO()
        fig.savefig(buffer, format="svg", **SAVE_KWARGS)
        plt.close(fig)
        svg = buffer.getvalue()
        if b"<dc:date>" in svg:
            raise SystemExit(f"{name}: the SVG carries a timestamp")
        out[name] = digest(svg)
    for name, make in TABLES.items():
        if not names or name in names:
            out[name] = digest(make().encode())
    return out


if __name__ == "__main__":
    print(json.dumps(render(sys.argv[1:] or None), sort_keys=True))
