# cwe: CWE-1336
from flask import Flask, render_template_string, request

app = Flask(__name__)


@app.route("/greet")
def greet():
    name = request.args.get("name", "World")
    template = f"""
    <html><body>
      <h1>Hello, {name}!</h1>
    </body></html>
    """
    return render_template_string(template)
