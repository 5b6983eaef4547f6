#!/bin/sh
# First start: create the cluster, the user and the database; then run the server in the foreground.
set -eu
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  pwfile=$(mktemp)
  printf '%s\n' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD is required}" > "$pwfile"
  initdb -D "$PGDATA" --username=postgres --pwfile="$pwfile" --auth-host=scram-sha-256 --auth-local=trust >/dev/null
  rm -f "$pwfile"
  echo "host all all 0.0.0.0/0 scram-sha-256" >> "$PGDATA/pg_hba.conf"
  pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
  user=${POSTGRES_USER:-postgres}
  if [ "$user" != postgres ]; then
    psql -v ON_ERROR_STOP=1 -U postgres -c "CREATE ROLE \"$user\" LOGIN PASSWORD '$POSTGRES_PASSWORD'" >/dev/null
  else
    psql -v ON_ERROR_STOP=1 -U postgres -c "ALTER ROLE postgres PASSWORD '$POSTGRES_PASSWORD'" >/dev/null
  fi
  psql -v ON_ERROR_STOP=1 -U postgres -c "CREATE DATABASE \"${POSTGRES_DB:-$user}\" OWNER \"$user\"" >/dev/null
  pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
fi
exec postgres -D "$PGDATA" -c listen_addresses='*'
