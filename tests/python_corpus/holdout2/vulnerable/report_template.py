# cwe: CWE-1336
from flask import Flask, request, render_template_string

app = Flask(__name__)


@app.route("/report/preview", methods=["POST"])
def preview():
    header = request.form.get("header", "Report")
    body = "<h1>" + header + "</h1>{{ rows|length }} rows"
    return render_template_string(body, rows=[])
