"""`aiguard hook STAGE`: what git or pre-commit runs at each stage."""
from __future__ import annotations

import os
import sys

from aiguard import attribution, changes, git, policyfiles, scanners
from aiguard.commands import commit_source, config_at, emit, staged_reading
from aiguard.config import Config
from aiguard.deadline import set_timeout
from aiguard.errors import FatalError
from aiguard.scan import ALL_ENGINES, ScanRequest, ScanResult, run_changeset

TYPE_CHECKING = False  # argparse costs a hook run ~2 ms; only annotations use it here
if TYPE_CHECKING:
    import argparse


def run(args: argparse.Namespace) -> int:
    stage = args.stage
    if stage == 'pre-commit':
        return pre_commit(args)
    if stage in ('pre-push', 'ci'):
        return commit_range(args, stage)
    if stage == 'prepare-commit-msg':
        return prepare_commit_msg(args)
    return commit_msg(args)


def _engines(args: argparse.Namespace) -> tuple[str, ...]:
    return tuple(args.engines) if args.engines else ALL_ENGINES


def pre_commit(args: argparse.Namespace) -> int:
    """Files named by pre-commit, or the whole staged change for a native hook; judged by
    the committed policy (HEAD's config and baseline), never by the change itself."""
    if args.args:
        root = git.toplevel(os.getcwd())
        cfg = config_at(root, args, commit_source(root))
        cs = changes.named_paths(root, args.args, changes.Limits(cfg.max_file_size, cfg.exclude))
    else:
        root = git.toplevel(os.getcwd())
        reading, cfg = staged_reading(root, args)
        # while git reads the added lines: the engines they will need
        scanners.preload([e for e in _engines(args) if getattr(cfg.scanners, e, True)], reading.paths)
        cs = changes.finish_staged(reading)
    # runs alongside the scan, which comes before attribution: one git at a time beside this process
    attribution.start_identity(root, os.environ)
    request = ScanRequest(
        mode=cs.mode, engines=_engines(args), policy_checks=not args.engines,
        use_baseline=not args.no_baseline, use_cache=not args.no_cache,
    )
    return _emit_unless_clean(run_changeset(root, cfg, request, cs), args)


def _emit_unless_clean(result: ScanResult, args: argparse.Namespace) -> int:
    """A commit hook's report, or nothing when there is nothing to say: pre-commit shows a
    passing hook's output (`verbose: true`), for findings below the blocking threshold."""
    quiet = (not result.findings and not result.skipped and not result.errors
             and not any(s.kind == 'warning' for s in result.attribution.signals))
    if quiet and args.format == 'text' and not args.output:
        return 0
    return emit(result, args)


def _push_ranges(stdin_text: str) -> list[tuple[str | None, str]]:
    """(the remote's commit or None, the commit pushed) from the lines git feeds a pre-push hook."""
    ranges = []
    for line in stdin_text.splitlines():
        parts = line.split()
        if len(parts) != 4:
            continue
        _local_ref, local_sha, _remote_ref, remote_sha = parts
        if git.is_zero_oid(local_sha):
            continue  # a branch deletion adds nothing
        ranges.append((None if git.is_zero_oid(remote_sha) else remote_sha, local_sha))
    return ranges


Range = tuple[str | None, str, bool]  # (from, to, every commit of to)


def _ranges(args: argparse.Namespace, stage: str, root: str) -> tuple[list[Range], str | None]:
    """The (from, to, whole) ranges to check, and the remote pushed to (None in CI: from..to exactly).

    A push checks exactly the commits it sends: those the remote's branch and
    remote-tracking branches lack (a commit on another remote, a fork, is checked).
    """
    env = os.environ
    from_ref = env.get('PRE_COMMIT_FROM_REF') or env.get('PRE_COMMIT_SOURCE')
    to_ref = env.get('PRE_COMMIT_TO_REF') or env.get('PRE_COMMIT_ORIGIN')
    # pre-commit names the remote only at pre-push; its first pushed ref is the range
    remote = env.get('PRE_COMMIT_REMOTE_NAME') or None
    if to_ref:
        return [(from_ref, to_ref, False)], remote
    if remote and env.get('PRE_COMMIT_LOCAL_BRANCH'):
        # a push that starts at a root commit: pre-commit passes no range, only what was pushed
        return [(None, env['PRE_COMMIT_LOCAL_BRANCH'], False)], remote
    if stage == 'pre-push' and not sys.stdin.isatty():
        remote = args.args[0] if args.args else None
        return [(start, end, False) for start, end in _push_ranges(sys.stdin.read())], remote
    if stage == 'ci':
        from aiguard import ci

        if ci.in_ci(env):
            # `HEAD --not --remotes` is nothing in CI, where the clone's remote has HEAD
            found = ci.event_range(env, root)
            ci.report_range(found)
            return [(found.from_ref, found.to_ref, found.from_ref is None)], None
    if git.resolve_commit('HEAD', root) is None:
        raise FatalError('no commits yet: nothing to check in range mode')
    return [(None, 'HEAD', False)], None


def commit_range(args: argparse.Namespace, stage: str) -> int:
    """Every commit of a push or a CI range, each checked like the commit hook, with the
    policy of the range's base (so a range cannot weaken its own checks)."""
    root = git.toplevel(os.getcwd())
    ranges, remote = _ranges(args, stage, root)
    seen: set[str] = set()
    by_base: dict[str | None, list[changes.Change]] = {}
    configs: dict[str | None, Config] = {}
    for start, end, whole in ranges:
        set_timeout(policyfiles.READ_SECONDS)  # the base's config, and its timeout, are not known yet
        base = changes.range_base(root, start, end, remote)
        if base not in configs:
            configs[base] = config_at(root, args, base)
        cfg = configs[base]
        cs = changes.commit_range(root, start, end, changes.Limits(cfg.max_file_size, cfg.exclude), remote, whole)
        for change in cs.changes:
            assert change.commit is not None
            if change.commit.oid not in seen:
                seen.add(change.commit.oid)
                by_base.setdefault(base, []).append(change)
    request = ScanRequest(
        mode='range', engines=_engines(args), use_baseline=not args.no_baseline,
        use_cache=not args.no_cache,
    )
    if not by_base:  # nothing new: still one (empty) report
        by_base[None] = []
        configs.setdefault(None, config_at(root, args, None))
    if stage == 'ci' and len(ranges) == 1 and len(by_base) == 1:
        # the trusted config's sarif_in: what CI's other scanners wrote about the range's tip
        from aiguard import records
        from aiguard.commands import with_sarif

        start, end, _whole = ranges[0]
        request = with_sarif(root, configs[next(iter(by_base))], records.replace(
            request, from_ref=start, to_ref=end), args)
    results = [run_changeset(root, configs[base], request, changes.ChangeSet('range', root, tuple(items)))
               for base, items in by_base.items()]
    result = results[0] if len(results) == 1 else merge_results(results)
    sarif = os.environ.get('AIGUARD_SARIF')
    if sarif:
        _write_sarif(result, sarif)
    return emit(result, args)


def _write_sarif(result: ScanResult, path: str) -> None:
    """AIGUARD_SARIF: the same run also as SARIF, so CI needs no second run or install."""
    from aiguard.report import render

    try:
        with open(path, 'w', encoding='utf-8') as f:
            f.write(render(result, 'sarif', color=False))
    except OSError as e:
        raise FatalError(f'AIGUARD_SARIF: cannot write {path}: {e.strerror}') from None


def merge_results(results: list[ScanResult]) -> ScanResult:
    """One report for ranges judged by different policies (a push of several branches)."""
    from aiguard.scan import combine

    first = results[0]
    for other in results[1:]:
        first.findings.extend(other.findings)
        first.skipped.extend(other.skipped)
        first.errors.extend(other.errors)
        first.scanned_files += other.scanned_files
        first.suppressed += other.suppressed
        first.baselined += other.baselined
    first.attribution = combine([r.attribution for r in results])
    first.findings.sort(key=lambda f: (f.path, f.line, f.column, f.rule_id))
    return first


def _message_args(args: argparse.Namespace, stage: str) -> tuple[str, str | None, str | None]:
    """(message file, source, commit) from git's arguments or pre-commit's variables."""
    if not args.args:
        raise FatalError(f'the {stage} hook needs the commit message file that git passes')
    msgfile = args.args[0]
    source = args.args[1] if len(args.args) > 1 else os.environ.get('PRE_COMMIT_COMMIT_MSG_SOURCE')
    sha = args.args[2] if len(args.args) > 2 else os.environ.get('PRE_COMMIT_COMMIT_OBJECT_NAME')
    return msgfile, source or None, sha or None


MAX_MESSAGE_BYTES = 4 * 1024 * 1024


def _read_message(msgfile: str) -> str:
    from aiguard.readlimit import TooLarge, read_capped

    try:
        return read_capped(msgfile, MAX_MESSAGE_BYTES).decode('utf-8', 'replace')
    except TooLarge:
        raise FatalError(f'{msgfile}: a commit message over 4 MiB; shorten it') from None
    except OSError as e:
        raise FatalError(f'{msgfile}: cannot read the commit message: {e.strerror}') from None


def _comment_char(root: str) -> str:
    value = git.config_get('core.commentChar', root)
    return value[0] if value and value != 'auto' else '#'


def _pending(root: str, cfg: Config, message: str, sha: str | None,
             ) -> tuple[attribution.Attribution, changes.ChangeSet]:
    """The staged change and its attribution with this message."""
    cs = changes.staged(root, changes.Limits(cfg.max_file_size, cfg.exclude))
    sources = attribution.pending_sources(root)
    if sha and git.resolve_commit(sha, root):
        # -c/-C/--amend: the message comes from that commit
        sources.append(('amend', git.commit_info(sha, root).message))
    return attribution.attribute_pending(root, cfg, cs.files, message, sources=sources), cs


def _tag(root: str, cfg: Config, msgfile: str, message: str, found: attribution.Attribution) -> bool:
    from aiguard.attribution import tagging  # the message hooks only

    if not tagging.has_content(message, _comment_char(root)):
        return False  # an untouched template: commit-msg tags what the editor returns
    items = tagging.wanted_trailers(found, message, cfg.attribution.tag)
    tagging.add_trailers(msgfile, items, root)
    for item in items:
        print(f'aiguard: added {item.split(";")[0]}', file=sys.stderr)
    return bool(items)


def prepare_commit_msg(args: argparse.Namespace) -> int:
    """Tag an AI-assisted commit with Assisted-by / AI-Assisted trailers."""
    root = git.toplevel(os.getcwd())
    cfg = config_at(root, args, commit_source(root))
    msgfile, _source, sha = _message_args(args, 'prepare-commit-msg')
    if not cfg.attribution.tag.enabled:
        return 0
    message = _read_message(msgfile)
    found, _cs = _pending(root, cfg, message, sha)
    _tag(root, cfg, msgfile, message, found)
    return 0


def commit_msg(args: argparse.Namespace) -> int:
    """Re-check the staged change with the final message: AI trailers mean the strict tier."""
    root = git.toplevel(os.getcwd())
    cfg = config_at(root, args, commit_source(root))
    msgfile, _source, sha = _message_args(args, 'commit-msg')
    message = _read_message(msgfile)
    found, cs = _pending(root, cfg, message, sha)
    if cfg.attribution.tag.enabled and _tag(root, cfg, msgfile, message, found):
        message = _read_message(msgfile)
    if not found.ai_assisted:
        return 0  # the pre-commit hook already held a human change to its tier
    request = ScanRequest(
        mode='staged', engines=_engines(args), use_baseline=not args.no_baseline,
        use_cache=not args.no_cache, message=message,
    )
    return _emit_unless_clean(run_changeset(root, cfg, request, cs), args)
