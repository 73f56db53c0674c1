"""unpause-floor.py CONTAINER SOCKET [engine|freezer]: resumes the paused CONTAINER, then polls
GET /_/health on the unix socket SOCKET until 200; prints the milliseconds both took, measured in
this one process (no process start in the figure). Bounded: fails after 10 s.
  engine (default): CONTAINER was paused with `docker pause`; resumed with the Engine API
                    POST /containers/ID/unpause.
  freezer:          CONTAINER runs; this script freezes it through its cgroup freezer (untimed),
                    then resumes it by writing the freezer (cgroup v1 freezer.state THAWED, v2
                    cgroup.freeze 0), as Plat's controller does with pauseMode auto/freezer."""
import http.client
import json
import os
import socket
import sys
import time


class UnixConnection(http.client.HTTPConnection):
    def __init__(self, path):
        super().__init__("localhost", timeout=10)
        self.unix_path = path

    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(10)
        self.sock.connect(self.unix_path)


def request(path, method, url):
    conn = UnixConnection(path)
    try:
        conn.request(method, url)
        response = conn.getresponse()
        body = response.read()
        return response.status, body
    finally:
        conn.close()


def freezer_file(container):
    """(file, frozen, thawed) of the container's freezer, from its main pid's /proc/PID/cgroup."""
    status, body = request("/var/run/docker.sock", "GET", f"/containers/{container}/json")
    if status != 200:
        sys.exit(f"inspect answered {status}")
    info = json.loads(body)
    lines = open(f"/proc/{info['State']['Pid']}/cgroup").read().splitlines()
    for line in lines:
        _, controllers, path = line.split(":", 2)
        if "freezer" in controllers.split(","):
            return f"/sys/fs/cgroup/freezer{path}/freezer.state", "FROZEN", "THAWED"
    for line in lines:
        if line.startswith("0::"):
            return f"/sys/fs/cgroup{line[3:]}/cgroup.freeze", "1", "0"
    sys.exit("no freezer cgroup found")


def write(path, value):
    with open(path, "w") as f:
        f.write(value)


container, fn_socket = sys.argv[1], sys.argv[2]
mode = sys.argv[3] if len(sys.argv) > 3 else "engine"
if mode == "freezer":
    path, frozen, thawed = freezer_file(container)
    write(path, frozen)
    deadline = time.perf_counter() + 10
    while path.endswith("freezer.state") and open(path).read().strip() != frozen:
        if time.perf_counter() > deadline:
            sys.exit("not frozen in 10 s")
        time.sleep(0.001)
    time.sleep(0.2)
t0 = time.perf_counter()
if mode == "freezer":
    write(path, thawed)
else:
    status, _ = request("/var/run/docker.sock", "POST", f"/containers/{container}/unpause")
    if status != 204:
        sys.exit(f"unpause answered {status}")
while request(fn_socket, "GET", "/_/health")[0] != 200:
    if time.perf_counter() - t0 > 10:
        sys.exit("no health answer 10 s after unpause")
print(round((time.perf_counter() - t0) * 1000, 1))
