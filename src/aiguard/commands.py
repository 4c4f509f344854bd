"""What each CLI command does, between argparse and the engines."""
from __future__ import annotations

import os
import sys

from aiguard import config as config_mod
from aiguard import git
from aiguard.deadline import set_timeout
from aiguard.errors import FatalError
from aiguard.scan import ALL_ENGINES, ScanRequest, ScanResult, run

TYPE_CHECKING = False  # argparse costs a hook run ~2 ms; only annotations use it here
if TYPE_CHECKING:
    import argparse

    from aiguard import changes


def repo_and_config(args: argparse.Namespace, source: str | None = '') -> tuple[str, config_mod.Config]:
    """The repository and the config read at `source` (see policyfiles: '' the index,
    'HEAD' the committed policy, a commit)."""
    root = git.toplevel(os.getcwd())
    return root, config_at(root, args, source)


def config_at(root: str, args: argparse.Namespace, source: str | None) -> config_mod.Config:
    """The repository's config at `source`, or the operator's `--config FILE` (the baseline
    is still read at `source`); the run's deadline (cli) is the config's from here."""
    from aiguard import policyfiles, records

    explicit = getattr(args, 'config', None)
    if explicit:
        cfg = records.replace(config_mod.load(root, explicit), source=source)
    else:
        # the config's timeout is not known before git has read it: a bound of its own
        set_timeout(policyfiles.READ_SECONDS)
        cfg = policyfiles.load_config(root, source)
    set_timeout(cfg.timeout)
    return cfg


def staged_reading(root: str, args: argparse.Namespace) -> tuple[changes.Reading, config_mod.Config]:
    """The staged change being read, and the committed config that judges it (that of the
    commit's first parent when it amends one). The config comes first: its `timeout` bounds
    the wait for the staged diff (git.start_commit_hook started both reads)."""
    from aiguard import changes

    cfg = config_at(root, args, commit_source(root))
    return changes.start_staged(root, changes.Limits(cfg.max_file_size, cfg.exclude)), cfg


def commit_source(root: str) -> str | None:
    """Where the policy that judges the pending commit is: HEAD, or the first parent of the
    commit an amend replaces (None: amending the first commit, the defaults)."""
    from aiguard.changes import pending_parents

    parents = pending_parents(root)
    return 'HEAD' if parents is None else (parents[0] if parents else None)


def scan_request(args: argparse.Namespace) -> ScanRequest:
    engines = tuple(args.engines) if args.engines else ALL_ENGINES
    paths = tuple(args.paths)
    if args.from_ref or args.to_ref:
        if paths or args.all_files or args.staged:
            raise FatalError('--from-ref/--to-ref cannot be combined with --staged, --all-files or paths')
        if not args.from_ref:
            raise FatalError('--to-ref needs --from-ref (the commit the range starts after)')
        mode = 'range'
    elif args.all_files:
        if paths:
            raise FatalError('--all-files cannot be combined with paths')
        mode = 'all-files'
    elif paths:
        if args.staged:
            raise FatalError('--staged cannot be combined with paths')
        mode = 'paths'
    else:
        mode = 'staged'
    return ScanRequest(
        mode=mode, paths=paths, from_ref=args.from_ref, to_ref=args.to_ref or 'HEAD',
        engines=engines, use_baseline=not args.no_baseline, use_cache=not args.no_cache,
    )


def emit(result: ScanResult, args: argparse.Namespace) -> int:
    from aiguard import report

    from aiguard.report.safe import printable

    report.write(result, args.format, args.output)
    if result.notices and (args.format != 'text' or args.output):
        report.emit_text(sys.stderr, ''.join(f'aiguard: note: {printable(n)}\n' for n in result.notices))
    if result.errors:
        report.emit_text(sys.stderr, ''.join(f'aiguard: error: {printable(e)}\n' for e in result.errors))
    return result.exit_code


def scan(args: argparse.Namespace) -> int:
    request = scan_request(args)
    root = git.toplevel(os.getcwd())
    if request.mode == 'staged':
        from aiguard import changes
        from aiguard.scan import run_changeset

        reading, cfg = staged_reading(root, args)
        request = with_sarif(root, cfg, request, args)
        return emit(run_changeset(root, cfg, request, changes.finish_staged(reading)), args)
    cfg = config_at(root, args, policy_source(root, request))
    return emit(run(root, cfg, with_sarif(root, cfg, request, args)), args)


def with_sarif(root: str, cfg: config_mod.Config, request: ScanRequest, args: argparse.Namespace) -> ScanRequest:
    """The request with the SARIF files to judge: the operator's --sarif-in (relative to the
    working directory) and the trusted config's sarif_in (relative to the repository root)."""
    from aiguard import records

    named = [(os.path.abspath(p), p) for p in getattr(args, 'sarif_in', None) or ()]
    named += [(os.path.join(root, p), p) for p in cfg.sarif_in]
    if not named:
        return request
    return records.replace(request, sarif_in=tuple(dict.fromkeys(named)))


def policy_source(root: str, request: ScanRequest) -> str | None:
    """Where a scan reads its config and baseline: the committed policy for the staged
    change, the base of a range, the index for whole files."""
    if request.mode == 'staged':
        return 'HEAD'
    if request.mode == 'range':
        from aiguard.changes import range_base

        return range_base(root, request.from_ref, request.to_ref or 'HEAD')
    return ''


def attribution(args: argparse.Namespace) -> int:
    from aiguard import attribution as attr
    from aiguard import changes

    root, cfg = repo_and_config(args, 'HEAD')
    limits = changes.Limits(cfg.max_file_size, cfg.exclude)
    if args.rev:
        if git.resolve_commit(args.rev, root) is None:
            raise FatalError(f'{args.rev!r} is not a commit in this repository')
        change = changes.commit_change(root, args.rev, limits)
        assert change.commit is not None
        result = attr.attribute_commit(root, cfg, change.commit, change.files)
    else:
        cs = changes.staged(root, limits)
        result = attr.attribute_pending(root, cfg, cs.files)
    if args.format == 'json':
        import json

        print(json.dumps(result.to_json(), indent=2))
        return 0
    verdict = 'AI-assisted' if result.ai_assisted else 'not AI-assisted'
    tools = f' ({", ".join(result.tools)})' if result.tools else ''
    print(f'{verdict}{tools}: score {result.score:g} (threshold {cfg.attribution.threshold})')
    for s in result.signals:
        inherited = ' [inherited]' if s.inherited else ''
        print(f'  +{s.weight:<3} {s.reason}{inherited}')
    if not result.signals:
        print('  no signal of AI assistance')
    return 0


def rules(args: argparse.Namespace) -> int:
    from aiguard.rules import all_rules

    items = sorted(all_rules().values(), key=lambda r: r.id)
    if args.format == 'json':
        import json

        print(json.dumps([{
            'id': r.id, 'name': r.name, 'category': r.category, 'severity': r.severity.label,
            'cwe': r.cwe, 'confidence': r.confidence, 'summary': r.summary,
        } for r in items], indent=2))
    elif args.format == 'md':
        sys.stdout.write(rules_markdown())
    else:
        for r in items:
            print(f'{r.id:<8} {r.severity.label:<8} {(r.cwe or "-"):<8} {r.name}: {r.summary}')
    return 0


def rules_markdown() -> str:
    """docs/rules.md, generated from the rule packs."""
    from aiguard.rules import all_rules

    items = sorted(all_rules().values(), key=lambda r: r.id)
    out = [
        '# aiguard rule reference\n',
        '<!-- generated by `aiguard rules --format md`; do not edit by hand -->\n',
        '| id | name | category | severity | CWE | summary |',
        '|---|---|---|---|---|---|',
    ]
    out += [
        f'| [{r.id}](#{r.id.lower()}) | {r.name} | {r.category} | {r.severity.label} | {r.cwe or "-"} | {r.summary} |'
        for r in items
    ]
    for r in items:
        out += [
            '', f'## {r.id}', '', f'**{r.name}**: {r.summary}', '',
            f'Category: {r.category} · Severity: {r.severity.label} · Confidence: {r.confidence} · CWE: {r.cwe or "none"}',
            '', '### What it does', '', r.what.strip(), '', '### Why is this bad?', '', r.why.strip(),
            '', '### Example', '', '```', r.example.strip('\n'), '```', '', '### Use instead', '',
            '```', r.use_instead.strip('\n'), '```',
        ]
    return '\n'.join(out) + '\n'


def explain(args: argparse.Namespace) -> int:
    from aiguard.rules import all_rules

    rule = all_rules().get(args.rule_id.upper())
    if rule is None:
        raise FatalError(f'no rule {args.rule_id!r}; `aiguard rules` lists them')
    sys.stdout.write(rule.explain())
    return 0


def baseline(args: argparse.Namespace) -> int:
    from aiguard.findings import publish
    from aiguard.gate import Baseline, new_salt, write_baseline

    root, cfg = repo_and_config(args)
    if args.action == 'import' or getattr(args, 'path', None):
        if args.action != 'import' or not args.path:
            raise FatalError('`aiguard baseline import PATH` names the allowlist to import (PATH only with import)')
        from aiguard import allowlists

        return allowlists.run(root, args.path, cfg.baseline)
    try:
        old = Baseline.load(root, cfg.baseline)
    except FatalError:
        if args.action == 'update':
            raise
        old = Baseline()  # create replaces an unreadable one
    salt = old.salt or new_salt()  # kept: fingerprints (and code-scanning alerts) stay stable
    request = with_sarif(root, cfg, ScanRequest(mode='all-files', use_baseline=False, policy_checks=False), args)
    result = run(root, cfg, request)
    if result.errors:
        for e in result.errors:
            print(f'aiguard: error: {e}', file=sys.stderr)
        return 2
    findings = result.findings
    if args.action == 'update':
        kept = {f.fingerprint for f in findings} | {publish(f, old.salt) for f in findings if old.version >= 2}
        gone = len(old.fingerprints - kept)
        if gone:
            print(f'aiguard: {gone} accepted finding(s) no longer present, dropped')
    n = write_baseline(root, cfg.baseline, findings, salt)
    print(f'aiguard: wrote {cfg.baseline} with {n} accepted finding(s)')
    return 0
