"""An edit to one value in one table reaches the rendered page, and re-runs only the pages
that read that table. Run by `make test` after the book stage, on a copy of the repository
that starts from the test build's execution cache (set CACHE_DIR)."""

import csv
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CACHE = Path(os.environ.get("CACHE_DIR", REPO / "_build" / "test" / "_build" / ".jupyter_cache"))


def run(args, cwd, env):
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, (done.stdout + done.stderr)[-3000:]
    return done.stdout + done.stderr


@pytest.mark.skipif(not CACHE.exists(), reason="needs the test build's execution cache (make test)")
def test_a_one_value_edit_reaches_the_page_and_reruns_only_its_readers(tmp_path):
    repo = tmp_path / "repo"
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True, check=True).stdout.split()
    for name in tracked:
        target = repo / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(REPO / name, target)
    shutil.copytree(CACHE, repo / "_build" / ".jupyter_cache")

    table = repo / "data" / "crypto_theft.csv"
    rows = list(csv.reader(io.StringIO(table.read_text(encoding="utf-8"))))
    column = rows[0].index("value_usd_m")
    rows[1][column] = "4321.5"
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    table.write_text(out.getvalue(), encoding="utf-8")

    env = {**os.environ, "PYTHONPATH": str(repo / "src")}
    log = run([sys.executable, "tools/execute_parallel.py", "_build/.jupyter_cache"], repo, env)
    assert "crypto-theft.ipynb" in log and "timeline.ipynb" not in log and "nuclear-tests.ipynb" not in log, log
    run([str(Path(sys.executable).parent / "jupyter-book"), "build", ".", "-W", "-n", "--keep-going"], repo, env)
    page = (repo / "_build" / "html" / "chapters" / "crypto-theft.html").read_text(encoding="utf-8")
    assert "4,321" in page or "4321" in page, "the edited value is not on the rendered page"
