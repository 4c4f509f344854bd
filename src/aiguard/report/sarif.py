"""SARIF 2.1.0, as GitHub code scanning and other viewers read it."""
from __future__ import annotations

import json

from aiguard import __version__
from aiguard.findings import Severity, publish
from aiguard.scan import ScanResult

SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'
_LEVEL = {
    Severity.CRITICAL: 'error', Severity.HIGH: 'error', Severity.MEDIUM: 'warning',
    Severity.LOW: 'note', Severity.INFO: 'note',
}
# GitHub sorts alerts by this 0-10 score.
_SCORE = {
    Severity.CRITICAL: '9.5', Severity.HIGH: '8.0', Severity.MEDIUM: '5.5',
    Severity.LOW: '3.0', Severity.INFO: '1.0',
}


def _rule_descriptor(rule_id: str) -> dict[str, object]:
    from aiguard.rules import all_rules

    rule = all_rules().get(rule_id)
    if rule is None:
        return {'id': rule_id}
    tags = ['security', rule.category]
    if rule.cwe:
        tags.append(f'external/cwe/{rule.cwe.lower()}')
    return {
        'id': rule.id,
        'name': rule.name,
        'shortDescription': {'text': rule.summary},
        'fullDescription': {'text': rule.what.strip()},
        'help': {
            'text': rule.explain(),
            'markdown': (
                f'**What it does**\n\n{rule.what.strip()}\n\n**Why is this bad?**\n\n'
                f'{rule.why.strip()}\n\n**Example**\n\n```\n{rule.example.strip()}\n```\n\n'
                f'**Use instead**\n\n```\n{rule.use_instead.strip()}\n```\n'
            ),
        },
        'defaultConfiguration': {'level': _LEVEL[rule.severity]},
        'properties': {
            'tags': tags,
            'precision': {'high': 'high', 'medium': 'medium', 'low': 'low'}.get(rule.confidence, 'medium'),
            'security-severity': _SCORE[rule.severity],
        },
    }


def document(result: ScanResult) -> dict[str, object]:
    from aiguard.report.safe import uri

    rule_ids = sorted({f.rule_id for f in result.findings})
    index = {rid: i for i, rid in enumerate(rule_ids)}
    results = []
    for f in result.findings:
        r: dict[str, object] = {
            'ruleId': f.rule_id,
            'ruleIndex': index[f.rule_id],
            'level': _LEVEL[f.severity],
            'message': {'text': f.message},
            'locations': [{
                'physicalLocation': {
                    'artifactLocation': {'uri': uri(f.path), 'uriBaseId': '%SRCROOT%'},
                    'region': {'startLine': max(1, f.line), 'startColumn': max(1, f.column)},
                },
            }],
            'partialFingerprints': {'aiguard/v1': publish(f, result.salt)},
            'properties': {'severity': f.severity.label, 'blocking': f.blocking, 'category': f.category},
        }
        if f.cwe:
            r['taxa'] = [{'id': f.cwe.split('-', 1)[-1], 'toolComponent': {'name': 'CWE'}}]
        results.append(r)
    run: dict[str, object] = {
        'tool': {'driver': {
            'name': 'aiguard',
            'version': __version__,
            'semanticVersion': __version__,
            'informationUri': 'https://github.com/aiguard-hooks/aiguard',
            'rules': [_rule_descriptor(rid) for rid in rule_ids],
        }},
        'originalUriBaseIds': {'%SRCROOT%': {'description': {'text': 'The repository root'}}},
        'results': results,
        'invocations': [{
            'executionSuccessful': not result.errors,
            'toolExecutionNotifications': [
                {'level': 'error', 'message': {'text': e}} for e in result.errors
            ] + [
                {'level': 'note', 'message': {'text': f'{s.path}: skipped: {s.to_json()["reason"]}'}}
                for s in result.skipped
            ],
        }],
        'properties': {'attribution': result.attribution.to_json(), 'mode': result.mode},
    }
    return {'$schema': SCHEMA, 'version': '2.1.0', 'runs': [run]}


def render(result: ScanResult) -> str:
    from aiguard.report.safe import valid_utf8

    return valid_utf8(json.dumps(document(result), indent=2, ensure_ascii=False)) + '\n'
