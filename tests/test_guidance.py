"""The assistants' guidance files follow .aiguard.yaml: human-only paths, what blocks, the bypasses."""
from __future__ import annotations

import os

import pytest

from aiguard import scaffold
from tests.repo import Repo

CONFIGS = {
    'empty': '',
    'zones': 'human_only: ["src/auth/**", "billing/*.py"]\nai_allowed: ["src/auth/docs/**"]\n',
    'strict': 'fail_on:\n  ai: low\n  human: critical\nreview:\n  trailer: Approved-by\n'
              'suppressions:\n  ai_may_add: true\nrules:\n  PY001: off\n  SEC002: high\n',
}
# The list of ways around the checks (issue 14, items 2 and 5): each is named and forbidden.
BYPASS_WORDS = ('--no-verify', '`-n`', 'core.hooksPath', '.git/hooks', 'SKIP=', 'HUSKY=0', 'AIGUARD_AI=none',
                'AIGUARD_*', '# aiguard: ignore', '# nosec', 'pragma: allowlist secret', '.git/aiguard')


def read(repo: Repo, name: str) -> str:
    with open(os.path.join(repo.path, name), encoding='utf-8') as f:
        return f.read()


def section(text: str) -> str:
    start, end = text.index(scaffold.SECTION_BEGIN), text.index(scaffold.SECTION_END)
    return text[start:end]


def human_only_listed(text: str) -> list[str]:
    part = section(text).split('**Human-only paths.**', 1)[1].split('**What blocks', 1)[0]
    return [line[3:-1] for line in part.splitlines() if line.startswith('- `')]


def init_agents(repo: Repo) -> str:
    proc = repo.aiguard('init', '--agents')
    assert proc.returncode == 0, proc.stderr
    return proc.stdout


@pytest.mark.parametrize('name', sorted(CONFIGS))
def test_every_guidance_file_lists_what_the_config_says(repo: Repo, name: str) -> None:
    from aiguard import config

    repo.write('.aiguard.yaml', CONFIGS[name])
    cfg = config.load(repo.path)
    init_agents(repo)
    for path in scaffold.GUIDANCE_FILES:
        text = read(repo, path)
        assert human_only_listed(text) == list(cfg.human_only), path
        part = section(text)
        assert f'findings of severity `{cfg.fail_on.ai.label}` or higher (`fail_on.ai`' in part
        for word in BYPASS_WORDS:
            assert word in part, (path, word)
        assert f'typing a `{cfg.review.trailer}:` trailer' in part
        assert ('(POL001)' in part) == bool(cfg.human_only)
        assert ('(POL003)' in part) == (not cfg.suppressions.ai_may_add)
        for g in cfg.ai_allowed:
            assert f'`{g}`' in part
    if name == 'strict':
        part = section(read(repo, 'AGENTS.md'))
        assert 'switched off in the config, so never blocking: `PY001`' in part
        assert 'rules whose severity the config sets: `SEC002` high' in part


def test_a_config_change_is_followed_by_the_next_init_and_the_rest_is_kept(repo: Repo) -> None:
    repo.write('.aiguard.yaml', CONFIGS['zones'])
    init_agents(repo)
    with open(os.path.join(repo.path, 'CLAUDE.md'), 'a', encoding='utf-8') as f:
        f.write('\n## Our own notes\nRun make test.\n')
    repo.write('.aiguard.yaml', 'human_only: ["payments/**"]\n')
    out = init_agents(repo)
    assert 'updated  CLAUDE.md: its aiguard section now follows .aiguard.yaml' in out
    for path in scaffold.GUIDANCE_FILES:
        assert human_only_listed(read(repo, path)) == ['payments/**'], path
    assert read(repo, 'CLAUDE.md').endswith('## Our own notes\nRun make test.\n')
    before = {p: read(repo, p) for p in scaffold.GUIDANCE_FILES}
    assert 'updated' not in init_agents(repo)
    assert {p: read(repo, p) for p in scaffold.GUIDANCE_FILES} == before


def test_a_guidance_file_without_the_section_is_left_alone(repo: Repo) -> None:
    repo.write('AGENTS.md', '# our own agent notes\n')
    repo.write('.aiguard.yaml', CONFIGS['zones'])
    init_agents(repo)
    assert read(repo, 'AGENTS.md') == '# our own agent notes\n'
