"""Report writers: text for people, JSON for tools, SARIF for code scanning."""
from __future__ import annotations

import os
import sys

from aiguard.scan import ScanResult

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from typing import TextIO

FORMATS = ('text', 'json', 'sarif')


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set."""
    if os.environ.get('NO_COLOR'):
        return False
    if os.environ.get('FORCE_COLOR'):
        return True
    isatty = getattr(stream, 'isatty', None)
    return bool(isatty and isatty())


def render(result: ScanResult, fmt: str, color: bool = False) -> str:
    """The whole report as one string."""
    if fmt == 'json':
        from aiguard.report import json_report
        return json_report.render(result)
    if fmt == 'sarif':
        from aiguard.report import sarif
        return sarif.render(result)
    from aiguard.report import text
    return text.render(result, color)


def write(result: ScanResult, fmt: str, output: str | None) -> None:
    """Write the report to `output` (a file) or stdout; on GitHub Actions, annotate too.

    Output degrades, it never fails: a stream that cannot encode a character
    gets an escape, and a closed stdout (`| head -0`) is let go, so the exit
    status stays the verdict's.
    """
    from aiguard.report import github

    if github.enabled():
        # workflow commands go where they cannot corrupt a JSON or SARIF body on stdout
        github.write(result, sys.stdout if output or fmt == 'text' else sys.stderr)
    if output:
        body = render(result, fmt, color=False)
        with open(output, 'w', encoding='utf-8') as f:
            f.write(body)
        if fmt != 'text':
            from aiguard.report import text
            emit_text(sys.stdout, text.summary(result, use_color(sys.stdout)) + '\n')
        return
    body = render(result, fmt, use_color(sys.stdout))
    if fmt != 'text' and not _encodes_unicode(sys.stdout):
        from aiguard.report.safe import ascii_json
        body = ascii_json(body)  # JSON's own escapes: still valid JSON
    emit_text(sys.stdout, body)


def _encodes_unicode(stream: TextIO | None) -> bool:
    return (getattr(stream, 'encoding', None) or '').lower().replace('-', '').startswith(('utf8', 'utf16', 'utf32'))


def emit_text(stream: TextIO | None, text: str) -> None:
    """Write and flush; unencodable characters become escapes, a closed stream is let go."""
    if stream is None:  # started with the descriptor closed
        return
    if not _encodes_unicode(stream) and hasattr(stream, 'reconfigure'):
        try:
            stream.reconfigure(errors='backslashreplace')
        except (ValueError, OSError):
            pass
    try:
        stream.write(text)
        stream.flush()
    except BrokenPipeError:
        release(stream)


def release(stream: TextIO) -> None:
    """A stream whose reader went away: point its descriptor at /dev/null so later flushes
    (and the exit) do not fail again."""
    try:
        fd = stream.fileno()
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, fd)
        os.close(null)
    except (OSError, ValueError):
        pass
