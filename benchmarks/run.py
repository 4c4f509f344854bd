"""Time aiguard and the usual baseline (bandit + detect-secrets) on the same work, in one run.

    python benchmarks/run.py [--repeat 5] [--packages pip] [--only ID ...]
                             [--json FILE] [--markdown FILE] [--keep] [--no-snapshot]
    python benchmarks/run.py --quick          # tiny generated repository, one repetition

The machine is noisy, so absolute times mean little across runs; every scenario
times both sides in the same run, interleaved, and reports the ratio of medians
(aiguard / baseline). Both sides' findings counts are reported, so that "fast
because it found nothing" shows. Everything runs offline: the large repository
is copied from this interpreter's site-packages, and pre-commit runs `repo:
local` hooks that point at the executables next to sys.executable.
"""
from __future__ import annotations

import argparse
import contextlib
import dataclasses
import datetime
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import sysconfig
import tempfile
import threading
import time
from collections.abc import Callable, Sequence

BIN_DIR = os.path.dirname(sys.executable)
# every scanner exits 1 when it finds something; 2 or more means it failed
OK_EXITS = frozenset((0, 1))
MEMORY_LIMIT_MB = 500.0
# "a commit of only docs returns in about the time of Python start-up", read as at most twice
# the start-up scenario's `aiguard --version` in the same run: what a docs commit does beyond
# starting the command (git's answers, the secrets scan, attribution, policy) costs no more than
# starting it. Not `python -c pass`: a console script that imports `re`, as pip's do, is 1.6x
# that before it runs a line (benchmarks/README.md, "A docs-only commit, and the floor under it").
DOCS_TARGET = 2.0


# ---------------------------------------------------------------- tools and environment

@dataclasses.dataclass(frozen=True)
class Tools:
    """Absolute commands of every program the benchmark runs."""

    python: str
    aiguard: str
    bandit: str
    detect_secrets: str
    detect_secrets_hook: str
    pre_commit: tuple[str, ...]


def _executable(name: str) -> str | None:
    beside = os.path.join(BIN_DIR, name)
    if os.access(beside, os.X_OK):
        return beside
    return shutil.which(name)


def find_tools() -> tuple[Tools | None, list[str]]:
    """The tools next to sys.executable (or on PATH); the names that are missing."""
    names = ('aiguard', 'bandit', 'detect-secrets', 'detect-secrets-hook')
    found = {n: _executable(n) for n in names}
    missing = [n for n, p in found.items() if p is None]
    pre_commit_exe = _executable('pre-commit')
    pre_commit = (pre_commit_exe,) if pre_commit_exe else (sys.executable, '-m', 'pre_commit')
    if missing:
        return None, missing
    return Tools(sys.executable, found['aiguard'] or '', found['bandit'] or '',
                 found['detect-secrets'] or '', found['detect-secrets-hook'] or '',
                 pre_commit), []


def _is_aiguard_entry(name: str) -> bool:
    """site-packages entries that belong to aiguard (package, metadata, editable hooks)."""
    return name == 'aiguard' or name.startswith(('aiguard_hooks', '__editable__.aiguard_hooks',
                                                 '__editable___aiguard_hooks'))


def plain_baseline(tools: Tools, home: str) -> tuple[Tools, dict[str, object]]:
    """bandit and detect-secrets as a user without aiguard has them.

    aiguard registers its checks as bandit plugins, so the `bandit` of this
    environment also runs aiguard's rules. The baseline's commands run instead
    with `python -S` on a copy of site-packages (symlinks) without aiguard.
    """
    site = sysconfig.get_paths()['purelib']
    shadow = os.path.join(home, 'baseline-site')
    bin_dir = os.path.join(home, 'bin')
    os.makedirs(shadow)
    os.makedirs(bin_dir)
    for name in os.listdir(site):
        if not _is_aiguard_entry(name):
            os.symlink(os.path.join(site, name), os.path.join(shadow, name))
    wrapped = {}
    for attr, script in (('bandit', tools.bandit), ('detect_secrets', tools.detect_secrets),
                         ('detect_secrets_hook', tools.detect_secrets_hook)):
        wrapped[attr] = _wrap(script, bin_dir, shadow) or script
    plain = dataclasses.replace(tools, **wrapped)
    return plain, {'site_packages': 'without aiguard (python -S + symlinked copy)',
                   'wrapped': sorted(a for a in wrapped if wrapped[a] != getattr(tools, a))}


def _wrap(script: str, bin_dir: str, shadow: str) -> str | None:
    """A console script like `script` that sees only `shadow`; None if it cannot be read."""
    try:
        with open(script, encoding='utf-8') as f:
            imports = [ln for ln in f if ln.startswith('from ') and ln.rstrip().endswith('import main')]
    except (OSError, UnicodeDecodeError):
        return None
    if len(imports) != 1:
        return None
    path = os.path.join(bin_dir, os.path.basename(script))
    with open(path, 'w', encoding='utf-8') as f:
        # the same body as pip's console scripts, so that start-up costs the same
        f.write(f'#!{sys.executable} -S\nimport re\nimport sys\nsys.path.insert(0, {shadow!r})\n'
                f'{imports[0].strip()}\n'
                "sys.argv[0] = re.sub(r'(-script\\.pyw|\\.exe)?$', '', sys.argv[0])\n"
                'sys.exit(main())\n')
    os.chmod(path, 0o755)
    return path


def clean_env(home: str) -> dict[str, str]:
    """A minimal environment: no user git config, no assistant session, no colour."""
    env = {k: os.environ[k] for k in ('LANG', 'LC_ALL', 'LC_CTYPE', 'TMPDIR', 'SYSTEMROOT')
           if k in os.environ}
    env.update({
        'PATH': BIN_DIR + os.pathsep + os.environ.get('PATH', os.defpath),
        'HOME': home,
        'PRE_COMMIT_HOME': os.path.join(home, 'pre-commit-cache'),
        'GIT_CONFIG_NOSYSTEM': '1',
        'GIT_AUTHOR_NAME': 'Bench Human', 'GIT_AUTHOR_EMAIL': 'bench@example.com',
        'GIT_COMMITTER_NAME': 'Bench Human', 'GIT_COMMITTER_EMAIL': 'bench@example.com',
        'NO_COLOR': '1',
    })
    return env


# ---------------------------------------------------------------- one measured process

@dataclasses.dataclass(frozen=True)
class Run:
    """One finished process: wall and CPU seconds, peak RSS of its largest process, output."""

    wall: float
    cpu: float
    maxrss_mb: float
    exit: int
    stdout: str
    stderr: str


def execute(cmd: Sequence[str], cwd: str, env: dict[str, str]) -> Run:
    """Run `cmd` to completion and measure it; output goes to files, not pipes."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        try:
            proc = subprocess.Popen(list(cmd), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                                    stdout=out, stderr=err)
        except OSError as e:
            return Run(0.0, 0.0, 0.0, 127, '', f'{cmd[0]}: {e}')
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0,
                   proc.returncode, out.read().decode('utf-8', 'replace'),
                   err.read().decode('utf-8', 'replace'))


def _descendants(root_pid: int) -> list[int]:
    """Every process below `root_pid`, from the parent links in /proc."""
    parents: dict[int, int] = {}
    for entry in os.listdir('/proc'):
        if not entry.isdigit():
            continue
        try:
            with open(f'/proc/{entry}/stat', encoding='ascii', errors='replace') as f:
                # the command name may hold spaces and parentheses: split after its last ')'
                fields = f.read().rsplit(')', 1)[1].split()
        except (OSError, IndexError):
            continue
        parents[int(entry)] = int(fields[1])
    out = []
    for pid in parents:
        p = parents[pid]
        while p and p != root_pid:
            p = parents.get(p, 0)
        if p == root_pid:
            out.append(pid)
    return out


def _memory_kb(pid: int) -> tuple[int, int]:
    """(RSS, PSS) of one process in kB; PSS shares pages among the processes that map them."""
    rss = pss = 0
    try:
        with open(f'/proc/{pid}/smaps_rollup', encoding='ascii', errors='replace') as f:
            for line in f:
                if line.startswith('Rss:'):
                    rss = int(line.split()[1])
                elif line.startswith('Pss:'):
                    pss = int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return rss, pss


def peak_tree_memory(cmd: Sequence[str], cwd: str, env: dict[str, str]) -> tuple[float, float, Run]:
    """Peak summed RSS and PSS (MB) of the run's whole process tree, sampled; and the run."""
    if not os.path.isdir('/proc'):
        return 0.0, 0.0, execute(cmd, cwd, env)
    stop = threading.Event()
    holder: list[Run] = []

    def target() -> None:
        holder.append(execute(cmd, cwd, env))
        stop.set()

    worker = threading.Thread(target=target)
    worker.start()
    peak_rss = peak_pss = 0
    while not stop.wait(0.02):
        # this process's descendants are the run's tree (only one runs at a time here)
        sizes = [_memory_kb(pid) for pid in _descendants(os.getpid())]
        peak_rss = max(peak_rss, sum(r for r, _ in sizes))
        peak_pss = max(peak_pss, sum(p for _, p in sizes))
    worker.join()
    return peak_rss / 1024.0, peak_pss / 1024.0, holder[0]


# ---------------------------------------------------------------- findings counts

def _json_or_none(text: str) -> object:
    text = text.strip()
    if not text:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def count_aiguard(run: Run) -> int | None:
    doc = _json_or_none(run.stdout)
    if isinstance(doc, dict) and isinstance(doc.get('findings'), list):
        return len(doc['findings'])
    return None


def aiguard_categories(run: Run) -> dict[str, int]:
    """aiguard's findings per category (secret, sast, policy)."""
    doc = _json_or_none(run.stdout)
    out: dict[str, int] = {}
    if isinstance(doc, dict) and isinstance(doc.get('findings'), list):
        for f in doc['findings']:
            category = str(f.get('category')) if isinstance(f, dict) else '?'
            out[category] = out.get(category, 0) + 1
    return dict(sorted(out.items()))


SEVERITY_ORDER = ('critical', 'high', 'medium', 'low', 'info', 'undefined')


def _severity_order(item: tuple[str, int]) -> int:
    level = item[0]
    return SEVERITY_ORDER.index(level) if level in SEVERITY_ORDER else len(SEVERITY_ORDER)


def _tally(items: object, key: str) -> dict[str, int]:
    out: dict[str, int] = {}
    if isinstance(items, list):
        for item in items:
            level = str(item.get(key, '?')).lower() if isinstance(item, dict) else '?'
            out[level] = out.get(level, 0) + 1
    return out


def aiguard_severities(run: Run) -> dict[str, int]:
    doc = _json_or_none(run.stdout)
    return _tally(doc.get('findings') if isinstance(doc, dict) else None, 'severity')


_TEXT_FINDING = re.compile(r'^\S.*?:\d+:\d+: (?P<rule>[A-Z]+)\d+ \[(?P<severity>\w+)\]', re.MULTILINE)
_CATEGORY_OF = {'SEC': 'secret', 'POL': 'policy'}


def _text_findings(run: Run) -> list[re.Match[str]]:
    return list(_TEXT_FINDING.finditer(run.stdout))


def text_step(cmd: tuple[str, ...]) -> Step:
    """An aiguard command counted from its text report: JSON publishes every secret's fingerprint
    as a salted scrypt hash (slow by design), which thousands of findings would time instead."""
    def count(run: Run) -> int | None:
        return len(_text_findings(run)) if run.exit in OK_EXITS else None

    def categories(run: Run) -> dict[str, int]:
        return _tally([{'c': _CATEGORY_OF.get(m['rule'], 'sast')} for m in _text_findings(run)], 'c')

    def severities(run: Run) -> dict[str, int]:
        return _tally([{'s': m['severity']} for m in _text_findings(run)], 's')

    return Step('aiguard', cmd, count, categories, severities)


def bandit_severities(run: Run) -> dict[str, int]:
    doc = _json_or_none(run.stdout)
    return _tally(doc.get('results') if isinstance(doc, dict) else None, 'issue_severity')


def count_bandit(run: Run) -> int | None:
    doc = _json_or_none(run.stdout)
    if isinstance(doc, dict) and isinstance(doc.get('results'), list):
        return len(doc['results'])
    return None


def count_detect_secrets(run: Run) -> int | None:
    """`detect-secrets scan` JSON, or `detect-secrets-hook --json` (silent when clean)."""
    if run.exit == 0 and not run.stdout.strip():
        return 0
    doc = _json_or_none(run.stdout)
    if isinstance(doc, dict) and isinstance(doc.get('results'), dict):
        return sum(len(v) for v in doc['results'].values())
    return None


def count_nothing(run: Run) -> int | None:
    """A command that scans nothing finds nothing."""
    return 0


# ---------------------------------------------------------------- scenarios

@dataclasses.dataclass(frozen=True)
class Step:
    """One command of a side, and how its findings are counted."""

    label: str
    cmd: tuple[str, ...]
    count: Callable[[Run], int | None]
    detail: Callable[[Run], dict[str, int]] | None = None
    severities: Callable[[Run], dict[str, int]] | None = None
    # when set, the findings are counted from this command, run untimed after the timed `cmd`
    # (a commit hook is timed as git runs it, with the text report, and counted from JSON)
    count_cmd: tuple[str, ...] | None = None


def aiguard_step(cmd: tuple[str, ...]) -> Step:
    """An aiguard command with a JSON report: counted in total, by category and by severity."""
    return Step('aiguard', cmd, count_aiguard, aiguard_categories, aiguard_severities)


@dataclasses.dataclass(frozen=True)
class Side:
    """What one side runs for a scenario; the steps run one after another."""

    name: str
    steps: tuple[Step, ...]
    prepare: Callable[[], None] | None = None
    env: dict[str, str] | None = None  # instead of the benchmark's environment


@dataclasses.dataclass
class SideResult:
    name: str
    commands: list[str]
    times: list[float] = dataclasses.field(default_factory=list)
    cpu: list[float] = dataclasses.field(default_factory=list)
    findings: int | None = None
    findings_by_tool: dict[str, int | None] = dataclasses.field(default_factory=dict)
    findings_by_category: dict[str, int] = dataclasses.field(default_factory=dict)
    findings_by_severity: dict[str, int] = dataclasses.field(default_factory=dict)
    exits: list[int] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)

    @property
    def median(self) -> float | None:
        return statistics.median(self.times) if self.times else None

    def to_json(self) -> dict[str, object]:
        return {
            'name': self.name, 'commands': self.commands,
            'median_s': _round(self.median),
            'cpu_median_s': _round(statistics.median(self.cpu) if self.cpu else None),
            'times_s': [_round(t) for t in self.times],
            'findings': self.findings, 'findings_by_tool': self.findings_by_tool,
            'findings_by_category': self.findings_by_category,
            'findings_by_severity': dict(sorted(self.findings_by_severity.items(), key=_severity_order)),
            'exits': sorted(set(self.exits)), 'errors': self.errors,
        }


@dataclasses.dataclass
class ScenarioResult:
    id: str
    title: str
    aiguard: SideResult
    baseline: SideResult
    target: float | None
    notes: list[str] = dataclasses.field(default_factory=list)
    reference: SideResult | None = None

    @property
    def ratio(self) -> float | None:
        a, b = self.aiguard.median, self.baseline.median
        if a is None or not b:
            return None
        return a / b

    @property
    def ratio_beyond_reference(self) -> float | None:
        """The ratio once the cost both sides share (the reference run) is taken out."""
        a, b = self.aiguard.median, self.baseline.median
        r = self.reference.median if self.reference else None
        if a is None or b is None or r is None or b - r <= 0:
            return None
        return max(a - r, 0.0) / (b - r)

    @property
    def meets(self) -> bool | None:
        if self.target is None or self.ratio is None:
            return None
        return self.ratio <= self.target

    def to_json(self) -> dict[str, object]:
        return {
            'id': self.id, 'title': self.title, 'ratio': _round(self.ratio, 3),
            'target': self.target, 'meets': self.meets,
            'aiguard': self.aiguard.to_json(), 'baseline': self.baseline.to_json(),
            'notes': self.notes,
            'reference': self.reference.to_json() if self.reference else None,
            'ratio_beyond_reference': _round(self.ratio_beyond_reference, 3),
        }


def _round(value: float | None, digits: int = 4) -> float | None:
    return None if value is None else round(value, digits)


def _shell_words(cmd: Sequence[str], home: str) -> str:
    """A command as a reader would type it: executables by name, not by venv path."""
    tool_dirs = (BIN_DIR + os.sep, os.path.join(home, 'bin') + os.sep)
    words = [os.path.basename(w) if os.path.isabs(w) and w.startswith(tool_dirs) else w for w in cmd]
    return ' '.join(w.replace(home, '$BENCH') for w in words)


def _run_side(side: Side, result: SideResult, cwd: str, env: dict[str, str],
              keep_counts: bool) -> None:
    if side.prepare:
        side.prepare()
    env = side.env or env
    wall = cpu = 0.0
    counts: dict[str, int | None] = {}
    for step in side.steps:
        run = execute(step.cmd, cwd, env)
        wall += run.wall
        cpu += run.cpu
        result.exits.append(run.exit)
        error = _failure(step.label, run)
        if error and error not in result.errors:
            result.errors.append(error)
        if step.count_cmd is not None:
            if not keep_counts:
                continue
            run = execute(step.count_cmd, cwd, env)  # untimed: the counts only
            error = _failure(step.label, run)
            if error and error not in result.errors:
                result.errors.append(error)
        counts[step.label] = step.count(run)
        if keep_counts and step.detail:
            result.findings_by_category = step.detail(run)
        if keep_counts and step.severities:
            for level, n in step.severities(run).items():
                result.findings_by_severity[level] = result.findings_by_severity.get(level, 0) + n
    result.times.append(wall)
    result.cpu.append(cpu)
    if keep_counts:
        result.findings_by_tool = counts
        values = list(counts.values())
        result.findings = None if any(v is None for v in values) else sum(v for v in values if v)


# a traceback, aiguard's operational error, pre-commit's own fatal error (it exits 1 then)
FAILURE_MARKERS = ('Traceback (most recent call last)', 'aiguard: error:', 'An error has occurred:')


def _failure(label: str, run: Run) -> str | None:
    """Why a run did not do its job, or None; pre-commit relays a hook's errors on stdout."""
    output = run.stdout + run.stderr
    if run.exit in OK_EXITS and not any(marker in output for marker in FAILURE_MARKERS):
        return None
    lines = [ln for ln in output.strip().splitlines() if 'error' in ln.lower()] or \
        output.strip().splitlines() or ['(no output)']
    return f'{label} exited {run.exit}: {lines[-1].strip()[:200]}'


# ---------------------------------------------------------------- the repository under test

def _synthetic(prefix: str, alphabet: str, length: int, seed: int) -> str:
    """A made-up credential that looks random to a scanner, the same in every run."""
    rng = random.Random(seed)
    return prefix + ''.join(rng.choice(alphabet) for _ in range(length))


# synthetic credentials, built at run time so this file trips no secret scanner;
# random-looking, because scanners rightly ignore placeholders such as AKIAXXXX...
BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567'
FAKE_AWS_KEY = _synthetic('AKIA', BASE32, 16, seed=1)
FAKE_AWS_KEY_JS = _synthetic('AKIA', BASE32, 16, seed=2)
FAKE_PASSWORD = _synthetic('', 'abcdefghijkmnpqrstuvwxyz23456789', 20, seed=3)
PLANTED = 'bench_planted.py'


def _planted_source() -> str:
    return (
        '"""Planted by the aiguard benchmark: one known secret and one known injection."""\n'
        'import subprocess\n\n'
        f'AWS_ACCESS_KEY_ID = "{FAKE_AWS_KEY}"\n'
        f'DB_PASSWORD = "{FAKE_PASSWORD}"\n\n\n'
        'def run(command):\n'
        '    return subprocess.call(command, shell=True)\n'
    )


def build_corpus(dest: str, packages: Sequence[str]) -> list[str]:
    """Copy installed packages' source into `dest`; the names not found in site-packages."""
    site = sysconfig.get_paths()['purelib']
    missing = []
    for name in packages:
        src = os.path.join(site, name)
        if not os.path.isdir(src):
            missing.append(name)
            continue
        shutil.copytree(src, os.path.join(dest, name), symlinks=True,
                        ignore=shutil.ignore_patterns('__pycache__', '*.pyc', '*.so', '*.pyd'))
    return missing


def generate_corpus(dest: str, modules: int = 12) -> None:
    """A small, made-up Python project for --quick mode."""
    pkg = os.path.join(dest, 'smallpkg')
    os.makedirs(pkg)
    with open(os.path.join(pkg, '__init__.py'), 'w', encoding='utf-8') as f:
        f.write('"""A small generated package."""\n')
    for i in range(modules):
        body = [f'"""Generated module {i}."""', 'import os', '', '']
        for j in range(8):
            body += [f'def helper_{i}_{j}(values):', f'    """Sum of values plus {j}."""',
                     f'    total = {j}', '    for v in values:', '        total += v',
                     '    return total', '', '']
        body += ['def cwd():', '    return os.getcwd()', '']
        with open(os.path.join(pkg, f'mod_{i}.py'), 'w', encoding='utf-8') as f:
            f.write('\n'.join(body))
    with open(os.path.join(dest, 'README.md'), 'w', encoding='utf-8') as f:
        f.write('# smallpkg\n\nGenerated for the aiguard benchmark.\n')


def git(repo: str, env: dict[str, str], *args: str) -> str:
    """Run git in the benchmark's own temporary repository."""
    return subprocess.run(('git', *args), cwd=repo, env=env, check=True,
                          capture_output=True, text=True).stdout


def init_repo(repo: str, env: dict[str, str]) -> None:
    with open(os.path.join(repo, PLANTED), 'w', encoding='utf-8') as f:
        f.write(_planted_source())
    git(repo, env, 'init', '-q')
    git(repo, env, 'config', 'commit.gpgsign', 'false')
    # the identity git works out for a commit when the environment names only the author
    git(repo, env, 'config', 'user.name', env['GIT_COMMITTER_NAME'])
    git(repo, env, 'config', 'user.email', env['GIT_COMMITTER_EMAIL'])
    git(repo, env, 'add', '-A')
    git(repo, env, 'commit', '-q', '--no-verify', '-m', 'corpus')


def corpus_stats(repo: str, env: dict[str, str]) -> dict[str, int]:
    files = [p for p in git(repo, env, 'ls-files', '-z').split('\0') if p]
    size = sum(os.path.getsize(os.path.join(repo, p)) for p in files)
    return {'files': len(files), 'python_files': sum(p.endswith('.py') for p in files),
            'bytes': size}


def reset(repo: str, env: dict[str, str]) -> None:
    """Back to the committed corpus (only ever in the benchmark's temporary repository)."""
    git(repo, env, 'reset', '-q', '--hard', 'HEAD')
    git(repo, env, 'clean', '-q', '-fdx')


def pick_python_files(repo: str, env: dict[str, str], n: int = 3,
                      fractions: Sequence[float] = (0.5, 0.75, 0.9)) -> list[str]:
    """Existing Python files of middling to large size, chosen the same way every run."""
    files = [p for p in git(repo, env, 'ls-files', '-z', '--', '*.py').split('\0')
             if p and p != PLANTED]
    files.sort(key=lambda p: (os.path.getsize(os.path.join(repo, p)), p))
    picks = []
    for fraction in tuple(fractions)[:n]:
        candidate = files[min(int(len(files) * fraction), len(files) - 1)]
        if candidate not in picks:
            picks.append(candidate)
    return picks


PYTHON_ADDITIONS = (
    '\n\ndef _bench_run(command):\n'
    '    import subprocess\n'
    '    return subprocess.call(command, shell=True)\n',
    f'\n\n_BENCH_AWS_KEY = "{FAKE_AWS_KEY}"\n',
    '\n\ndef _bench_digest(data):\n'
    '    import hashlib\n'
    '    return hashlib.md5(data).hexdigest()\n',
)


MARKER = {'.py': '# change {}\n', '.js': '// change {}\n', '.md': '<!-- change {} -->\n',
          '.json': '{{"change": {}}}\n', '.csv': 'change,{}\n'}


class StagedChange:
    """A change staged again before every run with a new marker line, so its blobs are always new.

    A real commit brings content aiguard's cache has never seen; run after run of
    one staged change would otherwise be answered from the cache.
    """

    def __init__(self, repo: str, env: dict[str, str], additions: dict[str, str]) -> None:
        self.repo = repo
        self.env = env
        self.additions = additions  # path -> text appended to the committed file, or a new file
        self.base = {p: _read_or_empty(os.path.join(repo, p)) for p in additions}
        self.runs = 0
        self.stage()

    @property
    def paths(self) -> list[str]:
        return list(self.additions)

    def stage(self) -> None:
        self.runs += 1
        for path, text in self.additions.items():
            full = os.path.join(self.repo, path)
            os.makedirs(os.path.dirname(full), exist_ok=True)
            marker = MARKER[os.path.splitext(path)[1]].format(self.runs)
            with open(full, 'w', encoding='utf-8') as f:
                f.write(self.base[path] + text + marker)
        git(self.repo, self.env, 'add', '--', *self.additions)


class EditedChange(StagedChange):
    """An assistant's edit: written again before every run, left unstaged as the edit tool leaves it."""

    def stage(self) -> None:
        self.runs += 1
        for path, text in self.additions.items():
            marker = MARKER[os.path.splitext(path)[1]].format(self.runs)
            with open(os.path.join(self.repo, path), 'w', encoding='utf-8') as f:
                f.write(self.base[path] + text + marker)


class DeletingChange(StagedChange):
    """Blank lines deleted from committed files (so they still parse): the last one before each
    of the files' findings (`near`, 1-based lines), which puts that finding beside a deletion and
    makes aiguard read the old version, then others spread through the file up to DELETIONS;
    with the new marker line each run."""

    DELETIONS = 12

    def __init__(self, repo: str, env: dict[str, str], near: dict[str, list[int]]) -> None:
        self.near = near
        super().__init__(repo, env, dict.fromkeys(near, ''))

    def stage(self) -> None:
        self.runs += 1
        for path in self.additions:
            lines = self.base[path].split('\n')
            blank = [i for i, line in enumerate(lines) if not line.strip() and 0 < i < len(lines) - 1]
            gone = {max((i for i in blank if i < n - 1), default=-1) for n in self.near[path]} - {-1}
            step = max(1, len(blank) // self.DELETIONS)
            for i in blank[::step]:
                if len(gone) >= self.DELETIONS:
                    break
                gone.add(i)
            kept = [line for i, line in enumerate(lines) if i not in gone]
            marker = MARKER['.py'].format(self.runs)
            with open(os.path.join(self.repo, path), 'w', encoding='utf-8') as f:
                f.write('\n'.join(kept) + marker)
        git(self.repo, self.env, 'add', '--', *self.additions)


def _read_or_empty(path: str) -> str:
    try:
        with open(path, encoding='utf-8') as f:
            return f.read()
    except FileNotFoundError:
        return ''


JS_FILES = {
    'web/bench_render.js': (
        'export function render(el) {\n'
        '  el.innerHTML = window.location.hash.slice(1);\n'
        '}\n'
    ),
    'web/bench_eval.js': (
        'export function calc(expr) {\n'
        '  return eval(expr);\n'
        '}\n'
    ),
    'web/bench_config.js': f'export const awsKeyId = "{FAKE_AWS_KEY_JS}";\n',
}
def key_id_files(ids: int, lines: int) -> dict[str, str]:
    """The two shapes that once took minutes (issue 13): a one-line CloudTrail-style log naming
    `ids` temporary key ids, and `lines` lines of key id and secret half. Made up, the same each run."""
    rng = random.Random(7)
    b64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+'

    def word(alphabet: str, n: int) -> str:
        return ''.join(rng.choice(alphabet) for _ in range(n))

    events = ','.join(
        '{"eventName":"GetObject","userIdentity":{"type":"AssumedRole","accessKeyId":"ASIA%s"},'
        '"sourceIPAddress":"10.%d"}' % (word(BASE32, 16), i % 250) for i in range(ids))
    pairs = ''.join(f'AKIA{word(BASE32, 16)},"{word(b64, 40)}"\n' for _ in range(lines))
    return {'logs/bench_cloudtrail.json': '{"Records":[' + events + ']}\n', 'exports/bench_keys.csv': pairs}


DOCS_FILES = {
    'docs/bench-notes.md': '# Release notes\n\n- Faster start-up.\n- Clearer messages.\n',
}


def write_pre_commit_configs(home: str, tools: Tools) -> tuple[str, str, str]:
    """`repo: local` hooks as the tools' own hook definitions declare them; nothing downloads.

    The third config has one hook that does nothing: what pre-commit itself costs.
    """
    aiguard_cfg = os.path.join(home, 'aiguard.pre-commit-config.yaml')
    baseline_cfg = os.path.join(home, 'baseline.pre-commit-config.yaml')
    noop_cfg = os.path.join(home, 'noop.pre-commit-config.yaml')
    with open(noop_cfg, 'w', encoding='utf-8') as f:
        f.write(
            'repos:\n- repo: local\n  hooks:\n'
            "  - id: noop\n    name: no-op\n    entry: 'true'\n"
            '    language: system\n    types: [text]\n    require_serial: true\n'
        )
    with open(aiguard_cfg, 'w', encoding='utf-8') as f:
        f.write(
            'repos:\n- repo: local\n  hooks:\n'
            '  - id: aiguard\n    name: aiguard\n'
            f'    entry: {tools.aiguard} hook pre-commit\n'
            '    language: system\n    types: [text]\n    require_serial: true\n'
        )
    with open(baseline_cfg, 'w', encoding='utf-8') as f:
        f.write(
            'repos:\n- repo: local\n  hooks:\n'
            '  - id: bandit\n    name: bandit\n'
            f'    entry: {tools.bandit}\n'
            '    language: system\n    types: [python]\n    require_serial: true\n'
            '  - id: detect-secrets\n    name: detect-secrets\n'
            f'    entry: {tools.detect_secrets_hook}\n'
            '    language: system\n'
        )
    return aiguard_cfg, baseline_cfg, noop_cfg


def cache_dir(repo: str, env: dict[str, str]) -> str:
    """Where aiguard keeps its cache: <git dir>/aiguard."""
    return os.path.join(git(repo, env, 'rev-parse', '--absolute-git-dir').strip(), 'aiguard')


def imported_modules(run: Run) -> dict[str, float]:
    """Top-level package -> microseconds spent importing its modules, from `-X importtime`."""
    out: dict[str, float] = {}
    for line in run.stderr.splitlines():
        if not line.startswith('import time:'):
            continue
        parts = line[len('import time:'):].split('|')
        if len(parts) != 3 or not parts[0].strip().isdigit():
            continue
        top = parts[2].strip().split('.')[0]
        # self times add up without counting a module twice
        out[top] = out.get(top, 0.0) + float(parts[0].strip())
    return out


# ---------------------------------------------------------------- checks besides timing

def check_cache(repo: str, env: dict[str, str], tools: Tools) -> dict[str, object]:
    """Cache location and size, no secret value inside, and concurrent cold runs agreeing."""
    directory = cache_dir(repo, env)
    shutil.rmtree(directory, ignore_errors=True)
    cmd = (tools.aiguard, 'scan', '--all-files', '--format', 'json')
    single = execute(cmd, repo, env)
    shutil.rmtree(directory, ignore_errors=True)
    procs = [_spawn(cmd, repo, env) for _ in range(2)]
    concurrent = [_finish(p) for p in procs]
    after = execute(cmd, repo, env)  # reads what the two concurrent runs wrote
    expected = _fingerprints(single)
    agree = expected is not None and all(
        r.exit == single.exit and _fingerprints(r) == expected for r in (*concurrent, after))
    files, size, holds_secret = 0, 0, False
    needles = [s.encode() for s in (FAKE_AWS_KEY, FAKE_AWS_KEY_JS, FAKE_PASSWORD)]
    for dirpath, _, names in os.walk(directory):
        for name in names:
            full = os.path.join(dirpath, name)
            files += 1
            size += os.path.getsize(full)
            with open(full, 'rb') as f:
                data = f.read()
            holds_secret = holds_secret or any(n in data for n in needles)
    return {
        'directory': '<git dir>/aiguard', 'exists': os.path.isdir(directory),
        'files': files, 'bytes': size, 'holds_secret_value': holds_secret,
        'concurrent_runs_agree': agree,
        'findings_single_concurrent_after': [_count_or_none(r) for r in (single, *concurrent, after)],
        'exits_single_concurrent_after': [r.exit for r in (single, *concurrent, after)],
    }


def _count_or_none(run: Run) -> int | None:
    found = _fingerprints(run)
    return None if found is None else len(found)


def _spawn(cmd: Sequence[str], cwd: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(list(cmd), cwd=cwd, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _finish(proc: subprocess.Popen[str]) -> Run:
    out, err = proc.communicate()
    return Run(0.0, 0.0, 0.0, proc.returncode, out, err)


def _fingerprints(run: Run) -> list[str] | None:
    doc = _json_or_none(run.stdout)
    if not isinstance(doc, dict) or not isinstance(doc.get('findings'), list):
        return None
    return sorted(f'{f.get("fingerprint")}:{f.get("line")}' for f in doc['findings'])


# ---------------------------------------------------------------- the whole run

SCENARIOS = ('startup', 'docs-only', 'js-only', 'js-tree', 'staged-direct', 'staged-pre-commit', 'staged-deletions',
             'staged-deletions-uncached', 'all-files-cold', 'all-files-warm', 'many-key-ids', 'agent-edit')
AGENT_EDIT_TARGET_S = 0.3  # an assistant's edit hook answers within this (absolute, not a ratio)


def machine() -> dict[str, object]:
    """What the figures were measured on."""
    model = ''
    try:
        with open('/proc/cpuinfo', encoding='utf-8') as f:
            for line in f:
                if line.startswith('model name'):
                    model = line.split(':', 1)[1].strip()
                    break
    except OSError:
        pass
    mem_mb = None
    try:
        with open('/proc/meminfo', encoding='ascii') as f:
            for line in f:
                if line.startswith('MemTotal:'):
                    mem_mb = int(line.split()[1]) // 1024
    except OSError:
        pass
    cpus = len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()
    return {
        'nproc': cpus, 'cpu_model': model or platform.processor(), 'memory_mb': mem_mb,
        'system': f'{platform.system()} {platform.release()}',
        'python': platform.python_version(),
        'load_average_start': [round(x, 2) for x in os.getloadavg()],
    }


def baseline_plugins(environment_bandit: str, baseline_bandit: str, repo: str,
                     env: dict[str, str]) -> dict[str, object]:
    """bandit's test ids on the planted file: this environment's bandit, and the baseline's."""
    def test_ids(cmd: str) -> list[str]:
        doc = _json_or_none(execute((cmd, '-q', '-f', 'json', PLANTED), repo, env).stdout)
        results = doc.get('results') if isinstance(doc, dict) else None
        return sorted({str(r.get('test_id')) for r in results or () if isinstance(r, dict)})
    env_ids, base_ids = test_ids(environment_bandit), test_ids(baseline_bandit)
    return {
        'environment_bandit_tests_on_planted_file': env_ids,
        'baseline_bandit_tests_on_planted_file': base_ids,
        'baseline_runs_only_bandit_tests': bool(base_ids) and all(
            t.startswith('B') and t[1:].isdigit() for t in base_ids),
    }


def tool_versions(tools: Tools, env: dict[str, str], cwd: str) -> dict[str, str]:
    """'name version' of each tool, as its --version prints it."""
    def version(name: str, cmd: Sequence[str]) -> str:
        run = execute((*cmd, '--version'), cwd, env)
        text = (run.stdout or run.stderr).strip().splitlines()
        line = text[0] if text else '?'
        return line if line.startswith(name) else f'{name} {line}'
    return {
        'aiguard': version('aiguard', (tools.aiguard,)),
        'bandit': version('bandit', (tools.bandit,)),
        'detect-secrets': version('detect-secrets', (tools.detect_secrets,)),
        'pre-commit': version('pre-commit', tools.pre_commit),
    }


@dataclasses.dataclass(frozen=True)
class Bench:
    """The repository under test and how to run things in it."""

    tools: Tools
    repo: str
    home: str
    env: dict[str, str]
    repeat: int
    warmup: bool = True

    @property
    def hook(self) -> tuple[str, ...]:
        """What a native pre-commit hook runs, with a report the benchmark can count."""
        return (self.tools.aiguard, 'hook', 'pre-commit', '--format', 'json')

    @property
    def native_hook_step(self) -> Step:
        """`aiguard hook pre-commit` timed as git's hook script runs it; counted from JSON."""
        return dataclasses.replace(aiguard_step((self.tools.aiguard, 'hook', 'pre-commit')), count_cmd=self.hook)

    def hook_side(self, step: Step | None = None) -> Side:
        """aiguard as a commit hook: natively, or the step given (through pre-commit)."""
        return Side('aiguard', (step or aiguard_step(self.hook),))

    @property
    def git_hook_env(self) -> dict[str, str]:
        """The environment `git commit` gives its hooks: the author, not the committer
        (aiguard then asks `git var` for the identity git will record)."""
        return {k: v for k, v in self.env.items() if not k.startswith('GIT_COMMITTER_')}

    @property
    def version_side(self) -> Side:
        return Side('aiguard --version', (Step('aiguard', (self.tools.aiguard, '--version'), count_nothing),))

    @property
    def python_pass(self) -> Side:
        return Side('python -c pass', (Step('python', (self.tools.python, '-c', 'pass'), count_nothing),))

    def measure(self, scenario_id: str, title: str, aiguard: Side, baseline: Side,
                target: float | None, notes: Sequence[str] = (), reference: Side | None = None,
                change: StagedChange | None = None) -> ScenarioResult:
        """Time both sides (and a reference, when given) on the same work."""
        result = ScenarioResult(scenario_id, title, self.side_result(aiguard),
                                self.side_result(baseline), target, list(notes))
        units = [[(aiguard, result.aiguard)], [(baseline, result.baseline)]]
        if reference is not None:
            result.reference = self.side_result(reference)
            units.append([(reference, result.reference)])
        for unit in (units if self.warmup else ()):
            # untimed: the first run of a command pays for cold files and pre-commit's store
            for side, _ in unit:
                if change:
                    change.stage()
                _run_side(side, self.side_result(side), self.repo, self.env, keep_counts=False)
        self.interleave(units, change)
        _progress(result)
        return result

    def interleave(self, units: Sequence[Sequence[tuple[Side, SideResult]]],
                   change: StagedChange | None = None) -> None:
        """Run every unit `repeat` times, alternating the order so drift hits all alike."""
        for i in range(self.repeat):
            for unit in (units if i % 2 == 0 else list(reversed(units))):
                for side, result in unit:
                    if change:
                        change.stage()  # untimed: a new commit's worth of new blobs
                    _run_side(side, result, self.repo, self.env, keep_counts=(i == self.repeat - 1))

    def side_result(self, side: Side) -> SideResult:
        """An empty result for `side`, with its commands as a reader would type them."""
        return SideResult(side.name, [_shell_words(s.cmd, self.home) for s in side.steps])


def _progress(result: ScenarioResult) -> None:
    print(f'  {result.id}: aiguard {_fmt_s(result.aiguard.median)} '
          f'baseline {_fmt_s(result.baseline.median)} ratio {_fmt_ratio(result.ratio)}',
          file=sys.stderr)


def startup(b: Bench) -> list[ScenarioResult]:
    aiguard = Side('aiguard', (Step('aiguard', (b.tools.aiguard, '--version'), count_nothing),))
    return [b.measure('startup', 'start-up: aiguard --version vs python -c pass',
                      aiguard, b.python_pass, target=None)]


def docs_only(b: Bench, checks: dict[str, object]) -> list[ScenarioResult]:
    reset(b.repo, b.env)
    change = StagedChange(b.repo, b.env, DOCS_FILES)
    result = b.measure(
        'docs-only', 'commit of one Markdown file: aiguard hook vs aiguard --version',
        dataclasses.replace(b.hook_side(b.native_hook_step), env=b.git_hook_env),
        dataclasses.replace(b.version_side, env=b.git_hook_env), change=change, target=DOCS_TARGET,
        notes=[f'target: about start-up, read as <= {DOCS_TARGET}x aiguard --version (python -c pass: see the summary)'])
    checks['docs_only_imports'] = heavy_imports(b, change)
    return [result]


def js_only(b: Bench, checks: dict[str, object]) -> list[ScenarioResult]:
    reset(b.repo, b.env)
    change = StagedChange(b.repo, b.env, JS_FILES)
    js = change.paths
    result = b.measure(
        'js-only', 'commit of 3 JavaScript files (no Python): aiguard hook vs detect-secrets-hook',
        b.hook_side(),
        Side('bandit + detect-secrets', (
            Step('detect-secrets', (b.tools.detect_secrets_hook, '--json', *js), count_detect_secrets),
        )),
        target=None, change=change,
        notes=['baseline runs only detect-secrets-hook: pre-commit skips bandit (types: [python])'])
    checks['js_only_imports'] = heavy_imports(b, change)
    return [result]


def many_key_ids(b: Bench, quick: bool) -> list[ScenarioResult]:
    """Thousands of AWS key ids in two files: the secrets engine's pairing and de-duplication
    once compared every hit with every other (294 s and 26 s); linear now."""
    reset(b.repo, b.env)
    ids, lines = (800, 400) if quick else (8000, 4000)
    change = StagedChange(b.repo, b.env, key_id_files(ids, lines))
    return [b.measure(
        'many-key-ids', f'commit of a one-line log of {ids} key ids and {lines} key lines: '
        'aiguard hook vs aiguard --version',
        b.hook_side(text_step((b.tools.aiguard, 'hook', 'pre-commit'))), b.version_side, target=None,
        change=change,
        notes=['reports the time; no target (a regression here is minutes, not percent)',
               'aiguard counted from its text report (JSON hashes each of thousands of secrets with scrypt)',
               'baseline is start-up: detect-secrets-hook takes ~40 s on the --quick size of these files'])]


JS_CORPUS = os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'tests', 'js_corpus')
# the same scan with the syntax tree turned off: the regex rules alone, as before the tree
_REGEX_ONLY = ('import sys\nfrom aiguard.scanners import patterns\npatterns.USE_TREE = False\n'
               'from aiguard.cli import main\nraise SystemExit(main(sys.argv[1:]))\n')


def js_tree(b: Bench) -> list[ScenarioResult]:
    """What the syntax tree costs a JS/TS file: the JS corpus scanned by the patterns engine with and without it."""
    reset(b.repo, b.env)
    paths = []
    for side in ('vulnerable', 'safe'):
        folder = os.path.join(JS_CORPUS, side)
        for stored in sorted(os.listdir(folder)):
            name = stored[:-4]  # NAME.js.txt: the corpus keeps its programs out of aiguard's own scan
            dest = os.path.join(b.repo, 'jscorpus', side, name)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            shutil.copyfile(os.path.join(folder, stored), dest)
            paths.append(f'jscorpus/{side}/{name}')
    git(b.repo, b.env, 'add', '--', 'jscorpus')
    args = ('scan', '--no-cache', '--no-baseline', '--engine', 'patterns', '--format', 'json', *paths)
    result = b.measure(
        'js-tree', f'{len(paths)} JS/TS files, patterns engine: syntax tree vs the regex rules alone',
        Side('aiguard', (aiguard_step((b.tools.aiguard, *args)),)),
        Side('regex rules alone', (Step('aiguard', (b.tools.python, '-c', _REGEX_ONLY, *args), count_aiguard),)),
        target=None)
    a, r = result.aiguard.median, result.baseline.median
    if a is not None and r is not None:
        result.notes.append(f'syntax tree: {1000 * (a - r) / len(paths):.2f} ms a file over the regexes '
                            f'(tree-sitter import and one parse and walk per file)')
    git(b.repo, b.env, 'rm', '-r', '-q', '--cached', '--', 'jscorpus')
    shutil.rmtree(os.path.join(b.repo, 'jscorpus'), ignore_errors=True)
    return [result]


def staged_change(b: Bench, wanted: Sequence[str], report: dict[str, object],
                  checks: dict[str, object]) -> list[ScenarioResult]:
    """The same small Python change, run as native hooks and through pre-commit."""
    reset(b.repo, b.env)
    change = StagedChange(b.repo, b.env,
                          dict(zip(pick_python_files(b.repo, b.env), PYTHON_ADDITIONS)))
    staged = change.paths
    report['staged_files'] = staged
    results = []
    direct = b.measure(
        'staged-direct', 'small staged change (3 Python files), hooks run directly',
        b.hook_side(),
        Side('bandit + detect-secrets', (
            Step('bandit', (b.tools.bandit, '-q', '-f', 'json', *staged), count_bandit,
                 severities=bandit_severities),
            Step('detect-secrets', (b.tools.detect_secrets_hook, '--json', *staged),
                 count_detect_secrets),
        )),
        target=None, change=change,
        notes=['bandit reports every issue in the 3 files; aiguard only what the change adds'])
    if 'staged-direct' in wanted:
        results.append(direct)
    # the control for the no-Python commits: here bandit is expected
    checks['python_change_imports'] = heavy_imports(b, change)
    if 'staged-pre-commit' in wanted:
        aiguard_cfg, baseline_cfg, noop_cfg = write_pre_commit_configs(b.home, b.tools)
        run_cmd = (*b.tools.pre_commit, 'run', '--config')
        through = b.measure(
            'staged-pre-commit', 'small staged change (3 Python files), through `pre-commit run`',
            b.hook_side(Step('pre-commit', (*run_cmd, aiguard_cfg), count_nothing)),
            Side('bandit + detect-secrets',
                 (Step('pre-commit', (*run_cmd, baseline_cfg), count_nothing),)),
            target=0.45, change=change,
            notes=['findings counts: the same change run directly (staged-direct)',
                   "reference: pre-commit's own cost, one hook that runs `true`"],
            reference=Side('pre-commit, no-op hook',
                           (Step('pre-commit', (*run_cmd, noop_cfg), count_nothing),)))
        # pre-commit prints text; the counts are those of the same change run directly
        for mine, theirs in ((through.aiguard, direct.aiguard), (through.baseline, direct.baseline)):
            mine.findings = theirs.findings
            mine.findings_by_tool = dict(theirs.findings_by_tool)
            mine.findings_by_category = dict(theirs.findings_by_category)
            mine.findings_by_severity = dict(theirs.findings_by_severity)
        results.append(through)
    return results


def files_with_findings(b: Bench, n: int = 3) -> dict[str, list[int]]:
    """The n largest Python files with a finding of aiguard's (whole-file scan), with its lines."""
    run = execute((b.tools.aiguard, 'scan', '--all-files', '--format', 'json'), b.repo, b.env)
    doc = _json_or_none(run.stdout)
    lines: dict[str, list[int]] = {}
    for f in (doc or {}).get('findings', ()) if isinstance(doc, dict) else ():
        if f['path'].endswith('.py') and f['path'] != PLANTED:
            lines.setdefault(f['path'], []).append(f['line'])
    if not lines:  # a corpus without findings (--quick): the largest files
        return {p: [] for p in pick_python_files(b.repo, b.env, fractions=(1.0, 0.99, 0.98))}
    by_size = sorted(lines, key=lambda p: (-os.path.getsize(os.path.join(b.repo, p)), p))
    return {p: lines[p] for p in by_size[:n]}


def staged_deletions(b: Bench, wanted: Sequence[str], report: dict[str, object]) -> list[ScenarioResult]:
    """A commit that deletes lines beside the findings of the 3 largest Python files that have
    some: the differential gate reads their old versions, answered by the cache of the
    committed files or (uncached) by scanning them."""
    reset(b.repo, b.env)
    change = DeletingChange(b.repo, b.env, files_with_findings(b))
    staged = change.paths
    report['deletion_files'] = staged
    baseline = Side('bandit + detect-secrets', (
        Step('bandit', (b.tools.bandit, '-q', '-f', 'json', *staged), count_bandit, severities=bandit_severities),
        Step('detect-secrets', (b.tools.detect_secrets_hook, '--json', *staged), count_detect_secrets),
    ))
    results = []
    if 'staged-deletions' in wanted:
        results.append(b.measure(
            'staged-deletions', 'staged deletions (12 blank lines, one beside each finding, from each of the 3 '
            'largest Python files with findings), hooks run directly', b.hook_side(), baseline, target=None,
            change=change,
            notes=['aiguard re-reads the statements beside each deletion and compares their findings with the '
                   'old versions (cached when the corpus was scanned); old findings do not count']))
    if 'staged-deletions-uncached' in wanted:
        results_db = os.path.join(cache_dir(b.repo, b.env), 'results.sqlite3')

        def forget_results() -> None:  # the rule-data cache stays: only the old versions' results go
            for suffix in ('', '-wal', '-shm'):
                with contextlib.suppress(FileNotFoundError):
                    os.remove(results_db + suffix)

        uncached = dataclasses.replace(b.hook_side(), prepare=forget_results)
        results.append(b.measure(
            'staged-deletions-uncached', 'the same deletions with the result cache emptied before each run: '
            'the old versions are scanned', uncached, baseline, target=None, change=change,
            notes=['the worst case of the differential gate: no old version is in the cache']))
    return results


def all_files(b: Bench, wanted: Sequence[str], checks: dict[str, object]) -> list[ScenarioResult]:
    """The whole repository: aiguard cold then warm, against the baseline, interleaved."""
    reset(b.repo, b.env)
    directory = cache_dir(b.repo, b.env)
    scan_all = (b.tools.aiguard, 'scan', '--all-files', '--format', 'json')
    cold_side = Side('aiguard', (aiguard_step(scan_all),),
                     prepare=lambda: shutil.rmtree(directory, ignore_errors=True))
    warm_side = Side('aiguard', (aiguard_step(scan_all),))
    baseline = Side('bandit + detect-secrets', (
        Step('bandit', (b.tools.bandit, '-q', '-r', '.', '-f', 'json'), count_bandit,
             severities=bandit_severities),
        # tracked files, as aiguard --all-files; `scan --all-files` would also walk .git
        Step('detect-secrets', (b.tools.detect_secrets, 'scan'), count_detect_secrets),
    ))
    baseline_result = b.side_result(baseline)
    cold = ScenarioResult('all-files-cold', '--all-files over the whole repository, cold (cache cleared)',
                          b.side_result(cold_side), baseline_result, 0.35)
    warm = ScenarioResult(
        'all-files-warm', '--all-files again, nothing changed (warm cache)',
        b.side_result(warm_side), baseline_result, 0.05,
        ['each warm run follows a cold run that filled the cache; the baseline has no cache, '
         'so its times are the same as for all-files-cold'])
    # a cold run fills the cache, so the warm run right after it sees nothing changed
    b.interleave([[(cold_side, cold.aiguard), (warm_side, warm.aiguard)],
                  [(baseline, baseline_result)]])
    _progress(cold)
    _progress(warm)
    shutil.rmtree(directory, ignore_errors=True)
    rss, pss, run = peak_tree_memory(scan_all, b.repo, b.env)
    checks['memory'] = {
        'command': 'aiguard scan --all-files (cold)', 'peak_tree_rss_mb': round(rss, 1),
        'peak_tree_pss_mb': round(pss, 1), 'largest_process_maxrss_mb': round(run.maxrss_mb, 1),
        'limit_mb': MEMORY_LIMIT_MB, 'meets': max(rss, run.maxrss_mb) < MEMORY_LIMIT_MB,
    }
    checks['cache'] = {**check_cache(b.repo, b.env, b.tools),
                       'warm_findings_match_cold': warm.aiguard.findings == cold.aiguard.findings}
    return [r for r in (cold, warm) if r.id in wanted]


@dataclasses.dataclass(frozen=True)
class Options:
    """What the command line asked for."""

    packages: tuple[str, ...]
    repeat: int
    quick: bool
    only: tuple[str, ...]
    snapshot: bool


def snapshot_aiguard(dest: str, env: dict[str, str]) -> dict[str, object]:
    """Copy the installed aiguard package under `dest`, which goes first on PYTHONPATH.

    An editable install changes while people work on it; a copy keeps every run
    of this benchmark on the same code (and aiguard's cache digest stable).
    """
    source = subprocess.run(
        (sys.executable, '-c', 'import aiguard, os; print(os.path.dirname(aiguard.__file__))'),
        env=env, capture_output=True, text=True, check=True,
    ).stdout.strip()
    shutil.copytree(source, os.path.join(dest, 'aiguard'), symlinks=True)
    return {'path': source, 'snapshot': True, **_source_revision(source)}


def _source_revision(path: str) -> dict[str, object]:
    """The git commit the aiguard source is at, and whether it has uncommitted edits."""
    def run(*args: str) -> str | None:
        proc = subprocess.run(('git', '-C', path, *args), capture_output=True, text=True)
        return proc.stdout.strip() if proc.returncode == 0 else None
    commit = run('rev-parse', '--short', 'HEAD')
    if commit is None:
        return {'commit': None, 'uncommitted_changes': None}
    status = run('status', '--porcelain', '--', '.')
    return {'commit': commit, 'uncommitted_changes': bool(status)}


def run_all(work: str, tools: Tools, options: Options) -> dict[str, object]:
    """Build the repository, run the selected scenarios and checks; the report as a dict."""
    home = os.path.join(work, 'home')
    repo = os.path.join(work, 'repo')
    os.makedirs(home)
    os.makedirs(repo)
    env = clean_env(home)
    environment_bandit = tools.bandit
    tools, baseline_info = plain_baseline(tools, home)
    source: dict[str, object] = {'snapshot': False}
    if options.snapshot:
        source = snapshot_aiguard(os.path.join(work, 'snapshot'), env)
        env['PYTHONPATH'] = os.path.join(work, 'snapshot')
    if options.quick:
        generate_corpus(repo)
        corpus_name = 'generated'
    else:
        missing = build_corpus(repo, options.packages)
        if missing:
            raise SystemExit(f'benchmark: not installed in site-packages: {", ".join(missing)}')
        corpus_name = ', '.join(options.packages)
    init_repo(repo, env)
    report: dict[str, object] = {
        'version': 1,
        'date': datetime.datetime.now(datetime.timezone.utc).strftime('%Y-%m-%d %H:%M UTC'),
        'machine': machine(), 'tools': tool_versions(tools, env, repo), 'aiguard_source': source,
        'baseline': {**baseline_info, **baseline_plugins(environment_bandit, tools.bandit, repo, env)},
        'corpus': {'packages': corpus_name, **corpus_stats(repo, env)},
        'repeat': options.repeat, 'quick': options.quick,
    }
    wanted = [s for s in SCENARIOS if not options.only or s in options.only]
    b = Bench(tools, repo, home, env, options.repeat, warmup=not options.quick)
    results: list[ScenarioResult] = []
    checks: dict[str, object] = {}
    if 'startup' in wanted:
        results += startup(b)
    if any(s in wanted for s in ('docs-only', 'js-only', 'staged-direct', 'staged-pre-commit', 'staged-deletions',
                                 'staged-deletions-uncached')):
        # a hook user's cache exists and knows the committed files, but not what is staged
        execute((tools.aiguard, 'scan', '--all-files', '--format', 'json'), repo, env)
    if 'docs-only' in wanted:
        results += docs_only(b, checks)
    if 'js-only' in wanted:
        results += js_only(b, checks)
    if 'js-tree' in wanted:
        results += js_tree(b)
    if 'staged-direct' in wanted or 'staged-pre-commit' in wanted:
        results += staged_change(b, wanted, report, checks)
    if 'staged-deletions' in wanted or 'staged-deletions-uncached' in wanted:
        results += staged_deletions(b, wanted, report)
    if 'all-files-cold' in wanted or 'all-files-warm' in wanted:
        results += all_files(b, wanted, checks)
    if 'many-key-ids' in wanted:
        results += many_key_ids(b, options.quick)
    if 'agent-edit' in wanted:
        results += agent_edit(b, checks)
    report['scenarios'] = [r.to_json() for r in results]
    report['checks'] = checks
    machine_info = report['machine']
    if isinstance(machine_info, dict):
        machine_info['load_average_end'] = [round(x, 2) for x in os.getloadavg()]
    return report


def agent_edit(b: Bench, checks: dict[str, object]) -> list[ScenarioResult]:
    """Claude Code's PostToolUse hook after an edit of one Python file, vs bandit + detect-secrets on it."""
    reset(b.repo, b.env)
    path = pick_python_files(b.repo, b.env, 1)[0]
    change = EditedChange(b.repo, b.env, {path: PYTHON_ADDITIONS[0]})
    payload = os.path.join(b.home, 'agent-edit.json')
    with open(payload, 'w', encoding='utf-8') as f:
        json.dump({'session_id': 'bench', 'transcript_path': os.path.join(b.home, 't.jsonl'), 'cwd': b.repo,
                   'permission_mode': 'default', 'hook_event_name': 'PostToolUse', 'tool_name': 'Edit',
                   'tool_input': {'file_path': os.path.join(b.repo, path), 'old_string': '',
                                  'new_string': PYTHON_ADDITIONS[0]},
                   'tool_response': {'filePath': os.path.join(b.repo, path), 'success': True},
                   'tool_use_id': 'toolu_bench'}, f)
    hook = ('/bin/sh', '-c', f'exec {shlex.quote(b.tools.aiguard)} agent claude post-tool < {shlex.quote(payload)}')
    result = b.measure(
        'agent-edit', 'an assistant edits one Python file: `aiguard agent claude post-tool` vs bandit + '
        'detect-secrets on that file',
        Side('aiguard', (Step('aiguard', hook, count_agent_reply, agent_reply_categories, agent_reply_severities),)),
        Side('bandit + detect-secrets', (
            Step('bandit', (b.tools.bandit, '-q', '-f', 'json', path), count_bandit, severities=bandit_severities),
            Step('detect-secrets', (b.tools.detect_secrets_hook, '--json', path), count_detect_secrets),
        )),
        target=None, change=change,
        notes=[f'target: the hook answers within {AGENT_EDIT_TARGET_S:g} s (absolute); the baseline is what a '
               'hand-written post-edit hook would run'])
    median = result.aiguard.median
    checks['agent_edit'] = {'median_s': _round(median, 4), 'target_s': AGENT_EDIT_TARGET_S,
                            'meets': None if median is None else median <= AGENT_EDIT_TARGET_S}
    git(b.repo, b.env, 'checkout', '--', path)
    return [result]


def _agent_reply_findings(run: Run) -> list[tuple[str, str]] | None:
    """(rule id, severity) of each finding in a PostToolUse reply (`path:line:col: RULE [severity] ...`)."""
    if run.stdout.strip() == '':
        return []
    doc = _json_or_none(run.stdout)
    if not isinstance(doc, dict):
        return None
    context = doc.get('hookSpecificOutput')
    text = str(doc.get('reason') or (context.get('additionalContext') if isinstance(context, dict) else '') or '')
    return [(m.group(1), m.group(2)) for m in re.finditer(r'^\S+:\d+:\d+: (\S+) \[(\w+)\]', text, re.M)]


def count_agent_reply(run: Run) -> int | None:
    found = _agent_reply_findings(run)
    return None if found is None else len(found)


def agent_reply_categories(run: Run) -> dict[str, int]:
    kinds = {'SEC': 'secret', 'POL': 'policy'}
    return _tally([{'category': kinds.get(rule[:3], 'sast')} for rule, _ in _agent_reply_findings(run) or ()],
                  'category')


def agent_reply_severities(run: Run) -> dict[str, int]:
    return _tally([{'severity': sev} for _, sev in _agent_reply_findings(run) or ()], 'severity')


def heavy_imports(b: Bench, change: StagedChange) -> dict[str, object]:
    """Which heavy engines the hook imports for the staged change, from -X importtime."""
    change.stage()  # new blobs: the engines must run, not the cache answer
    run = execute((b.tools.aiguard, 'hook', 'pre-commit'), b.repo,
                  {**b.env, 'PYTHONPROFILEIMPORTTIME': '1'})
    modules = imported_modules(run)
    slowest = sorted(modules.items(), key=lambda kv: -kv[1])[:8]
    return {
        'bandit_imported': 'bandit' in modules,
        'detect_secrets_imported': 'detect_secrets' in modules,
        'slowest_imports_ms': {name: round(us / 1000.0, 1) for name, us in slowest},
    }


# ---------------------------------------------------------------- output

def _fmt_s(value: float | None) -> str:
    return '-' if value is None else f'{value:.3f}s'


def _fmt_ratio(value: float | None) -> str:
    return '-' if value is None else f'{value:.2f}x'


def _fmt_findings(side: dict[str, object]) -> str:
    total = side.get('findings')
    by_tool = side.get('findings_by_tool') or {}
    by_category = side.get('findings_by_category') or {}
    text = '?' if total is None else str(total)
    parts = by_category if by_category else by_tool if len(by_tool) > 1 else {}
    if isinstance(parts, dict) and parts:
        text += ' (' + ' + '.join(f'{k} {"?" if v is None else v}' for k, v in parts.items()) + ')'
    return text


def _fmt_counts(counts: dict[str, int]) -> str:
    return ', '.join(f'{k} {v}' for k, v in counts.items()) or 'none'


def _fmt_baseline(baseline: object) -> str:
    if not isinstance(baseline, dict):
        return '?'
    verdict = ('plain bandit (aiguard\'s plugins hidden)' if baseline.get('baseline_runs_only_bandit_tests')
               else 'WARNING: the baseline bandit may run tests that are not bandit\'s')
    return (f'{verdict}; tests on the planted file: environment bandit '
            f'{",".join(baseline.get("environment_bandit_tests_on_planted_file") or []) or "-"}, '
            f'baseline bandit {",".join(baseline.get("baseline_bandit_tests_on_planted_file") or []) or "-"}')


def _fmt_source(source: object) -> str:
    if not isinstance(source, dict) or not source.get('snapshot'):
        return 'the installed package, in place'
    edits = ' + uncommitted changes' if source.get('uncommitted_changes') else ''
    return f'{source["path"]} at {source.get("commit") or "?"}{edits}, copied at the start of the run'


def _header_lines(report: dict[str, object]) -> list[str]:
    m, c = report['machine'], report['corpus']
    assert isinstance(m, dict) and isinstance(c, dict)
    return [
        f'aiguard benchmark, {report["date"]}; {m["nproc"]} CPUs ({m["cpu_model"]}), '
        f'{m["memory_mb"]} MB RAM, {m["system"]}, Python {m["python"]}; '
        f'load average {m["load_average_start"]} -> {m.get("load_average_end")}',
        f'corpus: {c["packages"]} ({c["files"]} files, {c["python_files"]} Python, '
        f'{c["bytes"] / 1e6:.1f} MB); median of {report["repeat"]} runs; '
        + ', '.join(report['tools'].values()),  # type: ignore[union-attr]
        f'aiguard source: {_fmt_source(report.get("aiguard_source"))}',
        f'baseline: {_fmt_baseline(report.get("baseline"))}',
    ]


SIDES = ('aiguard', 'baseline', 'reference')
TABLE_HEADER = ('scenario', 'aiguard', 'findings', 'baseline', 'findings', 'ratio', 'target', '')


def _rows(report: dict[str, object]) -> list[tuple[str, ...]]:
    scenarios = report['scenarios']
    assert isinstance(scenarios, list)
    rows = []
    for s in scenarios:
        a, b = s['aiguard'], s['baseline']
        target = '-' if s['target'] is None else f'<= {s["target"]}x'
        verdict = {True: 'ok', False: 'MISSED', None: ''}[s['meets']]
        if any(s[side]['errors'] for side in SIDES if s.get(side)):
            verdict = 'ERROR'
        rows.append((s['id'], _fmt_s(a['median_s']), _fmt_findings(a), _fmt_s(b['median_s']),
                     _fmt_findings(b), _fmt_ratio(s['ratio']), target, verdict))
    return rows


def _detail_lines(report: dict[str, object]) -> list[str]:
    """Errors, severities, the pre-commit reference and the checks, one line each."""
    scenarios = report['scenarios']
    checks = report['checks']
    assert isinstance(scenarios, list) and isinstance(checks, dict)
    lines = [f'error: {s["id"]} {side}: {e}'
             for s in scenarios for side in SIDES if s.get(side) for e in s[side]['errors']]
    for s in scenarios:
        a, b = s['aiguard']['findings_by_severity'], s['baseline']['findings_by_severity']
        if a or b:
            lines.append(f'{s["id"]}: findings by severity: aiguard {_fmt_counts(a)}; '
                         f'bandit {_fmt_counts(b)} (detect-secrets has no severity)')
    for s in scenarios:
        ref = s.get('reference')
        if ref:
            lines.append(f'{s["id"]}: {ref["name"]} takes {_fmt_s(ref["median_s"])}; beyond that shared '
                         f'cost, aiguard / baseline = {_fmt_ratio(s["ratio_beyond_reference"])}')
    by_id = {s['id']: s for s in scenarios}
    edit = checks.get('agent_edit')
    if isinstance(edit, dict) and edit.get('median_s') is not None:
        lines.append(f'agent-edit: the post-edit hook answers in {_fmt_s(edit["median_s"])} '
                     f'(target <= {edit["target_s"]:g} s: {"ok" if edit["meets"] else "MISSED"})')
    if 'startup' in by_id and 'docs-only' in by_id:
        docs, bare = by_id['docs-only']['aiguard']['median_s'], by_id['startup']['baseline']['median_s']
        if docs and bare:
            lines.append(f'docs-only: {_fmt_s(docs)} is {_fmt_ratio(docs / bare)} a bare interpreter '
                         f'(python -c pass, {_fmt_s(bare)}, start-up scenario); the target reads it against '
                         f'aiguard --version, which is already {_fmt_ratio(by_id["startup"]["ratio"])} that')
    mem = checks.get('memory')
    if isinstance(mem, dict):
        lines.append(f'peak memory, aiguard --all-files: all processes {mem["peak_tree_rss_mb"]} MB RSS '
                     f'({mem["peak_tree_pss_mb"]} MB PSS), largest process {mem["largest_process_maxrss_mb"]} MB '
                     f'(limit {mem["limit_mb"]:.0f} MB: {"ok" if mem["meets"] else "MISSED"})')
    for key in ('docs_only_imports', 'js_only_imports', 'python_change_imports'):
        imp = checks.get(key)
        if isinstance(imp, dict):
            slowest = ', '.join(f'{k} {v:g}' for k, v in list(imp['slowest_imports_ms'].items())[:5])
            lines.append(f'{key.replace("_imports", "")}: bandit imported: {imp["bandit_imported"]}, '
                         f'detect_secrets imported: {imp["detect_secrets_imported"]}; '
                         f'slowest imports (ms per package): {slowest}')
    cache = checks.get('cache')
    if isinstance(cache, dict):
        lines.append(f'cache {cache["directory"]}: exists {cache["exists"]}, {cache["files"]} files, '
                     f'{cache["bytes"]} bytes, holds a secret value: {cache["holds_secret_value"]}, '
                     f'concurrent cold runs agree: {cache["concurrent_runs_agree"]} '
                     f'(findings single/concurrent/after: {cache["findings_single_concurrent_after"]}), '
                     f'warm findings match cold: {cache["warm_findings_match_cold"]}')
    return lines


def render_table(report: dict[str, object]) -> str:
    """The report for people: one line per scenario, then the checks."""
    rows = [TABLE_HEADER, *_rows(report)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(TABLE_HEADER))]
    table = ['  '.join(cell.ljust(w) for cell, w in zip(r, widths)).rstrip() for r in rows]
    return '\n'.join([*_header_lines(report), '', *table, '', *_detail_lines(report)]) + '\n'


def render_markdown(report: dict[str, object]) -> str:
    """The same report as Markdown, for benchmarks/README.md."""
    def cells(row: Sequence[str]) -> str:
        return '| ' + ' | '.join(c.replace('|', '\\|') for c in row) + ' |'
    table = [cells(TABLE_HEADER), cells(['---'] * len(TABLE_HEADER)), *(cells(r) for r in _rows(report))]
    return '\n'.join([
        *(f'{line}  ' for line in _header_lines(report)), '', *table, '',
        *(f'- {line}' for line in _detail_lines(report)),
    ]) + '\n'


def has_errors(report: dict[str, object]) -> bool:
    scenarios = report.get('scenarios')
    assert isinstance(scenarios, list)
    return any(s[side]['errors'] for s in scenarios for side in SIDES if s.get(side))


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--repeat', type=int, default=None,
                        help='runs per measurement (default 5; 1 with --quick)')
    parser.add_argument('--packages', nargs='+', default=['pip'], metavar='NAME',
                        help='site-packages directories that make the large repository (default: pip)')
    parser.add_argument('--quick', action='store_true',
                        help='a tiny generated repository and one run each: checks the instrument, not speed')
    parser.add_argument('--only', nargs='+', choices=SCENARIOS, default=(), metavar='ID',
                        help=f'run only these scenarios: {", ".join(SCENARIOS)}')
    parser.add_argument('--json', metavar='FILE', help='also write the report as JSON here')
    parser.add_argument('--markdown', metavar='FILE', help='also write the report as Markdown here')
    parser.add_argument('--keep', action='store_true', help='keep the temporary repository and print where')
    parser.add_argument('--no-snapshot', action='store_true',
                        help='run the installed aiguard in place instead of a copy taken at the start')
    args = parser.parse_args(argv)
    repeat = args.repeat or (1 if args.quick else 5)
    if repeat < 1:
        parser.error('--repeat must be at least 1')
    options = Options(tuple(args.packages), repeat, args.quick, tuple(args.only), not args.no_snapshot)
    tools, missing = find_tools()
    if tools is None:
        print(f'benchmark: not installed next to {sys.executable}: {", ".join(missing)}', file=sys.stderr)
        return 2
    work = tempfile.mkdtemp(prefix='aiguard-bench-')
    try:
        report = run_all(work, tools, options)
    finally:
        if args.keep:
            print(f'benchmark: repository kept in {work}/repo', file=sys.stderr)
        else:
            shutil.rmtree(work, ignore_errors=True)
    sys.stdout.write(render_table(report))
    if args.markdown:
        with open(args.markdown, 'w', encoding='utf-8') as f:
            f.write(render_markdown(report))
    if args.json:
        with open(args.json, 'w', encoding='utf-8') as f:
            json.dump(report, f, indent=2)
            f.write('\n')
    return 1 if has_errors(report) else 0


if __name__ == '__main__':
    raise SystemExit(main())
