"""Review sign-off from a pull or merge request's approvals, read in CI (`review.approvals`).

The one place aiguard reaches the network: only in range mode, only inside GitHub
Actions or GitLab CI, only when `review.approvals: true`, with a short timeout. What
cannot be read is said (POL002 names it, stderr warns) and sign-off falls back to the
`Reviewed-by:` trailers; it never passes for want of an answer.
"""
from __future__ import annotations

import json
import re
import sys
from collections.abc import Mapping, Sequence

from aiguard import git, records
from aiguard.ci import event
from aiguard.errors import FatalError

TIMEOUT = 5.0
MAX_PAGES = 10
MAX_RESPONSE_BYTES = 8 * 1024 * 1024  # one page of reviews or commits; the rest of a bigger reply is not read
_NOREPLY = re.compile(r'^(?:\d+\+)?([^@+]+)@users\.noreply\.github\.com$')
_REPO = re.compile(r'^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+$')
_GITHUB_FINAL = ('APPROVED', 'CHANGES_REQUESTED', 'DISMISSED')  # COMMENTED leaves a review's state


class Unreadable(Exception):
    """The approvals could not be read; the message says why (never the token)."""


@records.record(frozen=True)
class Approver:
    login: str  # casefolded user name on the platform
    name: str  # casefolded display name, '' when the API gives none
    commit: str | None  # the commit approved (GitHub), None when the platform does not say (GitLab)


@records.record(frozen=True)
class Approvals:
    """Who approved the request, and who wrote which of its commits (by platform login)."""

    source: str
    approvers: tuple[Approver, ...] = ()
    logins: Mapping[str, frozenset[str]] = records.field(default_factory=dict)
    note: str = ''  # why none could be read: sign-off falls back to trailers


def _get(url: str, headers: Mapping[str, str]) -> tuple[object, str | None]:
    """A JSON document and the next page's URL (GitHub's Link header)."""
    import urllib.error
    import urllib.request

    req = urllib.request.Request(url, headers={**headers, 'User-Agent': 'aiguard'})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as resp:  # noqa: S310 - an https API URL from CI
            body = resp.read(MAX_RESPONSE_BYTES)
            link = resp.headers.get('Link') or ''
    except urllib.error.HTTPError as e:
        raise Unreadable(f'HTTP {e.code} {e.reason} from {url.split("?")[0]}') from None
    except (urllib.error.URLError, OSError, ValueError) as e:
        reason = getattr(e, 'reason', e)
        raise Unreadable(f'{url.split("?")[0]}: {reason}') from None
    try:
        doc = json.loads(body.decode('utf-8'))
    except ValueError:
        raise Unreadable(f'{url.split("?")[0]}: not JSON') from None
    m = re.search(r'<([^>]+)>;\s*rel="next"', link)
    return doc, (m.group(1) if m else None)


def _pages(url: str, headers: Mapping[str, str]) -> list[object]:
    items: list[object] = []
    next_url: str | None = url
    for _ in range(MAX_PAGES):
        if next_url is None:
            break
        doc, next_url = _get(next_url, headers)
        if not isinstance(doc, list):
            raise Unreadable(f'{url.split("?")[0]}: expected a JSON list')
        items.extend(doc)
    return items


def _login(user: object) -> str:
    return user.get('login', '').casefold() if isinstance(user, dict) and isinstance(user.get('login'), str) else ''


def _is_bot(user: object, login: str) -> bool:
    from aiguard.policy import is_assistant

    kind = user.get('type') if isinstance(user, dict) else None
    return kind == 'Bot' or login.endswith('[bot]') or is_assistant(login)


def _github_api(env: Mapping[str, str]) -> tuple[str, str, dict[str, str]]:
    """(API base URL, owner/name, headers), or Unreadable saying what is missing."""
    repo = env.get('GITHUB_REPOSITORY', '')
    token = env.get('GITHUB_TOKEN', '')
    if not _REPO.match(repo):
        raise Unreadable('GITHUB_REPOSITORY is not owner/name')
    if not token:
        raise Unreadable('GITHUB_TOKEN is not set (give the step `env: GITHUB_TOKEN: ${{ github.token }}` '
                         'and `permissions: pull-requests: read`)')
    api = env.get('GITHUB_API_URL', 'https://api.github.com').rstrip('/')
    headers = {'Accept': 'application/vnd.github+json', 'Authorization': f'Bearer {token}',
               'X-GitHub-Api-Version': '2022-11-28'}
    return api, repo, headers


def _pull(api: str, repo: str, number: int, headers: Mapping[str, str],
          merged: tuple[str, str, str] | None = None) -> Approvals:
    """Reviews and commit authors of pull request `number`. `merged` (merge commit, head, opener):
    it was merged as that commit, which approvals of its final head cover."""
    source = f'GitHub pull request #{number}'
    base = f'{api}/repos/{repo}/pulls/{number}'
    reviews = _pages(f'{base}/reviews?per_page=100', headers)
    commits = _pages(f'{base}/commits?per_page=100', headers)
    latest: dict[str, tuple[str, Approver]] = {}
    for r in reviews:  # oldest first: a later decision replaces an earlier one
        if not isinstance(r, dict) or r.get('state') not in _GITHUB_FINAL:
            continue
        login = _login(r.get('user'))
        if not login or _is_bot(r.get('user'), login):
            continue
        commit = r.get('commit_id') if isinstance(r.get('commit_id'), str) else None
        latest[login] = (r['state'], Approver(login, '', commit))
    approvers = [a for state, a in latest.values() if state == 'APPROVED']
    logins: dict[str, frozenset[str]] = {}
    for c in commits:
        if isinstance(c, dict) and isinstance(c.get('sha'), str):
            logins[c['sha']] = frozenset({_login(c.get('author')), _login(c.get('committer'))} - {'', 'web-flow'})
    if merged is not None:
        merge, head, opener = merged
        # the merge (a squash) holds every commit of the request: none of their authors signs it off
        logins = {merge: frozenset(x for found in logins.values() for x in found) | {opener} - {''}}
        approvers = [records.replace(a, commit=merge) for a in approvers if a.commit == head]
    return Approvals(source, tuple(approvers), logins)


def github(env: Mapping[str, str], oid: str | None = None) -> Approvals:
    """The approvals of the event's pull request; on a push, of the request merged as `oid`."""
    ev = event(env)
    number = _pr_number(env)
    try:
        api, repo, headers = _github_api(env)
        if number is not None:
            return _pull(api, repo, number, headers)
        if oid is None:
            return Approvals('GitHub', note=f'this {ev.what} event names no pull request')
        found, _ = _get(f'{api}/repos/{repo}/commits/{oid}/pulls', headers)
        for pr in found if isinstance(found, list) else ():
            if (isinstance(pr, dict) and pr.get('merge_commit_sha') == oid and pr.get('merged_at')
                    and isinstance(pr.get('number'), int) and isinstance(pr.get('head'), dict)):
                head = pr['head'].get('sha') if isinstance(pr['head'].get('sha'), str) else ''
                return _pull(api, repo, pr['number'], headers, (oid, head, _login(pr.get('user'))))
        return Approvals('GitHub', note=f'commit {oid[:12]} is not the merge of a pull request')
    except Unreadable as e:
        where = f'GitHub pull request #{number}' if number else f'the pull request of commit {(oid or "")[:12]}'
        return Approvals(where, note=f'cannot read the approvals of {where}: {e}')


def _pr_number(env: Mapping[str, str]) -> int | None:
    try:
        with open(env.get('GITHUB_EVENT_PATH', ''), 'rb') as f:
            doc = json.loads(f.read().decode('utf-8'))
    except (OSError, ValueError):
        return None
    pr = doc.get('pull_request') if isinstance(doc, dict) else None
    number = pr.get('number') if isinstance(pr, dict) else None
    return number if isinstance(number, int) and not isinstance(number, bool) and number > 0 else None


def gitlab(env: Mapping[str, str]) -> Approvals:
    iid = env.get('CI_MERGE_REQUEST_IID', '')
    project = env.get('CI_PROJECT_ID', '')
    source = f'GitLab merge request !{iid}' if iid else 'GitLab'
    if not iid.isdigit() or not project.isdigit():
        return Approvals(source, note='not a merge request pipeline: no approvals to read')
    own = env.get('AIGUARD_GITLAB_TOKEN', '')
    headers = {'PRIVATE-TOKEN': own} if own else {'JOB-TOKEN': env.get('CI_JOB_TOKEN', '')}
    if not next(iter(headers.values())):
        return Approvals(source, note='neither AIGUARD_GITLAB_TOKEN nor CI_JOB_TOKEN is set')
    api = env.get('CI_API_V4_URL', 'https://gitlab.com/api/v4').rstrip('/')
    try:
        doc, _ = _get(f'{api}/projects/{project}/merge_requests/{iid}/approvals', headers)
    except Unreadable as e:
        return Approvals(source, note=f'cannot read the approvals of {source}: {e}')
    entries = doc.get('approved_by') if isinstance(doc, dict) else None
    approvers = []
    for entry in entries if isinstance(entries, list) else ():
        user = entry.get('user') if isinstance(entry, dict) else None
        login = user.get('username', '').casefold() if isinstance(user, dict) and isinstance(user.get('username'), str) else ''
        if not login or _is_bot(user, login) or user.get('bot') is True:  # type: ignore[union-attr]
            continue
        name = user.get('name') if isinstance(user.get('name'), str) else ''  # type: ignore[union-attr]
        approvers.append(Approver(login, _name(name), None))
    return Approvals(source, tuple(approvers))


def _name(value: str) -> str:
    from aiguard.policy import identity

    return identity(value)[0]


_READ: dict[str, Approvals] = {}


def for_commit(env: Mapping[str, str], oid: str) -> Approvals:
    """The approvals that can sign `oid` off, read once per run (per commit on a GitHub push);
    a warning on stderr when they cannot be read."""
    github_ci = env.get('GITHUB_ACTIONS') == 'true'
    key = ('github' if _pr_number(env) is not None else f'github:{oid}') if github_ci else 'gitlab'
    if key not in _READ:
        try:
            found = (github(env, oid) if github_ci else gitlab(env))
        except FatalError as e:
            found = Approvals(key, note=str(e))
        if found.note:
            print(f'aiguard: warning: review.approvals: {found.note}; sign-off falls back to trailers',
                  file=sys.stderr)
        _READ[key] = found
    return _READ[key]


def approver_for(approvals: Approvals, oid: str, emails: Sequence[str], names: Sequence[str],
                 root: str) -> Approver | None:
    """An approval by someone who wrote no part of commit `oid` (its author, committer for an
    agent, co-authors: `emails`/`names` as policy._people has them), of `oid` or a descendant."""
    excluded = set(approvals.logins.get(oid, ()))
    for email in emails:
        m = _NOREPLY.match(email)
        excluded.add((m.group(1) if m else email.split('@', 1)[0]).casefold())
    for a in approvals.approvers:
        if a.login in excluded or (a.name and a.name in names):
            continue
        if a.commit is not None and a.commit != oid and not _is_ancestor(oid, a.commit, root):
            continue  # approved before this commit was pushed
        return a
    return None


def _is_ancestor(oid: str, descendant: str, root: str) -> bool:
    """`oid` is `descendant` or one of its ancestors: among the commits `descendant` has and
    `oid`'s parents lack."""
    if git.resolve_commit(descendant, root) is None:
        return False  # a commit this clone lacks: the approval cannot be placed
    out = git.cmd_output_b('rev-list', descendant, '--not', f'{oid}^@', '--', cwd=root, ok_codes=(0, 128))
    return oid.encode() in out.split()
