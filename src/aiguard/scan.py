"""The flow: ChangeSet → Attribution → Policy → Scanners → Gate → ScanResult."""
from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
from types import ModuleType

from aiguard import changes, git, records, scanners
from aiguard.attribution import HUMAN, Attribution, attribute_commit, attribute_pending
from aiguard.changes import WHOLE, Change, ChangedFile, ChangeSet, Skip
from aiguard.config import ENGINE_NAMES, Config
from aiguard.deadline import ScanTimeout, deadline  # noqa: F401 - ScanTimeout: scan's error, as before
from aiguard.deadline import check as check_deadline
from aiguard.findings import Finding, redact_tokens
from aiguard.gate import Baseline, apply, baseline_text, needs_old_version
from aiguard.policy import Policy, review_gap

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from aiguard import sarif_in
    from aiguard.bandit_config import BanditConfig
    from aiguard.cache import ResultCache
    from aiguard.git import CommitInfo
    from aiguard.policy import ReviewGap

ALL_ENGINES = ENGINE_NAMES


@records.record(frozen=True)
class ScanRequest:
    """What to scan and with which engines."""

    mode: str  # staged | range | all-files | paths
    paths: tuple[str, ...] = ()
    from_ref: str | None = None
    to_ref: str | None = None
    engines: tuple[str, ...] = ALL_ENGINES
    policy_checks: bool = True
    use_baseline: bool = True
    use_cache: bool = True
    message: str | None = None
    environ: Mapping[str, str] | None = None
    attribution: Attribution | None = None  # known already (an assistant's own edit hook): not worked out
    sarif_in: tuple[tuple[str, str], ...] = ()  # other scanners' SARIF files: (path to open, name shown)


@records.record
class ScanResult:
    mode: str
    attribution: Attribution
    findings: list[Finding]
    scanned_files: int
    skipped: list[Skip]
    errors: list[str]
    suppressed: int = 0
    baselined: int = 0
    salt: str | None = None  # the baseline's: what published fingerprints are salted with
    notices: list[str] = records.field(default_factory=list)

    @property
    def blocking(self) -> list[Finding]:
        return [f for f in self.findings if f.blocking]

    @property
    def exit_code(self) -> int:
        if self.errors:
            return 2
        return 1 if self.blocking else 0


def select(root: str, config: Config, request: ScanRequest) -> ChangeSet:
    """The ChangeSet for the request's mode."""
    limits = changes.Limits(config.max_file_size, config.exclude)
    if request.mode == 'staged':
        return changes.staged(root, limits)
    if request.mode == 'all-files':
        return changes.all_files(root, limits)
    if request.mode == 'paths':
        return changes.named_paths(root, request.paths, limits, os.getcwd())
    if request.mode == 'range':
        return changes.commit_range(root, request.from_ref, request.to_ref or 'HEAD', limits)
    raise ValueError(request.mode)


def run(root: str, config: Config, request: ScanRequest) -> ScanResult:
    """Scan what the request selects and decide what blocks."""
    with deadline(config.timeout):
        changeset = select(root, config, request)
        return _run_changeset(root, config, request, changeset)


def run_changeset(root: str, config: Config, request: ScanRequest,
                  changeset: ChangeSet) -> ScanResult:
    """Scan a ChangeSet already selected; fails closed after `timeout`."""
    with deadline(config.timeout):
        return _run_changeset(root, config, request, changeset)


def _run_changeset(root: str, config: Config, request: ScanRequest,
                   changeset: ChangeSet) -> ScanResult:
    policy = Policy(config)
    baseline = Baseline()
    if request.use_baseline:
        from aiguard.policyfiles import baseline_bytes

        raw_baseline, name = baseline_bytes(root, config)
        if raw_baseline is not None:
            baseline = Baseline.parse(name, baseline_text(raw_baseline, name))
    else:
        from aiguard.errors import FatalError
        from aiguard.policyfiles import baseline_bytes

        try:  # --no-baseline: its salt still makes fingerprints the repository's own
            raw_baseline, name = baseline_bytes(root, config)
            if raw_baseline is not None:
                baseline = Baseline(salt=Baseline.parse(name, baseline_text(raw_baseline, name)).salt)
        except FatalError:
            pass
    foreign = _read_sarif(root, request) if request.sarif_in else None
    engines = [e for e in request.engines if getattr(config.scanners, e, True) and scanners.available(e)]
    result = ScanResult(changeset.mode, HUMAN, [], 0, [], [], salt=baseline.salt)
    notice = baseline.notice(config.baseline)
    if notice:
        result.notices.append(notice)
    cache = None
    worth_caching = any(
        len(f.content) > CACHE_MIN_BYTES or f.path.endswith(('.py', '.pyw'))
        for c in changeset.changes for f in c.files
    ) or sum(len(c.files) for c in changeset.changes) > 20
    if request.use_cache and engines and worth_caching:
        from aiguard.cache import open_cache
        cache = open_cache(root, config)
    overall: list[Attribution] = []
    bandit: dict[str, BanditConfig] = {}  # bandit's configuration, once read
    ai_paths: set[str] = set()  # what an AI-assisted change of this run touched (SARIF results)
    for change in changeset.changes:
        attribution = _attribute(root, config, request, change)
        overall.append(attribution)
        if attribution.ai_assisted and foreign is not None:
            ai_paths.update(e.path for e in change.touched)
            ai_paths.update(f.path for f in change.files)
        ctx = scanners.ScanContext(root, config)
        raw = _scan_with(engines, change.files, ctx, cache, config, result.errors, baseline)
        large = _scan_large(root, engines, change.skipped, ctx, raw)
        if 'python' in engines and any(f.rule_id.startswith('PY') for f in raw):
            raw = _bandit_skips(root, config, raw, bandit, result.notices)
        if request.policy_checks:
            raw.extend(policy_findings(policy, change, attribution, changeset))
            raw.extend(policy_change_findings(root, policy, change, attribution, changeset))
        files = {f.path: f for f in change.files}
        files.update(large)
        commit = change.commit.oid if change.commit else None
        old = None
        stale = needs_old_version(raw, files, policy, baseline)
        if stale:
            old = _old_findings(root, config, engines, [files[p] for p in stale], cache, result.errors)
        gated = apply(raw, files, policy, attribution.ai_assisted, baseline, commit, old)
        result.findings.extend(gated.findings)
        result.suppressed += gated.suppressed
        result.baselined += gated.baselined
        result.scanned_files += len(change.files) + len(large)
        result.skipped.extend(s for s in change.skipped if s.path not in large)
        result.skipped.extend(ctx.skipped)
    if cache is not None:
        cache.close()
    if config.fail_closed:
        result.errors.extend(
            f'{s.path}: could not be scanned ({s.reason}); fail_closed is on'
            for s in result.skipped if s.failure
        )
    result.attribution = combine(overall)
    if foreign is not None:
        _judge_sarif(root, config, request, changeset, policy, baseline, foreign, ai_paths, result)
    result.findings.sort(key=lambda f: (f.path, f.line, f.column, f.rule_id))
    return result


def _bandit_skips(root: str, config: Config, raw: list[Finding], bandit: dict[str, BanditConfig],
                  notices: list[str]) -> list[Finding]:
    """`raw` less what bandit's own configuration (read where the config was) skips."""
    from aiguard import bandit_config
    from aiguard.policyfiles import where

    if 'config' not in bandit:
        bandit['config'] = bandit_config.load(root, config.source)
    found = bandit['config']
    if not (found.skips or found.exclude_dirs or found.notes):
        return raw
    kept, said = bandit_config.apply(raw, found, where(config.source or ''))
    notices.extend(n for n in said if n not in notices)
    return kept


def _read_sarif(root: str, request: ScanRequest) -> list[sarif_in.ForeignResult]:
    from aiguard import sarif_in

    return [r for path, shown in request.sarif_in for r in sarif_in.read(path, shown, root)]


def _judge_sarif(root: str, config: Config, request: ScanRequest, changeset: ChangeSet, policy: Policy,
                 baseline: Baseline, foreign: list[sarif_in.ForeignResult], ai_paths: set[str],
                 result: ScanResult) -> None:
    """Other scanners' results that belong to the change, through the same gate: a range is
    judged as a whole (base → tip: the tree the tools scanned), its AI tier where any
    AI-assisted commit of the range touched the file."""
    from aiguard import sarif_in

    if changeset.mode == 'range':
        files = _range_view(root, config, request, sorted({r.path for r in foreign if r.path}))
    else:
        files = {f.path: f for c in changeset.changes for f in c.files}
    ai = result.attribution.ai_assisted and changeset.mode != 'range'
    judged = sarif_in.judge(foreign, files, lambda path: ai or path in ai_paths, policy, baseline,
                            [shown for _path, shown in request.sarif_in])
    result.findings.extend(judged.findings)
    result.suppressed += judged.suppressed
    result.baselined += judged.baselined
    result.notices.extend(judged.notices)


def _range_view(root: str, config: Config, request: ScanRequest, paths: list[str]) -> dict[str, ChangedFile]:
    """The range's tip version of `paths`, with the lines the whole range adds to them."""
    if not paths:
        return {}
    to_ref = request.to_ref or 'HEAD'
    base = changes.range_base(root, request.from_ref, to_ref)
    target = git.resolve_commit(to_ref, root)
    if target is None:
        return {}
    limits = changes.Limits(config.max_file_size, config.exclude)
    files, _skipped = changes.between(root, base or git.empty_tree(root), target,
                                        limits, paths if len(paths) <= 1000 else ())
    return {f.path: f for f in files}


def _scan_large(root: str, engines: Sequence[str], skipped: Sequence[Skip], ctx: scanners.ScanContext,
                found: list[Finding]) -> dict[str, ChangedFile]:
    """Files over max_file_size: the secrets engine reads each in pieces (into `found`); any
    other engine that wants one cannot, which is a failure (fail_closed: exit 2). Returns a
    stand-in per file for the gate: its added lines, no text (so no inline suppression)."""
    stand_ins: dict[str, ChangedFile] = {}
    for s in skipped:
        if not s.streamable:
            continue
        stand_in = stand_ins[s.path] = ChangedFile(s.path, s.oid, b'', s.added_lines)
        for name in engines:
            if name == 'secrets':
                from aiguard.scanners.secrets import scan_pieces

                pieces = git.stream_blob(s.oid, root) if s.oid else _file_pieces(os.path.join(root, s.path))
                found.extend(scan_pieces(s.path, changes.text_pieces(pieces)))
            elif scanners.wanted(name, [stand_in]):
                ctx.skipped.append(Skip(
                    s.path, f'{s.reason}; this engine reads files whole: raise max_file_size or exclude it',
                    name, failure=True,
                ))
    return stand_ins


def _file_pieces(path: str, piece: int = 1 << 20) -> Iterator[bytes]:
    """An untracked file in pieces, never whole."""
    with open(path, 'rb') as f:
        while True:
            data = f.read(piece)
            if not data:
                return
            yield data


def _scan_with(engines: Sequence[str], files: Sequence[ChangedFile], ctx: scanners.ScanContext,
               cache: ResultCache | None, config: Config, errors: list[str],
               baseline: Baseline | None = None) -> list[Finding]:
    """Every engine's findings in `files`; an engine that fails is an error (fail_closed) or a skip."""
    raw: list[Finding] = []
    for name in engines:
        wanted = scanners.wanted(name, files)
        if not wanted:
            continue
        engine = scanners.load(name)
        try:
            found = _run_engine(name, engine, wanted, ctx, cache)
            if baseline is not None and baseline.fingerprints and getattr(engine, 'PARTIAL', False):
                found = _whole_where_baselined(engine, found, wanted, ctx, baseline)
            raw.extend(found)
        except Exception as e:  # noqa: BLE001 - fail closed, reported as exit 2
            if os.environ.get('AIGUARD_DEBUG'):
                raise
            problem = f'{name} engine failed ({type(e).__name__}: {_safe(str(e))})'
            if config.fail_closed:
                errors.append(f'{problem}; set AIGUARD_DEBUG=1 for the traceback')
            else:
                ctx.skipped.extend(Skip(f.path, problem, name) for f in wanted)
        check_deadline()  # the alarm's ScanTimeout may have met a bare `except:` in an engine
    return raw


def _whole_where_baselined(engine: ModuleType, found: list[Finding], files: Sequence[ChangedFile],
                           ctx: scanners.ScanContext, baseline: Baseline) -> list[Finding]:
    """A partial engine's findings, each file where a baselined one turned up scanned whole:
    the gate counts the accepted findings on the lines the change keeps, so that a copy of an
    accepted line is told from the line itself."""
    paths = {f.path for f in found if baseline.accepts(f)}
    partial = [f for f in files if f.path in paths and f.added_lines is not None]
    if not partial:
        return found
    local = scanners.ScanContext(ctx.root, ctx.config)
    whole = engine.scan([records.replace(f, added_lines=None) for f in partial], local)
    rescanned = {f.path for f in partial}
    return [f for f in found if f.path not in rescanned] + whole


def _old_findings(root: str, config: Config, engines: Sequence[str], files: Sequence[ChangedFile],
                  cache: ResultCache | None, errors: list[str]) -> dict[str, list[Finding] | None]:
    """Findings of the versions `files` replace, by path (usually from the cache: the old
    blob was checked when it was committed); a version that cannot be read is not listed, one
    an engine could not check (a syntax error) is None: nothing in it is known to be old."""
    limits = changes.Limits(config.max_file_size, config.exclude)
    old = changes.old_versions(root, files, limits)
    found: dict[str, list[Finding]] = {path: [] for path in old}
    ctx = scanners.ScanContext(root, config)
    for f in _scan_with(engines, list(old.values()), ctx, cache, config, errors):
        found[f.path].append(f)
    # else a commit that breaks the syntax would let the next one delete a safeguard unseen
    unchecked = {s.path for s in ctx.skipped}
    return {path: None if path in unchecked else items for path, items in found.items()}


# Below these, forking workers costs more than it saves.
# Opening SQLite costs more than scanning a few small non-Python files: below this size they are scanned again.
CACHE_MIN_BYTES = 64 * 1024
PARALLEL_MIN_FILES = 48
PARALLEL_MIN_BYTES = 512 * 1024


def _run_engine(name: str, engine: ModuleType, files: Sequence[ChangedFile],
                ctx: scanners.ScanContext, cache: ResultCache | None) -> list[Finding]:
    """Cached results for known blobs; a (parallel) scan for the rest."""
    hits = cache.get_many(name, [(f.oid, f.path) for f in files]) if cache else {}
    out: list[Finding] = []
    for entry in hits.values():
        out.extend(entry.findings)
        ctx.skipped.extend(entry.skips)
    misses = [f for f in files if f.path not in hits]
    if not misses:
        return out
    found, skips = _scan_files(engine, misses, ctx)
    ctx.skipped.extend(skips)
    out.extend(found)
    if cache is not None:
        from aiguard.cache import Entry

        if getattr(engine, 'PARTIAL', False):
            misses = [f for f in misses if f.added_lines is None]  # partial results are not the file's
        per_path: dict[str, Entry] = {f.path: Entry([], []) for f in misses}
        for f in found:
            if f.path in per_path:
                per_path[f.path].findings.append(f)
        for s in skips:
            if s.path in per_path:
                per_path[s.path].skips.append(s)
        cache.put_many(name, ((f.oid, f.path, per_path[f.path]) for f in misses))
    return out


_WORK: list[tuple[ModuleType, list[ChangedFile], scanners.ScanContext]] = []


def _scan_chunk(i: int) -> tuple[list[Finding], list[Skip]]:
    engine, files, ctx = _WORK[i]
    local = scanners.ScanContext(ctx.root, ctx.config)
    return engine.scan(files, local), local.skipped


def _scan_files(engine: ModuleType, files: Sequence[ChangedFile],
                ctx: scanners.ScanContext) -> tuple[list[Finding], list[Skip]]:
    """Scan on every core when the work is large enough and fork exists."""
    large = len(files) >= PARALLEL_MIN_FILES and sum(len(f.content) for f in files) >= PARALLEL_MIN_BYTES
    if large:
        from aiguard import workers  # a commit of a few files never loads the pool
        cores = workers.cores()
    if not (large and cores > 1 and workers.can_fork()):
        local = scanners.ScanContext(ctx.root, ctx.config)
        return engine.scan(files, local), local.skipped
    # Balance chunks by size: largest files first, each to the lightest chunk.
    nchunks = cores * 4
    chunks: list[list[ChangedFile]] = [[] for _ in range(nchunks)]
    weights = [0] * nchunks
    for f in sorted(files, key=lambda f: -len(f.content)):
        i = weights.index(min(weights))
        chunks[i].append(f)
        weights[i] += len(f.content) + 200
    _WORK[:] = [(engine, c, ctx) for c in chunks if c]
    found: list[Finding] = []
    skips: list[Skip] = []
    try:
        for f_part, s_part in workers.fork_map(_scan_chunk, range(len(_WORK)), cores):
            found.extend(f_part)
            skips.extend(s_part)
    finally:
        _WORK.clear()
    return found, skips


def _safe(text: str) -> str:
    """Exception text can quote file content: one short line, token-like runs redacted."""
    line = text.splitlines()[0] if text else ''
    return redact_tokens(line)[:160]


def _attribute(root: str, config: Config, request: ScanRequest, change: Change) -> Attribution:
    if request.attribution is not None:
        return request.attribution
    if change.commit is not None:
        return attribute_commit(root, config, change.commit, change.files)
    return attribute_pending(root, config, change.files, request.message, request.environ)


def combine(items: Sequence[Attribution]) -> Attribution:
    if not items:
        return HUMAN
    if len(items) == 1:
        return items[0]
    ai = [a for a in items if a.ai_assisted]
    best = max(items, key=lambda a: a.score)
    tools = tuple(dict.fromkeys(t for a in items for t in a.tools))
    reasons = tuple(dict.fromkeys(r for a in ai for r in a.reasons))
    return Attribution(bool(ai), best.score, tools, reasons)


def policy_findings(policy: Policy, change: Change, attribution: Attribution,
                    changeset: ChangeSet | None = None) -> list[Finding]:
    """Human-only zones touched by an AI-assisted change; in range mode, missing review."""
    if not attribution.ai_assisted:
        return []
    from aiguard.rules import load_pack

    out = []
    if policy.config.human_only:
        rule = load_pack('policy')['POL001']
        for f in change.files:
            if f.added_lines == frozenset():
                continue  # it only deletes lines: human_only is about what an assistant writes
            if policy.is_human_only(f.path) and not policy.is_ai_allowed(f.path):
                line = min(f.added_lines) if f.added_lines else 1
                out.append(scanners.finding(
                    rule, f.path, line, 1,
                    f'{f.path} is human-only (human_only in .aiguard.yaml) and this change is '
                    f'AI-assisted ({", ".join(attribution.tools) or "detected"}); write it by hand '
                    f'or declare "AI-Assisted: none" if the detection is wrong',
                    f'{f.path}:{f.oid}',
                ))
    if changeset is None or changeset.mode in ('staged', 'range', 'paths'):
        out.extend(_added_suppressions(policy, change, attribution, changeset))
    if change.commit is not None and policy.config.review.required_for_ai:
        others = [c.commit for c in (changeset.changes if changeset else ())
                  if c.commit is not None and c.commit.oid != change.commit.oid]
        from aiguard.attribution import mailmap_aliases

        aliases = mailmap_aliases(changeset.root) if changeset else {}
        gap = review_gap(policy.config, change.commit, others, aliases)
        if gap is not None and changeset is not None and changeset.mode == 'range' and policy.config.review.approvals:
            gap = _platform_sign_off(gap, change.commit, changeset.root, aliases)
        if gap is not None:
            first = change.files[0] if change.files else None
            path = first.path if first else '.'
            line = min(first.added_lines) if first and first.added_lines else 1
            trailer = policy.config.review.trailer
            out.append(scanners.finding(
                load_pack('policy')['POL002'], path, line, 1,
                f'commit {gap.commit[:12]} "{gap.subject}" by {gap.author} is AI-assisted '
                f'({", ".join(attribution.tools) or "detected"}) and needs review: {gap.reason}; '
                f'a second person adds "{trailer}: Name <email>" (git commit --amend --trailer) '
                f'or set review.required_for_ai: false',
                f'review:{gap.commit}',
            ))
    return out


def _platform_sign_off(gap: ReviewGap, info: CommitInfo, root: str,
                       aliases: Mapping[str, str]) -> ReviewGap | None:
    """review.approvals in CI: an approval of the pull/merge request by someone who wrote no
    part of the commit is its sign-off; what could not be read is named in the gap."""
    from aiguard import approvals, ci
    from aiguard.policy import people_of

    if not ci.in_ci(os.environ):
        return gap
    found = approvals.for_commit(os.environ, info.oid)
    if found.note:
        return records.replace(gap, reason=f'{gap.reason}; review.approvals: {found.note}, so only trailers count')
    people = people_of(info, aliases)
    if approvals.approver_for(found, info.oid, sorted(people.emails), sorted(people.names), root):
        return None
    return records.replace(gap, reason=f'{gap.reason}; and no approval of {found.source} counts (none, '
                                       f'by its authors, by a bot, or of an earlier commit)')


def _added_suppressions(policy: Policy, change: Change, attribution: Attribution,
                        changeset: ChangeSet | None) -> list[Finding]:
    """POL003: suppression comments on lines an AI-assisted change adds (a file read whole
    outside a change, as `pre-commit run --all-files` names it, adds nothing)."""
    from aiguard.gate import added_suppressions
    from aiguard.rules import load_pack

    rule = load_pack('policy')['POL003']
    allowed = policy.config.suppressions.ai_may_add
    out = []
    for f in change.files:
        if changeset is not None and changeset.mode == 'paths' and f.status == WHOLE:
            continue
        for line, kind in added_suppressions(f):
            out.append(scanners.finding(
                rule, f.path, line, 1,
                f'this AI-assisted change ({", ".join(attribution.tools) or "detected"}) adds a '
                f'"{kind}" comment, which silences the scanner; '
                + ('suppressions.ai_may_add allows it: check what it hides'
                   if allowed else 'a person adds suppressions (or set suppressions.ai_may_add: true)'),
                f'suppression:{f.path}:{f.line_text(line).strip()}',
            ))
    return out


def _bandit_section_changed(root: str, entry: git.RawEntry, change: Change) -> bool:
    """pyproject.toml is a policy file when the change alters its [tool.bandit] (skips,
    exclude_dirs): a dependency bump is not one."""
    from aiguard import bandit_config

    new = next((f.content for f in change.files if f.path == entry.path), b'')
    old = b''
    if entry.old_oid and not git.is_zero_oid(entry.old_oid):
        try:
            old = git.read_blobs([entry.old_oid], root, max_output=bandit_config.MAX_BYTES + 256).get(entry.old_oid, b'')
        except git.OutputTooLarge:
            return True
    if b'bandit' not in old and b'bandit' not in new:
        return False
    return bandit_config.parse_pyproject(old, 'pyproject.toml') != bandit_config.parse_pyproject(new, 'pyproject.toml')


_VERBS = {'A': 'added', 'D': 'deleted', 'R': 'renamed', 'C': 'copied'}


def policy_change_findings(root: str, policy: Policy, change: Change, attribution: Attribution,
                           changeset: ChangeSet | None = None) -> list[Finding]:
    """POL004 for a change to the files that decide how aiguard judges changes; POL005 when
    it is AI-assisted and no second person reviewed it (a commit hook: never yet)."""
    touched = [e for e in change.touched if _is_policy_change(root, policy, e, change)]
    if not touched:
        return []
    from aiguard.rules import load_pack

    gap = None
    if attribution.ai_assisted:
        gap = True
        if change.commit is not None:
            others = [c.commit for c in (changeset.changes if changeset else ())
                      if c.commit is not None and c.commit.oid != change.commit.oid]
            gap = review_gap(policy.config, change.commit, others) is not None
    files = {f.path: f for f in change.files}
    where = f'commit {change.commit.oid[:12]}' if change.commit else 'this change'
    out = []
    from aiguard.policy import is_instruction_file

    for e in touched:
        verb = _VERBS.get(e.status, 'changed')
        f = files.get(e.path)
        line = min(f.added_lines) if f is not None and f.added_lines else 1
        key = f'policy-file:{e.path}:{change.commit.oid if change.commit else e.new_oid}'
        if is_instruction_file(e.path):
            out.append(scanners.finding(
                load_pack('policy')['POL004'], e.path, line, 1,
                f'{e.path} is {verb} by {where}: coding assistants follow it on every task, so a reviewer '
                f'should read what it now tells them', key,
            ))
        elif gap:
            trailer = policy.config.review.trailer
            out.append(scanners.finding(
                load_pack('policy')['POL005'], e.path, line, 1,
                f'{e.path} is {verb} by an AI-assisted change ({", ".join(attribution.tools) or "detected"}): '
                f'it decides how aiguard judges changes, and a person must make or review that; make the '
                f'change by hand, or have a second person review the commit and add "{trailer}: Name <email>"',
                key,
            ))
        else:
            out.append(scanners.finding(
                load_pack('policy')['POL004'], e.path, line, 1,
                f'{e.path} is {verb} by {where}: it decides how aiguard judges changes (policy, hooks '
                f'or CI), so a reviewer should read it; {where} itself is judged by the policy from before it',
                key,
            ))
    return out


def _is_policy_change(root: str, policy: Policy, entry: object, change: Change) -> bool:
    from aiguard import git
    from aiguard.policy import is_ci_file, is_instruction_file, is_policy_file

    assert isinstance(entry, git.RawEntry)
    paths = [p for p in (entry.path, entry.old_path) if p]
    if any(is_policy_file(p, policy.config) or is_instruction_file(p) for p in paths):
        return True
    if 'pyproject.toml' in paths:
        return _bandit_section_changed(root, entry, change)
    if not any(is_ci_file(p) for p in paths):
        return False
    # a CI file counts when a version of it runs aiguard: the new one, or the old one (a removed step)
    new = next((f.content for f in change.files if f.path == entry.path), None)
    if new is not None and b'aiguard' in new:
        return True
    oids = [o for o in (entry.old_oid, entry.new_oid if new is None else None)
            if o and not git.is_zero_oid(o)]
    try:
        blobs = git.read_blobs(oids, root, max_output=8 * 1024 * 1024)
    except git.OutputTooLarge:
        return True  # a CI file this large is odd enough to show the reviewer
    return any(b'aiguard' in content for content in blobs.values())
