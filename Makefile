# One entry point for people and CI. Every target creates .venv as needed.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-test
BSTAMP := $(VENV)/.installed-bench
DSTAMP := $(VENV)/.installed-docs

.PHONY: demo test lint bench docs clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The test environment includes the benchmark extra (Mesa) so that the benchmark's own smoke
# tests run too; Mesa is never a dependency of the package itself.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[test,bench]"
	touch $@

$(BSTAMP): $(STAMP)
	touch $@

$(DSTAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[docs]"
	touch $@

demo: $(STAMP)  ## run the main job: the flagship scenario end to end, with its HTML report
	$(BIN)/realpolitik demo

lint: $(STAMP)
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

test: $(STAMP)  ## ruff, the whole test suite, README doctests, theory coverage >= 95%
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/python -m pytest -p no:cacheprovider --cov=realpolitik --cov-report=term \
		--cov-report=json:.coverage.json
	$(BIN)/python tools/check_coverage.py .coverage.json realpolitik/theory 95

bench: $(BSTAMP)  ## the engine against an idiomatic Mesa version; sweeps (executors, store, memory)
	$(BIN)/python benchmarks/engine.py
	$(BIN)/python benchmarks/sweep.py

docs: $(DSTAMP)  ## build the documentation site into site/ (warnings are errors; offline)
	$(BIN)/python tools/docs_pages.py --check
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --strict --quiet --site-dir site

clean:
	rm -rf $(VENV) site .pytest_cache .ruff_cache .hypothesis .coverage .coverage.json
