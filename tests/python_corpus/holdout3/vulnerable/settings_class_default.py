# cwe: CWE-798
import os


class Config:
    DEBUG = False
    API_TOKEN = os.environ.get("API_TOKEN", "tok_dev_8f3a9c2e71b4")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
