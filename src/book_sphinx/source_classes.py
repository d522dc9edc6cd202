"""Gives every bibliography entry its source class, so the bibliography can be grouped.

After sphinxcontrib-bibtex has read ``references.bib``, each entry gets a field
``sourceclass`` (official, reputable, state_media or weak) from the classification of
its site in ``data/source_domains.csv`` (see :mod:`helpers.sources`). The bibliography
page then lists each class under its own heading with a filter::

    ```{bibliography}
    :filter: sourceclass == "official"
    ```

The class is never written into ``references.bib``: it has one home, the table. An
entry whose site is unclassified gets no class, appears under no heading, and every
citation of it is then an unresolved reference (an error under ``-W``).
"""

from __future__ import annotations

from sphinx.util import logging

from helpers.data import DATA_DIR, DataPackage
from helpers.sources import classify

logger = logging.getLogger(__name__)


def _set_source_classes(app) -> None:
    domain = app.env.get_domain("cite")
    package = DataPackage()
    classified = classify(package.load("sources"), package.load("source_domains"))
    classes = dict(zip(classified["key"], classified["class"]))
    for key, entry in domain.bibdata.data.entries.items():
        cls = classes.get(key)
        if isinstance(cls, str):
            entry.fields["sourceclass"] = cls
        else:
            entry.fields.pop("sourceclass", None)
            logger.warning(f"references.bib entry {key!r}: its site is not in data/source_domains.csv")


def setup(app):
    # After sphinxcontrib-bibtex's own builder-inited handler (priority 500) has read the
    # bibliography, whether from the files or from the cached environment.
    app.connect("builder-inited", _set_source_classes, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
