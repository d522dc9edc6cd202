"""How fast the compendium builds and tests, and how heavy the site is (``make bench``).

Prints a table and writes the same figures as JSON to ``_build/bench/bench.json``.
A benchmark, not a test: it measures and reports against the targets, it never
fails on a slow machine. Run it with the .venv's Python from the repository root.

Measured:
- clean build with serial execution (Jupyter Book alone) and with the notebooks
  first executed two at a time into the cache (tools/execute_parallel.py);
- a rebuild with nothing changed;
- the parts of ``make test``: pytest, nbval serial and with ``-n 2``;
- each notebook's execution time and peak memory (the kernel and its children);
- the site's size, and the three heaviest pages (HTML plus the images it shows).
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

import psutil

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "_build" / "bench"
TARGETS = {
    "parallel / serial clean build": "<= 0.65",
    "clean build (parallel)": "< 60 s",
    "no-change rebuild / clean build": "< 5 %",
    "slowest notebook": "< 10 s",
    "heaviest page": "< 1.5 MB",
}


def timed(*command, cwd=ROOT) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def build(path_output: Path) -> float:
    return timed(str(BIN / "jupyter-book"), "build", ".", "--path-output", str(path_output), "-W", "-n", "--keep-going")


def notebook_profile(notebook: Path) -> dict:
    """Wall time and peak resident memory of executing one notebook (kernel included)."""
    process = psutil.Popen([str(BIN / "jupyter-execute"), "--timeout=120", str(notebook)], cwd=notebook.parent,
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
    return {"notebook": notebook.name, "seconds": round(time.perf_counter() - started, 2), "peak_mb": round(peak / 1e6)}


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
    OUT.mkdir(parents=True, exist_ok=True)
    work = OUT / "work"
    shutil.rmtree(work, ignore_errors=True)
    results: dict = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]}}

    serial = build(work / "serial")
    parallel_exec = timed(str(BIN / "python"), "tools/execute_parallel.py", str(work / "parallel" / "_build" / ".jupyter_cache"))
    parallel_render = build(work / "parallel")
    rebuild = build(work / "parallel")
    results["build"] = {
        "clean_serial_s": round(serial, 1),
        "clean_parallel_s": round(parallel_exec + parallel_render, 1),
        "parallel_execute_s": round(parallel_exec, 1),
        "parallel_render_s": round(parallel_render, 1),
        "rebuild_no_change_s": round(rebuild, 1),
    }
    pytest = [str(BIN / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider"]
    results["test_parts"] = {
        "pytest_unit_and_data_s": round(timed(*pytest, "tests", "--ignore=tests/browser", "--ignore=tests/binder"), 1),
        "nbval_serial_s": round(timed(*pytest, "--nbval-lax", "--nbval-current-env", "chapters"), 1),
        "nbval_parallel_s": round(timed(*pytest, "--nbval-lax", "--nbval-current-env", "-n", "2", "--dist", "loadfile", "chapters"), 1),
    }
    results["notebooks"] = [notebook_profile(nb) for nb in sorted((ROOT / "chapters").glob("*.ipynb"))]
    site = work / "parallel" / "_build" / "html"
    weights = page_weights(site)
    results["site"] = {
        "total_mb": round(sum(f.stat().st_size for f in site.rglob("*") if f.is_file()) / 1e6, 2),
        "heaviest_pages": [{"page": p["page"], "kb": round(p["bytes"] / 1e3)} for p in weights[:3]],
    }
    b = results["build"]
    results["against_targets"] = {
        "parallel / serial clean build": round(b["clean_parallel_s"] / b["clean_serial_s"], 2),
        "clean build (parallel)": f"{b['clean_parallel_s']} s",
        "no-change rebuild / clean build": f"{100 * b['rebuild_no_change_s'] / b['clean_parallel_s']:.1f} %",
        "slowest notebook": f"{max(n['seconds'] for n in results['notebooks'])} s",
        "heaviest page": f"{weights[0]['bytes'] / 1e6:.2f} MB ({weights[0]['page']})",
    }
    (OUT / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    shutil.rmtree(work, ignore_errors=True)
    report(results)


def report(results: dict) -> None:
    print(f"\nBenchmark on {results['machine']['cpus']} CPUs, Python {results['machine']['python']}\n")
    print(f"{'measure':44} {'value':>12}")
    for section in ("build", "test_parts"):
        for key, value in results[section].items():
            print(f"{section + ': ' + key:44} {value:>10} s".replace(" s s", " s"))
    print(f"\n{'notebook':32} {'seconds':>8} {'peak MB':>8}")
    for nb in results["notebooks"]:
        print(f"{nb['notebook']:32} {nb['seconds']:>8} {nb['peak_mb']:>8}")
    print(f"\nsite: {results['site']['total_mb']} MB in all; heaviest pages:")
    for page in results["site"]["heaviest_pages"]:
        print(f"  {page['page']:40} {page['kb']:>6} kB")
    print(f"\n{'target':36} {'measured':>28}   {'target':>8}")
    for name, value in results["against_targets"].items():
        print(f"{name:36} {str(value):>28}   {TARGETS[name]:>8}")
    print(f"\nJSON: {OUT / 'bench.json'}")


if __name__ == "__main__":
    main()
