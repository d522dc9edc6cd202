"""Every live table, corrupted the ways a contributor might, fails loudly and precisely.

Each test copies data/ and references.bib to a temporary folder, breaks one cell of
the first record (row 2) and checks the error names file, row and column; the
originals are never touched.
"""

import csv
import hashlib
import io
import shutil

import pytest

from helpers.data import DATA_DIR, REPO_ROOT, DataError, DataPackage

PACKAGE = DataPackage(DATA_DIR)
TABLES = PACKAGE.tables()


def fingerprint() -> str:
    digest = hashlib.sha256()
    for path in sorted(DATA_DIR.iterdir()):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()


@pytest.fixture(scope="module")
def original():
    before = fingerprint()
    yield
    assert fingerprint() == before, "a test modified the real data"


@pytest.fixture
def copy(tmp_path, original):
    shutil.copytree(DATA_DIR, tmp_path / "data")
    shutil.copy(REPO_ROOT / "references.bib", tmp_path / "references.bib")
    return tmp_path / "data"


def rewrite(data, name, mutate):
    path = data / PACKAGE.resource(name)["path"]
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"))))
    mutate(rows)
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")


def first_field(name, predicate):
    fields = PACKAGE.resource(name)["schema"]["fields"]
    return next(((i, f) for i, f in enumerate(fields) if predicate(f)), (None, None))


def expect(data, name, column, row=2):
    with pytest.raises(DataError) as info:
        DataPackage(data).load(name)
    assert str(info.value).startswith(f"data/{PACKAGE.resource(name)['path']} row {row}, column {column}")
    return str(info.value)


#: Ways a contributor might break one cell: which column, what they type, what the error says.
CELL_CORRUPTIONS = {
    "wrong type": (lambda f: f.get("type") in ("integer", "number", "date"), "n/a", ""),
    "bad date": (lambda f: f.get("type") == "date", "2024-13-01", "'2024-13-01' is not a date"),
    "unknown category": (lambda f: "enum" in f.get("constraints", {}), "no-such-category", "is not one of"),
    "unknown source": (lambda f: f["name"] == "sources", "no-such-source-2099", "unknown key 'no-such-source-2099'"),
    "missing source": (lambda f: f["name"] == "sources", "", "a value is required"),
}


@pytest.mark.parametrize("name", TABLES)
@pytest.mark.parametrize("corruption", CELL_CORRUPTIONS)
def test_corrupted_cell(copy, name, corruption):
    applies, value, message = CELL_CORRUPTIONS[corruption]
    i, field = first_field(name, applies)
    if field is None:
        pytest.skip(f"{name} has no column a '{corruption}' can break")

    def mutate(rows):
        rows[1][i] = value

    rewrite(copy, name, mutate)
    assert message in expect(copy, name, field["name"])


@pytest.mark.parametrize("name", TABLES)
def test_duplicate_key(copy, name):
    rewrite(copy, name, lambda rows: rows.insert(2, list(rows[1])))
    with pytest.raises(DataError, match=r"row 3, column .*: duplicate key"):
        DataPackage(copy).load(name)


@pytest.mark.parametrize("name", TABLES)
def test_byte_order_mark_and_wrong_delimiter(copy, name):
    path = copy / PACKAGE.resource(name)["path"]
    text = path.read_text(encoding="utf-8")
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    with pytest.raises(DataError, match="row 1: the file starts with a byte-order mark"):
        DataPackage(copy).load(name)
    rows = list(csv.reader(io.StringIO(text)))
    out = io.StringIO()
    csv.writer(out, delimiter=";", lineterminator="\n").writerows(rows)
    path.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(DataError, match="row 1: wrong delimiter ';'"):
        DataPackage(copy).load(name)


@pytest.mark.parametrize("name", TABLES)
def test_empty_file(copy, name):
    (copy / PACKAGE.resource(name)["path"]).write_text("", encoding="utf-8")
    with pytest.raises(DataError, match="row 1: the file is empty"):
        DataPackage(copy).load(name)
