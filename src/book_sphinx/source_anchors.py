"""Names every bibliography entry's anchor after its key: ``bibliography.html#source-<key>``.

sphinxcontrib-bibtex numbers the entries of a bibliography (``#id540``), and the numbers
change whenever a source is added, so no table could link to an entry. Once every page is
read, and before sphinxcontrib-bibtex works out where each citation links to, each entry's
id becomes ``source-<key>`` (:func:`helpers.sources.bibliography_anchor`). The book's own
citation links follow, and a table that names its sources by key (the claims ledger's
``sources`` column, :func:`helpers.style.source_links`) links to the same anchors.

Each source is listed once in the book (its bibliography's filters split the sources by
class), so each anchor is unique.
"""

from __future__ import annotations

from helpers.sources import bibliography_anchor


def name_anchors(domain) -> None:
    """Give every entry of every bibliography in the ``cite`` domain the id of its key."""
    for bibliography in domain.bibliographies.values():
        for key, node in bibliography.citation_nodes.items():
            node["ids"] = [bibliography_anchor(key)]


def _env_updated(app, env) -> None:
    name_anchors(env.get_domain("cite"))


def setup(app):
    # Before sphinxcontrib-bibtex's own env-updated handler (priority 500), which reads the
    # entries' ids to resolve the citations.
    app.connect("env-updated", _env_updated, priority=400)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
