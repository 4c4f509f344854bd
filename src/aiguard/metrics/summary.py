"""Summary: the History as one JSON-ready document (the design's keys plus breakdowns)."""
from __future__ import annotations

import statistics
import time
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from aiguard import __version__
from aiguard.config import Config
from aiguard.metrics.collect import History
from aiguard.metrics.commits import CommitRecord, Introduced
from aiguard.metrics.history import Commit
from aiguard.metrics.remediation import Lifecycle
from aiguard.metrics.teams import UNOWNED, Owners

DAY = 86400.0
# Directories whose children are the interesting unit ("src/auth", not "src").
_CONTAINER_DIRS = frozenset(('src', 'lib', 'app', 'apps', 'packages', 'pkg', 'services', 'cmd', 'internal'))


def reviewed(config: Config, commit: Commit) -> bool:
    """The sign-off range mode asks of an AI-assisted commit is there (policy.review_gap)."""
    from aiguard.policy import review_gap

    return review_gap(config, commit.info()) is None


def directory_of(path: str) -> str:
    """The directory a path is grouped under: its top directory ("src/x" under src/)."""
    parts = path.split('/')
    if len(parts) == 1:
        return '(root)'
    if parts[0] in _CONTAINER_DIRS and len(parts) > 2:
        return f'{parts[0]}/{parts[1]}'
    return parts[0]


def _month(epoch: int) -> str:
    return time.strftime('%Y-%m', time.gmtime(epoch))


def _iso(epoch: int | None) -> str | None:
    return None if epoch is None else time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime(epoch))


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _density(findings: int, lines: int) -> float | None:
    return round(findings * 1000 / lines, 2) if lines else None


def _median(values: Sequence[float]) -> float | None:
    return round(statistics.median(values), 2) if values else None


class _Tally:
    """Commits, lines and findings split AI / human."""

    def __init__(self) -> None:
        self.commits = 0
        self.ai_commits = 0
        self.lines = {'ai': 0, 'human': 0}
        self.findings = {'ai': 0, 'human': 0}

    def row(self) -> dict[str, Any]:
        total_lines = self.lines['ai'] + self.lines['human']
        return {
            'commits': self.commits, 'ai_commits': self.ai_commits,
            'ai_commit_share': _share(self.ai_commits, self.commits),
            'lines_ai': self.lines['ai'], 'lines_human': self.lines['human'],
            'ai_line_share': _share(self.lines['ai'], total_lines),
            'findings_ai': self.findings['ai'], 'findings_human': self.findings['human'],
            'density_ai': _density(self.findings['ai'], self.lines['ai']),
            'density_human': _density(self.findings['human'], self.lines['human']),
        }


def _published(f: Introduced) -> str:
    """A secret's fingerprint as outputs carry it: slow and salted (findings.publish)."""
    from aiguard.findings import DEFAULT_SALT, published, sensitive
    from aiguard.rules import all_rules

    rule = all_rules().get(f.rule_id)
    if sensitive(f.rule_id, f.category, rule.cwe if rule else None):
        return published(f.fingerprint, DEFAULT_SALT)
    return f.fingerprint


def _count_teams(table: dict[str, _Tally], owners: Owners, rec: CommitRecord, side: str) -> None:
    """A commit's lines and findings under each team owning their paths; a path with two
    owners counts for both, so the teams' rows may add up to more than the total."""
    if owners.path is None:
        return
    touched: set[str] = set()
    for path, n in rec.lines.items():
        for team in owners.teams_of(path):
            table[team].lines[side] += n
            touched.add(team)
    for f in rec.findings:
        for team in owners.teams_of(f.path):
            table[team].findings[side] += 1
            touched.add(team)
    for team in touched:
        table[team].commits += 1
        table[team].ai_commits += rec.ai_assisted


def _commit_ref(c: Commit) -> dict[str, Any]:
    """A commit as a list of them names it: id, author and date (never its message)."""
    return {'commit': c.oid, 'author': c.author_name, 'date': _iso(c.author_time)}


def summarize(h: History) -> dict[str, Any]:
    """The report as one JSON-ready document (the design's keys plus breakdowns)."""
    total = _Tally()
    months: dict[str, _Tally] = defaultdict(_Tally)
    dirs: dict[str, _Tally] = defaultdict(_Tally)
    authors: dict[str, _Tally] = defaultdict(_Tally)
    author_names: dict[str, str] = {}
    tools: dict[str, _Tally] = defaultdict(_Tally)
    by_cat: dict[str, dict[str, int]] = defaultdict(lambda: {'ai': 0, 'human': 0})
    by_sev: dict[str, dict[str, int]] = defaultdict(lambda: {'ai': 0, 'human': 0})
    by_rule: dict[str, dict[str, int]] = defaultdict(lambda: {'ai': 0, 'human': 0})
    review_total = review_ok = 0
    unreviewed: list[Commit] = []
    in_human_only: list[tuple[Commit, list[str]]] = []
    teams: dict[str, _Tally] = defaultdict(_Tally)
    errors = 0
    for c in h.window:
        rec = h.records[c.oid]
        side = 'ai' if rec.ai_assisted else 'human'
        email = c.author_email.strip().lower() or c.author_name
        author_names.setdefault(email, c.author_name)
        groups = [total, months[_month(c.author_time)], authors[email]]
        if rec.ai_assisted:
            groups.append(tools[rec.tools[0] if len(rec.tools) == 1 else (', '.join(rec.tools) or 'unknown')])
        touched_dirs = {directory_of(p) for p in rec.lines}
        for t in groups:
            t.commits += 1
            t.ai_commits += rec.ai_assisted
            t.lines[side] += sum(rec.lines.values())
            t.findings[side] += len(rec.findings)
        for d in touched_dirs:
            dirs[d].commits += 1
            dirs[d].ai_commits += rec.ai_assisted
        for p, n in rec.lines.items():
            dirs[directory_of(p)].lines[side] += n
        _count_teams(teams, h.owners, rec, side)
        for f in rec.findings:
            dirs[directory_of(f.path)].findings[side] += 1
            by_cat[f.category][side] += 1
            by_sev[f.severity][side] += 1
            by_rule[f.rule_id][side] += 1
        errors += rec.errors
        if rec.ai_assisted:
            zones = sorted(p for p in rec.lines if h.human_only(p))
            if zones:
                in_human_only.append((c, zones))
            review_total += 1
            if reviewed(h.config, c):
                review_ok += 1
            else:
                unreviewed.append(c)

    lines = total.lines

    def dens(table: dict[str, dict[str, int]]) -> dict[str, Any]:
        return {k: {**v, 'density_ai': _density(v['ai'], lines['ai']),
                    'density_human': _density(v['human'], lines['human'])}
                for k, v in sorted(table.items())}

    remediated = [x for x in h.lives if x.remediated_at is not None]

    def days(items: Iterable[Lifecycle], end: str) -> list[float]:
        out = []
        for x in items:
            stop = getattr(x, end)
            if stop is not None:
                out.append((stop - x.introduced_at) / DAY)
        return out

    def medians(end: str, items: Sequence[Lifecycle]) -> dict[str, float | None]:
        return {
            'all': _median(days(items, end)),
            'ai': _median(days([x for x in items if x.ai_assisted], end)),
            'human': _median(days([x for x in items if not x.ai_assisted], end)),
        }

    window_times = [c.commit_time for c in h.window]
    return {
        'version': 1,
        'kind': 'repository',
        'repository': h.repository,
        'tool': {'name': 'aiguard', 'version': __version__},
        'as_of': _iso(h.as_of),
        'history': {
            'head': h.commits[-1].oid if h.commits else None,
            'first': _iso(min(window_times)) if window_times else None,
            'last': _iso(max(window_times)) if window_times else None,
            'merges': sum(1 for c in h.commits if c.is_merge),
            'scanned': h.scanned, 'from_cache': h.cached, 'scan_errors': errors,
        },
        'commits': {'total': total.commits, 'ai_assisted': total.ai_commits,
                    'ai_share': _share(total.ai_commits, total.commits)},
        'lines_added': {'ai': lines['ai'], 'human': lines['human'],
                        'ai_share': _share(lines['ai'], lines['ai'] + lines['human'])},
        'findings_introduced': dict(total.findings),
        'density_per_kloc': {'ai': _density(total.findings['ai'], lines['ai']),
                             'human': _density(total.findings['human'], lines['human'])},
        'by_month': [{'month': k, **v.row()} for k, v in sorted(months.items())],
        'by_directory': [{'directory': k, **v.row()} for k, v in
                         sorted(dirs.items(), key=lambda kv: (-sum(kv[1].lines.values()), kv[0]))],
        'by_author': [{'author': author_names[k], 'email': k, **v.row()} for k, v in
                      sorted(authors.items(), key=lambda kv: (-kv[1].commits, kv[0]))],
        'by_tool': [{'tool': k, **v.row()} for k, v in
                    sorted(tools.items(), key=lambda kv: (-kv[1].commits, kv[0]))],
        'findings_by_category': dens(by_cat),
        'findings_by_severity': dens(by_sev),
        'findings_by_rule': dens(by_rule),
        'remediation': {
            'introduced': len(h.lives),
            'remediated': len(remediated),
            'open': len(h.lives) - len(remediated),
            'aiguard_adopted_at': _iso(h.adopted_at),
            'median_days_to_detection': medians('detected_at', h.lives),
            'median_days_to_remediation': medians('remediated_at', remediated),
        },
        'review': {
            'trailer': h.config.review.trailer,
            'ai_commits': review_total, 'reviewed': review_ok,
            'coverage': _share(review_ok, review_total),
            'unreviewed': [c.oid for c in unreviewed[-50:]],
            'unreviewed_commits': [_commit_ref(c) for c in unreviewed[-50:]],
        },
        'human_only': {'ai_commits': len(in_human_only), 'commits': [c.oid for c, _p in in_human_only[-50:]],
                       'changes': [{**_commit_ref(c), 'paths': zones[:20]} for c, zones in in_human_only[-50:]]},
        'codeowners': h.owners.path,
        'by_team': [{'team': k, **v.row()} for k, v in
                    sorted(teams.items(), key=lambda kv: (kv[0] == UNOWNED, -kv[1].commits, kv[0]))],
        'findings': [{
            'rule_id': x.finding.rule_id, 'category': x.finding.category,
            'severity': x.finding.severity, 'path': x.finding.path, 'line': x.finding.line,
            'fingerprint': _published(x.finding), 'commit': x.commit, 'ai_assisted': x.ai_assisted,
            'introduced_at': _iso(x.introduced_at), 'detected_at': _iso(x.detected_at),
            'remediated_at': _iso(x.remediated_at), 'remediated_by': x.remediated_by,
        } for x in h.lives],
    }
