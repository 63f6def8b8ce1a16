# The index of every habit. `make run` and `make test` are all a newcomer needs.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp

.PHONY: run test lint format bench bench-indicators bench-web e2e install clean demo messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

HTMX := src/parindex/web/site/static/vendor/htmx/htmx.min.js
# Apps that keep their own translation catalogue (src/parindex/web/<app>/locale)
APP_LOCALES = $(notdir $(patsubst %/locale/,%,$(dir $(wildcard src/parindex/web/*/locale/.))))

$(HTMX):
	$(PY) -m parindex.web.site.vendor

## run: install, migrate, load the demo (Lào Cai 2020, one user per role) and serve on 127.0.0.1:8000,
## with a background worker beside the server (imports, PDFs, reminders; docs/deploy.md)
run: $(STAMP) $(HTMX)
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo
	$(PY) manage.py db_worker --queue-name '*' & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(PY) manage.py runserver 127.0.0.1:8000

## demo: the seed's 2020 self-assessment scored and explained on the command line
demo: $(STAMP)
	$(PY) -m parindex demo

# The catalogue outside Django (command line, sentences, charts, indicators): stdlib gettext,
# domain parindex, Vietnamese msgids as in the web's catalogues.
PARINDEX_LOCALE := src/parindex/locale
PARINDEX_SOURCES = $(sort $(shell find src/parindex -name '*.py' -not -path 'src/parindex/web/*' \
  -not -path 'src/parindex/config/*'))

## messages: extract and compile the interface translations (needs Debian's gettext);
## the shared catalogue in web/locale, the own catalogue of each app that has a locale/,
## and the parindex catalogue of everything outside Django (src/parindex/locale)
messages: $(STAMP)
	cd src/parindex/web && DJANGO_SETTINGS_MODULE=parindex.config.settings \
	  $(CURDIR)/$(VENV)/bin/django-admin makemessages -l en --no-location --no-wrap \
	  $(foreach app,$(APP_LOCALES),--ignore '$(app)/*')
	for app in $(APP_LOCALES); do \
	  (cd src/parindex/web/$$app && DJANGO_SETTINGS_MODULE=parindex.config.settings \
	    $(CURDIR)/$(VENV)/bin/django-admin makemessages -l en --no-location --no-wrap) || exit 1; \
	done
	cd src/parindex/web && DJANGO_SETTINGS_MODULE=parindex.config.settings \
	  $(CURDIR)/$(VENV)/bin/django-admin compilemessages
	xgettext --language=Python --from-code=UTF-8 --keyword= --keyword=gettext_noop \
	  --keyword=pgettext_noop:1c,2 --no-location --no-wrap --package-name=parindex \
	  -o $(PARINDEX_LOCALE)/parindex.pot $(PARINDEX_SOURCES)
	for po in $(PARINDEX_LOCALE)/*/LC_MESSAGES/parindex.po; do \
	  msgmerge --quiet --update --backup=none --no-location --no-wrap $$po \
	    $(PARINDEX_LOCALE)/parindex.pot && \
	  msgfmt --check-format -o $${po%.po}.mo $$po || exit 1; \
	done
	rm $(PARINDEX_LOCALE)/parindex.pot

## test: install and run the whole test suite in parallel, one worker per core
## (DATABASE_URL=postgres://… for PostgreSQL; PYTEST_WORKERS=0 runs it in one process)
PYTEST_WORKERS ?= auto
test: $(STAMP) $(HTMX)
	$(PY) -m pytest -q -n $(PYTEST_WORKERS) --dist loadfile

## e2e: the real-browser journeys only (Playwright + Debian's Chromium: apt-get install -y chromium)
e2e: $(STAMP) $(HTMX)
	$(PY) -m pytest -m browser tests/browser

## lint: ruff (lint + format check), mypy (strict on the core, django-stubs on the web), import rules
lint: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks
	$(VENV)/bin/ruff format --check src tests benchmarks
	$(VENV)/bin/mypy
	$(VENV)/bin/lint-imports

format: $(STAMP)
	$(VENV)/bin/ruff check --fix src tests benchmarks
	$(VENV)/bin/ruff format src tests benchmarks

## bench: run the benchmarks and print their figures (recorded in benchmarks/README.md)
bench: $(STAMP)
	$(PY) benchmarks/bench_scoring.py
	$(PY) benchmarks/bench_indicators.py
	$(PY) benchmarks/bench_plan.py
	$(PY) benchmarks/bench_dashboard.py
	$(PY) benchmarks/bench_dashboard_web.py

## bench-indicators: issue 11's figures: 10 M rows (parindex, its check pass, DuckDB, pandas, import, store), then 50 M (import, parindex)
bench-indicators: $(STAMP)
	$(PY) benchmarks/bench_indicators.py
	$(PY) benchmarks/bench_indicators.py --rows 50000000 --only import,parindex,duckdb

## bench-web: the self-assessment page and 100 users on loopback (gunicorn, PostgreSQL); writes benchmarks/WEB.md
bench-web: $(STAMP)
	$(PY) benchmarks/bench_web.py all

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info .pytest_cache .mypy_cache .ruff_cache
