"""Figures and tables are deterministic across processes: drawn in two fresh interpreters
with different hash seeds, every figure's SVG and every HTML table have the same bytes.

(Two builds are two processes. The built site names each image by a hash of its content,
so identical bytes also mean identical file names across builds.)
"""

import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from helpers.data import REPO_ROOT

SCRIPT = REPO_ROOT / "tests" / "render_figures.py"


def run(seed: str, script=SCRIPT) -> dict:
    env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(REPO_ROOT / "src"), "MPLBACKEND": "Agg"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def differing(first: dict, second: dict) -> list[str]:
    return sorted(name for name in first.keys() | second.keys() if first.get(name) != second.get(name))


def test_every_figure_and_table_is_identical_across_hash_seeds():
    with ThreadPoolExecutor(2) as pool:
        first, second = pool.map(run, ("1", "2718281"))
    assert first, "render_figures.py drew nothing"
    assert not differing(first, second), f"differ between two processes: {differing(first, second)}"


def test_a_hash_seed_dependent_figure_is_caught(tmp_path):
    """The guard itself: a drawing whose order comes from a set of strings differs."""
    script = tmp_path / "seeded.py"
    script.write_text(
        "import json, hashlib\n"
        "labels = sorted({'Sweden', 'Poland', 'Romania', 'Germany', 'Bulgaria'}, key=hash)\n"
        "print(json.dumps({'fig': hashlib.sha256(''.join(labels).encode()).hexdigest()}))\n", encoding="utf-8")
    first, second = run("1", script), run("2718281", script)
    assert differing(first, second) == ["fig"]
