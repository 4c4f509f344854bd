"""`aiguard scan --sarif-in FILE` and `sarif_in:`: other scanners' results judged by aiguard's gate."""
from __future__ import annotations

import json
import os

import pytest

from aiguard import sarif_in
from aiguard.findings import Severity
from tests import sarif_tools
from tests.repo import Repo

SQL = 'python.lang.security.audit.formatted-sql-query.formatted-sql-query'
OLD = 'def handler(uid):\n    value = compute(uid)\n    return value\n'
NEW = 'def handler(uid):\n    value = compute(uid)\n    rows = run_query(uid)\n    return value\n'
AI = {'AIGUARD_AI': 'claude-code'}


@pytest.fixture
def started(repo: Repo) -> Repo:
    repo.commit_files({'app.py': OLD, 'README.md': '# p\n'}, 'start')
    return repo


def _sarif(repo: Repo, name: str, text: str) -> str:
    path = os.path.join(os.path.dirname(repo.path), name)  # beside the repository, as CI writes it
    with open(path, 'w', encoding='utf-8') as f:
        f.write(text)
    return path


def _findings(proc) -> list[dict[str, object]]:
    return json.loads(proc.stdout)['findings']


def _foreign(proc) -> list[dict[str, object]]:
    return [f for f in _findings(proc) if ':' in str(f['rule_id'])]


def _one_line_error(proc) -> str:
    assert proc.returncode == 2, (proc.stdout, proc.stderr)
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and 'Traceback' not in proc.stderr, proc.stderr
    return lines[0]


def test_semgrep_result_on_an_added_line_blocks_and_keeps_tool_and_rule(started: Repo) -> None:
    started.write('app.py', NEW)
    started.add('app.py')
    sarif = _sarif(started, 'semgrep.sarif', sarif_tools.semgrep([('app.py', 3, SQL), ('app.py', 2, SQL)]))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json')
    assert proc.returncode == 1, proc.stdout + proc.stderr
    [f] = _foreign(proc)  # line 2 was there before: not the change's
    assert f['rule_id'] == f'semgrep:{SQL}'
    assert (f['path'], f['line'], f['severity'], f['cwe'], f['blocking']) == ('app.py', 3, 'high', 'CWE-89', True)
    text = started.aiguard('scan', '--staged', '--sarif-in', sarif)
    assert f'app.py:3:5: semgrep:{SQL} [high]' in text.stdout
    assert '2 result(s), 1 on lines this change adds' in text.stdout


def test_a_result_on_a_line_the_change_keeps_never_blocks(started: Repo) -> None:
    started.write('app.py', NEW)
    started.add('app.py')
    sarif = _sarif(started, 'semgrep.sarif', sarif_tools.semgrep([('app.py', 1, SQL), ('README.md', 1, SQL)]))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _foreign(proc) == []


def test_medium_result_blocks_only_an_ai_assisted_change(started: Repo) -> None:
    started.write('app.py', NEW)
    started.add('app.py')
    sarif = _sarif(started, 'semgrep.sarif', sarif_tools.semgrep([('app.py', 3, SQL)], level='warning'))
    human = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json')
    assert human.returncode == 0 and _foreign(human)[0]['severity'] == 'medium'
    ai = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json', env=AI)
    assert ai.returncode == 1 and _foreign(ai)[0]['blocking'] is True


def test_codeql_rules_in_an_extension_and_security_severity(started: Repo) -> None:
    started.write('app.py', NEW)
    started.add('app.py')
    sarif = _sarif(started, 'codeql.sarif', sarif_tools.codeql([('app.py', 3, 'py/sql-injection')], score='9.1'))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json')
    [f] = _foreign(proc)
    assert (f['rule_id'], f['severity'], f['cwe']) == ('codeql:py/sql-injection', 'critical', 'CWE-89')
    assert proc.returncode == 1


def test_snyk_code_cwe_from_its_rule_properties(started: Repo) -> None:
    started.write('app.py', NEW)
    started.add('app.py')
    sarif = _sarif(started, 'snyk.sarif', sarif_tools.snyk_code([('app.py', 3, 'python/Sqli')]))
    [f] = _foreign(started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json'))
    assert (f['rule_id'], f['severity'], f['cwe']) == ('snykcode:python/Sqli', 'high', 'CWE-89')


def test_trivy_paths_under_an_absolute_root_base_id(started: Repo) -> None:
    started.write('requirements.txt', 'requests==2.0.0\n')
    started.add('requirements.txt')
    root_uri = 'file://' + os.path.realpath(started.path) + '/'
    sarif = _sarif(started, 'trivy.sarif', sarif_tools.trivy(root_uri, [('requirements.txt', 1, 'CVE-2018-18074')]))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json')
    [f] = _foreign(proc)
    assert (f['rule_id'], f['path'], f['severity']) == ('trivy:CVE-2018-18074', 'requirements.txt', 'high')


def test_eslint_absolute_file_uris_in_all_files_mode(started: Repo) -> None:
    started.commit_files({'web/a.js': 'const x = 1;\neval(input);\n'}, 'js')
    sarif = _sarif(started, 'eslint.sarif', sarif_tools.eslint(os.path.realpath(started.path), [('web/a.js', 2, 'no-eval')]))
    proc = started.aiguard('scan', '--all-files', '--sarif-in', sarif, '--format', 'json')
    [f] = _foreign(proc)
    assert (f['rule_id'], f['path'], f['line'], f['severity']) == ('eslint:no-eval', 'web/a.js', 2, 'high')
    assert proc.returncode == 1


def test_a_result_outside_the_repository_or_without_location_never_blocks(started: Repo) -> None:
    started.write('app.py', NEW)
    started.add('app.py')
    doc = json.loads(sarif_tools.semgrep([('app.py', 3, SQL)]))
    result = doc['runs'][0]['results'][0]
    doc['runs'][0]['results'] = [
        {**result, 'locations': []},
        {**result, 'locations': [{'physicalLocation': {'artifactLocation': {'uri': 'file:///etc/passwd'},
                                                      'region': {'startLine': 3}}}]},
        {**result, 'locations': [{'physicalLocation': {'artifactLocation': {'uri': '../outside.py'},
                                                      'region': {'startLine': 3}}}]},
    ]
    sarif = _sarif(started, 's.sarif', json.dumps(doc))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif)
    assert proc.returncode == 0, proc.stdout
    assert '3 without a location in the repository (never block)' in proc.stdout


def test_a_line_past_the_end_of_the_file_is_another_version_and_not_judged(started: Repo) -> None:
    started.write('app.py', NEW)
    started.add('app.py')
    sarif = _sarif(started, 's.sarif', sarif_tools.semgrep([('app.py', 40, SQL)]))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif)
    assert proc.returncode == 0 and 'the tool read another version' in proc.stdout


# --- suppressions, rule switches, roles ---------------------------------------------------

def test_aiguard_ignore_with_the_foreign_rule_id_suppresses(started: Repo) -> None:
    started.write('app.py', NEW.replace('run_query(uid)', f'run_query(uid)  # aiguard: ignore[semgrep:{SQL}] vetted'))
    started.add('app.py')
    sarif = _sarif(started, 's.sarif', sarif_tools.semgrep([('app.py', 3, SQL)]))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif)
    assert proc.returncode == 0 and '1 suppressed' in proc.stdout, proc.stdout


def test_bandit_nosec_and_the_tools_own_suppressions_do_not_silence_a_foreign_result(started: Repo) -> None:
    started.write('app.py', NEW.replace('run_query(uid)', 'run_query(uid)  # nosec'))
    started.add('app.py')
    sarif = _sarif(started, 's.sarif', sarif_tools.semgrep([('app.py', 3, SQL)], suppressed=True))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif)
    assert proc.returncode == 1, proc.stdout


def test_rules_off_in_the_committed_config_turns_a_foreign_rule_off(started: Repo) -> None:
    started.commit_files({'.aiguard.yaml': f'rules:\n  "semgrep:{SQL}": off\n'}, 'policy')
    started.write('app.py', NEW)
    started.add('app.py')
    sarif = _sarif(started, 's.sarif', sarif_tools.semgrep([('app.py', 3, SQL)]))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json')
    assert proc.returncode == 0 and _foreign(proc) == []


def test_role_thresholds_apply(started: Repo) -> None:
    started.commit_files({'.aiguard.yaml': 'role_fail_on:\n  auth: low\n'}, 'policy')
    started.write('auth/login.py', OLD)
    started.add('auth/login.py')
    sarif = _sarif(started, 's.sarif', sarif_tools.semgrep([('auth/login.py', 2, SQL)], level='note'))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json')
    [f] = _foreign(proc)
    assert f['severity'] == 'low' and f['blocking'] is True


# --- range mode and the trusted config's sarif_in -------------------------------------------

def test_range_judges_the_tip_against_the_base_with_the_ai_tier_of_the_commit(started: Repo) -> None:
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.commit_files({'app.py': NEW}, 'query\n\nCo-Authored-By: Claude <noreply@anthropic.com>')
    started.commit_files({'app.py': 'import os\n' + NEW}, 'import')  # moves the added line to 4
    started.commit_files({'.aiguard.yaml': 'sarif_in: [semgrep.sarif]\n'}, 'too late: the base judges')
    with open(os.path.join(started.path, 'semgrep.sarif'), 'w') as f:
        f.write(sarif_tools.semgrep([('app.py', 4, SQL), ('app.py', 3, SQL)], level='warning'))
    sarif = os.path.join(started.path, 'semgrep.sarif')
    proc = started.aiguard('scan', '--from-ref', base, '--to-ref', 'HEAD', '--sarif-in', sarif, '--format', 'json')
    found = _foreign(proc)
    assert [(f['line'], f['blocking']) for f in found] == [(4, True)], proc.stdout
    assert proc.returncode == 1


def test_sarif_in_from_the_trusted_config_is_read_in_range_mode(started: Repo) -> None:
    started.commit_files({'.aiguard.yaml': 'sarif_in: [out/semgrep.sarif]\n'}, 'policy')
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.commit_files({'app.py': NEW}, 'query')
    os.makedirs(os.path.join(started.path, 'out'))
    with open(os.path.join(started.path, 'out', 'semgrep.sarif'), 'w') as f:
        f.write(sarif_tools.semgrep([('app.py', 3, SQL)]))
    proc = started.aiguard('scan', '--from-ref', base, '--format', 'json')
    assert [f['rule_id'] for f in _foreign(proc)] == [f'semgrep:{SQL}'], proc.stdout + proc.stderr
    assert proc.returncode == 1
    os.remove(os.path.join(started.path, 'out', 'semgrep.sarif'))
    missing = started.aiguard('scan', '--from-ref', base)
    assert 'out/semgrep.sarif: no such SARIF file' in _one_line_error(missing)


def test_the_commit_hook_never_reads_sarif_in(started: Repo) -> None:
    started.commit_files({'.aiguard.yaml': 'sarif_in: [absent.sarif]\n'}, 'policy')
    started.write('app.py', NEW)
    started.add('app.py')
    proc = started.aiguard('hook', 'pre-commit')
    assert proc.returncode == 0, proc.stdout + proc.stderr


# --- secrets in messages ------------------------------------------------------------------

def test_a_secret_in_a_gitleaks_message_never_reaches_any_output(started: Repo, tmp_path) -> None:
    token = 'ghp_' + 'x7Q2' * 9  # built at run time
    started.write('settings.py', f'GITHUB = "{token}"\n')
    started.add('settings.py')
    sarif = _sarif(started, 'gitleaks.sarif', sarif_tools.gitleaks(
        [('settings.py', 1, 'github-pat', token)], message_with_secret=True))
    for fmt in ('text', 'json', 'sarif'):
        out = tmp_path / f'report.{fmt}'
        proc = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', fmt, '--output', str(out))
        assert proc.returncode == 1, proc.stdout + proc.stderr
        body = out.read_text()
        assert 'gitleaks:github-pat' in body
        assert token not in body and token not in proc.stdout + proc.stderr
        assert token[4:20] not in body


def test_a_gitleaks_result_is_a_secret_and_held_high(started: Repo) -> None:
    password = 'Pw' + 'q8#Lm3vZ' * 2
    started.write('conf.ini', f'[db]\nnote = see {password}\n')
    started.add('conf.ini')
    sarif = _sarif(started, 'gitleaks.sarif', sarif_tools.gitleaks([('conf.ini', 2, 'generic-api-key', password)],
                                                                   message_with_secret=True))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json')
    [f] = _foreign(proc)
    assert (f['category'], f['severity']) == ('secret', 'high')
    assert password not in proc.stdout


# --- bad input: one line, exit 2 ----------------------------------------------------------

@pytest.mark.parametrize('content, said', [
    ('{not json', 'not valid UTF-8 JSON'),
    (b'\xff\xfe{}', 'not valid UTF-8 JSON'),
    ('[' * 100000 + ']' * 100000, 'not valid UTF-8 JSON'),
    ('{"version": "2.0.0", "runs": []}', '"version" is not "2.1.0"'),
    ('{"version": "2.1.0", "runs": {}}', 'runs is not a list'),
    ('{"version": "2.1.0", "runs": [{"tool": {"driver": {}}}]}', 'tool.driver.name is missing'),
    ('{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"level": "fatal"}]}]}',
     'run 1, result 1'),
    ('{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "x"}}, "results": [{"locations": [{"physicalLocation":'
     ' {"region": {"startLine": "3"}}}]}]}]}', 'startLine is not a whole number'),
])
def test_a_malformed_sarif_file_is_one_line_and_exit_2(started: Repo, content, said: str) -> None:
    path = os.path.join(os.path.dirname(started.path), 'bad.sarif')
    with open(path, 'wb') as f:
        f.write(content if isinstance(content, bytes) else content.encode())
    line = _one_line_error(started.aiguard('scan', '--all-files', '--sarif-in', path))
    assert said in line and 'bad.sarif' in line


@pytest.mark.parametrize('target', ['missing.sarif', 'adir', '/dev/zero'])
def test_an_unreadable_sarif_path_is_one_line_and_exit_2(started: Repo, target: str) -> None:
    os.makedirs(os.path.join(started.path, 'adir'), exist_ok=True)
    _one_line_error(started.aiguard('scan', '--all-files', '--sarif-in', target))


def test_a_huge_sarif_file_is_refused_before_it_is_parsed(tmp_path, monkeypatch) -> None:
    monkeypatch.setattr(sarif_in, 'MAX_SARIF_BYTES', 1000)
    path = tmp_path / 'big.sarif'
    path.write_text('{"version": "2.1.0", "runs": []}' + ' ' * 2000)
    with pytest.raises(sarif_in.SarifError, match='big.sarif: larger than'):
        sarif_in.read(str(path), 'big.sarif', str(tmp_path))


# --- the mapping ----------------------------------------------------------------------------

@pytest.mark.parametrize('score, sev', [
    ('9.0', Severity.CRITICAL), (10, Severity.CRITICAL), ('8.9', Severity.HIGH), ('7.0', Severity.HIGH),
    ('6.9', Severity.MEDIUM), ('4.0', Severity.MEDIUM), ('3.9', Severity.LOW), ('0.1', Severity.LOW),
    ('0', Severity.INFO), ('11', None), ('high', None), (True, None), (None, None),
])
def test_security_severity_reads_as_github_reads_it(score, sev) -> None:
    assert sarif_in.score_severity(score) == sev


@pytest.mark.parametrize('name, tool', [('Semgrep OSS', 'semgrep'), ('CodeQL', 'codeql'), ('SnykCode', 'snykcode'),
                                        ('gitleaks', 'gitleaks'), ('Trivy', 'trivy'), ('ESLint', 'eslint'),
                                        ('\x1b[31m', 'sarif')])
def test_tool_names(name: str, tool: str) -> None:
    assert sarif_in.tool_id(name) == tool


def _one(tmp_path, result: dict[str, object], rule: dict[str, object] | None = None) -> sarif_in.ForeignResult:
    doc = {'version': '2.1.0', 'runs': [{'tool': {'driver': {'name': 'x', 'rules': [rule] if rule else []}},
                                         'results': [{'ruleId': 'r', 'message': {'text': 'm'}, **result}]}]}
    path = tmp_path / 'one.sarif'
    path.write_text(json.dumps(doc))
    [found] = sarif_in.read(str(path), 'one.sarif', str(tmp_path))
    return found


@pytest.mark.parametrize('result, rule, sev, cwe', [
    ({}, None, Severity.MEDIUM, None),  # SARIF's default level is warning
    ({'level': 'error'}, None, Severity.HIGH, None),
    ({'level': 'note'}, None, Severity.LOW, None),
    ({'level': 'none'}, None, Severity.INFO, None),
    ({}, {'id': 'r', 'defaultConfiguration': {'level': 'error'}}, Severity.HIGH, None),
    ({'level': 'note'}, {'id': 'r', 'properties': {'security-severity': '9.8'}}, Severity.CRITICAL, None),
    ({}, {'id': 'r', 'properties': {'tags': ['external/cwe/cwe-079']}}, Severity.MEDIUM, 'CWE-79'),
    ({'properties': {'tags': ['CWE-22: Path Traversal']}}, None, Severity.MEDIUM, 'CWE-22'),
    ({'taxa': [{'id': '502', 'toolComponent': {'name': 'CWE'}}]}, None, Severity.MEDIUM, 'CWE-502'),
    ({}, {'id': 'r', 'properties': {'tags': ['CWE-798']}}, Severity.HIGH, 'CWE-798'),  # a credential: a secret
])
def test_level_score_and_cwe_mapping(tmp_path, result, rule, sev: Severity, cwe: str | None) -> None:
    found = _one(tmp_path, result, rule)
    assert (found.severity, found.cwe) == (sev, cwe)


def test_results_that_are_not_problems_are_not_read(tmp_path) -> None:
    doc = {'version': '2.1.0', 'runs': [{'tool': {'driver': {'name': 'x'}}, 'results': [
        {'ruleId': 'r', 'kind': k, 'message': {'text': 'm'}} for k in ('pass', 'notApplicable', 'informational', 'fail')]}]}
    path = tmp_path / 'k.sarif'
    path.write_text(json.dumps(doc))
    assert len(sarif_in.read(str(path), 'k.sarif', str(tmp_path))) == 1


def test_the_baseline_accepts_foreign_findings_and_a_copy_is_new(started: Repo) -> None:
    started.commit_files({'app.py': NEW}, 'query')
    sarif = _sarif(started, 's.sarif', sarif_tools.semgrep([('app.py', 3, SQL)]))
    made = started.aiguard('baseline', 'create', '--sarif-in', sarif)
    assert made.returncode == 0 and '1 accepted' in made.stdout, made.stdout + made.stderr
    started.commit_files({'.aiguard-baseline.json': open(os.path.join(started.path, '.aiguard-baseline.json')).read()},
                         'baseline')
    assert started.aiguard('scan', '--all-files', '--sarif-in', sarif).returncode == 0
    started.write('app.py', NEW.replace('    return value\n', '    rows = run_query(uid)\n    return value\n'))
    started.add('app.py')
    copy = _sarif(started, 'c.sarif', sarif_tools.semgrep([('app.py', 3, SQL), ('app.py', 4, SQL)]))
    proc = started.aiguard('scan', '--staged', '--sarif-in', copy, '--format', 'json')
    assert [f['line'] for f in _foreign(proc)] == [4] and proc.returncode == 1, proc.stdout


def test_a_short_quoted_secret_in_a_credential_rule_message_is_masked(started: Repo) -> None:
    password = 'hu' + 'nter2xz'
    started.write('db.py', 'connect(user="app", pw=get())\n')
    started.add('db.py')
    doc = json.loads(sarif_tools.semgrep([('db.py', 1, 'python.hardcoded-password')],
                                         message=f"Hardcoded password '{password}' passed to connect"))
    doc['runs'][0]['tool']['driver']['rules'][0]['properties']['tags'] = ['CWE-798: Use of Hard-coded Credentials']
    sarif = _sarif(started, 's.sarif', json.dumps(doc))
    proc = started.aiguard('scan', '--staged', '--sarif-in', sarif, '--format', 'json')
    [f] = _foreign(proc)
    assert f['category'] == 'secret' and password not in proc.stdout and '***(9 chars)' in f['message']


def test_the_ci_hook_reads_sarif_in_from_the_base_of_the_range(started: Repo) -> None:
    started.commit_files({'.aiguard.yaml': 'sarif_in: [reports/semgrep.sarif]\n'}, 'policy')
    base = started.git('rev-parse', 'HEAD').stdout.strip()
    started.commit_files({'app.py': NEW}, 'query')
    os.makedirs(os.path.join(started.path, 'reports'))
    with open(os.path.join(started.path, 'reports', 'semgrep.sarif'), 'w') as f:
        f.write(sarif_tools.semgrep([('app.py', 3, SQL)]))
    proc = started.aiguard('hook', 'ci', env={'PRE_COMMIT_FROM_REF': base, 'PRE_COMMIT_TO_REF': 'HEAD'})
    assert proc.returncode == 1 and f'semgrep:{SQL}' in proc.stdout, proc.stdout + proc.stderr
