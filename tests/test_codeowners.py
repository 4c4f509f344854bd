"""Teams from CODEOWNERS: GitHub's matching rules, read from the committed tree, counted in the report."""
from __future__ import annotations

import os

import pytest

from aiguard import config as config_mod
from aiguard.metrics import collect, render_html, summary, teams
from aiguard.metrics.render_md import render_markdown
from tests.repo import Repo, init_repo
from tests.test_metrics import ADA, AS_OF, BOB, KEY_1, commit

# (pattern, path, matches): GitHub's documented examples and gitignore's rules
CASES = [
    ('*', 'a.py', True), ('*', 'deep/down/a.py', True),
    ('*.js', 'web/app.js', True), ('*.js', 'app.jsx', False),
    ('/build/logs/', 'build/logs/x.log', True), ('/build/logs/', 'src/build/logs/x.log', False),
    ('docs/*', 'docs/getting-started.md', True), ('docs/*', 'docs/build-app/troubleshooting.md', False),
    ('docs/*', 'src/docs/x.md', False),
    ('apps/', 'apps/x.py', True), ('apps/', 'src/apps/deep/x.py', True), ('apps/', 'apps', False),
    ('/docs/', 'docs/a/b.md', True), ('/docs/', 'x/docs/a.md', False),
    ('**/logs', 'build/logs/x.log', True), ('**/logs', 'deeply/nested/logs/a', True),
    ('/scripts/', 'scripts/run.sh', True),
    ('src/auth', 'src/auth/login.py', True), ('src/auth', 'lib/src/auth/x.py', False),
    ('auth', 'src/auth/login.py', True), ('README.md', 'docs/README.md', True),
    ('/README.md', 'docs/README.md', False), ('src/**/test_*.py', 'src/a/b/test_x.py', True),
    ('docs/**', 'docs/a/b/c.md', True),
]


@pytest.mark.parametrize(('pattern', 'path', 'matches'), CASES)
def test_patterns_match_as_github_documents(pattern, path, matches):
    assert bool(teams.pattern_regex(pattern).match(path)) is matches


def test_the_last_matching_line_wins_and_a_line_without_owners_unowns():
    owners = teams.parse(
        '# Owners\n'
        '*       @acme/everyone\n'
        '*.py    @acme/python   # the Python people\n'
        '/src/payments/ @acme/payments alice@example.com\n'
        '/src/payments/generated/\n'
        '!/src/payments/x.py @acme/nobody\n'
        'path\\ with\\ space.txt @acme/spaces\n', 'CODEOWNERS')
    assert owners.of('README.md') == ('@acme/everyone',)
    assert owners.of('tools/x.py') == ('@acme/python',)
    assert owners.of('src/payments/x.py') == ('@acme/payments', 'alice@example.com')  # negation is skipped
    assert owners.of('src/payments/generated/y.py') == ()
    assert owners.teams_of('src/payments/generated/y.py') == (teams.UNOWNED,)
    assert owners.of('path with space.txt') == ('@acme/spaces',)
    assert owners.skipped == 1


def _owned_history(repo: Repo) -> None:
    commit(repo, 0, ADA, {'.github/CODEOWNERS': '* @acme/core\n/pay/ @acme/payments @acme/audit\n',
                          'README.md': 'a\nb\n'}, 'Start')
    commit(repo, 1, BOB, {'pay/charge.py': f'KEY = "{KEY_1}"\nx = 1\ny = 2\n'}, 'Charge\n\nAI-Assisted: claude-code')
    commit(repo, 2, ADA, {'pay/refund.py': 'r = 1\n', 'core.py': 'c = 1\nd = 2\n'}, 'Refund and core')
    commit(repo, 3, BOB, {'core.py': 'c = 1\nd = 2\ne = 3\n'}, 'More core\n\nAI-Assisted: copilot')


def _report(repo: Repo) -> dict:
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv('SOURCE_DATE_EPOCH', str(AS_OF))
        return summary.summarize(collect.collect(repo.path, config_mod.Config(), use_cache=False))


def test_report_by_team(tmp_path):
    repo = init_repo(str(tmp_path / 'r'))
    _owned_history(repo)
    doc = _report(repo)
    assert doc['codeowners'] == '.github/CODEOWNERS'
    rows = {r['team']: r for r in doc['by_team']}
    assert set(rows) == {'@acme/core', '@acme/payments', '@acme/audit'}
    pay = rows['@acme/payments']
    assert (pay['commits'], pay['ai_commits'], pay['lines_ai'], pay['lines_human']) == (2, 1, 3, 1)
    assert (pay['findings_ai'], pay['findings_human'], pay['density_ai'], pay['density_human']) == (1, 0, 333.33, 0.0)
    assert rows['@acme/audit'] == {**pay, 'team': '@acme/audit'}  # both owners count the same paths
    core = rows['@acme/core']  # CODEOWNERS, README.md and core.py; pay/ belongs to the later line
    assert (core['commits'], core['ai_commits'], core['lines_ai'], core['lines_human'], core['findings_ai']) == (
        3, 1, 1, 2 + 2 + 2, 0)
    md = render_markdown(doc)
    assert '## AI adoption and vulnerability density by team' in md
    assert '| @acme/payments | 2 | 1 | 3 | 1 | 75.0% | 1 | 0 | 333.33 | 0 |' in md
    assert '@acme/payments' in render_html.render(doc)


def test_owners_come_from_the_committed_tree_not_the_work_tree(tmp_path):
    """An uncommitted CODEOWNERS edit (or a new file in a higher-priority place) changes nothing."""
    repo = init_repo(str(tmp_path / 'r'))
    _owned_history(repo)
    before = _report(repo)['by_team']
    repo.write('.github/CODEOWNERS', '* @acme/someone-else\n')
    repo.write('CODEOWNERS', '* @acme/intruder\n')
    repo.add('CODEOWNERS')  # staged, not committed
    assert _report(repo)['by_team'] == before


def _head(repo: Repo) -> str:
    return repo.git('rev-parse', 'HEAD').stdout.strip()


def test_codeowners_locations_in_githubs_order(tmp_path):
    repo = init_repo(str(tmp_path / 'r'))
    commit(repo, 0, ADA, {'docs/CODEOWNERS': '* @acme/docs\n', 'a.py': 'a = 1\n'}, 'Docs owners')
    assert teams.read(repo.path, _head(repo)).path == 'docs/CODEOWNERS'
    commit(repo, 1, ADA, {'CODEOWNERS': '* @acme/root\n'}, 'Root owners')
    assert teams.read(repo.path, _head(repo)).path == 'CODEOWNERS'
    commit(repo, 2, ADA, {'.github/CODEOWNERS': '* @acme/github\n'}, 'GitHub owners')
    owners = teams.read(repo.path, _head(repo))
    assert (owners.path, owners.of('a.py')) == ('.github/CODEOWNERS', ('@acme/github',))


def test_no_codeowners_no_teams(tmp_path):
    repo = init_repo(str(tmp_path / 'r'))
    commit(repo, 0, ADA, {'a.py': 'a = 1\n'}, 'One')
    doc = _report(repo)
    assert (doc['codeowners'], doc['by_team']) == (None, [])
    assert 'by team' not in render_markdown(doc)
    assert 'No CODEOWNERS file at HEAD' in render_html.render(doc)


def test_a_codeowners_link_outside_the_repository_is_not_followed(tmp_path):
    outside = tmp_path / 'outside'
    outside.write_text('* @acme/outside\n')
    repo = init_repo(str(tmp_path / 'r'))
    os.symlink(str(outside), os.path.join(repo.path, 'CODEOWNERS'))
    commit(repo, 0, ADA, {'a.py': 'a = 1\n', 'docs/CODEOWNERS': '* @acme/docs\n'}, 'Linked owners')
    repo.add('CODEOWNERS')
    repo.commit('link')
    assert teams.read(repo.path, _head(repo)).of('a.py') == ('@acme/docs',)
