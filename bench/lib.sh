# Shared helpers of the benchmarks. Sourced, not run.
# Every process a script starts is recorded with `track PID` and every container with
# `track_container NAME`; the EXIT trap stops them by PID / removes them by name, nothing else.
BENCH_HOME=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
PLAT_HOME=$(cd "$BENCH_HOME/.." && pwd)
TRACKED_PIDS=()
TRACKED_CONTAINERS=()
TRACKED_DIRS=()
ON_EXIT=()
TRACKED_NODES=()

log() { printf '[bench] %s\n' "$*" >&2; }
die() { printf '[bench] ERROR: %s\n' "$*" >&2; exit 1; }
need() { command -v "$1" >/dev/null || die "'$1' is missing: $2"; }

track() { TRACKED_PIDS+=("$1"); }
track_container() { TRACKED_CONTAINERS+=("$1"); }
# on_exit 'COMMAND': run by the EXIT trap before the tracked processes are stopped.
on_exit() { ON_EXIT+=("$1"); }

# stop_pid PID: SIGTERM, up to 10 s for it to exit, then SIGKILL. Only PIDs this script started.
stop_pid() {
  local pid=$1 i
  kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null || true
  for i in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || return 0; sleep 0.2; done
  kill -KILL "$pid" 2>/dev/null || true
}

cleanup() {
  local rc=$? i
  for i in "${ON_EXIT[@]}"; do eval "$i" || true; done
  for (( i=${#TRACKED_PIDS[@]}-1; i>=0; i-- )); do stop_pid "${TRACKED_PIDS[$i]}"; done
  for c in "${TRACKED_CONTAINERS[@]}"; do docker rm -f "$c" >/dev/null 2>&1 || true; done
  for n in "${TRACKED_NODES[@]}"; do  # what a bench node left behind (its own node id only)
    docker ps -aq --filter "label=plat.node=$n" | xargs -r docker rm -f >/dev/null 2>&1 || true
  done
  if [ -z "${BENCH_KEEP:-}" ]; then
    for d in "${TRACKED_DIRS[@]}"; do rm -rf "$d"; done
  else
    log "kept ${TRACKED_DIRS[*]}"
  fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# bench_dir: sets W to a fresh work folder under /tmp (short: unix socket paths are limited to 107 bytes).
bench_dir() {
  W=$(mktemp -d /tmp/platb.XXXXXX)
  TRACKED_DIRS+=("$W")
}

# wait_for SECONDS CMD...: retry CMD every 50 ms until it succeeds; fails when time runs out.
wait_for() {
  local deadline=$(( $(date +%s%N) + $1 * 1000000000 )); shift
  until "$@" >/dev/null 2>&1; do
    [ "$(date +%s%N)" -ge "$deadline" ] && return 1
    sleep 0.05
  done
}

# machine: one markdown block describing where and when the figures were taken.
machine() {
  echo "- machine: $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)), $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
  echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'), commit $(git -C "$PLAT_HOME" rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "- load before the run: $(uptime | sed 's/.*load average/load average/')"
}

# node_jar DIR: a private copy of the node jar (others may rebuild node/target while we run).
node_jar() {
  local jar=$PLAT_HOME/node/target/plat-node.jar
  [ -f "$jar" ] || die "no $jar: build it first (cd $PLAT_HOME && mvn -B -q -DskipTests package)"
  cp "$jar" "$1/plat-node.jar"
  echo "$1/plat-node.jar"
}

# cli_jar DIR: the same for the CLI.
cli_jar() {
  local jar=$PLAT_HOME/cli/target/plat-cli.jar
  [ -f "$jar" ] || die "no $jar: build it first (cd $PLAT_HOME && mvn -B -q -DskipTests package)"
  cp "$jar" "$1/plat-cli.jar"
  echo "$1/plat-cli.jar"
}

# free_port: a free TCP port on 127.0.0.1.
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# start_origin DIR: the instance the data-plane benchmarks proxy to: nginx, one worker, 200 "ok" on
# the unix socket DIR/origin.sock (its path in ORIGIN), kept alive; stopped at exit.
start_origin() {
  mkdir -p "$1"
  ORIGIN=$1/origin.sock
  cat > "$1/nginx.conf" <<CONF
daemon off; worker_processes 1; user root; pid $1/nginx.pid; error_log $1/error.log warn;
events { worker_connections 4096; }
http { access_log off; keepalive_requests 1000000; keepalive_timeout 300s;
  server { listen unix:$ORIGIN; location / { return 200 "ok"; } } }
CONF
  nginx -c "$1/nginx.conf" -p "$1" & track $!
  wait_for 5 test -S "$ORIGIN" || die "origin did not start"
}

# cpu_budget PID CPUS: PID (all its threads) may use at most CPUS cores, as if alone on a host of
# that size: a CPU cgroup of its own (v2 cpu.max or v1 cfs quota, 10 ms periods so that throttling
# stalls no request for long), removed at exit. Needs root and a writable /sys/fs/cgroup.
cpu_budget() {
  local pid=$1 cpus=$2 g quota
  quota=$(python3 -c "print(int($cpus * 10000))")
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    g=/sys/fs/cgroup/plat-bench-$pid
    grep -qw cpu /sys/fs/cgroup/cgroup.subtree_control || echo +cpu > /sys/fs/cgroup/cgroup.subtree_control
    mkdir "$g" && echo "$quota 10000" > "$g/cpu.max"
  else
    g=/sys/fs/cgroup/cpu/plat-bench-$pid
    mkdir "$g" && echo 10000 > "$g/cpu.cfs_period_us" && echo "$quota" > "$g/cpu.cfs_quota_us"
  fi
  echo "$pid" > "$g/cgroup.procs"
  on_exit "rmdir $g 2>/dev/null || true"
}
# cpu_budget_end PID: PID back in the root CPU group, unbudgeted.
cpu_budget_end() {
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then echo "$1" > /sys/fs/cgroup/cgroup.procs
  else echo "$1" > /sys/fs/cgroup/cpu/cgroup.procs; fi
}

# cpu_ticks PID: user+system clock ticks of PID and its direct children (nginx workers).
cpu_ticks() {
  local total=0 p
  for p in "$1" $(ps -o pid= --ppid "$1" 2>/dev/null); do
    [ -r "/proc/$p/stat" ] || continue
    total=$(( total + $(awk '{sub(/^.*\) /, ""); print $12 + $13}' "/proc/$p/stat") ))
  done
  echo "$total"
}

# cpu_split PID: "user system" clock ticks of PID alone.
cpu_split() { awk '{sub(/^.*\) /, ""); print $12, $13}' "/proc/$1/stat"; }

# split_per_req "USER SYS" "USER SYS" N: the CPU between two cpu_split readings per request, as
# "user+system" µs, e.g. 3.1+6.7.
split_per_req() {
  python3 -c "import os,sys; a=sys.argv[1].split(); b=sys.argv[2].split(); t=1e6/os.sysconf('SC_CLK_TCK')/int(sys.argv[3]); print(f'{(int(b[0])-int(a[0]))*t:.1f}+{(int(b[1])-int(a[1]))*t:.1f}')" "$1" "$2" "$3"
}

# stats "v1 v2 ...": p50 p90 max of a list of numbers (nearest-rank).
stats() {
  python3 - "$@" <<'PY'
import math, sys
v = sorted(float(x) for x in sys.argv[1].split())
def pct(p): return v[max(0, math.ceil(p / 100 * len(v)) - 1)]
print(f"{pct(50):.0f} {pct(90):.0f} {v[-1]:.0f}")
PY
}

# ms_since NS: milliseconds since the nanosecond timestamp NS (from date +%s%N).
ms_since() { echo $(( ( $(date +%s%N) - $1 ) / 1000000 )); }

# start_node NAME [node flags...]: a Plat node of its own (own node id, cluster name, ports and
# data dir under $W, so it never touches another node's containers); sets NODE_PID, API_URL,
# AUTH_TOKEN. JVM flags: node/jvm.options (as ./plat up) plus NODE_JAVA_OPTS. Its log: $W/node.log.
start_node() {
  local name=$1; shift
  local jar; jar=$(node_jar "$W")
  local http; http=$(free_port)
  AUTH_TOKEN=bench-$RANDOM$RANDOM
  API_URL=http://127.0.0.1:$http
  export AUTH_TOKEN API_URL
  java @"$PLAT_HOME/node/jvm.options" ${NODE_JAVA_OPTS:-} -jar "$jar" --node-id "$name" --cluster-name "$name" --data-dir "$W/node" \
    --http-port "$http" --proxy-port "$(free_port)" --cluster-port "$(free_port)" --auth-token "$AUTH_TOKEN" \
    --runtimes-dir "$PLAT_HOME/runtimes" --webroot "$PLAT_HOME/webroot" "$@" >"$W/node.log" 2>&1 &
  NODE_PID=$!; track "$NODE_PID"; TRACKED_NODES+=("$name")
  wait_for 60 curl -sf "$API_URL/health" || { tail -30 "$W/node.log" >&2; die "the node did not start"; }
}

# plat ARGS...: the CLI through the ./plat launcher (its JVM flags and startup archive, made by the
# first call beside the private jar copy), against the node of start_node.
plat() {
  [ -f "$W/plat-cli.jar" ] || cli_jar "$W" >/dev/null
  PLAT_CLI_JAR="$W/plat-cli.jar" "$PLAT_HOME/plat" "$@"
}

# fn_json NAME: GET /api/functions/NAME.
fn_json() { curl -sf -H "Authorization: Bearer $AUTH_TOKEN" "$API_URL/api/functions/$1"; }

# instance_states NAME: the states of its instances, space separated ("" when none).
instance_states() {
  fn_json "$1" | python3 -c 'import json,sys; print(" ".join(i["state"].lower() for i in json.load(sys.stdin).get("instances", [])))'
}

# remove_function NAME: deletes the function on the bench node (its containers go with it) and
# its local images (127.0.0.1:5000/plat/NAME:*).
remove_function() {
  curl -s -o /dev/null --max-time 30 -X DELETE -H "Authorization: Bearer $AUTH_TOKEN" "$API_URL/api/functions/$1" || true
  local images; images=$(docker images -q "127.0.0.1:5000/plat/$1" | sort -u)
  [ -z "$images" ] || docker rmi -f $images >/dev/null 2>&1 || true
}
