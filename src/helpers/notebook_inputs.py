"""What the notebooks read besides their own cells: the data, the sources and this package.

jupyter-cache reuses a notebook's outputs while its code cells are unchanged, and
Sphinx re-reads a page only when its own file changes. Neither sees a corrected
CSV, so without this module the book would keep showing yesterday's figure.

`digest` fingerprints those hidden inputs. `refresh_cache` empties an execution
cache that was filled under another fingerprint, so every notebook runs again;
``tools/execute_parallel.py`` calls it before executing. As a Sphinx extension
the module does the same for the build's own cache, and has every page re-read
when the fingerprint differs from the one the build environment last saw.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from helpers.data import REPO_ROOT

#: Stored in the execution cache's folder: the fingerprint it was filled under.
STAMP = "notebook-inputs.sha256"


def input_files(root: Path = REPO_ROOT) -> list[Path]:
    """The data folder, the bibliography and the helpers package, in a fixed order."""
    files = [p for p in (root / "data").rglob("*") if p.is_file()]
    files += [p for p in (root / "src" / "helpers").rglob("*.py")]
    files.append(root / "references.bib")
    return sorted(files, key=lambda p: p.relative_to(root).as_posix())


def digest(root: Path = REPO_ROOT) -> str:
    """A fingerprint of the contents (not the times) of every hidden input."""
    hasher = hashlib.sha256()
    for path in input_files(root):
        hasher.update(path.relative_to(root).as_posix().encode() + b"\0")
        hasher.update(path.read_bytes() + b"\0")
    return hasher.hexdigest()


def refresh_cache(cache_path: Path | str, root: Path = REPO_ROOT) -> bool:
    """Empty the execution cache if it was filled under other inputs; True if it was."""
    cache_path = Path(cache_path)
    stamp = cache_path / STAMP
    current = digest(root)
    if stamp.exists() and stamp.read_text(encoding="utf-8") == current:
        return False
    shutil.rmtree(cache_path, ignore_errors=True)
    cache_path.mkdir(parents=True)
    stamp.write_text(current, encoding="utf-8")
    return True


def _refresh_build_cache(app) -> None:
    config = app.env.mystnb_config
    if config.execution_mode == "cache":
        refresh_cache(config.execution_cache_path)


def _pages_to_reread(app, env, added, changed, removed) -> list[str]:
    current = digest()
    if getattr(env, "helpers_notebook_inputs", None) == current:
        return []
    env.helpers_notebook_inputs = current
    return sorted(env.found_docs)


def setup(app):
    app.connect("builder-inited", _refresh_build_cache, priority=900)  # after myst-nb sets the cache path
    app.connect("env-get-outdated", _pages_to_reread)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
