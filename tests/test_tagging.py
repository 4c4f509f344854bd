"""aiguard-tag (prepare-commit-msg) and aiguard-commit-msg through real `git commit`."""
from __future__ import annotations

import pytest

from aiguard.attribution import tagging
from aiguard.attribution.model import Attribution, Signal
from aiguard.config import TagConfig
from tests.repo import Repo


@pytest.fixture
def hooked(repo: Repo) -> Repo:
    """A repository with aiguard's native hooks and one human commit."""
    out = repo.aiguard('install')
    assert out.returncode == 0, out.stderr
    repo.commit_files({'README.md': 'hello\n'}, 'Initial commit')
    return repo


def commit(repo: Repo, name: str, text: str, *args: str, env: dict[str, str] | None = None,
           check: bool = True) -> str:
    repo.write(name, text)
    repo.add(name)
    proc = repo.git('commit', '-q', *args, env=env, check=False)
    if check:
        assert proc.returncode == 0, proc.stderr
    return message(repo)


def message(repo: Repo, rev: str = 'HEAD') -> str:
    return repo.git('log', '-1', '--format=%B', rev).stdout


def trailers(repo: Repo, rev: str = 'HEAD') -> list[str]:
    out = repo.git('log', '-1', '--format=%(trailers:only,unfold)', rev).stdout
    return [line for line in out.splitlines() if line]


def test_agent_session_gets_both_trailers(hooked: Repo) -> None:
    commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', env={'CLAUDECODE': '1'})
    assert trailers(hooked) == [
        'Assisted-by: Claude Code:unknown',
        'AI-Assisted: claude-code; score=80; signals=env:CLAUDECODE',
    ]


def test_human_commit_is_left_alone(hooked: Repo) -> None:
    assert commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a') == 'Add a\n\n'


def test_env_values_never_written(hooked: Repo) -> None:
    value = 'thread-' + 'z' * 20
    msg = commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', env={'CODEX_THREAD_ID': value})
    assert 'env:CODEX_THREAD_ID' in msg and value not in msg


def test_never_adds_signoff_coauthor_or_review(hooked: Repo) -> None:
    msg = commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', env={'GEMINI_CLI': '1'})
    for key in ('Signed-off-by', 'Co-authored-by', 'Reviewed-by', 'Co-developed-by'):
        assert key.lower() not in msg.lower()


def test_model_from_declaration(hooked: Repo) -> None:
    commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', env={'AIGUARD_AI': 'cursor:gpt-5'})
    assert trailers(hooked)[0] == 'Assisted-by: Cursor:gpt-5'


def test_model_from_claude_coauthor(hooked: Repo) -> None:
    commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a\n\nCo-Authored-By: Claude Opus 4.5 <noreply@anthropic.com>')
    assert 'Assisted-by: Claude Code:claude-opus-4-5' in trailers(hooked)


def test_idempotent_on_amend_and_rerun(hooked: Repo) -> None:
    env = {'CLAUDECODE': '1'}
    commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', env=env)
    first = message(hooked)
    hooked.git('commit', '-q', '--amend', '--no-edit', env=env)
    hooked.git('commit', '-q', '--amend', '--no-edit', env=env)
    assert message(hooked) == first


def test_human_declared_none_is_not_tagged(hooked: Repo) -> None:
    msg = commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', '--trailer', 'AI-Assisted: none',
                 env={'CURSOR_TRACE_ID': 'abc'})
    assert 'Assisted-by' not in msg and trailers(hooked) == ['AI-Assisted: none']


def test_human_declared_none_in_an_agent_session_is_tagged_with_the_conflict(hooked: Repo) -> None:
    msg = commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', '--trailer', 'AI-Assisted: none',
                 env={'CLAUDECODE': '1'})
    assert trailers(hooked) == [
        'AI-Assisted: none', 'Assisted-by: Claude Code:unknown',
        'AI-Assisted: claude-code; score=80; signals=env:CLAUDECODE; conflict=declared-none',
    ], msg


def test_human_declaration_with_trailer_flag_is_kept(hooked: Repo) -> None:
    commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', '--trailer', 'AI-Assisted: aider')
    assert trailers(hooked) == ['AI-Assisted: aider', 'Assisted-by: Aider:unknown']


def test_no_verify_still_tags(hooked: Repo) -> None:
    """prepare-commit-msg runs even with --no-verify (aider's default)."""
    env = {'GIT_AUTHOR_NAME': 'Ada (aider)', 'GIT_COMMITTER_NAME': 'Ada (aider)'}
    commit(hooked, 'a.py', 'x = 1\n', '--no-verify', '-m', 'feat: add a', env=env)
    assert trailers(hooked)[0] == 'Assisted-by: Aider:unknown'


def test_editor_template_tagged_after_the_editor(hooked: Repo) -> None:
    editor = "sh -c 'printf \"Subject from editor\\n\\nBody.\\n\" > \"$1\"' -"
    commit(hooked, 'a.py', 'x = 1\n', env={'CLAUDECODE': '1', 'GIT_EDITOR': editor})
    msg = message(hooked)
    assert msg.startswith('Subject from editor\n\nBody.\n\nAssisted-by: Claude Code:unknown\n')


def test_merge_message_untouched_above_trailers(hooked: Repo) -> None:
    hooked.git('checkout', '-q', '-b', 'side')
    hooked.commit_files({'side.txt': 's\n'}, 'Side work')
    hooked.git('checkout', '-q', 'main')
    hooked.commit_files({'main.txt': 'm\n'}, 'Main work')
    proc = hooked.git('merge', '--no-ff', '-q', '--no-edit', 'side', env={'AIGUARD_AI': 'codex'}, check=False)
    assert proc.returncode == 0, proc.stderr
    msg = message(hooked)
    assert msg.startswith("Merge branch 'side'\n\nAssisted-by: OpenAI Codex:unknown\n")


def test_squash_marks_inherited(hooked: Repo) -> None:
    hooked.git('checkout', '-q', '-b', 'feature')
    _unhooked_commit(hooked, 'f.py', 'Add f\n\nCo-authored-by: aider (gpt-4o) <aider@aider.chat>')
    hooked.git('checkout', '-q', 'main')
    hooked.git('merge', '-q', '--squash', 'feature')
    with open(f'{hooked.path}/.git/SQUASH_MSG') as f:
        squash_msg = f.read()
    proc = hooked.git('commit', '-q', '--no-edit', check=False)
    assert proc.returncode == 0, proc.stderr
    msg = message(hooked)
    cleaned = '\n'.join(line.rstrip() for line in squash_msg.rstrip('\n').split('\n'))  # git's cleanup
    assert msg.startswith(cleaned + '\n\nAssisted-by: Aider:unknown\n')
    assert 'AI-Assisted: aider; score=90; signals=trailer:co-authored-by; inherited=squash' in trailers(hooked)


def _unhooked_commit(repo: Repo, name: str, msg: str) -> None:
    """A commit made where aiguard's hooks do not run (another clone, a bypass)."""
    repo.write(name, 'y = 2\n')
    repo.add(name)
    repo.git('-c', 'core.hooksPath=/dev/null', 'commit', '-q', '-m', msg)


def test_cherry_pick_marks_inherited(hooked: Repo) -> None:
    hooked.git('checkout', '-q', '-b', 'feature')
    _unhooked_commit(hooked, 'f.py', 'Add f\n\nCo-authored-by: Cursor <cursoragent@cursor.com>')
    assert trailers(hooked) == ['Co-authored-by: Cursor <cursoragent@cursor.com>']
    hooked.git('checkout', '-q', 'main')
    proc = hooked.git('cherry-pick', '-x', 'feature', check=False)
    assert proc.returncode == 0, proc.stderr
    found = trailers(hooked)
    assert found[0] == 'Co-authored-by: Cursor <cursoragent@cursor.com>'
    assert any(t.startswith('AI-Assisted: cursor;') and t.endswith('inherited=cherry-pick') for t in found)


def test_tagging_can_be_turned_off(hooked: Repo) -> None:
    hooked.commit_files({'.aiguard.yaml': 'attribution:\n  tag: false\n'}, 'config')
    assert commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', env={'CLAUDECODE': '1'}) == 'Add a\n\n'


def test_only_ai_assisted_trailer_when_configured(hooked: Repo) -> None:
    hooked.commit_files({'.aiguard.yaml': 'attribution:\n  tag:\n    assisted_by: false\n'}, 'config')
    commit(hooked, 'a.py', 'x = 1\n', '-m', 'Add a', env={'CLAUDECODE': '1'})
    assert [t.split(':')[0] for t in trailers(hooked)] == ['AI-Assisted']


def test_pre_commit_framework_arguments(hooked: Repo) -> None:
    """pre-commit passes only the file; source and sha come in PRE_COMMIT_* variables."""
    path = hooked.write('MSG', 'Subject\n\n# a comment\n')
    out = hooked.aiguard('hook', 'prepare-commit-msg', path,
                         env={'PRE_COMMIT_COMMIT_MSG_SOURCE': 'message', 'GEMINI_CLI': '1'})
    assert out.returncode == 0, out.stderr
    with open(path) as f:
        text = f.read()
    assert text.startswith('Subject\n\nAssisted-by: Gemini CLI:unknown\nAI-Assisted: gemini-cli;')
    assert text.endswith('# a comment\n')


def test_missing_message_file_is_a_clean_error(hooked: Repo) -> None:
    out = hooked.aiguard('hook', 'commit-msg', 'does-not-exist')
    assert out.returncode == 2 and 'Traceback' not in out.stderr and 'does-not-exist' in out.stderr


def _attr(*signals: Signal, model: str | None = None) -> Attribution:
    from aiguard.attribution import from_signals

    return from_signals(signals, 70, model=model)


def test_wanted_trailers_table() -> None:
    env = Signal('env:CLAUDECODE', 80, 'x', 'claude-code', False, 'env')
    inherited = Signal('trailer:co-authored-by', 90, 'x (carried over by squash)', 'cursor', True, 'trailer')
    tag = TagConfig()
    assert tagging.wanted_trailers(_attr(env), 'S\n', tag) == [
        'Assisted-by: Claude Code:unknown', 'AI-Assisted: claude-code; score=80; signals=env:CLAUDECODE']
    assert tagging.wanted_trailers(_attr(inherited), 'S\n', tag)[1].endswith('inherited=squash')
    assert tagging.wanted_trailers(_attr(env), 'S\n\nAssisted-by: Claude:x\nAI-Assisted: y\n', tag) == []
    assert tagging.wanted_trailers(_attr(), 'S\n', tag) == []
    assert tagging.wanted_trailers(_attr(env, model='Claude Sonnet 4.5'), 'S\n', tag)[0] == \
        'Assisted-by: Claude Code:claude-sonnet-4-5'


PREPEND_SUBJECT = "sh -c 'printf \"Subject from editor\\n\" | cat - \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"' -"


def test_verbose_commit_scissors_and_comments(hooked: Repo) -> None:
    """`git commit -v`: the diff below the scissors line and the comments are not the message."""
    msg = commit(hooked, 'a.py', 'x = 1\n', '-v', env={'CLAUDECODE': '1', 'GIT_EDITOR': PREPEND_SUBJECT})
    assert msg.startswith('Subject from editor\n\nAssisted-by: Claude Code:unknown\nAI-Assisted: claude-code;')
    assert '#' not in msg and 'diff --git' not in msg


def test_custom_comment_char(hooked: Repo) -> None:
    hooked.git('config', 'core.commentChar', ';')
    msg = commit(hooked, 'a.py', 'x = 1\n', env={'GEMINI_CLI': '1', 'GIT_EDITOR': PREPEND_SUBJECT})
    assert msg.startswith('Subject from editor\n\nAssisted-by: Gemini CLI:unknown\n')
    assert ';' not in msg.split('AI-Assisted:')[0]
