import subprocess


def clone_repo(url, dest):
    subprocess.run(["git", "clone", "--depth", "1", "--", url, dest], check=True)


if __name__ == "__main__":
    repo_url = input("Repository URL: ")
    clone_repo(repo_url, "/tmp/checkout")
