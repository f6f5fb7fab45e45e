# Two commands do all the set-up on a fresh machine: `make run` and `make test` (see README.md).
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

.PHONY: run test setup install migrate demo chromium lint format css bench bench-smoke bench-scale api-fuzz fault-drills clean

run: setup demo
	@bin/run-dev.sh

test: install chromium
	$(PY) -m pytest $(PYTEST_ARGS)

setup: install migrate

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

migrate: install
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) sync_schedules

demo: migrate
	$(MANAGE) load_demo

# Browser tests use Debian's chromium: installed here when missing and we are root.
chromium:
	@if command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ]; then exit 0; fi; \
	if [ "$$(id -u)" = "0" ]; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-dejavu-core; \
	else \
		echo "Chromium is missing: run 'sudo apt-get install chromium' (Debian's package), then 'make test' again."; \
		if [ "$$CI" = "true" ]; then exit 1; fi; \
	fi

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

# Bootstrap trimmed to the rules the pages use (static/css/bootstrap.portal.css, committed; a test
# fails when a template starts using a class the file lacks: run this again).
css: install
	$(MANAGE) build_css

format: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

bench: setup
	$(PY) -m bench

# Every benchmark at a tiny size, so that none can break unseen (CI runs it; the ratios mean nothing).
bench-smoke: setup
	BENCH_NOTICES=5 BENCH_REQUESTS=20 BENCH_ERP_LEASES=50 BENCH_ERP_LEDGER_LINES=500 \
		BENCH_FAQ_QUESTIONS=2,4 BENCH_FAQ_REPEAT=1 $(PY) -m bench
	SCALE_LEASES=200 SCALE_REFERENCE_LEASES=100 SCALE_ROUNDS=1 SCALE_TIMEOUT=900 $(PY) -m bench.scale

# A synthetic year for 350,000 leases (16.8 million ledger lines) in PostgreSQL `portail_scale`, then the
# tenant pages' queries, plans, buffers and timings against the same lease in 1,000 (bench/scale.py; about 10 minutes).
bench-scale: setup
	$(PY) -m bench.scale

# Schemathesis against /api/v1/ on a throw-away database with the demo data (bin/api_schemathesis.py).
api-fuzz: install
	$(PY) bin/api_schemathesis.py

# Fault drills (tests/drills): parts of a production-like set-up are stopped or killed, each drill
# bounded in time; they need PostgreSQL and Redis (DATABASE_URL, REDIS_URL), as in .ci/run.
fault-drills: install
	$(PY) -m pytest -m fault_drill tests/drills $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules var
