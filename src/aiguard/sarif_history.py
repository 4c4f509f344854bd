"""`aiguard report --sarif-in FILE`: other scanners' results in HEAD, each counted for the
commit that wrote its line (git blame), so AI vs human density covers every scanner."""
from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from aiguard import git, records
from aiguard.regexes import lazy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aiguard.sarif_in import ForeignResult

_HEADER = lazy(rb'^([0-9a-f]{40,64}) \d+ (\d+)(?: \d+)?$')
MAX_BLAME_BYTES = 64 * 1024 * 1024


@records.record(frozen=True)
class Attributed:
    """A foreign result and the commit that wrote its line."""

    tool: str
    rule_id: str
    category: str
    severity: str
    path: str
    line: int
    commit: str


def blame(root: str, results: Sequence[ForeignResult], rev: str = 'HEAD') -> tuple[list[Attributed], int]:
    """The results with a location in `rev`, each with the commit that last wrote its line;
    and how many could not be placed (no location, a file or line `rev` lacks)."""
    by_path: dict[str, list[ForeignResult]] = {}
    for r in results:
        if r.path is not None and r.line > 0:
            by_path.setdefault(r.path, []).append(r)
    out: list[Attributed] = []
    for path, items in sorted(by_path.items()):
        lines = sorted({r.line for r in items})
        owner = _blame_lines(root, rev, path, lines)
        if owner is None and len(lines) > 1:  # a line past the end fails them all: each on its own
            owner = {}
            for n in lines:
                owner.update(_blame_lines(root, rev, path, [n]) or {})
        owner = owner or {}
        out.extend(Attributed(r.tool, r.rule_id, r.category, r.severity.label, path, r.line, owner[r.line])
                   for r in items if r.line in owner)
    return out, len(results) - len(out)


def _blame_lines(root: str, rev: str, path: str, lines: Sequence[int]) -> dict[int, str] | None:
    """Line → commit for `lines` of `path` at `rev`; None when git cannot say (no such path or line)."""
    ranges = [arg for n in lines for arg in ('-L', f'{n},{n}')]
    try:
        raw = git.cmd_output_b('blame', '--porcelain', *ranges, rev, '--', path, cwd=root, max_output=MAX_BLAME_BYTES)
    except git.GitError:  # OutputTooLarge too
        return None
    return _owners(raw)


def _owners(porcelain: bytes) -> dict[int, str]:
    """Final line number → commit, from `git blame --porcelain` output."""
    owner: dict[int, str] = {}
    for line in porcelain.split(b'\n'):
        m = _HEADER.match(line)
        if m:
            owner[int(m.group(2))] = m.group(1).decode()
    return owner


def tally(attributed: Sequence[Attributed], ai_by_commit: Mapping[str, bool]) -> dict[str, dict[str, dict[str, int]]]:
    """Counts by tool, rule, category and severity, split AI / human, of the results whose
    commit is in the report's window (`ai_by_commit`)."""
    out: dict[str, dict[str, dict[str, int]]] = {'tool': {}, 'rule': {}, 'category': {}, 'severity': {}}
    for a in attributed:
        if a.commit not in ai_by_commit:
            continue
        side = 'ai' if ai_by_commit[a.commit] else 'human'
        for table, key in (('tool', a.tool), ('rule', a.rule_id), ('category', a.category), ('severity', a.severity)):
            out[table].setdefault(key, {'ai': 0, 'human': 0})[side] += 1
    return out


def add_to_report(doc: dict[str, object], counts: Mapping[str, Mapping[str, Mapping[str, int]]],
                  density: Callable[[int, int], float | None], read: int, unplaced: int,
                  sources: Sequence[str]) -> None:
    """Fold the foreign counts into a report document: the totals and the density, the
    category, severity and rule tables, and `findings_by_scanner` (aiguard's own row too)."""
    lines = doc['lines_added']
    assert isinstance(lines, dict)

    def row(ai: int, human: int) -> dict[str, object]:
        return {'ai': ai, 'human': human, 'density_ai': density(ai, lines['ai']),
                'density_human': density(human, lines['human'])}

    totals = doc['findings_introduced']
    assert isinstance(totals, dict)
    scanners: dict[str, dict[str, object]] = {'aiguard': row(totals['ai'], totals['human'])}
    for tool, c in sorted(counts.get('tool', {}).items()):
        scanners[tool] = row(c['ai'], c['human'])
        totals['ai'] += c['ai']
        totals['human'] += c['human']
    doc['density_per_kloc'] = {'ai': density(totals['ai'], lines['ai']),
                               'human': density(totals['human'], lines['human'])}
    for table, key in (('category', 'findings_by_category'), ('severity', 'findings_by_severity'),
                       ('rule', 'findings_by_rule')):
        target = doc[key]
        assert isinstance(target, dict)
        for name, c in counts.get(table, {}).items():
            old = target.get(name) or {'ai': 0, 'human': 0}
            target[name] = row(old['ai'] + c['ai'], old['human'] + c['human'])
        doc[key] = dict(sorted(target.items()))
    doc['findings_by_scanner'] = scanners
    counted = sum(c['ai'] + c['human'] for c in counts.get('tool', {}).values())
    doc['sarif_in'] = {'files': list(sources), 'results': read, 'counted': counted,
                       'not_in_head': unplaced, 'before_the_window': read - unplaced - counted}
