"""JSON report: the one object the design's schema describes."""
from __future__ import annotations

import json

from aiguard import __version__
from aiguard.findings import publish
from aiguard.scan import ScanResult


def document(result: ScanResult) -> dict[str, object]:
    return {
        'version': 1,
        'tool': {'name': 'aiguard', 'version': __version__},
        'mode': result.mode,
        'attribution': result.attribution.to_json(),
        'findings': [{**f.to_json(), 'fingerprint': publish(f, result.salt)} for f in result.findings],
        'scanned_files': result.scanned_files,
        'skipped': [s.to_json() for s in result.skipped],
        'errors': list(result.errors),
    }


def render(result: ScanResult) -> str:
    from aiguard.report.safe import valid_utf8

    # a path git gave as undecodable bytes: U+FFFD, so the document stays valid UTF-8 JSON
    return valid_utf8(json.dumps(document(result), indent=2, ensure_ascii=False)) + '\n'
