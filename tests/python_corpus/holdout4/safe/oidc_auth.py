import functools
import os

import jwt
from flask import g, jsonify, request

ISSUER = os.environ["OIDC_ISSUER"]
AUDIENCE = os.environ["OIDC_AUDIENCE"]
jwks_client = jwt.PyJWKClient(f"{ISSUER.rstrip('/')}/.well-known/jwks.json", cache_keys=True)


def verify_access_token(token: str) -> dict:
    signing_key = jwks_client.get_signing_key_from_jwt(token)
    return jwt.decode(
        token,
        signing_key.key,
        algorithms=["RS256"],
        audience=AUDIENCE,
        issuer=ISSUER,
        options={"require": ["exp", "iat", "sub"]},
    )


def auth_required(scope=None):
    def decorator(view):
        @functools.wraps(view)
        def wrapper(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            if not header.startswith("Bearer "):
                return jsonify(error="authentication required"), 401
            try:
                claims = verify_access_token(header[7:])
            except jwt.PyJWTError:
                return jsonify(error="invalid token"), 401
            if scope and scope not in claims.get("scope", "").split():
                return jsonify(error="insufficient scope"), 403
            g.claims = claims
            return view(*args, **kwargs)

        return wrapper

    return decorator
