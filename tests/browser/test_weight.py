"""Every page of the built site is light to load: what Chromium fetches for a first visit
(HTML, CSS, JS, fonts, images), counted as the bytes the local server sent, is at most
1.5 MB.

A first visit has an empty cache: the page is loaded in a fresh browser context (the
shared visit of conftest.py), and counted before any tab's lazy figure is opened. The server
sends files uncompressed, so the count is what a reader on a host without compression
would download; a compressing host sends less.
"""

from __future__ import annotations

import pytest
from conftest import per_page, toc_pages

#: The budget for one page's first load, in bytes (1.5 MB, decimal).
MAX_FIRST_LOAD = 1_500_000

PAGES = toc_pages()


@pytest.mark.parametrize("path", per_page(PAGES))
def test_first_load_is_at_most_1_5_mb(visited, site_url, path):
    loads = visited(path)["first_load"]
    total = sum(size for size, _ in loads)
    largest = [f"{size / 1000:,.0f} kB {url.removeprefix(site_url)}" for size, url in loads[:6]]
    full_fonts = [url for _, url in loads if "/vendor/fontawesome/" in url]
    assert not full_fonts, (f"the theme's full icon fonts were loaded: an icon is missing from the cut fonts "
                            f"({full_fonts}); run: python tools/icon_fonts.py _build/html")
    assert total <= MAX_FIRST_LOAD, (
        f"first load {total / 1e6:.2f} MB in {len(loads)} requests, over {MAX_FIRST_LOAD / 1e6} MB; "
        f"largest: {largest}")


@pytest.mark.parametrize("path", [PAGES[0], "chapters/claims-ledger.html", "search.html"])
def test_every_icon_has_its_glyph_in_the_fonts_the_page_loads(browser, site_url, path):
    """The icon fonts are cut to the icons the site uses (book_sphinx.icons): each icon a
    page shows, read as the browser draws it, is in one of the cut fonts the page loaded.

    A glyph missing from a cut font would still be drawn: the browser then falls back to
    the theme's full font of the same family (150 kB more), so that is checked too."""
    import io
    import urllib.request

    from fontTools.ttLib import TTFont

    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    fonts = []
    page.on("requestfinished", lambda request: fonts.append(request.url)
            if request.resource_type == "font" else None)
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    shown = page.eval_on_selector_all(
        "[class*='fa-']", "els => els.map(e => getComputedStyle(e, '::before').content)")
    context.close()
    characters = {ord(content[1]) for content in shown if len(content) == 3 and content[0] == '"'}
    assert characters, "no icon found on the page"
    full = [url for url in fonts if "/_static/icon-fonts/" not in url]
    assert not full, f"full icon fonts loaded: {full}; run: python tools/icon_fonts.py _build/html"
    covered = set()
    for url in fonts:
        with urllib.request.urlopen(url) as response:
            covered |= set(TTFont(io.BytesIO(response.read())).getBestCmap())
    missing = sorted(f"U+{c:04X}" for c in characters - covered)
    assert not missing, (f"icons drawn without a glyph: {missing} (fonts loaded: {fonts}); "
                         "run: python tools/icon_fonts.py _build/html")
