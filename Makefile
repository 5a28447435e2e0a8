# Two commands set everything up on a fresh machine with Python 3.11+ and make:
#   make report   create .venv/, install the pinned dependencies, validate, export, render the reports
#   make test     the same set-up, then every test
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: setup report test lab validate export bench lock browser clean

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

report: validate export
	$(BIN)/zhili run

# Debian's Chromium for the browser tests (a test tool's own browser download does not work here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: $(STAMP) browser
	$(BIN)/python -m pytest

lab: $(STAMP)
	$(BIN)/jupyter lab --notebook-dir=notebooks

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_load_figures.py

# Re-pin the whole environment after editing the pins in pyproject.toml.
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	{ echo '# Every package of the project environment, pinned. Regenerate with `make lock` after changing pyproject.toml.'; \
	  $(BIN)/python -m pip freeze --all --exclude-editable | grep -v '^zhili'; } > requirements.lock

clean:
	rm -rf $(VENV) build *.egg-info
