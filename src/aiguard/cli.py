"""Command line: argparse only; every command's work lives in its own module."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from aiguard import __version__
from aiguard.errors import FatalError

EPILOG = """\
examples:
  aiguard scan --staged                      scan what `git commit` would record
  aiguard scan --all-files --format sarif -o aiguard.sarif
  aiguard scan --from-ref origin/main --to-ref HEAD   every commit of a branch
  aiguard attribution HEAD                   why HEAD counts as AI-assisted (or not)
  aiguard explain SEC001                     what a rule finds and how to fix it
  aiguard install                            native git hooks, for repos without pre-commit

exit status: 0 nothing blocks, 1 blocking findings, 2 aiguard could not do its job
"""

ENGINE_CHOICES = ('secrets', 'python', 'patterns')


def _scan_options(p: argparse.ArgumentParser) -> None:
    p.add_argument('--format', choices=('text', 'json', 'sarif'), default='text')
    p.add_argument('-o', '--output', metavar='FILE', help='write the report here instead of stdout')
    p.add_argument('--no-cache', action='store_true', help='ignore and do not update the result cache')
    p.add_argument('--no-baseline', action='store_true', help='report findings the baseline accepts')
    p.add_argument('--engine', action='append', choices=ENGINE_CHOICES, dest='engines',
                   help='run only this engine (repeatable); default: all')
    p.add_argument('--config', metavar='FILE', help='config file (default: .aiguard.yaml at the repo root)')


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog='aiguard',
        description='Find AI-assisted changes; scan what a commit adds for secrets and insecure code.',
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument('--version', action='version', version=f'aiguard {__version__}')
    sub = parser.add_subparsers(dest='command', metavar='COMMAND')

    scan = sub.add_parser('scan', help='scan the staged change, a range of commits, all files or paths',
                          epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)
    mode = scan.add_mutually_exclusive_group()
    mode.add_argument('--staged', action='store_true', help='the index against HEAD (default)')
    mode.add_argument('--all-files', action='store_true', help='every tracked file, whole')
    scan.add_argument('--from-ref', metavar='REV', help='range mode: commits after REV ...')
    scan.add_argument('--to-ref', metavar='REV', help='... up to REV (default HEAD)')
    scan.add_argument('paths', nargs='*', metavar='PATH', help='only these files')
    _scan_options(scan)

    hook = sub.add_parser('hook', help='entry point of the git / pre-commit hooks')
    hook.add_argument('stage', choices=('pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push', 'ci'))
    hook.add_argument('args', nargs='*', help='what git or pre-commit passes')
    _scan_options(hook)

    attr = sub.add_parser('attribution', help='why a commit (or the pending change) counts as AI-assisted')
    attr.add_argument('rev', nargs='?', help='a commit (default: the staged change)')
    attr.add_argument('--format', choices=('text', 'json'), default='text')
    attr.add_argument('--config', metavar='FILE')

    rules = sub.add_parser('rules', help='list every rule')
    rules.add_argument('--format', choices=('text', 'json', 'md'), default='text')
    explain = sub.add_parser('explain', help="print a rule's documentation")
    explain.add_argument('rule_id')

    base = sub.add_parser('baseline', help='accept the findings of today; new ones still block')
    base.add_argument('action', choices=('create', 'update'))
    base.add_argument('--config', metavar='FILE')

    report = sub.add_parser('report', help='AI adoption and vulnerability metrics over history')
    report.add_argument('--since', metavar='DATE',
                        help='only commits since DATE (2024-01-31, 2024-01-31T12:00 UTC, "6 months ago")')
    report.add_argument('--format', choices=('md', 'json', 'html'), default='md',
                        help='Markdown (default), JSON for dashboards, or a self-contained HTML page')
    report.add_argument('-o', '--output', metavar='FILE', help='write the report here instead of stdout')
    report.add_argument('--no-cache', action='store_true', help='ignore and do not update the report cache')
    report.add_argument('--config', metavar='FILE', help='config file (default: .aiguard.yaml at the repo root)')

    init = sub.add_parser('init', help='set a repository up: config, hooks, CI, policy, guidance')
    init.add_argument('--agents', action='store_true',
                      help='only write the assistant guidance files (AGENTS.md, CLAUDE.md, ...)')
    init.add_argument('--ci', choices=('auto', 'github', 'gitlab', 'none'), default='auto',
                      help='CI recipe to write (default: GitLab if .gitlab-ci.yml exists, else GitHub Actions)')

    install = sub.add_parser('install', help='install native git hooks (without pre-commit)')
    install.add_argument('--force', action='store_true', help='replace hooks that are not aiguard\'s')
    install.add_argument('--uninstall', action='store_true', help='remove aiguard\'s hooks')

    agent = sub.add_parser('agent', help='hooks that assistants call while they edit')
    agent.add_argument('assistant')
    agent.add_argument('event')
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run one aiguard command; returns the exit status."""
    parser = build_parser()
    args, extra = parser.parse_known_args(argv)
    if extra:
        # `hook STAGE --opt FILE...`: argparse leaves names after an option over
        if args.command == 'hook' and not any(e.startswith('-') for e in extra):
            args.args = [*args.args, *extra]
        else:
            parser.error(f'unrecognized arguments: {" ".join(extra)}')
    if args.command is None:
        parser.print_help()
        return 2
    try:
        return _dispatch(args)
    except FatalError as e:
        print(f'aiguard: error: {e}', file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print('aiguard: interrupted', file=sys.stderr)
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 2
    except (OSError, MemoryError, RecursionError) as e:
        if os.environ.get('AIGUARD_DEBUG'):
            raise
        print(f'aiguard: error: {type(e).__name__}: {str(e)[:200]}', file=sys.stderr)
        return 2


def _dispatch(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd == 'scan':
        from aiguard import commands
        return commands.scan(args)
    if cmd == 'hook':
        from aiguard import hook
        return hook.run(args)
    if cmd == 'attribution':
        from aiguard import commands
        return commands.attribution(args)
    if cmd in ('rules', 'explain'):
        from aiguard import commands
        return commands.rules(args) if cmd == 'rules' else commands.explain(args)
    if cmd == 'baseline':
        from aiguard import commands
        return commands.baseline(args)
    if cmd == 'report':
        from aiguard import metrics
        return metrics.run(args)
    if cmd == 'init':
        from aiguard import scaffold
        return scaffold.run(args)
    if cmd == 'install':
        from aiguard import install
        return install.run(args.force, args.uninstall)
    return _not_yet(cmd)


def _not_yet(cmd: str) -> int:
    print(
        f'aiguard: error: `aiguard {cmd}` is not available in this version yet; '
        f'nothing was done',
        file=sys.stderr,
    )
    return 2


if __name__ == '__main__':
    raise SystemExit(main())
