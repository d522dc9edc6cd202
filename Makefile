# Two commands matter: `make book` builds the HTML book, `make test` runs every test.
# Both create the virtual environment .venv from the pinned requirements.txt if needed.

PYTHON ?= $(shell command -v python3.11 2>/dev/null || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
LAB_READY := $(VENV)/.lab-ready
# Warnings are errors; --keep-going reports all of them before failing.
JB_FLAGS := -W -n --keep-going

.DEFAULT_GOAL := help
.PHONY: help book test lab lock clean

help:
	@echo "make book   build the HTML book into _build/html (cached notebook execution)"
	@echo "make test   unit and data tests, every notebook (nbval), and a clean book build"
	@echo "make lab    open the notebooks in JupyterLab"
	@echo "make lock   re-resolve requirements.in into the exact pins of requirements.txt"
	@echo "make clean  remove _build (keeps .venv)"

$(READY): requirements.txt pyproject.toml
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v == (3, 11) else f"Python 3.11 is needed, {sys.executable} is {v[0]}.{v[1]}: run make PYTHON=/path/to/python3.11")'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

book: $(READY)
	$(BIN)/jupyter-book build . $(JB_FLAGS)
	@echo "The book: $(CURDIR)/_build/html/index.html"

# The book is built into an empty cache so that every notebook runs against the
# current data and helpers (the cache keys on cell source only).
test: $(READY)
	$(BIN)/python -m pytest tests
	$(BIN)/python -m pytest --nbval-lax --nbval-current-env -n 2 --dist loadfile chapters
	rm -rf _build/test
	$(BIN)/jupyter-book build . --path-output _build/test $(JB_FLAGS)

$(LAB_READY): $(READY) requirements-lab.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-lab.txt
	@touch $@

lab: $(LAB_READY)
	$(BIN)/jupyter lab chapters

lock:
	rm -rf _build/lock-venv
	$(PYTHON) -m venv _build/lock-venv
	_build/lock-venv/bin/python -m pip install --quiet --disable-pip-version-check -r requirements.in
	{ sed -n '1,3p' requirements.txt; _build/lock-venv/bin/python -m pip freeze --all --exclude pip --exclude setuptools; echo "-e ."; } > requirements.txt.new
	mv requirements.txt.new requirements.txt
	rm -rf _build/lock-venv

clean:
	rm -rf _build
