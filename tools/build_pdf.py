"""Print the PDF edition: the whole book, and a reader per seminar session (``_pdf.yml``).

    python tools/build_pdf.py [--path-output DIR] [--skip-sphinx]

1. Builds the book once more with Sphinx's ``singlehtml`` builder, into
   ``DIR/_build/singlehtml``. It reuses the execution cache and the build environment
   of the HTML build in ``DIR/_build`` (``make book``, or the test build), so no
   notebook runs again; warnings are errors, as for the HTML book.
2. Opens that page in Debian's Chromium through Playwright (``executable_path``; no
   browser is downloaded) with the network shut: every request that is not for a
   local file is refused, and every host name resolves to nothing.
3. For each edition, rebuilds the page as a book (``tools/pdf_prepare.js``: title page,
   contents, numbered chapters, no code, no on-screen chrome; a reader keeps only its
   chapters and the works they cite) under the print styles of ``tools/pdf_print.css``
   (A4, page numbers in the margin, figures and table rows never cut), prints it once
   to find the page each chapter starts on (the PDF's named destinations), writes those
   pages into the contents and prints it again.

The PDFs go to ``DIR/_build/html/pdf/``, beside the HTML book that links them
(``{pdf-editions}``, :mod:`book_sphinx.pdf_edition`). Needs the fonts the print styles
name: Debian's fonts-liberation, and fonts-noto-cjk for the Korean, Japanese and
Chinese titles of sources.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import io
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import yaml
from pypdf import PdfReader, PdfWriter
from pypdf.generic import NameObject, TextStringObject

from book_sphinx.pdf_edition import PDF_DIR, Edition, editions, load_config

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(__file__).resolve().parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--host-resolver-rules=MAP * ~NOTFOUND",
]
#: Fonts the print styles name, and the language each must cover (``fc-list :lang=``).
FONTS = {"Liberation Serif": "en", "Liberation Sans": "en", "Noto Sans CJK KR": "ko"}
FONT_PACKAGES = "fonts-liberation fonts-noto-cjk"
#: The copy of the singlehtml page the printer loads: at the build's root, so that the
#: page's links (written relative to the root) resolve.
PRINT_PAGE = "_print.html"
#: The page whose list of works a reader keeps, cut to the works its chapters cite.
BIBLIOGRAPHY = "chapters/bibliography"


def check_tools() -> None:
    """Fail early, naming the packages, if Chromium or a font of the print styles is missing."""
    if not Path(CHROMIUM).exists() and not shutil.which(CHROMIUM):
        sys.exit(f"Chromium not found at {CHROMIUM} (apt-get install chromium, or set CHROMIUM)")
    if not shutil.which("fc-list"):
        return
    missing = [family for family, lang in FONTS.items()
               if family not in subprocess.run(["fc-list", f":lang={lang}", "family"], capture_output=True,
                                               text=True).stdout]
    if missing:
        sys.exit(f"fonts missing for the PDF: {', '.join(missing)} (apt-get install {FONT_PACKAGES})")


def build_singlehtml(path_output: Path) -> None:
    command = [str(Path(sys.executable).parent / "jupyter-book"), "build", str(ROOT), "--builder", "singlehtml",
               "--path-output", str(path_output), "-W", "-n", "--keep-going", "-q"]
    subprocess.run(command, check=True)


def print_page(singlehtml: Path) -> Path:
    """The singlehtml page, copied to the build's root (its links are relative to it)."""
    root_doc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    source = singlehtml / f"{root_doc}.html"
    if not source.exists():
        sys.exit(f"no singlehtml page at {source}")
    target = singlehtml / PRINT_PAGE
    target.write_text(source.read_text(encoding="utf-8"), encoding="utf-8")
    return target


def book_facts() -> dict:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    # The edition's date is that of the commit it is printed from, so a rebuild prints the same.
    day = subprocess.run(["git", "-C", str(ROOT), "log", "-1", "--format=%cs"], capture_output=True,
                         text=True).stdout.strip()
    date = dt.date.fromisoformat(day) if day else dt.date.today()
    return {
        "title": config["title"],
        "description": config["description"],
        "author": config["author"],
        "repository": config["repository"]["url"],
        "version": citation.get("version", ""),
        "licence": citation.get("license", "").replace("-", " "),  # CC-BY-4.0 is written CC BY 4.0
        "date": f"{date.day} {date:%B %Y}",
    }


def spec_for(edition: Edition, facts: dict, root_doc: str) -> dict:
    titles = load_config(ROOT)["book"].get("titles", {})
    lines = [facts["author"],
             f"Version {facts['version']}, {facts['date']}",
             f"Text, data and figures: {facts['licence']}. Web edition, data and code: {facts['repository']}.",
             "This print edition shows the results of the book’s code, not the code itself, "
             "and leaves out the solutions to the exercises."]
    common = {"root": root_doc, "titles": titles, "lines": lines, "keepSolutions": False,
              "chapters": [{"doc": c.doc, "number": c.number, "part": c.part} for c in edition.chapters]}
    if edition.kind == "book":
        return {**common, "kicker": "", "title": facts["title"], "subtitle": facts["description"],
                "partPages": True, "pruneBibliography": None}
    return {**common, "kicker": f"{facts['title']} · Seminar reader", "title": edition.title,
            "subtitle": "The chapters of the book for this session, with the works they cite.",
            "partPages": False,
            # The reader's own bibliography: the works its chapters cite.
            "chapters": common["chapters"] + [{"doc": BIBLIOGRAPHY, "number": "", "part": ""}],
            "pruneBibliography": BIBLIOGRAPHY,
            "bibliographyNote": "The works that the chapters of this reader cite, grouped by kind of source."}


def chapter_pages(pdf: bytes) -> dict[str, int]:
    """The printed page number (1-based) of each element the contents link to."""
    reader = PdfReader(io.BytesIO(pdf))
    return {name.lstrip("/"): reader.get_destination_page_number(dest) + 1
            for name, dest in reader.named_destinations.items()}


FILL_CONTENTS = """(pages) => {
  const missing = [];
  for (const a of document.querySelectorAll('.pdf-contents a')) {
    const id = a.getAttribute('href').slice(1);
    const slot = a.querySelector('.pdf-contents-page');
    if (!slot) continue;
    if (pages[id] === undefined) missing.push(id); else slot.textContent = String(pages[id]);
  }
  return missing;
}"""


TOO_WIDE = """() => {
  const width = document.documentElement.clientWidth, wide = [];
  for (const e of document.querySelectorAll('main *')) {
    const box = e.getBoundingClientRect();
    if (box.width > 0 && box.right > width + 1) wide.push(`${e.tagName}.${e.className}: ${e.textContent.slice(0, 60)}`);
  }
  return wide.slice(0, 10);
}"""


HEADINGS = """() => [...document.querySelectorAll('main :is(h1, h2, h3, h4, h5, h6)')]
  .map((h) => h.textContent.replace(/\\s+/g, ' ').trim())"""


def retitle_outline(writer: PdfWriter, headings: list[str], name: str) -> None:
    """Give the bookmarks the headings' own words.

    Chromium makes a bookmark of every heading, in document order, but titles it with
    the heading's lines run together ("tocritical" for a title wrapped after "to").
    """
    items, stack = [], []
    outlines = writer._root_object.get("/Outlines")
    if outlines is not None and "/First" in outlines.get_object():
        stack.append(outlines.get_object()["/First"].get_object())
    while stack:  # depth first, in document order
        item = stack.pop()
        items.append(item)
        if "/Next" in item:
            stack.append(item["/Next"].get_object())
        if "/First" in item:
            stack.append(item["/First"].get_object())
    if len(items) != len(headings):
        raise RuntimeError(f"{name}: {len(items)} bookmarks for {len(headings)} headings")
    for item, heading in zip(items, headings):
        item[NameObject("/Title")] = TextStringObject(heading)


async def print_edition(page, url: str, edition: Edition, facts: dict, root_doc: str, out: Path) -> dict:
    await page.goto(url, wait_until="load")
    info = await page.evaluate((TOOLS / "pdf_prepare.js").read_text(encoding="utf-8"),
                               spec_for(edition, facts, root_doc))
    await page.add_style_tag(content=(TOOLS / "pdf_print.css").read_text(encoding="utf-8"))
    await page.evaluate("document.fonts.ready")
    # Chromium shrinks the whole document to fit anything wider than the page: refuse.
    too_wide = await page.evaluate(TOO_WIDE)
    if too_wide:
        raise RuntimeError(f"{edition.file}: wider than the text block, the print would be shrunk: {too_wide}")
    options = {"prefer_css_page_size": True, "print_background": True, "outline": True, "tagged": True}
    # Two passes: the contents' page numbers come from the first. They take no more room
    # than the blanks they replace, so the second pass breaks the pages in the same places.
    first = await page.pdf(**options)
    missing = await page.evaluate(FILL_CONTENTS, await asyncio.to_thread(chapter_pages, first))
    if missing:
        raise RuntimeError(f"{edition.file}: no page found for {missing}")
    second = await page.pdf(**options)
    headings = await page.evaluate(HEADINGS)
    return {**info, **await asyncio.to_thread(finish, second, headings, edition, facts, out)}


def finish(pdf: bytes, headings: list[str], edition: Edition, facts: dict, out: Path) -> dict:
    """The printed PDF with its bookmarks retitled and its metadata, written to ``out``."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    retitle_outline(writer, headings, edition.file)
    writer.add_metadata({"/Title": edition.title or facts["title"], "/Author": facts["author"],
                         "/Subject": facts["description"], "/Creator": "tools/build_pdf.py (Chromium)"})
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("wb") as handle:
        writer.write(handle)
    return {"pages": len(writer.pages), "bytes": out.stat().st_size}


async def print_all(url: str, out_dir: Path, facts: dict, root_doc: str, workers: int = 2) -> None:
    """Print every edition, two at a time (one Chromium page, and so one core, each)."""
    from playwright.async_api import async_playwright

    queue = list(editions(ROOT))  # the whole book first: it takes longest
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)

        async def worker() -> None:
            # The viewport is the text block of an A4 page (210 mm less 2 x 22 mm), so that
            # what is too wide for the page shows up before printing (TOO_WIDE).
            context = await browser.new_context(viewport={"width": 627, "height": 900})
            # The network is shut: the page may load local files only.
            await context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                                else route.abort())
            page = await context.new_page()
            await page.emulate_media(media="print")
            while queue:
                edition = queue.pop(0)
                begin = time.monotonic()
                result = await print_edition(page, url, edition, facts, root_doc, out_dir / edition.file)
                print(f"{out_dir / edition.file}: {result['pages']} pages, {result['bytes'] / 1e6:.1f} MB, "
                      f"{result['chapters']} chapters, {result['figures']} figures, {time.monotonic() - begin:.1f} s")
            await context.close()

        await asyncio.gather(*(worker() for _ in range(workers)))
        await browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--path-output", type=Path, default=ROOT,
                        help="the folder whose _build/ holds the HTML build (as for jupyter-book)")
    parser.add_argument("--skip-sphinx", action="store_true", help="reuse the singlehtml build as it is")
    parser.add_argument("--workers", type=int, default=2, help="editions printed at once (default 2)")
    args = parser.parse_args(argv)
    build = args.path_output.resolve() / "_build"
    check_tools()
    start = time.monotonic()
    if not args.skip_sphinx:
        build_singlehtml(args.path_output.resolve())
        print(f"singlehtml: {time.monotonic() - start:.1f} s")
    source = print_page(build / "singlehtml")
    root_doc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))["root"]
    asyncio.run(print_all(source.as_uri(), build / "html" / PDF_DIR, book_facts(), root_doc, args.workers))
    print(f"PDF edition: {time.monotonic() - start:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
