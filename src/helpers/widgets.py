"""Interactive explorers for teaching on Binder, built from the book's own figure functions.

Each explorer keeps its state in plain attributes (``filtered``, ``fig``), so the
same object draws the static figures of the HTML book, runs live in JupyterLab, and
can be driven from pytest by setting a control's ``value``.

The web book has no kernel, so it shows each explorer at a few preset settings
(:data:`PRESETS`). A preset is nothing but values for the explorer's controls:
:meth:`_Explorer.apply_preset` sets them and the explorer redraws as it does for a
reader, so a preset's figure is the widget's figure at those settings, and in
JupyterLab the same call moves the live controls to the preset.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import matplotlib.pyplot as plt
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
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
NONE = "(none)"


@dataclass(frozen=True)
class Preset:
    """One view of an explorer for the web book: a key (for glue and figure names), a
    short label (its tab) and values for the explorer's controls, by control name;
    a control not named keeps its default."""

    key: str
    label: str
    settings: Mapping[str, object] = field(default_factory=dict)

    def __post_init__(self):
        object.__setattr__(self, "settings", MappingProxyType(dict(self.settings)))


#: The preset views of each explorer, by explorer kind, the first one its default view.
#: Each teaches one thing about European policy; the explore page says what, with the
#: numbers glued from the preset's own filtered data.
PRESETS: dict[str, tuple[Preset, ...]] = {
    "timeline": (
        Preset("all", "Whole record"),
        Preset("eu", "EU as actor", {"actor": "EU"}),
        Preset("kedo", "KEDO", {"text": "KEDO"}),
        Preset("human-rights", "Human rights", {"tracks": ("human-rights",)}),
        Preset("sanctions", "Sanctions era", {"tracks": ("non-proliferation", "sanctions"), "years": (2006, 2025)}),
        Preset("russia", "Russia axis", {"tracks": ("dprk-russia", "europe-indo-pacific"), "years": (2020, 2025)}),
    ),
    "indicators": (
        Preset("launches", "Launches"),
        Preset("tests", "Nuclear tests", {"first": "Nuclear tests per year"}),
        Preset("trade", "Trade", {"first": "EU-DPRK trade, million EUR (each source)",
                                  "second": "Missiles launched per year (CNS)", "tracks": ()}),
        Preset("aid", "Aid", {"first": "EU aid decisions, million EUR", "tracks": ("humanitarian",)}),
        Preset("russia", "Russia", {"first": "Containers sent to Russia (estimates)", "tracks": ("dprk-russia",)}),
    ),
    "claims": (
        Preset("all", "All claims"),
        Preset("engagement", "Engagement history", {"topic": "engagement-history"}),
        Preset("europe", "Europe's response", {"topic": "europe-response"}),
        Preset("indo-pacific", "Indo-Pacific", {"topic": "indo-pacific"}),
        Preset("doubtful", "Not corroborated", {"verdicts": ("imprecise", "contradicted", "unverified")}),
    ),
}


def binder_url(notebook: str) -> str:
    """The Binder address that opens ``notebook`` in JupyterLab, from ``repository`` in _config.yml."""
    config = yaml.safe_load((REPO_ROOT / "_config.yml").read_text(encoding="utf-8"))
    repo = config["repository"]["url"].removeprefix("https://github.com/").strip("/")
    branch = config["repository"].get("branch", "main")
    hub = config.get("launch_buttons", {}).get("binderhub_url", "https://mybinder.org").rstrip("/")
    return f"{hub}/v2/gh/{repo}/{branch}?urlpath=lab/tree/{notebook}"


@dataclass(frozen=True)
class PresetView:
    """What the web book shows of one preset: its figure, its settings in words (for the
    caption) and the data the explorer filtered (for the numbers quoted beside it)."""

    preset: Preset
    fig: Figure
    settings: str
    filtered: pd.DataFrame


class _Explorer:
    """Shared machinery: a figure and a table that redraw whenever a control changes.

    ``controls`` maps a name (the key of a preset's settings) to each control; their
    values at construction are the defaults that a preset leaves unnamed.
    """

    kind: str  # the key of the explorer's presets in PRESETS

    def __init__(self, layout: list, controls: dict[str, object]):
        self.layout = layout
        self.controls = controls
        self.defaults = {name: control.value for name, control in controls.items()}
        self.fig = None
        self.figure_out = Output()
        self.table_out = Output()
        self._holding = False
        self._quiet = False
        for control in controls.values():
            control.observe(lambda change: self.update(), names="value")
        self.update()

    @property
    def presets(self) -> tuple[Preset, ...]:
        return PRESETS[self.kind]

    def apply(self, settings: Mapping[str, object]) -> Figure:
        """Set every control: to its value in ``settings``, or else to its default; redraw
        once, as the reader's own changes would, and return the figure.

        A value that a control refuses raises ``TraitError``; one that it would quietly
        change (a year range beyond the data is clamped to it) raises ``ValueError``. Either
        way the figure and data are redrawn for what the controls then show.
        """
        unknown = sorted(set(settings) - set(self.controls))
        if unknown:
            raise KeyError(f"{type(self).__name__} has no control {unknown}; it has {sorted(self.controls)}")
        before = {name: control.value for name, control in self.controls.items()}
        self._holding = True
        try:
            for name, control in self.controls.items():
                value = settings.get(name, self.defaults[name])
                if isinstance(control, SelectMultiple):  # in the order of the options, whatever order is given
                    order = [v for _, v in _options(control)]
                    value = tuple(sorted(value, key=lambda v: order.index(v) if v in order else len(order)))
                control.value = value
                if control.value != value:
                    raise ValueError(f"{type(self).__name__}: {name} would show {control.value!r}, not {value!r}")
        finally:
            self._holding = False
            # As for a reader: setting a control to the value it has changes nothing.
            if any(control.value != before[name] for name, control in self.controls.items()):
                self.update()
        return self.fig

    def apply_preset(self, key: str) -> Figure:
        """Set the controls to the preset ``key`` of this explorer (see PRESETS) and return the figure."""
        presets = {preset.key: preset for preset in self.presets}
        if key not in presets:
            raise KeyError(f"no {self.kind} preset {key!r}; there are {list(presets)}")
        return self.apply(presets[key].settings)

    def preset_views(self) -> dict[str, PresetView]:
        """Each preset's figure, settings in words and filtered data, by preset key; the
        controls go back to their defaults afterwards, ready for a reader.

        The presets are drawn without filling the live figure and table (rendering each
        figure and table for outputs nobody sees would double the time); only the
        default view, restored last, is shown there."""
        views = {}
        self._quiet = True
        try:
            for preset in self.presets:
                fig = self.apply_preset(preset.key)
                views[preset.key] = PresetView(preset, fig, self.describe(), self.filtered)
        finally:
            self._quiet = False
            self.apply({})
        return views

    def describe(self) -> str:
        """The current settings in words, control by control, for a figure's caption:
        ``tracks: all; years: 1994–2025; actor: EU; search: none``."""
        return "; ".join(f"{control.description.lower()}: {_shown(control)}" for control in self.controls.values())

    def update(self) -> None:
        if self._holding:
            return
        self.filtered = self.filter()
        self.fig = self.draw(self.filtered)
        plt.close(self.fig)  # shown only where asked for, never by the inline backend at cell end
        if get_ipython() is None or self._quiet:  # plain Python (tests), or views for the book only
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


def _options(control) -> list[tuple[str, object]]:
    """A selection control's options as (label, value) pairs."""
    return [option if isinstance(option, tuple) else (str(option), option) for option in control.options]


def _shown(control) -> str:
    """A control's value as a caption states it."""
    if isinstance(control, SelectMultiple):
        if set(control.value) == {value for _, value in _options(control)}:
            return "all"
        return ", ".join(label for label, value in _options(control) if value in control.value) or "none"
    if isinstance(control, IntRangeSlider):
        start, end = control.value
        return f"{start}–{end}" if start != end else str(start)
    if isinstance(control, Text):
        return f"“{control.value.strip()}”" if control.value.strip() else "none"
    return {ANY: "any", NONE: "none"}.get(control.label, control.label)


class TimelineExplorer(_Explorer):
    """Filter the events by track, years, actor and free text; each event shows its sources."""

    kind = "timeline"

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
                         {"tracks": self.tracks, "years": self.years, "actor": self.actor, "text": self.text})

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

    kind = "indicators"

    def __init__(self, indicators: dict[str, pd.DataFrame], events: pd.DataFrame):
        self.indicators, self.events = indicators, events
        names = list(indicators)
        self.first = Dropdown(options=names, value=names[0], description="Indicator")
        self.second = Dropdown(options=[NONE, *names], value=NONE, description="Second")
        self.tracks = SelectMultiple(options=[(label, key) for key, label in TRACKS.items()], value=("sanctions",),
                                     description="Events", rows=8)
        super().__init__([VBox([self.first, self.second]), self.tracks],
                         {"first": self.first, "second": self.second, "tracks": self.tracks})

    def filter(self) -> pd.DataFrame:
        chosen = [self.first.value] + ([self.second.value] if self.second.value != NONE else [])
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
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # whole years, also on a short span
        ax.set_xlabel("Year (vertical lines: events of the chosen tracks)")
        return fig

    def table(self, data: pd.DataFrame):
        return table(data[["indicator", "x", "value"]].rename(columns={"x": "year"}).head(80),
                     year="{:.1f}", value="{:,.1f}")


class ClaimsExplorer(_Explorer):
    """Filter the claims ledger by article, verdict and topic."""

    kind = "claims"

    def __init__(self, claims: pd.DataFrame):
        self.claims = claims
        self.article = Dropdown(options=[ANY, "calabrese", "kim"], value=ANY, description="Article")
        self.verdicts = SelectMultiple(options=list(VERDICT_COLOURS), value=tuple(VERDICT_COLOURS),
                                       description="Verdicts", rows=4)
        self.topic = Dropdown(options=[ANY, *claims["topic"].cat.categories], value=ANY, description="Topic")
        super().__init__([VBox([self.article, self.topic]), self.verdicts],
                         {"article": self.article, "verdicts": self.verdicts, "topic": self.topic})

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
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))  # claims are counted, never halved
        return fig

    def table(self, claims: pd.DataFrame):
        return table(claims[["id", "topic", "claim", "value_claimed", "verdict", "evidence"]])


def static_note(notebook: str) -> HTML:
    """The note that stands in for a live explorer in the HTML book, with a Binder link."""
    return HTML(
        '<div class="admonition note"><p class="admonition-title">Interactive version</p>'
        "<p>The figures on this page show each explorer at a few preset settings, stated in each "
        "caption. To choose your own, "
        f'<a href="{binder_url(notebook)}">open this page on Binder</a> (it takes a minute or two '
        "to start) or run it locally with <code>make lab</code>.</p></div>"
    )


