"""Held-out secrets the way users hit them (issue 16), built at run time, written before tuning.

Real-format provider tokens next to example/sample/mock/test words, short names
(pw, pwd, passwd, creds, tok), secret fallbacks in env reads, Kubernetes Secret
manifests, curl command lines, tool config files (.npmrc, .pypirc, pip.conf,
NuGet.config, Docker config.json), JWTs, and unprefixed tokens whose variable
names the provider; each class with look-alike negatives. GitHub tokens carry
their CRC32 checksum like real ones.
"""
from __future__ import annotations

import base64
import json
import random

from tests.secrets_corpus import ALNUM, HEX, URLSAFE, Sample, _jwt, github_token, rand, uuid


def _b64(s: str) -> str:
    return base64.b64encode(s.encode()).decode()


def user_samples(seed: int = 16) -> list[Sample]:
    r = random.Random(seed)
    pw = lambda n=14: rand(r, ALNUM, n - 2) + r.choice('!#%^&*') + r.choice('0123456789')  # noqa: E731
    stripe = 'sk_live_' + rand(r, ALNUM, 99)
    openai = 'sk-proj-' + rand(r, URLSAFE, 74) + 'T3BlbkFJ' + rand(r, URLSAFE, 74)
    slack = f'xoxb-{rand(r, "123456789", 12)}-{rand(r, "123456789", 13)}-{rand(r, ALNUM, 24)}'
    aws = 'AKIA' + rand(r, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567', 16)
    npm = github_token(r, 'npm_')
    pypi = 'pypi-AgEIcHlwaS5vcmc' + rand(r, URLSAFE, 70)
    jwt_signed = _jwt(r, {'sub': 'svc-billing', 'scope': 'orders:write', 'iat': 1765000000}, 'HS256')
    pos = [
        # real-format provider keys next to example / sample / mock / test words
        ('example-word', 'examples/quickstart.py', f'# example: list your repos\nfrom github import Github\ngh = Github("{github_token(r)}")\n'),
        ('example-word', 'tests/test_billing.py', f'def test_charge(mock_stripe):\n    stripe.api_key = "{stripe}"\n'),
        ('example-word', 'notebooks/sample_openai.py', f'# sample usage\nclient = OpenAI(api_key="{openai}")\n'),
        ('example-word', 'tests/conftest.py', f'MOCK_SLACK_TOKEN = "{slack}"\n'),
        ('example-word', 'docs/example_config.yaml', f'aws:\n  access_key_id: {aws}  # example\n  region: us-east-1\n'),
        ('example-word', 'scripts/test_upload.sh', f'export GITHUB_TOKEN={github_token(r, "ghs_")}  # test token\n'),
        # short names
        ('short-name', 'etl/load.py', f'pw = "{pw()}"\nconn = pymysql.connect(host="10.0.3.7", user="etl", password=pw)\n'),
        ('short-name', 'backup.py', f'pwd = "{pw(16)}"\nftp.login("backup", pwd)\n'),
        ('short-name', 'ldap.yaml', f'bind_dn: cn=svc,dc=corp\npasswd: {pw()}\n'),
        ('short-name', 'sync.py', f'creds = {{"username": "svc_sync", "password": "{pw()}"}}\n'),
        ('short-name', 'bot.py', f'tok = "{rand(r, ALNUM, 40)}"\nbot = Bot(tok)\n'),
        # secret fallbacks
        ('fallback', 'app.py', 'app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "super-secret-dev-key-123")\n'),
        ('fallback', 'auth.py', 'JWT_SECRET = os.getenv("JWT_SECRET", "changeme-jwt-secret-2024")\n'),
        ('fallback', 'settings.py', f'STRIPE_KEY = os.environ.get("STRIPE_KEY", "{stripe}")\n'),
        # Kubernetes Secret manifests
        ('k8s', 'k8s/db-secret.yaml', f'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\ntype: Opaque\ndata:\n  username: {_b64("app")}\n  password: {_b64(pw(18))}\n'),
        ('k8s', 'deploy/secret.yaml', f'apiVersion: v1\nkind: Secret\nmetadata:\n  name: api\nstringData:\n  API_KEY: {rand(r, ALNUM, 32)}\n  DB_PASSWORD: "{pw(16)}"\n'),
        # curl command lines
        ('curl', 'scripts/deploy.sh', f'curl -u admin:{pw(14)} -X POST https://jenkins.corp.io/job/deploy/build\n'),
        ('curl', 'README.md', f'```\ncurl -H "Authorization: Bearer {rand(r, ALNUM, 40)}" https://api.acme.io/v2/orders\n```\n'),
        ('curl', 'Makefile', f'release:\n\tcurl --user deploy:{pw(16)} -T dist/app.tgz https://nexus.corp.io/repository/raw/\n'),
        # tool config files
        ('config', '.npmrc', f'//registry.npmjs.org/:_authToken={npm}\n'),
        ('config', '.npmrc', f'registry=https://npm.corp.io/\n//npm.corp.io/:_auth={_b64("ci:" + pw(16))}\nalways-auth=true\n'),
        ('config', '.pypirc', f'[distutils]\nindex-servers = pypi\n\n[pypi]\nusername = __token__\npassword = {pypi}\n'),
        ('config', '.pypirc', f'[internal]\nrepository = https://pypi.corp.io/\nusername = deploy\npassword = {pw(16)}\n'),
        ('config', 'pip.conf', f'[global]\nindex-url = https://ci:{pw(16)}@pypi.corp.io/simple\n'),
        ('config', 'NuGet.Config', f'<configuration>\n  <packageSourceCredentials>\n    <corp>\n      <add key="Username" value="ci" />\n      <add key="ClearTextPassword" value="{pw(16)}" />\n    </corp>\n  </packageSourceCredentials>\n</configuration>\n'),
        ('config', '.docker/config.json', json.dumps({'auths': {'registry.corp.io': {'auth': _b64('ci:' + pw(16))}}}, indent=2) + '\n'),
        # JWTs
        ('jwt', 'client.py', f'HEADERS = {{"Authorization": "Bearer {jwt_signed}"}}\n'),
        ('jwt', '.env', f'SERVICE_TOKEN={_jwt(r, {"sub": "worker", "role": "service", "iat": 1765000000}, "RS256")}\n'),
        # unprefixed tokens named by their provider
        ('named', 'monitoring.py', f'DATADOG_API_KEY = "{rand(r, HEX, 32)}"\n'),
        ('named', '.env', f'TWILIO_AUTH_TOKEN={rand(r, HEX, 32)}\n'),
        ('named', 'config.yaml', f'cloudflare:\n  api_token: {rand(r, URLSAFE, 40)}\n'),
        ('named', 'settings.py', f'HEROKU_API_KEY = "{uuid(r)}"\n'),
        ('named', 'search.py', f'client = SearchClient.create("{rand(r, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", 10)}", "{rand(r, HEX, 32)}")  # algolia admin key\nALGOLIA_ADMIN_KEY = "{rand(r, HEX, 32)}"\n'),
    ]
    gh_bad_len = 'ghp_' + rand(r, ALNUM, 33)
    neg = [
        ('example-word', 'docs/aws.md', 'aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n'),
        ('example-word', 'README.md', f'export GITHUB_TOKEN=ghp_{"x" * 36}\n'),
        ('example-word', 'settings.py', f'GITHUB_TOKEN = "{gh_bad_len}"\n'),
        ('example-word', '.env.example', 'OPENAI_API_KEY=sk-proj-your-key-here\nSTRIPE_SECRET_KEY=sk_live_...\n'),
        ('example-word', 'tests/test_slack.py', 'token = "xoxb-000000000000-0000000000000-xxxxxxxxxxxxxxxxxxxxxxxx"\n'),
        ('short-name', 'cli.py', 'pw = getpass.getpass("Password: ")\npwd = os.getcwd()\n'),
        ('short-name', 'deploy.sh', 'pwd = "/home/deploy/app"\n'),
        ('short-name', 'lexer.py', 'tok = next(tokens)\nif tok.type == "NAME":\n    pass\n'),
        ('short-name', 'sync.py', 'creds = {"username": os.environ["SYNC_USER"], "password": os.environ["SYNC_PASSWORD"]}\n'),
        ('fallback', 'app.py', 'app.config["SECRET_KEY"] = os.environ.get("SECRET_KEY", "")\nLOG_LEVEL = os.getenv("LOG_LEVEL", "info")\n'),
        ('fallback', 'settings.py', 'TOKEN_URL = os.environ.get("TOKEN_URL", "https://auth.corp.io/oauth/token")\n'),
        ('k8s', 'k8s/secret.yaml', 'apiVersion: v1\nkind: Secret\nmetadata:\n  name: db\nstringData:\n  DB_PASSWORD: "${DB_PASSWORD}"\n'),
        ('k8s', 'charts/app/templates/secret.yaml', 'apiVersion: v1\nkind: Secret\ndata:\n  password: {{ .Values.db.password | b64enc | quote }}\n'),
        ('k8s', 'k8s/config.yaml', 'apiVersion: v1\nkind: ConfigMap\ndata:\n  LOG_LEVEL: info\n  FEATURE_FLAGS: "search,export"\n'),
        ('curl', 'scripts/call.sh', 'curl -u "$JENKINS_USER:$JENKINS_TOKEN" https://jenkins.corp.io/api/json\ncurl -H "Authorization: Bearer $TOKEN" https://api.acme.io/\n'),
        ('curl', 'README.md', 'curl -u user:password https://api.example.com/\ncurl -H "Authorization: Bearer <token>" https://api.example.com/\n'),
        ('config', '.npmrc', '//registry.npmjs.org/:_authToken=${NPM_TOKEN}\n'),
        ('config', '.pypirc', '[pypi]\nusername = __token__\npassword = <your PyPI token>\n'),
        ('config', 'pip.conf', '[global]\nindex-url = https://pypi.corp.io/simple\ntimeout = 60\n'),
        ('config', 'NuGet.Config', '<packageSourceCredentials>\n  <corp>\n    <add key="Username" value="ci" />\n    <add key="ClearTextPassword" value="%NUGET_PASSWORD%" />\n  </corp>\n</packageSourceCredentials>\n'),
        ('config', '.docker/config.json', json.dumps({'auths': {'registry.corp.io': {}}, 'credsStore': 'desktop'}, indent=2) + '\n'),
        ('jwt', 'docs/auth.md', 'Example: `eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c`\n'),
        ('named', 'monitoring.py', 'DATADOG_SITE = "datadoghq.eu"\nDATADOG_API_KEY = os.environ["DATADOG_API_KEY"]\n'),
        ('named', 'settings.py', f'TWILIO_ACCOUNT_SID_LENGTH = 34\nCLOUDFLARE_ZONE_ID = "{rand(r, HEX, 32)}"\n'),
        ('named', 'search.py', 'ALGOLIA_APP_ID = "LATENCY"\nALGOLIA_INDEX = "products_prod"\n'),
    ]
    return ([Sample(g, p, t, True, f'{g}: {t.splitlines()[0][:50]}') for g, p, t in pos]
            + [Sample(g, p, t, False, f'{g}: {t.splitlines()[0][:50]}') for g, p, t in neg])
