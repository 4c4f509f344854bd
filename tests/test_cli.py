"""The command line: every command parses its own options (built only for that command)."""
from __future__ import annotations

import pytest

from aiguard import cli

# an option each command has, to show its own arguments were set up
OWN_OPTION = {
    'scan': '--all-files', 'hook': '--no-baseline', 'attribution': 'rev', 'rules': '--format',
    'explain': 'rule_id', 'baseline': 'create', 'report': '--since', 'init': '--agents',
    'install': '--uninstall', 'agent': 'assistant', 'policy': '--check',
}


def test_every_command_is_listed_with_an_own_option() -> None:
    assert set(cli.COMMANDS) == set(OWN_OPTION)


@pytest.mark.parametrize('command', sorted(OWN_OPTION))
def test_help_of_each_command_shows_its_options(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main([command, '--help'])
    assert exc.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith(f'usage: aiguard {command}')
    assert OWN_OPTION[command] in out


def test_top_level_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        cli.main(['--help'])
    out = capsys.readouterr().out
    for command, (help_text, _, _) in cli.COMMANDS.items():
        assert command in out and help_text[:30] in out


def test_options_before_and_after_the_hook_stage_parse(capsys: pytest.CaptureFixture[str]) -> None:
    parser = cli.build_parser('hook')
    args = parser.parse_args(['hook', '--format', 'json', 'pre-commit', 'a.py', 'b.py'])
    assert (args.command, args.stage, args.format, args.args) == ('hook', 'pre-commit', 'json', ['a.py', 'b.py'])


def test_an_unknown_command_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(['scna', '--all-files'])
    assert exc.value.code == 2
    assert "invalid choice: 'scna'" in capsys.readouterr().err


def test_a_command_without_its_options_built_rejects_them() -> None:
    # what build_parser(command) leaves out: another command's options
    with pytest.raises(SystemExit):
        cli.build_parser('rules').parse_args(['scan', '--all-files'])


@pytest.mark.parametrize('argv', [
    ['hook', 'pre-commit'],
    ['hook', 'pre-commit', 'a.py', 'docs/b c.md', 'hook'],
    ['hook', 'commit-msg', '.git/COMMIT_EDITMSG'],
    ['hook', 'prepare-commit-msg', '.git/COMMIT_EDITMSG', 'message'],
    ['hook', 'pre-push', 'origin', 'git@example.com:x.git'],
    ['hook', 'ci'],
])
def test_plain_hook_arguments_read_without_argparse_equal_argparse(argv: list[str]) -> None:
    fast = cli.plain_hook_args(argv)
    assert fast is not None
    assert vars(fast) == vars(cli.build_parser('hook').parse_args(argv))


@pytest.mark.parametrize('argv', [
    ['hook', '--engine', 'secrets', 'pre-commit', 'a.py'],
    ['hook', 'pre-commit', '--format', 'json'],
    ['hook', 'pre-commit', '-x.py'],
    ['hook', 'post-commit'],
    ['hook'],
    ['scan', 'pre-commit'],
])
def test_anything_else_goes_through_argparse(argv: list[str]) -> None:
    assert cli.plain_hook_args(argv) is None


def test_an_unknown_stage_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(['hook', 'post-commit'])
    assert exc.value.code == 2
    assert "invalid choice: 'post-commit'" in capsys.readouterr().err


def test_version_is_argparse_s_answer(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        cli.main(['--version'])
    fast = capsys.readouterr().out
    with pytest.raises(SystemExit) as exc2:
        cli.build_parser().parse_args(['--version'])
    assert (exc.value.code, exc2.value.code) == (0, 0)
    assert fast == capsys.readouterr().out == f'aiguard {cli.__version__}\n'


@pytest.mark.slow
def test_the_command_exits_without_teardown_yet_flushes_everything_and_keeps_its_status(repo) -> None:
    import json
    import subprocess
    import sys

    # ~400 findings: far more JSON than a pipe holds, written just before the fast exit
    import base64
    import hashlib

    from tests.secrets_corpus import github_checksummed

    def token(i: int) -> str:
        raw = base64.b64encode(hashlib.sha256(f'aiguard-test-{i}'.encode()).digest()).decode()
        return github_checksummed('ghp_', ''.join(c for c in raw if c.isalnum())[:30])

    lines = ''.join(f'TOKEN_{i} = "{token(i)}"\n' for i in range(400))
    repo.commit_files({'keys.txt': lines}, 'keys')
    proc = repo.aiguard('scan', '--all-files', '--format', 'json')
    assert proc.returncode == 1, proc.stderr
    assert len(json.loads(proc.stdout)['findings']) >= 300  # the status and the whole report
    # a command that prints line by line without flushing: the last lines sit in the buffer
    # (a pipe's stdout is block-buffered unless PYTHONUNBUFFERED says otherwise)
    rules = json.loads(repo.aiguard('rules', '--format', 'json').stdout)
    buffered = {k: v for k, v in repo.env.items() if k != 'PYTHONUNBUFFERED'}
    listing = subprocess.run([sys.executable, '-m', 'aiguard', 'rules'], cwd=repo.path, env=buffered,
                             capture_output=True, text=True)
    assert listing.returncode == 0
    assert len(listing.stdout.splitlines()) == len(rules) > 100
    assert listing.stdout.endswith('\n')
    # the atexit handlers still run: one registered by the program prints at exit
    code = ('import atexit, sys\n'
            'atexit.register(lambda: print("atexit ran", file=sys.stderr))\n'
            'sys.argv = ["aiguard", "hook", "pre-commit"]\n'
            'from aiguard.cli import entry\n'
            'entry()\n'
            'print("never", file=sys.stderr)\n')
    run = subprocess.run([sys.executable, '-c', code], cwd=repo.path, env=repo.env, capture_output=True, text=True)
    assert run.returncode == 0 and 'atexit ran' in run.stderr and 'never' not in run.stderr, run.stderr
