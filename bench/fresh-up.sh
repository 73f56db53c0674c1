#!/usr/bin/env bash
# Times `./plat up` on a fresh machine: a new Debian bookworm root (debootstrap) with nothing in it
# but Java 17, Maven, git and python3 (what a machine of this kind starts with; no Docker, no
# registry, no Maven cache, no base images), run as root in a chroot of its own that shares this
# machine's network. Prints every line `./plat up` writes with the seconds since its start, then
# the time to serving (the node's /health answering). Needs root and debootstrap.
#
#   bench/fresh-up.sh [ROOT]     (ROOT: the folder for the new root, default /work/fresh; removed first)
#
# The chroot's registry listens on 127.0.0.1:5002 and its gateway on 8080, so that this machine's
# own registry (5000) is left alone; everything started inside is stopped by PID at the end.
set -euo pipefail
ROOT=${1:-/work/fresh}
PLAT_HOME=$(cd "$(dirname "$0")/.." && pwd)
MIRROR=${MIRROR:-http://deb.debian.org/debian}
[ "$(id -u)" = 0 ] || { echo "fresh-up: run as root" >&2; exit 1; }

unmount() { mount | awk -v r="$ROOT" '$3 ~ "^"r {print $3}' | sort -r | xargs -r -n1 umount -l; }
stop_inside() { # the chroot's own daemons, by the PIDs they wrote
  for f in "$ROOT/run/docker.pid" "$ROOT/var/lib/plat-env/registry.pid" "$ROOT/root/node.pid"; do
    [ -f "$f" ] && kill "$(cat "$f")" 2>/dev/null || true
  done
  sleep 3
}
cleanup() { stop_inside; unmount; }
trap cleanup EXIT

unmount; rm -rf "$ROOT"; mkdir -p "$ROOT"
echo "fresh-up: debootstrap of the fresh machine (Java 17, Maven, git, python3; not timed)" >&2
debootstrap --variant=minbase --include=openjdk-17-jdk-headless,maven,git,ca-certificates,python3,procps,curl \
  bookworm "$ROOT" "$MIRROR" >/tmp/fresh-up-debootstrap.log 2>&1
# The root must be a mount point of its own (dockerd remounts it when it unpacks an image).
mount --bind "$ROOT" "$ROOT"
mount -t proc proc "$ROOT/proc"
mount --rbind /sys "$ROOT/sys" && mount --make-rslave "$ROOT/sys"
mount --rbind /dev "$ROOT/dev" && mount --make-rslave "$ROOT/dev"
mount -t tmpfs tmpfs "$ROOT/run"
# What this machine's kind gives every machine: its package sources and the CA of its network.
cp /etc/resolv.conf "$ROOT/etc/"
cp /etc/apt/apt.conf.d/99artifact-registry "$ROOT/etc/apt/apt.conf.d/" 2>/dev/null || true
if [ -f /etc/apt/sources.list.d/debian.sources ]; then
  cp /etc/apt/sources.list.d/debian.sources "$ROOT/etc/apt/sources.list.d/" && rm -f "$ROOT/etc/apt/sources.list"
fi
cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/" 2>/dev/null || true
chroot "$ROOT" update-ca-certificates >/dev/null 2>&1
git clone -q "$PLAT_HOME" "$ROOT/root/plat"

cat >"$ROOT/root/up.py" <<'PY'
import os, subprocess, sys, threading, time, urllib.request
start = time.time()
env = dict(os.environ, PLAT_REGISTRY_ADDR="127.0.0.1:5002")
p = subprocess.Popen(["./plat", "up", "--registry", "127.0.0.1:5002"], cwd="/root/plat", env=env,
                     stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
open("/root/node.pid", "w").write(str(p.pid))

def echo():
    for line in p.stdout:
        print(f"{time.time() - start:6.1f} {line}", end="", flush=True)
threading.Thread(target=echo, daemon=True).start()
while p.poll() is None:
    try:
        urllib.request.urlopen("http://127.0.0.1:8080/health", timeout=1)
        print(f"fresh-up: serving after {time.time() - start:.1f} s", flush=True)
        break
    except Exception:
        time.sleep(0.2)
served = p.poll() is None
p.terminate()
sys.exit(0 if served else 1)
PY
echo "fresh-up: ./plat up in the fresh machine (timed)" >&2
chroot "$ROOT" /usr/bin/python3 /root/up.py
