"""data/datapackage.json is a valid Data Package, as Frictionless (the format's own tool)
reads it. What helpers.data makes of each kind of error is in test_data_rules.py."""

import json
import shutil

import pytest
from frictionless import FrictionlessException, Package

from helpers.data import DATA_DIR


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
