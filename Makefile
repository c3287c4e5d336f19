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
# axe-core for the browser accessibility test, from npm, pinned; installed into
# the git-ignored var/npm/ so no copy of it lives in git.
AXE_VERSION := 4.14.1
AXE_STAMP := var/npm/.axe-core-$(AXE_VERSION)

.PHONY: run setup install test-deps test test-postgres lint check clean bench bench-api bench-peer

$(STAMP): requirements.txt requirements-dev.txt
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "newsroom needs Python 3.11 or newer; set PYTHON=/path/to/python3.11")'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

$(AXE_STAMP):
	mkdir -p var/npm
	npm install --no-save --no-package-lock --no-audit --no-fund --prefix var/npm axe-core@$(AXE_VERSION)
	touch $(AXE_STAMP)

## What the tests need beyond Python packages (axe-core for the browser test).
test-deps: install $(AXE_STAMP)

## Migrate, load people and works, import the seed articles, create demo accounts.
setup: install
	$(MANAGE) migrate --noinput
	$(MANAGE) load_people
	$(MANAGE) import_articles fixtures/articles
	$(MANAGE) create_demo_accounts

## Set everything up and serve on http://127.0.0.1:8000 with SQLite.
run: setup
	$(MANAGE) runserver 127.0.0.1:8000

## Run the whole test suite (SQLite unless DATABASE_URL says otherwise).
test: test-deps
	$(BIN)/python -m pytest

## The same suite against the local PostgreSQL.
test-postgres: test-deps
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

## The content API beside the HTML pages, in one run (SQLite unless
## BENCH_DATABASE_URL says otherwise).
bench-api: install
	$(BIN)/python benchmarks/bench_api.py

## Newsroom beside the Wagtail 7.4 peer (../shared/peers/wagtail), the same N
## articles, alternating wrk rounds (SQLite unless BENCH_DATABASE_URL says
## otherwise; PEER_ARGS e.g. "--articles 1000 --keep-database").
bench-peer: install
	$(BIN)/python benchmarks/bench_peer.py $(PEER_ARGS)

clean:
	rm -rf $(VENV) var .pytest_cache .ruff_cache

# --- hardening (issue 7): production server, backups, load test -------------
BACKUP ?= var/backups/newsroom-$(shell date -u +%Y%m%dT%H%M%SZ).tar.gz
.PHONY: collectstatic serve backup restore load soak

## Hashed, compressed static files for WhiteNoise (production settings).
collectstatic: install
	$(MANAGE) collectstatic --noinput

## The production server: gunicorn, 2 workers, on 127.0.0.1:8000 (see scripts/serve).
serve: install
	scripts/serve

## Every row of every table and the media files, to $(BACKUP).
backup: install
	$(MANAGE) backup $(BACKUP)

## Load BACKUP=path into an empty database (add FORCE=--force to replace one).
restore: install
	@test -n "$(BACKUP)" -a -f "$(BACKUP)" || { echo "usage: make restore BACKUP=path/to/backup.tar.gz"; exit 2; }
	$(MANAGE) restore $(BACKUP) $(FORCE)

## 60 s of mixed load against the production server on PostgreSQL.
load: install
	DATABASE_URL=$(PG_URL)_load $(BIN)/python benchmarks/load.py --duration 60

## 15 minutes of load, sampling worker memory and open files every 10 s.
soak: install
	DATABASE_URL=$(PG_URL)_load $(BIN)/python benchmarks/load.py --soak 900
