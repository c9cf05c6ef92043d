# openday — the two commands are `make demo` and `make test` (see README.md).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: demo test check lint format install install-dev system-deps test-pg clean

# openday runs in production unless told otherwise; the demo, the checks and the tests are
# development (the demo's accounts share a published password).
demo test check: export OPENDAY_ENV := development
# `check` also runs Django's deployment checks on production settings, with a throwaway key.
DEPLOY_ENV = OPENDAY_ENV=production ALLOWED_HOSTS=openday.example.gov.cn \
	SECRET_KEY=$$($(BIN)/python -c 'import secrets; print(secrets.token_urlsafe(50))')

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.prod: requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@

$(VENV)/.dev: requirements-dev.txt pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements-dev.txt
	$(BIN)/pip install -q --no-deps -e .
	touch $@ $(VENV)/.prod

install: $(VENV)/.prod
install-dev: $(VENV)/.dev

system-deps:
	@bash scripts/install-system-deps.sh

## Install, migrate, load the demo (the five notices and 天心区's campaign of the current year)
## and serve on SQLite at HOST:PORT (make demo PORT=8080); reminder links use that address.
demo: install
	$(BIN)/openday migrate --noinput -v0
	OPENDAY_SITE_URL=$${OPENDAY_SITE_URL:-http://$(HOST):$(PORT)} $(BIN)/openday load-demo
	@echo ""
	@echo "openday 已启动：公开专栏 http://$(HOST):$(PORT)/ ，工作台 http://$(HOST):$(PORT)/staff/ ，配置后台 http://$(HOST):$(PORT)/admin/"
	BIN=$(BIN) bash scripts/demo-serve.sh $(HOST):$(PORT)

## Install everything and run the whole suite (lint, Django checks, pytest incl. browser tests).
test: install-dev system-deps check
	$(BIN)/pytest $(PYTEST_ARGS)

check: install-dev
	$(BIN)/ruff check src tests benchmarks scripts
	$(BIN)/ruff format --check src tests benchmarks scripts
	$(BIN)/lint-imports --no-cache
	$(BIN)/openday check --fail-level WARNING
	$(DEPLOY_ENV) $(BIN)/openday check --deploy --fail-level WARNING
	$(BIN)/openday makemigrations --check --dry-run

format: install-dev
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .ruff_cache
