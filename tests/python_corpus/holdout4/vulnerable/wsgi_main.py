# cwe: CWE-489
"""Entry point used by the Docker image (CMD ["python", "wsgi_main.py"])."""
import logging
import os

from app import create_app
from app.extensions import db

logging.basicConfig(level=logging.INFO)

app = create_app(os.getenv("APP_CONFIG", "config.ProductionConfig"))


@app.cli.command("init-db")
def init_db():
    with app.app_context():
        db.create_all()


if __name__ == "__main__":
    port = int(os.getenv("PORT", "8000"))
    app.run(host="0.0.0.0", port=port, debug=True, use_reloader=False)
