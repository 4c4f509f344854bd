"""Secret scanning on what a change adds.

Three layers, cheapest first, all on the staged text (never the work tree):

1. provider rules (SEC002, SEC003, SEC100+): one documented token format per
   rule; a rule's regex runs only when one of its literal keywords is in the
   file (`in` checks for a small change, one trie regex for a large one), on
   the lines holding the keyword when the format needs context;
2. structure (SEC001 private keys, SEC004 JWTs, SEC005 passwords in URLs,
   SEC009 service-account files), parsed and checked in code;
3. generic (SEC006 framework secrets, SEC007 secret-named assignments, SEC008
   env-lookup defaults): candidates found by aiguard's own extraction
   (assignments, call keywords, mappings, headers, env files), dropped by
   aiguard's filters, then by detect-secrets' heuristic filters, imported
   only when a candidate survives that far.

A value never leaves this module unredacted: messages carry `redact(value)`,
fingerprints hash it.
"""
from __future__ import annotations

import bisect
import re
import sys
from collections.abc import Iterable, Sequence

from aiguard import records
from aiguard.changes import ChangedFile
from aiguard.findings import GENERIC_SECRET_RULES, Finding, redact
from aiguard.scanners import ScanContext, finding
from aiguard.scanners import secret_filters as filters  # noqa: F401  (tests reach the filters here)
from aiguard.scanners.secrets.providers import _provider_hits
from aiguard.scanners.secrets.table import (  # noqa: F401
    _STRUCTURAL,
    PACK,
    _literal_prefix,
    _rules,
    _Table,
    _table,
    rules,
)
from aiguard.scanners.secrets.text import _Hit, _Text

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from types import ModuleType

NAME = 'secrets'


def wants(path: str) -> bool:
    """Every text file may hold a secret."""
    return True


def scan(files: Sequence[ChangedFile], ctx: ScanContext) -> list[Finding]:
    """Findings for every secret in `files`; values are redacted."""
    out: list[Finding] = []
    for f in files:
        out.extend(scan_text(f.path, f.text))
    return out


def scan_text(path: str, text: str) -> list[Finding]:
    """Findings for every secret in one file's text (the engine's pure core)."""
    return _findings(*_hits(path, text))


def scan_values(path: str, text: str) -> list[tuple[Finding, str]]:
    """Each finding of `scan_text` with the value it found: for a caller that hashes or masks
    the value in memory (imported allowlists, foreign messages), never one that keeps it."""
    doc, hits = _hits(path, text)
    return list(zip(_findings(doc, hits), [h.value for h in hits]))


def _hits(path: str, text: str) -> tuple[_Text, list[_Hit]]:
    table = _table()
    doc = _Text(path, text)
    hits: list[_Hit] = []
    low = text.lower()
    if len(low) != len(text):  # 'İ'.lower() is two characters: keep offsets aligned
        low = text.translate(_ASCII_LOWER)
    present = _present_keywords(table, low)
    if '-----begin' in low:
        hits.extend(_layer('structural')._private_keys(doc))
    if 'service_account' in low:
        hits.extend(_layer('structural')._service_account(doc))
    hits.extend(_provider_hits(doc, table, present, low))
    if 'eyj' in low:
        hits.extend(_layer('structural')._jwts(doc))
    if '://' in low or '-u ' in low or '--user' in low or '=' in low and (
            'pass' in low or 'pwd' in low or 'token=' in low or 'key=' in low or 'secret=' in low):
        hits.extend(_layer('structural')._url_passwords(doc))
    if doc.kind not in ('lock', 'docs'):
        hits.extend(_layer('generic')._generic(doc, low))  # docs show made-up credentials by the dozen
    elif doc.kind == 'docs' and ('authorization' in low or '--oauth2-bearer' in low):
        hits.extend(_layer('generic')._docs_auth_headers(doc, low))
    return doc, _dedupe(hits)


def _layer(name: str) -> ModuleType:
    """The structural or generic layer's module, imported when a text first needs it: a docs
    commit (no generic layer) or one without a key, JWT or URL marker does not load them."""
    module = sys.modules.get(f'{__name__}.{name}')
    if module is None:
        __import__(f'{__name__}.{name}')
        module = sys.modules[f'{__name__}.{name}']
    return module


_SMALL = 32_000
_ASCII_LOWER = str.maketrans('ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz')


def _present_keywords(table: _Table, low: str) -> set[str]:
    """Which rule keywords occur in the text.

    A small change (a commit's usual fare) takes one `in` per keyword; past
    ~128 kB of text one pass of a trie regex is cheaper, compiled only then
    (compiling it costs ~25 ms).
    """
    table.scanned += len(low)
    if table._keyword_regex is None and len(low) < _SMALL and table.scanned < _SMALL * 4:
        return {k for k in table.keywords if k in low}
    present: set[str] = set()
    for m in table.keyword_regex.finditer(low):
        word = m.group(0)
        if word not in present:
            present.add(word)
            present.update(table.implied.get(word, ()))
    return present


def _dedupe(hits: list[_Hit]) -> list[_Hit]:
    """One finding per value span: the first (most specific) rule wins.

    The spans kept are disjoint, so their starts and ends sort alike: a new span
    overlaps a kept one only if it overlaps its two neighbours (n log n, not n²).
    """
    kept: list[_Hit] = []
    starts: list[int] = []
    ends: list[int] = []
    for h in hits:
        i = bisect.bisect_right(starts, h.start)
        if (i > 0 and h.start < ends[i - 1]) or (i < len(starts) and starts[i] < h.end):
            continue
        kept.append(h)
        starts.insert(i, h.start)
        ends.insert(i, h.end)
    return kept


def _findings(doc: _Text, hits: list[_Hit]) -> list[Finding]:
    out = []
    for h in hits:
        line, col = doc.line_col(h.start)
        end_line = doc.line_col(h.span_end)[0] if h.span_end is not None else None
        rule = _rules()[h.rule]
        what = re.sub(r'^(?:An?|The) ', '', rule.summary.replace(' is committed', ''))
        out.append(finding(
            rule, doc.path, line, col, f'{what}: {redact(h.value, h.rule not in GENERIC_SECRET_RULES)}', h.key,
            end_line=end_line if end_line and end_line > line else None,
        ))
    return out


# --- files over max_file_size: read in pieces ------------------------------------------

# A token never spans more than this (a private key block holds at most 20,000 characters):
# each piece is read again from this far back, so no token is cut in two.
STREAM_OVERLAP = 64 * 1024


def scan_pieces(path: str, pieces: Iterable[bytes]) -> list[Finding]:
    """Findings for every secret in a file read piece by piece (one too large to hold whole);
    memory holds one piece and the overlap. Lines count every newline before, as git's do."""
    found: dict[tuple[str, int, str], Finding] = {}
    carry = b''
    lines_before = 0  # newlines before the window
    shift = 0  # bytes of the window's first line that lie before the window
    it = iter(pieces)
    piece = next(it, None)
    while piece is not None:
        following = next(it, None)
        window = carry + piece
        cut = len(window)
        if following is not None:
            cut = max(len(window) - STREAM_OVERLAP, 1)
            newline = window.rfind(b'\n', 0, cut)
            if newline >= cut - STREAM_OVERLAP:
                cut = newline + 1  # the next window starts a line, when one starts near
        for f in scan_text(path, window.decode('utf-8', 'replace')):
            line = f.line + lines_before
            column = f.column + shift if f.line == 1 else f.column
            end = f.end_line + lines_before if f.end_line else None
            found.setdefault((f.rule_id, line, f.fingerprint),
                             records.replace(f, line=line, column=column, end_line=end))
        newlines = window.count(b'\n', 0, cut)
        last_newline = window.rfind(b'\n', 0, cut)
        shift = cut - last_newline - 1 if last_newline >= 0 else shift + cut
        lines_before += newlines
        carry = window[cut:]
        piece = following
    return sorted(found.values(), key=lambda f: (f.line, f.column, f.rule_id))
