"""GitHub Actions workflow commands: one `::error file=…` annotation per finding."""
from __future__ import annotations

import os
from collections.abc import Mapping

from aiguard.findings import Finding, Severity
from aiguard.report.safe import printable
from aiguard.scan import ScanResult

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from typing import TextIO

MAX_ANNOTATIONS = 50  # GitHub shows at most 10 errors and 10 warnings per step anyway


def enabled(environ: Mapping[str, str] | None = None) -> bool:
    """On GitHub Actions, unless AIGUARD_ANNOTATIONS=off."""
    env = os.environ if environ is None else environ
    if env.get('AIGUARD_ANNOTATIONS', '').strip().lower() in ('0', 'off', 'false', 'no'):
        return False
    return env.get('GITHUB_ACTIONS') == 'true'


def _data(text: str) -> str:
    # escape sequences in a name or message would colour or hide lines of the Actions log
    return printable(text.replace('%', '%25').replace('\r', '%0D').replace('\n', '%0A'))


def _prop(text: str) -> str:
    return _data(text).replace(':', '%3A').replace(',', '%2C')


def level(f: Finding) -> str:
    """Blocking findings are errors; the rest warnings (medium and up) or notices."""
    if f.blocking:
        return 'error'
    return 'warning' if f.severity >= Severity.MEDIUM else 'notice'


def annotation(f: Finding) -> str:
    """One workflow command; the message is already redacted."""
    props = [f'file={_prop(f.path)}', f'line={max(1, f.line)}', f'col={max(1, f.column)}']
    if f.end_line and f.end_line > f.line:
        props.append(f'endLine={f.end_line}')
    title = f'aiguard {f.rule_id} ({f.severity.label})'
    props.append(f'title={_prop(title)}')
    commit = f' (commit {f.commit[:10]})' if f.commit else ''
    return f'::{level(f)} {",".join(props)}::{_data(f.message + commit)}'


def render(result: ScanResult) -> str:
    """Annotations for the findings (blocking first), and for errors."""
    ordered = sorted(result.findings, key=lambda f: (not f.blocking, -int(f.severity), f.path, f.line))
    lines = [annotation(f) for f in ordered[:MAX_ANNOTATIONS]]
    if len(ordered) > MAX_ANNOTATIONS:
        lines.append(f'::notice title=aiguard::{len(ordered) - MAX_ANNOTATIONS} more findings; see the report or SARIF')
    lines += [f'::error title=aiguard::{_data(e)}' for e in result.errors]
    return ''.join(line + '\n' for line in lines)


def write(result: ScanResult, stream: TextIO) -> None:
    from aiguard.report import emit_text

    body = render(result)
    if body:
        emit_text(stream, body)
