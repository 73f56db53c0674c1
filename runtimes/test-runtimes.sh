#!/usr/bin/env bash
# The runtimes' own check, against the real dockerd. For every runtime it builds the build
# context the platform's builder produces (runtime files at the root, user code under function/),
# runs the image the way the controller does (network none, read-only root fs + tmpfs /tmp, all
# capabilities dropped, no-new-privileges, uid 10001, memory and pids limits, the socket folder
# bind-mounted at /run/plat) and checks the contract written in runtimes/README.md.
#
#   runtimes/test-runtimes.sh [RUNTIME ...]      default: every runtimes/*/runtime.json
#
# Needs docker, curl, and jq or python3; the base images (runtimes/base/build.sh). Everything it
# creates is labelled plat.test=1 and removed at the end by ID. Exits non-zero on the first failure.
# Tunables: CODE_REBUILD_MAX_MS (1000), HEALTH_TIMEOUT_S (30), STOP_MAX_MS (5000),
# DEPS_FAIL_MAX_S (60), BUILD_TIMEOUT_S (300), KEEP=1 keeps the work folder.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
export DOCKER_BUILDKIT=0   # the classic builder: what the platform's builder drives (POST /build)
CODE_REBUILD_MAX_MS=${CODE_REBUILD_MAX_MS:-1000}
HEALTH_TIMEOUT_S=${HEALTH_TIMEOUT_S:-30}
STOP_MAX_MS=${STOP_MAX_MS:-5000}
DEPS_FAIL_MAX_S=${DEPS_FAIL_MAX_S:-60}
BUILD_TIMEOUT_S=${BUILD_TIMEOUT_S:-300}
EXIT_TIMEOUT_S=${EXIT_TIMEOUT_S:-20}

for tool in docker curl timeout; do command -v "$tool" >/dev/null || { echo "missing tool: $tool" >&2; exit 2; }; done
command -v jq >/dev/null || command -v python3 >/dev/null || { echo "missing tool: jq or python3" >&2; exit 2; }
docker version >/dev/null 2>&1 || { echo "dockerd is not reachable" >&2; exit 2; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/plat-runtimes-test.XXXXXX")
CONTAINERS=()
IMAGES=()
PRE_EXISTING=" $(docker images -aq | sort -u | tr '\n' ' ') "
RT=-
SUMMARY=()

cleanup() {
  local rc=$? c i id tags t
  set +e
  for c in "${CONTAINERS[@]}"; do docker rm -f "$c" >/dev/null 2>&1; done
  # Images this run created (final and intermediate), newest first. Never one that existed
  # before the run, never one that carries a tag other than plat-test/*; no -f: an image
  # that something else still uses stays.
  for ((i = ${#IMAGES[@]} - 1; i >= 0; i--)); do
    id=${IMAGES[i]}
    case "$PRE_EXISTING" in *" $id "*) continue ;; esac
    tags=$(docker image inspect -f '{{join .RepoTags " "}}' "$id" 2>/dev/null) || continue
    for t in $tags; do [[ $t == plat-test/* ]] || continue 2; done
    docker rmi "$id" >/dev/null 2>&1
  done
  if [ "${KEEP:-0}" = 1 ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "FAIL [$RT] $*" >&2; exit 1; }
ok() { echo "  ok   $*"; }
now_ms() { date +%s%3N; }

# jget KEY.PATH [FILE]: a value from a JSON document (default: the last response body);
# objects and arrays come out as compact JSON, null as "null".
jget() {
  local f=${2:-$WORK/body}
  if command -v jq >/dev/null; then
    jq -rc ".$1 | if type == \"object\" or type == \"array\" then tojson else . end" "$f" 2>/dev/null || echo "<not json>"
  else
    python3 - "$1" "$f" <<'EOF' 2>/dev/null || echo "<not json>"
import json, sys
d = json.load(open(sys.argv[2]))
for k in sys.argv[1].split("."):
    d = d.get(k) if isinstance(d, dict) else (d[int(k)] if isinstance(d, list) and k.isdigit() and int(k) < len(d) else None)
if isinstance(d, (dict, list)):
    print(json.dumps(d, separators=(",", ":")))
elif d is None:
    print("null")
elif isinstance(d, bool):
    print("true" if d else "false")
else:
    print(d)
EOF
  fi
}

# make_ctx NAME [FIXTURE] [--no-handler]: the builder's build-context layout in $WORK/ctx-RT-NAME:
# the runtime folder's files at the root (all but template/), template/ copied as function/,
# then tests/RT/FIXTURE/ laid over function/ (--no-handler: the template's handler removed).
make_ctx() {
  local ctx=$WORK/ctx-$RT-$1
  rm -rf "$ctx"; mkdir -p "$ctx"
  (cd "$HERE/$RT" && find . -mindepth 1 -maxdepth 1 ! -name template -exec cp -a {} "$ctx/" \;)
  cp -a "$HERE/$RT/template" "$ctx/function"
  if [ "${3:-}" = --no-handler ]; then rm -f "$ctx/function/$HANDLER"; fi
  if [ -n "${2:-}" ]; then cp -a "$HERE/tests/$RT/$2/." "$ctx/function/"; fi
  # fixtures keep vendored modules as vendored_modules/ so no node_modules/ is tracked in git
  if [ -d "$ctx/function/vendored_modules" ]; then mv "$ctx/function/vendored_modules" "$ctx/function/node_modules"; fi
  echo "$ctx"
}

# build CTX TAG: sets BUILD_RC, BUILD_MS, BUILD_LOG; remembers every image ID the build printed.
build() {
  local ctx=$1 tag=$2 t0
  BUILD_LOG=$WORK/build-$RT-${tag##*:}.log
  t0=$(now_ms)
  set +e
  timeout "$BUILD_TIMEOUT_S" docker build --network none --force-rm --build-arg "BASE_IMAGE=$BASE" \
    --label plat.test=1 -t "$tag" "$ctx" >"$BUILD_LOG" 2>&1
  BUILD_RC=$?
  set -e
  BUILD_MS=$(($(now_ms) - t0))
  IMAGES+=($(sed -nE 's/^ ---> ([0-9a-f]{12})$/\1/p; s/^Successfully built ([0-9a-f]{12})$/\1/p' "$BUILD_LOG"))
}
build_ok() {
  build "$@"
  [ "$BUILD_RC" = 0 ] || { tail -40 "$BUILD_LOG" >&2; fail "docker build of $2 failed (rc $BUILD_RC)"; }
}

# run_container TAG NAME DOCKER_ARGS...: the image with the controller's flags and DOCKER_ARGS
# (mounts, environment); sets CID, SOCK_DIR, RUN_T0.
run_container() {
  local tag=$1 name=$2
  shift 2
  SOCK_DIR=$WORK/sock-$RT-$name
  mkdir -p "$SOCK_DIR"
  # the instance folder must be writable by the runtime user (the controller does the same)
  if [ "$(id -u)" = 0 ]; then chown 10001:10001 "$SOCK_DIR"; else chmod 0777 "$SOCK_DIR"; fi
  RUN_T0=$(now_ms)
  CID=$(docker run -d --network none --read-only --tmpfs /tmp --cap-drop ALL \
    --security-opt no-new-privileges --user 10001:10001 --memory 128m --pids-limit 64 \
    --label plat.test=1 -v "$SOCK_DIR:/run/plat" -e PLAT_SOCKET=/run/plat/fn.sock "$@" "$tag") \
    || fail "docker run $tag failed"
  CONTAINERS+=("$CID")
}

# run_fn TAG NAME: starts the image the way the controller does; sets CID, SOCK_DIR, RUN_T0.
run_fn() {
  run_container "$1" "$2" -e "PLAT_FUNCTION=$RT-$2" -e PLAT_VERSION=3 -e MY_VAR=hello
}

# in_logs REGEX: the container's stdout+stderr match (through a file: grep -q on a pipe + pipefail = SIGPIPE).
in_logs() { docker logs "$CID" >"$WORK/log" 2>&1; grep -qE "$1" "$WORK/log"; }

# await_logs REGEX: in_logs, asked again until it matches or 5 s have passed (a runtime writes its
# log a moment after its answer: a fixed pause before one look is a race).
await_logs() {
  local deadline=$(($(now_ms) + 5000))
  until in_logs "$1"; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.05
  done
}

running() { [ "$(docker inspect -f '{{.State.Running}}' "$CID" 2>/dev/null)" = true ]; }

# wait_healthy: polls GET /_/health on the socket (bounded); sets HEALTHY_MS (from docker run).
wait_healthy() {
  local deadline=$(($(now_ms) + HEALTH_TIMEOUT_S * 1000))
  until curl -sf --max-time 2 --unix-socket "$SOCK_DIR/fn.sock" -o "$WORK/body" http://localhost/_/health 2>/dev/null; do
    if ! running; then docker logs "$CID" 2>&1 | tail -30 >&2; fail "container exited before it was healthy"; fi
    if [ "$(now_ms)" -ge "$deadline" ]; then docker logs "$CID" 2>&1 | tail -30 >&2; fail "not healthy within ${HEALTH_TIMEOUT_S} s"; fi
    sleep 0.05
  done
  HEALTHY_MS=$(($(now_ms) - RUN_T0))
  [ "$(jget status)" = ok ] || fail "health answered $(cat "$WORK/body")"
}

# pool_ctx: the generic image's build context (the runtime's files, an empty function/), as the
# controller makes it for its pool.
pool_ctx() {
  local ctx=$WORK/ctx-$RT-pool-generic
  rm -rf "$ctx"; mkdir -p "$ctx/function"
  (cd "$HERE/$RT" && find . -mindepth 1 -maxdepth 1 ! -name template -exec cp -a {} "$ctx/" \;)
  echo "$ctx"
}

# pool_code NAME FIXTURE: a code folder as the controller lays it out (function/ = template +
# fixture, function.json = the assignment with MY_VAR in its env), readable by uid 10001.
pool_code() {
  local code=$WORK/code-$RT-$1 ctx
  ctx=$(make_ctx "pool-$1" "$2")
  rm -rf "$code"; mkdir -p "$code"
  cp -a "$ctx/function" "$code/function"
  printf '{"function":"%s","version":7,"config":"c","instance":"i","env":{"MY_VAR":"from the spec"}}' "$RT-$1" \
    >"$code/function.json"
  chmod -R a+rX "$code"
  echo "$code"
}

# run_pool TAG NAME CODE: a pool container of the generic image (PLAT_POOL=1, CODE read-only at
# /plat/code), the controller's flags; sets CID, SOCK_DIR, RUN_T0.
run_pool() {
  run_container "$1" "$2" -v "$3:/plat/code:ro" -e PLAT_POOL=1 -e PLAT_SPEC_FILE=/plat/code/function.json \
    -e PLAT_CODE_DIR=/plat/code -e "PLAT_FUNCTION=pool-$RT"
}

# wait_exit: the container must stop by itself within EXIT_TIMEOUT_S; sets EXIT_CODE.
wait_exit() {
  local deadline=$(($(now_ms) + EXIT_TIMEOUT_S * 1000))
  while running; do
    [ "$(now_ms)" -lt "$deadline" ] || fail "container still running after ${EXIT_TIMEOUT_S} s"
    sleep 0.1
  done
  EXIT_CODE=$(docker inspect -f '{{.State.ExitCode}}' "$CID")
}

# stop_fn: docker stop (SIGTERM); must exit 0 within STOP_MAX_MS; sets STOP_MS.
stop_fn() {
  local t0 code
  t0=$(now_ms)
  docker stop -t 10 "$CID" >/dev/null
  STOP_MS=$(($(now_ms) - t0))
  code=$(docker inspect -f '{{.State.ExitCode}}' "$CID")
  [ "$code" = 0 ] || { docker logs "$CID" 2>&1 | tail -20 >&2; fail "exit code $code after SIGTERM"; }
  [ "$STOP_MS" -lt "$STOP_MAX_MS" ] || fail "docker stop took ${STOP_MS} ms (max ${STOP_MAX_MS})"
}

# req METHOD PATH [curl args]: one request over the socket; sets STATUS and CTYPE, body in $WORK/body.
req() {
  local m=$1 p=$2 out
  shift 2
  LAST="$m $p"
  out=$(curl -s --max-time 30 --unix-socket "$SOCK_DIR/fn.sock" -X "$m" -o "$WORK/body" -D "$WORK/headers" \
    -w '%{http_code} %{content_type}' "$@" "http://localhost$p") || fail "$LAST: curl failed"
  STATUS=${out%% *}
  CTYPE=${out#* }
}
expect() { # expect STATUS [CONTENT-TYPE-PREFIX]
  [ "$STATUS" = "$1" ] || fail "$LAST: status $STATUS, expected $1; body: $(head -c 600 "$WORK/body")"
  [ -z "${2:-}" ] || [[ $CTYPE == "$2"* ]] || fail "$LAST: content-type '$CTYPE', expected $2"
}
expect_json() { # expect_json KEY.PATH VALUE
  local v
  v=$(jget "$1")
  [ "$v" = "$2" ] || fail "$LAST: .$1 is '$v', expected '$2'; body: $(head -c 600 "$WORK/body")"
}
header() { tr -d '\r' <"$WORK/headers" | awk -v h="$(echo "$1" | tr 'A-Z' 'a-z')" -F': ' 'tolower($1) == h {print $2}'; }

secs() { printf '%d.%03d s' $(($1 / 1000)) $(($1 % 1000)); }

test_runtime() {
  RT=$1
  local dir=$HERE/$RT ctx f steps cached
  [ -f "$dir/runtime.json" ] || fail "no $dir/runtime.json"
  [ "$(jget name "$dir/runtime.json")" = "$RT" ] || fail "runtime.json name is not '$RT'"
  HANDLER=$(jget handler "$dir/runtime.json")
  BASE=$(jget baseImage "$dir/runtime.json")
  for f in Dockerfile runtime.json "template/$HANDLER" template/.platignore; do
    [ -f "$dir/$f" ] || fail "missing $RT/$f"
  done
  grep -q '^ARG BASE_IMAGE=' "$dir/Dockerfile" || fail "Dockerfile does not take ARG BASE_IMAGE"
  docker image inspect "$BASE" >/dev/null 2>&1 || fail "base image $BASE is missing: run runtimes/base/build.sh"
  echo "== $RT (base $BASE, handler $HANDLER)"

  # --- 1. template: cold build, cached build, run, GET, JSON POST, SIGTERM -------------------
  ctx=$(make_ctx template)
  build_ok "$ctx" "plat-test/$RT:test"
  local cold=$BUILD_MS
  ok "cold build $(secs "$cold")"
  build_ok "$ctx" "plat-test/$RT:test"
  local cached_build=$BUILD_MS
  ok "cached build $(secs "$cached_build")"

  run_fn "plat-test/$RT:test" template
  wait_healthy
  local healthy=$HEALTHY_MS
  ok "healthy $(secs "$healthy") after docker run (read-only, cap-drop ALL, uid 10001, 128m)"
  [ "$(stat -c %a "$SOCK_DIR/fn.sock")" = 666 ] || fail "socket mode is $(stat -c %a "$SOCK_DIR/fn.sock"), expected 666"
  [ "$(docker top "$CID" -o pid,uid | awk 'NR > 1 {print $2}' | sort -u)" = 10001 ] || fail "processes not all uid 10001: $(docker top "$CID")"
  ok "socket 0666, every process uid 10001"
  req GET /_/health; expect 200 application/json; expect_json status ok
  req GET '/hello?name=plat'; expect 200 text/plain
  [ "$(cat "$WORK/body")" = "Hello, plat!" ] || fail "GET answered '$(cat "$WORK/body")'"
  ok "GET /hello?name=plat -> 200 'Hello, plat!'"
  req POST / -H 'Content-Type: application/json' --data '{"x":1}'; expect 200 application/json
  expect_json received.x 1
  ok "POST {\"x\":1} -> 200 {\"received\":{\"x\":1}}"
  stop_fn
  local stop=$STOP_MS
  ok "docker stop (SIGTERM) -> exit 0 in $(secs "$stop")"

  # --- 2. code-only change: only the code layer is rebuilt -------------------------------------
  [ -d "$HERE/tests/$RT/features" ] || fail "no tests/$RT/features fixture"
  ctx=$(make_ctx features features)
  build_ok "$ctx" "plat-test/$RT:code"
  local code=$BUILD_MS
  steps=$(grep -c '^Step ' "$BUILD_LOG")
  cached=$(grep -c 'Using cache' "$BUILD_LOG")
  # not from cache: the code COPY and the LABEL the build adds (+ ARG and FROM, which never say so)
  [ "$cached" -ge $((steps - 4)) ] || { cat "$BUILD_LOG" >&2; fail "code-only change rebuilt more than the code layer ($cached of $steps steps cached)"; }
  [ "$code" -lt "$CODE_REBUILD_MAX_MS" ] || fail "code-only rebuild took ${code} ms (max ${CODE_REBUILD_MAX_MS})"
  ok "code-only rebuild $(secs "$code") ($cached of $steps steps from cache)"

  run_fn "plat-test/$RT:code" features
  wait_healthy
  req GET '/echo?a=1&a=2&b=x' -H 'X-Test: yes'; expect 200 application/json
  expect_json version v2; expect_json method GET; expect_json path /echo
  expect_json query.a 1; expect_json query.b x; expect_json x_test yes
  ok "new code served; query, headers, path"
  for m in PUT DELETE PATCH OPTIONS; do
    req "$m" /any/where; expect 200 application/json; expect_json method "$m"; expect_json path /any/where
  done
  req POST /_/health; expect 200; expect_json path /_/health
  ok "any method / path reaches the handler (POST /_/health too)"
  req GET /status; expect 201 text/plain
  [ "$(header X-Plat)" = yes ] || fail "GET /status: no X-Plat header"
  [ "$(cat "$WORK/body")" = created ] || fail "GET /status body '$(cat "$WORK/body")'"
  req GET /bytes; expect 200 application/octet-stream
  [ "$(wc -c <"$WORK/body")" = 3 ] || fail "GET /bytes: $(wc -c <"$WORK/body") bytes"
  req GET /none; expect 204
  ok "status + headers, bytes, empty (204)"
  req GET /boom; expect 500 application/json; expect_json code function_error
  [[ $(jget error) == *boom* ]] || fail "500 error text: $(jget error)"
  await_logs boom || fail "no error in the container's log"
  await_logs 'Traceback|at .*handler' || fail "no stack trace in the container's log"
  ok "exception -> 500 {\"code\":\"function_error\"}, stack trace on stderr"
  req POST /json --data '{bad'; expect 400 application/json; expect_json code bad_request
  ok "invalid JSON body -> 400 bad_request"
  req GET /env; expect 200
  expect_json function "$RT-features"; expect_json version 3; expect_json user hello; expect_json uid 10001
  ok "PLAT_FUNCTION, PLAT_VERSION, user env"
  req GET /write; expect 200; expect_json rootfs read-only
  head -c 5242880 /dev/zero >"$WORK/5m"
  req POST /size --data-binary @"$WORK/5m" -H 'Content-Type: application/octet-stream'; expect 200; expect_json size 5242880
  req POST /size --data-binary @"$WORK/5m" -H 'Transfer-Encoding: chunked'; expect 200; expect_json size 5242880
  ok "read-only root fs; 5 MiB body (content-length and chunked)"
  if [ "$RT" = node ]; then
    req GET /stream; expect 200; [ "$(cat "$WORK/body")" = abc ] || fail "stream body '$(cat "$WORK/body")'"
    ok "stream response"
  fi
  # graceful stop: a request in flight when SIGTERM arrives still gets its answer
  curl -s --max-time 30 --unix-socket "$SOCK_DIR/fn.sock" -o "$WORK/slow.body" -w '%{http_code}' \
    'http://localhost/slow?ms=1500' >"$WORK/slow.status" 2>/dev/null &
  local slow_pid=$!
  sleep 0.5
  stop_fn
  wait "$slow_pid" || true
  [ "$(cat "$WORK/slow.status")" = 200 ] && [ "$(cat "$WORK/slow.body")" = "slow done" ] \
    || fail "request in flight during SIGTERM: status '$(cat "$WORK/slow.status")' body '$(cat "$WORK/slow.body")'"
  ok "SIGTERM with a 1.5 s request in flight: answered 200, then exit 0 ($(secs "$STOP_MS"))"

  # --- 3. the alternative entry point (a framework app instead of handle) ----------------------
  if [ -d "$HERE/tests/$RT/app" ]; then
    ctx=$(make_ctx app app --no-handler)
    build_ok "$ctx" "plat-test/$RT:app"
    run_fn "plat-test/$RT:app" app
    wait_healthy
    req POST /hi; expect 200 application/json; expect_json mode app; expect_json method POST
    ok "$(ls "$HERE/tests/$RT/app") app without $HANDLER: served, health answered by the shim"
    stop_fn
  fi

  # --- 4. dependencies -------------------------------------------------------------------------
  case $RT in
    python-flask)
      ctx=$(make_ctx deps-ok deps-ok)
      build_ok "$ctx" "plat-test/$RT:deps-ok"
      grep -q 'Requirement already satisfied' "$BUILD_LOG" || fail "requirements.txt with flask: pip did not find it satisfied"
      ok "requirements.txt 'flask' (in the base): satisfied offline, build $(secs "$BUILD_MS")"
      ctx=$(make_ctx deps-fail deps-fail)
      BUILD_TIMEOUT_S=$DEPS_FAIL_MAX_S build "$ctx" "plat-test/$RT:deps-fail"
      [ "$BUILD_RC" != 0 ] || fail "build with requirements.txt 'requests' succeeded offline?"
      [ "$BUILD_RC" != 124 ] || fail "pip hung: build killed after ${DEPS_FAIL_MAX_S} s"
      grep -qE 'No matching distribution found|Could not find a version' "$BUILD_LOG" || { tail -20 "$BUILD_LOG" >&2; fail "pip's error is not in the build output"; }
      DEPS_FAIL_MS=$BUILD_MS
      ok "requirements.txt 'requests==2.31.0' offline: build FAILS in $(secs "$BUILD_MS") with pip's error:"
      sed 's/\x1b\[[0-9;]*m//g' "$BUILD_LOG" | grep -E '^ERROR:' | head -3 | sed 's/^/         /' || true
      ;;
    node)
      ctx=$(make_ctx deps-ok deps-ok)
      build_ok "$ctx" "plat-test/$RT:deps-ok"
      run_fn "plat-test/$RT:deps-ok" deps-ok
      wait_healthy
      req GET /; expect 200 application/json; expect_json padded 007
      ok "vendored node_modules dependency works"
      stop_fn
      ctx=$(make_ctx deps-fail deps-fail)
      build "$ctx" "plat-test/$RT:deps-fail"
      DEPS_FAIL_MS=$BUILD_MS
      if [ "$BUILD_RC" = 0 ]; then
        grep -q 'NOT installed' "$BUILD_LOG" || fail "no notice that package.json dependencies are not installed"
        ok "package.json dependency without node_modules: build warns 'NOT installed' ($(secs "$BUILD_MS"))"
        run_fn "plat-test/$RT:deps-fail" deps-fail
        wait_exit
        [ "$EXIT_CODE" != 0 ] || fail "missing module: container exited 0"
        in_logs "Cannot find module 'left-pad'" || fail "missing module not in the log"
        in_logs 'vendored' || fail "no vendoring hint in the log"
        ok "... and the instance exits $EXIT_CODE at once: Cannot find module + vendoring hint"
      else
        [ "$BUILD_RC" != 124 ] || fail "npm hung: build killed"
        grep -qi 'npm' "$BUILD_LOG" || fail "build failed without npm's error"
        ok "package.json dependency offline with npm in the base: build FAILS in $(secs "$BUILD_MS")"
      fi
      ;;
  esac

  # --- 5. code that does not load: the instance exits at once, the error in its log -------------
  if [ -d "$HERE/tests/$RT/broken" ]; then
    ctx=$(make_ctx broken broken)
    build_ok "$ctx" "plat-test/$RT:broken"
    run_fn "plat-test/$RT:broken" broken
    wait_exit
    [ "$EXIT_CODE" != 0 ] || fail "broken code: container exited 0"
    in_logs SyntaxError || fail "no SyntaxError in the log"
    ok "syntax error: instance exits $EXIT_CODE without becoming healthy, SyntaxError in its log"
  fi

  # --- 6. pool mode (runtime.json "pool": true): a generic container specialized for a function ---
  if [ "$(jget pool "$dir/runtime.json")" = true ]; then
    local pcode spec_ms t0
    build_ok "$(pool_ctx)" "plat-test/$RT:pool"
    ok "generic image (empty function/) built in $(secs "$BUILD_MS")"
    pcode=$WORK/code-$RT-empty; mkdir -p "$pcode"; chmod 0755 "$pcode"
    run_pool "plat-test/$RT:pool" pool-empty "$pcode"
    wait_healthy
    req GET /; expect 503 application/json; expect_json code not_specialized
    ok "pool mode: healthy in $(secs "$HEALTHY_MS") with no code; other requests 503 not_specialized"
    pcode=$(pool_code pool pool)
    stop_fn
    run_pool "plat-test/$RT:pool" pool "$pcode"
    wait_healthy
    t0=$(now_ms)
    req POST /_/specialize; expect 200 application/json; expect_json status specialized
    spec_ms=$(($(now_ms) - t0))
    req GET '/x?y=1'; expect 200 application/json
    expect_json at_load "from the spec"; expect_json user "from the spec"; expect_json function "$RT-pool"
    expect_json version 7; expect_json cwd /plat/code/function; expect_json path /x
    for _ in 1 2 3 4 5 6; do  # gunicorn's workers: each must pass it to the function once one was specialized
      req POST /_/specialize; expect 200 application/json; expect_json path /_/specialize
    done
    ok "POST /_/specialize -> 200 in $(secs "$spec_ms"); the spec's env set before the code loaded, then /_/specialize is the function's"
    stop_fn
    ok "docker stop of a specialized pool container -> exit 0 in $(secs "$STOP_MS")"
    if [ "$RT" = node ]; then
      pcode=$(pool_code deps deps-ok)
      run_pool "plat-test/$RT:pool" pool-deps "$pcode"
      wait_healthy
      req POST /_/specialize; expect 200
      req GET /; expect 200 application/json; expect_json padded 007
      ok "pool mode: vendored node_modules in function/ found"
      stop_fn
    fi
    pcode=$(pool_code broken broken)
    run_pool "plat-test/$RT:pool" pool-broken "$pcode"
    wait_healthy
    req POST /_/specialize; expect 500 application/json; expect_json code specialize_failed
    await_logs SyntaxError || fail "no SyntaxError in the pool container's log"
    ok "code that does not load: POST /_/specialize -> 500 specialize_failed, SyntaxError in the log"
  fi

  SUMMARY+=("$(printf '%-13s cold build %-9s cached %-9s code-only rebuild %-9s healthy %-9s stop %-9s dep failure %s' \
    "$RT" "$(secs "$cold")" "$(secs "$cached_build")" "$(secs "$code")" "$(secs "$healthy")" "$(secs "$stop")" "$(secs "${DEPS_FAIL_MS:-0}")")")
  echo "== $RT: PASS"
}

runtimes=("$@")
if [ ${#runtimes[@]} -eq 0 ]; then
  for f in "$HERE"/*/runtime.json; do runtimes+=("$(basename "$(dirname "$f")")"); done
fi
for r in "${runtimes[@]}"; do test_runtime "$r"; done
RT=-
echo
printf '%s\n' "${SUMMARY[@]}"
echo "ALL PASS: ${runtimes[*]}"
