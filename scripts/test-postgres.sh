#!/usr/bin/env bash
# A private PostgreSQL cluster for the provider-matrix tests: its own data folder, port and unix
# socket (inside the data folder, no TCP), never the system's cluster. Installs Debian's postgresql
# when it is missing. Run as root, the server runs as the postgres user (PostgreSQL refuses root).
#   scripts/test-postgres.sh start DIR PORT   starts it (initdb on first use); prints the connection string
#   scripts/test-postgres.sh stop DIR         stops it (quietly does nothing when it is not running)
set -euo pipefail

action=${1:?start or stop}
dir=${2:?data folder}
port=${3:-55433}

find_bin() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }
as_server() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

bin=$(find_bin)
case "$action" in
  start)
    if [ -z "$bin" ]; then
      echo "Installing PostgreSQL from Debian" >&2
      SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
      $SUDO apt-get update -qq
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql >/dev/null
      bin=$(find_bin)
    fi
    if [ ! -f "$dir/PG_VERSION" ]; then
      mkdir -p "$dir"
      [ "$(id -u)" -eq 0 ] && chown postgres:postgres "$dir"
      chmod 700 "$dir"
      as_server "$bin/initdb" -D "$dir" -U qwenhelp --auth=trust -E UTF8 --no-locale >/dev/null
    fi
    if [ ! -f "$dir/postmaster.pid" ]; then
      # Test data only: no fsync, socket in the data folder, no TCP listener to collide with anyone's.
      as_server "$bin/pg_ctl" -D "$dir" -l "$dir/server.log" -w \
        -o "-p $port -k $dir -c listen_addresses='' -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
        start >/dev/null
    fi
    echo "Host=$dir;Port=$port;Username=qwenhelp;Database=postgres"
    ;;
  stop)
    if [ -n "$bin" ] && [ -f "$dir/postmaster.pid" ]; then
      as_server "$bin/pg_ctl" -D "$dir" -m fast -w stop >/dev/null || true
    fi
    ;;
  *)
    echo "usage: $0 start DIR PORT | stop DIR" >&2
    exit 2
    ;;
esac
