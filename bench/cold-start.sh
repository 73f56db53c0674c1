#!/usr/bin/env bash
# Cold start: time to the first answer of a python-flask function (and of a node one for (a), (b))
#   (a) baseline: `docker run` of the function's image with the flags the controller uses, until
#       its socket answers GET /_/health (curl --unix-socket in a tight loop);
#   (b) a Plat invocation when the function has no instance (scaled to zero): with the node's
#       poolSize (POOL_SIZE, default 1) a pre-started pool container of its runtime is
#       specialized; POOL_SIZE=0 starts a container from the function's image;
#   (c) a Plat invocation when its only instance is paused;
#   (d) the floor of (c) through Docker: the baseline container paused, then unpaused through the
#       Engine API until its socket answers;
#   (e) the floor of (c) through the freezer: the same container frozen through its cgroup freezer,
#       then thawed by a write to it (as Plat's controller does with pauseMode auto) until its
#       socket answers.
# The cases are interleaved (one of each per round) so that they see the same machine load.
#
#   bench/cold-start.sh           # RUNS=20; PAUSE_MODE=auto (the node's --pause-mode: auto, docker, freezer)
#
# Needs dockerd, the registry on 127.0.0.1:5000 and the base images (scripts/ensure-env.sh),
# java 17, node/target/plat-node.jar and cli/target/plat-cli.jar.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-20}
PAUSE_MODE=${PAUSE_MODE:-auto}
need docker "scripts/ensure-env.sh"
bench_dir
FN=bcold$RANDOM
POOL_SIZE=${POOL_SIZE:-1}
start_node "bench-cold-$$" --pause-after-seconds 1 --idle-timeout-seconds 2 --pool-size "$POOL_SIZE" --pause-mode "$PAUSE_MODE"

# two functions from the same code: one that scales to zero, one that keeps a (paused) instance;
# and a node function that scales to zero
cd "$W"
plat init --runtime python-flask "$FN" >/dev/null
plat init --runtime node "$FN-node" >/dev/null
on_exit "remove_function $FN-zero; remove_function $FN-paused; remove_function $FN-node"
python3 - "$FN-node/plat.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m["scaling"] = {"min": 0, "max": 1}
json.dump(m, open(sys.argv[1], "w"))
PY
log "deploying $FN-node"
plat deploy "$FN-node" --timeout 120 >"$W/deploy-node.log" 2>&1 || { cat "$W/deploy-node.log" >&2; die "deploy failed"; }
for variant in zero paused; do
  min=0; [ $variant = paused ] && min=1
  python3 - "$FN/plat.json" "$FN-$variant" "$min" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m["name"] = sys.argv[2]; m["scaling"] = {"min": int(sys.argv[3]), "max": 1}
json.dump(m, open(sys.argv[1], "w"))
PY
  log "deploying $FN-$variant"
  plat deploy "$FN" --timeout 120 >"$W/deploy-$variant.log" 2>&1 || { cat "$W/deploy-$variant.log" >&2; die "deploy failed"; }
done
IMAGE=$(fn_json "$FN-zero" | python3 -c 'import json,sys; print(json.load(sys.stdin)["image"])')
NODE_IMAGE=$(fn_json "$FN-node" | python3 -c 'import json,sys; print(json.load(sys.stdin)["image"])')
invoke_ms() {  # one invocation: curl's total time in ms; fails unless 200
  local out; out=$(curl -s -o /dev/null -w '%{http_code} %{time_total}' -H "Authorization: Bearer $AUTH_TOKEN" \
    --max-time 30 "$API_URL/function/$1/")
  [ "${out% *}" = 200 ] || die "invocation of $1 answered ${out% *}"
  python3 -c "print(round(${out#* } * 1000, 1))"
}
until_states() {  # until_states NAME STATES SECONDS: wait until the instances' states are exactly STATES
  local deadline=$(( $(date +%s) + $3 ))
  until [ "$(instance_states "$1")" = "$2" ]; do
    [ "$(date +%s)" -lt "$deadline" ] || die "$1 did not reach instances '$2' in $3 s (now '$(instance_states "$1")')"
    sleep 0.05
  done
}

echo "### cold start ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
machine

# One round = one of each, interleaved, so that all cases see the same machine load.
# (a) docker run baseline, the controller's flags (InstanceSpecs.container); then
# (d) the same container paused, unpaused through the Engine API until /_/health answers: the floor of (c)
health() { curl -sf -o /dev/null --unix-socket "$1/fn.sock" http://fn/_/health 2>/dev/null; }
baseline() {  # baseline IMAGE DIR NAME: docker run with the controller's flags until /_/health answers; prints ms
  local t0 deadline
  t0=$(date +%s%N)
  docker run -d --name "$3" --label plat.test=1 --network none --read-only \
    --tmpfs /tmp:rw,nosuid,nodev,size=64m,mode=1777 --cap-drop ALL --security-opt no-new-privileges \
    --user 10001:10001 -v "$2:/run/plat" --memory 256m --cpus 1 --pids-limit 128 --stop-timeout 32 \
    -e PLAT_SOCKET=/run/plat/fn.sock -e "PLAT_FUNCTION=$FN" -e PLAT_VERSION=1 -e PLAT_GRACEFUL_TIMEOUT=30 \
    "$1" >/dev/null
  deadline=$(( t0 + 30000000000 ))
  until health "$2"; do [ "$(date +%s%N)" -lt "$deadline" ] || die "baseline container $3 did not answer in 30 s"; done
  ms_since "$t0"
}
A=() B=() C=() U=() F=() NA=() NB=()
curl -s -o /dev/null -H "Authorization: Bearer $AUTH_TOKEN" "$API_URL/function/$FN-zero/"
curl -s -o /dev/null -H "Authorization: Bearer $AUTH_TOKEN" "$API_URL/function/$FN-node/"
for i in $(seq 1 "$RUNS"); do
  d=$W/sock$i; mkdir -p "$d"; chmod 0777 "$d"
  name=platb-cold-$$-$i; track_container "$name"
  A+=("$(baseline "$IMAGE" "$d" "$name")")
  sleep 1  # idle for a second, as an instance Plat pauses is (--pause-after-seconds 1)
  docker pause "$name" >/dev/null
  U+=("$(python3 "$BENCH_HOME/unpause-floor.py" "$name" "$d/fn.sock")")
  F+=("$(python3 "$BENCH_HOME/unpause-floor.py" "$name" "$d/fn.sock" freezer)")
  docker rm -f "$name" >/dev/null
  # (a), (b) node: docker run of its image; its function from zero
  nd=$W/nsock$i; mkdir -p "$nd"; chmod 0777 "$nd"
  nname=platb-cold-node-$$-$i; track_container "$nname"
  NA+=("$(baseline "$NODE_IMAGE" "$nd" "$nname")")
  docker rm -f "$nname" >/dev/null
  until_states "$FN-node" "" 60
  NB+=("$(invoke_ms "$FN-node")")
  # (b) no instance: wait for scale to zero, then one invocation
  until_states "$FN-zero" "" 60
  B+=("$(invoke_ms "$FN-zero")")
  # (c) paused instance: wait until it is paused, then one invocation
  until_states "$FN-paused" "paused" 60
  C+=("$(invoke_ms "$FN-paused")")
  log "round $i: (a) ${A[-1]} (b) ${B[-1]} (c) ${C[-1]} (d) ${U[-1]} (e) ${F[-1]}; node (a) ${NA[-1]} (b) ${NB[-1]} ms"
done

read -r a50 a90 amax <<<"$(stats "${A[*]}")"
read -r b50 b90 bmax <<<"$(stats "${B[*]}")"
read -r c50 c90 cmax <<<"$(stats "${C[*]}")"
read -r u50 u90 umax <<<"$(stats "${U[*]}")"
read -r f50 f90 fmax <<<"$(stats "${F[*]}")"
read -r na50 na90 namax <<<"$(stats "${NA[*]}")"
read -r nb50 nb90 nbmax <<<"$(stats "${NB[*]}")"
ratio() { python3 -c "print(f'{$1/$2:.2f}x')"; }
echo "- $RUNS runs each; image $IMAGE (python-flask, gunicorn gthread 2 workers), node rows: $NODE_IMAGE (the node template); node flags --pause-after-seconds 1 --idle-timeout-seconds 2 --pool-size $POOL_SIZE --pause-mode $PAUSE_MODE"
echo "- (a) wall time of \`docker run -d\` (CLI) + curl --unix-socket /_/health until 200 (tight loop); (d) Engine API POST /containers/ID/unpause + GET /_/health on the socket until 200, timed in one python process (bench/unpause-floor.py); (e) the same container frozen through its cgroup freezer, then a write of THAWED + GET /_/health until 200 (unpause-floor.py freezer); (b), (c) curl's time_total of GET /function/NAME/ with the token"
echo
echo "| case | p50 ms | p90 ms | max ms | vs (a) p50 / p90 / max |"
echo "|---|---|---|---|---|"
echo "| (a) docker run to healthy | $a50 | $a90 | $amax | 1.00x |"
echo "| (b) Plat, scaled to zero | $b50 | $b90 | $bmax | $(ratio "$b50" "$a50") / $(ratio "$b90" "$a90") / $(ratio "$bmax" "$amax") |"
echo "| (a) node: docker run to healthy | $na50 | $na90 | $namax | 1.00x (node's (a)) |"
echo "| (b) node: Plat, scaled to zero | $nb50 | $nb90 | $nbmax | $(ratio "$nb50" "$na50") / $(ratio "$nb90" "$na90") / $(ratio "$nbmax" "$namax") |"
echo "| (c) Plat, paused instance | $c50 | $c90 | $cmax | $(ratio "$c50" "$a50") |"
echo "| (d) floor of (c): Engine API unpause + first /_/health on the socket | $u50 | $u90 | $umax | $(ratio "$u50" "$a50") |"
echo "| (e) floor of (c): freezer thaw + first /_/health on the socket | $f50 | $f90 | $fmax | $(ratio "$f50" "$a50") |"
echo
echo "- (b) target p50 <= 150 ms: $([ "$b50" -le 150 ] && echo met || echo NOT met); never above (a) (each percentile): $([ "$b50" -le "$a50" ] && [ "$b90" -le "$a90" ] && [ "$bmax" -le "$amax" ] && echo met || echo NOT met)"
echo "- (b) node target p50 <= 150 ms: $([ "$nb50" -le 150 ] && echo met || echo NOT met); never above node's (a) (each percentile): $([ "$nb50" -le "$na50" ] && [ "$nb90" -le "$na90" ] && [ "$nbmax" -le "$namax" ] && echo met || echo NOT met)"
echo "- (c) target p50 <= 15 ms: $([ "$c50" -le 15 ] && echo met || echo NOT met); (c) / (d) p50: $(ratio "$c50" "$u50"); (c) / (e) p50: $(ratio "$c50" "$f50")"
echo "- raw ms: (a) ${A[*]}; (b) ${B[*]}; (c) ${C[*]}; (d) ${U[*]}; (e) ${F[*]}; node (a) ${NA[*]}; node (b) ${NB[*]}"
echo "- load after the run: $(uptime | sed 's/.*load average/load average/')"
