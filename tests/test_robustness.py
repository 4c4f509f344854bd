"""Fault paths, odd git states and hostile input: never a traceback, never a silent pass."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiguard import changes, config, git, scan, scanners
from aiguard.config import ConfigError
from tests.repo import Repo

AWS_KEY = 'AKIA' + 'HQST' * 4
FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def scan_json(repo: Repo, *args: str, env: dict | None = None) -> tuple[int, dict, str]:
    proc = repo.aiguard('scan', '--format', 'json', *args, env=env)
    assert 'Traceback' not in proc.stderr, proc.stderr
    doc = json.loads(proc.stdout) if proc.stdout.strip() else {}
    return proc.returncode, doc, proc.stderr


# --- fail closed -----------------------------------------------------------------

def _crashing_scan(files, ctx):
    raise ValueError('engine bug')


def test_engine_crash_is_exit_2_not_a_pass(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit_files({'a.txt': 'x\n'})
    monkeypatch.setattr(scanners.load('secrets'), 'scan', _crashing_scan)
    result = scan.run(repo.path, config.Config(), scan.ScanRequest(mode='all-files'))
    assert result.exit_code == 2
    assert result.errors == [
        'secrets engine failed (ValueError: engine bug); set AIGUARD_DEBUG=1 for the traceback']


def test_engine_crash_message_never_carries_a_secret(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit_files({'a.txt': 'x\n'})

    def leaky(files, ctx):
        raise ValueError(f'bad token {AWS_KEY} in line')

    monkeypatch.setattr(scanners.load('secrets'), 'scan', leaky)
    result = scan.run(repo.path, config.Config(), scan.ScanRequest(mode='all-files'))
    assert result.exit_code == 2
    assert AWS_KEY not in result.errors[0]
    assert 'AKIA…(20 chars)' in result.errors[0]


def test_engine_crash_without_fail_closed_is_a_reported_skip(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit_files({'a.txt': 'x\n'})
    monkeypatch.setattr(scanners.load('secrets'), 'scan', _crashing_scan)
    cfg = config.Config(fail_closed=False)
    result = scan.run(repo.path, cfg, scan.ScanRequest(mode='all-files', engines=('secrets',)))
    assert result.exit_code == 0
    assert [(s.path, s.engine) for s in result.skipped] == [('a.txt', 'secrets')]


def test_timeout_is_exit_2(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> None:
    repo.commit_files({'a.txt': 'x\n'})

    def slow(files, ctx):
        time.sleep(5)
        return []

    monkeypatch.setattr(scanners.load('secrets'), 'scan', slow)
    with pytest.raises(scan.ScanTimeout, match=r"scan did not finish within 1 s"):
        scan.run(repo.path, config.Config(timeout=1), scan.ScanRequest(mode='all-files'))


def test_deadline_restores_the_alarm_and_is_off_outside_the_main_thread() -> None:
    import signal
    import threading

    before = signal.getsignal(signal.SIGALRM)
    with scan.deadline(30):
        assert signal.getitimer(signal.ITIMER_REAL)[0] > 0
    assert signal.getitimer(signal.ITIMER_REAL)[0] == 0
    assert signal.getsignal(signal.SIGALRM) == before
    outcome: list[object] = []

    def in_thread() -> None:
        with scan.deadline(30):  # signals are main-thread only: no deadline, no error
            outcome.append(signal.getitimer(signal.ITIMER_REAL)[0])

    worker = threading.Thread(target=in_thread)
    worker.start()
    worker.join()
    assert outcome == [0.0]


def test_missing_blob_fails_closed(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'x\n'})
    # an index entry whose object does not exist (as after a broken partial clone)
    repo.git('update-index', '--add', '--cacheinfo', f'100644,{"1" * 40},ghost.txt')
    code, doc, _ = scan_json(repo, '--all-files')
    assert code == 2
    assert doc['errors'] == ['ghost.txt: could not be scanned (blob missing from the object database); fail_closed is on']


def test_git_failure_is_one_line_exit_2(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'x\n'})
    with open(os.path.join(repo.path, '.git', 'HEAD'), 'w') as f:
        f.write('garbage\n')
    proc = repo.aiguard('scan')
    assert proc.returncode == 2
    assert len(proc.stderr.strip().splitlines()) == 1
    assert proc.stderr.startswith('aiguard: error: ')


# --- git states --------------------------------------------------------------------

def test_detached_head(repo: Repo) -> None:
    first = repo.commit_files({'a.txt': 'x\n'})
    repo.commit_files({'b.txt': 'y\n'})
    repo.git('checkout', '-q', '--detach', first)
    repo.write('c.txt', f'K = "{AWS_KEY}"\n')
    repo.add('c.txt')
    assert scan_json(repo)[0] == 1


def test_merge_conflict_in_progress(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'base\n'})
    repo.git('checkout', '-q', '-b', 'other')
    repo.commit_files({'a.txt': 'theirs\n'})
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'a.txt': 'ours\n'})
    assert repo.git('merge', 'other', check=False).returncode != 0
    code, doc, _ = scan_json(repo, '--all-files')
    assert code == 0
    assert {'path': 'a.txt', 'reason': 'unmerged (resolve the conflict first)'} in doc['skipped']
    code, doc, _ = scan_json(repo)
    assert code == 0


def test_resolved_merge_scans_the_resolution(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'base\n'})
    repo.git('checkout', '-q', '-b', 'other')
    repo.commit_files({'a.txt': 'theirs\n'})
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'a.txt': 'ours\n'})
    repo.git('merge', 'other', check=False)
    repo.write('a.txt', f'K = "{AWS_KEY}"\n')
    repo.add('a.txt')
    code, doc, _ = scan_json(repo)
    assert code == 1 and doc['findings'][0]['path'] == 'a.txt'


def test_rebase_and_cherry_pick_in_progress(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'base\n'})
    repo.git('checkout', '-q', '-b', 'topic')
    pick = repo.commit_files({'a.txt': 'topic\n'})
    repo.git('checkout', '-q', 'main')
    repo.commit_files({'a.txt': 'main\n'})
    assert repo.git('cherry-pick', pick, check=False).returncode != 0
    assert scan_json(repo)[0] == 0
    repo.git('cherry-pick', '--abort')
    repo.git('checkout', '-q', 'topic')
    assert repo.git('rebase', 'main', check=False).returncode != 0
    assert scan_json(repo, '--all-files')[0] == 0


def test_amend_scans_against_the_new_parent(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'x\n'})
    repo.commit_files({'b.txt': 'y\n'})
    repo.write('b.txt', f'y\nK = "{AWS_KEY}"\n')
    repo.add('b.txt')
    # amend compares with HEAD, the commit being rewritten: only the new line counts
    code, doc, _ = scan_json(repo)
    assert code == 1 and doc['findings'][0]['line'] == 2


def test_commit_only_through_the_native_hook(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'x\n', 'b.txt': 'y\n'})
    assert repo.aiguard('install').returncode == 0
    for other in ('prepare-commit-msg', 'commit-msg'):  # this test is about pre-commit alone
        os.remove(os.path.join(repo.path, '.git', 'hooks', other))
    repo.write('a.txt', f'x\nK = "{AWS_KEY}"\n')
    repo.add('a.txt')
    repo.write('b.txt', 'y\nclean\n')
    # `git commit --only b.txt` commits b.txt alone (a temporary index): passes
    assert repo.git('commit', '-q', '--only', 'b.txt', '-m', 'b only', check=False).returncode == 0
    # `git commit -a` includes a.txt: blocked
    assert repo.git('commit', '-q', '-a', '-m', 'all', check=False).returncode != 0


def test_sparse_checkout(repo: Repo) -> None:
    repo.commit_files({'in/a.txt': 'x\n', 'out/b.txt': f'K = "{AWS_KEY}"\n'})
    repo.git('sparse-checkout', 'set', 'in')
    assert not os.path.exists(os.path.join(repo.path, 'out', 'b.txt'))
    code, doc, _ = scan_json(repo, '--all-files')
    assert code == 1 and doc['findings'][0]['path'] == 'out/b.txt'


def test_autocrlf_line_numbers(repo: Repo) -> None:
    repo.git('config', 'core.autocrlf', 'true')
    repo.commit_files({'a.txt': 'one\r\ntwo\r\n'})
    repo.write('a.txt', f'one\r\ntwo\r\nK = "{AWS_KEY}"\r\n')
    repo.add('a.txt')
    code, doc, _ = scan_json(repo)
    assert code == 1 and doc['findings'][0]['line'] == 3


# --- hostile content ------------------------------------------------------------------

# `aiguard ARGS...` in one process, its work counted (tests/work.py) and written last on stderr
COUNTED_RUN = f'''
import sys
sys.path.insert(0, {os.path.dirname(os.path.dirname(os.path.abspath(__file__)))!r})
from tests.work import work
from aiguard.cli import main
units, code = work(lambda: main(sys.argv[2:]), int(sys.argv[1]))
sys.stderr.write(f'work: {{units}}\\n')
sys.exit(code)
'''
# Scanning 50 MiB took 752k units of work (~15 per KiB: regex passes over the text in pieces);
# going through it character by character in Python would take ~1000 per KiB.
FIFTY_MEGABYTE_BUDGET = 1_500_000


@pytest.mark.slow
def test_fifty_megabyte_file_is_read_in_pieces_for_secrets(repo: Repo) -> None:
    with open(os.path.join(repo.path, 'huge.log'), 'wb') as f:
        f.write(b'y' * (50 * 1024 * 1024) + f'\nK = "{AWS_KEY}"\n'.encode())
    repo.add('huge.log')
    proc = subprocess.run(
        (sys.executable, '-c', COUNTED_RUN, str(FIFTY_MEGABYTE_BUDGET), 'scan', '--format', 'json'),
        cwd=repo.path, env={**repo.env, 'AIGUARD_NO_PARALLEL': '1'}, capture_output=True, text=True,
    )
    assert proc.returncode == 1 and 'Traceback' not in proc.stderr, proc.stderr[-2000:]
    doc = json.loads(proc.stdout)
    assert [(f['path'], f['line']) for f in doc['findings']] == [('huge.log', 2)]
    assert doc['skipped'] == []


def test_long_line_invalid_utf8_and_minified(repo: Repo) -> None:
    long_line = 'a' * 100_000 + f' K = "{AWS_KEY}"\n'
    repo.write('long.txt', long_line)
    repo.write('latin1.txt', b'caf\xe9 \xff\xfe K = "' + AWS_KEY.encode() + b'"\n')
    repo.write('app.min.js', 'var a=1;' * 20000 + '\n')
    repo.add()
    code, doc, _ = scan_json(repo)
    assert code == 1
    assert sorted(f['path'] for f in doc['findings']) == ['latin1.txt', 'long.txt']


def test_deeply_nested_python_does_not_crash(repo: Repo) -> None:
    repo.write('deep.py', 'x = ' + '(' * 5000 + '1' + ')' * 5000 + '\n' + f'K = "{AWS_KEY}"\n')
    repo.add()
    code, doc, stderr = scan_json(repo)
    assert code == 1, stderr
    assert [f['rule_id'] for f in doc['findings']] == ['SEC002']


def test_network_is_never_used(repo: Repo, tmp_path) -> None:
    blocker = tmp_path / 'nonet'
    blocker.mkdir()
    (blocker / 'sitecustomize.py').write_text(textwrap.dedent('''
        import socket
        def _refuse(*a, **k):
            raise SystemExit("aiguard tried to use the network")
        socket.socket.connect = _refuse
        socket.create_connection = _refuse
        socket.getaddrinfo = _refuse
    '''))
    repo.commit_files({'a.py': 'import os\nprint(os.getcwd())\n', 'k.txt': f'K = "{AWS_KEY}"\n'})
    env = {'PYTHONPATH': str(blocker)}
    code, doc, stderr = scan_json(repo, '--all-files', env=env)
    assert code == 1 and doc['errors'] == [], stderr
    assert 'network' not in stderr


# --- parsers fuzzed ----------------------------------------------------------------------

@given(st.binary(max_size=400))
@FAST
def test_diff_parser_never_crashes(data: bytes) -> None:
    try:
        out = git.parse_added_lines(data)
    except git.GitError:
        return
    assert all(isinstance(k, str) and all(n >= 0 for n in v) for k, v in out.items())


@given(st.lists(st.sampled_from(['a', 'b', 'c', '+++ b/x', '@@ -1 +1 @@', '']), max_size=12),
       st.lists(st.sampled_from(['a', 'b', 'c', '+++ b/x', '@@ -1 +1 @@', '']), max_size=12))
@FAST
def test_added_lines_match_a_real_git_diff(old: list[str], new: list[str]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as d:
        a, b = os.path.join(d, 'a'), os.path.join(d, 'b')
        with open(a, 'w') as f:
            f.write(''.join(line + '\n' for line in old))
        with open(b, 'w') as f:
            f.write(''.join(line + '\n' for line in new))
        patch = subprocess.run(
            ('git', 'diff', '--no-index', '-U0', '--no-color', '--src-prefix=a/', '--dst-prefix=b/', a, b),
            capture_output=True, check=False,
        ).stdout
    added = set().union(*git.parse_added_lines(patch).values()) if patch else set()
    assert all(1 <= n <= len(new) for n in added)
    kept = [line for i, line in enumerate(new, 1) if i not in added]
    it = iter(old)
    assert all(any(line == o for o in it) for line in kept)  # kept lines are a subsequence of old


yaml_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=12) | st.floats(allow_nan=False),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(st.sampled_from(list(config.TOP_KEYS) + ['other']), yaml_values, max_size=5))
@FAST
def test_config_parser_gives_config_or_config_error(doc: dict) -> None:
    try:
        cfg = config.parse(doc, '.aiguard.yaml')
    except ConfigError as e:
        assert '\n' not in str(e) and len(str(e)) < 400
    else:
        assert isinstance(cfg, config.Config)


def _quote(name: bytes) -> bytes:
    out = bytearray(b'"')
    for c in name:
        if c in b'"\\':
            out += b'\\' + bytes([c])
        elif c < 0x20 or c >= 0x7f:
            out += b'\\%03o' % c
        else:
            out.append(c)
    return bytes(out) + b'"'


@given(st.binary(min_size=1, max_size=40))
@FAST
def test_unquote_reverses_git_quoting(name: bytes) -> None:
    assert git.unquote_c(_quote(name)) == name


def test_hypothesis_found_names_through_git(repo: Repo) -> None:
    names = ['a\\b.txt', '"quoted".txt', 'ñ\x01ctrl.txt', ' lead.txt', 'trail .txt']
    repo.commit_files({n: 'x\n' for n in names})
    for n in names:
        repo.write(n, 'x\ny\n')
    repo.add(*names)
    cs = changes.staged(repo.path, changes.Limits(1 << 20))
    assert {f.path: f.added_lines for f in cs.files} == {n: frozenset({2}) for n in names}


def test_cli_never_shows_a_traceback_for_bad_args(repo: Repo) -> None:
    for args in (['scan', '--format', 'xml'], ['explain'], ['hook', 'nope'], ['bogus']):
        proc = subprocess.run((sys.executable, '-m', 'aiguard', *args), cwd=repo.path,
                              env=repo.env, capture_output=True, text=True)
        assert proc.returncode == 2
        assert 'Traceback' not in proc.stderr


def test_huge_diff_of_thousands_of_files(repo: Repo) -> None:
    repo.commit_files({'seed.txt': 'x\n'})
    for i in range(2500):
        repo.write(f'gen/d{i % 50}/f{i}.txt', f'value = {i}\n')
    repo.write('gen/d7/secret.txt', f'K = "{AWS_KEY}"\n')
    repo.add()
    code, doc, _ = scan_json(repo)
    assert code == 1
    assert doc['scanned_files'] == 2501
    assert [f['path'] for f in doc['findings']] == ['gen/d7/secret.txt']
