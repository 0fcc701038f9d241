# Summit: `make run` starts the demo summit, `make test` runs the whole test suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test install lint demo clean messages bench bench-scale upgrade

# uv itself is pinned here; everything else comes from uv.lock (exact versions with hashes).
UV_VERSION := 0.13.9
UV := $(BIN)/uv

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet uv==$(UV_VERSION)

# --locked installs exactly uv.lock and fails when pyproject.toml and uv.lock disagree.
$(STAMP): pyproject.toml uv.lock | $(BIN)/python
	$(UV) sync --locked --quiet --python $(BIN)/python
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
	$(UV) lock --check --quiet
	PATH="$(CURDIR)/$(BIN):$$PATH" bash scripts/test.sh

# Deliberate upgrade: re-resolve to the newest versions pyproject.toml allows, install them,
# refresh what depends on them (the Icelandic allauth/django-countries catalog), run the suite.
# New allauth strings come in untranslated and fail the suite until translated in
# locale_thirdparty/is/LC_MESSAGES/django.po; then commit pyproject.toml, uv.lock and the .po.
upgrade: | $(BIN)/python
	$(UV) lock --upgrade
	$(UV) sync --locked --python $(BIN)/python
	touch $(STAMP)
	$(BIN)/python scripts/thirdparty_catalogs.py
	$(MAKE) test

# Extract every translatable string into locale/*/LC_MESSAGES/*.po (needs GNU gettext).
messages: install
	$(BIN)/python scripts/catalogs.py extract

# The benchmark (issue #6): a 300-session summit served by gunicorn on private PostgreSQL and
# Redis, measured with wrk; writes docs/PERFORMANCE.md. About 4 minutes; needs wrk (Debian).
bench: install
	PATH="$(CURDIR)/$(BIN):$$PATH" bash bench/run.sh

# The scale run (issue #19): every page's queries and time at 1x and at 10x the bench summit,
# in one process (no gunicorn, no wrk); writes its part of docs/PERFORMANCE.md. About 5 minutes.
bench-scale: install
	PATH="$(CURDIR)/$(BIN):$$PATH" bash bench/run.sh --scale-run

lint: install
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .
	$(BIN)/mypy .

clean:
	rm -rf var/ .mypy_cache .ruff_cache
