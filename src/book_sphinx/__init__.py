"""The book's Sphinx extensions, kept apart from the analysis code in ``helpers``.

- ``book_sphinx.events``: the ``{event}`` and ``{act}`` roles, dates read from the data;
- ``book_sphinx.bibtex_speedup``: formats each source once and reuses it between builds;
- ``book_sphinx.source_classes``: gives each bibliography entry its source class;
- ``book_sphinx.source_anchors``: names each bibliography entry's anchor after its key;
- ``book_sphinx.inputs``: re-reads exactly the pages whose hidden inputs changed;
- ``book_sphinx.html_fixes``: one of each script per page, list items in bibliographies;
- ``book_sphinx.icons``: the theme's icon fonts cut to the icons the site uses;
- ``book_sphinx.tables``: the book's tables readable at any width, long ones sortable and filterable.
- ``book_sphinx.pdf_edition``: the PDF editions (``_pdf.yml``), their links, the singlehtml build.

They use ``helpers`` (the data, the sourcing rules, the page inputs); ``helpers`` never
imports them.
"""
