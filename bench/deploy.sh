#!/usr/bin/env bash
# Deploy: `plat deploy` of a small python-flask function until its first 200, and a code-only
# redeploy until the first 200 from the new version; baseline in the same run: `docker build` +
# `docker push` of the same build context with the docker CLI (nothing started).
#
#   bench/deploy.sh               # RUNS=7; POOL_SIZE=0 to start the first instance without the pool
#
# Also `plat deploy --watch`: from a saved change to the first 200 of the new version.
#
# Needs dockerd + registry + base images (scripts/ensure-env.sh), java 17,
# node/target/plat-node.jar and cli/target/plat-cli.jar.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RUNS=${RUNS:-7}
need docker "scripts/ensure-env.sh"
bench_dir
FN=bdeploy$RANDOM
POOL_SIZE=${POOL_SIZE:-1}   # the node's poolSize: 1 (default) lets the first instance come from the pool; 0: container start
start_node "bench-deploy-$$" --pool-size "$POOL_SIZE"
cd "$W"
plat init --runtime python-flask "$FN" >/dev/null
write_code() {  # write_code MARKER: the handler answers MARKER
  MARKER=$1
  printf 'def handle(req):\n    return "%s"\n' "$1" > "$FN/handler.py"
}
set_name() {
  python3 - "$FN/plat.json" "$1" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m["name"] = sys.argv[2]; json.dump(m, open(sys.argv[1], "w"))
PY
}
# until_answers NAME MARKER: poll (no pause) until GET /function/NAME/ is 200 with MARKER; bounded 120 s
until_answers() {
  local deadline=$(( $(date +%s) + 120 )) out
  while :; do
    out=$(curl -s -w ' %{http_code}' -H "Authorization: Bearer $AUTH_TOKEN" "$API_URL/function/$1/" || true)
    [ "$out" = "$2 200" ] && return 0
    [ "$(date +%s)" -lt "$deadline" ] || die "$1 never answered '$2' (last: $out)"
  done
}
# timed_deploy NAME MARKER: ms from `plat deploy` to the first 200 with MARKER
# (also appends the ms at which the CLI returned to $W/cli-ms)
timed_deploy() {
  local t0; t0=$(date +%s%N)
  plat deploy "$FN" --timeout 120 >>"$W/deploy.log" 2>&1 || { tail -20 "$W/deploy.log" >&2; die "deploy of $1 failed"; }
  ms_since "$t0" >>"$W/cli-ms"
  until_answers "$1" "$2"
  ms_since "$t0"
}
# the builder's context: runtime files at the root, the code under function/
CTX=$W/ctx
mkdir -p "$CTX"
cp -r "$PLAT_HOME/runtimes/python-flask/." "$CTX/"
rm -rf "$CTX/template"
BASE=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["baseImage"])' "$PLAT_HOME/runtimes/python-flask/runtime.json")
on_exit 'docker images -q --filter label=plat.bench=deploy | sort -u | xargs -r docker rmi -f >/dev/null 2>&1'

echo "### deploy ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
machine

# one untimed deploy first: the runtime layers get into the build cache, as on any machine after
# its first deploy of the runtime
write_code warm; set_name "$FN-w"; on_exit "remove_function $FN-w"
timed_deploy "$FN-w" warm >/dev/null
build_push() {  # build_push TAG: docker build + docker push of $CTX by the docker CLI
  local tag=127.0.0.1:5000/plat-bench/$FN:$1
  DOCKER_BUILDKIT=0 docker build -q --network none --build-arg "BASE_IMAGE=$BASE" --label plat.bench=deploy \
    --label plat.test=1 -t "$tag" "$CTX" >/dev/null 2>"$W/build.err" || { cat "$W/build.err" >&2; die "docker build failed"; }
  docker push -q "$tag" >/dev/null
}
# and one untimed baseline build: its runtime layers in the cache too
mkdir -p "$CTX/function"; cp "$FN/handler.py" "$FN/requirements.txt" "$CTX/function/"
build_push w
D=() R=() B=()
for i in $(seq 1 "$RUNS"); do
  name=$FN-$i
  on_exit "remove_function $name"
  set_name "$name"
  write_code "first-$i-$RANDOM"; D+=("$(timed_deploy "$name" "$MARKER")")
  write_code "second-$i-$RANDOM"; R+=("$(timed_deploy "$name" "$MARKER")")
  remove_function "$name"
  # baseline: the same context (code changed) built and pushed by the docker CLI
  rm -rf "$CTX/function"; mkdir -p "$CTX/function"; cp "$FN/handler.py" "$FN/requirements.txt" "$CTX/function/"
  write_code "base-$i-$RANDOM"; cp "$FN/handler.py" "$CTX/function/"
  t0=$(date +%s%N)
  build_push "$i"
  B+=("$(ms_since "$t0")")
  log "run $i: deploy ${D[-1]} ms, redeploy ${R[-1]} ms, docker build+push ${B[-1]} ms"
done

# watch mode: `plat deploy --watch` running (its JVM warm), the handler saved, until the first 200
# of the new version; the save is the clock's start (the watch waits 50 ms of quiet before it deploys)
on_exit "remove_function $FN-watch"
set_name "$FN-watch"; write_code "watch-0"
# the launcher execs java: $! is the watching JVM itself, stopped by its PID below
(exec env PLAT_CLI_JAR="$W/plat-cli.jar" "$PLAT_HOME/plat" deploy --watch "$FN" --timeout 120 >"$W/watch.log" 2>&1) &
WATCHER=$!; track $WATCHER
until_answers "$FN-watch" "$MARKER"
WR=()
for i in $(seq 1 "$RUNS"); do
  sleep 0.5  # the watch is back to waiting for a change
  write_code "watch-$i-$RANDOM"
  t0=$(date +%s%N)
  until_answers "$FN-watch" "$MARKER"
  WR+=("$(ms_since "$t0")")
done
stop_pid "$WATCHER"

# one more redeploy with every CLI output line time-stamped (ms since the CLI started): the milestones
on_exit "remove_function $FN-t"
set_name "$FN-t"; write_code "trace-a"; timed_deploy "$FN-t" "$MARKER" >/dev/null
write_code "trace-b"
t0=$(date +%s%N)
# lines stamped with bash's $EPOCHREALTIME as they arrive (no process per line, nothing to start)
plat deploy "$FN" --timeout 120 2>&1 | while IFS= read -r line; do
  now=${EPOCHREALTIME/./}; echo "$(( (now - t0 / 1000) / 1000 )) $line"; done >"$W/trace"
echo "$(ms_since "$t0") (CLI returned)" >>"$W/trace"
until_answers "$FN-t" "$MARKER"; echo "$(ms_since "$t0") (first 200 of the new version)" >>"$W/trace"
milestones() {
  local pat
  for pat in '^[0-9]+ Uploading' '^[0-9]+ Uploaded' '^[0-9]+ Building' 'build context ready' '^[0-9]+ Step 1/' 'Step [0-9]+/[0-9]+ : COPY --chown' 'Step [0-9]+/[0-9]+ : LABEL' 'Successfully tagged' 'pushed .* in [0-9]+ ms' '^[0-9]+ Deployed' 'CLI returned' 'first 200'; do
    grep -m1 -E "$pat" "$W/trace" | cut -c1-110 | sed 's/^/    /' || true
  done
}
# where the time goes: the CLI's JVM alone, and when `plat deploy` returned
J=()
for i in 1 2 3; do t0=$(date +%s%N); plat --version >/dev/null 2>&1 || true; J+=("$(ms_since "$t0")"); done
CLI_MS=($(sed -n "2,$(( 1 + 2 * RUNS ))p" "$W/cli-ms"))  # line 1: the warm-up deploy; then 2 per run
CLI_D=() CLI_R=()
for i in $(seq 0 $(( RUNS - 1 ))); do CLI_D+=("${CLI_MS[$(( 2 * i ))]}"); CLI_R+=("${CLI_MS[$(( 2 * i + 1 ))]}"); done
read -r d50 d90 dmax <<<"$(stats "${D[*]}")"
read -r r50 r90 rmax <<<"$(stats "${R[*]}")"
read -r b50 b90 bmax <<<"$(stats "${B[*]}")"
echo "- $RUNS runs; each a new function (deploy), then a code-only change of it (redeploy); the CLI is \`./plat deploy\` (the launcher, its JVM start included; its startup archive made by the untimed first call); first 200 polled with curl without pause"
echo "- baseline: \`DOCKER_BUILDKIT=0 docker build --network none\` + \`docker push\` of the builder's context layout (runtime files + function/), code changed each run; starts nothing"
echo
echo "| case | p50 ms | p90 ms | max ms | p50 vs docker build+push |"
echo "|---|---|---|---|---|"
echo "| docker build + push (baseline) | $b50 | $b90 | $bmax | 1.00x |"
echo "| plat deploy to first 200 | $d50 | $d90 | $dmax | $(python3 -c "print(f'{$d50/$b50:.2f}x')") |"
echo "| plat redeploy (code only) to first 200 of the new version | $r50 | $r90 | $rmax | $(python3 -c "print(f'{$r50/$b50:.2f}x')") |"
read -r w50 w90 wmax <<<"$(stats "${WR[*]}")"
echo "| \`plat deploy --watch\`: a saved code change to first 200 of the new version | $w50 | $w90 | $wmax | $(python3 -c "print(f'{$w50/$b50:.2f}x')") |"
echo
echo "- where the time goes (p50 ms): the CLI's JVM start alone (\`plat --version\`) $(stats "${J[*]}" | cut -d' ' -f1); \`plat deploy\` returned (built, pushed, registered, an instance ready) at $(stats "${CLI_D[*]}" | cut -d' ' -f1) (deploy) / $(stats "${CLI_R[*]}" | cut -d' ' -f1) (redeploy); the rest is the first curl"
echo "- milestones of one more code-only redeploy (ms since \`plat deploy\` started: CLI output lines, time-stamped as they arrived):"
echo
echo '```'
milestones
echo '```'
echo
echo "- target p50 <= 1500 ms: deploy $([ "$d50" -le 1500 ] && echo met || echo NOT met), redeploy $([ "$r50" -le 1500 ] && echo met || echo NOT met)"
echo "- watch mode target (issue 15): p50 <= 400 ms and <= 1.5x docker build+push: $([ "$w50" -le 400 ] && python3 -c "import sys; sys.exit(0 if $w50 <= 1.5 * $b50 else 1)" && echo met || echo NOT met)"
echo "- raw ms: deploy ${D[*]}; redeploy ${R[*]}; watch ${WR[*]}; docker build+push ${B[*]}"
echo "- load after the run: $(uptime | sed 's/.*load average/load average/')"
