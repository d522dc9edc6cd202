"""book_sphinx.icons: the theme's icon fonts are cut to the icons the site uses."""

from pathlib import Path

import pydata_sphinx_theme
from fontTools.ttLib import TTFont

from book_sphinx.icons import (
    font_faces,
    hide_icons,
    icon_characters,
    subset_font,
    used_characters,
    write_subsets,
)

THEME_STATIC = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"

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


def test_only_icons_named_in_the_pages_or_scripts_are_kept():
    table = icon_characters(CSS)
    pages = ['<i class="fa-solid fa-magnifying-glass"></i>', 'el.classList = "fa-solid fa-unknown"']
    assert used_characters(pages, table) == {0xF002}


def test_font_faces_keep_their_descriptors_and_name_the_font_file():
    [(descriptors, stem)] = font_faces(CSS)
    assert stem == "fa-solid-900"
    assert "font-weight:900" in descriptors and "src" not in descriptors


def test_the_subset_font_holds_the_icons_asked_for_and_is_small(tmp_path):
    source = THEME_STATIC / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.ttf"
    target = tmp_path / "fa-solid-900.subset.woff"
    subset_font(source, target, {0xF002, 0xF0C9})
    assert set(TTFont(target).getBestCmap()) == {0xF002, 0xF0C9}
    assert target.stat().st_size < 5_000 < source.stat().st_size


def test_the_stylesheet_points_the_theme_fonts_at_the_subsets(tmp_path):
    styles = tmp_path / "_static" / "styles"
    styles.mkdir(parents=True)
    (styles / "pydata-sphinx-theme.css").write_text(CSS)
    fonts = tmp_path / "_static" / "vendor" / "fontawesome" / "webfonts"
    fonts.mkdir(parents=True)
    (fonts / "fa-solid-900.ttf").write_bytes((THEME_STATIC / "vendor/fontawesome/webfonts/fa-solid-900.ttf").read_bytes())
    (tmp_path / "page.html").write_text('<i class="fa-solid fa-search"></i>')
    written = write_subsets(tmp_path)
    assert list(written) == ["fa-solid-900.subset.woff"]
    css = (tmp_path / "_static" / "icons.css").read_text()
    assert 'src:url(vendor/fontawesome/webfonts/fa-solid-900.subset.woff) format("woff")' in css
    assert "font-weight:900" in css
    assert set(TTFont(fonts / "fa-solid-900.subset.woff").getBestCmap()) == {0xF002}


def test_empty_icons_are_hidden_from_assistive_technology_once():
    html = '<button aria-label="Search"><i class="fa-solid fa-magnifying-glass"></i></button>'
    hidden = hide_icons(html)
    assert '<i class="fa-solid fa-magnifying-glass" aria-hidden="true"></i>' in hidden
    assert hide_icons(hidden) == hidden
    assert hide_icons('<i class="fa-solid fa-bars">Menu</i>') == '<i class="fa-solid fa-bars">Menu</i>'
    assert hide_icons('<span class="label">x</span>') == '<span class="label">x</span>'
