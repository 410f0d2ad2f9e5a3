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

.PHONY: run test bench install system-packages migrate seed stop lint messages clean-db lock audit

# The versions in requirements.lock (`make lock` writes it) are the ones installed, tested and audited.
$(STAMP): pyproject.toml package.json requirements.lock platform/requirements-nodeps.txt
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 behövs ($(PYTHON))"; exit 1; }
	@command -v npm >/dev/null || { echo "Node.js och npm behövs (för axe-core i webbläsartesterna)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -c requirements.lock -e ".[dev]"
	$(PY) -m pip install --quiet --no-deps -r platform/requirements-nodeps.txt
	npm install --no-audit --no-fund --silent
	touch $(STAMP)

install: $(STAMP)

# The Debian packages of platform/debian-packages.txt: installed when run as root, else the command to run.
system-packages:
	@platform/install-debian-packages

messages: install
	$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v 0

migrate: install messages
	$(ENV) $(PY) manage.py migrate_schemas --shared -v 0
	$(ENV) $(PY) manage.py migrate_schemas --tenant -v 0

seed: migrate
	$(ENV) env DJANGO_DEBUG=1 $(PY) manage.py seed_demo

run: system-packages seed
	@echo
	@echo "Startar webb (http://skanearkiv.localhost:8000), Celery-worker och Celery beat. Ctrl-C stoppar allt."
	$(ENV) env DJANGO_DEBUG=1 $(VENV)/bin/honcho -f platform/Procfile -d . start

# Every test runs or fails saying what is missing; ALLOW_SKIP=browser,poppler,corpus skips on request.
# TEST_WORKERS pytest-xdist workers, one per core (each with its own test database and Redis database,
# tests/parallel_env.py); a test file stays in one worker. TEST_WORKERS=0 runs in this one process.
TEST_WORKERS ?= 2
test: system-packages install messages
	$(ENV) $(PY) -m pytest -q -p no:randomly -n $(TEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# Two runs: provisioning's transactional test empties the public tables when it ends (pytest-django runs
# transactional tests last, and emptying 290 kommun schemas in one TRUNCATE needs more locks than
# PostgreSQL allows), so it gets a database of its own; the others share one 290 x 50 world.
BENCH := $(ENV) $(PY) -m pytest -q -o addopts="" -p no:cacheprovider -s
bench: system-packages install messages
	$(BENCH) tests/benchmarks/test_bench_provision.py $(PYTEST_ARGS)
	$(BENCH) tests/benchmarks --ignore=tests/benchmarks/test_bench_provision.py $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check . && $(VENV)/bin/ruff format --check .

# requirements.lock: the resolved versions of pyproject.toml's dependencies (with dev), for install and audit.
# Needs only pip-tools, not the install (which a pyproject.toml the old lock cannot satisfy would stop).
lock:
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet "pip-tools>=7.4"
	$(VENV)/bin/pip-compile --quiet --extra=dev --strip-extras --no-emit-index-url --no-emit-find-links \
		--no-emit-trusted-host -o requirements.lock pyproject.toml

# Known vulnerabilities with a fix (pip-audit on requirements.lock, npm audit): exit 1; no service reached: exit 3.
audit: install
	$(PY) platform/audit.py

stop:
	-$(PY) platform/localstack.py stop
