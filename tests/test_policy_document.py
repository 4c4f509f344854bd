"""AI_POLICY.md says exactly what the gate does: its statements, read back, predict every verdict.

For several configs the document is generated (`aiguard policy`), its tables
and lists are parsed back into claims, and a real commit that puts findings of
every severity into files of every role is scanned as a person's change and as
an AI-assisted one: each finding's `blocking` must be what the document says.
"""
from __future__ import annotations

import json
import os
import re
import uuid

import pytest

from aiguard import policydoc
from tests.repo import Repo

AI = {'AIGUARD_AI': 'claude-code'}
SEVERITIES = ('info', 'low', 'medium', 'high', 'critical')

# Probe directories and the roles their files have by the built-in globs (tests/auth: two roles).
PROBE_DIRS = {
    '': (), 'src/auth/': ('auth',), 'src/crypto/': ('crypto',), 'src/billing/': ('payments',),
    'src/billing/ok/': ('payments',), 'src/secrets/': ('secrets-handling',), 'docs/': ('docs',),
    'tests/': ('tests',), 'src/vendor/': ('generated',), 'src/logging/': ('logging',),
    'tests/auth/': ('tests', 'auth'), 'infra/': ('infra',),
}

CONFIGS = {
    'default': '',
    'thresholds': (
        'fail_on: {human: medium, ai: low}\n'
        'role_fail_on:\n  tests: {ai: medium}\n  docs: never\n  payments: {human: critical, ai: high}\n'
        'rules:\n  SEC007: low\n  PY012: high\n  SEC005: "off"\n  DOCKER001: info\n'
    ),
    'zones': (
        'human_only: ["src/billing/**", "src/crypto/**"]\nai_allowed: ["src/billing/ok/**"]\n'
        'roles:\n  infra: ["infra/**"]\nrole_fail_on:\n  infra: {human: low, ai: info}\n'
        'exclude: ["src/logging/**"]\n'
    ),
    'review-off': (
        'review: {required_for_ai: false}\nsuppressions: {ai_may_add: true}\nscanners: {python: false}\n'
        'human_only: ["src/auth/**"]\nrules:\n  POL001: "off"\n  POL004: low\n'
    ),
    'approvals': 'review: {approvals: true, trailer: Approved-by, scope: range}\nfail_closed: false\n',
}


# ------------------------------------------------------------------ the probe --

def _value() -> str:
    u = uuid.uuid4().hex
    while re.search(r'(.)\1{3}', u):
        u = uuid.uuid4().hex
    return u


def probe_python() -> str:
    """A medium generic secret, a high password in a URL, a critical token, a high and a medium
    Python finding and a suppression comment; every secret built here, at run time."""
    u = _value()
    word = 'pass' + 'word'
    return (
        'from flask import Flask, request\napp = Flask(__name__)\n'
        f'db_{word} = "{u[:10]}Zq9{u[10:20]}"\n'
        f'DATABASE_URL = "postgres://app:{u[:12]}Qx7@db.internal:5432/app"\n'
        f'GITHUB_TOKEN = "{"gh" + "p_"}{(u + u)[:36]}"\n\n'
        '@app.route("/q")\ndef q(db):\n'
        '    return db.execute("SELECT * FROM t WHERE id = " + request.args["id"])\n\n'
        'app.run(debug=True)\n'
        'x = 1  # ' + 'nosec\n'
    )


PROBE_DOCKERFILE = 'FROM python\nRUN echo hi\n'  # DOCKER001 (low), DOCKER002 (medium)


def stage_probe(repo: Repo, config: str) -> None:
    repo.commit_files({'.aiguard.yaml': config or '{}\n', 'README.md': 'project\n'}, 'policy')
    for d in PROBE_DIRS:
        repo.write(f'{d}probe.py', probe_python())
        repo.write(f'{d}Dockerfile', PROBE_DOCKERFILE)
    repo.write('.pre-commit-config.yaml', 'repos: []\n')  # a policy file: POL004 / POL005
    repo.add()


def scan(repo: Repo, *args: str, env: dict[str, str] | None = None) -> dict:
    proc = repo.aiguard('scan', '--format', 'json', *args, env=env)
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)
    assert doc['errors'] == [], doc['errors']
    return doc


# ------------------------------------------------------- the document, read back --

def section(text: str, name: str) -> str:
    return text[text.index(policydoc.begin(name)):text.index(policydoc.end(name))]


def table(text: str, header: str) -> list[list[str]]:
    """The rows of the Markdown table whose header line starts with `header`."""
    lines = text[text.index(header):].splitlines()
    rows = []
    for line in lines[2:]:
        if not line.startswith('|'):
            break
        rows.append([cell.strip() for cell in line.strip('|').split(' | ')])
    return rows


def threshold(cell: str) -> str | None:
    if cell == 'never':
        return None
    m = re.fullmatch(r'`(\w+)` or higher', cell)
    assert m, cell
    return m.group(1)


def globs_listed(text: str, title: str) -> list[str]:
    if title not in text:
        return []
    part = text.split(title, 1)[1].split('\n\n', 2)[1]
    return [line[3:-1] for line in part.splitlines() if line.startswith('- `')]


class Claims:
    """What the generated document says the gate does."""

    def __init__(self, text: str) -> None:
        enforcement = section(text, 'enforcement')
        rows = table(enforcement, '| Files |')
        assert rows[0][0] == 'default'
        self.default = (threshold(rows[0][2]), threshold(rows[0][3]))
        self.tiered = {r[0].strip('`'): (threshold(r[2]), threshold(r[3])) for r in rows[1:]}
        self.engines: dict[str, dict[str, tuple[str, str]]] = {}
        self.unchecked: set[str] = set()
        for engine, title, _ in policydoc.ENGINE_TITLES:
            part = enforcement.split(f'### {title}\n', 1)[1].split('\n### ', 1)[0]
            if '**Not checked**' in part:
                self.unchecked.add(engine)
                continue
            self.engines[engine] = {r[1].strip('`'): (r[2], r[3]) for r in table(part, '| Rules |')}
        self.policy = {r[0].strip('`'): r[2].startswith('yes') for r in table(enforcement, '| Rule |')}
        zones = section(text, 'zones')
        self.human_only = globs_listed(zones, '**Human-only paths.** An AI-assisted change')
        self.ai_allowed = globs_listed(zones, '**AI allowed at the normal threshold**')
        review = section(text, 'review')
        self.review_required = '**No sign-off is checked**' not in review
        m = re.search(r'a `([\w-]+): Name <email>` trailer', review)
        self.trailer = m.group(1) if m else None
        self.approvals = '**Approvals count**' in review
        m = re.search(r'files matching `exclude`, which are never scanned: (.*)[;.]\n', enforcement)
        self.excluded = re.findall(r'`([^`]+)`', m.group(1)) if m else []

    def blocks(self, engine: str, severity: str, path: str, roles: tuple[str, ...], ai: bool) -> bool:
        """The document's verdict for a finding of `severity` in `path` (with `roles`)."""
        if ai and under(path, self.ai_allowed):
            ai = False  # "Under `ai_allowed` paths an AI-assisted change uses the human column."
        where = self.engines[engine][severity][0 if ai else 1]
        tiered = [r for r in roles if r in self.tiered]
        if where in (policydoc.ALWAYS, policydoc.NEVER):
            return where == policydoc.ALWAYS
        listed = set(re.findall(r'`([\w-]+)`', where))
        if where.startswith('except in '):
            return not (tiered and set(tiered) <= listed)
        assert where.startswith('only in '), where
        return bool(set(tiered) & listed)


def under(path: str, globs: list[str]) -> bool:
    for g in globs:
        assert g.endswith('/**') and '*' not in g[:-3], f'the test reads simple globs only: {g}'
        if path.startswith(g[:-2]):
            return True
    return False


def engine_of(rule_id: str) -> str:
    return {'SEC': 'secrets', 'PY': 'python', 'POL': 'policy'}.get(re.match(r'[A-Z]+', rule_id).group(0),
                                                                     'patterns')


def roles_of(path: str) -> tuple[str, ...]:
    d = path.rsplit('/', 1)[0] + '/' if '/' in path else ''
    return PROBE_DIRS.get(d, ())


def generate(repo: Repo) -> str:
    proc = repo.aiguard('policy')
    assert proc.returncode == 0, proc.stderr
    with open(os.path.join(repo.path, 'AI_POLICY.md'), encoding='utf-8') as f:
        return f.read()


# ---------------------------------------------------------------------- tests --

@pytest.mark.parametrize('name', sorted(CONFIGS))
def test_every_verdict_of_the_gate_is_the_one_the_policy_states(repo: Repo, name: str) -> None:
    stage_probe(repo, CONFIGS[name])
    claims = Claims(generate(repo))
    seen: dict[tuple[str, bool], set[bool]] = {}
    for ai in (False, True):
        result = scan(repo, env=AI if ai else None)
        assert result['attribution']['ai_assisted'] is ai
        found_pol001 = set()
        for f in result['findings']:
            engine = engine_of(f['rule_id'])
            assert engine not in claims.unchecked, f
            assert not under(f['path'], claims.excluded), f
            if engine == 'policy':
                assert f['blocking'] is claims.policy[f['rule_id']], (name, ai, f['rule_id'], f['path'])
                if f['rule_id'] == 'POL001':
                    found_pol001.add(f['path'])
                continue
            said = claims.blocks(engine, f['severity'], f['path'], roles_of(f['path']), ai)
            assert f['blocking'] is said, (name, 'AI' if ai else 'human', f['rule_id'], f['severity'], f['path'])
            seen.setdefault((f['severity'], ai), set()).add(said)
        # the human-only zones the document lists are exactly where an AI change gets POL001
        zone = {p for p in (f'{d}{n}' for d in PROBE_DIRS for n in ('probe.py', 'Dockerfile'))
                if under(p, claims.human_only) and not under(p, claims.ai_allowed)}
        assert found_pol001 == (zone if ai and claims.policy.get('POL001') else set()), name
    # the probe puts a blocking and a passing verdict in front of the document for each side
    for ai in (False, True):
        assert any(True in v for (s, a), v in seen.items() if a is ai), name
        assert any(False in v for (s, a), v in seen.items() if a is ai), name


def test_a_generic_secret_in_a_persons_commit_passes_and_the_policy_does_not_say_it_blocks(repo: Repo) -> None:
    repo.commit_files({'README.md': 'project\n'}, 'start')
    claims = Claims(generate(repo))
    secrets = claims.engines['secrets']
    assert secrets['medium'][1] == 'only in `auth`, `crypto`, `payments`, `secrets-handling` files'
    assert 'Secrets (keys, tokens, passwords) block in every change' not in generate(repo)
    assert not claims.blocks('secrets', 'medium', 'app.py', (), ai=False)
    assert claims.blocks('secrets', 'medium', 'app.py', (), ai=True)
    word = 'pass' + 'word'
    line = f'db_{word} = "{_value()[:10]}Zq9{_value()[:10]}"\n'
    assert repo.aiguard('install').returncode == 0
    repo.write('app.py', line)
    repo.add('app.py')
    human = repo.git('commit', '-q', '-m', 'settings', check=False)
    assert human.returncode == 0, human.stdout + human.stderr  # the real hook ran and let it through
    assert 'SEC007' in human.stdout + human.stderr  # shown, not blocking
    repo.write('app2.py', line)
    repo.add('app2.py')
    ai = repo.git('commit', '-q', '-m', 'more settings', check=False, env=AI)
    assert ai.returncode != 0 and 'SEC007' in ai.stdout + ai.stderr


@pytest.mark.parametrize('name', ['default', 'review-off', 'approvals'])
def test_the_review_section_is_what_range_mode_checks(repo: Repo, name: str) -> None:
    repo.commit_files({'.aiguard.yaml': CONFIGS[name] or '{}\n', 'README.md': 'project\n'}, 'policy')
    claims = Claims(generate(repo))
    base = repo.git('rev-parse', 'HEAD').stdout.strip()
    repo.commit_files({'a.py': 'x = 1\n'}, 'an AI change\n\nAI-Assisted: claude-code')
    result = scan(repo, '--from-ref', base, '--to-ref', 'HEAD')
    gaps = [f for f in result['findings'] if f['rule_id'] == 'POL002']
    assert bool(gaps) is claims.review_required
    assert all(f['blocking'] for f in gaps)
    if claims.review_required:
        assert claims.trailer is not None
        # the trailer the document names, from a second person, is the sign-off range mode accepts
        repo.git('commit', '-q', '--amend', '--no-edit', '--no-verify', '--trailer', f'{claims.trailer}: Bo <bo@example.com>')
        again = scan(repo, '--from-ref', base, '--to-ref', 'HEAD')
        assert not [f for f in again['findings'] if f['rule_id'] == 'POL002']
    assert claims.approvals is (name == 'approvals')


def test_policy_rewrites_its_sections_after_a_config_change_and_keeps_the_teams_text(repo: Repo) -> None:
    repo.write('.aiguard.yaml', '{}\n')
    text = generate(repo)
    assert '_fill in: security owner (name, role)_' in text
    mine = text.replace('_fill in: security owner (name, role)_', 'Grace Hopper, CISO')
    mine = mine.replace('## 2. Approved assistants', '## 2. Approved assistants\n\nOur own paragraph.')
    repo.write('AI_POLICY.md', mine)
    assert repo.aiguard('policy', '--check').returncode == 0
    repo.write('.aiguard.yaml', 'human_only: ["src/payroll/**"]\nfail_on: {ai: low}\n')
    check = repo.aiguard('policy', '--check')
    assert check.returncode == 1 and 'run `aiguard policy`' in check.stdout
    proc = repo.aiguard('policy')
    assert proc.returncode == 0 and 'generated sections rewritten' in proc.stdout
    with open(os.path.join(repo.path, 'AI_POLICY.md'), encoding='utf-8') as f:
        new = f.read()
    assert 'Grace Hopper, CISO' in new and 'Our own paragraph.' in new
    claims = Claims(new)
    assert claims.human_only == ['src/payroll/**'] and claims.default[0] == 'low'
    assert 'nothing changed' in repo.aiguard('policy').stdout
    assert repo.aiguard('policy', '--check').returncode == 0


def test_a_policy_without_generated_sections_is_not_overwritten(repo: Repo) -> None:
    repo.write('AI_POLICY.md', '# Our AI policy\n\nWritten by hand.\n')
    proc = repo.aiguard('policy')
    assert proc.returncode == 2
    assert proc.stderr.count('\n') == 1 and 'has no sections generated by aiguard' in proc.stderr
    assert 'Traceback' not in proc.stderr
    with open(os.path.join(repo.path, 'AI_POLICY.md'), encoding='utf-8') as f:
        assert f.read() == '# Our AI policy\n\nWritten by hand.\n'
    printed = repo.aiguard('policy', '--output', '-')
    assert printed.returncode == 0 and printed.stdout.startswith('# AI-assisted development policy')


def test_init_leaves_an_existing_policy_alone_and_says_when_it_is_stale(repo: Repo) -> None:
    repo.write('.aiguard.yaml', '{}\n')
    generate(repo)
    repo.write('.aiguard.yaml', 'human_only: ["src/core/**"]\n')
    proc = repo.aiguard('init', '--ci', 'none')
    assert proc.returncode == 0, proc.stderr
    assert ('skipped  AI_POLICY.md: exists; its generated sections differ from .aiguard.yaml: '
            'run `aiguard policy`') in proc.stdout


def test_the_regulations_are_stated_without_advice_or_invented_detail() -> None:
    from aiguard.config import Config

    text = policydoc.document(Config())
    part = text.split('## 11.', 1)[1]
    for fact in ('Regulation (EU) 2024/1689', '1 August 2024', 'AI literacy', 'Article\n  4',
                 'Secure by Design', 'voluntary', 'Form 8-K', 'four business days', 'Form 10-K'):
        assert fact in part, fact
    assert 'not legal advice' in part
    # every article the document cites is one it was checked against
    assert re.findall(r'Article\s+(\d+)', part) == ['4']
    assert '_fill in: legal contact_' in part
