#!/usr/bin/env bash
# Ensures an image registry answers on 127.0.0.1:5000 (Debian's docker-registry, data under $PLAT_STATE/registry).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ADDR=${PLAT_REGISTRY_ADDR:-127.0.0.1:5000}

ping_registry() { curl -sf "http://$ADDR/v2/" >/dev/null; }

if ping_registry; then log "registry is up on $ADDR"; exit 0; fi
command -v docker-registry >/dev/null || apt_install docker-registry
mkdir -p "$PLAT_STATE/registry"
cat > "$PLAT_STATE/registry.yml" <<YML
version: 0.1
log:
  level: warn
storage:
  filesystem:
    rootdirectory: $PLAT_STATE/registry
  delete:
    enabled: true
http:
  addr: $ADDR
YML
log "starting docker-registry on $ADDR (log: $PLAT_STATE/registry.log)"
setsid nohup docker-registry serve "$PLAT_STATE/registry.yml" >"$PLAT_STATE/registry.log" 2>&1 < /dev/null &
echo $! > "$PLAT_STATE/registry.pid"
wait_for 30 ping_registry || { tail -20 "$PLAT_STATE/registry.log" >&2; die "registry did not answer on $ADDR in 30 s"; }
log "registry is up on $ADDR"
