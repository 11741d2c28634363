# Cantiere — the commands a newcomer needs.  `make run` · `make test`
# Each target creates .venv when it is missing (Python 3.11+).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
HOST   ?= 127.0.0.1
PORT   ?= 5000
export FLASK_APP := wsgi.py

.PHONY: run test bench lint format translations check-python install install-dev clean-db

check-python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Cantiere needs Python 3.11 or newer"' \
	  || { echo "Python 3.11+ is required (set PYTHON=/path/to/python3.11)"; exit 1; }

$(BIN)/python: | check-python
	@echo "==> creating $(VENV)"
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.txt | $(BIN)/python
	@echo "==> installing runtime dependencies (pinned)"
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(BIN)/python
	@echo "==> installing runtime and test dependencies (pinned)"
	$(BIN)/pip install --disable-pip-version-check -q -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

translations: $(VENV)/.installed
	@$(BIN)/python scripts/i18n.py compile

instance/config.py:
	@mkdir -p instance
	@echo "==> writing instance/config.py with a random SECRET_KEY (git-ignored)"
	@$(BIN)/python -c 'import secrets; print(f"SECRET_KEY = {secrets.token_hex(32)!r}")' > $@

run: install translations instance/config.py
	@echo "==> applying migrations"
	$(BIN)/flask db upgrade
	@echo "==> demo data (only on an empty database)"
	$(BIN)/flask demo seed --if-empty
	@echo "==> serving on http://$(HOST):$(PORT), the job queue's consumer beside it  (Ctrl+C stops both)"
	@$(BIN)/flask jobs consume & jobs=$$!; \
	trap 'kill -TERM $$jobs 2>/dev/null; wait $$jobs 2>/dev/null' EXIT INT TERM; \
	HOST=$(HOST) PORT=$(PORT) $(BIN)/python wsgi.py

test: install-dev translations
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

bench: install-dev translations
	$(BIN)/python bench/run.py $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean-db:
	rm -f instance/cantiere.db instance/cantiere.db-wal instance/cantiere.db-shm instance/huey.db instance/huey.db-wal instance/huey.db-shm
