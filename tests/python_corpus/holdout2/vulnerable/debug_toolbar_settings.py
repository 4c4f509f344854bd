# cwe: CWE-489
import os
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
SECRET_KEY = os.environ["SECRET_KEY"]
DEBUG = True
ALLOWED_HOSTS = ["shop.example.com"]
INSTALLED_APPS = ["django.contrib.admin", "django.contrib.auth", "shop"]
MIDDLEWARE = ["django.middleware.security.SecurityMiddleware"]
