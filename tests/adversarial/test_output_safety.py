"""A hostile file name cannot forge or hide report lines; a closed or ASCII-only stdout degrades
the output and keeps the verdict (issue 13 item 12)."""
from __future__ import annotations

import json
import os
import re
import subprocess
import sys

import jsonschema
import pytest

from aiguard.report.safe import ascii_json, printable, quote_path, uri
from tests.repo import Repo

DATA = os.path.join(os.path.dirname(__file__), '..', 'data')
AWS_KEY = 'AKIA' + 'HQST' * 4
YAML_LOAD = 'import yaml\nx = yaml.load(s)\n'
# RFC 3986 relative reference characters: unreserved, sub-delims, ':', '@', '/', and %XX
URI_CHARS = re.compile(r"^(?:[A-Za-z0-9\-._~!$&'()*+,;=:@/]|%[0-9A-F]{2})+$")

HOSTILE_NAMES = [
    'evil\nsrc/ok.py',                 # forges a line of the report
    '\x1b[8mhidden.py',                # hides the rest of the terminal line
    '\x1b]0;title\x07t.py',            # sets the terminal title
    'rtl\u202eyp.txt.py',              # bidi override: shows as another name
    'back\\slash "quoted".py',
    'tab\there.py',
    'caf\u00e9.py',                    # printable non-ASCII stays readable
]


def names_repo(repo: Repo, names: list[str]) -> None:
    for name in names:
        repo.write(name, YAML_LOAD)
    repo.add(*names)


def run(repo: Repo, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run((sys.executable, '-m', 'aiguard', *args), cwd=repo.path,
                          env={**repo.env, **(env or {})}, capture_output=True)


def test_text_output_quotes_hostile_names_and_has_one_line_per_finding(repo: Repo) -> None:
    names_repo(repo, HOSTILE_NAMES)
    proc = run(repo, 'scan', '--staged')
    assert proc.returncode == 1 and b'Traceback' not in proc.stderr
    out = proc.stdout.decode('utf-8')
    lines = out.splitlines()
    assert len([ln for ln in lines if 'PY008' in ln]) == len(HOSTILE_NAMES)
    assert '\x1b' not in out and '\x07' not in out and '\u202e' not in out
    assert not any(ln.startswith('src/ok.py') for ln in lines)   # no forged line
    assert '"evil\\nsrc/ok.py":2:' in out
    assert '"\\033[8mhidden.py":2:' in out
    assert '"back\\\\slash \\"quoted\\".py":2:' in out
    assert 'caf\u00e9.py:2:' in out


def test_json_and_sarif_stay_valid_with_hostile_and_undecodable_names(repo: Repo) -> None:
    names_repo(repo, HOSTILE_NAMES)
    raw = os.path.join(repo.path.encode(), b'bad\xff\xfe.py')    # not UTF-8 at all
    with open(raw, 'w') as f:
        f.write(YAML_LOAD)
    repo.git('add', '-A')
    proc = run(repo, 'scan', '--staged', '--format', 'json')
    assert proc.returncode == 1 and b'Traceback' not in proc.stderr
    doc = json.loads(proc.stdout.decode('utf-8'))   # strict UTF-8
    paths = {f['path'] for f in doc['findings']}
    assert set(HOSTILE_NAMES) <= paths and 'bad\ufffd\ufffd.py' in paths
    proc = run(repo, 'scan', '--staged', '--format', 'sarif')
    assert proc.returncode == 1 and b'Traceback' not in proc.stderr
    sarif = json.loads(proc.stdout.decode('utf-8'))
    with open(os.path.join(DATA, 'sarif-schema-2.1.0.json'), encoding='utf-8') as f:
        schema = json.load(f)
    jsonschema.Draft4Validator(schema, format_checker=jsonschema.FormatChecker()).validate(sarif)
    uris = [r['locations'][0]['physicalLocation']['artifactLocation']['uri'] for r in sarif['runs'][0]['results']]
    assert all(URI_CHARS.match(u) for u in uris), uris
    assert 'bad%FF%FE.py' in uris and 'evil%0Asrc/ok.py' in uris


def test_github_annotations_carry_no_escape_sequences(repo: Repo) -> None:
    names_repo(repo, ['\x1b[8mhidden.py'])
    proc = run(repo, 'scan', '--staged', env={'GITHUB_ACTIONS': 'true'})
    assert proc.returncode == 1
    assert b'\x1b' not in proc.stdout and b'::error file=\\033[8mhidden.py' in proc.stdout


@pytest.mark.parametrize('fmt', ['text', 'json', 'sarif'])
def test_a_closed_stdout_keeps_the_verdict(repo: Repo, fmt: str) -> None:
    repo.write('k.py', f'K = "{AWS_KEY}"\n')
    repo.add('k.py')
    shell = f'"{sys.executable}" -m aiguard scan --staged --format {fmt} | head -c 0; echo "rc=${{PIPESTATUS[0]}}" >&2'
    proc = subprocess.run(['bash', '-c', shell], cwd=repo.path, env=repo.env,  # aiguard: ignore[PY002] the test's own pipeline
                          capture_output=True, text=True)
    assert 'Traceback' not in proc.stderr
    assert 'rc=1' in proc.stderr          # blocked stays blocked
    repo.git('rm', '-q', '--cached', 'k.py')
    repo.write('ok.py', 'x = 1\n' * 2000)
    repo.add('ok.py')
    proc = subprocess.run(['bash', '-c', shell], cwd=repo.path, env=repo.env,  # aiguard: ignore[PY002] the test's own pipeline
                          capture_output=True, text=True)
    assert 'Traceback' not in proc.stderr and 'rc=0' in proc.stderr


def test_stdout_closed_before_start_keeps_the_verdict(repo: Repo) -> None:
    repo.write('k.py', f'K = "{AWS_KEY}"\n')
    repo.add('k.py')
    proc = subprocess.run([sys.executable, '-m', 'aiguard', 'scan', '--staged'], cwd=repo.path, env=repo.env,
                          stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          preexec_fn=lambda: os.close(1))
    assert 'Traceback' not in proc.stderr
    assert proc.returncode == 1


@pytest.mark.parametrize('env', [{'PYTHONIOENCODING': 'ascii'}, {'LANG': 'C', 'LC_ALL': 'C'},
                                 {'PYTHONIOENCODING': 'latin-1'}])
@pytest.mark.parametrize('fmt', ['text', 'json', 'sarif'])
def test_an_ascii_only_stdout_degrades_and_keeps_the_verdict(repo: Repo, env: dict[str, str], fmt: str) -> None:
    names_repo(repo, ['caf\u00e9.py', 'emoji\U0001f600.py'])
    repo.write('k.py', f'K = "{AWS_KEY}"\n')   # its message holds an ellipsis
    repo.add('k.py')
    proc = run(repo, 'scan', '--staged', '--format', fmt, env=env)
    assert b'Traceback' not in proc.stderr, proc.stderr
    assert proc.returncode == 1
    assert AWS_KEY.encode() not in proc.stdout
    if fmt != 'text':
        doc = json.loads(proc.stdout.decode('ascii' if 'ascii' in env.values() else 'latin-1'))
        assert doc


def test_an_error_naming_a_hostile_path_is_printable(repo: Repo) -> None:
    repo.commit_files({'.aiguard.yaml': 'baseline: "\\e[8mbase.json"\n'}, 'policy')
    repo.write('\x1b[8mbase.json', '{not json')
    proc = run(repo, 'scan', '--all-files')
    assert proc.returncode == 2 and b'\x1b' not in proc.stderr and b'Traceback' not in proc.stderr


@pytest.mark.parametrize(('path', 'quoted'), [
    ('a.py', 'a.py'),
    ('a b.py', 'a b.py'),
    ('a\nb', '"a\\nb"'),
    ('\x1b[0m', '"\\033[0m"'),
    ('q"', '"q\\""'),
    ('x\udcffy', '"x\\377y"'),
    ('\u202e', '"\\342\\200\\256"'),
])
def test_quote_path_like_git(path: str, quoted: str) -> None:
    assert quote_path(path) == quoted


def test_helpers() -> None:
    assert printable('ok: a\x1b[31m') == 'ok: a\\033[31m'
    assert json.loads(ascii_json(json.dumps({'p': 'é\U0001f600'}, ensure_ascii=False))) == {'p': 'é\U0001f600'}
    assert uri('dir/a b\udcff.py') == 'dir/a%20b%FF.py'
