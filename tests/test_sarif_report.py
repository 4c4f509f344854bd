"""`aiguard report --sarif-in FILE`: other scanners' results in HEAD counted for the commit
that wrote their line, AI vs human, by scanner, in the totals and the density."""
from __future__ import annotations

import json
import os

import jsonschema
import pytest

from tests import sarif_tools
from tests.repo import Repo

SQL = 'python.lang.security.audit.formatted-sql-query.formatted-sql-query'
CLAUDE = 'Co-Authored-By: Claude <noreply@anthropic.com>'
SCHEMA = os.path.join(os.path.dirname(__file__), 'data', 'aiguard-governance-report.schema.json')


@pytest.fixture
def history(repo: Repo) -> Repo:
    repo.commit_files({'app.py': 'def a(uid):\n    return run_query(uid)\n'}, 'human code')
    repo.commit_files({'app.py': 'def a(uid):\n    return run_query(uid)\n\n\ndef b(uid):\n    return run_query(uid)\n'},
                      f'assistant code\n\n{CLAUDE}')
    return repo


def _sarif(repo: Repo, text: str) -> str:
    path = os.path.join(os.path.dirname(repo.path), 'semgrep.sarif')
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


def test_results_are_counted_for_the_commit_that_wrote_their_line(history: Repo) -> None:
    sarif = _sarif(history, sarif_tools.semgrep([('app.py', 2, SQL), ('app.py', 6, SQL), ('app.py', 60, SQL),
                                                 ('gone.py', 1, SQL)]))
    proc = history.aiguard('report', '--format', 'json', '--sarif-in', sarif)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc['findings_by_scanner']['semgrep']['ai'] == 1 and doc['findings_by_scanner']['semgrep']['human'] == 1
    assert doc['findings_by_scanner']['aiguard'] == {**doc['findings_by_scanner']['aiguard'], 'ai': 0, 'human': 0}
    assert doc['findings_introduced'] == {'ai': 1, 'human': 1}
    assert doc['findings_by_rule'][f'semgrep:{SQL}']['ai'] == 1
    assert doc['density_per_kloc']['ai'] is not None and doc['density_per_kloc']['ai'] > 0
    assert doc['sarif_in']['results'] == 4 and doc['sarif_in']['counted'] == 2 and doc['sarif_in']['not_in_head'] == 2
    jsonschema.validate(doc, json.load(open(SCHEMA)))
    md = history.aiguard('report', '--sarif-in', sarif).stdout
    assert '## Findings introduced: by scanner' in md and '| semgrep | 1 | 1 |' in md
    html = history.aiguard('report', '--format', 'html', '--sarif-in', sarif).stdout
    section = html.split('<section id="scanner">', 1)[1].split('</section>', 1)[0]
    assert 'Findings introduced by scanner' in section and 'semgrep' in section and 'aiguard' in section


def test_without_sarif_in_the_page_has_no_scanner_section(history: Repo) -> None:
    html = history.aiguard('report', '--format', 'html').stdout
    assert '<section id="category">' in html and '<section id="scanner">' not in html


def test_results_before_the_window_are_not_counted(history: Repo) -> None:
    sarif = _sarif(history, sarif_tools.semgrep([('app.py', 2, SQL)]))
    later = {'GIT_COMMITTER_DATE': '2099-01-01T00:00:00', 'GIT_AUTHOR_DATE': '2099-01-01T00:00:00'}
    history.git('commit', '--allow-empty', '-q', '-m', 'later', env=later)
    proc = history.aiguard('report', '--format', 'json', '--sarif-in', sarif, '--since', '2098-01-01')
    doc = json.loads(proc.stdout)
    assert doc['sarif_in']['counted'] == 0 and doc['sarif_in']['before_the_window'] == 1


def test_a_bad_sarif_file_is_one_line_and_exit_2(history: Repo) -> None:
    proc = history.aiguard('report', '--sarif-in', _sarif(history, '{"version": "2.1.0", "runs": 3}'))
    assert proc.returncode == 2 and 'runs is not a list' in proc.stderr and 'Traceback' not in proc.stderr
