# cwe: CWE-1336
from flask import Flask, render_template_string, request

app = Flask(__name__)

BASE = """
<!doctype html>
<html><head><title>Your card</title><link rel="stylesheet" href="/static/cards.css"></head>
<body class="theme-{theme}">
  <div class="card">
    <h1>{headline}</h1>
    <p>{{{{ message }}}}</p>
    <footer>Sent with love from {{{{ sender }}}}</footer>
  </div>
</body></html>
"""


def build_template(theme: str, headline: str) -> str:
    return BASE.format(theme=theme, headline=headline)


@app.route("/cards/preview")
def preview_card():
    theme = request.args.get("theme", "classic")
    headline = request.args.get("headline", "Happy birthday!")
    template = build_template(theme, headline)
    return render_template_string(
        template,
        message=request.args.get("message", ""),
        sender=request.args.get("from", "a friend"),
    )
