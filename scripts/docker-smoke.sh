#!/usr/bin/env bash
# Builds QwenHelp's image on locally made base images and runs the Docker tests against it
# (QwenHelp.Tests, Category=Docker: single node on docker/compose.yaml). Ends with one line:
#   docker: N passed, N failed
# As root it installs docker.io, debootstrap and docker-compose when missing and starts dockerd when
# none runs (and stops it again); otherwise, without a usable Docker, it prints why and skips.
#   scripts/docker-smoke.sh              publish the app, build the tests, run
#   scripts/docker-smoke.sh --no-build   the tests are built already (test.sh)
set -uo pipefail
cd "$(dirname "$0")/.."

build_tests=1; [ "${1:-}" = "--no-build" ] && build_tests=0
passed=0; failed=0
finish() { echo "docker: $passed passed, $failed failed"; exit $(( failed > 0 ? 1 : 0 )); }
skip() { echo "docker: skipped ($1)"; finish; }
check() { # name, command...
  local name=$1; shift
  if "$@"; then passed=$((passed + 1)); else echo "FAILED: $name"; failed=$((failed + 1)); finish; fi
}

# Debian's docker client builds with BuildKit by itself; a newer client elsewhere on PATH may want buildx.
[ -x /usr/bin/docker ] && export PATH="/usr/bin:$PATH"
export DOCKER_BUILDKIT=1 DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
root=0; [ "$(id -u)" -eq 0 ] && root=1

missing=()
command -v dockerd >/dev/null 2>&1 || missing+=(docker.io)
command -v debootstrap >/dev/null 2>&1 || missing+=(debootstrap)
command -v docker-compose >/dev/null 2>&1 || missing+=(docker-compose)
if [ ${#missing[@]} -gt 0 ]; then
  [ "$root" = 1 ] || skip "not root, and ${missing[*]} missing"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}"; } >/dev/null 2>&1 \
    || skip "could not install ${missing[*]}"
  [ -x /usr/bin/docker ] && export PATH="/usr/bin:$PATH"
fi

dockerd_pid=""
stop_dockerd() { [ -n "$dockerd_pid" ] && kill "$dockerd_pid" 2>/dev/null && wait "$dockerd_pid" 2>/dev/null; }
trap stop_dockerd EXIT
if ! docker info >/dev/null 2>&1; then
  [ "$root" = 1 ] || skip "no Docker daemon answers and only root can start one"
  dockerd --data-root "${QWENHELP_DOCKER_ROOT:-/var/lib/docker}" >/tmp/qwenhelp-dockerd.log 2>&1 &
  dockerd_pid=$!
  for _ in $(seq 60); do docker info >/dev/null 2>&1 && break; sleep 1; done
  docker info >/dev/null 2>&1 || skip "dockerd did not start (see /tmp/qwenhelp-dockerd.log)"
fi

check "base images" ./scripts/docker-base-images.sh
check "publish the app" dotnet publish QwenHelp.Web -c Release -o artifacts/app -nologo -clp:ErrorsOnly
image=qwenhelp:smoke
check "build the image" docker build -q -f docker/Dockerfile --target host-published \
  --build-arg RUNTIME_IMAGE=qwenhelp-local/aspnet:10.0 -t "$image" .
echo "image $image: $(docker image inspect -f '{{.Size}}' "$image" | awk '{printf "%.0f MB", $1/1000000}')"

if [ "$build_tests" = 1 ]; then
  check "build the tests" dotnet build QwenHelp.Tests -nologo -clp:ErrorsOnly
fi
log=$(mktemp)
QWENHELP_DOCKER_IMAGE=$image dotnet test QwenHelp.Tests --no-build -nologo --filter "Category=Docker" 2>&1 | tee "$log"
summary=$(grep -E '^(Passed|Failed)!' "$log" | tail -n 1)
rm -f "$log"
if [ -z "$summary" ]; then
  failed=$((failed + 1)); echo "FAILED: the Docker tests did not run"
else
  passed=$((passed + $(sed -E 's/.*Passed: *([0-9]+).*/\1/' <<<"$summary")))
  failed=$((failed + $(sed -E 's/.*Failed: *([0-9]+),.*/\1/' <<<"$summary")))
fi
finish
