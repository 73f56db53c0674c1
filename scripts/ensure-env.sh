#!/usr/bin/env bash
# Everything the platform and its tests need on this machine: dockerd, the registry on
# 127.0.0.1:5000, the runtime base images (or the ones named: python node compose). Idempotent; a
# few seconds when all is there.
set -euo pipefail
here=$(dirname "$0")
source "$here/lib.sh"
# The packages of a fresh machine in one apt-get run rather than one per script.
pkgs=()
command -v dockerd >/dev/null || pkgs+=(docker.io)
command -v docker-registry >/dev/null || pkgs+=(docker-registry)
command -v debootstrap >/dev/null || pkgs+=(debootstrap)
command -v curl >/dev/null || pkgs+=(curl)
[ ${#pkgs[@]} -eq 0 ] || apt_install "${pkgs[@]}"
"$here/ensure-docker.sh"
"$here/ensure-registry.sh"
"$here/../runtimes/base/build.sh" "$@"
