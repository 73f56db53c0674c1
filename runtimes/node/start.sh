#!/bin/sh
# Starts the node shim as PID 1 (exec). Node 18 does not size its heap from the container's
# memory limit: unless NODE_OPTIONS already sets it, give V8's old space 70% of the cgroup limit.
heap=${PLAT_NODE_HEAP_MB:-}
case "${NODE_OPTIONS:-}" in *max-old-space-size*) heap=0 ;; esac
if [ -z "$heap" ]; then
  limit=$(cat /sys/fs/cgroup/memory.max 2>/dev/null || cat /sys/fs/cgroup/memory/memory.limit_in_bytes 2>/dev/null || echo max)
  case "$limit" in
    ''|max|*[!0-9]*) heap=0 ;;
    *) if [ "$limit" -lt 68719476736 ]; then heap=$((limit * 7 / 10 / 1048576)); else heap=0; fi ;;
  esac
fi
if [ "$heap" -gt 0 ] 2>/dev/null; then
  exec node --max-old-space-size="$heap" /opt/plat/shim.js
fi
exec node /opt/plat/shim.js
