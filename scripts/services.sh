# Sourced by scripts/test.sh and .ci/run: start a throwaway PostgreSQL and Redis on private ports
# when their binaries are installed and DATABASE_URL / REDIS_URL are not set already.
# Everything lives under var/services and is stopped by stop_services.
SERVICES_DIR="${SERVICES_DIR:-$PWD/var/services}"
# The default ports, unless another checkout's services hold them: then free ones, so that two
# checkouts (or a CI run beside a laptop's) can run their suites at once.
port_is_taken() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
if [ -z "${PG_PORT:-}" ]; then
  PG_PORT=5499
  if port_is_taken "$PG_PORT" && [ "$(sed -n 4p "$SERVICES_DIR/pg/data/postmaster.pid" 2>/dev/null)" != "$PG_PORT" ]; then
    PG_PORT="$(free_port)"
  fi
fi
if [ -z "${REDIS_PORT:-}" ]; then
  REDIS_PORT=6399
  if port_is_taken "$REDIS_PORT" && [ ! -s "$SERVICES_DIR/redis/redis.pid" ]; then
    REDIS_PORT="$(free_port)"
  fi
fi
PG_BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)"

start_postgres() {
  [ -n "${DATABASE_URL:-}" ] && return 0
  [ -x "$PG_BIN/initdb" ] || { echo "services: no PostgreSQL installed; tests use SQLite"; return 0; }
  local dir="$SERVICES_DIR/pg"
  mkdir -p "$dir"
  local runas=()
  if [ "$(id -u)" = 0 ]; then chown -R postgres:postgres "$dir"; runas=(runuser -u postgres --); fi
  if [ ! -f "$dir/data/PG_VERSION" ]; then
    "${runas[@]}" "$PG_BIN/initdb" -D "$dir/data" --auth=trust -U postgres -E UTF8 \
      --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || { cat "$dir/initdb.log"; return 1; }
  fi
  if ! "${runas[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    "${runas[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/pg.log" -w \
      -o "-p $PG_PORT -c listen_addresses=127.0.0.1 -k $dir -c fsync=off -c max_connections=200" \
      start >/dev/null || { cat "$dir/pg.log"; return 1; }
    STARTED_PG=1
  fi
  "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='summit'" | grep -q 1 || \
    "$PG_BIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres summit
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PG_PORT/summit"
}

start_redis() {
  [ -n "${REDIS_URL:-}" ] && return 0
  command -v redis-server >/dev/null || { echo "services: no redis-server installed"; return 0; }
  local dir="$SERVICES_DIR/redis"
  mkdir -p "$dir"
  if ! redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1; then
    redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --dir "$dir" \
      --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --save '' --appendonly no
    for _ in $(seq 50); do redis-cli -p "$REDIS_PORT" ping >/dev/null 2>&1 && break; sleep 0.1; done
    STARTED_REDIS=1
  fi
  export REDIS_URL="redis://127.0.0.1:$REDIS_PORT/0"
}

stop_services() {
  if [ -n "${STARTED_REDIS:-}" ]; then redis-cli -p "$REDIS_PORT" shutdown nosave >/dev/null 2>&1 || true; fi
  if [ -n "${STARTED_PG:-}" ]; then
    local runas=(); [ "$(id -u)" = 0 ] && runas=(runuser -u postgres --)
    "${runas[@]}" "$PG_BIN/pg_ctl" -D "$SERVICES_DIR/pg/data" -m fast stop >/dev/null 2>&1 || true
  fi
}
