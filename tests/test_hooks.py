"""The hooks as users meet them: .pre-commit-hooks.yaml, pre-commit try-repo, native git hooks."""
from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys

import pytest
import yaml

from aiguard import install
from tests.repo import BIN_DIR, Repo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PEM = '-----BEGIN ' + 'OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n'


def hooks() -> list[dict]:
    with open(os.path.join(ROOT, '.pre-commit-hooks.yaml')) as f:
        return yaml.safe_load(f)


def test_every_hook_id_has_explicit_stages_and_minimum_version() -> None:
    ids = [h['id'] for h in hooks()]
    assert ids == ['aiguard', 'aiguard-secrets', 'aiguard-sast', 'aiguard-tag',
                   'aiguard-commit-msg', 'aiguard-ci']
    for h in hooks():
        assert h['stages'], h['id']
        assert h['minimum_pre_commit_version'] == '3.2.0'
        assert h['language'] == 'python'
        assert h['entry'].startswith('aiguard hook ')
        # what pre-commit appends (file names) must follow the stage
        assert h['entry'].split()[-1] in ('pre-commit', 'prepare-commit-msg', 'commit-msg', 'ci')


def test_no_file_hook_lets_pre_commit_drop_a_file_by_its_content() -> None:
    # pre-commit's `types: [text]` calls an .npmrc with one control byte, or a UTF-16 .env,
    # "binary" and never passes it: aiguard chooses its files and reads them itself
    for h in hooks():
        assert not {'types', 'types_or', 'exclude_types', 'files', 'exclude'} & set(h), h['id']


def test_every_hook_id_is_documented_in_readme() -> None:
    with open(os.path.join(ROOT, 'README.md')) as f:
        readme = f.read()
    for h in hooks():
        row = f'| `{h["id"]}` | {", ".join(h["stages"])} |'
        assert row in readme, row


def test_the_repositorys_own_config_runs_ruff_mypy_and_aiguards_hooks() -> None:
    """.pre-commit-config.yaml: valid for pre-commit; ruff, mypy and aiguard's own hooks from the checkout's virtualenv."""
    path = os.path.join(ROOT, '.pre-commit-config.yaml')
    with open(path) as f:
        config = yaml.safe_load(f)
    own = {h['id']: h for r in config['repos'] if r['repo'] == 'local' for h in r['hooks']}
    assert list(own) == ['ruff', 'mypy', 'aiguard', 'aiguard-tag', 'aiguard-commit-msg', 'aiguard-ci']
    for h in own.values():  # offline: nothing for pre-commit to install
        assert h['language'] == 'system' and h['entry'].startswith('.ci/in-venv '), h['id']
    assert own['ruff']['entry'].split()[1:3] == ['ruff', 'check'] and own['mypy']['entry'].split()[1:] == ['mypy']
    declared = {h['id']: h for h in hooks()}
    for hook_id in ('aiguard', 'aiguard-tag', 'aiguard-commit-msg', 'aiguard-ci'):  # the hooks users get
        assert own[hook_id]['entry'] == '.ci/in-venv ' + declared[hook_id]['entry']
        assert own[hook_id]['stages'] == declared[hook_id]['stages']
    assert os.access(os.path.join(ROOT, '.ci', 'in-venv'), os.X_OK)
    proc = subprocess.run([sys.executable, '-m', 'pre_commit', 'validate-config', path],
                          capture_output=True, text=True, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_native_hook_scripts_match_what_install_writes() -> None:
    for stage in install.STAGES:
        with open(os.path.join(ROOT, 'hooks', stage)) as f:
            assert f.read() == install.script(stage)
        assert os.access(os.path.join(ROOT, 'hooks', stage), os.X_OK)


def run_entry(repo: Repo, entry: str, *args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    argv = shlex.split(entry)
    assert argv[0] == 'aiguard'
    return subprocess.run(
        (sys.executable, '-m', 'aiguard', *argv[1:], *args), cwd=repo.path, env=repo.env,
        capture_output=True, text=True, input=stdin,
    )


@pytest.mark.parametrize('hook_id', ['aiguard', 'aiguard-secrets', 'aiguard-sast'])
def test_file_hook_entries_run_and_block(repo: Repo, hook_id: str) -> None:
    entry = next(h['entry'] for h in hooks() if h['id'] == hook_id)
    repo.write('clean.txt', 'hello\n')
    repo.write('key.txt', PEM)
    repo.add()
    ok = run_entry(repo, entry, 'clean.txt')
    assert ok.returncode == 0, ok.stdout + ok.stderr
    bad = run_entry(repo, entry, 'key.txt', 'clean.txt')
    assert bad.returncode == (0 if hook_id == 'aiguard-sast' else 1), bad.stdout + bad.stderr


def test_ci_hook_entry_checks_the_range(repo: Repo) -> None:
    entry = next(h['entry'] for h in hooks() if h['id'] == 'aiguard-ci')
    base = repo.commit_files({'a.txt': 'a\n'})
    repo.commit_files({'key.txt': PEM}, 'oops', )
    repo.env.update(PRE_COMMIT_FROM_REF=base, PRE_COMMIT_TO_REF='HEAD')
    proc = run_entry(repo, entry)
    assert proc.returncode == 1
    assert 'key.txt:1:1: SEC001' in proc.stdout
    repo.env.update(PRE_COMMIT_FROM_REF=repo.git('rev-parse', 'HEAD').stdout.strip())
    assert run_entry(repo, entry).returncode == 0


@pytest.mark.slow
def test_pre_commit_try_repo_blocks_a_staged_private_key(
        repo: Repo, project_clone: tuple[str, str], pre_commit_home: str) -> None:
    if shutil.which('pre-commit', path=BIN_DIR + os.pathsep + os.environ.get('PATH', '')) is None:
        pytest.fail('pre-commit is part of the test extra: pip install -e ".[test]"')
    path, sha = project_clone
    env = {'PRE_COMMIT_HOME': pre_commit_home}
    repo.commit_files({'README.txt': 'hi\n'})

    def try_repo() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ('pre-commit', 'try-repo', path, 'aiguard', '--ref', sha),
            cwd=repo.path, env={**repo.env, **env}, capture_output=True, text=True, timeout=900,
        )

    repo.write('id_rsa', PEM)
    repo.add('id_rsa')
    proc = try_repo()
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'id_rsa:1:1: SEC001 [critical]' in proc.stdout
    assert 'b3BlbnNzaC1rZXktdjEAAAAA' not in proc.stdout + proc.stderr
    repo.git('rm', '-q', '--cached', 'id_rsa')
    os.remove(os.path.join(repo.path, 'id_rsa'))
    repo.write('notes.txt', 'all clean\n')
    repo.add('notes.txt')
    proc = try_repo()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'aiguard:' not in proc.stdout  # a clean commit: no report to read (issue 17)
    # below the blocking threshold: the commit passes and pre-commit shows the finding (verbose)
    repo.write('Dockerfile', 'FROM debian:12\nADD https://example.com/tool.tar.gz /opt/\n')
    repo.add('Dockerfile')
    proc = try_repo()
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'Dockerfile:2:' in proc.stdout and 'DOCKER003 [medium]' in proc.stdout


def test_install_writes_hooks_and_a_commit_with_a_key_is_blocked(repo: Repo) -> None:
    proc = repo.aiguard('install')
    assert proc.returncode == 0, proc.stderr
    for stage in install.STAGES:
        assert os.access(os.path.join(repo.path, '.git', 'hooks', stage), os.X_OK)
    repo.write('key.txt', PEM)
    repo.add()
    commit = repo.git('commit', '-m', 'add key', check=False)
    assert commit.returncode != 0
    assert 'SEC001' in commit.stdout + commit.stderr
    assert repo.git('rev-parse', '-q', '--verify', 'HEAD', check=False).returncode != 0


def test_install_refuses_a_foreign_hook_without_force(repo: Repo) -> None:
    hook = repo.write('.git/hooks/pre-commit', '#!/bin/sh\necho mine\n')
    proc = repo.aiguard('install')
    assert proc.returncode == 2
    assert "pre-commit exists and is not aiguard's" in proc.stderr
    with open(hook) as f:
        assert f.read() == '#!/bin/sh\necho mine\n'
    proc = repo.aiguard('install', '--force')
    assert proc.returncode == 0
    with open(hook + '.pre-aiguard') as f:
        assert 'echo mine' in f.read()
    proc = repo.aiguard('install', '--uninstall')
    assert proc.returncode == 0
    with open(hook) as f:
        assert 'echo mine' in f.read()


def test_install_warns_about_core_hooks_path(repo: Repo) -> None:
    repo.git('config', 'core.hooksPath', '.codex-hooks')
    proc = repo.aiguard('install')
    assert proc.returncode == 0
    assert "core.hooksPath is set to '.codex-hooks'" in proc.stderr
    assert os.path.exists(os.path.join(repo.path, '.codex-hooks', 'pre-commit'))


def readme() -> str:
    with open(os.path.join(ROOT, 'README.md')) as f:
        return f.read()


def test_readme_links_resolve() -> None:
    import re

    links = re.findall(r'\]\(((?:docs|benchmarks|hooks)/[^)#]*)\)', readme())
    assert links
    for link in links:
        assert os.path.exists(os.path.join(ROOT, link)), link


def test_readme_config_reference_is_valid_and_complete() -> None:
    import re

    from aiguard import config

    block = re.search(r'## Configuration reference.*?```yaml\n(.*?)```', readme(), re.S).group(1)
    doc = yaml.safe_load(block)
    parsed = config.parse(doc, '.aiguard.yaml')
    assert parsed.fail_on == config.Tier()
    assert set(doc) == set(config.TOP_KEYS)


def test_readme_setup_commands_use_the_distribution_not_pypi_aiguard() -> None:
    text = readme()
    assert 'pip install aiguard ' not in text and 'pip install aiguard\n' not in text
    assert "pip install -e '.[test]' && .venv/bin/python -m pytest -q" in text
    with open(os.path.join(ROOT, '.ci', 'run')) as f:
        assert 'python -m pytest -q' in f.read()


@pytest.mark.slow
def test_tag_and_commit_msg_hooks_through_pre_commit(
        repo: Repo, project_clone: tuple[str, str], pre_commit_home: str) -> None:
    path, sha = project_clone
    env = {'PRE_COMMIT_HOME': pre_commit_home}
    repo.write('.pre-commit-config.yaml', (
        'repos:\n'
        f'  - repo: {path}\n'
        f'    rev: {sha}\n'
        '    hooks:\n'
        '      - id: aiguard\n'
        '      - id: aiguard-tag\n'
        '      - id: aiguard-commit-msg\n'
    ))
    repo.add('.pre-commit-config.yaml')
    repo.commit('add pre-commit config')
    install = subprocess.run(
        ('pre-commit', 'install', '--hook-type', 'pre-commit', '--hook-type', 'prepare-commit-msg',
         '--hook-type', 'commit-msg'),
        cwd=repo.path, env={**repo.env, **env}, capture_output=True, text=True, timeout=900,
    )
    assert install.returncode == 0, install.stdout + install.stderr
    repo.write('app.txt', 'hello\n')
    repo.add('app.txt')
    done = repo.git('commit', '-q', '-m', 'add app', check=False, env={**env, 'AIGUARD_AI': 'cursor:gpt-5'})
    assert done.returncode == 0, done.stdout + done.stderr
    message = repo.git('log', '-1', '--format=%B').stdout
    assert 'Assisted-by: cursor:gpt-5' in message or 'Assisted-by: Cursor:gpt-5' in message, message
    assert 'AI-Assisted: cursor' in message
    assert 'Signed-off-by' not in message and 'Co-authored-by' not in message
    # the human-declared commit gets no AI trailers
    repo.write('app.txt', 'hello\nagain\n')
    repo.add('app.txt')
    done = repo.git('commit', '-q', '-m', 'by hand', check=False, env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    assert 'AI-Assisted' not in repo.git('log', '-1', '--format=%B').stdout


def test_native_hooks_run_the_installing_interpreter_without_aiguard_on_path(repo: Repo) -> None:
    """An IDE or a shell without the virtualenv has no `aiguard` on PATH (issue 17)."""
    assert repo.aiguard('install').returncode == 0
    with open(os.path.join(repo.path, '.git', 'hooks', 'pre-commit')) as f:
        assert install.script('pre-commit', sys.executable) == f.read()
    bare_path = os.pathsep.join(os.path.dirname(shutil.which(t)) for t in ('git', 'sh'))
    repo.write('key.txt', PEM)
    repo.add()
    commit = repo.git('commit', '-m', 'add key', check=False, env={'PATH': bare_path})
    assert commit.returncode != 0
    assert 'SEC001' in commit.stdout + commit.stderr
    # the interpreter gone and no aiguard on PATH: a clear message, the commit stopped
    hook = os.path.join(repo.path, '.git', 'hooks', 'pre-commit')
    with open(hook, 'w') as f:
        f.write(install.script('pre-commit', os.path.join(repo.path, 'no-such-python')))
    commit = repo.git('commit', '-m', 'add key', check=False, env={'PATH': bare_path})
    assert commit.returncode != 0 and 'not on PATH' in commit.stderr


def test_install_where_pre_commit_runs_aiguard_says_it_is_set_up(repo: Repo) -> None:
    repo.write('.pre-commit-config.yaml', 'repos:\n- repo: https://example.invalid/aiguard\n  rev: v1\n'
               '  hooks:\n  - id: aiguard\n  - id: aiguard-ci\n- repo: local\n  hooks: 3\n')
    proc = repo.aiguard('install')
    assert proc.returncode == 0, proc.stderr
    assert 'already set up' in proc.stdout and 'aiguard, aiguard-ci' in proc.stdout
    assert not os.path.exists(os.path.join(repo.path, '.git', 'hooks', 'pre-commit'))
    assert repo.aiguard('install', '--force').returncode == 0
    assert os.path.exists(os.path.join(repo.path, '.git', 'hooks', 'pre-commit'))
