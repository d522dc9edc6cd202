"""The built site in a real browser: every page loads, renders, links and passes axe.

Chromium runs with every host but 127.0.0.1 unresolvable, so all of these checks
also prove that the site works offline: nothing it needs comes from a CDN.
"""

from __future__ import annotations

import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import SITE_DIR, notebook_pages, per_page, toc_pages

PAGES = toc_pages()
NOTEBOOKS = set(notebook_pages())

@pytest.mark.parametrize("path", per_page(PAGES))
def test_page_as_a_reader_meets_it(visited, path):
    """Loads (200), no console error, a title, an icon, every image loaded with alt text,
    no empty widget box or script from another host, no serious axe violation, 'Next' follows the table of contents, and a notebook page
    offers a Binder launch of that notebook in JupyterLab."""
    record = visited(path)
    assert record["status"] == 200
    assert record["title"], "the page has no title"
    assert not record["errors"], f"console errors: {record['errors']}"
    assert record["icons"] == [200], f"the page should declare one icon that loads: {record['icons']}"
    broken = [i["src"] for i in record["images"] if i["width"] == 0]
    assert not broken, f"images that did not load: {broken}"
    no_alt = [i["src"] for i in record["images"] if not i["alt"].strip()]
    assert not no_alt, f"images without alt text: {no_alt}"
    assert not record["widget_views"], "a widget would render as an empty box in the static book"
    assert not record["external_scripts"], f"scripts loaded from other hosts: {record['external_scripts']}"
    axe = [(v["id"], v["impact"], len(v["nodes"]), v["nodes"][0]["target"]) for v in record["axe"]]
    assert not axe, f"axe: {axe}"
    position = PAGES.index(path)
    if position + 1 < len(PAGES):
        assert record["next"] and record["next"][0].split("#")[0].endswith(PAGES[position + 1]), record["next"]
    if path in NOTEBOOKS:
        notebook = path.removesuffix(".html") + ".ipynb"
        assert any("urlpath=lab" in h and h.endswith(notebook) for h in record["binder"]), record["binder"]


class LinkCollector(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self.hrefs += [value for name, value in attrs if name == "href" and value]


def pdf_not_built(target: Path) -> bool:
    """A link into pdf/ of a site where `make pdf` has not yet printed the PDF edition.

    The PDFs are printed after the HTML build; tests/pdf checks these links once they are."""
    pdf = (SITE_DIR / "pdf").resolve()
    return not pdf.exists() and pdf in target.resolve().parents


def test_every_internal_link_resolves():
    """Every relative link on every page points at a file the site contains."""
    missing = []
    for path in PAGES:
        collector = LinkCollector()
        collector.feed((SITE_DIR / path).read_text(encoding="utf-8"))
        for href in collector.hrefs:
            target = urllib.parse.urldefrag(href)[0]
            if not target or urllib.parse.urlparse(target).scheme or target.startswith(("mailto:", "//")):
                continue
            resolved = (SITE_DIR / path).parent / urllib.parse.unquote(target)
            if not resolved.exists() and not pdf_not_built(resolved):
                missing.append(f"{path} -> {href}")
    assert not missing, f"internal links that do not resolve: {missing}"


def test_next_link_navigates(page, site_url):
    page.goto(f"{site_url}/{PAGES[0]}")
    page.locator("a.right-next").first.click()
    page.wait_for_load_state()
    assert page.url.split("#")[0].endswith(PAGES[1])


def test_search_finds_a_term_that_is_in_the_book(page, site_url):
    page.goto(f"{site_url}/search.html?q=Punggye")
    page.wait_for_selector("#search-results ul.search li", timeout=15000)
    results = page.locator("#search-results ul.search li a").all_inner_texts()
    assert any("nuclear tests" in r.lower() for r in results), results


def test_explore_presets_load_as_their_tabs_open(page, site_url):
    """The explore page shows each explorer's presets as tabs of figures: a first load fetches
    no figure of a closed tab, and opening a tab shows its figure with its settings."""
    fetched: list[str] = []
    page.on("request", lambda request: fetched.append(request.url) if "/_images/" in request.url else None)
    page.goto(f"{site_url}/chapters/explore.html", wait_until="networkidle")
    tab_sets = page.locator(".sd-tab-set")
    labels = page.locator(".sd-tab-set > label.sd-tab-label")
    figures = page.locator(".sd-tab-content img")
    assert tab_sets.count() == 3 and figures.count() == labels.count() >= 12
    assert 0 < len(set(fetched)) <= tab_sets.count(), f"figures of closed tabs fetched on the first load: {fetched}"
    for i in range(labels.count()):
        label = labels.nth(i)
        label.scroll_into_view_if_needed()
        label.click()
        content = page.locator(f"#{label.get_attribute('for')} ~ .sd-tab-content").first
        image = content.locator("img")
        image.wait_for(state="visible")
        page.wait_for_function("img => img.complete && img.naturalWidth > 0", arg=image.element_handle())
        caption = content.locator("figcaption").inner_text()
        assert "explorer — " in caption and "Source:" in caption, caption
