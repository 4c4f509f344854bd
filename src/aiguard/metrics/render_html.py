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
.sub {{ color: {MUTED}; margin: 0 0 20px; }}
.cards {{ display: grid; grid-template-columns: repeat(auto-fit, minmax(180px, 1fr)); gap: 12px; margin-bottom: 16px; }}
.card, section {{ background: #fff; border: 1px solid #d0d7de; border-radius: 10px; padding: 16px; }}
section {{ margin-bottom: 16px; }}
.big {{ font-size: 30px; font-weight: 650; line-height: 1.1; }}
.label {{ color: {MUTED}; font-size: 13px; }}
.two {{ display: grid; grid-template-columns: 1fr 1fr; gap: 16px; }}
.two section {{ margin-bottom: 0; }}
@media (max-width: 760px) {{ .two {{ grid-template-columns: 1fr; }} }}
.key {{ display: inline-block; width: 10px; height: 10px; border-radius: 2px; margin: 0 4px 0 12px; }}
table {{ border-collapse: collapse; width: 100%; font-size: 13px; }}
th, td {{ text-align: left; padding: 4px 8px; border-bottom: 1px solid {GRID}; }}
td.n, th.n {{ text-align: right; font-variant-numeric: tabular-nums; }}
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


def monthly_chart(rows: Sequence[dict[str, Any]]) -> str:
    """Stacked columns of added lines per month, AI on top of human, with the AI share."""
    if not rows:
        return '<p class="label">No commits in the window.</p>'
    w, h, left, bottom, top = 1000, 260, 56, 40, 16
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
    every = max(1, len(rows) // 12)
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


def hbars(rows: Sequence[tuple[str, float | None, float | None, str]], unit: str = '') -> str:
    """Horizontal bars, AI and human side by side per label: (label, ai, human, note); None is "–"."""
    if not rows:
        return '<p class="label">Nothing to show.</p>'
    w, row_h, label_w = 480, 44, 130
    h = row_h * len(rows) + 8
    peak = max((v for _, a, b, _ in rows for v in (a, b) if v is not None), default=0) or 1
    span = w - label_w - 70
    out = [f'<svg viewBox="0 0 {w} {h}" role="img">']
    for i, (label, a, b, note) in enumerate(rows):
        y = 4 + i * row_h
        out.append(f'<text x="{label_w - 8}" y="{y + 20}" text-anchor="end">{_e(label[:20])}</text>')
        for j, (val, color, who) in enumerate(((a, AI, 'AI-assisted'), (b, HUMAN, 'human-only'))):
            yy = y + 4 + j * 18
            if val is None:
                out.append(f'<text x="{label_w + 2}" y="{yy + 12}" class="muted">– (none {_e(who)})</text>')
                continue
            bw = span * val / peak
            out.append(f'<g><title>{_e(f"{label}: {who} {val:g}{unit} {note}".strip())}</title>'
                       f'<rect x="{label_w}" y="{yy}" width="{max(bw, 1):.1f}" height="15" rx="2" fill="{color}"/>'
                       f'<text x="{label_w + bw + 6:.1f}" y="{yy + 12}">{val:g}{_e(unit)}</text></g>')
    out.append('</svg>')
    return ''.join(out)


def stacked_rows(rows: Sequence[dict[str, Any]], label_key: str, limit: int = 15) -> str:
    """One 100%-wide bar per row: share of its added lines that is AI-assisted."""
    rows = list(rows)[:limit]
    if not rows:
        return '<p class="label">Nothing to show.</p>'
    w, row_h, label_w = 1000, 26, 220
    h = row_h * len(rows) + 6
    peak = max(r['lines_ai'] + r['lines_human'] for r in rows) or 1
    span = w - label_w - 280
    out = [f'<svg viewBox="0 0 {w} {h}" role="img">']
    for i, r in enumerate(rows):
        y = 3 + i * row_h
        total = r['lines_ai'] + r['lines_human']
        ai_w = span * r['lines_ai'] / peak
        hu_w = span * r['lines_human'] / peak
        label = str(r[label_key])
        found = r['findings_ai'] + r['findings_human']
        tip = (f'{label}: {r["lines_ai"]} AI / {r["lines_human"]} human lines, '
               f'{r["ai_commits"]}/{r["commits"]} AI commits, {found} findings introduced')
        out.append(f'<g><title>{_e(tip)}</title>'
                   f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{_e(label[:32])}</text>'
                   f'<rect x="{label_w}" y="{y + 3}" width="{ai_w:.1f}" height="18" fill="{AI}"/>'
                   f'<rect x="{label_w + ai_w:.1f}" y="{y + 3}" width="{hu_w:.1f}" height="18" fill="{HUMAN}"/>'
                   f'<text x="{label_w + ai_w + hu_w + 8:.1f}" y="{y + 16}" class="muted">'
                   f'{total:,} lines · {_pct(r["ai_line_share"])} AI'
                   f'{f" · {found} findings" if found else ""}</text></g>')
    out.append('</svg>')
    return ''.join(out)


def lifespans(findings: Sequence[dict[str, Any]], as_of: str, limit: int = 40) -> str:
    """One line per introduced finding, from introduction to removal (or today)."""
    if not findings:
        return '<p class="label">No findings were introduced in this window.</p>'
    items = sorted(findings, key=lambda f: f['introduced_at'])[-limit:]

    def ts(s: str) -> float:
        return calendar.timegm(time.strptime(s, '%Y-%m-%dT%H:%M:%SZ'))
    start = ts(items[0]['introduced_at'])
    end = max(ts(as_of), start + 86400)
    w, row_h, label_w = 1000, 18, 260
    h = row_h * len(items) + 30
    span = w - label_w - 20

    def x(t: float) -> float:
        return label_w + span * (t - start) / (end - start)
    out = [f'<svg viewBox="0 0 {w} {h}" role="img" aria-label="Finding lifespans">']
    for i, f in enumerate(items):
        y = 4 + i * row_h
        a = ts(f['introduced_at'])
        gone = f['remediated_at']
        b = ts(gone) if gone else end
        color = (AI if f['ai_assisted'] else HUMAN) if gone else (AI_OPEN if f['ai_assisted'] else HUMAN_OPEN)
        days = (b - a) / 86400
        state = f'remediated after {days:.1f} days' if gone else f'still present after {days:.1f} days'
        tip = f'{f["rule_id"]} {f["path"]}:{f["line"]} ({f["severity"]}): {state}'
        out.append(f'<g><title>{_e(tip)}</title>'
                   f'<text x="{label_w - 8}" y="{y + 12}" text-anchor="end" class="muted">'
                   f'{_e(f["rule_id"])} {_e(f["path"][-28:])}</text>'
                   f'<line x1="{x(a):.1f}" x2="{max(x(b), x(a) + 2):.1f}" y1="{y + 8}" y2="{y + 8}" '
                   f'stroke="{color}" stroke-width="8" stroke-linecap="round"/>'
                   + ('' if gone else f'<text x="{min(x(b) + 8, w - 4):.1f}" y="{y + 12}" class="muted" '
                                      f'text-anchor="{"end" if x(b) + 40 > w else "start"}">open</text>')
                   + '</g>')
    out.append(f'<text x="{label_w}" y="{h - 6}" class="muted">{_e(items[0]["introduced_at"][:10])}</text>'
               f'<text x="{w - 20}" y="{h - 6}" text-anchor="end" class="muted">{_e(as_of[:10])}</text>')
    out.append('</svg>')
    return ''.join(out)


def tool_bars(rows: Sequence[dict[str, Any]]) -> str:
    """One bar per assistant: its AI-assisted commits."""
    if not rows:
        return '<p class="label">No AI-assisted commits.</p>'
    w, row_h, label_w = 480, 26, 130
    peak = max(r['commits'] for r in rows) or 1
    span = w - label_w - 150
    out = [f'<svg viewBox="0 0 {w} {row_h * len(rows) + 6}" role="img">']
    for i, r in enumerate(rows):
        y = 3 + i * row_h
        bw = span * r['commits'] / peak
        out.append(f'<text x="{label_w - 8}" y="{y + 16}" text-anchor="end">{_e(str(r["tool"])[:20])}</text>'
                   f'<rect x="{label_w}" y="{y + 3}" width="{max(bw, 1):.1f}" height="18" rx="2" fill="{AI}"/>'
                   f'<text x="{label_w + bw + 6:.1f}" y="{y + 16}" class="muted">'
                   f'{r["commits"]} commit{"s" * (r["commits"] != 1)} · {r["lines_ai"]} lines</text>')
    out.append('</svg>')
    return ''.join(out)


def gauge(share: float | None) -> str:
    """A ring showing a share (review coverage)."""
    r, c = 52, 2 * 3.14159 * 52
    filled = (share or 0) * c
    return (f'<svg viewBox="0 0 140 140" style="max-width:160px" role="img" aria-label="Review coverage">'
            f'<circle cx="70" cy="70" r="{r}" fill="none" stroke="{GRID}" stroke-width="16"/>'
            f'<circle cx="70" cy="70" r="{r}" fill="none" stroke="#1a7f37" stroke-width="16" '
            f'stroke-dasharray="{filled:.1f} {c:.1f}" transform="rotate(-90 70 70)"/>'
            f'<text x="70" y="77" text-anchor="middle" style="font-size:22px;font-weight:650">{_pct(share)}</text></svg>')


def _table(rows: Sequence[dict[str, Any]], label_key: str, title: str, limit: int = 25) -> str:
    body = ''.join(
        f'<tr><td>{_e(r[label_key])}</td><td class="n">{r["commits"]}</td><td class="n">{r["ai_commits"]}</td>'
        f'<td class="n">{r["lines_ai"]}</td><td class="n">{r["lines_human"]}</td>'
        f'<td class="n">{_pct(r["ai_line_share"])}</td><td class="n">{r["findings_ai"]}</td>'
        f'<td class="n">{r["findings_human"]}</td></tr>' for r in list(rows)[:limit])
    return (f'<table><tr><th>{_e(title)}</th><th class="n">commits</th><th class="n">AI commits</th>'
            f'<th class="n">AI lines</th><th class="n">human lines</th><th class="n">AI share</th>'
            f'<th class="n">findings AI</th><th class="n">findings human</th></tr>{body}</table>')


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
    density = hbars([('all findings', de['ai'], de['human'], 'per kloc'), *sev_rows])
    med = rem['median_days_to_remediation']
    det = rem['median_days_to_detection']
    times = hbars([('to detection', det['ai'], det['human'], 'median'),
                   ('to remediation', med['ai'], med['human'], 'median')], ' d')
    adopted = (f'aiguard adopted {rem["aiguard_adopted_at"][:10]}.' if rem['aiguard_adopted_at']
               else 'No .aiguard.yaml in this history: detection is counted up to this report.')
    tools_html = tool_bars(doc['by_tool'])
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
<section><h2>Lines added per month</h2>{_legend()}{monthly_chart(doc['by_month'])}</section>
<div class="two">
<section><h2>Vulnerability density</h2><p class="label">Findings introduced per 1,000 added lines, by severity.</p>
{_legend()}{density}</section>
<section><h2>Findings introduced by category</h2>{_legend()}{hbars(cat_rows)}</section>
</div><br>
<div class="two">
<section><h2>Time to detection and remediation</h2><p class="label">Median days. {_e(adopted)}</p>
{_legend()}{times}</section>
<section><h2>Review coverage</h2><p class="label">AI-assisted commits with a <code>{_e(rev['trailer'])}:</code>
sign-off from someone other than the author.</p>{gauge(rev['coverage'])}
<p class="label">{rev['reviewed']} of {rev['ai_commits']} reviewed.
{doc['human_only']['ai_commits']} AI-assisted commit(s) changed human-only paths.</p></section>
</div><br>
<section><h2>Where AI-assisted code lands</h2>{_legend()}{stacked_rows(doc['by_directory'], 'directory')}</section>
<section><h2>Findings over time</h2><p class="label">Each finding from the commit that introduced it to
the commit that removed it; light: still present. {fi['ai']} from AI-assisted commits, {fi['human']} from human-only.</p>
{_legend()}{lifespans(doc['findings'], doc['as_of'])}</section>
<div class="two">
<section><h2>Assistants</h2><p class="label">AI-assisted commits per tool.</p>{tools_html}</section>
<section><h2>Authors</h2>{_table(doc['by_author'], 'author', 'author', 12)}</section>
</div><br>
<section><h2>Directories</h2>{_table(doc['by_directory'], 'directory', 'directory')}</section>
<footer>aiguard {_e(doc['tool']['version'])} · {hist['scanned']} commits scanned, {hist['from_cache']} from cache ·
definitions in docs/metrics.md</footer>
</main></body></html>
"""
