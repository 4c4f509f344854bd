"""The Python engine itself: bandit mapping, noise dropped, parse errors, nosec, laziness, corpus accuracy."""
from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

from aiguard.changes import ChangedFile
from aiguard.config import Config
from aiguard.gate import suppression
from aiguard.rules import load_pack
from aiguard.scanners import ScanContext
from aiguard.scanners import python as engine

CORPUS = os.path.join(os.path.dirname(__file__), 'python_corpus')


@pytest.fixture(autouse=True)
def _raise_check_errors(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv('AIGUARD_DEBUG', '1')


def scan(code: str, path: str = 'app.py') -> tuple[list, ScanContext]:
    f = ChangedFile(path, '', textwrap.dedent(code).encode())
    ctx = ScanContext('/nonexistent', Config())
    return engine.scan([f], ctx), ctx


@pytest.mark.parametrize(('path', 'wanted'), [
    ('app.py', True), ('pkg/mod.pyw', True), ('setup.cfg', False), ('a.pyc', False), ('README.md', False),
])
def test_wants_python_sources_only(path: str, wanted: bool) -> None:
    assert engine.wants(path) is wanted


@pytest.mark.parametrize('code', [
    'assert x > 0',                                   # B101
    'import subprocess',                              # B404
    'password = "hunter2hunter2"',                    # B105 (the secrets engine's job)
    'def f(password="s3cr3t!!"):\n    pass',          # B107
    'import random\nx = random.random()',             # B311
    'import subprocess\nsubprocess.run(["ls"])',      # B603
    'try:\n    go()\nexcept Exception:\n    pass',    # B110
    'import requests\nrequests.get("https://a.example")',  # B113
    'HOST = "0.0.0.0"',                               # B104
    'import hashlib\nhashlib.md5(data).hexdigest()',  # B324
])
def test_bandit_noise_does_not_reach_users(code: str) -> None:
    findings, _ = scan(code)
    assert findings == []


def test_bandit_test_reported_under_aiguard_id_with_corrected_cwe() -> None:
    # bandit's B609 (wildcard injection) is reported as PY002, command injection
    findings, _ = scan("import subprocess\nsubprocess.Popen('/bin/chown *', shell=True)\n")
    assert [(f.rule_id, f.cwe) for f in findings] == [('PY002', 'CWE-78')]  # bandit says CWE-78 too
    assert '(bandit B609)' in findings[0].message


def test_yaml_loader_resolved_through_a_local_name() -> None:
    # bandit's B506 flags `Loader=loader` even when loader is CSafeLoader; PY008 alone decides
    findings, _ = scan("import yaml\nldr = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)\n"
                       "cfg = yaml.load(text, Loader=ldr)\n")
    assert findings == []


def test_bandit_and_own_check_on_one_line_give_one_finding() -> None:
    # own PY026 and bandit's B501 both see verify=False
    findings, _ = scan('import requests\nrequests.get(url, verify=False)\n')
    assert [(f.rule_id, f.line) for f in findings] == [('PY026', 2)]
    assert 'bandit' not in findings[0].message


def test_every_mapped_bandit_test_is_run() -> None:
    from bandit.core import extension_loader

    mapped = set(engine.bandit_map())
    known = set(extension_loader.MANAGER.plugins_by_id) | set(extension_loader.MANAGER.blacklist_by_id)
    assert mapped <= known
    assert not mapped & {'B101', 'B404', 'B105', 'B106', 'B107', 'B311', 'B603', 'B110'}


def test_finding_fields() -> None:
    findings, _ = scan('import os\n\ndef f(p):\n    os.system("rm -rf " + p)\n')
    f = findings[0]
    assert (f.rule_id, f.category, f.severity.label, f.cwe, f.path, f.line, f.column) == \
        ('PY002', 'sast', 'high', 'CWE-78', 'app.py', 4, 5)
    assert f.fingerprint and f.confidence == 'high'


def test_multi_line_call_spans_its_lines() -> None:
    findings, _ = scan('cur.execute(\n    f"SELECT * FROM t WHERE a = \'{a}\'"\n)\n')
    assert (findings[0].line, findings[0].end_line) == (1, 3)


@pytest.mark.parametrize(('code', 'line'), [
    ('def f(:\n    pass\n', 1),
    ('x = 1\nif x\n    y = 2\n', 2),
    ('print "python 2"\n', 1),
])
def test_syntax_error_is_skipped_not_raised(code: str, line: int) -> None:
    findings, ctx = scan(code)
    assert findings == []
    assert [(s.path, s.reason, s.engine) for s in ctx.skipped] == [('app.py', f'syntax error line {line}', 'python')]


@pytest.mark.parametrize(('code', 'reason'), [
    ('x = ' + '+'.join(['a'] * 2500) + '\n', 'too deeply nested to analyse'),
    ('x = ' + '+'.join(['a'] * 20000) + '\n', 'too deeply nested to parse'),
])
def test_deep_nesting_is_skipped_not_raised(code: str, reason: str) -> None:
    findings, ctx = scan(code)
    assert findings == []
    # which of the two stages gives up first depends on the Python version's parser
    assert [('too deeply nested to' in s.reason, s.engine) for s in ctx.skipped] == [(True, 'python')]
    if sys.version_info >= (3, 11):
        assert ctx.skipped[0].reason == f'line 1 {reason}; the rest of the file was analysed'
        # bandit's walk gave up on code Python runs: a failure; the parser's limit is Python's too
        assert ctx.skipped[0].failure is (reason.endswith('analyse'))


def test_source_encoding_is_honoured() -> None:
    latin = ChangedFile('l.py', '', '# -*- coding: latin-1 -*-\nimport os\nos.system("rm " + nom)  # é\n'.encode('latin-1'))
    broken = ChangedFile('b.py', '', b'x = "\xff\xfe"\n')
    ctx = ScanContext('/nonexistent', Config())
    assert [(f.path, f.rule_id) for f in engine.scan([latin, broken], ctx)] == [('l.py', 'PY002')]
    assert [(s.path, s.reason) for s in ctx.skipped] == [('b.py', 'syntax error line 1')]


def test_nul_bytes_are_skipped() -> None:
    findings, ctx = scan('x = 1\0\n')
    assert findings == [] and ctx.skipped[0].engine == 'python'


def test_other_files_still_scanned_after_a_syntax_error() -> None:
    bad = ChangedFile('bad.py', '', b'def (:\n')
    good = ChangedFile('good.py', '', b'import yaml\nyaml.load(s)\n')
    ctx = ScanContext('/nonexistent', Config())
    assert [f.path for f in engine.scan([bad, good], ctx)] == ['good.py']


def test_nosec_is_left_to_the_gate() -> None:
    # bandit would drop the line itself; aiguard reports it and the gate suppresses it (and counts it)
    code = 'import yaml\ncfg = yaml.load(s)  # nosec\nother = yaml.load(t)  # nosec B506\n'
    findings, _ = scan(code)
    assert [f.line for f in findings] == [2, 3]
    file = ChangedFile('app.py', '', code.encode())
    assert [suppression(f, file) for f in findings] == ['nosec', 'nosec']


def test_aiguard_ignore_names_own_rule_id() -> None:
    code = 'import yaml\ncfg = yaml.load(s)  # aiguard: ignore[PY008] trusted build-time file\n'
    findings, _ = scan(code)
    file = ChangedFile('app.py', '', code.encode())
    assert suppression(findings[0], file) == 'aiguard: ignore (trusted build-time file)'


def test_importing_the_engine_does_not_import_bandit() -> None:
    code = 'import sys, aiguard.scanners.python as p; p.wants("a.py"); print("bandit" in sys.modules)'
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == 'False'


def test_every_python_rule_has_a_check_or_a_bandit_test() -> None:
    """A rule in python.yaml is answered by a decorated check found in python_checks/, or by bandit."""
    from aiguard.scanners.python_checks import all_checks

    import re
    import sys

    checks = {c._test_id for c in all_checks()}
    pack = load_pack('python')
    assert checks <= set(pack)
    # a check may also report a related rule: issue('PY013', ...) from the PY012 check
    reported = set()
    for module in {sys.modules[c.__module__] for c in all_checks()}:
        with open(module.__file__, encoding='utf-8') as f:
            reported.update(re.findall(r"issue\(\s*'(PY\d+)'", f.read()))
    assert [rid for rid, rule in pack.items() if rid not in checks | reported and not rule.data.get('bandit')] == []


def test_hostile_input_never_raises() -> None:
    weird = [
        'x = ' + '(' * 50 + '1' + ')' * 50,
        'f"{' + 'a' * 10 + '}"' * 200,
        'def f(*a, **k):\n    return eval\n',
        'cursor.execute(*args)\nsubprocess.run(**kw)\nopen()\nredirect()\n',
        'class A:\n    def logout(self):\n        pass\n',
        'lambda: eval(x)\n',
        '@app.route\ndef r(): return f"<p>{request}</p>"\n',
    ]
    for code in weird:
        scan(code)


def _corpus_rates(folder: str) -> tuple[float, float]:
    sys.path.insert(0, os.path.join(os.path.dirname(__file__), '..', 'benchmarks'))
    try:
        import python_accuracy as bench
    finally:
        sys.path.pop(0)
    vulnerable, safe = bench.load_corpus(folder)
    sources = [(f'v/{n}', t) for n, _, t in vulnerable] + [(f's/{n}', t) for n, t in safe]
    found, _ = bench.aiguard_findings(sources)
    detected = sum(
        any(bench.family(c) == bench.family(cwe) for _, c in found[f'v/{n}']) for n, cwe, _ in vulnerable)
    flagged = sum(bool(found[f's/{n}']) for n, _ in safe)
    return detected / len(vulnerable), flagged / len(safe)


@pytest.mark.parametrize('folder', [CORPUS, os.path.join(CORPUS, 'holdout'), os.path.join(CORPUS, 'holdout2'), os.path.join(CORPUS, 'holdout3'),
                                    os.path.join(CORPUS, 'holdout4')])
def test_corpus_accuracy_does_not_regress(folder: str) -> None:
    detection, false_positive = _corpus_rates(folder)
    assert detection >= 0.9
    assert false_positive <= 0.05


def test_a_crashing_check_does_not_stop_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(context: object) -> None:
        raise ValueError('odd code')

    def finds(context: object) -> str:
        return 'issue'

    monkeypatch.setattr(engine, '_DEBUG', [False])
    monkeypatch.setattr(engine, '_found', [])
    monkeypatch.setattr(engine, '_crashed', [])
    engine._run_all([boom, finds])(object())
    assert engine._found == ['issue']
    assert engine._crashed == [('?', None, 'ValueError')]  # noted, to be reported as a skip
    monkeypatch.setattr(engine, '_DEBUG', [True])
    with pytest.raises(ValueError):
        engine._run_all([boom, finds])(object())


def test_lone_carriage_return_keeps_git_line_numbers() -> None:
    # Python ends a line at a lone CR, git does not: the call is on git's line 3
    findings, _ = scan('import pickle\nx = 1\ry = 2\npickle.loads(x)\n')
    assert [(f.rule_id, f.line) for f in findings] == [('PY007', 3)]


def test_columns_count_characters_not_bytes() -> None:
    findings, _ = scan('x = "éééé"; eval(input())\n')
    assert [(f.rule_id, f.column) for f in findings] == [('PY003', 13)]


def test_bandit_message_that_quotes_a_secret_is_withheld() -> None:
    key = 'AKIA' + 'QZ7P' * 4
    findings, _ = scan(f'import os\nos.chmod("/run/{key}", 0o777)\n')
    assert findings and all(key not in f.message for f in findings)


def test_nul_byte_skip_names_no_line_zero() -> None:
    _, ctx = scan('x = 1\ny = "\0"\n')
    [reason] = [s.reason for s in ctx.skipped]
    assert 'null bytes' in reason or reason == 'not parseable as Python source'  # 3.11+ / older
    assert 'line 0' not in reason


def test_bandit_is_used_without_its_plugin_discovery() -> None:
    import subprocess
    import sys

    code = (
        'import sys\n'
        'from aiguard.changes import ChangedFile\n'
        'from aiguard.config import Config\n'
        'from aiguard.scanners import ScanContext, load\n'
        'f = ChangedFile("a.py", "", b"import requests\\nrequests.get(u, verify=False)\\n")\n'
        'found = load("python").scan([f], ScanContext("/tmp", Config()))\n'
        'print(sorted(x.rule_id for x in found), "bandit.core.extension_loader" in sys.modules)\n'
    )
    out = subprocess.run((sys.executable, '-c', code), capture_output=True, text=True, check=True).stdout
    assert out.strip() == "['PY026'] False"


def test_fallback_test_set_finds_the_same(monkeypatch: pytest.MonkeyPatch) -> None:
    code = 'import os\nos.chmod("/srv/app", 0o777)\nimport tempfile\ntempfile.mktemp()\n'
    fast, _ = scan(code)
    monkeypatch.setattr(engine, '_kept_tests', lambda kept: (_ for _ in ()).throw(LookupError('layout')))
    engine._test_set.cache_clear()
    try:
        slow, _ = scan(code)
    finally:
        engine._test_set.cache_clear()
    assert [(f.rule_id, f.line) for f in slow] == [(f.rule_id, f.line) for f in fast] == [('PY050', 2), ('PY051', 4)]


PRUNE_SRC = '''\
import subprocess
from flask import Flask, request

app = Flask(__name__)
QUERY = "SELECT * FROM users WHERE name = '%s'"


def untouched(cmd):
    subprocess.call(cmd, shell=True)


@app.route("/find")
def find(db):
    name = request.args["name"]
    db.execute(f"SELECT * FROM users WHERE name = '{name}'")
'''


@pytest.mark.parametrize(('added', 'expected'), [
    (None, [('PY001', 15), ('PY002', 9)]),   # whole file
    ({15}, [('PY001', 15)]),                 # the sink line: its function is walked whole
    ({14}, [('PY001', 15)]),                 # only the source line changed: same function
    ({12}, [('PY001', 15)]),                 # a decorator added to an existing function
    ({5}, []),                               # a module constant: no statement with a sink
    ({2}, []),                               # an import
])
def test_only_statements_holding_added_lines_are_walked(added, expected) -> None:  # noqa: ANN001
    f = ChangedFile('app.py', '', PRUNE_SRC.encode(), frozenset(added) if added else None)
    ctx = ScanContext('/nonexistent', Config())
    found = sorted((x.rule_id, x.line) for x in engine.scan([f], ctx))
    assert found == sorted(expected)


@pytest.fixture
def crashing_checks(monkeypatch: pytest.MonkeyPatch):
    """aiguard's eval check (PY003) and bandit's wildcard test (B609) raise on every call."""
    import bandit.plugins.injection_wildcard as wildcard

    from aiguard.scanners.python_checks import injection

    def crashing(test_id: str, module: str):
        def check(context: object) -> None:
            raise ValueError('odd code')
        check._test_id, check._checks, check.__module__ = test_id, ['Call'], module
        return check

    monkeypatch.setattr(injection, 'eval_of_data', crashing('PY003', injection.__name__))
    monkeypatch.setattr(wildcard, 'linux_commands_wildcard_injection', crashing('B609', wildcard.__name__))
    monkeypatch.delenv('AIGUARD_DEBUG')
    engine._test_set.cache_clear()
    yield
    engine._test_set.cache_clear()


CRASH_CODE = 'import os, pickle\n\ndef run(data):\n    eval(data)\n    os.system("tar cf x *")\n    return pickle.loads(data)\n'


def test_a_crashing_check_is_a_skip_and_the_other_checks_still_report(crashing_checks: None) -> None:
    findings, ctx = scan(CRASH_CODE)
    assert {f.rule_id for f in findings} >= {'PY007'}  # pickle.loads: the other checks ran
    # each crashed check once, where it first crashed (both on every call: eval's line)
    assert sorted((s.path, s.engine, s.reason, s.failure) for s in ctx.skipped) == [
        ('app.py', 'python', 'check B609 failed at line 4 (ValueError); the other checks ran', False),
        ('app.py', 'python', 'check PY003 failed at line 4 (ValueError); the other checks ran', False),
    ]


def test_a_crashing_check_shows_in_the_json_report(crashing_checks: None, repo) -> None:
    import json

    from aiguard import scan as scan_mod
    from aiguard.report import json_report

    repo.commit_files({'app.py': CRASH_CODE})
    result = scan_mod.run(repo.path, Config(), scan_mod.ScanRequest(mode='all-files', engines=('python',),
                                                                    use_cache=False))
    skipped = json.loads(json_report.render(result))['skipped']
    assert {'path': 'app.py', 'reason': 'python: check PY003 failed at line 4 (ValueError); the other checks ran'} in skipped
