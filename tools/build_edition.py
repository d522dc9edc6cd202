"""Build one edition of the book: the instructor edition (the whole book) or the student edition.

    python tools/build_edition.py student      # -> _build/student/_build/html
    python tools/build_edition.py instructor   # -> _build/html, as `make book` builds it

The student edition leaves out the exercises' solutions and the teaching notes
(``book_sphinx.editions`` says how). Both editions run the notebooks two at a time into the
one execution cache, ``_build/.jupyter_cache``, so a notebook that `make book` has run is
not run again. The student edition is built from ``_config.yml`` with one value changed,
``book_edition``, written to ``_build/student/_build/student-config.yml``; its build goes
to a folder of its own, so the two editions never share a Sphinx environment.

Warnings are errors, as in `make book`. After the build the site is read back: the student
edition must show none of the hidden passages, the instructor edition all of them (proof
that the check can see them). Exits non-zero if the build or the check fails.

    python tools/build_edition.py student --output DIR   # build into DIR/_build/html
    python tools/build_edition.py student --cache DIR    # execute into (and read) another cache
    python tools/build_edition.py student --check-only   # only check an existing build

The test stage can check the student edition after `make test-book` without running a
notebook again: ``--output _build/test-student --cache _build/test/_build/.jupyter_cache``.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from pathlib import Path

import yaml

from book_sphinx.editions import EDITIONS, book_hidden_passages, shown
from helpers.sources import toc_pages

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
CACHE = ROOT / "_build" / ".jupyter_cache"
JB_FLAGS = ["-W", "-n", "--keep-going"]


def default_output(edition: str) -> Path:
    """Where an edition is built (its site is OUTPUT/_build/html): the instructor edition
    where `make book` builds it, jupyter-book's default; the student edition beside it."""
    return ROOT if edition == "instructor" else ROOT / "_build" / edition


def edition_config(edition: str, output: Path, cache: Path) -> Path:
    """``_config.yml`` with the edition and the execution cache set, written beside the
    build (``OUTPUT/_build/EDITION-config.yml``, inside _build, which the book excludes)."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    config["sphinx"]["config"]["book_edition"] = edition
    config["execute"]["cache"] = str(cache)
    path = output / "_build" / f"{edition}-config.yml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("# Written by tools/build_edition.py from _config.yml: do not edit.\n"
                    + yaml.safe_dump(config, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return path


def build(edition: str, output: Path, cache: Path) -> int:
    status = subprocess.call([sys.executable, str(ROOT / "tools" / "execute_parallel.py"), str(cache)], cwd=ROOT)
    if status:
        return status
    command = [str(BIN / "jupyter-book"), "build", str(ROOT), *JB_FLAGS]
    if output != ROOT:
        command += ["--path-output", str(output)]
    if edition != "instructor" or cache != CACHE:
        command += ["--config", str(edition_config(edition, output, cache))]
    return subprocess.call(command, cwd=ROOT)


def check(edition: str, site: Path) -> list[str]:
    """What is wrong with a built edition: a hidden passage it shows (student) or one it
    does not show (instructor)."""
    passages = book_hidden_passages(toc_pages(ROOT))
    found = dict(shown(passages, site, pages_only=edition == "instructor"))
    if edition == "student":
        return [f"{where} is shown in {found[where]}" for where, _ in passages if where in found]
    return [f"{where} is not shown anywhere" for where, _ in passages if where not in found]


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("edition", choices=EDITIONS)
    parser.add_argument("--output", type=Path, help="build into OUTPUT/_build/html")
    parser.add_argument("--cache", type=Path, default=CACHE, help=f"the execution cache (default {CACHE.relative_to(ROOT)})")
    parser.add_argument("--check-only", action="store_true", help="check an existing build only")
    args = parser.parse_args(argv)
    output = (args.output or default_output(args.edition)).resolve()
    if not args.check_only:
        status = build(args.edition, output, args.cache.resolve())
        if status:
            return status
    site = output / "_build" / "html"
    if not site.is_dir():
        print(f"no built site at {site}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    problems = check(args.edition, site)
    if problems:
        print(f"The {args.edition} edition is wrong:\n  " + "\n  ".join(problems), file=sys.stderr)
        return 1
    print(f"The {args.edition} edition: checked in {time.perf_counter() - started:.1f} s "
          f"({'no solution or teaching note shown' if args.edition == 'student' else 'every solution and teaching note shown'}). "
          f"The book: {site / 'index.html'}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
