import ssl
import urllib.request


def download(url, dest):
    ctx = ssl.create_default_context()
    with urllib.request.urlopen(url, context=ctx, timeout=30) as resp, open(dest, "wb") as out:
        out.write(resp.read())
