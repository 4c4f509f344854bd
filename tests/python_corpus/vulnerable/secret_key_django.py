# cwe: CWE-798
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "django-insecure-7x!k2m@9q#w4e5r6t7y8u9i0o-p1a2s3d4f5g6h7j8k"

DEBUG = False

ALLOWED_HOSTS = ["example.com"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
]
ROOT_URLCONF = "mysite.urls"
