# factcheck — `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test

.DEFAULT_GOAL := help
.PHONY: help install browser-deps run serve test test-pg lint fmt db-check bench train-scorer screenshots clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): setup.cfg pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install factcheck with its dev tools

# The browser tests drive Debian's Chromium; Playwright never downloads a browser here.
browser-deps: ## Install Debian's Chromium for the browser tests, when it is missing
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Chromium is missing: run 'sudo apt-get install chromium' to run the browser tests"; fi
	@if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --no-audit --no-fund --silent; fi

run: install ## Migrate the SQLite database, load demo data, serve on http://127.0.0.1:5000
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) run --host 127.0.0.1 --port 5000

serve: install ## Serve without touching the data
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install browser-deps lint ## Lint, then run the whole suite (SQLite)
	$(BIN)/pytest

test-pg: install browser-deps ## Run the suite on PostgreSQL (PG_TEST_URL)
	FACTCHECK_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

lint: install ## ruff and mypy
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy factcheck

fmt: install ## Format the code
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

db-check: install ## Prove the models and the migrations agree
	$(BIN)/pytest -q tests/test_migrations.py

bench: install ## Run the benchmarks (they use ../shared/data when present)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/extract.py

train-scorer: install ## Retrain the check-worthiness model from ../shared/data
	$(BIN)/python -m pip install --quiet -e '.[train]'
	$(BIN)/python scripts/train_scorer.py

screenshots: install browser-deps ## Refresh the README's screenshots from the browser tests
	$(BIN)/pytest -q -m browser
	mkdir -p docs/screenshots
	cp tests/artifacts/screenshots/*.png docs/screenshots/

clean: ## Remove the virtualenv and caches (keeps instance/, the database)
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
