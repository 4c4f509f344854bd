import os

DATABASE_URL = os.environ.get("DATABASE_URL", "sqlite:///dev.db")
JWT_SECRET_KEY = os.environ["JWT_SECRET_KEY"]
JWT_ACCESS_TOKEN_EXPIRES = 3600
