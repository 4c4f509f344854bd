"""Randomly generated real-format tokens are found every time (seeded, so repeatable)."""
from __future__ import annotations

import random
import string

import pytest

from aiguard import scanners
from aiguard.changes import ChangedFile
from aiguard.config import Config
from tests.secrets_corpus import github_checksummed

B32 = string.ascii_uppercase + '234567'
ALNUM = string.ascii_letters + string.digits
URLSAFE = ALNUM + '-_'


def aws(r: random.Random) -> str:
    return r.choice(('AKIA', 'ASIA')) + ''.join(r.choice(B32) for _ in range(16))


def github(r: random.Random) -> str:
    return github_checksummed(r.choice(('ghp_', 'gho_', 'ghs_')), ''.join(r.choice(ALNUM) for _ in range(30)))


def slack(r: random.Random) -> str:
    digits = lambda n: ''.join(r.choice(string.digits) for _ in range(n))  # noqa: E731
    return f'xoxb-{digits(12)}-{digits(13)}-' + ''.join(r.choice(ALNUM) for _ in range(24))


def openai(r: random.Random) -> str:
    body = lambda n: ''.join(r.choice(URLSAFE) for _ in range(n))  # noqa: E731
    return f'sk-proj-{body(74)}T3BlbkFJ{body(74)}'


def anthropic(r: random.Random) -> str:
    return 'sk-ant-api03-' + ''.join(r.choice(URLSAFE) for _ in range(93)) + 'AA'


def stripe(r: random.Random) -> str:
    return 'sk_live_' + ''.join(r.choice(ALNUM) for _ in range(r.choice((24, 99))))


def huggingface(r: random.Random) -> str:
    return 'hf_' + ''.join(r.choice(string.ascii_letters) for _ in range(34))


LINES = ('TOKEN = "{}"\n', 'client = Client(api_key="{}")\n', 'token: {}\n', 'export KEY={}\n')


@pytest.mark.parametrize('make', [aws, github, slack, openai, anthropic, stripe, huggingface])
def test_every_random_token_is_found(make) -> None:  # noqa: ANN001
    r = random.Random(f'aiguard-{make.__name__}')
    engine = scanners.load('secrets')
    missed = []
    for i in range(300):
        token = make(r)
        line = LINES[i % len(LINES)].format(token)
        f = ChangedFile('app/config.py', f'oid{i}', line.encode())
        if not engine.scan([f], scanners.ScanContext('/tmp', Config())):
            missed.append(token[:6] + '…')
    assert missed == []
