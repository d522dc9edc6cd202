"""Fixtures for testing the built site in headless Chromium, as a reader meets it.

The site is served from ``SITE_DIR`` (default ``_build/html``) on 127.0.0.1 and
driven with Playwright through Debian's Chromium; no browser is downloaded.
Without Chromium the tests skip, unless ``CI`` is set, where that is a failure.
"""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from pathlib import Path

import pytest
import yaml

from helpers.data import REPO_ROOT

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
SITE_DIR = Path(os.environ.get("SITE_DIR", REPO_ROOT / "_build" / "html"))
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
#: Resolve every host name to nothing except the local server: the site must work offline.
OFFLINE_ARGS = ['--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE 127.0.0.1']


def toc_pages() -> list[str]:
    """Pages in reading order, as paths relative to the site root (``chapters/intro.html``)."""
    toc = yaml.safe_load((REPO_ROOT / "_toc.yml").read_text(encoding="utf-8"))
    pages = [toc["root"]]
    for part in toc.get("parts", []):
        pages += [chapter["file"] for chapter in part["chapters"]]
    return [f"{page}.html" for page in pages]


def notebook_pages() -> list[str]:
    return [p for p in toc_pages() if (REPO_ROOT / p).with_suffix(".ipynb").exists()]


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # keep test output clean
        pass


@pytest.fixture(scope="session")
def site_url():
    if not (SITE_DIR / "index.html").exists():
        pytest.fail(f"no built site at {SITE_DIR}: build the book first (make book, or make test)")
    handler = functools.partial(QuietHandler, directory=str(SITE_DIR))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def _launch(extra_args):
    if not shutil.which(CHROMIUM) and not Path(CHROMIUM).exists():
        if os.environ.get("CI"):
            pytest.fail(f"Chromium not found at {CHROMIUM}; CI must install it (apt-get install -y chromium)")
        pytest.skip(f"Chromium not found at {CHROMIUM}: install Debian's chromium to run the browser tests")
    from playwright.sync_api import sync_playwright

    manager = sync_playwright().start()
    browser = manager.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS + extra_args)
    return manager, browser


@pytest.fixture(scope="session")
def browser():
    manager, browser = _launch(OFFLINE_ARGS)
    yield browser
    browser.close()
    manager.stop()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    yield page
    context.close()
