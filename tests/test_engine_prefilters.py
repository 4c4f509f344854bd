"""Cheap prefilters decide exactly as the full checks they stand in front of."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from aiguard.scanners import pattern_files as patterns  # the file table the engine re-exports

NAMES = [
    'README.md', 'app.js', 'x.tsx', 'Dockerfile', 'Dockerfile.dev', 'api.Dockerfile', 'Containerfile',
    'ci.yml', 'ci.yaml', 'action.yml', '.gitlab-ci.yml', 'build.gitlab-ci.yml', 'docker-compose.yml',
    'compose.prod.yaml', 'main.tf', 'run.sh', 'a.py', 'lib.min.js', 'types.d.ts', 'notes.txt', 'Makefile',
    'dockerfile', 'x.YML', 'js', '.sh', 'setup.cfg',
]
DIRS = ['', 'src/', '.github/workflows/', 'deploy/k8s/', 'infra/', 'a b/', 'ü/']


@given(st.sampled_from(DIRS), st.sampled_from(NAMES), st.sampled_from(['', '.bak', 'x']))
@settings(max_examples=400, deadline=None)
def test_patterns_wants_matches_the_full_glob_index(directory: str, name: str, tail: str) -> None:
    path = directory + name + tail
    full = not path.endswith(patterns._NOT_OURS) and patterns._index()[0].match(path) is not None
    assert patterns.wants(path) == full


def test_docs_do_not_compile_the_glob_index() -> None:
    patterns._index.cache_clear()
    assert patterns.wants('docs/guide.md') is False
    assert patterns._index.cache_info().currsize == 0
    assert patterns.wants('src/app.js') is True
