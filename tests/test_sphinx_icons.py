"""book_sphinx.icons and tools/icon_fonts.py: the theme's icon fonts, cut to the icons the
book uses, and the build's check that none is missing."""

import importlib.util
import json
from pathlib import Path

import pydata_sphinx_theme
from fontTools.ttLib import TTFont

from book_sphinx.icons import (
    FONTS,
    MANIFEST,
    drawn_characters,
    hide_icons,
    icon_characters,
    missing_icons,
    used_icons,
)
from helpers.data import REPO_ROOT

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"
THEME_FONTS = THEME_STATIC / "vendor" / "fontawesome" / "webfonts"

spec = importlib.util.spec_from_file_location("icon_fonts", REPO_ROOT / "tools" / "icon_fonts.py")
icon_fonts = importlib.util.module_from_spec(spec)
spec.loader.exec_module(icon_fonts)

CSS = (
    '.fa-github:before{content:"\\f09b"}'
    '.fa-magnifying-glass:before,.fa-search:before{content:"\\f002"}'
    ".fa-magnifying-glass{color:red}"
    ".fa-solid,.fas{font-weight:900}"
    '@font-face{font-display:block;font-family:Font Awesome\\ 6 Free;font-style:normal;font-weight:900;'
    'src:url(../vendor/fontawesome/webfonts/fa-solid-900.woff2) format("woff2"),'
    'url(../vendor/fontawesome/webfonts/fa-solid-900.ttf) format("truetype")}'
)


def test_each_icon_class_maps_to_the_character_it_shows_aliases_included():
    assert icon_characters(CSS) == {"fa-github": 0xF09B, "fa-magnifying-glass": 0xF002, "fa-search": 0xF002}


def test_only_icons_named_in_the_pages_or_scripts_count():
    pages = ['<i class="fa-solid fa-magnifying-glass"></i>', 'el.classList = "fa-solid fa-unknown"']
    assert used_icons(pages, icon_characters(CSS)) == {"fa-magnifying-glass": 0xF002}


def test_icons_a_stylesheet_draws_count_but_not_the_icon_class_rules():
    css = CSS + '.admonition-title:before{content:"\\f303";font-family:Font Awesome\\ 6 Free}' + \
        '.arrow:after{content:"\\2195"}' + 'html{--pst-icon-bell:"\uf0f3"}'
    assert drawn_characters(css) == {0xF303, 0xF0F3}


def test_an_icon_outside_the_cut_fonts_is_reported():
    manifest = {"characters": ["f002"]}
    assert missing_icons({"fa-search": 0xF002}, manifest) == []
    assert missing_icons({"fa-search": 0xF002, "fa-github": 0xF09B}, manifest) == ["fa-github"]


def test_font_faces_keep_their_descriptors_and_name_the_font_file():
    [(descriptors, stem)] = icon_fonts.font_faces(CSS)
    assert stem == "fa-solid-900"
    assert "font-weight:900" in descriptors and "src" not in descriptors


def test_a_cut_font_holds_the_icons_asked_for_and_its_copyright(tmp_path):
    source, target = THEME_FONTS / "fa-solid-900.ttf", tmp_path / "fa-solid-900.woff"
    icon_fonts.subset_font(source, target, {0xF002, 0xF0C9})
    font = TTFont(target)
    assert set(font.getBestCmap()) == {0xF002, 0xF0C9}
    assert font["name"].getDebugName(0) == TTFont(source)["name"].getDebugName(0)
    assert target.stat().st_size < 5_000 < source.stat().st_size


def test_the_tool_writes_fonts_manifest_and_stylesheet_from_a_built_site(tmp_path):
    site = tmp_path / "site"
    (site / "_static" / "styles").mkdir(parents=True)
    (site / "_static" / "styles" / "pydata-sphinx-theme.css").write_text(CSS)
    (site / "_static" / "vendor" / "fontawesome" / "webfonts").mkdir(parents=True)
    (site / "_static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.ttf").write_bytes(
        (THEME_FONTS / "fa-solid-900.ttf").read_bytes())
    (site / "page.html").write_text('<i class="fa-solid fa-search"></i>')
    fonts, stylesheet = tmp_path / "out" / "icon-fonts", tmp_path / "out" / "icons.css"
    assert list(icon_fonts.write(site, fonts, stylesheet)) == ["fa-solid-900.woff"]
    css = stylesheet.read_text()
    assert 'src:url(icon-fonts/fa-solid-900.woff) format("woff")' in css and "font-weight:900" in css
    assert set(TTFont(fonts / "fa-solid-900.woff").getBestCmap()) == {0xF002}
    assert json.loads((fonts / "icons.json").read_text()) == {"icons": {"fa-search": "f002"}, "characters": ["f002"]}


def test_the_committed_fonts_hold_every_character_of_their_manifest():
    manifest = json.loads(MANIFEST.read_text(encoding="utf-8"))
    held = set()
    for font in FONTS.glob("*.woff"):
        held |= set(TTFont(font).getBestCmap())
    assert {int(code, 16) for code in manifest["characters"]} <= held
    assert set(manifest["characters"]) == set(manifest["icons"].values())


def test_empty_icons_are_hidden_from_assistive_technology_once():
    html = '<button aria-label="Search"><i class="fa-solid fa-magnifying-glass"></i></button>'
    hidden = hide_icons(html)
    assert '<i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i>' in hidden
    assert hide_icons(hidden) == hidden
    assert hide_icons('<i class="fa-solid fa-bars">Menu</i>') == '<i class="fa-solid fa-bars">Menu</i>'
    assert hide_icons('<span class="label">x</span>') == '<span class="label">x</span>'
