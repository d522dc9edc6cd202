"""The datasets in data/ as committed: they validate, and what they declare holds."""

import pandas as pd
import pytest

from helpers.data import DATA_DIR, DataPackage

PACKAGE = DataPackage(DATA_DIR)
TABLES = [name for name, res in PACKAGE.resources.items() if res.get("format") != "bib"]


def test_every_csv_in_data_is_declared():
    declared = {PACKAGE.path_of(name) for name in TABLES}
    undeclared = sorted(p.name for p in DATA_DIR.glob("*.csv") if p.resolve() not in declared)
    assert not undeclared, f"CSV files missing from datapackage.json: {undeclared}"


@pytest.mark.parametrize("name", TABLES)
def test_table_validates(name):
    frame = PACKAGE.load(name)
    assert len(frame) > 0


@pytest.mark.parametrize("name", TABLES)
def test_every_field_is_described(name):
    fields = PACKAGE.resource(name)["schema"]["fields"]
    undocumented = [f["name"] for f in fields if not f.get("description")]
    assert not undocumented, f"{name}: fields without a description: {undocumented}"


def test_bibliography_entries_have_url_and_access_date():
    sources = PACKAGE.load("sources")
    assert sources["url"].str.startswith("http").all()
    assert pd.to_datetime(sources["urldate"], format="%Y-%m-%d").notna().all()


def test_six_nuclear_tests_in_order():
    tests = PACKAGE.load("nuclear_tests")
    assert list(tests["test_no"]) == [1, 2, 3, 4, 5, 6]
    assert tests["date"].is_monotonic_increasing
