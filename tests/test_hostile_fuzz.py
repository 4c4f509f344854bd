"""Property-based fuzzing of each engine's scan() and of the attribution inputs.

The text is built from pieces of each engine's own rules (regex literals,
keywords, the documented bad and good examples) mixed with odd separators,
and with planted secrets. Whatever comes out: no exception, findings on real
lines, and no planted value in any message.
"""
from __future__ import annotations

import functools
import re
import string

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from aiguard import config
from aiguard.attribution import attribute_pending
from aiguard.attribution import env as attribution_env
from aiguard.attribution.model import agent_evidence
from aiguard.attribution.tagging import wanted_trailers
from aiguard.changes import ChangedFile
from aiguard.findings import Finding
from aiguard.rules import load_pack
from aiguard.scanners import ScanContext, load, patterns
from tests.repo import AGENT_VARS
from tests.secrets_corpus import github_checksummed

pytestmark = pytest.mark.slow  # every case here takes seconds: `pytest -m "not slow"` skips them

FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

ALNUM = string.ascii_letters + string.digits
UPPER_DIGITS = string.ascii_uppercase + string.digits

# Secrets in formats the secrets engine knows, random each time (built here, never stored).
planted_secrets = st.one_of(
    st.text(UPPER_DIGITS, min_size=16, max_size=16).map(lambda s: 'AKIA' + s),
    st.text(ALNUM, min_size=30, max_size=30).map(lambda s: github_checksummed('ghp_', s)),
    st.text(ALNUM, min_size=20, max_size=20).map(lambda s: 'glpat-' + s),
    st.text(ALNUM, min_size=24, max_size=40).map(lambda s: 'Zx9' + s),  # generic high-entropy value
)
SECRET_SETTINGS = ('{}', 'K = "{}"', "api_key='{}'", 'password: {}', '"token": "{}",',
                   'export SECRET={}', 'Authorization: Bearer {}', 'https://u:{}@db.example.com/x')
ODD = ('\n', '\n', '\n', '\r\n', '\r', '\t', ' ', '    ', '\x0c', '\x0b', '\u2028', '\x85', '\ufeff',
       '"', "'", '`', '#', '//', '/*', '*/', '\\', '{', '}', '[', ']', '(', ')', ':', '=', ',', ';',
       '${{', '}}', '${', '- ', '&a ', '*a', '---\n', 'é', '\U0001F916', '\ufffd')


def _regex_literals(source: str) -> list[str]:
    """Literal pieces of a regex: words and punctuation, escapes undone."""
    return re.findall(r'[A-Za-z_][A-Za-z0-9_.-]{1,30}', source) + re.findall(r'\\([^\w\s])', source)


def _rule_text(pack: str) -> list[str]:
    out: list[str] = []
    for rule in load_pack(pack).values():
        out += [rule.example, rule.use_instead]
        for key in ('pattern', 'not_pattern', 'file_pattern', 'not_file_pattern', 'value', 'context'):
            if isinstance(rule.data.get(key), str):
                out += _regex_literals(rule.data[key])
        for pat in rule.data.get('patterns') or ():
            out += _regex_literals(pat)
        out += [k for k in rule.data.get('keywords') or () if isinstance(k, str)]
        out += [c for c in rule.data.get('contains') or () if isinstance(c, str)]
        examples = rule.data.get('examples') or {}
        for side in ('bad', 'good'):
            out += [e for e in examples.get(side) or () if isinstance(e, str)]
    return [p for p in out if p]


@functools.lru_cache(maxsize=None)
def fragments(engine: str) -> tuple[str, ...]:
    packs = {'secrets': ['secrets'], 'python': ['python'], 'patterns': list(patterns.PACKS)}[engine]
    pieces = [p for pack in packs for p in _rule_text(pack)]
    # whole examples are long: also offer their lines, so pieces of code get mixed
    lines = [line for p in pieces for line in p.split('\n') if line.strip()]
    return tuple(dict.fromkeys(pieces + lines))


def text_for(engine: str, odd: tuple[str, ...] = ODD) -> st.SearchStrategy[tuple[str, list[str]]]:
    """Text from the engine's fragments, odd characters and planted secrets; and the secrets."""
    piece = st.one_of(
        st.sampled_from(fragments(engine)),
        st.sampled_from(odd),
        st.tuples(st.sampled_from(SECRET_SETTINGS), planted_secrets).map(lambda t: ('secret', t[0], t[1])),
        st.text(max_size=12),
    )

    def join(parts: list) -> tuple[str, list[str]]:
        out, secrets = [], []
        for p in parts:
            if isinstance(p, tuple):
                out.append(p[1].format(p[2]))
                secrets.append(p[2])
            else:
                out.append(p)
        return ''.join(out), secrets

    return st.lists(piece, max_size=40).map(join)


def check_findings(found: list[Finding], f: ChangedFile, secrets: list[str]) -> None:
    nlines = max(len(f.lines), 1)
    for x in found:
        assert isinstance(x, Finding) and x.path == f.path
        assert 1 <= x.line <= nlines, (x.rule_id, x.line, nlines)
        assert x.column >= 1, (x.rule_id, x.column)
        assert x.end_line is None or x.line <= x.end_line <= nlines, (x.rule_id, x.line, x.end_line)
        for s in secrets:
            assert s not in x.message, (x.rule_id, x.message)


def scan_one(engine: str, path: str, content: bytes) -> tuple[list[Finding], ChangedFile, ScanContext]:
    f = ChangedFile(path, '0' * 40, content)
    ctx = ScanContext('/nonexistent', config.Config())
    return load(engine).scan([f], ctx), f, ctx


def check_skips(ctx: ScanContext, engine: str, secrets: list[str]) -> None:
    for s in ctx.skipped:
        assert s.engine == engine
        assert not any(secret in s.reason for secret in secrets), s.reason


SECRET_PATHS = ('settings.py', '.env', 'src/app.js', 'notes.txt', 'deploy/app.yaml', 'docs/setup.md')


@given(text_for('secrets'), st.sampled_from(SECRET_PATHS))
@FUZZ
def test_secrets_engine_on_generated_text(case: tuple[str, list[str]], path: str) -> None:
    text, secrets = case
    found, f, ctx = scan_one('secrets', path, text.encode('utf-8', 'surrogatepass'))
    check_findings(found, f, secrets)
    check_skips(ctx, 'secrets', secrets)


PATTERN_PATHS = tuple(p.sample for p in patterns.PACKS.values()) + (
    '.gitlab-ci.yml', 'Containerfile', 'compose.yaml')


@given(text_for('patterns'), st.sampled_from(PATTERN_PATHS))
@FUZZ
def test_patterns_engine_on_generated_text(case: tuple[str, list[str]], path: str) -> None:
    text, secrets = case
    found, f, ctx = scan_one('patterns', path, text.encode('utf-8', 'surrogatepass'))
    check_findings(found, f, secrets)
    check_skips(ctx, 'patterns', secrets)


@given(text_for('patterns'))
@FUZZ
def test_patterns_engine_on_yaml_headed_text(case: tuple[str, list[str]]) -> None:
    # a manifest header makes the k8s pack (and its YAML checks) read the rest
    text, secrets = case
    found, f, ctx = scan_one('patterns', 'deploy/app.yaml', ('apiVersion: v1\n' + text).encode('utf-8', 'surrogatepass'))
    check_findings(found, f, secrets)
    check_skips(ctx, 'patterns', secrets)


# A lone '\r' ends a line for Python's tokenizer but not for git; the python
# engine's line numbers then drift from git's (reported; not fuzzed here).
PY_ODD = tuple(c for c in ODD if c != '\r')


@given(text_for('python', PY_ODD))
@FUZZ
def test_python_engine_on_generated_text(case: tuple[str, list[str]]) -> None:
    text, secrets = case
    found, f, ctx = scan_one('python', 'app/views.py', text.encode('utf-8', 'surrogatepass'))
    check_findings(found, f, secrets)
    check_skips(ctx, 'python', secrets)
    if not found:
        return
    assert not ctx.skipped  # a file is either scanned or skipped


PY_SEPARATORS = ('\n', '\r\n', '\n\n', '\n\x0c\n', '\n# \u2028 comment\n', '\n\t\n')


@functools.lru_cache(maxsize=None)
def python_examples() -> tuple[str, ...]:
    """The python pack's documented examples that parse on their own."""
    import ast

    out = []
    for rule in load_pack('python').values():
        for text in (rule.example, rule.use_instead):
            try:
                ast.parse(text)
            except SyntaxError:
                continue
            out.append(text.strip('\n'))
    return tuple(out)


@given(st.lists(st.one_of(st.sampled_from(python_examples()),
                          st.tuples(st.sampled_from(('K', 'api_key', 'password', 'TOKEN')), planted_secrets)),
                min_size=1, max_size=12),
       st.sampled_from(PY_SEPARATORS), st.booleans())
@FUZZ
def test_python_engine_on_joined_examples(parts: list, sep: str, bom: bool) -> None:
    secrets = [p[1] for p in parts if isinstance(p, tuple)]
    text = sep.join(f'{p[0]} = "{p[1]}"' if isinstance(p, tuple) else p for p in parts) + sep
    found, f, ctx = scan_one('python', 'app/views.py', (('\ufeff' if bom else '') + text).encode())
    check_findings(found, f, secrets)
    check_skips(ctx, 'python', secrets)
    assert not ctx.skipped  # valid Python is never skipped
    for x in found:  # the finding's line holds code the example put there
        assert f.line_text(x.line).strip(), (x.rule_id, x.line)


# --- attribution: the environment ----------------------------------------------------

ENV_NAMES = tuple(sorted({n for r in attribution_env.ENV_RULES for n in r.names} | AGENT_VARS))
IDENT = {'GIT_AUTHOR_NAME': 'Ada Human', 'GIT_AUTHOR_EMAIL': 'ada@example.com',
         'GIT_COMMITTER_NAME': 'Ada Human', 'GIT_COMMITTER_EMAIL': 'ada@example.com'}
env_values = st.one_of(
    st.sampled_from(['1', 'true', 'TRUE', ' true ', '0', '', ' ', 'amp', 'crush', 'vscode', 'cat', 'cursor',
                     'agent-exec', 'codex_web_agent', '/home/jules', 'swebot', 'AWS_ECS_amazonq']),
    st.text(max_size=30),
    st.text(ALNUM, min_size=20, max_size=40).map(lambda s: 'zq' + s),  # a session id: never shown
)
declared = st.one_of(st.sampled_from(['none', 'NONE', 'claude-code', 'Claude Code: opus-4', 'aider', 'cursor:',
                                      ':', 'codex:gpt-5\nSigned-off-by: Mallory <m@x>', 'x' * 10_000]),
                     st.text(max_size=60))


@given(st.dictionaries(st.sampled_from(ENV_NAMES), env_values, max_size=8),
       st.one_of(st.none(), declared), st.one_of(st.none(), st.text(max_size=40)))
@FUZZ
def test_attribution_of_any_environment(environ: dict[str, str], ai: str | None, model: str | None) -> None:
    env = {**environ, **IDENT}
    if ai is not None:
        env['AIGUARD_AI'] = ai
    if model is not None:
        env['AIGUARD_MODEL'] = model
    verdict = attribute_pending('/nonexistent', config.Config(), (), None, env)
    assert 0 <= verdict.score <= 100
    shown = ' '.join(verdict.reasons) + ' '.join(s.reason for s in verdict.signals)
    for name, value in environ.items():
        if value.startswith('zq'):
            assert value not in shown, name  # evidence names variables, never their values
    for item in wanted_trailers(verdict, 'Subject\n', config.TagConfig()):
        key, sep, value = item.partition(': ')
        assert key in ('Assisted-by', 'AI-Assisted') and sep and value.strip()
        assert '\n' not in item and '\r' not in item  # nothing can smuggle a second trailer in
        assert 'Signed-off-by' not in value and 'Co-authored-by' not in value
    if ai is not None and ai.strip().lower() == 'none':
        # a declaration of no AI use never outweighs the agent's own session (issue 14)
        assert verdict.declared_human
        assert not verdict.ai_assisted or agent_evidence(verdict.signals)


# --- a pattern finding's detail quotes the file: never a secret in it ------------------

provider_secrets = st.one_of(
    st.text(UPPER_DIGITS, min_size=16, max_size=16).map(lambda s: 'AKIA' + s),
    st.text(ALNUM, min_size=30, max_size=30).map(lambda s: github_checksummed('ghp_', s)),
    st.text(ALNUM, min_size=20, max_size=20).map(lambda s: 'glpat-' + s),
)
DETAIL_TEMPLATES = [
    ('Dockerfile', 'DOCKER001', 'FROM registry.example.com/{}/app\nUSER app\n'),
    ('deploy/app.yaml', 'K8S005',
     'apiVersion: v1\nkind: Pod\nspec:\n  volumes:\n    - hostPath:\n        path: /etc/{}\n'),
    ('deploy/app.yaml', 'K8S005',
     'apiVersion: v1\nkind: Pod\nspec:\n  volumes:\n    - hostPath: {{path: "/var/lib/kubelet/{}"}}\n'),
]


@given(st.sampled_from(DETAIL_TEMPLATES), provider_secrets)
@FUZZ
def test_a_pattern_detail_never_shows_a_secret(template: tuple[str, str, str], secret: str) -> None:
    path, rule_id, text = template
    content = text.format(secret).encode()
    assume(scan_one('secrets', path, content)[0])  # a value the secrets engine calls a secret
    found, f, _ = scan_one('patterns', path, content)
    assert rule_id in {x.rule_id for x in found}  # the finding stays, its detail is withheld
    check_findings(found, f, [secret])


# --- many key ids: one line of thousands, or thousands of lines ------------------------

B32 = string.ascii_uppercase + '234567'
B64 = string.ascii_letters + string.digits + '/+'
aws_ids = st.tuples(st.sampled_from(('AKIA', 'ASIA')), st.text(B32, min_size=16, max_size=16)).map(''.join)
aws_halves = st.text(B64, min_size=40, max_size=40).filter(
    lambda v: any(c.isupper() for c in v) and any(c.islower() for c in v) and any(c.isdigit() for c in v))


@given(st.lists(st.tuples(aws_ids, st.one_of(st.none(), aws_halves)), min_size=1, max_size=300),
       st.sampled_from(('log', 'lines')))
@FUZZ
def test_many_key_ids_each_secret_half_once_and_no_span_twice(
        pairs: list[tuple[str, str | None]], shape: str) -> None:
    # a CloudTrail-style one-line log, or a file of id,secret lines: what once took minutes
    if shape == 'log':
        events = [f'{{"accessKeyId":"{i}"' + (f',"secretAccessKey":"{h}"}}' if h else '}') for i, h in pairs]
        text = '{"Records":[' + ','.join(events) + ']}\n'
    else:
        text = ''.join(f'{i},"{h}"\n' if h else f'{i}\n' for i, h in pairs)
    halves = [h for _, h in pairs if h]
    found, f, _ = scan_one('secrets', 'logs/trail.json', text.encode())
    check_findings(found, f, [i for i, _ in pairs] + halves)
    spans = sorted((x.line, x.column) for x in found)
    assert len(spans) == len(set(spans))  # one finding per value
    paired = [x for x in found if x.rule_id == 'SEC003']
    assert len(paired) <= len(halves)


@given(st.lists(st.tuples(st.integers(0, 400), st.integers(1, 40)), max_size=200))
@FUZZ
def test_secret_dedupe_keeps_what_comparing_every_pair_keeps(spans: list[tuple[int, int]]) -> None:
    from aiguard.scanners import secrets

    hits = [secrets._Hit('SEC007', s, s + n, 'v', 'v') for s, n in spans]
    naive: list[secrets._Hit] = []
    for h in hits:
        if not any(h.start < k.end and k.start < h.end for k in naive):
            naive.append(h)
    assert secrets._dedupe(hits) == naive
