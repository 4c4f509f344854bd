"""Path globs: gitignore-like meaning, and one combined regex per glob list."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from aiguard.globs import GlobError, compile_glob, compile_globs, matches


@pytest.mark.parametrize(('glob', 'path', 'expected'), [
    ('*.md', 'README.md', True),
    ('*.md', 'docs/guide.md', True),           # no slash: any depth
    ('*.md', 'docs/guide.mdx', False),
    ('docs/**', 'docs/a/b.txt', True),
    ('docs/**', 'src/docs/a.txt', False),      # a slash anchors at the root
    ('**/auth/**', 'app/auth/views.py', True),
    ('**/auth/**', 'auth/views.py', True),
    ('**/auth/**', 'app/oauth/views.py', False),
    ('**/*crypt*', 'lib/encryption.py', True),
    ('secrets/', 'secrets/key.txt', True),     # a directory and what is below it
    ('secrets/', 'secrets', False),
    ('build', 'build/out/x.js', True),
    ('a?.py', 'ab.py', True),
    ('a?.py', 'a/.py', False),
    ('[!x]*.py', 'y.py', True),
    ('[!x]*.py', 'x.py', False),
    # the shapes matched without a regex (globs.Matcher) mean the same
    ('*.md', 'notes.md/todo.txt', True),       # a directory named like a file: all below it
    ('*.md', '.md', True),
    ('**/*.md', 'README.md', True),
    ('Dockerfile', 'svc/Dockerfile', True),
    ('Dockerfile', 'svc/Dockerfile.dev', False),
    ('**/Dockerfile', 'Dockerfile', True),
    ('docs/**', 'docs', False),
    ('docs/**', 'docs/', True),
    ('/docs/**', 'docs/a.md', True),
    ('src/api/**', 'src/api/v1/users.py', True),
    ('src/api/**', 'src/apis/x.py', False),
])
def test_glob_meaning(glob: str, path: str, expected: bool) -> None:
    assert bool(compile_glob(glob).match(path)) is expected
    assert matches(path, [glob]) is expected


def test_no_glob_matches_nothing() -> None:
    assert matches('a.py', []) is False
    assert compile_globs(()).match('') is None


@pytest.mark.parametrize('bad', ['', '  ', '/', 'a[b'])
def test_bad_globs_are_named(bad: str) -> None:
    with pytest.raises(GlobError):
        compile_globs(('ok/*.py', bad))


SEGMENT = st.text(alphabet='ab.*?', min_size=1, max_size=4)
GLOB = (st.lists(st.one_of(SEGMENT, st.just('**')), min_size=1, max_size=3).map('/'.join) | SEGMENT
        | st.tuples(st.sampled_from(['', '/', '**/']), SEGMENT, st.sampled_from(['', '/', '/**'])).map(''.join))
PATH = st.lists(st.text(alphabet='ab.', min_size=1, max_size=3), min_size=1, max_size=4).map('/'.join)


@pytest.mark.slow
@given(st.lists(GLOB, min_size=1, max_size=5), PATH)
@settings(max_examples=1500, deadline=None)
def test_a_combined_list_matches_what_any_single_glob_matches(globs: list[str], path: str) -> None:
    assert matches(path, globs) == any(compile_glob(g).match(path) for g in globs)
