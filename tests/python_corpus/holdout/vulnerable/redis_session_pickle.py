# cwe: CWE-502
import pickle

import redis

r = redis.Redis()


def load_session(session_id):
    blob = r.get(f"session:{session_id}")
    if blob is None:
        return {}
    return pickle.loads(blob)


def save_session(session_id, data):
    r.setex(f"session:{session_id}", 3600, pickle.dumps(data))
