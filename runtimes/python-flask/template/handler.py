"""A Plat function. handle(req) is called for every request, whatever the method and path.

req.method, req.path, req.query (dict), req.headers (dict, case-insensitive),
req.body (bytes), req.json() (parsed JSON body, None if empty), req.stream (large bodies).

Return a str, bytes, a dict/list (sent as JSON), None (204), or a tuple
(body, status) / (body, status, {"Header": "value"}). An exception becomes a 500.
Dependencies go in requirements.txt. Print to stdout/stderr: `plat logs -f` shows it.
"""


def handle(req):
    if req.method == "POST":
        return {"received": req.json()}
    name = req.query.get("name", "world")
    return f"Hello, {name}!\n"
