"""A Sphinx extension for tab sets of figures (sphinx-design's ``tab-set``), as the explore
page uses for each explorer's preset views.

A tab set shows one tab at a time, yet a browser fetches every image in the page on the
first load, hidden tabs included. Images inside a tab are written with ``loading="lazy"``:
the browser fetches one when its tab is opened or comes near the viewport, so a page's
first load carries only the figures a reader can see.

On paper there are no tabs to open: a print stylesheet shows the content of every tab,
one after another (each figure's caption states the settings its tab label names).
"""

from __future__ import annotations

from pathlib import Path

from docutils import nodes

STATIC = Path(__file__).parent / "static"
PRINT_CSS = "book-tabs-print.css"


def in_tab(node: nodes.Node) -> bool:
    """Whether ``node`` sits in the content of a sphinx-design tab."""
    parent = node.parent
    while parent is not None:
        if "sd-tab-content" in parent.get("classes", []):
            return True
        parent = parent.parent
    return False


def lazy_tab_images(app, doctree: nodes.document, docname: str) -> None:
    for image in doctree.findall(nodes.image):
        if in_tab(image):
            image["loading"] = "lazy"


def _add_static_path(app) -> None:
    app.config.html_static_path.append(str(STATIC))


def setup(app):
    app.connect("builder-inited", _add_static_path)
    app.connect("doctree-resolved", lazy_tab_images)
    app.add_css_file(PRINT_CSS, media="print")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
