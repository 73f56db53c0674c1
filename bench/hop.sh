#!/usr/bin/env bash
# Which protocol between two nodes' proxies costs the least CPU per forwarded request (issue 12's
# forwarded ratio). Plain Vert.x on both sides (bench/src/dev/plat/bench/HopMain.java, none of Plat's
# own code), each JVM held to CPUS core (lib.sh's cpu_budget), in the same rounds:
#   local: wrk -> A -> origin (nginx, 200 "ok" on a unix socket);
#   h1:    wrk -> B -> A over HTTP/1.1 keep-alive (as Plat's nodes talk today) -> origin;
#   h2:    wrk -> B -> A over h2c with prior knowledge, H2CONNS connections per event loop -> origin.
# CONSOLIDATE=1 puts Netty's FlushConsolidationHandler on both ends of the HTTP/2 connections.
#
#   bench/hop.sh                  # ROUNDS=4 DURATION=10 WARMUP=3 CONNS=64 THREADS=2 CPUS=0.5 H2CONNS=1 JIT=20
#   CONSOLIDATE=1 bench/hop.sh
#
# Needs wrk, nginx, java 17 (javac), root (the CPU cgroups), node/target/plat-node.jar (for Vert.x).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-4}
DURATION=${DURATION:-10}
WARMUP=${WARMUP:-3}
CONNS=${CONNS:-64}
THREADS=${THREADS:-2}
CPUS=${CPUS:-0.5}
H2CONNS=${H2CONNS:-1}
JIT=${JIT:-20}
CONSOLIDATE=${CONSOLIDATE:+true}
for t in wrk nginx java javac curl python3; do need "$t" "apt-get install -y wrk nginx-light openjdk-17-jdk-headless curl python3"; done

bench_dir
JAR=$(node_jar "$W")
mkdir -p "$W/classes"
javac -cp "$JAR" -d "$W/classes" "$BENCH_HOME/src/dev/plat/bench/HopMain.java"
start_origin "$W/origin"
hop() {  # hop LOG ARGS...: a HopMain JVM, its PID in HOP_PID
  local logfile=$1; shift
  java -XX:+UseTransparentHugePages -Xmx256m -Dhop.consolidate="${CONSOLIDATE:-false}" -cp "$JAR:$W/classes" \
    dev.plat.bench.HopMain "$@" >"$W/$logfile" 2>&1 &
  HOP_PID=$!; track "$HOP_PID"
}
declare -A PORT PID
PORT[local]=$(free_port); PORT[h1]=$(free_port); PORT[h2]=$(free_port)
hop a.log a "${PORT[local]}" "$ORIGIN"; PID[local]=$HOP_PID
hop b-h1.log b "${PORT[h1]}" "127.0.0.1:${PORT[local]}" h1 64; PID[h1]=$HOP_PID
hop b-h2.log b "${PORT[h2]}" "127.0.0.1:${PORT[local]}" h2 "$H2CONNS"; PID[h2]=$HOP_PID
for m in local h1 h2; do wait_for 30 curl -sf "http://127.0.0.1:${PORT[$m]}/" || die "$m does not answer (see $W)"; done
for m in local h1 h2; do cpu_budget "${PID[$m]}" "$CPUS"; done

run() {  # run MODE SECONDS -> "req/s p50 p99 errors cpu_us_per_req_A cpu_us_per_req_B"
  local m=$1 a0 b0 a1 b1 out n rps p50 p99 non2xx errs per b
  b=${PID[$m]}
  a0=$(cpu_ticks "${PID[local]}"); b0=$(cpu_ticks "$b")
  out=$(wrk -t"$THREADS" -c"$CONNS" -d"${2}s" --latency -s "$BENCH_HOME/wrk-report.lua" "http://127.0.0.1:${PORT[$m]}/function/bench/" | grep '^RESULT')
  a1=$(cpu_ticks "${PID[local]}"); b1=$(cpu_ticks "$b")
  read -r _ n rps p50 p99 non2xx errs <<<"$out"
  per=$(( 1000000 / $(getconf CLK_TCK) ))
  n=$(( n > 0 ? n : 1 ))
  [ "$m" != local ] || b1=$b0
  echo "$rps $p50 $p99 $(( non2xx + errs )) $(( (a1 - a0) * per / n )) $(( (b1 - b0) * per / n ))"
}
echo "### the hop between two proxies: HTTP/1.1 against h2c (plain Vert.x, $(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
machine
echo "- each JVM held to $CPUS core (cgroup CPU quota, 10 ms periods); wrk and nginx outside the budgets"
echo "- h2: $H2CONNS connection(s) per event loop; flush consolidation: ${CONSOLIDATE:-false}"
echo "- wrk -t$THREADS -c$CONNS -d${DURATION}s --latency after ${WARMUP} s warm-up each; the three alternate in order each round"
echo
log "JIT warm-up (${JIT} s each)"
for m in local h1 h2; do run "$m" "$JIT" >/dev/null; done
echo "| round | path | req/s | p50 ms | p99 ms | errors | CPU µs/req A | CPU µs/req B | req/s vs local |"
echo "|---|---|---|---|---|---|---|---|---|"
ORDERS=("local h1 h2" "h2 local h1" "h1 h2 local")
H1=(); H2=()
for r in $(seq 1 "$ROUNDS"); do
  declare -A ROW=()
  for m in ${ORDERS[$(( (r - 1) % 3 ))]}; do run "$m" "$WARMUP" >/dev/null; ROW[$m]=$(run "$m" "$DURATION"); done
  read -r lrps _ <<<"${ROW[local]}"
  for m in local h1 h2; do
    read -r rps p50 p99 err ca cb <<<"${ROW[$m]}"
    ratio=$(python3 -c "print(f'{$rps/$lrps:.2f}')")
    [ "$m" != h1 ] || H1+=("$ratio"); [ "$m" != h2 ] || H2+=("$ratio")
    echo "| $r | $m | $rps | $p50 | $p99 | $err | $ca | $cb | ${ratio}x |"
  done
  log "round $r: local $lrps req/s, h1 ${H1[-1]}x, h2 ${H2[-1]}x"
done
median() { python3 -c "import statistics,sys; print(f'{statistics.median(map(float, sys.argv[1:])):.2f}')" "$@"; }
echo
echo "- median of the rounds, vs local: **h1 $(median "${H1[@]}")x, h2 $(median "${H2[@]}")x**"
for m in local h1 h2; do cpu_budget_end "${PID[$m]}"; done
