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


#: Loads every lazily loaded image of the page's main part, and waits for each to load or fail.
LOAD_LAZY_IMAGES = """() => Promise.all([...document.querySelectorAll('main img[loading="lazy"]')].map(img =>
    new Promise(done => {
        if (img.complete) return done();  // loaded, or failed (naturalWidth 0: reported as broken)
        img.addEventListener("load", done, {once: true});
        img.addEventListener("error", done, {once: true});
        img.loading = "eager";
    })))"""

#: Widths at which the page must not scroll sideways: a phone, and between the theme's
#: breakpoints (992-1199 px), where its full-width cells once ran off the page.
NARROW_WIDTHS = (1100, 390)

#: How wide the page and each long table's box are, once laid out at the current width.
LAYOUT = """() => ({
    page: [document.documentElement.scrollWidth, document.documentElement.clientWidth],
    boxes: [...document.querySelectorAll("table.book-table")].map(t => {
        const box = t.parentElement, r = box.getBoundingClientRect();
        return {right: r.right, overflow: getComputedStyle(box).overflowX,
                wider: t.scrollWidth > box.clientWidth};
    }),
})"""


def settle(page, pending: set, step_ms: int = 50, limit_ms: int = 10_000) -> None:
    """Wait until no request of the page is in flight for two steps running.

    Late requests (the browser's own icon request, a script started after the load event)
    must report their errors before the errors are read. Playwright's "networkidle" waits
    half a second of quiet on every page, most of a page's time in this stage; a request
    the page starts later than a step after the last one ended is not waited for."""
    quiet = 0
    for _ in range(limit_ms // step_ms):
        page.wait_for_timeout(step_ms)
        quiet = quiet + 1 if not pending else 0
        if quiet == 2:
            return
    raise AssertionError(f"requests still in flight after {limit_ms / 1000:.0f} s: {[r.url for r in pending]}")


def visit(browser, site_url: str, path: str) -> dict:
    """Load one page as a first visit and record everything the per-page tests check.

    One visit serves three tests (test_site, test_weight, test_tables): a page load in a
    fresh context costs about a second, and the three used to load every page four times."""
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda message: errors.append(f"{message.text} [{message.location.get('url')}]")
            if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    finished, pending = [], set()
    page.on("request", lambda request: pending.add(request))
    page.on("requestfinished", lambda request: (finished.append(request), pending.discard(request)))
    page.on("requestfailed", lambda request: pending.discard(request))
    response = page.goto(f"{site_url}/{path}", wait_until="load")
    settle(page, pending)
    # What a first visit fetches (HTML, CSS, JS, fonts, images), before any tab is opened:
    # the bytes the server sent, headers and body; a request that failed counts nothing.
    first_load = sorted(((r.sizes()["responseHeadersSize"] + r.sizes()["responseBodySize"], r.url)
                         for r in list(finished)), reverse=True)
    # A figure in a closed tab is loaded lazily, when its tab is opened (book_sphinx.tabs):
    # load each one as a reader opening every tab would, so that it is checked like the rest.
    page.evaluate(LOAD_LAZY_IMAGES)
    record = {
        "status": response.status,
        "errors": list(errors),  # a copy, read now: axe below adds requests of its own
        "first_load": first_load,
        "title": page.locator("main h1").first.inner_text().strip(),
        "images": page.eval_on_selector_all(
            "main img", "imgs => imgs.map(i => ({src: i.src, width: i.naturalWidth, alt: i.alt}))"),
        "binder": page.eval_on_selector_all("a[href*='mybinder.org']", "links => links.map(a => a.href)"),
        "next": page.eval_on_selector_all("a.right-next", "links => links.map(a => a.href)"),
        # Without a declared icon the browser asks the server for /favicon.ico (a 404).
        "icons": [context.request.get(href).status for href in page.eval_on_selector_all(
            "link[rel~='icon']", "links => links.map(l => l.href)")],
        "widget_views": page.locator("script[type='application/vnd.jupyter.widget-view+json']").count(),
        "external_scripts": page.eval_on_selector_all(
            "script[src]", f"s => s.map(x => x.src).filter(u => !u.startsWith('{site_url}'))"),
        # After the errors were read: axe-core fetches @import-ed stylesheets relative to
        # the page instead of the stylesheet (dequelabs/axe-core#5268), so the theme's
        # `@import "../basic.css"` makes axe itself request a missing file.
        "axe": [v for v in Axe().run(page).response["violations"]
                if v["impact"] in ("serious", "critical")],
    }
    # Last, the same page laid out again at the narrow widths.
    record["layout"] = {}
    for width in NARROW_WIDTHS:
        page.set_viewport_size({"width": width, "height": 844})
        page.evaluate("() => new Promise(done => requestAnimationFrame(() => requestAnimationFrame(done)))")
        record["layout"][width] = page.evaluate(LAYOUT)
    context.close()
    return record


@pytest.fixture(scope="session")
def visited(browser, site_url):
    """``visited(path)``: the record of one first visit to the page, made once.

    The stage runs in one process (`make test-browser`), so the three tests of a page share
    its visit."""
    records: dict[str, dict] = {}

    def record(path: str) -> dict:
        if path not in records:
            records[path] = visit(browser, site_url, path)
        return records[path]

    return record


def per_page(pages: list[str]) -> list:
    """The pages as test parameters, named by their paths."""
    return [pytest.param(path, id=path) for path in pages]


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    yield page
    context.close()
