# Set-up and everyday commands. Everything installs into a local virtualenv (.venv).
PYTHON ?= python3
VENV   ?= .venv
BIN     = $(VENV)/bin

.PHONY: demo test fuzz bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Byte-compiled as pip compiles a wheel: where PYTHONDONTWRITEBYTECODE is set, an editable
# install would otherwise compile derive's modules on every run (about 20 ms of start-up).
$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e .
	$(BIN)/python -m compileall -q derive rules
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

demo: $(VENV)/.installed
	$(BIN)/derive sigmoid

# KaTeX for the test that renders the Markdown export's maths (tests/test_markdown.py), where npm
# is installed; without it (or offline) that test skips with its reason, and fails in CI.
NPM   := $(shell command -v npm 2>/dev/null)
KATEX := $(if $(NPM),tests/js/node_modules/.installed)

tests/js/node_modules/.installed: tests/js/package-lock.json
	if (cd tests/js && npm ci --no-audit --no-fund --loglevel=error); then touch $@; \
	else echo "make test: npm ci failed in tests/js; the KaTeX test will be skipped"; fi

test: $(VENV)/.installed-test $(KATEX)
	$(BIN)/python -m pytest

# matplotlib for bench/scaling.png; if it cannot be installed the benchmark runs without the plot.
$(VENV)/.installed-bench: $(VENV)/.installed
	if $(BIN)/python -m pip install --quiet -e '.[bench]'; then touch $@; \
	else echo "make bench: matplotlib not installed, the scaling plot will be skipped"; fi

# BENCH_ARGS=--quick for a short run; see bench/run.py --help
bench: $(VENV)/.installed-bench
	$(BIN)/python bench/run.py $(BENCH_ARGS)

# The property and fuzz tests with many more examples (hypothesis profile "long", tests/conftest.py),
# then issue 17's figures on a fresh sample (tests/fuzz_figures.py: exceptions escaping, runs past
# --timeout + 1 s, peak memory, false alarms, wrong results). FUZZ_ARGS="-n 200 --seed 17" to change.
FUZZ_ARGS ?= -n 1000
fuzz: $(VENV)/.installed-test
	HYPOTHESIS_PROFILE=long $(BIN)/python -m pytest tests/test_properties.py tests/test_fuzz.py tests/test_hostile.py
	$(BIN)/python tests/fuzz_figures.py $(FUZZ_ARGS)

clean:
	rm -rf $(VENV) build *.egg-info
