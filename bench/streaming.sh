#!/usr/bin/env bash
# Streaming: 1 GiB up and 1 GiB down through Plat (node at -Xmx64m) vs the same through nginx
# proxying to the same function instance's unix socket, in this run; throughput, ratio, and the
# node's peak heap (jstat every 200 ms) and RSS.
#
#   bench/streaming.sh            # MB=1024 ROUNDS=3
#
# Needs dockerd + registry + base images (scripts/ensure-env.sh), nginx, java 17 (jstat),
# node/target/plat-node.jar and cli/target/plat-cli.jar.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
MB=${MB:-1024}
ROUNDS=${ROUNDS:-3}
need docker "scripts/ensure-env.sh"
need nginx "apt-get install -y nginx-light"
need jstat "apt-get install -y openjdk-17-jdk-headless"
bench_dir
FN=bstream$RANDOM
NODE_JAVA_OPTS="-Xmx64m ${NODE_JAVA_OPTS:-}" start_node "bench-stream-$$" --pause-after-seconds 0 --idle-timeout-seconds 0

cd "$W"
plat init --runtime python-flask "$FN" >/dev/null
cat > "$FN/handler.py" <<'PY'
CHUNK = b"\0" * (1 << 20)


def handle(req):
    if req.method == "POST":  # upload: count the bytes as they stream in
        n = 0
        while True:
            chunk = req.stream.read(1 << 20)
            if not chunk:
                break
            n += len(chunk)
        return {"bytes": n}

    def chunks(count):  # download: COUNT chunks of 1 MiB, generated as they are sent
        for _ in range(count):
            yield CHUNK
    return chunks(int(req.query.get("mb", "1")))
PY
python3 - "$FN/plat.json" <<'PY'
import json, sys
m = json.load(open(sys.argv[1])); m["scaling"] = {"min": 1, "max": 1}; m["limits"] = {"timeoutSeconds": 300}
json.dump(m, open(sys.argv[1], "w"))
PY
on_exit "remove_function $FN"
plat deploy "$FN" --timeout 120 >"$W/deploy.log" 2>&1 || { cat "$W/deploy.log" >&2; die "deploy failed"; }
INSTANCE=$(fn_json "$FN" | python3 -c 'import json,sys; print(json.load(sys.stdin)["instances"][0]["id"])')
SOCKET=$W/node/sockets/$INSTANCE/fn.sock
[ -S "$SOCKET" ] || die "no instance socket at $SOCKET"

# nginx in front of the same socket, streaming both ways (no request or response buffering)
NGINX_PORT=$(free_port)
mkdir -p "$W/nginx"
cat > "$W/nginx/nginx.conf" <<CONF
daemon off; worker_processes auto; user root; pid $W/nginx/nginx.pid; error_log $W/nginx/error.log warn;
events { worker_connections 1024; }
http { access_log off; client_max_body_size 0;
  upstream fn { server unix:$SOCKET; keepalive 16; }
  server { listen 127.0.0.1:$NGINX_PORT;
    location /function/$FN/ { proxy_pass http://fn/; proxy_http_version 1.1; proxy_set_header Connection "";
      proxy_request_buffering off; proxy_buffering off; client_body_buffer_size 64k; proxy_buffer_size 64k; proxy_buffers 8 64k; proxy_busy_buffers_size 128k; proxy_read_timeout 300s; proxy_send_timeout 300s; } } }
CONF
nginx -c "$W/nginx/nginx.conf" -p "$W/nginx" & track $!
wait_for 10 curl -sf "http://127.0.0.1:$NGINX_PORT/function/$FN/?mb=1" || die "nginx does not answer"

# heap and RSS of the node, sampled every 200 ms while the transfers run
jstat -gc "$NODE_PID" 200 >"$W/jstat.log" 2>&1 & JSTAT_PID=$!; track $JSTAT_PID
( while kill -0 "$NODE_PID" 2>/dev/null; do awk '/VmRSS/ {print $2}' "/proc/$NODE_PID/status"; sleep 0.2; done ) \
  >"$W/rss.log" 2>/dev/null & track $!

BYTES=$(( MB * 1048576 ))
# up URL: POSTs MB MiB streamed from /dev/zero (chunked), checks the count; prints MiB/s
up() {
  local out
  out=$(head -c "$BYTES" /dev/zero | curl -sS -X POST -T - -H "Authorization: Bearer $AUTH_TOKEN" \
    -H 'Content-Type: application/octet-stream' --max-time 600 -w ' %{time_total}' "$1")
  [[ "$out" == *"\"bytes\": $BYTES"* || "$out" == *"\"bytes\":$BYTES"* ]] || die "upload to $1 answered: $out"
  python3 -c "print(round($MB / ${out##* }, 1))"
}
# down URL: GETs MB MiB; checks the size; prints MiB/s
down() {
  local out
  out=$(curl -sS -o /dev/null -H "Authorization: Bearer $AUTH_TOKEN" --max-time 600 \
    -w '%{size_download} %{time_total}' "$1?mb=$MB")
  [ "${out% *}" = "$BYTES" ] || die "download from $1 got ${out% *} bytes"
  python3 -c "print(round($MB / ${out#* }, 1))"
}

# untimed warm-up, 128 MiB each way through both: the JIT compiles the node's streaming path first
(MB=128 BYTES=$(( 128 * 1048576 )); for u in "http://127.0.0.1:$NGINX_PORT/function/$FN/" "$API_URL/function/$FN/"; do
  up "$u" >/dev/null; down "$u" >/dev/null; done)

echo "### streaming ($(date -u '+%Y-%m-%d %H:%M UTC'))"
echo
machine
echo "- $MB MiB up (curl -T - from /dev/zero, chunked) and down (generator of 1 MiB chunks) per transfer, $ROUNDS rounds after an untimed 128 MiB warm-up each way; python-flask function (gunicorn gthread) on its unix socket"
echo "- Plat: node with -Xmx64m, \`curl \$API_URL/function/$FN/\` (gateway + auth + proxy); nginx: worker_processes auto, proxy_request_buffering off, proxy_buffering off, 64 KiB client body and proxy buffers (the same piece size as Plat), to the same instance socket"
echo
echo "| round | direction | nginx MiB/s | Plat MiB/s | Plat / nginx |"
echo "|---|---|---|---|---|"
for r in $(seq 1 "$ROUNDS"); do
  for dir in up down; do
    n=$($dir "http://127.0.0.1:$NGINX_PORT/function/$FN/")
    p=$($dir "$API_URL/function/$FN/")
    echo "| $r | $dir | $n | $p | $(python3 -c "print(f'{$p/$n:.2f}x')") |"
    echo "$dir $n $p" >>"$W/rates"
    log "round $r $dir: nginx $n MB/s, Plat $p MB/s"
  done
done
python3 - "$W/rates" <<'PY'
import statistics, sys
rows = [l.split() for l in open(sys.argv[1])]
for d in ("up", "down"):
    n = statistics.median(float(r[1]) for r in rows if r[0] == d)
    p = statistics.median(float(r[2]) for r in rows if r[0] == d)
    print(f"| median | {d} | {n:.1f} | {p:.1f} | {p / n:.2f}x |")
PY
stop_pid "$JSTAT_PID"
# jstat -gc columns: S0C S1C S0U S1U EC EU OC OU ... (KB); used heap = S0U + S1U + EU + OU
HEAP=$(awk '$1 ~ /^[0-9.]+$/ { u = $3 + $4 + $6 + $8; if (u > m) m = u } END { printf "%.1f", m / 1024 }' "$W/jstat.log")
RSS=$(sort -n "$W/rss.log" | tail -1)
echo
echo "- node peak heap used while streaming: $HEAP MiB (of -Xmx64m; jstat -gc every 200 ms); peak RSS while streaming: $(( RSS / 1024 )) MiB; VmHWM since start: $(awk '/VmHWM/ {printf "%d MiB", $2/1024}' /proc/$NODE_PID/status)"
echo "- load after the run: $(uptime | sed 's/.*load average/load average/')"
