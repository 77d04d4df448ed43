# partnerplan: `make run` to try it, `make test` to check it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
export PARTNERPLAN_VAR ?= $(CURDIR)/var

.PHONY: install assets run serve test lint bench clean

# Idempotent: each step runs only when its inputs changed.
install: $(VENV)/.installed node_modules/.installed src/partnerplan/static/partnerplan/app.css

$(VENV)/.installed: pyproject.toml requirements.lock
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c requirements.lock -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

src/partnerplan/static/partnerplan/app.css: node_modules/.installed $(wildcard src/partnerplan/frontend/*)
	sh src/partnerplan/frontend/build.sh

assets: node_modules/.installed
	sh src/partnerplan/frontend/build.sh

run: install
	$(BIN)/partnerplan migrate --noinput
	$(BIN)/partnerplan collectstatic --noinput --verbosity 0
	$(BIN)/partnerplan demo
	$(BIN)/partnerplan serve --bind 127.0.0.1:$(PORT)

test: install
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	PARTNERPLAN_PLAIN_STATIC=1 $(BIN)/partnerplan makemigrations --check --dry-run
	$(BIN)/python -m pytest -n 2

bench: install
	$(BIN)/python bench/run.py
	$(BIN)/python bench/imports.py
	$(BIN)/python bench/timescales.py
	$(BIN)/python bench/remind.py

lint:
	$(BIN)/ruff check --fix src tests bench
	$(BIN)/ruff format src tests bench

clean:
	rm -rf $(VENV) node_modules var src/partnerplan/static/partnerplan src/partnerplan/static/govuk src/partnerplan/static/htmx
