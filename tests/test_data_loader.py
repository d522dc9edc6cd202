"""helpers.data on small fixtures: typed loading, and errors that name file, row and column."""

import json

import pandas as pd
import pytest

from fixture_package import BIB, GOOD_ROWS, HEADER, write_package

from helpers.data import DataError, DataPackage, load


def error_for(tmp_path, **kwargs) -> str:
    data = write_package(tmp_path, **kwargs)
    with pytest.raises(DataError) as info:
        load("events", data)
    return str(info.value)


def test_good_file_loads_with_types(tmp_path):
    frame = load("events", write_package(tmp_path))
    assert len(frame) == 3
    assert frame["date"].dtype == "datetime64[ns]"
    assert frame["date"].iloc[0] == pd.Timestamp("2001-05-14")
    assert isinstance(frame["track"].dtype, pd.CategoricalDtype)
    assert list(frame["track"].cat.categories) == ["diplomacy", "sanctions"]
    assert frame["count"].dtype == "Int64" and frame["count"].isna().iloc[2]
    assert frame["value"].dtype == "Float64"
    assert frame["flag"].dtype == "boolean"
    assert frame["sources"].iloc[1] == ("src-a", "src-b")
    assert frame.attrs["path"] == "data/events.csv"


def test_bibliography_is_the_sources_table(tmp_path):
    sources = load("sources", write_package(tmp_path))
    assert list(sources["key"]) == ["src-a", "src-b"]
    assert sources.loc[0, "url"] == "https://example.org/a"


def test_bad_date_names_file_row_and_column(tmp_path):
    rows = [*GOOD_ROWS[:2], "bad,2024-13-01,day,diplomacy,1,1,true,src-a"]
    message = error_for(tmp_path, rows=rows)
    assert message == "data/events.csv row 4, column date: '2024-13-01' is not a date (expected YYYY-MM-DD)"


@pytest.mark.parametrize("text", ["14/05/2001", "2001-5-14", "20010514", "2001-02-30"])
def test_dates_must_be_strict_iso(tmp_path, text):
    message = error_for(tmp_path, rows=[f"x,{text},day,diplomacy,1,1,true,src-a"])
    assert message.startswith("data/events.csv row 2, column date:")


def test_missing_column(tmp_path):
    header = HEADER.replace(",flag", "")
    rows = [r.rsplit(",", 2)[0] + "," + r.rsplit(",", 1)[1] for r in GOOD_ROWS]
    message = error_for(tmp_path, header=header, rows=rows)
    assert message.startswith("data/events.csv row 1, column flag: missing column")


def test_unexpected_column(tmp_path):
    message = error_for(tmp_path, header=HEADER + ",extra", rows=[r + ",x" for r in GOOD_ROWS])
    assert message.startswith("data/events.csv row 1, column extra: unexpected column")


def test_unknown_category(tmp_path):
    message = error_for(tmp_path, rows=[*GOOD_ROWS, "z,2020-01-01,day,trade,1,1,true,src-a"])
    assert message == "data/events.csv row 5, column track: 'trade' is not one of: diplomacy, sanctions"


def test_duplicate_key(tmp_path):
    message = error_for(tmp_path, rows=[*GOOD_ROWS, "a-one,2020-01-01,day,diplomacy,1,1,true,src-a"])
    assert message == "data/events.csv row 5, column id: duplicate key 'a-one' (first used in row 2)"


def test_unknown_source_key(tmp_path):
    message = error_for(tmp_path, rows=[*GOOD_ROWS, "z,2020-01-01,day,diplomacy,1,1,true,src-a;src-x"])
    assert message == "data/events.csv row 5, column sources: unknown key 'src-x' (not in references.bib)"


def test_missing_source(tmp_path):
    message = error_for(tmp_path, rows=["z,2020-01-01,day,diplomacy,1,1,true,"])
    assert message == "data/events.csv row 2, column sources: a value is required but the cell is empty"


def test_empty_file(tmp_path):
    assert error_for(tmp_path, raw="") == "data/events.csv row 1: the file is empty (expected a header row)"


def test_header_without_rows(tmp_path):
    assert error_for(tmp_path, raw=HEADER + "\n") == "data/events.csv row 2: the file has a header but no data rows"


def test_byte_order_mark(tmp_path):
    raw = ("\ufeff" + HEADER + "\n" + "\n".join(GOOD_ROWS) + "\n").encode("utf-8")
    assert "row 1: the file starts with a byte-order mark" in error_for(tmp_path, raw=raw)


def test_wrong_delimiter(tmp_path):
    raw = "\n".join(line.replace(",", ";") for line in [HEADER, *GOOD_ROWS[:1]]) + "\n"
    assert error_for(tmp_path, raw=raw) == "data/events.csv row 1: wrong delimiter ';'; columns must be separated by ','"


def test_wrong_type(tmp_path):
    message = error_for(tmp_path, rows=["z,2020-01-01,day,diplomacy,three,1,true,src-a"])
    assert message == "data/events.csv row 2, column count: 'three' is not an integer"


def test_number_with_thousands_separator(tmp_path):
    message = error_for(tmp_path, rows=['z,2020-01-01,day,diplomacy,1,"1,500",true,src-a'])
    assert message.startswith("data/events.csv row 2, column value: '1,500' is not a number")


def test_minimum(tmp_path):
    message = error_for(tmp_path, rows=["z,2020-01-01,day,diplomacy,-1,1,true,src-a"])
    assert message == "data/events.csv row 2, column count: -1 is below the minimum 0"


def test_month_precision_needs_first_of_month(tmp_path):
    message = error_for(tmp_path, rows=["z,2020-03-15,month,diplomacy,1,1,true,src-a"])
    assert message == "data/events.csv row 2, column date: '2020-03-15' has month precision, so write it as YYYY-MM-01"


def test_ragged_row(tmp_path):
    message = error_for(tmp_path, rows=[*GOOD_ROWS, "z,2020-01-01,day"])
    assert message == "data/events.csv row 5: has 3 cells but the header has 8 columns"


def test_padded_cell(tmp_path):
    message = error_for(tmp_path, rows=["z,2020-01-01,day, diplomacy,1,1,true,src-a"])
    assert message == "data/events.csv row 2, column track: ' diplomacy' has leading or trailing spaces"


def test_unknown_dataset_lists_the_known_ones(tmp_path):
    with pytest.raises(DataError, match=r"no dataset named 'evnts' \(known: events, sources\)"):
        load("evnts", write_package(tmp_path))


def test_bib_entry_without_url(tmp_path):
    data = write_package(tmp_path)
    (tmp_path / "references.bib").write_text(BIB + "\n@misc{src-c,\n  title = {C},\n  urldate = {2026-11-22}\n}\n")
    with pytest.raises(DataError, match=r"references.bib row 15, column url: entry 'src-c' has neither a url nor a doi"):
        load("sources", data)


def test_validate_all_counts_rows(tmp_path):
    assert DataPackage(write_package(tmp_path)).validate_all() == {"sources": 2, "events": 3}


def test_duplicate_composite_key_is_shown_as_written(tmp_path):
    data = write_package(tmp_path)
    package = json.loads((data / "datapackage.json").read_text())
    package["resources"][0]["schema"]["primaryKey"] = ["date", "track"]
    (data / "datapackage.json").write_text(json.dumps(package))
    (data / "events.csv").write_text(
        "\n".join([HEADER, GOOD_ROWS[0], GOOD_ROWS[0].replace("a-one", "a-four")]) + "\n"
    )
    with pytest.raises(DataError) as info:
        load("events", data)
    assert str(info.value) == (
        "data/events.csv row 3, column date, track: duplicate key '2001-05-14', 'diplomacy' (first used in row 2)"
    )


def test_coverage_counts_rows_years_and_sources(tmp_path):
    table = DataPackage(write_package(tmp_path)).coverage()
    assert table.to_dict("records") == [
        {"table": "events", "title": "", "rows": 3, "first_year": 2001, "last_year": 2015, "sources": 2}
    ]


@pytest.mark.parametrize("coverage, found", [
    (None, "declares no coverage"),
    ({"start": 2020, "end": 2010}, "start <= end"),
    ({"start": "2010", "end": 2020}, "start='2010'"),
])
def test_bad_coverage_names_the_resource_and_what_is_expected(tmp_path, coverage, found):
    data = write_package(tmp_path)
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    if coverage is not None:
        descriptor["resources"][0]["coverage"] = coverage
    (data / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataError, match="datapackage.json: resource 'events'") as info:
        DataPackage(data).covered_years("events")
    assert found in str(info.value)
