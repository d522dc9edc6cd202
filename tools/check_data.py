"""Check every table of the data package before anything else runs.

`make book` and `make test` call this first, so that a bad edit stops the command in
seconds with one line naming the file, the row and the column, instead of surfacing as a
notebook traceback deep in the build log.

    python tools/check_data.py [DATA_DIR]
"""

from __future__ import annotations

import sys
from pathlib import Path

from helpers.data import DATA_DIR, DataError, DataPackage


def main(argv: list[str]) -> int:
    data_dir = Path(argv[0]) if argv else DATA_DIR
    try:
        rows = DataPackage(data_dir).validate_all()
    except DataError as error:
        print(f"Data check failed: {error}", file=sys.stderr)
        return 1
    print(f"Data check: {len(rows)} tables, {sum(rows.values())} rows, all valid.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
