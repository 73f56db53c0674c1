# Test fixture for runtimes/test-runtimes.sh (pool mode): the env is read when the module loads,
# so a pool container must apply the spec's env before it loads the code.
import os

AT_LOAD = os.environ.get("MY_VAR")


def handle(req):
    return {"at_load": AT_LOAD, "user": os.environ.get("MY_VAR"), "function": os.environ.get("PLAT_FUNCTION"),
            "version": os.environ.get("PLAT_VERSION"), "cwd": os.getcwd(), "method": req.method, "path": req.path}
