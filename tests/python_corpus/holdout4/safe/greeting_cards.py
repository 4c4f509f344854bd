from flask import Flask, render_template_string, request

app = Flask(__name__)

THEMES = {"classic", "confetti", "minimal", "floral"}

CARD_TEMPLATE = """
<!doctype html>
<html><head><title>Your card</title><link rel="stylesheet" href="/static/cards.css"></head>
<body class="theme-{{ theme }}">
  <div class="card">
    <h1>{{ headline }}</h1>
    <p>{{ message }}</p>
    <footer>Sent with love from {{ sender }}</footer>
  </div>
</body></html>
"""


@app.route("/cards/preview")
def preview_card():
    theme = request.args.get("theme", "classic")
    if theme not in THEMES:
        theme = "classic"
    # the template is a constant; user text only enters as autoescaped context variables
    return render_template_string(
        CARD_TEMPLATE,
        theme=theme,
        headline=request.args.get("headline", "Happy birthday!"),
        message=request.args.get("message", ""),
        sender=request.args.get("from", "a friend"),
    )
