# Summit: `make run` starts the demo summit, `make test` runs the whole test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint demo clean messages bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip uv

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/uv pip install --quiet --python $(BIN)/python -e '.[dev]' || \
	  $(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: install
	@mkdir -p var/mail
	$(BIN)/python scripts/catalogs.py compile
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py load_demo
	@echo ""
	@echo "  Summit:       http://127.0.0.1:8000/"
	@echo "  Mail catcher: http://127.0.0.1:8000/dev/mail/"
	@echo "  Outbox:       http://127.0.0.1:8000/organizers/outbox/ (log in as the organizer above)"
	@echo "  Ctrl-C stops the web server, the Celery worker and beat, and the mail catcher."
	@echo ""
	PATH="$(CURDIR)/$(BIN):$$PATH" $(BIN)/honcho -f Procfile.dev start

test: install
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/test.sh

# Extract every translatable string into locale/*/LC_MESSAGES/*.po (needs GNU gettext).
messages: install
	$(BIN)/python scripts/catalogs.py extract

# The benchmark (issue #6): a 300-session summit served by gunicorn on private PostgreSQL and
# Redis, measured with wrk; writes docs/PERFORMANCE.md. About 4 minutes; needs wrk (Debian).
bench: install
	PATH="$(CURDIR)/$(BIN):$$PATH" bash bench/run.sh

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy .

clean:
	rm -rf var/ .mypy_cache .ruff_cache
