# One entry point for the checks. `make help` lists the targets.
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: help setup demo serve test test-quick lint format bench clean

help:  ## list the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-11s %s\n", $$1, $$2}'

$(BIN)/ekg: pyproject.toml
	python3 -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $@

setup: $(BIN)/ekg  ## make the virtualenv and install the project with its test tools

demo: setup  ## build the graph from examples/papers and serve it on http://127.0.0.1:8000
	$(BIN)/ekg ingest examples/papers
	$(BIN)/ekg serve

test: setup  ## everything CI runs: system packages, lint, types, the whole test suite
	./scripts/system-deps.sh
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
	$(BIN)/pytest $(PYTEST_ARGS)

test-quick: setup  ## the suite without the slow tests (W3C conformance, all of pmc-sample, Virtuoso)
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

lint: setup  ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

format: setup  ## format the code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: setup  ## benchmarks: ratios against baselines measured in the same run
	$(BIN)/python benchmarks/bench_ingest.py
	$(BIN)/python benchmarks/endpoint.py

clean:  ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
