"""Plat python-flask shim: wraps the user's function in a WSGI app that gunicorn serves on the
instance's unix socket ($PLAT_SOCKET).

The user's code lives in $PLAT_FUNCTION_DIR (/function) and is one of:
  * handler.py with ``def handle(req)``            -> called for every request (any method, any path)
  * handler.py or app.py exposing a WSGI ``app``    -> e.g. a Flask app, served as is

``GET /_/health`` is answered here, before the user's code, with 200 {"status":"ok"}.
"""
import datetime
import decimal
import glob
import importlib
import json
import os
import site
import sys
import tempfile
import threading
import traceback

from flask import Flask, Response, stream_with_context
from flask import request as _flask_request
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response as WerkzeugResponse

FUNCTION_DIR = os.environ.get("PLAT_FUNCTION_DIR", "/function")
HEALTH_PATH = "/_/health"
SPECIALIZE_PATH = "/_/specialize"
SPECIALIZED_MARK = os.path.join(tempfile.gettempdir(), ".plat-specialized")
HEALTH_BODY = b'{"status":"ok"}'
# Largest body req.body / req.json() will buffer (req.stream is not limited). 0 = no limit.
MAX_BODY = int(os.environ.get("PLAT_MAX_BODY_BYTES", "") or 64 * 1024 * 1024)


class FunctionBadRequest(Exception):
    """Raised by the request helpers for a client error (bad JSON, body too large)."""

    def __init__(self, message, status=400, code="bad_request"):
        super().__init__(message)
        self.status = status
        self.code = code


class Headers(dict):
    """Request headers: a dict with lower-case keys; lookups are case-insensitive."""

    def __getitem__(self, key):
        return super().__getitem__(key.lower())

    def __contains__(self, key):
        return isinstance(key, str) and super().__contains__(key.lower())

    def get(self, key, default=None):
        return super().get(key.lower(), default)


class Request:
    """What handle(req) receives.

    method, path, query (dict, first value per key), headers (Headers), body (bytes, read on
    first access), json() (parsed body, None when empty), text(), stream (file-like, to read a
    large body incrementally instead of body), args (all query values), raw (the flask.Request).
    """

    __slots__ = ("raw", "method", "path", "query", "query_string", "args", "headers", "_body")

    def __init__(self, r):
        self.raw = r
        self.method = r.method
        self.path = r.path
        self.args = r.args
        self.query = {k: v for k, v in r.args.items()}
        self.query_string = r.query_string.decode("latin-1")
        h = Headers()
        for k, v in r.headers.items():
            k = k.lower()
            h[k] = h[k] + ", " + v if k in h else v
        self.headers = h
        self._body = None

    @property
    def stream(self):
        return self.raw.stream

    @property
    def body(self):
        if self._body is None:
            length = self.raw.content_length
            if MAX_BODY and length is not None and length > MAX_BODY:
                raise FunctionBadRequest(f"request body larger than {MAX_BODY} bytes", 413, "payload_too_large")
            chunks, total = [], 0
            while True:
                chunk = self.raw.stream.read(64 * 1024)
                if not chunk:
                    break
                total += len(chunk)
                if MAX_BODY and total > MAX_BODY:
                    raise FunctionBadRequest(f"request body larger than {MAX_BODY} bytes", 413, "payload_too_large")
                chunks.append(chunk)
            self._body = b"".join(chunks)
        return self._body

    def text(self):
        return self.body.decode(self.raw.mimetype_params.get("charset", "utf-8"), errors="replace")

    def json(self):
        data = self.body
        if not data.strip():
            return None
        try:
            return json.loads(data)
        except ValueError as e:
            raise FunctionBadRequest(f"request body is not valid JSON: {e}") from None

    def __repr__(self):
        return f"<Request {self.method} {self.path}>"


def _json_default(o):
    if isinstance(o, (datetime.datetime, datetime.date, datetime.time)):
        return o.isoformat()
    if isinstance(o, decimal.Decimal):
        return float(o)
    if isinstance(o, (set, frozenset)):
        return list(o)
    raise TypeError(f"Object of type {type(o).__name__} is not JSON serializable")


def _json_bytes(value):
    return json.dumps(value, ensure_ascii=False, default=_json_default).encode("utf-8")


def _error(status, message, code):
    body = _json_bytes({"error": message, "code": code})
    return Response(body, status=status, content_type="application/json")


def to_response(rv):
    """Turns what handle() returned into a Response (see runtimes/README.md)."""
    status, headers = None, None
    if isinstance(rv, tuple):
        if len(rv) == 2:
            rv, status = rv
        elif len(rv) == 3:
            rv, status, headers = rv
        else:
            raise TypeError("a tuple return must be (body, status) or (body, status, headers)")
    if isinstance(rv, WerkzeugResponse):
        resp = rv
    elif rv is None:
        resp = Response(b"", status=204 if status is None else 200)
    elif isinstance(rv, (bytes, bytearray, memoryview)):
        resp = Response(bytes(rv), content_type="application/octet-stream")
    elif isinstance(rv, str):
        resp = Response(rv.encode("utf-8"), content_type="text/plain; charset=utf-8")
    elif isinstance(rv, (dict, list, int, float, bool)):
        resp = Response(_json_bytes(rv), content_type="application/json")
    elif hasattr(rv, "__iter__") or hasattr(rv, "__next__"):
        # a generator / iterator of str or bytes: streamed as it is produced
        resp = Response(stream_with_context(rv), content_type="application/octet-stream")
    else:
        raise TypeError(f"handle() returned an unsupported type: {type(rv).__name__}")
    if status is not None:
        resp.status_code = int(status)
    if headers:
        items = headers.items() if hasattr(headers, "items") else headers
        for k, v in items:
            resp.headers[k] = str(v)
    return resp


class _HandleApp(Flask):
    """A Flask app without routes: every request, any method and path, goes to handle(req).
    flask.request / flask.g work inside handle()."""

    def __init__(self, handle):
        super().__init__(__name__, static_folder=None)
        self._handle = handle

    def dispatch_request(self):  # replaces URL routing
        r = _flask_request._get_current_object()
        try:
            return to_response(self._handle(Request(r)))
        except FunctionBadRequest as e:
            return _error(e.status, str(e), e.code)
        except HTTPException as e:  # flask.abort(...) in the handler
            return _error(e.code or 500, e.description or e.name, (e.name or "http_error").lower().replace(" ", "_"))
        except Exception as e:
            sys.stderr.write(f"plat: function error on {r.method} {r.path}\n{traceback.format_exc()}")
            sys.stderr.flush()
            return _error(500, f"{type(e).__name__}: {e}", "function_error")


class PlatWSGI:
    """Outer WSGI layer: health check, then the user's app; an exception escaping the app
    becomes a 500 JSON error (with the traceback on stderr)."""

    def __init__(self, app):
        self.app = app

    def __call__(self, environ, start_response):
        if environ.get("REQUEST_METHOD") == "GET" and environ.get("PATH_INFO") == HEALTH_PATH:
            start_response("200 OK", [("Content-Type", "application/json"),
                                      ("Content-Length", str(len(HEALTH_BODY))),
                                      ("Cache-Control", "no-store")])
            return [HEALTH_BODY]
        try:
            return self.app(environ, start_response)
        except Exception as e:
            sys.stderr.write(f"plat: function error on {environ.get('REQUEST_METHOD')} {environ.get('PATH_INFO')}\n"
                             f"{traceback.format_exc()}")
            sys.stderr.flush()
            body = _json_bytes({"error": f"{type(e).__name__}: {e}", "code": "function_error"})
            start_response("500 Internal Server Error",
                           [("Content-Type", "application/json"), ("Content-Length", str(len(body)))],
                           sys.exc_info())
            return [body]


def load(function_dir=FUNCTION_DIR):
    """Finds the user's entry point: handler.py (handle or app), else app.py (app)."""
    if function_dir not in sys.path:
        sys.path.insert(0, function_dir)
    if os.path.isfile(os.path.join(function_dir, "handler.py")):
        mod = importlib.import_module("handler")
        if callable(getattr(mod, "handle", None)):
            return _HandleApp(mod.handle)
        if callable(getattr(mod, "app", None)):
            return mod.app
        raise RuntimeError("handler.py defines neither handle(req) nor a Flask (WSGI) app named 'app'")
    if os.path.isfile(os.path.join(function_dir, "app.py")):
        mod = importlib.import_module("app")
        app = getattr(mod, "app", None) or getattr(mod, "application", None)
        if callable(app):
            return app
        raise RuntimeError("app.py does not expose a Flask (WSGI) app named 'app'")
    raise RuntimeError(f"no handler.py or app.py in {function_dir}")


class PoolApp:
    """Pool mode ($PLAT_POOL=1): a generic instance with Flask loaded and no function yet.

    The controller lays the function's code at $PLAT_CODE_DIR/function (dependencies at
    $PLAT_CODE_DIR/deps/lib/python*/site-packages), writes its spec {"function","version","env"}
    to $PLAT_SPEC_FILE, then calls ``POST /_/specialize``: the worker that gets it loads the
    function and answers 200 (or 500 with the error). gunicorn's other workers load it on their
    next request, from the same spec file. Until then every request but health gets 503.
    """

    def __init__(self, spec_file, code_dir):
        self.spec_file = spec_file
        self.code_dir = code_dir
        self.app = None
        self.lock = threading.Lock()

    def _load(self):
        with self.lock:
            if self.app is None:
                with open(self.spec_file, encoding="utf-8") as f:
                    spec = json.load(f)
                for k, v in (spec.get("env") or {}).items():
                    os.environ[str(k)] = str(v)
                os.environ["PLAT_FUNCTION"] = str(spec.get("function", ""))
                os.environ["PLAT_VERSION"] = str(spec.get("version", ""))
                for d in sorted(glob.glob(os.path.join(self.code_dir, "deps", "lib", "python*", "site-packages"))):
                    site.addsitedir(d)
                function_dir = os.path.join(self.code_dir, "function")
                os.environ["PLAT_FUNCTION_DIR"] = function_dir
                os.chdir(function_dir)
                self.app = load(function_dir)
        return self.app

    def __call__(self, environ, start_response):
        app = self.app
        specialize = environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO") == SPECIALIZE_PATH
        if app is None:
            if not specialize and not os.path.exists(self.spec_file):
                return _plain(start_response, "503 Service Unavailable",
                              {"error": "no function loaded yet", "code": "not_specialized"})
            try:
                app = self._load()
            except BaseException as e:
                sys.stderr.write(f"plat: cannot load the function from {self.code_dir} (traceback below)\n"
                                 f"{traceback.format_exc()}")
                sys.stderr.flush()
                return _plain(start_response, "500 Internal Server Error",
                              {"error": f"{type(e).__name__}: {e}", "code": "specialize_failed"})
            if specialize and self._first_specialization():
                return _plain(start_response, "200 OK", {"status": "specialized"})
        return app(environ, start_response)

    @staticmethod
    def _first_specialization():
        """Whether this is the controller's call: no worker of this container was specialized before.

        gunicorn's workers share the container's /tmp, where the first one leaves a mark; a later
        ``POST /_/specialize`` reaching a worker that has not loaded the function yet is then the
        user's request, as it is on a worker that has.
        """
        try:
            with open(SPECIALIZED_MARK, "x"):
                return True
        except FileExistsError:
            return False
        except OSError:
            return True


def _plain(start_response, status, value):
    body = _json_bytes(value)
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]


if os.environ.get("PLAT_POOL") == "1":
    application = PlatWSGI(PoolApp(os.environ.get("PLAT_SPEC_FILE", "/plat/code/function.json"),
                                   os.environ.get("PLAT_CODE_DIR", "/plat/code")))
else:
    try:
        application = PlatWSGI(load())
    except Exception:
        sys.stderr.write(f"plat: cannot load the function from {FUNCTION_DIR} (traceback below)\n")
        sys.stderr.flush()
        raise
