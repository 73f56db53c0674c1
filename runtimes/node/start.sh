#!/bin/sh
# Starts the node shim as PID 1 (exec). Node 18 does not size its heap from the container's
# memory limit: unless NODE_OPTIONS already sets it, give V8's old space 70% of the cgroup limit.
# A pool container (PLAT_POOL=1) does not: the function it becomes may get a larger limit than the
# pool's, after V8 sized its heap; V8's own default applies, the cgroup limit still holds.
heap=${PLAT_NODE_HEAP_MB:-}
case "${NODE_OPTIONS:-}" in *max-old-space-size*) heap=0 ;; esac
[ "${PLAT_POOL:-}" = 1 ] && [ -z "$heap" ] && heap=0
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
