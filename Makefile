# factcheck — `make help` lists the targets.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
FLASK := $(BIN)/flask --app wsgi
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
LOCK_VENV ?= .venv-lock
PIP_TOOLS := pip-tools==7.6.2
PIP_COMPILE := $(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --strip-extras \
	--allow-unsafe --no-emit-index-url --no-emit-find-links

.DEFAULT_GOAL := help
.PHONY: help install browser-deps run serve test test-pg check-wheel lint fmt db-check bench \
	bench-public bench-queue bench-cli bench-triage \
	train-scorer check-scorer screenshots lock lock-upgrade clean

help: ## List the targets
	@grep -E '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  %-14s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# The exact, hashed versions of requirements/dev.txt, installed by the pip that the venv came
# with (never upgraded: the lock must install with the pip Python ships), then factcheck itself.
# --no-deps: the lock already lists every package, so pip installs it as written and resolves
# nothing. Resolving let a new upstream release break it: lxml 6.2.0 declares the html_clean
# extra that justext asks for, and pip then refused the lock as "not pinned" in hash-checking
# mode. `pip check` proves the lock complete instead.
$(STAMP): requirements/dev.txt setup.cfg setup.py pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	$(BIN)/python -m pip check
	@touch $(STAMP)

install: $(STAMP) ## Create the virtualenv and install factcheck with its dev tools (from the lock)

# The browser tests drive Debian's Chromium; Playwright never downloads a browser here.
browser-deps: ## Install Debian's Chromium for the browser tests, when it is missing
	@if [ -x /usr/bin/chromium ]; then :; \
	elif [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; \
	else echo "Chromium is missing: run 'sudo apt-get install chromium' to run the browser tests"; fi
	@if [ ! -f tests/browser/node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then \
		npm ci --prefix tests/browser --no-audit --no-fund --silent; fi

# The demo's absolute links (sitemap, feeds, ClaimReview, sharing) name the address it is served
# at; a FACTCHECK_SITE_URL already in the environment wins.
run serve: export FACTCHECK_SITE_URL ?= http://127.0.0.1:5000

# The worker runs background jobs (URL ingest, notifications, lease expiry) as in production;
# Ctrl-C stops both (a job the worker cuts short is queued again).
run: install ## Migrate the SQLite database, load demo data, serve on http://127.0.0.1:5000
	$(FLASK) init-db
	$(FLASK) seed-demo
	$(FLASK) worker & worker=$$!; trap 'kill -TERM $$worker 2>/dev/null; wait $$worker' EXIT; \
		$(FLASK) run --host 127.0.0.1 --port 5000

serve: install ## Serve without touching the data
	$(FLASK) run --host 127.0.0.1 --port 5000

test: install browser-deps lint ## Lint, then run the whole suite (SQLite)
	$(BIN)/pytest

test-pg: install browser-deps ## Run the suite on PostgreSQL (PG_TEST_URL)
	FACTCHECK_TEST_DATABASE_URL=$(PG_TEST_URL) $(BIN)/pytest

check-wheel: ## Build the wheel, install it in a new venv, migrate, serve and request it
	$(PYTHON) scripts/check_wheel.py $(WHEEL_CHECK_ARGS)

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

# The HTTP benchmarks drive gunicorn with wrk (Debian: apt-get install wrk) and print its CPU
# share; their scale rows need PostgreSQL (PG_TEST_URL: each creates and drops its own database).
bench-public: install ## Fact-check page vs hello route (wrk, SQLite); listing and search p95 at 200 vs 20,000
	$(BIN)/python bench/public.py --url $(PG_TEST_URL)

bench-queue: install ## Take-next with 1, 4, 16 checkers (wrk, PostgreSQL); queue page p95 at 1,000 vs 100,000
	$(BIN)/python bench/queue.py --url $(PG_TEST_URL)

bench-triage: install ## Triage of 40-candidate articles by the page's fetch requests (SQLite): p50/p95 per action
	$(BIN)/python bench/triage.py

bench-cli: install ## Start-up of `flask --app wsgi extract` and `factcheck extract`
	$(BIN)/python bench/cli.py

train-scorer: install ## Retrain the check-worthiness network from ../shared/data (needs PyTorch, CPU)
	$(BIN)/python -m pip install --quiet -r requirements/train.txt
	$(BIN)/python scripts/train_scorer.py

# Slow (see docs/model-card.md, "Retraining"), so never part of `make test`.
check-scorer: install ## Retrain into a temporary file; fail unless it equals the shipped weights byte for byte
	$(BIN)/python -m pip install --quiet -r requirements/train.txt
	$(BIN)/python scripts/train_scorer.py --check

screenshots: install browser-deps ## Refresh the README's screenshots from the browser tests
	$(BIN)/pytest -q -m browser
	mkdir -p docs/screenshots
	cp tests/artifacts/screenshots/*.png docs/screenshots/

$(LOCK_VENV)/bin/pip-compile:
	$(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/python -m pip install --quiet $(PIP_TOOLS)

# main.txt: what a deployment installs; dev.txt: that plus the tests' and linters' tools,
# constrained to main.txt's versions so that CI tests what production runs.
lock: $(LOCK_VENV)/bin/pip-compile ## Re-pin requirements/*.txt after a change to setup.cfg (keeps other pins)
	$(PIP_COMPILE) $(LOCK_ARGS) --extra prod --extra redis -o requirements/main.txt setup.cfg
	$(PIP_COMPILE) $(LOCK_ARGS) --extra dev --extra prod --extra redis \
		-c requirements/main.txt -o requirements/dev.txt setup.cfg

lock-upgrade: ## Move every pin in requirements/*.txt to the newest version setup.cfg allows
	$(MAKE) lock LOCK_ARGS=--upgrade

clean: ## Remove the virtualenv and caches (keeps instance/, the database)
	rm -rf $(VENV) $(LOCK_VENV) .pytest_cache .mypy_cache .ruff_cache *.egg-info
