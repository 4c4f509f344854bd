"""The report in Markdown, for pull requests and wikis."""
from __future__ import annotations

from collections.abc import Sequence
from typing import Any


def _pct(x: float | None) -> str:
    return '–' if x is None else f'{x * 100:.1f}%'


def _num(x: float | None) -> str:
    return '–' if x is None else f'{x:g}'


def _md_cell(text: str) -> str:
    return text.replace('|', '\\|').replace('\n', ' ')


def adoption_table(rows: Sequence[dict[str, Any]], label: str, limit: int = 40, density: bool = False) -> list[str]:
    """AI adoption per group (month, directory, author, tool, team, repository) as table lines."""
    extra = ' AI per kloc | human per kloc |' if density else ''
    out = [f'| {label} | commits | AI commits | AI lines | human lines | AI line share | findings AI | '
           f'findings human |{extra}', '|---|---:|---:|---:|---:|---:|---:|---:|' + '---:|' * (2 * density)]
    for r in rows[:limit]:
        more = f' {_num(r["density_ai"])} | {_num(r["density_human"])} |' if density else ''
        out.append(
            f'| {_md_cell(str(r[label]))} | {r["commits"]} | {r["ai_commits"]} | {r["lines_ai"]} | '
            f'{r["lines_human"]} | {_pct(r["ai_line_share"])} | {r["findings_ai"]} | {r["findings_human"]} |{more}')
    if len(rows) > limit:
        out.append(f'\n{len(rows) - limit} more in the JSON report.')
    return out


def commit_list(items: Sequence[dict[str, Any]], title: str) -> list[str]:
    """Commits (id, author, date, and the paths when given) as a table, or nothing."""
    if not items:
        return []
    paths = 'paths' in items[0]
    out = [f'| {title} | author | date |{" paths |" if paths else ""}', '|---|---|---|' + '---|' * paths]
    for x in items:
        where = ' ' + ', '.join(f'`{_md_cell(p)}`' for p in x['paths']) + ' |' if paths else ''
        out.append(f'| `{x["commit"][:12]}` | {_md_cell(x["author"])} | {(x["date"] or "")[:10]} |{where}')
    return [*out, '']


def render_markdown(doc: dict[str, Any]) -> str:
    """The report for pull requests and wikis."""
    c, la, fi, de = doc['commits'], doc['lines_added'], doc['findings_introduced'], doc['density_per_kloc']
    rem, rev, hist = doc['remediation'], doc['review'], doc['history']
    out = [
        '# aiguard governance report', '',
        f'History up to `{(hist["head"] or "")[:12]}`, commits from {(hist["first"] or "–")[:10]} to '
        f'{(hist["last"] or "–")[:10]} (as of {doc["as_of"][:10]}).', '',
        '| | AI-assisted | human-only | total |', '|---|---:|---:|---:|',
        f'| commits | {c["ai_assisted"]} ({_pct(c["ai_share"])}) | {c["total"] - c["ai_assisted"]} | {c["total"]} |',
        f'| lines added | {la["ai"]} ({_pct(la["ai_share"])}) | {la["human"]} | {la["ai"] + la["human"]} |',
        f'| findings introduced | {fi["ai"]} | {fi["human"]} | {fi["ai"] + fi["human"]} |',
        f'| findings per 1,000 added lines | {_num(de["ai"])} | {_num(de["human"])} | |',
        '',
        '## Review coverage', '',
        f'{rev["reviewed"]} of {rev["ai_commits"]} AI-assisted commits carry a `{rev["trailer"]}:` '
        f'sign-off from someone other than their author ({_pct(rev["coverage"])}).', '',
        *commit_list(rev.get('unreviewed_commits', []), 'Without sign-off'),
        *([f'{doc["human_only"]["ai_commits"]} AI-assisted commit(s) changed human-only paths.', '',
           *commit_list(doc['human_only'].get('changes', []), 'Human-only paths changed with AI')]
          if doc['human_only']['ai_commits'] else []),
        '## Time to detection and remediation', '',
        f'{rem["introduced"]} findings introduced, {rem["remediated"]} remediated, {rem["open"]} still present. '
        + (f'aiguard adopted (`.aiguard.yaml` added) {rem["aiguard_adopted_at"]}.'
           if rem['aiguard_adopted_at'] else 'aiguard is not configured in this history (no `.aiguard.yaml`).'),
        '', '| median days | all | AI-assisted | human-only |', '|---|---:|---:|---:|',
    ]
    for label, key in (('to detection', 'median_days_to_detection'), ('to remediation', 'median_days_to_remediation')):
        m = rem[key]
        out.append(f'| {label} | {_num(m["all"])} | {_num(m["ai"])} | {_num(m["human"])} |')
    still_open = [f for f in doc['findings'] if f['remediated_at'] is None]
    if still_open:
        out += ['', '## Findings still present', '',
                '| rule | severity | where | introduced | commit | AI-assisted |', '|---|---|---|---|---|---|']
        for f in still_open[:30]:
            out.append(f'| {f["rule_id"]} | {f["severity"]} | `{_md_cell(f["path"])}:{f["line"]}` | '
                       f'{f["introduced_at"][:10]} | `{f["commit"][:10]}` | {"yes" if f["ai_assisted"] else "no"} |')
        if len(still_open) > 30:
            out.append(f'\n{len(still_open) - 30} more in the JSON report.')
    for title, key in (('By scanner', 'findings_by_scanner'), ('By severity', 'findings_by_severity'),
                       ('By category', 'findings_by_category'), ('By rule', 'findings_by_rule')):
        table = doc.get(key)  # by scanner: only with --sarif-in
        if not table:
            continue
        out += ['', f'## Findings introduced: {title.lower()}', '',
                f'| {title.split()[1]} | AI | human | AI per kloc | human per kloc |', '|---|---:|---:|---:|---:|']
        for k, v in table.items():
            out.append(f'| {_md_cell(k)} | {v["ai"]} | {v["human"]} | {_num(v["density_ai"])} | {_num(v["density_human"])} |')
    for title, key, label in (('By month', 'by_month', 'month'), ('By directory', 'by_directory', 'directory'),
                              ('By author', 'by_author', 'author'), ('By tool', 'by_tool', 'tool')):
        if doc[key]:
            out += ['', f'## AI adoption: {title.lower()}', '', *adoption_table(doc[key], label)]
    if doc.get('codeowners'):
        out += ['', '## AI adoption and vulnerability density by team', '',
                f'Owners from `{doc["codeowners"]}` at HEAD; a path with several owners counts for each.', '',
                *adoption_table(doc['by_team'], 'team', density=True)]
    out += ['', f'<sub>aiguard {doc["tool"]["version"]}: {hist["scanned"]} commits scanned, '
                f'{hist["from_cache"]} from cache. Definitions: docs/metrics.md.</sub>', '']
    return '\n'.join(out)
