#!/usr/bin/env bash
# Warm path: requests per second and latency of a tiny function call through Plat's gateway
# (front door + bearer-token auth + proxy handler) vs nginx and haproxy in front of the same
# origin, all in this run. The origin is an nginx answering 200 "ok" on a unix socket, so the
# figures measure the proxies, not a function.
#
#   bench/warm-path.sh            # DURATION=15 WARMUP=3 JIT_WARMUP=30 CONNS="64 256" ROUNDS=3 THREADS=2
#   PROFILE=1 bench/warm-path.sh  # also a JFR profile of the Plat gateway, summarised by layer
#   VERTX_PATH=1 bench/warm-path.sh  # also Plat with --fast-path false (every request through Vert.x's HttpServer)
#   TLS=1 bench/warm-path.sh      # every proxy serves HTTPS (one self-signed certificate, TLS 1.3, HTTP/1.1): wrk over TLS
#   BEFORE_JAR=old/plat-node.jar BEFORE_SRC=old/GatewayBenchMain.java bench/warm-path.sh
#                                 # also "plat-before": another build's gateway, in the same rounds (before/after a change)
#
# Needs wrk, nginx, haproxy, java 17 and node/target/plat-node.jar (mvn -B -q -DskipTests package).
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-3}
JIT_WARMUP=${JIT_WARMUP:-30}
CONNS=${CONNS:-64 256}
ROUNDS=${ROUNDS:-3}
THREADS=${THREADS:-2}
TOKEN=bench-$RANDOM$RANDOM
for t in wrk nginx haproxy java javac; do need "$t" "apt-get install -y wrk nginx-light haproxy openjdk-17-jdk-headless"; done

bench_dir
JAR=$(node_jar "$W")
mkdir -p "$W/origin" "$W/nginx" "$W/classes" "$W/data"

# --- TLS=1: one self-signed certificate for every proxy; wrk and curl speak HTTPS to them
SCHEME=http NGINX_TLS="" HAPROXY_TLS="" PLAT_TLS=()
if [ -n "${TLS:-}" ]; then
  need openssl "apt-get install -y openssl"
  mkdir -p "$W/tls"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout "$W/tls/key.pem" \
    -out "$W/tls/cert.pem" -days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 2>/dev/null
  cat "$W/tls/cert.pem" "$W/tls/key.pem" >"$W/tls/combined.pem"
  SCHEME=https
  NGINX_TLS="ssl; ssl_certificate $W/tls/cert.pem; ssl_certificate_key $W/tls/key.pem; ssl_protocols TLSv1.3"
  HAPROXY_TLS="ssl crt $W/tls/combined.pem ssl-min-ver TLSv1.3"
  PLAT_TLS=(--tls-cert "$W/tls/cert.pem" --tls-key "$W/tls/key.pem")
fi

# --- origin: nginx, one worker, 200 "ok" on a unix socket
start_origin "$W/origin"

# --- (a) nginx with a keep-alive pool to the origin; same auth check as Plat (token, 401 else), header stripped
NGINX_PORT=$(free_port)
cat > "$W/nginx/nginx.conf" <<CONF
daemon off; worker_processes auto; user root; pid $W/nginx/nginx.pid; error_log $W/nginx/error.log warn;
events { worker_connections 8192; }
http { access_log off; keepalive_requests 1000000; keepalive_timeout 300s;
  upstream origin { server unix:$ORIGIN; keepalive 512; }
  server { listen 127.0.0.1:$NGINX_PORT ${NGINX_TLS:-};
    location /function/bench/ {
      if (\$http_authorization != "Bearer $TOKEN") { return 401; }
      proxy_pass http://origin/; proxy_http_version 1.1;
      proxy_set_header Connection ""; proxy_set_header Authorization ""; } } }
CONF
nginx -c "$W/nginx/nginx.conf" -p "$W/nginx" & NGINX_PID=$!; track $NGINX_PID

# --- (b) haproxy, one thread per core (its default), same auth check
HAPROXY_PORT=$(free_port)
cat > "$W/haproxy.cfg" <<CONF
global
  maxconn 4000
defaults
  mode http
  timeout connect 5s
  timeout client 60s
  timeout server 60s
  http-reuse always
frontend fe
  bind 127.0.0.1:$HAPROXY_PORT $HAPROXY_TLS
  http-request deny deny_status 401 unless { req.hdr(authorization) -m str "Bearer $TOKEN" }
  http-request del-header authorization
  http-request set-path "%[path,regsub(^/function/bench,)]"
  default_backend be
backend be
  server origin unix@$ORIGIN
CONF
haproxy -db -f "$W/haproxy.cfg" & HAPROXY_PID=$!; track $HAPROXY_PID

# --- (c) Plat: the gateway as the node builds it (bench/src/.../GatewayBenchMain.java)
javac -cp "$JAR" -d "$W/classes" "$BENCH_HOME/src/dev/plat/bench/GatewayBenchMain.java"
PLAT_PORT=$(free_port)
java @"$PLAT_HOME/node/jvm.options" ${PLAT_JAVA_OPTS:-} -cp "$JAR:$W/classes" dev.plat.bench.GatewayBenchMain "$ORIGIN" \
  --http-port "$PLAT_PORT" --data-dir "$W/data" --auth-token "$TOKEN" --node-id bench \
  --webroot "$PLAT_HOME/webroot" "${PLAT_TLS[@]}" >"$W/plat.log" 2>&1 & PLAT_PID=$!; track $PLAT_PID

TARGETS="nginx haproxy plat"
if [ -n "${VERTX_PATH:-}" ]; then  # the same gateway with the HTTP/1.x fast path off, for comparison
  VERTX_PORT=$(free_port)
  mkdir -p "$W/data-vertx"
  java @"$PLAT_HOME/node/jvm.options" ${PLAT_JAVA_OPTS:-} -cp "$JAR:$W/classes" dev.plat.bench.GatewayBenchMain "$ORIGIN" \
    --http-port "$VERTX_PORT" --data-dir "$W/data-vertx" --auth-token "$TOKEN" --node-id bench-vertx --fast-path false \
    --webroot "$PLAT_HOME/webroot" "${PLAT_TLS[@]}" >"$W/plat-vertx.log" 2>&1 & VERTX_PID=$!; track $VERTX_PID
  TARGETS="$TARGETS plat-vertx"
fi

if [ -n "${BEFORE_JAR:-}" ]; then  # another build's gateway (its own GatewayBenchMain.java), measured in the same rounds
  mkdir -p "$W/classes-before" "$W/data-before"
  cp "$BEFORE_JAR" "$W/plat-before.jar"
  javac -cp "$W/plat-before.jar" -d "$W/classes-before" "${BEFORE_SRC:?BEFORE_SRC: the GatewayBenchMain.java of that build}"
  BEFORE_PORT=$(free_port)
  java @"$PLAT_HOME/node/jvm.options" ${PLAT_JAVA_OPTS:-} -cp "$W/plat-before.jar:$W/classes-before" \
    dev.plat.bench.GatewayBenchMain "$ORIGIN" --http-port "$BEFORE_PORT" --data-dir "$W/data-before" --auth-token "$TOKEN" \
    --node-id bench-before --webroot "$PLAT_HOME/webroot" "${PLAT_TLS[@]}" >"$W/plat-before.log" 2>&1 & BEFORE_PID=$!; track $BEFORE_PID
  TARGETS="$TARGETS plat-before"
fi

for p in "$NGINX_PORT" "$HAPROXY_PORT" "$PLAT_PORT" ${VERTX_PORT:-} ${BEFORE_PORT:-}; do
  wait_for 30 curl -sfk -H "Authorization: Bearer $TOKEN" "$SCHEME://127.0.0.1:$p/function/bench/" \
    || { cat "$W/plat.log" >&2; die "nothing answers on port $p"; }
done
for p in "$NGINX_PORT" "$HAPROXY_PORT" "$PLAT_PORT" ${VERTX_PORT:-} ${BEFORE_PORT:-}; do  # auth really is on everywhere
  code=$(curl -sk -o /dev/null -w '%{http_code}' "$SCHEME://127.0.0.1:$p/function/bench/")
  [ "$code" = 401 ] || die "port $p answered $code without a token, not 401"
done

export BENCH_TOKEN=$TOKEN
# run_wrk NAME PORT PID CONNS SECONDS -> "req/s p50 p99 cpu_us_per_req errors"
run_wrk() {
  local name=$1 port=$2 pid=$3 c=$4 secs=$5 before after out
  before=$(cpu_ticks "$pid")
  out=$(wrk -t"$THREADS" -c"$c" -d"${secs}s" --latency -s "$BENCH_HOME/wrk-report.lua" \
    "$SCHEME://127.0.0.1:$port/function/bench/" | grep '^RESULT')
  after=$(cpu_ticks "$pid")
  read -r _ n rps p50 p99 non2xx errs <<<"$out"
  local tck; tck=$(getconf CLK_TCK)
  echo "$rps $p50 $p99 $(( (after - before) * 1000000 / tck / (n > 0 ? n : 1) )) $(( non2xx + errs ))"
}

# JIT warm-up in runs of 5 s over each connection count, so connecting and closing are compiled too:
# after one long run, C2 was still compiling those paths during the measured runs (0.5-0.7 s of C2
# CPU per 10 s run, from the JVM threads' /proc stat), taking CPU from the proxy on these 2 cores.
log "JIT warm-up of the Plat gateway (${JIT_WARMUP} s in runs of 5 s)"
for _ in $(seq 1 $(( (JIT_WARMUP + 4) / 5 ))); do
  for c in $CONNS; do
    run_wrk plat "$PLAT_PORT" "$PLAT_PID" "$c" 5 >/dev/null
    [ -z "${VERTX_PID:-}" ] || run_wrk plat-vertx "$VERTX_PORT" "$VERTX_PID" "$c" 5 >/dev/null
    [ -z "${BEFORE_PID:-}" ] || run_wrk plat-before "$BEFORE_PORT" "$BEFORE_PID" "$c" 5 >/dev/null
  done
done
# the profile covers the measured runs only, not the warm-up
[ -z "${PROFILE:-}" ] || jcmd "$PLAT_PID" JFR.start name=bench settings=profile >/dev/null

echo "### warm path${TLS:+ over TLS} ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
machine
echo "- wrk -t$THREADS -cC -d${DURATION}s --latency (after ${WARMUP} s warm-up each; Plat also had ${JIT_WARMUP} s of JIT warm-up per connection count, in runs of 5 s), GET /function/bench/ with a bearer token; origin: nginx, 1 worker, return 200 \"ok\" on a unix socket"
echo "- wrk, the proxy under test and the origin share the same $(nproc) cores; others' builds may run too (see load)"
echo
echo "| round | conns | proxy | req/s | p50 ms | p99 ms | CPU µs/req (proxy) | errors | req/s vs nginx | p99 vs nginx |"
echo "|---|---|---|---|---|---|---|---|---|---|"
SUMMARY=$W/summary.txt
for r in $(seq 1 "$ROUNDS"); do
  # odd rounds run the targets in order, even rounds in reverse, so a drift of the host's speed
  # within a round does not favour one of them; ratios are to nginx's run of the same round
  order=$TARGETS
  [ $((r % 2)) = 1 ] || order=$(echo "$TARGETS" | tr ' ' '\n' | tac | xargs)
  for c in $CONNS; do
    declare -A ROW=()
    for target in $order; do
      case $target in
        nginx) port=$NGINX_PORT pid=$NGINX_PID ;;
        haproxy) port=$HAPROXY_PORT pid=$HAPROXY_PID ;;
        plat) port=$PLAT_PORT pid=$PLAT_PID ;;
        plat-vertx) port=$VERTX_PORT pid=$VERTX_PID ;;
        plat-before) port=$BEFORE_PORT pid=$BEFORE_PID ;;
      esac
      run_wrk "$target" "$port" "$pid" "$c" "$WARMUP" >/dev/null
      ROW[$target]=$(run_wrk "$target" "$port" "$pid" "$c" "$DURATION")
      read -r rps p50 p99 cpu errs <<<"${ROW[$target]}"
      log "round $r c=$c $target: $rps req/s p50 $p50 p99 $p99 ms, ${cpu} µs CPU/req, $errs errors"
    done
    read -r base_rps _ base_p99 _ <<<"${ROW[nginx]}"
    for target in $TARGETS; do
      read -r rps p50 p99 cpu errs <<<"${ROW[$target]}"
      ratio=$(python3 -c "print(f'{$rps/$base_rps:.2f}x', f'{$p99/$base_p99:.2f}x')")
      echo "| $r | $c | $target | $rps | $p50 | $p99 | $cpu | $errs | ${ratio% *} | ${ratio#* } |"
      echo "$c $target $rps $p50 $p99 $cpu $r" >>"$SUMMARY"
    done
  done
done
echo
echo "Medians over the rounds:"
echo
python3 - "$SUMMARY" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
med = {}
ratios = {}
base_of = {(c, r): float(v[0]) for c, t, *v, r in rows if t == "nginx"}
for c, t, *v, r in rows:
    med.setdefault((c, t), []).append([float(x) for x in v])
    ratios.setdefault((c, t), []).append(float(v[0]) / base_of[(c, r)])
print("| conns | proxy | req/s | p50 ms | p99 ms | CPU µs/req | req/s vs nginx | req/s vs nginx of the same round: median (range) | p99 vs nginx | CPU/req vs nginx |")
print("|---|---|---|---|---|---|---|---|---|---|")
for c in dict.fromkeys(r[0] for r in rows):
    base = [statistics.median(x) for x in zip(*med[(c, "nginx")])]
    for t in [t for t in ("nginx", "haproxy", "plat", "plat-vertx", "plat-before") if (c, t) in med]:
        m = [statistics.median(x) for x in zip(*med[(c, t)])]
        q = ratios[(c, t)]
        print(f"| {c} | {t} | {m[0]:.0f} | {m[1]:.2f} | {m[2]:.2f} | {m[3]:.0f} | {m[0]/base[0]:.2f}x "
              f"| {statistics.median(q):.2f}x ({min(q):.2f}-{max(q):.2f}, {sum(x >= 1 for x in q)} of {len(q)} >= 1.0) "
              f"| {m[2]/base[2]:.2f}x | {m[3]/base[3]:.2f}x |")
    m = [statistics.median(x) for x in zip(*med[(c, "plat")])]
    rps_met = m[0] >= base[0] and statistics.median(ratios[(c, "plat")]) >= 1.0
    print(f"| {c} | target (Plat >= 1.0x req/s by both medians, p99 <= 1.2x) | | | | | {'met' if rps_met else 'NOT met'} | | {'met' if m[2] <= 1.2 * base[2] else 'NOT met'} | |")
PY
echo
echo "- load after the run: $(uptime | sed 's/.*load average/load average/')"
echo "- Plat JVM: $(java -version 2>&1 | head -1), flags: $(grep -v '^#' "$PLAT_HOME/node/jvm.options" | xargs) ${PLAT_JAVA_OPTS:-}; peak RSS $(awk '/VmHWM/ {print $2/1024 " MiB"}' /proc/$PLAT_PID/status)"
if [ -n "${PROFILE:-}" ]; then
  jcmd "$PLAT_PID" JFR.dump name=bench filename="$W/plat.jfr" >/dev/null
  echo
  echo "JFR profile of the Plat gateway (Java samples only; kernel time in syscalls is not sampled):"
  echo
  jfr print --stack-depth 200 --events jdk.ExecutionSample "$W/plat.jfr" | python3 "$BENCH_HOME/jfr-layers.py"
fi
