# Chuhai — the two commands: `make run` and `make test`. Everything is installed by this file.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
# The installed versions come from uv.lock (make lock); the stamp changes when it or pyproject.toml does.
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml uv.lock 2>/dev/null | sha1sum | cut -c1-12)
# The uv that wrote uv.lock: a newer one may write a lock format an older one cannot read.
UV_VERSION := 0.13.9
UV := $(VENV)/.uv-$(UV_VERSION)
DEMO_SCALE ?= full
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_DB ?= postgresql
# chuhai.errors.MESSAGE_KEYWORDS: raising one of these puts its message id into the catalogs.
ERROR_KEYWORDS := ChuhaiError InvalidValue ValidationFailed NotFound Forbidden NotAuthenticated Conflict TooManyRequests \
  ImportProblem BadValue HeaderProblem UnreadableFile

.PHONY: install lock lock-upgrade check-lock fuzz load run demo test test-sqlite test-postgres bench browser services i18n lint clean

$(UV):
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip uv==$(UV_VERSION)
	@rm -f $(VENV)/.uv-* && touch $(UV)

## Installs exactly the versions in uv.lock (the ones the tests passed with), the project itself editable.
## --locked: refuses, rather than re-resolving, when uv.lock no longer matches pyproject.toml (make lock).
## --inexact: leaves pip and uv (installed above, not in the lock) in the virtualenv.
$(STAMP): pyproject.toml uv.lock | $(UV)
	@$(MAKE) --no-print-directory check-lock
	@# Bytecode compiled at install: with PYTHONDONTWRITEBYTECODE set (as on these machines) every
	@# command would otherwise recompile its imports from source, seconds per start.
	UV_PROJECT_ENVIRONMENT=$(VENV) $(BIN)/uv sync -q --locked --inexact --extra dev --compile-bytecode --python $(BIN)/python
	@rm -f $(VENV)/.installed-* && touch $(STAMP)

install: $(STAMP)

## uv.lock must match pyproject.toml's dependencies; checked offline (uv compares the lock's manifest).
check-lock: | $(UV)
	@$(BIN)/uv lock --check --offline -q 2>/dev/null || { \
	  echo "uv.lock is stale: pyproject.toml's dependencies changed. Run \`make lock\` and commit uv.lock." >&2; exit 1; }

## make lock: re-resolve uv.lock after editing pyproject.toml's dependencies (other versions stay as locked).
## make lock-upgrade: every package to the newest version pyproject.toml allows (then run make test).
lock: | $(UV)
	$(BIN)/uv lock

lock-upgrade: | $(UV)
	$(BIN)/uv lock --upgrade

## make run: migrate the embedded SQLite database, load the demo data if it is empty, serve the app.
run: install
	$(BIN)/chuhai db upgrade
	@if $(BIN)/chuhai db is-empty; then \
	  echo "Loading the demo data ($(DEMO_SCALE) scale; the full scale takes a minute or two the first time)…"; \
	  $(BIN)/chuhai demo --scale $(DEMO_SCALE) && \
	  echo "Building the matching index (multilingual embeddings of every product; about 4 minutes on 2 cores)…" && \
	  $(BIN)/chuhai match reindex --rematch; fi
	@echo ""
	@echo "  Chuhai 出海 → http://$(HOST):$(PORT)   (API docs: http://$(HOST):$(PORT)/api/docs)"
	@echo "  Demo logins (password: chuhai-demo):"
	@echo "    operator@chuhai.demo   运营方 operator"
	@echo "    wigs@chuhai.demo       企业会员 enterprise member (a Jiaozhou wig maker)"
	@echo "    buyer@chuhai.demo      海外采购商 overseas buyer (a US salon chain)"
	@echo "    forwarder@chuhai.demo  服务商 service provider"
	@echo ""
	@$(BIN)/chuhai mail status
	$(BIN)/chuhai serve --host $(HOST) --port $(PORT)

## make test: ruff, the import contracts (.importlinter), the whole suite on SQLite, then the database tests
## again on the local PostgreSQL.
test: install check-lock browser services
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports
	$(BIN)/pytest -q
	CHUHAI_TEST_DATABASE=postgresql $(BIN)/pytest -q -m "postgres or not (browser or spark or slow)" \
	  tests/accounts tests/catalog tests/demand tests/imports tests/web tests/dashboards tests/demo tests/test_migrations.py \
	  tests/stats/test_freshness.py tests/trade tests/jobs tests/mail tests/media tests/showcase tests/compliance

test-sqlite: install
	$(BIN)/pytest -q

test-postgres: install services
	CHUHAI_TEST_DATABASE=postgresql $(BIN)/pytest -q tests/accounts tests/catalog tests/demand tests/imports tests/web tests/dashboards

## Debian's Chromium for the browser tests (Playwright drives it) and CJK fonts for screenshots and PDFs.
browser:
	@if ! command -v chromium >/dev/null || ! fc-list 2>/dev/null | grep -qi "Noto Sans CJK"; then \
	  echo "Installing Debian's chromium and CJK fonts…"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium chromium-driver fonts-noto-cjk >/dev/null; \
	fi

## Start the local PostgreSQL if it is down.
services:
	@pg_isready -q -h 127.0.0.1 -p 5432 || { \
	  echo "Starting PostgreSQL…"; \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql | head -1) main start; \
	  for i in $$(seq 30); do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; }

## make bench: every benchmark; results in bench/results/*.json.
bench: install services
	$(BIN)/python bench/run_all.py

## make load: the load benchmark alone (Locust against `chuhai serve --workers 2` on the local PostgreSQL with the
## full demo, loaded once into BENCH_DATABASE_URL; bench/results/load.json). Bounded; stops by itself.
load: install services
	$(BIN)/python bench/load/run.py

## make fuzz: the API fuzzer (tests/web/test_fuzz_api.py, Schemathesis) with 50 examples per operation and
## generation mode instead of `make test`'s 2 (several minutes); FUZZ_EXAMPLES=… to change.
FUZZ_EXAMPLES ?= 50
fuzz: install
	CHUHAI_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider tests/web/test_fuzz_api.py

## Re-extract message ids and merge them into the Chinese, Spanish and Russian catalogs (translate the new
## entries after; a locale whose catalog does not exist yet is skipped).
I18N_LOCALES ?= zh_CN es ru
i18n: install
	$(BIN)/pybabel extract -F babel.cfg -k _ -k gettext -k ngettext:1,2 -k N_ $(foreach k,$(ERROR_KEYWORDS),-k $(k)) --no-location --omit-header -o src/chuhai/locale/messages.pot .
	for l in $(I18N_LOCALES); do \
	  [ ! -f src/chuhai/locale/$$l/LC_MESSAGES/messages.po ] || \
	  $(BIN)/pybabel update -i src/chuhai/locale/messages.pot -d src/chuhai/locale -l $$l --no-fuzzy-matching --no-wrap || exit 1; \
	done

lint: install
	$(BIN)/ruff check src tests bench
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) var spark-warehouse metastore_db derby.log .pytest_cache
