# Test fixture: a plain Flask app in app.py instead of handler.py.
from flask import Flask, jsonify, request

app = Flask(__name__)


@app.route("/hi", methods=["GET", "POST"])
def hi():
    return jsonify(mode="app", method=request.method)
