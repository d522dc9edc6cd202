"""Load the compendium's datasets, checked against ``data/datapackage.json``.

Every table in ``data/`` is declared in a Frictionless Data Package descriptor
(Table Schema: field types, required fields, enums, patterns, primary keys and
foreign keys). :func:`load` reads a table, checks every cell against that
declaration and returns a typed :class:`pandas.DataFrame`. A file that breaks
its schema raises :class:`DataError` naming the file, the row and the column,
so a malformed CSV stops the build instead of drawing a silently wrong chart.

Rows are counted as lines of the file: the header is row 1, the first record
row 2, so the number in a message is the line to open in an editor.

Two small extensions to Table Schema are used and documented in
``data/README.md``:

* a field of type ``date`` may name a ``precisionField`` (values ``day``,
  ``month`` or ``year``); a date known only to the month is written
  ``YYYY-MM-01`` and one known only to the year ``YYYY-01-01``;
* the package's ``bibliography`` property names the book's bibliography,
  ``references.bib``, which lies outside the package and so is not a resource
  (Frictionless refuses a resource path outside it); it is loaded as the table
  ``sources``, and every field with ``"bibliographyKeys": true`` must hold keys
  of it, so a source key in a table is always one the book can cite;
* a ``list`` field may carry ``itemEnum``, the values its items may take (Table
  Schema allows no ``enum`` on a list).

With these two properties kept outside Table Schema's own, the descriptor is a
valid Data Package: ``frictionless validate data/datapackage.json`` passes.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"

_INTEGER = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?\d+(\.\d+)?")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_BIB_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,")
_PRECISIONS = ("day", "month", "year")
_KNOWN_TYPES = {"string", "integer", "number", "boolean", "date", "list"}


#: Parsed bibliographies by (path, modification time, size): parsing takes most of a load.
_BIB_CACHE: dict[tuple, pd.DataFrame] = {}


class DataError(ValueError):
    """A data file does not match its declared schema.

    The message names the file, the row and the column, e.g.
    ``data/events.csv row 17, column date: '2024-13-01' is not a date``.
    """


def _cell_error(file: str, row: int, column: str, message: str) -> DataError:
    return DataError(f"{file} row {row}, column {column}: {message}")


# --- cell parsers: each returns a Python value or raises ValueError(reason) ---


def _parse_integer(text: str) -> int:
    if not _INTEGER.fullmatch(text):
        raise ValueError(f"{text!r} is not an integer")
    return int(text)


def _parse_number(text: str) -> float:
    if not _NUMBER.fullmatch(text):
        raise ValueError(f"{text!r} is not a number (digits with '.' as decimal mark)")
    return float(text)


def _parse_boolean(text: str) -> bool:
    if text not in ("true", "false"):
        raise ValueError(f"{text!r} is not a boolean (write true or false)")
    return text == "true"


def _parse_date(text: str) -> date:
    try:
        if not _ISO_DATE.fullmatch(text):
            raise ValueError
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"{text!r} is not a date (expected YYYY-MM-DD)") from None


_PARSERS = {
    "string": str,
    "integer": _parse_integer,
    "number": _parse_number,
    "boolean": _parse_boolean,
    "date": _parse_date,
}


class DataPackage:
    """The tables declared in one ``datapackage.json``, loaded on demand."""

    def __init__(self, data_dir: Path | str = DATA_DIR):
        self.data_dir = Path(data_dir)
        self.descriptor_path = self.data_dir / "datapackage.json"
        self._display_root = self.data_dir.parent
        try:
            self.descriptor = json.loads(self.descriptor_path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as exc:
            raise DataError(f"{self._display(self.descriptor_path)}: cannot be read ({exc})") from exc
        self.resources = {res["name"]: res for res in self.descriptor.get("resources", [])}
        bibliography = self.descriptor.get("bibliography")
        if bibliography:
            self.resources.setdefault(bibliography["name"], {**bibliography, "format": "bib"})
        self._tables: dict[str, pd.DataFrame] = {}

    def _display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self._display_root.resolve()).as_posix()
        except ValueError:
            return str(path)

    def path_of(self, name: str) -> Path:
        return (self.data_dir / self.resource(name)["path"]).resolve()

    def resource(self, name: str) -> dict:
        if name not in self.resources:
            known = ", ".join(sorted(self.resources))
            raise DataError(
                f"{self._display(self.descriptor_path)}: no dataset named {name!r} (known: {known})"
            )
        return self.resources[name]

    def load(self, name: str) -> pd.DataFrame:
        """Return the named table as a typed DataFrame, or raise DataError."""
        if name not in self._tables:
            resource = self.resource(name)
            if resource.get("format") == "bib":
                self._tables[name] = self._load_bib(resource)
            else:
                self._tables[name] = self._load_csv(resource)
        return self._tables[name]

    def validate_all(self) -> dict[str, int]:
        """Load every declared table; return the number of rows of each."""
        return {name: len(self.load(name)) for name in self.resources}

    def tables(self) -> list[str]:
        """Names of the data tables (every resource except the bibliography)."""
        return [name for name, res in self.resources.items() if res.get("format") != "bib"]

    def covered_years(self, name: str) -> tuple[int, int]:
        """The first and last year the named table is complete for, from its resource's
        ``coverage`` (``{"start": 2016, "end": 2025, "note": ...}``) in the descriptor.

        Outside these years the table says nothing: a count there is missing, not zero.
        """
        shown = self._display(self.descriptor_path)
        declared = self.resource(name).get("coverage")
        if not isinstance(declared, dict):
            raise DataError(f"{shown}: resource {name!r} declares no coverage "
                            '(expected "coverage": {"start": <year>, "end": <year>, "note": ...})')
        start, end = declared.get("start"), declared.get("end")
        if not (isinstance(start, int) and isinstance(end, int) and start <= end):
            raise DataError(f"{shown}: resource {name!r}, coverage: expected whole years with start <= end, "
                            f"found start={start!r}, end={end!r}")
        return start, end

    def coverage(self) -> pd.DataFrame:
        """One row per table: rows, the years it spans and how many sources it cites.

        The span comes from the table's ``year`` field, or else its first date field.
        """
        rows = []
        for name in self.tables():
            frame = self.load(name)
            fields = self.resource(name)["schema"]["fields"]
            first_date = next((f["name"] for f in fields if f.get("type") == "date"), None)
            if "year" in frame:
                years = frame["year"]
            elif first_date:
                years = frame[first_date].dt.year
            else:
                years = None
            # A table about sources (source_domains) cites none itself: no count, not zero.
            keys = {key for cell in frame["sources"] for key in cell} if "sources" in frame else None
            rows.append(
                {
                    "table": name,
                    "title": self.resource(name).get("title", ""),
                    "rows": len(frame),
                    "first_year": int(years.min()) if years is not None else None,
                    "last_year": int(years.max()) if years is not None else None,
                    "sources": len(keys) if keys is not None else None,
                }
            )
        return pd.DataFrame(rows).astype({"first_year": "Int64", "last_year": "Int64", "sources": "Int64"})

    # --- the bibliography as a table of source keys ---

    def _load_bib(self, resource: dict) -> pd.DataFrame:
        path = self.path_of(resource["name"])
        stat = path.stat()
        key = (str(path), stat.st_mtime_ns, stat.st_size)
        if key not in _BIB_CACHE:
            _BIB_CACHE[key] = self._parse_bib(path)
        return _BIB_CACHE[key].copy()

    def _parse_bib(self, path: Path) -> pd.DataFrame:
        from pybtex.database import parse_string
        from pybtex.scanner import PybtexSyntaxError

        shown = self._display(path)
        text = path.read_text(encoding="utf-8")
        try:
            bib = parse_string(text, "bibtex")
        except PybtexSyntaxError as exc:
            raise DataError(f"{shown}: not valid BibTeX ({exc})") from exc
        lines = {m.group(2): text.count("\n", 0, m.start()) + 1 for m in _BIB_ENTRY.finditer(text)}
        rows = []
        for key, entry in bib.entries.items():
            fields = {k.lower(): v for k, v in entry.fields.items()}
            row = lines.get(key, 0)
            if not (fields.get("url") or fields.get("doi")):
                raise _cell_error(shown, row, "url", f"entry {key!r} has neither a url nor a doi")
            if not fields.get("urldate"):
                raise _cell_error(shown, row, "urldate", f"entry {key!r} has no access date (urldate)")
            rows.append(
                {
                    "key": key,
                    "title": fields.get("title", "").strip("{}"),
                    "url": fields.get("url") or f"https://doi.org/{fields['doi']}",
                    "urldate": fields["urldate"],
                    "year": fields.get("year", ""),
                }
            )
        return pd.DataFrame(rows, columns=["key", "title", "url", "urldate", "year"])

    # --- CSV tables ---

    def _read_records(self, path: Path, shown: str, width: int) -> tuple[list[str], list[tuple[int, list[str]]]]:
        raw = path.read_bytes()
        if raw.startswith(b"\xef\xbb\xbf"):
            raise DataError(f"{shown} row 1: the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM")
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            row = raw.count(b"\n", 0, exc.start) + 1
            raise DataError(f"{shown} row {row}: not valid UTF-8 ({exc.reason})") from None
        if not text.strip():
            raise DataError(f"{shown} row 1: the file is empty (expected a header row)")
        reader = csv.reader(text.splitlines(keepends=True), strict=True)
        records: list[tuple[int, list[str]]] = []
        try:
            header = next(reader)
            for cells in reader:
                records.append((reader.line_num, cells))
        except csv.Error as exc:
            raise DataError(f"{shown} row {reader.line_num}: malformed CSV ({exc})") from None
        if len(header) == 1 and width > 1:
            for delimiter in (";", "\t", "|"):
                if delimiter in header[0]:
                    raise DataError(f"{shown} row 1: wrong delimiter {delimiter!r}; columns must be separated by ','")
        return header, records

    def _check_header(self, header: list[str], expected: list[str], shown: str) -> None:
        missing = [c for c in expected if c not in header]
        if missing:
            raise _cell_error(shown, 1, missing[0], "missing column (the header must be " + ",".join(expected) + ")")
        unexpected = [c for c in header if c not in expected]
        if unexpected:
            raise _cell_error(shown, 1, unexpected[0], "unexpected column (not declared in datapackage.json)")
        if header != expected:
            raise DataError(f"{shown} row 1: columns are out of order; expected " + ",".join(expected))

    def _load_csv(self, resource: dict) -> pd.DataFrame:
        path = self.path_of(resource["name"])
        shown = self._display(path)
        if not path.exists():
            raise DataError(f"{shown}: file not found (declared in datapackage.json as {resource['name']!r})")
        fields = resource["schema"]["fields"]
        for field in fields:
            if field.get("type", "string") not in _KNOWN_TYPES:
                raise DataError(
                    f"{self._display(self.descriptor_path)}: field {field['name']!r} of "
                    f"{resource['name']!r} has unsupported type {field.get('type')!r}"
                )
        names = [f["name"] for f in fields]
        header, records = self._read_records(path, shown, len(names))
        self._check_header(header, names, shown)
        if not records:
            raise DataError(f"{shown} row 2: the file has a header but no data rows")

        columns: dict[str, list] = {n: [] for n in names}
        row_numbers: list[int] = []
        for row, cells in records:
            if not cells:
                raise DataError(f"{shown} row {row}: blank line")
            if len(cells) != len(names):
                raise DataError(f"{shown} row {row}: has {len(cells)} cells but the header has {len(names)} columns")
            for field, text in zip(fields, cells):
                columns[field["name"]].append(self._parse_cell(field, text, shown, row))
            row_numbers.append(row)

        self._check_precision(fields, columns, row_numbers, shown)
        self._check_unique(resource, fields, columns, row_numbers, shown)
        self._check_foreign_keys(resource, columns, row_numbers, shown)
        frame = pd.DataFrame({f["name"]: _typed_column(f, columns[f["name"]]) for f in fields})
        frame.attrs.update(name=resource["name"], path=shown, title=resource.get("title", ""))
        return frame

    def _parse_cell(self, field: dict, text: str, shown: str, row: int):
        name = field["name"]
        constraints = field.get("constraints", {})
        if text != text.strip():
            raise _cell_error(shown, row, name, f"{text!r} has leading or trailing spaces")
        if text == "":
            if constraints.get("required"):
                raise _cell_error(shown, row, name, "a value is required but the cell is empty")
            return None
        kind = field.get("type", "string")
        try:
            if kind == "list":
                items = text.split(field.get("delimiter", ","))
                if any(item == "" or item != item.strip() for item in items):
                    raise ValueError(f"{text!r} has an empty or padded item")
                parse = _PARSERS[field.get("itemType", "string")]
                value = tuple(parse(item) for item in items)
                for item in value:
                    _check_constraints(item, {**constraints, "enum": field.get("itemEnum")}
                                       if field.get("itemEnum") else constraints)
                return value
            value = _PARSERS[kind](text)
            _check_constraints(value, constraints)
            return value
        except ValueError as exc:
            raise _cell_error(shown, row, name, str(exc)) from None

    def _check_precision(self, fields, columns, row_numbers, shown) -> None:
        for field in fields:
            other = field.get("precisionField")
            if not other:
                continue
            for value, precision, row in zip(columns[field["name"]], columns[other], row_numbers):
                if value is None or precision is None:
                    continue
                if precision == "month" and value.day != 1:
                    raise _cell_error(shown, row, field["name"], f"'{value}' has month precision, so write it as YYYY-MM-01")
                if precision == "year" and (value.month, value.day) != (1, 1):
                    raise _cell_error(shown, row, field["name"], f"'{value}' has year precision, so write it as YYYY-01-01")

    def _check_unique(self, resource, fields, columns, row_numbers, shown) -> None:
        keys = resource["schema"].get("primaryKey")
        key_sets = [[keys] if isinstance(keys, str) else keys] if keys else []
        key_sets += [[f["name"]] for f in fields if f.get("constraints", {}).get("unique")]
        for key in key_sets:
            seen: dict[tuple, int] = {}
            for i, row in enumerate(row_numbers):
                value = tuple(columns[k][i] for k in key)
                if value in seen:
                    shown_value = ", ".join(repr(_as_text(v)) for v in value)
                    raise _cell_error(
                        shown, row, ", ".join(key), f"duplicate key {shown_value} (first used in row {seen[value]})"
                    )
                seen[value] = row

    def _check_foreign_keys(self, resource, columns, row_numbers, shown) -> None:
        """Every key in a ``bibliographyKeys`` field is a bibliography entry, and every value
        of a foreign key is a key of the table it points at."""
        checks = []
        bibliography = self.descriptor.get("bibliography")
        for field in resource["schema"]["fields"]:
            if field.get("bibliographyKeys"):
                if not bibliography:
                    raise DataError(f"{self._display(self.descriptor_path)}: field {field['name']!r} of "
                                    f"{resource['name']!r} holds bibliography keys, but the package names no bibliography")
                checks.append((field["name"], bibliography["name"], "key"))
        checks += [(fk["fields"], fk["reference"]["resource"], fk["reference"]["fields"])
                   for fk in resource["schema"].get("foreignKeys", [])]
        for field, target, target_field in checks:
            allowed = set(self.load(target)[target_field])
            target_file = self._display(self.path_of(target))
            for value, row in zip(columns[field], row_numbers):
                for item in value if isinstance(value, tuple) else (value,):
                    if item is not None and item not in allowed:
                        raise _cell_error(shown, row, field, f"unknown key {item!r} (not in {target_file})")


def _as_text(value) -> str:
    """A parsed cell written back as it appears in the CSV, for error messages."""
    if isinstance(value, tuple):
        return ";".join(map(_as_text, value))
    if isinstance(value, date):
        return value.isoformat()
    return str(value)


def _check_constraints(value, constraints: dict) -> None:
    enum = constraints.get("enum")
    if enum is not None and value not in enum:
        raise ValueError(f"{value!r} is not one of: {', '.join(map(str, enum))}")
    pattern = constraints.get("pattern")
    if pattern is not None and not re.fullmatch(pattern, str(value)):
        raise ValueError(f"{value!r} does not match the pattern {pattern}")
    if "minimum" in constraints and value < constraints["minimum"]:
        raise ValueError(f"{value!r} is below the minimum {constraints['minimum']}")
    if "maximum" in constraints and value > constraints["maximum"]:
        raise ValueError(f"{value!r} is above the maximum {constraints['maximum']}")
    if "maxLength" in constraints and len(str(value)) > constraints["maxLength"]:
        raise ValueError(f"{value!r} is longer than {constraints['maxLength']} characters")


def _typed_column(field: dict, values: list) -> pd.Series:
    kind = field.get("type", "string")
    if kind == "integer":
        return pd.Series(values, dtype="Int64")
    if kind == "number":
        return pd.Series(values, dtype="Float64")
    if kind == "boolean":
        return pd.Series(values, dtype="boolean")
    if kind == "date":
        return pd.Series(pd.to_datetime(values), dtype="datetime64[ns]")
    if kind == "list":
        return pd.Series(values, dtype=object)
    enum = field.get("constraints", {}).get("enum")
    if enum is not None:
        return pd.Series(pd.Categorical(values, categories=enum))
    return pd.Series(values, dtype="string")


def load(name: str, data_dir: Path | str = DATA_DIR) -> pd.DataFrame:
    """Load one named dataset from ``data/`` as a typed, validated DataFrame."""
    return DataPackage(data_dir).load(name)


def covered_years(names, data_dir: Path | str = DATA_DIR) -> dict[str, tuple[int, int]]:
    """The years each named table is complete for (see :meth:`DataPackage.covered_years`)."""
    package = DataPackage(data_dir)
    return {name: package.covered_years(name) for name in names}


def validate_all(data_dir: Path | str = DATA_DIR) -> dict[str, int]:
    """Validate every dataset in ``data/``; return the row count of each."""
    return DataPackage(data_dir).validate_all()
