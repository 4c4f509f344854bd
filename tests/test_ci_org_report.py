"""docs/ci.md's scheduled organisation report: the workflow parses, and its commands run as written."""
from __future__ import annotations

import glob
import json
import os
import re
import shlex

import yaml

from tests.repo import Repo, init_repo
from tests.test_codeowners import _owned_history
from tests.test_metrics import ADA, BOB, KEY_2, commit

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
HEADING = '## An organisation report, on a schedule'


def recipe() -> dict:
    with open(os.path.join(ROOT, 'docs', 'ci.md'), encoding='utf-8') as f:
        doc = f.read()
    section = doc[doc.index(HEADING):]
    block = re.search(r'```yaml\n(.*?)```', section, re.DOTALL)
    assert block, 'the section has a yaml block'
    return yaml.safe_load(block.group(1))


def _steps(job: dict) -> list[dict]:
    return job['steps']


def _uses(job: dict, action: str) -> dict:
    (step,) = [s for s in _steps(job) if s.get('uses', '').startswith(action + '@')]
    return step


def _aiguard_commands(job: dict) -> list[tuple[list[str], str | None]]:
    """Every `aiguard ...` command line the job runs, split as the shell would, with its directory."""
    found = []
    for step in _steps(job):
        for line in step.get('run', '').splitlines():
            line = line.strip()
            if line.startswith('aiguard '):
                found.append((shlex.split(line), step.get('working-directory')))
    return found


def test_the_workflow_is_scheduled_over_a_matrix_and_merges_at_the_end():
    flow = recipe()
    triggers = flow[True] if True in flow else flow['on']  # YAML 1.1 reads the key `on` as true
    assert triggers['schedule'][0]['cron']
    report, org = flow['jobs']['report'], flow['jobs']['organisation']
    assert len(report['strategy']['matrix']['repository']) > 1
    assert _uses(report, 'actions/checkout')['with']['fetch-depth'] == 0
    cache = _uses(report, 'actions/cache')['with']
    assert cache['path'].endswith('/.git/aiguard/report-cache') and cache['restore-keys']
    assert _uses(report, 'actions/upload-artifact')
    assert org['needs'] == 'report'
    assert _uses(org, 'actions/download-artifact')['with']['merge-multiple'] is True
    assert [c[:3] for c, _ in _aiguard_commands(report)] == [['aiguard', 'report', '--format']]
    assert {tuple(c[:3]) for c, _ in _aiguard_commands(org)} == {('aiguard', 'report', '--merge')}


def _expand(word: str, slug: str, cwd: str = '') -> list[str]:
    """A word as the shell hands it over: the step's expression filled in, a glob expanded in `cwd`."""
    word = word.replace('${{ steps.name.outputs.slug }}', slug)
    if '*' in word:
        return sorted(os.path.relpath(p, cwd) for p in glob.glob(os.path.join(cwd, word)))
    assert '$' not in word, word
    return [word]


def test_the_recipes_commands_run_as_written(tmp_path):
    """Each repository's job, then the organisation job, in real repositories; the cache lands
    where actions/cache looks for it."""
    flow = recipe()
    report, org = flow['jobs']['report'], flow['jobs']['organisation']
    cache_path = _uses(report, 'actions/cache')['with']['path']
    workspace = tmp_path / 'work'
    workspace.mkdir()
    payments = init_repo(str(workspace / 'acme-payments'))
    _owned_history(payments)
    web = init_repo(str(workspace / 'acme-web'))
    commit(web, 0, ADA, {'app.js': 'let a = 1;\n'}, 'Start')
    commit(web, 1, BOB, {'keys.py': f'K = "{KEY_2}"\n'}, 'Keys\n\nAI-Assisted: cursor')
    for repo in (payments, web):
        slug = os.path.basename(repo.path)
        for words, where in _aiguard_commands(report):
            args = [a for w in words[1:] for a in _expand(w, slug)]
            cwd = os.path.join(str(workspace), _expand(where, slug)[0]) if where else str(workspace)
            run = Repo(cwd).aiguard(*args, cwd=cwd)
            assert run.returncode == 0, run.stderr
        assert os.listdir(os.path.join(str(workspace), cache_path.replace('${{ steps.name.outputs.slug }}', slug)))
    reports = tmp_path / 'org' / 'reports'
    reports.mkdir(parents=True)
    for slug in ('acme-payments', 'acme-web'):
        os.replace(str(workspace / f'{slug}.json'), str(reports / f'{slug}.json'))
    job_dir = str(tmp_path / 'org')
    for words, _where in _aiguard_commands(org):
        args = [a for w in words[1:] for a in _expand(w, '', job_dir)]
        assert 'reports/acme-web.json' in args
        run = Repo(job_dir).aiguard(*args, cwd=job_dir)
        assert run.returncode == 0, run.stderr
    merged = json.loads((tmp_path / 'org' / 'organisation.json').read_text())
    assert [r['repository'] for r in merged['repositories']] == ['acme-payments', 'acme-web']
    assert (tmp_path / 'org' / 'organisation.html').read_text().startswith('<!DOCTYPE html>')
    assert '## By repository' in (tmp_path / 'org' / 'organisation.md').read_text()
