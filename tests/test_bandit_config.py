"""bandit's own configuration ([tool.bandit] in pyproject.toml, .bandit) applies to the bandit
checks among aiguard's findings, read from git like aiguard's config, and says what it skipped."""
from __future__ import annotations

import json

import pytest

from aiguard import bandit_config
from tests.repo import Repo

EVAL = 'import sys\nx = eval(sys.argv[1])\n'  # PY003, which is bandit's B307
PYPROJECT = '[project]\nname = "demo"\nversion = "1.0"\n'


def _rules(proc) -> list[str]:
    return [f['rule_id'] for f in json.loads(proc.stdout)['findings']]


@pytest.mark.parametrize('files', [
    {'pyproject.toml': PYPROJECT + '\n[tool.bandit]\nskips = ["B307"]\n'},
    {'.bandit': '[bandit]\nskips = B101,B307\n'},
])
def test_skips_in_the_committed_bandit_config_skip_that_check_and_say_so(repo: Repo, files: dict[str, str]) -> None:
    repo.commit_files(files, 'bandit config')
    repo.write('app.py', EVAL)
    repo.add('app.py')
    proc = repo.aiguard('scan', '--staged')
    assert proc.returncode == 0, proc.stdout
    assert "bandit's configuration" in proc.stdout and 'app.py:2 PY003 (skips B307)' in proc.stdout
    assert repo.aiguard('hook', 'pre-commit').returncode == 0


def test_skips_leave_other_checks_alone(repo: Repo) -> None:
    repo.commit_files({'pyproject.toml': PYPROJECT + '\n[tool.bandit]\nskips = ["B101"]\n'}, 'bandit config')
    repo.write('app.py', EVAL)
    repo.add('app.py')
    assert repo.aiguard('hook', 'pre-commit').returncode == 1


@pytest.mark.parametrize('files', [
    {'pyproject.toml': PYPROJECT + '\n[tool.bandit]\nexclude_dirs = ["tests", "./scripts/"]\n'},
    {'.bandit': '[bandit]\nexclude = tests,./scripts\n'},
])
def test_exclude_dirs_skip_bandit_checks_under_them(repo: Repo, files: dict[str, str]) -> None:
    repo.commit_files(files, 'bandit config')
    for name in ('tests/test_a.py', 'pkg/tests/test_b.py', 'scripts/run.py'):
        repo.write(name, EVAL)
        repo.add(name)
    proc = repo.aiguard('scan', '--staged', '--format', 'json')
    assert proc.returncode == 0 and _rules(proc) == [], proc.stdout
    repo.write('src/contests.py', EVAL)  # a name that only contains "tests" is not under it
    repo.add('src/contests.py')
    proc = repo.aiguard('scan', '--staged', '--format', 'json')
    assert proc.returncode == 1 and _rules(proc) == ['PY003']


def test_the_all_files_scan_reads_the_index_config(repo: Repo) -> None:
    repo.commit_files({'app.py': EVAL}, 'code')
    assert repo.aiguard('scan', '--all-files').returncode == 1
    repo.write('.bandit', '[bandit]\nskips = B307\n')
    repo.add('.bandit')
    assert repo.aiguard('scan', '--all-files').returncode == 0


def test_an_unreadable_bandit_config_is_not_honoured_and_said(repo: Repo) -> None:
    repo.commit_files({'pyproject.toml': '[tool.bandit\nskips = ["B307"]\n'}, 'broken')
    repo.write('app.py', EVAL)
    repo.add('app.py')
    proc = repo.aiguard('scan', '--staged')
    assert proc.returncode == 1 and 'not valid TOML' in proc.stdout, proc.stdout


def test_a_pyproject_change_outside_tool_bandit_is_not_a_policy_change(repo: Repo) -> None:
    repo.commit_files({'pyproject.toml': PYPROJECT + '\n[tool.bandit]\nskips = ["B101"]\n'}, 'start')
    repo.write('pyproject.toml', PYPROJECT.replace('1.0', '1.1') + '\n[tool.bandit]\nskips = ["B101"]\n')
    repo.add('pyproject.toml')
    proc = repo.aiguard('scan', '--staged', '--format', 'json')
    assert 'POL004' not in _rules(proc)


@pytest.mark.parametrize('path, entry, excluded', [
    ('tests/a.py', 'tests', True), ('a/tests/b.py', 'tests', True), ('contests/a.py', 'tests', False),
    ('scripts/x.py', './scripts/', True), ('gen/x_pb2.py', '*_pb2.py', True), ('gen/x_pb2.py', 'gen/*_pb2.py', True),
    ('a.py', '', False),
])
def test_exclude_entries(path: str, entry: str, excluded: bool) -> None:
    assert bandit_config.excluded(path, entry) is excluded
