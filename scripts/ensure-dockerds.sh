#!/usr/bin/env bash
# Extra Docker engines on this machine, one per simulated host of the multi-host tests and
# benchmarks. Idempotent; a few seconds when they already run.
#   scripts/ensure-dockerds.sh [N]     start engines 1..N (default 3) beside the main one
#   scripts/ensure-dockerds.sh stop    stop the engines this script started (by their pid files)
# Engine i answers on unix:///run/plat-test/dockerd-i.sock, with its own --data-root
# ($PLAT_STATE/dockerd-i), --exec-root (/run/plat-test/exec-i) and --pidfile
# (/run/plat-test/dockerd-i.pid) and engine key (its own ID in /info); all run with --bridge=none --iptables=false, like the main one.
# Each gets the runtime base images from the main engine (docker save | docker load, no network)
# and pulls from the registry on 127.0.0.1:5000 (a loopback registry needs no TLS).
# The socket paths, one per line, go to /run/plat-test/dockerds (PLAT_TEST_DOCKERDS_FILE), which
# the tests read when PLAT_TEST_DOCKER_HOSTS is not set.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUN_DIR=/run/plat-test
LIST=${PLAT_TEST_DOCKERDS_FILE:-$RUN_DIR/dockerds}
BASE_IMAGES=(plat/python-base:bookworm plat/node-base:bookworm)

sock() { echo "$RUN_DIR/dockerd-$1.sock"; }
pidfile() { echo "$RUN_DIR/dockerd-$1.pid"; }
ping_engine() { curl -sf --unix-socket "$(sock "$1")" http://localhost/_ping | grep -q OK; }
# running PID: the process exists and is no zombie (a killed daemon whose parent is gone may stay one).
running() { local st; st=$(awk '{print $3}' "/proc/$1/stat" 2>/dev/null) && [ -n "$st" ] && [ "$st" != Z ]; }
alive() { [ -f "$(pidfile "$1")" ] && running "$(cat "$(pidfile "$1")")"; }

# stop_all: SIGTERM to every engine started here (pid files only), then wait for each to exit.
stop_all() {
  local f pid
  for f in "$RUN_DIR"/dockerd-*.pid; do
    [ -f "$f" ] || continue
    pid=$(cat "$f")
    if running "$pid"; then
      log "stopping dockerd pid $pid ($f)"
      kill "$pid"
      wait_for 30 bash -c "st=\$(awk '{print \$3}' /proc/$pid/stat 2>/dev/null); [ -z \"\$st\" ] || [ \"\$st\" = Z ]" || { log "dockerd $pid still runs after 30 s: SIGKILL"; kill -9 "$pid" || true; }
    fi
    rm -f "$f"
  done
  rm -f "$LIST"
}

# start_one I: engine I, when it does not answer yet (a stale pid file or socket is cleared first).
start_one() {
  local i=$1 s; s=$(sock "$1")
  if ping_engine "$i"; then return 0; fi
  if alive "$i"; then
    # A daemon that runs but does not answer: it may still be starting, give it the usual time.
    wait_for 60 ping_engine "$i" && return 0
    log "dockerd $i (pid $(cat "$(pidfile "$i")")) does not answer: restarting it"
    kill -9 "$(cat "$(pidfile "$i")")" || true
  fi
  rm -f "$(pidfile "$i")" "$s"
  # A killed dockerd's containerd is killed with it, but may stay a zombie with its pid file left:
  # the new dockerd would take it for running and wait for its socket in vain.
  local cpid=$RUN_DIR/exec-$i/containerd/containerd.pid
  if [ -f "$cpid" ]; then
    if running "$(cat "$cpid")"; then kill -9 "$(cat "$cpid")" || true; fi
    rm -f "$cpid"
  fi
  mkdir -p "$PLAT_STATE/dockerd-$i" "$RUN_DIR/exec-$i"
  # The engine ID in /info comes from this key; the default one (/etc/docker/key.json) is shared.
  printf '{"deprecated-key-path": "%s"}\n' "$PLAT_STATE/dockerd-$i.key.json" > "$PLAT_STATE/dockerd-$i.json"
  log "starting dockerd $i on $s (log: $PLAT_STATE/dockerd-$i.log)"
  setsid nohup dockerd --bridge=none --iptables=false --ip6tables=false \
    --data-root "$PLAT_STATE/dockerd-$i" --exec-root "$RUN_DIR/exec-$i" \
    --pidfile "$(pidfile "$i")" -H "unix://$s" \
    --config-file "$PLAT_STATE/dockerd-$i.json" \
    >"$PLAT_STATE/dockerd-$i.log" 2>&1 < /dev/null &
}

# load_images I: the base images the main engine has and engine I lacks, copied over.
load_images() {
  local i=$1 image
  for image in "${BASE_IMAGES[@]}"; do
    docker -H "unix://$(sock "$i")" image inspect "$image" >/dev/null 2>&1 && continue
    docker image inspect "$image" >/dev/null 2>&1 || { log "the main engine has no $image: not copied"; continue; }
    log "copying $image to dockerd $i"
    docker save "$image" | docker -H "unix://$(sock "$i")" load -q >/dev/null
  done
}

[ "$(id -u)" = 0 ] || die "run as root (dockerd needs it)"
mkdir -p "$RUN_DIR"
if [ "${1:-}" = stop ]; then stop_all; exit 0; fi
n=${1:-3}
[[ "$n" =~ ^[1-9][0-9]?$ ]] || die "usage: $0 [N (1-99)] | stop"
"$(dirname "$0")/ensure-docker.sh"
for i in $(seq 1 "$n"); do start_one "$i"; done
# await I: engine I answers /_ping within 60 s, or its log tells why not (at once when it exited).
await() {
  local i=$1 deadline=$(( $(date +%s) + 60 ))
  until ping_engine "$i"; do
    if [ "$(date +%s)" -ge "$deadline" ] || { [ -f "$(pidfile "$i")" ] && ! alive "$i"; }; then
      tail -20 "$PLAT_STATE/dockerd-$i.log" >&2; die "dockerd $i did not answer /_ping"
    fi
    sleep 0.2
  done
}
for i in $(seq 1 "$n"); do await "$i"; done
for i in $(seq 1 "$n"); do load_images "$i"; done
for i in $(seq 1 "$n"); do sock "$i"; done > "$LIST.tmp" && mv "$LIST.tmp" "$LIST"
log "$n extra dockerds up: $(paste -sd' ' "$LIST")"
