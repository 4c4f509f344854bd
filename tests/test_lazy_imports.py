"""A commit hook pays only for the engines its change needs (checked in real repositories)."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from tests.repo import Repo

# Runs the hook as the console script does, then lists what it imported.
PROBE = (
    'import json, sys\n'
    'from aiguard.cli import main\n'
    'try:\n'
    '    code = main(["hook", "pre-commit"])\n'
    'except SystemExit as e:\n'
    '    code = e.code\n'
    'print(json.dumps({"code": code, "modules": sorted(sys.modules)}))\n'
)

HEAVY = ('bandit', 'detect_secrets', 'yaml', 'dataclasses', 'multiprocessing', 'sqlite3', 'inspect',
         'concurrent.futures', 'aiguard.scanners.python', 'aiguard.metrics', 'aiguard.scaffold',
         'aiguard.ledger',  # without an edit ledger a commit never imports its module
         # other tools' SARIF, allowlists and bandit's configuration: read only when there is some
         'aiguard.sarif_in', 'aiguard.sarif_history', 'aiguard.allowlists', 'aiguard.bandit_config')


def _imports(repo: Repo) -> set[str]:
    run = subprocess.run([sys.executable, '-c', PROBE], cwd=repo.path, env=repo.env,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout.strip().splitlines()[-1])
    assert doc['code'] == 0, run.stderr
    return set(doc['modules'])


def _commit_twice(repo: Repo, files: dict[str, str]) -> set[str]:
    """Commit the files, then stage an edit of each: the first hook run builds the rule
    caches from YAML, as a user's first commit does; what the second imports is returned."""
    for name, content in files.items():
        repo.write(name, content)
    repo.add(*files)
    _imports(repo)
    repo.commit('start')
    for name, content in files.items():
        repo.write(name, content + content)
    repo.add(*files)
    return _imports(repo)


@pytest.mark.parametrize('files', [
    {'docs/guide.md': '# Guide\n\nRun the tests before you push.\n'},
    {'web/app.js': 'export const add = (a, b) => a + b;\n', 'web/util.ts': 'export const one = 1;\n'},
])
def test_a_commit_without_python_imports_no_heavy_module(repo: Repo, files: dict[str, str]) -> None:
    loaded = _commit_twice(repo, files)
    assert [m for m in HEAVY if m in loaded] == []


def test_a_python_commit_imports_bandit_but_not_detect_secrets_for_clean_code(repo: Repo) -> None:
    loaded = _commit_twice(repo, {'app.py': 'def add(a, b):\n    return a + b\n'})
    assert 'bandit' in loaded and 'aiguard.scanners.python' in loaded
    assert 'detect_secrets' not in loaded and 'multiprocessing' not in loaded
    assert 'aiguard.bandit_config' not in loaded  # no bandit finding: bandit's configuration is not read


def test_a_docs_commit_imports_no_engine_but_secrets_and_no_import_machinery(repo: Repo) -> None:
    loaded = _commit_twice(repo, {'docs/guide.md': '# Guide\n\nRun the tests before you push.\n'})
    assert 'aiguard.scanners.secrets' in loaded  # docs hold keys too
    assert 'aiguard.scanners.secrets.generic' not in loaded  # docs show made-up credentials: not read for them
    # the pattern packs' file table says no without the engine; engines are found without importlib
    assert [m for m in ('aiguard.scanners.patterns', 'importlib.util', 'subprocess', 'argparse')
            if m in loaded] == []


def test_a_dockerfile_commit_imports_the_patterns_engine(repo: Repo) -> None:
    loaded = _commit_twice(repo, {'Dockerfile': 'FROM python:3.12-slim\nCOPY . /app\n'})
    assert 'aiguard.scanners.patterns' in loaded and 'aiguard.scanners.python' not in loaded


@pytest.mark.parametrize('files', [
    {'docs/guide.md': '# Guide\n'},
    {'Dockerfile': 'FROM python:3.12-slim\n'},
    {'app.py': 'def add(a, b):\n    return a + b\n'},
    {'deploy/app.yaml': 'apiVersion: v1\nkind: ConfigMap\n'},
])
def test_a_commit_without_js_or_ts_never_imports_tree_sitter(repo: Repo, files: dict[str, str]) -> None:
    loaded = _commit_twice(repo, files)
    assert [m for m in ('tree_sitter', 'tree_sitter_javascript', 'tree_sitter_typescript',
                        'aiguard.scanners.js_tree') if m in loaded] == []


def test_a_js_commit_reads_its_syntax_tree(repo: Repo) -> None:
    loaded = _commit_twice(repo, {'web/app.ts': "export const q = (id: string) => db.query('SELECT * FROM t WHERE id = $1', [id]);\n"})
    assert {'tree_sitter', 'aiguard.scanners.js_tree'} <= loaded
