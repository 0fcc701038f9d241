#!/usr/bin/env bash
# `make bench`: the whole benchmark (issue #6), writing docs/PERFORMANCE.md. PostgreSQL and
# Redis are started as in CI (scripts/services.sh) but on their own ports and data directory,
# with a fresh database each run; they are stopped at the end if this script started them.
# Options go to bench.run, e.g. `bash bench/run.sh --seconds 5 --workers 3`; `--scale-run`
# runs the scale run instead (bench/scale.py, `make bench-scale`).
set -euo pipefail
cd "$(dirname "$0")/.."
case " $* " in *" --help "* | *" -h "*) exec .venv/bin/python -m bench.run --help ;; esac
if ! command -v wrk >/dev/null; then
  echo "bench: installing wrk (Debian package)"
  apt-get update -qq && apt-get install -y -qq wrk >/dev/null
fi
unset DATABASE_URL REDIS_URL
export PG_PORT="${BENCH_PG_PORT:-5510}" REDIS_PORT="${BENCH_REDIS_PORT:-6410}"
export SERVICES_DIR="$PWD/var/bench/services"
source scripts/services.sh
trap stop_services EXIT
start_postgres
start_redis
[ -n "${DATABASE_URL:-}" ] && [ -n "${REDIS_URL:-}" ] || { echo "bench: needs PostgreSQL and Redis"; exit 1; }
"$PG_BIN/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres \
  -c "DROP DATABASE IF EXISTS bench" -c "CREATE DATABASE bench"
export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/bench"
redis-cli -p "$REDIS_PORT" flushall >/dev/null
if [ "${1:-}" = "--scale-run" ]; then
  exec .venv/bin/python -m bench.scale  # `make bench-scale`: pages at 1x and 10x (bench/scale.py)
fi
.venv/bin/python -m bench.run "$@"
