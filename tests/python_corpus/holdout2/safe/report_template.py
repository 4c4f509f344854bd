from flask import Flask, request, render_template_string

app = Flask(__name__)
BODY = "<h1>{{ header }}</h1>{{ rows|length }} rows"


@app.route("/report/preview", methods=["POST"])
def preview():
    return render_template_string(BODY, header=request.form.get("header", "Report"), rows=[])
