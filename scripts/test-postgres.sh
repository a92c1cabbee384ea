#!/usr/bin/env bash
# Starts a throwaway PostgreSQL cluster on loopback for the production-path tests and prints its URL.
#   scripts/test-postgres.sh start [port]   -> prints postgresql://postgres@127.0.0.1:PORT/postgres
#   scripts/test-postgres.sh stop
# Installs Debian's postgresql package first when no server binaries are present.
set -euo pipefail
cmd=${1:-start}
port=${2:-55432}
state=${TMPDIR:-/tmp}/campaign-engine-pg-$port

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1; }
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case $cmd in
  start)
    bin=$(find_bin)
    if [[ -z $bin ]]; then
      echo "installing PostgreSQL from Debian…" >&2
      (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null) >&2
      bin=$(find_bin)
    fi
    if [[ -f $state/data/postmaster.pid ]]; then as_postgres "$bin/pg_ctl" -D "$state/data" stop -m fast >&2 || true; fi
    rm -rf "$state" && mkdir -p "$state"
    if [[ $(id -u) -eq 0 ]]; then chown postgres "$state"; fi
    as_postgres "$bin/initdb" -D "$state/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
    as_postgres "$bin/pg_ctl" -D "$state/data" -l "$state/log" -w \
      -o "-p $port -k $state -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >/dev/null
    echo "postgresql://postgres@127.0.0.1:$port/postgres"
    ;;
  stop)
    bin=$(find_bin)
    [[ -f $state/data/postmaster.pid ]] && as_postgres "$bin/pg_ctl" -D "$state/data" stop -m fast >/dev/null
    rm -rf "$state"
    ;;
  *) echo "usage: $0 start|stop [port]" >&2; exit 2 ;;
esac
