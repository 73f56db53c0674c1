#!/usr/bin/env bash
# Ensures a Docker engine answers on /var/run/docker.sock. Idempotent; fast when it already runs.
# dockerd runs with --bridge=none --iptables=false: containers use network "none", no address leaves loopback.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
SOCK=/var/run/docker.sock

ping_docker() { curl -sf --unix-socket "$SOCK" http://localhost/_ping | grep -q OK; }

if ping_docker; then log "dockerd is up"; exit 0; fi
command -v dockerd >/dev/null || apt_install docker.io
command -v curl >/dev/null || apt_install curl

PIDFILE=/var/run/docker.pid
if [ -f "$PIDFILE" ] && ! kill -0 "$(cat "$PIDFILE")" 2>/dev/null; then
  log "removing stale $PIDFILE"; as_root rm -f "$PIDFILE"
fi
[ -S "$SOCK" ] && ! ping_docker && as_root rm -f "$SOCK"
# containerd's own stale state (killed uncleanly) is handled by dockerd, which starts its own containerd.
log "starting dockerd (log: $PLAT_STATE/dockerd.log)"
as_root setsid nohup dockerd --bridge=none --iptables=false --ip6tables=false \
  --pidfile "$PIDFILE" >"$PLAT_STATE/dockerd.log" 2>&1 < /dev/null &
wait_for 60 ping_docker || { tail -20 "$PLAT_STATE/dockerd.log" >&2; die "dockerd did not answer /_ping in 60 s"; }
log "dockerd is up ($(docker version --format '{{.Server.Version}} API {{.Server.APIVersion}}'))"
