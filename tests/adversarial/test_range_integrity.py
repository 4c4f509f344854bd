"""The commits judged are the commits made: merges, pushes to one remote, amends.

A hostile change hides content where range mode and the hooks did not look: in a
merge commit itself (an evil merge, a conflict resolution), in commits another
remote has (a fork), behind a push of an older commit or over a commit this
clone lacks, and in an amend. Each test builds real repositories (bare remotes
in tmp_path) and checks the verdict git's own hooks reach.
"""
from __future__ import annotations

import os
import subprocess

import pytest

from tests.repo import Repo, init_repo
from tests.test_ci import fake_aws_key, local_hook_config

KEY = fake_aws_key('range-integrity-new')
OLD_KEY = fake_aws_key('range-integrity-old')


def scan_range(repo: Repo, from_ref: str, to_ref: str = 'HEAD') -> tuple[int, list[tuple[str, int, str]], str]:
    """Exit status, (path, line, commit) of each blocking finding, stderr."""
    proc = repo.aiguard('scan', '--from-ref', from_ref, '--to-ref', to_ref)
    assert KEY not in proc.stdout + proc.stderr and OLD_KEY not in proc.stdout + proc.stderr
    found = []
    for line in proc.stdout.splitlines():
        if ': SEC' in line and '(commit ' in line:
            path, lineno = line.split(':')[:2]
            found.append((path, int(lineno), line.rsplit('(commit ', 1)[1].rstrip(')')))
    return proc.returncode, found, proc.stderr


def short(repo: Repo, rev: str = 'HEAD') -> str:
    return repo.git('rev-parse', '--short=10', rev).stdout.strip()


@pytest.fixture
def forked(repo: Repo) -> tuple[Repo, str]:
    """main at `base`; branch `feature` adds f.txt with an old key (committed unchecked)."""
    base = repo.commit_files({'a.txt': 'one\ntwo\nthree\n'}, 'base')
    repo.git('checkout', '-q', '-b', 'feature')
    repo.commit_files({'f.txt': f'old = "{OLD_KEY}"\nfeature\n'}, 'feature')
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'m.txt': 'main work\n'}, 'main work')
    return repo, base


# --- item 2: evil merges in range mode ---------------------------------------------------------

def test_an_evil_merge_is_checked_for_what_it_adds(forked: tuple[Repo, str]) -> None:
    repo, _base = forked
    feature = repo.git('rev-parse', 'feature').stdout.strip()
    repo.git('merge', '-q', '--no-commit', '--no-ff', 'feature')
    # written in the merge itself: in the merged branch's file, and in a file no parent has
    repo.write('f.txt', f'old = "{OLD_KEY}"\nfeature\nnew = "{KEY}"\n')
    repo.write('evil.txt', f'k = "{KEY}"\n')
    repo.add('f.txt', 'evil.txt')
    repo.commit('Merge branch feature')
    code, found, err = scan_range(repo, feature)
    assert code == 1, err
    merge = short(repo)
    # the merge's own lines, attributed to the merge; not the feature's old key on f.txt:1
    assert sorted(found) == [('evil.txt', 1, merge), ('f.txt', 3, merge)]


def test_a_conflict_resolution_is_checked(repo: Repo) -> None:
    base = repo.commit_files({'a.txt': 'base\n'}, 'base')
    repo.git('checkout', '-q', '-b', 'other')
    repo.commit_files({'a.txt': 'theirs\n'}, 'theirs')
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'a.txt': 'ours\n'}, 'ours')
    assert repo.git('merge', '-q', 'other', check=False).returncode != 0
    repo.write('a.txt', f'ours\ntheirs\nk = "{KEY}"\n')
    repo.add('a.txt')
    repo.commit('resolve')
    code, found, err = scan_range(repo, base)
    assert code == 1, err
    assert found == [('a.txt', 3, short(repo))]


def test_a_clean_merge_adds_nothing(forked: tuple[Repo, str]) -> None:
    repo, _base = forked
    feature = repo.git('rev-parse', 'feature').stdout.strip()
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'feature')
    # the merge brings the feature's old key into main: not something the merge wrote
    code, found, err = scan_range(repo, feature)
    assert (code, found) == (0, []), err
    # a range that holds the feature's commit still finds its key, on that commit
    code, found, _ = scan_range(repo, 'main~1~1')
    assert found == [('f.txt', 1, short(repo, 'feature'))]


def test_an_octopus_merge_counts_only_lines_no_parent_had(repo: Repo) -> None:
    base = repo.commit_files({'a.txt': 'a\n'}, 'base')
    for name in ('x', 'y'):
        repo.git('checkout', '-q', '-b', name, base)
        repo.commit_files({f'{name}.txt': f'{name} = "{OLD_KEY}"\n'}, name)
    repo.git('checkout', '-q', 'main')
    repo.git('merge', '-q', '--no-commit', 'x', 'y')
    repo.write('y.txt', f'y = "{OLD_KEY}"\nk = "{KEY}"\n')
    repo.add('y.txt')
    repo.commit('octopus')
    code, found, err = scan_range(repo, 'x')
    assert code == 1, err
    # y's own commit is in the range (x..HEAD) and adds its key; the merge adds line 2 only
    assert sorted(found) == [('y.txt', 1, short(repo, 'y')), ('y.txt', 2, short(repo))]


def test_an_ai_assisted_merge_needs_review_like_any_commit(forked: tuple[Repo, str]) -> None:
    repo, _base = forked
    repo.commit_files({'.aiguard.yaml': 'review:\n  required_for_ai: true\n'}, 'require review')
    start = repo.git('rev-parse', 'HEAD').stdout.strip()
    repo.git('merge', '-q', '--no-commit', '--no-ff', 'feature')
    repo.write('m.txt', 'main work\nresolved by the assistant\n')
    repo.add('m.txt')
    repo.commit('Merge feature\n\nAI-Assisted: claude')
    proc = repo.aiguard('scan', '--from-ref', start, '--to-ref', 'HEAD')
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'POL002' in proc.stdout and short(repo) in proc.stdout


# --- item 14: pre-push checks exactly what reaches the remote it pushes to -----------------------

def bare(tmp_path, name: str) -> str:
    path = str(tmp_path / f'{name}.git')
    subprocess.run(('git', 'init', '-q', '--bare', '-b', 'main', path), check=True, capture_output=True)
    return path


def push(repo: Repo, *args: str) -> subprocess.CompletedProcess[str]:
    proc = repo.git('push', '-q', *args, check=False)
    assert KEY not in proc.stdout + proc.stderr and OLD_KEY not in proc.stdout + proc.stderr
    return proc


def remote_has(path: str, ref: str) -> str | None:
    proc = subprocess.run(('git', '-C', path, 'rev-parse', '-q', '--verify', ref), capture_output=True, text=True)
    return proc.stdout.strip() or None


@pytest.fixture(params=['native', 'pre-commit'])
def pushing(request: pytest.FixtureRequest, repo: Repo, tmp_path) -> Repo:
    """A repository whose pre-push hook is aiguard's: native, or aiguard-ci through pre-commit."""
    repo.commit_files({'README.md': 'project\n'}, 'start')
    if request.param == 'native':
        assert repo.aiguard('install').returncode == 0
    else:
        repo.env['PRE_COMMIT_HOME'] = str(tmp_path / 'pre-commit-home')
        repo.commit_files({'.pre-commit-config.yaml': local_hook_config()}, 'pre-commit config')
        proc = subprocess.run(('pre-commit', 'install', '--hook-type', 'pre-push'), cwd=repo.path,
                              env=repo.env, capture_output=True, text=True, timeout=300)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    return repo


def test_a_commit_from_a_fork_is_checked_when_it_reaches_origin(pushing: Repo, tmp_path) -> None:
    repo = pushing
    upstream, origin = bare(tmp_path, 'upstream'), bare(tmp_path, 'origin')
    repo.git('remote', 'add', 'upstream', upstream)
    repo.git('remote', 'add', 'origin', origin)
    assert push(repo, 'origin', 'main').returncode == 0
    repo.git('checkout', '-q', '-b', 'topic')
    repo.commit_files({'k.txt': f'k = "{KEY}"\n'}, 'a key')
    # on the fork already (pushed there unchecked); a new branch on origin must not inherit that
    assert push(repo, '--no-verify', 'upstream', 'topic').returncode == 0
    proc = push(repo, 'origin', 'topic')
    assert proc.returncode != 0, proc.stderr
    assert 'k.txt:1:' in proc.stdout + proc.stderr
    assert remote_has(origin, 'refs/heads/topic') is None


def test_a_push_of_an_older_commit_checks_that_commit_only(pushing: Repo, tmp_path) -> None:
    repo = pushing
    origin = bare(tmp_path, 'origin')
    repo.git('remote', 'add', 'origin', origin)
    clean = repo.commit_files({'app.txt': 'clean\n'}, 'clean')
    repo.commit_files({'k.txt': f'k = "{KEY}"\n'}, 'a key, not pushed')
    # a new remote: every commit up to `clean`, root included, is pushed; the later key is not
    proc = push(repo, 'origin', f'{clean}:refs/heads/main')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert remote_has(origin, 'refs/heads/main') == clean
    proc = push(repo, 'origin', 'HEAD:refs/heads/main')
    assert proc.returncode != 0 and 'k.txt:1:' in proc.stdout + proc.stderr


def test_a_root_commit_pushed_by_name_is_checked(pushing: Repo, tmp_path) -> None:
    repo = pushing
    origin = bare(tmp_path, 'origin')
    repo.git('remote', 'add', 'origin', origin)
    repo.git('checkout', '-q', '--orphan', 'fresh')
    repo.git('rm', '-q', '-r', '--cached', '.')
    root = repo.commit_files({'k.txt': f'k = "{KEY}"\n'}, 'a root commit with a key')
    repo.commit_files({'k.txt': 'k = None\n'}, 'the key removed')
    proc = push(repo, 'origin', f'{root}:refs/heads/fresh')
    assert proc.returncode != 0 and 'k.txt:1:' in proc.stdout + proc.stderr
    assert remote_has(origin, 'refs/heads/fresh') is None


def test_a_force_push_over_a_commit_not_here_checks_what_is_pushed(pushing: Repo, tmp_path) -> None:
    repo = pushing
    origin = bare(tmp_path, 'origin')
    repo.git('remote', 'add', 'origin', origin)
    assert push(repo, 'origin', 'main').returncode == 0
    other = init_repo(str(tmp_path / 'other'))
    other.git('pull', '-q', origin, 'main')
    other.commit_files({'theirs.txt': 'theirs\n'}, 'pushed by someone else')
    assert other.git('push', '-q', origin, 'main:main', check=False).returncode == 0
    # this clone never fetched it: the remote's commit is unknown here
    repo.commit_files({'k.txt': f'k = "{KEY}"\n'}, 'a key')
    proc = push(repo, '--force', 'origin', 'main')
    assert proc.returncode != 0
    assert 'k.txt:1:' in proc.stdout + proc.stderr and '--from-ref' not in proc.stderr
    repo.commit_files({'k.txt': 'k = None\n'}, 'removed')
    repo.git('reset', '-q', '--hard', 'HEAD~2')
    repo.commit_files({'ours.txt': 'ours\n'}, 'clean rewrite')
    proc = push(repo, '--force', 'origin', 'main')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert remote_has(origin, 'refs/heads/main') == repo.git('rev-parse', 'HEAD').stdout.strip()


def test_an_evil_merge_is_checked_on_push(pushing: Repo, tmp_path) -> None:
    repo = pushing
    origin = bare(tmp_path, 'origin')
    repo.git('remote', 'add', 'origin', origin)
    assert push(repo, 'origin', 'main').returncode == 0
    repo.git('checkout', '-q', '-b', 'side')
    repo.commit_files({'s.txt': 'side\n'}, 'side')
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'m.txt': 'main\n'}, 'main')
    repo.git('merge', '-q', '--no-commit', '--no-ff', 'side')
    repo.write('s.txt', f'side\nk = "{KEY}"\n')
    repo.add('s.txt')
    repo.commit('merge side')
    proc = push(repo, 'origin', 'main')
    assert proc.returncode != 0 and 's.txt:2:' in proc.stdout + proc.stderr


# --- item 16: what the commit hooks judge in a merge and an amend --------------------------------

@pytest.fixture
def hooked(repo: Repo) -> Repo:
    """Native hooks installed; the environment says an assistant commits (commit-msg re-checks)."""
    repo.commit_files({'a.txt': 'base\n'}, 'base')
    assert repo.aiguard('install').returncode == 0
    repo.env['AIGUARD_AI'] = 'codex'
    return repo


def commit_with_hooks(repo: Repo, *args: str) -> subprocess.CompletedProcess[str]:
    proc = repo.git('commit', '-q', *args, check=False)
    assert KEY not in proc.stdout + proc.stderr and OLD_KEY not in proc.stdout + proc.stderr
    return proc


def test_a_merge_does_not_report_the_merged_branchs_old_findings(hooked: Repo) -> None:
    repo = hooked
    repo.git('checkout', '-q', '-b', 'feature')
    repo.commit_files({'f.txt': f'old = "{OLD_KEY}"\n'}, 'an old key, committed unchecked')
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'m.txt': 'main\n'}, 'main')
    # git merge runs prepare-commit-msg and commit-msg on the merge
    proc = repo.git('merge', '-q', '--no-ff', '--no-edit', 'feature', check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert len(repo.git('rev-list', '--parents', '-1', 'HEAD').stdout.split()) == 3


def test_a_merge_concluded_after_conflicts_is_judged_on_its_resolution(hooked: Repo) -> None:
    repo = hooked
    repo.git('checkout', '-q', '-b', 'feature')
    repo.commit_files({'f.txt': f'old = "{OLD_KEY}"\n', 'a.txt': 'theirs\n'}, 'feature, unchecked')
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'a.txt': 'ours\n'}, 'ours')
    assert repo.git('merge', '-q', 'feature', check=False).returncode != 0
    repo.write('a.txt', 'ours\ntheirs\n')
    repo.add('a.txt')
    proc = commit_with_hooks(repo, '--no-edit')  # pre-commit, prepare-commit-msg, commit-msg
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # the same conclusion with a key in the resolution is blocked
    repo.git('reset', '-q', '--hard', 'HEAD~1')
    assert repo.git('merge', '-q', 'feature', check=False).returncode != 0
    repo.write('a.txt', f'ours\ntheirs\nk = "{KEY}"\n')
    repo.add('a.txt')
    proc = commit_with_hooks(repo, '--no-edit')
    assert proc.returncode != 0
    assert 'a.txt:3:' in proc.stdout + proc.stderr


def test_an_amend_is_judged_against_the_amended_commits_parent(hooked: Repo) -> None:
    repo = hooked
    repo.write('k.txt', f'k = "{KEY}"\n')
    repo.add('k.txt')
    assert commit_with_hooks(repo, '-m', 'blocked').returncode != 0
    assert commit_with_hooks(repo, '--no-verify', '-m', 'a key, unchecked').returncode == 0
    repo.write('notes.txt', 'notes\n')
    repo.add('notes.txt')
    # the amended commit still adds the key to its parent
    for args in (('--amend', '-m', 'amended'), ('--amend', '--no-edit'), ('--ame', '--no-edit')):
        proc = commit_with_hooks(repo, *args)
        assert proc.returncode != 0, args
        assert 'k.txt:1:' in proc.stdout + proc.stderr
    # an ordinary commit on top does not add it
    assert commit_with_hooks(repo, '-m', 'notes').returncode == 0


def test_an_amend_that_removes_the_key_passes(hooked: Repo) -> None:
    repo = hooked
    repo.write('k.txt', f'k = "{KEY}"\n')
    repo.add('k.txt')
    assert commit_with_hooks(repo, '--no-verify', '-m', 'a key, unchecked').returncode == 0
    repo.git('rm', '-q', 'k.txt')
    repo.write('notes.txt', 'notes\n')
    repo.add('notes.txt')
    proc = commit_with_hooks(repo, '--amend', '-m', 'notes only')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert repo.git('show', '--name-only', '--format=', 'HEAD').stdout.split() == ['notes.txt']


def test_amend_detection_reads_gits_arguments() -> None:
    from aiguard.changes import _amends

    yes = [b'commit', b'--amend'], [b'-c', b'x=y', b'commit', b'-q', b'--am'], [b'-C', b'/r', b'commit', b'--amen']
    no = ([b'commit', b'-m', b'x'], [b'commit', b'--amend', b'--no-amend'], [b'merge', b'--amend'],
          [b'commit', b'--', b'--amend'], [b'-c', b'commit', b'status'], [b'commit', b'--fixup=amend:HEAD'])
    assert [_amends(a) for a in yes] == [True, True, True]
    assert [_amends(a) for a in no] == [False] * len(no)


def test_git_failures_name_the_subcommand_in_one_line(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'a\n'}, 'one')
    tree = repo.git('rev-parse', 'HEAD^{tree}').stdout.strip()
    repo.commit_files({'b.txt': 'b\n'}, 'two')
    os.remove(os.path.join(repo.path, '.git', 'objects', tree[:2], tree[2:]))
    repo.git('reset', '-q', '--soft', 'HEAD~1')
    # staged mode diffs the index against HEAD, whose tree is gone
    proc = repo.aiguard('scan')
    assert proc.returncode == 2
    assert proc.stderr.startswith('aiguard: error: git diff-index failed: ') and proc.stderr.count('\n') == 1
    repo.git('reset', '-q', '--soft', 'HEAD@{1}')
    proc = repo.aiguard('scan', '--from-ref', 'HEAD~1', '--to-ref', 'HEAD', '--format', 'json')
    assert proc.returncode == 2
    assert proc.stderr.startswith('aiguard: error: git diff-tree failed: ') and proc.stderr.count('\n') == 1


def test_through_pre_commit_a_merge_conclusion_counts_only_its_resolution(repo: Repo, tmp_path) -> None:
    import yaml

    from tests.test_ci import ROOT

    with open(os.path.join(ROOT, '.pre-commit-hooks.yaml')) as f:
        (hook,) = [h for h in yaml.safe_load(f) if h['id'] == 'aiguard']
    hook = {**hook, 'language': 'unsupported'}
    hook.pop('minimum_pre_commit_version', None)
    repo.env['PRE_COMMIT_HOME'] = str(tmp_path / 'pre-commit-home')
    config = yaml.safe_dump({'repos': [{'repo': 'local', 'hooks': [hook]}]}, sort_keys=False)
    repo.commit_files({'.pre-commit-config.yaml': config, 'a.txt': 'x\n'}, 'base')
    proc = subprocess.run(('pre-commit', 'install'), cwd=repo.path, env=repo.env, capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    repo.git('checkout', '-q', '-b', 'feature')
    repo.commit_files({'a.txt': f'x-theirs\nold = "{OLD_KEY}"\n'}, 'theirs, with an old key, unchecked')
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'a.txt': 'x-ours\n'}, 'ours')
    assert repo.git('merge', '-q', 'feature', check=False).returncode != 0
    # pre-commit names the conflicted file: the feature's key in it is not the merge's doing
    repo.write('a.txt', f'x-ours\nx-theirs\nold = "{OLD_KEY}"\n')
    repo.add('a.txt')
    proc = commit_with_hooks(repo, '--no-edit')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    repo.git('reset', '-q', '--hard', 'HEAD~1')
    assert repo.git('merge', '-q', 'feature', check=False).returncode != 0
    repo.write('a.txt', f'x-ours\nx-theirs\nold = "{OLD_KEY}"\nk = "{KEY}"\n')
    repo.add('a.txt')
    proc = commit_with_hooks(repo, '--no-edit')
    assert proc.returncode != 0 and 'a.txt:4:' in proc.stdout + proc.stderr


def test_the_native_hook_checks_every_ref_of_a_push(repo: Repo, tmp_path) -> None:
    repo.commit_files({'README.md': 'project\n'}, 'start')
    assert repo.aiguard('install').returncode == 0
    origin = bare(tmp_path, 'origin')
    repo.git('remote', 'add', 'origin', origin)
    assert push(repo, 'origin', 'main', 'main:refs/heads/old').returncode == 0
    repo.git('checkout', '-q', '-b', 'topic')
    repo.commit_files({'k.txt': f'k = "{KEY}"\n'}, 'a key')
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'clean.txt': 'clean\n'}, 'clean')
    # the key rides on the second ref of the push, beside a deletion
    proc = push(repo, 'origin', 'main', 'topic', ':refs/heads/old')
    assert proc.returncode != 0 and 'k.txt:1:' in proc.stdout + proc.stderr
    assert remote_has(origin, 'refs/heads/topic') is None
