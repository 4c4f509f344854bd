# cwe: CWE-78
import os


def clone_repo(url, dest):
    exit_code = os.system(f"git clone --depth 1 {url} {dest}")
    if exit_code != 0:
        raise RuntimeError("clone failed")


if __name__ == "__main__":
    repo_url = input("Repository URL: ")
    clone_repo(repo_url, "/tmp/checkout")
