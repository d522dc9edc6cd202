"""tools/check_data.py, which `make book` and `make test` run first: a bad value stops the
command with one line naming file, row and column, and no traceback."""

import subprocess
import sys

from fixture_package import GOOD_ROWS, write_package
from helpers.data import REPO_ROOT

SCRIPT = REPO_ROOT / "tools" / "check_data.py"


def check(data_dir):
    env = {"PYTHONPATH": str(REPO_ROOT / "src"), "PATH": ""}
    return subprocess.run([sys.executable, str(SCRIPT), str(data_dir)], capture_output=True, text=True, env=env,
                          timeout=120)


def test_good_data_passes(tmp_path):
    done = check(write_package(tmp_path))
    assert done.returncode == 0 and "all valid" in done.stdout


def test_a_bad_value_stops_with_file_row_and_column(tmp_path):
    bad = GOOD_ROWS[1].replace("2006-10-01", "2006-13-01")
    done = check(write_package(tmp_path, rows=[GOOD_ROWS[0], bad]))
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("Data check failed: data/events.csv row 3, column date:"), last
    assert "Traceback" not in done.stderr + done.stdout
