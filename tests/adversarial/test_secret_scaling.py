"""A change that makes the secrets engine compare every hit with every other must still end.

Both shapes once took minutes: a one-line CloudTrail-style log with thousands of
temporary key ids (each id re-read the whole line for a secret half), and a file of
thousands of key-id lines (each pair judged up to eleven times, then every hit
compared with every other). The work is counted here, never timed.
"""
from __future__ import annotations

import json
import random
import string

import pytest

from aiguard import config, gate, scan
from aiguard.scanners import secrets
from tests.repo import Repo

B32 = string.ascii_uppercase + '234567'
B64 = string.ascii_letters + string.digits + '/+'


def key_id(r: random.Random, prefix: str) -> str:
    return prefix + ''.join(r.choice(B32) for _ in range(16))


def secret_half(r: random.Random) -> str:
    while True:  # mixed case and digits, as the pairing rule demands of a real one
        value = ''.join(r.choice(B64) for _ in range(40))
        if any(c.isupper() for c in value) and any(c.islower() for c in value) and any(c.isdigit() for c in value):
            return value


def cloudtrail_line(r: random.Random, records: int, secret: str) -> str:
    """One JSON line of `records` events, each naming a session key id; `secret` near the end."""
    events = [
        '{"eventName":"GetObject","userIdentity":{"type":"AssumedRole","accessKeyId":"%s"},'
        '"sourceIPAddress":"10.%d"}' % (key_id(r, 'ASIA'), i % 250)
        for i in range(records)
    ]
    events[-2] = events[-2][:-1] + ',"secretAccessKey":"%s"}' % secret
    return '{"Records":[' + ','.join(events) + ']}\n'


def key_lines(r: random.Random, pairs: int) -> tuple[str, list[str]]:
    halves = [secret_half(r) for _ in range(pairs)]
    text = ''.join(f'{key_id(r, "AKIA")},"{half}"\n' for half in halves)
    return text, halves


class Counting:
    """A regex wrapper that counts the characters its finditer is asked to read."""

    def __init__(self, regex) -> None:  # noqa: ANN001 - a compiled pattern
        self.regex = regex
        self.read = 0

    def finditer(self, text: str, lo: int = 0, hi: int | None = None):  # noqa: ANN201
        hi = len(text) if hi is None else hi
        self.read += hi - lo
        return self.regex.finditer(text, lo, hi)


@pytest.fixture
def quoted_40(monkeypatch: pytest.MonkeyPatch) -> Counting:
    from aiguard.scanners.secrets import providers

    counting = Counting(providers._QUOTED_40)
    monkeypatch.setattr(providers, '_QUOTED_40', counting)
    return counting


@pytest.mark.slow
def test_a_one_line_log_of_8000_session_ids_is_read_once_for_secret_halves(
        repo: Repo, quoted_40: Counting, monkeypatch: pytest.MonkeyPatch) -> None:
    r = random.Random(13)
    secret = secret_half(r)
    text = cloudtrail_line(r, 8000, secret)
    assert 900_000 < len(text) < 1_048_576  # under max_file_size: scanned whole
    repo.commit_files({'README.md': 'logs\n'})
    repo.write('logs/cloudtrail.json', text)
    repo.add('logs/cloudtrail.json')
    proc = repo.aiguard('scan', '--staged', '--format', 'json')
    assert proc.returncode == 1, proc.stderr
    found = json.loads(proc.stdout)['findings']
    assert sorted(f['rule_id'] for f in found) == ['SEC002', 'SEC003']  # one a line and rule
    assert secret not in proc.stdout + proc.stderr

    # in process: the secret-half search reads each character at most once, and the gate
    # reads the one long line once per rule for suppressions, not once per hit
    asked: list[int] = []
    real_check = gate.check

    def counting_check(f, file):  # noqa: ANN001, ANN202
        asked.append(f.line)
        return real_check(f, file)

    monkeypatch.setattr(gate, 'check', counting_check)
    result = scan.run(repo.path, config.parse({}, '.aiguard.yaml'), scan.ScanRequest('staged', use_cache=False))
    assert [f.rule_id for f in result.findings] == ['SEC002', 'SEC003']
    assert len(asked) == 2
    assert quoted_40.read <= len(text)
    hits = secrets.scan_text('logs/cloudtrail.json', text)
    assert sum(f.rule_id == 'SEC003' for f in hits) == 1
    assert sum(f.rule_id == 'SEC002' for f in hits) > 7950  # a random id may read as a word


@pytest.mark.slow
def test_4000_key_lines_judge_each_secret_half_once(
        repo: Repo, quoted_40: Counting, monkeypatch: pytest.MonkeyPatch) -> None:
    r = random.Random(4)
    text, halves = key_lines(r, 4000)
    repo.commit_files({'README.md': 'keys\n'})
    repo.write('exports/keys.csv', text)
    repo.add('exports/keys.csv')
    # text: JSON would publish 8,000 salted (slow by design) fingerprints, a cost of its own
    proc = repo.aiguard('scan', '--staged')
    assert proc.returncode == 1, proc.stderr
    rules = [line.split(': ', 1)[1].split()[0] for line in proc.stdout.splitlines() if line.startswith('exports/')]
    assert rules.count('SEC003') == 4000
    assert rules.count('SEC002') > 3980  # a random id may read as a word
    assert not any(h in proc.stdout for h in halves[:50])

    judged: list[str] = []
    real_not_random = secrets.filters.not_random

    def counting_not_random(body: str, min_entropy: float = 3.0) -> str | None:
        judged.append(body)
        return real_not_random(body, min_entropy)

    monkeypatch.setattr(secrets.filters, 'not_random', counting_not_random)
    hits = secrets.scan_text('exports/keys.csv', text)
    assert sum(f.rule_id == 'SEC003' for f in hits) == 4000
    assert len(judged) <= 2 * 8000  # each key id and each secret half once, not once per nearby id
    assert quoted_40.read <= len(text)


class _CountedHit(secrets._Hit):
    reads = 0

    def __getattribute__(self, name: str):  # noqa: ANN204
        if name in ('start', 'end'):
            type(self).reads += 1
        return super().__getattribute__(name)


def test_dedupe_reads_each_span_a_bounded_number_of_times() -> None:
    # 20,000 disjoint spans and as many overlapping ones: every-pair comparison would read ~10^8
    spans = [(i * 10, i * 10 + 8) for i in range(20_000)] + [(i * 10 + 4, i * 10 + 12) for i in range(20_000)]
    hits = [_CountedHit('SEC007', s, e, 'v', 'v') for s, e in spans]
    _CountedHit.reads = 0
    kept = secrets._dedupe(hits)
    assert len(kept) == 20_000
    assert _CountedHit.reads <= 4 * len(hits)
