"""Command line: argparse only; every command's work lives in its own module."""
from __future__ import annotations

import os
import sys
from collections.abc import Callable, Sequence

from aiguard import __version__
from aiguard.deadline import ScanTimeout
from aiguard.errors import FatalError

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    import argparse
    from typing import Any

EPILOG = """\
examples:
  aiguard scan --staged                      scan what `git commit` would record
  aiguard scan --all-files --format sarif -o aiguard.sarif
  aiguard scan --from-ref origin/main --to-ref HEAD   every commit of a branch
  aiguard scan --from-ref origin/main --sarif-in semgrep.sarif   other scanners' results too
  aiguard attribution HEAD                   why HEAD counts as AI-assisted (or not)
  aiguard explain SEC001                     what a rule finds and how to fix it
  aiguard install                            native git hooks, for repos without pre-commit

exit status: 0 nothing blocks, 1 blocking findings, 2 aiguard could not do its job
"""

HOOK_STAGES = ('pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push', 'ci')
# what _scan_options leaves in the namespace when no option is given
SCAN_OPTION_DEFAULTS = {
    'format': 'text', 'output': None, 'no_cache': False, 'no_baseline': False, 'engines': None, 'config': None,
}


def _scan_options(p: argparse.ArgumentParser) -> None:
    from aiguard.config import ENGINE_NAMES

    p.add_argument('--format', choices=('text', 'json', 'sarif'), default='text')
    p.add_argument('-o', '--output', metavar='FILE', help='write the report here instead of stdout')
    p.add_argument('--no-cache', action='store_true', help='ignore and do not update the result cache')
    p.add_argument('--no-baseline', action='store_true', help='report findings the baseline accepts')
    p.add_argument('--engine', action='append', choices=ENGINE_NAMES, dest='engines',
                   help='run only this engine (repeatable); default: all')
    p.add_argument('--config', metavar='FILE', help='config file (default: .aiguard.yaml at the repo root)')


def _scan_args(p: argparse.ArgumentParser) -> None:
    mode = p.add_mutually_exclusive_group()
    mode.add_argument('--staged', action='store_true', help='the index against HEAD (default)')
    mode.add_argument('--all-files', action='store_true', help='every tracked file, whole')
    p.add_argument('--from-ref', metavar='REV', help='range mode: commits after REV ...')
    p.add_argument('--to-ref', metavar='REV', help='... up to REV (default HEAD)')
    p.add_argument('paths', nargs='*', metavar='PATH', help='only these files')
    _scan_options(p)
    _sarif_in(p)


def _sarif_in(p: argparse.ArgumentParser) -> None:
    p.add_argument('--sarif-in', action='append', metavar='FILE', default=[],
                   help="another scanner's SARIF 2.1.0 results, judged like aiguard's own (repeatable; "
                        "adds to sarif_in in .aiguard.yaml)")


def _hook_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('stage', choices=HOOK_STAGES)
    p.add_argument('args', nargs='*', help='what git or pre-commit passes')
    _scan_options(p)


def _attribution_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('rev', nargs='?', help='a commit (default: the staged change)')
    p.add_argument('--format', choices=('text', 'json'), default='text')
    p.add_argument('--config', metavar='FILE')


def _rules_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('--format', choices=('text', 'json', 'md'), default='text')


def _explain_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('rule_id')


def _baseline_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('action', choices=('create', 'update', 'import'))
    p.add_argument('path', nargs='?', metavar='PATH',
                   help="import: a detect-secrets .secrets.baseline or a gitleaks .gitleaksignore")
    p.add_argument('--config', metavar='FILE')
    _sarif_in(p)


def _report_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('--since', metavar='DATE',
                   help='only commits since DATE (2024-01-31, 2024-01-31T12:00 UTC, "6 months ago")')
    p.add_argument('--format', choices=('md', 'json', 'html'), default='md',
                   help='Markdown (default), JSON for dashboards, or a self-contained HTML page')
    p.add_argument('-o', '--output', metavar='FILE', help='write the report here instead of stdout')
    p.add_argument('--no-cache', action='store_true', help='ignore and do not update the report cache')
    p.add_argument('--config', metavar='FILE', help='config file (default: .aiguard.yaml at the repo root)')
    p.add_argument('--sarif-in', action='append', metavar='FILE', default=[],
                   help="another scanner's SARIF of HEAD: each result counts for the commit that wrote its line "
                        '(repeatable)')
    p.add_argument('--merge', nargs='+', metavar='REPORT.json',
                   help='combine repositories\' `--format json` reports into one organisation report')


def _init_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('--agents', action='store_true',
                   help='only the assistants: guidance files (AGENTS.md, CLAUDE.md, ...) and aiguard\'s hooks '
                        'in their settings (.claude/settings.json, .cursor/hooks.json, .gemini/settings.json, '
                        '.codex/hooks.json, .github/hooks/aiguard.json)')
    p.add_argument('--assistant', action='append', choices=('claude', 'cursor', 'gemini', 'codex', 'copilot'),
                   help='with --agents: only this assistant\'s hooks (repeatable; default: all five)')
    p.add_argument('--uninstall', action='store_true',
                   help='with --agents: remove aiguard\'s entries from the assistants\' settings, nothing else')
    p.add_argument('--ci', choices=('auto', 'github', 'gitlab', 'none'), default='auto',
                   help='CI recipe to write (default: GitLab if .gitlab-ci.yml exists, else GitHub Actions)')
    p.add_argument('--repo-url', metavar='URL',
                   help='where pre-commit fetches aiguard (default: the package metadata\'s repository URL)')
    p.add_argument('--rev', metavar='REV', help=f'the tag or commit id to pin (default: v{__version__})')


def _policy_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('--check', action='store_true',
                   help='exit 1 when AI_POLICY.md does not match the config (for CI); write nothing')
    p.add_argument('-o', '--output', metavar='FILE',
                   help='the document to write or refresh (default: AI_POLICY.md; - prints a new one)')
    p.add_argument('--config', metavar='FILE', help='config file (default: .aiguard.yaml at the repo root)')


def _install_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('--force', action='store_true', help='replace hooks that are not aiguard\'s')
    p.add_argument('--uninstall', action='store_true', help='remove aiguard\'s hooks')


def _agent_args(p: argparse.ArgumentParser) -> None:
    p.add_argument('assistant', choices=('claude', 'cursor', 'gemini', 'codex', 'copilot'), metavar='assistant',
                   help='claude, cursor, gemini, codex or copilot (whose JSON is on stdin)')
    p.add_argument('event', choices=('pre-tool', 'post-tool', 'stop'), metavar='event',
                   help='pre-tool: refuse commands that skip the checks; post-tool: scan what an edit added; '
                        'stop: send the assistant back while its edits still block (Copilot, Cursor)')


# command: (help, its arguments, whether its help shows the examples)
COMMANDS: dict[str, tuple[str, Callable[[argparse.ArgumentParser], None], bool]] = {
    'scan': ('scan the staged change, a range of commits, all files or paths', _scan_args, True),
    'hook': ('entry point of the git / pre-commit hooks', _hook_args, False),
    'attribution': ('why a commit (or the pending change) counts as AI-assisted', _attribution_args, False),
    'rules': ('list every rule', _rules_args, False),
    'explain': ("print a rule's documentation", _explain_args, False),
    'baseline': ('accept the findings of today; new ones still block', _baseline_args, False),
    'report': ('AI adoption and vulnerability metrics over history', _report_args, False),
    'init': ('set a repository up: config, hooks, CI, policy, guidance', _init_args, False),
    'policy': ('write AI_POLICY.md, or rewrite its generated sections after a config change', _policy_args, False),
    'install': ('install native git hooks (without pre-commit)', _install_args, False),
    'agent': ('hooks that assistants call while they edit', _agent_args, False),
}


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for `command` alone when it is one (else for all of them, without their
    arguments: help and errors only list them). argparse spends ~4 ms setting up every
    command, a tax on each commit hook run that needs one."""
    import argparse

    parser = argparse.ArgumentParser(
        prog='aiguard',
        description='Find AI-assisted changes; scan what a commit adds for secrets and insecure code.',
        epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument('--version', action='version', version=f'aiguard {__version__}')
    sub = parser.add_subparsers(dest='command', metavar='COMMAND')
    for name, (help_text, add_arguments, examples) in COMMANDS.items():
        if command in COMMANDS and name != command:
            continue
        extra: dict[str, Any] = {}
        if examples:
            extra = {'epilog': EPILOG, 'formatter_class': argparse.RawDescriptionHelpFormatter}
        p = sub.add_parser(name, help=help_text, **extra)
        if name == command:
            add_arguments(p)
    return parser


def plain_hook_args(argv: Sequence[str]) -> argparse.Namespace | None:
    """`hook STAGE [NAME ...]` without options, as git and pre-commit run it on every commit,
    read without argparse (importing and setting it up is ~5 ms of a ~30 ms hook run).
    tests/test_cli.py checks the result equals argparse's."""
    if len(argv) < 2 or argv[0] != 'hook' or argv[1] not in HOOK_STAGES or any(a.startswith('-') for a in argv):
        return None
    from types import SimpleNamespace

    return SimpleNamespace(command='hook', stage=argv[1], args=list(argv[2:]), **SCAN_OPTION_DEFAULTS)  # type: ignore[return-value]


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command and its options; argparse exits 2 with a usage message on a mistake."""
    fast = plain_hook_args(argv)
    if fast is not None:
        return fast
    if list(argv) == ['--version']:  # what start-up benchmarks and install checks run
        print(f'aiguard {__version__}')
        raise SystemExit(0)
    # the command is the first word; argparse hands everything after it to that command
    command = next((a for a in argv if not a.startswith('-')), None)
    parser = build_parser(command)
    args, extra = parser.parse_known_args(argv)
    if extra:
        # `hook STAGE --opt FILE...`: argparse leaves names after an option over
        if args.command == 'hook' and not any(e.startswith('-') for e in extra):
            args.args = [*args.args, *extra]
        else:
            parser.error(f'unrecognized arguments: {" ".join(extra)}')
    if args.command is None:
        parser.print_help()
        raise SystemExit(2)
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run one aiguard command; returns the exit status."""
    args = parse(sys.argv[1:] if argv is None else list(argv))
    try:
        return _dispatch(args)
    except (FatalError, ScanTimeout) as e:
        from aiguard.report.safe import printable  # a message may name a path: no escape sequences

        print(f'aiguard: error: {printable(str(e))}', file=sys.stderr)
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


def entry() -> None:
    """The `aiguard` command: `main`, then an exit that skips tearing the interpreter down.

    Tearing it down (a last garbage collection and freeing every object of the
    ~100 modules a scan loads) cost a commit hook ~3.5 ms of ~30 and does
    nothing a process that ends needs: output is flushed and the atexit
    handlers run here first, as at any exit, and every file aiguard writes is
    closed before `main` returns. (Instagram's servers skip it the same way.)
    """
    code = main()
    try:
        if sys.stdout is not None:
            sys.stdout.flush()
    except (OSError, ValueError):  # a closed pipe: as main's own BrokenPipeError
        code = code or 2
    import atexit

    atexit._run_exitfuncs()
    try:
        if sys.stderr is not None:
            sys.stderr.flush()
    except (OSError, ValueError):
        pass
    os._exit(code)


def _dispatch(args: argparse.Namespace) -> int:
    cmd = args.command
    if cmd in ('scan', 'hook'):
        from aiguard.deadline import DEFAULT_SECONDS, deadline

        # until the config's timeout is read, the default one bounds git's first answers
        with deadline(DEFAULT_SECONDS):
            return _scan_or_hook(args)
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
        from aiguard.metrics import command as report
        return report.run(args)
    if cmd == 'init':
        from aiguard import scaffold
        return scaffold.run(args)
    if cmd == 'policy':
        from aiguard import policydoc
        return policydoc.run(args)
    if cmd == 'install':
        from aiguard import install
        return install.run(args.force, args.uninstall)
    if cmd == 'agent':
        from aiguard import agent
        return agent.run(args.assistant, args.event)
    raise FatalError(f'unknown command {cmd!r}')


def _scan_or_hook(args: argparse.Namespace) -> int:
    if args.command == 'scan':
        from aiguard import commands
        return commands.scan(args)
    if args.stage == 'pre-commit':
        from aiguard import git

        git.start_commit_hook(os.getcwd(), named=bool(args.args))  # runs while the hook loads
    from aiguard import hook
    return hook.run(args)


if __name__ == '__main__':
    raise SystemExit(main())
