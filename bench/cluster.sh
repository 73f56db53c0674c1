#!/usr/bin/env bash
# Across hosts, on one machine: three nodes A, B, C (separate JVMs, all roles), each on its own
# dockerd (scripts/ensure-dockerds.sh 3), one cluster name and secret, the registry 127.0.0.1:5000.
#   (a) a forwarded invocation (gateway on B, instance on A) vs a local one (gateway on A), wrk, in
#       the same rounds; the instance is an nginx answering 200 "ok" on a unix socket, put into the
#       routing table as A's (so the figures measure the data plane, not a function);
#   (b) route propagation: a route put into the table by a member, until B serves it (ms, p50/p99);
#   (c) failover, on a function deployed through A with 3 instances: kill -9 of a node hosting an
#       instance under load through another gateway (errors, time to the last error), then kill -9
#       of the leader (time to the first successful API write on a survivor, refused writes).
#
#   bench/cluster.sh          # DURATION=10 WARMUP=3 CONNS=64 ROUNDS=3 THREADS=2 PROP_COUNT=100 FAILOVER=1 LOAD_SECONDS=30
#   NODE_CPUS=0.5 FAILOVER=0 bench/cluster.sh   # (a) with each node JVM held to 0.5 core, as on hosts of its own
#   SYSCALLS=1 ... bench/cluster.sh             # also each JVM's system calls and the machine's TCP segments per request in (a) (perf stat, nstat)
#   PLAT_MULTIPLEXED_HOP=false ... bench/cluster.sh   # the nodes forward over HTTP/1.1 connections instead of the multiplexed hop
#
# On one machine the nodes share its cores, so a forwarded request (served by two JVMs) is bounded
# by the sum of their CPU; on separate hosts each node pays only its own share. NODE_CPUS gives
# A's and B's JVMs a CPU budget each (a cgroup, lib.sh's cpu_budget), so that (a) compares what one
# host of that size serves, locally or forwarded, with wrk and the instance outside the budgets; the
# JVMs are also told the processors such a host has (-XX:ActiveProcessorCount, NODE_CPUS rounded
# up), as a JVM in a container of that size reads them from its CPU quota: it sizes its event loops
# and verticle instances from that, not from the machine's cores.
#
# Needs root (the extra dockerds), wrk, nginx, java 17 (javac), the base images
# (scripts/ensure-env.sh), node/target/plat-node.jar and cli/target/plat-cli.jar.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNS=${CONNS:-64}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
PROP_COUNT=${PROP_COUNT:-100}
FAILOVER=${FAILOVER:-1}
LOAD_SECONDS=${LOAD_SECONDS:-30}
NODE_CPUS=${NODE_CPUS:-}
NODE_JAVA_OPTS=${NODE_JAVA_OPTS:-}
if [ -n "$NODE_CPUS" ] && [[ "$NODE_JAVA_OPTS" != *ActiveProcessorCount* ]]; then
  NODE_JAVA_OPTS="$NODE_JAVA_OPTS -XX:ActiveProcessorCount=$(python3 -c "import math; print(max(1, math.ceil($NODE_CPUS)))")"
fi
for t in wrk nginx java javac curl python3; do need "$t" "apt-get install -y wrk nginx-light openjdk-17-jdk-headless curl python3"; done
SYSCALLS=${SYSCALLS:-}  # 1: also count, per request in (a), each JVM's system calls (perf stat) and the machine's TCP segments (nstat)
if [ -n "$SYSCALLS" ]; then
  need perf "apt-get install -y linux-perf"
  need nstat "apt-get install -y iproute2"
fi

"$PLAT_HOME/scripts/ensure-dockerds.sh" 3
mapfile -t SOCKS < /run/plat-test/dockerds
bench_dir
JAR=$(node_jar "$W")
mkdir -p "$W/classes" "$W/origin"
javac -cp "$JAR" -d "$W/classes" "$BENCH_HOME/src/dev/plat/bench/ClusterProbeMain.java"
# the probe is a Hazelcast member too: the JVM options Hazelcast asks for (as ChildJvm gives the tests' members)
probe() {
  java -Xmx128m --add-modules java.se --add-exports java.base/jdk.internal.ref=ALL-UNNAMED \
    --add-opens java.base/java.lang=ALL-UNNAMED --add-opens java.base/sun.nio.ch=ALL-UNNAMED \
    --add-opens java.management/sun.management=ALL-UNNAMED --add-opens jdk.management/com.sun.management.internal=ALL-UNNAMED \
    -Dhazelcast.logging.type=none -cp "$JAR:$W/classes" dev.plat.bench.ClusterProbeMain "$@"
}

# --- the instance: nginx, one worker, 200 "ok" on a unix socket
start_origin "$W/origin"

# --- three nodes; every node lists all three members, so any one can be restarted and rejoin
TOKEN=bench-$RANDOM$RANDOM
SECRET=$(head -c 32 /dev/urandom | base64)
CLUSTER=bench-cluster-$$
L=(a b c)
declare -a ID HTTP PROXY HZ PID
for i in 0 1 2; do
  ID[$i]=bc$$-${L[$i]}; HTTP[$i]=$(free_port); PROXY[$i]=$(free_port); HZ[$i]=$(free_port)
  TRACKED_NODES+=("${ID[$i]}")
done
MEMBERS=127.0.0.1:${HZ[0]},127.0.0.1:${HZ[1]},127.0.0.1:${HZ[2]}
# at exit: the nodes stopped, then their containers removed from their engines (lib.sh's cleanup
# knows the main engine only, and a node leaves its pool containers behind when it stops)
clean_engines() {
  local i
  for i in 0 1 2; do [ -z "${PID[$i]:-}" ] || stop_pid "${PID[$i]}"; done
  for i in 0 1 2; do
    docker -H "unix://${SOCKS[$i]}" ps -aq --filter "label=plat.node=${ID[$i]}" | xargs -r docker -H "unix://${SOCKS[$i]}" rm -f >/dev/null 2>&1
  done
}
on_exit clean_engines
start_cnode() {  # start_cnode I: node I on its own engine, data dir and ports; no runtime pool, so that
  # every instance is a container labelled with its function (counted per engine in (c))
  local i=$1
  java @"$PLAT_HOME/node/jvm.options" $NODE_JAVA_OPTS -jar "$JAR" --node-id "${ID[$i]}" --cluster-name "$CLUSTER" \
    --cluster-secret "$SECRET" --cluster-members "$MEMBERS" --cluster-port "${HZ[$i]}" --http-port "${HTTP[$i]}" \
    --proxy-port "${PROXY[$i]}" --data-dir "$W/node-${L[$i]}" --docker-host "unix://${SOCKS[$i]}" --auth-token "$TOKEN" \
    --runtimes-dir "$PLAT_HOME/runtimes" --webroot "$PLAT_HOME/webroot" --pool-size 0 >>"$W/node-${L[$i]}.log" 2>&1 &
  PID[$i]=$!; track "${PID[$i]}"
}
url() { echo "http://127.0.0.1:${HTTP[$1]}"; }
health_is() {  # health_is I "STATUS SIZE": node I's /health says that
  [ "$(curl -sf --max-time 5 "$(url "$1")/health" | python3 -c 'import json,sys; h=json.load(sys.stdin); print(h["status"], h["cluster"]["size"])')" = "$2" ]
}
await_cluster() {  # await_cluster N I...: nodes I... up and each seeing a cluster of N
  local n=$1 i; shift
  for i in "$@"; do
    wait_for 120 health_is "$i" "up $n" || { tail -30 "$W/node-${L[$i]}.log" >&2; die "node ${L[$i]} is not up in a cluster of $n"; }
  done
}
t0=$(date +%s%N)
for i in 0 1 2; do start_cnode "$i"; done
await_cluster 3 0 1 2
log "three nodes up in one cluster in $(ms_since "$t0") ms"
if [ -n "$NODE_CPUS" ]; then for i in 0 1; do cpu_budget "${PID[$i]}" "$NODE_CPUS"; done; fi

echo "### cluster: three nodes on one machine ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
machine
echo "- nodes A, B, C: separate JVMs (node/jvm.options), all roles, each on its own dockerd (scripts/ensure-dockerds.sh 3), TCP join on 127.0.0.1, one cluster secret; registry 127.0.0.1:5000"
echo

# --- (a) forwarded vs local
probe route --members "127.0.0.1:${HZ[0]}" --cluster-name "$CLUSTER" --function bench --node "${ID[0]}" \
  --socket "$ORIGIN" --proxy "127.0.0.1:${PROXY[0]}" >/dev/null
for i in 0 1; do
  wait_for 30 curl -sf -H "Authorization: Bearer $TOKEN" "$(url "$i")/function/bench/" || die "node ${L[$i]} does not serve the route"
done
export BENCH_TOKEN=$TOKEN
SYSCALL_EVENTS=raw_syscalls:sys_enter,syscalls:sys_enter_epoll_pwait,syscalls:sys_enter_epoll_pwait2,syscalls:sys_enter_epoll_wait,syscalls:sys_enter_recvfrom,syscalls:sys_enter_sendto,syscalls:sys_enter_readv,syscalls:sys_enter_writev,syscalls:sys_enter_read,syscalls:sys_enter_write,syscalls:sys_enter_futex
run_wrk() {  # run_wrk NODE SECONDS -> "req/s p50 p99 errors cpu_A cpu_B", CPU as user+system µs per request
  local out a0 b0 a1 b1 j perfs=()
  a0=$(cpu_split "${PID[0]}"); b0=$(cpu_split "${PID[1]}")
  if [ -n "$SYSCALLS" ]; then
    for j in 0 1; do perf stat -x, -e "$SYSCALL_EVENTS" -p "${PID[$j]}" -o "$W/syscalls-$j" -- sleep "$2" & perfs+=($!); done
    NSTAT_HISTORY="$W/nstat" nstat -n >/dev/null  # the machine's TCP counters from now on (wrk's connections included)
  fi
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${2}s" --latency -s "$BENCH_HOME/wrk-report.lua" "$(url "$1")/function/bench/" | grep '^RESULT')
  a1=$(cpu_split "${PID[0]}"); b1=$(cpu_split "${PID[1]}")
  read -r _ n rps p50 p99 non2xx errs <<<"$out"
  n=$(( n > 0 ? n : 1 ))
  if [ -n "$SYSCALLS" ]; then
    wait "${perfs[@]}"
    for j in 0 1; do
      log "syscalls per request, node ${L[$j]}, gateway ${L[$1]}: $(awk -F, -v n="$n" '$3 ~ /sys_enter/ {sub(/.*sys_enter_?/, "", $3); printf "%s %.2f  ", ($3 == "" ? "all" : $3), $1 / n}' "$W/syscalls-$j")"
    done
    log "TCP segments per request (the machine), gateway ${L[$1]}: $(NSTAT_HISTORY="$W/nstat" nstat -z TcpOutSegs TcpExtTCPPureAcks TcpExtDelayedACKs TcpExtTCPHPAcks \
      | awk -v n="$n" 'NR > 1 && $1 !~ /^#/ {printf "%s %.2f  ", $1, $2 / n}')"
  fi
  echo "$rps $p50 $p99 $(( non2xx + errs )) $(split_per_req "$a0" "$a1" "$n") $(split_per_req "$b0" "$b1" "$n")"
}
log "JIT warm-up of A and B (20 s each)"
run_wrk 0 20 >/dev/null; run_wrk 1 20 >/dev/null
echo "#### (a) forwarded invocation (gateway B -> proxy A -> instance) vs local (gateway A -> instance)"
echo
echo "- wrk -t$THREADS -c$CONNS -d${DURATION}s --latency after ${WARMUP} s warm-up each, GET /function/bench/ with a bearer token; the two alternate in order each round"
if [ -n "$NODE_CPUS" ]; then
  echo "- CPU budget: A's and B's JVMs held to $NODE_CPUS core each (cgroup CPU quota, 10 ms periods) and started with $NODE_JAVA_OPTS, as on hosts of their own; wrk and the instance outside the budgets"
else
  echo "- no CPU budget: wrk, both JVMs and the instance share the machine's $(nproc) cores"
fi
echo
echo "| round | path | req/s | p50 ms | p99 ms | errors | CPU µs/req A, user+system | CPU µs/req B, user+system | req/s vs local |"
echo "|---|---|---|---|---|---|---|---|---|"
RATIOS=()
for r in $(seq 1 "$ROUNDS"); do
  order="0 1"; [ $((r % 2)) = 1 ] || order="1 0"
  declare -A ROW=()
  for i in $order; do run_wrk "$i" "$WARMUP" >/dev/null; ROW[$i]=$(run_wrk "$i" "$DURATION"); done
  read -r lrps lp50 lp99 lerr lcpua lcpub <<<"${ROW[0]}"
  read -r frps fp50 fp99 ferr fcpua fcpub <<<"${ROW[1]}"
  ratio=$(python3 -c "print(f'{$frps/$lrps:.2f}')")
  RATIOS+=("$ratio")
  echo "| $r | local (A) | $lrps | $lp50 | $lp99 | $lerr | $lcpua | $lcpub | 1.00x |"
  echo "| $r | forwarded (B -> A) | $frps | $fp50 | $fp99 | $ferr | $fcpua | $fcpub | ${ratio}x |"
  log "round $r: local $lrps req/s, forwarded $frps req/s (${ratio}x)"
done
med=$(python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "${RATIOS[@]}")
echo
echo "- forwarded vs local, median of the rounds: ${med}x (target >= 0.8x: $(python3 -c "print('met' if $med >= 0.8 else 'NOT met')"))"
[ -n "$NODE_CPUS" ] || echo "- on one machine wrk, both gateways and the instance share the same $(nproc) cores: a forwarded request is served by two JVMs (CPU columns), so its req/s here is bounded by their CPU together, not by the hop"
echo

if [ -n "$NODE_CPUS" ]; then for i in 0 1; do cpu_budget_end "${PID[$i]}"; done; fi

# --- (b) route propagation
echo "#### (b) route propagation"
echo
read -r _ p50 p99 pmax n <<<"$(probe propagation --members "127.0.0.1:${HZ[0]}" --cluster-name "$CLUSTER" --node "${ID[0]}" \
  --socket "$ORIGIN" --proxy "127.0.0.1:${PROXY[0]}" --gateway "$(url 1)" --token "$TOKEN" --count "$PROP_COUNT" | grep '^RESULT')"
[ -n "${p99:-}" ] || die "the propagation probe gave no result"
echo "- $n routes, each of a new function, put into the replicated table by a member of its own (a JVM beside the nodes), owned by A; timed from the put until B's gateway answers 200 for it (polled without pause, so a request forwarded to A is included)"
echo "- p50 $p50 ms, p99 $p99 ms, max $pmax ms (target p99 <= 50 ms: $(python3 -c "print('met' if $p99 <= 50 else 'NOT met')"))"
echo

[ "$FAILOVER" = 1 ] || exit 0
# --- (c) failover, on a real function
echo "#### (c) failover"
echo
FN=bcl$RANDOM
export API_URL AUTH_TOKEN=$TOKEN
API_URL=$(url 0)
cd "$W"
plat init --runtime python-flask "$FN" >/dev/null
printf 'def handle(req):\n    return "ok"\n' > "$FN/handler.py"
if ! plat deploy "$FN" --timeout 180 >"$W/deploy.log" 2>&1; then
  echo "- not measurable yet: \`plat deploy\` through A failed: $(tail -1 "$W/deploy.log")"
  exit 0
fi
api() {  # api NODE METHOD PATH [BODY] -> HTTP status
  curl -s -o "$W/api.out" -w '%{http_code}' --max-time 10 -X "$2" -H "Authorization: Bearer $TOKEN" \
    -H 'Content-Type: application/json' ${4:+--data "$4"} "$(url "$1")$3" || echo 000
}
api 0 PATCH "/api/functions/$FN" '{"scaling":{"min":3,"max":3}}' >/dev/null
where() {  # where: "count_on_a count_on_b count_on_c" of running containers of $FN
  local i out=()
  for i in 0 1 2; do out+=("$(docker -H "unix://${SOCKS[$i]}" ps -q --filter "label=plat.function=$FN" | wc -l)"); done
  echo "${out[*]}"
}
three_running() { local a b c; read -r a b c <<<"$(where)"; [ $(( a + b + c )) -ge 3 ]; }
wait_for 120 three_running || log "fewer than 3 instances after 120 s: $(where)"
read -r ca cb cc <<<"$(where)"
echo "- function $FN deployed through A, scaling min 3: running containers per engine A/B/C: $ca/$cb/$cc"

# (c1) kill -9 a node hosting an instance, load through another gateway
victim=-1
for i in 2 1 0; do
  n=$(docker -H "unix://${SOCKS[$i]}" ps -q --filter "label=plat.function=$FN" | wc -l)
  [ "$n" -gt 0 ] && { victim=$i; break; }
done
if [ "$victim" -lt 0 ]; then
  echo "- instance node kill: not measurable, no engine runs an instance of $FN"
else
  gw=$(( (victim + 1) % 3 ))
  probe load --url "$(url "$gw")/function/$FN/" --token "$TOKEN" --seconds "$LOAD_SECONDS" --conns 8 >"$W/load.out" 2>&1 &
  LOADER=$!; track $LOADER
  sleep 5
  kill_ms=$(( $(date +%s%N) / 1000000 ))
  kill -9 "${PID[$victim]}"
  wait "$LOADER" || true
  read -r _ ok errors first last kinds <<<"$(grep '^LOAD' "$W/load.out")"
  recovered=$(( last > kill_ms ? last - kill_ms : 0 ))
  echo "- kill -9 of ${L[$victim]^^} (hosting an instance) ${LOAD_SECONDS} s load of 8 connections through ${L[$gw]^^}, kill at 5 s: $ok ok, $errors errors ($kinds), last error $recovered ms after the kill (target: errors only for requests in flight, zero errors within 10 000 ms: $([ "$recovered" -le 10000 ] && echo met || echo NOT met))"
  echo "- after: running containers per engine A/B/C: $(where)"
  start_cnode "$victim"
  await_cluster 3 0 1 2
fi

# (c2) kill -9 the leader, then write through the survivors until one write succeeds
leader=$(curl -sf "$(url 0)/health" | python3 -c '
import json, sys
def find(o):
    if isinstance(o, dict):
        for k, v in o.items():
            if k.lower() == "leader" and isinstance(v, str): return v
            r = find(v)
            if r: return r
    if isinstance(o, list):
        for v in o:
            r = find(v)
            if r: return r
print(find(json.load(sys.stdin)) or "")')
lead=-1
for i in 0 1 2; do [ "${ID[$i]}" = "$leader" ] && lead=$i; done
note=""
if [ "$lead" -lt 0 ]; then lead=0; note=" (no leader named in /health: A, the oldest member, taken for it)"; fi
t0=$(date +%s%N)
kill -9 "${PID[$lead]}"
refused=0 ms=""
deadline=$(( $(date +%s) + 60 ))
k=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  k=$((k + 1)); s=$(( (lead + 1 + k % 2) % 3 ))
  code=$(api "$s" PATCH "/api/functions/$FN" "{\"scaling\":{\"min\":3,\"max\":$(( 3 + k % 2 ))}}")
  if [ "$code" = 200 ]; then ms=$(ms_since "$t0"); break; fi
  refused=$((refused + 1))
done
if [ -n "$ms" ]; then
  echo "- kill -9 of the leader ${L[$lead]^^}$note: first successful API write (PATCH scaling) on a survivor after $ms ms, $refused writes refused before (target <= 10 000 ms: $([ "$ms" -le 10000 ] && echo met || echo NOT met))"
else
  echo "- kill -9 of the leader ${L[$lead]^^}$note: no API write succeeded on the survivors within 60 s ($refused refused; last: $(head -c 200 "$W/api.out"))"
fi
echo
echo "- load after the run: $(uptime | sed 's/.*load average/load average/')"
