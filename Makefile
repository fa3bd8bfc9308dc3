# One entry point for the checks. `make help` lists the targets.
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=

.PHONY: help setup demo serve test test-quick lint format bench bench-full clean

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

bench: setup  ## benchmarks at 100k quads, 10-100 papers (minutes): ratios to baselines of the same run
	$(BIN)/python benchmarks/endpoint.py --tier 100k --duration 5
	$(BIN)/python benchmarks/views.py --tier 100k
	$(BIN)/python benchmarks/runaway.py --tier 100k
	$(BIN)/python benchmarks/store_load.py --tier 100k
	$(BIN)/python benchmarks/bench_ingest.py --sizes 10,100 --speedup 40

bench-full: setup  ## the tiers of docs/benchmarks.md: 1M quads, 1,000 papers, a 50 MB text (an hour, 3 GB)
	$(BIN)/python benchmarks/endpoint.py --tier 100k --tier 1m --duration 8
	$(BIN)/python benchmarks/views.py --tier 1m
	$(BIN)/python benchmarks/runaway.py --tier 1m
	$(BIN)/python benchmarks/store_load.py --tier 1m --old
	$(BIN)/python benchmarks/bench_ingest.py --sizes 10,100,1000 --source synthetic --source ei-dev --speedup 100 --long-mb 50

clean:  ## remove the virtualenv and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
