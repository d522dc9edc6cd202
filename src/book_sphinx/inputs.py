"""A Sphinx extension: the build's execution cache drops, and Sphinx re-reads, exactly the
pages whose hidden inputs changed (the rules are in ``helpers.notebook_inputs``)."""

from __future__ import annotations

from pathlib import Path

from helpers.notebook_inputs import page_digest, refresh_cache


def _refresh_build_cache(app) -> None:
    config = app.env.mystnb_config
    if config.execution_mode == "cache":
        pages = [Path(app.env.doc2path(doc)) for doc in sorted(app.env.found_docs)]
        refresh_cache(config.execution_cache_path, [p for p in pages if p.exists()])


def _pages_to_reread(app, env, added, changed, removed) -> list[str]:
    """Pages whose hidden inputs changed since the build environment last read them."""
    seen = getattr(env, "helpers_page_inputs", None)
    if not isinstance(seen, dict):
        seen = {}
    current, outdated = {}, []
    for doc in sorted(env.found_docs):
        path = Path(env.doc2path(doc))
        if not path.exists():
            continue
        current[doc] = page_digest(path)
        if seen.get(doc) != current[doc]:
            outdated.append(doc)
    env.helpers_page_inputs = current
    return outdated


def setup(app):
    app.connect("builder-inited", _refresh_build_cache, priority=900)  # after myst-nb sets the cache path
    app.connect("env-get-outdated", _pages_to_reread)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
