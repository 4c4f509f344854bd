import ldap
from ldap.filter import escape_filter_chars
from flask import Flask, request

app = Flask(__name__)


@app.route("/directory")
def directory():
    name = escape_filter_chars(request.args.get("name", ""))
    conn = ldap.initialize("ldap://ldap.example.com")
    results = conn.search_s("dc=example,dc=com", ldap.SCOPE_SUBTREE, f"(cn={name})")
    return {"count": len(results)}
