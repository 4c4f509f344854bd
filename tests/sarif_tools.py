"""SARIF 2.1.0 documents shaped as each tool writes them, from the tools' documented formats
(semgrep --sarif, CodeQL database analyze, snyk code test --sarif, gitleaks --report-format
sarif, trivy --format sarif, @microsoft/eslint-formatter-sarif). Written here, not copied."""
from __future__ import annotations

import json
from collections.abc import Sequence

SCHEMA = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json'
# (path, line) of each result, and the rule id it reports
Hit = tuple[str, int, str]


def _doc(*runs: dict[str, object]) -> str:
    return json.dumps({'$schema': SCHEMA, 'version': '2.1.0', 'runs': list(runs)})


def _region(line: int, col: int = 5, snippet: str | None = None) -> dict[str, object]:
    region: dict[str, object] = {'startLine': line, 'startColumn': col, 'endLine': line, 'endColumn': col + 20}
    if snippet is not None:
        region['snippet'] = {'text': snippet}
    return region


def semgrep(hits: Sequence[Hit], level: str = 'error', message: str = 'Detected string formatting in a SQL query',
            suppressed: bool = False) -> str:
    """semgrep: rules in the driver, CWE in "CWE-89: ..." tags, level from the rule's severity."""
    rules = [{
        'id': rule, 'name': rule, 'shortDescription': {'text': f'Semgrep Finding: {rule}'},
        'fullDescription': {'text': message}, 'defaultConfiguration': {'level': level},
        'helpUri': 'https://semgrep.dev/r/' + rule,
        'properties': {'precision': 'very-high', 'tags': [
            "CWE-89: Improper Neutralization of Special Elements used in an SQL Command ('SQL Injection')",
            'HIGH CONFIDENCE', 'OWASP-A03:2021 - Injection', 'security']},
    } for rule in dict.fromkeys(h[2] for h in hits)]
    results = []
    for path, line, rule in hits:
        r: dict[str, object] = {
            'fingerprints': {'matchBasedId/v1': 'f' * 64},
            'locations': [{'physicalLocation': {'artifactLocation': {'uri': path, 'uriBaseId': '%SRCROOT%'},
                                                'region': _region(line, 5, 'cursor.execute(query)')}}],
            'message': {'text': message}, 'properties': {}, 'ruleId': rule,
        }
        if suppressed:
            r['suppressions'] = [{'kind': 'inSource'}]
        results.append(r)
    return _doc({
        'invocations': [{'executionSuccessful': True, 'toolExecutionNotifications': []}],
        'results': results,
        'tool': {'driver': {'name': 'Semgrep OSS', 'semanticVersion': '1.99.0', 'rules': rules}},
    })


def codeql(hits: Sequence[Hit], score: str = '8.8', cwe_tag: str = 'external/cwe/cwe-089') -> str:
    """CodeQL: rules in a query pack extension, results point at them by toolComponent index."""
    rule_ids = list(dict.fromkeys(h[2] for h in hits))
    rules = [{
        'id': rule, 'name': rule, 'shortDescription': {'text': 'SQL query built from user-controlled sources'},
        'defaultConfiguration': {'enabled': True, 'level': 'error'},
        'properties': {'tags': ['security', cwe_tag], 'kind': 'path-problem', 'precision': 'high',
                       'security-severity': score, 'problem.severity': 'error', 'id': rule},
    } for rule in rule_ids]
    results = [{
        'ruleId': rule, 'ruleIndex': rule_ids.index(rule),
        'rule': {'id': rule, 'index': rule_ids.index(rule), 'toolComponent': {'index': 1}},
        'message': {'text': 'This SQL query depends on a [user-provided value](1).'},
        'locations': [{'physicalLocation': {
            'artifactLocation': {'uri': path, 'uriBaseId': '%SRCROOT%', 'index': 0},
            'region': {'startLine': line, 'startColumn': 20, 'endColumn': 25}}}],
        'partialFingerprints': {'primaryLocationLineHash': 'abc123:1'},
    } for path, line, rule in hits]
    return _doc({
        'tool': {'driver': {'name': 'CodeQL', 'organization': 'GitHub', 'semanticVersion': '2.19.0', 'rules': []},
                 'extensions': [{'name': 'codeql/python-all', 'semanticVersion': '1.0.0'},
                                {'name': 'codeql/python-queries', 'semanticVersion': '1.0.0', 'rules': rules}]},
        'artifacts': [{'location': {'uri': hits[0][0], 'uriBaseId': '%SRCROOT%', 'index': 0}}] if hits else [],
        'results': results,
        'columnKind': 'unicodeCodePoints',
        'properties': {'semmle.formatSpecifier': 'sarif-latest'},
    })


def snyk_code(hits: Sequence[Hit]) -> str:
    """Snyk Code: CWE in the rule's properties.cwe list, message with markdown and arguments."""
    rule_ids = list(dict.fromkeys(h[2] for h in hits))
    rules = [{
        'id': rule, 'name': rule.split('/')[-1], 'shortDescription': {'text': 'SQL Injection'},
        'defaultConfiguration': {'level': 'error'},
        'properties': {'tags': ['python', 'Sqli', 'Security', 'SourceServer', 'Taint'],
                       'categories': ['Security'], 'precision': 'very-high', 'cwe': ['CWE-89']},
    } for rule in rule_ids]
    results = [{
        'ruleId': rule, 'ruleIndex': rule_ids.index(rule), 'level': 'error',
        'message': {'text': 'Unsanitized input from an HTTP parameter flows into execute.',
                    'markdown': 'Unsanitized input from {0} flows into {1}.', 'arguments': ['an HTTP parameter', 'execute']},
        'locations': [{'physicalLocation': {'artifactLocation': {'uri': path, 'uriBaseId': '%SRCROOT%'},
                                            'region': {'startLine': line, 'endLine': line, 'startColumn': 5, 'endColumn': 30}}}],
        'fingerprints': {'0': 'a' * 64, '1': 'b' * 64},
        'codeFlows': [],
        'properties': {'priorityScore': 801, 'isAutofixable': False},
    } for path, line, rule in hits]
    return _doc({'tool': {'driver': {'name': 'SnykCode', 'semanticVersion': '1.0.0', 'version': '1.0.0',
                                     'rules': rules}}, 'results': results})


def gitleaks(hits: Sequence[tuple[str, int, str, str]], message_with_secret: bool = False) -> str:
    """gitleaks: no level, the match in region.snippet; `message_with_secret` puts it in the
    message too, as some versions and forks do."""
    rule_ids = list(dict.fromkeys(h[2] for h in hits))
    results = []
    for path, line, rule, secret in hits:
        text = f'{rule} has detected secret for file {path}.'
        if message_with_secret:
            text = f'{rule} has detected secret {secret} for file {path}.'
        results.append({
            'message': {'text': text}, 'ruleId': rule,
            'locations': [{'physicalLocation': {'artifactLocation': {'uri': path},
                                                'region': _region(line, 7, secret)}}],
            'partialFingerprints': {'commitSha': '', 'email': '', 'author': '', 'date': '', 'commitMessage': ''},
        })
    return _doc({'tool': {'driver': {'name': 'gitleaks', 'semanticVersion': 'v8.18.0',
                                     'informationUri': 'https://github.com/gitleaks/gitleaks',
                                     'rules': [{'id': r, 'name': r, 'shortDescription': {'text': r}} for r in rule_ids]}},
                  'results': results})


def trivy(root_uri: str, hits: Sequence[Hit], score: str = '7.5') -> str:
    """Trivy: paths under a ROOTPATH base id, a security-severity score, severities as tags."""
    rule_ids = list(dict.fromkeys(h[2] for h in hits))
    rules = [{
        'id': rule, 'name': 'OsPackageVulnerability', 'shortDescription': {'text': f'{rule} in a dependency'},
        'defaultConfiguration': {'level': 'error'}, 'helpUri': 'https://avd.aquasec.com/nvd/' + rule.lower(),
        'properties': {'precision': 'very-high', 'security-severity': score,
                       'tags': ['vulnerability', 'security', 'HIGH']},
    } for rule in rule_ids]
    results = [{
        'ruleId': rule, 'ruleIndex': rule_ids.index(rule), 'level': 'error',
        'message': {'text': f'Package: requests\nInstalled Version: 2.0.0\nVulnerability {rule}\nSeverity: HIGH'},
        'locations': [{'physicalLocation': {'artifactLocation': {'uri': path, 'uriBaseId': 'ROOTPATH'},
                                            'region': {'startLine': line, 'startColumn': 1, 'endLine': line, 'endColumn': 1}},
                       'message': {'text': f'{path}: requests@2.0.0'}}],
    } for path, line, rule in hits]
    return _doc({'tool': {'driver': {'fullName': 'Trivy Vulnerability Scanner', 'informationUri': 'https://github.com/aquasecurity/trivy',
                                     'name': 'Trivy', 'rules': rules, 'version': '0.50.0'}},
                  'results': results, 'columnKind': 'utf16CodeUnits',
                  'originalUriBaseIds': {'ROOTPATH': {'uri': root_uri}}})


def eslint(abs_root: str, hits: Sequence[Hit]) -> str:
    """ESLint's SARIF formatter: absolute file URIs, listed once in `artifacts`."""
    paths = list(dict.fromkeys(h[0] for h in hits))
    rule_ids = list(dict.fromkeys(h[2] for h in hits))
    uri = {p: 'file://' + abs_root.rstrip('/') + '/' + p for p in paths}
    return _doc({
        'tool': {'driver': {'name': 'ESLint', 'informationUri': 'https://eslint.org', 'version': '8.57.0',
                            'rules': [{'id': r, 'helpUri': f'https://eslint.org/docs/rules/{r}',
                                       'properties': {'category': 'Best Practices'},
                                       'shortDescription': {'text': 'Disallow the use of eval()'}} for r in rule_ids]}},
        'artifacts': [{'location': {'uri': uri[p]}} for p in paths],
        'results': [{
            'level': 'error', 'message': {'text': 'eval can be harmful.'}, 'ruleId': rule, 'ruleIndex': rule_ids.index(rule),
            'locations': [{'physicalLocation': {'artifactLocation': {'uri': uri[path], 'index': paths.index(path)},
                                                'region': {'startLine': line, 'startColumn': 1, 'endLine': line, 'endColumn': 9}}}],
        } for path, line, rule in hits],
    })
