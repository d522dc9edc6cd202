"""A small data package for tests: two sources, one table of events, written to a temporary folder."""

import json

BIB = """
@misc{src-a,
  title = {Source A},
  year = {2020},
  url = {https://example.org/a},
  urldate = {2026-11-22}
}
@misc{src-b,
  title = {Source B},
  year = {2021},
  url = {https://example.org/b},
  urldate = {2026-11-22}
}
"""

SCHEMA = {
    "fields": [
        {"name": "id", "type": "string", "constraints": {"required": True, "pattern": "[a-z0-9-]+"}},
        {"name": "date", "type": "date", "precisionField": "date_precision", "constraints": {"required": True}},
        {"name": "date_precision", "type": "string", "constraints": {"required": True, "enum": ["day", "month", "year"]}},
        {"name": "track", "type": "string", "constraints": {"required": True, "enum": ["diplomacy", "sanctions"]}},
        {"name": "count", "type": "integer", "constraints": {"minimum": 0}},
        {"name": "value", "type": "number"},
        {"name": "flag", "type": "boolean"},
        {"name": "sources", "type": "list", "delimiter": ";", "bibliographyKeys": True, "constraints": {"required": True}},
    ],
    "primaryKey": "id",
}

HEADER = "id,date,date_precision,track,count,value,flag,sources"
GOOD_ROWS = [
    "a-one,2001-05-14,day,diplomacy,3,1.5,true,src-a",
    "a-two,2006-10-01,month,sanctions,0,,false,src-a;src-b",
    "a-three,2015-01-01,year,diplomacy,,2,,src-b",
]


def write_package(root, rows=None, header=HEADER, raw=None):
    data = root / "data"
    data.mkdir(exist_ok=True)
    (root / "references.bib").write_text(BIB, encoding="utf-8")
    package = {
        "name": "fixture",
        "bibliography": {"name": "sources", "path": "../references.bib"},
        "resources": [
            {"name": "events", "path": "events.csv", "dialect": {"delimiter": ","}, "schema": SCHEMA},
        ],
    }
    (data / "datapackage.json").write_text(json.dumps(package), encoding="utf-8")
    if raw is None:
        raw = "\n".join([header, *(GOOD_ROWS if rows is None else rows)]) + "\n"
    target = data / "events.csv"
    if isinstance(raw, bytes):
        target.write_bytes(raw)
    else:
        target.write_text(raw, encoding="utf-8")
    return data


def edit_descriptor(data, change):
    """Apply ``change`` to the descriptor of the package in ``data`` (a dict, changed in place)."""
    path = data / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    change(descriptor)
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def add_table(data, name, schema, lines):
    """Declare one more table in the package and write its CSV (header first)."""
    edit_descriptor(data, lambda d: d["resources"].append({"name": name, "path": f"{name}.csv", "schema": schema}))
    (data / f"{name}.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
