# Two commands matter: `make book` builds the HTML book, `make test` runs every test.
# Both create the virtual environment .venv from the pinned requirements.txt if needed.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
# Environments are installed without compiling every module ahead (a third of the
# install time); Python compiles what is imported, once, so it must be free to.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
# What Binder builds: an environment from requirements.txt alone. Its kernel,
# registered as `python3` first on JUPYTER_PATH, runs the notebooks under nbval.
BINDER := _build/binder-env
BINDER_READY := $(BINDER)/.ready
BINDER_KERNEL := JUPYTER_PATH=$(CURDIR)/$(BINDER)/share/jupyter BINDER_ENV=$(CURDIR)/$(BINDER)
# The JupyterLab server, in an environment of its own: its dependencies (jsonschema's
# format checkers) add two seconds to every import of nbformat, kernels included.
LAB := _build/lab-env
LAB_READY := $(LAB)/.ready
# Warnings are errors; --keep-going reports all of them before failing.
JB_FLAGS := -W -n --keep-going

.DEFAULT_GOAL := help
.PHONY: help book test test-data test-unit test-notebooks test-book test-browser test-rebuild bench lab lock clean

help:
	@echo "make book   build the HTML book into _build/html (cached notebook execution)"
	@echo "make test   every stage below, in order"
	@echo "  make test-data test-unit test-notebooks test-book test-browser test-rebuild"
	@echo "make bench  time the builds, tests and notebooks; measure the site (_build/bench)"
	@echo "make lab    open the notebooks in JupyterLab"
	@echo "make lock   re-resolve the requirements*.in files into the exact pins of requirements*.txt"
	@echo "make clean  remove _build (keeps .venv)"

$(READY): requirements.txt requirements-test.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else f"Python 3.11 is needed, {sys.executable} is {v[0]}.{v[1]}: run make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt -r requirements-test.txt
	@touch $@

# Everything the book is built from (folders too, so that a removed file counts).
# When none is newer than the last successful build, `make book` has nothing to do.
BOOK_INPUTS := _config.yml _toc.yml references.bib tools/execute_parallel.py \
	$(shell find _static _templates chapters data src/helpers src/book_sphinx -not -path '*/__pycache__*' -not -path '*/.ipynb_checkpoints*')
BOOK_BUILT := _build/html/.inputs-built

book: $(BOOK_BUILT)
	@echo "The book: $(CURDIR)/_build/html/index.html"

# Notebooks run two at a time into the cache first; the build then only renders.
$(BOOK_BUILT): $(READY) $(BOOK_INPUTS)
	$(BIN)/python tools/check_data.py
	$(BIN)/python tools/execute_parallel.py _build/.jupyter_cache
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@touch $@

# `make test` runs the stages in order; each is also a target of its own, so a
# contributor can run the fast part alone (`make test-unit`, or a bare `pytest`).
#   test-data      the data package validates, before anything else
#   test-unit      helpers, data rules, figures, sourcing, solutions (a bare `pytest`)
#   test-notebooks the Binder environment, and every notebook and MyST page with code
#                  under nbval in its kernel
#   test-book      a clean build into an empty cache, warnings as errors
#   test-browser   the built site in headless Chromium, and the live explorers
#   test-rebuild   a one-value edit re-runs only its readers and reaches the page
# The book is built into an empty cache so that every notebook runs against the
# current data and helpers. The notebooks run twice: under nbval in the Binder
# environment, and for the build in .venv, so both environments are proven to run them.
test: test-data test-unit test-notebooks test-book test-browser test-rebuild

test-data: $(READY)
	$(BIN)/python tools/check_data.py

test-unit: $(READY) test-data
	$(BIN)/python -m pytest -n 2

test-notebooks: $(READY) $(BINDER_READY) test-data
	$(BINDER_KERNEL) $(BIN)/python -m pytest tests/binder -s
	rm -rf _build/myst-notebooks && mkdir -p _build/myst-notebooks
	for page in $$(grep -l '^kernelspec:' chapters/*.md); do \
		$(BIN)/mystnb-to-jupyter -o $$page _build/myst-notebooks/$$(basename $${page%.md}).ipynb > /dev/null || exit 1; \
	done
	$(BINDER_KERNEL) $(BIN)/python -m pytest --nbval-lax -n 2 --dist loadfile chapters _build/myst-notebooks

test-book: $(READY) test-data
	rm -rf _build/test
	$(BIN)/python tools/execute_parallel.py _build/test/_build/.jupyter_cache
	$(BIN)/jupyter-book build . --path-output _build/test $(JB_FLAGS)

test-browser: $(READY) $(BINDER_READY) $(LAB_READY)
	@test -d _build/test/_build/html || $(MAKE) test-book
	$(BINDER_KERNEL) JUPYTER_LAB=$(CURDIR)/$(LAB)/bin/jupyter-lab SITE_DIR=_build/test/_build/html \
		$(BIN)/python -m pytest tests/browser -n 2 --dist load

test-rebuild: $(READY)
	@test -d _build/test/_build/.jupyter_cache || $(MAKE) test-book
	CACHE_DIR=$(CURDIR)/_build/test/_build/.jupyter_cache $(BIN)/python -m pytest tests/rebuild

# Rebuilt from scratch whenever requirements.txt changes.
$(BINDER_READY): requirements.txt runtime.txt pyproject.toml
	rm -rf $(BINDER)
	$(PYTHON) -m venv $(BINDER)
	$(BINDER)/bin/python -m pip install --quiet --disable-pip-version-check --no-compile -r requirements.txt
	$(BINDER)/bin/python -m ipykernel install --prefix $(BINDER) --name python3 > /dev/null
	@touch $@

bench: $(READY)
	$(BIN)/python benchmarks/bench.py

$(LAB_READY): requirements-lab.txt
	rm -rf $(LAB)
	$(PYTHON) -m venv $(LAB)
	$(LAB)/bin/python -m pip install --quiet --disable-pip-version-check --no-compile -r requirements-lab.txt
	@touch $@

# As on Binder: the notebooks run in the environment of requirements.txt.
lab: $(BINDER_READY) $(LAB_READY)
	$(BINDER_KERNEL) $(LAB)/bin/jupyter-lab chapters

lock:
	rm -rf _build/lock-venv
	$(PYTHON) -m venv _build/lock-venv
	_build/lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.in
	{ sed -n '1,3p' requirements.txt; _build/lock-venv/bin/python -m pip freeze --exclude pip --exclude setuptools; echo "-e ."; } > requirements.txt.new
	_build/lock-venv/bin/python -m pip freeze --exclude pip --exclude setuptools | sort > _build/lock-book.txt
	_build/lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-test.in
	{ sed -n '1,2p' requirements-test.txt; _build/lock-venv/bin/python -m pip freeze --exclude pip --exclude setuptools | sort | comm -13 _build/lock-book.txt -; } > requirements-test.txt.new
	mv requirements.txt.new requirements.txt
	mv requirements-test.txt.new requirements-test.txt
	rm -rf _build/lock-venv _build/lock-book.txt
	$(PYTHON) -m venv _build/lock-venv
	_build/lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.in
	{ sed -n '1,3p' requirements-lab.txt; _build/lock-venv/bin/python -m pip freeze --exclude pip --exclude setuptools | sort; } > requirements-lab.txt.new
	mv requirements-lab.txt.new requirements-lab.txt
	rm -rf _build/lock-venv

clean:
	rm -rf _build
