"""The notebooks nbval runs become the test build's execution cache (tools/nbval_cache.py):
with the outputs Jupyter itself would record, found again by the build from the pages,
and never a notebook that failed or whose outputs nbval cannot record faithfully."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from jupyter_cache import get_cache
from jupyter_cache.readers import get_reader
from myst_nb.cli import md_to_nb
from nbclient import NotebookClient

from helpers.data import REPO_ROOT
from helpers.notebook_inputs import STAMP

sys.path.insert(0, str(REPO_ROOT))
from tools.execute_parallel import MYST_READER, toc_notebooks  # noqa: E402

CELLS = {
    "good": ["x = 6 * 7\nx",
             "print('printed')",
             "x;  # a closing ';' hides the value in Jupyter",
             "from IPython.display import HTML, display\ndisplay(HTML('<b>shown</b>'))\n'and a value'"],
    "failing": ["x = 1", "1 / 0"],
    "widget": ["import ipywidgets\nipywidgets.IntSlider()"],
}


def notebook(cells: list[str]) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in cells])
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return nb


def comparable(outputs: list) -> list:
    """Outputs as Jupyter shows them: kinds, streams and data (not the per-run metadata)."""
    return [{key: output.get(key) for key in ("output_type", "name", "text", "data")} for output in outputs]


@pytest.fixture(scope="module")
def nbval_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("nbval-cache")
    for name, cells in CELLS.items():
        nbformat.write(notebook(cells), folder / f"{name}.ipynb")
    cache = folder / "build" / ".jupyter_cache"
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "tools.nbval_cache", "-p", "no:cacheprovider",
                           "--nbval-lax", "--nbval-cache", str(cache), "--rootdir", str(folder), "-q", str(folder)],
                          cwd=REPO_ROOT, capture_output=True, text=True, timeout=300)
    return folder, cache, done


def test_a_notebook_that_passes_is_cached_with_the_outputs_jupyter_records(nbval_run):
    folder, cache, done = nbval_run
    assert done.returncode == 1 and "1 failed" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
    ran = nbformat.read(folder / "good.ipynb", as_version=4)
    NotebookClient(ran, timeout=120, kernel_name="python3").execute()
    record = get_cache(str(cache)).match_cache_notebook(nbformat.read(folder / "good.ipynb", as_version=4))
    cached = get_cache(str(cache)).get_cache_bundle(record.pk).nb
    assert [comparable(c.outputs) for c in cached.cells] == [comparable(c.outputs) for c in ran.cells]
    assert cached.cells[2].outputs == [], "a closing ';' must hide the cell's value, as in Jupyter"
    assert cached.metadata["language_info"] == ran.metadata["language_info"]


def test_a_failing_notebook_or_one_with_widgets_is_left_to_the_build(nbval_run):
    folder, cache, _ = nbval_run
    store = get_cache(str(cache))
    for name in ("failing", "widget"):
        with pytest.raises(KeyError):
            store.match_cache_notebook(nbformat.read(folder / f"{name}.ipynb", as_version=4))


def test_the_cache_carries_the_record_of_the_pages_inputs(nbval_run):
    """Without it, tools/execute_parallel.py would distrust the cache and empty it."""
    _, cache, _ = nbval_run
    recorded = json.loads((cache / STAMP).read_text(encoding="utf-8"))
    assert {path.relative_to(REPO_ROOT).as_posix() for path, _ in toc_notebooks()} == set(recorded)


@pytest.mark.parametrize("page", [path for path, reader in toc_notebooks() if reader == MYST_READER],
                          ids=lambda path: path.name)
def test_a_myst_page_run_as_a_converted_notebook_is_found_from_the_page(page, tmp_path, capsys):
    """nbval runs a MyST page as the .ipynb that `mystnb-to-jupyter` writes (Makefile); the
    build looks the page up by its code cells as myst-nb reads them: the two must match."""
    converted = tmp_path / f"{page.stem}.ipynb"
    md_to_nb(["-o", str(page), str(converted)])
    store = get_cache(str(tmp_path / "cache"))
    _, from_nbval = store.create_hashed_notebook(nbformat.read(converted, as_version=4))
    _, from_build = store.create_hashed_notebook(get_reader(MYST_READER)(str(page)))
    assert from_nbval == from_build
