"""helpers.data on small fixtures: typed loading through the descriptor, and a cache that
never serves a table older than its files. The errors, one test per rule, are in
test_data_rules.py."""

import os

import pandas as pd
import pytest

from fixture_package import BIB, GOOD_ROWS, HEADER, write_package

from helpers.data import DataError, DataPackage, load


def test_good_file_loads_with_types(tmp_path):
    frame = load("events", write_package(tmp_path))
    assert len(frame) == 3
    assert frame["date"].dtype == "datetime64[ns]"
    assert frame["date"].iloc[0] == pd.Timestamp("2001-05-14")
    assert isinstance(frame["track"].dtype, pd.CategoricalDtype)
    assert list(frame["track"].cat.categories) == ["diplomacy", "sanctions"]
    assert frame["count"].dtype == "Int64" and frame["count"].isna().iloc[2]
    assert frame["value"].dtype == "Float64" and frame["value"].iloc[0] == 1.5
    assert frame["flag"].dtype == "boolean"
    assert frame["id"].dtype == "string"
    assert frame["sources"].iloc[1] == ("src-a", "src-b")
    assert frame.attrs["path"] == "data/events.csv"


def test_bibliography_is_the_sources_table(tmp_path):
    data = write_package(tmp_path)
    (tmp_path / "references.bib").write_text(
        BIB.replace("title = {Source B},", "author = {Doe, Jane and Roe, Rick},\n  title = {Source B},\n  date = {2021-03-04},"),
        encoding="utf-8")
    sources = load("sources", data)
    assert list(sources["key"]) == ["src-a", "src-b"]
    assert sources.loc[0, "url"] == "https://example.org/a"
    assert list(sources["author"]) == ["", "Doe"]
    assert sources["date"].isna().iloc[0] and sources.loc[1, "date"] == pd.Timestamp("2021-03-04")


def test_unknown_dataset_lists_the_known_ones(tmp_path):
    with pytest.raises(DataError, match=r"no dataset named 'evnts' \(known: events, sources\)"):
        load("evnts", write_package(tmp_path))


def test_validate_all_counts_rows(tmp_path):
    assert DataPackage(write_package(tmp_path)).validate_all() == {"sources": 2, "events": 3}


def test_coverage_counts_rows_years_and_sources(tmp_path):
    table = DataPackage(write_package(tmp_path)).coverage()
    assert table.to_dict("records") == [
        {"table": "events", "title": "", "rows": 3, "first_year": 2001, "last_year": 2015, "sources": 2}
    ]


def test_a_loaded_table_is_the_callers_own_copy(tmp_path):
    data = write_package(tmp_path)
    first = load("events", data)
    first.loc[0, "count"] = 99
    first.attrs["path"] = "changed"
    again = load("events", data)
    assert again.loc[0, "count"] == 3 and again.attrs["path"] == "data/events.csv"


def test_an_edit_is_seen_even_when_size_and_time_stay_the_same(tmp_path):
    """The cache is keyed by content: the same-length edit below keeps the file's size, and
    its modification time is set back, yet the next load reads the new value."""
    data = write_package(tmp_path)
    path = data / "events.csv"
    assert load("events", data).loc[0, "count"] == 3
    stat = path.stat()
    path.write_text(path.read_text(encoding="utf-8").replace("diplomacy,3,", "diplomacy,4,", 1), encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert load("events", data).loc[0, "count"] == 4


def test_a_table_is_checked_again_when_the_bibliography_changes(tmp_path):
    data = write_package(tmp_path)
    load("events", data)
    (tmp_path / "references.bib").write_text(BIB.replace("src-b", "src-c"), encoding="utf-8")
    with pytest.raises(DataError, match=r"row 3, column sources: unknown key 'src-b'"):
        load("events", data)


def test_a_table_is_checked_again_when_the_descriptor_changes(tmp_path):
    from fixture_package import edit_descriptor

    data = write_package(tmp_path)
    load("events", data)
    edit_descriptor(data, lambda d: d["resources"][0]["schema"]["fields"][3]["constraints"].update(enum=["sanctions"]))
    with pytest.raises(DataError, match=r"row 2, column track: 'diplomacy' is not one of: sanctions"):
        load("events", data)


def test_the_header_names_the_columns_in_the_declared_order(tmp_path):
    data = write_package(tmp_path, header=HEADER, rows=GOOD_ROWS)
    assert list(load("events", data).columns) == HEADER.split(",")


def test_a_checked_table_is_kept_between_processes_by_content(tmp_path, monkeypatch):
    """Another process (a fresh kernel) finds the checked table in _build/.data-cache under the
    digest of its inputs; after an edit the digest differs and the table is read again."""
    import helpers.data as data_module

    data = write_package(tmp_path)
    package = DataPackage(data)
    monkeypatch.setattr(data_module, "_FRAMES", {})  # the same content may have been loaded before
    package.load("events")
    kept = sorted(p.name for p in package.cache_dir.glob("events-*.pkl"))
    assert len(kept) == 1
    # Mark the kept copy, then load as a new process would (nothing in memory): the mark is read.
    marked = pd.read_pickle(package.cache_dir / kept[0])
    marked.attrs["title"] = "from the cache"
    marked.to_pickle(package.cache_dir / kept[0])
    monkeypatch.setattr(data_module, "_FRAMES", {})
    assert load("events", data).attrs["title"] == "from the cache"
    # An edit changes the digest: the table is read and checked again, the old copy dropped.
    path = data / "events.csv"
    path.write_text(path.read_text(encoding="utf-8").replace("diplomacy,3,", "diplomacy,4,", 1), encoding="utf-8")
    monkeypatch.setattr(data_module, "_FRAMES", {})
    fresh = load("events", data)
    assert fresh.loc[0, "count"] == 4 and fresh.attrs["title"] == ""
    assert [p.name for p in package.cache_dir.glob("events-*.pkl")] != kept


def test_a_broken_cache_file_is_read_past(tmp_path, monkeypatch):
    import helpers.data as data_module

    data = write_package(tmp_path)
    package = DataPackage(data)
    monkeypatch.setattr(data_module, "_FRAMES", {})
    package.load("events")
    for kept in package.cache_dir.glob("*.pkl"):
        kept.write_bytes(b"not a pickle")
    monkeypatch.setattr(data_module, "_FRAMES", {})
    assert len(load("events", data)) == 3


def test_errors_are_not_cached(tmp_path):
    data = write_package(tmp_path, rows=["z,2020-13-01,day,diplomacy,1,1,true,src-a"])
    for _ in range(2):
        with pytest.raises(DataError, match="is not a date"):
            load("events", data)
    assert not list(DataPackage(data).cache_dir.glob("events-*.pkl"))
