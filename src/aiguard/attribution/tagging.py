"""Tagging: add `Assisted-by:` and `AI-Assisted:` trailers to an AI-assisted commit.

`Assisted-by: AGENT:MODEL` is the kernel's format (Documentation/process/
coding-assistants.rst; model `unknown` when not known); `AI-Assisted:` is
aiguard's machine-readable companion: tools, score, and the *names* of the
signals. The trailers go in through `git interpret-trailers --in-place
--if-exists addIfDifferent`, so re-runs and amends add nothing twice and the
rest of the message (merge and squash text, comments, a scissors line) is
left as git wrote it. Never added: Signed-off-by, Co-authored-by, or a
Reviewed-by nobody gave.
"""
from __future__ import annotations

import os
from collections.abc import Sequence

from aiguard import git
from aiguard.attribution import trailers
from aiguard.attribution.model import Attribution
from aiguard.attribution.signals import CONFLICT, HUMAN_DECLARATIONS, TOOLS
from aiguard.config import TagConfig
from aiguard.regexes import lazy

ASSISTED_BY = 'Assisted-by'
AI_ASSISTED = 'AI-Assisted'
_MODEL_SAFE = lazy(r'[^A-Za-z0-9._/+-]+')


def agent_name(attribution: Attribution) -> str:
    """The AGENT part of `Assisted-by:`: the strongest tool's display name."""
    tool = attribution.tools[0] if attribution.tools else 'unspecified'
    return TOOLS.get(tool, tool)


def model_name(attribution: Attribution) -> str:
    """The MODEL part: known from a trailer or a declaration, else `unknown`."""
    if not attribution.model:
        return 'unknown'
    model = _MODEL_SAFE.sub('-', attribution.model.strip().lower().replace(' ', '-')).strip('-')
    return model.replace('.', '-') if model.startswith('claude') else (model or 'unknown')


def inherited_how(attribution: Attribution) -> str | None:
    """How the evidence was carried over, when every AI signal was (squash, amend…)."""
    strong = [s for s in attribution.signals if s.weight >= 40]
    if not strong or not all(s.inherited for s in strong):
        return None
    for how in ('squash', 'cherry-pick', 'revert', 'amend', 'merge'):
        if any(how in s.reason for s in strong):
            return how
    return 'message'


def ai_assisted_value(attribution: Attribution) -> str:
    """`claude-code; score=95; signals=env:CLAUDECODE,process:claude[; inherited=squash]`; with
    `; conflict=declared-none` when the assistant's own evidence overrode a human declaration."""
    tools = ','.join(attribution.tools) or 'unspecified'
    names = ','.join(dict.fromkeys(s.name for s in attribution.signals if s.weight >= 20)) or 'declared'
    value = f'{tools}; score={int(attribution.score)}; signals={names}'
    how = inherited_how(attribution)
    if how:
        value += f'; inherited={how}'
    if attribution.declared_human:
        value += f'; {CONFLICT}'
    return value


def wanted_trailers(attribution: Attribution, message: str, tag: TagConfig) -> list[str]:
    """The `Key: value` trailers to add to `message`; empty when none are due.

    An AI-assisted change declared human (its assistant's own evidence won) is
    tagged too: the AI-Assisted trailer then records the conflict, so range mode
    and the report see the commit as the hook did."""
    if not tag.enabled or not attribution.ai_assisted:
        return []
    items = trailers.parse(message)
    present = {t.token for t in items}
    declared = {t.token for t in items if t.token != AI_ASSISTED.lower() or not _human(t.value)}
    out = []
    if tag.assisted_by and ASSISTED_BY.lower() not in present:
        out.append(f'{ASSISTED_BY}: {agent_name(attribution)}:{model_name(attribution)}')
    if tag.ai_assisted and AI_ASSISTED.lower() not in declared:
        out.append(f'{AI_ASSISTED}: {ai_assisted_value(attribution)}')
    return out


def _human(value: str) -> bool:
    return value.split(';', 1)[0].split(',', 1)[0].strip().lower() in HUMAN_DECLARATIONS


def has_content(message: str, comment: str = '#') -> bool:
    """False for an untouched template (only comments and blank lines)."""
    cut = f'{comment} {trailers.CUT_LINE}'
    for line in message.split('\n'):
        if line + '\n' == cut:
            break
        if line.strip() and not line.startswith(comment):
            return True
    return False


def add_trailers(msgfile: str, items: Sequence[str], root: str) -> None:
    """Append `items` to the message file in place, the way git does."""
    if not items:
        return
    with open(msgfile, 'rb') as f:
        # only the last byte matters (the message itself was read, bounded, before)
        if f.seek(0, os.SEEK_END):
            f.seek(-1, os.SEEK_END)
        last = f.read(1)
    if last and last != b'\n':
        # without a final newline git would glue the trailers onto the last line
        with open(msgfile, 'ab') as f:
            f.write(b'\n')
    args = ['interpret-trailers', '--in-place', '--if-exists', 'addIfDifferent']
    for item in items:
        args += ['--trailer', item]
    args.append(msgfile)
    git.cmd_output_b(*args, cwd=root)
