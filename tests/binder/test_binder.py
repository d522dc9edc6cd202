"""What Binder does, reproduced: a fresh environment from requirements.txt alone, then every notebook.

repo2docker installs ``requirements.txt`` from the repository root into a new
environment (Python from ``runtime.txt``) and starts JupyterLab there. This test
does the same in a temporary virtual environment, checks ``import helpers``,
executes every notebook of the book top to bottom, and prints the environment's
installed size. It takes a minute or two; ``make test`` runs it as its own step.
"""

from __future__ import annotations

import os
import subprocess
import sys
import venv
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from helpers.data import REPO_ROOT

NOTEBOOKS = sorted((REPO_ROOT / "chapters").glob("*.ipynb"))


def run(*args, **kwargs):
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=REPO_ROOT, **kwargs)


@pytest.fixture(scope="module")
def binder_python(tmp_path_factory) -> Path:
    runtime = (REPO_ROOT / "runtime.txt").read_text().strip()
    assert runtime == f"python-{sys.version_info.major}.{sys.version_info.minor}", (
        f"runtime.txt asks for {runtime}; run this test with that Python"
    )
    home = tmp_path_factory.mktemp("binder-env")
    venv.create(home, with_pip=True)
    python = home / "bin" / "python"
    run(str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", "requirements.txt")
    size = sum(f.stat().st_size for f in home.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"\nBinder-like environment: {size / 1e6:.0f} MB installed in {home}")
    return python


def test_helpers_import_in_the_binder_environment(binder_python):
    out = run(str(binder_python), "-c", "import helpers, helpers.widgets; print(helpers.__file__)").stdout
    assert Path(out.strip()).is_relative_to(REPO_ROOT / "src"), "helpers must come from the repository (editable)"


def test_test_tools_are_not_in_the_binder_environment(binder_python):
    missing = subprocess.run([str(binder_python), "-c", "import pytest"], capture_output=True)
    assert missing.returncode != 0, "pytest leaked into requirements.txt; keep test tools in requirements-test.txt"


@pytest.fixture(scope="module")
def executed(binder_python) -> dict[Path, subprocess.CompletedProcess]:
    """Every notebook executed in the Binder-like environment, two at a time (two cores)."""
    env = {**os.environ, "MPLBACKEND": "Agg"}

    def execute(notebook: Path) -> subprocess.CompletedProcess:
        return subprocess.run(
            [str(binder_python.parent / "jupyter-execute"), "--timeout=120", str(notebook.relative_to(REPO_ROOT))],
            cwd=REPO_ROOT, capture_output=True, text=True, env=env,
        )

    with ThreadPoolExecutor(max_workers=2) as pool:
        return dict(zip(NOTEBOOKS, pool.map(execute, NOTEBOOKS)))


@pytest.mark.parametrize("notebook", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_runs_top_to_bottom(executed, notebook):
    result = executed[notebook]
    assert result.returncode == 0, result.stderr[-2000:]
