#!/usr/bin/env bash
# Builds the base images offline from Debian packages (debootstrap + docker import), the missing
# ones at the same time, and skips an image that already exists. Users with a reachable registry
# keep FROM python:3.12-slim and friends: every runtime Dockerfile takes its base through the
# BASE_IMAGE build arg (the compose images through BASE).
#   runtimes/base/build.sh [python|node|compose ...]   (default: python node, the runtimes' bases)
# compose: the base of docker-compose.yaml's images, a JRE and Debian's docker-registry.
set -euo pipefail
source "$(dirname "$0")/../../scripts/lib.sh"
MIRROR=${PLAT_DEBIAN_MIRROR:-$(awk '/^URIs:/ {print $2; exit}' /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)}
MIRROR=${MIRROR:-http://deb.debian.org/debian}
SUITE=${PLAT_DEBIAN_SUITE:-bookworm}

declare -A IMAGE=( [python]=plat/python-base:bookworm [node]=plat/node-base:bookworm
  [compose]=plat/compose-base:bookworm )
declare -A PKGS=( [python]=python3,python3-flask,gunicorn,python3-pip,ca-certificates [node]=nodejs,ca-certificates
  [compose]=openjdk-17-jre-headless,docker-registry,ca-certificates )

build_one() {
  local kind=$1 image=${IMAGE[$1]} started=$SECONDS
  local root; root=$(mktemp -d "$PLAT_STATE/rootfs-$kind.XXXX")
  log "building $image: debootstrap $SUITE with ${PKGS[$kind]} from $MIRROR (about 1-2 min)"
  as_root debootstrap --variant=minbase --include="${PKGS[$kind]}" "$SUITE" "$root" "$MIRROR" \
    > "$PLAT_STATE/debootstrap-$kind.log" 2>&1 \
    || { tail -20 "$PLAT_STATE/debootstrap-$kind.log" >&2; as_root rm -rf "$root"; die "debootstrap failed for $kind"; }
  as_root rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
  as_root tar -C "$root" -c . | docker import -c 'ENV LANG=C.UTF-8' - "$image" >/dev/null
  as_root rm -rf "$root"
  log "built $image in $(( SECONDS - started )) s"
}

kinds=("$@"); [ ${#kinds[@]} -eq 0 ] && kinds=(python node)
missing=()
for k in "${kinds[@]}"; do
  [ -n "${IMAGE[$k]:-}" ] || die "unknown base image '$k' (python, node or compose)"
  if docker image inspect "${IMAGE[$k]}" >/dev/null 2>&1; then log "${IMAGE[$k]} exists"; else missing+=("$k"); fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
command -v debootstrap >/dev/null || apt_install debootstrap
# The debootstraps wait on the mirror as much as on the CPU: side by side they take little more
# than the longest one alone.
pids=()
for k in "${missing[@]}"; do build_one "$k" & pids+=($!); done
failed=0
for p in "${pids[@]}"; do wait "$p" || failed=1; done
[ "$failed" = 0 ] || die "a base image failed to build (logs: $PLAT_STATE/debootstrap-*.log)"
