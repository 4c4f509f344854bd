"""A lone carriage return must not move a finding off the line git says the change added.

git ends a line at '\\n' only. Python's parser and YAML also end one at a lone CR (YAML at
NEL and U+2028 too), so without care every finding after such a byte is numbered one line
later than git numbers it, and the gate drops it as not part of the change.
"""
from __future__ import annotations

import json

import pytest

from tests.repo import Repo

CR = '\r'
SEP_2028 = '\u2028'


def staged_findings(repo: Repo) -> tuple[int, list[tuple[str, int]]]:
    proc = repo.aiguard('scan', '--staged', '--format', 'json')
    assert proc.returncode in (0, 1), proc.stderr
    doc = json.loads(proc.stdout)
    return proc.returncode, [(f['rule_id'], f['line']) for f in doc['findings']]


def change_after_a_lone_cr(repo: Repo, path: str, head: str, before: str, added: str) -> int:
    """Commit `head` + `before`, then stage `added` after them; the 1-based git line of `added`."""
    repo.commit_files({path: head + before})
    repo.write(path, head + before + added)
    repo.add(path)
    return (head + before).count('\n') + 1


PY_HEAD = f'"""Tools."""{CR}import subprocess{CR}import sys\n# a note{CR}# and more\n'
PY_BEFORE = 'def ok():\n    return 1\n\n\n'
PY_ADDED = 'def run():\n    return subprocess.run("ls " + sys.argv[1], shell=True)\n'


def test_python_injection_after_lone_crs_blocks_on_gits_line(repo: Repo) -> None:
    line = change_after_a_lone_cr(repo, 'tool.py', PY_HEAD, PY_BEFORE, PY_ADDED)
    code, found = staged_findings(repo)
    assert code == 1, found
    assert found and {n for _, n in found} == {line + 1}, found  # the subprocess.run line


def test_python_suppression_after_lone_crs_is_read_from_gits_line(repo: Repo) -> None:
    added = ('def run():\n    return subprocess.run("ls " + sys.argv[1], shell=True)'
             '  # aiguard: ignore[all] the argument is checked by the caller\n')
    change_after_a_lone_cr(repo, 'tool.py', PY_HEAD, PY_BEFORE, added)
    code, found = staged_findings(repo)
    assert code == 0 and not found, found


WORKFLOW_HEAD = (
    f'name: triage  # labels{CR}# issues\n'
    f'on: issues  # opened{SEP_2028}# edited\n'
    'jobs:\n'
    '  t:\n'
    '    runs-on: ubuntu-latest\n'
    '    steps:\n'
)
WORKFLOW_BEFORE = '      - run: echo start\n'
WORKFLOW_ADDED = '      - run: echo "${{ github.event.issue.title }}"\n'


def test_workflow_injection_after_lone_cr_blocks_on_gits_line(repo: Repo) -> None:
    line = change_after_a_lone_cr(repo, '.github/workflows/triage.yml', WORKFLOW_HEAD, WORKFLOW_BEFORE,
                                  WORKFLOW_ADDED)
    code, found = staged_findings(repo)
    assert code == 1, found
    assert ('GHA002', line) in found, found


@pytest.mark.parametrize(('path', 'head', 'added'), [
    ('web/app.js', f'// header{CR}// more\nconst a = 1;\n', 'export const run = (s) => eval(s);\n'),
    ('.env', f'# settings{CR}# more\nDEBUG=1\n', 'API_TOKEN={token}\n'),
])
def test_other_engines_after_lone_cr_count_gits_line(repo: Repo, path: str, head: str, added: str) -> None:
    token = 'Zq8' + 'vN2xR7tLp4KwM9sYb3Hc6Jd'  # built here: the repository's own scan stays clean
    line = change_after_a_lone_cr(repo, path, head, '', added.format(token=token))
    code, found = staged_findings(repo)
    assert code == 1, found
    assert [n for _, n in found] == [line], found
