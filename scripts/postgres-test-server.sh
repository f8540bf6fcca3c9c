#!/usr/bin/env bash
# A throwaway PostgreSQL 15 server for the test suites.
#
#   scripts/postgres-test-server.sh start DIR PORT   initialise DIR if needed, start
#                                                   the server, print its URL (last line)
#   scripts/postgres-test-server.sh stop DIR         stop it (fine if it is not running)
#
# The server is for tests only: trust authentication, listening on 127.0.0.1
# only, fsync off (a crash may lose the data, which is thrown away anyway).
# DIR holds the cluster (DIR/data), the Unix socket and the log
# (DIR/server.log). Run as root, the server runs as the `postgres` user
# (created by the Debian package postgresql-15) and DIR is handed to it; run
# as another user, it runs as that user.
#
# Tests connect with FAIRLABEL_TEST_POSTGRES_URL set to the printed URL and
# create one uniquely named database per test (tests/support/test_databases.h).
set -euo pipefail

pg_bin="${PG_BIN:-/usr/lib/postgresql/15/bin}"

usage() {
  echo "usage: $0 start DIR PORT | stop DIR" >&2
  exit 2
}

# Runs a command as the user owning the cluster (postgres refuses to run as root).
as_owner() {
  if [[ "$(id -u)" -eq 0 ]]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

is_running() {
  [[ -f "$1/data/PG_VERSION" ]] && as_owner "$pg_bin/pg_ctl" -D "$1/data" status >/dev/null 2>&1
}

url_for_port() {
  echo "postgresql://postgres@127.0.0.1:$1/postgres"
}

start() {
  local dir="$1" port="$2"
  [[ "$port" =~ ^[0-9]+$ ]] || usage
  if [[ ! -x "$pg_bin/initdb" ]]; then
    echo "PostgreSQL 15 server binaries not found in $pg_bin (apt-get install postgresql-15)" >&2
    exit 1
  fi
  mkdir -p "$dir"
  dir="$(cd "$dir" && pwd)"
  if [[ "$(id -u)" -eq 0 ]]; then
    chown postgres:postgres "$dir"
    if ! runuser -u postgres -- test -w "$dir"; then
      echo "the postgres user cannot reach $dir (a parent folder is not searchable); use a folder under /tmp" >&2
      exit 1
    fi
  fi
  chmod 700 "$dir"

  if is_running "$dir"; then
    echo "PostgreSQL already running in $dir" >&2
    url_for_port "$(cat "$dir/port")"
    return 0
  fi

  if [[ ! -f "$dir/data/PG_VERSION" ]]; then
    as_owner "$pg_bin/initdb" -D "$dir/data" -U postgres --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
      >"$dir/initdb.log" 2>&1 || {
      cat "$dir/initdb.log" >&2
      exit 1
    }
  fi

  echo "$port" >"$dir/port"
  if [[ "$(id -u)" -eq 0 ]]; then chown postgres:postgres "$dir/port"; fi
  local options="-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=200"
  options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  if ! as_owner "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 -o "$options" start >/dev/null; then
    echo "PostgreSQL failed to start; the end of $dir/server.log:" >&2
    tail -n 20 "$dir/server.log" >&2 || true
    exit 1
  fi
  echo "PostgreSQL 15 started in $dir on port $port" >&2
  url_for_port "$port"
}

stop() {
  local dir="$1"
  if is_running "$dir"; then
    as_owner "$pg_bin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    echo "PostgreSQL in $dir stopped" >&2
  else
    echo "PostgreSQL in $dir is not running" >&2
  fi
}

case "${1:-}" in
  start)
    [[ $# -eq 3 ]] || usage
    start "$2" "$3"
    ;;
  stop)
    [[ $# -eq 2 ]] || usage
    stop "$2"
    ;;
  *) usage ;;
esac
