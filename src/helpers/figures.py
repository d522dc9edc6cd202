"""The book's figures: each function draws on an Axes it is given and returns it.

Functions never call ``plt.show()`` and never load data themselves: notebooks
load with :mod:`helpers.data`, pass the tables in, and add caption and alt text.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.dates import DateFormatter, YearLocator
from matplotlib.ticker import FuncFormatter, MultipleLocator

from helpers.analysis import EU_KINDS, HISTORICAL_CODES, aid_decisions, cumulative_counts, decimal_year, distinct_estimates
from helpers.style import CYCLE, GREY, PALETTE

#: Agencies whose magnitudes ``nuclear_tests`` records: column, label, colour, marker.
MAGNITUDE_AGENCIES = (
    ("magnitude_usgs", "US Geological Survey (USGS)", PALETTE["blue"], "o"),
    ("magnitude_ctbto", "CTBTO International Data Centre", PALETTE["orange"], "s"),
)


def plot_test_magnitudes(ax: Axes, tests: pd.DataFrame) -> Axes:
    """Seismic body-wave magnitude of each nuclear test, one marker per agency.

    A missing magnitude is left out rather than drawn as zero, so a gap in the
    record stays visible as a test with one marker instead of two.
    """
    for column, label, colour, marker in MAGNITUDE_AGENCIES:
        known = tests[column].notna()
        ax.plot(
            tests.loc[known, "date"],
            tests.loc[known, column].astype(float),
            linestyle="none",
            marker=marker,
            markersize=8,
            color=colour,
            label=label,
        )
    top = tests[[c for c, *_ in MAGNITUDE_AGENCIES]].max(axis=1).astype(float)
    for date, number, height in zip(tests["date"], tests["test_no"], top):
        ax.annotate(
            f"#{number}",
            (date, height),
            xytext=(0, 9),
            textcoords="offset points",
            ha="center",
            fontsize=10,
            color=GREY,
        )
    ax.set_ylabel("Body-wave magnitude (mb)")
    ax.set_xlabel("Date of test")
    ax.set_ylim(3.5, 7.0)
    ax.xaxis.set_major_locator(YearLocator(2))
    ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    ax.legend(loc="upper left")
    return ax


def plot_coverage(ax: Axes, coverage: pd.DataFrame) -> Axes:
    """The years each table spans, one horizontal bar per table, labelled with its row count.

    Tables without a time field (e.g. the claims ledger) are listed without a bar.
    """
    ordered = coverage.iloc[::-1].reset_index(drop=True)
    for position, row in ordered.iterrows():
        if pd.isna(row["first_year"]):
            ax.annotate("no time field", (0, position), xycoords=("axes fraction", "data"),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=9, color=GREY)
            continue
        start, end = int(row["first_year"]), int(row["last_year"]) + 1
        ax.barh(position, end - start, left=start, height=0.6, color=PALETTE["blue"])
        ax.annotate(f"{row['rows']} rows", (end, position), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9, color=GREY)
    ax.set_yticks(range(len(ordered)), ordered["table"])
    ax.set_xlabel("Years covered (calendar years)")
    ax.grid(axis="x")
    ax.grid(axis="y", visible=False)
    return ax


def plot_launches_and_tests(ax: Axes, launches: pd.DataFrame, tests: pd.DataFrame) -> Axes:
    """Ballistic missiles launched per year (bars) with each nuclear test marked above.

    Years with no launch are drawn as empty bars (height 0) rather than left out,
    so the axis shows that the year was counted.
    """
    ax.bar(launches["year"].astype(int) + 0.5, launches["missiles_cns"].astype(int), width=0.8,
           color=PALETTE["sky_blue"], label="Missiles launched (CNS count)")
    top = int(launches["missiles_cns"].max())
    x = decimal_year(tests["date"])
    ax.plot(x, [top * 1.08] * len(tests), linestyle="none", marker="*", markersize=13,
            color=PALETTE["vermillion"], label="Nuclear test")
    last_at_level: list[float] = []  # a label closer than 1.5 years to the last one on a level goes up
    for xi, number in zip(x, tests["test_no"]):
        level = next((i for i, last in enumerate(last_at_level) if xi - last >= 1.5), len(last_at_level))
        last_at_level[level:level + 1] = [xi]
        ax.annotate(f"#{number}", (xi, top * 1.08), xytext=(0, 8 + 10 * level),
                    textcoords="offset points", ha="center", fontsize=8.5, color=GREY)
    ax.set_ylabel("Missiles launched per year")
    ax.set_ylim(0, top * 1.3)
    ax.legend(loc="upper left")
    return ax


def plot_sanction_acts(ax: Axes, resolutions: pd.DataFrame, measures: pd.DataFrame) -> Axes:
    """One row of markers per kind of act: UN sanctions resolutions, then EU acts by kind."""
    rows = [("UN sanctions resolutions", resolutions.loc[resolutions["category"] == "sanctions", "date"])]
    rows += [(label, measures.loc[measures["kind"] == kind, "date"]) for kind, label in EU_KINDS.items()]
    rows = [(label, dates) for label, dates in rows if len(dates)]
    colours = [PALETTE["black"], *CYCLE]
    for position, (label, dates) in enumerate(reversed(rows)):
        ax.plot(decimal_year(dates), [position] * len(dates), linestyle="none", marker="|",
                markersize=12, markeredgewidth=2, color=colours[len(rows) - 1 - position])
    ax.set_yticks(range(len(rows)), [label for label, _ in reversed(rows)])
    ax.set_ylim(-0.6, len(rows) - 0.4)
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#E0E0E0")
    ax.set_xlabel("Year")
    return ax


def plot_ratchet(ax: Axes, resolutions: pd.DataFrame, measures: pd.DataFrame, end: pd.Timestamp) -> Axes:
    """Cumulative UN sanctions resolutions (line) over EU legal acts stacked by kind (areas).

    Every series is carried flat to ``end`` so that the final levels can be read.
    """
    un = resolutions[resolutions["category"] == "sanctions"].sort_values("date")
    kinds = [k for k in EU_KINDS if (measures["kind"] == k).any()]
    counts = cumulative_counts(measures["date"], measures["kind"], kinds)
    counts.loc[pd.Timestamp(end)] = counts.iloc[-1]
    lower = pd.Series(0, index=counts.index)
    for i, kind in enumerate(kinds):
        upper = lower + counts[kind]
        ax.fill_between(counts.index, lower, upper, step="post", color=CYCLE[i], alpha=0.85,
                        linewidth=0, label=EU_KINDS[kind])
        lower = upper
    un_dates = list(un["date"]) + [pd.Timestamp(end)]
    un_counts = list(range(1, len(un) + 1)) + [len(un)]
    ax.step(un_dates, un_counts, where="post", color=PALETTE["black"], linewidth=2.2,
            label="UN sanctions resolutions")
    ax.set_ylabel("Cumulative number of acts")
    ax.set_xlabel("Year")
    ax.legend(loc="upper left")
    return ax


def plot_list_totals(ax: Axes, totals_long: pd.DataFrame) -> Axes:
    """Published totals of the EU's DPRK list: persons (circles) and entities (squares) by basis."""
    colours = {"UN-based": PALETTE["blue"], "EU-only": PALETTE["orange"], "whole list": PALETTE["black"]}
    markers = {"persons": "o", "entities": "s"}
    for (basis, listed), group in totals_long.groupby(["basis", "listed"], observed=True):
        ax.plot(group["date"], group["count"], marker=markers[listed], color=colours[basis],
                linestyle="-" if basis != "whole list" else "none", linewidth=1,
                markerfacecolor=colours[basis] if listed == "persons" else "white",
                label=f"{basis}: {listed}")
    ax.set_ylabel("Listed persons or entities")
    ax.set_xlabel("Date of the published total")
    ax.legend(loc="upper left", ncols=2, fontsize=9)
    return ax


def _mark_milestones(ax: Axes, milestones: pd.DataFrame, x_of=lambda d: d) -> None:
    """Dashed vertical lines with short labels, for events that explain a series' turns."""
    for i, row in enumerate(milestones.itertuples()):
        x = x_of(row.date)
        ax.axvline(x, color=GREY, linestyle="--", linewidth=0.8, zorder=1)
        ax.annotate(row.label, (x, 1), xycoords=("data", "axes fraction"), xytext=(3, -4 - 11 * (i % 2)),
                    textcoords="offset points", fontsize=8.5, color=GREY, va="top")


def plot_trade(ax: Axes, trade: pd.DataFrame, milestones: pd.DataFrame) -> Axes:
    """EU exports to and imports from the DPRK per year, every source's figure shown (log scale).

    Each row of the table is drawn, so where sources disagree the reader sees
    several markers for one year; totals are drawn only where a source gave no split.
    """
    series = (
        ("exports_eur_m", "EU exports to the DPRK", PALETTE["blue"], "o"),
        ("imports_eur_m", "EU imports from the DPRK", PALETTE["orange"], "s"),
    )
    for column, label, colour, marker in series:
        rows = trade[trade[column].notna()]
        ax.plot(rows["year"].astype(int) + 0.5, rows[column].astype(float), linestyle="none", marker=marker,
                color=colour, markersize=6, alpha=0.85, label=label)
    totals = trade[trade["exports_eur_m"].isna() & trade["imports_eur_m"].isna() & trade["total_eur_m"].notna()]
    ax.plot(totals["year"].astype(int) + 0.5, totals["total_eur_m"].astype(float), linestyle="none", marker="D",
            markerfacecolor="white", color=GREY, markersize=5, label="Total trade (no split given)")
    ax.set_yscale("log")
    ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    ax.set_ylabel("Million euro (log scale)")
    ax.set_xlabel("Year (each year's figures drawn at mid-year)")
    ax.xaxis.set_major_locator(MultipleLocator(2))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f}"))
    _mark_milestones(ax, milestones, x_of=lambda d: d.year + (d.day_of_year - 1) / 365.25)
    ax.legend(loc="lower left")
    return ax


def plot_assistance(axes, assistance: pd.DataFrame, start: int, end: int) -> tuple[Axes, Axes]:
    """Top: each EU funding decision as a stem at its date; years with none sourced are hatched.
    Bottom: published cumulative totals, each a bar over the period it covers, ending
    with a marker (a total with no stated start is a marker alone). Zero amounts
    cannot be drawn on the log scale and are left out of the top panel.

    Decisions are never summed: totals and decisions overlap, and some decisions may too.
    """
    top, bottom = axes
    decisions = aid_decisions(assistance)
    first = decisions["instrument"].map(lambda items: items[0])
    colours = {name: CYCLE[i % len(CYCLE)] for i, name in enumerate(dict.fromkeys(sorted(first)))}
    for name, rows in decisions.groupby(first):
        x = decimal_year(rows["date"])
        top.vlines(x, 0.01, rows["amount_eur_m"].astype(float), color=colours[name], linewidth=1.5)
        top.plot(x, rows["amount_eur_m"].astype(float), linestyle="none", marker="o", color=colours[name], label=name)
    years_with = set(decisions["date"].dt.year)
    for year in range(start, end + 1):
        if year not in years_with:
            top.axvspan(year, year + 1, facecolor="none", edgecolor="#BBBBBB", hatch="///", linewidth=0)
    top.set_yscale("log")
    top.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:g}"))
    top.set_ylabel("Decision, million euro (log)")
    top.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8.5)
    totals = assistance[(assistance["kind"] == "cumulative-total") & assistance["amount_eur_m"].notna()]
    echo_only = totals["instrument"].map(lambda items: items == ("ECHO humanitarian aid",))
    for only, label, colour in ((True, "ECHO humanitarian aid only", PALETTE["blue"]),
                                (False, "Wider totals (several instruments)", PALETTE["vermillion"])):
        rows = totals[echo_only == only]
        ends = rows["period_end"].fillna(rows["date"])
        known = rows["period_start"].notna()
        bottom.hlines(rows.loc[known, "amount_eur_m"].astype(float), decimal_year(rows.loc[known, "period_start"]),
                      decimal_year(ends[known]), color=colour, linewidth=2, alpha=0.6)
        bottom.plot(decimal_year(ends), rows["amount_eur_m"].astype(float), linestyle="none",
                    marker="o" if only else "s", color=colour, label=label)
    bottom.set_ylabel("Published total, million euro")
    bottom.set_xlabel("Year (hatched: no decision amount found)")
    bottom.set_xlim(start, end + 1)
    bottom.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8.5)
    return top, bottom


#: Marker per estimator of cryptocurrency theft.
ESTIMATOR_STYLE = {
    "chainalysis": ("Chainalysis", PALETTE["blue"], "o"),
    "trm-labs": ("TRM Labs", PALETTE["orange"], "s"),
    "elliptic": ("Elliptic", PALETTE["green"], "^"),
    "un-panel-of-experts": ("UN Panel of Experts", PALETTE["purple"], "D"),
    "msmt": ("MSMT", PALETTE["vermillion"], "v"),
    "other": ("Other", GREY, "x"),
}


def plot_crypto_theft(ax: Axes, theft: pd.DataFrame) -> Axes:
    """Each estimate by year and estimator; a revision is an arrow from the first to the latest figure.

    Ranges are vertical bars from low to high; estimators are offset sideways so
    that their markers for one year do not hide each other. Hollow markers are
    figures later revised.
    """
    present = [e for e in ESTIMATOR_STYLE if (theft["estimator"] == e).any()]
    offsets = {e: (i - (len(present) - 1) / 2) * 0.13 for i, e in enumerate(present)}
    for estimator in present:
        label, colour, marker = ESTIMATOR_STYLE[estimator]
        rows = distinct_estimates(theft[theft["estimator"] == estimator]).sort_values("published")
        for year, group in rows.groupby("year"):
            x = int(year) + offsets[estimator]
            values = group["value_usd_m"].astype(float).tolist()
            for value, high in zip(values, group["value_high_usd_m"]):
                if pd.notna(high):
                    ax.vlines(x, value, float(high), color=colour, linewidth=2)
            ax.plot([x] * (len(values) - 1), values[:-1], linestyle="none", marker=marker,
                    markerfacecolor="white", color=colour, markersize=7)
            if len(values) > 1:
                ax.annotate("", (x, values[-1]), (x, values[0]),
                            arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1})
        latest = rows.groupby("year").last()
        ax.plot(latest.index.astype(int) + offsets[estimator], latest["value_usd_m"].astype(float),
                linestyle="none", marker=marker, color=colour, markersize=7, label=label)
    ax.set_ylim(bottom=0)
    ax.set_ylabel("Stolen in the year, million US dollars")
    ax.set_xlabel("Year of the thefts")
    ax.set_xticks(sorted(theft["year"].astype(int).unique()))
    ax.legend(loc="upper left")
    return ax


#: Panels of the Russia-support figure: metric, title, unit.
SUPPORT_PANELS = (
    ("containers", "Containers of munitions", "containers"),
    ("artillery-rounds", "Artillery rounds", "rounds (million)"),
    ("ballistic-missiles", "Ballistic missiles", "missiles"),
    ("troops-deployed", "Troops deployed", "soldiers"),
)
COUNTRY_COLOURS = {
    "United States": PALETTE["blue"],
    "South Korea": PALETTE["orange"],
    "Ukraine": PALETTE["green"],
    "United Kingdom": PALETTE["purple"],
    "international": PALETTE["vermillion"],
}


def plot_support_estimates(axes, support: pd.DataFrame) -> list[Axes]:
    """One panel per metric: each public estimate at the date it was made, coloured by who made it.

    Lower bounds ('more than', 'at least') are drawn as upward triangles, exact or
    point figures as circles; statements without a number are left out.
    """
    for ax, (metric, title, unit) in zip(axes, SUPPORT_PANELS):
        rows = support[(support["metric"] == metric) & support["value"].notna()].sort_values("statement_date")
        scale = 1e6 if metric == "artillery-rounds" else 1
        for country, group in rows.groupby("country"):
            colour = COUNTRY_COLOURS.get(country, GREY)
            for lower, marker in ((False, "o"), (True, "^")):
                part = group[group["lower_bound"] == lower]
                ax.plot(part["statement_date"], part["value"].astype(float) / scale, linestyle="none",
                        marker=marker, color=colour, markersize=7)
        ax.set_title(title, fontsize=11)
        ax.set_ylabel(unit)
        ax.set_ylim(bottom=0)
        ax.yaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:,.0f}"))
        ax.xaxis.set_major_locator(YearLocator())
        ax.xaxis.set_major_formatter(DateFormatter("%Y"))
    return list(axes)


def support_legend_handles():
    """Legend entries for :func:`plot_support_estimates`: who made the estimate, and the two markers."""
    from matplotlib.lines import Line2D

    handles = [Line2D([], [], linestyle="none", marker="o", color=c, label=n) for n, c in COUNTRY_COLOURS.items()]
    handles += [
        Line2D([], [], linestyle="none", marker="o", color=GREY, label="stated figure"),
        Line2D([], [], linestyle="none", marker="^", color=GREY, label="lower bound ('more than')"),
    ]
    return handles


VERDICT_COLOURS = {
    "corroborated": PALETTE["blue"],
    "imprecise": PALETTE["orange"],
    "contradicted": PALETTE["vermillion"],
    "unverified": "#BBBBBB",
}


def plot_claims_summary(ax: Axes, counts: pd.DataFrame) -> Axes:
    """Horizontal stacked bars: claims of each article by verdict, each segment labelled with its count.

    ``counts`` has one row per article and one column per verdict.
    """
    left = pd.Series(0, index=counts.index)
    for verdict, colour in VERDICT_COLOURS.items():
        values = counts.get(verdict, pd.Series(0, index=counts.index))
        bars = ax.barh(counts.index, values, left=left, color=colour, label=verdict, height=0.55)
        ax.bar_label(bars, labels=[str(v) if v else "" for v in values], label_type="center", fontsize=10,
                     color="white" if verdict in ("corroborated", "contradicted") else "black")
        left = left + values
    ax.set_xlabel("Number of checkable claims")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#E0E0E0")
    ax.legend(loc="lower right", ncols=4, bbox_to_anchor=(1, 1.02), fontsize=9.5)
    ax.invert_yaxis()
    return ax


def plot_scorecard(axes_grid, card: pd.DataFrame) -> list[Axes]:
    """Small multiples: one row per objective, one panel per indicator, one bar per period.

    ``axes_grid`` is a 2-D array of Axes with at least as many rows as objectives and
    columns as the largest number of indicators; unused panels are switched off. A
    period without data gets no bar but the words "no data", so a gap never reads as
    zero; a period covered in part is marked with an asterisk after its label. Each
    panel's title says whether the indicator measures an input or an outcome.
    """
    used = []
    for row, (objective, part) in zip(axes_grid, card.groupby("objective", sort=False)):
        indicators = list(dict.fromkeys(part["indicator"]))
        for col, ax in enumerate(row):
            if col >= len(indicators):
                ax.set_axis_off()
                continue
            values = part[part["indicator"] == indicators[col]].sort_values("period")
            labels = [f"{p}*" if covered is not None else str(p)
                      for p, covered in zip(values["period"], values["covered"])]
            ax.bar(labels, values["per_year"].fillna(0), color=CYCLE[col % len(CYCLE)])
            for x, value in enumerate(values["per_year"]):
                if pd.isna(value):
                    ax.text(x, 0, "no data", rotation=90, ha="center", va="bottom", fontsize=8, color="#555555")
            ax.set_title(f"{indicators[col]}\n({values['measures'].iloc[0]})", fontsize=10)
            ax.tick_params(axis="x", labelsize=8, rotation=30)
            if col == 0:
                ax.set_ylabel(f"{objective}\nper year", fontsize=10)
            used.append(ax)
    return used


#: Colours of the source classes (helpers.sources.CLASSES), strongest first.
SOURCE_CLASS_COLOURS = {
    "official": PALETTE["blue"],
    "reputable": PALETTE["sky_blue"],
    "state_media": PALETTE["orange"],
    "weak": PALETTE["vermillion"],
}


def plot_source_mix(ax: Axes, shares: pd.DataFrame, labels: dict[str, str]) -> Axes:
    """Horizontal stacked bars: for each row of ``shares`` (a page, a table or the whole
    book), the share of its citations in each source class, from 0 to 100 %.

    ``shares`` has one column per class (see :func:`helpers.sources.class_shares`);
    ``labels`` names the classes in the legend. Rows are drawn top to bottom in order.
    """
    left = pd.Series(0.0, index=shares.index)
    for cls, colour in SOURCE_CLASS_COLOURS.items():
        values = shares[cls] * 100 if cls in shares else pd.Series(0.0, index=shares.index)
        ax.barh(shares.index, values, left=left, color=colour, label=labels[cls], height=0.7)
        left = left + values
    ax.set_xlim(0, 100)
    ax.xaxis.set_major_formatter(FuncFormatter(lambda v, _: f"{v:.0f} %"))
    ax.set_xlabel("Share of the citations")
    ax.grid(axis="y", visible=False)
    ax.grid(axis="x", color="#E0E0E0")
    # A figure legend above the plot, which the layout makes room for: a legend expanded
    # to the axes' width made the layout narrow the axes on every redraw.
    ax.get_figure().legend(loc="outside upper center", ncols=2, fontsize=9.5, frameon=False)
    ax.invert_yaxis()
    # The last row is the total: set it apart in bold.
    ax.get_yticklabels()[-1].set_fontweight("bold")
    return ax


#: How the presence figure marks a state's other acts: act -> (label, marker, colour).
RELATION_MARKERS = {
    "relations-established": ("Relations established", "o", PALETTE["black"]),
    "nnsc-service": ("Neutral Nations Supervisory Commission", "P", PALETTE["black"]),
    "dprk-diplomat-expelled": ("DPRK diplomat expelled", "X", PALETTE["vermillion"]),
    "relations-severed": ("Relations severed, suspended or downgraded", "v", PALETTE["vermillion"]),
    "relations-suspended": ("Relations severed, suspended or downgraded", "v", PALETTE["vermillion"]),
    "relations-downgraded": ("Relations severed, suspended or downgraded", "v", PALETTE["vermillion"]),
    "talks-hosted": ("Talks hosted or mediation offered", "*", PALETTE["green"]),
    "mediation-offered": ("Talks hosted or mediation offered", "*", PALETTE["green"]),
    "dprk-embassy-closed": ("DPRK embassy closed", "s", PALETTE["blue"]),
    "workers-ended": ("DPRK workers or business ended", "D", PALETTE["purple"]),
    "dprk-business-closed": ("DPRK workers or business ended", "D", PALETTE["purple"]),
}


def plot_presence(ax: Axes, spans: pd.DataFrame, relations: pd.DataFrame, order: list[str],
                  first_year: int) -> Axes:
    """Europe in Pyongyang: one row per state (top to bottom in ``order``), a bar for each
    span with a resident embassy or office (from :func:`helpers.analysis.presence_in_pyongyang`),
    and markers for the state's other acts. A span whose opening the record does not date
    starts at the state's first act in the table, hatched, so that an unknown start is never
    drawn as a known one. The axis starts at ``first_year``.
    """
    rows = {state: i for i, state in enumerate(order)}
    # An undated opening is drawn from the state's first act in the table, hatched.
    first_seen = relations.groupby("state")["date"].min()
    colours = {"embassy": PALETTE["sky_blue"], "office": PALETTE["orange"]}
    names = {"embassy": "Resident embassy in Pyongyang", "office": "Resident office (not an embassy)"}
    for span in spans.itertuples():
        y = rows[span.state]
        start = first_seen[span.state] if pd.isna(span.start) else span.start
        width = (span.end - start).days / 365.25
        ax.barh(y, width, left=decimal_year(pd.Series([start])).iloc[0], height=0.6,
                color=colours[span.kind], hatch="//" if pd.isna(span.start) else None,
                edgecolor=GREY, linewidth=0.6,
                label=names[span.kind] if pd.notna(span.start) else f"{names[span.kind]}, opening not dated")
    gone = relations[relations["code"].isin(HISTORICAL_CODES) & relations["act"].isin(("embassy-opened",))]
    if len(gone):
        ax.plot(decimal_year(gone["date"]), gone["state"].map(rows), linestyle="none", marker="|", markersize=12,
                markeredgewidth=2.5, color=PALETTE["blue"], label="Embassy opened (state since dissolved)")
    shown = relations[relations["act"].isin(RELATION_MARKERS)]
    for act, part in shown.groupby("act", sort=True):
        label, marker, colour = RELATION_MARKERS[act]
        ax.plot(decimal_year(part["date"]), part["state"].map(rows), linestyle="none", marker=marker,
                markersize=7, color=colour, label=label)
    handles, labels = ax.get_legend_handles_labels()
    unique = dict(zip(labels, handles))
    # A figure legend above the plot: it never hides a state's row, the layout makes room
    # for it, and it stays clear of the source line under the plot.
    ax.get_figure().legend(unique.values(), unique.keys(), loc="outside upper center", ncols=2, fontsize=9,
                           frameon=False)
    ax.set_yticks(range(len(order)), order)
    ax.set_ylim(len(order) - 0.5, -0.5)
    ax.set_xlim(first_year - 2, None)
    ax.grid(axis="y", visible=False)
    return ax
