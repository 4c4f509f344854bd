"""`aiguard scan` end to end on real repositories: modes, gate, formats, exit codes."""
from __future__ import annotations

import json
import os

import jsonschema
import pytest

from tests.repo import Repo

DATA = os.path.join(os.path.dirname(__file__), 'data')
# Built at run time so this file itself holds no key.
AWS_KEY = 'AKIA' + 'Z7QW' * 4
PEM = '-----BEGIN ' + 'RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA\n-----END RSA PRIVATE KEY-----\n'


def load_schema(name: str) -> dict:
    with open(os.path.join(DATA, name)) as f:
        return json.load(f)


def scan_json(repo: Repo, *args: str) -> tuple[int, dict]:
    proc = repo.aiguard('scan', '--format', 'json', *args)
    assert proc.stderr == '' or 'error' in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def test_staged_secret_blocks_with_redacted_output(repo: Repo) -> None:
    repo.write('settings.py', f'AWS_KEY = "{AWS_KEY}"\n')
    repo.add()
    proc = repo.aiguard('scan')
    assert proc.returncode == 1
    assert 'settings.py:1:12: SEC002 [critical]' in proc.stdout
    assert 'AKIA…(20 chars)' in proc.stdout
    assert AWS_KEY not in proc.stdout + proc.stderr


def test_clean_change_passes(repo: Repo) -> None:
    repo.write('a.py', 'print("hello")\n')
    repo.add()
    proc = repo.aiguard('scan')
    assert proc.returncode == 0, proc.stdout
    assert 'aiguard: passed: 0 findings' in proc.stdout


def test_existing_line_does_not_block_but_newly_added_does(repo: Repo) -> None:
    repo.commit_files({'conf.py': f'KEY = "{AWS_KEY}"\n'})
    repo.write('conf.py', f'KEY = "{AWS_KEY}"\nOTHER = 1\n')
    repo.add()
    assert repo.aiguard('scan').returncode == 0
    repo.write('conf.py', f'KEY = "{AWS_KEY}"\nOTHER = 1\nCOPY = "{AWS_KEY}"\n')
    repo.add()
    proc = repo.aiguard('scan')
    assert proc.returncode == 1
    assert 'conf.py:3:' in proc.stdout and 'conf.py:1:' not in proc.stdout


def test_all_files_counts_existing_lines(repo: Repo) -> None:
    repo.commit_files({'conf.py': f'KEY = "{AWS_KEY}"\n'})
    code, doc = scan_json(repo, '--all-files')
    assert code == 1
    assert doc['mode'] == 'all-files'
    assert [f['rule_id'] for f in doc['findings']] == ['SEC002']


def test_json_matches_the_design_schema(repo: Repo) -> None:
    repo.write('k.pem', PEM)
    repo.write('blob.bin', b'\0\1\2')
    repo.add()
    code, doc = scan_json(repo)
    jsonschema.validate(doc, load_schema('aiguard-report.schema.json'))
    assert code == 1
    f = doc['findings'][0]
    assert (f['rule_id'], f['category'], f['severity'], f['cwe'], f['blocking']) == (
        'SEC001', 'secret', 'critical', 'CWE-321', True)
    assert doc['skipped'] == []  # binary: read as its printable runs, nothing in it
    assert doc['scanned_files'] == 2


def test_sarif_validates_against_the_official_schema(repo: Repo) -> None:
    repo.commit_files({'k.pem': PEM, 'conf.py': f'KEY = "{AWS_KEY}"\n', 'img.bin': b'\0\0'})
    proc = repo.aiguard('scan', '--all-files', '--format', 'sarif')
    assert proc.returncode == 1
    doc = json.loads(proc.stdout)
    jsonschema.Draft4Validator(load_schema('sarif-schema-2.1.0.json')).validate(doc)
    run = doc['runs'][0]
    assert {r['ruleId'] for r in run['results']} == {'SEC001', 'SEC002'}
    assert {r['id'] for r in run['tool']['driver']['rules']} == {'SEC001', 'SEC002'}
    assert AWS_KEY not in proc.stdout


def test_output_file(repo: Repo) -> None:
    repo.commit_files({'conf.py': f'KEY = "{AWS_KEY}"\n'})
    out = os.path.join(repo.path, '..', 'report.sarif')
    proc = repo.aiguard('scan', '--all-files', '--format', 'sarif', '--output', out)
    assert proc.returncode == 1
    assert 'aiguard: blocked: 1 finding' in proc.stdout
    with open(out) as f:
        assert json.load(f)['version'] == '2.1.0'


def test_fingerprint_stable_when_line_moves(repo: Repo) -> None:
    repo.commit_files({'conf.py': f'KEY = "{AWS_KEY}"\n'})
    _, before = scan_json(repo, '--all-files')
    repo.commit_files({'conf.py': f'import os\n\n\nKEY = "{AWS_KEY}"\n'})
    _, after = scan_json(repo, '--all-files')
    assert before['findings'][0]['line'] == 1 and after['findings'][0]['line'] == 4
    assert before['findings'][0]['fingerprint'] == after['findings'][0]['fingerprint']


def test_baseline_accepts_existing_and_moving_does_not_resurrect(repo: Repo) -> None:
    repo.commit_files({'conf.py': f'KEY = "{AWS_KEY}"\n'})
    proc = repo.aiguard('baseline', 'create')
    assert proc.returncode == 0
    assert 'with 1 accepted finding' in proc.stdout
    with open(os.path.join(repo.path, '.aiguard-baseline.json')) as f:
        assert AWS_KEY not in f.read()
    assert repo.aiguard('scan', '--all-files').returncode == 1  # the baseline counts once in git
    repo.add('.aiguard-baseline.json')
    assert repo.aiguard('scan', '--all-files').returncode == 0
    repo.commit_files({'conf.py': f'# moved\nKEY = "{AWS_KEY}"\n'})
    assert repo.aiguard('scan', '--all-files').returncode == 0
    repo.write('new.py', f'K2 = "{"AKIA" + "Y6PV" * 4}"\n')
    repo.add('new.py')
    assert repo.aiguard('scan').returncode == 1
    assert repo.aiguard('scan', '--all-files', '--no-baseline').returncode == 1


def test_broken_baseline_is_exit_2(repo: Repo) -> None:
    repo.commit_files({'a.py': 'x = 1\n'})
    repo.write('.aiguard-baseline.json', '{not json')
    repo.add('.aiguard-baseline.json')
    proc = repo.aiguard('scan', '--all-files')
    assert proc.returncode == 2
    assert proc.stderr.startswith('aiguard: error: .aiguard-baseline.json: not a readable aiguard baseline')


def test_no_baseline_ignores_a_broken_baseline(repo: Repo) -> None:
    """--no-baseline reads the baseline only for its salt: a broken one is skipped, not a crash (mypy found a NameError)."""
    repo.commit_files({'a.py': 'x = 1\n', '.aiguard-baseline.json': '{not json'})
    repo.write('conf.py', f'KEY = "{AWS_KEY}"\n')
    repo.add('conf.py')
    proc = repo.aiguard('scan', '--all-files', '--no-baseline')
    assert proc.returncode == 1, proc.stderr
    assert 'Traceback' not in proc.stderr


@pytest.mark.parametrize(('comment', 'blocks'), [
    ('# aiguard: ignore[SEC002] rotated, test account', False),
    ('# aiguard: ignore[SEC002]', True),  # a reason is required
    ('# aiguard: ignore[SEC001] wrong rule', True),
    ('# pragma: allowlist secret', False),
    ('# nosec', True),  # nosec is for code findings, not secrets
])
def test_inline_suppression(repo: Repo, comment: str, blocks: bool) -> None:
    repo.write('conf.py', f'KEY = "{AWS_KEY}"  {comment}\n')
    repo.add()
    assert repo.aiguard('scan').returncode == (1 if blocks else 0)


def test_allowlist_nextline(repo: Repo) -> None:
    repo.write('conf.py', f'# pragma: allowlist nextline secret\nKEY = "{AWS_KEY}"\n')
    repo.add()
    assert repo.aiguard('scan').returncode == 0


def test_rule_turned_off_and_severity_lowered(repo: Repo) -> None:
    # the committed config judges the staged change
    repo.commit_files({'.aiguard.yaml': 'rules: {SEC002: off}\n'}, 'policy')
    repo.write('conf.py', f'KEY = "{AWS_KEY}"\n')
    repo.add('conf.py')
    assert repo.aiguard('scan').returncode == 0
    repo.git('reset', '-q', 'conf.py')
    repo.commit_files({'.aiguard.yaml': 'rules: {SEC002: low}\n'}, 'policy')
    repo.add('conf.py')
    proc = repo.aiguard('scan')
    assert proc.returncode == 0
    assert 'SEC002 [low]' in proc.stdout


def test_excluded_path_is_not_scanned(repo: Repo) -> None:
    repo.commit_files({'.aiguard.yaml': 'exclude: ["fixtures/**"]\n'}, 'policy')
    repo.write('fixtures/conf.py', f'KEY = "{AWS_KEY}"\n')
    repo.add()
    assert repo.aiguard('scan').returncode == 0


def test_paths_mode_from_a_subdirectory(repo: Repo) -> None:
    repo.commit_files({'pkg/conf.py': f'KEY = "{AWS_KEY}"\n', 'pkg/ok.py': 'x = 1\n'})
    proc = repo.aiguard('scan', 'conf.py', cwd=os.path.join(repo.path, 'pkg'))
    assert proc.returncode == 1
    assert 'pkg/conf.py:1:' in proc.stdout
    proc = repo.aiguard('scan', 'ok.py', cwd=os.path.join(repo.path, 'pkg'))
    assert proc.returncode == 0


def test_range_mode_reports_the_commit(repo: Repo) -> None:
    base = repo.commit_files({'a.py': 'x = 1\n'})
    bad = repo.commit_files({'conf.py': f'KEY = "{AWS_KEY}"\n'}, 'add key')
    repo.commit_files({'conf.py': 'KEY = None\n'}, 'remove key')
    code, doc = scan_json(repo, '--from-ref', base, '--to-ref', 'HEAD')
    assert code == 1
    assert doc['mode'] == 'range'
    proc = repo.aiguard('scan', '--from-ref', base, '--to-ref', 'HEAD')
    assert f'(commit {bad[:10]})' in proc.stdout


def test_colour_only_on_tty_and_never_with_no_color(repo: Repo) -> None:
    repo.write('conf.py', f'KEY = "{AWS_KEY}"\n')
    repo.add()
    assert '\033[' not in repo.aiguard('scan').stdout
    proc = repo.aiguard('scan', env={'FORCE_COLOR': '1', 'NO_COLOR': ''})
    assert '\033[1;31m[critical]' in proc.stdout
    proc = repo.aiguard('scan', env={'FORCE_COLOR': '1', 'NO_COLOR': '1'})
    assert '\033[' not in proc.stdout


@pytest.mark.parametrize(('args', 'message'), [
    (('--from-ref', 'nope'), "--from-ref 'nope' is not a commit"),
    (('--to-ref', 'HEAD'), '--to-ref needs --from-ref'),
    (('--all-files', 'a.py'), '--all-files cannot be combined with paths'),
    (('missing.py',), 'missing.py: no such file'),
])
def test_bad_arguments_exit_2_one_line(repo: Repo, args: tuple[str, ...], message: str) -> None:
    repo.commit_files({'a.py': 'x = 1\n'})
    proc = repo.aiguard('scan', *args)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f'aiguard: error: {message}')
    assert 'Traceback' not in proc.stderr


def test_outside_a_repository(tmp_path) -> None:
    proc = Repo(str(tmp_path)).aiguard('scan')
    assert proc.returncode == 2
    assert proc.stderr.strip() == 'aiguard: error: not inside a git repository (run aiguard from a git work tree)'


def test_first_commit_without_head(repo: Repo) -> None:
    repo.write('k.pem', PEM)
    repo.add()
    proc = repo.aiguard('scan', '--staged')
    assert proc.returncode == 1
    assert 'k.pem:1:1: SEC001' in proc.stdout


def test_agent_with_an_unknown_event_is_a_usage_error(repo: Repo) -> None:
    proc = repo.aiguard('agent', 'claude', 'post-edit')
    assert proc.returncode == 2
    assert "invalid choice: 'post-edit'" in proc.stderr


@pytest.mark.parametrize(('line', 'blocks'), [
    ('eval(req.query.code);', True),
    ('eval(req.query.code); // nosec', False),
    ('eval(req.query.code); /* nosec */', False),
    ('eval(req.query.code); // aiguard: ignore[JS001] sandboxed worker, reviewed', False),
])
def test_nosec_in_javascript_comments(repo: Repo, line: str, blocks: bool) -> None:
    repo.write('server.js', f"app.get('/run', (req, res) => {{\n  {line}\n}});\n")
    repo.add()
    proc = repo.aiguard('scan')
    assert proc.returncode == (1 if blocks else 0), proc.stdout
