"""How fast the compendium builds and tests, and how heavy the site is (``make bench``).

Prints a table and writes the same figures as JSON to ``_build/bench/bench.json``.
A benchmark, not a test: it measures and reports against the targets, it never
fails on a slow machine. Run it with the .venv's Python from the repository root.

Measured:
- clean build with serial execution (Jupyter Book alone) and with the notebooks
  first executed two at a time into the cache (tools/execute_parallel.py);
- rebuilds with nothing changed: ``jupyter-book build`` (Sphinx finds nothing to
  read) and ``make book`` (make finds no input newer than the last build);
- ``make test`` from a fresh clone of the last commit (every environment created,
  uv's cache empty), then each of its stages alone, with the CPU time the whole
  machine spent (Chromium's processes included; meaningful on an idle machine);
- each executed page's execution time and peak memory (kernel included), the
  MyST text notebooks as well as the ``.ipynb`` ones;
- the site's size, and the three heaviest pages (HTML plus the images it shows);
- the room the fresh clone's environments take on disk, with uv's cache (hard links
  counted once).
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "_build" / "bench"
sys.path.insert(0, str(ROOT / "tools"))
from execute_parallel import toc_notebooks  # noqa: E402

TARGETS = {
    "parallel / serial clean build": "<= 0.65",
    "clean build (parallel)": "< 60 s",
    "no-change rebuild / clean build": "< 5 %",
    "make test": "<= 150 s",
    "environments on disk": "<= 800 MB",
    "slowest notebook": "< 10 s",
    "heaviest page": "< 1.5 MB",
}


def timed(*command, cwd=ROOT, env=None) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env={**os.environ, **(env or {})})
    return time.perf_counter() - started


#: The stages of `make test` (Makefile), timed alone after the whole.
STAGES = ("test-data", "test-unit", "test-notebooks", "test-lab", "test-book", "test-pdf", "test-browser", "test-rebuild")


def busy_cpu_s() -> float:
    """CPU time the whole machine has spent busy since boot (all processes, every core)."""
    with open("/proc/stat", encoding="ascii") as stat:
        user, nice, system, idle, iowait, irq, softirq, steal = map(int, stat.readline().split()[1:9])
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def timed_cpu(*command, cwd=ROOT) -> dict:
    """Wall time and the machine's busy CPU time of a command (meaningful on an idle machine)."""
    cpu = busy_cpu_s()
    seconds = timed(*command, cwd=cwd)
    return {"s": round(seconds, 1), "cpu_s": round(busy_cpu_s() - cpu, 1)}


def build(path_output: Path) -> float:
    return timed(str(BIN / "jupyter-book"), "build", ".", "--path-output", str(path_output), "-W", "-n", "--keep-going")


def as_ipynb(path: Path, folder: Path) -> Path:
    """The notebook as the build reads it: MyST text notebooks through myst-nb's reader."""
    if path.suffix == ".ipynb":
        return path
    from myst_nb.core.read import read_myst_markdown_notebook

    notebook = read_myst_markdown_notebook(path.read_text(encoding="utf-8"))
    target = folder / f"{path.stem}.ipynb"
    nbformat.write(notebook, target)
    return target


def notebook_profile(notebook: Path, name: str) -> dict:
    """Wall time and peak resident memory of executing one notebook (kernel included)."""
    process = psutil.Popen([str(BIN / "jupyter-execute"), "--timeout=120", str(notebook)], cwd=ROOT / "chapters",
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0

    def sample():
        nonlocal peak
        while process.poll() is None:
            try:
                tree = [process] + process.children(recursive=True)
                peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)

    started = time.perf_counter()
    sampler = threading.Thread(target=sample)
    sampler.start()
    process.wait()
    sampler.join()
    return {"notebook": name, "seconds": round(time.perf_counter() - started, 2), "peak_mb": round(peak / 1e6)}


def disk_mb(*folders: Path) -> float:
    """Room the folders take together on disk, a hard-linked file counted once (as du does)."""
    seen, total = set(), 0
    for folder in folders:
        for path in folder.rglob("*"):
            info = path.lstat()
            if (info.st_dev, info.st_ino) not in seen:
                seen.add((info.st_dev, info.st_ino))
                total += info.st_blocks * 512
    return round(total / 1e6)


def page_weights(site: Path) -> list[dict]:
    """Each page's own weight: its HTML plus the images it shows (shared theme assets excluded)."""
    pages = []
    for html in site.rglob("*.html"):
        if "_static" in html.parts:
            continue
        text = html.read_text(encoding="utf-8", errors="ignore")
        images = {(html.parent / src).resolve() for src in re.findall(r'<img[^>]+src="([^"]+)"', text)
                  if not src.startswith(("http", "data:"))}
        weight = html.stat().st_size + sum(p.stat().st_size for p in images if p.exists())
        pages.append({"page": str(html.relative_to(site)), "bytes": weight})
    return sorted(pages, key=lambda p: -p["bytes"])


def main() -> None:
    # As under make: the environments are installed without bytecode and compile on import.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    OUT.mkdir(parents=True, exist_ok=True)
    work = OUT / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir()
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}

    serial = build(work / "serial")
    parallel_exec = timed(str(BIN / "python"), "tools/execute_parallel.py", str(work / "parallel" / "_build" / ".jupyter_cache"))
    parallel_render = build(work / "parallel")
    rebuild = build(work / "parallel")
    subprocess.run(["make", "book"], cwd=ROOT, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    make_rebuild = timed("make", "book")
    results["build"] = {
        "clean_serial_s": round(serial, 1),
        "clean_parallel_s": round(parallel_exec + parallel_render, 1),
        "parallel_execute_s": round(parallel_exec, 1),
        "parallel_render_s": round(parallel_render, 1),
        "rebuild_no_change_jupyter_book_s": round(rebuild, 1),
        "rebuild_no_change_make_book_s": round(make_rebuild, 2),
    }

    # `make test` as the target is stated: a fresh clone of the last commit, every
    # environment created, uv's cache empty. Then each stage alone in that clone, with the
    # CPU the whole machine spent on it (Chromium's processes included).
    clone = work / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    fresh = timed_cpu("make", "test", cwd=clone)
    stages = {stage: timed_cpu("make", stage, cwd=clone) for stage in STAGES}
    results["make_test"] = {
        "fresh_clone_s": fresh["s"], "fresh_clone_cpu_s": fresh["cpu_s"],
        "stages_alone": stages,
        "stages_alone_cpu_s": round(sum(stage["cpu_s"] for stage in stages.values()), 1),
    }
    # What the clone's make created: .venv, the Binder and lab environments, uv's cache.
    results["environments_mb"] = disk_mb(clone / ".venv", clone / "_build" / "binder-env",
                                         clone / "_build" / "lab-env", clone / ".cache" / "uv")

    results["notebooks"] = [notebook_profile(as_ipynb(path, work), path.name) for path, _ in toc_notebooks()]
    site = work / "parallel" / "_build" / "html"
    weights = page_weights(site)
    results["site"] = {
        "total_mb": round(sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 1e6, 2),
        "heaviest_pages": [{"page": p["page"], "kb": round(p["bytes"] / 1e3)} for p in weights[:3]],
    }
    b, t = results["build"], results["make_test"]
    results["against_targets"] = {
        "parallel / serial clean build": round(b["clean_parallel_s"] / b["clean_serial_s"], 2),
        "clean build (parallel)": f"{b['clean_parallel_s']} s",
        "no-change rebuild / clean build": (
            f"{100 * b['rebuild_no_change_make_book_s'] / b['clean_parallel_s']:.1f} % (make book), "
            f"{100 * b['rebuild_no_change_jupyter_book_s'] / b['clean_parallel_s']:.1f} % (jupyter-book)"),
        "make test": (f"{t['fresh_clone_s']} s from a fresh clone ({t['fresh_clone_cpu_s']} CPU-s; "
                      f"the stages alone {t['stages_alone_cpu_s']} CPU-s)"),
        "environments on disk": f"{results['environments_mb']} MB",
        "slowest notebook": f"{max(n['seconds'] for n in results['notebooks'])} s",
        "heaviest page": f"{weights[0]['bytes'] / 1e6:.2f} MB ({weights[0]['page']})",
    }
    (OUT / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    report(results)


def report(results: dict) -> None:
    print(f"\nBenchmark on {results['machine']['cpus']} CPUs, Python {results['machine']['python']}\n")
    print(f"{'measure':44} {'value':>12}")
    for key, value in results["build"].items():
        print(f"{'build: ' + key:44} {value:>10} s")
    print(f"\n{'make test, fresh clone':32} {results['make_test']['fresh_clone_s']:>8} s "
          f"{results['make_test']['fresh_clone_cpu_s']:>8} CPU-s")
    for stage, measure in results["make_test"]["stages_alone"].items():
        print(f"{'  ' + stage + ' alone':32} {measure['s']:>8} s {measure['cpu_s']:>8} CPU-s")
    print(f"\n{'notebook':32} {'seconds':>8} {'peak MB':>8}")
    for nb in results["notebooks"]:
        print(f"{nb['notebook']:32} {nb['seconds']:>8} {nb['peak_mb']:>8}")
    print(f"\nsite: {results['site']['total_mb']} MB in all; heaviest pages:")
    for page in results["site"]["heaviest_pages"]:
        print(f"  {page['page']:40} {page['kb']:>6} kB")
    print(f"\n{'target':32} {'measured':>52}   {'target':>8}")
    for name, value in results["against_targets"].items():
        print(f"{name:32} {str(value):>52}   {TARGETS[name]:>8}")
    print(f"\nJSON: {OUT / 'bench.json'}")


if __name__ == "__main__":
    main()
