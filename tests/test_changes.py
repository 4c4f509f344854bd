"""The git change model on real repositories: what each mode selects."""
from __future__ import annotations

import os

import pytest

from aiguard import changes, git
from aiguard.changes import Limits
from aiguard.errors import FatalError
from tests.repo import Repo, init_repo

LIMITS = Limits(max_file_size=1024 * 1024)


def by_path(cs: changes.ChangeSet) -> dict[str, changes.ChangedFile]:
    return {f.path: f for f in cs.files}


def test_staged_before_first_commit_scans_everything_added(repo: Repo) -> None:
    repo.write('a.py', 'one\ntwo\n')
    repo.add('a.py')
    cs = changes.staged(repo.path, LIMITS)
    f = by_path(cs)['a.py']
    assert f.added_lines is None  # a new file counts whole
    assert f.content == b'one\ntwo\n'


def test_staged_modified_file_counts_only_added_lines(repo: Repo) -> None:
    repo.commit_files({'a.py': 'l1\nl2\nl3\n'})
    repo.write('a.py', 'l1\nNEW\nl2\nl3\nEND\n')
    repo.add('a.py')
    f = by_path(changes.staged(repo.path, LIMITS))['a.py']
    assert f.added_lines == frozenset({2, 5})
    assert f.status == 'M'


def test_partially_staged_file_scans_the_staged_version(repo: Repo) -> None:
    repo.commit_files({'a.py': 'base\n'})
    repo.write('a.py', 'base\nstaged\n')
    repo.add('a.py')
    repo.write('a.py', 'base\nstaged\nunstaged\n')
    f = by_path(changes.staged(repo.path, LIMITS))['a.py']
    assert f.content == b'base\nstaged\n'
    assert f.added_lines == frozenset({2})


def test_commit_all_uses_git_index_file(repo: Repo, tmp_path) -> None:
    repo.commit_files({'a.py': 'base\n'})
    repo.write('a.py', 'base\nfrom -a\n')
    # what `git commit -a` does: a temporary index holding the work tree
    tmp_index = str(tmp_path / 'index.tmp')
    env = {'GIT_INDEX_FILE': tmp_index}
    repo.git('read-tree', 'HEAD', env=env)
    repo.git('add', '-u', env=env)
    old = os.environ.get('GIT_INDEX_FILE')
    os.environ['GIT_INDEX_FILE'] = tmp_index
    try:
        f = by_path(changes.staged(repo.path, LIMITS))['a.py']
    finally:
        if old is None:
            del os.environ['GIT_INDEX_FILE']
        else:
            os.environ['GIT_INDEX_FILE'] = old
    assert f.added_lines == frozenset({2})
    # the real index was not touched, so without GIT_INDEX_FILE nothing is staged
    assert changes.staged(repo.path, LIMITS).files == []


def test_rename_counts_only_changed_lines(repo: Repo) -> None:
    body = ''.join(f'line {i}\n' for i in range(30))
    repo.commit_files({'old.py': body})
    repo.git('mv', 'old.py', 'new.py')
    repo.write('new.py', body + 'added\n')
    repo.add('new.py')
    f = by_path(changes.staged(repo.path, LIMITS))['new.py']
    assert f.status == 'R'
    assert f.old_path == 'old.py'
    assert f.added_lines == frozenset({31})


def test_pure_rename_and_deletion_add_nothing(repo: Repo) -> None:
    body = ''.join(f'line {i}\n' for i in range(30))
    repo.commit_files({'old.py': body, 'gone.py': 'x\n'})
    repo.git('mv', 'old.py', 'new.py')
    repo.git('rm', '-q', 'gone.py')
    assert changes.staged(repo.path, LIMITS).files == []


def test_binary_files_are_read_as_printable_runs_and_oversized_ones_left_to_stream(repo: Repo) -> None:
    repo.write('img.bin', b'\x89PNG\0\0data\nmore\x01')
    repo.write('big.txt', 'x' * 5000)
    repo.write('ok.txt', 'fine\n')
    repo.add()
    cs = changes.staged(repo.path, Limits(max_file_size=4000))
    [big] = cs.skipped
    assert big.path == 'big.txt' and 'max_file_size' in big.reason
    assert big.streamable and big.oid and big.added_lines is None  # the secrets engine reads it in pieces
    assert {f.path: f.content for f in cs.files} == {'img.bin': b'\x89PNG  data\nmore ', 'ok.txt': b'fine\n'}


def test_symlink_and_submodule_are_skipped(repo: Repo, tmp_path) -> None:
    os.symlink('target.txt', os.path.join(repo.path, 'link'))
    repo.write('target.txt', 'hi\n')
    sub = init_repo(str(tmp_path / 'sub'))
    sub.commit_files({'s.txt': 's\n'})
    repo.git('-c', 'protocol.file.allow=always', 'submodule', 'add', '-q', sub.path, 'vendored')
    repo.add('link', 'target.txt')
    cs = changes.staged(repo.path, LIMITS)
    reasons = {s.path: s.reason for s in cs.skipped}
    assert reasons['link'] == 'symbolic link'
    assert reasons['vendored'].startswith('submodule')
    assert 'target.txt' in by_path(cs)


@pytest.mark.parametrize('name', [
    'with space.py', 'ünïcödé.py', 'dir with space/é.py', 'space and\ttab.py', 'quote"s.py', "apo'strophe.py", 'new\nline.py', 'tab\there.py',
])
def test_odd_file_names(repo: Repo, name: str) -> None:
    repo.commit_files({name: 'a\n'})
    repo.write(name, 'a\nb\n')
    repo.add(name)
    f = by_path(changes.staged(repo.path, LIMITS))[name]
    assert f.added_lines == frozenset({2})
    assert by_path(changes.all_files(repo.path, LIMITS))[name].content == b'a\nb\n'


def test_added_line_that_looks_like_a_diff_header(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'x\n'})
    repo.write('a.txt', 'x\n++ b/other\ndiff --git a/z b/z\n@@ -1 +1 @@\n')
    repo.add('a.txt')
    cs = changes.staged(repo.path, LIMITS)
    assert by_path(cs)['a.txt'].added_lines == frozenset({2, 3, 4})
    assert list(by_path(cs)) == ['a.txt']


def test_range_mode_one_change_per_commit(repo: Repo) -> None:
    base = repo.commit_files({'a.py': '1\n'})
    c1 = repo.commit_files({'a.py': '1\n2\n'}, 'second')
    c2 = repo.commit_files({'b.py': 'b\n'}, 'third')
    cs = changes.commit_range(repo.path, base, 'HEAD', LIMITS)
    assert [c.commit.oid for c in cs.changes] == [c1, c2]
    assert cs.changes[0].files[0].added_lines == frozenset({2})
    assert cs.changes[1].files[0].path == 'b.py'


def test_range_takes_merges_and_a_clean_merge_adds_nothing(repo: Repo) -> None:
    base = repo.commit_files({'a.py': '1\n'})
    repo.git('checkout', '-q', '-b', 'feature')
    feat = repo.commit_files({'f.py': 'f\n'}, 'feature')
    repo.git('checkout', '-q', 'main')
    main2 = repo.commit_files({'m.py': 'm\n'}, 'main work')
    repo.git('merge', '-q', '--no-edit', 'feature')
    merge = repo.git('rev-parse', 'HEAD').stdout.strip()
    cs = changes.commit_range(repo.path, base, 'HEAD', LIMITS)
    assert {c.commit.oid for c in cs.changes} == {feat, main2, merge}
    assert cs.changes[-1].commit.oid == merge and cs.changes[-1].files == ()


def test_range_with_zero_from_ref_takes_commits_not_on_remotes(repo: Repo) -> None:
    c1 = repo.commit_files({'a.py': '1\n'})
    cs = changes.commit_range(repo.path, '0' * 40, 'HEAD', LIMITS)
    assert [c.commit.oid for c in cs.changes] == [c1]


def test_range_with_unknown_ref_is_a_clear_error(repo: Repo) -> None:
    repo.commit_files({'a.py': '1\n'})
    with pytest.raises(FatalError, match='not a commit'):
        changes.commit_range(repo.path, 'nope', 'HEAD', LIMITS)


def test_named_paths_staged_counts_added_unstaged_counts_whole(repo: Repo) -> None:
    repo.commit_files({'a.py': '1\n', 'b.py': 'b1\n'})
    repo.write('a.py', '1\n2\n')
    repo.add('a.py')
    cs = changes.named_paths(repo.path, ['a.py', 'b.py'], LIMITS)
    files = by_path(cs)
    assert files['a.py'].added_lines == frozenset({2})
    assert files['b.py'].added_lines is None


def test_named_untracked_file_is_read_from_the_work_tree(repo: Repo) -> None:
    repo.commit_files({'a.py': '1\n'})
    repo.write('new.txt', 'hello\n')
    cs = changes.named_paths(repo.path, [os.path.join(repo.path, 'new.txt')], LIMITS)
    assert by_path(cs)['new.txt'].content == b'hello\n'


def test_excluded_globs_are_not_read(repo: Repo) -> None:
    repo.write('vendor/lib.js', 'x\n')
    repo.write('src/app.js', 'y\n')
    repo.add()
    cs = changes.staged(repo.path, Limits(1024, ('vendor/**',)))
    assert [f.path for f in cs.files] == ['src/app.js']


def test_worktree_sees_its_own_index(repo: Repo, tmp_path) -> None:
    repo.commit_files({'a.py': '1\n'})
    wt = str(tmp_path / 'wt')
    repo.git('worktree', 'add', '-q', wt, '-b', 'other')
    other = Repo(wt)
    other.write('a.py', '1\nwt\n')
    other.add('a.py')
    assert by_path(changes.staged(wt, LIMITS))['a.py'].added_lines == frozenset({2})
    assert changes.staged(repo.path, LIMITS).files == []


def test_unquote_c_paths() -> None:
    assert git.unquote_c(b'"a\\nb"') == b'a\nb'
    assert git.unquote_c(b'"\\303\\274.py"') == 'ü.py'.encode()
    assert git.unquote_c(b'plain') == b'plain'


def test_named_paths_are_file_names_not_patterns(repo: Repo) -> None:
    repo.commit_files({'[ab].py': '1\n', 'a.py': 'a\n'})
    repo.write('[ab].py', '1\n2\n')
    repo.write('a.py', 'a\nb\n')
    repo.add('[ab].py', 'a.py')
    files = by_path(changes.named_paths(repo.path, ['[ab].py'], LIMITS))
    assert list(files) == ['[ab].py']
    assert files['[ab].py'].added_lines == frozenset({2})


@pytest.mark.parametrize(('old', 'new', 'removed'), [
    ('a\nb\nc\nd\n', 'a\nc\nd\n', {1, 2}),   # b deleted: between new lines 1 and 2
    ('a\nb\nc\n', 'a\nB\nc\n', {1, 3}),      # b replaced: beside the added line 2
    ('a\nb\n', 'b\n', {0, 1}),               # the first line deleted
    ('a\nb\n', 'a\nb\nc\n', set()),          # only added
])
def test_the_lines_beside_each_deletion_are_known(repo: Repo, old: str, new: str, removed: set[int]) -> None:
    repo.commit_files({'f.txt': old})
    repo.write('f.txt', new)
    repo.add('f.txt')
    [f] = changes.staged(repo.path, LIMITS).files
    assert (f.removed_at, f.old_oid) == (removed, repo.git('rev-parse', 'HEAD:f.txt').stdout.strip())


def test_a_change_that_only_deletes_lines_is_read(repo: Repo) -> None:
    repo.commit_files({'f.txt': 'a\nb\n'})
    repo.write('f.txt', 'a\n')
    repo.add('f.txt')
    [f] = changes.staged(repo.path, LIMITS).files
    assert (f.path, f.added_lines, f.removed_at) == ('f.txt', frozenset(), {1, 2})
