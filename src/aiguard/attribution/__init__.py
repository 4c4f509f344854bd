"""Attribution: was a change made with an AI assistant, and why we think so.

Independent signals (identities, trailers, message lines, the agent's
environment, content heuristics), each with a weight and a reason, summed
against `attribution.threshold`. The catalogue is in signals.py and env.py;
docs/attribution.md explains it for users.
"""
from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Mapping, Sequence

from aiguard.attribution import trailers
from aiguard.attribution.content import content_signals
from aiguard.attribution.env import env_signals, process_signals
from aiguard.attribution.model import HUMAN, Attribution, Signal, from_signals
from aiguard.attribution.signals import (
    HUMAN_DECLARATIONS,
    TOOLS,
    identity_signals,
    message_signals,
    model_hint,
    normalise_tool,
    trailer_signals,
)
from aiguard.changes import ChangedFile
from aiguard.config import Config
from aiguard.git import CommitInfo
from aiguard.regexes import lazy

__all__ = [
    'HUMAN', 'TOOLS', 'Attribution', 'Signal', 'attribute_commit', 'attribute_message',
    'attribute_pending', 'from_signals', 'inherited_from',
]

_SQUASHED = lazy(
    r'^commit [0-9a-f]{7,64}\nAuthor: (?P<name>[^\n<]*?) <(?P<email>[^\n>]*)>\n(?:[A-Za-z]+: [^\n]*\n)*\n'
    r'(?P<body>(?:(?:    [^\n]*)?\n)*)', re.MULTILINE,
)
_CHERRY_PICKED = lazy(r'^\(cherry picked from commit [0-9a-f]{7,64}\)$', re.MULTILINE)
_REVERT = lazy(r'^This reverts commit [0-9a-f]{7,64}', re.MULTILINE)


def _normalise_message(message: str) -> str:
    lines = [ln.rstrip() for ln in message.split('\n') if not ln.startswith('#')]
    return '\n'.join(lines).strip()


def inherited_from(message: str, sources: Sequence[tuple[str, str]]) -> str | None:
    """How `message` was carried over (amend, squash, cherry-pick…), or None."""
    norm = _normalise_message(message)
    for how, text in sources:
        if text and _normalise_message(text) == norm:
            return how
    if _CHERRY_PICKED.search(message):
        return 'cherry-pick'
    if _REVERT.search(message):
        return 'revert'
    return None


def attribute_message(message: str, ignored: Sequence[str] = (),
                      sources: Sequence[tuple[str, str]] = (),
                      people: Iterable[str] = ()) -> tuple[list[Signal], bool, str | None]:
    """(signals, declared_human, model) from a commit message alone; `people`: e-mails
    of known people (mailmap_emails), whose assistant-like names are only names."""
    how = inherited_from(message, sources)
    inherited = how is not None
    where = f' (carried over by {how})' if how else ''
    items = trailers.parse(message)
    carried = _carried([src for src in sources if src[0] != 'amend']) if not inherited else {}
    signals: list[Signal] = []
    human = False
    for t in items:
        # a trailer also present in a squash / cherry-pick / amend source is marked, the rest are new
        how_t = how or carried.get((t.token, t.value.lower()))
        found, declared_human = trailer_signals(
            [t], ignored, how_t is not None, f' (carried over by {how_t})' if how_t else '', people,
        )
        signals += found
        human = human or declared_human
    signals += message_signals(message, inherited, where)
    for m in _SQUASHED.finditer(message):
        inner = '\n'.join(ln[4:] for ln in m.group('body').split('\n'))
        via = f' (in a squashed commit by {m.group("name")})'
        signals += identity_signals('author', m.group('name'), m.group('email'), ignored, True, via)
        more, _human = trailer_signals(trailers.parse(inner), ignored, True, via, people)
        signals += more
    model = model_hint(items) or _assisted_by_model(items)
    return signals, human, model


_MAILMAP_EMAIL = lazy(r'<([^<>\s]+@[^<>\s]+)>')
_MAILMAP_MAX_BYTES = 1 << 20


def mailmap_emails(root: str) -> frozenset[str]:
    """The e-mails (lower-case) the repository's .mailmap names: its people.

    Real people are called Claude, Devin or Jules (pitfall P1 of the signal
    catalogue): a co-author whose name only looks like an assistant's (R11, 40)
    is not counted when .mailmap lists the e-mail. Only that name rule yields;
    an agent's own e-mail (R1/R3) counts wherever it is listed. A missing,
    unreadable or oversized file names nobody.
    """
    path = os.path.join(root, '.mailmap')
    try:
        st = os.stat(path)
    except OSError:
        return frozenset()
    return _read_mailmap(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=8)
def _read_mailmap(path: str, mtime_ns: int, size: int) -> frozenset[str]:
    # keyed by mtime and size: read once, not once per commit of a range or a report
    from aiguard.readlimit import TooLarge, read_capped

    if size > _MAILMAP_MAX_BYTES:
        return frozenset()
    try:
        data = read_capped(path, _MAILMAP_MAX_BYTES)  # a FIFO or device is no mailmap
    except (OSError, TooLarge):
        return frozenset()
    out: set[str] = set()
    for line in data.decode('utf-8', 'replace').splitlines():
        if not line.lstrip().startswith('#'):
            out.update(m.lower() for m in _MAILMAP_EMAIL.findall(line))
    return frozenset(out)


def mailmap_aliases(root: str) -> dict[str, str]:
    """What the repository's .mailmap merges: commit e-mail -> proper e-mail, and
    'name:' + e-mail -> proper name (lower-case), so one person counts once."""
    path = os.path.join(root, '.mailmap')
    try:
        st = os.stat(path)
    except OSError:
        return {}
    return _read_aliases(path, st.st_mtime_ns, st.st_size)


@functools.lru_cache(maxsize=8)
def _read_aliases(path: str, mtime_ns: int, size: int) -> dict[str, str]:
    if size > _MAILMAP_MAX_BYTES:
        return {}
    try:
        with open(path, 'rb') as f:
            data = f.read(_MAILMAP_MAX_BYTES + 1)
    except OSError:
        return {}
    out: dict[str, str] = {}
    for line in data.decode('utf-8', 'replace').splitlines():
        line = line.split('#', 1)[0]
        emails = [e.lower() for e in _MAILMAP_EMAIL.findall(line)]
        if not emails:
            continue
        proper_name = line[:line.find('<')].strip().casefold()
        if len(emails) > 1:
            out[emails[1]] = emails[0]
        if proper_name:
            for e in emails[:2]:
                out[f'name:{e}'] = proper_name
    return out


def _carried(sources: Sequence[tuple[str, str]]) -> dict[tuple[str, str], str]:
    """(key, value) of every trailer-like line in the source messages, to how they came."""
    out: dict[tuple[str, str], str] = {}
    for how, text in sources:
        for line in text.split('\n'):
            line = line.strip()
            sep = trailers.find_separator(line)
            if sep >= 1:
                out.setdefault((line[:sep].strip().lower(), line[sep + 1:].strip().lower()), how)
    return out


def _assisted_by_model(items: Sequence[trailers.Trailer]) -> str | None:
    for t in items:
        words = t.value.partition(':')[2].split() if t.token == 'assisted-by' else []
        if words and words[0] not in ('unknown', 'auto'):
            return words[0]
    return None


def _declared(env: Mapping[str, str]) -> tuple[list[Signal], bool, str | None]:
    declared = env.get('AIGUARD_AI', '').strip()
    if not declared:
        return [], False, None
    if declared.lower() in HUMAN_DECLARATIONS:
        return [], True, None
    tool_text, _, model = declared.partition(':')
    tool = normalise_tool(tool_text)
    shown = TOOLS.get(tool, tool)
    return [Signal('declared:AIGUARD_AI', 100, f'declared with AIGUARD_AI ({shown})', tool, False, 'declared')], \
        False, (model.strip() or None)


def _pending_identity(root: str, env: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(role, name, email) of the author and committer `git commit` will record."""
    out = []
    listed: dict[str, str] | None = None
    for role, var in (('author', 'GIT_AUTHOR'), ('committer', 'GIT_COMMITTER')):
        name, email = env.get(f'{var}_NAME'), env.get(f'{var}_EMAIL')
        if name is None or email is None:
            if listed is None:
                listed = _git_vars(root)  # one `git var -l` serves both roles
            ident = listed.get(f'{var}_IDENT', '')
            m = re.match(r'^(.*?) <([^>]*)>', ident)
            if m:
                name = m.group(1) if name is None else name
                email = m.group(2) if email is None else email
        out.append((role, name or '', email or ''))
    return out


_IDENTITY_VARS = ('GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL')


def start_identity(root: str, env: Mapping[str, str]) -> None:
    """Start the `git var -l` a pending commit's attribution will ask (git.start) when the
    environment does not name both author and committer, as under `git commit`, which
    exports only the author to its hooks: it then runs while the change is scanned."""
    if not all(env.get(v) is not None for v in _IDENTITY_VARS):
        from aiguard import git

        git.start(*git.VAR_ARGS, cwd=root)


def _git_vars(root: str) -> dict[str, str]:
    """`git var -l` as a mapping; empty when git cannot tell (no identity configured)."""
    from aiguard import git

    try:
        # what it printed counts even when it then fails (an identity git cannot complete)
        out = git.cmd_output_b(*git.VAR_ARGS, cwd=root, ok_codes=range(256)).decode('utf-8', 'replace')
    except git.GitError:
        return {}
    found = {}
    for line in out.splitlines():
        key, sep, value = line.partition('=')
        if sep and key in ('GIT_AUTHOR_IDENT', 'GIT_COMMITTER_IDENT'):
            found[key] = value
    return found


def _git_dir(root: str) -> str:
    dot = os.path.join(root, '.git')
    if os.path.isdir(dot):
        return dot
    from aiguard import git

    return git.git_dir(root)


def pending_sources(root: str) -> list[tuple[str, str]]:
    """Messages the pending commit may have copied: HEAD (amend), squash, cherry-pick, revert, merge."""
    from aiguard import git

    from aiguard.readlimit import TooLarge, read_capped

    gd = _git_dir(root)
    sources = []
    try:
        sources.append(('squash', read_capped(os.path.join(gd, 'SQUASH_MSG'), 4 * 1024 * 1024)
                        .decode('utf-8', 'replace')))
    except (OSError, TooLarge):
        pass
    for name, how in (('CHERRY_PICK_HEAD', 'cherry-pick'), ('REVERT_HEAD', 'revert'), ('MERGE_HEAD', 'merge')):
        try:
            oids = read_capped(os.path.join(gd, name), 64 * 1024).decode('ascii', 'replace').split()
        except (OSError, TooLarge):
            continue
        for oid in oids[:8]:
            try:
                sources.append((how, git.commit_info(oid, root).message))
            except git.GitError:
                pass
    if git.resolve_commit('HEAD', root):
        sources.append(('amend', git.commit_info('HEAD', root).message))
    return sources


def attribute_pending(
        root: str, config: Config, files: Sequence[ChangedFile],
        message: str | None = None, environ: Mapping[str, str] | None = None,
        sources: Sequence[tuple[str, str]] | None = None,
) -> Attribution:
    """Attribution of the change being committed now."""
    env = os.environ if environ is None else environ
    ac = config.attribution
    signals, human, model = _declared(env)
    if ac.env:
        signals += env_signals(env)
        if environ is None or env.get('AIGUARD_PROCESS_SCAN') == '1':
            signals += process_signals()
    for role, name, email in _pending_identity(root, env):
        signals += identity_signals(role, name, email, ac.ignore_identities)
    if message is not None:
        if sources is None:
            sources = pending_sources(root)
        more, declared_human, hint = attribute_message(message, ac.ignore_identities, sources,
                                                       mailmap_emails(root))
        signals += more
        human = human or declared_human
        model = model or hint
    if ac.ledger and files:
        signals += _ledger_signals(root, files)
    if ac.content:
        signals += content_signals(files)
    model = model or env.get('AIGUARD_MODEL') or None
    return from_signals(_dedupe(signals), ac.threshold, human, model)


# aiguard.ledger's records under the git common dir; looked for before that module is imported
LEDGER_EDITS = os.path.join('aiguard', 'ledger', 'edits')


def _ledger_signals(root: str, files: Sequence[ChangedFile]) -> list[Signal]:
    """The edit ledger's evidence; a commit in a repository without one (or with an empty
    one) pays a stat."""
    from aiguard import git

    try:
        if os.stat(os.path.join(git.git_common_dir(root), LEDGER_EDITS)).st_size == 0:
            return []  # emptied by the clean-up: nothing to match
    except OSError:
        return []
    from aiguard import ledger

    return ledger.evidence(root, files)


def attribute_commit(root: str, config: Config, info: CommitInfo,
                     files: Sequence[ChangedFile]) -> Attribution:
    """Attribution of a recorded commit (range mode, `aiguard attribution REV`)."""
    ac = config.attribution
    signals = identity_signals('author', info.author_name, info.author_email, ac.ignore_identities)
    signals += identity_signals('committer', info.committer_name, info.committer_email, ac.ignore_identities)
    more, human, model = attribute_message(info.message, ac.ignore_identities, (), mailmap_emails(root))
    signals += more
    if ac.content:
        signals += content_signals(files)
    verdict = from_signals(_dedupe(signals), ac.threshold, human, model)
    if verdict.ai_assisted and not {'ai-assisted', 'assisted-by'} & {t.token for t in trailers.parse(info.message)}:
        # aiguard-tag writes one of these: without them the commit hooks did not run (P6)
        note = Signal('note:untagged', 0, 'no Assisted-by/AI-Assisted trailer: aiguard\'s commit hooks did not run '
                      'for this commit (--no-verify, hooks not installed, or made elsewhere); checked here at the '
                      'strict tier', None, False, 'note')
        verdict = from_signals([*verdict.signals, note], ac.threshold, human, model)
    return verdict


def _dedupe(signals: Sequence[Signal]) -> list[Signal]:
    """One signal per name: the same evidence twice (author and committer) counts once."""
    seen: dict[tuple[str, str | None], Signal] = {}
    for s in signals:
        key = (s.name.split('-aider')[0].replace('committer', 'author'), s.tool)
        if key not in seen or s.weight > seen[key].weight:
            seen[key] = s
    return list(seen.values())
