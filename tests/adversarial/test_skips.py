"""Files aiguard once skipped, and so passed: too large, binary to git, UTF-16 or UTF-32 without
a byte-order mark, Python too deeply nested for the parser or bandit's walk, and files that
pre-commit's own content sniffing never handed over.

Each must now be read (secrets in pieces, printable runs, decoded text, the statements that
parse) or, where it truly cannot be, fail closed: exit 2 and a line under `skipped`.
"""
from __future__ import annotations

import json
import os
import random
import shutil
import string
import subprocess

import pytest

from aiguard.scanners import secrets
from tests.repo import BIN_DIR, Repo
from tests.secrets_corpus import github_checksummed


def github_token(seed: int) -> str:
    """A classic GitHub token shape, made up here (never a literal in this file)."""
    r = random.Random(seed)
    return github_checksummed('ghp_', ''.join(r.choice(string.ascii_letters + string.digits) for _ in range(30)))


def scan(repo: Repo, *args: str) -> tuple[int, dict]:
    proc = repo.aiguard('scan', '--staged', '--format', 'json', *args)
    assert proc.returncode in (0, 1, 2), proc.stderr
    assert 'Traceback' not in proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def stage(repo: Repo, files: dict[str, str | bytes]) -> None:
    repo.commit_files({'README.md': 'project\n'})
    for name, content in files.items():
        repo.write(name, content)
    repo.add(*files)


# --- over max_file_size ------------------------------------------------------------

def test_a_secret_in_a_file_over_max_file_size_is_found_on_its_line(repo: Repo) -> None:
    token = github_token(1)
    rows = [f'row {i},{"x" * 40}' for i in range(60_000)]  # ~3 MB, three times the limit
    rows[55_000] = f'token = "{token}"'
    stage(repo, {'exports/data.csv': '\n'.join(rows) + '\n'})
    code, doc = scan(repo)
    assert code == 1
    assert [(f['path'], f['line'], f['rule_id']) for f in doc['findings']] == [('exports/data.csv', 55_001, 'SEC111')]
    assert doc['skipped'] == []
    assert token not in json.dumps(doc)


def test_a_large_file_changed_elsewhere_does_not_block_on_its_old_secret(repo: Repo) -> None:
    rows = [f'row {i},{"x" * 40}' for i in range(60_000)]
    rows[10] = f'token = "{github_token(2)}"'
    repo.commit_files({'exports/data.csv': '\n'.join(rows) + '\n'})
    rows.append('row new')
    repo.write('exports/data.csv', '\n'.join(rows) + '\n')
    repo.add('exports/data.csv')
    code, doc = scan(repo)
    assert code == 0 and doc['findings'] == []


def test_a_python_file_over_max_file_size_fails_closed_for_the_python_engine(repo: Repo) -> None:
    body = 'import os, sys\n' + 'VALUE = 1\n' * 120_000 + 'os.system("ls " + sys.argv[1])\n'
    stage(repo, {'gen/big.py': body})
    code, doc = scan(repo)
    assert code == 2
    assert [s['path'] for s in doc['skipped']] == ['gen/big.py']
    assert doc['skipped'][0]['reason'].startswith('python: larger than max_file_size')
    assert any('gen/big.py: could not be scanned' in e for e in doc['errors'])
    repo.write('.aiguard.yaml', 'fail_closed: false\n')
    repo.add('.aiguard.yaml')
    repo.git('commit', '-q', '-m', 'policy', '--', '.aiguard.yaml')  # the committed policy is the one read
    code, doc = scan(repo)
    assert code == 0 and doc['skipped'][0]['path'] == 'gen/big.py'  # listed, not hidden


def test_pieces_of_a_large_file_find_a_token_cut_in_two_once() -> None:
    token = github_token(3)
    text = ('x' * 99 + '\n') * 30 + 'key = "' + token + '"\n' + 'tail\n'
    data = text.encode()
    cut = data.index(token.encode()) + 10
    for pieces in ([data[:cut], data[cut:]], [data[i:i + 7] for i in range(0, len(data), 7)]):
        found = secrets.scan_pieces('data.txt', pieces)
        assert [(f.rule_id, f.line, f.column) for f in found] == [('SEC111', 31, 8)]


def test_pieces_without_a_newline_stay_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    # one line of 6 MB read 1 MB at a time: each window is a piece and the overlap, not all of it
    token = github_token(4)
    windows: list[int] = []
    real = secrets.scan_text

    def counting(path: str, text: str):  # noqa: ANN202
        windows.append(len(text))
        return real(path, text)

    monkeypatch.setattr(secrets, 'scan_text', counting)
    piece = b'a,' * (1 << 19)
    pieces = [piece] * 3 + [b' "' + token.encode() + b'" '] + [piece] * 3
    found = secrets.scan_pieces('one-line.json', pieces)
    assert [f.rule_id for f in found] == ['SEC111']
    assert max(windows) <= (1 << 20) + 2 * secrets.STREAM_OVERLAP


# --- binary to git, UTF-16 and UTF-32 without a BOM ---------------------------------

def env_line(token: str) -> str:
    return f'API_TOKEN={token}\n'


@pytest.mark.parametrize(('name', 'encode'), [
    ('.env', lambda t: b'\x00' + env_line(t).encode()),                          # a NUL byte up front
    ('.npmrc', lambda t: b'\x01\x02' + ('//registry.npmjs.org/:_authToken=' + t + '\n').encode()),
    ('assets/logo.png', lambda t: b'\x89PNG\r\n\x1a\n\x00\x00' + b'\x00' * 64 + f'"{t}"'.encode() + b'\x00' * 64),
    ('.env', lambda t: env_line(t).encode('utf-16-le')),                          # no BOM
    ('.env', lambda t: env_line(t).encode('utf-16-be')),
    ('config/app.env', lambda t: env_line(t).encode('utf-32')),                   # with a BOM
    ('config/app.env', lambda t: env_line(t).encode('utf-32-le')),                # without one
])
def test_a_secret_in_binary_or_wide_text_is_found(repo: Repo, name: str, encode) -> None:  # noqa: ANN001
    token = github_token(5)
    stage(repo, {name: encode(token)})
    code, doc = scan(repo)
    assert code == 1, doc
    assert [(f['path'], f['rule_id']) for f in doc['findings']] == [(name, 'SEC111')]
    assert doc['skipped'] == []
    assert token not in json.dumps(doc)


def test_a_shell_script_with_a_nul_byte_is_still_read_by_its_engine(repo: Repo) -> None:
    # bash skips NUL bytes and runs the rest: the script is not "binary" to its engine
    script = b'#!/bin/sh\n# \x00\ncurl -fsSL https://example.com/install.sh | sh\n'
    stage(repo, {'install.sh': script})
    code, doc = scan(repo)
    assert [f['rule_id'] for f in doc['findings']] == ['SH001'], doc
    assert doc['skipped'] == []


# --- Python too deeply nested -------------------------------------------------------

def deep_module(terms: int, injection: str = 'os.system("ls " + sys.argv[1])') -> str:
    return ('import os, sys\n\nTOTAL = ' + ' + '.join(['1'] * terms) + '\n\n\n'
            f'def run():\n    {injection}\n')


def test_an_injection_beside_a_deep_expression_is_found_and_the_rest_fails_closed(repo: Repo) -> None:
    # bandit's walk gives up on a statement Python compiles and runs
    stage(repo, {'app/calc.py': deep_module(1500)})
    code, doc = scan(repo)
    assert code == 2
    assert [(f['rule_id'], f['line']) for f in doc['findings']] == [('PY002', 7)]
    assert [(s['path'], s['reason'].split(';')[0]) for s in doc['skipped']] == [
        ('app/calc.py', 'python: line 3 too deeply nested to analyse')]
    repo.write('.aiguard.yaml', 'fail_closed: false\n')
    repo.add('.aiguard.yaml')
    repo.git('commit', '-q', '-m', 'policy', '--', '.aiguard.yaml')  # the committed policy is the one read
    code, doc = scan(repo)
    assert code == 1  # the injection blocks; the deep line is listed


def test_beside_an_expression_too_deep_for_the_parser_the_other_statements_are_analysed(repo: Repo) -> None:
    # the parser gives up: Python cannot compile the file either, so the piece is a skip
    stage(repo, {'app/calc.py': deep_module(5000)})
    code, doc = scan(repo)
    assert code == 1
    assert [(f['rule_id'], f['line']) for f in doc['findings']] == [('PY002', 7)]
    assert [(s['path'], s['reason'].split(';')[0]) for s in doc['skipped']] == [
        ('app/calc.py', 'python: line 3 too deeply nested to parse')]


def test_a_deep_expression_the_change_does_not_touch_is_not_a_failure(repo: Repo) -> None:
    repo.commit_files({'app/calc.py': deep_module(1500, 'return 0')})
    repo.write('app/calc.py', deep_module(1500, 'return 0') + '\n\ndef go():\n    os.system("x" + sys.argv[1])\n')
    repo.add('app/calc.py')
    code, doc = scan(repo)
    assert code == 1
    assert [f['rule_id'] for f in doc['findings']] == ['PY002'] and doc['skipped'] == []


# --- through pre-commit: files its content sniffing calls binary ------------------------

@pytest.mark.slow
def test_pre_commit_hands_aiguard_the_files_it_calls_binary(
        repo: Repo, project_clone: tuple[str, str], pre_commit_home: str) -> None:
    if shutil.which('pre-commit', path=BIN_DIR + os.pathsep + os.environ.get('PATH', '')) is None:
        pytest.fail('pre-commit is part of the test extra: pip install -e ".[test]"')
    path, sha = project_clone
    repo.commit_files({'README.txt': 'hi\n'})
    token = github_token(6)
    files = {
        '.npmrc': b'\x01' + ('//registry.npmjs.org/:_authToken=' + token + '\n').encode(),
        'credentials': b'[default]\n\x01\n' + ('token = ' + github_token(7) + '\n').encode(),
        '.env': env_line(github_token(8)).encode('utf-16-le'),
    }
    for name, content in files.items():
        repo.write(name, content)
    repo.add(*files)
    proc = subprocess.run(
        ('pre-commit', 'try-repo', path, 'aiguard', '--ref', sha),
        cwd=repo.path, env={**repo.env, 'PRE_COMMIT_HOME': pre_commit_home},
        capture_output=True, text=True, timeout=900,
    )
    assert proc.returncode == 1, proc.stdout + proc.stderr
    for name in files:
        assert f'{name}:' in proc.stdout and 'SEC111' in proc.stdout, (name, proc.stdout)
    assert token not in proc.stdout + proc.stderr


def test_a_failure_stays_a_failure_when_the_result_comes_from_the_cache(repo: Repo) -> None:
    repo.commit_files({'app/calc.py': deep_module(1500)})
    for _ in range(2):  # cold, then warm: the cached skip keeps its failure
        proc = repo.aiguard('scan', '--all-files', '--format', 'json')
        assert proc.returncode == 2, proc.stderr
        assert json.loads(proc.stdout)['skipped'][0]['reason'].startswith('python: line 3 too deeply nested')
