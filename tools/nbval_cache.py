"""A pytest plugin: the notebooks nbval runs become the book's execution cache.

`make test` runs every notebook under nbval in the Binder kernel, and the test build
then renders them. Without this plugin the build would run each notebook a second
time. With ``--nbval-cache DIR``, each notebook whose every cell passed is stored,
with the outputs nbval received from the kernel, in the jupyter-cache at DIR: the one
``tools/execute_parallel.py`` and the build read. The book then shows exactly the
outputs that were tested, from the environment Binder readers get.

    python -m pytest -p tools.nbval_cache --nbval-lax --nbval-cache _build/test/_build/.jupyter_cache ...

A notebook is found in the cache by its code cells (jupyter-cache's hash), so the
MyST text notebooks, which nbval runs as ``.ipynb`` copies converted by
``mystnb-to-jupyter``, are found again from their ``.md`` pages. The cache also gets
the record of every page's inputs (``helpers.notebook_inputs``), without which the
build would distrust and empty it.

With pytest-xdist each worker writes its finished notebooks to a staging folder and
the controller alone writes the cache, one notebook at a time.
"""

from __future__ import annotations

import copy
import shutil
from pathlib import Path

import nbformat
import pytest
from IPython.core.displayhook import DisplayHook

STAGING = "nbval-executed"


def pytest_addoption(parser):
    parser.addoption("--nbval-cache", metavar="DIR", default=None,
                     help="store each notebook that passes, with its outputs, in the jupyter-cache at DIR")


class Recorder:
    """Collects each cell's outputs and outcome, and stages a notebook once all its cells ran."""

    def __init__(self, cache: Path):
        self.cache = cache
        self.staging = cache.parent / STAGING
        self.failed: set[str] = set()
        self.seconds: dict[str, float] = {}

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_makereport(self, item, call):
        outcome = yield
        report = outcome.get_result()
        if not hasattr(item, "cell_num"):
            return  # not a notebook cell
        key = str(item.parent.path)
        if report.failed or report.skipped:
            self.failed.add(key)
        if call.when == "call":
            self.seconds[key] = self.seconds.get(key, 0.0) + call.duration

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_teardown(self, item, nextitem):
        """After the last cell of a notebook: stage it, if every cell passed."""
        last = hasattr(item, "cell_num") and (nextitem is None or nextitem.parent is not item.parent)
        notebook = item.parent if last else None
        # As nbclient records it: what the kernel says of its language (the build's code
        # highlighting reads it), asked before nbval stops the kernel.
        language = None
        if last and notebook.kernel is not None and notebook.kernel.is_alive():
            language = notebook.kernel.kc.kernel_info(reply=True, timeout=30)["content"]["language_info"]
        yield
        key = str(notebook.path) if last else None
        if not last or key in self.failed or language is None:
            return
        executed = executed_notebook(notebook, [i for i in notebook.session.items if i.parent is notebook])
        if executed is None:
            return
        executed.metadata["language_info"] = language
        self.staging.mkdir(parents=True, exist_ok=True)
        executed.metadata["nbval_cache"] = {"source": key, "execution_seconds": round(self.seconds.get(key, 0.0), 3)}
        nbformat.write(executed, self.staging / f"{notebook.path.stem}.ipynb")

    def pytest_sessionstart(self, session):
        if not hasattr(session.config, "workerinput"):
            shutil.rmtree(self.staging, ignore_errors=True)

    @pytest.hookimpl(trylast=True)
    def pytest_sessionfinish(self, session):
        if hasattr(session.config, "workerinput"):
            return  # a worker: the controller writes the cache
        write_cache(self.cache, sorted(self.staging.glob("*.ipynb")) if self.staging.exists() else [])


#: The output of a displayed ipywidget.
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


def executed_notebook(notebook, items) -> nbformat.NotebookNode | None:
    """The notebook nbval read, each code cell given the outputs nbval received for it.

    None when the outputs would not be the ones Jupyter records, and the build then runs
    the notebook itself:
    - a cell did not run (deselected or skipped): the notebook is not whole;
    - a cell displays a widget: nbval does not follow the widget messages, so what an
      Output widget captures would land in the cell's outputs instead of the widget's.
    """
    nb = copy.deepcopy(notebook.nb)
    code_cells = [cell for cell in nb.cells if cell.cell_type == "code"]
    ran = {item.cell_num: item for item in items if hasattr(item, "test_outputs")}
    if set(ran) != set(range(len(code_cells))):
        return None
    for number, cell in enumerate(code_cells):
        outputs = [nbformat.from_dict(output) for output in ran[number].test_outputs]
        if any(WIDGET_VIEW in output.get("data", {}) for output in outputs):
            return None
        # nbval runs cells without storing them in the kernel's history, so IPython cannot
        # see a closing ';' and shows the cell's value anyway; in Jupyter (and nbclient) the
        # ';' hides it. The same test as IPython's, on the cell's source.
        if DisplayHook.semicolon_at_end_of_expression(cell.source):
            outputs = [output for output in outputs if output.output_type != "execute_result"]
        cell.outputs = outputs
        cell.execution_count = number + 1
    return nb


def write_cache(cache: Path, staged: list[Path]) -> None:
    """Start the cache at ``cache`` afresh with the staged notebooks and the record of every
    book page's inputs."""
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from helpers.notebook_inputs import refresh_cache
    from tools.execute_parallel import toc_notebooks

    shutil.rmtree(cache, ignore_errors=True)
    refresh_cache(cache, [path for path, _ in toc_notebooks()])
    store = get_cache(str(cache))
    for path in staged:
        nb = nbformat.read(path, as_version=4)
        facts = nb.metadata.pop("nbval_cache")
        store.cache_notebook_bundle(CacheBundleIn(nb, facts["source"], data={"execution_seconds": facts["execution_seconds"]}),
                                    check_validity=False, overwrite=True)


def pytest_configure(config):
    cache = config.getoption("--nbval-cache")
    if cache:
        config.pluginmanager.register(Recorder(Path(cache).resolve()), "nbval-cache-recorder")
