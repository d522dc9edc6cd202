"""The explorers live, as a student meets them on Binder: JupyterLab in Chromium.

The web book shows only static figures, so this is the one check that the widgets
render and answer in a real front end: a JupyterLab server (from an environment
of its own, as repo2docker provides one) opens a copy of the explore page,
runs it in the ``python3`` kernel (the Binder environment's under ``make test``),
and a student's choice in a dropdown must redraw the claims table. The copy
keeps JupyterLab from saving outputs into the committed notebook.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from helpers.data import REPO_ROOT, load

#: The server from its own environment (``make test`` sets JUPYTER_LAB to _build/lab-env's).
JUPYTER_LAB = Path(os.environ.get("JUPYTER_LAB", Path(sys.executable).parent / "jupyter-lab"))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def lab_url(tmp_path_factory):
    if not JUPYTER_LAB.exists():
        if os.environ.get("CI"):
            pytest.fail(f"JupyterLab not found at {JUPYTER_LAB}; make test builds it in _build/lab-env")
        pytest.skip(f"JupyterLab not found at {JUPYTER_LAB}: run make test, or set JUPYTER_LAB")
    root = tmp_path_factory.mktemp("lab")
    shutil.copy(REPO_ROOT / "chapters" / "explore.ipynb", root / "explore.ipynb")
    port = free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(root / ".config"), "JUPYTER_RUNTIME_DIR": str(root / ".runtime")}
    log = (root / "server.log").open("w")
    server = subprocess.Popen(
        [str(JUPYTER_LAB), "--no-browser", "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}",
         "--ServerApp.port_retries=0", "--IdentityProvider.token=", "--ServerApp.password=",
         f"--ServerApp.root_dir={root}", f"--LabApp.workspaces_dir={root / '.workspaces'}",
         f"--LabApp.user_settings_dir={root / '.settings'}", "--LabApp.news_url=None",
         "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.extension_manager=readonly",
         "--allow-root"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(f"{url}/api/status", timeout=2)
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start:\n{(root / 'server.log').read_text()[-2000:]}")
            time.sleep(0.3)
    yield url
    server.terminate()
    server.wait(timeout=20)
    log.close()


def claim_ids(page) -> set[str]:
    """The claim ids in the last table of the notebook: the claims explorer's table."""
    text = page.locator(".jp-Notebook table").last.inner_text()
    return set(re.findall(r"\b(?:calabrese|kim)-\d+\b", text))


def test_claims_explorer_answers_a_dropdown_in_jupyterlab(browser, lab_url):
    claims = load("seed_claims")
    kim = set(claims.loc[claims["article"] == "kim", "id"])
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        page.goto(f"{lab_url}/lab/tree/explore.ipynb?reset", wait_until="load")
        page.locator(".jp-Notebook").first.wait_for(timeout=60_000)
        # "Run All Cells" does nothing until the kernel has started.
        page.locator("#jp-main-statusbar").get_by_text(re.compile(r"\bIdle\b")).wait_for(timeout=60_000)
        page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^Run$")).click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Run All Cells$")).click()

        article = page.locator(".widget-dropdown", has=page.locator("label", has_text="Article")).locator("select")
        # JupyterLab renders cells far from the viewport lazily: wait for the
        # dropdown to exist, then bring it into view as a student would scroll to it.
        article.wait_for(state="attached", timeout=90_000)
        page.wait_for_function(
            "() => [...document.querySelectorAll('.jp-Notebook table')].some(t => /calabrese-\\d+/.test(t.innerText))",
            timeout=30_000,
        )
        assert claim_ids(page) == set(claims["id"]), "the claims table starts with every claim"
        assert page.get_by_text("Error displaying widget").count() == 0
        assert page.locator(".jp-Notebook").get_by_text("Traceback").count() == 0

        article.scroll_into_view_if_needed()
        article.select_option("kim")
        page.wait_for_function(
            "() => !/calabrese-\\d+/.test([...document.querySelectorAll('.jp-Notebook table')].pop().innerText)",
            timeout=30_000,
        )
        assert claim_ids(page) == kim, "choosing Kim (2025) leaves exactly Kim's claims"
    finally:
        context.close()
