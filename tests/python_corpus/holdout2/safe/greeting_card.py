from flask import Flask, render_template_string, request

app = Flask(__name__)
CARD = """
<html><body>
  <div class="card"><h2>Dear {{ to }}</h2><p>{{ message }}</p></div>
</body></html>
"""


@app.route("/card")
def card():
    return render_template_string(CARD, to=request.args.get("to", "friend"),
                                  message=request.args.get("msg", "Happy birthday!"))
