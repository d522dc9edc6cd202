"""The book's long tables, as a reader uses them in Chromium with the network blocked:
filtered and sorted with no kernel, plain and whole without JavaScript, readable at
390 px, and the ledger's sources linked to their bibliography entries.
"""

from __future__ import annotations

import re
import urllib.parse

import pytest
from conftest import SITE_DIR, per_page, toc_pages

from helpers import load
from helpers.style import LONG_TABLE_ROWS

PAGES = toc_pages()
LEDGER = "chapters/claims-ledger.html"
SCRIPT = "_static/book-tables.js"

_TABLE_TAG = re.compile(r'<table\b[^>]*\bclass="book-table"[^>]*>')


def html(path: str) -> str:
    return (SITE_DIR / path).read_text(encoding="utf-8")


def interactive_pages() -> list[str]:
    return [p for p in PAGES if any("data-interactive" in t for t in _TABLE_TAG.findall(html(p)))]


def test_long_tables_are_interactive_and_only_their_pages_load_the_script():
    pages = interactive_pages()
    assert {LEDGER, "chapters/ce2-options.html"} <= set(pages), pages
    for path in PAGES:
        loads = SCRIPT in html(path)
        assert loads == (path in pages), f"{path}: script loaded {loads}, interactive table {path in pages}"


def test_every_source_of_every_claim_links_to_its_bibliography_entry():
    ledger = html(LEDGER)
    bibliography_ids = set(re.findall(r'\bid="([^"]+)"', html("chapters/bibliography.html")))
    links = re.findall(r'href="bibliography\.html#(source-[^"]+)"', ledger)
    claims = load("seed_claims")
    assert {f"source-{key}" for keys in claims["sources"] for key in keys} <= set(links)
    for path in PAGES:
        for fragment in re.findall(r'href="bibliography\.html#([^"]+)"', html(path)):
            assert urllib.parse.unquote(fragment) in bibliography_ids, f"{path}: no entry #{fragment}"


def rows_shown(table) -> list[list[str]]:
    return table.evaluate("t => [...t.tBodies[0].rows].filter(r => !r.hidden)"
                          ".map(r => [...r.cells].map(c => c.textContent.trim()))")


def column_of(table, name: str) -> int:
    names = table.evaluate("t => [...t.tHead.rows[0].cells].map(c => c.textContent.trim())")
    return next(i for i, n in enumerate(names) if n.lower() == name.lower())


def test_the_ledger_filters_and_sorts_without_a_kernel(browser, site_url):
    from axe_playwright_python.sync_playwright import Axe

    claims = load("seed_claims")
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"{site_url}/{LEDGER}", wait_until="networkidle")
    table = page.locator("table.book-table[data-interactive]").last
    assert len(rows_shown(table)) == len(claims)
    status = page.locator(".book-table-status").last

    # A drop-down per column with few values; the count of rows shown is announced.
    page.get_by_label("verdict").last.select_option("imprecise")
    imprecise = int((claims["verdict"] == "imprecise").sum())
    verdict = column_of(table, "verdict")
    shown = rows_shown(table)
    assert len(shown) == imprecise and {row[verdict] for row in shown} == {"imprecise"}
    assert status.inner_text() == f"{imprecise} of {len(claims)} rows shown."

    # Words typed narrow it further (any case, any column); clearing them restores it.
    page.get_by_label("Filter rows").last.fill("KIM-")
    expected = int(((claims["verdict"] == "imprecise") & claims["id"].str.startswith("kim-")).sum())
    assert 0 < len(rows_shown(table)) == expected
    page.get_by_label("Filter rows").last.fill("")
    page.get_by_label("verdict").last.select_option("")
    assert len(rows_shown(table)) == len(claims)
    assert status.inner_text() == f"All {len(claims)} rows shown."

    # Sorting: ascending, descending, then the table's own order again.
    heading = table.locator("thead th").nth(column_of(table, "id"))
    ids = list(claims["id"])
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") == "ascending"
    assert [row[0] for row in rows_shown(table)] == sorted(ids)
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") == "descending"
    assert [row[0] for row in rows_shown(table)] == sorted(ids, reverse=True)
    heading.get_by_role("button").click()
    assert heading.get_attribute("aria-sort") is None
    assert [row[0] for row in rows_shown(table)] == ids

    # Filtered and sorted, the page still passes axe.
    page.get_by_label("topic").last.select_option(index=1)
    heading.get_by_role("button").click()
    axe = [(v["id"], v["impact"]) for v in Axe().run(page).response["violations"]
           if v["impact"] in ("serious", "critical")]
    context.close()
    assert not axe, axe
    assert not errors, errors


@pytest.mark.parametrize("path, column, kind", [
    ("chapters/sources.html", "entries", "number"),
    ("chapters/crypto-theft.html", "published", "date"),
])
def test_numbers_and_dates_sort_by_value(browser, site_url, path, column, kind):
    from datetime import datetime

    context = browser.new_context(viewport={"width": 1300, "height": 900})
    page = context.new_page()
    page.goto(f"{site_url}/{path}", wait_until="networkidle")
    table = page.locator("table.book-table[data-interactive]").last
    table.evaluate("t => { const folded = t.closest('details'); if (folded) folded.open = true; }")
    index = column_of(table, column)
    table.locator("thead th").nth(index).get_by_role("button").click()
    cells = [row[index] for row in rows_shown(table)]
    context.close()
    parse = (lambda t: float(t.replace(",", ""))) if kind == "number" else (lambda t: datetime.strptime(t, "%d %b %Y"))
    values = [parse(cell) for cell in cells if cell not in ("", "–")]
    assert len(values) >= LONG_TABLE_ROWS and values == sorted(values), cells


def test_without_javascript_every_table_is_whole_and_plain(browser, site_url):
    claims = load("seed_claims")
    context = browser.new_context(viewport={"width": 1300, "height": 900}, java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}/{LEDGER}", wait_until="networkidle")
    table = page.locator("table.book-table[data-interactive]").last
    assert table.locator("tbody tr").count() == len(claims)
    assert table.locator("thead th").count() == 8
    assert page.locator(".book-table-tools").count() == 0
    assert table.locator("a[href^='bibliography.html#source-']").count() >= len(claims)
    context.close()


@pytest.mark.parametrize("path", per_page(PAGES))
def test_no_page_scrolls_sideways_and_wide_tables_scroll_in_their_own_box(visited, path):
    """At a phone's width (390 px) and between the theme's breakpoints (1100 px), a wide
    table wraps or scrolls inside its own box, and nothing else runs off the page."""
    for width, layout in visited(path)["layout"].items():
        scroll_width, client_width = layout["page"]
        assert scroll_width <= client_width, f"at {width} px the page scrolls sideways: {layout['page']}"
        for box in layout["boxes"]:
            assert box["right"] <= width, (width, box)
            assert not box["wider"] or box["overflow"] in ("auto", "scroll"), (width, box)
