# jobtracker: `make run` to try it, `make test` to run the whole suite. Needs only Python 3.11.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
STAMP := $(VENV)/.installed

.PHONY: install run test lint format migrations-check check seed-heavy bench clean

# settings.py defaults DEBUG to off (production); the development commands here turn it on.
run test migrations-check seed-heavy: export DEBUG ?= 1

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python requirements.txt requirements-dev.txt
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --if-empty
	@echo ""
	@echo "  jobtracker is starting on http://127.0.0.1:$(PORT)/"
	@echo "  Log in as demo@jobtracker.test with password demo-season-2026 (or sign up)."
	@echo "  Web server, Celery worker and beat run together; Ctrl-C stops all three."
	@echo ""
	WEB_PORT=$(PORT) PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho start -f Procfile

test: install
	$(BIN)/pytest -n auto --dist worksteal $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-cache

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(BIN)/python manage.py makemigrations --check --dry-run

check: lint migrations-check

seed-heavy: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo --scale heavy

bench: install
	$(BIN)/python bench/pages.py
	$(BIN)/python bench/import_contacts.py
	$(BIN)/python bench/reminders.py
	$(BIN)/python bench/reports.py

clean:
	rm -rf $(VENV) var staticfiles .pytest_cache .ruff_cache
