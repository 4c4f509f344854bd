"""The pattern engine and its rule packs: each rule's own examples, metadata, engine behaviour."""
from __future__ import annotations

import json
import re

import pytest

from aiguard.changes import ChangedFile
from aiguard.config import Config
from aiguard.rules import load_pack
from aiguard.scanners import ScanContext
from aiguard.scanners import patterns
from tests.repo import Repo

PACK_PREFIX = {
    'patterns-js': 'JS', 'patterns-docker': 'DOCKER', 'patterns-shell': 'SH',
    'patterns-actions': 'GHA', 'patterns-gitlab': 'GLCI', 'patterns-k8s': 'K8S',
    'patterns-terraform': 'TF', 'patterns-compose': 'COMPOSE', 'patterns-agents': 'AGENT',
    'patterns-unicode': 'UNI',
}
RULES = [r for pack in patterns.PACKS for r in load_pack(pack).values()]


def _examples(kind: str) -> list[tuple[str, str, str]]:
    out = []
    for rule in RULES:
        for item in rule.data.get('examples', {}).get(kind, ()):
            path = item['path'] if isinstance(item, dict) else patterns.PACKS[rule.pack].sample
            text = item['text'] if isinstance(item, dict) else item
            out.append((rule.id, path, text))
    return out


def fired(path: str, text: str) -> set[str]:
    src = patterns.Source.of(path, text.splitlines())
    return {rule.id for rule, _ in patterns.scan_source(src)}


def scan_one(path: str, text: str) -> list:
    f = ChangedFile(path, '0' * 40, text.encode())
    return patterns.scan([f], ScanContext('/nonexistent', Config()))


@pytest.mark.parametrize(('rule_id', 'path', 'text'), _examples('bad'),
                         ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_bad_example_fires_its_rule(rule_id: str, path: str, text: str) -> None:
    assert rule_id in fired(path, text)


@pytest.mark.parametrize(('rule_id', 'path', 'text'), _examples('good'),
                         ids=lambda v: v if isinstance(v, str) and len(v) < 12 else None)
def test_good_example_does_not_fire_its_rule(rule_id: str, path: str, text: str) -> None:
    assert rule_id not in fired(path, text)


@pytest.mark.parametrize('rule', RULES, ids=lambda r: r.id)
def test_rule_metadata_is_complete(rule) -> None:
    assert re.fullmatch(rf'{PACK_PREFIX[rule.pack]}\d{{3}}', rule.id)
    assert rule.category == 'sast'
    assert re.fullmatch(r'CWE-\d{1,4}', rule.cwe or '')
    assert rule.confidence in ('high', 'medium', 'low')
    for part in (rule.what, rule.why, rule.example, rule.use_instead, rule.summary):
        assert part.strip()
    examples = rule.data.get('examples', {})
    assert examples.get('bad') and examples.get('good'), f'{rule.id} needs bad and good examples'
    assert 'pattern' in rule.data or 'patterns' in rule.data or 'check' in rule.data or 'tree' in rule.data


def test_rule_count_and_every_pack_compiles() -> None:
    for pack in patterns.PACKS:
        for cr in patterns.compiled_pack(pack):
            cr.validate()
    counts = {pack: len(patterns.compiled_pack(pack)) for pack in patterns.PACKS}
    assert all(counts.values())
    assert 40 <= sum(counts.values()) <= 120


def test_every_pattern_pack_file_has_a_pack_entry() -> None:
    from aiguard.rules import pack_names

    assert {p for p in pack_names() if p.startswith('patterns-')} == set(patterns.PACKS)


def test_every_check_function_is_used_by_a_rule() -> None:
    used = {r.data['check'] for r in RULES if 'check' in r.data}
    assert used == set(patterns.all_checks())


@pytest.mark.parametrize(('path', 'wanted'), [
    ('src/app.js', True), ('web/App.tsx', True), ('lib/x.mjs', True), ('Dockerfile', True),
    ('docker/Dockerfile.prod', True), ('build/api.dockerfile', True), ('scripts/deploy.sh', True),
    ('.github/workflows/ci.yml', True), ('.gitlab-ci.yml', True), ('k8s/deploy.yaml', True),
    ('infra/main.tf', True), ('src/app.py', False), ('setup.py', False), ('stubs/x.pyi', False),
    ('README.md', False), ('dist/app.min.js', False), ('types/index.d.ts', False),
    ('docs/workflows/ci.yml', True),  # any YAML may be a manifest; content decides
    ('docker-compose.yml', True), ('deploy/compose.prod.yaml', True),
    ('src/github/workflows/ci.js', True), ('Makefile', False),
    # issue 19: files that steer assistants, wherever a monorepo keeps them
    ('AGENTS.md', True), ('packages/api/CLAUDE.md', True), ('.cursor/rules/style.mdc', True),
    ('web/.cursor/rules/react/hooks.md', True), ('.github/copilot-instructions.md', True), ('.cursorrules', True),
    ('.mcp.json', True), ('.vscode/mcp.json', True), ('docs/agents.md', False), ('CHANGELOG.md', False),
    ('.vscode/settings.json', False),
])
def test_wants_by_name(path: str, wanted: bool) -> None:
    assert patterns.wants(path) is wanted


def test_packs_for_selects_only_matching_packs() -> None:
    assert patterns.packs_for('Dockerfile') == ['patterns-docker', 'patterns-shell']
    assert patterns.packs_for('.github/workflows/release.yaml') == [
        'patterns-shell', 'patterns-actions', 'patterns-k8s']
    assert patterns.packs_for('src/app.ts') == ['patterns-js']
    assert patterns.packs_for('docker-compose.override.yml') == ['patterns-compose', 'patterns-k8s']
    assert patterns.packs_for('tool.py') == []


def test_only_the_packs_a_file_needs_are_loaded() -> None:
    patterns.compiled_pack.cache_clear()
    scan_one('Dockerfile', 'FROM node\n')
    assert patterns.compiled_pack.cache_info().currsize == 2
    scan_one('notes/config.yaml', 'key: value\n')  # not a manifest: the k8s pack is not read
    assert patterns.compiled_pack.cache_info().currsize == 2


def test_k8s_pack_reads_manifests_not_yaml_that_quotes_them() -> None:
    manifest = 'apiVersion: v1\nkind: Pod\nspec:\n  hostNetwork: true\n'
    assert 'K8S003' in fired('deploy/pod.yaml', manifest)
    assert 'K8S003' in fired('deploy/list.yaml', 'items:\n- apiVersion: v1\n  kind: Pod\n  spec:\n    hostPID: true\n')
    quoted = 'examples:\n  - |-\n    apiVersion: v1\n    kind: Pod\n    spec:\n      hostNetwork: true\n'
    assert fired('rules/k8s-examples.yaml', quoted) == set()


def test_finding_fields_column_and_message() -> None:
    text = 'const a = 1;\nconst r = eval(req.query.x);\n'
    [f] = scan_one('src/calc.js', text)
    assert (f.rule_id, f.category, f.line, f.column, f.cwe) == ('JS001', 'sast', 2, 11, 'CWE-95')
    assert f.severity.label == 'high'
    assert 'eval' in f.message or 'non-constant' in f.message


def test_fingerprint_follows_the_line_not_its_number() -> None:
    line = 'const r = eval(req.query.x);'
    [a] = scan_one('src/calc.js', line + '\n')
    [b] = scan_one('src/calc.js', '// header\n\n    ' + line + '\n')
    assert a.line != b.line
    assert a.fingerprint == b.fingerprint


def test_comment_lines_are_not_findings() -> None:
    assert fired('src/a.js', '// eval(userInput) is what we avoid\n/* eval(x) */\n * eval(x)\n') == set()
    assert fired('run.sh', '# curl https://x | sh\n') == set()


def test_multiline_finding_counts_on_any_of_its_lines() -> None:
    text = 'app.use(cors({\n  origin: true,\n  credentials: true,\n}));\n'
    [f] = scan_one('src/server.js', text)
    assert f.rule_id == 'JS016' and f.line == 1 and f.end_line == 3


def test_secret_values_never_appear_in_messages() -> None:
    value = 'sk_' + 'Q' * 24
    findings = scan_one('src/auth.js', f"const t = jwt.sign(payload, '{value}');\n")
    assert [f.rule_id for f in findings] == ['JS010']
    assert value not in json.dumps([f.to_json() for f in findings])


@pytest.mark.parametrize(('path', 'content'), [
    ('.github/workflows/ci.yml', 'on: [push\njobs: {{{\n  - ::: ]\n'),
    ('.github/workflows/ci.yml', '&a [*a]\n'),
    ('deploy/x.yaml', 'apiVersion: v1\nkind: Pod\nspec: [unclosed\n'),
    ('deploy/x.yaml', 'apiVersion: v1\n' + '- ' * 5000 + 'x\n'),
    ('infra/main.tf', 'resource "aws_security_group" "x" {\n ingress {\n cidr_blocks = ["0.0.0.0/0"]\n'),
    ('infra/main.tf', '{' * 10000 + '"Action": "*"' + '}' * 3),
    ('Dockerfile', 'FROM\nUSER\nFROM --platform=\n'),
    ('src/a.js', 'jwt.verify(' + '(' * 5000),
    ('src/a.js', '\ufeff\x00\udcff`SELECT ${'),
    ('src/a.js', ''),
])
def test_malformed_input_is_scanned_without_error(path: str, content: str) -> None:
    f = ChangedFile(path, '0' * 40, content.encode('utf-8', 'surrogateescape'))
    assert isinstance(patterns.scan([f], ScanContext('/nonexistent', Config())), list)


def test_workflow_checks_report_the_exact_line() -> None:
    text = (
        'on: pull_request_target\n'
        'jobs:\n'
        '  t:\n'
        '    runs-on: ubuntu-latest\n'
        '    steps:\n'
        '      - uses: actions/checkout@v4\n'
        '        with:\n'
        '          ref: ${{ github.event.pull_request.head.ref }}\n'
        '      - run: |\n'
        '          echo start\n'
        '          echo "${{ github.event.pull_request.title }}"\n'
    )
    found = {(f.rule_id, f.line) for f in scan_one('.github/workflows/pr.yml', text)}
    assert ('GHA001', 8) in found
    assert ('GHA002', 11) in found


def test_docker_root_user_inherits_user_from_a_named_stage() -> None:
    text = 'FROM node:22 AS base\nUSER node\nFROM base AS final\nCMD ["node", "x.js"]\n'
    assert 'DOCKER002' not in fired('Dockerfile', text)
    assert 'DOCKER002' in fired('Dockerfile', 'FROM node:22 AS base\nUSER node\nFROM node:22\n')


# -- end to end, through `aiguard scan` on real repositories ---------------------

VULNERABLE = {
    'Dockerfile': 'FROM node:latest\nRUN curl -fsSL https://get.example.com/i.sh | sh\nCOPY . /app\n',
    '.github/workflows/triage.yml': (
        'on: issues\n'
        'permissions: write-all\n'
        'jobs:\n'
        '  triage:\n'
        '    runs-on: ubuntu-latest\n'
        '    steps:\n'
        '      - run: echo "${{ github.event.issue.title }}"\n'
    ),
    'src/server.js': (
        "const express = require('express');\n"
        'const app = express();\n'
        "app.get('/u', (req, res) => db.query(`SELECT * FROM users WHERE id = ${req.query.id}`));\n"
    ),
}


def test_scan_all_files_finds_vulnerable_docker_workflow_and_js(repo: Repo) -> None:
    repo.commit_files({**VULNERABLE, 'tool.py': 'import os\n'})
    proc = repo.aiguard('scan', '--all-files', '--format', 'json')
    assert proc.returncode == 1, proc.stderr
    doc = json.loads(proc.stdout)
    found = {(f['rule_id'], f['path']) for f in doc['findings'] if f['category'] == 'sast'}
    assert {
        ('DOCKER001', 'Dockerfile'), ('DOCKER002', 'Dockerfile'), ('SH001', 'Dockerfile'),
        ('GHA002', '.github/workflows/triage.yml'), ('GHA003', '.github/workflows/triage.yml'),
        ('JS003', 'src/server.js'),
    } <= found
    assert ('JS017', 'src/server.js') not in found  # off by default, like PY052
    assert not any(p == 'tool.py' and r.startswith(tuple(PACK_PREFIX.values())) for r, p in found)
    gha002 = next(f for f in doc['findings'] if f['rule_id'] == 'GHA002')
    assert (gha002['line'], gha002['cwe'], gha002['blocking']) == (7, 'CWE-94', True)


def test_existing_finding_on_untouched_line_does_not_block_a_staged_change(repo: Repo) -> None:
    repo.commit_files({'src/calc.js': 'const r = eval(req.query.expr);\nmodule.exports = r;\n'})
    repo.write('src/calc.js', 'const r = eval(req.query.expr);\nmodule.exports = r;\nconst two = 1 + 1;\n')
    repo.add('src/calc.js')
    proc = repo.aiguard('scan', '--staged', '--format', 'json')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert not [f for f in json.loads(proc.stdout)['findings'] if f['rule_id'] == 'JS001']
    # the same change plus a new eval line blocks, on that line only
    repo.write('src/calc.js', 'const r = eval(req.query.expr);\nmodule.exports = r;\n'
                              'const s = eval(req.body.code);\n')
    repo.add('src/calc.js')
    proc = repo.aiguard('scan', '--staged', '--format', 'json')
    assert proc.returncode == 1
    lines = [f['line'] for f in json.loads(proc.stdout)['findings'] if f['rule_id'] == 'JS001']
    assert lines == [3]


def test_inline_ignore_with_reason_suppresses_a_pattern_finding(repo: Repo) -> None:
    repo.commit_files({'deploy.sh': 'chmod 777 /tmp/x  # aiguard: ignore[SH003] scratch dir in a throwaway VM\n'})
    proc = repo.aiguard('scan', '--all-files', '--format', 'json')
    assert proc.returncode == 0, proc.stdout
    assert not json.loads(proc.stdout)['findings']


# -- engine keys, on rules built here ----------------------------------------------

def _rule(**data) -> patterns.CompiledRule:
    from aiguard.findings import Severity
    from aiguard.rules import Rule

    rule = Rule('JS999', 'probe', 'sast', Severity.LOW, 'CWE-20', 'high', 'probe', 'w', 'y', 'e', 'u',
                'patterns-js', data)
    return patterns.CompiledRule.of(rule)


def _lines_hit(cr: patterns.CompiledRule, text: str) -> list[int]:
    src = patterns.Source.of('src/a.js', text.splitlines())
    return [h.line for h in cr.hits(src, re.compile(patterns.PACKS['patterns-js'].comment))]


def test_not_after_cancels_when_a_guard_follows_within_the_window() -> None:
    cr = _rule(pattern=r'danger\(', not_after={'pattern': r'guard\(', 'lines': 2})
    assert _lines_hit(cr, 'danger(x)\nguard(x)\n') == []
    assert _lines_hit(cr, 'danger(x)\n\n\nguard(x)\n') == [1]


def test_file_level_keys() -> None:
    cr = _rule(pattern=r'danger\(', file_pattern=r'import risky', not_file_pattern=r'safeMode')
    assert _lines_hit(cr, 'danger(x)\n') == []
    assert _lines_hit(cr, 'import risky\ndanger(x)\n') == [2]
    assert _lines_hit(cr, 'import risky\nsafeMode()\ndanger(x)\n') == []


def test_contains_limits_the_regex_to_lines_holding_a_needle() -> None:
    cr = _rule(pattern=r'(?i:secret)\s*=', contains=['secret', 'Secret'])
    assert _lines_hit(cr, 'a = 1\nSECRET = 2\nmySecret = 3\nsecret = 4\n') == [3, 4]


def test_file_scope_at_group_points_inside_the_match() -> None:
    cr = _rule(pattern=r'block \{[^}]{0,100}?value = (?P<at>\w+)', scope='file')
    src = patterns.Source.of('src/a.js', ['block {', '  other = 1', '  value = x', '}'])
    [hit] = list(cr.hits(src, re.compile('^$x')))
    assert (hit.line, hit.column, hit.end_line) == (3, 11, None)


@pytest.mark.parametrize('data', [
    {'check': 'no_such_check'},
    {'pattern': '(unclosed'},
    {'pattern': 'x', 'scope': 'block'},
    {'pattern': 'x', 'files': ['*.py']},
    {'pattern': 'x', 'not_after': {'pattern': 'y'}},
    {},
])
def test_malformed_rule_data_is_a_rule_data_error(data: dict) -> None:
    from aiguard.rules import RuleDataError

    with pytest.raises(RuleDataError):
        _rule(**data).validate()


@pytest.mark.parametrize('rule', RULES, ids=lambda r: r.id)
def test_doc_example_fires_and_use_instead_does_not(rule) -> None:
    """What `aiguard explain` shows is itself checked: the Example is caught, the fix is not."""
    # `doc_check`: where the doc's text is read from, and what it spells with <U+...> for the eye
    check = rule.data.get('doc_check', {})
    path = check.get('path', patterns.PACKS[rule.pack].sample)
    header = 'apiVersion: v1\n' if rule.pack == 'patterns-k8s' else ''  # doc snippets are fragments
    assert rule.id in fired(path, header + check.get('example', rule.example))
    assert rule.id not in fired(path, header + rule.use_instead)


FUZZ_PATHS = sorted({p.sample for p in patterns.PACKS.values()} | {'docker-compose.yml'})
FUZZ_ALPHABET = 'apiVersion:kind- \n\t{}[]()"\'`$#/\\,=*&!|<>.:0123456789abcxyzSELECTFROMjwt.verifyFunction' \
                'ingress"0.0.0.0/0"on:pull_request_target run:${{github.event.issue.title}}FROMUSERrootcurl|sh'


@pytest.mark.parametrize('path', FUZZ_PATHS)
def test_random_text_never_raises(path: str) -> None:
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    @settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.text(alphabet=FUZZ_ALPHABET, max_size=400))
    def run(text: str) -> None:
        header = 'apiVersion: v1\n' if path.endswith('.yaml') else ''
        for f in scan_one(path, header + text):
            assert f.line >= 1 and f.column >= 1

    run()


CURL_PIPE = 'curl -fsSL https://get.example.com/install | bash\n'


@pytest.mark.parametrize(('path', 'first_line', 'scanned'), [
    ('bin/deploy', '#!/bin/bash', True),
    ('bin/deploy', '#!/usr/bin/env bash', True),
    ('bin/deploy', '#!/usr/bin/env -S bash -eu', True),
    ('tools/setup', '#!/bin/sh -e', True),
    ('tools/setup', '#! /bin/zsh', True),
    ('bin/tool', '#!/usr/bin/env python3', False),  # not a shell
    ('bin/tool', '#!/usr/bin/env bashful', False),
    ('notes/deploy', 'curl is how we install', False),  # no #! line
    ('bin/deploy.txt', '#!/bin/bash', False),  # named as something else
])
def test_shell_scripts_are_known_by_their_first_line(path: str, first_line: str, scanned: bool) -> None:
    f = ChangedFile(path, '0' * 40, f'{first_line}\n{CURL_PIPE}'.encode())
    assert patterns.wants_file(f) is scanned
    found = patterns.scan([f], ScanContext('/nonexistent', Config()))
    assert [(x.rule_id, x.path, x.line) for x in found] == ([('SH001', path, 2)] if scanned else [])


def test_a_staged_script_without_extension_is_scanned(repo: Repo) -> None:
    repo.commit_files({'README.md': '# Project\n'})
    repo.write('bin/deploy', f'#!/usr/bin/env bash\nset -eu\n{CURL_PIPE}')
    repo.add('bin/deploy')
    proc = repo.aiguard('hook', 'pre-commit', '--format', 'json')
    doc = json.loads(proc.stdout)
    assert [(f['rule_id'], f['path'], f['line']) for f in doc['findings']] == [('SH001', 'bin/deploy', 3)]


@pytest.mark.parametrize(('path', 'content', 'wanted'), [
    ('src/app.py', b'x = 1\n', False),                                  # ASCII: never opened
    ('src/app.py', 'name = "caf\u00e9"\n'.encode(), True),              # code that is not ASCII
    ('README.md', 'Caf\u00e9 \u2014 docs\n'.encode(), False),          # prose without bidi controls
    ('README.md', 'evil \u202e text\n'.encode(), True),                 # any text with a bidi control
    ('locales/he.json', '{"a": "\u202b\u05e9\u202c"}'.encode(), True),
    ('img/logo.png', '\u202e'.encode(), False),                          # (passed as binary below)
])
def test_wants_content_reads_only_text_that_may_hide_code(path: str, content: bytes, wanted: bool) -> None:
    binary = path.endswith('.png')
    assert patterns.wants_content(path, content, binary) is wanted
    f = ChangedFile(path, '0' * 40, content, binary=binary)
    from aiguard import scanners

    assert bool(scanners.wanted('patterns', [f])) is (wanted or patterns.wants(path))


def test_every_instruction_file_glob_holds_a_word_of_the_quick_test() -> None:
    from aiguard.config import Config
    from aiguard.policy import _INSTRUCTION_WORDS, INSTRUCTION_FILES, is_instruction_file, is_policy_file

    assert all(any(w in g for w in _INSTRUCTION_WORDS) for g in INSTRUCTION_FILES)
    assert is_instruction_file('web/.cursor/rules/a.mdc') and is_instruction_file('CLAUDE.md')
    assert not is_instruction_file('docs/rules.md') and not is_instruction_file('README.md')
    assert is_policy_file('.mcp.json', Config()) and not is_policy_file('src/mcp_config.json', Config())
