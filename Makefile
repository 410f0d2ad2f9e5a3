# The two commands: `make run` (the platform with demo data) and `make test` (the whole suite).
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
ENV := platform/with-env
STAMP := $(VENV)/.installed
# The Makefile is the local entry point (production runs gunicorn with DJANGO_SECRET_KEY set):
# allow the built-in development key here.
export PLATFORM_ALLOW_INSECURE_KEY := 1

.PHONY: run test bench install migrate seed stop lint messages clean-db

$(STAMP): pyproject.toml package.json
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 behövs ($(PYTHON))"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	# eark-validator pins lxml 5.1 (vulnerable, see ARCHITECTURE.md); we use only its bundled schemas.
	$(PY) -m pip install --quiet --no-deps "eark-validator==1.1.3"
	npm install --no-audit --no-fund --silent
	touch $(STAMP)

install: $(STAMP)

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: install messages
	$(ENV) $(PY) manage.py migrate_schemas --shared -v 0
	$(ENV) $(PY) manage.py migrate_schemas --tenant -v 0

seed: migrate
	$(ENV) env DJANGO_DEBUG=1 $(PY) manage.py seed_demo

run: seed
	@echo
	@echo "Startar webb (http://skanearkiv.localhost:8000), Celery-worker och Celery beat. Ctrl-C stoppar allt."
	$(ENV) env DJANGO_DEBUG=1 $(VENV)/bin/honcho -f platform/Procfile -d . start

test: install messages
	$(ENV) $(PY) -m pytest -q -p no:randomly $(PYTEST_ARGS)

# Two runs: provisioning's transactional test empties the public tables when it ends (pytest-django runs
# transactional tests last, and emptying 290 kommun schemas in one TRUNCATE needs more locks than
# PostgreSQL allows), so it gets a database of its own; the others share one 290 x 50 world.
BENCH := $(ENV) $(PY) -m pytest -q -o addopts="" -p no:cacheprovider -s
bench: install messages
	$(BENCH) tests/benchmarks/test_bench_provision.py $(PYTEST_ARGS)
	$(BENCH) tests/benchmarks --ignore=tests/benchmarks/test_bench_provision.py $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

stop:
	-$(PY) platform/localstack.py stop
