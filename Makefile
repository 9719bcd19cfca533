# Eendak — the two commands: `make run` (set up + demo on SQLite) and `make test` (whole suite).
SHELL := /bin/bash
PYTHON_VERSION := $(shell cat .python-version)
PYTHON ?= $(shell command -v python$(PYTHON_VERSION) || command -v python3)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
VENDOR := build/vendor
HOST ?= 127.0.0.1
PORT ?= 8000
SEED ?= 1
SIZE ?= small

.PHONY: run test install assets migrate demo lint format bench load faults clean messages compile-messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP) assets

$(VENDOR)/.stamp: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	mkdir -p $(VENDOR)/utrecht $(VENDOR)/htmx build/test-vendor/axe
	cp node_modules/@utrecht/component-library-css/dist/index.css $(VENDOR)/utrecht/index.css
	cp node_modules/@utrecht/design-tokens/dist/theme.css $(VENDOR)/utrecht/theme.css
	cp node_modules/htmx.org/dist/htmx.min.js $(VENDOR)/htmx/htmx.min.js
	cp node_modules/axe-core/axe.min.js build/test-vendor/axe/axe.min.js
	touch $@

assets: $(VENDOR)/.stamp

migrate: install
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py seed_demo --size $(SIZE) --seed $(SEED) --if-empty

## make run: set everything up on SQLite with demo data and serve http://127.0.0.1:8000, with the
## worker for long work (exports; `manage.py db_worker`) and the access log's chainer
## (`manage.py chain_access_log`) in the background. Ctrl-C stops all three: the trap stops the
## background processes whenever the recipe ends. Neither reloads on code changes (a reloader would
## outlive the trap): restart `make run` after changing a task or the chainer. The links in the
## notification mails the worker prints point at this server (EENDAK_BASE_URL from HOST and PORT).
run: demo
	$(PY) manage.py demo_accounts
	@export EENDAK_BASE_URL="$${EENDAK_BASE_URL:-http://$(HOST):$(PORT)}"; \
	$(PY) manage.py db_worker --no-reload --no-startup-delay & worker=$$!; \
	$(PY) manage.py chain_access_log & chainer=$$!; \
	trap 'kill $$worker $$chainer 2>/dev/null; wait $$worker $$chainer 2>/dev/null' EXIT; \
	echo "Verwerker voor lang werk gestart (db_worker, pid $$worker)."; \
	echo "Keten-verwerker van het toegangslog gestart (chain_access_log, pid $$chainer)."; \
	$(PY) manage.py runserver $(HOST):$(PORT)

## make test: the whole suite (SQLite unless DATABASE_URL is set), after the import layering
## (import-linter, contracts in pyproject.toml; --no-cache leaves nothing in the work tree). The 40
## slowest tests are listed at the end, so every CI log says where the time goes (budget: 30 minutes).
test: install
	$(PY) manage.py check --fail-level WARNING
	$(PY) manage.py makemigrations --check --dry-run
	$(VENV)/bin/lint-imports --no-cache --no-logo
	$(PY) -m pytest -q -n 2 --dist loadgroup --durations=40 $(PYTEST_ARGS)

## make lint: ruff's rules (pyproject.toml). The code is formatted by hand to 110 columns, so
## `ruff format --check` is not part of it: it would reflow every hanging indent.
lint: install
	$(VENV)/bin/ruff check .

format: install
	$(VENV)/bin/ruff check --fix .

## make messages: collect the Dutch msgids into locale/<language>/LC_MESSAGES/django.po (needs GNU
## gettext, for translators only), then compile. make compile-messages: .po -> .mo with Babel, pure
## Python. Both files are committed; tests/test_i18n.py fails when a .mo is stale. English covers
## every screen; Turkish, Arabic, Somali and Polish the public pages. See docs/architecture.md.
LOCALE_DIR := src/eendak/locale
MESSAGE_IGNORES := -i node_modules -i build -i var -i bench -i tests -i '*/tests/*' -i '*/testing/*'
MESSAGE_LANGUAGES := en tr ar so pl

# msgmerge's fuzzy guesses ("Versie %(n)s" from "Pagina %(n)s") are dropped: an empty msgstr falls
# back to the Dutch, a wrong guess would show a wrong translation.
messages: install
	$(PY) manage.py makemessages $(addprefix -l ,$(MESSAGE_LANGUAGES)) --no-obsolete --add-location=file $(MESSAGE_IGNORES)
	for language in $(MESSAGE_LANGUAGES); do \
	  po=$(LOCALE_DIR)/$$language/LC_MESSAGES/django.po; \
	  msgattrib --clear-fuzzy --empty --clear-previous -o $$po $$po || exit 1; \
	done
	$(MAKE) compile-messages

compile-messages: install
	$(VENV)/bin/pybabel compile -d $(LOCALE_DIR) -D django --statistics

## make bench: benchmarks on a synthetic data set, figures in bench/results.json (see bench/run.py).
## BENCH_DB=postgres (default: database eendak_bench, national scale) or sqlite (var/bench/, one
## region); BENCH_ARGS=--rebuild rebuilds the data set, --quick is a smoke test.
BENCH_DB ?= postgres
BENCH_ARGS ?=
bench: install
	$(PY) bench/run.py --db $(BENCH_DB) $(BENCH_ARGS)

## make load: 50 simulated people doing the real journeys for 5 minutes against gunicorn and PostgreSQL
## on 127.0.0.1 (Locust, headless); load/results.json and a summary; exits non-zero on any error.
## LOAD_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/eendak_load) is dropped and recreated.
## Shorter: make load LOAD_ARGS="--users 10 --duration 60". See load/README.md.
LOAD_STAMP := $(VENV)/.load-installed
$(LOAD_STAMP): pyproject.toml $(STAMP)
	$(PY) -m pip install --quiet -e '.[dev,load]'
	touch $@

load: install $(LOAD_STAMP)
	$(PY) load/run.py $(LOAD_ARGS)

## make faults: the fault tests (tests/faults), with the PostgreSQL restart on a private cluster that
## `make test` skips. The crash test uses PostgreSQL when DATABASE_URL points there, else SQLite.
faults: install
	EENDAK_RUN_PG_RESTART=1 $(PY) -m pytest -q -s -p no:randomly -m faults tests/faults $(PYTEST_ARGS)

clean:
	rm -rf $(VENV) node_modules build var staticfiles
