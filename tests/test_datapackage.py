"""data/datapackage.json is a valid Data Package, as Frictionless (the format's own tool)
reads it, and the two properties the book adds outside Table Schema do their work."""

import json
import shutil

import pytest
from frictionless import FrictionlessException, Package

from fixture_package import write_package
from helpers.data import DATA_DIR, DataError, load


def errors_of(descriptor_path) -> list[str]:
    try:
        report = Package(str(descriptor_path)).validate()
    except FrictionlessException as error:
        return [str(error)]
    return [f"{task.name}: {error.message}" for task in report.tasks for error in task.errors] + \
        [error.message for error in report.errors]


def test_the_descriptor_and_every_table_are_valid_for_frictionless():
    problems = errors_of(DATA_DIR / "datapackage.json")
    assert not problems, f"frictionless validate data/datapackage.json: {problems[:10]}"


@pytest.mark.parametrize("break_it, expected", [
    (lambda d: d["resources"][0]["schema"]["fields"][0]["constraints"].update(enum=["x"]), "constraint"),
    (lambda d: d["resources"].append({"name": "bib", "path": "../references.bib"}), "not safe"),
])
def test_frictionless_refuses_a_broken_descriptor(tmp_path, break_it, expected):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copy(DATA_DIR.parent / "references.bib", tmp_path / "references.bib")
    path = tmp_path / "data" / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    break_it(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")
    assert any(expected in problem for problem in errors_of(path)), errors_of(path)


def test_a_list_items_values_are_checked_against_its_item_enum(tmp_path):
    data = write_package(tmp_path)
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    field = next(f for f in descriptor["resources"][0]["schema"]["fields"] if f["name"] == "sources")
    field["itemEnum"] = ["src-a"]
    (data / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    with pytest.raises(DataError, match=r"data/events.csv row 3, column sources: 'src-b' is not one of: src-a"):
        load("events", data)


def test_bibliography_keys_must_be_entries_of_the_bibliography(tmp_path):
    data = write_package(tmp_path, rows=["a-one,2001-05-14,day,diplomacy,3,1.5,true,src-z"])
    with pytest.raises(DataError, match=r"row 2, column sources: unknown key 'src-z' \(not in references.bib\)"):
        load("events", data)
