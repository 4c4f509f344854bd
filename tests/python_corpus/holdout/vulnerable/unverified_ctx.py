# cwe: CWE-295
import ssl
import urllib.request


def download(url, dest):
    ctx = ssl._create_unverified_context()
    with urllib.request.urlopen(url, context=ctx) as resp, open(dest, "wb") as out:
        out.write(resp.read())
