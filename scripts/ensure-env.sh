#!/usr/bin/env bash
# Everything the platform and its tests need on this machine: dockerd, the registry on
# 127.0.0.1:5000, the runtime base images (or the ones named: python node compose). Idempotent; a
# few seconds when all is there.
set -euo pipefail
here=$(dirname "$0")
source "$here/lib.sh"
kinds=("$@"); [ ${#kinds[@]} -eq 0 ] && kinds=(python node)
early=
if ! command -v dockerd >/dev/null; then
  # A fresh machine: the base images' root file systems (mmdebstrap, about 20 s side by side) need
  # no Docker, so they are made while apt installs Docker and the registry.
  apt_install mmdebstrap curl
  "$here/../runtimes/base/build.sh" --rootfs-only "${kinds[@]}" & early=$!
fi
# The other packages in one apt-get run rather than one per script.
pkgs=()
command -v dockerd >/dev/null || pkgs+=(docker.io)
command -v docker-registry >/dev/null || pkgs+=(docker-registry)
command -v curl >/dev/null || pkgs+=(curl)
[ ${#pkgs[@]} -eq 0 ] || apt_install "${pkgs[@]}"
"$here/ensure-docker.sh"
"$here/ensure-registry.sh"
[ -z "$early" ] || wait "$early" || die "the base images' root file systems failed"
"$here/../runtimes/base/build.sh" "${kinds[@]}"
