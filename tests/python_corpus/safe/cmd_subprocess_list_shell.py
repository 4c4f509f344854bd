"""Nightly job: compress log files matching a pattern passed by the scheduler."""
import glob
import subprocess
import sys


def compress_logs(pattern):
    files = glob.glob(f"/var/log/app/{pattern}")
    subprocess.run(["tar", "czf", "/archive/logs.tgz", "--", *files], check=True)


if __name__ == "__main__":
    compress_logs(sys.argv[1])
