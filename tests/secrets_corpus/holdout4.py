"""Secret-detection corpus: positives (real-looking credentials) and negatives.

Held out (issue 16): written by a session that never read aiguard's rules. First
run: 93 of 97 found, 2 of 75 look-alikes flagged (detect-secrets 76 of 97, 14 of
75); `benchmarks/secrets_accuracy.py --samples tests/secrets_corpus/holdout4.py`.

Every token-like value is generated at run time from the provider's documented
format using a seeded random.Random, so this file itself contains no credential
literals. Call samples() to get the list of dicts.
"""
from __future__ import annotations

import base64
import hashlib
import random
import string
import struct
import uuid
import zlib

SEED = 20261207

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + "-_"
HEX = "0123456789abcdef"
B64 = string.ascii_uppercase + string.ascii_lowercase + string.digits + "+/"
BASE32_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

WORDS = [
    "harbor", "maple", "quartz", "falcon", "ember", "velvet", "copper", "juniper",
    "saffron", "tundra", "orchid", "granite", "meadow", "cobalt", "willow", "lantern",
]


class Gen:
    def __init__(self, seed: int = SEED):
        self.r = random.Random(seed)

    # --- primitives -------------------------------------------------------
    def s(self, alphabet: str, n: int) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def hex(self, n: int) -> str:
        return self.s(HEX, n)

    def digits(self, n: int) -> str:
        return str(self.r.randint(1, 9)) + self.s(string.digits, n - 1)

    def raw(self, n: int) -> bytes:
        return bytes(self.r.getrandbits(8) for _ in range(n))

    def uuid4(self) -> str:
        return str(uuid.UUID(int=self.r.getrandbits(128), version=4))

    def password(self) -> str:
        w1, w2 = self.r.sample(WORDS, 2)
        return f"{w1.capitalize()}{self.r.choice('!#%&*@$')}{w2}{self.r.randint(10, 99)}{self.s(ALNUM, 3)}"

    # --- provider formats -------------------------------------------------
    @staticmethod
    def base62_encode(n: int) -> str:
        out = ""
        while n > 0:
            n, rem = divmod(n, 62)
            out = BASE62[rem] + out
        return out.rjust(6, "0")

    def checksummed(self, prefix: str) -> str:
        """GitHub (ghp_/gho_/ghu_/ghs_/ghr_) and npm (npm_) style: 30 base62 + CRC32 tail."""
        body = self.s(BASE62, 30)
        return prefix + body + self.base62_encode(zlib.crc32(body.encode()) & 0xFFFFFFFF)

    def bad_checksum(self, prefix: str) -> str:
        tok = self.checksummed(prefix)
        last = tok[-1]
        repl = BASE62[(BASE62.index(last) + 7) % 62]
        return tok[:-1] + repl

    def github_pat(self) -> str:
        return "github_pat_" + self.s(BASE62, 22) + "_" + self.s(BASE62, 59)

    def aws_key_id(self) -> str:
        return "AKIA" + self.s(BASE32_UPPER, 16)

    def aws_secret(self) -> str:
        return self.s(string.ascii_letters + string.digits + "/+", 40)

    def gitlab_pat(self) -> str:
        return "glpat-" + self.s(URLSAFE, 20)

    def slack_bot(self) -> str:
        return f"xoxb-{self.digits(12)}-{self.digits(13)}-{self.s(ALNUM, 24)}"

    def slack_user(self) -> str:
        return f"xoxp-{self.digits(12)}-{self.digits(12)}-{self.digits(13)}-{self.hex(32)}"

    def slack_webhook(self) -> str:
        up = string.ascii_uppercase + string.digits
        return (
            "https://hooks.slack.com/services/"
            f"T{self.s(up, 8)}/B{self.s(up, 10)}/{self.s(ALNUM, 24)}"
        )

    def stripe(self, prefix: str, long: bool = True) -> str:
        return prefix + ("51" + self.s(ALNUM, 97) if long else self.s(ALNUM, 24))

    def openai(self) -> str:
        return "sk-proj-" + self.s(URLSAFE, 74) + "T3BlbkFJ" + self.s(URLSAFE, 74)

    def anthropic(self) -> str:
        return "sk-ant-api03-" + self.s(URLSAFE, 93) + "AA"

    def google(self) -> str:
        return "AIza" + self.s(URLSAFE, 35)

    def azure_key(self) -> str:
        return base64.b64encode(self.raw(64)).decode()

    def sendgrid(self) -> str:
        return f"SG.{self.s(URLSAFE, 22)}.{self.s(URLSAFE, 43)}"

    def pypi(self) -> str:
        return "pypi-AgEIcHlwaS5vcmcCJD" + self.s(URLSAFE, 150)

    def hf(self) -> str:
        return "hf_" + self.s(string.ascii_letters, 34)

    def discord(self) -> str:
        snowflake = self.digits(19)
        head = base64.b64encode(snowflake.encode()).decode().rstrip("=")
        return f"{head}.{self.s(URLSAFE, 6)}.{self.s(URLSAFE, 38)}"

    def telegram(self) -> str:
        return f"{self.digits(10)}:AA{self.s(URLSAFE, 33)}"

    # --- key material -----------------------------------------------------
    @staticmethod
    def pem(label: str, der: bytes) -> str:
        b64 = base64.b64encode(der).decode()
        lines = [b64[i:i + 64] for i in range(0, len(b64), 64)]
        return f"-----BEGIN {label}-----\n" + "\n".join(lines) + f"\n-----END {label}-----"

    def rsa_private_pem(self) -> str:
        der = bytes.fromhex("308204a40201000282010100") + self.raw(1180)
        return self.pem("RSA PRIVATE KEY", der)

    def pkcs8_private_pem(self) -> str:
        der = bytes.fromhex(
            "308204be020100300d06092a864886f70d0101010500048204a8308204a40201000282010100"
        ) + self.raw(1180)
        return self.pem("PRIVATE KEY", der)

    def ec_private_pem(self) -> str:
        der = (
            bytes.fromhex("30770201010420") + self.raw(32)
            + bytes.fromhex("a00a06082a8648ce3d030107a14403420004") + self.raw(64)
        )
        return self.pem("EC PRIVATE KEY", der)

    @staticmethod
    def _sshstr(b: bytes) -> bytes:
        return struct.pack(">I", len(b)) + b

    def openssh_ed25519(self, comment: str) -> tuple[str, str]:
        pub = self.raw(32)
        seed = self.raw(32)
        pub_blob = self._sshstr(b"ssh-ed25519") + self._sshstr(pub)
        check = self.raw(4)
        priv = (
            check + check + self._sshstr(b"ssh-ed25519") + self._sshstr(pub)
            + self._sshstr(seed + pub) + self._sshstr(comment.encode())
        )
        pad = 1
        while len(priv) % 8:
            priv += bytes([pad])
            pad += 1
        blob = (
            b"openssh-key-v1\x00" + self._sshstr(b"none") + self._sshstr(b"none")
            + self._sshstr(b"") + struct.pack(">I", 1) + self._sshstr(pub_blob) + self._sshstr(priv)
        )
        b64 = base64.b64encode(blob).decode()
        body = "\n".join(b64[i:i + 70] for i in range(0, len(b64), 70))
        private = f"-----BEGIN OPENSSH PRIVATE KEY-----\n{body}\n-----END OPENSSH PRIVATE KEY-----"
        public = f"ssh-ed25519 {base64.b64encode(pub_blob).decode()} {comment}"
        return private, public

    def rsa_public_pem(self) -> str:
        der = (
            bytes.fromhex("30820122300d06092a864886f70d01010105000382010f003082010a0282010100")
            + bytes([0xC0 | self.r.getrandbits(6)]) + self.raw(255) + bytes.fromhex("0203010001")
        )
        return self.pem("PUBLIC KEY", der)

    def certificate_pem(self) -> str:
        return self.pem("CERTIFICATE", bytes.fromhex("308203") + self.raw(2) + self.raw(900))

    def jwt(self, payload: str) -> str:
        def enc(b: bytes) -> str:
            return base64.urlsafe_b64encode(b).decode().rstrip("=")
        header = enc(b'{"alg":"HS256","typ":"JWT"}')
        return f"{header}.{enc(payload.encode())}.{enc(self.raw(32))}"


def _pos(out, path, text, label):
    out.append({"path": path, "text": text, "secret": True, "label": label})


def _neg(out, path, text, label):
    out.append({"path": path, "text": text, "secret": False, "label": label})


def _positives(g: Gen, out: list) -> None:
    # ---------------- AWS ----------------
    _pos(out, ".env", f"""APP_ENV=production
AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID={g.aws_key_id()}
AWS_SECRET_ACCESS_KEY={g.aws_secret()}
S3_BUCKET=acme-prod-invoices
""", "AWS access key id + secret key pair in .env")
    _pos(out, ".aws/credentials", f"""[default]
aws_access_key_id = {g.aws_key_id()}
aws_secret_access_key = {g.aws_secret()}

[staging]
region = us-east-2
""", "AWS key pair in shared credentials file")
    _pos(out, "scripts/upload_reports.py", f"""import boto3

s3 = boto3.client(
    "s3",
    region_name="us-east-1",
    aws_access_key_id="{g.aws_key_id()}",
    aws_secret_access_key="{g.aws_secret()}",
)
s3.upload_file("report.pdf", "acme-reports", "2024/report.pdf")
""", "AWS key pair passed to boto3.client in a script")
    _pos(out, "docker-compose.yml", f"""services:
  worker:
    image: acme/worker:1.8.2
    environment:
      AWS_ACCESS_KEY_ID: {g.aws_key_id()}
      AWS_SECRET_ACCESS_KEY: {g.aws_secret()}
      QUEUE_URL: https://sqs.us-east-1.amazonaws.com/123456789012/jobs
""", "AWS key pair in docker-compose environment")
    _pos(out, ".github/workflows/deploy.yml", f"""name: deploy
on: [push]
jobs:
  deploy:
    runs-on: ubuntu-latest
    env:
      AWS_ACCESS_KEY_ID: {g.aws_key_id()}
      AWS_SECRET_ACCESS_KEY: {g.aws_secret()}
    steps:
      - uses: actions/checkout@v4
      - run: aws s3 sync ./dist s3://acme-site
""", "AWS key pair inline in GitHub Actions workflow")
    _pos(out, "terraform.tfvars", f"""region     = "us-west-2"
access_key = "{g.aws_key_id()}"
secret_key = "{g.aws_secret()}"
env        = "prod"
""", "AWS key pair in terraform.tfvars")

    # ---------------- GitHub ----------------
    _pos(out, ".env", f"""GITHUB_OWNER=acme-corp
GITHUB_TOKEN={g.checksummed('ghp_')}
""", "GitHub classic PAT (ghp_, valid checksum) in .env")
    _pos(out, "scripts/mirror.sh", f"""#!/usr/bin/env bash
set -euo pipefail
git clone --mirror https://x-access-token:{g.checksummed('ghp_')}@github.com/acme-corp/platform.git
cd platform.git && git push --mirror git@gitlab.internal:mirror/platform.git
""", "GitHub classic PAT embedded in clone URL")
    _pos(out, ".env.local", f"""NEXT_PUBLIC_APP_NAME=Dashboards
GITHUB_PAT={g.github_pat()}
""", "GitHub fine-grained PAT in .env.local")
    _pos(out, "README.md", f"""## Triggering the release workflow

```bash
curl -X POST \\
  -H "Accept: application/vnd.github+json" \\
  -H "Authorization: token {g.github_pat()}" \\
  https://api.github.com/repos/acme-corp/api/dispatches -d '{{"event_type":"release"}}'
```
""", "GitHub fine-grained PAT pasted into README curl example")
    _pos(out, ".config/gh/hosts.yml", f"""github.com:
    oauth_token: {g.checksummed('gho_')}
    user: jdoe-acme
    git_protocol: https
""", "GitHub OAuth token (gho_) in gh CLI hosts.yml")
    _pos(out, "src/github_app/client.ts", f"""import {{ Octokit }} from "@octokit/rest";

// user-to-server token from the OAuth flow, saved while debugging
const USER_TOKEN = "{g.checksummed('ghu_')}";

export const octokit = new Octokit({{ auth: USER_TOKEN }});
""", "GitHub user-to-server token (ghu_) in TypeScript")
    _pos(out, "ci/publish.sh", f"""#!/bin/sh
export GH_TOKEN={g.checksummed('ghs_')}
gh release create "v$VERSION" dist/*.tar.gz --notes-file CHANGELOG.md
""", "GitHub app installation token (ghs_) in script")
    _pos(out, "tokens.json", f"""{{
  "access_token": "{g.checksummed('ghu_')}",
  "expires_in": 28800,
  "refresh_token": "{g.checksummed('ghr_')}",
  "refresh_token_expires_in": 15811200,
  "token_type": "bearer"
}}
""", "GitHub user token + refresh token (ghr_) in saved JSON")
    _pos(out, "config.py", f"""import os

GITHUB_API = "https://api.github.com"
GITHUB_TOKEN = os.getenv("GITHUB_TOKEN", "{g.checksummed('ghp_')}")
""", "GitHub classic PAT as os.getenv fallback default")
    _pos(out, "Dockerfile", f"""FROM node:20-alpine
WORKDIR /app
ENV NPM_CONFIG_LOGLEVEL=warn
ENV GITHUB_TOKEN={g.checksummed('ghp_')}
RUN git config --global url."https://${{GITHUB_TOKEN}}@github.com/".insteadOf "https://github.com/"
COPY package*.json ./
RUN npm ci
""", "GitHub classic PAT baked into Dockerfile ENV")

    # ---------------- GitLab ----------------
    _pos(out, ".python-gitlab.cfg", f"""[global]
default = internal

[internal]
url = https://gitlab.acme.io
private_token = {g.gitlab_pat()}
api_version = 4
""", "GitLab PAT (glpat-) in python-gitlab config")
    _pos(out, ".env", f"""GITLAB_URL=https://gitlab.com
GITLAB_TOKEN={g.gitlab_pat()}
""", "GitLab PAT in .env")
    _pos(out, "renovate.json5", f"""{{
  platform: "gitlab",
  endpoint: "https://gitlab.acme.io/api/v4/",
  token: "{g.gitlab_pat()}",
  autodiscover: true,
}}
""", "GitLab PAT in renovate config")

    # ---------------- Slack ----------------
    _pos(out, ".env", f"""SLACK_BOT_TOKEN={g.slack_bot()}
SLACK_SIGNING_SECRET={g.hex(32)}
SLACK_CHANNEL=#deploys
""", "Slack bot token + signing secret in .env")
    _pos(out, "notify/slack_report.py", f"""from slack_sdk import WebClient

client = WebClient(token="{g.slack_user()}")

def post_summary(text: str) -> None:
    client.chat_postMessage(channel="C04QX3M9L2A", text=text)
""", "Slack user token (xoxp-) in Python")
    _pos(out, "config/alerts.yaml", f"""alerting:
  slack:
    webhook_url: {g.slack_webhook()}
    channel: "#oncall"
  pagerduty:
    enabled: false
""", "Slack incoming webhook URL in YAML")
    _pos(out, "src/lib/notify.js", f"""const SLACK_WEBHOOK = "{g.slack_webhook()}";

export async function notifyDeploy(version) {{
  await fetch(SLACK_WEBHOOK, {{
    method: "POST",
    headers: {{ "Content-Type": "application/json" }},
    body: JSON.stringify({{ text: `Deployed ${{version}}` }}),
  }});
}}
""", "Slack webhook URL in JS module")
    _pos(out, "docker-compose.yml", f"""services:
  bot:
    build: .
    environment:
      - SLACK_BOT_TOKEN={g.slack_bot()}
      - LOG_LEVEL=info
""", "Slack bot token in docker-compose")

    # ---------------- Stripe ----------------
    _pos(out, ".env", f"""STRIPE_PUBLISHABLE_KEY=pk_live_{g.s(ALNUM, 24)}
STRIPE_SECRET_KEY={g.stripe('sk_live_')}
STRIPE_WEBHOOK_SECRET=whsec_{g.s(ALNUM, 32)}
""", "Stripe live secret key + webhook secret in .env")
    _pos(out, "src/config/settings.ts", f"""export const settings = {{
  currency: "eur",
  // restricted key: read charges + write refunds
  stripeKey: "{g.stripe('rk_live_')}",
}};
""", "Stripe restricted live key in settings.ts")
    _pos(out, "billing/stripe_client.py", f"""import stripe

stripe.api_key = "{g.stripe('sk_live_', long=False)}"
stripe.max_network_retries = 2
""", "Stripe live secret key assigned in Python")
    _pos(out, "k8s/billing-secret.yaml", f"""apiVersion: v1
kind: Secret
metadata:
  name: billing-secrets
  namespace: payments
type: Opaque
stringData:
  STRIPE_SECRET_KEY: {g.stripe('sk_live_')}
""", "Stripe live key in K8s Secret stringData")

    # ---------------- OpenAI ----------------
    _pos(out, ".env", f"""OPENAI_API_KEY={g.openai()}
OPENAI_MODEL=gpt-4o-mini
""", "OpenAI project key in .env")
    _pos(out, "summarize.py", f"""from openai import OpenAI

client = OpenAI(api_key="{g.openai()}")

def summarize(text: str) -> str:
    resp = client.chat.completions.create(model="gpt-4o-mini", messages=[{{"role": "user", "content": text}}])
    return resp.choices[0].message.content
""", "OpenAI project key passed to client in Python")
    _pos(out, "app/api/chat/route.ts", f"""import OpenAI from "openai";

const openai = new OpenAI({{ apiKey: process.env.OPENAI_API_KEY || "{g.openai()}" }});

export async function POST(req: Request) {{
  const {{ messages }} = await req.json();
  const completion = await openai.chat.completions.create({{ model: "gpt-4o", messages }});
  return Response.json(completion.choices[0].message);
}}
""", "OpenAI project key as fallback in Next.js route")

    # ---------------- Anthropic ----------------
    _pos(out, ".env", f"""ANTHROPIC_API_KEY={g.anthropic()}
""", "Anthropic API key in .env")
    _pos(out, "agent/llm.py", f"""import anthropic

client = anthropic.Anthropic(api_key="{g.anthropic()}")
MODEL = "claude-sonnet-4-20250514"
""", "Anthropic API key in Python client")
    _pos(out, "config.toml", f"""[llm]
provider = "anthropic"
api_key = "{g.anthropic()}"
max_tokens = 4096
""", "Anthropic API key in TOML config")

    # ---------------- Google ----------------
    _pos(out, "services/geocode.py", f"""import requests

GOOGLE_MAPS_API_KEY = "{g.google()}"

def geocode(address):
    return requests.get("https://maps.googleapis.com/maps/api/geocode/json",
                        params={{"address": address, "key": GOOGLE_MAPS_API_KEY}}, timeout=5).json()
""", "Google API key (AIza) in server-side Python")
    _pos(out, ".env", f"""GEMINI_API_KEY={g.google()}
""", "Google Gemini API key in .env")
    _pos(out, "application.properties", f"""server.port=8080
google.translate.api-key={g.google()}
google.translate.target=de
""", "Google API key in application.properties")

    # ---------------- Azure ----------------
    _pos(out, "appsettings.json", f"""{{
  "Logging": {{ "LogLevel": {{ "Default": "Information" }} }},
  "ConnectionStrings": {{
    "Blob": "DefaultEndpointsProtocol=https;AccountName=acmeprodassets;AccountKey={g.azure_key()};EndpointSuffix=core.windows.net"
  }}
}}
""", "Azure storage connection string with AccountKey in appsettings.json")
    _pos(out, ".env", f"""AZURE_STORAGE_CONNECTION_STRING="DefaultEndpointsProtocol=https;AccountName=mediastore01;AccountKey={g.azure_key()};EndpointSuffix=core.windows.net"
""", "Azure storage connection string in .env")

    # ---------------- Twilio ----------------
    _pos(out, ".env", f"""TWILIO_ACCOUNT_SID=AC{g.hex(32)}
TWILIO_AUTH_TOKEN={g.hex(32)}
TWILIO_FROM=+15005550006
""", "Twilio account SID + auth token in .env")
    _pos(out, "sms/sender.py", f"""from twilio.rest import Client

API_KEY_SID = "SK{g.hex(32)}"
API_KEY_SECRET = "{g.s(ALNUM, 32)}"
ACCOUNT_SID = "AC{g.hex(32)}"

client = Client(API_KEY_SID, API_KEY_SECRET, ACCOUNT_SID)
""", "Twilio API key SID + secret in Python")
    _pos(out, "config/notifications.yml", f"""sms:
  provider: twilio
  account_sid: AC{g.hex(32)}
  auth_token: {g.hex(32)}
""", "Twilio auth token in YAML config")

    # ---------------- SendGrid / Mailgun ----------------
    _pos(out, ".env", f"""MAIL_FROM=no-reply@acme.io
SENDGRID_API_KEY={g.sendgrid()}
""", "SendGrid API key in .env")
    _pos(out, "mailer.js", f"""const sgMail = require("@sendgrid/mail");
sgMail.setApiKey("{g.sendgrid()}");
module.exports = (to, subject, html) => sgMail.send({{ to, from: "hello@acme.io", subject, html }});
""", "SendGrid API key in JS")
    _pos(out, ".env", f"""MAILGUN_DOMAIN=mg.acme.io
MAILGUN_API_KEY=key-{g.hex(32)}
""", "Mailgun API key (key- format) in .env")
    _pos(out, "settings.py", f"""EMAIL_BACKEND = "anymail.backends.mailgun.EmailBackend"
ANYMAIL = {{
    "MAILGUN_API_KEY": "{g.hex(32)}-{g.hex(8)}-{g.hex(8)}",
    "MAILGUN_SENDER_DOMAIN": "mg.acme.io",
}}
""", "Mailgun private API key in Django settings")

    # ---------------- npm / PyPI ----------------
    _pos(out, ".npmrc", f"""registry=https://registry.npmjs.org/
//registry.npmjs.org/:_authToken={g.checksummed('npm_')}
""", "npm automation token (valid checksum) in .npmrc")
    _pos(out, ".env", f"""NPM_TOKEN={g.checksummed('npm_')}
""", "npm token in .env")
    _pos(out, ".github/workflows/publish.yml", f"""jobs:
  publish:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/setup-node@v4
        with: {{ node-version: 20, registry-url: "https://registry.npmjs.org" }}
      - run: npm publish --access public
        env:
          NODE_AUTH_TOKEN: {g.checksummed('npm_')}
""", "npm token inline in publish workflow")
    _pos(out, ".pypirc", f"""[distutils]
index-servers = pypi

[pypi]
username = __token__
password = {g.pypi()}
""", "PyPI API token in .pypirc")
    _pos(out, "Makefile", f"""release:
	python -m build
	TWINE_USERNAME=__token__ TWINE_PASSWORD={g.pypi()} twine upload dist/*
""", "PyPI API token in Makefile")

    # ---------------- Hugging Face / Databricks ----------------
    _pos(out, ".env", f"""HF_TOKEN={g.hf()}
MODEL_ID=mistralai/Mistral-7B-Instruct-v0.3
""", "Hugging Face token in .env")
    _pos(out, "train.py", f"""from huggingface_hub import login

login(token="{g.hf()}")
""", "Hugging Face token passed to login() in script")
    _pos(out, ".databrickscfg", f"""[DEFAULT]
host  = https://adb-{g.digits(16)}.4.azuredatabricks.net
token = dapi{g.hex(32)}
""", "Databricks PAT in .databrickscfg")
    _pos(out, "jobs/export_job.py", f"""from databricks.sdk import WorkspaceClient

w = WorkspaceClient(host="https://dbc-{g.hex(8)}-{g.hex(4)}.cloud.databricks.com",
                    token="dapi{g.hex(32)}-2")
""", "Databricks PAT in Python SDK call")

    # ---------------- Shopify / DigitalOcean / Heroku ----------------
    _pos(out, ".env", f"""SHOPIFY_STORE=acme-goods.myshopify.com
SHOPIFY_ADMIN_TOKEN=shpat_{g.hex(32)}
""", "Shopify admin access token in .env")
    _pos(out, "shopify.app.toml", f"""[access]
admin_api_token = "shpat_{g.hex(32)}"
api_version = "2024-07"
""", "Shopify admin token in TOML")
    _pos(out, ".env", f"""DIGITALOCEAN_TOKEN=dop_v1_{g.hex(64)}
""", "DigitalOcean PAT in .env")
    _pos(out, "infra/do.auto.tfvars", f"""do_token = "dop_v1_{g.hex(64)}"
region   = "fra1"
""", "DigitalOcean PAT in tfvars")
    _pos(out, ".env", f"""HEROKU_APP=acme-staging
HEROKU_API_KEY={g.uuid4()}
""", "Heroku API key (UUID) in named variable")
    _pos(out, ".netrc", f"""machine api.heroku.com
  login ops@acme.io
  password {g.uuid4()}
machine git.heroku.com
  login ops@acme.io
  password {g.uuid4()}
""", "Heroku API key in .netrc")

    # ---------------- Datadog ----------------
    _pos(out, "datadog.yaml", f"""api_key: {g.hex(32)}
site: datadoghq.eu
logs_enabled: true
""", "Datadog API key in agent config")
    _pos(out, ".env", f"""DD_API_KEY={g.hex(32)}
DD_APP_KEY={g.hex(40)}
DD_SITE=datadoghq.com
""", "Datadog API + application keys in .env")

    # ---------------- Discord / Telegram ----------------
    _pos(out, ".env", f"""DISCORD_TOKEN={g.discord()}
GUILD_ID={g.digits(18)}
""", "Discord bot token in .env")
    _pos(out, "bot.py", f"""import discord

intents = discord.Intents.default()
client = discord.Client(intents=intents)

client.run("{g.discord()}")
""", "Discord bot token in client.run()")
    _pos(out, ".env", f"""TELEGRAM_BOT_TOKEN={g.telegram()}
TELEGRAM_CHAT_ID=-100{g.digits(10)}
""", "Telegram bot token in .env")
    _pos(out, "alerts/telegram.js", f"""const BOT_TOKEN = "{g.telegram()}";
const API = `https://api.telegram.org/bot${{BOT_TOKEN}}/sendMessage`;
module.exports = (chatId, text) => fetch(API, {{ method: "POST", headers: {{ "content-type": "application/json" }}, body: JSON.stringify({{ chat_id: chatId, text }}) }});
""", "Telegram bot token in JS")

    # ---------------- private keys ----------------
    _pos(out, "certs/server.key", g.rsa_private_pem() + "\n", "RSA private key PEM")
    _pos(out, "k8s/tls-secret.yaml", "apiVersion: v1\nkind: Secret\nmetadata:\n  name: api-tls\ntype: kubernetes.io/tls\nstringData:\n  tls.key: |\n"
         + "\n".join("    " + line for line in g.ec_private_pem().splitlines()) + "\n", "EC private key in K8s TLS secret")
    priv, _pub = g.openssh_ed25519("deploy@ci-runner")
    _pos(out, "deploy/id_ed25519", priv + "\n", "OpenSSH ed25519 private key (deploy key)")
    pk = g.pkcs8_private_pem().replace("\n", "\\n")
    _pos(out, "service-account.json", f"""{{
  "type": "service_account",
  "project_id": "acme-analytics-prod",
  "private_key_id": "{g.hex(40)}",
  "private_key": "{pk}\\n",
  "client_email": "bq-loader@acme-analytics-prod.iam.gserviceaccount.com"
}}
""", "GCP service account JSON with private key")

    # ---------------- JWT signing secrets ----------------
    _pos(out, ".env", f"""JWT_SECRET={g.hex(64)}
JWT_EXPIRES_IN=1h
""", "JWT signing secret (hex) in .env")
    _pos(out, "src/auth/config.ts", f"""export const jwtConfig = {{
  secret: "{base64.b64encode(g.raw(48)).decode()}",
  expiresIn: "15m",
  issuer: "acme-auth",
}};
""", "JWT signing secret in TypeScript config")
    _pos(out, "src/main/resources/application.yml", f"""security:
  jwt:
    secret: {g.s(ALNUM, 48)}
    expiration-ms: 3600000
""", "JWT secret in Spring application.yml")

    # ---------------- database URLs / passwords ----------------
    _pos(out, ".env", f"""DATABASE_URL=postgresql://app_user:{g.password()}@db.prod.acme.internal:5432/app
""", "Postgres URL with password in .env")
    _pos(out, "src/db.js", f"""const mongoose = require("mongoose");
mongoose.connect("mongodb+srv://svc-orders:{g.s(ALNUM, 20)}@cluster0.{g.s(string.ascii_lowercase + string.digits, 5)}.mongodb.net/orders?retryWrites=true");
""", "MongoDB Atlas URI with password in JS")
    _pos(out, "settings.py", f"""CACHES = {{
    "default": {{
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://:{g.s(ALNUM, 32)}@redis-prod.acme.internal:6379/1",
    }}
}}
""", "Redis URL with password in Django settings")
    _pos(out, "application.properties", f"""spring.datasource.url=jdbc:mysql://mysql.prod:3306/shop
spring.datasource.username=shop_app
spring.datasource.password={g.password()}
""", "Spring datasource password in application.properties")
    _pos(out, "docker-compose.yml", f"""services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: orders
      POSTGRES_PASSWORD: {g.password()}
      POSTGRES_DB: orders
""", "Postgres password in docker-compose")

    # ---------------- basic auth / bearer ----------------
    _pos(out, "README.md", f"""### Querying the internal metrics API

```
curl -u metrics-admin:{g.password()} https://metrics.acme.internal/api/v1/query?query=up
```
""", "basic-auth credentials in README curl -u")
    _pos(out, "scripts/trigger_jenkins.sh", f"""#!/bin/bash
curl -s -X POST -u ci-bot:{g.hex(34)} \\
  "https://jenkins.acme.io/job/release/buildWithParameters?VERSION=$1"
""", "Jenkins API token via curl -u in script")
    _pos(out, "scripts/backfill.sh", f"""#!/usr/bin/env bash
API=https://api.internal.acme.io
TOKEN="{g.s(ALNUM, 48)}"
for day in $(seq 1 31); do
  curl -sf -H "Authorization: Bearer $TOKEN" -X POST "$API/jobs/backfill?day=$day"
done
""", "opaque bearer token hardcoded in shell script")
    _pos(out, "tools/sync_users.py", f"""import requests

HEADERS = {{"Authorization": "Bearer {g.jwt('{"sub":"svc-sync","scope":"users:write","iat":1714000000,"exp":2029000000}')}"}}

resp = requests.post("https://idm.acme.io/api/users/sync", headers=HEADERS, timeout=30)
""", "long-lived service JWT as Bearer header in script")

    # ---------------- passwords in code/config ----------------
    _pos(out, "config.py", f"""class ProductionConfig:
    DEBUG = False
    DB_HOST = "pg-main.prod.internal"
    DB_USER = "reporting"
    DB_PASSWORD = "{g.password()}"
""", "database password in Python config class")
    _pos(out, ".env", f"""SMTP_HOST=smtp.office365.com
SMTP_USER=notifications@acme.io
SMTP_PASSWORD={g.password()}
""", "SMTP password in .env")
    _pos(out, "config/ldap.yml", f"""ldap:
  url: ldaps://ldap.acme.io:636
  bind_dn: cn=svc-portal,ou=service,dc=acme,dc=io
  bind_password: "{g.password()}"
""", "LDAP bind password in YAML")
    _pos(out, "src/config/mq.ts", f"""export const rabbit = {{
  host: "mq.prod.acme.internal",
  username: "orders-svc",
  password: "{g.password()}",
  vhost: "/orders",
}};
""", "RabbitMQ password in TypeScript config")
    _pos(out, "inventory/group_vars/all.yml", f"""postgres_version: 15
postgres_admin_user: dba
postgres_admin_password: {g.password()}
""", "Ansible vars password in plain text")
    _pos(out, "src/main/resources/application-prod.properties", f"""mail.smtp.host=smtp.sendgrid.net
mail.smtp.user=apikey
mail.smtp.password={g.sendgrid()}
""", "SendGrid key used as SMTP password in properties")

    # ---------------- K8s secrets ----------------
    _pos(out, "k8s/db-secret.yaml", f"""apiVersion: v1
kind: Secret
metadata:
  name: orders-db
type: Opaque
stringData:
  username: orders
  password: {g.password()}
""", "K8s Secret stringData password")
    b64pw = base64.b64encode(g.password().encode()).decode()
    b64user = base64.b64encode(b"analytics").decode()
    _pos(out, "k8s/analytics-secret.yaml", f"""apiVersion: v1
kind: Secret
metadata:
  name: analytics-db
type: Opaque
data:
  DB_USER: {b64user}
  DB_PASSWORD: {b64pw}
""", "K8s Secret base64 data password")

    # a few more assorted real-looking ones
    _pos(out, "tests/conftest.py", f"""import os
import pytest

# integration tests hit the real staging account
os.environ.setdefault("STRIPE_API_KEY", "{g.stripe('sk_live_', long=False)}")

@pytest.fixture
def stripe_key():
    return os.environ["STRIPE_API_KEY"]
""", "Stripe live key in test conftest (real credential in test file)")
    _pos(out, "notebooks/explore.ipynb", f"""{{
 "cells": [
  {{"cell_type": "code", "source": ["import openai\\n", "openai.api_key = \\"{g.openai()}\\"\\n"], "outputs": []}}
 ],
 "nbformat": 4
}}
""", "OpenAI key in Jupyter notebook cell")
    _pos(out, ".vscode/settings.json", f"""{{
  "editor.formatOnSave": true,
  "gitlab.personalAccessToken": "{g.gitlab_pat()}"
}}
""", "GitLab PAT in editor settings")
    _pos(out, "helm/values-prod.yaml", f"""image:
  tag: 2.14.0
env:
  SENTRY_ENVIRONMENT: production
  GITHUB_APP_TOKEN: {g.checksummed('ghs_')}
""", "GitHub installation token in Helm values")
    _pos(out, "wp-config.php", f"""<?php
define( 'DB_NAME', 'wordpress' );
define( 'DB_USER', 'wp_prod' );
define( 'DB_PASSWORD', '{g.password()}' );
define( 'DB_HOST', 'mysql.internal' );
""", "MySQL password in wp-config.php")
    _pos(out, "deploy/.env.production", f"""NODE_ENV=production
SESSION_SECRET={g.s(ALNUM, 64)}
COOKIE_DOMAIN=.acme.io
""", "session signing secret in .env.production")


def _negatives(g: Gen, out: list) -> None:
    # ---------------- placeholders / references ----------------
    _neg(out, ".env.example", """AWS_REGION=eu-west-1
AWS_ACCESS_KEY_ID=<your-access-key-id>
AWS_SECRET_ACCESS_KEY=<your-secret-access-key>
""", "angle-bracket placeholders in .env.example")
    _neg(out, "README.md", """## Setup

```bash
export OPENAI_API_KEY=<your-api-key>
python summarize.py notes.txt
```
""", "README placeholder <your-api-key>")
    _neg(out, "billing/stripe_client.py", """import os
import stripe

stripe.api_key = os.environ["STRIPE_SECRET_KEY"]
""", "key read from os.environ")
    _neg(out, "docker-compose.yml", """services:
  db:
    image: postgres:16
    environment:
      POSTGRES_USER: ${POSTGRES_USER}
      POSTGRES_PASSWORD: ${POSTGRES_PASSWORD}
""", "compose variable interpolation ${...}")
    _neg(out, "src/github.ts", """import { Octokit } from "@octokit/rest";

export const octokit = new Octokit({ auth: process.env.GITHUB_TOKEN! });
""", "token from process.env")
    _neg(out, ".env.example", """DATABASE_URL=postgres://app:changeme@localhost:5432/app_dev
REDIS_URL=redis://localhost:6379/0
""", "changeme template password in .env.example")
    _neg(out, ".env.sample", """SLACK_BOT_TOKEN=xoxb-your-bot-token-here
SLACK_SIGNING_SECRET=your-signing-secret
""", "Slack token placeholder text")
    _neg(out, "docs/api.md", """Send the token in the `Authorization` header:

    Authorization: Bearer YOUR_TOKEN_HERE
""", "YOUR_TOKEN_HERE placeholder in docs")
    _neg(out, "docs/payments.md", """Set `STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx` in the production environment
(never commit the real value).
""", "xxxx-filled Stripe key in docs")
    _neg(out, "helm/templates/secret.yaml", """apiVersion: v1
kind: Secret
metadata:
  name: {{ include "app.fullname" . }}-db
type: Opaque
data:
  password: {{ .Values.db.password | b64enc | quote }}
""", "Helm template value reference")
    _neg(out, "application.properties", """spring.datasource.url=jdbc:postgresql://${DB_HOST}:5432/shop
spring.datasource.username=${DB_USER}
spring.datasource.password=${DB_PASSWORD}
""", "Spring property placeholders")
    _neg(out, "variables.tf", """variable "db_password" {
  description = "Master password for the RDS instance"
  type        = string
  sensitive   = true
}
""", "Terraform sensitive variable without default")
    _neg(out, ".npmrc", """@acme:registry=https://npm.pkg.github.com
//npm.pkg.github.com/:_authToken=${NODE_AUTH_TOKEN}
""", ".npmrc using env var")
    _neg(out, ".github/workflows/deploy.yml", """    env:
      AWS_ACCESS_KEY_ID: ${{ secrets.AWS_ACCESS_KEY_ID }}
      AWS_SECRET_ACCESS_KEY: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
""", "GitHub Actions secrets references")
    _neg(out, "template.yaml", """  Database:
    Type: AWS::RDS::DBInstance
    Properties:
      MasterUsername: admin
      MasterUserPassword: '{{resolve:secretsmanager:prod/orders/db:SecretString:password}}'
""", "CloudFormation Secrets Manager dynamic reference")
    _neg(out, ".env.example", """JWT_SECRET=
SESSION_SECRET=
SENTRY_DSN=
""", "empty values in .env.example")
    _neg(out, "cli/login.py", """import getpass

def prompt_credentials():
    username = input("Username: ")
    password = getpass.getpass("Password: ")
    return username, password
""", "password read via getpass")
    _neg(out, "docs/config.md", """| key           | example      |
|---------------|--------------|
| db.user       | `reporting`  |
| db.password   | `********`   |
""", "masked asterisks in docs table")
    _neg(out, "config/settings.yaml", """database:
  host: db.internal
  password_file: /run/secrets/db_password
api:
  token_env: PARTNER_API_TOKEN
""", "config pointing at secret file / env var name")
    _neg(out, "k8s/external-secret.yaml", """apiVersion: external-secrets.io/v1beta1
kind: ExternalSecret
metadata:
  name: orders-db
spec:
  secretStoreRef: { name: aws-sm, kind: ClusterSecretStore }
  data:
    - secretKey: password
      remoteRef: { key: prod/orders/db, property: password }
""", "ExternalSecret remote reference")

    # ---------------- redacted / truncated ----------------
    _neg(out, "logs/ci.log", """[12:04:31] Using GITHUB_TOKEN=ghp_************************************
[12:04:32] Cloning acme-corp/platform ...
""", "masked GitHub token in CI log")
    _neg(out, "docs/keys.md", f"""Your key appears in the dashboard as `sk-...{g.s(ALNUM, 4)}`. Click *Reveal* to copy it.
""", "truncated OpenAI key display")
    _neg(out, "incident-2024-03.md", """The leaked key (`AKIA****************`) was deactivated at 14:02 UTC and rotated.
""", "redacted AWS key id in incident report")
    _neg(out, "bug_report.txt", """curl -H "Authorization: Bearer [REDACTED]" https://api.acme.io/v2/orders
HTTP/1.1 500 Internal Server Error
""", "REDACTED bearer token")
    _neg(out, "support/ticket_8812.md", f"""Customer says their key ending in ...{g.s(string.digits, 4)} stops working after rotation.
""", "only last four characters of a key")

    # ---------------- hashes / digests ----------------
    files = ["acme-cli_2.3.1_linux_amd64.tar.gz", "acme-cli_2.3.1_darwin_arm64.tar.gz", "acme-cli_2.3.1_windows_amd64.zip"]
    _neg(out, "SHA256SUMS", "".join(f"{hashlib.sha256(g.raw(64)).hexdigest()}  {f}\n" for f in files),
         "sha256 checksums of release artifacts")
    integ = base64.b64encode(hashlib.sha512(g.raw(40)).digest()).decode()
    _neg(out, "package-lock.json", f"""    "node_modules/lodash": {{
      "version": "4.17.21",
      "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
      "integrity": "sha512-{integ}"
    }},
""", "npm integrity sha512")
    _neg(out, "CHANGELOG.md", f"""## 2.3.1
- Fix retry loop in uploader ({g.hex(40)})
- Bump pg to 8.11 ({g.hex(7)})
""", "git commit SHAs in changelog")
    _neg(out, "requirements.txt", f"""requests==2.32.3 \\
    --hash=sha256:{hashlib.sha256(g.raw(16)).hexdigest()}
urllib3==2.2.2 \\
    --hash=sha256:{hashlib.sha256(g.raw(16)).hexdigest()}
""", "pip --hash pins")
    _neg(out, "k8s/deployment.yaml", f"""      containers:
        - name: api
          image: ghcr.io/acme-corp/api@sha256:{hashlib.sha256(g.raw(16)).hexdigest()}
          ports: [{{ containerPort: 8080 }}]
""", "Docker image digest")
    _neg(out, "go.sum", f"""github.com/google/uuid v1.6.0 h1:{base64.b64encode(hashlib.sha256(g.raw(8)).digest()).decode()}
github.com/google/uuid v1.6.0/go.mod h1:{base64.b64encode(hashlib.sha256(g.raw(8)).digest()).decode()}
""", "go.sum h1 hashes")
    _neg(out, ".github/workflows/ci.yml", f"""    steps:
      - uses: actions/checkout@{g.hex(40)} # v4.1.7
      - uses: actions/setup-python@{g.hex(40)} # v5.1.0
""", "pinned action commit SHAs")
    sri = base64.b64encode(hashlib.sha384(g.raw(20)).digest()).decode()
    _neg(out, "public/index.html", f"""<script src="https://cdn.jsdelivr.net/npm/alpinejs@3.14.1/dist/cdn.min.js"
        integrity="sha384-{sri}" crossorigin="anonymous" defer></script>
""", "subresource integrity hash")
    _neg(out, "data/manifest.csv", "file,md5\n" + "".join(f"scan_{i:04d}.tif,{hashlib.md5(g.raw(8)).hexdigest()}\n" for i in range(3)),
         "md5 file checksums in data manifest")

    # ---------------- UUIDs / ids ----------------
    _neg(out, "fixtures/tenants.json", f"""[
  {{"id": "{g.uuid4()}", "name": "Northwind", "plan": "pro"}},
  {{"id": "{g.uuid4()}", "name": "Contoso", "plan": "free"}}
]
""", "UUID tenant ids in fixtures")
    _neg(out, "main.tf", f"""provider "azurerm" {{
  features {{}}
  subscription_id = "{g.uuid4()}"
  tenant_id       = "{g.uuid4()}"
}}
""", "Azure subscription/tenant ids (identifiers)")
    _neg(out, "logs/app.log", f"""2024-05-02T10:11:12Z INFO request_id={g.uuid4()} path=/api/orders status=200 dur=41ms
2024-05-02T10:11:13Z INFO request_id={g.uuid4()} path=/api/cart status=201 dur=63ms
""", "request ids in logs")
    _neg(out, "seed/orders.js", f"""module.exports = [
  {{ _id: "{g.hex(24)}", customer: "{g.hex(24)}", total: 42.5 }},
  {{ _id: "{g.hex(24)}", customer: "{g.hex(24)}", total: 18.0 }},
];
""", "Mongo ObjectIds in seed data")
    _neg(out, "aws_lambda_logs.txt", f"""START RequestId: {g.uuid4()} Version: $LATEST
END RequestId: {g.uuid4()}
REPORT Duration: 112.41 ms Billed Duration: 113 ms Memory Size: 512 MB
""", "Lambda request ids")

    # ---------------- base64 non-secret ----------------
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + g.raw(60)).decode()
    _neg(out, "src/styles/icons.css", f""".icon-check {{
  background-image: url("data:image/png;base64,{png}");
  width: 16px; height: 16px;
}}
""", "base64 PNG data URI")
    cfg = base64.b64encode(b'{"featureFlags":{"newCheckout":true,"darkMode":false},"region":"eu"}').decode()
    _neg(out, "k8s/configmap.yaml", f"""apiVersion: v1
kind: ConfigMap
metadata:
  name: web-config
binaryData:
  flags.json: {cfg}
""", "base64 feature-flag JSON in ConfigMap")
    woff = base64.b64encode(b"wOF2" + g.raw(90)).decode()
    _neg(out, "src/fonts.css", f"""@font-face {{
  font-family: "IconFont";
  src: url(data:font/woff2;base64,{woff}) format("woff2");
}}
""", "base64 font data")

    # ---------------- public keys / certs ----------------
    _neg(out, "config/jwt_public.pem", g.rsa_public_pem() + "\n", "RSA public key PEM")
    _priv, pub = g.openssh_ed25519("alice@laptop")
    _neg(out, ".ssh/authorized_keys", pub + "\n", "ssh-ed25519 public key")
    _neg(out, "certs/ca.pem", g.certificate_pem() + "\n", "X.509 CA certificate")
    _neg(out, "src/auth/keys.ts", f"""// public key used to verify tokens from the IdP
export const IDP_PUBLIC_KEY = `{g.rsa_public_pem()}`;
""", "public key embedded in TypeScript")

    # ---------------- documented-public keys ----------------
    _neg(out, ".env.production", f"""NEXT_PUBLIC_STRIPE_PUBLISHABLE_KEY=pk_live_{g.s(ALNUM, 24)}
NEXT_PUBLIC_APP_URL=https://shop.acme.io
""", "Stripe publishable live key (public by design)")
    _neg(out, "src/components/Checkout.jsx", f"""import {{ loadStripe }} from "@stripe/stripe-js";

const stripePromise = loadStripe("pk_test_{g.s(ALNUM, 24)}");
export default stripePromise;
""", "Stripe publishable test key")
    _neg(out, "src/auth/google.js", f"""export const GOOGLE_CLIENT_ID =
  "{g.digits(12)}-{g.s(string.ascii_lowercase + string.digits, 32)}.apps.googleusercontent.com";
""", "Google OAuth client id (public identifier)")

    # ---------------- non-secret identifiers ----------------
    _neg(out, "config/storage.py", f"""UPLOAD_BUCKET = "acme-prod-uploads-{g.s(string.ascii_lowercase + string.digits, 8)}"
THUMBNAIL_BUCKET = "acme-prod-thumbs-{g.s(string.ascii_lowercase + string.digits, 8)}"
REGION = "eu-central-1"
""", "S3 bucket names")
    acct = g.digits(12)
    _neg(out, "iam/policy.json", f"""{{
  "Version": "2012-10-17",
  "Statement": [{{
    "Effect": "Allow",
    "Action": ["sqs:SendMessage"],
    "Resource": "arn:aws:sqs:us-east-1:{acct}:order-events",
    "Principal": {{"AWS": "arn:aws:iam::{acct}:role/api-task-role"}}
  }}]
}}
""", "AWS account id and ARNs")
    _neg(out, "infra/outputs.json", f"""{{
  "cloudfront_distribution_id": "E{g.s(string.ascii_uppercase + string.digits, 13)}",
  "hosted_zone_id": "Z{g.s(string.ascii_uppercase + string.digits, 20)}",
  "vpc_id": "vpc-{g.hex(17)}"
}}
""", "CloudFront/Route53/VPC resource ids")
    _neg(out, "src/analytics.ts", f"""export const GA_MEASUREMENT_ID = "G-{g.s(string.ascii_uppercase + string.digits, 10)}";
""", "Google Analytics measurement id")
    _neg(out, "billing/plans.py", f"""PLANS = {{
    "starter": "price_1{g.s(ALNUM, 23)}",
    "team": "price_1{g.s(ALNUM, 23)}",
    "enterprise": "price_1{g.s(ALNUM, 23)}",
}}
""", "Stripe price ids (non-secret)")
    _neg(out, "slack_channels.yml", f"""channels:
  deploys: C{g.s(string.ascii_uppercase + string.digits, 10)}
  incidents: C{g.s(string.ascii_uppercase + string.digits, 10)}
owner_user_id: U{g.s(string.ascii_uppercase + string.digits, 10)}
""", "Slack channel/user ids")
    _neg(out, "contracts/addresses.json", f"""{{ "treasury": "0x{g.hex(40)}", "token": "0x{g.hex(40)}" }}
""", "Ethereum contract addresses (public)")
    _neg(out, "k8s/pod-dump.yaml", f"""metadata:
  name: api-7c9f8d6b5-{g.s(string.ascii_lowercase + string.digits, 5)}
  uid: {g.uuid4()}
  resourceVersion: "{g.digits(8)}"
""", "Kubernetes object uid and resourceVersion")
    _neg(out, "src/theme.css", f""".css-{g.s(string.ascii_lowercase + string.digits, 7)} {{ display: flex; }}
.css-{g.s(string.ascii_lowercase + string.digits, 7)} {{ color: #1f2937; }}
""", "generated CSS class hashes")

    # ---------------- look-alikes (wrong length / alphabet / checksum) ----------------
    _neg(out, "tests/test_token_validator.py", f"""from tokens import is_valid_github_token

def test_rejects_bad_checksum():
    # last character altered, CRC32 tail no longer matches
    assert not is_valid_github_token("{g.bad_checksum('ghp_')}")
""", "ghp_ look-alike with wrong CRC32 checksum")
    _neg(out, "src/utils/mask.test.ts", """import { maskKey } from "./mask";

test("masks AWS-style ids", () => {
  expect(maskKey("AKIA1234")).toBe("AKIA****");
});
""", "short AKIA look-alike in unit test")
    _neg(out, "tests/fixtures/npmrc", f"""//registry.npmjs.org/:_authToken={g.bad_checksum('npm_')}
""", "npm_ look-alike with wrong checksum")
    _neg(out, "tests/test_slack.py", """def test_rejects_malformed_token(client):
    resp = client.post("/integrations/slack", json={"token": "xoxb-not-a-real-token"})
    assert resp.status_code == 400
""", "malformed xoxb look-alike")
    _neg(out, "docs/claude.md", """Set `ANTHROPIC_API_KEY` to your key (it starts with `sk-ant-api03-...`).
""", "Anthropic prefix only")
    _neg(out, "tests/test_gitlab.py", f"""INVALID = "glpat-{g.s(ALNUM, 8)}"  # too short to be a PAT

def test_short_token_rejected(validator):
    assert validator(INVALID) is False
""", "glpat- look-alike with wrong length")
    _neg(out, "src/i18n/en.json", f"""{{
  "apiKeyHint": "Google keys start with AIza and are 39 characters long",
  "example": "AIza{g.s(ALNUM, 12)}..."
}}
""", "truncated AIza hint in i18n")
    _neg(out, "spec/hf_token_spec.rb", f"""it "rejects tokens with illegal characters" do
  expect(valid_hf_token?("hf_{g.s(string.digits + '-', 20)}")).to be false
end
""", "hf_ look-alike with wrong alphabet")
    _neg(out, "tests/test_do.py", f"""def test_short_do_token_rejected():
    assert not looks_like_do_token("dop_v1_{g.hex(20)}")
""", "dop_v1_ look-alike with wrong length")
    _neg(out, "src/ids.ts", f"""// Short ids shown in the UI, e.g. "sk-{g.s(string.digits, 4)}" for stock keeping units
export const skuLabel = (n: number) => `sk-${{n.toString().padStart(4, "0")}}`;
""", "sk- prefix used for SKU labels")

    # ---------------- code / config that only mentions secrets ----------------
    _neg(out, "templates/login.html", """<form method="post" action="/login">
  <input type="email" name="email" autocomplete="username" required>
  <input type="password" name="password" autocomplete="current-password" required>
  <button type="submit">Sign in</button>
</form>
""", "password input field in HTML form")
    _neg(out, "auth/service.py", """def login(username: str, password: str) -> Session:
    user = users.get_by_username(username)
    if user is None or not verify_password(password, user.password_hash):
        raise InvalidCredentials()
    return sessions.create(user)
""", "password as a parameter name")
    _neg(out, "locales/de.json", """{
  "password": "Passwort",
  "password_reset": "Passwort zurücksetzen",
  "api_token": "API-Token"
}
""", "translation strings mentioning password/token")
    _neg(out, "config/security.yml", """password_policy:
  min_length: 12
  require_symbol: true
token_ttl_seconds: 3600
secret_rotation_days: 90
""", "password policy settings")
    _neg(out, "docs/env.md", """| Variable            | Required | Description                      |
|---------------------|----------|----------------------------------|
| `DATABASE_URL`      | yes      | Postgres connection string       |
| `STRIPE_SECRET_KEY` | yes      | Stripe secret key (sk_live_...)  |
| `JWT_SECRET`        | yes      | 32+ random bytes, base64         |
""", "table documenting env var names")
    _neg(out, "src/auth/constants.ts", """export const TOKEN_HEADER = "Authorization";
export const TOKEN_PREFIX = "Bearer ";
export const PASSWORD_FIELD = "password";
export const SECRET_KEY_ENV = "APP_SECRET_KEY";
""", "constants naming headers and env vars")
    _neg(out, "settings/dev.py", """from .base import *  # noqa

DEBUG = True
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY")
DATABASES["default"]["PASSWORD"] = os.environ.get("DB_PASSWORD", "")
""", "settings reading env with empty default")


def samples() -> list[dict]:
    g = Gen(SEED)
    out: list[dict] = []
    _positives(g, out)
    _negatives(g, out)
    return out


def _self_check(items: list[dict]) -> None:
    """Sanity-check generated GitHub/npm checksums."""
    import re

    for it in items:
        for tok in re.findall(r"\b(?:gh[pousr]|npm)_[A-Za-z0-9]{36}\b", it["text"]):
            body, tail = tok[4:-6], tok[-6:]
            ok = Gen.base62_encode(zlib.crc32(body.encode()) & 0xFFFFFFFF) == tail
            assert ok == it["secret"], (it["label"], tok)  # aiguard: ignore[PY014] compares a label, no secret


if __name__ == "__main__":
    items = samples()
    _self_check(items)
    pos = sum(1 for s in items if s["secret"])
    neg = len(items) - pos
    print(f"positives: {pos}")
    print(f"negatives: {neg}")
    print(f"total: {len(items)}")
