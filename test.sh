#!/usr/bin/env bash
# Runs every test: installs what the tests need (idempotently), builds once, runs the suite.
#   ./test.sh                      everything
#   ./test.sh --filter Unit        a subset (any dotnet test --filter expression)
# The PostgreSQL provider matrix runs on a private cluster started here and stopped at exit:
# QWENHELP_TEST_PG_PORT (default 55433) and QWENHELP_TEST_PG_DIR (default /tmp/qwenhelp-test-pg-PORT)
# keep parallel runs apart.
set -euo pipefail
cd "$(dirname "$0")"

./scripts/install-test-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
dotnet tool restore >/dev/null   # dotnet-ef, from .config/dotnet-tools.json (docs/database.md)
dotnet build QwenHelp.sln -nologo -clp:ErrorsOnly

pg_port="${QWENHELP_TEST_PG_PORT:-55433}"
pg_dir="${QWENHELP_TEST_PG_DIR:-/tmp/qwenhelp-test-pg-$pg_port}"
trap './scripts/test-postgres.sh stop "$pg_dir"' EXIT
QWENHELP_TEST_POSTGRES=$(./scripts/test-postgres.sh start "$pg_dir" "$pg_port")
export QWENHELP_TEST_POSTGRES

filter=()
if [ "${1:-}" = "--filter" ] && [ -n "${2:-}" ]; then
  filter=(--filter "$2")
fi

log=$(mktemp)
set +e
dotnet test QwenHelp.Tests --no-build -nologo "${filter[@]}" 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e

# The Docker category (image, compose): only in a whole run; skipped with its reason without Docker.
docker_passed=0; docker_failed=0
if [ ${#filter[@]} -eq 0 ]; then
  docker_log=$(mktemp)
  ./scripts/docker-smoke.sh --no-build 2>&1 | tee "$docker_log" || status=1
  if docker_summary=$(grep -E '^docker: [0-9]+ passed, [0-9]+ failed' "$docker_log" | tail -n 1); then
    docker_passed=$(sed -E 's/^docker: ([0-9]+) passed.*/\1/' <<<"$docker_summary")
    docker_failed=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<<"$docker_summary")
  fi
  rm -f "$docker_log"
fi

# One plain closing line for CI, last: "N passed, N failed" over the suite and the Docker checks.
summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1)
rm -f "$log"
if [ -n "$summary" ]; then
  passed=$(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")
  failed=$(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$summary")
  echo "tests: $((passed + docker_passed)) passed, $((failed + docker_failed)) failed"
fi
exit "$status"
