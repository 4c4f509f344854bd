"""Real temporary git repositories for tests; git is never mocked."""
from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping

BIN_DIR = os.path.dirname(sys.executable)


def git_env(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """An environment that ignores the user's git config and any agent session."""
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(('GIT_', 'PRE_COMMIT', 'GITHUB_', 'AIGUARD_', 'FORCE_COLOR'))}
    for name in list(env):
        # the developer's own assistant session must not leak into tests
        if name in AGENT_VARS:
            del env[name]
    env.update({
        'GIT_CONFIG_NOSYSTEM': '1',
        'HOME': os.environ.get('AIGUARD_TEST_HOME', env.get('HOME', '/tmp')),
        'GIT_AUTHOR_NAME': 'Ada Human', 'GIT_AUTHOR_EMAIL': 'ada@example.com',
        'GIT_COMMITTER_NAME': 'Ada Human', 'GIT_COMMITTER_EMAIL': 'ada@example.com',
        'PATH': BIN_DIR + os.pathsep + env.get('PATH', ''),
        'NO_COLOR': '1',
    })
    if extra:
        env.update(extra)
    return env


AGENT_VARS = frozenset((
    'CLAUDECODE', 'CLAUDE_CODE_ENTRYPOINT', 'CLAUDE_CODE_SESSION_ID', 'CLAUDE_CODE_REMOTE',
    'GEMINI_CLI', 'CODEX_THREAD_ID', 'CODEX_SANDBOX', 'CODEX_SANDBOX_NETWORK_DISABLED', 'CODEX_CI',
    'CODEX_INTERNAL_ORIGINATOR_OVERRIDE', 'CURSOR_AGENT', 'CURSOR_TRACE_ID', 'AMP_CURRENT_THREAD_ID',
    'AGENT', 'CLINE_ACTIVE', 'AUGMENT_AGENT', 'QWEN_CODE', 'CRUSH', 'PI_CODING_AGENT', 'OZ_RUN_ID',
    'AIGUARD_AI', 'TERM_PROGRAM', 'GIT_PAGER', 'CODEIUM_EDITOR_APP_ROOT', 'REPL_ID', 'JUNIE_DATA',
    'COPILOT_MODEL', 'COPILOT_ALLOW_ALL', 'AI_AGENT', 'OPENCODE', 'OPENCODE_CLIENT',
))


class Repo:
    """A git repository in a temporary directory."""

    def __init__(self, path: str, env: Mapping[str, str] | None = None) -> None:
        self.path = path
        self.env = git_env(env)

    def git(self, *args: str, check: bool = True, input: str | None = None,
            env: Mapping[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        full_env = {**self.env, **(env or {})}
        return subprocess.run(
            ('git', *args), cwd=self.path, env=full_env, input=input,
            capture_output=True, text=True, check=check,
        )

    def write(self, name: str, content: str | bytes) -> str:
        full = os.path.join(self.path, name)
        os.makedirs(os.path.dirname(full), exist_ok=True)
        mode = 'wb' if isinstance(content, bytes) else 'w'
        with open(full, mode) as f:
            f.write(content)
        return full

    def add(self, *names: str) -> None:
        self.git('add', '--', *(names or ('.',)))

    def commit(self, message: str = 'change', *extra: str,
               env: Mapping[str, str] | None = None) -> str:
        self.git('commit', '-q', '--no-verify', '-m', message, *extra, env=env)
        return self.git('rev-parse', 'HEAD').stdout.strip()

    def commit_files(self, files: Mapping[str, str | bytes], message: str = 'change',
                     env: Mapping[str, str] | None = None) -> str:
        for name, content in files.items():
            self.write(name, content)
        self.add(*files)
        return self.commit(message, env=env)

    def aiguard(self, *args: str, env: Mapping[str, str] | None = None,
                input: str | None = None, cwd: str | None = None) -> subprocess.CompletedProcess[str]:
        """Run the installed `aiguard` command as a user would."""
        full_env = {**self.env, **(env or {})}
        return subprocess.run(
            (sys.executable, '-m', 'aiguard', *args), cwd=cwd or self.path, env=full_env,
            input=input, capture_output=True, text=True,
        )


def init_repo(path: str, env: Mapping[str, str] | None = None) -> Repo:
    os.makedirs(path, exist_ok=True)
    repo = Repo(path, env)
    repo.git('init', '-q', '-b', 'main')
    repo.git('config', 'commit.gpgsign', 'false')
    return repo
