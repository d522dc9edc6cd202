"""Execute the book's notebooks two at a time into the jupyter-cache the build reads.

Jupyter Book 1 executes notebooks one after another. Run this first and the
build finds every notebook already in its cache and only renders, so a clean
build uses both cores. Usage:

    python tools/execute_parallel.py _build/.jupyter_cache

Notebooks are the ``.ipynb`` pages and the MyST text notebooks (``.md`` with a
``kernelspec`` in their front matter) listed in ``_toc.yml``. They are read with
myst-nb's own readers, so the cache keys match what the build will look up.
The cache keys on cell source only; before executing, the notebooks whose hidden
inputs (their tables, the bibliography, the helpers) changed since they were cached
are dropped from it (``helpers.notebook_inputs``), so only those run again.
Exits non-zero, naming the notebook, if any execution fails.

Under ``make test`` the cache arrives filled: nbval has run every notebook in the Binder
kernel and stored its outputs (``tools/nbval_cache.py``), so only what it left out runs here.
"""

from __future__ import annotations

import sys
import tempfile
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import yaml
from jupyter_cache import get_cache
from jupyter_client.manager import KernelManager
from jupyter_cache.executors.utils import create_cache_bundle, single_nb_execution

from helpers.notebook_inputs import READERS, refresh_cache

ROOT = Path(__file__).resolve().parents[1]
MYST_READER, IPYNB_READER = READERS[".md"], READERS[".ipynb"]


class IPCKernelManager(KernelManager):
    """A kernel reached over Unix sockets in the runtime folder instead of TCP ports.

    ipykernel 7 warns at every start of a kernel over TCP without encryption: nineteen
    kernels, nineteen four-line warnings in the build log. A local socket is both quieter
    and closed to other users of the machine.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("transport", "ipc")
        # An absolute socket path: the kernel runs in the notebook's folder, the client
        # here, so a relative one (the default) would name two different files. A short
        # one: a Unix socket's path is limited to about a hundred bytes.
        kwargs.setdefault("ip", str(Path(tempfile.gettempdir()) / f"kernel-{uuid.uuid4().hex[:12]}-ipc"))
        super().__init__(**kwargs)


def toc_notebooks() -> list[tuple[Path, dict]]:
    """Each page of the table of contents that runs code, with the reader for it."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]] + [c["file"] for part in toc.get("parts", []) for c in part["chapters"]]
    found = []
    for name in files:
        ipynb, md = ROOT / f"{name}.ipynb", ROOT / f"{name}.md"
        if ipynb.exists():
            found.append((ipynb, IPYNB_READER))
        elif md.exists() and md.read_text(encoding="utf-8").startswith("---") and "kernelspec:" in md.read_text(encoding="utf-8").split("---")[1]:
            found.append((md, MYST_READER))
    return found


def main(cache_path: str, workers: int = 2) -> int:
    notebooks = toc_notebooks()
    dropped = refresh_cache(cache_path, [path for path, _ in notebooks])
    if dropped:
        print(f"{len(dropped)} of {len(notebooks)} notebooks run again (their inputs changed, or the cache "
              "held no record of them): " + ", ".join(p.name for p in dropped))
    cache = get_cache(cache_path)
    records = [cache.add_nb_to_project(str(path), read_data=reader) for path, reader in notebooks]
    # list_unexecuted() re-reads and hashes every notebook: call it once, not once per record.
    unexecuted = {record.pk for record in cache.list_unexecuted()}
    # Longest first, so that the two workers finish together: the .ipynb pages
    # draw figures, the text notebooks only glue numbers; the larger the longer.
    stale = sorted((r for r in records if r.pk in unexecuted),
                   key=lambda r: (r.uri.endswith(".md"), -Path(r.uri).stat().st_size))
    started = time.perf_counter()

    def execute(record):
        # Each notebook runs in its own kernel, in its own folder, as the build would run it.
        project_nb = cache.get_project_notebook(record.pk)
        result = single_nb_execution(project_nb.nb, cwd=str(Path(record.uri).parent),
                                     timeout=120, allow_errors=False,
                                     kernel_manager_class=IPCKernelManager)
        # The web book shows static figures instead of widgets; their saved state
        # (every figure drawn inside it) would only add weight to the page.
        project_nb.nb.metadata.pop("widgets", None)
        return project_nb, result

    # Threads, not processes: the kernels do the work, and the cache's database is
    # written from this process only, one notebook at a time.
    with ThreadPoolExecutor(max_workers=workers) as pool:
        results = list(pool.map(execute, stale))
    failed = []
    for project_nb, result in results:
        if result.err:
            failed.append(project_nb.uri)
            print(f"FAILED: {project_nb.uri}\n{result.exc_string}", file=sys.stderr)
            continue
        bundle = create_cache_bundle(project_nb, result.cwd, None, result.time, result.exc_string)
        cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
    seconds = time.perf_counter() - started
    print(f"executed {len(results) - len(failed)} of {len(stale)} notebooks needing it "
          f"({len(records) - len(stale)} already cached) in {seconds:.1f} s into {cache_path}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(ROOT / "_build" / ".jupyter_cache")))
