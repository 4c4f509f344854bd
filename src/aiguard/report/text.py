"""Text report: `path:line:col: RULE_ID [severity] message`, one per line."""
from __future__ import annotations

from aiguard.findings import Finding, Severity
from aiguard.report.safe import printable, quote_path
from aiguard.scan import ScanResult

_COLORS = {
    Severity.CRITICAL: '\033[1;31m',
    Severity.HIGH: '\033[31m',
    Severity.MEDIUM: '\033[33m',
    Severity.LOW: '\033[36m',
    Severity.INFO: '\033[2m',
}
_RESET = '\033[0m'
_BOLD = '\033[1m'


def line(f: Finding, color: bool = False) -> str:
    sev = f'[{f.severity.label}]'
    if color:
        sev = f'{_COLORS[f.severity]}{sev}{_RESET}'
    mark = ' (blocking)' if f.blocking else ''
    where = f'{quote_path(f.path)}:{f.line}:{f.column}'
    commit = f' (commit {f.commit[:10]})' if f.commit else ''
    return f'{where}: {f.rule_id} {sev} {printable(f.message)}{mark}{commit}'


def summary(result: ScanResult, color: bool = False) -> str:
    blocking = len(result.blocking)
    parts = [
        f'{len(result.findings)} finding{"s" * (len(result.findings) != 1)}',
        f'{blocking} blocking',
        f'{result.scanned_files} file{"s" * (result.scanned_files != 1)} scanned',
    ]
    if result.skipped:
        parts.append(f'{len(result.skipped)} skipped')
    if result.suppressed:
        parts.append(f'{result.suppressed} suppressed')
    if result.baselined:
        parts.append(f'{result.baselined} in baseline')
    a = result.attribution
    if a.ai_assisted:
        parts.append(f'AI-assisted ({", ".join(a.tools) or "score " + str(int(a.score))}): strict tier')
    verdict = 'error' if result.errors else ('blocked' if blocking else 'passed')
    text = f'aiguard: {verdict}: ' + ', '.join(parts)
    if color:
        text = f'{_BOLD}{text}{_RESET}'
    return text


def advice(result: ScanResult) -> list[str]:
    """What to do about the blocking findings; a secret already in history is rotated, not hidden."""
    blocking = result.blocking
    committed = [f for f in blocking if f.category == 'secret' and result.mode == 'range']
    out = []
    if committed:
        out.append(
            f'aiguard: {len(committed)} secret(s) are in committed history, where anyone with the '
            f'repository can read them: rotate each (issue a new one) and revoke the old one now; a '
            f'suppression, or a later commit that deletes it, does not take it back')
    if len(committed) < len(blocking):
        out.append(
            'aiguard: fix the blocking findings, or suppress one with '
            '"# aiguard: ignore[RULE_ID] reason" (see `aiguard explain RULE_ID`)',
        )
    return out


def render(result: ScanResult, color: bool = False) -> str:
    out = [line(f, color) for f in result.findings]
    out.extend(f'{quote_path(s.path)}: skipped: {printable(s.to_json()["reason"])}' for s in result.skipped)
    out.extend(f'aiguard: error: {printable(e)}' for e in result.errors)
    out.extend(f'aiguard: note: {printable(n)}' for n in result.notices)
    # a human declaration the agent's evidence overrode, a damaged edit ledger: never silent
    out.extend(f'aiguard: warning: {printable(s.reason)}' for s in result.attribution.signals if s.kind == 'warning')
    out.extend(advice(result))
    out.append(summary(result, color))
    return '\n'.join(out) + '\n'
