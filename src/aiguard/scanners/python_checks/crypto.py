"""Cryptography: password hashing, randomness for secrets, ciphers, IVs, TLS verification."""
from __future__ import annotations

import ast
import re

from bandit.core import test_properties as test

from aiguard.scanners.python_checks import issue
from aiguard.scanners.python_checks.taint import (
    ancestors, arg, call_name, dotted, is_false, keyword, module_facts, names_in, scope_facts, text_of,
)

FAST_HASHES = frozenset((
    'md5', 'sha1', 'sha224', 'sha256', 'sha384', 'sha512', 'sha3_256', 'sha3_512', 'blake2b', 'blake2s', 'new',
))
PASSWORDISH = re.compile(r'passw|passwd|(?:^|_)(?:pwd|pw)(?:$|_)|passphrase', re.I)
SECRET_PURPOSE = re.compile(
    r'(?:^|_)(?:token|tokens|password|passwd|pwd|otp|secret|salt|nonce|session|sid|csrf|reset|'
    r'verification|verify|code|pin|apikey|auth|credential|invite|iv|temp_password|passcode)(?:$|_)|'
    r'(?:^|_)key$|token|password|secret|otp|apikey|api_key|passcode', re.I,
)
RANDOM_FUNCS = frozenset(('random', 'randint', 'randrange', 'choice', 'choices', 'sample', 'getrandbits', 'uniform', 'shuffle'))


@test.checks('Call')
@test.test_id('PY020')
def fast_hash_of_password(context):
    """md5/sha1/sha256 (fast, unsalted) applied to a password."""
    call = context.node
    qual = context.call_function_name_qual or ''
    parts = qual.split('.')
    data: list[ast.AST] = []
    if len(parts) == 2 and parts[0] == 'hashlib' and parts[1] in FAST_HASHES:
        data = list(call.args[1:] if parts[1] == 'new' else call.args)
    elif call_name(call) == 'update' and isinstance(call.func, ast.Attribute):
        receiver = call.func.value
        if isinstance(receiver, ast.Name) and scope_facts(call).kinds.get(receiver.id, '').startswith('hashlib.'):
            data = list(call.args)
    if any(PASSWORDISH.search(w) for d in data for w in names_in(d)):
        return issue('PY020', 'a password is hashed with a fast hash; use a slow, salted password hash', call)
    if qual in ('hashlib.pbkdf2_hmac', 'hashlib.scrypt'):
        rounds = arg(call, 3, 'iterations')
        if qual == 'hashlib.pbkdf2_hmac' and isinstance(rounds, ast.Constant) and isinstance(rounds.value, int) \
                and rounds.value < 100_000:
            return issue('PY020', f'pbkdf2 with {rounds.value} iterations is fast to brute-force', call)
        salt = arg(call, 2, 'salt') if qual == 'hashlib.pbkdf2_hmac' else keyword(call, 'salt')
        if _constant_bytes(salt, call):
            return issue('PY020', 'the password hash uses a constant salt', call)
    return None


def _purpose(call: ast.AST) -> str:
    """Words naming what a random value is for: its assignment target and its function."""
    words: list[str] = []
    for p in ancestors(call):
        if isinstance(p, ast.Assign) and not words:
            words += [w for t in p.targets for w in names_in(t)]
        elif isinstance(p, (ast.AnnAssign, ast.AugAssign)) and not words:
            words += names_in(p.target)
        elif isinstance(p, ast.keyword) and p.arg and not words:
            words.append(p.arg)
        elif isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef)):
            words.append(p.name)
            break
    return ' '.join(words)


@test.checks('Call')
@test.test_id('PY022')
def random_for_secret(context):
    """The random module makes a token, password, OTP, key or salt."""
    call = context.node
    qual = context.call_function_name_qual or ''
    parts = qual.split('.')
    if len(parts) != 2 or parts[0] != 'random' or parts[1] not in RANDOM_FUNCS:
        return None
    purpose = _purpose(call)
    if not any(SECRET_PURPOSE.search(w) for w in purpose.split()):
        return None
    return issue('PY022', f'random.{parts[1]}() is predictable; {purpose.split()[0]} needs the secrets module', call)


BROKEN_CIPHERS = re.compile(r'(?:^|\.)(?:DES|DES3|ARC2|ARC4|Blowfish|XOR|CAST|TripleDES|IDEA|SEED|CAST5)$')


@test.checks('Call')
@test.test_id('PY023')
def broken_cipher_or_ecb(context):
    """ECB mode, DES/3DES/RC4/Blowfish."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if qual.endswith('modes.ECB'):
        return issue('PY023', 'ECB mode encrypts equal blocks to equal ciphertext', call)
    if call_name(call) == 'new':
        mode = arg(call, 1, 'mode')
        if dotted(mode).endswith('MODE_ECB'):
            return issue('PY023', 'ECB mode encrypts equal blocks to equal ciphertext', call)
        owner = qual.rsplit('.', 1)[0]
        if BROKEN_CIPHERS.search(owner) and ('Crypto' in owner or 'Cipher' in owner):
            return issue('PY023', f'{owner.split(".")[-1]} is a broken cipher', call)
    if 'algorithms.' in qual and BROKEN_CIPHERS.search(qual):
        return issue('PY023', f'{qual.split(".")[-1]} is a broken cipher', call)
    return None


def _constant_bytes(node: ast.AST | None, call: ast.AST, depth: int = 0) -> bool:
    if node is None or depth > 3:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, (bytes, str)):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        return _constant_bytes(node.left, call, depth + 1) or _constant_bytes(node.right, call, depth + 1)
    if isinstance(node, ast.Call) and call_name(node) in ('bytes', 'bytearray') and node.args and \
            isinstance(node.args[0], ast.Constant):
        return True
    if isinstance(node, ast.Call) and call_name(node) in ('encode', 'fromhex', 'unhexlify') and (
            (isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Constant))
            or (node.args and isinstance(node.args[0], ast.Constant))):
        return True
    if isinstance(node, ast.Name):
        for facts in (scope_facts(call), module_facts(call)):
            values = facts.assigns.get(node.id)
            if values:
                return all(_constant_bytes(v, call, depth + 1) for v in values)
    return False


def _made_by(receiver: ast.AST, call: ast.AST) -> str:
    if isinstance(receiver, ast.Call):
        return dotted(receiver.func)
    if isinstance(receiver, ast.Name):
        return scope_facts(call).kinds.get(receiver.id, '') or module_facts(call).kinds.get(receiver.id, '')
    return ''


@test.checks('Call')
@test.test_id('PY024')
def static_iv(context):
    """A cipher gets a constant IV or nonce."""
    call = context.node
    qual = context.call_function_name_qual or ''
    short = qual.split('.')[-1]
    if 'modes.' in qual and short in ('CBC', 'CFB', 'OFB', 'CTR', 'GCM', 'CFB8'):
        iv = arg(call, 0, 'initialization_vector') or keyword(call, 'nonce')
    elif short == 'new' and ('Cipher' in qual or 'AES' in qual):
        iv = keyword(call, 'iv') or keyword(call, 'IV') or keyword(call, 'nonce') or arg(call, 2)
    elif call_name(call) == 'encrypt' and isinstance(call.func, ast.Attribute) and re.search(
            r'GCM|ChaCha|CCM|SIV', _made_by(call.func.value, call)):
        iv = arg(call, 0, 'nonce')
    else:
        return None
    if _constant_bytes(iv, call):
        return issue('PY024', 'the IV/nonce is a constant; generate a fresh random one per message', call)
    return None


@test.checks('Call', 'Assign')
@test.test_id('PY026')
def tls_verification_off(context):
    """Certificate or host name checks turned off (ssl, requests/httpx, aiohttp, urllib3)."""
    node = context.node
    if isinstance(node, ast.Assign):
        value = dotted(node.value)
        for t in node.targets:
            attr = t.attr if isinstance(t, ast.Attribute) else ''
            if value.endswith('CERT_NONE'):
                return issue('PY026', 'ssl.CERT_NONE accepts any certificate', node)
            if attr == 'check_hostname' and is_false(node.value):
                return issue('PY026', 'check_hostname = False accepts a certificate for any host', node)
            if attr == 'verify' and is_false(node.value):
                return issue('PY026', 'session.verify = False turns certificate checks off', node)
        return None
    qual = context.call_function_name_qual or ''
    root = qual.split('.')[0]
    if qual.endswith('disable_warnings') and 'urllib3' in qual:
        return issue('PY026', 'urllib3.disable_warnings() hides that certificate checks are off', node)
    for kw in node.keywords:
        if kw.arg in ('verify', 'verify_ssl', 'ssl') and is_false(kw.value) and (
                root in ('requests', 'httpx', 'aiohttp') or call_name(node) in (
                    'get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'stream',
                    'Client', 'AsyncClient', 'TCPConnector', 'ClientSession', 'ws_connect')):
            return issue('PY026', f'{kw.arg}=False turns certificate checks off', node)
        if kw.arg in ('cert_reqs', 'verify_mode') and (dotted(kw.value).endswith('CERT_NONE') or (
                isinstance(kw.value, ast.Constant) and kw.value.value == 'CERT_NONE')):
            return issue('PY026', 'CERT_NONE accepts any certificate', node)
    if call_name(node) == 'set_verify' and node.args and dotted(node.args[0]).endswith('VERIFY_NONE'):
        return issue('PY026', 'VERIFY_NONE accepts any certificate', node)
    return None


OLD_PROTOCOLS = re.compile(r'(?:PROTOCOL_(?:SSLv2|SSLv3|TLSv1|TLSv1_1)|(?:SSLv2|SSLv3|TLSv1|TLSv1_1)_METHOD)$')


@test.checks('Call')
@test.test_id('PY027')
def old_tls_protocol(context):
    """An SSL context pinned to SSLv2/SSLv3/TLS 1.0/TLS 1.1."""
    call = context.node
    for a in [*call.args, *(k.value for k in call.keywords)]:
        name = dotted(a)
        if OLD_PROTOCOLS.search(name):
            return issue('PY027', f'{name.split(".")[-1]} is an obsolete protocol version', call)
    return None


WEAK_DIGESTS = frozenset(('md5', 'sha1'))
SECURITY_PURPOSE = re.compile(r'token|signature|(?:^|_)sig(?:$|_)|session|reset|api_?key|auth|otp|nonce|verif|secret|credential|password', re.I)
NOT_SECURITY = re.compile(r'etag|cache|checksum|fingerprint|file_hash|content_hash|dedup|bucket|shard|color|avatar|gravatar', re.I)


@test.checks('Call')
@test.test_id('PY021')
def weak_hash_for_security(context):
    """md5/sha1 make a token, signature or session id."""
    call = context.node
    qual = context.call_function_name_qual or ''
    parts = qual.split('.')
    if len(parts) != 2 or parts[0] != 'hashlib' or parts[1] not in WEAK_DIGESTS:
        return None
    if any(PASSWORDISH.search(w) for a in call.args for w in names_in(a)):
        return None  # PY020 reports hashing a password
    if is_false(keyword(call, 'usedforsecurity')):
        return None
    purpose = _purpose(call)
    if SECURITY_PURPOSE.search(purpose) and not NOT_SECURITY.search(purpose):
        return issue('PY021', f'{parts[1]} is broken for security use ({purpose.split()[0]})', call)
    return None


@test.checks('Call')
@test.test_id('PY028')
def credentials_in_cleartext(context):
    """Credentials sent over http://, or SMTP/FTP/telnet login without TLS."""
    call = context.node
    qual = context.call_function_name_qual or ''
    verb = qual.split('.')[-1]
    if qual.split('.')[0] in ('requests', 'httpx') and verb in ('get', 'post', 'put', 'patch', 'request'):
        url = arg(call, 1, 'url') if verb == 'request' else arg(call, 0, 'url')
        text = url.value if isinstance(url, ast.Constant) and isinstance(url.value, str) else \
            str(url.values[0].value) if isinstance(url, ast.JoinedStr) and url.values and \
            isinstance(url.values[0], ast.Constant) else ''
        local = re.match(r'http://(?:localhost|127\.|0\.0\.0\.0|\[::1\]|[\w.-]+\.(?:local|internal|svc))', text)
        if text.startswith('http://') and not local:
            sent = {w for k in call.keywords if k.arg in ('data', 'json', 'headers', 'auth', 'params') for w in names_in(k.value)}
            sent |= {str(c.value) for k in call.keywords for c in ast.walk(k.value)
                     if isinstance(c, ast.Constant) and isinstance(c.value, str)}
            if keyword(call, 'auth') is not None or any(re.search(r'passw|token|secret|api_?key|authorization', w, re.I) for w in sent):
                return issue('PY028', 'credentials are sent over plain http://', call)
        return None
    if call_name(call) == 'login' and isinstance(call.func, ast.Attribute):
        made_by = ''
        receiver = call.func.value
        if isinstance(receiver, ast.Name):
            made_by = scope_facts(call).kinds.get(receiver.id, '') or module_facts(call).kinds.get(receiver.id, '')
        short = made_by.split('.')[-1]
        if short in ('SMTP', 'FTP', 'Telnet') and 'starttls' not in scope_facts(call).calls \
                and 'prot_p' not in scope_facts(call).calls:
            return issue('PY028', f'{short} login sends the password unencrypted', call)
    return None


PASSWORD_VALUE = re.compile(r'(?:^|_)(?:password|passwd|pwd|new_password)$', re.I)
NOT_STORAGE = re.compile(
    r'login|auth|check|verify|create_user|create_superuser|set_password|hash|crypt|encode|encrypt|form|'
    r'validate|send|post|get|put|request|connect|compare|match|render|jsonify|flash|print|log|debug|info|'
    r'warning|error|len|strip|str|bool|is_|bind|signup_schema|model_validate', re.I)


REVERSIBLE = frozenset(('b64encode', 'urlsafe_b64encode', 'b32encode', 'hexlify', 'str', 'bytes'))


def _plain_password(value: ast.AST | None, scope, named: bool = False) -> bool:
    """Request data stored as typed; `named`: the field already says password, so the value need not."""
    if value is None:
        return False
    if isinstance(value, ast.Call) and call_name(value) in REVERSIBLE and value.args:
        return _plain_password(value.args[0], scope, named)  # base64/hex is an encoding, not a hash
    if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute) and value.func.attr == 'encode':
        return _plain_password(value.func.value, scope, named)
    if isinstance(value, ast.Call) and call_name(value) != 'get':
        return False  # hashed, encrypted or otherwise transformed first
    names = [n.id for n in ast.walk(value) if isinstance(n, ast.Name)] + [
        str(n.slice.value) for n in ast.walk(value)
        if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant)] + [
        str(n.args[0].value) for n in ast.walk(value) if isinstance(n, ast.Call) and call_name(n) == 'get'
        and n.args and isinstance(n.args[0], ast.Constant)]
    if not named and not any(PASSWORD_VALUE.search(w) for w in names):
        return False
    return scope.is_tainted(value, cli=False)  # hashed values are not tainted: the hash call stops it


@test.checks('Call', 'Assign')
@test.test_id('PY009')
def password_stored_in_plain_text(context):
    """A password from the request is written to a model, a row or an INSERT unhashed."""
    node = context.node
    if isinstance(node, ast.Assign):
        for t in node.targets:
            attr = t.attr if isinstance(t, ast.Attribute) else ''
            if PASSWORD_VALUE.search(attr) and _plain_password(node.value, scope_facts(node), named=True):
                return issue('PY009', f'.{attr} is set to the password as typed (not hashed)', node)
        return None
    name = call_name(node)
    password_kwargs = [kw for kw in node.keywords if kw.arg and PASSWORD_VALUE.search(kw.arg)]
    if name not in ('set_cookie', 'execute', 'executemany') and not password_kwargs:
        return None
    scope = scope_facts(node)
    if name == 'set_cookie':
        cookie = arg(node, 0, 'key')
        value = arg(node, 1, 'value')
        if (isinstance(cookie, ast.Constant) and PASSWORD_VALUE.search(str(cookie.value))) or _plain_password(value, scope):
            return issue('PY009', 'a password is stored in a cookie', node)
        return None
    if NOT_STORAGE.search(name or '') or NOT_STORAGE.search(dotted(node.func)):
        return None
    if name in ('execute', 'executemany'):
        sql = text_of(arg(node, 0), scope)
        params = arg(node, 1)
        if re.search(r'\b(?:insert|update)\b', sql, re.I) and re.search(r'passw|pwd', sql, re.I) and \
                isinstance(params, (ast.Tuple, ast.List)) and any(_plain_password(p, scope) for p in params.elts):
            return issue('PY009', 'the password is stored as typed (not hashed)', node)
        return None
    for kw in password_kwargs:
        if _plain_password(kw.value, scope, named=True):
            return issue('PY009', f'{name}({kw.arg}=...) stores the password as typed (not hashed)', node)
    return None


@test.checks('Call')
@test.test_id('PY018')
def hardcoded_crypto_key(context):
    """An encryption or MAC key written in the source."""
    call = context.node
    qual = context.call_function_name_qual or ''
    short = qual.split('.')[-1]
    key = None
    if short == 'new' and ('Cipher' in qual or qual.startswith(('Crypto.', 'Cryptodome.'))):
        key = arg(call, 0, 'key')
    elif short in ('AES', 'ChaCha20', 'Camellia') and 'algorithms' in qual:
        key = arg(call, 0, 'key')
    elif short in ('Fernet', 'AESGCM', 'ChaCha20Poly1305', 'AESCCM'):
        key = arg(call, 0, 'key')
    elif qual == 'hmac.new':
        key = arg(call, 0, 'key')
    if key is not None and _constant_bytes(key, call) and not _is_empty(key):
        owner = qual.split('.')[-2] if short == 'new' and '.' in qual else short
        return issue('PY018', f'the {owner} key is written in the source', call)
    return None


def _is_empty(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) and not node.value
