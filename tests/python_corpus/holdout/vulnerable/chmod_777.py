# cwe: CWE-732
import os


def write_shared_config(path, content):
    with open(path, "w") as f:
        f.write(content)
    os.chmod(path, 0o777)
