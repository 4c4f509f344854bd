# cwe: CWE-78
"""Nightly job: compress log files matching a pattern passed by the scheduler."""
import subprocess
import sys


def compress_logs(pattern):
    cmd = f"tar czf /archive/logs.tgz /var/log/app/{pattern}"
    subprocess.run(["bash", "-c", cmd], check=True)


if __name__ == "__main__":
    compress_logs(sys.argv[1])
