#!/usr/bin/env bash
# Builds the base images offline from Debian packages (mmdebstrap to a tarball + docker import),
# the missing ones at the same time, and skips an image that already exists. Users with a reachable registry
# keep FROM python:3.12-slim and friends: every runtime Dockerfile takes its base through the
# BASE_IMAGE build arg (the compose images through BASE).
#   runtimes/base/build.sh [--rootfs-only] [python|node|compose ...]   (default: python node, the runtimes' bases)
# --rootfs-only: only the root file systems (tarballs), kept for the next run to import (no Docker needed).
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

# bootstrap KIND: the root file system of KIND's image as $PLAT_STATE/rootfs-KIND.tar (no Docker
# needed). mmdebstrap rather than debootstrap: it resolves and downloads through apt in one go and
# unpacks without a second stage, 24 s against 122 s for the python base here under the same load.
bootstrap() {
  local kind=$1 started=$SECONDS ready=$PLAT_STATE/rootfs-$1.tar
  [ -f "$ready" ] && return 0
  local part=$PLAT_STATE/rootfs-$kind.$$.tar
  log "mmdebstrap $SUITE for ${IMAGE[$kind]} (${PKGS[$kind]}) from $MIRROR: about 20 s"
  as_root mmdebstrap --variant=minbase --aptopt='Apt::Install-Recommends "false"' --include="${PKGS[$kind]}" "$SUITE" "$part" "$MIRROR" \
    > "$PLAT_STATE/mmdebstrap-$kind.log" 2>&1 \
    || { tail -20 "$PLAT_STATE/mmdebstrap-$kind.log" >&2; as_root rm -f "$part"; die "mmdebstrap failed for $kind"; }
  as_root mv "$part" "$ready"
  log "root file system of ${IMAGE[$kind]} done in $(( SECONDS - started )) s"
}

# build_one KIND: KIND's image, from a root file system bootstrapped now or earlier.
build_one() {
  local kind=$1 image=${IMAGE[$1]} started=$SECONDS
  bootstrap "$kind"
  log "importing $image: a few seconds"
  docker import -c 'ENV LANG=C.UTF-8' "$PLAT_STATE/rootfs-$kind.tar" "$image" >/dev/null
  as_root rm -f "$PLAT_STATE/rootfs-$kind.tar"
  log "built $image ($(( SECONDS - started )) s here)"
}

# Runs FUNCTION KIND for every kind at once: the bootstraps wait on the mirror and the disk as
# much as on the CPU, so side by side they take less than one after the other.
each() {
  local fn=$1 pids=() failed=0; shift
  for k in "$@"; do "$fn" "$k" & pids+=($!); done
  for p in "${pids[@]}"; do wait "$p" || failed=1; done
  [ "$failed" = 0 ] || die "a base image failed to build (logs: $PLAT_STATE/mmdebstrap-*.log)"
}

rootfs_only=
[ "${1:-}" = --rootfs-only ] && { rootfs_only=1; shift; }
kinds=("$@"); [ ${#kinds[@]} -eq 0 ] && kinds=(python node)
for k in "${kinds[@]}"; do
  [ -n "${IMAGE[$k]:-}" ] || die "unknown base image '$k' (python, node or compose)"
done
if [ -n "$rootfs_only" ]; then  # a fresh machine, before Docker is installed: no image can exist yet
  command -v mmdebstrap >/dev/null || apt_install mmdebstrap
  each bootstrap "${kinds[@]}"
  exit 0
fi
missing=()
for k in "${kinds[@]}"; do
  if docker image inspect "${IMAGE[$k]}" >/dev/null 2>&1; then log "${IMAGE[$k]} exists"; else missing+=("$k"); fi
done
[ ${#missing[@]} -eq 0 ] && exit 0
command -v mmdebstrap >/dev/null || apt_install mmdebstrap
each build_one "${missing[@]}"
