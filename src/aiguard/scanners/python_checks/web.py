"""Web defaults and request data reaching templates, redirects, URLs and XML parsers."""
from __future__ import annotations

import ast
import re

from bandit.core import test_properties as test

from aiguard.scanners.python_checks import issue
from aiguard.scanners.python_checks.taint import (
    ancestors, arg, call_name, dotted, facts_of, is_built_string, is_constant, is_false, is_route,
    is_true, keyword, module_facts, names_in, scope_facts, text_of, walk_scope,
)


def _is_star(node: ast.AST | None) -> bool:
    if isinstance(node, ast.Constant):
        return node.value in ('*', '.*', r'.*')
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(_is_star(e) for e in node.elts)
    return False


def _header_value(node: ast.AST, header: str) -> ast.AST | None:
    """The value assigned to response.headers[header] (case-insensitive) by `node`, if any."""
    if isinstance(node, ast.Assign):
        for t in node.targets:
            if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and \
                    str(t.slice.value).lower() == header:
                return node.value
    return None


def _flask_cors_any_origin(call: ast.Call) -> bool:
    """flask-cors without an origin list (its default is '*'), with '*', or with resources whose origins are '*'."""
    origins = keyword(call, 'origins')
    if origins is not None:
        return _is_star(origins)
    resources = keyword(call, 'resources')
    if not isinstance(resources, ast.Dict):
        return resources is None or _is_star(resources)
    for options in resources.values:
        if not isinstance(options, ast.Dict):
            return True
        listed = {k.value: v for k, v in zip(options.keys, options.values) if isinstance(k, ast.Constant)}
        if 'origins' not in listed or _is_star(listed['origins']):
            return True
    return False


@test.checks('Call', 'Assign')
@test.test_id('PY030')
def cors_any_origin_with_credentials(context):
    """CORS that allows every (or the caller's own) origin together with credentials."""
    node = context.node
    if isinstance(node, ast.Call):
        name = call_name(node)
        if name == 'CORS' or dotted(node.func).endswith('cross_origin'):
            if is_true(keyword(node, 'supports_credentials')) and _flask_cors_any_origin(node):
                return issue('PY030', 'CORS allows any origin with credentials', node)
        if name == 'add_middleware' and node.args and dotted(node.args[0]).endswith('CORSMiddleware'):
            if is_true(keyword(node, 'allow_credentials')) and (
                    _is_star(keyword(node, 'allow_origins')) or _is_star(keyword(node, 'allow_origin_regex'))):
                return issue('PY030', 'CORSMiddleware allows any origin with credentials', node)
        return None
    for t in node.targets:
        if isinstance(t, ast.Name) and t.id in ('CORS_ALLOW_ALL_ORIGINS', 'CORS_ORIGIN_ALLOW_ALL') and is_true(node.value):
            creds = module_facts(node).assigns.get('CORS_ALLOW_CREDENTIALS', [])
            if any(is_true(v) for v in creds):
                return issue('PY030', f'{t.id} = True with CORS_ALLOW_CREDENTIALS = True', node)
    origin = _header_value(node, 'access-control-allow-origin')
    if origin is not None:
        scope = scope_facts(node)
        reflected = scope.is_tainted(origin, checked=True, cli=False)
        allows_credentials = any(
            _header_value(n, 'access-control-allow-credentials') is not None for n in walk_scope(scope.node))
        if allows_credentials and reflected:  # browsers refuse a literal * with credentials; echoing works
            return issue('PY030', 'Access-Control-Allow-Origin echoes any origin while allowing credentials', node)
    return None


COOKIE_SETTINGS = frozenset((
    'SESSION_COOKIE_SECURE', 'SESSION_COOKIE_HTTPONLY', 'CSRF_COOKIE_SECURE', 'REMEMBER_COOKIE_SECURE',
    'REMEMBER_COOKIE_HTTPONLY', 'CSRF_COOKIE_HTTPONLY', 'JWT_COOKIE_SECURE',
))
SENSITIVE_COOKIE = re.compile(r'session|token|auth|jwt|sid|remember|access|refresh|login', re.I)


def _setting_name(t: ast.AST) -> str:
    if isinstance(t, ast.Name):
        return t.id
    if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant):
        return str(t.slice.value)
    return ''


@test.checks('Assign', 'Call')
@test.test_id('PY031')
def insecure_cookie(context):
    """Session/auth cookies without Secure or HttpOnly."""
    node = context.node
    if isinstance(node, ast.Assign):
        for t in node.targets:
            name = _setting_name(t)
            if name in COOKIE_SETTINGS and is_false(node.value):
                return issue('PY031', f'{name} = False sends the cookie over plain HTTP or to scripts', node)
        return None
    if call_name(node) in ('update', 'from_mapping'):
        for kw in node.keywords:
            if kw.arg in COOKIE_SETTINGS and is_false(kw.value):
                return issue('PY031', f'{kw.arg}=False sends the cookie over plain HTTP or to scripts', node)
        return None
    if call_name(node) != 'set_cookie':
        return None
    for flag in ('secure', 'httponly'):
        if is_false(keyword(node, flag)):
            return issue('PY031', f'set_cookie({flag}=False)', node)
    cookie = arg(node, 0, 'key')
    if isinstance(cookie, ast.Constant) and SENSITIVE_COOKIE.search(str(cookie.value)):
        missing = [f for f in ('secure', 'httponly') if keyword(node, f) is None]
        if missing:
            return issue('PY031', f'cookie {cookie.value!r} is set without {" and ".join(missing)}', node)
    return None


@test.checks('Assign')
@test.test_id('PY032')
def allowed_hosts_any(context):
    """Django ALLOWED_HOSTS containing '*'."""
    node = context.node
    for t in node.targets:
        if isinstance(t, ast.Name) and t.id == 'ALLOWED_HOSTS' and _is_star(node.value):
            return issue('PY032', "ALLOWED_HOSTS = ['*'] accepts any Host header", node)
    return None


@test.checks('Call')
@test.test_id('PY033')
def template_from_data(context):
    """render_template_string / Template() / from_string() given a template built from data."""
    call = context.node
    name = call_name(call)
    if name not in ('render_template_string', 'from_string', 'Template', 'render_string'):
        return None
    if name == 'Template' and 'jinja2' not in (context.call_function_name_qual or '') and \
            'render' not in _later_calls(call):
        return None
    source = arg(call, 0, 'source')
    scope = scope_facts(call)
    if source is None or is_constant(source, scope):
        return None
    if scope.is_tainted(source) or is_built_string(source, scope):
        return issue('PY033', f'{name}() compiles a template built from data (server-side template injection)', call)
    func = scope.node
    if isinstance(source, ast.Name) and isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) and \
            source.id in {a.arg for a in func.args.args + func.args.kwonlyargs} and source.id not in scope.assigns:
        return issue('PY033', f'{name}() compiles a template handed in by the caller (server-side template injection)', call)
    return None


@test.checks('Call')
@test.test_id('PY034')
def jinja_autoescape_off(context):
    """A jinja2 Environment created with autoescape=False."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if qual.endswith('Environment') and 'jinja2' in qual and is_false(keyword(call, 'autoescape')):
        return issue('PY034', 'jinja2 autoescape=False renders data as raw HTML', call)
    return None


def _later_calls(call: ast.AST) -> set[str]:
    p = getattr(call, '_bandit_parent', None)
    return {p.attr} if isinstance(p, ast.Attribute) else set()


HTML_TEXT = re.compile(r'<\s*[a-zA-Z/!]')
RESPONSE_BUILDERS = frozenset(('make_response', 'HttpResponse', 'HTMLResponse', 'Response'))
MARKUP = frozenset(('Markup', 'mark_safe', 'SafeString', 'SafeText', 'format_html'))


QUERY_PARTS = frozenset(('args', 'form', 'values', 'GET', 'POST', 'cookies', 'COOKIES', 'query_params', 'query'))


def _from_query(value: ast.AST, scope, depth: int = 0) -> bool:
    """Built from a query-string or form field (request.args/form/GET/POST), directly or through a local."""
    for n in ast.walk(value):
        if isinstance(n, ast.Attribute) and n.attr in QUERY_PARTS and dotted(n.value) == 'request':
            return True
        if isinstance(n, ast.Name) and depth < 2 and any(
                _from_query(v, scope, depth + 1) for v in scope.assigns.get(n.id, ())):
            return True
    return False


def _html_with_data(value: ast.AST | None, scope) -> bool:
    """HTML text with request data spliced in; plain text counts when the data is a query or form field."""
    if value is None or not is_built_string(value, scope) or not scope.is_tainted(value, cli=False):
        return False
    return bool(HTML_TEXT.search(text_of(value, scope))) or _from_query(value, scope)


@test.checks('Call', 'Return')
@test.test_id('PY034')
def html_from_request(context):
    """Request data in HTML that is not escaped: Markup/mark_safe, or an HTML string returned by a view."""
    node = context.node
    if isinstance(node, ast.Call):
        name = call_name(node)
        if name not in MARKUP and name not in RESPONSE_BUILDERS and name != 'render_template_string':
            return None  # decide by name before the (per-function) taint analysis
        scope = scope_facts(node)
        if name in MARKUP:
            content = arg(node, 0)
            if content is not None and not is_constant(content, scope) and (
                    scope.is_tainted(content) or is_built_string(content, scope)):
                return issue('PY034', f'{name}() marks text built from data as safe HTML', node)
        elif name in RESPONSE_BUILDERS and _html_with_data(arg(node, 0, 'content'), scope):
            return issue('PY034', f'{name}() sends HTML with unescaped request data', node)
        elif name == 'render_template_string' and re.search(r'\|\s*safe\b|autoescape\s+false', text_of(arg(node, 0), scope)) \
                and any(scope.is_tainted(k.value, cli=False) for k in node.keywords):
            return issue('PY034', 'request data is rendered with |safe (autoescaping off)', node)
        return None
    func = next((a for a in ancestors(node) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if func is None or not is_route(func) or _is_fastapi_json(context):
        return None
    value = node.value.elts[0] if isinstance(node.value, ast.Tuple) and node.value.elts else node.value
    if _html_with_data(value, facts_of(func)):
        return issue('PY034', 'the view returns HTML with unescaped request data', node)
    return None


def _is_fastapi_json(context) -> bool:
    imports = context._context.get('imports', set())
    return any(i.startswith('fastapi') for i in imports) and not any(i.startswith('flask') for i in imports)


REDIRECTS = frozenset(('redirect', 'RedirectResponse', 'HttpResponseRedirect', 'HttpResponsePermanentRedirect'))
URL_CHECKS = frozenset(('url_has_allowed_host_and_scheme', 'is_safe_url', 'urlparse', 'urlsplit', 'is_safe_redirect'))


@test.checks('Call')
@test.test_id('PY035')
def redirect_to_request_data(context):
    """redirect() to a URL taken from the request without checking its host."""
    call = context.node
    if call_name(call) not in REDIRECTS:
        return None
    target = arg(call, 0, 'url') or keyword(call, 'redirect_to') or keyword(call, 'location')
    scope = scope_facts(call)
    if target is None or not scope.is_tainted(target, checked=True, cli=False) or scope.calls & URL_CHECKS:
        return None
    return issue('PY035', f'{call_name(call)}() to a URL from the request (open redirect)', call)


HTTP_CLIENTS = frozenset(('requests', 'httpx', 'urllib.request', 'urllib', 'aiohttp', 'urllib3'))
HTTP_VERBS = frozenset(('get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'request', 'urlopen', 'stream', 'Request'))


def _host_is_fixed(url: ast.AST, scope) -> bool:
    """An f-string or concatenation whose constant prefix already names the host."""
    if isinstance(url, ast.Name):
        values = scope.assigns.get(url.id, [])
        return bool(values) and all(_host_is_fixed(v, scope) for v in values)
    prefix = ''
    if isinstance(url, ast.JoinedStr):
        for v in url.values:
            if isinstance(v, ast.Constant):
                prefix += str(v.value)
            elif is_constant(v, scope):
                prefix += 'https://constant/'
            else:
                break
    elif isinstance(url, ast.BinOp) and isinstance(url.op, ast.Add):
        left = url.left
        while isinstance(left, ast.BinOp) and isinstance(left.op, ast.Add):
            left = left.left
        if is_constant(left, scope):
            prefix = str(left.value) if isinstance(left, ast.Constant) else 'https://constant/'
    elif isinstance(url, ast.Call) and call_name(url) == 'format' and isinstance(url.func, ast.Attribute) \
            and isinstance(url.func.value, ast.Constant):
        prefix = str(url.func.value.value).split('{', 1)[0]
    elif isinstance(url, ast.Call) and call_name(url) == 'urljoin' and url.args:
        return is_constant(url.args[0], scope)
    return bool(re.match(r'^(?:[a-z]+://[^/{]+/|/)', prefix)) or prefix == 'https://constant/'


@test.checks('Call')
@test.test_id('PY036')
def request_to_client_chosen_url(context):
    """The server fetches a URL whose host comes from the request (SSRF)."""
    call = context.node
    qual = context.call_function_name_qual or ''
    verb = qual.split('.')[-1]
    module = qual.rsplit('.', 1)[0] if '.' in qual else ''
    receiver = call.func.value if isinstance(call.func, ast.Attribute) else None
    is_client = module in HTTP_CLIENTS or (receiver is not None and re.search(
        r'session|client|http', dotted(receiver), re.I)) or qual in ('urlopen', 'urllib.request.urlopen')
    if verb not in HTTP_VERBS or not is_client:
        return None
    if receiver is not None and re.search(r'(?:^|[._])(?:db|database|orm|sql\w*)(?:$|[._])', dotted(receiver), re.I):
        return None  # db.session.get(Note, note_id) / db.session.delete(note): an ORM session, not HTTP
    url = arg(call, 1, 'url') if verb == 'request' else arg(call, 0, 'url')
    if isinstance(url, ast.Name) and url.id[:1].isupper() and verb == 'get' and len(call.args) >= 2:
        return None  # session.get(Model, pk): SQLAlchemy's signature
    scope = scope_facts(call)
    if url is None or not scope.is_tainted(url, checked=True, cli=False) or _host_is_fixed(url, scope):
        return None
    if scope.calls & {'urlparse', 'urlsplit', 'ip_address', 'gethostbyname', 'is_private'}:
        return None
    return issue('PY036', f'{qual}() fetches a URL taken from the request (SSRF)', call)


XML_PARSE = frozenset((
    'xml.etree.ElementTree.fromstring', 'xml.etree.ElementTree.parse', 'xml.etree.ElementTree.XML',
    'xml.etree.ElementTree.iterparse', 'xml.etree.cElementTree.fromstring', 'xml.etree.cElementTree.parse',
    'xml.dom.minidom.parseString', 'xml.dom.minidom.parse', 'xml.sax.parseString', 'xml.sax.parse',
    'xml.dom.pulldom.parseString', 'xml.dom.pulldom.parse', 'lxml.etree.fromstring', 'lxml.etree.parse',
    'lxml.etree.XML', 'lxml.etree.iterparse', 'xmltodict.parse',
))


@test.checks('Call')
@test.test_id('PY037')
def xml_external_entities(context):
    """XML parsers that resolve external entities, or stdlib/lxml parsing request data."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if qual.startswith('defusedxml'):
        return None
    if qual.endswith('XMLParser') and 'lxml' in qual or qual == 'XMLParser':
        if is_true(keyword(call, 'resolve_entities')) or is_false(keyword(call, 'no_network')) \
                or is_true(keyword(call, 'load_dtd')):
            return issue('PY037', 'this XML parser resolves external entities (XXE)', call)
        return None
    if call_name(call) == 'setFeature' and len(call.args) == 2 and is_true(call.args[1]) and \
            re.search(r'external_(?:ges|pes)|external-general', dotted(call.args[0]) + text_of(call.args[0], scope_facts(call))):
        return issue('PY037', 'the SAX parser is told to load external entities (XXE)', call)
    if qual in XML_PARSE:
        data = arg(call, 0, 'source') or keyword(call, 'text')
        parser = arg(call, 1, 'parser') if 'lxml' in qual else None
        if data is not None and scope_facts(call).is_tainted(data) and parser is None:
            return issue('PY037', f'{qual}() parses XML from the request without defusedxml', call)
    return None


@test.checks('FunctionDef', 'AsyncFunctionDef', 'Assign', 'Call')
@test.test_id('PY038')
def csrf_protection_off(context):
    """@csrf_exempt on a view that verifies no signature, or CSRF protection switched off in settings."""
    node = context.node
    if isinstance(node, ast.Assign):
        for t in node.targets:
            name = t.id if isinstance(t, ast.Name) else str(t.slice.value) if isinstance(t, ast.Subscript) and \
                isinstance(t.slice, ast.Constant) else ''
            if name in ('WTF_CSRF_ENABLED', 'CSRF_ENABLED', 'WTF_CSRF_CHECK_DEFAULT') and is_false(node.value):
                return issue('PY038', f'{name} = False turns CSRF protection off', node)
        return None
    if isinstance(node, ast.Call):
        if dotted(node.func).endswith('csrf.exempt') and node.args:
            return issue('PY038', 'the view is exempted from CSRF protection', node)
        return None
    decorators = {dotted(d.func if isinstance(d, ast.Call) else d).split('.')[-1] for d in node.decorator_list}
    if 'csrf_exempt' not in decorators:
        return None
    names = {w for n in walk_scope(node) for w in names_in(n)} if node.body else set()
    if any(re.search(r'signature|hmac|compare_digest|verify|token|secret', w, re.I) for w in names):
        return None  # a webhook that authenticates its caller another way
    return issue('PY038', f'{node.name}() is exempt from CSRF protection', node, whole=False)


def _with_assigns(node: ast.AST, scope) -> list[ast.AST]:
    """`node` plus what the local names in it were assigned (one level)."""
    out = [node]
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out += scope.assigns.get(n.id, [])
    return out


UPLOAD_CHECKS = re.compile(r'allowed|extension|splitext|suffix|mimetype|content_type|endswith|imghdr|magic|filetype|what$|verify', re.I)


@test.checks('Call')
@test.test_id('PY006')
def upload_saved_unchecked(context):
    """An uploaded file is saved without checking its type or extension."""
    call = context.node
    if call_name(call) != 'save' or not isinstance(call.func, ast.Attribute):
        return None
    receiver = call.func.value
    scope = scope_facts(call)
    from_files = any(
        isinstance(n, ast.Attribute) and n.attr in ('files', 'FILES') and dotted(n.value) == 'request'
        for v in ([receiver] + scope.assigns.get(receiver.id, []) if isinstance(receiver, ast.Name) else [receiver])
        for n in ast.walk(v))
    if not from_files:
        return None
    target = arg(call, 0, 'dst')
    if target is None or not any(isinstance(n, ast.Attribute) and n.attr in ('filename', 'name')
                                 for v in _with_assigns(target, scope) for n in ast.walk(v)):
        return None  # saved under a name the server chose: the client does not pick the extension
    words = {w for n in walk_scope(scope.node) for w in names_in(n)} | {
        str(c) for c in scope.constants if isinstance(c, str)}
    if any(UPLOAD_CHECKS.search(w) for w in words) or any(w.startswith('.') and len(w) <= 6 for w in words):
        return None
    return issue('PY006', 'an uploaded file is saved without checking its type', call)


# What a module that sets security headers itself, or through a library, mentions.
HEADER_MARKERS = (
    'talisman', 'content-security-policy', 'x-frame-options', 'strict-transport-security',
    'x-content-type-options', 'secure_headers', 'secureheaders', 'security_headers', 'securityheaders',
)
APP_CLASSES = {'Flask': 'flask', 'FastAPI': 'fastapi'}


@test.checks('Call')
@test.test_id('PY052')
def app_without_security_headers(context):
    """A Flask or FastAPI app made in a module that sets no security header and uses no library for them."""
    call = context.node
    name = call_name(call)
    qual = context.call_function_name_qual or ''
    if name not in APP_CLASSES or qual != f'{APP_CLASSES[name]}.{name}':
        return None  # the framework's own class, imported from it
    module = module_facts(call).node
    words = getattr(module, '_aiguard_header_words', None)
    if words is None:
        parts: list[str] = []
        for n in ast.walk(module):
            if isinstance(n, ast.Constant) and isinstance(n.value, str):
                parts.append(n.value)
            elif isinstance(n, ast.Name):
                parts.append(n.id)
            elif isinstance(n, ast.Attribute):
                parts.append(n.attr)
            elif isinstance(n, (ast.Import, ast.ImportFrom)):
                parts.append(getattr(n, 'module', None) or '')
                parts.extend(a.name for a in n.names)
        words = '\n'.join(parts).lower()
        module._aiguard_header_words = words  # type: ignore[attr-defined]
    if any(m in words for m in HEADER_MARKERS) or re.search(r'(?m)^secure(?:\.|$)', words):
        return None
    return issue('PY052', f'{name}() app: no Content-Security-Policy, X-Frame-Options or HSTS header '
                          'is set in this module, nor a library for them', call)

