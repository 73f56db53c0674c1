#!/usr/bin/env bash
# Builds the runtime base images offline from Debian packages (debootstrap + docker import) and
# skips an image that already exists. Users with a reachable registry keep FROM python:3.12-slim
# and friends: every runtime Dockerfile takes its base through the BASE_IMAGE build arg.
#   runtimes/base/build.sh [python|node ...]      (default: all)
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
MIRROR=${PLAT_DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=${PLAT_DEBIAN_SUITE:-bookworm}

declare -A IMAGE=( [python]=plat/python-base:bookworm [node]=plat/node-base:bookworm )
declare -A PKGS=( [python]=python3,python3-flask,gunicorn,python3-pip,ca-certificates [node]=nodejs,ca-certificates )

build_one() {
  local kind=$1 image=${IMAGE[$1]}
  if docker image inspect "$image" >/dev/null 2>&1; then log "$image exists"; return 0; fi
  command -v debootstrap >/dev/null || apt_install debootstrap
  local root; root=$(mktemp -d "$PLAT_STATE/rootfs-$kind.XXXX")
  log "debootstrap $SUITE ($kind: ${PKGS[$kind]}) from $MIRROR"
  as_root debootstrap --variant=minbase --include="${PKGS[$kind]}" "$SUITE" "$root" "$MIRROR" \
    > "$PLAT_STATE/debootstrap-$kind.log" 2>&1 \
    || { tail -20 "$PLAT_STATE/debootstrap-$kind.log" >&2; as_root rm -rf "$root"; die "debootstrap failed for $kind"; }
  as_root rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  as_root tar -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' - "$image" >/dev/null
  as_root rm -rf "$root"
  log "built $image"
}

kinds=("$@"); [ ${#kinds[@]} -eq 0 ] && kinds=(python node)
for k in "${kinds[@]}"; do build_one "$k"; done
