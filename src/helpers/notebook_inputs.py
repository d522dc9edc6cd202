"""What each page reads besides its own text: its tables, the sources, this package.

jupyter-cache reuses a notebook's outputs while its code cells are unchanged, and
Sphinx re-reads a page only when its own file changes. Neither sees a corrected
CSV, so without this module the book would keep showing yesterday's figure.

Each page's hidden inputs are found in its code (:func:`page_inputs`): the tables it
names in ``load("...")`` or ``covered_years([...])`` calls, with the tables those
reference and the bibliography; every table, the bibliography and the book's pages when
it reads the whole package or the book's sources (a call with a variable argument counts
as reading everything); the book's pages when it counts their words
(``helpers.reading.page_words``); and always the ``helpers`` package and the package descriptor,
so a change to the code still re-runs every page. A page that shows another notebook's
glued numbers inherits that notebook's inputs, and a page with a bibliography depends
on the bibliography and its classes.

:func:`refresh_cache` drops from the execution cache exactly the notebooks whose inputs
changed since they were cached (``tools/execute_parallel.py`` calls it before
executing), and the Sphinx extension ``book_sphinx.inputs`` has exactly those pages
re-read. When
in doubt a page is re-run: a cache with no record of the inputs it was filled under is
emptied.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from helpers.data import REPO_ROOT

#: Stored in the execution cache's folder: each notebook's inputs digest when it was cached.
STAMP = "notebook-inputs.json"

_LOAD = re.compile(r"""\bload\(\s*(["'])([A-Za-z_][\w]*)\1""")
_COVERED = re.compile(r"""\bcovered_years\(\s*\[([^\]]*)\]""")
_ANY_CALL = re.compile(r"""\b(load|covered_years)\(\s*([^\s)\]\["'][^)]*)\)""")
_NAMED_TABLES = re.compile(r"""\bcovered_years\(\s*([A-Z][A-Z0-9_]*)\s*\)""")
_WHOLE_PACKAGE = re.compile(r"\bDataPackage\(|\bvalidate_all\(|\bbook_citations\(|\btoc_pages\(|\bfrom helpers import [^\n]*\bsources\b")
_READS_PAGES = re.compile(r"\bpage_words\(")
_CROSS_GLUE = re.compile(r"\{glue(?::\w+)?\}`([\w.-]+\.(?:ipynb|md))::")
_BIBLIOGRAPHY = re.compile(r"\{bibliography\}")


def _code_and_text(path: Path) -> tuple[str, str]:
    """The code of a page (notebook code cells, or a MyST page's code cells) and its text."""
    text = path.read_text(encoding="utf-8")
    if path.suffix == ".ipynb":
        cells = json.loads(text)["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        prose = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "markdown")
        return code, prose
    code = "\n".join(re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S))
    return code, text


def _package(root: Path) -> dict:
    return json.loads((root / "data" / "datapackage.json").read_text(encoding="utf-8"))


def _table_files(root: Path, names: set[str]) -> set[Path]:
    """The files of the named tables and of the tables their foreign keys point at."""
    resources = {r["name"]: r for r in _package(root).get("resources", [])}
    files, todo = set(), list(names)
    while todo:
        name = todo.pop()
        resource = resources.get(name)
        if resource is None or (root / "data" / resource["path"]) in files:
            continue
        files.add(root / "data" / resource["path"])
        todo += [fk["reference"]["resource"] for fk in resource.get("schema", {}).get("foreignKeys", [])]
    return files


def _always(root: Path) -> set[Path]:
    """The code every page depends on: the helpers, and the Sphinx extensions that render it."""
    return (set((root / "src" / "helpers").rglob("*.py")) | set((root / "src" / "book_sphinx").rglob("*.py"))
            | {root / "data" / "datapackage.json"})


def _book_pages(root: Path) -> set[Path]:
    return {p for p in (root / "chapters").rglob("*") if p.suffix in (".md", ".ipynb")
            and ".ipynb_checkpoints" not in p.parts} | {root / "_toc.yml"}


def _whole_book(root: Path) -> set[Path]:
    files = {p for p in (root / "data").rglob("*") if p.is_file()}
    return files | _book_pages(root) | {root / "references.bib"}


def _constant_tables(code: str) -> tuple[str, set[str]]:
    """Replace ``covered_years(SOME_TABLES)`` by nothing when ``SOME_TABLES`` is a tuple of
    table names in :mod:`helpers.analysis`; return the code left and the names found."""
    from helpers import analysis

    names = set()

    def resolve(match):
        value = getattr(analysis, match.group(1), None)
        if isinstance(value, (tuple, list)) and value and all(isinstance(v, str) for v in value):
            names.update(value)
            return ""
        return match.group(0)

    return _NAMED_TABLES.sub(resolve, code), names


def page_inputs(page: Path, root: Path = REPO_ROOT, _seen: frozenset = frozenset()) -> set[Path]:
    """Every file whose change must re-run or re-read ``page`` (see the module docstring)."""
    code, text = _code_and_text(page)
    code, constant_names = _constant_tables(code)
    inputs = _always(root)
    if _WHOLE_PACKAGE.search(code) or _ANY_CALL.search(code):
        return inputs | _whole_book(root)
    if _READS_PAGES.search(code):
        inputs |= _book_pages(root)
    names = {m.group(2) for m in _LOAD.finditer(code)} | constant_names
    names |= {n.strip().strip("'\"") for m in _COVERED.finditer(code) for n in m.group(1).split(",") if n.strip()}
    inputs |= _table_files(root, names)
    if names:
        inputs.add(root / "references.bib")  # every table's sources are checked against it
    if _BIBLIOGRAPHY.search(text):
        inputs |= {root / "references.bib", root / "data" / "source_domains.csv"}
    for other in {m.group(1) for m in _CROSS_GLUE.finditer(text)}:
        source = page.parent / other
        if source.exists() and source not in _seen:
            inputs |= page_inputs(source, root, _seen | {page}) | {source}
    return inputs


def page_digest(page: Path, root: Path = REPO_ROOT) -> str:
    """A fingerprint of the contents (not the times) of a page's hidden inputs."""
    hasher = hashlib.sha256()
    for path in sorted(page_inputs(page, root), key=lambda p: p.relative_to(root).as_posix()):
        hasher.update(path.relative_to(root).as_posix().encode() + b"\0")
        hasher.update((path.read_bytes() if path.exists() else b"<missing>") + b"\0")
    return hasher.hexdigest()


#: How jupyter-cache reads each kind of page (as tools/execute_parallel.py and myst-nb do).
READERS = {".ipynb": {"name": "nbformat", "type": "plugin"}, ".md": {"name": "myst_nb_md", "type": "plugin"}}


def _key(page: Path, root: Path) -> str:
    return page.resolve().relative_to(root.resolve()).as_posix()


def refresh_cache(cache_path: Path | str, pages: list[Path], root: Path = REPO_ROOT) -> list[Path]:
    """Drop from the execution cache the notebooks among ``pages`` whose inputs changed
    since they were cached, and record the current digests. Returns the pages dropped.

    A cached notebook is found by its content, as jupyter-cache finds it, so a moved or
    copied repository is handled too. A cache without a record of its inputs cannot be
    trusted and is emptied whole.
    """
    from jupyter_cache import get_cache
    from jupyter_cache.readers import get_reader

    cache_path = Path(cache_path)
    stamp = cache_path / STAMP
    current = {_key(page, root): page_digest(page, root) for page in pages}
    if not stamp.exists():
        shutil.rmtree(cache_path, ignore_errors=True)
        cache_path.mkdir(parents=True)
        stamp.write_text(json.dumps(current, indent=1, sort_keys=True), encoding="utf-8")
        return list(pages)
    previous = json.loads(stamp.read_text(encoding="utf-8"))
    stale = [page for page in pages if previous.get(_key(page, root)) != current[_key(page, root)]]
    if stale:
        cache = get_cache(str(cache_path))
        for page in stale:
            try:
                record = cache.match_cache_notebook(get_reader(READERS[page.suffix])(str(page)))
            except KeyError:
                continue  # not cached: it will run anyway
            cache.remove_cache(record.pk)
    stamp.write_text(json.dumps({**previous, **current}, indent=1, sort_keys=True), encoding="utf-8")
    return stale
