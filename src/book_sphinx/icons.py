"""Font Awesome icons for a fraction of their weight: the theme's webfonts, cut to the icons
the site shows.

The theme draws its icons (menu, search, download, the GitHub mark ...) with Font
Awesome. Its 1.5 MB script, which redrew them as SVG, is not loaded (see
``_templates/layout.html``); the theme's stylesheet draws the same icons from three
webfonts, of which a page loaded two (275 kB) for about twenty glyphs. This extension
puts on every page ``icons.css``, whose ``@font-face`` rules point the theme's font
families at the same fonts cut to the icons the book uses (``static/icon-fonts/``, 5 kB
in all, written by ``tools/icon_fonts.py``). Declared after the theme's own rules, they
are the ones the browser uses; the full fonts are never requested.

After each build it checks that every icon the pages and the theme's scripts name, and
every icon character a stylesheet draws (an exercise's pencil), is in the cut fonts, and warns (an error under ``-W``) when one is not: a new button or a new
version of the theme then needs ``python tools/icon_fonts.py _build/html``. (A browser
shown an icon missing from a cut font falls back to the theme's full font: the icon
still shows, and the page weighs 150 kB more; tests/browser/test_weight.py checks both.)

It also marks each page's empty icon elements ``aria-hidden="true"``, as Font Awesome's
script did for its SVGs: they are decoration, and the controls they sit in carry the label.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from sphinx.util import logging

logger = logging.getLogger(__name__)

STATIC = Path(__file__).with_name("static")
STYLESHEET = "icons.css"
#: The cut fonts and the list of the characters they hold, as tools/icon_fonts.py writes them.
FONTS = STATIC / "icon-fonts"
MANIFEST = FONTS / "icons.json"
#: Where the theme's stylesheet sits in the built site.
THEME_CSS = Path("_static/styles/pydata-sphinx-theme.css")

_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_ICON_SELECTOR = re.compile(r"^\.(fa-[a-z0-9-]+)::?(?:before|after)$")
_CONTENT = re.compile(r'content:\s*"\\([0-9a-fA-F]+)"')
_ICON_NAME = re.compile(r"\bfa-[a-z0-9-]+")
_CSS_STRING = re.compile(r'"((?:[^"\\]|\\.)*)"')
_CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6}) ?")
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


def used_icons(texts, table: dict[str, int]) -> dict[str, int]:
    """The icons named anywhere in ``texts`` (pages and scripts), with their code points."""
    names = {name for text in texts for name in _ICON_NAME.findall(text)}
    return {name: table[name] for name in sorted(names) if name in table}


def drawn_characters(css: str) -> set[int]:
    """Icon characters (Unicode's private use area, where Font Awesome keeps its glyphs)
    that a stylesheet draws outside the ``.fa-NAME:before`` rules, escaped (``"\\f303"``)
    or not: an exercise's pencil, an admonition's icon, the chevron of a folded table of
    contents. They show whenever that component does."""
    found = set()
    for selectors, body in _RULE.findall(css):
        if all(_ICON_SELECTOR.match(s.strip()) for s in selectors.split(",")):
            continue
        for string in _CSS_STRING.findall(body):
            text = _CSS_ESCAPE.sub(lambda m: chr(int(m.group(1), 16)), string)
            found |= {ord(c) for c in text if 0xE000 <= ord(c) <= 0xF8FF}
    return found


def site_icons(outdir: Path) -> dict[str, int]:
    """The icons a built site uses, with their characters: named in its pages or in the
    scripts of its ``_static`` (as ``fa-bars``), or drawn by one of its stylesheets (as
    ``exercise.css:f303``)."""
    static = outdir / "_static"
    table = icon_characters((outdir / THEME_CSS).read_text(encoding="utf-8"))
    texts = [p.read_text(encoding="utf-8") for p in outdir.rglob("*.html")]
    texts += [p.read_text(encoding="utf-8") for p in static.rglob("*.js")]
    icons = used_icons(texts, table)
    for sheet in sorted(static.rglob("*.css")):
        for code in sorted(drawn_characters(sheet.read_text(encoding="utf-8"))):
            icons[f"{sheet.relative_to(static).as_posix()}:{code:04x}"] = code
    return icons


def missing_icons(used: dict[str, int], manifest: dict) -> list[str]:
    """The icons in ``used`` whose character the cut fonts (their ``manifest``) lack."""
    held = {int(code, 16) for code in manifest["characters"]}
    return [name for name, code in used.items() if code not in held]


def hide_icons(html: str) -> str:
    """Empty Font Awesome elements marked ``aria-hidden="true"``, unless already marked."""
    def mark(match: re.Match) -> str:
        if "aria-hidden" in match.group(2):
            return match.group(0)
        return f'<{match.group(1)} {match.group(2)} aria-hidden="true"></{match.group(1)}>'

    return _EMPTY_ICON.sub(mark, html)


def _config_inited(app, config) -> None:
    if str(STATIC) not in config.html_static_path:
        config.html_static_path.append(str(STATIC))


def _build_finished(app, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    for page in outdir.rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        hidden = hide_icons(text)
        if hidden != text:
            page.write_text(hidden, encoding="utf-8")
    missing = missing_icons(site_icons(outdir), json.loads(MANIFEST.read_text(encoding="utf-8")))
    if missing:
        logger.warning(f"icons missing from the cut icon fonts: {', '.join(missing)}; "
                       f"run: python tools/icon_fonts.py {outdir}")


def setup(app):
    app.connect("config-inited", _config_inited)
    app.add_css_file(STYLESHEET)
    app.connect("build-finished", _build_finished)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
