"""Load the compendium's datasets through ``data/datapackage.json``.

Every table in ``data/`` is a resource of a Frictionless Data Package. :func:`load`
reads a table with `frictionless <https://framework.frictionlessdata.io/>`_, which
checks what Table Schema declares (types and formats, required fields, enums,
patterns, minimum and maximum, unique fields, primary and foreign keys, the header
and the CSV dialect), and returns a typed :class:`pandas.DataFrame`. The first
problem frictionless finds is translated into one :class:`DataError` line that names
the file, the row and the column and says what was expected, so a malformed CSV
stops the build instead of drawing a silently wrong chart.

Rows are counted as the file's records: the header is row 1, the first record row
2, so the number in a message is the line to open in an editor.

This module adds only what Table Schema cannot express, each documented in
``data/README.md``:

* a field of type ``date`` may name a ``precisionField`` (values ``day``,
  ``month`` or ``year``); a date known only to the month is written
  ``YYYY-MM-01`` and one known only to the year ``YYYY-01-01``;
* the package's ``bibliography`` property names the book's bibliography,
  ``references.bib``, which lies outside the package and so is not a resource
  (Frictionless refuses a resource path outside it); it is loaded as the table
  ``sources`` (key, first author's surname, title, url, access date, year and, where
  the entry gives one, the publication ``date``); its entries need a URL (or DOI) and
  an access date, and every field with ``"bibliographyKeys": true`` must hold keys of it;
* a ``list`` field may carry ``itemEnum``, the values its items may take (Table
  Schema allows no ``enum`` on a list);
* a resource may declare the years it is complete for (``coverage``); every row
  must fall inside them;
* a table has at least one record.

A table is read and checked once for each content of the files it depends on (the
descriptor, the table, the tables its foreign keys point at and the bibliography), of
this module and of the versions of pandas and frictionless. The checked table is kept
in memory and, as a pickle named by that digest, in ``_build/.data-cache`` beside the
package, so that a notebook's kernel loads what ``tools/check_data.py`` or an earlier
kernel checked without reading it again (frictionless is imported only when a table
has to be read); a changed file changes the digest, so a table is never served from
before an edit. Errors are never cached.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import date
from decimal import Decimal
from pathlib import Path

import pandas as pd

REPO_ROOT = Path(__file__).resolve().parents[2]
DATA_DIR = REPO_ROOT / "data"

_BIB_ENTRY = re.compile(r"@(\w+)\s*\{\s*([^,\s]+)\s*,")
_CONSTRAINT_NOTE = re.compile(r'constraint "(\w+)"')
_FIRST_ROW_NOTE = re.compile(r"row at position (\d+)")

#: What a cell of each type must look like, for messages.
_EXPECTED = {
    "date": "a date (expected YYYY-MM-DD)",
    "integer": "an integer",
    "number": "a number (digits with '.' as decimal mark)",
    "boolean": "a boolean (write true or false)",
    "year": "a year (expected YYYY)",
}

#: Tables read and checked in this process, by name and the digest of their inputs.
_FRAMES: dict[tuple[str, str], pd.DataFrame] = {}
_FRAMES_MAX = 256


def _code_stamp() -> bytes:
    """What else decides a checked table: this module's code and the readers' versions."""
    from importlib.metadata import PackageNotFoundError, version

    parts = [Path(__file__).read_bytes()]
    for package in ("pandas", "frictionless", "pybtex"):
        try:
            parts.append(f"{package}=={version(package)}".encode())
        except PackageNotFoundError:
            parts.append(package.encode())
    return b"\0".join(parts)


_CODE_STAMP = _code_stamp()


class DataError(ValueError):
    """A data file does not match its declared schema.

    The message names the file, the row and the column, e.g.
    ``data/events.csv row 17, column date: '2024-13-01' is not a date (expected YYYY-MM-DD)``.
    """


def _cell_error(file: str, row: int, column: str, message: str) -> DataError:
    return DataError(f"{file} row {row}, column {column}: {message}")


class DataPackage:
    """The tables declared in one ``datapackage.json``, loaded on demand."""

    def __init__(self, data_dir: Path | str = DATA_DIR):
        self.data_dir = Path(data_dir)
        self.descriptor_path = self.data_dir / "datapackage.json"
        self._display_root = self.data_dir.parent
        try:
            self._descriptor_bytes = self.descriptor_path.read_bytes()
            self.descriptor = json.loads(self._descriptor_bytes)
        except (OSError, ValueError) as exc:
            raise DataError(f"{self._display(self.descriptor_path)}: cannot be read ({exc})") from exc
        self.resources = {res["name"]: res for res in self.descriptor.get("resources", [])}
        bibliography = self.descriptor.get("bibliography")
        if bibliography:
            self.resources.setdefault(bibliography["name"], {**bibliography, "format": "bib"})
        self._frictionless = None

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
        """Return the named table as a typed DataFrame (a copy of its own), or raise DataError."""
        resource = self.resource(name)
        key = (name, self._digest(name))
        if key not in _FRAMES:
            frame = self._read_cached(*key)
            if frame is None:
                frame = self._load_bib(resource) if resource.get("format") == "bib" else self._load_csv(resource)
                self._write_cached(*key, frame)
            if len(_FRAMES) >= _FRAMES_MAX:
                _FRAMES.clear()
            _FRAMES[key] = frame
        return _FRAMES[key].copy()

    # --- checked tables kept between processes ---

    @property
    def cache_dir(self) -> Path:
        """Where checked tables are kept: ``_build/.data-cache`` beside the package's folder."""
        return self._display_root / "_build" / ".data-cache"

    def _read_cached(self, name: str, digest: str) -> pd.DataFrame | None:
        path = self.cache_dir / f"{name}-{digest}.pkl"
        try:
            return pd.read_pickle(path)
        except Exception:  # absent, unreadable or from another pandas: read the table again
            return None

    def _write_cached(self, name: str, digest: str, frame: pd.DataFrame) -> None:
        """Keep the checked table; drop its older versions. A read-only folder keeps nothing."""
        path = self.cache_dir / f"{name}-{digest}.pkl"
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.tmp")
            frame.to_pickle(partial)
            os.replace(partial, path)
            for older in path.parent.glob(f"{name}-*.pkl"):
                if older != path:
                    older.unlink(missing_ok=True)
        except OSError:
            pass

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
            years = _years(frame, self.resource(name))
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

    # --- what a table depends on, for the cache ---

    def _inputs(self, name: str) -> list[Path]:
        """The files a table's check reads: itself, its foreign-key targets, the bibliography."""
        resource = self.resource(name)
        if resource.get("format") == "bib":
            return [self.path_of(name)]
        paths = [self.path_of(name)]
        for fk in resource.get("schema", {}).get("foreignKeys", []):
            target = fk["reference"].get("resource")
            if target and target != name:
                paths.append(self.path_of(target))
        bibliography = self.descriptor.get("bibliography")
        if bibliography and any(f.get("bibliographyKeys") for f in resource.get("schema", {}).get("fields", [])):
            paths.append(self.path_of(bibliography["name"]))
        return paths

    def _digest(self, name: str) -> str:
        digest = hashlib.blake2b(_CODE_STAMP + b"\0" + self._descriptor_bytes, digest_size=16)
        for path in self._inputs(name):
            try:
                digest.update(path.read_bytes())
            except OSError:
                raise DataError(f"{self._display(path)}: file not found "
                                f"(declared in datapackage.json as {name!r} or needed by it)") from None
        return digest.hexdigest()

    # --- the bibliography as a table of source keys ---

    def _load_bib(self, resource: dict) -> pd.DataFrame:
        from pybtex.database import parse_string
        from pybtex.scanner import PybtexSyntaxError

        path = self.path_of(resource["name"])
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
            published = fields.get("date", "")
            if published:
                try:
                    published = date.fromisoformat(published)
                except ValueError:
                    raise _cell_error(shown, row, "date", f"entry {key!r}: {published!r} is not a date "
                                      "(expected YYYY-MM-DD)") from None
            authors = entry.persons.get("author") or entry.persons.get("editor") or []
            rows.append(
                {
                    "key": key,
                    "author": " ".join(authors[0].last_names).replace("{", "").replace("}", "") if authors else "",
                    "title": fields.get("title", "").strip("{}"),
                    "url": fields.get("url") or f"https://doi.org/{fields['doi']}",
                    "urldate": fields["urldate"],
                    "year": fields.get("year", ""),
                    "date": published or None,
                }
            )
        frame = pd.DataFrame(rows, columns=["key", "author", "title", "url", "urldate", "year", "date"])
        frame["date"] = pd.to_datetime(frame["date"])
        return frame

    # --- CSV tables, read by frictionless ---

    def _package(self):
        """The descriptor as a frictionless Package (opened once per DataPackage)."""
        if self._frictionless is None:
            from frictionless import FrictionlessException, Package

            try:
                self._frictionless = Package(str(self.descriptor_path))
            except FrictionlessException:
                report = Package.validate_descriptor(json.loads(self._descriptor_bytes))
                problems = [e.message for e in report.errors] + [e.message for t in report.tasks for e in t.errors]
                problems = problems or ["not a valid Data Package"]
                raise DataError(f"{self._display(self.descriptor_path)}: {problems[0]}") from None
        return self._frictionless

    def _read_rows(self, resource: dict, shown: str) -> list[tuple[int, list]]:
        """The table's records as (row number, typed values), or the first problem as DataError."""
        from frictionless import FrictionlessException

        table = self._package().get_resource(resource["name"])
        records = []
        try:
            with table:
                if not table.labels:
                    raise DataError(f"{shown} row 1: the file is empty (expected a header row)")
                if table.header.errors:
                    raise self._describe(table.header.errors, resource, shown)
                for row in table.row_stream:
                    if row.errors:
                        raise self._describe(row.errors, resource, shown)
                    records.append((row.row_number, row.to_list()))
        except FrictionlessException as exc:
            note = exc.error.note or exc.error.message
            if "empty" in note:
                raise DataError(f"{shown} row 1: the file is empty (expected a header row)") from None
            raise DataError(f"{shown}: cannot be read as declared in datapackage.json ({note})") from None
        if not records:
            raise DataError(f"{shown} row 2: the file has a header but no data rows")
        return records

    def _describe(self, errors: list, resource: dict, shown: str) -> DataError:
        """The first of frictionless's errors for one row or header, as one line."""
        fields = {f["name"]: f for f in resource["schema"]["fields"]}
        names = list(fields)
        shape = [e for e in errors if e.type in ("missing-cell", "extra-cell", "blank-row")]
        error = shape[0] if shape else errors[0]
        kind = error.type
        if kind in ("missing-label", "extra-label", "incorrect-label", "duplicate-label", "blank-label"):
            labels = error.labels
            if len(labels) == 1 and len(names) > 1:
                for delimiter in (";", "\t", "|"):
                    if delimiter in labels[0]:
                        return DataError(f"{shown} row 1: wrong delimiter {delimiter!r}; "
                                         "columns must be separated by ','")
            expected = "the header must be " + ",".join(names)
            missing = [name for name in names if name not in labels]
            if missing:
                return _cell_error(shown, 1, missing[0], f"missing column ({expected})")
            unexpected = [label for label in labels if label not in names]
            if unexpected:
                return _cell_error(shown, 1, unexpected[0], "unexpected column (not declared in datapackage.json)")
            return DataError(f"{shown} row 1: the header is {','.join(labels)}; {expected}")
        row = error.row_number
        if kind == "blank-row":
            return DataError(f"{shown} row {row}: blank line")
        if kind in ("missing-cell", "extra-cell"):
            return DataError(f"{shown} row {row}: has {len(error.cells)} cells but the header has {len(names)} columns")
        if kind == "type-error":
            field = fields[error.field_name]
            kind_of = field.get("type", "string")
            if kind_of == "list":
                kind_of = field.get("itemType", "string")
            expected = _EXPECTED.get(kind_of, f"a {kind_of}")
            fmt = field.get("format", "default")
            if fmt != "default":
                expected += f" in the format {fmt}"
            return _cell_error(shown, row, error.field_name, f"{error.cell!r} is not {expected}")
        if kind == "constraint-error":
            return _cell_error(shown, row, error.field_name,
                               _constraint_message(fields[error.field_name], error.cell, error.note))
        if kind == "unique-error":
            return _cell_error(shown, row, error.field_name,
                               f"duplicate value {error.cell!r} ({_first_use(error.note)}); the column is unique")
        if kind == "primary-key":
            key = resource["schema"]["primaryKey"]
            key = [key] if isinstance(key, str) else list(key)
            value = ", ".join(repr(error.cells[names.index(k)]) for k in key)
            return _cell_error(shown, row, ", ".join(key), f"duplicate key {value} ({_first_use(error.note)})")
        if kind == "foreign-key":
            target = self._display(self.path_of(error.reference_name))
            value = ", ".join(repr(v) for v in error.field_cells)
            return _cell_error(shown, row, ", ".join(error.field_names),
                               f"unknown key {value} (not a {', '.join(error.reference_field_names)} of {target})")
        column = getattr(error, "field_name", "")
        where = f"row {row}, column {column}" if column else f"row {row}"
        return DataError(f"{shown} {where}: {error.message}")

    def _load_csv(self, resource: dict) -> pd.DataFrame:
        path = self.path_of(resource["name"])
        shown = self._display(path)
        fields = resource["schema"]["fields"]
        records = self._read_rows(resource, shown)
        columns: dict[str, list] = {f["name"]: [] for f in fields}
        for _, values in records:
            for field, value in zip(fields, values):
                columns[field["name"]].append(_plain(value))
        rows = [row for row, _ in records]
        self._check_precision(fields, columns, rows, shown)
        self._check_item_enums(fields, columns, rows, shown)
        self._check_bibliography_keys(resource, columns, rows, shown)
        frame = pd.DataFrame({f["name"]: _typed_column(f, columns[f["name"]]) for f in fields})
        frame.attrs.update(name=resource["name"], path=shown, title=resource.get("title", ""))
        if "coverage" in resource:
            self._check_coverage(resource, frame, rows, shown)
        return frame

    # --- the rules Table Schema cannot express ---

    def _check_precision(self, fields, columns, rows, shown) -> None:
        for field in fields:
            other = field.get("precisionField")
            if not other:
                continue
            for value, precision, row in zip(columns[field["name"]], columns[other], rows):
                if value is None or precision is None:
                    continue
                if precision == "month" and value.day != 1:
                    raise _cell_error(shown, row, field["name"], f"'{value}' has month precision, so write it as YYYY-MM-01")
                if precision == "year" and (value.month, value.day) != (1, 1):
                    raise _cell_error(shown, row, field["name"], f"'{value}' has year precision, so write it as YYYY-01-01")

    def _check_item_enums(self, fields, columns, rows, shown) -> None:
        for field in fields:
            allowed = field.get("itemEnum")
            if allowed is None:
                continue
            for items, row in zip(columns[field["name"]], rows):
                for item in items or ():
                    if item not in allowed:
                        raise _cell_error(shown, row, field["name"],
                                          f"{item!r} is not one of: {', '.join(map(str, allowed))}")

    def _check_bibliography_keys(self, resource, columns, rows, shown) -> None:
        """Every key in a ``bibliographyKeys`` field is an entry of the bibliography."""
        checked = [f["name"] for f in resource["schema"]["fields"] if f.get("bibliographyKeys")]
        if not checked:
            return
        bibliography = self.descriptor.get("bibliography")
        if not bibliography:
            raise DataError(f"{self._display(self.descriptor_path)}: field {checked[0]!r} of "
                            f"{resource['name']!r} holds bibliography keys, but the package names no bibliography")
        known = set(self.load(bibliography["name"])["key"])
        target = self._display(self.path_of(bibliography["name"]))
        for name in checked:
            for value, row in zip(columns[name], rows):
                for item in value if isinstance(value, tuple) else (value,):
                    if item is not None and item not in known:
                        raise _cell_error(shown, row, name, f"unknown key {item!r} (not in {target})")

    def _check_coverage(self, resource, frame, rows, shown) -> None:
        """Every row falls inside the years the table declares it covers."""
        start, end = self.covered_years(resource["name"])
        years = _years(frame, resource)
        if years is None:
            return
        column = "year" if "year" in frame else next(f["name"] for f in resource["schema"]["fields"]
                                                      if f.get("type") == "date")
        for year, row in zip(years, rows):
            if pd.notna(year) and not start <= year <= end:
                raise _cell_error(shown, row, column,
                                  f"{int(year)} is outside the years {start}–{end} that the resource "
                                  f"{resource['name']!r} declares it covers (coverage in datapackage.json)")


def _years(frame: pd.DataFrame, resource: dict) -> pd.Series | None:
    """The year of each row: the ``year`` field, or else the year of the first date field."""
    if "year" in frame:
        return frame["year"]
    first_date = next((f["name"] for f in resource["schema"]["fields"] if f.get("type") == "date"), None)
    return frame[first_date].dt.year if first_date else None


def _first_use(note: str) -> str:
    match = _FIRST_ROW_NOTE.search(note or "")
    return f"first used in row {match.group(1)}" if match else "used before"


#: What a cell breaking each Table Schema constraint should have been, by constraint.
_CONSTRAINT_MESSAGES = {
    "required": "a value is required but the cell is empty",
    "enum": "{cell!r} is not one of: {limit}",
    "pattern": "{cell!r} does not match the pattern {limit}",
    "minimum": "{cell} is below the minimum {limit}",
    "maximum": "{cell} is above the maximum {limit}",
    "maxLength": "{cell!r} is longer than {limit} characters",
    "minLength": "{cell!r} is shorter than {limit} characters",
}


def _constraint_message(field: dict, cell: str, note: str) -> str:
    """What a cell breaking one of its field's constraints should have been."""
    match = _CONSTRAINT_NOTE.search(note or "")
    name = match.group(1) if match else ""
    limit = field.get("constraints", {}).get(name)
    if name == "enum":
        limit = ", ".join(map(str, limit))
    template = _CONSTRAINT_MESSAGES.get(name)
    if template:
        return template.format(cell=cell, limit=limit)
    return f"{cell!r} breaks the constraint {name or note} ({limit!r})"


def _plain(value):
    """A frictionless cell value as the DataFrame holds it: lists as tuples, decimals as floats."""
    if isinstance(value, list):
        return tuple(_plain(item) for item in value)
    if isinstance(value, Decimal):
        return float(value)
    return value


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
