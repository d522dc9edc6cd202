"""book_sphinx.html_fixes: a script repeated in a page's head is written once."""

from book_sphinx.html_fixes import dedupe_head, fix_roles

PAGE = """<html><head>
    <script>const THEBE_JS_URL = "x";</script>
    <script async="async" src="thebe.js"></script>
    <script>const THEBE_JS_URL = "x";</script>
    <script>var other = 1;</script>
</head><body><script>const THEBE_JS_URL = "x";</script></body></html>"""


def test_a_repeated_script_in_the_head_is_kept_once_and_order_is_kept():
    out = dedupe_head(PAGE)
    head, body = out.split("</head>")
    assert head.count('const THEBE_JS_URL = "x";') == 1
    assert head.index("THEBE_JS_URL") < head.index("thebe.js") < head.index("var other")
    assert "THEBE_JS_URL" in body, "only the head is cleaned"


def test_a_page_without_repeats_is_unchanged():
    page = "<html><head><script>var a = 1;</script></head><body></body></html>"
    assert dedupe_head(page) == page


def test_bibliography_citations_become_list_items():
    html = '<div role="list"><div class="citation" role="doc-biblioentry">A</div></div>'
    assert fix_roles(html) == '<div role="list"><div class="citation" role="listitem">A</div></div>'
