"""Authentication and sessions: JWT, secret keys, debug mode, comparisons, logout, BOLA, login."""
from __future__ import annotations

import ast
import re

from bandit.core import test_properties as test

from aiguard.scanners.python_checks import issue
from aiguard.scanners.secret_filters import env_fallback_is_secret, is_secret_env_name, placeholder
from aiguard.scanners.python_checks.taint import (
    ancestors, module_of, arg, call_name, decorator_names, dotted, is_false, is_route, is_true, keyword,
    facts_of, module_facts, names_in, scope_facts, scope_of, walk_scope,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aiguard.scanners.python_checks.taint import Function

SECRET_KEY_NAMES = frozenset(('SECRET_KEY', 'JWT_SECRET_KEY', 'JWT_SECRET', 'SECRET', 'secret_key', 'SESSION_SECRET'))
SECRETISH = re.compile(r'(?:^|_)(?:password|passwd|pwd|pw|token|tok|secret|signature|sig|hmac|digest|api_?key|apikey|otp|pin|passcode)(?:$|_)', re.I)
# an UPPER_CASE constant on the other side must itself look like a credential, not a lexer token kind
CREDENTIAL_CONSTANT = re.compile(r'PASSWORD|PASSWD|SECRET|API|AUTH|ADMIN|ACCESS|BEARER|SERVICE|WEBHOOK|MASTER|SIGNATURE|HMAC|OTP|PIN$', re.I)
UPPER = re.compile(r'^_?[A-Z][A-Z0-9_]*$')
NOT_SECRET = re.compile(
    r'confirm|repeat|retype|again|(?:^|_)(?:old|new|type|len|length|count|min|max|expires?|url|name|field|policy|hint|'
    r'prefix|suffix|header|format|start|end|begin|kind|ttype|identity|strategy)(?:$|_)|2$', re.I)


def _is_secret_key_target(t: ast.AST) -> str:
    if isinstance(t, ast.Name) and t.id in SECRET_KEY_NAMES:
        return t.id
    if isinstance(t, ast.Attribute) and t.attr in ('secret_key', 'SECRET_KEY'):
        return t.attr
    if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and t.slice.value in SECRET_KEY_NAMES:
        return str(t.slice.value)
    return ''


def _literal_secret(value: ast.AST | None) -> bool:
    return isinstance(value, ast.Constant) and isinstance(value.value, (str, bytes)) and len(value.value) > 0


ENV_READS = frozenset(('os.environ.get', 'environ.get', 'os.getenv', 'getenv', 'env.str', 'config'))


def _secret_env_fallback(node: ast.Call, path: str) -> str:
    """The variable's name when `node` reads a secret from the environment with a literal fallback."""
    if dotted(node.func) not in ENV_READS or len(node.args) + len(node.keywords) < 2:
        return ''
    name = arg(node, 0, 'key')
    default = arg(node, 1, 'default')
    if not (isinstance(name, ast.Constant) and isinstance(name.value, str) and is_secret_env_name(name.value)):
        return ''
    if NOT_SECRET.search(name.value) or not isinstance(default, ast.Constant) or not isinstance(default.value, str):
        return ''
    return name.value if env_fallback_is_secret(default.value, path) else ''


@test.checks('Assign', 'Call')
@test.test_id('PY011')
def hardcoded_secret_key(context):
    """SECRET_KEY / app.secret_key / JWT secret set to a literal, or read from the environment with a literal fallback."""
    node = context.node
    if isinstance(node, ast.Call):
        env = _secret_env_fallback(node, context.filename or '')
        if env:
            return issue('PY011', f'{env} falls back to a literal when the variable is unset; fail instead', node)
    if isinstance(node, ast.Assign):
        for t in node.targets:
            name = _is_secret_key_target(t)
            if name and _literal_secret(node.value):
                return issue('PY011', f'{name} is a literal in the source; load it from the environment', node)
        return None
    if call_name(node) in ('update', 'from_mapping', 'Flask') or dotted(node.func).endswith('config.update'):
        for kw in node.keywords:
            if kw.arg in SECRET_KEY_NAMES and _literal_secret(kw.value):
                return issue('PY011', f'{kw.arg} is a literal in the source; load it from the environment', node)
    if call_name(node) in ('encode', 'decode') and dotted(node.func).split('.')[0] in ('jwt', 'jose'):
        key = arg(node, 1, 'key')
        if _literal_secret(key):
            return issue('PY011', 'the JWT signing key is a literal in the source', node)
    return None


@test.checks('Call')
@test.test_id('PY010')
def jwt_without_verification(context):
    """jwt.decode with verification off, no algorithms, or the 'none' algorithm."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if not (qual.endswith('jwt.decode') or qual.endswith('jwt.encode')):
        return None
    if qual.endswith('encode'):
        alg = keyword(call, 'algorithm')
        if isinstance(alg, ast.Constant) and str(alg.value).lower() == 'none':
            return issue('PY010', 'token signed with the "none" algorithm', call)
        return None
    options = keyword(call, 'options')
    if isinstance(options, ast.Name):
        assigned = scope_facts(call).assigns.get(options.id, [])
        options = assigned[-1] if assigned else None
    if isinstance(options, ast.Dict):
        for k, v in zip(options.keys, options.values):
            if isinstance(k, ast.Constant) and k.value == 'verify_signature' and is_false(v):
                return issue('PY010', 'jwt.decode() with verify_signature False accepts forged tokens', call)
    if is_false(keyword(call, 'verify')):
        return issue('PY010', 'jwt.decode(verify=False) accepts forged tokens', call)
    algs = keyword(call, 'algorithms')
    if algs is None and 'jose' not in qual:
        return issue('PY010', 'jwt.decode() without algorithms= lets the token pick its algorithm', call)
    if isinstance(algs, (ast.List, ast.Tuple)) and any(
            isinstance(e, ast.Constant) and str(e.value).lower() == 'none' for e in algs.elts):
        return issue('PY010', 'jwt.decode() accepts the "none" algorithm', call)
    return None


def _settings_module(node: ast.AST) -> bool:
    facts = module_facts(node)
    return bool({'INSTALLED_APPS', 'ALLOWED_HOSTS', 'ROOT_URLCONF', 'MIDDLEWARE'} & set(facts.assigns))


@test.checks('Assign', 'Call')
@test.test_id('PY012')
def debug_mode_enabled(context):
    """Flask app.run(debug=True), app.debug = True, Django DEBUG = True."""
    node = context.node
    if isinstance(node, ast.Call):
        if call_name(node) != 'run' or not is_true(keyword(node, 'debug')):
            return None
        host = keyword(node, 'host')
        if isinstance(host, ast.Constant) and host.value in ('0.0.0.0', '::'):
            return issue('PY013', 'the debug server (an interactive Python console) listens on every interface', node)
        return issue('PY012', 'app.run(debug=True): the Werkzeug debugger runs code for whoever reaches it', node)
    if not is_true(node.value):
        return None
    for t in node.targets:
        if isinstance(t, ast.Name) and t.id == 'DEBUG' and isinstance(context.node._bandit_parent, ast.Module) \
                and _settings_module(node):
            return issue('PY012', 'DEBUG = True in Django settings shows stack traces and settings to visitors', node)
        if isinstance(t, ast.Attribute) and t.attr == 'debug' and dotted(t.value) in ('app', 'application'):
            return issue('PY012', 'app.debug = True enables the interactive debugger', node)
        if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and t.slice.value == 'DEBUG' \
                and dotted(t.value).endswith('config'):
            return issue('PY012', "app.config['DEBUG'] = True enables the interactive debugger", node)
    return None


def _secretish(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant):
        return False
    if isinstance(node, ast.Call) and call_name(node) in ('hexdigest', 'digest'):
        return True
    words = names_in(node)
    return any(SECRETISH.search(w) for w in words) and not any(NOT_SECRET.search(w) for w in words)


@test.checks('Compare')
@test.test_id('PY014')
def secret_compared_with_eq(context):
    """== / != between a secret (password, token, signature) and another value."""
    node = context.node
    if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
        return None
    left, right = node.left, node.comparators[0]
    if any(isinstance(s, ast.Constant) for s in (left, right)):
        return None
    for side in (left, right):
        name = side.id if isinstance(side, ast.Name) else side.attr if isinstance(side, ast.Attribute) else ''
        if UPPER.match(name) and not CREDENTIAL_CONSTANT.search(name):
            return None
    if any(isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef)) and a.name in ('__eq__', '__ne__', '__hash__')
           for a in ancestors(node)):
        return None  # value equality of a credentials object, not a check
    if any(isinstance(s, ast.Call) and call_name(s) in ('len', 'type', 'str', 'int') for s in (left, right)):
        return None
    if _secretish(left) or _secretish(right):
        if any(NOT_SECRET.search(w) for w in names_in(left) | names_in(right)):
            return None
        # a check compares a secret with another secret or with what a caller sent;
        # `row.secret != flagged` in bookkeeping code is neither
        facts = scope_facts(node)
        both = _secretish(left) and _secretish(right)
        if both or facts.is_tainted(left) or facts.is_tainted(right) or _from_caller(left, right, node):
            return issue('PY014', 'a secret is compared with ==, which leaks its value through timing', node)
    return None


CHECKED_VALUE = re.compile(
    r'provided|given|supplied|received|expected|computed|incoming|candidate|submitted|presented|'
    r'claimed|actual|attempt|input|header|request|sent', re.I)


def _from_caller(left: ast.AST, right: ast.AST, node: ast.AST) -> bool:
    """A side a check would hold: a parameter, a mapping/header read, or a name like `provided`."""
    scope = scope_of(node)
    params = {a.arg for a in getattr(getattr(scope, 'args', None), 'args', ())}
    for side in (left, right):
        if isinstance(side, ast.Name) and side.id in params:
            return True
        if any(CHECKED_VALUE.search(w) for w in names_in(side)):
            return True
        if isinstance(side, ast.Subscript) or (isinstance(side, ast.Call) and call_name(side) == 'get'):
            return True
    return False


SESSION_ENDS = re.compile(
    r'clear|flush|logout|log_out|signout|sign_out|cookie|revoke|invalidat|cycle_key|forget|expire|delete|destroy|'
    r'blacklist|blocklist|deny|^add$|^pop$|^remove$|^discard$', re.I)


def _callee(call: ast.Call) -> str:
    """'LogoutView.as_view' for `LogoutView.as_view()(request)`."""
    f = call.func
    while isinstance(f, ast.Call):
        f = f.func
    return dotted(f)


@test.checks('FunctionDef', 'AsyncFunctionDef')
@test.test_id('PY015')
def logout_keeps_session(context):
    """A logout view that neither clears the session nor revokes the token."""
    func = context.node
    if not re.search(r'log_?out|sign_?out', func.name, re.I) or not is_route(func):
        return None
    cookie_only = False
    for n in walk_scope(func):
        if isinstance(n, ast.Call) and (SESSION_ENDS.search(call_name(n)) or re.search(
                r'logout|signout', _callee(n), re.I)):
            if 'cookie' in call_name(n).lower() and _server_side_tokens(func):
                cookie_only = True  # the browser forgets the token; the server still accepts it
                continue
            return None
        if isinstance(n, ast.Delete):
            return None
        if isinstance(n, ast.Assign) and any('session' in names_in(t) for t in n.targets):
            return None
    if cookie_only:
        return issue('PY015', f'{func.name}() deletes the cookie but the session token stored on the server stays valid',
                     func, whole=False)
    return issue('PY015', f'{func.name}() does not clear the session or revoke the token', func, whole=False)


def _server_side_tokens(func: ast.AST) -> bool:
    """True when the module stores session tokens itself (`SessionToken(token=…)`, `filter_by(token=…)`):
    deleting the cookie at logout then leaves a token that still logs in."""
    module = module_of(func)
    found = getattr(module, '_aiguard_server_tokens', None)
    if found is None:
        found = any(
            isinstance(n, ast.Call) and any(k.arg in ('token', 'session_token', 'session_id', 'token_hash') for k in n.keywords)
            and (call_name(n) in ('filter_by', 'get', 'get_or_none', 'find_one', 'create') or call_name(n)[:1].isupper())
            for n in ast.walk(module))
        module._aiguard_server_tokens = found  # type: ignore[attr-defined]
    return found


AUTH_DECORATORS = re.compile(r'login_required|jwt_required|token_required|auth_required|authenticated|requires_auth', re.I)
OWNER_WORDS = re.compile(r'owner|user|author|created_by|tenant|account|customer|member', re.I)
PERMISSION_CALLS = re.compile(r'perm|authori[sz]e|can_|is_owner|require_owner|check_access|has_access|ensure_', re.I)
CURRENT = frozenset(('current_user', 'get_jwt_identity', 'identity', 'session', 'g', 'request', 'uid', 'me'))
FETCHES = frozenset(('get', 'get_or_404', 'first_or_404', 'get_object_or_404', 'filter_by', 'filter', 'one', 'find_one', 'execute',
                     'find_by_id', 'scalar', 'fetchrow', 'fetchval', 'fetch_one', 'get_by_id'))
# a view that checks the login by hand: the session, the request's user, a helper that returns the caller's id
SESSION_CHECK = re.compile(r'^(?:current_user\w*|get_current_user\w*|get_user_id|current_user_id|get_jwt_identity|'
                           r'authenticated_user\w*|require_login|require_user|get_logged_in_user)$')
# records that belong to one person; a public catalogue (products, posts, categories) is not among them
PRIVATE_RECORD = re.compile(
    r'order|invoice|payment|medical|patient|prescription|record|note|message|conversation|document|attachment|'
    r'upload|file|statement|transaction|receipt|booking|reservation|ticket|wallet|card|contract|address|profile',
    re.I)
ID_PARAM = re.compile(r'(?:^|_)(?:id|pk|uuid)$')


def _class_requires_login(func: ast.AST) -> bool:
    """Django LoginRequiredMixin / DRF IsAuthenticated on the view class holding `func`."""
    cls = getattr(func, '_bandit_parent', None)
    if not isinstance(cls, ast.ClassDef):
        return False
    words = {w for b in cls.bases for w in names_in(b)}
    for stmt in cls.body:
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id in (
                'permission_classes', 'authentication_classes') for t in stmt.targets):
            words |= names_in(stmt.value)
    return any(re.search(r'LoginRequired|IsAuthenticated|Authenticated|Permission', w) for w in words)


def _identity_names(func: ast.AST) -> set[str]:
    """Local names that hold the caller's identity (`uid = session["user_id"]`, `user_id = await current_user_id(request)`)."""
    out = set()
    for n in walk_scope(func):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and isinstance(n.targets[0], ast.Name) and \
                _reads_identity(n.value):
            out.add(n.targets[0].id)
    return out


def _reads_identity(node: ast.AST) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Name) and n.id == 'session':
            return True
        if isinstance(n, ast.Attribute) and n.attr in ('session', 'user') and dotted(n.value) in ('request', 'g', 'self.request'):
            return True
        if isinstance(n, ast.Call) and SESSION_CHECK.match(call_name(n)):
            return True
    return False


def _checks_session_by_hand(func: ast.AST) -> bool:
    """An `if` that tests the session or the caller's identity before the view goes on."""
    idents = _identity_names(func)
    for n in walk_scope(func):
        if isinstance(n, ast.If) and (_reads_identity(n.test) or names_in(n.test) & idents):
            return True
    return False


def _authenticated(func: Function) -> bool:
    if any(AUTH_DECORATORS.search(d) for d in decorator_names(func)) or _class_requires_login(func):
        return True
    if _checks_session_by_hand(func):
        return True
    for n in walk_scope(func):
        if isinstance(n, ast.Name) and n.id in ('current_user', 'get_jwt_identity'):
            return True
        if isinstance(n, ast.Call) and call_name(n) in ('Depends', 'Security') and n.args and \
                re.search(r'current_user|get_user|auth', dotted(n.args[0]), re.I):
            return True
        if isinstance(n, ast.Attribute) and n.attr == 'user' and dotted(n.value) in ('request', 'g'):
            return True
    args = func.args.posonlyargs + func.args.args + func.args.kwonlyargs
    defaults = list(func.args.defaults) + [d for d in func.args.kw_defaults if d is not None]
    return any(a.arg in ('current_user',) for a in args) or any(
        isinstance(d, ast.Call) and call_name(d) in ('Depends', 'Security') and d.args
        and re.search(r'current_user|get_user|auth', dotted(d.args[0]), re.I) for d in defaults)


GUARD_DECORATORS = re.compile(r'admin|staff|superuser|role|perm|owner|policy', re.I)


def _ownership_checked(func: ast.AST) -> bool:
    if any(GUARD_DECORATORS.search(d) for d in decorator_names(func)):
        return True
    idents = _identity_names(func)
    for n in walk_scope(func):
        if isinstance(n, ast.keyword) and n.arg not in (None, 'pk', 'id') and names_in(n.value) & idents:
            return True  # get_object_or_404(Record, pk=rid, patient_id=patient_id)
        if isinstance(n, ast.Compare) and names_in(n) & idents and any(
                isinstance(x, ast.Attribute) for x in ast.walk(n)):
            return True  # record.patient_id != uid
        if isinstance(n, ast.Compare) and len(
                {w for w in names_in(n) if OWNER_WORDS.search(w) or w in CURRENT}) >= 2:
            return True
        if isinstance(n, ast.keyword) and n.arg and OWNER_WORDS.search(n.arg):
            return True
        if isinstance(n, ast.Call):
            name = call_name(n)
            if PERMISSION_CALLS.search(name) and not re.search(r'unauthori[sz]ed', name, re.I):
                return True  # HTTPUnauthorized() turns away strangers, not other users
            if name in ('abort', 'HTTPException', 'HttpResponseForbidden', 'Response', 'jsonify') and any(
                    isinstance(c, ast.Constant) and c.value == 403 for c in ast.walk(n)):
                return True
        if isinstance(n, ast.Constant) and n.value == 403:
            return True
        if isinstance(n, ast.Name) and n.id in ('PermissionDenied', 'Forbidden', 'HTTP_403_FORBIDDEN'):
            return True
        if isinstance(n, ast.Attribute) and n.attr in ('HTTP_403_FORBIDDEN', 'FORBIDDEN'):
            return True
        if isinstance(n, ast.Constant) and isinstance(n.value, str) and re.search(
                r'\b(?:user_id|owner_id|owner|author_id|tenant_id|account_id)\s*=', n.value):
            return True
    return False


def _unwrap_cast(node: ast.AST) -> ast.AST:
    """int(x) / UUID(x): a cast makes an id safe to query with, not the caller's own."""
    while isinstance(node, ast.Call) and call_name(node) in ('int', 'str', 'UUID', 'ObjectId') and node.args:
        node = node.args[0]
    return node


def _path_param(node: ast.AST) -> bool:
    """aiohttp's request.match_info[...] and Starlette's request.path_params[...]"""
    return any(isinstance(n, ast.Attribute) and n.attr in ('match_info', 'path_params') for n in ast.walk(node))


@test.checks('FunctionDef', 'AsyncFunctionDef')
@test.test_id('PY016')
def object_by_id_without_owner_check(context):
    """An authenticated view loads an object by a client-chosen id and never checks who owns it."""
    func = context.node
    if not is_route(func):
        return None
    authenticated = _authenticated(func)
    scope = facts_of(func)
    ids = {p for p in scope.params if ID_PARAM.search(p)}
    for name, values in scope.assigns.items():
        if ID_PARAM.search(name) and any(scope.is_tainted(_unwrap_cast(v)) or _path_param(v) for v in values):
            ids.add(name)
    if not ids:
        return None
    fetch = None
    for n in walk_scope(func):
        if isinstance(n, ast.Call) and call_name(n) in FETCHES and ids & (
                {x.id for a in n.args for x in ast.walk(a) if isinstance(x, ast.Name)}
                | {x.id for k in n.keywords for x in ast.walk(k.value) if isinstance(x, ast.Name)}):
            fetch = n
            break
    if fetch is None or _ownership_checked(func):
        return None
    if not authenticated and not any(
            isinstance(x, ast.Name) and x.id[:1].isupper() and PRIVATE_RECORD.search(x.id) for x in ast.walk(fetch)):
        return None  # no login at all: only records that belong to one person are a leak (a product page is public)
    return issue('PY016', f'{func.name}() loads an object by a client-supplied id without checking that the '
                          f'user may access it', func, whole=False)


LIMITER_WORDS = re.compile(r'limit|throttl|attempt|lockout|locked|backoff|captcha', re.I)


def _module_has_limiter(node: ast.AST) -> bool:
    facts = module_facts(node)
    cached = getattr(facts, 'limiter', None)
    if cached is None:
        module = facts.node
        cached = any(
            (isinstance(n, ast.Name) and LIMITER_WORDS.search(n.id))
            or (isinstance(n, ast.Attribute) and LIMITER_WORDS.search(n.attr))
            or (isinstance(n, (ast.Import, ast.ImportFrom)) and any(LIMITER_WORDS.search(a.name) for a in n.names))
            or (isinstance(n, ast.ImportFrom) and n.module and LIMITER_WORDS.search(n.module))
            for n in ast.walk(module)
        )
        facts.limiter = cached  # type: ignore[attr-defined]
    return cached


def _login_route_checking_passwords(func: ast.FunctionDef | ast.AsyncFunctionDef) -> bool:
    """A route named for logging in whose body mentions a password (PY017 and PY054 judge these)."""
    if not re.search(r'login|sign_?in|authenticate|token', func.name, re.I) or not is_route(func):
        return False
    return any(isinstance(n, (ast.Name, ast.Attribute, ast.Constant)) and re.search(
        r'password', getattr(n, 'id', '') or getattr(n, 'attr', '') or str(getattr(n, 'value', '')), re.I)
        for n in walk_scope(func))


@test.checks('FunctionDef', 'AsyncFunctionDef')
@test.test_id('PY017')
def login_without_rate_limit(context):
    """A login view that checks a password with no rate limiting anywhere in the module."""
    func = context.node
    if not _login_route_checking_passwords(func):
        return None
    if _module_has_limiter(func):
        return None
    return issue('PY017', f'{func.name}() checks passwords without any rate limit or lockout', func, whole=False)



SESSION_RENEWALS = frozenset(('clear', 'regenerate', 'cycle_key', 'invalidate', 'flush', 'renew', 'rotate',
                              'regenerate_id', 'new_session', 'login'))
IDENTITY_KEY = re.compile(r'user|uid|account|auth|logged|login|email|role|member|(?:^|_)id$', re.I)


def _session_identity_writes(func: ast.AST) -> list[int]:
    """Lines where `func` puts an identity into the session: session["user_id"] = ..."""
    lines = []
    for n in walk_scope(func):
        if isinstance(n, ast.Assign):
            targets = n.targets
        elif isinstance(n, ast.AugAssign):
            targets = [n.target]
        else:
            continue
        for t in targets:
            if isinstance(t, ast.Subscript) and dotted(t.value).split('.')[-1] == 'session' and (
                    not isinstance(t.slice, ast.Constant) or IDENTITY_KEY.search(str(t.slice.value))):
                lines.append(n.lineno)
    return lines


@test.checks('FunctionDef', 'AsyncFunctionDef')
@test.test_id('PY053')
def login_keeps_session_id(context):
    """A login view puts the user into the session without clearing or renewing it first."""
    func = context.node
    if not re.search(r'log_?in|sign_?in|authenticate', func.name, re.I) or not is_route(func):
        return None
    writes = _session_identity_writes(func)
    if not writes:
        return None
    for n in walk_scope(func):
        # session.clear(), request.session.cycle_key(), Django's login(request, user) (it cycles the key)
        if isinstance(n, ast.Call) and call_name(n) in SESSION_RENEWALS and n.lineno <= min(writes):
            return None
    return issue('PY053', f'{func.name}() puts the user into a session it did not clear or renew first '
                          f'(session fixation)', func, whole=False)


RATE_LIMIT_DECORATOR = re.compile(r'(?:^|\.)(?:limit|shared_limit)$|throttl|rate_?limit', re.I)


def _limiters(module: ast.AST) -> tuple[set[str], bool]:
    """Names bound to a Limiter() in the module, and whether one limits every route (default_limits)."""
    names: set[str] = set()
    everywhere = False
    for n in ast.walk(module):
        if isinstance(n, ast.Call) and call_name(n) == 'Limiter':
            everywhere |= any(k.arg in ('default_limits', 'application_limits') for k in n.keywords)
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and call_name(n.value) == 'Limiter':
            names.update(t.id for t in n.targets if isinstance(t, ast.Name))
    return names, everywhere


def _limited_elsewhere(module: ast.AST, limiters: set[str]) -> bool:
    """limiter.limit(...) applied other than as a function's decorator (to a blueprint, a router)."""
    decorators = {id(d) for n in ast.walk(module) for d in getattr(n, 'decorator_list', ())}
    return any(isinstance(n, ast.Call) and isinstance(n.func, ast.Call) and id(n.func) not in decorators
               and dotted(n.func.func).split('.')[0] in limiters for n in ast.walk(module))


@test.checks('FunctionDef', 'AsyncFunctionDef')
@test.test_id('PY054')
def login_route_not_rate_limited(context):
    """A password-checking login view that the module's own limiter does not limit."""
    func = context.node
    if not _login_route_checking_passwords(func):
        return None
    facts = module_facts(func)
    found = getattr(facts, 'limiters', None)
    if found is None:
        names, everywhere = _limiters(facts.node)
        found = (names, everywhere or (bool(names) and _limited_elsewhere(facts.node, names)))
        facts.limiters = found  # type: ignore[attr-defined]
    names, covered = found
    if not names or covered:
        return None  # no limiter here (PY017 speaks of that), or it limits every route
    for d in func.decorator_list:
        if RATE_LIMIT_DECORATOR.search(dotted(d.func if isinstance(d, ast.Call) else d)):
            return None
    if any(isinstance(n, ast.Name) and re.search(r'attempt|lockout|locked|backoff', n.id, re.I) for n in walk_scope(func)):
        return None
    return issue('PY054', f'{func.name}() checks passwords and is not rate-limited, though this module has '
                          f'a limiter ({sorted(names)[0]})', func, whole=False)


CREDENTIAL_KWARGS = frozenset(('password', 'passwd', 'pwd', 'db_password', 'client_secret', 'api_key', 'apikey', 'token', 'secret'))
CONNECTS = re.compile(r'connect|engine|client|redis|mongo|login|smtp|ftp|ldap|bind|pool|authenticate|session', re.I)
PASSWORD_NAME = re.compile(r'(?:^|_)(?:password|passwd|pwd|passcode|api_key|apikey|secret_key)$', re.I)


def _literal_text(node: ast.AST | None) -> bool:
    """A password written in the source; `'<password>'` or `'YOUR_PASSWORD'` is a blank to fill in."""
    return isinstance(node, ast.Constant) and isinstance(node.value, str) and len(node.value) >= 3 \
        and placeholder(node.value) is None


@test.checks('Call', 'Compare')
@test.test_id('PY018')
def hardcoded_credential(context):
    """A password is checked against a literal, or a literal password is passed to a connection."""
    node = context.node
    if isinstance(node, ast.Compare):
        if len(node.ops) != 1 or not isinstance(node.ops[0], (ast.Eq, ast.NotEq)):
            return None
        left, right = node.left, node.comparators[0]
        for a, b in ((left, right), (right, left)):
            name = a.id if isinstance(a, ast.Name) else a.attr if isinstance(a, ast.Attribute) else \
                str(a.slice.value) if isinstance(a, ast.Subscript) and isinstance(a.slice, ast.Constant) else \
                str(a.args[0].value) if isinstance(a, ast.Call) and call_name(a) == 'get' and a.args and \
                isinstance(a.args[0], ast.Constant) else ''
            name = name.replace('-', '_')
            if PASSWORD_NAME.search(name) and not NOT_SECRET.search(name) and _literal_text(b):
                return issue('PY018', f'{name} is checked against a password written in the source', node)
        return None
    callee = dotted(node.func)
    auth = keyword(node, 'auth')
    if isinstance(auth, ast.Tuple) and len(auth.elts) == 2 and _literal_text(auth.elts[1]):
        return issue('PY018', 'auth= carries a password written in the source', node)
    if not CONNECTS.search(callee):
        return None
    for kw in node.keywords:
        if kw.arg in CREDENTIAL_KWARGS and _literal_text(kw.value):
            return issue('PY018', f'{kw.arg}= is a literal passed to {callee.split(".")[-1]}()', node)
    if call_name(node) in ('login', 'simple_bind_s', 'bind_s') and len(node.args) >= 2 and _literal_text(node.args[1]):
        return issue('PY018', f'{call_name(node)}() is given a literal password', node)
    return None


ADMIN_WORDS = re.compile(r'admin|(?:^|_)(?:shutdown|reset_database|drop_all|promote|grant_role|delete_user|delete_all)(?:$|_)', re.I)
AUTH_EVIDENCE = re.compile(
    r'login_required|jwt_required|token_required|auth|permission|current_user|is_admin|is_staff|'
    r'is_superuser|role|session|api_key|apikey|authorization|verify|require|staff_member|user_passes_test',
    re.I)


def _admin_blueprint(func: Function) -> bool:
    """True when the route hangs on a blueprint or router made for admin (`Blueprint("admin", …, url_prefix="/admin")`)."""
    module = module_facts(func)
    for d in func.decorator_list:
        target = d.func.value if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute) else None
        if not isinstance(target, ast.Name) or target.id in ('app', 'api'):
            continue
        for made in module.assigns.get(target.id, ()):
            if isinstance(made, ast.Call) and call_name(made) in ('Blueprint', 'APIRouter', 'Router') and any(
                    isinstance(a, ast.Constant) and isinstance(a.value, str) and re.search(r'(?:^|/)admin(?:/|$|-|_)', a.value)
                    for a in [*made.args, *(k.value for k in made.keywords if k.arg in ('url_prefix', 'prefix', 'name'))]):
                return True
    return False


def _route_path(func: Function) -> str:
    for d in func.decorator_list:
        if isinstance(d, ast.Call) and d.args and isinstance(d.args[0], ast.Constant) and isinstance(d.args[0].value, str):
            return d.args[0].value
    return ''


def _module_guards_requests(node: ast.AST) -> bool:
    """before_request hooks, auth middleware or dependencies at app/router level."""
    facts = module_facts(node)
    cached = getattr(facts, 'guards', None)
    if cached is None:
        cached = False
        for n in ast.walk(facts.node):
            if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and 'before_request' in decorator_names(n):
                cached = cached or any(AUTH_EVIDENCE.search(w) for s in n.body for w in names_in(s))
            elif isinstance(n, ast.Call) and call_name(n) in ('APIRouter', 'FastAPI', 'include_router', 'Blueprint') \
                    and keyword(n, 'dependencies') is not None:
                cached = True
            elif isinstance(n, ast.Call) and call_name(n) == 'add_middleware' and any(
                    AUTH_EVIDENCE.search(w) for w in names_in(n)):
                cached = True
        facts.guards = cached  # type: ignore[attr-defined]
    return cached


def _module_uses_auth(node: ast.AST) -> bool:
    facts = module_facts(node)
    cached = getattr(facts, 'uses_auth', None)
    if cached is None:
        cached = any(
            isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)) and is_route(n) and n is not node and (
                any(AUTH_DECORATORS.search(d) for d in decorator_names(n)) or _authenticated(n))
            for n in ast.walk(facts.node))
        facts.uses_auth = cached  # type: ignore[attr-defined]
    return cached


WRITE_METHODS = frozenset(('PUT', 'PATCH', 'DELETE'))
WRITES = frozenset(('delete', 'commit', 'execute', 'update', 'drop_all', 'remove', 'delete_one', 'delete_many',
                    'update_one', 'update_many', 'save', 'bulk_update'))


def _changes_state(func: Function) -> bool:
    """A PUT/PATCH/DELETE route (or POST to an admin path) that writes to storage."""
    methods = set()
    for d in func.decorator_list:
        if isinstance(d, ast.Call) and isinstance(d.func, ast.Attribute):
            methods.add(d.func.attr.upper())
            m = keyword(d, 'methods')
            if isinstance(m, (ast.List, ast.Tuple, ast.Set)):
                methods |= {str(e.value).upper() for e in m.elts if isinstance(e, ast.Constant)}
    if not methods & (WRITE_METHODS | {'POST'}):
        return False
    writes = any(isinstance(n, ast.Call) and call_name(n) in WRITES for n in walk_scope(func))
    return writes and bool(methods & WRITE_METHODS or ADMIN_WORDS.search(func.name)
                           or re.search(r'(?:^|/)admin(?:/|$|-|_)', _route_path(func)))


@test.checks('FunctionDef', 'AsyncFunctionDef')
@test.test_id('PY019')
def admin_route_without_auth(context):
    """An admin (or destructive) route that checks no login, session, token or role at all."""
    func = context.node
    if not is_route(func):
        return None
    path = _route_path(func)
    admin = bool(ADMIN_WORDS.search(func.name) or re.search(r'(?:^|/)admin(?:/|$|-|_)', path)) or _admin_blueprint(func)
    if not admin and not _changes_state(func):
        return None
    words = set(decorator_names(func))
    request_data = facts_of(func).tainted
    for n in walk_scope(func):  # what is tested or called, not what is assigned
        if isinstance(n, (ast.If, ast.IfExp, ast.While, ast.Assert)):
            # `if new_role not in ROLES` checks the request, not the caller
            words |= names_in(n.test) - request_data
        elif isinstance(n, ast.Call):
            parts = dotted(n.func).split('.')
            words |= {parts[0], parts[-1]}  # session.get(...) yes, db.session.commit() no
            # request.json.get("role") reads a field and @bp.post("/users/<id>/role") names a path: they check nobody
            if parts[0] != 'request' and n not in func.decorator_list:
                words |= {str(a.value) for a in n.args if isinstance(a, ast.Constant)}
    args = func.args.posonlyargs + func.args.args + func.args.kwonlyargs
    words |= {a.arg for a in args}
    defaults = [d for d in [*func.args.defaults, *func.args.kw_defaults] if d is not None]
    for d in defaults:
        words |= names_in(d)
    for d in func.decorator_list:  # @app.put(..., dependencies=[Depends(require_admin)])
        dependencies = keyword(d, 'dependencies') if isinstance(d, ast.Call) else None
        if dependencies is not None:
            words |= names_in(dependencies)
    if any(AUTH_EVIDENCE.search(w) for w in words) or _module_guards_requests(func):
        return None
    if admin and _module_uses_auth(func):
        return issue('PY019', f'{func.name}() is an admin action that anyone can call: no login or role check',
                     func, whole=False)
    if _module_uses_auth(func) or not _changes_state(func):
        return None  # a plain route among guarded ones may be public on purpose (signup, contact form)
    # no login anywhere in the module: an admin action, or an update or delete of stored data, is open to anyone
    return issue('PY019', f'{func.name}() changes stored data and nobody logs in anywhere in this module',
                 func, whole=False)


@test.checks('Call')
@test.test_id('PY029')
def jwt_without_expiry(context):
    """jwt.encode of a claims dict that has no "exp"."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if not qual.endswith('jwt.encode'):
        return None
    claims = arg(call, 0, 'payload') or keyword(call, 'claims')
    if isinstance(claims, ast.Name):
        assigned = scope_facts(call).assigns.get(claims.id, [])
        claims = assigned[0] if len(assigned) == 1 else None
    if not isinstance(claims, ast.Dict) or None in claims.keys:
        return None  # built elsewhere or merged with **: cannot tell
    keys = {k.value for k in claims.keys if isinstance(k, ast.Constant)}
    if 'exp' in keys or len(keys) != len(claims.keys):
        return None
    if any(isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and n.slice.value == 'exp'
           for n in walk_scope(scope_facts(call).node)):
        return None  # claims["exp"] = ... added later
    return issue('PY029', 'the JWT has no "exp" claim: a stolen token works forever', call)


@test.checks('Call')
@test.test_id('PY047')
def mass_assignment(context):
    """Every field the client sends is copied onto a model: Model(**request.json), setattr(obj, key, ...)."""
    call = context.node
    name = call_name(call)
    if name != 'setattr' and not any(kw.arg is None for kw in call.keywords):
        return None  # only setattr() and **kwargs calls can copy every field
    scope = scope_facts(call)
    if name == 'setattr' and len(call.args) == 3 and isinstance(call.func, ast.Name):
        if scope.is_tainted(call.args[1], checked=True, cli=False) and not _declared_keys(call.args[1], scope):
            return issue('PY047', 'setattr() with an attribute name from the request lets the client set any field', call)
        return None
    if not (name[:1].isupper() or name in ('create', 'update', 'get_or_create', 'update_or_create', 'insert')):
        return None
    for kw in call.keywords:
        if kw.arg is None and scope.is_tainted(kw.value, checked=True, cli=False) and not _is_validated_model(kw.value):
            return issue('PY047', f'{name}(**...) copies every field the client sends', call)
    return None


def _declared_keys(key: ast.AST, scope) -> bool:  # noqa: ANN001 - a taint Scope
    """True when `key` walks the fields of a validated model (`for k, v in body.model_dump().items()`):
    only the fields the schema declares, not whatever the client sent."""
    if not isinstance(key, ast.Name):
        return False
    for n in walk_scope(scope.node):
        if isinstance(n, (ast.For, ast.comprehension)) and key.id in names_in(n.target):
            source = n.iter.func.value if isinstance(n.iter, ast.Call) and isinstance(n.iter.func, ast.Attribute) \
                and n.iter.func.attr in ('items', 'keys') else n.iter
            values = scope.assigns.get(source.id, []) if isinstance(source, ast.Name) else [source]
            return bool(values) and all(_is_validated_model(v) for v in values)
    return False


def _is_validated_model(value: ast.AST) -> bool:
    """pydantic/DRF: `**item.dict()` or `**serializer.validated_data` only carries declared fields."""
    if isinstance(value, ast.Call) and call_name(value) in ('dict', 'model_dump') and not (
            isinstance(value.func, ast.Attribute) and dotted(value.func.value).startswith('request')):
        return True
    return isinstance(value, ast.Attribute) and value.attr in ('validated_data', 'cleaned_data')
