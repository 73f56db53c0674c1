def handle(req)
    return "missing colon"
