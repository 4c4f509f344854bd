"""The report as one self-contained HTML page: inline CSS and SVG, no script, no network."""
from __future__ import annotations

import calendar
import html
import math
import time
from collections.abc import Sequence
from typing import Any

AI = '#d9730d'
HUMAN = '#3b6fd4'
AI_OPEN = '#f2b880'
HUMAN_OPEN = '#a9c0ef'
GRID = '#e3e6ea'
INK = '#1f2328'
MUTED = '#656d76'

CSS = f"""
body {{ font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; color: {INK};
       margin: 0; background: #f6f8fa; }}
main {{ max-width: 1080px; margin: 0 auto; padding: 24px; }}
h1 {{ font-size: 26px; margin: 0 0 4px; }}
h2 {{ font-size: 18px; margin: 0 0 12px; }}
p, .label, td {{ overflow-wrap: break-word; }}
td.wrap {{ overflow-wrap: anywhere; }}
code {{ overflow-wrap: anywhere; }}
code.id {{ white-space: nowrap; }}
.sub {{ color: {MUTED}; margin: 0 0 20px; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(160px, 1fr)); gap: 12px; margin-bottom: 16px; }}
.card, section {{ background: #fff; border: 1px solid #d0d7de; border-radius: 10px; padding: 16px; min-width: 0; }}
section {{ margin-bottom: 16px; }}
.big {{ font-size: 30px; font-weight: 650; line-height: 1.1; }}
.label {{ color: {MUTED}; font-size: 13px; }}
.two {{ display: grid; grid-template-columns: minmax(0, 1fr) minmax(0, 1fr); gap: 16px; margin-bottom: 16px; }}
.two section {{ margin-bottom: 0; }}
@media (max-width: 760px) {{ main {{ padding: 12px; }} .two {{ grid-template-columns: minmax(0, 1fr); }} }}
.key {{ display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; }}
.bars {{ display: grid; gap: 8px; }}
.bar-row {{ display: grid; grid-template-columns: minmax(5em, 14em) minmax(0, 1fr); gap: 8px; align-items: center; }}
.bar-label {{ overflow-wrap: anywhere; font-size: 13px; text-align: right; }}
.bar-line {{ display: flex; flex-wrap: wrap; align-items: center; column-gap: 6px; min-width: 0; font-size: 12px; }}
.bar {{ display: inline-flex; height: 15px; border-radius: 2px; min-width: 1px; flex: none; }}
.bar > span {{ height: 100%; }}
.muted {{ color: {MUTED}; }}
.narrow {{ display: none; }}
@media (max-width: 700px) {{ .wide {{ display: none; }} .narrow {{ display: block; }} }}
.lifespans {{ gap: 2px; }}
.lifespans .bar-label {{ font-size: 12px; color: {MUTED}; }}
.span-track {{ position: relative; height: 10px; }}
.span-track > span {{ position: absolute; top: 1px; height: 8px; border-radius: 4px; }}
.span-axis {{ display: flex; justify-content: space-between; gap: 8px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
th, td {{ text-align: left; padding: 4px 8px; border-bottom: 1px solid {GRID}; vertical-align: top; }}
td.n, th.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
th, td.n {{ white-space: nowrap; }}
@media (max-width: 1023px) {{ th {{ white-space: normal; }} }}
@media (max-width: 700px) {{
  table.data, table.data tbody, table.data tr, table.data td {{ display: block; width: auto; }}
  table.data thead {{ display: none; }}
  table.data tr {{ border-bottom: 1px solid {GRID}; padding: 6px 0; }}
  table.data td, table.data td.n {{ display: flex; justify-content: space-between; gap: 12px; border: 0;
                                    padding: 1px 0; text-align: right; }}
  table.data td::before {{ content: attr(data-label); color: {MUTED}; text-align: left; flex: none; }}
  .bar-row {{ grid-template-columns: minmax(0, 1fr); gap: 2px; }}
  .bar-label {{ text-align: left; }}
}}
svg {{ width: 100%; height: auto; display: block; }}
svg text {{ font: 12px system-ui, sans-serif; fill: {INK}; }}
svg text.muted {{ fill: {MUTED}; }}
footer {{ color: {MUTED}; font-size: 12px; margin-top: 8px; }}
"""


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _pct(x: float | None) -> str:
    return '–' if x is None else f'{x * 100:.0f}%'


def _num(x: float | None) -> str:
    return '–' if x is None else f'{x:g}'


def nice_ceiling(value: float) -> float:
    """The smallest 1, 2, 2.5 or 5 times a power of ten that is at least `value` (axis top)."""
    if value <= 0:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for m in (1, 2, 2.5, 5, 10):
        if m * power >= value:
            return m * power
    return 10 * power


def _legend() -> str:
    return (f'<p class="label"><span class="key" style="background:{AI}"></span>AI-assisted'
            f'<span class="key" style="background:{HUMAN}"></span>human-only</p>')


def _card(value: str, label: str, note: str = '') -> str:
    note_html = f'<div class="label">{_e(note)}</div>' if note else ''
    return f'<div class="card"><div class="big">{_e(value)}</div><div class="label">{_e(label)}</div>{note_html}</div>'


def monthly_chart(rows: Sequence[dict[str, Any]], w: int = 1000, labels: int = 12) -> str:
    """Stacked columns of added lines per month, AI on top of human, with the AI share; at most
    `labels` months named under the axis."""
    if not rows:
        return '<p class="label">No commits in the window.</p>'
    h, left, bottom, top = 260, 56, 40, 16
    peak = nice_ceiling(max(r['lines_ai'] + r['lines_human'] for r in rows))
    step = (w - left - 10) / len(rows)
    bar = max(2.0, min(48.0, step * 0.7))
    plot = h - bottom - top
    out = [f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="Lines added per month">']
    for i in range(5):
        y = top + plot * i / 4
        out.append(f'<line x1="{left}" x2="{w - 10}" y1="{y:.1f}" y2="{y:.1f}" stroke="{GRID}"/>')
        out.append(f'<text x="{left - 6}" y="{y + 4:.1f}" text-anchor="end" class="muted">'
                   f'{round(peak * (4 - i) / 4):,}</text>')
    every = max(1, -(-len(rows) // labels))
    for i, r in enumerate(rows):
        x = left + i * step + (step - bar) / 2
        hu = plot * r['lines_human'] / peak
        ai = plot * r['lines_ai'] / peak
        tip = (f'{r["month"]}: {r["lines_ai"]} AI lines, {r["lines_human"]} human lines, '
               f'{r["ai_commits"]}/{r["commits"]} commits AI-assisted')
        out.append(f'<g><title>{_e(tip)}</title>'
                   f'<rect x="{x:.1f}" y="{top + plot - hu:.1f}" width="{bar:.1f}" height="{hu:.1f}" fill="{HUMAN}"/>'
                   f'<rect x="{x:.1f}" y="{top + plot - hu - ai:.1f}" width="{bar:.1f}" height="{ai:.1f}" fill="{AI}"/></g>')
        if i % every == 0:
            out.append(f'<text x="{x + bar / 2:.1f}" y="{h - bottom + 16}" text-anchor="middle" class="muted">'
                       f'{_e(r["month"])}</text>')
            if r['ai_line_share'] is not None and bar >= 24:
                out.append(f'<text x="{x + bar / 2:.1f}" y="{h - bottom + 32}" text-anchor="middle">'
                           f'{_pct(r["ai_line_share"])}</text>')
    out.append('</svg>')
    return ''.join(out)


def _bar_row(label: str, lines: Sequence[str], tip: str = '') -> str:
    title = f' title="{_e(tip)}"' if tip else ''
    return (f'<div class="bar-row"{title}><div class="bar-label">{_e(label)}</div>'
            f'<div>{"".join(lines)}</div></div>')


def _bar(width: float, parts: Sequence[tuple[float, str]], text: str) -> str:
    """One bar `width`% of its track (a share of it per colour) and its value after it."""
    inner = ''.join(f'<span style="width:{share * 100:.1f}%;background:{color}"></span>' for share, color in parts)
    return (f'<div class="bar-line"><span class="bar" style="width:{max(width, 0.2):.1f}%">{inner}</span>'
            f'<span>{text}</span></div>')


def hbars(rows: Sequence[tuple[str, float | None, float | None, str]], unit: str = '') -> str:
    """Horizontal bars, AI and human one above the other per label: (label, ai, human, note); None is "–"."""
    if not rows:
        return '<p class="label">Nothing to show.</p>'
    peak = max((v for _, a, b, _ in rows for v in (a, b) if v is not None), default=0) or 1
    out = []
    for label, a, b, note in rows:
        lines = []
        for val, color, who in ((a, AI, 'AI-assisted'), (b, HUMAN, 'human-only')):
            if val is None:
                lines.append(f'<div class="bar-line muted">– (none {_e(who)})</div>')
            else:
                lines.append(_bar(70 * val / peak, [(1, color)], f'{val:g}{_e(unit)}'))
        out.append(_bar_row(label, lines, f'{label} {note}'.strip()))
    return f'<div class="bars">{"".join(out)}</div>'


def stacked_rows(rows: Sequence[dict[str, Any]], label_key: str, limit: int = 15) -> str:
    """One bar per row, as long as its added lines: the AI-assisted part, then the human part."""
    rows = list(rows)[:limit]
    if not rows:
        return '<p class="label">Nothing to show.</p>'
    peak = max(r['lines_ai'] + r['lines_human'] for r in rows) or 1
    out = []
    for r in rows:
        total = r['lines_ai'] + r['lines_human']
        found = r['findings_ai'] + r['findings_human']
        parts = [(r['lines_ai'] / total, AI), (r['lines_human'] / total, HUMAN)] if total else []
        text = f'{total:,} lines · {_pct(r["ai_line_share"])} AI{f" · {found} findings" if found else ""}'
        tip = f'{r["ai_commits"]}/{r["commits"]} AI commits, {found} findings introduced'
        out.append(_bar_row(str(r[label_key]), [_bar(60 * total / peak, parts, text)], tip))
    return f'<div class="bars">{"".join(out)}</div>'


def lifespans(findings: Sequence[dict[str, Any]], as_of: str, limit: int = 40) -> str:
    """One row per introduced finding, a bar from its introduction to its removal (or today)."""
    if not findings:
        return '<p class="label">No findings were introduced in this window.</p>'
    items = sorted(findings, key=lambda f: f['introduced_at'])[-limit:]

    def ts(s: str) -> float:
        return calendar.timegm(time.strptime(s, '%Y-%m-%dT%H:%M:%SZ'))
    start = ts(items[0]['introduced_at'])
    end = max(ts(as_of), start + 86400)

    def at(t: float) -> float:
        return 100 * (t - start) / (end - start)
    rows = []
    for f in items:
        a = ts(f['introduced_at'])
        gone = f['remediated_at']
        b = ts(gone) if gone else end
        color = (AI if f['ai_assisted'] else HUMAN) if gone else (AI_OPEN if f['ai_assisted'] else HUMAN_OPEN)
        days = (b - a) / 86400
        state = f'remediated after {days:.1f} days' if gone else f'still present after {days:.1f} days'
        left = min(at(a), 99.0)  # a bar is at least 1% wide and never leaves its track
        width = min(max(at(b) - left, 1.0), 100 - left)
        rows.append(_bar_row(f'{f["rule_id"]} {f["path"]}:{f["line"]}', [
            f'<div class="span-track"><span style="left:{left:.1f}%;width:{width:.1f}%;'
            f'background:{color}"></span></div>'], f'{f["severity"]}: {state}'))
    axis = (f'<div class="bar-row"><div></div><div class="span-axis label"><span>{_e(items[0]["introduced_at"][:10])}'
            f'</span><span>{_e(as_of[:10])}</span></div></div>')
    return f'<div class="bars lifespans">{"".join(rows)}{axis}</div>'


def tool_bars(rows: Sequence[dict[str, Any]]) -> str:
    """One bar per assistant: its AI-assisted commits."""
    if not rows:
        return '<p class="label">No AI-assisted commits.</p>'
    peak = max(r['commits'] for r in rows) or 1
    return '<div class="bars">' + ''.join(
        _bar_row(str(r['tool']), [_bar(60 * r['commits'] / peak, [(1, AI)],
                                       f'{r["commits"]} commit{"s" * (r["commits"] != 1)} · {r["lines_ai"]} lines')])
        for r in rows) + '</div>'


def gauge(share: float | None) -> str:
    """A ring showing a share (review coverage)."""
    r, c = 52, 2 * 3.14159 * 52
    filled = (share or 0) * c
    return (f'<svg viewBox="0 0 140 140" style="max-width:160px" role="img" aria-label="Review coverage">'
            f'<circle cx="70" cy="70" r="{r}" fill="none" stroke="{GRID}" stroke-width="16"/>'
            f'<circle cx="70" cy="70" r="{r}" fill="none" stroke="#1a7f37" stroke-width="16" '
            f'stroke-dasharray="{filled:.1f} {c:.1f}" transform="rotate(-90 70 70)"/>'
            f'<text x="70" y="77" text-anchor="middle" style="font-size:22px;font-weight:650">{_pct(share)}</text></svg>')


def data_table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = (),
               wrap: Sequence[int] = (0,)) -> str:
    """A table of HTML cells; on a narrow screen each row turns into label: value lines.
    Numbers never wrap; the `wrap` columns (names, paths) break anywhere rather than overflow."""
    def cls(i: int) -> str:
        return ' class="n"' if i in numeric else ' class="wrap"' if i in wrap else ''
    head = ''.join(f'<th{cls(i)}>{_e(h)}</th>' for i, h in enumerate(headers))
    body = ''.join(
        '<tr>' + ''.join(f'<td{cls(i)} data-label="{_e(headers[i])}">{cell}</td>' for i, cell in enumerate(row))
        + '</tr>' for row in rows)
    return f'<table class="data"><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>'


def _more(rows: Sequence[Any], limit: int) -> str:
    return f'<p class="label">{len(rows) - limit} more in the JSON report.</p>' if len(rows) > limit else ''


def _table(rows: Sequence[dict[str, Any]], label_key: str, title: str, limit: int = 25,
           density: bool = False) -> str:
    """AI adoption per group (author, directory, team): commits, lines and findings AI / human."""
    headers = [title, 'commits', 'AI commits', 'AI lines', 'human lines', 'AI share', 'findings AI', 'findings human']
    if density:
        headers += ['AI per kloc', 'human per kloc']
    cells = []
    for r in list(rows)[:limit]:
        row = [_e(r[label_key]), str(r['commits']), str(r['ai_commits']), str(r['lines_ai']),
               str(r['lines_human']), _pct(r['ai_line_share']), str(r['findings_ai']), str(r['findings_human'])]
        if density:
            row += [_num(r['density_ai']), _num(r['density_human'])]
        cells.append(row)
    return data_table(headers, cells, range(1, len(headers))) + _more(rows, limit)


def _commit_rows(items: Sequence[dict[str, Any]], paths: bool = False) -> list[list[str]]:
    return [[f'<code class="id">{_e(x["commit"][:12])}</code>', _e(x['author']), _e((x['date'] or '')[:10]),
             *(['<br>'.join(f'<code>{_e(p)}</code>' for p in x['paths'])] if paths else [])]
            for x in items]


def unreviewed_section(rev: dict[str, Any]) -> str:
    """The AI-assisted commits without another person's sign-off, newest last."""
    items = rev.get('unreviewed_commits', [])
    missing = rev['ai_commits'] - rev['reviewed']
    if not missing:
        return '<p class="label">Every AI-assisted commit carries a sign-off.</p>'
    shown = f' (the last {len(items)})' if len(items) < missing else ''
    return (f'<p class="label">{missing} AI-assisted commit(s) without a <code>{_e(rev["trailer"])}:</code> '
            f'sign-off from someone other than their author{shown}.</p>'
            + data_table(['commit', 'author', 'date'], _commit_rows(items), wrap=(1,)))


def human_only_section(zone: dict[str, Any]) -> str:
    """The AI-assisted commits that changed human-only paths, with those paths."""
    if not zone['ai_commits']:
        return '<p class="label">No AI-assisted commit changed a human-only path.</p>'
    items = zone.get('changes', [])
    return (f'<p class="label">{zone["ai_commits"]} AI-assisted commit(s) changed human-only paths.</p>'
            + data_table(['commit', 'author', 'date', 'human-only paths'], _commit_rows(items, paths=True),
                         wrap=(1, 3)))


def open_findings_section(findings: Sequence[dict[str, Any]], limit: int = 30) -> str:
    """The findings still present at HEAD, as the Markdown report lists them."""
    still = [f for f in findings if f['remediated_at'] is None]
    if not still:
        return '<p class="label">No introduced finding is still present.</p>'
    rows = [[_e(f['rule_id']), _e(f['severity']), f'<code>{_e(f["path"])}:{f["line"]}</code>',
             _e((f['introduced_at'] or '')[:10]), f'<code class="id">{_e(f["commit"][:10])}</code>',
             'yes' if f['ai_assisted'] else 'no'] for f in still[:limit]]
    return (data_table(['rule', 'severity', 'where', 'introduced', 'commit', 'AI-assisted'], rows, wrap=(2,))
            + _more(still, limit))


def teams_section(doc: dict[str, Any]) -> str:
    """AI adoption and vulnerability density per CODEOWNERS team."""
    if not doc.get('codeowners'):
        return '<p class="label">No CODEOWNERS file at HEAD (.github/, the root or docs/).</p>'
    return (f'<p class="label">Owners from <code>{_e(doc["codeowners"])}</code> at HEAD; a path with several '
            f'owners counts for each.</p>' + _table(doc['by_team'], 'team', 'team', 40, density=True))


def render(doc: dict[str, Any]) -> str:
    """The whole page."""
    c, la, de = doc['commits'], doc['lines_added'], doc['density_per_kloc']
    fi, rem, rev, hist = doc['findings_introduced'], doc['remediation'], doc['review'], doc['history']
    ratio = ''
    if de['ai'] is not None and de['human']:
        ratio = f'{de["ai"] / de["human"]:.1f}× the human rate'
    cards = ''.join((
        _card(_pct(c['ai_share']), 'of commits AI-assisted', f'{c["ai_assisted"]} of {c["total"]}'),
        _card(_pct(la['ai_share']), 'of added lines AI-assisted', f'{la["ai"]} of {la["ai"] + la["human"]}'),
        _card(f'{_num(de["ai"])} / {_num(de["human"])}', 'findings per 1,000 lines, AI / human', ratio),
        _card(_pct(rev['coverage']), 'AI commits reviewed by someone else', f'{rev["reviewed"]} of {rev["ai_commits"]}'),
        _card(_num(rem['median_days_to_remediation']['all']), 'median days to remediation',
              f'{rem["remediated"]} fixed, {rem["open"]} open'),
    ))
    sev_rows = [(k, v['density_ai'], v['density_human'], 'per kloc')
                for k, v in doc['findings_by_severity'].items()]
    cat_rows = [(k, v['ai'], v['human'], 'findings') for k, v in doc['findings_by_category'].items()]
    # only with --sarif-in: aiguard's own findings beside each other scanner's
    scanner_rows = [(k, v['ai'], v['human'], 'findings') for k, v in doc.get('findings_by_scanner', {}).items()]
    density = hbars([('all findings', de['ai'], de['human'], 'per kloc'), *sev_rows])
    med = rem['median_days_to_remediation']
    det = rem['median_days_to_detection']
    times = hbars([('to detection', det['ai'], det['human'], 'median'),
                   ('to remediation', med['ai'], med['human'], 'median')], ' d')
    adopted = (f'aiguard adopted {rem["aiguard_adopted_at"][:10]}.' if rem['aiguard_adopted_at']
               else 'No .aiguard.yaml in this history: detection is counted up to this report.')
    sections = [
        ('month', 'Lines added per month', _legend() + f'<div class="wide">{monthly_chart(doc["by_month"])}</div>'
         f'<div class="narrow">{monthly_chart(doc["by_month"], w=420, labels=4)}</div>'),
        ('density', 'Vulnerability density', '<p class="label">Findings introduced per 1,000 added lines, by '
                                             f'severity.</p>{_legend()}{density}'),
        ('category', 'Findings introduced by category', _legend() + hbars(cat_rows)),
        *([('scanner', 'Findings introduced by scanner', _legend() + hbars(scanner_rows))] if scanner_rows else []),
        ('time', 'Time to detection and remediation', f'<p class="label">Median days. {_e(adopted)}</p>'
                                                       f'{_legend()}{times}'),
        ('review', 'Review coverage', f'<p class="label">AI-assisted commits with a <code>{_e(rev["trailer"])}:'
                                      '</code> sign-off from someone other than the author.</p>'
                                      f'{gauge(rev["coverage"])}<p class="label">{rev["reviewed"]} of '
                                      f'{rev["ai_commits"]} reviewed.</p>'),
        ('unreviewed', 'Unreviewed AI-assisted commits', unreviewed_section(rev)),
        ('human-only', 'AI-assisted changes to human-only paths', human_only_section(doc['human_only'])),
        ('open', 'Findings still present', open_findings_section(doc['findings'])),
        ('directories-chart', 'Where AI-assisted code lands', _legend() + stacked_rows(doc['by_directory'],
                                                                                       'directory')),
        ('lifespans', 'Findings over time', '<p class="label">Each finding from the commit that introduced it to '
                                            'the commit that removed it (hover for how long); light: still present. '
                                            f'{fi["ai"]} from AI-assisted commits, {fi["human"]} from human-only.'
                                            f'</p>{_legend()}{lifespans(doc["findings"], doc["as_of"])}'),
        ('assistants', 'Assistants', '<p class="label">AI-assisted commits per tool.</p>'
                                     + tool_bars(doc['by_tool'])),
        ('teams', 'Teams', teams_section(doc)),
        ('authors', 'Authors', _table(doc['by_author'], 'author', 'author', 25)),
        ('directories', 'Directories', _table(doc['by_directory'], 'directory', 'directory')),
    ]
    paired = {'density': 'category', 'time': 'review'}  # side by side on a wide screen
    body = []
    for i, (key, title, content) in enumerate(sections):
        html_section = f'<section id="{key}"><h2>{_e(title)}</h2>{content}</section>'
        if key in paired:
            body.append(f'<div class="two">{html_section}')
        elif i and sections[i - 1][0] in paired:
            body.append(f'{html_section}</div>')
        else:
            body.append(html_section)
    sections_html = '\n'.join(body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>aiguard governance report</title>
<style>{CSS}</style></head>
<body><main>
<h1>AI-assisted code: governance report</h1>
<p class="sub">History to <code>{_e((hist['head'] or '')[:12])}</code>, {_e((hist['first'] or '–')[:10])} to
{_e((hist['last'] or '–')[:10])}; as of {_e(doc['as_of'][:10])}.</p>
<div class="cards">{cards}</div>
{sections_html}
<footer>aiguard {_e(doc['tool']['version'])} · {hist['scanned']} commits scanned, {hist['from_cache']} from cache ·
definitions in docs/metrics.md</footer>
</main></body></html>
"""
