"""Hostile content through real commits: each engine's verdict survives the gate, memory stays bounded."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.repo import Repo

pytestmark = pytest.mark.slow  # every case here takes seconds: `pytest -m "not slow"` skips them

AWS_KEY = 'AKIA' + 'HQST' * 4


def scan_json(repo: Repo, *args: str) -> tuple[int, dict]:
    proc = repo.aiguard('scan', '--format', 'json', *args)
    assert 'Traceback' not in proc.stderr, proc.stderr
    assert AWS_KEY not in proc.stdout + proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def found(doc: dict) -> list[tuple[str, str, int]]:
    return sorted((f['path'], f['rule_id'], f['line']) for f in doc['findings'])


# --- line numbers are git's: only '\n' ends a line ----------------------------------

# str.splitlines() breaks at each of these; git, and so the added-line filter, does not.
SEPARATORS = ['\x0c', '\x0b', '\x1c', '\x85', '\u2028', '\u2029', '\r']


@pytest.mark.parametrize('sep', SEPARATORS, ids=[f'U+{ord(s):04X}' for s in SEPARATORS])
def test_a_pattern_finding_after_an_odd_line_break_still_blocks(repo: Repo, sep: str) -> None:
    repo.commit_files({'app.js': 'var a = 1;\n'})
    repo.write('app.js', f'var a = 1;\n// page{sep}break\nvar b = 2;\neval(userInput);\n')
    repo.add('app.js')
    code, doc = scan_json(repo, '--staged')
    assert found(doc) == [('app.js', 'JS001', 4)]
    assert code == 1


@pytest.mark.parametrize('sep', ['\x0c', '\u2028', '\x85'], ids=['FF', 'LS', 'NEL'])
def test_a_pragma_on_another_line_does_not_suppress_a_secret(repo: Repo, sep: str) -> None:
    # by str.splitlines() the pragma would sit on the key's line
    repo.write('conf.txt', f'x = 1 {sep} pragma: allowlist secret\nK = "{AWS_KEY}"\n')
    repo.add('conf.txt')
    code, doc = scan_json(repo, '--staged')
    assert found(doc) == [('conf.txt', 'SEC002', 2)]
    assert code == 1


def test_a_pragma_after_an_odd_break_on_the_same_line_still_counts(repo: Repo) -> None:
    repo.write('conf.txt', f'K = "{AWS_KEY}" \u2028 # pragma: allowlist secret\n')
    repo.add('conf.txt')
    code, doc = scan_json(repo, '--staged')
    assert (code, doc['findings']) == (0, [])


# --- the python engine skips what it cannot read; the secrets engine still reads it ----

BAD_PYTHON = {
    'py2.py': 'print "hello"\n',
    'syntax.py': 'def f(:\n    pass\n',
    'nested.py': 'x = ' + '-' * 100_000 + '1\n',
    'nul.py': 'x = 1\n' * 2000 + 'y = "\0"\n',  # the NUL is past git's 8000-byte binary sniff
    'tabs.py': 'if x:\n\tif y:\n        pass\n',
    'codec.py': '# coding: no-such-codec\nx = 1\n',
}


def test_unparseable_python_is_a_python_skip_and_still_scanned_for_secrets(repo: Repo) -> None:
    for name, text in BAD_PYTHON.items():
        repo.write(name, text + f'KEY = "{AWS_KEY}"\n')
    repo.add()
    code, doc = scan_json(repo, '--staged')
    assert code == 1 and doc['errors'] == []
    assert sorted(f['path'] for f in doc['findings'] if f['rule_id'] == 'SEC002') == sorted(BAD_PYTHON)
    skipped = {s['path']: s['reason'] for s in doc['skipped']}
    assert sorted(skipped) == sorted(BAD_PYTHON)
    assert all(reason.startswith('python: ') for reason in skipped.values()), skipped
    # the parser's limit is Python's own (it cannot compile the file): a skip; the other
    # statements are analysed. Code bandit's walk cannot read fails closed: tests/adversarial/test_skips.py
    assert skipped['nested.py'] == 'python: line 1 too deeply nested to parse; the rest of the file was analysed'
    assert skipped['syntax.py'] == 'python: syntax error line 1'


def test_odd_but_valid_python_is_scanned_on_the_right_lines(repo: Repo) -> None:
    repo.commit_files({'crlf.py': 'import pickle\r\n', 'latin.py': b'# -*- coding: latin-1 -*-\nimport pickle\n',
                       'bom.py': '\ufeffimport pickle\n'})
    repo.write('crlf.py', 'import pickle\r\nif x:\r\n\tpickle.loads(x)\r\n')
    repo.write('latin.py', b'# -*- coding: latin-1 -*-\nimport pickle\nname = "caf\xe9"\npickle.loads(x)\n')
    repo.write('bom.py', '\ufeffimport pickle\n\x0c\npickle.loads(x)\n')
    repo.add()
    code, doc = scan_json(repo, '--staged')
    assert found(doc) == [('bom.py', 'PY007', 3), ('crlf.py', 'PY007', 3), ('latin.py', 'PY007', 4)]
    assert code == 1 and doc['skipped'] == []


# --- structural YAML checks that cannot run say so; the line rules still run ----------

def test_invalid_workflow_yaml_is_a_reported_skip_not_a_silent_pass(repo: Repo) -> None:
    repo.write('.github/workflows/ci.yml', 'on: issues\npermissions: write-all\njobs:\n\tx: 1\n')
    repo.add()
    code, doc = scan_json(repo, '--staged')
    assert [f['rule_id'] for f in doc['findings']] == ['GHA003']
    assert doc['skipped'] == [{
        'path': '.github/workflows/ci.yml',
        'reason': 'patterns: structural YAML checks not run: not valid YAML '
                  '(line 4: found character that cannot start any token)',
    }]
    assert code == (1 if doc['findings'][0]['blocking'] else 0)


def test_alias_bomb_in_a_workflow_still_finds_the_injection(repo: Repo) -> None:
    bomb = 'l0: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + ''.join(
        f'l{i}: &l{i} [' + ', '.join([f'*l{i - 1}'] * 9) + ']\n' for i in range(1, 10))
    repo.write('.github/workflows/ci.yml', bomb + (
        'on: issues\njobs:\n  x:\n    runs-on: ubuntu-latest\n    steps:\n'
        '      - run: echo "${{ github.event.issue.title }}"\n'))
    repo.add()
    code, doc = scan_json(repo, '--staged')
    assert found(doc) == [('.github/workflows/ci.yml', 'GHA002', 16)]
    assert doc['skipped'] == []


# --- a whole run over big hostile files: peak memory of the aiguard process -----------

MEASURE = '''
import resource, subprocess, sys
proc = subprocess.run(sys.argv[1:], capture_output=True, text=True)
sys.stdout.write(proc.stdout)
sys.stderr.write(proc.stderr)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024, file=sys.stderr)
sys.exit(proc.returncode)
'''


def test_big_hostile_files_in_one_commit_stay_under_500_mb(repo: Repo) -> None:
    minified = ''.join(f'var a{i}=document.cookie+fetch("/u/"+q[{i}]),b{i}={{k:[{i},({i})]}};' for i in range(33_000))
    repo.commit_files({'.aiguard.yaml': 'max_file_size: 8000000\n'}, 'policy')  # the committed one judges
    repo.write('src/bundle.js', minified + 'eval(location.hash);' + minified)  # one 5 MB line
    repo.write('src/deep.js', 'f(' + '([{' * 50_000 + '\n')
    repo.write('infra/main.tf', 'resource "aws_security_group" "x" {\n' + '{' * 50_000 + '\n')
    repo.write('deploy/pod.yaml', 'apiVersion: v1\nkind: Pod\nitems:\n' + '  - a\n' * 150_000)
    repo.write('big.py', 'x = 1\n' * 100_000 + f'KEY = "{AWS_KEY}"\n')
    repo.write('data.txt', '\n'.join(f'k{i}=v' for i in range(200_000)) + '\n')
    repo.add()
    proc = subprocess.run(
        (sys.executable, '-c', MEASURE, sys.executable, '-m', 'aiguard', 'scan', '--staged', '--format', 'json'),
        cwd=repo.path, env={**repo.env, 'AIGUARD_NO_PARALLEL': '1'}, capture_output=True, text=True, timeout=300,
    )
    assert 'Traceback' not in proc.stderr, proc.stderr
    peak_mb = int(proc.stderr.strip().splitlines()[-1])
    assert peak_mb < 500, peak_mb
    doc = json.loads(proc.stdout)
    assert proc.returncode == 1 and doc["errors"] == [], doc["skipped"]
    assert ('src/bundle.js', 'JS001', 1) in found(doc), doc['skipped']
    assert ('big.py', 'SEC002', 100_001) in found(doc)
