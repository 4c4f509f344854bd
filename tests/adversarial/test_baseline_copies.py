"""A baseline accepts exactly the findings it was created for, not copies of them.

The fingerprint hashes what was found (rule, path, matched text), not where, so that a line
that moves stays accepted. The baseline also records how many findings of each fingerprint
the file held; the gate counts those still on lines the change leaves alone, and a copy of
an accepted line that a change adds is a new finding.
"""
from __future__ import annotations

import json

import pytest

from tests.repo import Repo

AWS_KEY = 'AKIA' + 'N3VB' * 4  # built at run time: the repository's own scan stays clean
SECRET = f'key = "{AWS_KEY}"\n'
SHELL = '    subprocess.call(cmd, shell=True)\n'
PYTHON = f'import subprocess\n\n\ndef run(cmd):\n{SHELL}'


@pytest.fixture
def accepted(repo: Repo) -> Repo:
    """A repository whose committed baseline accepts one secret and one injection."""
    repo.commit_files({'conf.txt': f'a = 1\n{SECRET}b = 2\n', 'app.py': PYTHON}, 'start')
    assert repo.aiguard('baseline', 'create').returncode == 0
    repo.add('.aiguard-baseline.json')
    repo.commit('accept the known findings')
    with open(f'{repo.path}/.aiguard-baseline.json') as f:
        assert {i['count'] for i in json.load(f)['findings']} == {1}
    assert repo.aiguard('scan', '--all-files').returncode == 0
    return repo


def _rules(proc) -> list[str]:
    return sorted(f['rule_id'] for f in json.loads(proc.stdout)['findings'])


@pytest.mark.parametrize(('path', 'content', 'rule'), [
    ('conf.txt', f'a = 1\n{SECRET}b = 2\n{SECRET}', 'SEC002'),
    ('app.py', f'{PYTHON}\n\ndef again(cmd):\n{SHELL}', 'PY002'),  # the Python engine reads only added lines
])
def test_a_copy_of_an_accepted_line_is_a_new_finding(accepted: Repo, path: str, content: str, rule: str) -> None:
    accepted.write(path, content)
    accepted.add(path)
    proc = accepted.aiguard('hook', 'pre-commit', '--format', 'json')
    assert proc.returncode == 1, proc.stdout
    assert _rules(proc) == [rule]
    proc = accepted.aiguard('scan', '--all-files', '--format', 'json')  # whole files: one too many
    assert proc.returncode == 1 and _rules(proc) == [rule]
    assert json.loads(proc.stdout)['findings'][0]['blocking']


@pytest.mark.parametrize(('path', 'content'), [
    ('conf.txt', f'{SECRET}a = 1\nb = 2\n'),
    ('app.py', f'import subprocess\n\n\ndef first():\n    pass\n\n\ndef run(cmd):\n{SHELL}'),
])
def test_an_accepted_line_that_moves_stays_accepted(accepted: Repo, path: str, content: str) -> None:
    accepted.write(path, content)
    accepted.add(path)
    proc = accepted.aiguard('hook', 'pre-commit')
    assert proc.returncode == 0, proc.stdout
    accepted.commit('moved')
    assert accepted.aiguard('scan', '--all-files').returncode == 0


def test_a_baseline_count_that_is_not_a_number_is_refused(accepted: Repo) -> None:
    with open(f'{accepted.path}/.aiguard-baseline.json') as f:
        doc = json.load(f)
    doc['findings'][0]['count'] = 'many'
    accepted.write('.aiguard-baseline.json', json.dumps(doc))
    accepted.add('.aiguard-baseline.json')
    proc = accepted.aiguard('scan', '--all-files')
    assert proc.returncode == 2 and "count is not a whole number" in proc.stderr
