# cwe: CWE-22
import tarfile
import tempfile

import requests


def fetch_dataset(url):
    resp = requests.get(url, timeout=30)
    resp.raise_for_status()
    workdir = tempfile.mkdtemp()
    archive = f"{workdir}/data.tar.gz"
    with open(archive, "wb") as f:
        f.write(resp.content)
    with tarfile.open(archive, "r:gz") as tar:
        tar.extractall(path=workdir)
    return workdir
