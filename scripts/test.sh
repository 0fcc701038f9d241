#!/usr/bin/env bash
# The whole test suite: static checks, then pytest against the real services it can find.
set -euo pipefail
cd "$(dirname "$0")/.."
echo "== versions (from uv.lock)"
python -c 'import django, allauth, celery, icalendar, kombu
for m in (django, allauth, celery, kombu, icalendar): print(f"{m.__name__} {m.__version__}")'
source scripts/services.sh
trap stop_services EXIT
start_postgres
start_redis
echo "== database: ${DATABASE_URL:-sqlite}  redis: ${REDIS_URL:-none}"
# axe-core for the accessibility tests, at the version package-lock.json pins. Without npm those
# tests skip on a laptop and fail in CI, like the other missing services.
if [ ! -e node_modules/axe-core/axe.min.js ] && command -v npm >/dev/null; then
  npm ci --no-audit --no-fund
fi

echo "== ruff"
ruff format --check .
ruff check .
echo "== mypy";            mypy .
echo "== imports";         lint-imports --no-cache --no-logo
echo "== migrations";      DJANGO_SETTINGS_MODULE=tests.settings python manage.py makemigrations --check --dry-run
echo "== deploy checks";   bash scripts/check_deploy.sh
echo "== docker compose";  docker-compose -f docker-compose.yml config -q
echo "== catalogs";        python scripts/catalogs.py compile
echo "== pytest"
# In parallel processes (pytest-xdist), each with its own test database and Redis database
# (tests/settings.py); PYTEST_WORKERS=0 runs in this one process. worksteal: the slow browser
# files do not leave one process working alone at the end.
python -m pytest -n "${PYTEST_WORKERS:-auto}" --dist worksteal "$@"
