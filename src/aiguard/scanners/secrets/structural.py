"""Secrets known by their structure: private keys, service-account files, JWTs, passwords in URLs."""
from __future__ import annotations

import re
from collections.abc import Iterator

from aiguard.regexes import lazy
from aiguard.scanners import secret_filters as filters
from aiguard.scanners.secrets.text import _Hit, _Text

_KEY_BEGIN = lazy(
    r'-----BEGIN[ A-Z0-9_-]{0,40}?PRIVATE KEY(?: BLOCK)?-----'
)
_KEY_END = lazy(r'-----END[ A-Z0-9_-]{0,40}?PRIVATE KEY(?: BLOCK)?-----')
_KEY_HEADER_LINE = lazy(r'^(?:Proc-Type|DEK-Info|Comment|Version|Hash):.*$', re.MULTILINE)


_BODY_LINE = lazy(r'''[\s"'+,]{0,40}(?P<b64>[A-Za-z0-9+/=]{4,20000})[\s"'+,\\]{0,40}''')


def _openssh(body: str) -> bool:
    """True for the body of an `-----BEGIN OPENSSH PRIVATE KEY-----` block (it decodes to openssh-key-v1)."""
    return body.startswith('b3BlbnNzaC1rZXktdjE')


def _private_keys(doc: _Text) -> Iterator[_Hit]:
    rule = 'SEC001'
    for m in _KEY_BEGIN.finditer(doc.text):
        end = _KEY_END.search(doc.text, m.end(), m.end() + 20000)
        stop = end.start() if end else min(len(doc.text), m.end() + 20000)
        region = doc.text[m.end():stop].replace('\\r', '').replace('\\n', '\n')
        body = _key_body(region)
        if len(body) < 16 or filters.placeholder(body) or '...' in region[:len(body) + 200]:
            continue
        if len(body) >= 64 and (filters.entropy(body) < 4.5 if _openssh(body) else filters.not_random(body[:200], 3.0)):
            continue  # an OpenSSH key's header is runs of A by design: its randomness is in the whole
        span_end = (end.end() - 1) if end else m.end() + len(region) - 1
        # the hit covers the whole block, so nothing inside it is reported twice
        yield _Hit(rule, m.start(), span_end + 1, body, body, span_end=span_end)


def _key_body(region: str) -> str:
    """The base64 lines right after a BEGIN line (header fields skipped); stops at anything else."""
    parts = []
    lines = region.split('\n')
    if lines and not lines[0].strip(' \t\r"\'+,\\'):
        lines = lines[1:]  # the rest of the BEGIN line
    for line in lines:
        bare = line.strip(' \t\r"\'+,\\')
        if not bare or _KEY_HEADER_LINE.match(bare):
            continue
        m = _BODY_LINE.fullmatch(line)
        if not m:
            break
        parts.append(m.group('b64'))
    return ''.join(parts)


def _service_account(doc: _Text) -> Iterator[_Hit]:
    m = re.search(r'"type"\s*:\s*"service_account"', doc.text)
    if not m:
        return
    key_id = re.search(r'"private_key_id"\s*:\s*"(?P<secret>[0-9a-f]{40})"', doc.text)
    has_key = re.search(r'"private_key"\s*:\s*"-----BEGIN', doc.text)
    if key_id and has_key and not filters.not_random(key_id.group('secret'), 3.0):
        yield _Hit('SEC009', key_id.start('secret'), key_id.end('secret'),
                   key_id.group('secret'), key_id.group('secret'))


_JWT = lazy(
    r'(?<![A-Za-z0-9_\-])(?P<secret>eyJ[A-Za-z0-9_-]{10,2000}\.eyJ[A-Za-z0-9_-]{2,8000}\.[A-Za-z0-9_-]{16,1000})'
    r'(?![A-Za-z0-9_\-])'
)


def _b64json(part: str) -> object:
    import base64
    import binascii
    import json

    try:
        raw = base64.urlsafe_b64decode(part + '=' * (-len(part) % 4))
        return json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        return None


def _jwts(doc: _Text) -> Iterator[_Hit]:
    rule = 'SEC004'
    for m in _JWT.finditer(doc.text):
        token = m.group('secret')
        head, payload, _sig = token.split('.')
        h, p = _b64json(head), _b64json(payload)
        if not isinstance(h, dict) or not isinstance(p, dict):
            continue
        if str(h.get('alg', 'none')).lower() == 'none':
            continue
        if p.get('name') == 'John Doe' or p.get('sub') == '1234567890':
            continue  # the jwt.io documentation sample
        if p.get('role') == 'anon':
            continue  # a Supabase anon key is public by design (row-level security guards the data)
        if filters.line_says_fake(doc.around(m.start())):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), token, token)


_URL_CRED = lazy(
    r'://(?P<user>[^\s:/@\'"`<>(){}\[\],;]{0,64}):'
    r'(?P<secret>[^\s/@\'"`<>,]{1,128})@(?P<host>[A-Za-z0-9._\-\[\]%]{1,253})'
)
_CURL_USER = lazy(  # curl -u user:password, wget --user … --password is a CLI flag
    r'''(?:^|\s)(?:-u|--user)\s{1,4}["']?(?P<user>[^:\s"'$]{1,64}):(?P<secret>[^\s"']{4,128})["']?(?=\s|$)'''
)
_QUERY_SECRET = lazy(
    r'''[?&](?P<name>password|passwd|pwd|pass|access_token|api_key|apikey|api-key|secret|client_secret|auth_token)='''
    r'''(?P<secret>[^&\s"'#<>`]{6,300})''', re.IGNORECASE,
)
_CONN_PASSWORD = lazy(r'(?i)(?:^|[;"\'\s])(?:password|pwd)\s?=\s?(?P<secret>[^;"\'\s]{3,128})(?=;|["\'\s]|$)')


def _url_passwords(doc: _Text) -> Iterator[_Hit]:
    rule = 'SEC005'
    for m in _URL_CRED.finditer(doc.text):
        if m.start() == 0 or not doc.text[m.start() - 1].isalnum():
            continue  # no scheme
        password = m.group('secret')
        if filters.url_password(m.group('user'), password, m.group('host'), doc.kind):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), password, password)
    for m in _CURL_USER.finditer(doc.text):
        password = m.group('secret')
        if filters.url_password(m.group('user'), password, '', doc.kind):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), password, password)
    for m in _QUERY_SECRET.finditer(doc.text):
        value = m.group('secret')
        cls = filters.secret_class(m.group('name')) or 'token'
        if filters.generic_value(value, cls, doc.kind) or filters.line_says_fake(doc.around(m.start())):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), value, value)
    for m in _CONN_PASSWORD.finditer(doc.text):
        line = doc.line_at(m.start())
        if ';' not in line or not re.search(r'(?i)(?:server|host|data source|user id|uid|database)\s?=', line):
            continue  # only ADO.NET / ODBC style connection strings
        password = m.group('secret')
        if filters.url_password('', password, '', doc.kind):
            continue
        yield _Hit(rule, m.start('secret'), m.end('secret'), password, password)
