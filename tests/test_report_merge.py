"""`aiguard report --merge`: repositories' JSON reports as one organisation report, and what it refuses."""
from __future__ import annotations

import json
import os

import jsonschema
import pytest

from tests.repo import Repo, init_repo
from tests.test_codeowners import _owned_history
from tests.test_metrics import ADA, AS_OF, BOB, KEY_2, commit
from tests.test_scan_cli import load_schema

SCHEMA = 'aiguard-governance-report.schema.json'


def _report(repo: Repo, out: str) -> dict:
    run = repo.aiguard('report', '--format', 'json', '--output', out, env={'SOURCE_DATE_EPOCH': str(AS_OF)})
    assert run.returncode == 0, run.stderr
    with open(out, encoding='utf-8') as f:
        doc = json.load(f)
    jsonschema.validate(doc, load_schema(SCHEMA))
    return doc


@pytest.fixture(scope='module')
def reports(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, list[str], list[dict]]:
    base = tmp_path_factory.mktemp('org')
    payments = init_repo(str(base / 'payments'))
    _owned_history(payments)  # 4 commits, 2 AI; teams @acme/core, @acme/payments, @acme/audit
    web = init_repo(str(base / 'web'))
    commit(web, 0, ADA, {'CODEOWNERS': '* @acme/core\n', 'app.js': 'let a = 1;\nlet b = 2;\n'}, 'Start')
    commit(web, 5, BOB, {'keys.py': f'K = "{KEY_2}"\n'}, 'Keys\n\nAI-Assisted: cursor')
    paths = [str(base / 'payments.json'), str(base / 'web.json')]
    docs = [_report(payments, paths[0]), _report(web, paths[1])]
    return str(base), paths, docs


def _merge(cwd: str, *args: str) -> tuple[int, str, str]:
    run = Repo(cwd).aiguard('report', '--merge', *args, cwd=cwd)  # in a directory that is no repository
    return run.returncode, run.stdout, run.stderr


def test_merge_adds_repositories_and_teams(reports, tmp_path):
    base, paths, docs = reports
    assert [d['repository'] for d in docs] == ['payments', 'web']
    code, out, err = _merge(str(tmp_path), *paths, '--format', 'json')
    assert code == 0, err
    org = json.loads(out)
    jsonschema.validate(org, load_schema(SCHEMA))
    assert org['kind'] == 'organisation'
    assert [r['repository'] for r in org['repositories']] == ['payments', 'web']
    assert org['commits'] == {'total': 6, 'ai_assisted': 3, 'ai_share': 0.5}
    for key in ('ai', 'human'):
        assert org['lines_added'][key] == sum(d['lines_added'][key] for d in docs)
        assert org['findings_introduced'][key] == sum(d['findings_introduced'][key] for d in docs)
    assert org['findings_introduced'] == {'ai': 2, 'human': 0}
    teams = {t['team']: t for t in org['by_team']}
    core = [next(t for t in d['by_team'] if t['team'] == '@acme/core') for d in docs]
    assert teams['@acme/core']['commits'] == core[0]['commits'] + core[1]['commits'] == 3 + 2
    assert teams['@acme/core']['findings_ai'] == 1  # the web key; the payments key is @acme/payments'
    assert teams['@acme/payments']['density_ai'] == 333.33
    assert org['review'] == {'ai_commits': 3, 'reviewed': 0, 'coverage': 0.0}


def test_merge_renders_markdown_and_html_and_writes_a_file(reports, tmp_path):
    _base, paths, _docs = reports
    code, md, err = _merge(str(tmp_path), *paths)
    assert code == 0, err
    assert '# aiguard organisation report' in md and '## By repository' in md and '## By team (CODEOWNERS)' in md
    assert '| payments | 4 | 2 |' in md and '| @acme/payments | 2 | 1 | 3 | 1 | 75.0% | 1 | 0 | 333.33 | 0 |' in md
    out = str(tmp_path / 'org.html')
    code, said, err = _merge(str(tmp_path), *paths, '--format', 'html', '--output', out)
    assert code == 0, err
    assert said.startswith(f'aiguard: wrote {out}: 2 repositories, 6 commits, 3 AI-assisted')
    page = open(out, encoding='utf-8').read()
    assert '<section id="repositories">' in page and '<section id="teams">' in page and '@acme/audit' in page


def test_the_same_name_twice_is_told_apart_and_the_same_file_twice_refused(reports, tmp_path):
    _base, paths, docs = reports
    copy = _file(tmp_path, 'copy.json', json.dumps(docs[0]))
    code, out, err = _merge(str(tmp_path), paths[0], copy, '--format', 'json')
    assert code == 0, err
    assert [r['repository'] for r in json.loads(out)['repositories']] == [f'payments ({paths[0]})', f'payments ({copy})']
    code, out, err = _merge(str(tmp_path), paths[0], os.path.join(os.path.dirname(paths[0]), '.', 'payments.json'))
    assert code == 2 and 'given twice' in err and err.count('\n') == 1


def _file(tmp_path, name: str, content: str | bytes) -> str:
    path = str(tmp_path / name)
    with open(path, 'wb') as f:
        f.write(content.encode() if isinstance(content, str) else content)
    return path


@pytest.mark.parametrize(('name', 'content', 'says'), [
    ('broken.json', '{"version": 1, "tool": ', 'not JSON'),
    ('binary.json', b'\xff\xfe\x00garbage', 'not JSON'),
    ('list.json', '[1, 2]', 'not an aiguard report'),
    ('other.json', '{"version": 1, "tool": {"name": "gitleaks"}}', 'not an aiguard report'),
    ('scan.json', '{"version": 1, "tool": {"name": "aiguard", "version": "0.1.0"}, "mode": "staged", '
                  '"findings": []}', '`aiguard scan` output'),
    ('future.json', None, 'report version 2 is not one this aiguard'),
    ('string-count.json', None, 'commits.total must be a count'),
    ('negative.json', None, 'lines_added.ai must be a count'),
    ('nan.json', None, 'findings_introduced.ai must be a count'),
    ('teams.json', None, 'by_team must list teams'),
    ('org.json', None, 'an organisation report already'),
])
def test_a_foreign_or_broken_input_is_refused_in_one_line(reports, tmp_path, name, content, says):
    _base, paths, docs = reports
    good = docs[0]
    if content is None:
        doc = json.loads(json.dumps(good))
        if name == 'future.json':
            doc['version'] = 2
        elif name == 'string-count.json':
            doc['commits']['total'] = '4'
        elif name == 'negative.json':
            doc['lines_added']['ai'] = -1
        elif name == 'teams.json':
            doc['by_team'][0]['commits'] = None
        elif name == 'org.json':
            doc['kind'] = 'organisation'
        content = json.dumps(doc)
        if name == 'nan.json':
            content = content.replace('"findings_introduced": {"ai": 1', '"findings_introduced": {"ai": NaN')
            assert 'NaN' in content
    bad = _file(tmp_path, name, content)
    code, out, err = _merge(str(tmp_path), paths[0], bad)
    assert code == 2 and out == ''
    assert err.count('\n') == 1 and 'Traceback' not in err
    assert err.startswith(f'aiguard: error: {bad}: ') and says in err


def test_missing_input_and_since_are_refused(reports, tmp_path):
    _base, paths, _docs = reports
    code, _out, err = _merge(str(tmp_path), paths[0], str(tmp_path / 'missing.json'))
    assert code == 2 and 'missing.json: cannot read' in err and err.count('\n') == 1
    code, _out, err = _merge(str(tmp_path), str(tmp_path))
    assert code == 2 and 'cannot read' in err
    fifo = str(tmp_path / 'fifo.json')
    os.mkfifo(fifo)  # never waited on
    code, _out, err = _merge(str(tmp_path), fifo)
    assert code == 2 and 'fifo.json: cannot read' in err
    code, _out, err = _merge(str(tmp_path), paths[0], '--since', '2024-01-01')
    assert code == 2 and '--since' in err and err.count('\n') == 1


def test_a_report_from_before_teams_still_merges(reports, tmp_path):
    """Version-1 reports made before `kind`, `repository` and `by_team` existed are read as they are."""
    _base, paths, docs = reports
    old = {k: v for k, v in docs[1].items() if k not in ('kind', 'repository', 'by_team', 'codeowners')}
    path = _file(tmp_path, 'web-2024.json', json.dumps(old))
    code, out, err = _merge(str(tmp_path), paths[0], path, '--format', 'json')
    assert code == 0, err
    org = json.loads(out)
    assert [r['repository'] for r in org['repositories']] == ['payments', 'web-2024']
    assert org['commits']['total'] == 6
    assert os.path.exists(path)
