"""What Binder does, reproduced: an environment from requirements.txt alone, and its kernel.

repo2docker installs ``requirements.txt`` from the repository root into a new
environment (Python from ``runtime.txt``) and starts JupyterLab there. ``make test``
builds the same environment in ``_build/binder-env`` (``BINDER_ENV``) and registers
its kernel as ``python3`` first on ``JUPYTER_PATH``; nbval then runs every notebook
in that kernel. These tests check the environment itself, and that the kernel nbval
will start is the Binder one. Run alone, they build a fresh environment in a
temporary folder the same way (a minute or so).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

import pytest

from helpers.data import REPO_ROOT


def run(*args, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run(args, check=True, capture_output=True, text=True, cwd=REPO_ROOT, **kwargs)


@pytest.fixture(scope="module")
def binder_env(tmp_path_factory) -> Path:
    if os.environ.get("BINDER_ENV"):
        home = Path(os.environ["BINDER_ENV"])
        assert (home / ".ready").exists(), f"BINDER_ENV={home} is not a finished environment; run make test"
    else:
        home = tmp_path_factory.mktemp("binder-env")
        venv.create(home, with_pip=True)
        python = str(home / "bin" / "python")
        run(python, "-m", "pip", "install", "--quiet", "--disable-pip-version-check", "--no-compile", "-r", "requirements.txt")
        run(python, "-m", "ipykernel", "install", "--prefix", str(home), "--name", "python3")
    size = sum(f.stat().st_size for f in home.rglob("*") if f.is_file() and not f.is_symlink())
    print(f"\nBinder-like environment: {size / 1e6:.0f} MB installed in {home}")
    return home


def test_binder_environment_runs_the_runtime_python(binder_env):
    """Binder runs runtime.txt's Python; so does the environment here, when the machine has it."""
    wanted = (REPO_ROOT / "runtime.txt").read_text().strip().removeprefix("python-")
    got = run(str(binder_env / "bin" / "python"), "-c",
              "import sys; print('%d.%d' % sys.version_info[:2])").stdout.strip()
    if got != wanted and not shutil.which(f"python{wanted}"):
        pytest.skip(f"no python{wanted} on this machine: the Binder-like environment runs Python {got}")
    assert got == wanted, f"runtime.txt asks for Python {wanted}; the environment runs {got}"


def test_helpers_import_in_the_binder_environment(binder_env):
    out = run(str(binder_env / "bin" / "python"), "-c", "import helpers, helpers.widgets; print(helpers.__file__)").stdout
    assert Path(out.strip()).is_relative_to(REPO_ROOT / "src"), "helpers must come from the repository (editable)"


def test_test_tools_are_not_in_the_binder_environment(binder_env):
    for tool in ("playwright", "xdist", "axe_playwright_python"):
        missing = subprocess.run([str(binder_env / "bin" / "python"), "-c", f"import {tool}"], capture_output=True)
        assert missing.returncode != 0, f"{tool} leaked into requirements.txt; keep test tools in requirements-test.txt"


def test_python3_kernel_is_the_binder_one(binder_env):
    """The kernel that nbval starts (kernelspec python3) runs the Binder environment's Python."""
    env = {**os.environ, "JUPYTER_PATH": str(binder_env / "share" / "jupyter")}
    spec = run(sys.executable, "-c", "from jupyter_client.kernelspec import get_kernel_spec; "
               "import json; print(json.dumps(get_kernel_spec('python3').argv))", env=env).stdout
    assert json.loads(spec)[0] == str(binder_env / "bin" / "python")


def test_binder_kernel_loads_the_data(binder_env):
    """A kernel started the way nbval starts it imports helpers and validates every table."""
    env = {**os.environ, "JUPYTER_PATH": str(binder_env / "share" / "jupyter")}
    code = ("from jupyter_client.manager import start_new_kernel\n"
            "km, kc = start_new_kernel(kernel_name='python3')\n"
            "reply = kc.execute_interactive('import sys, helpers; print(sys.prefix, len(helpers.validate_all()))')\n"
            "km.shutdown_kernel(now=True)\n"
            "assert reply['content']['status'] == 'ok', reply['content']\n")
    out = run(sys.executable, "-c", code, env=env).stdout.split()
    assert out[0] == str(binder_env) and int(out[1]) >= 15
