# cwe: CWE-295
import json
import ssl
import urllib.request


def get_status(url):
    ctx = ssl.create_default_context()
    ctx.check_hostname = False
    ctx.verify_mode = ssl.CERT_NONE
    with urllib.request.urlopen(url, context=ctx) as resp:
        return json.load(resp)
