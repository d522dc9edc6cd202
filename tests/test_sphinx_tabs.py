"""book_sphinx.tabs: an image in a tab is loaded lazily; any other image is not."""

from docutils import nodes
from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from book_sphinx.tabs import PRINT_CSS, STATIC, lazy_tab_images


def page() -> nodes.document:
    document = new_document("page", get_default_settings(Parser))
    tab_set = nodes.container(classes=["sd-tab-set"])
    content = nodes.container(classes=["sd-tab-content"])
    figure = nodes.figure("", nodes.image(uri="in-tab.svg"))
    content += figure
    tab_set += content
    document += [nodes.image(uri="outside.svg"), tab_set]
    return document


def test_images_in_a_tab_load_lazily_and_others_do_not():
    document = page()
    lazy_tab_images(None, document, "page")
    loading = {image["uri"]: image.get("loading") for image in document.findall(nodes.image)}
    assert loading == {"outside.svg": None, "in-tab.svg": "lazy"}


def test_the_print_stylesheet_shows_every_tab():
    css = (STATIC / PRINT_CSS).read_text(encoding="utf-8")
    assert ".sd-tab-content" in css and "display: block !important" in css
