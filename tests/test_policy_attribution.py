"""Policy for AI-assisted changes: human-only zones, the strict tier, review sign-off."""
from __future__ import annotations

import json

import pytest

from aiguard.config import Config, ReviewConfig, Tier
from aiguard.findings import Severity
from aiguard.git import CommitInfo
from aiguard.policy import Policy, review_gap
from tests.repo import Repo

# DOCKER003 is medium: it blocks an AI-assisted change (strict tier) but not a human one.
MEDIUM_FINDING = 'FROM alpine:3.20\nADD https://example.com/tool.tar.gz /opt/\n'
CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>'


@pytest.fixture
def hooked(repo: Repo) -> Repo:
    assert repo.aiguard('install').returncode == 0
    repo.commit_files({'README.md': 'hello\n'}, 'Initial commit')
    return repo


def try_commit(repo: Repo, files: dict[str, str], *args: str, env: dict[str, str] | None = None):
    for name, text in files.items():
        repo.write(name, text)
    repo.add(*files)
    return repo.git('commit', '-q', *args, env=env, check=False)


def head_subject(repo: Repo) -> str:
    return repo.git('log', '-1', '--format=%s').stdout.strip()


# ------------------------------------------------------------------ human_only

def test_human_only_blocks_an_agent_session(hooked: Repo) -> None:
    hooked.commit_files({'.aiguard.yaml': 'human_only: ["src/auth/**"]\n'}, 'policy')
    proc = try_commit(hooked, {'src/auth/login.py': 'def login():\n    return True\n'}, '-m', 'Add login',
                      env={'CLAUDECODE': '1'})
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert 'POL001' in out and 'src/auth/login.py is human-only' in out and 'AI-Assisted: none' in out
    assert head_subject(hooked) == 'policy'


def test_human_only_lets_a_person_through(hooked: Repo) -> None:
    hooked.commit_files({'.aiguard.yaml': 'human_only: ["src/auth/**"]\n'}, 'policy')
    proc = try_commit(hooked, {'src/auth/login.py': 'def login():\n    return True\n'}, '-m', 'Add login')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert head_subject(hooked) == 'Add login'


def test_human_only_declared_none_overrides_a_leaked_env(hooked: Repo) -> None:
    hooked.commit_files({'.aiguard.yaml': 'human_only: ["src/auth/**"]\n'}, 'policy')
    proc = try_commit(hooked, {'src/auth/login.py': 'x = 1\n'}, '-m', 'Add login',
                      env={'CURSOR_TRACE_ID': 'abc', 'AIGUARD_AI': 'none'})
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_ai_allowed_overrides_human_only(hooked: Repo) -> None:
    hooked.commit_files({'.aiguard.yaml': 'human_only: ["src/**"]\nai_allowed: ["src/ui/**"]\n'}, 'policy')
    proc = try_commit(hooked, {'src/ui/button.py': 'x = 1\n'}, '-m', 'Add button', env={'GEMINI_CLI': '1'})
    assert proc.returncode == 0, proc.stdout + proc.stderr


# ------------------------------------------------------------------ strict tier

def test_medium_finding_passes_a_human(hooked: Repo) -> None:
    proc = try_commit(hooked, {'Dockerfile': MEDIUM_FINDING}, '-m', 'Add image')
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_medium_finding_blocks_an_agent(hooked: Repo) -> None:
    proc = try_commit(hooked, {'Dockerfile': MEDIUM_FINDING}, '-m', 'Add image', env={'CODEX_THREAD_ID': 't'})
    assert proc.returncode != 0 and 'DOCKER003' in proc.stdout + proc.stderr


def test_commit_msg_applies_the_strict_tier_for_a_late_trailer(hooked: Repo) -> None:
    """pre-commit sees no AI; the trailer only exists once the message does."""
    proc = try_commit(hooked, {'Dockerfile': MEDIUM_FINDING}, '-m', 'Add image',
                      '--trailer', 'AI-Assisted: claude-code')
    assert proc.returncode != 0
    out = proc.stdout + proc.stderr
    assert 'DOCKER003' in out and '(blocking)' in out and 'strict tier' in out
    assert head_subject(hooked) == 'Initial commit'


def test_commit_msg_hook_alone(repo: Repo) -> None:
    repo.commit_files({'README.md': 'x\n'}, 'init')
    repo.write('Dockerfile', MEDIUM_FINDING)
    repo.add('Dockerfile')
    msg = repo.write('MSG', 'Add image\n\nCo-authored-by: Cursor <cursoragent@cursor.com>\n')
    out = repo.aiguard('hook', 'commit-msg', msg)
    assert out.returncode == 1 and 'DOCKER003' in out.stdout
    with open(msg) as f:
        assert 'AI-Assisted: cursor;' in f.read()
    human = repo.write('MSG2', 'Add image\n')
    assert repo.aiguard('hook', 'commit-msg', human).returncode == 0


# ------------------------------------------------------------------ bypass and range mode

def test_no_verify_commit_caught_in_ci(hooked: Repo) -> None:
    base = hooked.git('rev-parse', 'HEAD').stdout.strip()
    # an agent that skips every hook: --no-verify and a hooksPath that is not ours
    hooked.write('Dockerfile', MEDIUM_FINDING)
    hooked.add('Dockerfile')
    hooked.git('-c', 'core.hooksPath=/dev/null', 'commit', '-q', '--no-verify', '-m', f'Add image\n\n{CLAUDE}')
    out = hooked.aiguard('hook', 'ci', '--format', 'json',
                         env={'PRE_COMMIT_FROM_REF': base, 'PRE_COMMIT_TO_REF': 'HEAD'})
    assert out.returncode == 1, out.stderr
    doc = json.loads(out.stdout)
    assert doc['attribution']['ai_assisted'] is True
    blocking = {f['rule_id'] for f in doc['findings'] if f['blocking']}
    assert blocking == {'DOCKER002', 'DOCKER003', 'POL002'}  # runs as root, fetches unchecked; no review


def test_review_missing_lists_each_commit(repo: Repo) -> None:
    base = repo.commit_files({'README.md': 'x\n'}, 'init')
    repo.commit_files({'a.py': 'a = 1\n'}, f'Add a\n\n{CLAUDE}')
    repo.commit_files({'b.py': 'b = 1\n'}, 'Add b by hand')
    repo.commit_files({'c.py': 'c = 1\n'}, 'Add c\n\nAI-Assisted: aider')
    out = repo.aiguard('hook', 'ci', env={'PRE_COMMIT_FROM_REF': base, 'PRE_COMMIT_TO_REF': 'HEAD'})
    assert out.returncode == 1
    lines = [ln for ln in out.stdout.splitlines() if 'POL002' in ln]
    assert len(lines) == 2
    assert '"Add a"' in lines[0] and 'has no Reviewed-by: trailer' in lines[0]
    assert '"Add c"' in lines[1]


REVIEW_CASES = [
    ('by someone else', 'Reviewed-by: Bea Reviewer <bea@example.com>', 0),
    ('by the author', 'Reviewed-by: Ada Human <ADA@example.com>', 1),
    ('by the author, name only', 'Reviewed-by: Ada Human', 1),
    ('by a co-author', 'Co-authored-by: Cy Pair <cy@example.com>\nReviewed-by: Cy Pair <cy@example.com>', 1),
    ('in the body, not a trailer', 'Reviewed-by: Bea Reviewer <bea@example.com>\nlooked at it.\n', 1),
]


@pytest.mark.parametrize(('name', 'tail', 'code'), REVIEW_CASES, ids=[c[0] for c in REVIEW_CASES])
def test_review_sign_off(repo: Repo, name: str, tail: str, code: int) -> None:
    base = repo.commit_files({'README.md': 'x\n'}, 'init')
    repo.commit_files({'a.py': 'a = 1\n'}, f'Add a\n\n{tail}\n{CLAUDE}')
    out = repo.aiguard('scan', '--from-ref', base, '--to-ref', 'HEAD')
    assert out.returncode == code, out.stdout + out.stderr
    assert ('POL002' in out.stdout) == bool(code)


def test_review_of_an_agent_commit_by_the_prompter_does_not_count(repo: Repo) -> None:
    base = repo.commit_files({'README.md': 'x\n'}, 'init')
    agent = {'GIT_AUTHOR_NAME': 'Copilot', 'GIT_AUTHOR_EMAIL': '198982749+Copilot@users.noreply.github.com'}
    repo.commit_files({'a.py': 'a = 1\n'},
                      'Add a\n\nCo-authored-by: mona <mona@example.com>\nReviewed-by: mona <mona@example.com>',
                      env=agent)
    out = repo.aiguard('scan', '--from-ref', base, '--to-ref', 'HEAD')
    assert out.returncode == 1 and 'the person who prompted the agent' in out.stdout


def test_review_configured_off_and_custom_trailer(repo: Repo) -> None:
    # the policy of the range's base judges it: a policy commit inside the range does not
    base = repo.commit_files({'README.md': 'x\n'}, 'init')
    policy = repo.commit_files({'.aiguard.yaml': 'review:\n  trailer: Approved-by\n'}, 'policy\n\nAI-Assisted: none')
    repo.commit_files({'a.py': 'a = 1\n'}, f'Add a\n\n{CLAUDE}\nApproved-by: Bea <bea@example.com>')
    assert repo.aiguard('scan', '--from-ref', base).returncode == 1
    assert repo.aiguard('scan', '--from-ref', policy).returncode == 0
    off = repo.commit_files({'.aiguard.yaml': 'review:\n  required_for_ai: false\n'}, 'policy 2\n\nAI-Assisted: none')
    repo.commit_files({'b.py': 'b = 1\n'}, f'Add b\n\n{CLAUDE}')
    assert repo.aiguard('scan', '--from-ref', policy).returncode == 1
    assert repo.aiguard('scan', '--from-ref', off).returncode == 0


def test_review_scope_range(repo: Repo) -> None:
    base = repo.commit_files({'.aiguard.yaml': 'review:\n  scope: range\n'}, 'init')
    repo.commit_files({'a.py': 'a = 1\n'}, f'Add a\n\n{CLAUDE}')
    repo.commit_files({'b.py': 'b = 1\n'}, f'Add b\n\n{CLAUDE}\nReviewed-by: Bea <bea@example.com>')
    assert repo.aiguard('scan', '--from-ref', base).returncode == 0
    repo.commit_files({'c.py': 'c = 1\n'}, f'Add c\n\n{CLAUDE}')
    assert repo.aiguard('scan', '--from-ref', base).returncode == 0
    reviewer_wrote = repo.commit_files({'d.py': 'd = 1\n'}, f'Add d\n\n{CLAUDE}',
                                       env={'GIT_AUTHOR_NAME': 'Bea', 'GIT_AUTHOR_EMAIL': 'bea@example.com'})
    out = repo.aiguard('scan', '--from-ref', base)
    assert out.returncode == 1 and reviewer_wrote[:12] in out.stdout


def _info(author: str, message: str) -> CommitInfo:
    name, email = author[:-1].split(' <')
    return CommitInfo('f' * 40, (), name, email, name, email, 0, message)


def test_review_gap_table() -> None:
    cfg = Config()
    assert review_gap(cfg, _info('A <a@x>', 'S\n\nReviewed-by: B <b@x>\n')) is None
    gap = review_gap(cfg, _info('A <a@x>', 'S\n'))
    assert gap is not None and gap.reason == 'it has no Reviewed-by: trailer'
    aider = _info('Ada (aider) <ada@x>', 'S\n\nReviewed-by: Ada <ada@x>\n')
    assert review_gap(cfg, aider) is not None
    rng = Config(review=ReviewConfig(scope='range'))
    assert review_gap(rng, _info('A <a@x>', 'S\n'), [_info('C <c@x>', 'T\n\nReviewed-by: B <b@x>\n')]) is None


# ------------------------------------------------------------------ thresholds

THRESHOLDS = [
    ('src/app.py', False, Severity.HIGH),
    ('src/app.py', True, Severity.MEDIUM),
    ('src/auth/views.py', False, Severity.MEDIUM),
    ('src/auth/views.py', True, Severity.LOW),
    ('payments/stripe_client.py', True, Severity.LOW),
    ('tests/test_app.py', True, Severity.HIGH),
    ('docs/guide.md', True, Severity.HIGH),
    ('api_pb2.py', True, Severity.CRITICAL),
    ('src/migrations/0001_init.py', True, Severity.MEDIUM),
]


@pytest.mark.parametrize(('path', 'ai', 'expected'), THRESHOLDS)
def test_default_thresholds(path: str, ai: bool, expected: Severity) -> None:
    assert Policy(Config()).threshold(path, ai) == expected


def test_ai_allowed_holds_ai_to_the_human_tier() -> None:
    policy = Policy(Config(ai_allowed=('scripts/**',), fail_on=Tier(Severity.HIGH, Severity.LOW)))
    assert policy.threshold('scripts/x.py', True) == Severity.HIGH
    assert policy.threshold('src/x.py', True) == Severity.LOW


def test_policy_rules_are_documented(repo: Repo) -> None:
    for rule in ('POL001', 'POL002'):
        out = repo.aiguard('explain', rule)
        assert out.returncode == 0
        for part in ('## What it does', '## Why is this bad?', '## Example', '## Use instead'):
            assert part in out.stdout


def test_install_warns_about_hooks_path(repo: Repo) -> None:
    repo.git('config', 'core.hooksPath', '.agent-hooks')
    out = repo.aiguard('install')
    assert 'core.hooksPath' in out.stderr and '.agent-hooks' in out.stderr


def test_range_mode_says_when_the_hooks_did_not_run(repo: Repo) -> None:
    base = repo.commit_files({'README.md': 'x\n'}, 'init')
    repo.commit_files({'a.py': 'a = 1\n'}, f'Add a\n\n{CLAUDE}')
    doc = json.loads(repo.aiguard('scan', '--from-ref', base, '--format', 'json').stdout)
    assert any("commit hooks did not run" in r for r in doc['attribution']['reasons'])
    tagged = repo.commit_files({'b.py': 'b = 1\n'}, 'Add b\n\nAI-Assisted: claude-code; score=80')
    doc = json.loads(repo.aiguard('scan', '--from-ref', tagged + '~1', '--format', 'json').stdout)
    assert not any("commit hooks did not run" in r for r in doc['attribution']['reasons'])


def test_attribution_command_shows_the_untagged_note(repo: Repo) -> None:
    repo.commit_files({'a.py': 'a = 1\n'}, f'Add a\n\n{CLAUDE}')
    out = repo.aiguard('attribution', 'HEAD')
    assert "+0   no Assisted-by/AI-Assisted trailer: aiguard's commit hooks did not run" in out.stdout
