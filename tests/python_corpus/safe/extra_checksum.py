import hashlib
import logging
import sys

logger = logging.getLogger(__name__)


def sha256_of(path, chunk_size=65536):
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(chunk_size), b""):
            h.update(chunk)
    return h.hexdigest()


def verify(path, expected):
    actual = sha256_of(path)
    logger.info("checksum of %s is %s", path, actual)
    return actual == expected


if __name__ == "__main__":
    ok = verify(sys.argv[1], sys.argv[2])
    sys.exit(0 if ok else 1)
