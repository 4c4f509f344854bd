"""A sign-off the author (or an assistant) gives itself is no review (issue 13 item 7, issue 14)."""
from __future__ import annotations

import pytest

from aiguard.policy import identity
from tests.repo import Repo

CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>'
AUTHOR = {'GIT_AUTHOR_NAME': 'Dev', 'GIT_AUTHOR_EMAIL': 'dev@corp.io',
          'GIT_COMMITTER_NAME': 'Dev', 'GIT_COMMITTER_EMAIL': 'dev@corp.io'}


def review(repo: Repo, trailer: str, env: dict[str, str] | None = None,
           files: dict[str, str] | None = None) -> tuple[int, str]:
    base = repo.commit_files(files or {'README.md': 'x\n'}, 'init')
    repo.commit_files({'a.py': 'a = 1\n'}, f'Add a\n\n{CLAUDE}\n{trailer}', env={**AUTHOR, **(env or {})})
    proc = repo.aiguard('scan', '--from-ref', base, '--to-ref', 'HEAD')
    assert 'Traceback' not in proc.stderr, proc.stderr
    return proc.returncode, proc.stdout


@pytest.mark.parametrize('trailer', [
    'Reviewed-by: dev@corp.io',                    # the author's address without brackets
    'Reviewed-by: DEV@Corp.IO',
    'Reviewed-by: Dev <dev@corp.io> (me)',         # a comment after the address
    'Reviewed-by: Dev (me) <dev@corp.io>',
    'Reviewed-by: <dev@corp.io>',
    'Reviewed-by: Dev <mailto:dev@corp.io>',
    'Reviewed-by: "Dev" <dev@corp.io>',
    'Reviewed-by: dev',                            # the author's name, any case
    'Reviewed-by: Dev (myself)',
])
def test_the_author_cannot_review_their_own_commit(repo: Repo, trailer: str) -> None:
    code, out = review(repo, trailer)
    assert code == 1 and 'POL002' in out
    assert 'from its author' in out


def test_an_alias_in_mailmap_is_the_same_person(repo: Repo) -> None:
    mailmap = 'Dev <dev@corp.io> <dev@home.example>\n'
    code, out = review(repo, 'Reviewed-by: Dev Home <dev@home.example>', files={'.mailmap': mailmap})
    assert code == 1 and 'from its author' in out


def test_a_mailmap_cannot_make_the_author_someone_else(repo: Repo) -> None:
    # mapping the reviewer's address to another person only merges identities, never splits them
    mailmap = 'Bea <bea@corp.io> <dev@corp.io>\n'
    code, _ = review(repo, 'Reviewed-by: Dev <dev@corp.io>', files={'.mailmap': mailmap})
    assert code == 1


@pytest.mark.parametrize('trailer', [
    'Reviewed-by: Claude <noreply@anthropic.com>',
    'Reviewed-by: Copilot <198982749+Copilot@users.noreply.github.com>',
    'Reviewed-by: claude',
    'Reviewed-by: Dev (aider) <dev-bot@corp.io>',
])
def test_an_assistant_is_not_a_reviewer(repo: Repo, trailer: str) -> None:
    code, out = review(repo, trailer)
    assert code == 1 and 'POL002' in out


def test_a_trailer_in_a_commit_an_agent_committed_does_not_count(repo: Repo) -> None:
    agent = {'GIT_COMMITTER_NAME': 'Claude', 'GIT_COMMITTER_EMAIL': 'noreply@anthropic.com'}
    code, out = review(repo, 'Reviewed-by: Bea Reviewer <bea@corp.io>', env=agent)
    assert code == 1 and 'an agent authored or committed' in out


def test_someone_else_still_counts(repo: Repo) -> None:
    code, out = review(repo, 'Reviewed-by: Bea Reviewer <bea@corp.io> (security team)')
    assert (code, 'POL002' in out) == (0, False)


@pytest.mark.parametrize(('value', 'expected'), [
    ('Dev <dev@corp.io> (me)', ('dev', 'dev@corp.io')),
    ('dev@corp.io', ('', 'dev@corp.io')),
    ('Dev (me) <DEV@corp.io>', ('dev', 'dev@corp.io')),
    ('  Ada   Lovelace  ', ('ada lovelace', '')),
    ('Ada (aider) <ada@x.io>', ('ada', 'ada@x.io')),
])
def test_identity_normalisation(value: str, expected: tuple[str, str]) -> None:
    assert identity(value) == expected
