"""Allowlists imported from other tools follow the trust rule of aiguard's own baseline: a
change cannot accept its own secret by adding a detect-secrets or gitleaks entry for it, by
running `aiguard baseline import` in the same commit, or by a `gitleaks:allow` that is not a
real comment; an AI-assisted change that adds `gitleaks:allow` is reported (POL003)."""
from __future__ import annotations

import hashlib
import json

import pytest

from tests.repo import Repo

AWS_KEY = 'AKIA' + 'Q7RT' * 4  # built at run time: the repository's own scan stays clean
CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>'


@pytest.fixture
def started(repo: Repo) -> Repo:
    repo.commit_files({'README.md': '# p\n'}, 'start')
    return repo


def _secrets_baseline(path: str, value: str) -> str:
    return json.dumps({'version': '1.5.0', 'plugins_used': [], 'filters_used': [], 'results': {path: [{
        'type': 'AWS Access Key', 'filename': path,
        'hashed_secret': hashlib.sha1(value.encode()).hexdigest(),  # aiguard: ignore[PY021] detect-secrets' format
        'is_verified': False, 'line_number': 1}]}, 'generated_at': '2024-05-01T10:00:00Z'})


def test_a_commit_adding_a_secret_and_its_detect_secrets_entry_still_blocks(started: Repo) -> None:
    started.write('conf.py', f'KEY = "{AWS_KEY}"\n')
    started.write('.secrets.baseline', _secrets_baseline('conf.py', AWS_KEY))
    started.add('conf.py', '.secrets.baseline')
    proc = started.aiguard('hook', 'pre-commit')
    assert proc.returncode == 1 and 'SEC002' in proc.stdout, proc.stdout


def test_a_commit_adding_a_secret_and_its_gitleaks_ignore_entry_still_blocks(started: Repo) -> None:
    started.write('conf.py', f'KEY = "{AWS_KEY}"\n')
    started.write('.gitleaksignore', 'conf.py:aws-access-token:1\n')
    started.add('conf.py', '.gitleaksignore')
    assert started.aiguard('hook', 'pre-commit').returncode == 1


def test_importing_in_the_same_commit_does_not_accept_its_own_secret(started: Repo) -> None:
    """The change stages the secret, imports an allowlist for it and stages the rewritten
    baseline: the commit is judged by HEAD's baseline, and the baseline change is POL004."""
    started.write('conf.py', f'KEY = "{AWS_KEY}"\n')
    started.write('.secrets.baseline', _secrets_baseline('conf.py', AWS_KEY))
    started.add('conf.py', '.secrets.baseline')
    assert started.aiguard('baseline', 'import', '.secrets.baseline').returncode == 0
    started.add('.aiguard-baseline.json')
    proc = started.aiguard('hook', 'pre-commit', '--format', 'json')
    assert proc.returncode == 1
    rules = [f['rule_id'] for f in json.loads(proc.stdout)['findings']]
    assert 'SEC002' in rules and 'POL004' in rules


def test_a_range_cannot_import_its_own_acceptance_before_adding_the_secret(started: Repo) -> None:
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.write('conf.py', f'KEY = "{AWS_KEY}"\n')
    started.write('.secrets.baseline', _secrets_baseline('conf.py', AWS_KEY))
    started.add('conf.py')
    assert started.aiguard('baseline', 'import', '.secrets.baseline').returncode == 0
    started.git('rm', '-q', '--cached', 'conf.py')
    started.add('.aiguard-baseline.json', '.secrets.baseline')
    started.commit('accept a secret first')
    started.add('conf.py')
    started.commit('then add it')
    proc = started.aiguard('scan', '--from-ref', base, '--format', 'json')
    assert proc.returncode == 1 and 'SEC002' in [f['rule_id'] for f in json.loads(proc.stdout)['findings']]


def test_gitleaks_allow_in_a_string_literal_does_not_suppress(started: Repo) -> None:
    started.write('conf.py', f'KEY = "{AWS_KEY}"; NOTE = "gitleaks:allow"\n')
    started.add('conf.py')
    proc = started.aiguard('hook', 'pre-commit')
    assert proc.returncode == 1 and 'not in a comment' in proc.stdout, proc.stdout


def test_gitleaks_allow_in_a_real_comment_suppresses_a_human_change(started: Repo) -> None:
    started.write('conf.py', f'KEY = "{AWS_KEY}"  # gitleaks:allow\n')
    started.add('conf.py')
    proc = started.aiguard('scan', '--staged')
    assert proc.returncode == 0 and '1 suppressed' in proc.stdout, proc.stdout


def test_gitleaks_allow_added_by_an_ai_assisted_change_blocks(started: Repo) -> None:
    started.write('conf.py', f'KEY = "{AWS_KEY}"  # gitleaks:allow\n')
    started.add('conf.py')
    proc = started.aiguard('hook', 'pre-commit', env={'AIGUARD_AI': 'claude-code'})
    assert proc.returncode == 1 and 'POL003' in proc.stdout and 'gitleaks:allow' in proc.stdout, proc.stdout


# --- bandit's configuration: read from the trusted revision, a change to it is a policy change ---

EVAL = 'import sys\nx = eval(sys.argv[1])\n'  # PY003, bandit's B307


@pytest.mark.parametrize('name, content', [
    ('pyproject.toml', '[project]\nname = "x"\n\n[tool.bandit]\nskips = ["B307"]\nexclude_dirs = ["."]\n'),
    ('.bandit', '[bandit]\nskips = B307\nexclude = app.py\n'),
])
def test_bandit_skips_added_in_the_same_commit_still_block(started: Repo, name: str, content: str) -> None:
    started.write(name, content)
    started.write('app.py', EVAL)
    started.add(name, 'app.py')
    proc = started.aiguard('hook', 'pre-commit', '--format', 'json')
    assert proc.returncode == 1, proc.stdout
    rules = [f['rule_id'] for f in json.loads(proc.stdout)['findings']]
    assert 'PY003' in rules and 'POL004' in rules


def test_bandit_skips_added_by_an_ai_assisted_change_block_as_policy(started: Repo) -> None:
    started.commit_files({'pyproject.toml': '[project]\nname = "x"\n'}, 'project')
    started.write('pyproject.toml', '[project]\nname = "x"\n\n[tool.bandit]\nskips = ["B307"]\n')
    started.add('pyproject.toml')
    proc = started.aiguard('hook', 'pre-commit', env={'AIGUARD_AI': 'claude-code'})
    assert proc.returncode == 1 and 'POL005' in proc.stdout, proc.stdout


def test_a_range_that_adds_bandit_skips_before_the_code_is_judged_by_its_base(started: Repo) -> None:
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.commit_files({'.bandit': '[bandit]\nskips = B307\n'}, 'skip eval checks')
    started.commit_files({'app.py': EVAL}, 'then eval')
    proc = started.aiguard('scan', '--from-ref', base, '--format', 'json')
    assert proc.returncode == 1 and 'PY003' in [f['rule_id'] for f in json.loads(proc.stdout)['findings']]
