"""A change cannot choose the rules it is judged by: the config and baseline come from git.

The commit hooks read the committed policy (HEAD's), range mode the base of the range,
all-files and named paths the index; never the work tree, never the change under judgement.
A change to the policy files is reported (POL004) and, when AI-assisted, blocks (POL005).
"""
from __future__ import annotations

import json
import os

import pytest

from tests.repo import Repo

AWS_KEY = 'AKIA' + 'Q7RT' * 4  # built at run time: the repository's own scan stays clean
TOKEN_LINE = f'KEY = "{AWS_KEY}"\n'
CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>'
ZERO = '0' * 40


def _rules(proc) -> list[str]:
    return [f['rule_id'] for f in json.loads(proc.stdout)['findings']]


def _one_line_error(proc) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and 'Traceback' not in proc.stderr, proc.stderr
    return lines[0]


@pytest.fixture
def started(repo: Repo) -> Repo:
    repo.commit_files({'README.md': '# Project\n'}, 'start')
    return repo


# --- staged mode: the committed policy ---------------------------------------------------

@pytest.mark.parametrize('command', [('hook', 'pre-commit'), ('scan', '--staged')])
def test_an_untracked_config_that_excludes_everything_does_not_pass_a_staged_token(
        started: Repo, command: tuple[str, ...]) -> None:
    started.write('.aiguard.yaml', 'exclude: ["**"]\nscanners: {secrets: false}\n')
    started.write('conf.py', TOKEN_LINE)
    started.add('conf.py')
    proc = started.aiguard(*command)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'SEC002' in proc.stdout


def test_an_unstaged_edit_of_the_committed_config_does_not_apply(started: Repo) -> None:
    started.commit_files({'.aiguard.yaml': 'fail_on: high\n'}, 'policy')
    started.write('.aiguard.yaml', 'rules: {SEC002: off}\n')  # edited, not staged
    started.write('conf.py', TOKEN_LINE)
    started.add('conf.py')
    assert started.aiguard('hook', 'pre-commit').returncode == 1


def test_a_staged_config_change_does_not_judge_its_own_commit_and_is_reported(started: Repo) -> None:
    started.write('.aiguard.yaml', 'exclude: ["**"]\n')
    started.write('conf.py', TOKEN_LINE)
    started.add('.aiguard.yaml', 'conf.py')
    proc = started.aiguard('hook', 'pre-commit', '--format', 'json')
    assert proc.returncode == 1
    assert sorted(_rules(proc)) == ['POL004', 'SEC002']
    pol = next(f for f in json.loads(proc.stdout)['findings'] if f['rule_id'] == 'POL004')
    assert pol['path'] == '.aiguard.yaml' and not pol['blocking']


def test_a_human_policy_change_alone_is_shown_and_passes(started: Repo) -> None:
    started.write('.pre-commit-config.yaml', 'repos: []\n')
    started.add('.pre-commit-config.yaml')
    proc = started.aiguard('hook', 'pre-commit')
    assert proc.returncode == 0, proc.stdout
    assert 'POL004 [info] .pre-commit-config.yaml is added' in proc.stdout


@pytest.mark.parametrize('path', [
    '.aiguard.yaml', '.aiguard-baseline.json', '.pre-commit-config.yaml', '.pre-commit-hooks.yaml',
    '.claude/settings.json', '.cursor/hooks.json', '.gemini/settings.json', '.codex/hooks.json',
    '.github/hooks/aiguard.json',
])
def test_an_ai_assisted_change_to_a_policy_file_blocks(started: Repo, path: str) -> None:
    started.write(path, '{}\n')
    started.add(path)
    proc = started.aiguard('hook', 'pre-commit', env={'CLAUDECODE': '1'})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert f'{path}:1:1: POL005 [high]' in proc.stdout


def test_an_ai_change_cannot_turn_pol004_off_or_suppress_it(started: Repo) -> None:
    started.write('.aiguard.yaml', 'rules: {POL005: off, POL004: off}  # aiguard: ignore[POL005] trusted\n')
    started.add('.aiguard.yaml')
    proc = started.aiguard('hook', 'pre-commit', '--format', 'json', env={'CLAUDECODE': '1'})
    assert proc.returncode == 1
    assert 'POL005' in _rules(proc)  # (and POL003: the AI added a suppression)


def test_an_ai_change_removing_the_aiguard_step_from_ci_blocks(started: Repo) -> None:
    workflow = 'on: [push]\njobs:\n  guard:\n    runs-on: ubuntu-latest\n    steps:\n      - run: aiguard scan\n'
    started.commit_files({'.github/workflows/ci.yml': workflow}, 'ci')
    started.write('.github/workflows/ci.yml', workflow.replace('aiguard scan', 'echo ok'))
    started.add('.github/workflows/ci.yml')
    proc = started.aiguard('hook', 'pre-commit', '--format', 'json', env={'CLAUDECODE': '1'})
    assert proc.returncode == 1 and _rules(proc) == ['POL005']
    # a workflow that never ran aiguard is no policy file
    started.git('reset', '-q', '--hard')
    started.commit_files({'.github/workflows/lint.yml': 'on: [push]\n'}, 'lint')
    started.write('.github/workflows/lint.yml', 'on: [push, pull_request]\n')
    started.add('.github/workflows/lint.yml')
    proc = started.aiguard('hook', 'pre-commit', '--format', 'json', env={'CLAUDECODE': '1'})
    assert 'POL005' not in _rules(proc)


def test_a_sparse_checkout_without_the_root_config_still_uses_the_committed_one(started: Repo) -> None:
    started.commit_files({'.aiguard.yaml': 'exclude: ["fixtures/**"]\n', 'fixtures/a.txt': 'a\n'}, 'policy')
    started.git('sparse-checkout', 'set', '--no-cone', '/fixtures/')
    assert not os.path.exists(os.path.join(started.path, '.aiguard.yaml'))
    started.write('fixtures/conf.py', TOKEN_LINE)
    started.add('fixtures/conf.py')
    assert started.aiguard('hook', 'pre-commit').returncode == 0  # excluded by the committed config
    assert started.aiguard('scan', '--staged').returncode == 0


def test_an_operator_config_on_the_command_line_still_overrides(started: Repo, tmp_path) -> None:
    started.commit_files({'.aiguard.yaml': 'fail_on: high\n'}, 'policy')
    operator = tmp_path / 'ci-policy.yaml'
    operator.write_text('rules: {SEC002: off}\n')
    started.write('conf.py', TOKEN_LINE)
    started.add('conf.py')
    assert started.aiguard('hook', 'pre-commit').returncode == 1
    assert started.aiguard('hook', 'pre-commit', '--config', str(operator)).returncode == 0
    assert started.aiguard('scan', '--config', str(operator)).returncode == 0


# --- range mode: the policy of the base ---------------------------------------------------

def test_a_range_that_turns_a_rule_off_is_judged_by_its_base(started: Repo) -> None:
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.commit_files({'.aiguard.yaml': 'rules: {SEC002: off}\nexclude: ["conf.py"]\n'}, 'tidy policy')
    started.commit_files({'conf.py': TOKEN_LINE}, 'config')
    proc = started.aiguard('scan', '--from-ref', base, '--format', 'json')
    assert proc.returncode == 1
    assert sorted(_rules(proc)) == ['POL004', 'SEC002']
    # once merged (the base), the new policy applies to what follows
    policy = started.git('rev-parse', 'HEAD~1').stdout.strip()
    assert started.aiguard('scan', '--from-ref', policy).returncode == 0


def test_a_range_cannot_turn_its_own_review_off(started: Repo) -> None:
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.commit_files({'.aiguard.yaml': 'review: {required_for_ai: false}\n'}, 'policy\n\nAI-Assisted: none')
    started.commit_files({'a.py': 'a = 1\n'}, f'Add a\n\n{CLAUDE}')
    proc = started.aiguard('scan', '--from-ref', base, '--format', 'json')
    assert proc.returncode == 1 and 'POL002' in _rules(proc)


def test_a_range_that_baselines_its_own_secret_is_blocked(started: Repo) -> None:
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.commit_files({'conf.py': TOKEN_LINE}, 'config')
    assert started.aiguard('baseline', 'create').returncode == 0
    started.add('.aiguard-baseline.json')
    started.commit('accept it')
    proc = started.aiguard('scan', '--from-ref', base, '--format', 'json')
    assert proc.returncode == 1
    assert sorted(_rules(proc)) == ['POL004', 'SEC002']


def test_an_ai_commit_changing_policy_in_a_range_needs_a_second_person(started: Repo) -> None:
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.commit_files({'.aiguard.yaml': 'fail_on: critical\n'}, f'Relax\n\n{CLAUDE}')
    proc = started.aiguard('scan', '--from-ref', base, '--format', 'json')
    assert proc.returncode == 1 and 'POL005' in _rules(proc)
    started.git('commit', '-q', '--amend', '--no-verify', '-m',
                f'Relax\n\n{CLAUDE}\nReviewed-by: Bea Other <bea@example.com>')
    proc = started.aiguard('scan', '--from-ref', base, '--format', 'json')
    assert proc.returncode == 0, proc.stdout
    assert _rules(proc) == ['POL004']


def test_pre_push_of_a_new_branch_uses_the_policy_it_forks_from(started: Repo) -> None:
    started.commit_files({'.aiguard.yaml': 'fail_on: high\n'}, 'policy')
    started.git('update-ref', 'refs/remotes/origin/main', 'HEAD')
    started.git('checkout', '-q', '-b', 'feature')
    started.commit_files({'.aiguard.yaml': 'exclude: ["**"]\n'}, 'quiet')
    tip = started.commit_files({'conf.py': TOKEN_LINE}, 'config')
    push = f'refs/heads/feature {tip} refs/heads/feature {ZERO}\n'
    proc = started.aiguard('hook', 'pre-push', 'origin', 'git@example.com:x.git', '--format', 'json', input=push)
    assert proc.returncode == 1, proc.stderr
    assert sorted(_rules(proc)) == ['POL004', 'SEC002']


def test_pre_push_of_an_orphan_history_uses_the_defaults(started: Repo) -> None:
    started.git('update-ref', 'refs/remotes/origin/main', 'HEAD')
    started.git('checkout', '-q', '--orphan', 'other')
    started.git('rm', '-rq', '--cached', '.')
    tip = started.commit_files({'.aiguard.yaml': 'exclude: ["**"]\n', 'conf.py': TOKEN_LINE}, 'new root')
    push = f'refs/heads/other {tip} refs/heads/other {ZERO}\n'
    proc = started.aiguard('hook', 'pre-push', 'origin', 'git@example.com:x.git', '--format', 'json', input=push)
    assert proc.returncode == 1
    assert sorted(_rules(proc)) == ['POL004', 'SEC002']


def test_all_files_reads_the_index_not_the_work_tree(started: Repo) -> None:
    started.commit_files({'conf.py': TOKEN_LINE}, 'config')
    started.write('.aiguard.yaml', 'exclude: ["**"]\n')
    assert started.aiguard('scan', '--all-files').returncode == 1
    started.add('.aiguard.yaml')
    assert started.aiguard('scan', '--all-files').returncode == 0  # an audit of the index


# --- policy files that are not files -------------------------------------------------------

def test_a_config_linked_outside_the_repository_is_refused_without_showing_it(started: Repo, tmp_path) -> None:
    outside = tmp_path / 'system-file'
    outside.write_text(f'root:{AWS_KEY}:0:0\n')
    os.symlink(str(outside), os.path.join(started.path, '.aiguard.yaml'))
    started.add('.aiguard.yaml')
    started.commit('link the policy')
    started.write('conf.py', 'x = 1\n')
    started.add('conf.py')
    for command in (('hook', 'pre-commit'), ('scan', '--all-files'), ('scan', '--staged')):
        proc = started.aiguard(*command)
        line = _one_line_error(proc)
        assert 'symbolic link leading outside the repository' in line, line
        assert AWS_KEY not in proc.stdout + proc.stderr and 'root:' not in proc.stderr


def test_a_config_linked_inside_the_repository_is_followed(started: Repo) -> None:
    started.write('policy/aiguard.yaml', 'exclude: ["fixtures/**"]\n')
    os.symlink('policy/aiguard.yaml', os.path.join(started.path, '.aiguard.yaml'))
    started.add('.aiguard.yaml', 'policy/aiguard.yaml')
    started.commit('policy in a folder')
    started.write('fixtures/conf.py', TOKEN_LINE)
    started.add('fixtures/conf.py')
    assert started.aiguard('hook', 'pre-commit').returncode == 0


def test_a_dangling_config_link_and_a_config_directory_are_refused(started: Repo) -> None:
    os.symlink('nowhere.yaml', os.path.join(started.path, '.aiguard.yaml'))
    started.add('.aiguard.yaml')
    started.commit('dangling')
    assert 'a dangling symbolic link' in _one_line_error(started.aiguard('scan', '--all-files'))
    started.git('rm', '-q', '--cached', '.aiguard.yaml')
    os.remove(os.path.join(started.path, '.aiguard.yaml'))
    started.commit_files({'.aiguard.yaml/inner.txt': 'x\n'}, 'a directory')
    assert 'is a directory' in _one_line_error(started.aiguard('scan', '--all-files'))


def test_a_baseline_outside_the_repository_or_a_device_is_refused_at_once(started: Repo, tmp_path) -> None:
    started.commit_files({'.aiguard.yaml': 'baseline: /dev/zero\n'}, 'zero')
    started.write('conf.py', 'x = 1\n')
    started.add('conf.py')
    assert "key 'baseline': the value is not valid" in _one_line_error(started.aiguard('hook', 'pre-commit'))
    started.commit_files({'.aiguard.yaml': 'baseline: zero.json\n'}, 'zero by a link')
    os.symlink('/dev/zero', os.path.join(started.path, 'zero.json'))
    started.add('zero.json')
    started.commit('link')
    started.write('conf.py', 'x = 2\n')
    started.add('conf.py')
    assert 'leading outside the repository' in _one_line_error(started.aiguard('hook', 'pre-commit'))


def test_an_operator_config_that_is_a_device_fifo_or_directory_fails_fast(started: Repo, tmp_path) -> None:
    fifo = tmp_path / 'fifo.yaml'
    os.mkfifo(str(fifo))
    for path, expected in (('/dev/zero', 'not a regular file'), (str(fifo), 'not a regular file'),
                           (str(tmp_path), 'is a directory'), (str(tmp_path / 'gone.yaml'), 'no such file')):
        assert expected in _one_line_error(started.aiguard('scan', '--config', path))


@pytest.mark.parametrize(('text', 'expected'), [
    ('role_fail_on: {billing: low}\n', "key 'role_fail_on.billing': no such role"),
    ('rules: {SEC999: off}\n', "key 'rules.SEC999': no such rule"),
    ('exclude: []\nexclude: ["**"]\n', "duplicate key 'exclude' at line 2"),
])
def test_unknown_roles_rules_and_duplicate_keys_are_refused(started: Repo, text: str, expected: str) -> None:
    started.commit_files({'.aiguard.yaml': text}, 'policy')
    assert expected in _one_line_error(started.aiguard('scan', '--all-files'))


def test_errors_never_show_the_configs_content(started: Repo) -> None:
    started.commit_files({'.aiguard.yaml': f'{AWS_KEY}: 1\nfail_on: {AWS_KEY}\n'}, 'odd')
    line = _one_line_error(started.aiguard('scan', '--all-files'))
    assert AWS_KEY not in line and 'unknown key' in line
    started.commit_files({'.aiguard.yaml': f'fail_on: {AWS_KEY}\n'}, 'odd')
    line = _one_line_error(started.aiguard('scan', '--all-files'))
    assert AWS_KEY not in line and "key 'fail_on'" in line
    started.commit_files({'.aiguard.yaml': f'exclude: !{AWS_KEY} x\n'}, 'odd')
    line = _one_line_error(started.aiguard('scan', '--all-files'))
    assert AWS_KEY not in line and 'YAML error' in line


# --- every file aiguard reads for itself is bounded ----------------------------------------

def test_a_message_file_that_never_ends_is_refused_at_once(started: Repo) -> None:
    for stage in ('commit-msg', 'prepare-commit-msg'):
        line = _one_line_error(started.aiguard('hook', stage, '/dev/zero'))
        assert 'not a regular file' in line, line


def test_a_fifo_mailmap_and_merge_head_do_not_hang_the_hooks(started: Repo) -> None:
    import subprocess
    import sys

    os.mkfifo(os.path.join(started.path, '.mailmap'))
    os.mkfifo(os.path.join(started.path, '.git', 'MERGE_HEAD'))
    started.write('a.py', 'x = 1\n')
    started.add('a.py')
    msg = started.write('.git/COMMIT_EDITMSG', f'Add a\n\n{CLAUDE}\n')
    for args in (('hook', 'commit-msg', msg), ('scan', '--from-ref', 'HEAD~0')):
        proc = subprocess.run((sys.executable, '-m', 'aiguard', *args), cwd=started.path, env=started.env,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode in (0, 1) and 'Traceback' not in proc.stderr, proc.stderr
