import json

import redis

r = redis.Redis()


def load_session(session_id):
    blob = r.get(f"session:{session_id}")
    if blob is None:
        return {}
    return json.loads(blob)


def save_session(session_id, data):
    r.setex(f"session:{session_id}", 3600, json.dumps(data))
