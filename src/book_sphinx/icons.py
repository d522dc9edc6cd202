"""Font Awesome icons for a fraction of their weight: the theme's webfonts, cut to the icons
the site shows.

The theme draws its icons (menu, search, download, the GitHub mark ...) with Font
Awesome. Its 1.5 MB script, which redrew them as SVG, is not loaded (see
``_templates/layout.html``); the theme's stylesheet draws the same icons from three
webfonts, of which a page loaded two (275 kB) for about twenty glyphs. After the build,
this extension:

1. reads from the theme's stylesheet which character each ``fa-NAME`` class shows;
2. collects the icon names that the built pages and the theme's scripts use;
3. writes each of the theme's fonts again holding only those characters, as WOFF
   (``<name>.subset.woff``, a few kB; fontTools writes WOFF2 only with brotli), and a
   stylesheet, ``_static/icons.css``, whose ``@font-face`` rules point the theme's font
   families at them. Declared after the theme's own rules, they are the ones the browser
   uses; the full fonts are never requested. (Were a glyph missing from a cut font, Chromium
   would fall back to the theme's full font of that family: the icon would still show, and
   the page would weigh 150 kB more. tests/browser/test_weight.py checks for both.)

Each page's empty icon elements also get ``aria-hidden="true"``, as Font Awesome's
script gave its SVGs: they are decoration, and the controls they sit in carry the label.
"""

from __future__ import annotations

import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

STYLESHEET = "icons.css"
WEBFONTS = Path("_static/vendor/fontawesome/webfonts")
THEME_CSS = Path("_static/styles/pydata-sphinx-theme.css")

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_SELECTOR = re.compile(r"^\.(fa-[a-z0-9-]+)::?before$")
_CONTENT = re.compile(r'content:\s*"\\([0-9a-fA-F]+)"')
_FONT_FACE = re.compile(r"@font-face\s*\{([^{}]*)\}")
_FONT_URL = re.compile(r"url\(([^)]*?([^/)]+)\.woff2)\)")
_ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
_EMPTY_ICON = re.compile(r'<(i|span) (class="[^"]*\bfa-[a-z0-9-]+[^"]*"[^>]*)></\1>')


def icon_characters(css: str) -> dict[str, int]:
    """``fa-NAME`` -> the code point its ``:before`` rule shows, for every icon the
    stylesheet defines (aliases included)."""
    table: dict[str, int] = {}
    for selectors, body in _RULE.findall(css):
        content = _CONTENT.search(body)
        if not content:
            continue
        for selector in selectors.split(","):
            name = _ICON_SELECTOR.match(selector.strip())
            if name:
                table[name.group(1)] = int(content.group(1), 16)
    return table


def used_characters(texts, table: dict[str, int]) -> set[int]:
    """The code points of the icons named anywhere in ``texts`` (pages and scripts)."""
    names = {name for text in texts for name in _ICON_NAME.findall(text)}
    return {table[name] for name in names if name in table}


def font_faces(css: str) -> list[tuple[str, str]]:
    """(descriptors without ``src``, font file stem) of each ``@font-face`` rule of the
    stylesheet that loads a WOFF2 font, as ``fa-solid-900``."""
    faces = []
    for body in _FONT_FACE.findall(css):
        url = _FONT_URL.search(body)
        if url:
            descriptors = ";".join(d for d in body.split(";") if d.strip() and not d.strip().startswith("src"))
            faces.append((descriptors, url.group(2)))
    return faces


def subset_font(source: Path, target: Path, characters: set[int]) -> None:
    """Write the font ``source`` (TrueType) to ``target`` as WOFF with only ``characters``."""
    from fontTools import subset

    options = subset.Options()
    options.flavor = "woff"
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def hide_icons(html: str) -> str:
    """Empty Font Awesome elements marked ``aria-hidden="true"``, unless already marked."""
    def mark(match: re.Match) -> str:
        if "aria-hidden" in match.group(2):
            return match.group(0)
        return f'<{match.group(1)} {match.group(2)} aria-hidden="true"></{match.group(1)}>'

    return _EMPTY_ICON.sub(mark, html)


def write_subsets(outdir: Path) -> dict[str, int]:
    """Cut the theme's webfonts in ``outdir`` to the icons its pages use and write
    ``_static/icons.css``; returns the bytes of each font written."""
    css = (outdir / THEME_CSS).read_text(encoding="utf-8")
    table = icon_characters(css)
    texts = [p.read_text(encoding="utf-8") for p in outdir.rglob("*.html")]
    texts += [p.read_text(encoding="utf-8") for p in (outdir / "_static").rglob("*.js")]
    characters = used_characters(texts, table)
    rules, written = [], {}
    for descriptors, stem in font_faces(css):
        source = outdir / WEBFONTS / f"{stem}.ttf"
        if not source.exists():
            logger.warning(f"icons: {source} is missing; the theme's full font stays in use")
            continue
        target = source.with_name(f"{stem}.subset.woff")
        subset_font(source, target, characters)
        written[target.name] = target.stat().st_size
        url = (WEBFONTS / target.name).relative_to("_static").as_posix()
        rules.append(f'@font-face{{{descriptors};src:url({url}) format("woff")}}')
    header = "/* Written by book_sphinx.icons: the theme's icon fonts, cut to the icons the site uses. */"
    (outdir / "_static" / STYLESHEET).write_text("\n".join([header, *rules]) + "\n", encoding="utf-8")
    return written


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        hidden = hide_icons(text)
        if hidden != text:
            page.write_text(hidden, encoding="utf-8")
    write_subsets(outdir)


def setup(app):
    app.add_css_file(STYLESHEET)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
