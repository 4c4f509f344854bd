"""A synthetic accuracy corpus for the secrets engine, built at run time.

Every token is generated from the provider's documented format with a seeded
random generator, so the repository holds no secret-shaped literal. Each
provider has a table of positives (real-format tokens in the places AI
assistants put them) and negatives (placeholders, env lookups, wrong lengths,
truncated or masked values); `LOOKALIKES` adds non-secrets that resemble
secrets (hashes, UUIDs, public keys, lockfiles, test fixtures, docs).
"""
from __future__ import annotations

import base64
import dataclasses
import json
import random
import string
import zlib
from collections.abc import Callable, Iterator

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
UPPER_ALNUM = string.ascii_uppercase + string.digits
HEX = '0123456789abcdef'
B64 = ALNUM + '+/'
URLSAFE = ALNUM + '-_'


@dataclasses.dataclass(frozen=True)
class Sample:
    """One file of the corpus and whether it holds a real secret."""

    provider: str
    path: str
    text: str
    secret: bool
    note: str


def rand(rng: random.Random, alphabet: str, n: int) -> str:
    return ''.join(rng.choice(alphabet) for _ in range(n))


BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'


def github_checksummed(prefix: str, body: str) -> str:
    """`prefix`, the 30-character body and its base62 CRC32, as GitHub and npm issue tokens (aiguard drops a bad checksum)."""
    n = zlib.crc32(body.encode())
    out = ''
    while n:
        n, d = divmod(n, 62)
        out = BASE62[d] + out
    return prefix + body + out.rjust(6, '0')


def github_token(r: random.Random, prefix: str = 'ghp_') -> str:
    """30 random characters and the base62 CRC32 of them, as GitHub issues them."""
    return github_checksummed(prefix, rand(r, ALNUM, 30))


def uuid(rng: random.Random) -> str:
    h = rand(rng, HEX, 32)
    return f'{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}'


Maker = Callable[[random.Random], str]


@dataclasses.dataclass(frozen=True)
class Provider:
    """How one provider's token looks and where code puts it."""

    name: str
    var: str                 # the environment variable name people use
    make: Maker              # a real-format token
    prefix: str = ''         # the literal prefix (for placeholder negatives)
    call: str = ''           # a client constructor taking the key
    distinctive: bool = True  # the format alone identifies it

    @property
    def fixed_length(self) -> bool:
        """Formats whose documented length is exact (a truncated token is malformed)."""
        return self.distinctive and self.name not in VARIABLE_LENGTH


def _p(name: str, var: str, make: Maker, prefix: str = '', call: str = '', distinctive: bool = True) -> Provider:
    return Provider(name, var, make, prefix, call, distinctive)


VARIABLE_LENGTH = frozenset((
    'stripe-live', 'stripe-restricted', 'openai-project', 'openai-svcacct', 'pypi', 'facebook', 'vault',
    'planetscale', 'perplexity', 'alibaba', 'pinecone', 'discord-bot', 'gitlab-runner', 'docker-hub',
    'terraform-cloud', 'azure-storage', 'slack-webhook', 'sentry-dsn', 'mailchimp', 'square', 'xai',
    'anthropic',
))

PROVIDERS: tuple[Provider, ...] = (
    _p('aws-access-key', 'AWS_ACCESS_KEY_ID', lambda r: 'AKIA' + rand(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16), 'AKIA'),
    _p('aws-temp-key', 'AWS_ACCESS_KEY_ID', lambda r: 'ASIA' + rand(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16), 'ASIA'),
    _p('gcp-api-key', 'GOOGLE_API_KEY', lambda r: 'AIza' + rand(r, URLSAFE, 35), 'AIza', 'genai.Client'),
    _p('gcp-oauth-secret', 'GOOGLE_CLIENT_SECRET', lambda r: 'GOCSPX-' + rand(r, URLSAFE, 28), 'GOCSPX-'),
    _p('azure-ad-secret', 'AZURE_CLIENT_SECRET', lambda r: rand(r, ALNUM, 3) + '8Q~' + rand(r, ALNUM + '_~.-', 34), ''),
    _p('github-classic', 'GITHUB_TOKEN', lambda r: github_token(r, 'ghp_'), 'ghp_', 'Github'),
    _p('github-fine-grained', 'GITHUB_TOKEN', lambda r: 'github_pat_' + rand(r, ALNUM, 22) + '_' + rand(r, ALNUM, 59), 'github_pat_'),
    _p('github-oauth', 'GH_OAUTH_TOKEN', lambda r: github_token(r, 'gho_'), 'gho_'),
    _p('github-app', 'GH_APP_TOKEN', lambda r: github_token(r, 'ghs_'), 'ghs_'),
    _p('github-user-to-server', 'GH_TOKEN', lambda r: github_token(r, 'ghu_'), 'ghu_'),
    _p('gitlab-pat', 'GITLAB_TOKEN', lambda r: 'glpat-' + rand(r, URLSAFE, 20), 'glpat-', 'gitlab.Gitlab'),
    _p('gitlab-runner', 'RUNNER_TOKEN', lambda r: 'glrt-' + rand(r, URLSAFE, 20), 'glrt-'),
    _p('gitlab-deploy', 'DEPLOY_TOKEN', lambda r: 'gldt-' + rand(r, URLSAFE, 20), 'gldt-'),
    _p('slack-bot', 'SLACK_BOT_TOKEN', lambda r: f'xoxb-{rand(r, "123456789", 12)}-{rand(r, "123456789", 13)}-{rand(r, ALNUM, 24)}', 'xoxb-', 'WebClient'),
    _p('slack-user', 'SLACK_USER_TOKEN', lambda r: f'xoxp-{rand(r, "123456789", 12)}-{rand(r, "123456789", 12)}-{rand(r, "123456789", 13)}-{rand(r, HEX, 32)}', 'xoxp-'),
    _p('slack-webhook', 'SLACK_WEBHOOK_URL', lambda r: f'https://hooks.slack.com/services/T{rand(r, UPPER_ALNUM, 8)}/B{rand(r, UPPER_ALNUM, 10)}/{rand(r, ALNUM, 24)}', 'https://hooks.slack.com/services/'),
    _p('stripe-live', 'STRIPE_SECRET_KEY', lambda r: 'sk_live_' + rand(r, ALNUM, 99), 'sk_live_', 'stripe.StripeClient'),
    _p('stripe-restricted', 'STRIPE_RESTRICTED_KEY', lambda r: 'rk_live_' + rand(r, ALNUM, 24), 'rk_live_'),
    _p('twilio-api-key', 'TWILIO_API_KEY', lambda r: 'SK' + rand(r, HEX, 32), 'SK'),
    _p('twilio-auth-token', 'TWILIO_AUTH_TOKEN', lambda r: rand(r, HEX, 32), '', '', False),
    _p('sendgrid', 'SENDGRID_API_KEY', lambda r: 'SG.' + rand(r, URLSAFE, 22) + '.' + rand(r, URLSAFE, 43), 'SG.', 'SendGridAPIClient'),
    _p('mailgun', 'MAILGUN_API_KEY', lambda r: 'key-' + rand(r, HEX, 32), 'key-'),
    _p('npm', 'NPM_TOKEN', lambda r: github_token(r, 'npm_'), 'npm_'),
    _p('pypi', 'PYPI_TOKEN', lambda r: 'pypi-AgEIcHlwaS5vcmc' + rand(r, URLSAFE, 70), 'pypi-'),
    _p('docker-hub', 'DOCKERHUB_TOKEN', lambda r: 'dckr_pat_' + rand(r, URLSAFE, 27), 'dckr_pat_'),
    _p('shopify', 'SHOPIFY_ACCESS_TOKEN', lambda r: 'shpat_' + rand(r, HEX, 32), 'shpat_'),
    _p('shopify-secret', 'SHOPIFY_API_SECRET', lambda r: 'shpss_' + rand(r, HEX, 32), 'shpss_'),
    _p('discord-bot', 'DISCORD_TOKEN', lambda r: 'MT' + rand(r, ALNUM, 24) + '.' + rand(r, URLSAFE, 6) + '.' + rand(r, URLSAFE, 38), 'MT'),
    _p('telegram-bot', 'TELEGRAM_BOT_TOKEN', lambda r: rand(r, '123456789', 10) + ':AA' + rand(r, URLSAFE, 33), '', 'telebot.TeleBot'),
    _p('digitalocean', 'DIGITALOCEAN_TOKEN', lambda r: 'dop_v1_' + rand(r, HEX, 64), 'dop_v1_'),
    _p('heroku', 'HEROKU_API_KEY', lambda r: uuid(r), '', '', False),
    _p('heroku-v2', 'HEROKU_API_KEY', lambda r: 'HRKU-AA' + rand(r, URLSAFE, 58), 'HRKU-AA'),
    _p('datadog', 'DD_API_KEY', lambda r: rand(r, HEX, 32), '', '', False),
    _p('sentry-dsn', 'SENTRY_DSN', lambda r: f'https://{rand(r, HEX, 32)}:{rand(r, HEX, 32)}@o{rand(r, "123456789", 6)}.ingest.sentry.io/{rand(r, "123456789", 7)}', ''),
    _p('openai-legacy', 'OPENAI_API_KEY', lambda r: 'sk-' + rand(r, ALNUM, 20) + 'T3BlbkFJ' + rand(r, ALNUM, 20), 'sk-', 'OpenAI'),
    _p('openai-project', 'OPENAI_API_KEY', lambda r: 'sk-proj-' + rand(r, URLSAFE, 74) + 'T3BlbkFJ' + rand(r, URLSAFE, 74), 'sk-proj-', 'OpenAI'),
    _p('openai-svcacct', 'OPENAI_API_KEY', lambda r: 'sk-svcacct-' + rand(r, URLSAFE, 58) + 'T3BlbkFJ' + rand(r, URLSAFE, 58), 'sk-svcacct-', 'OpenAI'),
    _p('anthropic', 'ANTHROPIC_API_KEY', lambda r: 'sk-ant-api03-' + rand(r, URLSAFE, 93) + 'AA', 'sk-ant-api03-', 'anthropic.Anthropic'),
    _p('huggingface', 'HF_TOKEN', lambda r: 'hf_' + rand(r, string.ascii_letters, 34), 'hf_', 'InferenceClient'),
    _p('google-ai', 'GEMINI_API_KEY', lambda r: 'AIzaSy' + rand(r, URLSAFE, 33), 'AIza', 'genai.Client'),
    _p('groq', 'GROQ_API_KEY', lambda r: 'gsk_' + rand(r, ALNUM, 52), 'gsk_', 'Groq'),
    _p('replicate', 'REPLICATE_API_TOKEN', lambda r: 'r8_' + rand(r, ALNUM, 37), 'r8_', 'replicate.Client'),
    _p('cohere', 'COHERE_API_KEY', lambda r: rand(r, ALNUM, 40), '', 'cohere.Client', False),
    _p('mistral', 'MISTRAL_API_KEY', lambda r: rand(r, ALNUM, 32), '', 'Mistral', False),
    _p('perplexity', 'PERPLEXITY_API_KEY', lambda r: 'pplx-' + rand(r, ALNUM, 48), 'pplx-'),
    _p('xai', 'XAI_API_KEY', lambda r: 'xai-' + rand(r, ALNUM, 80), 'xai-'),
    _p('together', 'TOGETHER_API_KEY', lambda r: rand(r, HEX, 64), '', 'Together', False),
    _p('deepseek', 'DEEPSEEK_API_KEY', lambda r: 'sk-' + rand(r, HEX, 32), 'sk-', 'OpenAI'),
    _p('langsmith', 'LANGCHAIN_API_KEY', lambda r: 'lsv2_pt_' + rand(r, HEX, 32) + '_' + rand(r, HEX, 10), 'lsv2_pt_'),
    _p('pinecone', 'PINECONE_API_KEY', lambda r: 'pcsk_' + rand(r, ALNUM, 6) + '_' + rand(r, ALNUM, 63), 'pcsk_', 'Pinecone'),
    _p('openrouter', 'OPENROUTER_API_KEY', lambda r: 'sk-or-v1-' + rand(r, HEX, 64), 'sk-or-v1-'),
    _p('nvidia', 'NVIDIA_API_KEY', lambda r: 'nvapi-' + rand(r, URLSAFE, 64), 'nvapi-'),
    _p('tavily', 'TAVILY_API_KEY', lambda r: 'tvly-' + rand(r, ALNUM, 32), 'tvly-'),
    _p('elevenlabs', 'ELEVENLABS_API_KEY', lambda r: 'sk_' + rand(r, HEX, 48), 'sk_'),
    _p('linear', 'LINEAR_API_KEY', lambda r: 'lin_api_' + rand(r, ALNUM, 40), 'lin_api_'),
    _p('notion', 'NOTION_TOKEN', lambda r: 'ntn_' + rand(r, '0123456789', 11) + rand(r, ALNUM, 35), 'ntn_'),
    _p('figma', 'FIGMA_TOKEN', lambda r: 'figd_' + rand(r, URLSAFE, 40), 'figd_'),
    _p('postman', 'POSTMAN_API_KEY', lambda r: 'PMAK-' + rand(r, HEX, 24) + '-' + rand(r, HEX, 34), 'PMAK-'),
    _p('databricks', 'DATABRICKS_TOKEN', lambda r: 'dapi' + rand(r, HEX, 32), 'dapi'),
    _p('vault', 'VAULT_TOKEN', lambda r: 'hvs.' + rand(r, URLSAFE, 95), 'hvs.'),
    _p('terraform-cloud', 'TFE_TOKEN', lambda r: rand(r, ALNUM, 14) + '.atlasv1.' + rand(r, URLSAFE, 67), ''),
    _p('pulumi', 'PULUMI_ACCESS_TOKEN', lambda r: 'pul-' + rand(r, HEX, 40), 'pul-'),
    _p('grafana-sa', 'GRAFANA_TOKEN', lambda r: 'glsa_' + rand(r, ALNUM, 32) + '_' + rand(r, HEX, 8), 'glsa_'),
    _p('newrelic', 'NEW_RELIC_API_KEY', lambda r: 'NRAK-' + rand(r, UPPER_ALNUM, 27), 'NRAK-'),
    _p('dynatrace', 'DT_API_TOKEN', lambda r: 'dt0c01.' + rand(r, UPPER_ALNUM, 24) + '.' + rand(r, UPPER_ALNUM, 64), 'dt0c01.'),
    _p('supabase', 'SUPABASE_ACCESS_TOKEN', lambda r: 'sbp_' + rand(r, HEX, 40), 'sbp_'),
    _p('planetscale', 'PLANETSCALE_PASSWORD', lambda r: 'pscale_pw_' + rand(r, URLSAFE, 43), 'pscale_pw_'),
    _p('square', 'SQUARE_ACCESS_TOKEN', lambda r: 'EAAA' + rand(r, URLSAFE, 60), 'EAAA'),
    _p('sendinblue', 'BREVO_API_KEY', lambda r: 'xkeysib-' + rand(r, HEX, 64) + '-' + rand(r, ALNUM, 16), 'xkeysib-'),
    _p('mailchimp', 'MAILCHIMP_API_KEY', lambda r: rand(r, HEX, 32) + '-us' + str(r.randint(1, 21)), ''),
    _p('age', 'AGE_KEY', lambda r: 'AGE-SECRET-KEY-1' + rand(r, 'QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L', 58), 'AGE-SECRET-KEY-1'),
    _p('doppler', 'DOPPLER_TOKEN', lambda r: 'dp.st.' + rand(r, ALNUM, 43), 'dp.st.'),
    _p('rubygems', 'GEM_HOST_API_KEY', lambda r: 'rubygems_' + rand(r, HEX, 48), 'rubygems_'),
    _p('facebook', 'FB_ACCESS_TOKEN', lambda r: 'EAAB' + rand(r, ALNUM, 150), 'EAAB'),
    _p('resend', 'RESEND_API_KEY', lambda r: 're_' + rand(r, ALNUM, 8) + '_' + rand(r, ALNUM, 24), 're_'),
    _p('airtable', 'AIRTABLE_TOKEN', lambda r: 'pat' + rand(r, ALNUM, 14) + '.' + rand(r, HEX, 64), 'pat'),
    _p('atlassian', 'JIRA_API_TOKEN', lambda r: 'ATATT3' + rand(r, URLSAFE, 186), 'ATATT3'),
    _p('sonar', 'SONAR_TOKEN', lambda r: 'squ_' + rand(r, HEX, 40), 'squ_'),
    _p('cloudflare', 'CLOUDFLARE_API_TOKEN', lambda r: rand(r, URLSAFE, 40), '', '', False),
    _p('okta', 'OKTA_API_TOKEN', lambda r: '00' + rand(r, URLSAFE, 40), '', '', False),
    _p('alibaba', 'ALIBABA_CLOUD_ACCESS_KEY_ID', lambda r: 'LTAI' + rand(r, ALNUM, 20), 'LTAI'),
    _p('shippo', 'SHIPPO_TOKEN', lambda r: 'shippo_live_' + rand(r, HEX, 40), 'shippo_live_'),
    _p('flyio', 'FLY_API_TOKEN', lambda r: 'fo1_' + rand(r, URLSAFE, 43), 'fo1_'),
    _p('hubspot', 'HUBSPOT_TOKEN', lambda r: 'pat-na1-' + uuid(r), 'pat-na1-'),
    _p('posthog', 'POSTHOG_PERSONAL_API_KEY', lambda r: 'phx_' + rand(r, ALNUM, 43), 'phx_'),
    _p('azure-storage', 'AZURE_STORAGE_CONNECTION_STRING', lambda r: 'DefaultEndpointsProtocol=https;AccountName=acme;AccountKey=' + rand(r, B64, 86) + '==;EndpointSuffix=core.windows.net', ''),
)


def _positive_contexts(p: Provider, tok: str, rng: random.Random) -> Iterator[tuple[str, str, str]]:
    var = p.var
    low = var.lower()
    yield 'settings.py', f'{var} = "{tok}"\n', 'python assignment'
    yield '.env', f'{var}={tok}\n', 'env file'
    yield 'config/app.yaml', f'{low}: "{tok}"\n', 'yaml'
    yield 'config.json', json.dumps({low: tok}, indent=2) + '\n', 'json'
    yield 'app.py', f'import os\n{low} = os.getenv("{var}", "{tok}")\n', 'getenv default'
    yield 'src/client.js', f'const key = process.env.{var} || "{tok}";\n', 'process.env fallback'
    if p.call:
        yield 'client.py', f'client = {p.call}(api_key="{tok}")\n', 'call keyword'
    yield 'tests/test_client.py', f'def test_live():\n    client = make_client(token="{tok}")\n', 'test fixture (real token)'
    yield 'README.md', f'Set it up:\n\n    export {var}={tok}\n', 'docs'


def _negative_contexts(p: Provider, rng: random.Random) -> Iterator[tuple[str, str, str]]:
    var = p.var
    low = var.lower()
    yield 'settings.py', f'{var} = os.environ["{var}"]\n', 'env lookup'
    yield 'settings.py', f'{var} = os.getenv("{var}")\n', 'getenv without default'
    yield 'src/client.js', f'const key = process.env.{var};\n', 'process.env'
    yield 'docker-compose.yml', f'environment:\n  - {var}=${{{var}}}\n', 'compose reference'
    yield 'config/app.yaml', f'{low}: "{{{{ {low} }}}}"\n', 'template'
    yield '.env.example', f'{var}=your-{low.replace("_", "-")}-here\n', 'placeholder'
    yield 'README.md', f'export {var}=<{var}>\n', 'angle placeholder'
    tok = p.make(rng)
    if p.prefix:
        yield 'settings.py', f'{var} = "{p.prefix}{"x" * max(8, len(tok) - len(p.prefix))}"\n', 'xxxx placeholder'
        yield 'settings.py', f'{var} = "{p.prefix}..."\n', 'ellipsis'
        yield 'docs/setup.md', f'Your key looks like `{p.prefix}{"*" * 12}{tok[-4:]}`.\n', 'masked in docs'
        if p.fixed_length and len(tok) - len(p.prefix) > 12:
            yield 'settings.py', f'{var} = "{tok[:-7]}"\n', 'truncated (wrong length)'
        yield 'settings.py', f'{var} = "{p.prefix}your-api-key-here"\n', 'prefix + placeholder'
    yield 'tests/test_client.py', f'client = make_client(api_key="fake-{low.replace("_", "-")}")\n', 'obviously fake fixture'


def provider_samples(seed: int = 1) -> list[Sample]:
    """Positives and negatives for every provider, deterministic for a seed."""
    rng = random.Random(seed)
    out: list[Sample] = []
    for p in PROVIDERS:
        for path, text, note in _positive_contexts(p, p.make(rng), rng):
            out.append(Sample(p.name, path, text, True, note))
        for path, text, note in _negative_contexts(p, rng):
            out.append(Sample(p.name, path, text, False, note))
    return out


# --- structural and generic secrets ------------------------------------------------

def _pem(rng: random.Random, label: str, lines: int = 12) -> str:
    body = '\n'.join(rand(rng, B64, 64) for _ in range(lines))
    return f'-----BEGIN {label}-----\n{body}\n{rand(rng, B64, 20)}==\n-----END {label}-----\n'


def _jwt(rng: random.Random, payload: dict[str, object], alg: str = 'HS256', sig: bool = True) -> str:
    def enc(obj: object) -> str:
        return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip('=')
    signature = rand(rng, URLSAFE, 43) if sig else ''
    return f'{enc({"alg": alg, "typ": "JWT"})}.{enc(payload)}.{signature}'


def structural_samples(seed: int = 2) -> list[Sample]:
    """Private keys, JWTs, URL passwords, framework and generic secrets, env defaults."""
    r = random.Random(seed)
    pw = lambda n=14: rand(r, ALNUM, n - 2) + r.choice('!#%^&*') + r.choice(string.digits)  # noqa: E731
    S = Sample
    pos = [
        S('private-key', 'deploy/id_rsa', _pem(r, 'RSA PRIVATE KEY'), True, 'PEM RSA'),
        S('private-key', 'keys/server.key', _pem(r, 'PRIVATE KEY'), True, 'PKCS8'),
        S('private-key', 'keys/ec.pem', _pem(r, 'EC PRIVATE KEY', 4), True, 'EC'),
        S('private-key', 'ssh/id_ed25519', _pem(r, 'OPENSSH PRIVATE KEY', 6), True, 'OpenSSH'),
        S('private-key', 'release/signing.asc', _pem(r, 'PGP PRIVATE KEY BLOCK', 20), True, 'PGP'),
        S('private-key', 'app.py', 'KEY = """' + _pem(r, 'RSA PRIVATE KEY', 8) + '"""\n', True, 'in a Python string'),
        S('gcp-service-account', 'sa.json', json.dumps({
            'type': 'service_account', 'project_id': 'acme-prod', 'private_key_id': rand(r, HEX, 40),
            'private_key': _pem(r, 'PRIVATE KEY', 10), 'client_email': 'svc@acme-prod.iam.gserviceaccount.com',
        }, indent=2), True, 'service account JSON'),
        S('jwt', 'config.py', f'SUPABASE_SERVICE_ROLE_KEY = "{_jwt(r, {"iss": "supabase", "role": "service_role", "iat": 1700000000})}"\n', True, 'supabase service role'),
        S('jwt', 'client.js', f'const headers = {{ Authorization: "Bearer {_jwt(r, {"sub": "svc-42", "scope": "admin"}, "RS256")}" }};\n', True, 'bearer JWT'),
        S('url-password', 'settings.py', f'DATABASE_URL = "postgres://app:{pw()}@db.internal:5432/app"\n', True, 'postgres'),
        S('url-password', '.env', f'MONGO_URI=mongodb+srv://svc:{pw(16)}@cluster0.ab12c.mongodb.net/prod\n', True, 'mongodb'),
        S('url-password', 'config.yaml', f'broker: "amqp://worker:{pw(12)}@mq.prod.internal:5672/"\n', True, 'amqp'),
        S('url-password', 'cache.py', f'r = redis.from_url("redis://default:{pw(20)}@redis-1234.cloud.redislabs.com:6379")\n', True, 'redis'),
        S('url-password', 'appsettings.json', json.dumps({'ConnectionStrings': {'Default': f'Server=tcp:acme.database.windows.net,1433;Database=app;User Id=admin;Password={pw()};'}}), True, 'ADO.NET'),
        S('framework', 'settings.py', f'SECRET_KEY = "django-insecure-{rand(r, LOWER_ALNUM + "!@#$%^&*(-_=+)", 50)}"\n', True, 'django'),
        S('framework', 'app.py', f'app.secret_key = "{rand(r, HEX, 48)}"\n', True, 'flask app.secret_key'),
        S('framework', 'app.py', f'app.config["SECRET_KEY"] = "{rand(r, ALNUM, 32)}"\n', True, 'flask config'),
        S('framework', 'server.js', f'const JWT_SECRET = "{rand(r, ALNUM, 40)}";\n', True, 'JWT_SECRET'),
        S('framework', 'config/secrets.yml', f'production:\n  secret_key_base: {rand(r, HEX, 128)}\n', True, 'rails'),
        S('framework', '.env', f'APP_KEY=base64:{base64.b64encode(bytes(r.getrandbits(8) for _ in range(32))).decode()}\n', True, 'laravel'),
        S('generic', 'client.py', f'client = PaymentsClient(api_key="{rand(r, ALNUM, 32)}")\n', True, 'api_key kwarg'),
        S('generic', 'db.py', f'conn = psycopg2.connect(host="db", user="app", password="{pw()}")\n', True, 'password kwarg'),
        S('generic', 'config.yaml', f'database:\n  password: {pw(16)}\n', True, 'yaml password'),
        S('generic', 'settings.ini', f'[api]\nclient_secret = {rand(r, URLSAFE, 40)}\n', True, 'ini client_secret'),
        S('generic', 'api.ts', f'const headers = {{ "X-API-Key": "{rand(r, ALNUM, 40)}" }};\n', True, 'header map'),
        S('generic', 'call.sh', f'curl -H "Authorization: Bearer {rand(r, ALNUM, 48)}" https://api.acme.io/v1/items\n', True, 'curl bearer'),
        S('generic', 'Main.java', f'String apiToken = "{rand(r, ALNUM, 36)}";\n', True, 'java'),
        S('generic', 'main.go', f'authToken := "{rand(r, ALNUM, 40)}"\n', True, 'go'),
        S('generic', 'web.config', f'<add key="ApiSecret" value="{rand(r, ALNUM, 32)}" />\n', True, '.NET config'),
        S('env-default', 'app.py', f'token = os.environ.get("SERVICE_TOKEN", "{rand(r, ALNUM, 40)}")\n', True, 'environ.get default'),
        S('env-default', 'server.js', f'const secret = process.env.SESSION_SECRET ?? "{rand(r, ALNUM, 32)}";\n', True, '?? default'),
        S('env-default', 'docker-compose.yml', f'    environment:\n      - API_KEY=${{API_KEY:-{rand(r, ALNUM, 32)}}}\n', True, 'compose default'),
        S('aws-pair', 'deploy.py', f'session = boto3.Session(\n    aws_access_key_id="AKIA{rand(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}",\n    aws_secret_access_key="{rand(r, B64, 40)}",\n)\n', True, 'boto3 pair'),
        S('aws-pair', 'credentials', f'[default]\naws_secret_access_key = {rand(r, B64, 40)}\n', True, 'aws credentials file'),
    ]
    neg = [
        S('private-key', 'ssl.py', 'if data.startswith("-----BEGIN RSA PRIVATE KEY-----"):\n    kind = "rsa"\n', False, 'header check in code'),
        S('private-key', 'docs/keys.md', '```\n-----BEGIN OPENSSH PRIVATE KEY-----\n...\n-----END OPENSSH PRIVATE KEY-----\n```\n', False, 'docs placeholder'),
        S('private-key', 'certs/ca.pem', _pem(r, 'CERTIFICATE'), False, 'certificate'),
        S('private-key', 'keys/pub.pem', _pem(r, 'PUBLIC KEY', 6), False, 'public key'),
        S('private-key', 'docs/example.md', '-----BEGIN PRIVATE KEY-----\n<your private key here>\n-----END PRIVATE KEY-----\n', False, 'placeholder body'),
        S('jwt', 'docs/auth.md', 'Example: `' + _jwt(r, {'sub': '1234567890', 'name': 'John Doe', 'iat': 1516239022}) + '`\n', False, 'jwt.io sample'),
        S('jwt', 'test.py', f'TOKEN = "{_jwt(r, {"sub": "x"}, "none", False)}"\n', False, 'unsigned alg none'),
        S('jwt', '.env', f'NEXT_PUBLIC_SUPABASE_ANON_KEY={_jwt(r, {"iss": "supabase", "role": "anon"})}\n', False, 'supabase anon key'),
        S('url-password', 'settings.py', 'DATABASE_URL = "postgres://user:password@localhost:5432/app"\n', False, 'user:password'),
        S('url-password', 'docker-compose.yml', 'DATABASE_URL: postgres://postgres:postgres@db:5432/postgres\n', False, 'postgres default'),
        S('url-password', 'settings.py', 'url = f"postgresql://{user}:{password}@{host}/{db}"\n', False, 'f-string'),
        S('url-password', '.env.example', 'DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n', False, 'env reference'),
        S('url-password', 'README.md', 'Use `mysql://root:changeme@localhost/test`.\n', False, 'changeme in docs'),
        S('url-password', 'app.py', 'BROKER = "amqp://guest:guest@localhost:5672//"\n', False, 'guest:guest'),
        S('url-password', 'web.py', 'LOGIN = "https://user@example.com/login"\n', False, 'no password'),
        S('framework', 'settings.py', 'SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]\n', False, 'env lookup'),
        S('framework', 'settings.py', 'SECRET_KEY = "change-me"\n', False, 'change-me'),
        S('framework', 'README.md', 'Set `SECRET_KEY = "your-secret-key"` in production.\n', False, 'docs placeholder'),
        S('framework', 'tests/settings.py', 'SECRET_KEY = "test-secret-key-for-tests"\n', False, 'test settings'),
        S('generic', 'model.py', 'max_tokens = 4096\ntoken_url = "https://oauth2.googleapis.com/token"\n', False, 'token-ish names'),
        S('generic', 'nlp.py', 'tokenizer = AutoTokenizer.from_pretrained("bert-base-uncased")\n', False, 'tokenizer'),
        S('generic', 'forms.py', 'password_field = "password"\nPASSWORD_MIN_LENGTH = 12\n', False, 'form field'),
        S('generic', 'auth.py', 'password_hash = "$2b$12$' + rand(r, B64.replace('+', '.'), 53) + '"\n', False, 'bcrypt hash'),
        S('generic', 'release.py', f'checksum = "{rand(r, HEX, 64)}"\ncommit = "{rand(r, HEX, 40)}"\n', False, 'hashes'),
        S('generic', 'api.py', f'request_id = "{uuid(r)}"\nsession_id = "{uuid(r)}"\n', False, 'uuids'),
        S('generic', 'keys.py', f'public_key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{rand(r, B64, 43)} me@laptop"\n', False, 'ssh public key'),
        S('generic', 'checkout.js', f'const stripe = Stripe("pk_live_{rand(r, ALNUM, 99)}");\n', False, 'stripe publishable'),
        S('generic', 'analytics.js', f'posthog.init("phc_{rand(r, ALNUM, 43)}")\n', False, 'posthog public'),
        S('generic', 'map.js', f'mapboxgl.accessToken = "pk.eyJ1Ijoi{rand(r, ALNUM, 40)}.{rand(r, URLSAFE, 22)}";\n', False, 'mapbox public'),
        S('generic', 'package-lock.json', json.dumps({'packages': {'node_modules/x': {'integrity': 'sha512-' + rand(r, B64, 86) + '==', 'resolved': 'https://registry.npmjs.org/x/-/x-1.0.0.tgz'}}}), False, 'lockfile integrity'),
        S('generic', 'poetry.lock', f'[[package]]\nname = "x"\nfiles = [{{file = "x.whl", hash = "sha256:{rand(r, HEX, 64)}"}}]\n', False, 'poetry lock'),
        S('generic', 'tests/test_login.py', 'def test_login(client):\n    client.login(username="alice", password="s3cret-pass")\n', False, 'fixture password'),
        S('generic', 'tests/conftest.py', 'API_KEY = "test-api-key"\nTOKEN = "dummy-token-value"\n', False, 'fixture tokens'),
        S('generic', 'settings.py', 'API_KEY = "OPENAI_API_KEY"\n', False, 'env var name'),
        S('generic', 'settings.py', 'api_key = settings.API_KEY\npassword = getpass.getpass()\n', False, 'indirect'),
        S('generic', 'i18n.py', 'PASSWORD_HELP = "Your password must contain at least 8 characters."\n', False, 'sentence'),
        S('generic', 'config.yaml', 'auth:\n  token: ${AUTH_TOKEN}\n  password: "{{ vault_password }}"\n', False, 'templates'),
        S('generic', 'style.css', '.task-list { color: #aabbcc; }\n.sk-spinner { width: 40px; }\n', False, 'css'),
        S('generic', 'image.html', '<img src="data:image/png;base64,' + rand(r, B64, 200) + '">\n', False, 'base64 image'),
        S('generic', 'infra.tf', 'resource "aws_iam_role" "r" {\n  arn = "arn:aws:iam::123456789012:role/deploy"\n}\n', False, 'ARN'),
        S('generic', 'settings.py', 'SECRET_KEY = "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"\n', False, 'xxxx'),
        S('generic', '.env.example', 'OPENAI_API_KEY=sk-...\nANTHROPIC_API_KEY=sk-ant-...\n', False, 'env example'),
        S('generic', 'docs/aws.md', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n', False, 'AWS docs example'),
        S('generic', 'migrations/0001.py', f'("token", models.CharField(max_length=40, default="{rand(r, LOWER_ALNUM, 0)}"))\n', False, 'model field'),
        S('generic', 'go.sum', f'github.com/x/y v1.2.3 h1:{rand(r, B64, 43)}=\n', False, 'go.sum'),
        S('env-default', 'app.py', 'token = os.getenv("SERVICE_TOKEN", "")\nlevel = os.getenv("LOG_LEVEL", "INFO")\n', False, 'empty default'),
        S('env-default', 'server.js', 'const secret = process.env.SESSION_SECRET || "dev-secret";\n', False, 'dev placeholder default'),
        S('env-default', 'app.py', 'region = os.getenv("AWS_REGION", "us-east-1")\n', False, 'non-secret default'),
    ]
    return pos + neg


def tricky_samples(seed: int = 3) -> list[Sample]:
    """Hand-picked hard cases: odd syntaxes that hold real secrets, and near misses."""
    r = random.Random(seed)
    gh = github_token(r)
    found = [
        ('a.sh', f'curl -H "Authorization: token {gh}" https://api.github.com/user'),
        ('cfg.yaml', f'cohere:\n  api_key: {rand(r, ALNUM, 40)}\n'),
        ('a.py', f'co = cohere.Client("{rand(r, ALNUM, 40)}")'),
        ('a.py', f'# example: export GITHUB_TOKEN={gh}'),  # a fixed-format token is a key whatever the comment says (issue 16)
        ('a.py', f'mistral = Mistral(api_key="{rand(r, ALNUM, 32)}")'),
        ('a.py', f'datadog.initialize(api_key="{rand(r, HEX, 32)}", app_key="{rand(r, HEX, 40)}")'),
        ('main.tf', f'provider "aws" {{\n  access_key = "AKIA{rand(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 16)}"\n  secret_key = "{rand(r, B64, 40)}"\n}}'),
        ('a.py', f'OPENAI_API_KEY = "sk-None-{rand(r, URLSAFE, 48)}"'),
        ('k8s.yaml', f'apiVersion: v1\nkind: Secret\ndata:\n  password: {base64.b64encode(rand(r, ALNUM, 16).encode()).decode()}\n'),
        ('a.js', f'const stripe = require("stripe")("sk_live_{rand(r, ALNUM, 24)}");'),
        ('a.go', f'client := openai.NewClient("sk-{rand(r, ALNUM, 48)}")'),
        ('a.rb', f'Stripe.api_key = "rk_live_{rand(r, ALNUM, 24)}"'),
        ('.npmrc', f'//registry.npmjs.org/:_authToken={uuid(r)}'),
        ('a.py', f'HEROKU_API_KEY = "{uuid(r)}"'),
        ('a.py', f'sg = sendgrid.SendGridAPIClient(api_key="SG.{rand(r, URLSAFE, 22)}.{rand(r, URLSAFE, 43)}")'),
        ('docker-compose.yml', f'  environment:\n    POSTGRES_PASSWORD: {rand(r, ALNUM, 16)}\n'),
        ('a.php', f"$config['db_password'] = '{rand(r, ALNUM, 14)}!';"),
        ('a.py', f'headers = {{"x-api-key": "{rand(r, ALNUM, 40)}"}}'),
        ('a.env', f'ANTHROPIC_API_KEY=sk-ant-api03-{rand(r, URLSAFE, 93)}AA'),
        ('settings.py', f"DATABASES = {{'default': {{'PASSWORD': '{rand(r, ALNUM, 12)}#1'}}}}"),
        ('a.py', f'TELEGRAM = "{rand(r, "0123456789", 10)}:AA{rand(r, URLSAFE, 33)}"'),
        ('a.py', 'jwt_token = "' + base64.urlsafe_b64encode(b'{"alg":"HS256","typ":"JWT"}').decode().rstrip('=') + '.' + base64.urlsafe_b64encode(b'{"sub":"42","role":"admin"}').decode().rstrip('=') + '.' + rand(r, URLSAFE, 43) + '"'),
        ('id_rsa', '-----BEGIN OPENSSH PRIVATE KEY-----\r\n' + '\r\n'.join(rand(r, B64, 70) for _ in range(5)) + '\r\n-----END OPENSSH PRIVATE KEY-----\r\n'),
        ('a.py', f'client = Groq(api_key="gsk_{rand(r, ALNUM, 52)}")'),
        ('a.py', f'os.environ["HF_TOKEN"] = "hf_{rand(r, ALNUM, 34)}"'),
        ('a.py', f'os.environ.setdefault("SECRET_KEY", "{rand(r, ALNUM, 50)}")'),
        ('Dockerfile', f'ENV API_TOKEN={rand(r, ALNUM, 32)}'),
        ('a.py', f'requests.get(url, auth=("admin", "{rand(r, ALNUM, 16)}"))'),
        ('a.py', f'conn = pymysql.connect(host="db", user="root", passwd="{rand(r, ALNUM, 14)}")'),
        ('a.py', f'TWILIO_AUTH_TOKEN = "{rand(r, HEX, 32)}"'),
        ('Main.java', f'ds.setPassword("{rand(r, ALNUM, 20)}");'),
        ('wp-config.php', f"define( 'DB_PASSWORD', '{rand(r, ALNUM, 12)}!9' );"),
        ('call.sh', f'curl -u deploy:{rand(r, ALNUM, 16)}7 https://ci.acme.io/api/build'),
        ('.docker/config.json', json.dumps({'auths': {'registry.acme.io': {'auth': base64.b64encode(f'ci:{rand(r, ALNUM, 18)}'.encode()).decode()}}})),
        ('run.sh', f'docker run -e API_TOKEN={rand(r, ALNUM, 32)} acme/app'),
        ('deploy.sh', f'mysql -u root --password={rand(r, ALNUM, 14)}9 prod'),
        ('.netrc', f'machine api.acme.io login deploy password {rand(r, ALNUM, 24)}'),
        ('db.properties', f'url=jdbc:postgresql://db:5432/app?user=app&password={rand(r, ALNUM, 14)}7'),
        ('app.json', json.dumps({"slack": {"webhook": f"https://hooks.slack.com/services/T{rand(r, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 8)}/B{rand(r, 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789', 10)}/{rand(r, ALNUM, 24)}"}})),
    ]
    quiet = [
        ('a.py', 'STRIPE_KEY = "sk_test_' + rand(r, ALNUM, 24) + '"'),
        ('a.py', 'if check_password(request.form["password"]):'),
        ('a.py', 'GITHUB_TOKEN = "ghp_generatedPersonalAccessTokenForBuild"'),
        ('a.sh', 'curl -u user:password https://localhost:8080/api'),
        ('a.sh', 'curl -u "$USER:$TOKEN" https://api.acme.io'),
        ('config.json', json.dumps({'auth': {'type': 'oauth2', 'authDomain': 'acme.firebaseapp.com'}})),
        ('a.py', 'user.set_password("new-password")'),
        ('a.sh', 'mysql -u root --password=$MYSQL_ROOT_PASSWORD db'),
        ('docs.py', 'url = "https://api.acme.io/v1/items?api_key=YOUR_API_KEY"'),
        ('a.py', 'parser.add_argument("--password", help="the password")'),
        ('a.py', 'token = "ghp_aBcDeFgHiJkLmNoPqRsTuVwXyZ0123456789"'),
        ('a.py', 'api_key = "abc123def456ghi789jkl"'),
        ('a.py', f'FAKE_GITHUB_TOKEN = "{gh}"'),
        ('a.py', 'password = "P@ssw0rd123"'),
        ('k8s.yaml', 'kind: Secret\ndata:\n  password: ' + base64.b64encode(b'changeme').decode() + '\n'),
        ('a.py', 'DATABASE_URL = "postgresql://admin:admin123@localhost:5432/app"'),
        ('secrets.enc.yaml', 'password: ENC[AES256_GCM,data:' + rand(r, B64, 20) + ',iv:' + rand(r, B64, 16) + ',tag:x,type:str]'),
        ('a.py', 'api_key_sha256 = "' + rand(r, HEX, 64) + '"'),
        ('a.py', 'commit_sha = "' + rand(r, HEX, 40) + '"'),
        ('a.py', 'AWS_ACCESS_KEY_ID = "AKIAXXXXXXXXXXXXXXXX"'),
        ('a.py', 'openai.api_key = "sk-..."'),
        ('a.py', 'token = "xoxb-your-bot-token"'),
        ('a.py', 'GOOGLE_API_KEY = "AIzaSy' + 'X' * 33 + '"'),
        ('a.py', 'key = "-----BEGIN PRIVATE KEY-----"'),
        ('a.md', 'Your token: `ghp_************************************`'),
        ('a.py', 'SECRET_KEY = "secret"'),
        ('a.py', 'jwt = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0."'),
        ('a.py', 'session_id = "' + uuid(r) + '"'),
        ('a.js', 'const API_KEY = process.env.API_KEY || "";'),
        ('a.py', 'api_key = "<your-api-key>"'),
        ('a.py', 'password = input("Password: ")'),
        ('a.py', 'tokens = tokenizer.encode("hello world")'),
        ('a.py', 'hash = hashlib.sha256(b"secret").hexdigest()'),
        ('README.md', 'ANTHROPIC_API_KEY=sk-ant-api03-...'),
        ('a.py', 'url = "https://hooks.slack.com/services/T00000000/B00000000/XXXXXXXXXXXXXXXXXXXXXXXX"'),
        ('a.py', 'sentry_sdk.init(dsn="https://' + rand(r, HEX, 32) + '@o123456.ingest.sentry.io/1234567")'),
        ('a.py', 'mapbox_token = "pk.eyJ1IjoiYWNtZSIsImEiOiJjbGFiYzEyMzQifQ.' + rand(r, URLSAFE, 22) + '"'),
        ('a.py', 'GITHUB_CLIENT_ID = "Iv1.' + rand(r, HEX, 16) + '"'),
        ('a.py', 'AWS_REGION = "us-east-1"\nAWS_ACCOUNT_ID = "123456789012"'),
        ('a.py', 'integrity = "sha512-' + rand(r, B64, 86) + '=="'),
    ]
    return ([Sample('tricky', path, text, True, text.splitlines()[0][:60]) for path, text in found]
            + [Sample('tricky', path, text, False, text.splitlines()[0][:60]) for path, text in quiet])


def all_samples(seed: int = 1) -> list[Sample]:
    """Provider tables plus structural, generic and tricky samples."""
    return provider_samples(seed) + structural_samples(seed + 1) + tricky_samples(seed + 2)
