"""The datasets in data/ as committed: they validate, and what they declare holds."""

import json

import pandas as pd
import pytest

from helpers.data import DATA_DIR, REPO_ROOT, DataPackage

PACKAGE = DataPackage(DATA_DIR)
TABLES = [name for name, res in PACKAGE.resources.items() if res.get("format") != "bib"]


def test_every_csv_in_data_is_declared():
    declared = {PACKAGE.path_of(name) for name in TABLES}
    undeclared = sorted(p.name for p in DATA_DIR.glob("*.csv") if p.resolve() not in declared)
    assert not undeclared, f"CSV files missing from datapackage.json: {undeclared}"


def test_every_table_validates_and_has_rows():
    empty = [name for name, rows in PACKAGE.validate_all().items() if rows == 0]
    assert not empty, f"declared tables without rows: {empty}"


def test_every_field_is_described():
    undocumented = {name: [f["name"] for f in PACKAGE.resource(name)["schema"]["fields"] if not f.get("description")]
                    for name in TABLES}
    undocumented = {name: fields for name, fields in undocumented.items() if fields}
    assert not undocumented, f"fields without a description: {undocumented}"


def test_bibliography_entries_have_url_and_access_date():
    sources = PACKAGE.load("sources")
    assert sources["url"].str.startswith("http").all()
    assert pd.to_datetime(sources["urldate"], format="%Y-%m-%d").notna().all()


def test_six_nuclear_tests_in_order():
    tests = PACKAGE.load("nuclear_tests")
    assert list(tests["test_no"]) == [1, 2, 3, 4, 5, 6]
    assert tests["date"].is_monotonic_increasing


def test_every_bibliography_entry_is_used():
    """references.bib holds only sources that a data row or a page cites."""
    from helpers.sources import page_citations, table_citations
    from test_book_structure import PAGES

    citations = table_citations(PACKAGE) + [c for page in PAGES for c in page_citations(page)]
    used = {key for citation in citations for key in citation.keys}
    unused = sorted(set(PACKAGE.load("sources")["key"]) - used)
    assert not unused, f"references.bib entries cited nowhere: {unused[:10]}"


def test_events_span_the_period_on_every_track():
    events = PACKAGE.load("events")
    assert len(events) >= 150
    assert events["date"].dt.year.min() == 1994 and events["date"].dt.year.max() >= 2025
    assert set(events["track"].cat.categories) == set(events["track"].dropna().unique())


def test_every_nuclear_test_and_sanctions_resolution_is_an_event():
    """The timeline and the specialised tables agree on dates."""
    event_dates = set(PACKAGE.load("events")["date"])
    tests = PACKAGE.load("nuclear_tests")
    resolutions = PACKAGE.load("un_resolutions")
    sanctions = resolutions[resolutions["category"] == "sanctions"]
    assert not [d for d in tests["date"] if d not in event_dates]
    assert not [r for r, d in zip(sanctions["resolution"], sanctions["date"]) if d not in event_dates]


def test_claims_ledger_covers_both_articles():
    claims = PACKAGE.load("seed_claims")
    assert set(claims["article"]) == {"calabrese", "kim"}
    assert claims["sources"].map(lambda keys: bool({"calabrese2024", "kim2025"} & set(keys))).all()


def test_claims_figure_alt_text_states_the_ledgers_counts():
    """The alt text of the claims figure spells out its counts; they must be the ledger's."""
    notebook = json.loads((REPO_ROOT / "chapters" / "claims-ledger.ipynb").read_text(encoding="utf-8"))
    alt = next(cell["metadata"]["mystnb"]["image"]["alt"] for cell in notebook["cells"]
               if cell["metadata"].get("mystnb", {}).get("figure", {}).get("name") == "fig-claims")
    claims = PACKAGE.load("seed_claims")
    for article, label in (("calabrese", "Calabrese (2024)"), ("kim", "Kim (2025)")):
        counts = claims.loc[claims["article"] == article, "verdict"].value_counts()
        stated = alt.split(f"{label}: ")[1].split(" in all")[0]
        for verdict in ("corroborated", "imprecise", "contradicted", "unverified"):
            number = counts.get(verdict, 0)
            assert f"{number or 'none'} {verdict}" in stated, f"alt text says {stated!r}; the ledger has {number} {verdict}"
        assert stated.endswith(f"{counts.sum()}"), f"alt text says {stated!r}; the ledger has {counts.sum()} claims"


def test_every_table_the_scorecard_counts_declares_its_coverage():
    from helpers.analysis import SCORECARD_TABLES

    assert {name: PACKAGE.covered_years(name) for name in SCORECARD_TABLES}
