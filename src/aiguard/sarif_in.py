"""Findings of other scanners (semgrep, CodeQL, Snyk Code, gitleaks, Trivy, ESLint ...), read
from SARIF 2.1.0 files and judged by aiguard's own gate.

A SARIF file only ever adds findings: it never touches aiguard's own, and nothing in it (its
`suppressions`, `baselineState`) makes one of its results pass. Where a result is, what it
is and how bad (docs/sarif.md) decides only whether that result blocks.
"""
from __future__ import annotations

import os
import posixpath
from collections.abc import Callable, Mapping, Sequence

from aiguard import records
from aiguard.errors import FatalError
from aiguard.findings import Finding, Severity, fingerprint, redact
from aiguard.regexes import lazy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aiguard.changes import ChangedFile
    from aiguard.gate import Baseline
    from aiguard.policy import Policy

MAX_SARIF_BYTES = 128 * 1024 * 1024
MAX_RESULTS = 500_000
MAX_MESSAGE = 400
_URI_HOPS = 8
_LEVELS = {'error': Severity.HIGH, 'warning': Severity.MEDIUM, 'note': Severity.LOW, 'none': Severity.INFO}
# result kinds that are not a problem found (SARIF 2.1.0 §3.27.9)
_NOT_PROBLEMS = frozenset(('pass', 'notApplicable', 'informational'))
SECRET_TOOLS = frozenset(('gitleaks', 'detect-secrets', 'trufflehog', 'ggshield', 'secretlint', 'betterleaks'))
_CWE = lazy(r'(?i)(?<![a-z])cwe[-_/: ]?(\d{1,5})(?!\d)')
_TOOL_WORD = lazy(r'[A-Za-z0-9][A-Za-z0-9_.-]{0,39}')
_RULE_UNSAFE = lazy(r'[^\x21-\x7e]')
_TOKENISH = lazy(r'[A-Za-z0-9+/=_.~-]{16,}')
_ARG = lazy(r'\{(\d{1,3})\}')
_QUOTED = lazy(r'''(["'`])([^"'`\s]{4,200})\1''')


class SarifError(FatalError):
    """A SARIF file aiguard cannot read; one line, naming the file."""


@records.record(frozen=True)
class ForeignResult:
    """One result of another tool, as far as SARIF says it; `message` is not yet redacted."""

    source: str  # the SARIF file, as named
    tool: str
    rule_id: str  # 'tool:rule'
    severity: Severity
    cwe: str | None
    category: str  # secret | sast
    path: str | None  # repository-relative; None: no location in the repository
    line: int
    end_line: int | None
    column: int
    message: str
    snippets: tuple[str, ...] = ()


def read(path: str, shown: str, root: str) -> list[ForeignResult]:
    """Every result of the SARIF file at `path`; SarifError (one line) when it is not one."""
    import json

    from aiguard.readlimit import TooLarge, read_capped

    try:
        raw = read_capped(path, MAX_SARIF_BYTES)
    except TooLarge:
        raise SarifError(f'{shown}: larger than {MAX_SARIF_BYTES // (1024 * 1024)} MiB; '
                         f'not read (split the run, or filter its results)') from None
    except FileNotFoundError:
        raise SarifError(f'{shown}: no such SARIF file; run the tool that writes it first, '
                         f'or drop it from --sarif-in / sarif_in') from None
    except OSError as e:
        raise SarifError(f'{shown}: cannot read the SARIF file ({e.strerror or "not a regular file"})') from None
    try:
        doc = json.loads(raw)
    except (ValueError, RecursionError):
        raise SarifError(f'{shown}: not a SARIF file (not valid UTF-8 JSON)') from None
    return list(_Reader(shown, root).document(doc))


class _Reader:
    """Walks one SARIF document; every problem names the file, the run and the result."""

    def __init__(self, shown: str, root: str) -> None:
        self.shown = shown
        self.root = os.path.realpath(root)
        self.where = ''
        self.count = 0

    def fail(self, problem: str) -> SarifError:
        where = f' ({self.where})' if self.where else ''
        return SarifError(f'{self.shown}: not a SARIF 2.1.0 file{where}: {problem}')

    def obj(self, value: Any, what: str, required: bool = False) -> dict[str, Any]:
        if value is None and not required:
            return {}
        if not isinstance(value, dict):
            raise self.fail(f'{what} is not an object')
        return value

    def seq(self, value: Any, what: str) -> list[Any]:
        if value is None:
            return []
        if not isinstance(value, list):
            raise self.fail(f'{what} is not a list')
        return value

    def text(self, value: Any, what: str) -> str | None:
        if value is None:
            return None
        if not isinstance(value, str):
            raise self.fail(f'{what} is not a string')
        return value

    def number(self, value: Any, what: str) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise self.fail(f'{what} is not a whole number')
        return value

    def document(self, doc: Any) -> Any:
        top = self.obj(doc, 'the document', required=True)
        if top.get('version') != '2.1.0':
            raise self.fail('its "version" is not "2.1.0"')
        for n, run in enumerate(self.seq(top.get('runs'), 'runs'), 1):
            self.where = f'run {n}'
            yield from self.run(self.obj(run, 'a run', required=True))

    def run(self, run: dict[str, Any]) -> Any:
        tool = self.obj(run.get('tool'), 'tool', required=True)
        driver = self.obj(tool.get('driver'), 'tool.driver', required=True)
        name = self.text(driver.get('name'), 'tool.driver.name')
        if not name:
            raise self.fail('tool.driver.name is missing')
        tool_name = tool_id(name)
        components = [driver] + [self.obj(e, 'an extension', required=True)
                                 for e in self.seq(tool.get('extensions'), 'tool.extensions')]
        rules: list[list[dict[str, Any]]] = [
            [self.obj(r, 'a rule', required=True) for r in self.seq(c.get('rules'), 'rules')] for c in components
        ]
        by_id = {r['id']: r for comp in reversed(rules) for r in comp if isinstance(r.get('id'), str)}
        bases = self.obj(run.get('originalUriBaseIds'), 'originalUriBaseIds')
        artifacts = self.seq(run.get('artifacts'), 'artifacts')
        where = self.where
        for n, result in enumerate(self.seq(run.get('results'), 'results'), 1):
            self.where = f'{where}, result {n}'
            self.count += 1
            if self.count > MAX_RESULTS:
                raise SarifError(f'{self.shown}: more than {MAX_RESULTS} results; not read (filter the run)')
            found = self.result(self.obj(result, 'a result', required=True), tool_name, rules, by_id, bases, artifacts)
            if found is not None:
                yield found
        self.where = ''

    def rule_of(self, result: dict[str, Any], rules: list[list[dict[str, Any]]],
                by_id: dict[str, dict[str, Any]]) -> tuple[str | None, dict[str, Any]]:
        ref = self.obj(result.get('rule'), 'result.rule')
        rule_id = self.text(result.get('ruleId'), 'ruleId') or self.text(ref.get('id'), 'rule.id')
        index = self.number(result.get('ruleIndex'), 'ruleIndex')
        component = 0
        if ref:
            index = self.number(ref.get('index'), 'rule.index') if ref.get('index') is not None else index
            tc = self.obj(ref.get('toolComponent'), 'rule.toolComponent')
            at = self.number(tc.get('index'), 'toolComponent.index') if tc else None
            component = 0 if at is None else at + 1  # an index into tool.extensions (the driver is 0 here)
        descriptor: dict[str, Any] = {}
        if index is not None and component < len(rules) and index < len(rules[component]):
            descriptor = rules[component][index]
        elif rule_id is not None:
            descriptor = by_id.get(rule_id) or by_id.get(rule_id.split('/', 1)[0]) or {}
        if rule_id is None:
            rule_id = self.text(descriptor.get('id'), 'rule id')
        return rule_id, descriptor

    def result(self, result: dict[str, Any], tool: str, rules: list[list[dict[str, Any]]],
               by_id: dict[str, dict[str, Any]], bases: dict[str, Any], artifacts: list[Any]) -> ForeignResult | None:
        kind = self.text(result.get('kind'), 'kind') or 'fail'
        if kind in _NOT_PROBLEMS:
            return None
        rule_id, rule = self.rule_of(result, rules, by_id)
        rule_id = _RULE_UNSAFE.sub('_', rule_id or 'unnamed')[:200]
        props = self.obj(result.get('properties'), 'result.properties')
        rule_props = self.obj(rule.get('properties'), 'rule.properties')
        tags = [t for t in self.seq(props.get('tags'), 'tags') + self.seq(rule_props.get('tags'), 'rule tags')
                if isinstance(t, str)]
        severity = self.severity(result, rule, props, rule_props)
        cwe = self.cwe(result, rule, tags)
        category = 'secret' if tool in SECRET_TOOLS or cwe == 'CWE-798' or any(
            t.lower() in ('secret', 'secrets', 'security/secrets') for t in tags) else 'sast'
        if category == 'secret':
            severity = max(severity, Severity.HIGH)  # a committed credential is never minor
        path, line, end_line, column, snippets = self.location(result, bases, artifacts)
        return ForeignResult(
            self.shown, tool, f'{tool}:{rule_id}', severity, cwe, category, path, line, end_line, column,
            self.message(result, rule), snippets,
        )

    def severity(self, result: dict[str, Any], rule: dict[str, Any], props: dict[str, Any],
                 rule_props: dict[str, Any]) -> Severity:
        for score in (props.get('security-severity'), rule_props.get('security-severity')):
            sev = score_severity(score)
            if sev is not None:
                return sev
        level = self.text(result.get('level'), 'level')
        if level is None:
            config = self.obj(rule.get('defaultConfiguration'), 'defaultConfiguration')
            level = self.text(config.get('level'), 'defaultConfiguration.level')
        if level is not None and level not in _LEVELS:
            raise self.fail(f'level is not one of {", ".join(_LEVELS)}')
        return _LEVELS[level or 'warning']  # SARIF's own default level is "warning"

    def cwe(self, result: dict[str, Any], rule: dict[str, Any], tags: Sequence[str]) -> str | None:
        listed = self.obj(rule.get('properties'), 'rule.properties').get('cwe')  # Snyk Code: "cwe": ["CWE-89"]
        for tag in [*tags, *([listed] if isinstance(listed, str) else listed if isinstance(listed, list) else [])]:
            if not isinstance(tag, str):
                continue
            m = _CWE.search(tag)
            if m:
                return f'CWE-{int(m.group(1))}'
        refs = self.seq(result.get('taxa'), 'taxa') + [
            self.obj(r, 'a relationship').get('target') for r in self.seq(rule.get('relationships'), 'relationships')]
        for ref in refs:
            if not isinstance(ref, dict):
                continue
            component = ref.get('toolComponent')
            ref_id = ref.get('id')
            if isinstance(component, dict) and str(component.get('name', '')).upper() == 'CWE' and ref_id is not None:
                m = _CWE.search(f'CWE-{ref_id}')
                if m:
                    return f'CWE-{int(m.group(1))}'
        return None

    def message(self, result: dict[str, Any], rule: dict[str, Any]) -> str:
        msg = self.obj(result.get('message'), 'message')
        text = self.text(msg.get('text'), 'message.text')
        if text is None:
            strings = self.obj(rule.get('messageStrings'), 'messageStrings')
            ref = self.text(msg.get('id'), 'message.id')
            found = strings.get(ref) if ref else None
            text = found.get('text') if isinstance(found, dict) else None
            if not isinstance(text, str):
                short = rule.get('shortDescription')
                text = short.get('text') if isinstance(short, dict) else None
        if not isinstance(text, str):
            return ''
        args = [a for a in self.seq(msg.get('arguments'), 'message.arguments') if isinstance(a, str)]
        if args:
            text = _ARG.sub(lambda m: args[int(m.group(1))] if int(m.group(1)) < len(args) else m.group(0), text)
        return text

    def location(self, result: dict[str, Any], bases: dict[str, Any],
                 artifacts: list[Any]) -> tuple[str | None, int, int | None, int, tuple[str, ...]]:
        locations = self.seq(result.get('locations'), 'locations')
        if not locations:
            return None, 0, None, 0, ()
        physical = self.obj(self.obj(locations[0], 'a location').get('physicalLocation'), 'physicalLocation')
        artifact = self.obj(physical.get('artifactLocation'), 'artifactLocation')
        if artifact.get('uri') is None and artifact.get('index') is not None:
            index = self.number(artifact.get('index'), 'artifactLocation.index')
            if index is not None and index < len(artifacts):
                listed = self.obj(artifacts[index], 'an artifact').get('location')
                artifact = {**self.obj(listed, 'artifact.location'), **{k: v for k, v in artifact.items() if k != 'index'}}
        path = self.repo_path(artifact, bases)
        region = self.obj(physical.get('region'), 'region')
        line = self.number(region.get('startLine'), 'startLine') or 0
        end_line = self.number(region.get('endLine'), 'endLine')
        column = self.number(region.get('startColumn'), 'startColumn') or 1
        snippets = tuple(
            t for t in (self.obj(r.get('snippet'), 'snippet').get('text')
                        for r in (region, self.obj(physical.get('contextRegion'), 'contextRegion')))
            if isinstance(t, str) and t.strip())
        if path is not None and line == 0:
            line = 1 if not region else 0  # a whole-file result is about its first line
        return path, line, end_line, column, snippets

    def repo_path(self, artifact: dict[str, Any], bases: dict[str, Any]) -> str | None:
        """The repository-relative path a location names; None when it is outside the repository."""
        from urllib.parse import unquote, urlsplit

        uri = self.text(artifact.get('uri'), 'artifactLocation.uri')
        if not uri:
            return None
        base_id = self.text(artifact.get('uriBaseId'), 'uriBaseId')
        for _hop in range(_URI_HOPS):
            if base_id is None or urlsplit(uri).scheme:
                break
            base = bases.get(base_id)
            if not isinstance(base, dict) or not isinstance(base.get('uri'), str):
                break  # an id the file does not define (%SRCROOT%): the repository root
            prefix = base['uri']
            uri = prefix + ('' if prefix.endswith('/') or not prefix else '/') + uri
            base_id = base.get('uriBaseId') if isinstance(base.get('uriBaseId'), str) else None
        parts = urlsplit(uri)
        if parts.scheme and parts.scheme != 'file':
            return None
        if parts.scheme == 'file' or uri.startswith('/'):
            absolute = os.path.realpath(unquote(parts.path))
            if absolute != self.root and not absolute.startswith(self.root + os.sep):
                return None
            rel = os.path.relpath(absolute, self.root).replace(os.sep, '/')
        else:
            rel = unquote(parts.path)
        rel = posixpath.normpath(rel)
        if rel in ('.', '..') or rel.startswith(('../', '/')):
            return None
        return rel


def tool_id(name: str) -> str:
    """The short tool name a rule id starts with: 'Semgrep OSS' → 'semgrep', 'CodeQL' → 'codeql'."""
    words = name.split()
    m = _TOOL_WORD.fullmatch(words[0]) if words else None
    return m.group(0).lower() if m else 'sarif'


def score_severity(score: object) -> Severity | None:
    """GitHub's reading of a 0–10 `security-severity` (CodeQL, Trivy): 9.0 and over critical,
    7.0 high, 4.0 medium, over 0 low, 0 info; None when it is not a number in that range."""
    if isinstance(score, bool):
        return None
    try:
        value = float(score)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    if not 0.0 <= value <= 10.0:
        return None
    if value >= 9.0:
        return Severity.CRITICAL
    if value >= 7.0:
        return Severity.HIGH
    if value >= 4.0:
        return Severity.MEDIUM
    return Severity.LOW if value > 0 else Severity.INFO


# --- judging -----------------------------------------------------------------------------

def redacted_message(r: ForeignResult, line_text: str) -> str:
    """The tool's message with every secret it may quote masked as aiguard masks its own: the
    result's snippets, what aiguard's secrets engine finds in the message or on the flagged
    line, and, for a secret, any token-like run."""
    from aiguard.scanners.secrets import scan_values

    text = ' '.join(r.message.split())
    values = {v for v in r.snippets if len(v.strip()) >= 4}
    for source in (text, line_text):
        # read as a config file: every engine rule applies, none of the docs' leniency
        values.update(v for _f, v in scan_values('sarif-message.cfg', source) if len(v) >= 4)
    for value in sorted(values, key=len, reverse=True):
        for piece in {value, value.strip()}:
            if piece:
                text = text.replace(piece, redact(piece, False))
    if r.category == 'secret':
        text = _QUOTED.sub(lambda m: m.group(1) + redact(m.group(2), False) + m.group(1), text)
        text = _TOKENISH.sub(lambda m: redact(m.group(0), False), text)
    if len(text) > MAX_MESSAGE:
        text = text[:MAX_MESSAGE - 1] + '…'
    return f'{text} ({r.tool}, {posixpath.basename(r.source)})' if text else f'{r.rule_id} ({posixpath.basename(r.source)})'


def as_finding(r: ForeignResult, file: ChangedFile) -> Finding:
    """A result at its place in `file` as an aiguard Finding: its fingerprint hashes the
    flagged line (published only salted and slow for a secret), never the message."""
    assert r.path is not None
    line_text = file.line_text(r.line)
    return Finding(
        rule_id=r.rule_id, category=r.category, severity=r.severity, path=r.path, line=r.line,
        column=r.column, message=redacted_message(r, line_text), cwe=r.cwe,
        fingerprint=fingerprint(r.rule_id, r.path, line_text or r.message), confidence='medium',
        end_line=min(r.end_line, len(file.lines)) if r.end_line and r.end_line > r.line else None,
    )


@records.record
class Judged:
    findings: list[Finding]
    suppressed: int = 0
    baselined: int = 0
    notices: list[str] = records.field(default_factory=list)


def judge(results: Sequence[ForeignResult], files: Mapping[str, ChangedFile], ai_for: Callable[[str], bool],
          policy: Policy, baseline: Baseline, sources: Sequence[str]) -> Judged:
    """The results that belong to the change (`files`: the version each tool scanned, with the
    lines the change adds), through the gate like aiguard's own findings."""
    from aiguard.gate import apply

    out = Judged([])
    raw: dict[bool, list[Finding]] = {True: [], False: []}
    outside = {s: 0 for s in sources}
    elsewhere = {s: 0 for s in sources}
    stale = {s: 0 for s in sources}
    counted = {s: 0 for s in sources}
    for r in results:
        file = files.get(r.path) if r.path is not None else None
        if r.path is None:
            outside[r.source] += 1
            continue
        if file is None:
            elsewhere[r.source] += 1
            continue
        if r.line < 1 or r.line > max(1, len(file.lines)):
            stale[r.source] += 1  # the tool read another version of the file
            continue
        found = as_finding(r, file)  # its end line is cut to the file's: a line count bounds every walk
        if file.counts(found.line, found.end_line):
            counted[r.source] += 1
        raw[ai_for(r.path)].append(found)
    for ai, group in raw.items():
        if group:
            gated = apply(group, dict(files), policy, ai, baseline)
            out.findings.extend(gated.findings)
            out.suppressed += gated.suppressed
            out.baselined += gated.baselined
    per_source = {s: 0 for s in sources}
    for r in results:
        per_source[r.source] += 1
    for s in sources:
        parts = [f'{per_source[s]} result(s), {counted[s]} on lines this change adds']
        if elsewhere[s]:
            parts.append(f'{elsewhere[s]} in files this change does not touch (not judged)')
        if outside[s]:
            parts.append(f'{outside[s]} without a location in the repository (never block)')
        if stale[s]:
            parts.append(f'{stale[s]} on a line the file does not have: the tool read another version (not judged)')
        out.notices.append(f'SARIF {s}: ' + ', '.join(parts))
    return out
