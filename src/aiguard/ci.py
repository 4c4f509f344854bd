"""The commits a CI job checks when it names none: taken from the event that started the job.

GitHub Actions (GITHUB_ACTIONS) describes the event in the JSON file GITHUB_EVENT_PATH;
GitLab CI (GITLAB_CI) in CI_* variables. A base this clone lacks (a force push) or has
not (a new branch) falls back to the merge base with the default branch; a branch that
shares no history with it (an orphan branch) is checked commit by commit from its root.
Anything else fails closed and names the flags to pass: never a silent pass over nothing.
"""
from __future__ import annotations

import json
import sys
from collections.abc import Mapping

from aiguard import git, records
from aiguard.errors import FatalError

PASS_REFS = 'pass --from-ref BASE --to-ref HEAD (pre-commit run --hook-stage manual aiguard-ci --from-ref ... --to-ref ...)'


@records.record(frozen=True)
class Event:
    """What the CI system says about the job: the base it names (None: none), the tip, the default branch."""

    system: str
    base: str | None
    tip: str
    default_branch: str | None
    what: str  # 'pull request', 'merge request' or 'push', for messages


@records.record(frozen=True)
class CiRange:
    """from_ref None: every commit reachable from to_ref (a branch without common history)."""

    from_ref: str | None
    to_ref: str
    note: str


def in_ci(env: Mapping[str, str]) -> bool:
    return env.get('GITHUB_ACTIONS') == 'true' or env.get('GITLAB_CI') == 'true'


def _github_event(env: Mapping[str, str]) -> Event:
    path = env.get('GITHUB_EVENT_PATH')
    if not path:
        raise FatalError(f'GitHub Actions without GITHUB_EVENT_PATH: no range to check; {PASS_REFS}')
    try:
        with open(path, 'rb') as f:
            doc = json.loads(f.read().decode('utf-8'))
    except (OSError, ValueError) as e:
        raise FatalError(f'cannot read the GitHub event (GITHUB_EVENT_PATH): {e}; {PASS_REFS}') from None
    if not isinstance(doc, dict):
        raise FatalError(f'the GitHub event (GITHUB_EVENT_PATH) is not a JSON object; {PASS_REFS}')
    repo = doc.get('repository')
    if not isinstance(repo, dict):
        repo = {}
    default = _text(repo.get('default_branch'))
    pr = doc.get('pull_request')
    if isinstance(pr, dict):
        base, head = pr.get('base') or {}, pr.get('head') or {}
        tip = _text(head.get('sha') if isinstance(head, dict) else None) or env.get('GITHUB_SHA', '')
        base_sha = _text(base.get('sha') if isinstance(base, dict) else None)
        base_ref = _text(base.get('ref') if isinstance(base, dict) else None)
        return Event('GitHub', base_sha, tip, base_ref or default, 'pull request')
    tip = _text(doc.get('after')) or env.get('GITHUB_SHA', '')
    return Event('GitHub', _text(doc.get('before')), tip, default, 'push')


def _gitlab_event(env: Mapping[str, str]) -> Event:
    tip = env.get('CI_COMMIT_SHA', '')
    if env.get('CI_MERGE_REQUEST_IID'):
        base = env.get('CI_MERGE_REQUEST_DIFF_BASE_SHA') or None
        target = env.get('CI_MERGE_REQUEST_TARGET_BRANCH_NAME') or env.get('CI_DEFAULT_BRANCH') or None
        return Event('GitLab', base, tip, target, 'merge request')
    return Event('GitLab', env.get('CI_COMMIT_BEFORE_SHA') or None, tip,
                 env.get('CI_DEFAULT_BRANCH') or None, 'push')


def _text(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def event(env: Mapping[str, str]) -> Event:
    return _github_event(env) if env.get('GITHUB_ACTIONS') == 'true' else _gitlab_event(env)


def _merge_base(a: str, b: str, root: str) -> str | None:
    out = git.cmd_output_b('merge-base', '--end-of-options', a, b, cwd=root, ok_codes=(0, 1))
    return out.decode().strip() or None


def _default_tip(branch: str | None, root: str) -> str | None:
    """The default branch as this clone has it: the remote-tracking branch, else a local one."""
    if not branch:
        return None
    for ref in (f'refs/remotes/origin/{branch}', f'refs/heads/{branch}'):
        oid = git.resolve_commit(ref, root)
        if oid is not None:
            return oid
    return None


def event_range(env: Mapping[str, str], root: str) -> CiRange:
    """The range of the job's event, or FatalError saying what to pass instead."""
    ev = event(env)
    tip = git.resolve_commit(ev.tip, root) if ev.tip else None
    if tip is None:
        raise FatalError(f'{ev.system} {ev.what}: its commit {ev.tip or "(none named)"!r} is not in this '
                         f'clone; {PASS_REFS}')
    if ev.base and not git.is_zero_oid(ev.base):
        base = git.resolve_commit(ev.base, root)
        if base is not None:
            return CiRange(base, tip, f'{ev.system} {ev.what}: checking {base[:12]}..{tip[:12]}')
        why = (f'the {ev.what} base {ev.base[:12]} is not in this clone (a force push over it, or a '
               f'shallow clone)')
    else:
        why = f'the {ev.what} names no base commit (a new branch)'
    default = _default_tip(ev.default_branch, root)
    if default is None:
        raise FatalError(f'{why}, and the default branch {ev.default_branch or "(unknown)"!r} is not in this '
                         f'clone to start from (fetch the whole history: fetch-depth: 0); {PASS_REFS}')
    base = _merge_base(default, tip, root)
    if base is None:
        return CiRange(None, tip, f'{why}; it shares no history with {ev.default_branch} (an orphan '
                                  f'branch): checking every commit of it')
    if base == tip and ev.base and not git.is_zero_oid(ev.base):
        raise FatalError(f'{why}, and {tip[:12]} is already on {ev.default_branch}, so its merge base '
                         f'names nothing to check; fetch the base commit, or {PASS_REFS}')
    if base == tip:
        return CiRange(tip, tip, f'{why}, and it adds no commit to {ev.default_branch}: nothing to check')
    return CiRange(base, tip, f'{why}: checking what it adds to {ev.default_branch} '
                              f'({base[:12]}..{tip[:12]})')


def report_range(r: CiRange) -> None:
    print(f'aiguard: {r.note}', file=sys.stderr)
