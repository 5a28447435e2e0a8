# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make report   create .venv/, install the pinned dependencies, validate, export, render the reports
#                 (HTML, the briefing's PDF handout printed by Debian's Chromium: see `browser`, and its slide deck)
#   make test     the same set-up, then every test
#   make check    while working: lint, then the fast tests of the core and the report layer (under a minute)
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup report test check lint lab validate export bench lock browser screenshots clean

setup: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	touch $@

validate: $(STAMP)
	$(BIN)/zhili validate

export: $(STAMP)
	$(BIN)/zhili export

# The briefing is also published as a PDF handout printed by the system Chromium, so the report
# needs `browser` too (`$(BIN)/zhili run --format html` publishes the pages alone, without it).
report: validate export browser
	$(BIN)/zhili run

# Debian's Chromium and a CJK font for the PDF handouts and the browser tests, and poppler-utils whose pdftotext
# the tests read the handouts with: a test tool's own browser download does
# not work here, and the reports use no web font, so without a system CJK font Chromium draws
# Chinese as empty boxes (fonts-noto-cjk: the same Noto Sans CJK SC the charts are drawn with).
browser:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="chromium"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	fc-list :lang=zh family 2>/dev/null | grep -q . || missing="$$missing fonts-noto-cjk"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian's $$missing for the browser tests"; \
	  if [ "$$(id -u)" = 0 ]; then sudo=""; \
	  elif command -v sudo >/dev/null 2>&1; then sudo="sudo -n"; \
	  else echo "make browser: installing $$missing needs root (or sudo) and apt-get" >&2; exit 1; fi; \
	  { $$sudo apt-get update -qq && \
	    $$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; } || \
	    { echo "make browser: could not install $$missing with apt-get; the browser tests need them" >&2; exit 1; }; \
	fi; \
	chromium --version 2>/dev/null || { echo "make browser: chromium is installed but does not start" >&2; exit 1; }; \
	fc-list :lang=zh family | grep -q . || { echo "make browser: still no CJK font (fc-list :lang=zh is empty)" >&2; exit 1; }; \
	command -v pdftotext >/dev/null 2>&1 || { echo "make browser: still no pdftotext (poppler-utils)" >&2; exit 1; }

# Lint and format first: one style without review (ruff, configured in pyproject.toml).
lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: $(STAMP) browser lint
	$(BIN)/python -m pytest

# The fast loop: every test and doctest but the slow ones (notebooks, whole runs, kernels, a fresh
# venv), the browser ones and those of `zhili run` (tests/test_runner_*.py and the doctests of the publishing engine),
# on two workers. No cache folder: several checkouts may run it at once.
CHECK_TESTS := $(filter-out tests/test_runner_%,$(wildcard tests/test_*.py)) zhili_data
check: $(STAMP) lint
	OPENBLAS_NUM_THREADS=1 $(BIN)/python -m pytest -p no:cacheprovider -q -n 2 -m "not slow and not browser" \
	  --ignore=zhili_data/publish $(CHECK_TESTS)

# JupyterLab on this machine only (127.0.0.1), in notebooks/, with the project's kernel: the
# environment's own python3 kernel, in which zhili_data imports. Jupyter refuses to run as root
# unless told, and containers often run as root.
lab: $(STAMP)
	$(BIN)/jupyter lab --ServerApp.ip=127.0.0.1 --ServerApp.root_dir=notebooks \
	  $$([ "$$(id -u)" = 0 ] && echo --allow-root)

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load_figures.py
	$(BIN)/python benchmarks/bench_run.py
	$(BIN)/python benchmarks/bench_draft.py

# Re-pin the whole environment after editing the pins in pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[all,dev]'
	{ echo '# Every package of the project environment, pinned. Regenerate with `make lock` after changing pyproject.toml.'; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v '^zhili'; } > requirements.lock

# The README's pictures of the briefing (docs/images/: projector, phone, printed page, slides), taken by
# Debian's Chromium from a fresh run of the briefing.
screenshots: $(STAMP) browser
	$(BIN)/python docs/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info
