"""`aiguard hook STAGE`: what git or pre-commit runs at each stage."""
from __future__ import annotations

import argparse
import os
import sys

from aiguard import changes, git
from aiguard.commands import emit, repo_and_config
from aiguard.errors import FatalError
from aiguard.scan import ALL_ENGINES, ScanRequest, run_changeset


def run(args: argparse.Namespace) -> int:
    stage = args.stage
    if stage == 'pre-commit':
        return pre_commit(args)
    if stage in ('pre-push', 'ci'):
        return commit_range(args, stage)
    print(
        f'aiguard: error: the {stage} hook (attribution tagging) is not available in this '
        f'version yet; remove it from your hook configuration',
        file=sys.stderr,
    )
    return 2


def _engines(args: argparse.Namespace) -> tuple[str, ...]:
    return tuple(args.engines) if args.engines else ALL_ENGINES


def pre_commit(args: argparse.Namespace) -> int:
    """Files named by pre-commit, or the whole staged change for a native hook."""
    root, cfg = repo_and_config(args)
    limits = changes.Limits(cfg.max_file_size, cfg.exclude)
    if args.args:
        cs = changes.named_paths(root, args.args, limits)
    else:
        cs = changes.staged(root, limits)
    request = ScanRequest(
        mode=cs.mode, engines=_engines(args), policy_checks=not args.engines,
        use_baseline=not args.no_baseline, use_cache=not args.no_cache,
    )
    return emit(run_changeset(root, cfg, request, cs), args)


def _push_ranges(stdin_text: str) -> list[tuple[str | None, str]]:
    """(from, to) pairs from the lines git feeds a pre-push hook."""
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


def commit_range(args: argparse.Namespace, stage: str) -> int:
    """Every commit of a push or a CI range, each checked like the commit hook."""
    root, cfg = repo_and_config(args)
    limits = changes.Limits(cfg.max_file_size, cfg.exclude)
    from_ref = os.environ.get('PRE_COMMIT_FROM_REF') or os.environ.get('PRE_COMMIT_SOURCE')
    to_ref = os.environ.get('PRE_COMMIT_TO_REF') or os.environ.get('PRE_COMMIT_ORIGIN')
    ranges: list[tuple[str | None, str]]
    if to_ref:
        ranges = [(from_ref, to_ref)]
    elif stage == 'pre-push' and not sys.stdin.isatty():
        ranges = _push_ranges(sys.stdin.read())
    else:
        if git.resolve_commit('HEAD', root) is None:
            raise FatalError('no commits yet: nothing to check in range mode')
        ranges = [(None, 'HEAD')]
    seen: set[str] = set()
    collected = []
    for start, end in ranges:
        cs = changes.commit_range(root, start, end, limits)
        for change in cs.changes:
            assert change.commit is not None
            if change.commit.oid not in seen:
                seen.add(change.commit.oid)
                collected.append(change)
    cs = changes.ChangeSet('range', root, tuple(collected))
    request = ScanRequest(
        mode='range', engines=_engines(args), use_baseline=not args.no_baseline,
        use_cache=not args.no_cache,
    )
    return emit(run_changeset(root, cfg, request, cs), args)
