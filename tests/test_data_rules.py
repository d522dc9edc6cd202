"""One test per kind of data error: each breaks one rule in a small fixture package and
checks the one line helpers.data raises, naming the file, the row, the column and what was
expected. frictionless finds the errors that Table Schema declares (types, enums, required,
patterns, ranges, keys, header, dialect); helpers.data adds the rules Table Schema cannot
express (date precision, item enums, bibliography keys, coverage, at least one row).

The last test ties the two together: every type, constraint and extension that
data/datapackage.json uses has a test here, so a new kind of declaration comes with the
message it produces.
"""

import json

import pytest

from fixture_package import BIB, GOOD_ROWS, HEADER, add_table, edit_descriptor, write_package

from helpers.data import DATA_DIR, DataError, DataPackage, load

#: The kinds of declaration the tests below exercise (see the last test).
TESTED = {
    "type": {"string", "integer", "number", "boolean", "date", "list"},
    "constraint": {"required", "enum", "pattern", "minimum", "maximum", "maxLength", "unique"},
    "field property": {"name", "type", "title", "description", "constraints", "delimiter",
                       "precisionField", "itemEnum", "bibliographyKeys"},
    "schema property": {"fields", "primaryKey", "foreignKeys"},
}


def error_for(tmp_path, name="events", **kwargs) -> str:
    data = write_package(tmp_path, **kwargs)
    return error_in(data, name)


def error_in(data, name="events") -> str:
    with pytest.raises(DataError) as info:
        load(name, data)
    return str(info.value)


def set_constraint(data, column, **constraints):
    def change(descriptor):
        field = next(f for f in descriptor["resources"][0]["schema"]["fields"] if f["name"] == column)
        field.setdefault("constraints", {}).update(constraints)
    edit_descriptor(data, change)


# --- what frictionless checks, as Table Schema declares it ---


@pytest.mark.parametrize("column, cell, expected", [
    ("date", "2024-13-01", "'2024-13-01' is not a date (expected YYYY-MM-DD)"),
    ("date", "14/05/2001", "'14/05/2001' is not a date (expected YYYY-MM-DD)"),
    ("date", "2001-02-30", "'2001-02-30' is not a date (expected YYYY-MM-DD)"),
    ("count", "three", "'three' is not an integer"),
    ("value", "1,500", "'1,500' is not a number (digits with '.' as decimal mark)"),
    ("flag", "yes", "'yes' is not a boolean (write true or false)"),
])
def test_bad_type(tmp_path, column, cell, expected):
    cells = GOOD_ROWS[0].split(",")
    cells[HEADER.split(",").index(column)] = f'"{cell}"' if "," in cell else cell
    message = error_for(tmp_path, rows=[GOOD_ROWS[1], ",".join(cells)])
    assert message == f"data/events.csv row 3, column {column}: {expected}"


def test_bad_enum(tmp_path):
    message = error_for(tmp_path, rows=[*GOOD_ROWS, "z,2020-01-01,day,trade,1,1,true,src-a"])
    assert message == "data/events.csv row 5, column track: 'trade' is not one of: diplomacy, sanctions"


@pytest.mark.parametrize("row", [
    "z,2020-01-01,day,diplomacy,1,1,true,",
    "z,2020-01-01,day,,1,1,true,src-a",
])
def test_missing_required(tmp_path, row):
    column = "sources" if row.endswith(",") else "track"
    message = error_for(tmp_path, rows=[row])
    assert message == f"data/events.csv row 2, column {column}: a value is required but the cell is empty"


def test_pattern(tmp_path):
    message = error_for(tmp_path, rows=["Z One,2020-01-01,day,diplomacy,1,1,true,src-a"])
    assert message == "data/events.csv row 2, column id: 'Z One' does not match the pattern [a-z0-9-]+"


@pytest.mark.parametrize("cell, expected", [("-1", "-1 is below the minimum 0"), ("11", "11 is above the maximum 10")])
def test_out_of_range(tmp_path, cell, expected):
    data = write_package(tmp_path, rows=[f"z,2020-01-01,day,diplomacy,{cell},1,true,src-a"])
    set_constraint(data, "count", maximum=10)
    assert error_in(data) == f"data/events.csv row 2, column count: {expected}"


def test_too_long(tmp_path):
    data = write_package(tmp_path)
    set_constraint(data, "id", maxLength=5)
    assert error_in(data) == "data/events.csv row 4, column id: 'a-three' is longer than 5 characters"


def test_duplicate_key(tmp_path):
    message = error_for(tmp_path, rows=[*GOOD_ROWS, "a-one,2020-01-01,day,diplomacy,1,1,true,src-a"])
    assert message == "data/events.csv row 5, column id: duplicate key 'a-one' (first used in row 2)"


def test_duplicate_composite_key(tmp_path):
    data = write_package(tmp_path, rows=[GOOD_ROWS[0], GOOD_ROWS[0].replace("a-one", "a-four")])
    edit_descriptor(data, lambda d: d["resources"][0]["schema"].update(primaryKey=["date", "track"]))
    assert error_in(data) == (
        "data/events.csv row 3, column date, track: duplicate key '2001-05-14', 'diplomacy' (first used in row 2)"
    )


def test_duplicate_in_a_unique_column(tmp_path):
    data = write_package(tmp_path, rows=[GOOD_ROWS[0], GOOD_ROWS[1].replace("sanctions,0,,", "sanctions,0,1.5,")])
    set_constraint(data, "value", unique=True)
    assert error_in(data) == (
        "data/events.csv row 3, column value: duplicate value '1.5' (first used in row 2); the column is unique"
    )


def test_unknown_foreign_key(tmp_path):
    data = write_package(tmp_path)
    add_table(data, "counts", {
        "fields": [{"name": "event", "type": "string"}, {"name": "n", "type": "integer"}],
        "foreignKeys": [{"fields": "event", "reference": {"resource": "events", "fields": "id"}}],
    }, ["event,n", "a-one,1", "a-nine,2"])
    assert error_in(data, "counts") == "data/counts.csv row 3, column event: unknown key 'a-nine' (not a id of data/events.csv)"


def test_missing_column(tmp_path):
    header = HEADER.replace(",flag", "")
    rows = [r.rsplit(",", 2)[0] + "," + r.rsplit(",", 1)[1] for r in GOOD_ROWS]
    message = error_for(tmp_path, header=header, rows=rows)
    assert message.startswith("data/events.csv row 1, column flag: missing column (the header must be id,date,")


def test_unexpected_column(tmp_path):
    message = error_for(tmp_path, header=HEADER + ",extra", rows=[r + ",x" for r in GOOD_ROWS])
    assert message == "data/events.csv row 1, column extra: unexpected column (not declared in datapackage.json)"


def test_columns_out_of_order(tmp_path):
    header = "date,id," + HEADER.split(",", 2)[2]
    message = error_for(tmp_path, header=header)
    assert message == f"data/events.csv row 1: the header is {header}; the header must be {HEADER}"


def test_wrong_delimiter(tmp_path):
    raw = "\n".join(line.replace(",", ";") for line in [HEADER, *GOOD_ROWS[:1]]) + "\n"
    assert error_for(tmp_path, raw=raw) == "data/events.csv row 1: wrong delimiter ';'; columns must be separated by ','"


def test_ragged_row(tmp_path):
    message = error_for(tmp_path, rows=[*GOOD_ROWS, "z,2020-01-01,day"])
    assert message == "data/events.csv row 5: has 3 cells but the header has 8 columns"


def test_empty_file(tmp_path):
    assert error_for(tmp_path, raw="") == "data/events.csv row 1: the file is empty (expected a header row)"


def test_missing_file(tmp_path):
    data = write_package(tmp_path)
    (data / "events.csv").unlink()
    assert error_in(data).startswith("data/events.csv: file not found (declared in datapackage.json as 'events'")


def test_invalid_descriptor(tmp_path):
    """An enum on a list field: Table Schema does not allow it (itemEnum does the work)."""
    data = write_package(tmp_path)
    set_constraint(data, "sources", enum=["src-a"])
    assert error_in(data) == ('data/datapackage.json: Field is not valid: '
                              'constraint "enum" is not supported by type "list"')


# --- what helpers.data adds ---


def test_header_without_rows(tmp_path):
    assert error_for(tmp_path, raw=HEADER + "\n") == "data/events.csv row 2: the file has a header but no data rows"


def test_unknown_bibliography_key(tmp_path):
    message = error_for(tmp_path, rows=[*GOOD_ROWS, "z,2020-01-01,day,diplomacy,1,1,true,src-a;src-x"])
    assert message == "data/events.csv row 5, column sources: unknown key 'src-x' (not in references.bib)"


@pytest.mark.parametrize("entry, column, expected", [
    ("@misc{src-c,\n  title = {C},\n  urldate = {2026-11-22}\n}\n", "url", "entry 'src-c' has neither a url nor a doi"),
    ("@misc{src-c,\n  title = {C},\n  url = {https://example.org/c}\n}\n", "urldate", "entry 'src-c' has no access date (urldate)"),
    ("@misc{src-c,\n  title = {C},\n  url = {https://example.org/c},\n  urldate = {2026-11-22},\n  date = {November 2024}\n}\n",
     "date", "entry 'src-c': 'November 2024' is not a date (expected YYYY-MM-DD)"),
])
def test_bibliography_entry_without_url_or_access_date_or_with_a_bad_date(tmp_path, entry, column, expected):
    data = write_package(tmp_path)
    (tmp_path / "references.bib").write_text(BIB + "\n" + entry, encoding="utf-8")
    assert error_in(data, "sources") == f"references.bib row 15, column {column}: {expected}"


def test_unknown_item_of_a_list(tmp_path):
    data = write_package(tmp_path)
    edit_descriptor(data, lambda d: d["resources"][0]["schema"]["fields"][-1].update(itemEnum=["src-a"]))
    assert error_in(data) == "data/events.csv row 3, column sources: 'src-b' is not one of: src-a"


@pytest.mark.parametrize("date, precision, expected", [
    ("2020-03-15", "month", "'2020-03-15' has month precision, so write it as YYYY-MM-01"),
    ("2020-03-01", "year", "'2020-03-01' has year precision, so write it as YYYY-01-01"),
])
def test_date_finer_than_its_precision(tmp_path, date, precision, expected):
    message = error_for(tmp_path, rows=[f"z,{date},{precision},diplomacy,1,1,true,src-a"])
    assert message == f"data/events.csv row 2, column date: {expected}"


@pytest.mark.parametrize("coverage, expected", [
    ({"start": 2020, "end": 2010}, "coverage: expected whole years with start <= end, found start=2020, end=2010"),
    ({"start": "2001", "end": 2020}, "coverage: expected whole years with start <= end, found start='2001', end=2020"),
    ({"note": "no years"}, "coverage: expected whole years with start <= end, found start=None, end=None"),
])
def test_bad_coverage_declaration(tmp_path, coverage, expected):
    data = write_package(tmp_path)
    edit_descriptor(data, lambda d: d["resources"][0].update(coverage=coverage))
    assert error_in(data) == f"data/datapackage.json: resource 'events', {expected}"


def test_no_coverage_declared_when_asked_for(tmp_path):
    with pytest.raises(DataError, match=r"datapackage.json: resource 'events' declares no coverage \(expected"):
        DataPackage(write_package(tmp_path)).covered_years("events")


def test_row_outside_the_declared_coverage(tmp_path):
    data = write_package(tmp_path)
    edit_descriptor(data, lambda d: d["resources"][0].update(coverage={"start": 2001, "end": 2010}))
    assert error_in(data) == ("data/events.csv row 4, column date: 2015 is outside the years 2001–2010 that "
                              "the resource 'events' declares it covers (coverage in datapackage.json)")


# --- the rules above cover what the real descriptor declares ---


def test_every_kind_of_declaration_in_the_data_package_has_a_rule_test():
    descriptor = json.loads((DATA_DIR / "datapackage.json").read_text(encoding="utf-8"))
    used = {kind: set() for kind in TESTED}
    for resource in descriptor["resources"]:
        schema = resource["schema"]
        used["schema property"] |= set(schema)
        for field in schema["fields"]:
            used["type"].add(field.get("type", "string"))
            used["field property"] |= set(field)
            used["constraint"] |= set(field.get("constraints", {}))
    untested = {kind: sorted(names - TESTED[kind]) for kind, names in used.items() if names - TESTED[kind]}
    assert not untested, f"declared in data/datapackage.json but no rule test shows its error: {untested}"
