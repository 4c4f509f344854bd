"""The Python engine through the CLI on real git repositories."""
from __future__ import annotations

import json

import pytest

from tests.repo import Repo

VIEW = '''\
import sqlite3

from flask import Flask, request

app = Flask(__name__)


@app.route("/users")
def users():
    name = request.args.get("name", "")
    conn = sqlite3.connect("app.db")
{body}    return "ok"
'''
UNSAFE = '    conn.execute(f"SELECT * FROM users WHERE name = \'{name}\'")\n'
SAFE = '    conn.execute("SELECT * FROM users WHERE name = ?", (name,))\n'
# Built at run time so this file holds no key.
AWS_KEY = 'AKIA' + 'QX7W' * 4


def scan_json(repo: Repo, *args: str) -> tuple[int, dict]:
    proc = repo.aiguard(*args, '--format', 'json')
    return proc.returncode, json.loads(proc.stdout)


def test_added_vulnerable_line_blocks(repo: Repo) -> None:
    repo.commit_files({'app.py': VIEW.format(body=SAFE)})
    repo.write('app.py', VIEW.format(body=SAFE + UNSAFE))
    repo.add()
    code, report = scan_json(repo, 'scan', '--engine', 'python')
    assert code == 1
    assert [(f['rule_id'], f['line'], f['cwe'], f['blocking']) for f in report['findings']] == \
        [('PY001', 13, 'CWE-89', True)]


def test_untouched_vulnerable_line_does_not_block(repo: Repo) -> None:
    repo.commit_files({'app.py': VIEW.format(body=UNSAFE)})
    repo.write('app.py', VIEW.format(body=UNSAFE) + '\n\ndef helper():\n    return 1\n')
    repo.add()
    code, report = scan_json(repo, 'scan', '--engine', 'python')
    assert code == 0
    assert report['findings'] == []
    code, report = scan_json(repo, 'scan', '--all-files', '--engine', 'python')
    assert code == 1 and [f['rule_id'] for f in report['findings']] == ['PY001']


def test_range_mode_blocks_only_the_commit_that_adds_the_line(repo: Repo) -> None:
    base = repo.commit_files({'app.py': VIEW.format(body=UNSAFE)}, 'vulnerable from the start')
    repo.commit_files({'app.py': VIEW.format(body=UNSAFE) + '\n\ndef other():\n    return 2\n'}, 'unrelated edit')
    code, report = scan_json(repo, 'scan', '--from-ref', base, '--to-ref', 'HEAD', '--engine', 'python')
    assert code == 0 and report['findings'] == []
    repo.commit_files({'app.py': VIEW.format(body=UNSAFE + UNSAFE.replace('users', 'admins'))}, 'second query')
    code, report = scan_json(repo, 'scan', '--from-ref', base, '--to-ref', 'HEAD', '--engine', 'python')
    assert code == 1
    assert [(f['rule_id'], f['line']) for f in report['findings']] == [('PY001', 13)]


def test_pre_commit_hook_with_python_engine(repo: Repo) -> None:
    repo.write('tool.py', 'import subprocess, sys\nsubprocess.run("ls " + sys.argv[1], shell=True)\n')
    repo.add()
    proc = repo.aiguard('hook', 'pre-commit', '--engine', 'python', 'tool.py')
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'tool.py:2:1: PY002 [high]' in proc.stdout
    repo.write('tool.py', 'import subprocess, sys\nsubprocess.run(["ls", sys.argv[1]])\n')
    repo.add()
    proc = repo.aiguard('hook', 'pre-commit', '--engine', 'python', 'tool.py')
    assert proc.returncode == 0, proc.stdout


def test_syntax_error_is_skipped_and_secrets_still_scanned(repo: Repo) -> None:
    repo.write('broken.py', f'KEY = "{AWS_KEY}"\ndef oops(:\n    pass\n')
    repo.add()
    code, report = scan_json(repo, 'scan')
    assert code == 1  # the secret blocks; the parse error is not an operational error
    assert report['errors'] == []
    assert {'path': 'broken.py', 'reason': 'python: syntax error line 2'} in report['skipped']
    assert [f['rule_id'] for f in report['findings']] == ['SEC002']
    assert AWS_KEY not in json.dumps(report)


def test_syntax_error_alone_passes(repo: Repo) -> None:
    repo.write('broken.py', 'def oops(:\n')
    repo.add()
    proc = repo.aiguard('scan', '--engine', 'python')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert 'broken.py: skipped: python: syntax error line 1' in proc.stdout


def test_nosec_suppresses_through_the_gate(repo: Repo) -> None:
    repo.write('load.py', 'import yaml\ncfg = yaml.load(open("c.yml"))  # nosec\n')
    repo.add()
    code, report = scan_json(repo, 'scan', '--engine', 'python')
    assert code == 0 and report['findings'] == []


def test_low_severity_bandit_noise_is_not_reported(repo: Repo) -> None:
    repo.write('util.py', 'import random\nimport subprocess\n\nassert True\npassword = "changeme-later"\n'
                          'subprocess.run(["ls"])\nx = random.random()\n')
    repo.add()
    code, report = scan_json(repo, 'scan', '--engine', 'python')
    assert code == 0 and report['findings'] == []


def test_rules_and_explain_list_python_rules(repo: Repo) -> None:
    proc = repo.aiguard('rules')
    assert proc.returncode == 0
    assert 'PY001' in proc.stdout and 'CWE-89' in proc.stdout
    proc = repo.aiguard('explain', 'py016')
    assert proc.returncode == 0
    for part in ('## What it does', '## Why is this bad?', '## Example', '## Use instead', 'CWE-639'):
        assert part in proc.stdout


@pytest.mark.parametrize(('first_line', 'scanned'), [
    ('#!/usr/bin/env python3', True),
    ('#!/usr/bin/python', True),
    ('#!/usr/bin/env -S python3.12 -u', True),
    ('#!/bin/sh', False),
])
def test_a_python_script_without_extension_is_scanned(repo: Repo, first_line: str, scanned: bool) -> None:
    repo.commit_files({'README.md': '# Project\n'})
    repo.write('bin/cleanup', f'{first_line}\nimport os, sys\nos.system("rm -rf " + sys.argv[1])\n')
    repo.add('bin/cleanup')
    proc = repo.aiguard('hook', 'pre-commit', '--format', 'json')
    rules = {f['rule_id'] for f in json.loads(proc.stdout)['findings'] if f['category'] == 'sast'}
    assert ('PY002' in rules) is scanned, rules
