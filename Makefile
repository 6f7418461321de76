# Selaras — the two commands: `make run` and `make test`.
#   make run    set up (Python env, database, regions, offices, demo data) and serve on
#               http://$(HOST):$(PORT)
#   make test   the whole test suite on SQLite, then on PostgreSQL if it is reachable
#   make setup  everything `make run` does before serving (idempotent)
#   make lint   ruff

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV   := .venv
PYTHON := $(VENV)/bin/python
MANAGE := $(PYTHON) manage.py
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: help venv setup run test lint

help:
	@echo "make run    set up and serve the demo on http://$(HOST):$(PORT)"
	@echo "make test   run the tests on SQLite, then PostgreSQL (if reachable)"
	@echo "make setup  install, migrate, load regions, build offices, seed demo"
	@echo "make lint   ruff check"
	@echo "make bench  benchmark suite against the 1M-case database (bench/run.sh)"

venv:
	@scripts/venv.sh

setup: venv
	@scripts/compile-messages.sh
	$(MANAGE) setup_instance

run: setup
	@$(MANAGE) seed_demo --print-logins
	@echo
	@echo "Selaras: open http://$(HOST):$(PORT)/ and log in with one of the accounts above."
	@echo "(Development server, task worker and scheduler; stop them all with Ctrl+C.)"
	@$(MANAGE) db_worker --no-startup-delay & worker=$$!; \
	$(MANAGE) run_scheduler & scheduler=$$!; \
	trap 'kill $$worker $$scheduler 2>/dev/null; wait $$worker $$scheduler 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver --insecure $(HOST):$(PORT)

test: venv
	@scripts/compile-messages.sh
	@scripts/test.sh

lint: venv
	$(VENV)/bin/ruff check .

.PHONY: bench
bench: venv
	@bench/run.sh
