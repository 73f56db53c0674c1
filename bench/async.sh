#!/usr/bin/env bash
# Asynchronous invocations: how fast the gateway accepts them (each 202 only once the record is in
# the Hazelcast map and fsynced to disk) and how long one takes from acceptance to its end, with the
# synchronous path of the same function, in the same run, as the baseline:
#   (a) sync baseline: POST /function/NAME at RATE req/s for DURATION s (paced, CONC in flight at
#       most): latency of each call;
#   (b) async at the same RATE: POST /async-function/NAME, then each invocation's end-to-end time
#       (its record's finishedAt - createdAt) and the 202's own latency;
#   (c) throughput: wrk, CONNS connections for DURATION s, on /function/NAME (req/s) and on
#       /async-function/NAME (accepted/s), then how long the queue of (c) takes to drain.
#
#   bench/async.sh            # RATE=20 DURATION=10 CONC=16 CONNS=16 ASYNC_CONCURRENCY=8
#
# Needs dockerd, the registry on 127.0.0.1:5000 and the base images (scripts/ensure-env.sh), wrk,
# java 17, node/target/plat-node.jar and cli/target/plat-cli.jar.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
RATE=${RATE:-20}
DURATION=${DURATION:-10}
CONC=${CONC:-16}
CONNS=${CONNS:-16}
ASYNC_CONCURRENCY=${ASYNC_CONCURRENCY:-8}
need docker "scripts/ensure-env.sh"
need wrk "apt-get install -y wrk"
bench_dir
FN=basync$RANDOM
start_node "bench-async-$$" --async-concurrency "$ASYNC_CONCURRENCY"
cd "$W"
plat init --runtime python-flask "$FN" >/dev/null
on_exit "remove_function $FN"
log "deploying $FN"
plat deploy "$FN" --timeout 120 >"$W/deploy.log" 2>&1 || { cat "$W/deploy.log" >&2; die "deploy failed"; }
curl -sf -o /dev/null -H "Authorization: Bearer $AUTH_TOKEN" -d '{}' "$API_URL/function/$FN/" || die "first call failed"

echo "### asynchronous invocations ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
machine
echo "- load: RATE=$RATE req/s for DURATION=${DURATION}s (paced), wrk $CONNS connections; asyncConcurrency $ASYNC_CONCURRENCY"
echo

# (a) and (b): paced calls; prints "p50 p90 p99 max" lines
python3 - "$API_URL" "$AUTH_TOKEN" "$FN" "$RATE" "$DURATION" "$CONC" <<'PY'
import json, math, sys, time, urllib.request
from concurrent.futures import ThreadPoolExecutor
api, token, fn, rate, duration, conc = sys.argv[1], sys.argv[2], sys.argv[3], float(sys.argv[4]), float(sys.argv[5]), int(sys.argv[6])
H = {"Authorization": "Bearer " + token, "Content-Type": "application/json"}

def call(path):
    t0 = time.monotonic()
    with urllib.request.urlopen(urllib.request.Request(api + path, data=b'{"x":1}', headers=H, method="POST"), timeout=60) as r:
        body = r.read()
        return r.status, (time.monotonic() - t0) * 1000, body

def paced(path):
    out, n = [], int(rate * duration)
    with ThreadPoolExecutor(conc) as pool:
        start = time.monotonic()
        futures = []
        for i in range(n):
            delay = start + i / rate - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            futures.append(pool.submit(call, path))
        for f in futures:
            out.append(f.result())
    return out

def pct(v, p):
    v = sorted(v)
    return v[max(0, math.ceil(p / 100 * len(v)) - 1)]

def line(name, v):
    print(f"| {name} | {len(v)} | {pct(v,50):.1f} | {pct(v,90):.1f} | {pct(v,99):.1f} | {max(v):.1f} |")

sync = paced(f"/function/{fn}/")
assert all(s == 200 for s, _, _ in sync), "a sync call failed"
accepted = paced(f"/async-function/{fn}/")
assert all(s == 202 for s, _, _ in accepted), "an async call was not accepted"
ends, states = [], {}
for _, _, body in accepted:
    iid = json.loads(body)["id"]
    deadline = time.monotonic() + 120
    while True:
        with urllib.request.urlopen(urllib.request.Request(api + "/api/invocations/" + iid, headers=H), timeout=30) as r:
            rec = json.loads(r.read())
        if rec["state"] in ("succeeded", "failed"):
            break
        if time.monotonic() > deadline:
            sys.exit("invocation %s did not finish" % iid)
        time.sleep(0.05)
    states[rec["state"]] = states.get(rec["state"], 0) + 1
    ends.append(rec["finishedAt"] - rec["createdAt"])
print("| path | calls | p50 ms | p90 ms | p99 ms | max ms |")
print("|---|---|---|---|---|---|")
line("(a) sync call", [ms for _, ms, _ in sync])
line("(b) async: the 202", [ms for _, ms, _ in accepted])
line("(b) async: accepted to finished", ends)
print()
print(f"- (b) outcomes: {states}")
PY
echo

# (c) throughput with wrk
cat > "$W/post.lua" <<'LUA'
wrk.method = "POST"
wrk.body = '{"x":1}'
wrk.headers["Content-Type"] = "application/json"
LUA
rps() { sed -n 's/^Requests\/sec: *//p' "$1"; }
non2xx() { local v; v=$(sed -n "s/^ *Non-2xx or 3xx responses: *//p" "$1"); echo "${v:-0}"; }
wrk -t2 -c"$CONNS" -d"${DURATION}s" -s "$W/post.lua" -H "Authorization: Bearer $AUTH_TOKEN" "$API_URL/function/$FN/" >"$W/wrk-sync.txt"
wrk -t2 -c"$CONNS" -d"${DURATION}s" -s "$W/post.lua" -H "Authorization: Bearer $AUTH_TOKEN" "$API_URL/async-function/$FN/" >"$W/wrk-async.txt"
t0=$(date +%s%N)
depth() {
  curl -sf -H "Authorization: Bearer $AUTH_TOKEN" "$API_URL/metrics" \
    | awk -v f="$FN" '$0 ~ "^plat_async_queue_depth\\{function=\"" f "\"" {print $2}'
}
running() {
  curl -sf -H "Authorization: Bearer $AUTH_TOKEN" "$API_URL/api/invocations?function=$FN&limit=500" \
    | python3 -c 'import json,sys; print(sum(1 for i in json.load(sys.stdin)["invocations"] if i["state"] in ("queued","running")))'
}
queued_at_end=$(depth)
until [ "$(depth)" = "0.0" ] && [ "$(running)" = 0 ]; do sleep 0.2; done
drain_ms=$(ms_since "$t0")
accepted=$(awk '/requests in/ {print $1}' "$W/wrk-async.txt")
echo "| (c) wrk, $CONNS connections, ${DURATION}s | req/s | non-2xx |"
echo "|---|---|---|"
echo "| sync /function | $(rps "$W/wrk-sync.txt") | $(non2xx "$W/wrk-sync.txt") |"
echo "| async /async-function (accepted/s) | $(rps "$W/wrk-async.txt") | $(non2xx "$W/wrk-async.txt") |"
echo
echo "- (c) $accepted accepted; $queued_at_end still queued when wrk stopped; the queue drained $drain_ms ms later"
echo "  ($(python3 -c "print(round($queued_at_end / max($drain_ms, 1) * 1000, 1))") invocations/s run by the worker after wrk)"
