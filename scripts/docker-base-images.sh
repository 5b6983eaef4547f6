#!/usr/bin/env bash
# Makes the base images QwenHelp's Docker files need where no image registry is reachable, once:
#   qwenhelp-local/debian:bookworm      debootstrap --variant=minbase (about 100 s; the tarball is kept
#                                       in $QWENHELP_DOCKER_CACHE so a wiped Docker rebuilds in seconds)
#   qwenhelp-local/runtime-deps:10.0    stands in for mcr.microsoft.com/dotnet/runtime-deps:10.0
#   qwenhelp-local/aspnet:10.0          stands in for mcr.microsoft.com/dotnet/aspnet:10.0: runtime-deps plus
#                                       the .NET and ASP.NET Core runtimes of this machine's SDK install
#   qwenhelp-local/redis, qwenhelp-local/postgres   Debian's packages, for the scaled-out test variant
# Images already present are kept; pass --force to make them again.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${QWENHELP_DOCKER_CACHE:-/var/cache/qwenhelp-docker}
force=0; [ "${1:-}" = "--force" ] && force=1
export DOCKER_BUILDKIT=1
# Debian's docker client builds with BuildKit by itself; a newer client elsewhere on PATH may want buildx.
[ -x /usr/bin/docker ] && export PATH="/usr/bin:$PATH"

have() { [ "$force" = 0 ] && docker image inspect "$1" >/dev/null 2>&1; }

if ! have qwenhelp-local/debian:bookworm; then
  tarball="$cache/debian-bookworm-minbase.tar"
  if [ ! -s "$tarball" ] || [ "$force" = 1 ]; then
    # The mirror apt already uses on this machine (no other is reachable here).
    mirror=$(grep -hoE 'https?://[^ ]+/debian/?' /etc/apt/sources.list.d/*.sources /etc/apt/sources.list 2>/dev/null | grep -v security | head -n 1)
    mirror=${mirror:-http://deb.debian.org/debian}
    rootfs=$(mktemp -d /tmp/qwenhelp-rootfs.XXXXXX)
    echo "Making a Debian bookworm root file system from $mirror (about 100 s, once)"
    debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >/dev/null
    rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
    mkdir -p "$cache"
    tar -C "$rootfs" -cf "$tarball.tmp" . && mv "$tarball.tmp" "$tarball"
    rm -rf "$rootfs"
  fi
  docker import --change 'CMD ["/bin/bash"]' "$tarball" qwenhelp-local/debian:bookworm >/dev/null
fi

build() {
  local name=$1 file=$2
  if ! have "$name"; then
    echo "Building $name"
    docker build -q -f "$file" -t "$name" . >/dev/null
  fi
}
build qwenhelp-local/runtime-deps:10.0 docker/local/runtime-deps.Dockerfile

if ! have qwenhelp-local/aspnet:10.0; then
  dotnet_root=$(dirname "$(readlink -f "$(command -v dotnet)")")
  context=$(mktemp -d /tmp/qwenhelp-aspnet.XXXXXX)
  mkdir -p "$context/dotnet/shared"
  cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/LICENSE.txt" "$context/dotnet/"
  # The newest 10.0 runtimes only: what `dotnet QwenHelp.Web.dll` rolls forward to.
  for framework in Microsoft.NETCore.App Microsoft.AspNetCore.App; do
    version=$(ls "$dotnet_root/shared/$framework" | grep '^10\.' | sort -V | tail -n 1)
    mkdir -p "$context/dotnet/shared/$framework"
    cp -a "$dotnet_root/shared/$framework/$version" "$context/dotnet/shared/$framework/"
  done
  echo "Building qwenhelp-local/aspnet:10.0 (.NET runtimes from $dotnet_root)"
  docker build -q -f docker/local/aspnet.Dockerfile -t qwenhelp-local/aspnet:10.0 "$context" >/dev/null
  rm -rf "$context"
fi

build qwenhelp-local/redis:bookworm docker/local/redis.Dockerfile
build qwenhelp-local/postgres:15 docker/local/postgres.Dockerfile
