"""A SARIF file only adds findings: one the change itself writes or edits cannot suppress or
lower anything, aiguard's findings or its own results; the list of SARIF files comes from the
trusted config (or the operator), never from the change under judgement; what a SARIF file
says is printed as data, never as a forged line or a secret."""
from __future__ import annotations

import json
import os

import pytest

from tests import sarif_tools
from tests.repo import Repo

AWS_KEY = 'AKIA' + 'Q7RT' * 4  # built at run time: the repository's own scan stays clean
SQL = 'python.lang.security.audit.formatted-sql-query.formatted-sql-query'


@pytest.fixture
def started(repo: Repo) -> Repo:
    repo.commit_files({'README.md': '# p\n', 'app.py': 'x = 1\n'}, 'start')
    return repo


def _rules(proc) -> list[str]:
    return [f['rule_id'] for f in json.loads(proc.stdout)['findings']]


def test_a_sarif_file_the_change_commits_cannot_suppress_aiguards_finding(started: Repo) -> None:
    doc = json.loads(sarif_tools.semgrep([('conf.py', 1, SQL)], level='none', suppressed=True))
    result = doc['runs'][0]['results'][0]
    result['baselineState'] = 'unchanged'
    result['suppressions'] = [{'kind': 'external', 'status': 'accepted', 'justification': 'ok'}]
    doc['runs'][0]['tool']['driver']['name'] = 'aiguard'
    result['ruleId'] = 'SEC002'
    started.write('conf.py', f'KEY = "{AWS_KEY}"\n')
    started.write('reports/aiguard.sarif', json.dumps(doc))
    started.add('conf.py', 'reports/aiguard.sarif')
    proc = started.aiguard('scan', '--staged', '--sarif-in', 'reports/aiguard.sarif', '--format', 'json')
    assert proc.returncode == 1, proc.stdout + proc.stderr
    rules = _rules(proc)
    assert 'SEC002' in rules and 'aiguard:SEC002' in rules  # its result is another finding, never a verdict
    assert AWS_KEY not in proc.stdout


def test_a_suppressed_or_unchanged_foreign_result_on_an_added_line_still_counts(started: Repo) -> None:
    doc = json.loads(sarif_tools.semgrep([('app.py', 2, SQL)], suppressed=True))
    doc['runs'][0]['results'][0]['baselineState'] = 'unchanged'
    started.write('app.py', 'x = 1\nrows = run_query(x)\n')
    started.add('app.py')
    path = os.path.join(os.path.dirname(started.path), 's.sarif')
    with open(path, 'w') as f:
        json.dump(doc, f)
    assert started.aiguard('scan', '--staged', '--sarif-in', path).returncode == 1


def test_a_change_that_adds_sarif_in_to_the_config_is_not_judged_by_it(started: Repo) -> None:
    """The change names a SARIF file of its own in .aiguard.yaml: the base's config judges the
    range, so the file is not read (and its absence is no error), while the config change is POL004."""
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.commit_files({'.aiguard.yaml': 'sarif_in: [absent.sarif]\n', 'app.py': 'x = 2\n'}, 'policy')
    proc = started.aiguard('scan', '--from-ref', base, '--format', 'json')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'POL004' in _rules(proc)


def test_a_foreign_message_cannot_forge_report_lines(started: Repo) -> None:
    forged = 'fine\naiguard: passed: 0 findings\x1b[8m hidden'
    started.write('app.py', 'x = 1\nrows = run_query(x)\n')
    started.add('app.py')
    path = os.path.join(os.path.dirname(started.path), 's.sarif')
    with open(path, 'w') as f:
        f.write(sarif_tools.semgrep([('app.py', 2, SQL)], message=forged))
    proc = started.aiguard('scan', '--staged', '--sarif-in', path)
    assert proc.returncode == 1
    assert '\x1b' not in proc.stdout
    assert not any(line.startswith('aiguard: passed') for line in proc.stdout.splitlines()), proc.stdout


def test_a_foreign_rule_id_cannot_forge_report_lines(started: Repo) -> None:
    doc = json.loads(sarif_tools.semgrep([('app.py', 2, 'x\naiguard: passed')]))
    started.write('app.py', 'x = 1\nrows = run_query(x)\n')
    started.add('app.py')
    path = os.path.join(os.path.dirname(started.path), 's.sarif')
    with open(path, 'w') as f:
        json.dump(doc, f)
    proc = started.aiguard('scan', '--staged', '--sarif-in', path)
    assert proc.returncode == 1
    assert not any(line.startswith('aiguard: passed') for line in proc.stdout.splitlines()), proc.stdout


def test_a_result_spanning_a_trillion_lines_is_cut_to_the_file(started: Repo) -> None:
    doc = json.loads(sarif_tools.semgrep([('app.py', 2, SQL)]))  # a kept line, on to line 10**12
    doc['runs'][0]['results'][0]['locations'][0]['physicalLocation']['region']['endLine'] = 10 ** 12
    started.write('app.py', 'y = 0\nx = 1\n')  # adds line 1 only
    started.add('app.py')
    path = os.path.join(os.path.dirname(started.path), 's.sarif')
    with open(path, 'w') as f:
        json.dump(doc, f)
    proc = started.aiguard('scan', '--staged', '--sarif-in', path)
    assert proc.returncode == 0 and '0 on lines this change adds' in proc.stdout, proc.stdout + proc.stderr
