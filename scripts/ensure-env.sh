#!/usr/bin/env bash
# Everything the platform and its tests need on this machine: dockerd, the registry on
# 127.0.0.1:5000, the runtime base images (or the ones named: python node compose). Idempotent; a
# few seconds when all is there.
set -euo pipefail
here=$(dirname "$0")
"$here/ensure-docker.sh"
"$here/ensure-registry.sh"
"$here/../runtimes/base/build.sh" "$@"
