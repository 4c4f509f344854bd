"""Shell commands an assistant must not run: those that skip or rewire aiguard's checks.

The command line is read as a POSIX shell reads it (quotes, escapes, `&&`, `||`, `;`,
`|`, newlines, redirections, here-documents, `$(...)` and backticks), so a flag
inside a quoted message or a `--grep=` pattern is not taken for the flag itself.
Commands handed to another shell (`sh -c '...'`, `bash -lc`, `eval`, a here-document
or a pipe into `sh`) are read again, recursively.
"""
from __future__ import annotations

import os
from collections.abc import Iterator, Sequence

from aiguard import records

MAX_DEPTH = 8  # nested `sh -c` / `$(...)` levels read before giving up (and refusing)
OPERATORS = ('&&', '||', ';;', '>>', '>|', '&>', '<<', '<&', '>&', '<>', ';', '|', '&', '(', ')', '<', '>', '\n')
RESERVED = frozenset(('{', '}', '!', 'if', 'then', 'else', 'elif', 'do', 'while', 'until', 'fi', 'done'))
SHELLS = frozenset(('sh', 'bash', 'zsh', 'dash', 'ksh', 'ash', 'mksh', 'busybox'))
# commands that run the rest of their arguments as a command: name -> options that take a value
WRAPPERS: dict[str, frozenset[str]] = {
    'command': frozenset(), 'builtin': frozenset(), 'exec': frozenset(('-a',)), 'nohup': frozenset(),
    'time': frozenset(('-f', '-o')), 'nice': frozenset(('-n',)), 'sudo': frozenset(('-u', '-g', '-h', '-p', '-C')),
    'doas': frozenset(('-u',)), 'stdbuf': frozenset(('-i', '-o', '-e')), 'setsid': frozenset(),
    'chronic': frozenset(), 'xargs': frozenset(('-I', '-n', '-L', '-P', '-d', '-E', '-s', '-a')),
    'timeout': frozenset(('-s', '-k')),
}
# git subcommands whose --no-verify skips hooks aiguard installs
NO_VERIFY_COMMANDS = frozenset(('commit', 'push', 'merge', 'am', 'rebase'))
# `git commit` short options that take a value (the rest of the cluster, or the next word)
COMMIT_VALUE_SHORT = frozenset('mFcCt')
COMMIT_OPTIONAL_SHORT = frozenset('Su')  # value only when attached
COMMIT_VALUE_LONG = frozenset((
    '--message', '--file', '--reuse-message', '--reedit-message', '--template', '--author', '--date',
    '--fixup', '--squash', '--trailer', '--cleanup', '--pathspec-from-file',
))
GIT_VALUE_OPTIONS = frozenset(('-C', '-c', '--git-dir', '--work-tree', '--namespace', '--config-env',
                               '--super-prefix', '--list-cmds'))
READ_ONLY_CONFIG = frozenset(('--get', '--get-all', '--get-regexp', '--get-urlmatch', '--list', '-l',
                              'get', 'list', '--show-origin', '--name-only'))
PROTECTED_CONFIG = '.aiguard.yaml'
# writers: name -> which positional arguments are written to ('all' or 'last')
WRITERS = {
    'cp': 'last', 'install': 'last', 'rsync': 'last', 'ln': 'last', 'mv': 'all', 'rm': 'all', 'unlink': 'all',
    'chmod': 'all', 'chown': 'all', 'chgrp': 'all', 'tee': 'all', 'touch': 'all', 'truncate': 'all',
    'shred': 'all', 'mkdir': 'all', 'rmdir': 'all', 'sed': 'all', 'perl': 'all', 'dd': 'all', 'patch': 'all',
}


@records.record(frozen=True)
class Word:
    """One shell word: its text with quotes removed, and whether any part was unquoted expansion."""

    text: str
    dynamic: bool = False  # holds $VAR, $(...) or `...`: its value is not known here


@records.record
class Simple:
    """One simple command: words, redirection targets, here-document bodies, and what follows it."""

    words: list[Word]
    targets: list[Word]
    heredocs: list[str]
    then: str = ''  # the operator after it ('|' for a pipe)


class Unparsable(ValueError):
    """The text is not a complete shell command (an unclosed quote or substitution)."""


def refusal(command: str) -> str | None:
    """Why `command` must not run (it skips or rewires the checks), or None when it may."""
    try:
        return _check(command, 0)
    except Unparsable:
        # the shell would refuse it too; still look at the plain words for the obvious forms
        return _check_words([Word(w) for w in command.split()], [], 0)


def _check(command: str, depth: int) -> str | None:
    if depth > MAX_DEPTH:
        return 'the command nests shells or substitutions too deeply to check'
    simples, nested = tokenize(command)
    for inner in nested:
        found = _check(inner, depth + 1)
        if found:
            return found
    for i, simple in enumerate(simples):
        found = _check_words(simple.words, simple.targets, depth)
        if found:
            return found
        if simple.heredocs and _runs_stdin(simple.words):
            for body in simple.heredocs:
                found = _check(body, depth + 1)
                if found:
                    return found
        if i > 0 and simples[i - 1].then == '|' and _runs_stdin(simple.words):
            # `echo 'git commit -n' | sh`: what the earlier commands print is run
            for word in _pipeline_before(simples, i):
                found = _check(word.text, depth + 1) if not word.dynamic else None
                if found:
                    return found
    return None


def _pipeline_before(simples: Sequence[Simple], i: int) -> Iterator[Word]:
    j = i - 1
    while j >= 0 and simples[j].then == '|':
        yield from simples[j].words[1:]
        j -= 1


# ---------------------------------------------------------------- tokenizer


def tokenize(text: str) -> tuple[list[Simple], list[str]]:
    """Simple commands of `text`, and the texts of its command substitutions (to read again)."""
    lexer = _Lexer(text)
    simples: list[Simple] = []
    current = Simple([], [], [])
    pending_redirect = False
    pending_heredocs: list[tuple[str, bool]] = []
    for kind, value, word in lexer.tokens():
        if kind == 'word':
            assert word is not None
            if pending_redirect:
                current.targets.append(word)
                pending_redirect = False
            else:
                current.words.append(word)
        elif kind == 'heredoc':
            pending_heredocs.append((value, False))
        elif kind == 'op':
            if value in ('>', '>>', '>|', '&>', '<', '<>', '<&', '>&'):
                pending_redirect = value not in ('<', '<&')
                if not pending_redirect:
                    lexer.skip_word()
            elif value == '\n':
                for delimiter, _ in pending_heredocs:
                    current.heredocs.append(lexer.read_heredoc(delimiter))
                pending_heredocs = []
                current.then = ';'
                simples.append(current)
                current = Simple([], [], [])
            else:
                current.then = value
                simples.append(current)
                current = Simple([], [], [])
    for delimiter, _ in pending_heredocs:
        current.heredocs.append(lexer.read_heredoc(delimiter))
    simples.append(current)
    return [s for s in simples if s.words or s.targets or s.heredocs], lexer.nested


class _Lexer:
    """A small POSIX shell lexer: enough to find words, operators and substitutions."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.i = 0
        self.nested: list[str] = []

    def tokens(self) -> Iterator[tuple[str, str, Word | None]]:
        text = self.text
        while self.i < len(text):
            c = text[self.i]
            if c in ' \t\r':
                self.i += 1
            elif c == '\\' and text.startswith('\\\n', self.i):
                self.i += 2
            elif c == '#':
                while self.i < len(text) and text[self.i] != '\n':
                    self.i += 1
            elif text.startswith('<<', self.i) and not text.startswith('<<<', self.i):
                self.i += 2
                if self.i < len(text) and text[self.i] == '-':
                    self.i += 1
                while self.i < len(text) and text[self.i] in ' \t':
                    self.i += 1
                word = self.word()
                yield 'heredoc', word.text, None
            elif text.startswith('<<<', self.i):
                self.i += 3  # a here-string: its word is data, read as a word of this command
            else:
                op = next((o for o in OPERATORS if text.startswith(o, self.i)), None)
                if op is not None and not (op in ('<', '>') and text.startswith(op + '(', self.i)):
                    self.i += len(op)
                    yield 'op', op, None
                else:
                    yield 'word', '', self.word()

    def skip_word(self) -> None:
        while self.i < len(self.text) and self.text[self.i] in ' \t':
            self.i += 1
        if self.i < len(self.text) and self.text[self.i] not in '\n;&|()<>':
            self.word()

    def word(self) -> Word:
        text = self.text
        out: list[str] = []
        dynamic = False
        while self.i < len(text):
            c = text[self.i]
            if c in ' \t\r\n;&|()<>' and not (c in '<>' and text.startswith('(', self.i + 1)):
                break
            if c == "'":
                end = text.find("'", self.i + 1)
                if end < 0:
                    raise Unparsable('unclosed single quote')
                out.append(text[self.i + 1:end])
                self.i = end + 1
            elif c == '"':
                self.i += 1
                part, dyn = self._double_quoted()
                out.append(part)
                dynamic = dynamic or dyn
            elif c == '\\':
                out.append(text[self.i + 1:self.i + 2])
                self.i += 2
            elif c == '`' or c == '$' or (c in '<>' and text.startswith('(', self.i + 1)):
                out.append(self._backquote() if c == '`' else self._dollar())
                dynamic = True
            else:
                out.append(c)
                self.i += 1
        return Word(''.join(out), dynamic)

    def _double_quoted(self) -> tuple[str, bool]:
        text = self.text
        out: list[str] = []
        dynamic = False
        while True:
            if self.i >= len(text):
                raise Unparsable('unclosed double quote')
            c = text[self.i]
            if c == '"':
                self.i += 1
                return ''.join(out), dynamic
            if c == '\\' and self.i + 1 < len(text) and text[self.i + 1] in '$`"\\\n':
                out.append(text[self.i + 1] if text[self.i + 1] != '\n' else '')
                self.i += 2
            elif c in '`$':
                out.append(self._backquote() if c == '`' else self._dollar())
                dynamic = True
            else:
                out.append(c)
                self.i += 1

    def _backquote(self) -> str:
        """`...`: its command is read again; the word keeps a placeholder."""
        end = self.text.find('`', self.i + 1)
        if end < 0:
            raise Unparsable('unclosed backquote')
        self.nested.append(self.text[self.i + 1:end])
        self.i = end + 1
        return '`…`'

    def _dollar(self) -> str:
        """`$(...)`, `<(...)`, `$((...))`, `${...}` or `$NAME`: the substitution's text, kept as is."""
        text = self.text
        start = self.i
        if text.startswith(('$(', '<(', '>('), self.i):
            arithmetic = text.startswith('$((', self.i)
            self.i += 2
            inner_start = self.i
            depth = 1
            while self.i < len(text) and depth:
                c = text[self.i]
                if c == "'":
                    end = text.find("'", self.i + 1)
                    self.i = (end if end >= 0 else len(text)) + 1
                    continue
                if c == '\\':
                    self.i += 2
                    continue
                if c == '(':
                    depth += 1
                elif c == ')':
                    depth -= 1
                self.i += 1
            if depth:
                raise Unparsable('unclosed substitution')
            if not arithmetic:
                self.nested.append(text[inner_start:self.i - 1])
            return text[start:self.i]
        if text.startswith('${', self.i):
            end = text.find('}', self.i)
            if end < 0:
                raise Unparsable('unclosed ${')
            self.i = end + 1
            return text[start:self.i]
        self.i += 1
        while self.i < len(text) and (text[self.i].isalnum() or text[self.i] == '_'):
            self.i += 1
        if self.i == start + 1 and self.i < len(text) and text[self.i] in '@*#?$!-0123456789':
            self.i += 1
        return text[start:self.i]

    def read_heredoc(self, delimiter: str) -> str:
        """The body of a here-document that starts at the current line."""
        text = self.text
        if self.i < len(text) and text[self.i - 1:self.i] != '\n':
            nl = text.find('\n', self.i)
            self.i = len(text) if nl < 0 else nl + 1
        lines = []
        while self.i < len(text):
            nl = text.find('\n', self.i)
            line = text[self.i:] if nl < 0 else text[self.i:nl]
            self.i = len(text) if nl < 0 else nl + 1
            if line.strip('\t') == delimiter:
                break
            lines.append(line)
        return '\n'.join(lines)


# ---------------------------------------------------------------- one simple command


def _check_words(words: Sequence[Word], targets: Sequence[Word], depth: int) -> str | None:
    for target in targets:
        found = _written(target)
        if found:
            return f'it writes into {found}'
    i = 0
    while i < len(words) and _assignment(words[i].text):
        found = _env_override(words[i].text)
        if found:
            return found
        i += 1
    return _check_command(list(words[i:]), depth)


def _assignment(text: str) -> bool:
    name, eq, _ = text.partition('=')
    return bool(eq) and bool(name) and (name[0].isalpha() or name[0] == '_') and \
        all(ch.isalnum() or ch == '_' for ch in name)


def _env_override(assignment: str) -> str | None:
    """Why setting this variable switches the checks off, or None."""
    name, _, value = assignment.partition('=')
    if name.startswith('AIGUARD_'):
        return f'it sets {name}, an aiguard override an assistant may not set (a person declares AI use, not the agent)'
    if name == 'SKIP' and any(part.strip().startswith('aiguard') for part in value.split(',')):
        return 'it sets SKIP to skip aiguard\'s pre-commit hooks'
    if name in ('HUSKY', 'HUSKY_SKIP_HOOKS') and value in (('0',) if name == 'HUSKY' else ('1', 'true')):
        return f'it sets {name}={value}, which turns the git hooks off'
    if name == 'GIT_CONFIG_PARAMETERS' and 'hookspath' in value.lower():
        return 'it sets core.hooksPath through GIT_CONFIG_PARAMETERS'
    if name.startswith('GIT_CONFIG_KEY_') and value.strip().lower() == 'core.hookspath':
        return 'it sets core.hooksPath through GIT_CONFIG_KEY_*'
    return None


def _check_command(words: list[Word], depth: int) -> str | None:
    if not words:
        return None
    name = os.path.basename(words[0].text)
    args = words[1:]
    if name in RESERVED:
        return _check_command(args, depth)
    if name in ('env',):
        return _check_env(args, depth)
    if name in ('export', 'declare', 'typeset', 'readonly', 'local', 'set'):
        for w in args:
            if _assignment(w.text):
                found = _env_override(w.text)
                if found:
                    return found
        return None
    if name in WRAPPERS:
        return _check_command(_skip_options(args, WRAPPERS[name], name), depth)
    if name in SHELLS or name == 'eval':
        return _check_shell(name, args, depth)
    if name == 'git':
        return _check_git(args)
    if name in ('pre-commit', 'prek') and args and args[0].text == 'uninstall':
        return f'`{name} uninstall` removes the hooks that run aiguard'
    if name == 'aiguard' and args and args[0].text == 'install' and any(a.text == '--uninstall' for a in args):
        return '`aiguard install --uninstall` removes aiguard\'s hooks'
    if name in WRITERS:
        return _check_writer(name, args)
    return None


def _skip_options(args: Sequence[Word], with_value: frozenset[str], name: str) -> list[Word]:
    """The command a wrapper runs: its arguments after the wrapper's own options."""
    i = 0
    if name == 'timeout':
        while i < len(args) and args[i].text.startswith('-'):
            i += 2 if args[i].text in with_value else 1
        return list(args[i + 1:])  # the duration
    while i < len(args) and args[i].text.startswith('-') and args[i].text != '--':
        i += 2 if args[i].text in with_value else 1
    if i < len(args) and args[i].text == '--':
        i += 1
    return list(args[i:])


def _check_env(args: Sequence[Word], depth: int) -> str | None:
    i = 0
    while i < len(args):
        text = args[i].text
        if text in ('-u', '--unset', '-C', '--chdir', '-S', '--split-string'):
            if text in ('-S', '--split-string') and i + 1 < len(args):
                return _check(args[i + 1].text + ' ' + ' '.join(a.text for a in args[i + 2:]), depth + 1)
            i += 2
        elif text.startswith('-'):
            i += 1
        elif _assignment(text):
            found = _env_override(text)
            if found:
                return found
            i += 1
        else:
            break
    return _check_command(list(args[i:]), depth)


def _check_shell(name: str, args: Sequence[Word], depth: int) -> str | None:
    if name == 'eval':
        return _check(' '.join(a.text for a in args), depth + 1)
    for i, w in enumerate(args):
        text = w.text
        if text == '--':
            return None
        if text.startswith('-') and not text.startswith('--') and 'c' in text[1:]:
            if i + 1 < len(args):
                return _check(args[i + 1].text, depth + 1)
            return None
        if not text.startswith(('-', '+')):
            return None  # a script file: not read here
    return None


def _runs_stdin(words: Sequence[Word]) -> bool:
    """A shell with no script and no -c: it runs what it reads from stdin."""
    if not words:
        return False
    name = os.path.basename(words[0].text)
    if name not in SHELLS:
        return False
    return all(w.text.startswith(('-', '+')) and 'c' not in w.text[1:] for w in words[1:]) or \
        any(w.text == '-s' for w in words[1:])


# ---------------------------------------------------------------- git


def _check_git(args: Sequence[Word]) -> str | None:
    i = 0
    while i < len(args):
        text = args[i].text
        if not text.startswith('-'):
            break
        key, eq, value = text.partition('=')
        if text == '-c' or text.startswith('-c') and len(text) > 2:
            setting = args[i + 1].text if text == '-c' and i + 1 < len(args) else text[2:]
            if setting.split('=', 1)[0].strip().lower() == 'core.hookspath':
                return 'it runs git with -c core.hooksPath=..., which sends git to other hooks'
        elif key == '--config-env':
            setting = value if eq else (args[i + 1].text if i + 1 < len(args) else '')
            if setting.split('=', 1)[0].strip().lower() == 'core.hookspath':
                return 'it runs git with --config-env core.hooksPath, which sends git to other hooks'
        i += 2 if text in GIT_VALUE_OPTIONS else 1
    if i >= len(args):
        return None
    sub = args[i].text
    rest = list(args[i + 1:])
    if sub in NO_VERIFY_COMMANDS:
        found = _no_verify(rest, short_n=(sub == 'commit'))
        if found:
            return f'`git {sub} {found}` skips the hooks that run aiguard; fix what they report instead'
    if sub == 'commit-tree':
        return '`git commit-tree` records a commit without running any hook; use `git commit`'
    if sub == 'config':
        return _check_git_config(rest)
    if sub == 'update-index' and any(a.text in ('--skip-worktree', '--assume-unchanged') for a in rest) and \
            any(os.path.basename(a.text) == PROTECTED_CONFIG for a in rest):
        return f'it hides changes to {PROTECTED_CONFIG} from git (update-index --skip-worktree/--assume-unchanged)'
    return None


def _no_verify(args: Sequence[Word], short_n: bool) -> str | None:
    """The option that turns hooks off (`--no-verify`, or `-n` for commit), if any."""
    i = 0
    while i < len(args):
        text = args[i].text
        if text == '--':
            return None
        if text.startswith('--'):
            name = text.split('=', 1)[0]
            if len(name) >= len('--no-ve') and '--no-verify'.startswith(name):
                return text  # git takes any unambiguous prefix of a long option
            if short_n and name in COMMIT_VALUE_LONG and '=' not in text:
                i += 1  # its value is the next word
        elif text.startswith('-') and len(text) > 1 and short_n:
            for j, ch in enumerate(text[1:]):
                if ch == 'n':
                    return text
                if ch in COMMIT_VALUE_SHORT:
                    if j == len(text) - 2:
                        i += 1  # the value is the next word
                    break
                if ch in COMMIT_OPTIONAL_SHORT:
                    break
        i += 1
    return None


def _check_git_config(args: Sequence[Word]) -> str | None:
    texts = [a.text for a in args]
    if not any(t.lower() == 'core.hookspath' for t in texts):
        return None
    if any(t in READ_ONLY_CONFIG for t in texts):
        return None
    return 'it changes core.hooksPath, which sends git to other hooks than aiguard\'s'


# ---------------------------------------------------------------- writes into .git/hooks


# the assistants' own hook settings: editing them can take aiguard's hooks out (or set disableAllHooks)
HOOK_SETTINGS = frozenset((
    ('.claude', 'settings.json'), ('.claude', 'settings.local.json'), ('.cursor', 'hooks.json'),
    ('.gemini', 'settings.json'), ('.codex', 'hooks.json'), ('.codex', 'config.toml'),
    ('copilot', 'settings.json'), ('copilot', 'settings.local.json'),
))


def protected_path(path: str, dynamic: bool = False) -> str | None:
    """What `path` is when writing it rewires the checks: the git hooks, git's config, or an
    assistant's hook settings; None for any other path."""
    text = path.replace('\\', '/')
    parts = [p for p in text.split('/') if p and p != '.']
    for a, b in zip(parts, parts[1:]):
        if a == '.git' and b == 'hooks':
            return 'the git hooks directory'
        if a == '.github' and b == 'hooks':
            return "Copilot's hook settings"
    if parts[-2:] == ['.git', 'config']:
        return "git's config (where core.hooksPath lives)"
    if tuple(parts[-2:]) in HOOK_SETTINGS and (parts[-2] != 'copilot' or parts[-3:-2] == ['.github']):
        return "an assistant's hook settings"
    if dynamic and 'hooks' in text:  # $(git rev-parse --git-path hooks)/x, $GIT_DIR/hooks/x
        return 'the git hooks directory'
    return None


def _written(word: Word) -> str | None:
    found = protected_path(word.text, word.dynamic)
    return f'{found} ({word.text})' if found else None


def _check_writer(name: str, args: Sequence[Word]) -> str | None:
    if name in ('sed', 'perl') and not any(a.text.startswith('-i') or a.text == '--in-place' for a in args):
        return None
    positional = [a for a in args if not a.text.startswith('-') or a.text.startswith('of=')]
    if name == 'dd':
        positional = [Word(a.text[3:], a.dynamic) for a in args if a.text.startswith('of=')]
    targets = positional
    for i, a in enumerate(args):
        if a.text in ('-t', '--target-directory') and i + 1 < len(args):
            targets = [args[i + 1]]
        elif a.text.startswith('--target-directory='):
            targets = [Word(a.text.split('=', 1)[1], a.dynamic)]
    if WRITERS[name] == 'last' and targets is positional:
        targets = positional[-1:]
    for t in targets:
        found = _written(t)
        if found:
            return f'`{name}` writes into {found}'
    return None
