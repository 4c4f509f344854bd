import os


class Config:
    DEBUG = False
    API_TOKEN = os.environ.get("API_TOKEN", "")
    LOG_LEVEL = os.environ.get("LOG_LEVEL", "INFO")
