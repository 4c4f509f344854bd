"""`aiguard report` over a generated history whose numbers are known exactly."""
from __future__ import annotations

import base64
import dataclasses
import hashlib
import io
import json
import os
import random
import time

import pytest

from aiguard import config as config_mod
from aiguard import changes, workers
from aiguard.metrics import cache as mcache
from aiguard.metrics import collect as mcollect
from aiguard.metrics import commits as mcommits
from aiguard.metrics import history as mhistory
from aiguard.metrics import remediation, render_html, render_md, summary
from tests.repo import Repo, init_repo

DAY = 86400
JAN_1 = 1704067200  # 2024-01-01T00:00:00Z


def fake_aws_key(seed: str) -> str:
    """Shaped like an AWS key id, random-looking, and built here so the repository holds none."""
    return 'AKIA' + base64.b32encode(hashlib.sha256(seed.encode()).digest()).decode()[:16]


def fake_pem(seed: str) -> str:
    body = base64.b64encode(hashlib.sha512(seed.encode()).digest()).decode()[:64]
    return f'-----BEGIN {"RSA PRIVATE"} KEY-----\n{body}\n-----END {"RSA PRIVATE"} KEY-----\n'


KEY_1, KEY_2, KEY_3, KEY_4 = (fake_aws_key(s) for s in ('one', 'two', 'three', 'four'))
ADA = ('Ada Human', 'ada@example.com')
BOB = ('Bob Builder', 'bob@example.com')
CAROL = ('Carol Coder', 'carol@example.com')
AS_OF = JAN_1 + 100 * DAY


def _lines(n: int, stem: str) -> str:
    return ''.join(f'{stem}_{i} = {i}\n' for i in range(n))


def commit(repo: Repo, day: int, who: tuple[str, str], files: dict[str, str],
           message: str, remove: tuple[str, ...] = ()) -> str:
    for name in remove:
        repo.git('rm', '-q', '--', name)
    when = f'{JAN_1 + day * DAY} +0000'
    env = {
        'GIT_AUTHOR_NAME': who[0], 'GIT_AUTHOR_EMAIL': who[1],
        'GIT_COMMITTER_NAME': who[0], 'GIT_COMMITTER_EMAIL': who[1],
        'GIT_AUTHOR_DATE': when, 'GIT_COMMITTER_DATE': when,
    }
    for name, content in files.items():
        repo.write(name, content)
    if files:
        repo.add(*files)
    return repo.commit(message, env=env)


def build_history(repo: Repo) -> dict[str, str]:
    """Ten non-merge commits (four AI-assisted) and a merge; four findings introduced.

    Day offsets are from 2024-01-01; the expected numbers are worked out in
    the tests below.
    """
    c: dict[str, str] = {}
    main_py = _lines(9, 'x') + f'EXAMPLE = "{KEY_4}"  # aiguard: ignore[SEC002] documented example\n'
    c['c1'] = commit(repo, 0, ADA, {'README.md': 'a\nb\nc\n', 'src/app/main.py': main_py}, 'Start')
    config_py = f'HOST = "h"\nPORT = 1\nKEY = "{KEY_1}"\nDEBUG = False\n'
    c['c2'] = commit(repo, 4, BOB, {'src/app/config.py': config_py},
                     'Add config\n\nAI-Assisted: claude-code')
    c['c3'] = commit(repo, 19, ADA, {'src/app/config.py': config_py.replace(f'"{KEY_1}"', 'os.environ["K"]')},
                     'Read the key from the environment')
    c['c4'] = commit(repo, 33, BOB, {'deploy/key.pem': fake_pem('deploy')},
                     'Deploy key\n\nAI-Assisted: copilot\nReviewed-by: Ada Human <ada@example.com>')
    main_py2 = main_py + f'TOKEN = "{KEY_2}"\n'
    c['c5'] = commit(repo, 40, CAROL, {'docs/guide.md': _lines(5, 'g'), 'src/app/main.py': main_py2}, 'Guide')
    repo.git('checkout', '-q', '-b', 'side')
    c['s1'] = commit(repo, 42, CAROL, {'src/lib/util.py': _lines(8, 'u')},
                     'Util\n\nAI-Assisted: claude-code\nReviewed-by: Carol Coder <carol@example.com>')
    c['s2'] = commit(repo, 44, CAROL, {'src/app/main.py': main_py + 'TOKEN = None\n'}, 'Drop the token')
    repo.git('checkout', '-q', 'main')
    c['c6'] = commit(repo, 46, ADA, {'docs/guide.md': _lines(5, 'g') + 'more\nmore2\n'}, 'More guide')
    when = f'{JAN_1 + 50 * DAY} +0000'
    repo.git('merge', '-q', '--no-ff', '--no-edit', 'side',
             env={'GIT_AUTHOR_DATE': when, 'GIT_COMMITTER_DATE': when})
    c['m'] = repo.git('rev-parse', 'HEAD').stdout.strip()
    c['c7'] = commit(repo, 61, ADA, {'.aiguard.yaml': 'version: 1\n'}, 'Adopt aiguard')
    c['c8'] = commit(repo, 64, BOB, {'src/app/keys.py': f'"""Keys."""\nK = "{KEY_3}"\n'},
                     'Keys\n\nAI-Assisted: claude-code\nReviewed-by: Ada Human <ada@example.com>')
    return c


@pytest.fixture(scope='module')
def history(tmp_path_factory: pytest.TempPathFactory) -> tuple[Repo, dict[str, str]]:
    repo = init_repo(str(tmp_path_factory.mktemp('metrics') / 'repo'))
    return repo, build_history(repo)


@pytest.fixture
def report(history, monkeypatch: pytest.MonkeyPatch) -> dict:
    repo, commits = history
    monkeypatch.setenv('SOURCE_DATE_EPOCH', str(AS_OF))
    cfg = config_mod.load(repo.path)
    return summary.summarize(mcollect.collect(repo.path, cfg, use_cache=False))


def test_commit_and_line_counts(report):
    assert report['commits'] == {'total': 10, 'ai_assisted': 4, 'ai_share': 0.4}
    assert report['lines_added'] == {'ai': 17, 'human': 24, 'ai_share': round(17 / 41, 4)}
    assert report['history']['merges'] == 1


def test_findings_and_density(report):
    # the suppressed example key in main.py is not counted
    assert report['findings_introduced'] == {'ai': 3, 'human': 1}
    assert report['density_per_kloc'] == {'ai': 176.47, 'human': 41.67}
    assert report['findings_by_rule'] == {
        'SEC001': {'ai': 1, 'human': 0, 'density_ai': 58.82, 'density_human': 0.0},
        'SEC002': {'ai': 2, 'human': 1, 'density_ai': 117.65, 'density_human': 41.67},
    }
    assert report['findings_by_category'] == {
        'secret': {'ai': 3, 'human': 1, 'density_ai': 176.47, 'density_human': 41.67},
    }
    assert report['findings_by_severity'] == {
        'critical': {'ai': 3, 'human': 1, 'density_ai': 176.47, 'density_human': 41.67},
    }


def test_adoption_by_month(report):
    rows = {r['month']: (r['commits'], r['ai_commits'], r['lines_ai'], r['lines_human'])
            for r in report['by_month']}
    assert rows == {'2024-01': (3, 1, 4, 14), '2024-02': (5, 2, 11, 9), '2024-03': (2, 1, 2, 1)}


def test_adoption_by_directory(report):
    rows = {r['directory']: (r['lines_ai'], r['lines_human'], r['findings_ai'], r['findings_human'])
            for r in report['by_directory']}
    assert rows == {
        '(root)': (0, 4, 0, 0), 'src/app': (6, 13, 2, 1), 'deploy': (3, 0, 1, 0),
        'docs': (0, 7, 0, 0), 'src/lib': (8, 0, 0, 0),
    }
    assert report['by_directory'][0]['directory'] == 'src/app'  # most lines first


def test_adoption_by_author_and_tool(report):
    authors = {r['email']: (r['commits'], r['ai_commits'], r['lines_ai'], r['lines_human'])
               for r in report['by_author']}
    assert authors == {
        'ada@example.com': (4, 0, 0, 17), 'bob@example.com': (3, 3, 9, 0),
        'carol@example.com': (3, 1, 8, 7),
    }
    tools = {r['tool'].lower().replace(' ', '-'): (r['commits'], r['lines_ai']) for r in report['by_tool']}
    assert tools == {'claude-code': (3, 14), 'copilot': (1, 3)}


def test_time_to_remediation_and_detection(report, history):
    _repo, c = history
    rem = report['remediation']
    assert (rem['introduced'], rem['remediated'], rem['open']) == (4, 2, 2)
    assert rem['aiguard_adopted_at'] == '2024-03-02T00:00:00Z'
    # F1 (AI) fixed on day 19 after 15 days; F3 (human) fixed on a side branch, landed by the merge
    assert rem['median_days_to_remediation'] == {'all': 12.5, 'ai': 15.0, 'human': 10.0}
    # detection: F1 15 (fixed before adoption), F2 28 (seen at adoption), F3 10, F4 0 (after adoption)
    assert rem['median_days_to_detection'] == {'all': 12.5, 'ai': 15.0, 'human': 10.0}
    by_commit = {f['commit']: f for f in report['findings']}
    assert by_commit[c['c2']]['remediated_by'] == c['c3']
    assert by_commit[c['c5']]['remediated_by'] == c['m']
    assert by_commit[c['c4']]['remediated_by'] is None
    assert by_commit[c['c8']]['detected_at'] == by_commit[c['c8']]['introduced_at']


def test_review_coverage(report, history):
    _repo, c = history
    review = report['review']
    # c4 and c8 are reviewed by Ada; s1 is "reviewed" by its own author; c2 has no sign-off
    assert (review['ai_commits'], review['reviewed'], review['coverage']) == (4, 2, 0.5)
    assert review['unreviewed'] == [c['c2'], c['s1']]


def test_since_limits_the_window(history, monkeypatch):
    repo, _c = history
    cfg = config_mod.load(repo.path)
    since = mhistory.since_epoch(repo.path, '2024-03-01')
    doc = summary.summarize(mcollect.collect(repo.path, cfg, since, use_cache=False))
    assert doc['commits'] == {'total': 2, 'ai_assisted': 1, 'ai_share': 0.5}
    assert doc['findings_introduced'] == {'ai': 1, 'human': 0}


def test_loader_matches_range_mode(history):
    """The batched loader yields the same files and added lines as commit_change."""
    from aiguard import changes

    repo, _c = history
    cfg = config_mod.Config()
    limits = changes.Limits(cfg.max_file_size, cfg.exclude)
    commits = [c for c in mhistory.read_history(repo.path) if not c.is_merge]
    loaded = {c.oid: change for c, change, _counts in mcommits.load_changes(repo.path, commits, limits)}
    assert len(loaded) == 10
    for oid, change in loaded.items():
        expected = changes.commit_change(repo.path, oid, limits)
        assert change.files == expected.files
        assert change.commit == expected.commit


@pytest.mark.slow
def test_cli_json_markdown_and_cache(tmp_path):
    repo = init_repo(str(tmp_path / 'r'))
    commit(repo, 0, ADA, {'a.py': _lines(3, 'a')}, 'one')
    commit(repo, 1, BOB, {'b.py': f'K = "{KEY_1}"\n'}, 'two\n\nAI-Assisted: claude-code')
    cache_dir = os.path.join(repo.path, '.git', 'aiguard', 'report-cache')
    proc = repo.aiguard('report', '--format', 'json')
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    assert doc['commits'] == {'total': 2, 'ai_assisted': 1, 'ai_share': 0.5}
    assert doc['lines_added'] == {'ai': 1, 'human': 3, 'ai_share': 0.25}
    assert doc['findings_introduced'] == {'ai': 1, 'human': 0}
    assert doc['density_per_kloc'] == {'ai': 1000.0, 'human': 0.0}
    assert doc['history']['scanned'] == 2
    assert 'aiguard: scanning' not in proc.stderr  # no progress line when stderr is no tty
    cached = ''.join(open(os.path.join(cache_dir, n)).read() for n in os.listdir(cache_dir))
    assert KEY_1 not in cached and KEY_1[:8] not in cached
    again = json.loads(repo.aiguard('report', '--format', 'json').stdout)
    assert again['history']['from_cache'] == 2 and again['history']['scanned'] == 0
    assert again['findings_introduced'] == doc['findings_introduced']
    md = repo.aiguard('report').stdout
    assert md.startswith('# aiguard governance report')
    assert '| commits |' in md and KEY_1 not in md
    out = tmp_path / 'r.html'
    proc = repo.aiguard('report', '--format', 'html', '-o', str(out))
    assert proc.returncode == 0 and 'wrote' in proc.stdout
    html = out.read_text()
    assert '<svg' in html and 'http://' not in html.replace('http://www.w3.org/2000/svg', '')
    assert 'https://' not in html and KEY_1 not in html


def test_report_without_commits_is_an_error(repo):
    proc = repo.aiguard('report')
    assert proc.returncode == 2
    assert 'no commits yet' in proc.stderr


def test_bad_since_is_an_error(tmp_path):
    repo = init_repo(str(tmp_path / 'r'))
    commit(repo, 0, ADA, {'a.txt': 'a\n'}, 'one')
    proc = repo.aiguard('report', '--since', 'not a date at all')
    assert proc.returncode == 2
    assert '--since' in proc.stderr and 'Traceback' not in proc.stderr


@pytest.mark.parametrize(('path', 'expected'), [
    ('README.md', '(root)'), ('docs/a/b.md', 'docs'), ('src/app/x.py', 'src/app'),
    ('src/x.py', 'src'), ('packages/web/src/a.ts', 'packages/web'),
])
def test_directory_of(path, expected):
    assert summary.directory_of(path) == expected


@pytest.mark.parametrize(('message', 'reviewed'), [
    ('x\n\nReviewed-by: Ada Human <ada@example.com>\n', True),
    ('x\n\nReviewed-by: Bob Builder <BOB@example.com>\n', False),  # the author, any case
    ('x\n\nReviewed-by: Bob Builder\n', False),
    ('x\n\nReviewed-by: Someone Else\n', True),
    ('Reviewed-by: Ada <ada@example.com>\n', False),  # a title, not a trailer
    ('x\n\nAcked-by: Ada <ada@example.com>\n', False),
])
def test_reviewed_by_other(message, reviewed):
    c = mhistory.Commit('0' * 40, (), 'Bob Builder', 'bob@example.com', 'b', 'b', 0, message, commit_time=0)
    assert summary.reviewed(config_mod.Config(), c) is reviewed


def test_progress_only_on_a_tty():
    class Tty:
        def __init__(self, tty: bool) -> None:
            self.tty, self.text = tty, ''

        def isatty(self) -> bool:
            return self.tty

        def write(self, s: str) -> None:
            self.text += s

        def flush(self) -> None:
            pass

    assert mcollect.progress_printer(Tty(False)) is None
    tty = Tty(True)
    show = mcollect.progress_printer(tty)
    assert show is not None
    show(5, 10)
    show(10, 10)
    assert '5/10 (50%)' in tty.text and tty.text.endswith('10/10 (100%)\n')


def test_as_of_follows_source_date_epoch(monkeypatch):
    monkeypatch.setenv('SOURCE_DATE_EPOCH', '86400')
    assert mcollect._now() == 86400
    monkeypatch.delenv('SOURCE_DATE_EPOCH')
    assert abs(mcollect._now() - time.time()) < 5


@pytest.mark.parametrize(('text', 'expected'), [
    ('2024-01-01', JAN_1), ('2024-01-02T06:00', JAN_1 + DAY + 6 * 3600),
    ('2024-01-01T00:00:30Z', JAN_1 + 30),
])
def test_since_dates(tmp_path, text, expected):
    repo = init_repo(str(tmp_path / 'r'))
    assert mhistory.since_epoch(repo.path, text) == expected


@pytest.mark.parametrize('text', ['yesterday-ish', '2024-02-31', '2024-13-01', ''])
def test_since_rejects_what_is_no_date(tmp_path, text):
    from aiguard.errors import FatalError

    repo = init_repo(str(tmp_path / 'r'))
    with pytest.raises(FatalError, match='--since'):
        mhistory.since_epoch(repo.path, text)


def test_since_relative(tmp_path):
    repo = init_repo(str(tmp_path / 'r'))
    got = mhistory.since_epoch(repo.path, '2 weeks ago')
    assert abs(got - (time.time() - 14 * DAY)) < 3600


# ------------------------------------------------------ synthetic history --

@dataclasses.dataclass
class Expected:
    commits: int = 0
    ai: int = 0
    lines_ai: int = 0
    lines_human: int = 0
    findings_ai: int = 0
    findings_human: int = 0
    remediated: int = 0


def synthetic_history(path: str, n: int, seed: int = 7) -> Expected:
    """A linear history of `n` commits written with git fast-import, and its known numbers.

    Every 4th commit is AI-assisted (trailer); every 25th adds an AWS-shaped
    key, which the commit 10 later removes from the same file.
    """
    rng = random.Random(seed)
    repo = init_repo(path)
    names = [f'{d}/m{i}.{ext}' for d in ('api', 'core', 'web', 'docs', 'src/app', 'src/lib')
             for i, ext in enumerate(('py', 'js', 'md', 'txt'))]
    files: dict[str, list[str]] = {}
    pending: dict[int, tuple[str, str]] = {}
    exp = Expected()
    out = io.BytesIO()

    def data(text: str) -> None:
        raw = text.encode()
        out.write(b'data %d\n' % len(raw) + raw + b'\n')

    for i in range(n):
        ai = i % 4 == 3
        when = JAN_1 + i * 3600
        message = f'change {i}' + ('\n\nAI-Assisted: claude-code' if ai else '')
        who = 'Bob Builder <bob@example.com>' if ai else 'Ada Human <ada@example.com>'
        out.write(f'commit refs/heads/main\nmark :{i + 1}\nauthor {who} {when} +0000\n'
                  f'committer {who} {when} +0000\n'.encode())
        data(message)
        if i:
            out.write(f'from :{i}\n'.encode())
        added = 0
        for name in rng.sample(names, rng.randint(1, 3)):
            lines = files.setdefault(name, [])
            k = rng.randint(1, 12)
            lines.extend(f'value_{i}_{j} = {rng.randint(0, 999)}' for j in range(k))
            added += k
            out.write(f'M 100644 inline {name}\n'.encode())
            data('\n'.join(lines) + '\n')
        if i % 25 == 0:
            name = names[(i // 25) % len(names)].rsplit('.', 1)[0] + '.cfg'
            key_line = f'aws_key = "{fake_aws_key(f"synthetic-{i}")}"'
            lines = files.setdefault(name, [])
            lines.append(key_line)
            added += 1
            pending[i + 10] = (name, key_line)
            out.write(f'M 100644 inline {name}\n'.encode())
            data('\n'.join(lines) + '\n')
            exp.findings_ai += ai
            exp.findings_human += not ai
        if i in pending:
            name, key_line = pending.pop(i)
            files[name].remove(key_line)
            if files[name]:
                out.write(f'M 100644 inline {name}\n'.encode())
                data('\n'.join(files[name]) + '\n')
            else:
                out.write(f'D {name}\n'.encode())
                del files[name]
            exp.remediated += 1
        exp.commits += 1
        exp.ai += ai
        if ai:
            exp.lines_ai += added
        else:
            exp.lines_human += added
    repo.git('fast-import', '--quiet', input=out.getvalue().decode())
    repo.git('reset', '-q', '--hard', 'main')
    return exp


def test_synthetic_history_numbers(tmp_path, monkeypatch):
    monkeypatch.setenv('SOURCE_DATE_EPOCH', str(AS_OF))
    # other work on aiguard's own files between the two runs must not look like an upgrade
    monkeypatch.setattr('aiguard.cache.code_digest', lambda: 'fixed')
    exp = synthetic_history(str(tmp_path / 'syn'), 120)
    repo = Repo(str(tmp_path / 'syn'))
    doc = summary.summarize(mcollect.collect(repo.path, config_mod.Config(), use_cache=True))
    assert doc['commits'] == {'total': exp.commits, 'ai_assisted': exp.ai, 'ai_share': 0.25}
    assert (doc['lines_added']['ai'], doc['lines_added']['human']) == (exp.lines_ai, exp.lines_human)
    assert doc['findings_introduced'] == {'ai': exp.findings_ai, 'human': exp.findings_human}
    assert doc['remediation']['remediated'] == exp.remediated
    assert doc['remediation']['median_days_to_remediation']['all'] == round(10 / 24, 2)
    warm = summary.summarize(mcollect.collect(repo.path, config_mod.Config(), use_cache=True))
    assert warm['history']['from_cache'] == exp.commits
    assert {k: v for k, v in warm.items() if k != 'history'} == {k: v for k, v in doc.items() if k != 'history'}


def test_parallel_scan_gives_the_same_records(tmp_path, monkeypatch):
    synthetic_history(str(tmp_path / 'syn'), 90)
    root = str(tmp_path / 'syn')
    commits = mhistory.read_history(root)
    cfg = config_mod.Config()
    limits = changes.Limits(cfg.max_file_size, cfg.exclude)
    monkeypatch.setenv('AIGUARD_NO_PARALLEL', '1')
    sequential = [r for batch in mcommits.scan_commits(root, cfg, commits, limits) for r in batch]
    monkeypatch.delenv('AIGUARD_NO_PARALLEL')
    monkeypatch.setattr(mcommits, 'PARALLEL_MIN_COMMITS', 10)
    monkeypatch.setattr(workers.os, 'cpu_count', lambda: 2)
    batches = list(mcommits.scan_commits(root, cfg, commits, limits))
    assert len(batches) > 1  # it did run in chunks on workers
    assert [r for batch in batches for r in batch] == sequential
    assert sum(len(r.findings) for r in sequential) == 4


def test_markdown_lists_what_is_still_present(report):
    md = render_md.render_markdown(report)
    assert '| commits | 4 (40.0%) | 6 | 10 |' in md
    assert '| findings per 1,000 added lines | 176.47 | 41.67 | |' in md
    assert '2 of 4 AI-assisted commits carry a `Reviewed-by:` sign-off' in md
    still = md[md.index('## Findings still present'):].split('\n\n')[1]
    assert '`deploy/key.pem:1`' in still and '`src/app/keys.py:2`' in still
    assert 'config.py' not in still  # remediated
    for key in (KEY_1, KEY_2, KEY_3):
        assert key not in md and key not in render_html.render(report)


def test_remediation_is_followed_incrementally(tmp_path, monkeypatch):
    monkeypatch.setenv('SOURCE_DATE_EPOCH', str(AS_OF))
    monkeypatch.setattr('aiguard.cache.code_digest', lambda: 'fixed')
    repo = init_repo(str(tmp_path / 'r'))
    commit(repo, 0, ADA, {'a.py': 'x = 1\n'}, 'one')
    intro = commit(repo, 1, ADA, {'a.py': f'x = 1\nK = "{KEY_1}"\n'}, 'key')
    cfg = config_mod.Config()
    first = summary.summarize(mcollect.collect(repo.path, cfg))
    assert first['remediation']['open'] == 1
    # nothing new on the mainline: the open finding is not followed again
    calls = []
    real = remediation.path_events
    monkeypatch.setattr(remediation, 'path_events', lambda *a: calls.append(a) or real(*a))
    mcollect.collect(repo.path, cfg)
    assert calls == []
    fix = commit(repo, 12, ADA, {'a.py': 'x = 1\nK = os.environ["K"]\n'}, 'fix')
    doc = summary.summarize(mcollect.collect(repo.path, cfg))
    (f,) = doc['findings']
    assert (f['commit'], f['remediated_by']) == (intro, fix)
    assert calls[-1][2] == intro  # only the mainline after the last check was read
    assert doc['remediation']['median_days_to_remediation']['all'] == 11.0
    # a recorded remediation that is no longer on the mainline is worked out again
    cache = mcache.Cache(repo.path, mcache.cache_key(cfg))
    cache.save_known({f'{intro}:{f["fingerprint"]}': ('0' * 40, intro)})
    again = summary.summarize(mcollect.collect(repo.path, cfg))
    assert again['findings'][0]['remediated_by'] == fix


@pytest.mark.parametrize(('value', 'top'), [(0, 1), (7, 10), (12, 20), (58783, 100000), (21, 25), (0.3, 0.5)])
def test_axis_top_is_a_round_number(value, top):
    assert render_html.nice_ceiling(value) == pytest.approx(top)


def test_missing_values_are_shown_as_missing_not_zero():
    bars = render_html.hbars([('to remediation', None, 4.0, 'median')], ' d')
    assert '– (none AI-assisted)' in bars and '>4 d<' in bars
    assert bars.count('class="bar"') == 1


SECTIONS = ('month', 'density', 'category', 'time', 'review', 'unreviewed', 'human-only', 'open',
            'directories-chart', 'lifespans', 'assistants', 'teams', 'authors', 'directories')


def test_html_page_is_self_contained(report):
    page = render_html.render(report)
    assert page.startswith('<!DOCTYPE html>') and page.rstrip().endswith('</html>')
    assert '<script' not in page and '<link' not in page and 'src=' not in page and 'url(' not in page
    assert page.count('<svg') == 3  # months (wide and narrow) and the review gauge; the rest is HTML and wraps
    for key in SECTIONS:
        assert f'<section id="{key}">' in page
    open_table = page[page.index('<section id="open">'):page.index('<section id="directories-chart">')]
    assert 'deploy/key.pem:1' in open_table and 'src/app/keys.py:2' in open_table and 'config.py' not in open_table
    unreviewed = page[page.index('<section id="unreviewed">'):page.index('<section id="human-only">')]
    assert unreviewed.count('<tr>') == 1 + 2  # the header and the two commits without sign-off
    assert '176.47' in page and '50%' in page  # density and review coverage are on the page


def test_ai_commits_in_human_only_paths(history, monkeypatch):
    repo, c = history
    cfg = config_mod.parse({'human_only': ['deploy/**', 'src/lib/**'], 'ai_allowed': ['src/lib/**']}, 'x.yaml')
    doc = summary.summarize(mcollect.collect(repo.path, cfg, use_cache=False))
    # c4 (AI) adds deploy/key.pem; s1 (AI) writes src/lib/, which ai_allowed lets through
    assert {k: doc['human_only'][k] for k in ('ai_commits', 'commits')} == {'ai_commits': 1, 'commits': [c['c4']]}
    (change,) = doc['human_only']['changes']
    assert (change['commit'], change['author'], change['paths']) == (c['c4'], 'Bob Builder', ['deploy/key.pem'])
    assert '1 AI-assisted commit(s) changed human-only paths.' in render_md.render_markdown(doc)


def test_odd_paths_binary_and_renames(tmp_path, monkeypatch):
    """Names git quotes, a binary file and a rename are counted as range mode counts them."""
    from aiguard import changes

    monkeypatch.setenv('SOURCE_DATE_EPOCH', str(AS_OF))
    repo = init_repo(str(tmp_path / 'r'))
    commit(repo, 0, ADA, {'dir with space/e.py': f'K = "{KEY_1}"\nx = 1\n', 'tab\tand_é.txt': 'a\nb\n',
                          'logo.png': '\x89PNG\r\n\x1a\n\x00\x00binary'}, 'odd names')
    repo.git('mv', 'dir with space/e.py', 'moved.py')
    commit(repo, 1, ADA, {'moved.py': f'K = "{KEY_1}"\nx = 1\ny = 2\n'}, 'rename and add a line')
    doc = summary.summarize(mcollect.collect(repo.path, config_mod.Config(), use_cache=False))
    assert doc['lines_added'] == {'ai': 0, 'human': 5, 'ai_share': 0.0}  # 2 + 2, then 1; not the PNG
    assert [(f['path'], f['rule_id']) for f in doc['findings']] == [('dir with space/e.py', 'SEC002')]
    assert doc['findings'][0]['remediated_by'] is not None  # its path is gone from the mainline
    cfg = config_mod.Config()
    limits = changes.Limits(cfg.max_file_size, cfg.exclude)
    for c, change, _counts in mcommits.load_changes(repo.path, mhistory.read_history(repo.path), limits):
        assert change.files == changes.commit_change(repo.path, c.oid, limits).files


def test_a_file_git_does_not_diff_counts_its_added_lines_not_its_whole(tmp_path, monkeypatch):
    """A `-diff` attribute (generated files, lock files) hides a change's lines from git's
    patch: they are asked again as text, so a one-line edit counts one line, and a key
    added there is found on its line, as the hooks find it."""
    from aiguard import changes

    monkeypatch.setenv('SOURCE_DATE_EPOCH', str(AS_OF))
    repo = init_repo(str(tmp_path / 'r'))
    body = ''.join(f'entry {i}\n' if i != 9 else f'old = "{KEY_1}"\n' for i in range(50))
    commit(repo, 0, ADA, {'.gitattributes': 'data.gen -diff\n', 'data.gen': body}, 'generated data')
    commit(repo, 1, ADA, {'data.gen': body + f'token = "{KEY_2}"\n'}, 'one line more')
    history = mcollect.collect(repo.path, config_mod.Config(), use_cache=False)
    # the second commit adds one key, not both
    assert [len(history.records[c.oid].findings) for c in history.commits] == [1, 1]
    doc = summary.summarize(history)
    assert doc['lines_added'] == {'ai': 0, 'human': 1 + 50 + 1, 'ai_share': 0.0}  # not 1 + 0 + 0
    assert sorted((f['path'], f['line']) for f in doc['findings']) == [('data.gen', 10), ('data.gen', 51)]
    cfg = config_mod.Config()
    limits = changes.Limits(cfg.max_file_size, cfg.exclude)
    for c, change, _counts in mcommits.load_changes(repo.path, mhistory.read_history(repo.path), limits):
        assert change.files == changes.commit_change(repo.path, c.oid, limits).files


def test_a_path_named_like_a_commit_id_is_a_path(tmp_path):
    """diff-tree and log output are read by position: a file named after a commit of the same
    chunk is that commit's file, not the start of another commit."""
    repo = init_repo(str(tmp_path / 'r'))
    first = commit(repo, 0, ADA, {'a.py': 'x = 1\n'}, 'one')
    second = commit(repo, 1, ADA, {first: f'K = "{KEY_1}"\n', 'deploy/x': 'y\n'}, 'named like the first')
    cfg = config_mod.Config()
    commits = mhistory.read_history(repo.path)
    assert [(c.oid, c.commit_time) for c in commits] == [(first, JAN_1), (second, JAN_1 + DAY)]
    loaded = {c.oid: counts for c, _change, counts in
              mcommits.load_changes(repo.path, commits, changes.Limits(cfg.max_file_size, cfg.exclude))}
    assert loaded == {first: {'a.py': 1}, second: {first: 1, 'deploy/x': 1}}
    events = remediation.path_events(repo.path, [first, 'a.py'])
    assert [commit for commit, _blob in events[first]] == [second]
    doc = summary.summarize(mcollect.collect(repo.path, cfg, use_cache=False))
    assert [(f['path'], f['commit']) for f in doc['findings']] == [(first, second)]
