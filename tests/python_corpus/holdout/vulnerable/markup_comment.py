# cwe: CWE-79
from flask import Flask, render_template, request
from markupsafe import Markup

app = Flask(__name__)


@app.route("/preview", methods=["POST"])
def preview():
    comment = request.form.get("comment", "")
    rendered = Markup("<div class='comment'>" + comment.replace("\n", "<br>") + "</div>")
    return render_template("preview.html", comment=rendered)
