"""A Sphinx extension that caches pybtex's plugin lookups.

pybtex finds its styles and backends through ``importlib.metadata`` entry points
on every call, and sphinxcontrib-bibtex calls it once per citation: with some
eight hundred sources this took two thirds of the book's render time. The
lookup's answer never changes during a build, so it is cached.
"""

from __future__ import annotations

import functools

import pybtex.plugin


def setup(app):
    if not hasattr(pybtex.plugin._load_entry_point, "cache_info"):
        pybtex.plugin._load_entry_point = functools.lru_cache(maxsize=None)(pybtex.plugin._load_entry_point)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
