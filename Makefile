# Two commands matter: `make book` builds the HTML book, `make test` runs every test.
# Both create their environments from the exact pins of requirements*.txt if needed,
# with uv (installed into .cache/ by make itself from PyPI, pinned below).

# Any Python from 3.11 on (tested: 3.11, 3.12, 3.13); Binder runs runtime.txt's 3.11.
PYTHON ?= python3
UV_VERSION := 0.13.10
UV := .cache/uv-$(UV_VERSION)/bin/uv
# uv keeps one copy of every package in its cache, inside the repository so that the
# environments hard-link to it (same file system): three environments cost about one.
export UV_CACHE_DIR := $(CURDIR)/.cache/uv
export UV_LINK_MODE := hardlink
# Use the machine's Python; never download one.
export UV_PYTHON_DOWNLOADS := never
# The environments are installed without compiling every module ahead; Python compiles
# what is imported, once, so it must be free to.
unexport PYTHONDONTWRITEBYTECODE
VENV := .venv
BIN := $(VENV)/bin
READY := $(VENV)/.ready
# What Binder builds: an environment from requirements.txt alone, on runtime.txt's
# Python when the machine has it. Its kernel, registered as `python3` first on
# JUPYTER_PATH, runs the notebooks under nbval.
RUNTIME := $(subst python-,,$(shell cat runtime.txt))
BINDER := _build/binder-env
BINDER_READY := $(BINDER)/.ready
BINDER_KERNEL := JUPYTER_PATH=$(CURDIR)/$(BINDER)/share/jupyter BINDER_ENV=$(CURDIR)/$(BINDER)
# The JupyterLab server, in an environment of its own: its dependencies (jsonschema's
# format checkers) add two seconds to every import of nbformat, kernels included.
LAB := _build/lab-env
LAB_READY := $(LAB)/.ready
# Warnings are errors; --keep-going reports all of them before failing; -q keeps
# Sphinx's progress lines out (warnings still show).
JB_FLAGS := -W -n --keep-going -q

.DEFAULT_GOAL := help
.PHONY: help book pdf test-pdf book-student book-instructor test-editions test test-stages test-lab test-data test-unit test-notebooks test-book test-browser test-rebuild bench lab lock clean

help:
	@echo "make book   build the HTML book into _build/html (cached notebook execution)"
	@echo "make pdf    the PDF edition: the whole book and a reader per session, into _build/html/pdf"
	@echo "make book-student     the student edition (no solutions, teaching notes or page sources) in _build/student/_build/html"
	@echo "make book-instructor  the instructor edition: the same as make book"
	@echo "make test   every stage below, side by side where their order allows"
	@echo "  make test-data test-unit test-notebooks test-lab test-book test-pdf test-browser test-rebuild"
	@echo "make bench  time the builds, tests and notebooks; measure the site (_build/bench)"
	@echo "make lab    open the notebooks in JupyterLab"
	@echo "make lock   re-resolve the requirements*.in files into the exact pins of requirements*.txt (Python 3.11-3.13)"
	@echo "make clean  remove _build (keeps .venv and the uv cache in .cache)"

# uv itself, from PyPI, with the machine's pip (no virtual environment needed).
$(UV):
	@$(PYTHON) -c 'import sys; v = sys.version_info[:2]; sys.exit(0 if v >= (3, 11) else f"Python 3.11 or newer is needed, {sys.executable} is {v[0]}.{v[1]}: run make PYTHON=/path/to/python3")'
	@$(PYTHON) -m pip --version > /dev/null 2>&1 || { echo "$(PYTHON) has no pip: install it (Debian: apt-get install python3-pip) or run make PYTHON=/path/to/python3"; exit 1; }
	$(PYTHON) -m pip install --quiet --disable-pip-version-check --root-user-action=ignore --no-compile --target .cache/uv-$(UV_VERSION) uv==$(UV_VERSION)

$(READY): requirements.txt requirements-test.txt pyproject.toml | $(UV)
	$(UV) venv --quiet --clear --python $(PYTHON) $(VENV)
	$(UV) pip sync --quiet --python $(BIN)/python requirements.txt requirements-test.txt
	@touch $@

# Everything the book is built from (folders too, so that a removed file counts).
# When none is newer than the last successful build, `make book` has nothing to do.
BOOK_INPUTS := _config.yml _toc.yml _pdf.yml references.bib tools/execute_parallel.py \
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

PDF_BUILT := _build/html/pdf/.built

pdf: $(PDF_BUILT)
	@echo "The PDF edition: $(CURDIR)/_build/html/pdf/"

# The whole book and a reader per seminar session (_pdf.yml), printed by Debian's Chromium
# from a singlehtml build that reuses the HTML build's cache, into _build/html/pdf/.
$(PDF_BUILT): $(BOOK_BUILT) _pdf.yml tools/build_pdf.py tools/pdf_prepare.js tools/pdf_print.css
	$(BIN)/python tools/build_pdf.py
	@touch $@

# The student edition: solutions, teaching notes and page sources left out, and the
# built site checked for any of them (tools/build_edition.py). `make book` is the
# instructor edition, the whole book.
book-student: $(READY) $(BOOK_INPUTS) tools/build_edition.py
	$(BIN)/python tools/check_data.py
	$(BIN)/python tools/build_edition.py student

book-instructor: book

# The student edition from the test build's cache, checked for leaks (not in `make test`,
# whose unit stage checks both editions on a small book).
test-editions: $(READY)
	@test -d $(TEST_CACHE) || $(MAKE) test-book
	$(BIN)/python tools/build_edition.py student --output _build/test-student --cache $(TEST_CACHE)

# `make test` runs the stages below; each is also a target of its own, so a contributor
# can run the fast part alone (`make test-unit`, or a bare `pytest`).
#   test-data      the data package validates, before anything else
#   test-unit      helpers, data rules, figures, sourcing, solutions (a bare `pytest`)
#   test-notebooks the Binder environment, and every notebook and MyST page with code
#                  under nbval in its kernel; what they output becomes the test build's
#                  execution cache (tools/nbval_cache.py)
#   test-book      the book built from those outputs, warnings as errors
#   test-pdf       the PDF edition printed from the test build, and read back
#   test-lab       the live explorers in JupyterLab, in the Binder kernel
#   test-browser   the built site in headless Chromium
#   test-rebuild   a one-value edit re-runs only its readers and reaches the page
# Every notebook runs once, in the Binder environment: the book shows the outputs nbval
# tested (only a notebook that displays widgets runs again, in the build, as nbval does
# not follow widget messages). The stages run side by side where they can: the unit, lab
# and notebook stages, then the PDF, browser and rebuild stages on the same test build.
# Each stage's output is printed whole when it ends.
test:
	+@$(MAKE) --no-print-directory -j 3 --output-sync=target SITE_STAGE=test-book test-stages

test-stages: test-data test-unit test-notebooks test-lab test-book test-pdf test-browser test-rebuild

# Set by `make test`: the stages that read the test build wait for it. Run alone, they
# build it first only if it is missing.
SITE_STAGE ?=
TEST_CACHE := _build/test/_build/.jupyter_cache
ENSURE_TEST_SITE = @test -d _build/test/_build/html || $(MAKE) --no-print-directory test-book

test-data: $(READY)
	$(BIN)/python tools/check_data.py

test-unit: $(READY) test-data
	$(BIN)/python -m pytest -n 2

test-notebooks: $(READY) $(BINDER_READY) test-data
	$(BINDER_KERNEL) $(BIN)/python -m pytest tests/binder -s
	rm -rf _build/myst-notebooks _build/test && mkdir -p _build/myst-notebooks
	for page in $$(grep -l '^kernelspec:' chapters/*.md); do \
		$(BIN)/mystnb-to-jupyter -o $$page _build/myst-notebooks/$$(basename $${page%.md}).ipynb > /dev/null || exit 1; \
	done
	$(BINDER_KERNEL) $(BIN)/python -m pytest -p tools.nbval_cache --nbval-cache $(TEST_CACHE) \
		--nbval-lax -n 2 --dist loadfile chapters _build/myst-notebooks

# The notebooks' outputs come from test-notebooks; the build runs only what it did not cache.
test-book: $(READY) test-notebooks
	$(BIN)/python tools/execute_parallel.py $(TEST_CACHE)
	$(BIN)/jupyter-book build . --path-output _build/test $(JB_FLAGS)

# One browser process: Chromium keeps both cores busy by itself (two workers took more
# time, and half again as much CPU, than one).
test-browser: $(READY) $(SITE_STAGE)
	$(ENSURE_TEST_SITE)
	SITE_DIR=_build/test/_build/html $(BIN)/python -m pytest tests/browser -p no:xdist --ignore tests/browser/test_lab.py

# The explorers live in JupyterLab, in the Binder kernel: it needs no built site, so it
# runs beside the unit and notebook stages.
test-lab: $(READY) $(BINDER_READY) $(LAB_READY) test-data
	$(BINDER_KERNEL) JUPYTER_LAB=$(CURDIR)/$(LAB)/bin/jupyter-lab $(BIN)/python -m pytest tests/browser/test_lab.py -p no:xdist

test-pdf: $(READY) $(SITE_STAGE)
	$(ENSURE_TEST_SITE)
	$(BIN)/python tools/build_pdf.py --path-output _build/test
	PDF_DIR=_build/test/_build/html/pdf $(BIN)/python -m pytest tests/pdf

test-rebuild: $(READY) $(SITE_STAGE)
	$(ENSURE_TEST_SITE)
	CACHE_DIR=$(CURDIR)/$(TEST_CACHE) $(BIN)/python -m pytest tests/rebuild

# Rebuilt whenever requirements.txt changes (seconds: uv links it from its cache).
# After .venv, not beside it: uv fills its cache once and links the same files into every
# environment (two syncs at once would each download and unpack their own copy).
$(BINDER_READY): requirements.txt runtime.txt pyproject.toml | $(UV) $(READY)
	$(UV) venv --quiet --clear --python $$($(UV) python find $(RUNTIME) 2>/dev/null || echo $(PYTHON)) $(BINDER)
	$(UV) pip sync --quiet --python $(BINDER)/bin/python requirements.txt
	$(BINDER)/bin/python -m ipykernel install --prefix $(BINDER) --name python3 > /dev/null
	@touch $@

bench: $(READY)
	$(BIN)/python benchmarks/bench.py

$(LAB_READY): requirements-lab.txt | $(UV) $(READY) $(BINDER_READY)
	$(UV) venv --quiet --clear --python $(PYTHON) $(LAB)
	$(UV) pip sync --quiet --python $(LAB)/bin/python requirements-lab.txt
	@touch $@

# As on Binder: the notebooks run in the environment of requirements.txt.
lab: $(BINDER_READY) $(LAB_READY)
	$(BINDER_KERNEL) $(LAB)/bin/jupyter-lab chapters

lock: | $(UV)
	$(PYTHON) tools/lock.py $(UV)

clean:
	rm -rf _build
