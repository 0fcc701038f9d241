#!/usr/bin/env bash
# `check --deploy` with production-like variables must print no warnings at all.
set -euo pipefail
out=$(DEBUG=0 SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(50))')" \
  ALLOWED_HOSTS=summit.example.org SITE_URL=https://summit.example.org \
  REDIS_URL="${REDIS_URL:-redis://127.0.0.1:6379/0}" \
  python manage.py check --deploy --fail-level WARNING 2>&1) || { echo "$out"; exit 1; }
echo "$out"
