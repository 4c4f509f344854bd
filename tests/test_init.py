"""`aiguard init`: sets a repository up in one step and never overwrites anything."""
from __future__ import annotations

import hashlib
import os
import subprocess

import pytest
import yaml

from aiguard import __version__
from aiguard import config as config_mod
from aiguard import scaffold
from tests.repo import Repo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
EVERYTHING = (
    '.aiguard.yaml', '.pre-commit-config.yaml', '.github/workflows/aiguard.yml',
    '.github/pull_request_template.md', 'AI_POLICY.md', 'AGENTS.md', 'CLAUDE.md',
    '.github/copilot-instructions.md', '.cursor/rules/aiguard.mdc',
)


def tree(repo: Repo, *names: str) -> None:
    for name in names:
        repo.write(name, 'x = 1\n')


def snapshot(root: str) -> dict[str, str]:
    out = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = [d for d in dirnames if d != '.git']
        for name in filenames:
            full = os.path.join(dirpath, name)
            with open(full, 'rb') as f:
                out[os.path.relpath(full, root)] = hashlib.sha256(f.read()).hexdigest()
    return out


def read(repo: Repo, name: str) -> str:
    with open(os.path.join(repo.path, name), encoding='utf-8') as f:
        return f.read()


def test_init_creates_everything_and_the_config_loads(repo: Repo) -> None:
    tree(repo, 'src/shop/auth/login.py', 'src/shop/billing/pay.py', 'tests/test_a.py', 'README.md')
    proc = repo.aiguard('init')
    assert proc.returncode == 0, proc.stderr
    for name in EVERYTHING:
        assert f'created  {name}' in proc.stdout
        assert os.path.isfile(os.path.join(repo.path, name))
    assert 'pre-commit install --install-hooks' in proc.stdout
    cfg = config_mod.load(repo.path)
    assert cfg.roles == {'auth': ('src/shop/auth/**',), 'payments': ('src/shop/billing/**',),
                         'tests': ('tests/**',)}
    assert cfg.human_only == ()  # suggested only, commented out: init must not start blocking
    assert cfg.review.required_for_ai and cfg.review.trailer == 'Reviewed-by'
    assert '#   - "src/shop/auth/**"' in read(repo, '.aiguard.yaml')
    policy = read(repo, 'AI_POLICY.md')
    assert '`src/shop/auth/**`' in policy and 'human-only' in policy
    for metric in ('AI adoption', 'vulnerability density', 'time to detection', 'review coverage'):
        assert metric in policy


def test_pre_commit_entry_names_real_hook_ids(repo: Repo) -> None:
    assert repo.aiguard('init').returncode == 0
    doc = yaml.safe_load(read(repo, '.pre-commit-config.yaml'))
    with open(os.path.join(ROOT, '.pre-commit-hooks.yaml')) as f:
        known = {h['id']: h for h in yaml.safe_load(f)}
    (entry,) = doc['repos']
    assert entry['repo'] == scaffold.REPO_URL_PLACEHOLDER and entry['rev'] == f'v{__version__}'
    ids = [h['id'] for h in entry['hooks']]
    assert ids == ['aiguard', 'aiguard-tag', 'aiguard-commit-msg', 'aiguard-ci']
    assert all(i in known for i in ids)
    # every stage of those hooks gets installed by a plain `pre-commit install`
    stages = {st for i in ids for st in known[i]['stages'] if st != 'manual'}
    assert stages == set(doc['default_install_hook_types'])
    assert 'pre-push' in known['aiguard-ci']['stages'] and 'manual' in known['aiguard-ci']['stages']


def test_pr_template_has_the_ai_review_checklist(repo: Repo) -> None:
    assert repo.aiguard('init').returncode == 0
    text = read(repo, '.github/pull_request_template.md')
    checklist = text[text.index('## AI review checklist'):]
    items = [line for line in checklist.splitlines() if line.startswith('- [ ]')]
    assert len(items) == 6
    for topic in ('Untrusted input', 'Authenticate before authorize', 'Sensitive data logged',
                  'Hardcoded credentials', 'Errors leaked', 'Who reviewed the AI part'):
        assert any(topic in item for item in items), topic


@pytest.mark.parametrize('name', scaffold.GUIDANCE_FILES)
def test_assistant_guidance_asks_for_secure_code(repo: Repo, name: str) -> None:
    assert repo.aiguard('init', '--agents').returncode == 0
    text = read(repo, name).lower()
    for rule in ('parameterized queries', 'validate all input', 'authentication and authorization',
                 'no secrets in code', 'ai-assisted: <tool>'):
        assert rule in text, rule


def test_cursor_rule_has_front_matter(repo: Repo) -> None:
    assert repo.aiguard('init', '--agents').returncode == 0
    text = read(repo, '.cursor/rules/aiguard.mdc')
    _, front, _body = text.split('---\n', 2)
    assert yaml.safe_load(front)['alwaysApply'] is True


def test_agents_flag_writes_only_guidance_and_hook_settings(repo: Repo) -> None:
    from aiguard.agent_settings import HOOK_FILES

    proc = repo.aiguard('init', '--agents')
    assert proc.returncode == 0, proc.stderr
    assert sorted(snapshot(repo.path)) == sorted((*scaffold.GUIDANCE_FILES, *(h.path for h in HOOK_FILES)))


def test_second_run_changes_nothing(repo: Repo) -> None:
    tree(repo, 'app/auth/x.py')
    assert repo.aiguard('init').returncode == 0
    before = snapshot(repo.path)
    proc = repo.aiguard('init')
    assert proc.returncode == 0
    assert snapshot(repo.path) == before
    assert 'created' not in proc.stdout.replace('0 file(s) created', '')
    assert f'0 file(s) created, {len(EVERYTHING)} left as they were' in proc.stdout
    assert 'add this entry' not in proc.stdout and 'add the AI review checklist' not in proc.stdout


def test_existing_files_are_never_overwritten(repo: Repo) -> None:
    mine = {
        '.pre-commit-config.yaml': 'repos:\n  - repo: https://github.com/psf/black\n    rev: 24.1.0\n'
                                   '    hooks:\n      - id: black\n',
        'AGENTS.md': '# our own agent notes\n',
        '.github/PULL_REQUEST_TEMPLATE.md': '## Summary\n',
        '.aiguard.yaml': 'human_only: ["src/core/**"]\nai_allowed: ["docs/**"]\n',
    }
    for name, text in mine.items():
        repo.write(name, text)
    proc = repo.aiguard('init')
    assert proc.returncode == 0, proc.stderr
    for name, text in mine.items():
        assert read(repo, name) == text
        assert f'skipped  {name}' in proc.stdout
    # the pre-commit entry and the checklist are printed to paste by hand
    assert '- repo: FILL-IN-the-aiguard-repository-URL' in proc.stdout
    assert 'fill in: .pre-commit-config.yaml: replace FILL-IN' in proc.stdout
    assert '- id: aiguard-ci' in proc.stdout
    assert '## AI review checklist' in proc.stdout
    assert not os.path.exists(os.path.join(repo.path, '.github/pull_request_template.md'))
    # the policy document describes the config that exists
    policy = read(repo, 'AI_POLICY.md')
    assert '`src/core/**`' in policy and '`docs/**`' in policy
    assert 'src/core/**' in read(repo, 'CLAUDE.md')


def test_a_symlink_in_the_way_is_not_followed(repo: Repo, tmp_path) -> None:
    target = tmp_path / 'outside.md'
    os.symlink(target, os.path.join(repo.path, 'CLAUDE.md'))
    proc = repo.aiguard('init', '--agents')
    assert proc.returncode == 0
    assert 'skipped  CLAUDE.md' in proc.stdout
    assert not target.exists()


def test_gitlab_recipe_when_the_repository_uses_gitlab(repo: Repo) -> None:
    repo.write('.gitlab-ci.yml', 'stages: [test]\n')
    proc = repo.aiguard('init')
    assert proc.returncode == 0, proc.stderr
    assert read(repo, '.gitlab-ci.yml') == 'stages: [test]\n'
    assert 'created  ci/aiguard.gitlab-ci.yml' in proc.stdout
    assert 'local: ci/aiguard.gitlab-ci.yml' in proc.stdout
    assert os.path.isfile(os.path.join(repo.path, '.gitlab/merge_request_templates/AI-review.md'))
    assert not os.path.exists(os.path.join(repo.path, '.github/workflows'))
    job = yaml.safe_load(read(repo, 'ci/aiguard.gitlab-ci.yml'))['aiguard']
    assert job['variables']['GIT_DEPTH'] == '0'


@pytest.mark.parametrize(('ci', 'expected', 'absent'), [
    ('github', '.github/workflows/aiguard.yml', 'ci/aiguard.gitlab-ci.yml'),
    ('gitlab', 'ci/aiguard.gitlab-ci.yml', '.github/workflows/aiguard.yml'),
    ('none', None, '.github/workflows/aiguard.yml'),
])
def test_ci_choice(repo: Repo, ci: str, expected: str | None, absent: str) -> None:
    assert repo.aiguard('init', '--ci', ci).returncode == 0
    if expected:
        assert os.path.isfile(os.path.join(repo.path, expected))
    assert not os.path.exists(os.path.join(repo.path, absent))


def test_init_outside_a_repository_is_an_error(tmp_path) -> None:
    from tests.repo import Repo as R

    r = R(str(tmp_path))
    proc = r.aiguard('init', env={'GIT_CEILING_DIRECTORIES': str(tmp_path.parent)})
    assert proc.returncode == 2
    assert 'not inside a git repository' in proc.stderr and 'Traceback' not in proc.stderr
    assert os.listdir(tmp_path) == []


@pytest.mark.parametrize(('paths', 'expected'), [
    (['src/auth/a.py', 'src/auth/sub/b.py'], {'auth': ['src/auth/**']}),
    (['api/Login/views.py'], {'auth': ['api/Login/**']}),
    (['lib/crypto/aes.py', 'payments/x.py', 'vendor/y.js'],
     {'crypto': ['lib/crypto/**'], 'payments': ['payments/**'], 'generated': ['vendor/**']}),
    (['tests/auth/test_x.py'], {'tests': ['tests/**']}),  # the shallowest role wins
    (['README.md', 'src/main.py'], {}),
    (['auth.py'], {}),  # a file name is not a directory
])
def test_guess_roles(paths, expected) -> None:
    assert scaffold.guess_roles(paths) == expected


def test_guessed_roles_round_trip_through_the_config_loader() -> None:
    roles = scaffold.guess_roles(['a b/auth/x.py', 'secrets/k.txt', 'migrations/001.sql'])
    cfg = config_mod.parse(yaml.safe_load(scaffold.config_text(roles)), '.aiguard.yaml')
    assert cfg.roles == {'auth': ('a b/auth/**',), 'secrets-handling': ('secrets/**',),
                         'migrations': ('migrations/**',)}


def test_init_pins_the_repository_and_revision_it_is_given(repo: Repo) -> None:
    """No made-up URL or tag: --repo-url/--rev, or a placeholder and a plain "fill in" (issue 17)."""
    proc = repo.aiguard('init', '--ci', 'none')
    assert proc.returncode == 0, proc.stderr
    entry = yaml.safe_load(read(repo, '.pre-commit-config.yaml'))['repos'][0]
    assert entry['repo'] == 'FILL-IN-the-aiguard-repository-URL' and entry['rev'] == f'v{__version__}'
    assert 'fill in: .pre-commit-config.yaml: replace FILL-IN-the-aiguard-repository-URL' in proc.stdout
    assert f'rev: v{__version__} is the tag' in proc.stdout
    os.remove(os.path.join(repo.path, '.pre-commit-config.yaml'))
    sha = 'c0ffee' * 6 + 'c0ff'
    proc = repo.aiguard('init', '--ci', 'none', '--repo-url', 'https://git.example.com/sec/aiguard', '--rev', sha)
    assert proc.returncode == 0, proc.stderr
    entry = yaml.safe_load(read(repo, '.pre-commit-config.yaml'))['repos'][0]
    assert entry['repo'] == 'https://git.example.com/sec/aiguard' and entry['rev'] == sha
    assert 'fill in' not in proc.stdout
    check = subprocess.run(('pre-commit', 'validate-config', '.pre-commit-config.yaml'), cwd=repo.path,
                           env=repo.env, capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr


@pytest.mark.parametrize('bad', ['https://x/y\nrepos: []', 'a b', '"quoted"', '# comment'])
def test_init_refuses_a_repo_url_that_would_change_the_yaml(repo: Repo, bad: str) -> None:
    proc = repo.aiguard('init', '--repo-url', bad)
    assert proc.returncode == 2 and '--repo-url' in proc.stderr
    assert not os.path.exists(os.path.join(repo.path, '.pre-commit-config.yaml'))
