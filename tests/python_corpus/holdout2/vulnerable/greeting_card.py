# cwe: CWE-79
from flask import Flask, request

app = Flask(__name__)


@app.route("/card")
def card():
    to = request.args.get("to", "friend")
    message = request.args.get("msg", "Happy birthday!")
    return """
    <html><body>
      <div class="card"><h2>Dear {}</h2><p>{}</p></div>
    </body></html>
    """.format(to, message)
