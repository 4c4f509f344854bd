"""Filters of the secrets engine: what makes a candidate value *not* a secret.

Pure functions on strings; each returns the name of the filter that drops the
value (documented in the `notes` of the rules, shown by `aiguard explain`),
or None when the value survives.
"""
from __future__ import annotations

import functools
import math
import posixpath
import re
from collections import Counter

from aiguard.regexes import lazy


# --- file kinds -------------------------------------------------------------

LOCKFILES = frozenset((
    'package-lock.json', 'npm-shrinkwrap.json', 'yarn.lock', 'pnpm-lock.yaml', 'bun.lock',
    'poetry.lock', 'pipfile.lock', 'pdm.lock', 'uv.lock', 'cargo.lock', 'go.sum',
    'composer.lock', 'gemfile.lock', 'podfile.lock', 'packages.lock.json', 'mix.lock',
    'pubspec.lock', 'flake.lock', 'deno.lock', 'gradle.lockfile', 'conda-lock.yml',
))
_DOC_EXT = frozenset(('.md', '.rst', '.adoc', '.markdown', '.html', '.htm', '.mdx'))
_CONFIG_EXT = frozenset((
    '.env', '.ini', '.cfg', '.conf', '.properties', '.yaml', '.yml', '.toml', '.sh', '.bash',
    '.zsh', '.envrc', '.npmrc', '.txt', '.pypirc', '.netrc', '.tfvars', '.hcl', '.tf', '.service',
    '.example', '.sample', '.template', '.dist', '.local', '.dev', '.prod', '.staging', '.test',
))
_DATA_EXT = frozenset(('.json', '.yaml', '.yml', '.toml', '.ini', '.cfg', '.conf', '.properties', '.example', ''))
_TEST_PART = lazy(
    r'(?:^|/)(?:tests?|testing|spec|specs|__tests__|__mocks__|fixtures?|testdata|test_data|'
    r'mocks?|examples?)(?:/|$)|(?:^|/)(?:test_[^/]*|[^/]*_test\.\w+|[^/]*\.test\.\w+|'
    r'[^/]*\.spec\.\w+|conftest\.py)$',
    re.IGNORECASE,
)


@functools.lru_cache(maxsize=4096)
def path_kind(path: str) -> str:
    """'lock', 'test', 'docs', 'config' or 'code': which filters apply to a file."""
    name = posixpath.basename(path).lower()
    if name in LOCKFILES:
        return 'lock'
    ext = posixpath.splitext(name)[1]
    if ext in _DOC_EXT or name in ('readme', 'changelog', 'license', 'metadata', 'pkg-info'):
        return 'docs'
    if 'example' in name and ext in _DATA_EXT and not name.startswith('.env'):
        return 'docs'  # botocore's examples-1.json, config.example.yaml: documentation data
    if _TEST_PART.search(path):
        return 'test'
    if ext in _CONFIG_EXT or name.startswith('.env') or name in ('dockerfile', 'containerfile', '.npmrc',
                                                                  '.pypirc', '.netrc', 'procfile'):
        return 'config'
    return 'code'


# --- entropy and regularity --------------------------------------------------

def entropy(value: str) -> float:
    """Shannon entropy in bits per character."""
    if not value:
        return 0.0
    n = len(value)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


_PLACEHOLDER_WORDS = lazy(
    r'your|example|sample|dummy|fake|placeholder|changeme|change_?me|replace|redacted|'
    r'insert|xxxx|yyyy|zzzz|test[_-]?(?:key|token|secret)|mock|foobar|lorem|secret[_-]?here|'
    r'here|todo|fixme|notreal|not[_-]?a[_-]?real|invalid|qwerty|asdf',
    re.IGNORECASE,
)
_MARKERS = lazy(r'\.\.\.|…|\*{3,}|<[^<>]{1,40}>|\$\{[^}]{0,60}\}|\{\{[^}]{0,60}\}\}|%\([^)]{0,40}\)s|#\{[^}]{0,40}\}|\{\d*\}|%[sd](?![A-Za-z0-9])')
_RUN = lazy(r'(.)\1{5,}')


def _ascending_run(value: str, limit: int) -> bool:
    """True when `value` holds `limit` characters that step by +1 or -1 (abcdef, 654321)."""
    up = down = 1
    for a, b in zip(value, value[1:]):
        d = ord(b) - ord(a)
        up = up + 1 if d == 1 else 1
        down = down + 1 if d == -1 else 1
        if up >= limit or down >= limit:
            return True
    return False


def _sequential_ratio(value: str) -> float:
    """Share of neighbours that step by one (abc123def456 is mostly steps)."""
    steps = sum(1 for a, b in zip(value, value[1:]) if abs(ord(b) - ord(a)) == 1)
    return steps / max(1, len(value) - 1)


def _repeated_unit(value: str, longest: int) -> bool:
    n = len(value)
    for size in range(1, min(longest, n // 3) + 1):
        unit = value[:size]
        if unit * (n // size) + unit[: n % size] == value:
            return True
    return False


def placeholder(value: str) -> str | None:
    """'placeholder' when the value says it is not a real secret."""
    if _MARKERS.search(value):
        return 'placeholder'
    for m in _PLACEHOLDER_WORDS.finditer(value):
        word = m.group(0)
        # `TODo` inside a long random token is chance; people write todo, TODO, Your
        if word.islower() or word.isupper() or word.istitle():
            return 'placeholder'
    return None


def not_random(body: str, min_entropy: float = 3.0) -> str | None:
    """'not-random' when `body` is too regular to be a generated token.

    `min_entropy` 0 means the format is distinctive enough: only runs of one
    character, ascending runs and a one- or two-character repeated unit count.
    """
    if len(body) < 8:
        return None  # too short to judge; the format decides
    folded = body.lower()
    # a 6-step run is rare in a short random body, but chance in a long one
    steps = max(6, len(folded) // 6)
    if _RUN.search(folded) or _ascending_run(folded, steps) or _sequential_ratio(folded) > 0.35:
        return 'not-random'
    if min_entropy <= 0:
        return 'not-random' if _repeated_unit(body, 2) else None
    if _repeated_unit(body, 8):
        return 'not-random'
    distinct = len(set(body))
    if distinct < min(10, max(4, len(body) // 3)):
        return 'not-random'
    is_hex = all(c in '0123456789abcdefABCDEF' for c in body)
    # a random string's entropy tends to log2(len) for short values; scale the bar
    need = min(min_entropy, 0.78 * math.log2(len(body)))
    if is_hex:
        need = min(need, 3.0)
    if entropy(body) < need:
        return 'not-random'
    return None


_SAYS_FAKE = lazy(
    r'(?<![A-Za-z])(?:fake|dummy|mock(?:ed)?|example|sample|placeholder|redacted|not[ _-]a[ _-]real)(?![a-z]|\.[a-z])',
    re.IGNORECASE,
)


_SAYS_NOT_REAL = lazy(
    r'(?<![A-Za-z])(?:fake|dummy|placeholder|redacted|not[ _-]a[ _-]real)(?![a-z]|\.[a-z])', re.IGNORECASE)


def line_says_fake(line: str) -> bool:
    """True when the line itself says its value is an example or a fake."""
    return bool(_SAYS_FAKE.search(line))


def line_says_not_real(line: str) -> bool:
    """True when the line calls its value fake; `# example`, `mock_` or `sample` say how it is used, not what it is."""
    return bool(_SAYS_NOT_REAL.search(line))


# --- generic candidates -------------------------------------------------------

_SPLIT = lazy(r'[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])')

SECRET_WORDS = {
    'password': 'password', 'passwd': 'password', 'pwd': 'password', 'pass': 'password', 'auth': 'token',
    'passphrase': 'password', 'passwort': 'password', 'pw': 'password', 'dbpass': 'password',
    'secret': 'secret', 'secrets': 'secret', 'token': 'token', 'tok': 'token', 'bearer': 'token',
    'authorization': 'token', 'apikey': 'key', 'credential': 'credential',
    'credentials': 'credential', 'creds': 'credential',
    'privatekey': 'key', 'accesskey': 'key', 'secretkey': 'key', 'authtoken': 'token',
    'accesstoken': 'token', 'apitoken': 'token', 'apisecret': 'secret', 'clientsecret': 'secret',
    'signingkey': 'key', 'masterkey': 'key', 'encryptionkey': 'key', 'sessionkey': 'key',
}
_KEY_QUALIFIERS = frozenset((
    'api', 'access', 'private', 'secret', 'signing', 'sign', 'encryption', 'encrypt', 'crypt',
    'master', 'client', 'app', 'auth', 'account', 'license', 'licence', 'service', 'webhook',
    'consumer', 'storage', 'subscription', 'hmac', 'jwt', 'session', 'cookie', 'admin', 'root',
    'deploy', 'aes', 'shared', 'server', 'write', 'read', 'ingest', 'sdk', 'rest', 'dev', 'prod',
    'live', 'x', 'integration', 'partner', 'merchant', 'user', 'bot', 'cipher', 'mac',
))
_NAME_DISQUALIFIERS = frozenset((
    'id', 'ids', 'name', 'names', 'url', 'uri', 'urls', 'endpoint', 'path', 'file', 'filename',
    'dir', 'type', 'types', 'length', 'len', 'size', 'count', 'max', 'min', 'prefix', 'suffix',
    'header', 'headers', 'field', 'fields', 'env', 'var', 'variable', 'format', 'pattern',
    'regex', 're', 'expiry', 'expires', 'expiration', 'ttl', 'timeout', 'usage', 'policy',
    'hash', 'hashed', 'digest', 'checksum', 'public', 'publishable', 'pub', 'placeholder',
    'label', 'hint', 'description', 'desc', 'help', 'text', 'message', 'msg', 'prompt',
    'title', 'mode', 'kind', 'version', 'param', 'params', 'arg', 'args', 'option', 'options',
    'column', 'col', 'attr', 'attribute', 'required', 'enabled', 'enable', 'disabled', 'valid',
    'validator', 'validation', 'location', 'cache', 'ref', 'reference', 'template', 'schema',
    'index', 'idx', 'callback', 'handler', 'class', 'module', 'provider', 'input', 'output',
    'error', 'errors', 'exception', 'widget', 'form', 'rotation', 'strength', 'reset',
    'forgot', 'lifetime', 'age', 'source', 'manager', 'backend', 'factory', 'algorithm', 'alg',
    'csrf', 'xsrf', 'next', 'page', 'cursor', 'continuation', 'pagination', 'verify',
    'verification', 'fake', 'dummy', 'mock', 'example', 'sample', 'test', 'bucket', 'table',
    'partition', 'sort', 'primary', 'foreign', 'lookup', 'dict', 'map', 'hot', 'short',
    'keyboard', 'keys', 'tokens', 'tokenizer', 'secrets', 'icon', 'color', 'style',
    'method', 'scheme', 'scope', 'scopes', 'audience', 'issuer', 'store', 'chars', 'charset', 'encoding', 'serializer', 'salt', 'nonce', 'seed', 'key_id',
    'fingerprint', 'thumbprint', 'kid', 'identifier', 'username', 'user_name', 'login', 'email',
    'owner', 'host', 'port', 'region', 'zone', 'project', 'account_id', 'tenant', 'generated',
    'random', 'new_token', 'event', 'events', 'stream', 'queue', 'topic', 'channel', 'group',
    'alias', 'display', 'default', 'defaults', 'expected', 'exp', 'iat', 'nbf', 'claim', 'claims',
    'step', 'stage', 'state', 'status', 'flag', 'flags', 'limit', 'rate', 'quota',
    'stop', 'start', 'end', 'pos', 'position', 'offset', 'line', 'char', 'bos', 'eos', 'pad',
    'unk', 'sep', 'cls', 'mask', 'special', 'vocab', 'embedding', 'embeddings',
    'sha', 'sha1', 'sha256', 'sha512', 'md5', 'crc', 'encrypted', 'enc', 'ciphertext', 'cipher_text',
    'commit', 'revision', 'rev', 'tag', 'branch', 'etag', 'org', 'repo', 'repository', 'workspace',
))


def name_words(name: str) -> list[str]:
    """Lowercase words of an identifier: camelCase, snake_case, kebab and dots split."""
    return [w.lower() for w in _SPLIT.split(name) if w]


def names_something_else(name: str) -> bool:
    """True when a name says it holds an id, URL, path… rather than a secret."""
    return any(w in _NAME_DISQUALIFIERS for w in name_words(name))


def secret_class(name: str) -> str | None:
    """What kind of secret a name says it holds ('password', 'secret', 'token', 'key', …), or None."""
    if '::' in name or '/' in name:
        return None  # a type or path (AWS::SecretsManager::Secret), not a variable
    words = name_words(name)
    if not words or len(words) > 8:
        return None
    if ''.join(words) in ('cleartextpassword', 'plaintextpassword'):
        return 'password'  # NuGet's packageSourceCredentials: `text` here does not mean a label
    if any(w in _NAME_DISQUALIFIERS for w in words):
        return None
    joined = ''.join(words)
    found = None
    for w in words:
        if w in SECRET_WORDS:
            found = SECRET_WORDS[w]
    if found is None:
        for compound, cls in SECRET_WORDS.items():
            if len(compound) > 6 and compound in joined:
                found = cls
                break
    if found is None and 'pat' in words:
        i = words.index('pat')
        if i > 0 and words[i - 1] in _PROVIDER_WORDS | {'ado', 'devops', 'personal'}:
            found = 'token'
    if found is None and 'key' in words:
        i = words.index('key')
        if i > 0 and (words[i - 1] in _KEY_QUALIFIERS or len(words[i - 1]) > 3 and i == len(words) - 1
                      and words[i - 1] in _PROVIDER_WORDS):
            found = 'key'
    return found


# provider names that make `<provider>_key` a secret name
_PROVIDER_WORDS = frozenset((
    'openai', 'anthropic', 'claude', 'gemini', 'google', 'groq', 'mistral', 'cohere', 'stripe',
    'twilio', 'sendgrid', 'mailgun', 'slack', 'github', 'gitlab', 'aws', 'azure', 'gcp', 'heroku',
    'datadog', 'sentry', 'shopify', 'discord', 'telegram', 'pinecone', 'replicate', 'together',
    'deepseek', 'perplexity', 'xai', 'grok', 'huggingface', 'hf', 'langsmith', 'langchain',
    'firebase', 'supabase', 'algolia', 'mapbox', 'maps', 'places', 'youtube', 'weather',
    'openweather', 'pusher', 'segment', 'mixpanel', 'amplitude', 'paypal', 'braintree', 'square',
    'razorpay', 'paystack', 'plaid', 'coinbase', 'binance', 'kraken', 'alchemy', 'infura',
    'etherscan', 'moralis', 'mailchimp', 'postmark', 'resend', 'brevo', 'sendinblue', 'zendesk',
    'intercom', 'hubspot', 'salesforce', 'notion', 'airtable', 'linear', 'jira', 'asana',
    'trello', 'dropbox', 'box', 'zoom', 'okta', 'auth0', 'clerk', 'elevenlabs', 'deepgram',
    'assemblyai', 'tavily', 'serper', 'serpapi', 'exa', 'firecrawl', 'browserbase', 'fireworks',
    'nvidia', 'cerebras', 'voyage', 'jina', 'llama', 'llamacloud', 'openrouter', 'wandb',
    'cloudflare', 'fastly', 'vercel', 'netlify', 'render', 'railway', 'fly', 'linode',
    'digitalocean', 'vultr', 'hetzner', 'newrelic', 'honeycomb', 'rollbar', 'bugsnag',
    'recaptcha', 'captcha', 'hcaptcha', 'turnstile', 'encryption', 'fernet', 'django', 'flask',
    'rails', 'laravel', 'nextauth', 'jwt', 'vapid', 'webhook', 'signing', 'license',
))

# framework signing secrets: SEC006 rather than the generic SEC007
FRAMEWORK_NAMES = lazy(
    r'^(?:(?:django|flask|app|rails|wtf_csrf|fastapi|starlette|quart|sanic|bottle)?_?secret_?key'
    r'|secret_?key_?base|app_?key|(?:jwt|session|cookie|nextauth|auth|token|signing|app|hmac)_?secret'
    r'(?:_?key)?|jwt_?(?:signing_?)?key|security_?password_?salt|secret)$',
    re.IGNORECASE,
)


def is_framework_name(name: str) -> bool:
    """True for SECRET_KEY, app.secret_key, JWT_SECRET and the like."""
    last = re.split(r'[.\[\]"\'\s]+', name.strip('.[]"\' '))
    tail = [p for p in last if p]
    return bool(tail) and bool(FRAMEWORK_NAMES.match(tail[-1]))


_PLACEHOLDER_VALUES = frozenset((
    'password', 'passwd', 'pass', 'secret', 'secrets', 'token', 'changeme', 'change_me', 'change-me',
    'admin', 'root', 'default', 'none', 'null', 'nil', 'undefined', 'true', 'false', 'todo',
    'tbd', 'fixme', 'redacted', 'hidden', 'removed', 'empty', 'unset', 'required', 'optional',
    'test', 'testing', 'demo', 'guest', 'user', 'username', 'letmein', 'hunter2', 'qwerty',
    'abc123', 'foobar', 'foo', 'bar', 'baz', 'mysecret', 'mypassword', 'secret123',
    'password123', 'postgres', 'mysql', 'apikey', 'api_key', 'api-key', 'sk-', 'key',
    'string', 'str', 'value', 'xxx', 'private', 'public', 'supersecret', 'super_secret',
    'development', 'dev', 'local', 'localhost', 'insecure', 'unsafe', 'notasecret',
))
def is_placeholder_value(value: str) -> bool:
    """True for a whole value that is a placeholder word (`password`, `changeme`, `secret`…)."""
    return value.lower().strip('_-.!') in _PLACEHOLDER_VALUES


_REFERENCE = lazy(
    r'^(?:\$\{?[A-Za-z_][\w.:-]*\}?|%[A-Za-z_][\w]*%|%\([\w.]+\)[sd]|\{\{.{0,80}\}\}|'
    r'\{[A-Za-z_][\w.]*\}|<%=?.{0,80}%>|#\{.{0,80}\}|@[A-Za-z_][\w.]*@|'
    r'\$\([^)]{1,80}\)|\$[0-9]+|%[sdr]|\{\d*\})$'
)
_ENV_LOOKUP = lazy(r'os\.environ|getenv|process\.env|ENV\[|ENV\.fetch|System\.getenv|env\(|\$env:', re.IGNORECASE)
_HASH_VALUE = lazy(
    r'^(?:sha(?:1|224|256|384|512)[:\-=~]|md5[:\-=]|blake2b?[:\-]|\$2[abxy]?\$\d\d\$|\$argon2|'
    r'\$pbkdf2|pbkdf2_sha\d+\$|\$[156]\$|\$scrypt|scrypt:|bcrypt\$|\{SSHA\}|\{SHA\})',
    re.IGNORECASE,
)
_TEST_MODE_PREFIXES = ('sk_test_', 'rk_test_', 'pk_test_', 'whsec_test', 'FLWSECK_TEST', 'EZTK', 'shippo_test_',
                       'duffel_test_', 'test_', 'sandbox-', 'access-sandbox-')
_ENCRYPTED_PREFIXES = ('ENC[', '$ANSIBLE_VAULT', 'vault:v', 'AQICAH', 'enc:', 'encrypted:', 'sops:', '!vault')
_LEET = str.maketrans('@4031!$57', 'aaoeiisst')
_LEET_WORDS = lazy(r'password|passw|secret|changeme|qwerty|letmein|welcome|admin123|iloveyou|monkey|dragon')
_B64_SHAPE = lazy(r'^[A-Za-z0-9+/]{8,}={0,2}$')


def _b64_text(value: str) -> str | None:
    """The text a short base64 value encodes (k8s Secret data), or None."""
    if len(value) % 4 or len(value) > 200 or not _B64_SHAPE.match(value):
        return None
    import base64
    import binascii

    try:
        raw = base64.b64decode(value, validate=True)
    except (binascii.Error, ValueError):
        return None
    text = raw.decode('ascii', 'replace')
    return text if text.isprintable() and '\ufffd' not in text else None


_PUBLIC_PREFIXES = ('pk_live_', 'pk_test_', 'pk.eyJ', 'phc_', 'pub_', 'pk-lf-', 'ssh-rsa ', 'ssh-ed25519 ',
                    'ecdsa-sha2-', 'npub1', 'AAAAC3Nza', 'AAAAB3Nza')
_ETH_ADDRESS = lazy(r'^0x[0-9a-fA-F]{40}$')  # an Ethereum account or contract address is public (a key has 64)
_UUID = lazy(r'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$')
_REGEX_LIKE = lazy(r'\(\?|\[[^\]]{1,40}\][*+?{]|\\[dswbDSW]|\{\d+,\d*\}')
_CODE_PATH = lazy(r'^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+(?::[A-Za-z_][\w.]*)?$')  # module.attr:func
_ENV_NAME = lazy(r'^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$')
_WORDS = lazy(r'^[a-z]+(?:[_\-. ][a-z]+)*$|^[A-Z][a-z]+(?:[A-Z][a-z]+)*$|^[a-z]+(?:[A-Z][a-z]+)+$')
_NOT_SECRET_SHAPES = lazy(
    r'^(?:[a-z][a-z0-9+.-]*://\S*|[\w.+-]+@[\w-]+\.[\w.]+|\.{0,2}/[\w./-]*|[A-Za-z]:\\.*|'
    r'v?\d+(?:\.\d+){1,3}(?:[-+.][\w.]+)?|\d{4}-\d\d-\d\d(?:[T ][\d:.]+Z?)?|'
    r'(?:[\w.-]+/)*[\w-]+\.(?:py|js|ts|json|ya?ml|txt|md|pem|key|crt|cfg|ini|toml|env|html|csv|log)|'  # a file's path
    r'#[0-9a-fA-F]{3,8}|[\d.]+|(?:[a-z]+\s){2,}.*|arn:[\w-]+:\S*|(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}(?::\d+)?(?:/\S*)?|'
    r'\d{4}_[a-z][a-z0-9_]*)$'  # a Django migration's name: ("auth", "0002_alter_permission_name_max_length")
)


def is_uuid(value: str) -> bool:
    return bool(_UUID.match(value))


def generic_value(value: str, cls: str, kind: str) -> str | None:
    """The filter that drops `value` as the secret of a `cls` name in a `kind` file, or None."""
    v = value.strip()
    for prefix in ('Bearer ', 'bearer ', 'Basic ', 'Token ', 'token '):
        if v.startswith(prefix):
            v = v[len(prefix):].strip()
    low = v.lower()
    if _HASH_VALUE.match(v):
        return 'hash'
    if (_REFERENCE.match(v) or _ENV_LOOKUP.search(v) or v.startswith(('$', '%(')) or _ENV_NAME.match(v)
            or _CODE_PATH.match(v)):
        return 'reference'
    if low in _PLACEHOLDER_VALUES or low.strip('_-.!') in _PLACEHOLDER_VALUES or placeholder(v):
        return 'placeholder'
    if len(v) < (6 if cls == 'password' else 8):
        return 'not-random'
    if v.startswith(_TEST_MODE_PREFIXES):
        return 'test-mode'
    if v.startswith(_ENCRYPTED_PREFIXES):
        return 'encrypted'
    if _LEET_WORDS.search(low.translate(_LEET)):
        return 'placeholder'  # P@ssw0rd, my-secret-value, changeme…
    decoded = _b64_text(v)
    if decoded and (decoded.lower() in _PLACEHOLDER_VALUES or placeholder(decoded)
                    or len(decoded) < 6 or _LEET_WORDS.search(decoded.lower().translate(_LEET))):
        return 'placeholder'
    if decoded and ':' in decoded:  # Basic auth: user:password
        user, _, pw = decoded.partition(':')
        if url_password(user, pw, '', kind if kind in ('test', 'docs') else 'code'):
            return 'placeholder'
    if _UUID.match(v):
        return 'uuid'
    if v.startswith(_PUBLIC_PREFIXES) or _ETH_ADDRESS.match(v):
        return 'public-key'
    if _NOT_SECRET_SHAPES.match(v) or ' ' in v.strip() or _REGEX_LIKE.search(v) or looks_like_words(v):
        return 'not-random'
    if not_random(v, 3.0):
        return 'not-random'
    is_hex = all(c in '0123456789abcdefABCDEF' for c in v)
    classes = sum((any(c.islower() for c in v), any(c.isupper() for c in v),
                   any(c.isdigit() for c in v), any(not c.isalnum() for c in v)))
    machine_made = (len(v) >= 16 and entropy(v) >= 3.5 or is_hex and len(v) >= 32 and entropy(v) >= 3.2
                    or cls == 'password' and len(v) >= 10 and classes >= 3 and entropy(v) >= 3.0)
    if kind in ('test', 'docs', 'strict') and not machine_made:
        return 'tests-and-docs'
    if cls == 'password':
        if _WORDS.match(v) or classes < 2 or entropy(v) < 2.5:
            return 'not-random'
        return None
    if _WORDS.match(v):
        return 'not-random'
    if len(v) < 12 or entropy(v) < 3.0 or is_hex and len(v) < 20:
        return 'not-random'  # 16 hex digits are ids and digests far more often than keys
    classes = sum((any(c.isalpha() for c in v), any(c.isdigit() for c in v)))
    if classes < 2 and not machine_made:
        return 'not-random'
    return None


_VOWELS = frozenset('aeiouyAEIOUY')
_CONSONANTS = lazy(r'[b-df-hj-np-tv-xz]{5,}', re.IGNORECASE)
_CHUNK = lazy(r'[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+')


def looks_like_words(value: str) -> bool:
    """True for identifiers and phrases made of words (`JWTBearerTokenValidator`,
    `serverlessrepo:applicationId`), which random tokens are not."""
    if any(c.isdigit() for c in value.rstrip('0123456789')):
        return False  # digits inside: random tokens nearly always have some, identifiers rarely
    letters = [c for c in value if c.isalpha()]
    if not letters or len(letters) < 0.8 * len(value.replace('-', '').replace('_', '').replace('.', '').replace(':', '')):
        return False
    chunks = [c for c in _CHUNK.findall(value) if not c.isdigit()]
    if not chunks:
        return False
    if not value.isupper() and any(len(c) >= 7 and c.isupper() for c in chunks):
        return False  # identifiers have short acronyms (HTTP, JSON), not `DTYYVQTIYJRI`
    avg = sum(map(len, chunks)) / len(chunks)
    vowels = sum(c in _VOWELS for c in letters) / len(letters)
    if avg < 3.5 or vowels < 0.28:
        return False
    # words have no long consonant clusters; random letters do (`MPPWINSWZ`)
    return not any(_CONSONANTS.search(c) for c in chunks if len(c) > 4 or not c.isupper())


_PLACEHOLDER_USERS = frozenset(('user', 'username', 'myuser', 'name', 'login', 'foo', 'me', 'someone', 'john', 'jane'))
_URL_PASSWORD_DEFAULTS = frozenset((
    'postgres', 'mysql', 'root', 'admin', 'guest', 'password', 'pass', 'passwd', 'secret',
    'changeme', 'test', 'user', 'example', 'redis', 'mongo', 'rabbitmq', 'pwd', 'pw', 'p',
    'dbpass', 'mypassword', 'pa55word', 'sa', 'oracle', 'airflow', 'superset', 'none', 'null', 'nil',
    'true', 'false', 'undefined',
))


def url_password(user: str, password: str, host: str, kind: str) -> str | None:
    """The filter that drops the password of `scheme://user:password@host`, or None."""
    pw = password
    low = pw.lower()
    if len(pw) < 3:
        return 'placeholder'
    if _REFERENCE.match(pw) or pw.startswith(('$', '%', '{', '<', '[')) or _MARKERS.search(pw):
        return 'reference'
    if low in _URL_PASSWORD_DEFAULTS or low == user.lower() or low.strip('*x.') == '':
        return 'placeholder'
    if placeholder(pw) or (_PLACEHOLDER_WORDS.search(user) or user.lower() in _PLACEHOLDER_USERS) and len(pw) < 12:
        return 'placeholder'
    if _LEET_WORDS.search(low.translate(_LEET)):
        return 'placeholder'
    if kind in ('test', 'docs') and not (len(pw) >= 10 and entropy(pw) >= 3.0):
        return 'tests-and-docs'
    if _LOCAL_HOST.match(host) and not (len(pw) >= 10 and entropy(pw) >= 3.0):
        return 'placeholder'
    return None


_LOCAL_HOST = lazy(r'^(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[?::1\]?|host\.docker\.internal)(?:$|[:/])', re.IGNORECASE)


# --- detect-secrets heuristics (imported only when a candidate needs them) ----

def detect_secrets_filter(value: str, line: str) -> str | None:
    """The first detect-secrets heuristic filter that drops `value`, or None."""
    from detect_secrets.filters import heuristic

    if heuristic.is_sequential_string(value):
        return 'detect-secrets:is_sequential_string'
    if heuristic.is_potential_uuid(value):
        return 'detect-secrets:is_potential_uuid'
    if heuristic.is_templated_secret(value):
        return 'detect-secrets:is_templated_secret'
    if heuristic.is_prefixed_with_dollar_sign(value):
        return 'detect-secrets:is_prefixed_with_dollar_sign'
    if heuristic.is_likely_id_string(value, line):
        return 'detect-secrets:is_likely_id_string'
    return None


# --- literal fallbacks of secret environment variables (PY011, JS011) -------------------

# a variable that holds a secret: its fallback is the secret whenever the variable is unset
SECRET_ENV_NAME = lazy(
    r'(?:^|_)(?:SECRET|SECRET_KEY|PASSWORD|PASSWD|PWD|TOKEN|API_KEY|APIKEY|PRIVATE_KEY|ACCESS_KEY|SIGNING_KEY|'
    r'AUTH_KEY|ENCRYPTION_KEY|CLIENT_SECRET|SESSION_KEY|JWT_KEY|MASTER_KEY)$', re.IGNORECASE)
# a name about a secret rather than the secret: CSRF_TOKEN_HEADER ends elsewhere, these end in the word
_NOT_SECRET_ENV = lazy(r'(?:^|_)(?:CONFIRM|OLD|NEW|TYPE|LEN|LENGTH|MIN|MAX|NAME|FIELD|HINT|PREFIX|URL|HEADER|FILE|PATH)_',
                       re.IGNORECASE)
_FILL_IN = lazy(r'<[^<>]*>|\$\{[^}]*\}|none|null|nil|undefined', re.IGNORECASE)
# a file that is itself a template: copied and filled in, never run as it stands
_TEMPLATE_PATH = lazy(
    r'(?:^|/)[\w.-]*(?:templates?|skeletons?|boilerplates?)/|\{\{|\{%|'
    r'[._-](?:example|sample|template|tpl|dist)(?:[._-][^/]*)?$', re.IGNORECASE)


def is_secret_env_name(name: str) -> bool:
    """True for `JWT_SECRET`, `DB_PASSWORD`, `STRIPE_API_KEY`; not `CSRF_TOKEN_HEADER` or `PASSWORD_MIN_LENGTH`."""
    return bool(SECRET_ENV_NAME.search(name)) and not _NOT_SECRET_ENV.search(name)


def is_template_path(path: str) -> bool:
    """True for config.example.js, settings.sample.py, templates/…, {{cookiecutter.name}}/…"""
    return bool(_TEMPLATE_PATH.search(path.replace('\\', '/')))


def env_fallback_is_secret(value: str, path: str) -> bool:
    """True when a literal fallback of a secret variable is a usable key: the app runs with it
    whenever the variable is unset, placeholder words included (`change-me` signs tokens as well as
    any key). Not: empty or one-two characters, a fill-in marker (`<secret>`, `${VAR}`, `null`), or a
    placeholder in a file that is itself a template (`config.example.js`)."""
    v = value.strip()
    if len(v) < 3 or _FILL_IN.fullmatch(v):
        return False
    return not (is_template_path(path) and (is_placeholder_value(v) or placeholder(v) is not None))


# --- GitHub's and npm's token checksum ------------------------------------------------------

_BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'
CHECKSUMMED = ('ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_')


def token_checksum(value: str) -> bool | None:
    """Whether a token's last 6 characters are the base62 CRC32 of its 30-character body, as GitHub
    (ghp_/gho_/ghu_/ghs_/ghr_) and npm (npm_) issue every token; None when the token has no such checksum."""
    if len(value) != 40 or not value.startswith(CHECKSUMMED):
        return None
    import zlib

    n = zlib.crc32(value[4:34].encode())
    digits = ''
    while n:
        n, d = divmod(n, 62)
        digits = _BASE62[d] + digits
    return value[34:] == digits.rjust(6, '0')
