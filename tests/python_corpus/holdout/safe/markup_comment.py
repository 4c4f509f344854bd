from flask import Flask, render_template, request
from markupsafe import Markup, escape

app = Flask(__name__)


@app.route("/preview", methods=["POST"])
def preview():
    comment = request.form.get("comment", "")
    rendered = Markup("<br>").join(escape(line) for line in comment.splitlines())
    return render_template("preview.html", comment=rendered)
