# gunicorn settings for a Plat function instance; every knob comes from the environment.
import os


def _int(name, default):
    try:
        return int(os.environ.get(name, "") or default)
    except ValueError:
        return default


def _tmp_dir():
    # gunicorn's worker heartbeat file: needs a writable dir on a read-only root fs.
    for d in (os.environ.get("PLAT_TMPDIR"), "/dev/shm", "/tmp"):
        if d and os.path.isdir(d) and os.access(d, os.W_OK):
            return d
    return None


bind = "unix:" + os.environ.get("PLAT_SOCKET", "/run/plat/fn.sock")
umask = 0o111                        # the socket is created 0666: connectable by the host
worker_class = "gthread"
workers = max(1, _int("PLAT_WORKERS", 2))
threads = max(1, _int("PLAT_THREADS", 4))
timeout = _int("PLAT_TIMEOUT", 300)
graceful_timeout = _int("PLAT_GRACEFUL_TIMEOUT", 30)
keepalive = _int("PLAT_KEEPALIVE", 75)   # keep the proxy's pooled connections open
worker_tmp_dir = _tmp_dir()
preload_app = os.environ.get("PLAT_PRELOAD", "1") != "0"   # load the code once; a broken function exits at once
chdir = os.environ.get("PLAT_FUNCTION_DIR", "/function")
pythonpath = "/opt/plat"
errorlog = "-"
accesslog = "-" if os.environ.get("PLAT_ACCESS_LOG", "0") == "1" else None
loglevel = os.environ.get("PLAT_LOG_LEVEL", "info")
proc_name = "plat-" + os.environ.get("PLAT_FUNCTION", "function")
