"""Cut the theme's Font Awesome webfonts to the icons the book uses.

    python tools/icon_fonts.py _build/html

Reads the built site: which icons its pages and scripts name (``book_sphinx.icons``) and
the theme's stylesheet and TrueType fonts. Writes, into ``src/book_sphinx/static``:

- ``icon-fonts/<font>.woff``: each of the theme's fonts holding only those icons (WOFF,
  as fontTools writes WOFF2 only with the brotli module), its names and copyright kept;
- ``icon-fonts/icons.json``: the icons and characters they hold, which the build checks;
- ``icons.css``: ``@font-face`` rules that point the theme's font families at them.

Run it when the build warns that an icon is missing from the cut fonts (a new button, a
new version of the theme), then rebuild. The fonts are Font Awesome Free's (SIL OFL 1.1).
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from fontTools import subset

from book_sphinx.icons import FONTS, MANIFEST, STATIC, STYLESHEET, THEME_CSS, site_icons

WEBFONTS = Path("_static/vendor/fontawesome/webfonts")
_FONT_FACE = re.compile(r"@font-face\s*\{([^{}]*)\}")
_FONT_URL = re.compile(r"url\(([^)]*?([^/)]+)\.woff2)\)")


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
    """Write the font ``source`` (TrueType) to ``target`` as WOFF with only ``characters``,
    keeping every name record (the copyright among them)."""
    options = subset.Options()
    options.flavor = "woff"
    options.name_IDs = ["*"]
    options.name_languages = ["*"]
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=sorted(characters))
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


def write(site: Path, fonts: Path = FONTS, stylesheet: Path = STATIC / STYLESHEET) -> dict[str, int]:
    """Cut the fonts of the built ``site`` to its icons; returns the bytes of each font written."""
    css = (site / THEME_CSS).read_text(encoding="utf-8")
    icons = site_icons(site)
    characters = set(icons.values())
    fonts.mkdir(parents=True, exist_ok=True)
    rules, written = [], {}
    for descriptors, stem in font_faces(css):
        target = fonts / f"{stem}.woff"
        subset_font(site / WEBFONTS / f"{stem}.ttf", target, characters)
        written[target.name] = target.stat().st_size
        url = target.relative_to(stylesheet.parent).as_posix()
        rules.append(f'@font-face{{{descriptors};src:url({url}) format("woff")}}')
    licence = site / "_static/scripts/fontawesome.js.LICENSE.txt"
    notice = " ".join(line.strip(" /*!") for line in licence.read_text(encoding="utf-8").splitlines()
                      if line.strip(" /*!")) if licence.exists() else "Font Awesome Free: SIL OFL 1.1"
    header = (f"/* The theme's icon fonts cut to the icons the book uses; written by tools/icon_fonts.py.\n"
              f"   {notice} */")
    stylesheet.write_text("\n".join([header, *rules]) + "\n", encoding="utf-8")
    manifest = {"icons": {name: f"{code:04x}" for name, code in icons.items()},
                "characters": sorted({f"{code:04x}" for code in characters})}
    (fonts / MANIFEST.name).write_text(json.dumps(manifest, indent=1) + "\n", encoding="utf-8")
    return written


def main(site: str) -> int:
    written = write(Path(site))
    for name, size in written.items():
        print(f"{FONTS / name}: {size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))
