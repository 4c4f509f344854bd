"""The project's own documents keep the promises its metadata and docs make."""
from __future__ import annotations

import os
import re

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def read(name: str) -> str:
    with open(os.path.join(ROOT, name), encoding='utf-8') as f:
        return f.read()


def test_the_license_file_is_the_licence_the_metadata_names() -> None:
    declared = re.search(r'^license = "([^"]+)"', read('pyproject.toml'), re.MULTILINE)
    assert declared is not None and declared.group(1) == 'MIT'
    text = read('LICENSE')
    assert text.startswith('MIT License\n')
    assert re.search(r'^Copyright \(c\) \d{4} aiguard contributors$', text, re.MULTILINE)
    assert 'THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND' in text


def module_map() -> list[str]:
    """The paths docs/architecture.md's module map names (its table's first column)."""
    text = read('docs/architecture.md')
    part = text.split('\n## Module map\n', 1)[1].split('\n## ', 1)[0]
    rows = [line for line in part.splitlines() if line.startswith('| `')]
    return [re.match(r'\| `([^`]+)`', line).group(1) for line in rows]


def test_every_path_in_the_architecture_module_map_exists() -> None:
    paths = module_map()
    assert len(paths) >= 40 and 'src/aiguard/scan.py' in paths
    missing = [p for p in paths if not os.path.exists(os.path.join(ROOT, p))]
    assert missing == [], f'docs/architecture.md names paths that do not exist: {missing}'
    # a directory is named as one, a file as a file: `x/` for a package
    wrong = [p for p in paths if p.endswith('/') != os.path.isdir(os.path.join(ROOT, p))]
    assert wrong == [], wrong


def test_contributor_docs_link_each_other_and_name_the_ci_checks() -> None:
    contributing = read('CONTRIBUTING.md')
    assert '(docs/architecture.md)' in contributing and '(../CONTRIBUTING.md)' in read('docs/architecture.md')
    if 'slow:' in read('pyproject.toml'):
        assert '-m "not slow"' in contributing
    commands = re.findall(r'^python -m (ruff check \.|mypy|pytest -q -p no:cacheprovider)', read('.ci/run'), re.MULTILINE)
    assert len(commands) == 3, commands
    for command in commands:
        assert f'python -m {command}' in contributing, command
    for anchor in ('#start-up-rules-what-the-commit-path-may-import', '#adding-a-rule'):
        heading = anchor[1:].replace('-', ' ')
        titles = [re.sub(r'[^a-z0-9 -]', '', h.lower()) for h in
                  re.findall(r'^## (.+)$', read('docs/architecture.md'), re.MULTILINE)]
        assert heading in [t.replace('-', ' ') for t in titles], anchor
