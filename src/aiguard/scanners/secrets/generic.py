"""The generic layer (SEC006-SEC008): secret-named assignments found by extraction, then filtered."""
from __future__ import annotations

from collections.abc import Iterator

from aiguard.regexes import lazy
from aiguard.scanners import secret_filters as filters
from aiguard.scanners.secrets.providers import _keyword_lines, _merge
from aiguard.scanners.secrets.table import _table
from aiguard.scanners.secrets.text import _Hit, _Text

_MAX_LINE = 4000  # longer lines (minified code, data blobs) get provider rules only


_GENERIC_WORDS = ('pass', 'pwd', 'secret', 'tok', 'key', 'auth', 'cred', 'bearer', 'pw', '_pat')
_ASSIGN_HINT = lazy(r'''[=:,<>(]|\s[A-Za-z0-9]''')
_QUOTED_ASSIGN = lazy(
    r'''(?<![\w.\-$@\\])(?P<name>[A-Za-z_@$][\w.\-$@]{0,80}?|\[["'][\w.\-]{1,80}["']\])'''
    r'''(?P<close>["']?\]?["']?)'''
    r'''(?:\s{0,2}:\s{0,2}[A-Za-z_][\w\[\]., |]{0,40}?)?\s{0,3}'''
    r'''(?P<op>:=|=>|\?\?=|\|\|=|=(?!=)|:(?!:)|,)\s{0,4}'''
    r'''(?:[rRbBuU]{1,2}(?=["']))?(?P<q>["'`])(?P<value>[^"'`\n\\]{1,300})(?P=q)'''
)
_SETTER = lazy(  # setPassword("…"), withApiKey("…"), .token("…"): one literal argument
    r'''(?<![\w$])(?P<name>[A-Za-z_$][\w$]{0,60})\(\s{0,2}(?P<q>["'])(?P<value>[^"'\n\\]{6,300})(?P=q)\s{0,2}\)'''
)
_UNQUOTED_ASSIGN = lazy(
    r'''^\s{0,40}(?:export\s{1,4}|ENV\s{1,4}|ARG\s{1,4}|set\s{1,4}|SET\s{1,4}|-\s{1,4})?(?P<name>[A-Za-z_][\w.\-]{0,80})'''
    r'''\s{0,3}(?P<op>=|:|\s)\s{0,3}(?P<value>[^\s'"#;,{}\[\]()`][^\s'";,{}\[\]()`]{5,299})\s*(?:[#;].*)?$'''
)
_AUTH_PAIR = lazy(
    r'''(?:\bauth\s?=\s?\(|BasicAuth\(|DigestAuth\(|basic_auth\s?=\s?\(|\.auth\()\s?["'][^"'\n]{1,64}["']\s?,\s?'''
    r'''["'](?P<value>[^"'\n\\]{1,128})["']'''
)
_CLI_ARG = lazy(
    r'''(?:(?:^|\s)(?:-e|--env|--build-arg)\s+|(?:^|\s)--)(?P<name>[A-Za-z_][\w.\-]{0,60})[= ]'''
    r'''(?P<q>["']?)(?P<value>[^\s"'`;|&]{6,300})(?P=q)(?=\s|$)'''
    r'''|^\s{0,40}(?:machine\s{1,9}\S{1,200}\s{1,9}login\s{1,9}\S{1,200}\s{1,9})?password\s{1,9}(?P<nvalue>\S{6,300})\s{0,40}$'''  # .netrc
)
_ENV_LINE = lazy(r'\s{0,40}(?:export\s{1,4})?[A-Z][A-Z0-9_]{2,80}=')
_XML_ELEMENT = lazy(r'<(?P<name>[\w:.\-]{1,60})>(?P<value>[^<\s]{6,300})</(?P=name)>')
_XML_ADD = lazy(r'''<add\s+key=["'](?P<name>[^"']{1,80})["']\s+value=["'](?P<value>[^"']{6,300})["']''')
_AUTH_HEADER = lazy(
    r'(?i)authorization["\']?\s?[:=,]\s?["\']?\s?(?:bearer|token|basic)\s+(?P<value>[A-Za-z0-9._~+/=\-]{16,500})'
)
_ENV_DEFAULT = lazy(
    r'''(?:os\.getenv|os\.environ\.get|environ\.get|getenv|env\.str|env|config|ENV\.fetch|System\.getenv\(\)\.getOrDefault|'''
    r'''Environment\.GetEnvironmentVariable)\(\s*["'](?P<name>[\w.\-]{1,80})["']\s*,\s*(?:default\s*=\s*)?'''
    r'''(?P<q>["'])(?P<value>[^"'\n\\]{1,300})(?P=q)'''
    r'''|process\.env(?:\.(?P<jsname>\w{1,80})|\[["'](?P<jsname2>[\w.\-]{1,80})["']\])\s*(?:\|\||\?\?)\s*(?P<jq>["'`])(?P<jsvalue>[^"'`\n\\]{1,300})(?P=jq)'''
    r'''|\$\{(?P<shname>\w{1,80}):?-(?P<shvalue>[^}\s'"]{1,300})\}'''
    r'''|ENV\[["'](?P<rbname>\w{1,80})["']\]\s*\|\|\s*(?P<rq>["'])(?P<rbvalue>[^"'\n\\]{1,300})(?P=rq)'''
)


_OAUTH2_BEARER = lazy(r'''--oauth2-bearer\s{1,4}["']?(?P<value>[A-Za-z0-9._~+/=\-]{16,500})''')


def _docs_auth_headers(doc: _Text, low: str) -> Iterator[_Hit]:
    """A curl example's `Authorization: Bearer …` in docs: reported only when the token looks
    machine-made (the docs filter), so `Bearer <token>`, `$TOKEN` and `YOUR_TOKEN` stay quiet."""
    text = doc.text
    spans = _merge(_keyword_lines(low, 'authorization') + _keyword_lines(low, '--oauth2-bearer'))
    for lo, hi in spans:
        if hi - lo > _MAX_LINE:
            continue
        line = text[lo:hi]
        for m in (*_AUTH_HEADER.finditer(line), *_OAUTH2_BEARER.finditer(line)):
            hit = _judge(doc, 'SEC007', 'Authorization', m.group('value'), lo + m.start('value'), line)
            if hit:
                yield hit


def _generic(doc: _Text, low: str) -> Iterator[_Hit]:
    text = doc.text
    unquoted = doc.kind in ('config', 'docs') or doc.path.endswith(('Dockerfile', '.env'))
    # str.find per trigger word is much faster than one alternation regex
    spans = _merge([w for word in _GENERIC_WORDS for w in _keyword_lines(low, word)])
    for lo, hi in spans:
        if hi - lo <= _MAX_LINE and _ASSIGN_HINT.search(text, lo, hi):
            for a, b in _line_bounds(text, lo, hi):
                yield from _generic_line(doc, text[a:b], a, unquoted)


def _line_bounds(text: str, lo: int, hi: int) -> Iterator[tuple[int, int]]:
    while lo <= hi:
        end = text.find('\n', lo, hi)
        end = hi if end < 0 else end
        yield lo, end
        lo = end + 1


def _generic_line(doc: _Text, line: str, lo: int, unquoted: bool) -> Iterator[_Hit]:
    quoted = '"' in line or "'" in line or '`' in line
    if '${' in line or quoted and ('env' in line or 'ENV' in line or 'config(' in line):
        yield from _env_defaults(doc, line, lo)
    if quoted:
        yield from _quoted(doc, line, lo)
    if quoted and 'uth' in line:
        for m in _AUTH_PAIR.finditer(line):
            hit = _judge(doc, 'SEC007', 'password', m.group('value'), lo + m.start('value'), line)
            if hit:
                yield hit
    if 'uthorization' in line or 'UTHORIZATION' in line:
        for m in _AUTH_HEADER.finditer(line):
            hit = _judge(doc, 'SEC007', 'Authorization', m.group('value'), lo + m.start('value'), line)
            if hit:
                yield hit
    if '<' in line and '>' in line:
        for rx in (_XML_ELEMENT, _XML_ADD):
            for m in rx.finditer(line):
                hit = _judge(doc, _generic_rule(m.group('name')), m.group('name'), m.group('value'),
                             lo + m.start('value'), line)
                if hit:
                    yield hit
    if '-' in line or 'password' in line:
        for m in _CLI_ARG.finditer(line):
            name = m.group('name') or 'password'
            group = 'value' if m.group('value') is not None else 'nvalue'
            hit = _judge(doc, _generic_rule(name), name, m.group(group), lo + m.start(group), line)
            if hit is None and group == 'nvalue' and doc.path.rsplit('/', 1)[-1] in ('.netrc', '_netrc') and \
                    filters.is_uuid(m.group(group)) and not filters.line_says_fake(line):
                # a UUID is an id in code, but a .netrc password is a password (Heroku's API keys are UUIDs)
                hit = _Hit('SEC007', lo + m.start(group), lo + m.end(group), m.group(group), m.group(group))
            if hit:
                yield hit
    if unquoted or _ENV_LINE.match(line):
        assign = _UNQUOTED_ASSIGN.match(line)
        if assign and (assign.group('op') != ' ' or line.lstrip().startswith(('ENV ', 'ARG '))):
            hit = _judge(doc, _generic_rule(assign.group('name')), assign.group('name'), assign.group('value'),
                         lo + assign.start('value'), line)
            if hit:
                yield hit


def _env_defaults(doc: _Text, line: str, lo: int) -> Iterator[_Hit]:
    for m in _ENV_DEFAULT.finditer(line):
        name = m.group('name') or m.group('jsname') or m.group('jsname2') or m.group('shname') or m.group('rbname')
        group = next(g for g in ('value', 'jsvalue', 'shvalue', 'rbvalue') if m.group(g) is not None)
        hit = _judge(doc, 'SEC008', name, m.group(group), lo + m.start(group), line)
        if hit:
            yield hit


def _quoted(doc: _Text, line: str, lo: int) -> Iterator[_Hit]:
    yield from _quoted_in(doc, line, line, lo)
    if '\\"' in line:  # code inside a JSON string (notebooks): \" -> ` "` keeps the offsets
        yield from _quoted_in(doc, line.replace('\\"', ' "'), line, lo)
    yield from _setters(doc, line, lo)


def _quoted_in(doc: _Text, view: str, line: str, lo: int) -> Iterator[_Hit]:
    for m in _QUOTED_ASSIGN.finditer(view):
        name = m.group('name').strip('[]"\'')
        # `f("password", "x")` and `setPassword("x")` pair a name and a value only by
        # position: demand a machine-made value (PHP's define('DB_PASSWORD', …) excepted)
        strict = m.group('op') == ',' and 'define(' not in line
        hit = _judge(doc, _generic_rule(name), name, m.group('value'), lo + m.start('value'), line,
                     strict=strict)
        if hit:
            yield hit


def _setters(doc: _Text, line: str, lo: int) -> Iterator[_Hit]:
    if '(' in line:
        for m in _SETTER.finditer(line):
            hit = _judge(doc, _generic_rule(m.group('name')), m.group('name'), m.group('value'),
                         lo + m.start('value'), line, strict=True)
            if hit:
                yield hit


def _generic_rule(name: str) -> str:
    """SEC006 for framework signing secrets, SEC007 for any other secret name."""
    return 'SEC006' if filters.is_framework_name(name) else 'SEC007'


def _judge(doc: _Text, rule: str, name: str, value: str, offset: int, line: str,
           strict: bool = False) -> _Hit | None:
    """A generic hit when `name` is a secret name and `value` survives every filter."""
    cls = filters.secret_class(name)
    if cls is None and rule == 'SEC006':
        cls = 'secret'
    if cls is None:
        return None
    if filters.generic_value(value, cls, 'strict' if strict else doc.kind) or filters.line_says_fake(line):
        return None
    if value.lower().startswith(_table().prefixes) or value.startswith('eyJ'):
        return None  # a provider's format (or a JWT) that its own rule rejected: malformed
    v = value.rstrip()
    for prefix in ('Bearer ', 'bearer ', 'Basic ', 'Token ', 'token '):
        if v.startswith(prefix):
            offset += len(prefix)
            v = v[len(prefix):]
    if filters.detect_secrets_filter(v, line):
        return None
    return _Hit(rule, offset, offset + len(v), v, v)
