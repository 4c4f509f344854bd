"""`aiguard report --merge`: many repositories' JSON reports as one organisation report.

Each input must be an `aiguard report --format json` document of a version this aiguard
reads; anything else (not JSON, another tool's, `aiguard scan` output, a version from the
future, a number where a count belongs) stops the run with one line naming the file.
Teams (CODEOWNERS owners) of the same name are added up across repositories.
"""
from __future__ import annotations

import json
import os
from collections.abc import Sequence
from typing import Any

from aiguard import __version__
from aiguard.errors import FatalError
from aiguard.readlimit import TooLarge, read_capped

KNOWN_VERSIONS = (1,)
MAX_REPORT_BYTES = 256 * 1024 * 1024  # a report of a very long history is a few MiB
_COUNT = 'count'
# What a merge reads from each report: path → expected kind
REQUIRED: dict[tuple[str, ...], str] = {
    ('as_of',): 'text',
    ('commits', 'total'): _COUNT, ('commits', 'ai_assisted'): _COUNT,
    ('lines_added', 'ai'): _COUNT, ('lines_added', 'human'): _COUNT,
    ('findings_introduced', 'ai'): _COUNT, ('findings_introduced', 'human'): _COUNT,
    ('review', 'ai_commits'): _COUNT, ('review', 'reviewed'): _COUNT,
    ('remediation', 'open'): _COUNT, ('remediation', 'remediated'): _COUNT,
}
ROW_COUNTS = ('commits', 'ai_commits', 'lines_ai', 'lines_human', 'findings_ai', 'findings_human')


def _kind_ok(value: Any, kind: str) -> bool:
    if kind == _COUNT:
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return isinstance(value, str)


def _get(doc: Any, path: Sequence[str]) -> Any:
    for key in path:
        if not isinstance(doc, dict) or key not in doc:
            return None
        doc = doc[key]
    return doc


def validate(doc: Any, where: str) -> dict[str, Any]:
    """`doc` when it is a repository report this aiguard can merge; FatalError saying why not."""
    if not isinstance(doc, dict) or _get(doc, ('tool', 'name')) != 'aiguard':
        raise FatalError(f'{where}: not an aiguard report (run `aiguard report --format json` in each repository)')
    if doc.get('kind') == 'organisation':
        raise FatalError(f'{where}: an organisation report already; merge the repositories\' own reports')
    if 'commits' not in doc and 'mode' in doc:
        raise FatalError(f'{where}: `aiguard scan` output, not a report (run `aiguard report --format json`)')
    version = doc.get('version')
    if version not in KNOWN_VERSIONS or isinstance(version, bool):
        raise FatalError(f'{where}: report version {json.dumps(version)[:20]} is not one this aiguard '
                         f'{__version__} reads ({", ".join(map(str, KNOWN_VERSIONS))})')
    if doc.get('kind', 'repository') != 'repository':
        raise FatalError(f'{where}: a report of kind {json.dumps(doc.get("kind"))[:40]}, not a repository report')
    for path, kind in REQUIRED.items():
        if not _kind_ok(_get(doc, path), kind):
            what = 'a count' if kind == _COUNT else 'text'
            raise FatalError(f'{where}: not a valid aiguard report: {".".join(path)} must be {what}')
    teams = doc.get('by_team', [])
    if not isinstance(teams, list) or not all(
            isinstance(t, dict) and isinstance(t.get('team'), str) and all(_kind_ok(t.get(k), _COUNT) for k in ROW_COUNTS)
            for t in teams):
        raise FatalError(f'{where}: not a valid aiguard report: by_team must list teams with their counts')
    name = doc.get('repository')
    if name is not None and not isinstance(name, str):
        raise FatalError(f'{where}: not a valid aiguard report: repository must be text')
    return doc


def load(path: str) -> dict[str, Any]:
    """One repository report from a file, validated."""
    try:
        raw = read_capped(path, MAX_REPORT_BYTES)
    except OSError as e:
        raise FatalError(f'{path}: cannot read: {e.strerror or e}') from None
    except TooLarge:
        raise FatalError(f'{path}: larger than {MAX_REPORT_BYTES // (1024 * 1024)} MiB: not an aiguard report') from None
    try:
        doc = json.loads(raw.decode('utf-8'))
    except UnicodeDecodeError:
        raise FatalError(f'{path}: not JSON (not UTF-8 text)') from None
    except ValueError as e:
        raise FatalError(f'{path}: not JSON ({getattr(e, "msg", e)} at line {getattr(e, "lineno", "?")})') from None
    return validate(doc, path)


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _density(findings: int, lines: int) -> float | None:
    return round(findings * 1000 / lines, 2) if lines else None


def _row(counts: dict[str, int]) -> dict[str, Any]:
    lines = counts['lines_ai'] + counts['lines_human']
    return {**counts, 'ai_commit_share': _share(counts['ai_commits'], counts['commits']),
            'ai_line_share': _share(counts['lines_ai'], lines),
            'density_ai': _density(counts['findings_ai'], counts['lines_ai']),
            'density_human': _density(counts['findings_human'], counts['lines_human'])}


def _names(paths: Sequence[str], docs: Sequence[dict[str, Any]]) -> list[str]:
    """Each report's repository name (its own, else its file's), made unique."""
    names = []
    for path, doc in zip(paths, docs):
        name = doc.get('repository') or os.path.splitext(os.path.basename(path))[0]
        names.append(name)
    twice = {name for name in names if names.count(name) > 1}
    return [f'{name} ({path})' if name in twice else name for name, path in zip(names, paths)]


def merge(paths: Sequence[str], docs: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """The organisation report of validated repository reports, by repository and by team."""
    repos = []
    teams: dict[str, dict[str, int]] = {}
    total = dict.fromkeys(ROW_COUNTS, 0)
    review = {'ai_commits': 0, 'reviewed': 0}
    remediation = {'open': 0, 'remediated': 0}
    for name, doc in zip(_names(paths, docs), docs):
        c, la, fi = doc['commits'], doc['lines_added'], doc['findings_introduced']
        counts = {'commits': c['total'], 'ai_commits': c['ai_assisted'], 'lines_ai': la['ai'],
                  'lines_human': la['human'], 'findings_ai': fi['ai'], 'findings_human': fi['human']}
        for k in ROW_COUNTS:
            total[k] += counts[k]
        for k in review:
            review[k] += doc['review'][k]
        for k in remediation:
            remediation[k] += doc['remediation'][k]
        repos.append({'repository': name, 'head': _get(doc, ('history', 'head')), 'as_of': doc['as_of'],
                      'codeowners': doc.get('codeowners'), **_row(counts),
                      'review_coverage': _share(doc['review']['reviewed'], doc['review']['ai_commits']),
                      'open_findings': doc['remediation']['open']})
        for t in doc.get('by_team', []):
            into = teams.setdefault(t['team'], dict.fromkeys(ROW_COUNTS, 0))
            for k in ROW_COUNTS:
                into[k] += t[k]
    lines = total['lines_ai'] + total['lines_human']
    return {
        'version': 1,
        'kind': 'organisation',
        'tool': {'name': 'aiguard', 'version': __version__},
        'as_of': max(d['as_of'] for d in docs),
        'repositories': sorted(repos, key=lambda r: (-r['commits'], r['repository'])),
        'commits': {'total': total['commits'], 'ai_assisted': total['ai_commits'],
                    'ai_share': _share(total['ai_commits'], total['commits'])},
        'lines_added': {'ai': total['lines_ai'], 'human': total['lines_human'],
                        'ai_share': _share(total['lines_ai'], lines)},
        'findings_introduced': {'ai': total['findings_ai'], 'human': total['findings_human']},
        'density_per_kloc': {'ai': _density(total['findings_ai'], total['lines_ai']),
                             'human': _density(total['findings_human'], total['lines_human'])},
        'review': {**review, 'coverage': _share(review['reviewed'], review['ai_commits'])},
        'remediation': remediation,
        'by_team': [{'team': k, **_row(v)} for k, v in
                    sorted(teams.items(), key=lambda kv: (kv[0].startswith('('), -kv[1]['commits'], kv[0]))],
    }


def render_markdown(org: dict[str, Any]) -> str:
    """The organisation report in Markdown."""
    from aiguard.metrics.render_md import _num, _pct, adoption_table

    c, la, fi, de, rev = org['commits'], org['lines_added'], org['findings_introduced'], \
        org['density_per_kloc'], org['review']
    repos = org['repositories']
    out = [
        '# aiguard organisation report', '',
        f'{len(repos)} repositories, as of {org["as_of"][:10]}.', '',
        '| | AI-assisted | human-only | total |', '|---|---:|---:|---:|',
        f'| commits | {c["ai_assisted"]} ({_pct(c["ai_share"])}) | {c["total"] - c["ai_assisted"]} | {c["total"]} |',
        f'| lines added | {la["ai"]} ({_pct(la["ai_share"])}) | {la["human"]} | {la["ai"] + la["human"]} |',
        f'| findings introduced | {fi["ai"]} | {fi["human"]} | {fi["ai"] + fi["human"]} |',
        f'| findings per 1,000 added lines | {_num(de["ai"])} | {_num(de["human"])} | |', '',
        f'{rev["reviewed"]} of {rev["ai_commits"]} AI-assisted commits reviewed by someone other than their author '
        f'({_pct(rev["coverage"])}); {org["remediation"]["open"]} introduced findings still present.', '',
        '## By repository', '', *adoption_table(repos, 'repository', limit=500, density=True),
    ]
    if org['by_team']:
        out += ['', '## By team (CODEOWNERS)', '', 'A path with several owners counts for each.', '',
                *adoption_table(org['by_team'], 'team', limit=500, density=True)]
    out += ['', f'<sub>aiguard {org["tool"]["version"]}. Definitions: docs/metrics.md.</sub>', '']
    return '\n'.join(out)


def render_html(org: dict[str, Any]) -> str:
    """The organisation report as one self-contained HTML page."""
    from aiguard.metrics import render_html as page

    c, la, de, rev = org['commits'], org['lines_added'], org['density_per_kloc'], org['review']
    cards = ''.join((
        page._card(str(len(org['repositories'])), 'repositories'),
        page._card(page._pct(c['ai_share']), 'of commits AI-assisted', f'{c["ai_assisted"]} of {c["total"]}'),
        page._card(page._pct(la['ai_share']), 'of added lines AI-assisted', f'{la["ai"]} of {la["ai"] + la["human"]}'),
        page._card(f'{page._num(de["ai"])} / {page._num(de["human"])}', 'findings per 1,000 lines, AI / human'),
        page._card(page._pct(rev['coverage']), 'AI commits reviewed by someone else',
                   f'{rev["reviewed"]} of {rev["ai_commits"]}'),
    ))
    teams = (page._table(org['by_team'], 'team', 'team', 500, density=True) if org['by_team']
             else '<p class="label">No repository report names CODEOWNERS teams.</p>')
    sections = [
        ('repositories', 'Repositories', page._legend() + page.stacked_rows(org['repositories'], 'repository', 500)
         + page._table(org['repositories'], 'repository', 'repository', 500, density=True)),
        ('teams', 'Teams', '<p class="label">Owners from each repository\'s CODEOWNERS; a path with several '
                           'owners counts for each.</p>' + teams),
    ]
    body = '\n'.join(f'<section id="{key}"><h2>{page._e(title)}</h2>{content}</section>'
                     for key, title, content in sections)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aiguard organisation report</title>
<style>{page.CSS}</style></head>
<body><main>
<h1>AI-assisted code across the organisation</h1>
<p class="sub">{len(org['repositories'])} repositories; as of {page._e(org['as_of'][:10])}.</p>
<div class="cards">{cards}</div>
{body}
<footer>aiguard {page._e(org['tool']['version'])} · definitions in docs/metrics.md</footer>
</main></body></html>
"""


def run(paths: Sequence[str], fmt: str) -> tuple[str, dict[str, Any]]:
    """The organisation report of the report files at `paths`, rendered as `fmt`."""
    seen: dict[str, str] = {}
    for p in paths:
        real = os.path.realpath(p)
        if real in seen:
            raise FatalError(f'{p}: given twice (as {seen[real]}); each repository counts once')
        seen[real] = p
    docs = [load(p) for p in paths]
    org = merge(paths, docs)
    if fmt == 'json':
        return json.dumps(org, indent=2, ensure_ascii=False) + '\n', org
    if fmt == 'html':
        return render_html(org), org
    return render_markdown(org), org
