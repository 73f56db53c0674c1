# Test fixture for runtimes/test-runtimes.sh: exercises the handle(req) contract.
import os
import time


def handle(req):
    p = req.path
    if p == "/echo":
        return {"method": req.method, "path": p, "query": req.query,
                "x_test": req.headers.get("X-Test"), "version": "v2"}
    if p == "/status":
        return "created", 201, {"X-Plat": "yes"}
    if p == "/bytes":
        return b"\x00\x01\x02"
    if p == "/none":
        return None
    if p == "/boom":
        raise ValueError("boom")
    if p == "/env":
        return {"function": os.environ.get("PLAT_FUNCTION"), "version": os.environ.get("PLAT_VERSION"),
                "user": os.environ.get("MY_VAR"), "uid": os.getuid()}
    if p == "/size":
        n = 0
        while True:
            chunk = req.stream.read(65536)
            if not chunk:
                break
            n += len(chunk)
        return {"size": n}
    if p == "/slow":
        time.sleep(int(req.query.get("ms", "1000")) / 1000)
        return "slow done"
    if p == "/json":
        return {"json": req.json()}
    if p == "/write":
        try:
            open("/function/x", "w").close()
            return {"rootfs": "writable"}
        except OSError:
            open("/tmp/x", "w").close()
            return {"rootfs": "read-only"}
    return {"method": req.method, "path": p}
