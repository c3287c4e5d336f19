# The README's two commands: `make run` and `make test`. Everything else here
# is what those two need, plus the checks CI runs.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
MANAGE := $(BIN)/python manage.py
PG_URL ?= postgres://postgres@127.0.0.1:5432/newsroom
# The benchmarks drop and recreate this database (its name must say "bench").
BENCH_PG_URL ?= postgres://postgres@127.0.0.1:5432/newsroom_bench
BENCH_FILES ?= 100000
BENCH_ARTICLES ?= 10000,100000

.PHONY: run setup install test test-postgres lint check clean bench

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsroom needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

## Migrate, load people and works, import the seed articles, create demo accounts.
setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) loaddata fixtures/people.json
	$(MANAGE) import_articles fixtures/articles
	$(MANAGE) create_demo_accounts

## Set everything up and serve on http://127.0.0.1:8000 with SQLite.
run: setup
	$(MANAGE) runserver 127.0.0.1:8000

## Run the whole test suite (SQLite unless DATABASE_URL says otherwise).
test: install
	$(BIN)/python -m pytest

## The same suite against the local PostgreSQL.
test-postgres: install
	DATABASE_URL=$(PG_URL) $(BIN)/python -m pytest

## Linters and Django's own checks.
lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(MANAGE) makemigrations --check --dry-run
	$(MANAGE) check

## The benchmark suite (not part of `make test`): linker, import, pages.
## Needs the local PostgreSQL; installs wrk with apt-get if it is missing.
bench: install
	$(BIN)/python benchmarks/bench_linking.py
	BENCH_DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python benchmarks/bench_import.py --files $(BENCH_FILES)
	BENCH_DATABASE_URL=$(BENCH_PG_URL) $(BIN)/python benchmarks/bench_pages.py --articles $(BENCH_ARTICLES)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache
