"""Interactive explorers for teaching on Binder, built from the book's own figure functions.

Each explorer keeps its state in plain attributes (``filtered``, ``fig``), so the
same object draws the static default figure for the HTML book, runs live in
JupyterLab, and can be driven from pytest by setting a control's ``value``.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import pandas as pd
import yaml
from IPython import get_ipython
from IPython.display import HTML, display
from ipywidgets import (
    Dropdown,
    IntRangeSlider,
    Layout,
    Output,
    SelectMultiple,
    Text,
    VBox,
    HBox,
)

from helpers.analysis import verdict_counts
from helpers.data import REPO_ROOT
from helpers.figures import VERDICT_COLOURS, plot_claims_summary
from helpers.style import GREY, PALETTE, new_figure, table
from helpers.timeline import TRACK_COLOURS, TRACKS, plot_timeline

ANY = "(any)"


def binder_url(notebook: str) -> str:
    """The Binder address that opens ``notebook`` in JupyterLab, from ``repository`` in _config.yml."""
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]["url"].removeprefix("https://github.com/").strip("/")
    branch = config["repository"].get("branch", "main")
    hub = config.get("launch_buttons", {}).get("binderhub_url", "https://mybinder.org").rstrip("/")
    return f"{hub}/v2/gh/{repo}/{branch}?urlpath=lab/tree/{notebook}"


class _Explorer:
    """Shared machinery: a figure and a table that redraw whenever a control changes."""

    def __init__(self, layout: list, watched: list):
        self.layout = layout
        self.fig = None
        self.figure_out = Output()
        self.table_out = Output()
        for control in watched:
            control.observe(lambda change: self.update(), names="value")
        self.update()

    def update(self) -> None:
        self.filtered = self.filter()
        self.fig = self.draw(self.filtered)
        plt.close(self.fig)  # shown only where asked for, never by the inline backend at cell end
        if get_ipython() is None:  # driven from plain Python (tests): nothing to display
            return
        self.figure_out.clear_output(wait=True)
        self.table_out.clear_output(wait=True)
        with self.figure_out:
            display(self.fig)
        with self.table_out:
            display(self.table(self.filtered))

    def widget(self) -> VBox:
        """The controls above the figure and the matching table, for JupyterLab."""
        return VBox([HBox(self.layout, layout=Layout(flex_flow="row wrap")), self.figure_out, self.table_out])


class TimelineExplorer(_Explorer):
    """Filter the events by track, years, actor and free text; each event shows its sources."""

    def __init__(self, events: pd.DataFrame, spans: pd.DataFrame):
        self.events, self.spans = events, spans
        years = events["date"].dt.year
        actors = sorted({actor for cell in events["actors"] for actor in cell})
        self.tracks = SelectMultiple(options=[(label, key) for key, label in TRACKS.items()],
                                     value=tuple(TRACKS), description="Tracks", rows=8)
        self.years = IntRangeSlider(min=int(years.min()), max=int(years.max()),
                                    value=(int(years.min()), int(years.max())), description="Years")
        self.actor = Dropdown(options=[ANY, *actors], value=ANY, description="Actor")
        self.text = Text(value="", placeholder="word in the summary", description="Search")
        super().__init__([self.tracks, VBox([self.years, self.actor, self.text])],
                         [self.tracks, self.years, self.actor, self.text])

    def filter(self) -> pd.DataFrame:
        events = self.events
        start, end = self.years.value
        keep = events["track"].isin(self.tracks.value) & events["date"].dt.year.between(start, end)
        if self.actor.value != ANY:
            keep &= events["actors"].map(lambda cell: self.actor.value in cell)
        if self.text.value.strip():
            keep &= events["summary"].str.contains(self.text.value.strip(), case=False, regex=False)
        return events[keep]

    def draw(self, events: pd.DataFrame):
        fig, ax = new_figure(10, 6.5)
        plot_timeline(ax, events, self.spans)
        ax.set_title(f"{len(events)} events match", loc="left")
        return fig

    def table(self, events: pd.DataFrame):
        shown = events.assign(sources=events["sources"].map("; ".join))
        return table(shown[["date", "track", "summary", "sources"]].head(60), date="{:%d %b %Y}")


class IndicatorExplorer(_Explorer):
    """Overlay one or two indicators on a shared time axis, with chosen event tracks marked.

    ``indicators`` maps a name to a DataFrame with columns ``x`` (fractional year)
    and ``value``; several rows at one ``x`` are drawn as separate points, so
    disagreeing sources stay visible (see :func:`helpers.analysis.indicator_series`).
    """

    def __init__(self, indicators: dict[str, pd.DataFrame], events: pd.DataFrame):
        self.indicators, self.events = indicators, events
        names = list(indicators)
        self.first = Dropdown(options=names, value=names[0], description="Indicator")
        self.second = Dropdown(options=["(none)", *names], value="(none)", description="Second")
        self.tracks = SelectMultiple(options=[(label, key) for key, label in TRACKS.items()], value=("sanctions",),
                                     description="Events", rows=8)
        super().__init__([VBox([self.first, self.second]), self.tracks], [self.first, self.second, self.tracks])

    def filter(self) -> pd.DataFrame:
        chosen = [self.first.value] + ([self.second.value] if self.second.value != "(none)" else [])
        return pd.concat([self.indicators[name].assign(indicator=name) for name in chosen], ignore_index=True)

    def draw(self, data: pd.DataFrame):
        fig, ax = new_figure(9, 5)
        axes = [ax]
        for i, (name, rows) in enumerate(data.groupby("indicator", sort=False)):
            target = ax if i == 0 else ax.twinx()
            colour = (PALETTE["blue"], PALETTE["orange"])[i]
            style = "o-" if rows["x"].is_unique else "o"
            target.plot(rows["x"], rows["value"].astype(float), style, color=colour, label=name)
            target.set_ylabel(name, color=colour)
            axes.append(target)
        for track in self.tracks.value:
            for date in self.events.loc[self.events["track"] == track, "date"]:
                ax.axvline(date.year + (date.day_of_year - 1) / 365.25, color=TRACK_COLOURS[track], alpha=0.35,
                           linewidth=1)
        ax.set_xlabel("Year (vertical lines: events of the chosen tracks)")
        return fig

    def table(self, data: pd.DataFrame):
        return table(data[["indicator", "x", "value"]].rename(columns={"x": "year"}).head(80),
                     year="{:.1f}", value="{:,.1f}")


class ClaimsExplorer(_Explorer):
    """Filter the claims ledger by article, verdict and topic."""

    def __init__(self, claims: pd.DataFrame):
        self.claims = claims
        self.article = Dropdown(options=[ANY, "calabrese", "kim"], value=ANY, description="Article")
        self.verdicts = SelectMultiple(options=list(VERDICT_COLOURS), value=tuple(VERDICT_COLOURS),
                                       description="Verdicts", rows=4)
        self.topic = Dropdown(options=[ANY, *claims["topic"].cat.categories], value=ANY, description="Topic")
        super().__init__([VBox([self.article, self.topic]), self.verdicts], [self.article, self.topic, self.verdicts])

    def filter(self) -> pd.DataFrame:
        claims = self.claims
        keep = claims["verdict"].isin(self.verdicts.value)
        if self.article.value != ANY:
            keep &= claims["article"] == self.article.value
        if self.topic.value != ANY:
            keep &= claims["topic"] == self.topic.value
        return claims[keep]

    def draw(self, claims: pd.DataFrame):
        fig, ax = new_figure(9, 3)
        counts = verdict_counts(claims)
        if counts.empty or not counts.to_numpy().sum():
            ax.text(0.5, 0.5, "No claim matches", ha="center", va="center", color=GREY, transform=ax.transAxes)
            ax.set_axis_off()
        else:
            plot_claims_summary(ax, counts)
        return fig

    def table(self, claims: pd.DataFrame):
        return table(claims[["id", "topic", "claim", "value_claimed", "verdict", "evidence"]])


def static_note(notebook: str) -> HTML:
    """The note that stands in for a live explorer in the HTML book, with a Binder link."""
    return HTML(
        '<div class="admonition note"><p class="admonition-title">Interactive version</p>'
        "<p>Each figure on this page shows its explorer's default view. To filter and redraw them, "
        f'<a href="{binder_url(notebook)}">open this page on Binder</a> (it takes a minute or two '
        "to start) or run it locally with <code>make lab</code>.</p></div>"
    )


