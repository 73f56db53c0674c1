"""unpause-floor.py CONTAINER SOCKET: unpauses CONTAINER through the Docker Engine API, then polls
GET /_/health on the unix socket SOCKET until 200; prints the milliseconds both took, measured in
this one process (no process start in the figure). Bounded: fails after 10 s."""
import http.client
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
        response.read()
        return response.status
    finally:
        conn.close()


container, fn_socket = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
status = request("/var/run/docker.sock", "POST", f"/containers/{container}/unpause")
if status != 204:
    sys.exit(f"unpause answered {status}")
while request(fn_socket, "GET", "/_/health") != 200:
    if time.perf_counter() - t0 > 10:
        sys.exit("no health answer 10 s after unpause")
print(round((time.perf_counter() - t0) * 1000, 1))
