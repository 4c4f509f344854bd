# cwe: CWE-798
import os

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///dev.db")
JWT_SECRET_KEY = "jwt-secret-string-change-me"
JWT_ACCESS_TOKEN_EXPIRES = 3600
