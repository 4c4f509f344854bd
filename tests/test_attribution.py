"""Attribution: signals, weights and verdicts, on real commits."""
from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from aiguard import git
from aiguard.attribution import attribute_commit, attribute_pending, from_signals
from aiguard.attribution.content import content_signals
from aiguard.attribution.env import process_signals
from aiguard.attribution.model import Signal
from aiguard.changes import ChangedFile
from aiguard.config import AttributionConfig, Config
from tests.repo import Repo, git_env

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(ROOT, 'benchmarks'))
import attribution_accuracy  # noqa: E402


@pytest.fixture(scope='module')
def corpus_report() -> attribution_accuracy.Report:
    return attribution_accuracy.evaluate()


def test_corpus_precision_and_recall(corpus_report: attribution_accuracy.Report) -> None:
    assert len(corpus_report.outcomes) >= 80
    assert corpus_report.precision == 1.0, [o.id for o in corpus_report.wrong if o.got]
    assert corpus_report.recall >= 0.9


def test_corpus_misses_only_known_blind_spots(corpus_report: attribution_accuracy.Report) -> None:
    assert {o.id for o in corpus_report.wrong} <= {
        'blind-claude-attribution-off', 'blind-codex-cloud', 'blind-ide-chat-paste'}
    assert corpus_report.wrong_tool == []


def _commit(repo: Repo, message: str, author: str = 'Ada Human <ada@example.com>',
            committer: str | None = None) -> str:
    name, email = author[:-1].split(' <')
    cname, cemail = (committer or author)[:-1].split(' <')
    repo.write('f.txt', message)
    repo.add('f.txt')
    env = {'GIT_AUTHOR_NAME': name, 'GIT_AUTHOR_EMAIL': email,
           'GIT_COMMITTER_NAME': cname, 'GIT_COMMITTER_EMAIL': cemail}
    repo.git('commit', '-q', '--no-verify', '--cleanup=verbatim', '-F', '-', input=message, env=env)
    return repo.git('rev-parse', 'HEAD').stdout.strip()


TRAILER_FORMATS = [
    ('claude-code', 'Co-Authored-By: Claude Sonnet 4.5 <noreply@anthropic.com>'),
    ('copilot', 'Co-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>'),
    ('cursor', 'Co-authored-by: Cursor <cursoragent@cursor.com>'),
    ('aider', 'Co-authored-by: aider (gpt-4.1) <aider@aider.chat>'),
    ('codex', 'Co-authored-by: Codex <codex@openai.com>'),
    ('gemini-cli', 'Co-Authored-By: Gemini CLI Agent <gemini-cli-agent@google.com>'),
    ('jules', 'Co-authored-by: google-labs-jules[bot] <161369871+google-labs-jules[bot]@users.noreply.github.com>'),
    ('devin', 'Co-Authored-By: Devin AI <158243242+devin-ai-integration[bot]@users.noreply.github.com>'),
    ('openhands', 'Co-authored-by: openhands <openhands@all-hands.dev>'),
    ('amp', 'Amp-Thread: https://ampcode.com/threads/T-1234\nCo-authored-by: Amp <amp@ampcode.com>'),
    ('windsurf', 'AI-Assisted: Windsurf'),
    ('cline', 'Assisted-by: Cline:claude-sonnet-4'),
    ('roo', 'Co-authored-by: Roomote <roomote@roocode.com>'),
    ('amazon-q', 'Generated-by: Amazon Q Developer'),
    ('junie', 'Assisted-by: JetBrains Junie:unknown'),
]


@pytest.mark.parametrize(('tool', 'trailer'), TRAILER_FORMATS, ids=[t for t, _ in TRAILER_FORMATS])
def test_each_tools_trailer_in_a_real_commit(repo: Repo, tool: str, trailer: str) -> None:
    oid = _commit(repo, f'Add feature\n\nLonger body text.\n\n{trailer}\n')
    a = attribute_commit(repo.path, Config(), git.commit_info(oid, repo.path), ())
    assert a.ai_assisted
    assert a.tools[0] == tool


def test_the_same_trailer_in_the_body_does_not_count(repo: Repo) -> None:
    oid = _commit(repo, 'Add feature\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n\nThanks to everyone.\n')
    a = attribute_commit(repo.path, Config(), git.commit_info(oid, repo.path), ())
    assert not a.ai_assisted and a.score == 0


@pytest.mark.parametrize(('author', 'tool'), [
    ('Copilot <198982749+Copilot@users.noreply.github.com>', 'copilot'),
    ('Ada Human (aider) <ada@example.com>', 'aider'),
    ('devin-ai-integration[bot] <158243242+devin-ai-integration[bot]@users.noreply.github.com>', 'devin'),
    ('Cursor Agent <CursorAgent@Cursor.com>', 'cursor'),
])
def test_agent_identities(repo: Repo, author: str, tool: str) -> None:
    oid = _commit(repo, 'Change things\n', author=author, committer='GitHub <noreply@github.com>')
    a = attribute_commit(repo.path, Config(), git.commit_info(oid, repo.path), ())
    assert a.ai_assisted and a.tools == (tool,)


@pytest.mark.parametrize('author', [
    'dependabot[bot] <49699333+dependabot[bot]@users.noreply.github.com>',
    'renovate[bot] <29139614+renovate[bot]@users.noreply.github.com>',
    'GitHub <noreply@github.com>',
])
def test_non_ai_bots_are_not_ai(repo: Repo, author: str) -> None:
    oid = _commit(repo, 'Bump lib\n', author=author, committer='GitHub <noreply@github.com>')
    a = attribute_commit(repo.path, Config(), git.commit_info(oid, repo.path), ())
    assert not a.ai_assisted and a.score == 0


WEAK_ALONE = [
    'Co-authored-by: Claude Dupont <claude@dupont.example>',
    'Co-authored-by: Copilot <copilot@github.com>',
    'Generated-by: protoc 25.1',
]


@pytest.mark.parametrize('trailer', WEAK_ALONE)
def test_a_single_weak_signal_never_decides(repo: Repo, trailer: str) -> None:
    oid = _commit(repo, f'Change\n\n{trailer}\n')
    a = attribute_commit(repo.path, Config(), git.commit_info(oid, repo.path), ())
    assert 0 < a.score < 70 and not a.ai_assisted


def test_declared_none_overrides_weak_signals_but_not_an_agent_author(repo: Repo) -> None:
    msg = 'Change\n\nCo-authored-by: Copilot <copilot@github.com>\nAI-Assisted: none\n'
    oid = _commit(repo, msg + '')
    a = attribute_commit(repo.path, Config(), git.commit_info(oid, repo.path), ())
    assert a.declared_human and not a.ai_assisted
    oid = _commit(repo, 'Other\n\nAI-Assisted: none\n', author='Copilot <198982749+Copilot@users.noreply.github.com>')
    a = attribute_commit(repo.path, Config(), git.commit_info(oid, repo.path), ())
    assert a.ai_assisted


def test_ignore_identities(repo: Repo) -> None:
    oid = _commit(repo, 'Change\n\nCo-authored-by: Cursor <cursoragent@cursor.com>\n')
    cfg = Config(attribution=AttributionConfig(ignore_identities=('cursoragent@cursor.com',)))
    assert not attribute_commit(repo.path, cfg, git.commit_info(oid, repo.path), ()).ai_assisted


SECRET_VALUE = 'thread-6f1d2c-' + 'q' * 12

ENVIRONMENTS = [
    ({'CLAUDECODE': '1'}, 'claude-code'),
    ({'GEMINI_CLI': '1'}, 'gemini-cli'),
    ({'CODEX_THREAD_ID': SECRET_VALUE}, 'codex'),
    ({'CURSOR_AGENT': '1'}, 'cursor'),
    ({'AMP_CURRENT_THREAD_ID': SECRET_VALUE}, 'amp'),
    ({'CLINE_ACTIVE': 'true'}, 'cline'),
    ({'HOME': '/home/jules', 'USER': 'swebot'}, 'jules'),
    ({'JUNIE_DATA': '/tmp/junie'}, 'junie'),
    ({'AWS_EXECUTION_ENV': 'AmazonQ-For-CLI'}, 'amazon-q'),
    ({'OZ_RUN_ID': SECRET_VALUE}, 'warp'),
    ({'GIT_AUTHOR_NAME': 'Ada (aider)', 'GIT_AUTHOR_EMAIL': 'ada@example.com'}, 'aider'),
    ({'AIGUARD_AI': 'copilot:gpt-5'}, 'copilot'),
]


@pytest.mark.parametrize(('environ', 'tool'), ENVIRONMENTS, ids=[t for _, t in ENVIRONMENTS])
def test_agent_environment(repo: Repo, environ: dict[str, str], tool: str) -> None:
    env = {'GIT_AUTHOR_NAME': 'Ada', 'GIT_AUTHOR_EMAIL': 'ada@example.com',
           'GIT_COMMITTER_NAME': 'Ada', 'GIT_COMMITTER_EMAIL': 'ada@example.com', **environ}
    a = attribute_pending(repo.path, Config(), (), environ=env)
    assert a.ai_assisted and a.tools[0] == tool
    assert SECRET_VALUE not in json.dumps(a.to_json())
    assert all(SECRET_VALUE not in s.reason and SECRET_VALUE not in s.name for s in a.signals)


@pytest.mark.parametrize('environ', [
    {'CURSOR_TRACE_ID': 'x'}, {'TERM_PROGRAM': 'vscode', 'GIT_PAGER': 'cat'}, {'AIGUARD_AI': 'none'},
    {'AGENT': 'something-else'}, {'CODEX_SANDBOX': 'seatbelt'}, {'AWS_EXECUTION_ENV': 'AWS_Lambda_python3.12'}, {},
])
def test_weak_or_no_environment_is_human(repo: Repo, environ: dict[str, str]) -> None:
    env = {'GIT_AUTHOR_NAME': 'Ada', 'GIT_AUTHOR_EMAIL': 'ada@example.com',
           'GIT_COMMITTER_NAME': 'Ada', 'GIT_COMMITTER_EMAIL': 'ada@example.com', **environ}
    assert not attribute_pending(repo.path, Config(), (), environ=env).ai_assisted


def test_env_switch_off(repo: Repo) -> None:
    cfg = Config(attribution=AttributionConfig(env=False))
    env = {'CLAUDECODE': '1', 'GIT_AUTHOR_NAME': 'A', 'GIT_AUTHOR_EMAIL': 'a@x',
           'GIT_COMMITTER_NAME': 'A', 'GIT_COMMITTER_EMAIL': 'a@x'}
    assert not attribute_pending(repo.path, cfg, (), environ=env).ai_assisted


def _file(path: str, text: str) -> ChangedFile:
    return ChangedFile(path, '0' * 40, text.encode(), None, 'A')


def test_content_heuristics_are_capped_and_never_decide() -> None:
    slop = _file('app.py', '\n'.join([
        "Here's the updated code:", '```python', '# ... existing code ...', 'def f():',
        '    pass  # placeholder', 'API_KEY = "your-api-key-here"', '```',
    ]))
    found = content_signals([slop])
    assert {s.name for s in found} == {
        'content:markdown-fence', 'content:assistant-chatter', 'content:edit-placeholder',
        'content:stub-marker', 'content:placeholder-credential'}
    a = from_signals(found, 70)
    assert a.score == 25 and not a.ai_assisted


@pytest.mark.parametrize(('path', 'text'), [
    ('README.md', "Here's the updated install guide:\n```sh\npip install .\n```\n"),
    ('.env.example', 'API_KEY=your-api-key-here\n'),
    ('app.py', 'def handler(event):\n    return event\n'),
])
def test_content_heuristics_skip_their_false_positive_traps(path: str, text: str) -> None:
    assert content_signals([_file(path, text)]) == []


def test_content_counts_only_added_lines() -> None:
    f = ChangedFile('a.py', '0' * 40, b'```\nx = 1\n', frozenset({2}), 'M')
    assert content_signals([f]) == []


def _run_as(tmp_path, name: str, code: str, cwd: str) -> str:
    """Run python `code` in a process whose name is `name` (a symlink to python)."""
    exe = tmp_path / name
    exe.symlink_to(sys.executable)
    env = {**git_env(), 'PYTHONPATH': os.pathsep.join(p for p in sys.path if p)}
    return subprocess.run([str(exe), '-c', code], capture_output=True, text=True, check=True,
                          env=env, cwd=cwd).stdout


def _attribution_through_shell() -> str:
    shell = f'{sys.executable} -m aiguard attribution --format json'
    return f'import subprocess; print(subprocess.run(["sh", "-c", {shell!r}], capture_output=True, text=True).stdout)'


def test_process_agent_that_ran_the_command(repo: Repo, tmp_path) -> None:
    if not sys.platform.startswith('linux'):
        pytest.skip('/proc is Linux only')
    out = _run_as(tmp_path, 'claude', _attribution_through_shell(), repo.path)
    assert json.loads(out)['tools'] == ['claude-code']


def test_process_agent_further_up_does_not_count(repo: Repo, tmp_path) -> None:
    """An agent that started a test runner (or make) is not the author of what runs below it."""
    if not sys.platform.startswith('linux'):
        pytest.skip('/proc is Linux only')
    (tmp_path / 'inner').mkdir()
    inner = _run_as(tmp_path / 'inner', 'runner', _attribution_through_shell(), repo.path).strip()
    code = f'import subprocess; print(subprocess.run([{str(tmp_path / "inner" / "runner")!r}, "-c", ' \
           f'{_attribution_through_shell()!r}], capture_output=True, text=True).stdout)'
    out = _run_as(tmp_path, 'codex', code, repo.path)
    assert json.loads(out)['ai_assisted'] is False
    assert json.loads(inner)['ai_assisted'] is False
    assert process_signals(os.getpid()) == []


def test_attribution_command_explains_a_commit(repo: Repo) -> None:
    oid = _commit(repo, 'Add x\n\nCo-Authored-By: Claude <noreply@anthropic.com>\n')
    out = repo.aiguard('attribution', oid)
    assert out.returncode == 0
    assert 'AI-assisted (claude-code)' in out.stdout and 'noreply@anthropic.com' in out.stdout
    doc = json.loads(repo.aiguard('attribution', 'HEAD', '--format', 'json').stdout)
    assert doc['ai_assisted'] is True and doc['tools'] == ['claude-code']


def test_attribution_command_for_the_pending_change(repo: Repo) -> None:
    repo.commit_files({'a.txt': 'a\n'}, 'base')
    repo.write('b.txt', 'b\n')
    repo.add('b.txt')
    human = repo.aiguard('attribution')
    assert human.returncode == 0 and human.stdout.startswith('not AI-assisted')
    ai = repo.aiguard('attribution', env={'GEMINI_CLI': '1'})
    assert ai.stdout.startswith('AI-assisted (gemini-cli)') and 'GEMINI_CLI is set' in ai.stdout


def test_declared_signal_wins_over_content_only() -> None:
    s = [Signal('content:markdown-fence', 10, 'fence', None, False, 'content')] * 5
    assert from_signals(s, 70).score == 25


def test_docs_cover_the_catalogue() -> None:
    from aiguard.attribution.env import AGENT_PROCESSES, ENV_RULES
    from aiguard.attribution.signals import AGENT_EMAILS, AGENT_LOGINS

    with open(os.path.join(ROOT, 'docs', 'attribution.md'), encoding='utf-8') as f:
        doc = f.read()
    missing = [n for rule in ENV_RULES for n in rule.names if f'`{n}' not in doc]
    missing += [e for e in AGENT_EMAILS if e not in doc and '[bot]' not in e]
    missing += [login for login in AGENT_LOGINS if login not in doc and login != 'copilot']
    missing += [p for p in AGENT_PROCESSES if f'`{p}`' not in doc]
    assert missing == []


def _signal_names(repo: Repo, message: str) -> set[str]:
    oid = _commit(repo, message)
    return {s.name for s in attribute_commit(repo.path, Config(), git.commit_info(oid, repo.path), ()).signals}


def test_a_person_named_like_an_assistant_in_the_mailmap_is_a_person(repo: Repo) -> None:
    message = 'Pair on the parser\n\nCo-authored-by: Claude Martin <Claude.Martin@corp.example>\n'
    assert 'trailer:co-authored-by-name' in _signal_names(repo, message)  # R11 alone: a name, 40
    repo.write('.mailmap', '# the team\nClaude Martin <claude.martin@corp.example> <cm@old.example>\n')
    assert 'trailer:co-authored-by-name' not in _signal_names(repo, message.replace('parser', 'lexer'))
    # the pending commit of a commit-msg hook reads it too
    pending = attribute_pending(repo.path, Config(), (), message, environ={})
    assert 'trailer:co-authored-by-name' not in {s.name for s in pending.signals}


def test_the_mailmap_never_hides_an_agents_own_identity(repo: Repo) -> None:
    repo.write('.mailmap', 'Ada Human <ada@example.com> Claude <noreply@anthropic.com>\n')
    names = _signal_names(repo, 'Feature\n\nCo-authored-by: Claude <noreply@anthropic.com>\n')
    assert 'trailer:co-authored-by' in names  # R3, 90


def test_mailmap_forms_comments_and_limits(tmp_path) -> None:
    from aiguard.attribution import mailmap_emails

    (tmp_path / '.mailmap').write_text(
        'Proper Name <proper@x.example>\n'
        '<p2@x.example> <commit2@x.example>\n'
        'P3 <p3@x.example> Commit Name <C3@X.example>\n'
        '  # <commented@x.example>\n'
        'no address here\n',
    )
    assert mailmap_emails(str(tmp_path)) == {
        'proper@x.example', 'p2@x.example', 'commit2@x.example', 'p3@x.example', 'c3@x.example'}
    (tmp_path / '.mailmap').write_bytes(b'<big@x.example>\n' + b'#' * (1 << 20))
    assert mailmap_emails(str(tmp_path)) == frozenset()  # oversized: names nobody
    (tmp_path / '.mailmap').unlink()
    assert mailmap_emails(str(tmp_path)) == frozenset()
