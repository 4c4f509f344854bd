"""CI: range mode per commit, the pre-commit manual stage, GitHub annotations, SARIF, and the recipes."""
from __future__ import annotations

import base64
import hashlib
import json
import os
import subprocess

import pytest
import yaml

from aiguard import scaffold
from aiguard.report import github
from tests.repo import Repo

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def fake_aws_key(seed: str) -> str:
    """Shaped like an AWS key id, random-looking, and built here so the repository holds none."""
    return 'AKIA' + base64.b32encode(hashlib.sha256(seed.encode()).digest()).decode()[:16]


KEY = fake_aws_key('ci-new')
OLD_KEY = fake_aws_key('ci-old')


def local_hook_config() -> str:
    """aiguard-ci exactly as .pre-commit-hooks.yaml declares it, run from this checkout."""
    with open(os.path.join(ROOT, '.pre-commit-hooks.yaml')) as f:
        (hook,) = [h for h in yaml.safe_load(f) if h['id'] == 'aiguard-ci']
    hook = {**hook, 'language': 'unsupported'}
    hook.pop('minimum_pre_commit_version', None)
    return yaml.safe_dump({'repos': [{'repo': 'local', 'hooks': [hook]}]}, sort_keys=False)


@pytest.fixture
def ranged(repo: Repo, tmp_path) -> tuple[Repo, dict[str, str]]:
    """base (an old key already in a.py), c1 adds a key, c2 removes it, c3 edits a.py elsewhere."""
    repo.env['PRE_COMMIT_HOME'] = str(tmp_path / 'pre-commit-home')
    c = {}
    c['base'] = repo.commit_files({
        '.pre-commit-config.yaml': local_hook_config(),
        'a.py': f'OLD = "{OLD_KEY}"\nx = 1\n',
    }, 'base')
    c['c1'] = repo.commit_files({'b.py': f'K = "{KEY}"\n'}, 'add b')
    c['c2'] = repo.commit_files({'b.py': 'K = None\n'}, 'drop the key')
    c['c3'] = repo.commit_files({'a.py': f'OLD = "{OLD_KEY}"\nx = 2\n'}, 'edit a')
    return repo, c


def test_range_checks_each_commit_for_what_it_added(ranged) -> None:
    repo, c = ranged
    proc = repo.aiguard('scan', '--from-ref', c['base'], '--to-ref', c['c3'], '--format', 'json')
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc['mode'] == 'range'
    found = [(f['path'], f['rule_id'], f['blocking']) for f in doc['findings']]
    # the key added by c1 blocks although c2 removed it; the old key in a.py was not added by c3
    assert found == [('b.py', 'SEC002', True)]
    assert KEY not in proc.stdout
    proc = repo.aiguard('scan', '--from-ref', c['c1'], '--to-ref', c['c3'])
    assert proc.returncode == 0, proc.stdout


def test_hook_ci_reads_pre_commit_refs(ranged) -> None:
    repo, c = ranged
    env = {'PRE_COMMIT_FROM_REF': c['base'], 'PRE_COMMIT_TO_REF': c['c3']}
    proc = repo.aiguard('hook', 'ci', env=env)
    assert proc.returncode == 1
    assert 'b.py:1:' in proc.stdout and 'SEC002' in proc.stdout
    assert f'(commit {c["c1"][:10]})' in proc.stdout
    env['PRE_COMMIT_FROM_REF'] = c['c2']
    assert repo.aiguard('hook', 'ci', env=env).returncode == 0


def pre_commit_manual(repo: Repo, from_ref: str, to_ref: str,
                      env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ('pre-commit', 'run', '--hook-stage', 'manual', 'aiguard-ci', '--from-ref', from_ref, '--to-ref', to_ref),
        cwd=repo.path, env={**repo.env, **(env or {})}, capture_output=True, text=True, timeout=120,
    )


def test_pre_commit_manual_stage_runs_the_range(ranged) -> None:
    repo, c = ranged
    proc = pre_commit_manual(repo, c['base'], c['c3'])
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'aiguard range check' in proc.stdout and 'Failed' in proc.stdout
    assert 'b.py:1:' in proc.stdout and 'SEC002' in proc.stdout and KEY not in proc.stdout
    proc = pre_commit_manual(repo, c['c2'], c['c3'])
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'Passed' in proc.stdout


def test_github_annotations_through_pre_commit(ranged) -> None:
    repo, c = ranged
    proc = pre_commit_manual(repo, c['base'], c['c3'], env={'GITHUB_ACTIONS': 'true'})
    assert proc.returncode == 1
    (line,) = [x for x in proc.stdout.splitlines() if x.startswith('::')]
    assert line.startswith('::error file=b.py,line=1,col=6,title=aiguard SEC002 (critical)::')
    assert KEY not in line and c['c1'][:10] in line


def test_annotations_only_on_github_and_never_in_a_json_body(ranged) -> None:
    repo, c = ranged
    args = ('scan', '--from-ref', c['base'], '--to-ref', c['c3'])
    assert '::' not in repo.aiguard(*args).stdout
    proc = repo.aiguard(*args, '--format', 'json', env={'GITHUB_ACTIONS': 'true'})
    json.loads(proc.stdout)  # the body stays valid JSON
    assert '::error file=b.py' in proc.stderr
    proc = repo.aiguard(*args, env={'GITHUB_ACTIONS': 'true', 'AIGUARD_ANNOTATIONS': 'off'})
    assert proc.returncode == 1 and '::' not in proc.stdout + proc.stderr


def test_sarif_for_code_scanning(ranged, tmp_path) -> None:
    import jsonschema

    repo, c = ranged
    out = tmp_path / 'aiguard.sarif'
    proc = repo.aiguard('scan', '--from-ref', c['base'], '--to-ref', c['c3'], '--format', 'sarif',
                        '--output', str(out), env={'GITHUB_ACTIONS': 'true'})
    assert proc.returncode == 1
    assert '::error file=b.py' in proc.stdout  # the summary and annotations go to the log
    doc = json.loads(out.read_text())
    with open(os.path.join(ROOT, 'tests', 'data', 'sarif-schema-2.1.0.json')) as f:
        jsonschema.validate(doc, json.load(f))
    (result,) = doc['runs'][0]['results']
    assert result['ruleId'] == 'SEC002'
    assert result['locations'][0]['physicalLocation']['artifactLocation']['uri'] == 'b.py'
    assert result['partialFingerprints']['aiguard/v1']
    assert KEY not in out.read_text()


@pytest.mark.parametrize(('message', 'expected'), [
    ('plain', 'plain'), ('50% done\nnext', '50%25 done%0Anext'), ('a\r\nb', 'a%0D%0Ab'),
])
def test_annotation_escaping(message: str, expected: str) -> None:
    from aiguard.findings import Finding, Severity

    f = Finding('SEC002', 'secret', Severity.HIGH, 'dir,x/a:b.py', 3, 2, message, 'CWE-798', 'fp', blocking=False)
    line = github.annotation(f)
    assert line == f'::warning file=dir%2Cx/a%3Ab.py,line=3,col=2,title=aiguard SEC002 (high)::{expected}'


@pytest.mark.parametrize(('env', 'on'), [
    ({'GITHUB_ACTIONS': 'true'}, True), ({}, False), ({'GITHUB_ACTIONS': 'false'}, False),
    ({'GITHUB_ACTIONS': 'true', 'AIGUARD_ANNOTATIONS': '0'}, False),
])
def test_annotations_enabled(env: dict[str, str], on: bool) -> None:
    assert github.enabled(env) is on


# ------------------------------------------------------------- the recipes --

def workflow() -> dict:
    return yaml.safe_load(scaffold.template('github-workflow.yml'))


def step(name: str) -> dict:
    (found,) = [s for s in workflow()['jobs']['aiguard']['steps'] if s.get('name') == name]
    return found


def bash(script: str, cwd: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(('bash', '-e', '-c', script), cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120)


def test_github_workflow_shape() -> None:
    wf = workflow()
    job = wf['jobs']['aiguard']
    assert job['permissions']['security-events'] == 'write'
    checkout = job['steps'][0]
    assert checkout['uses'].startswith('actions/checkout@') and checkout['with']['fetch-depth'] == 0
    upload = job['steps'][-1]
    assert upload['uses'].startswith('github/codeql-action/upload-sarif@')
    assert upload['with']['sarif_file'] == 'aiguard.sarif'
    gate = step('aiguard range check')
    # the range comes from the event; the hooks run at the rev: of .pre-commit-config.yaml only
    assert gate['run'] == 'pre-commit run --hook-stage manual aiguard-ci'
    assert gate['env'] == {'AIGUARD_SARIF': 'aiguard.sarif', 'GITHUB_TOKEN': '${{ github.token }}'}
    assert job['permissions']['pull-requests'] == 'read'
    assert 'git+' not in scaffold.template('github-workflow.yml')
    # untrusted event data reaches scripts only through the environment
    for s in job['steps']:
        assert '${{' not in s.get('run', '')


def github_event(tmp_path, doc: dict) -> dict[str, str]:
    path = tmp_path / 'event.json'
    path.write_text(json.dumps(doc))
    return {'GITHUB_ACTIONS': 'true', 'GITHUB_EVENT_PATH': str(path)}


def push_event(before: str, after: str) -> dict:
    return {'before': before, 'after': after, 'repository': {'default_branch': 'main'}}


@pytest.mark.parametrize('event', ['pull_request', 'push', 'new_branch'])
def test_github_workflow_takes_the_range_from_the_event(ranged, tmp_path, event: str) -> None:
    repo, c = ranged
    repo.git('update-ref', 'refs/remotes/origin/main', c['base'])
    if event == 'pull_request':
        doc = {'pull_request': {'base': {'sha': c['base'], 'ref': 'main'}, 'head': {'sha': c['c3']}},
               'repository': {'default_branch': 'main'}}
    else:
        doc = push_event(c['base'] if event == 'push' else '0' * 40, c['c3'])
    env = {**repo.env, **github_event(tmp_path, doc), 'BEFORE': doc.get('before', '')}
    assert bash(step('Fetch the commit a force push replaced')['run'], repo.path, env).returncode == 0
    gate = step('aiguard range check')
    proc = bash(gate['run'], repo.path, {**env, **gate['env'], 'GITHUB_TOKEN': ''})
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert '::error file=b.py,line=1' in proc.stdout
    assert f'{c["base"][:12]}..{c["c3"][:12]}' in proc.stdout
    sarif = json.loads(open(os.path.join(repo.path, "aiguard.sarif")).read())
    assert [r['ruleId'] for r in sarif['runs'][0]['results']] == ['SEC002']


def test_an_orphan_branch_is_checked_commit_by_commit(repo: Repo, tmp_path) -> None:
    """No merge base with the default branch: every commit of the branch, not a skip."""
    main = repo.commit_files({'a.py': 'x = 1\n'}, 'main')
    repo.git('update-ref', 'refs/remotes/origin/main', main)
    repo.git('checkout', '-q', '--orphan', 'pages')
    repo.git('rm', '-q', '-rf', '.')
    first = repo.commit_files({'b.py': f'K = "{KEY}"\n'}, 'orphan root')
    tip = repo.commit_files({'b.py': 'K = None\n'}, 'drop it')
    repo.git('update-ref', 'refs/remotes/origin/pages', tip)  # the clone's remote has the branch
    env = github_event(tmp_path, push_event('0' * 40, tip))
    proc = repo.aiguard('hook', 'ci', env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'shares no history with main' in proc.stderr
    assert f'(commit {first[:10]})' in proc.stdout


def test_a_force_push_whose_before_is_gone_falls_back_to_the_merge_base(ranged, tmp_path) -> None:
    repo, c = ranged
    repo.git('update-ref', 'refs/remotes/origin/main', c['base'])
    gone = 'ab' * 20
    env = github_event(tmp_path, push_event(gone, c['c3']))
    proc = repo.aiguard('hook', 'ci', env=env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'not in this clone' in proc.stderr and 'b.py:1:' in proc.stdout
    # on the default branch itself the merge base is the tip: fail closed, never a pass over nothing
    repo.git('update-ref', 'refs/remotes/origin/main', c['c3'])
    proc = repo.aiguard('hook', 'ci', env=env)
    assert proc.returncode == 2 and '--from-ref' in proc.stderr, proc.stderr


def test_hook_ci_in_ci_without_an_event_fails_closed(ranged) -> None:
    repo, c = ranged
    repo.git('update-ref', 'refs/remotes/origin/main', c['c3'])
    proc = repo.aiguard('hook', 'ci', env={'GITHUB_ACTIONS': 'true', 'GITHUB_EVENT_PATH': ''})
    assert proc.returncode == 2 and '--from-ref' in proc.stderr, proc.stderr
    proc = repo.aiguard('hook', 'ci', env={'GITLAB_CI': 'true'})
    assert proc.returncode == 2 and '--from-ref' in proc.stderr, proc.stderr


def gitlab_env(**values: str) -> dict[str, str]:
    return {'GITLAB_CI': 'true', 'CI_DEFAULT_BRANCH': 'main', 'CI_COMMIT_BEFORE_SHA': '', **values}


@pytest.mark.slow
def test_gitlab_recipe_runs(ranged) -> None:
    repo, c = ranged
    repo.git('update-ref', 'refs/remotes/origin/main', c['base'])
    job = yaml.safe_load(scaffold.template('gitlab-ci.yml'))['aiguard']
    install, fetch, gate = job['script']
    assert install == 'pip install pre-commit' and 'git+' not in scaffold.template('gitlab-ci.yml')
    assert job['variables']['GIT_DEPTH'] == '0' and job['artifacts']['paths'] == ['aiguard.sarif']
    env = {**repo.env, **gitlab_env(CI_MERGE_REQUEST_IID='7', CI_MERGE_REQUEST_DIFF_BASE_SHA=c['base'],
                                     CI_COMMIT_SHA=c['c3']), 'AIGUARD_SARIF': job['variables']['AIGUARD_SARIF']}
    assert bash(fetch, repo.path, env).returncode == 0
    proc = bash(gate, repo.path, env)
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'b.py:1:' in proc.stdout
    sarif = json.loads(open(os.path.join(repo.path, 'aiguard.sarif')).read())
    assert sarif['runs'][0]['results'][0]['ruleId'] == 'SEC002'
    env['CI_MERGE_REQUEST_DIFF_BASE_SHA'] = c['c2']
    assert bash(gate, repo.path, env).returncode == 0
    # a branch pipeline: from the commit before the push; a new branch: from the merge base
    push = {**repo.env, **gitlab_env(CI_COMMIT_BEFORE_SHA=c['c1'], CI_COMMIT_SHA=c['c3'])}
    assert bash(gate, repo.path, push).returncode == 0
    push['CI_COMMIT_BEFORE_SHA'] = '0' * 40
    assert bash(gate, repo.path, push).returncode == 1


def test_docs_show_the_recipes_init_writes() -> None:
    with open(os.path.join(ROOT, 'docs', 'ci.md'), encoding='utf-8') as f:
        doc = f.read()
    assert scaffold.template('github-workflow.yml') in doc
    assert scaffold.template('gitlab-ci.yml') in doc
    assert 'pre-commit run --hook-stage manual aiguard-ci --from-ref' in doc


def test_files_init_writes_pass_aiguard(repo: Repo) -> None:
    """The workflow, config and docs that init writes do not trip aiguard's own rules."""
    assert repo.aiguard('init').returncode == 0
    repo.add()
    proc = repo.aiguard('scan', '--all-files', '--format', 'json')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)['findings'] == []


def test_range_enforces_review_of_ai_commits(repo: Repo, tmp_path) -> None:
    repo.env['PRE_COMMIT_HOME'] = str(tmp_path / 'pre-commit-home')
    base = repo.commit_files({'.pre-commit-config.yaml': local_hook_config(), 'a.py': 'x = 1\n'}, 'base')
    ai = repo.commit_files({'a.py': 'x = 2\n'}, 'Tweak\n\nAI-Assisted: claude-code')
    proc = pre_commit_manual(repo, base, ai, env={'GITHUB_ACTIONS': 'true'})
    assert proc.returncode == 1, proc.stdout
    assert 'POL002' in proc.stdout and ai[:12] in proc.stdout
    assert '::error file=a.py,line=1,col=1,title=aiguard POL002' in proc.stdout
    # the author's own sign-off does not count; a second person's does
    self_signed = repo.commit_files({'a.py': 'x = 3\n'}, 'Tweak\n\nAI-Assisted: claude-code\n'
                                    'Reviewed-by: Ada Human <ada@example.com>')
    assert pre_commit_manual(repo, ai, self_signed).returncode == 1
    reviewed = repo.commit_files({'a.py': 'x = 4\n'}, 'Tweak\n\nAI-Assisted: claude-code\n'
                                 'Reviewed-by: Rita Reviewer <rita@example.com>')
    proc = pre_commit_manual(repo, self_signed, reviewed)
    assert proc.returncode == 0, proc.stdout
    # a human commit needs no review
    human = repo.commit_files({'a.py': 'x = 5\n'}, 'By hand')
    assert repo.aiguard('scan', '--from-ref', reviewed, '--to-ref', human).returncode == 0


def test_a_secret_in_history_is_told_to_rotate_not_to_suppress(ranged) -> None:
    repo, c = ranged
    proc = repo.aiguard('scan', '--from-ref', c['base'], '--to-ref', c['c3'])
    assert proc.returncode == 1
    assert 'rotate each' in proc.stdout and 'revoke the old one' in proc.stdout
    assert 'suppress one with' not in proc.stdout
    # a staged key is not in history yet: removing it (or a suppression) is the fix
    repo.write('c.py', f'K = "{KEY}"\n')
    repo.add('c.py')
    proc = repo.aiguard('scan')
    assert proc.returncode == 1 and 'suppress one with' in proc.stdout and 'rotate' not in proc.stdout
