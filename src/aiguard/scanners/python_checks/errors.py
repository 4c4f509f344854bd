"""Error handling and logging: leaked exceptions, swallowed checks, secrets in logs, assert."""
from __future__ import annotations

import ast
import re

from bandit.core import test_properties as test

from aiguard.scanners.python_checks import issue
from aiguard.scanners.python_checks.taint import ancestors, call_name, decorator_names, dotted, is_route, names_in

RESPONSE_CALLS = frozenset((
    'jsonify', 'make_response', 'Response', 'HttpResponse', 'JsonResponse', 'JSONResponse',
    'HTMLResponse', 'PlainTextResponse', 'HttpResponseServerError', 'HttpResponseBadRequest',
))
BROAD = frozenset(('Exception', 'BaseException'))
DB_ERRORS = re.compile(r'Database|SQL|sqlite|Operational|Integrity|psycopg|DBAPI|Programming', re.I)
TRACEBACK_TEXT = frozenset(('format_exc', 'format_exception', 'format_tb', 'extract_tb', 'print_exc'))


def _handler(node: ast.AST) -> ast.ExceptHandler | None:
    for p in ancestors(node):
        if isinstance(p, ast.ExceptHandler):
            return p
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return None
    return None


def _leaks(value: ast.AST, handler: ast.ExceptHandler) -> bool:
    for n in ast.walk(value):
        if isinstance(n, ast.Call) and call_name(n) in TRACEBACK_TEXT:
            return True
    if not handler.name:
        return False
    kind = dotted(handler.type) if handler.type is not None else ''
    broad = handler.type is None or kind.split('.')[-1] in BROAD or DB_ERRORS.search(kind)
    return bool(broad) and any(isinstance(n, ast.Name) and n.id == handler.name for n in ast.walk(value))


def _error_handler_param(node: ast.AST) -> str:
    """The exception parameter of the @errorhandler / @exception_handler function holding `node`."""
    func = next((a for a in ancestors(node) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
    if func is None or not {'errorhandler', 'exception_handler', 'app_errorhandler'} & decorator_names(func):
        return ''
    params = [a.arg for a in func.args.posonlyargs + func.args.args]
    params = [p for p in params if p not in ('self', 'request')]
    return params[0] if params else ''


@test.checks('Return', 'Raise')
@test.test_id('PY040')
def exception_text_in_response(context):
    """A view sends str(e) or a traceback back to the client."""
    node = context.node
    value = node.value if isinstance(node, ast.Return) else node.exc
    exc_param = _error_handler_param(node)
    if exc_param and value is not None and isinstance(node, ast.Return) and (
            any(isinstance(n, ast.Name) and n.id == exc_param for n in ast.walk(value))
            or any(isinstance(n, ast.Call) and call_name(n) in TRACEBACK_TEXT for n in ast.walk(value))):
        words = names_in(value)
        if not words & {'code', 'description', 'status_code', 'name', 'detail'}:  # HTTPException fields are meant for users
            return issue('PY040', 'the error handler sends the exception text to the client', node)
    handler = _handler(node)
    if value is None or handler is None:
        return None
    if isinstance(node, ast.Raise):
        if not (isinstance(value, ast.Call) and call_name(value) == 'HTTPException'):
            return None
    else:
        func = next((a for a in ancestors(node) if isinstance(a, (ast.FunctionDef, ast.AsyncFunctionDef))), None)
        in_view = func is not None and is_route(func)
        builds_response = any(isinstance(n, ast.Call) and call_name(n) in RESPONSE_CALLS for n in ast.walk(value))
        if not (in_view or builds_response):
            return None
    if _leaks(value, handler):
        return issue('PY040', 'the exception text or traceback is sent to the client', node)
    return None


SECURITY_CALLS = re.compile(
    r'verify|validate|check|authenticat|authoriz|permission|decode|csrf|signature|login|is_allowed|has_perm',
    re.I,
)


def _swallows(handler: ast.ExceptHandler) -> bool:
    body = handler.body
    if len(body) != 1:
        return False
    stmt = body[0]
    return isinstance(stmt, (ast.Pass, ast.Continue)) or (
        isinstance(stmt, ast.Return) and isinstance(stmt.value, ast.Constant) and stmt.value.value is True
    ) or (isinstance(stmt, ast.Expr) and isinstance(stmt.value, ast.Constant))


@test.checks('Try')
@test.test_id('PY041')
def security_check_failure_ignored(context):
    """`except: pass` (or `return True`) around a verification, so a failed check lets the caller in."""
    node = context.node
    calls = [n for s in node.body for n in ast.walk(s) if isinstance(n, ast.Call)]
    if not any(SECURITY_CALLS.search(call_name(c)) for c in calls):
        return None
    for h in node.handlers:
        broad = h.type is None or dotted(h.type).split('.')[-1] in BROAD
        if _swallows(h) and (broad or isinstance(h.body[0], ast.Return)):
            return issue('PY041', 'a failed security check is ignored (except: pass)', h, whole=False)
    return None


LOG_METHODS = frozenset(('debug', 'info', 'warning', 'warn', 'error', 'critical', 'exception', 'log', 'fatal'))
SENSITIVE = re.compile(
    r'passw|passwd|(?:^|_)(?:pwd|pw|creds|tok)$|secret|(?:^|_)token$|^token|access_token|refresh_token|api_?key|apikey|'
    r'private_key|authorization|auth_header|credential|(?:^|_)ssn$|card_number|cvv|(?:^|_)otp$|cookie',
    re.I,
)
NOT_SENSITIVE = re.compile(r'count|len|length|type|expir|tokeniz|max|num|total|limit|usage|field|policy|strength|url|_id$|name|path|file|hash', re.I)


def _field_read(node: ast.AST) -> str:
    """The key of `x["key"]` or `x.get("key")`, else ''."""
    if isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, str):
        return node.slice.value
    if isinstance(node, ast.Call) and call_name(node) == 'get' and node.args and isinstance(node.args[0], ast.Constant) \
            and isinstance(node.args[0].value, str):
        return node.args[0].value
    return ''


def _logged_names(call: ast.Call) -> set[str]:
    """Identifiers in the non-constant parts of a logging call's arguments."""
    out: set[str] = set()
    for a in [*call.args, *(k.value for k in call.keywords if k.arg not in ('exc_info', 'extra', 'stack_info'))]:
        if isinstance(a, ast.Constant):
            continue
        key = _field_read(a)
        if key:
            out.add(key)  # creds.get("username") logs the username, not the credentials
            continue
        for n in ast.walk(a):
            if isinstance(n, ast.FormattedValue):
                out |= names_in(n.value)
            elif isinstance(n, (ast.Name, ast.Attribute, ast.Subscript)):
                out |= names_in(n)
    return out


@test.checks('Call')
@test.test_id('PY042')
def secret_logged(context):
    """A password, token, key or Authorization header is written to a log."""
    call = context.node
    if call_name(call) not in LOG_METHODS or not isinstance(call.func, ast.Attribute):
        return None
    receiver = dotted(call.func.value)
    if not re.search(r'(?:^|\.)(?:log|logger|logging|LOG|LOGGER|_log|_logger|log_)$|logger', receiver, re.I):
        return None
    names = _logged_names(call)
    hits = sorted(w for w in names if SENSITIVE.search(w) and not NOT_SENSITIVE.search(w))
    if 'headers' in names and 'request' in names and not any(isinstance(a, ast.Subscript) for a in call.args):
        hits.append('request.headers')
    if not hits:
        return None
    return issue('PY042', f'{hits[0]} is written to the log', call)


AUTHZ_WORDS = re.compile(
    r'is_admin|is_staff|is_superuser|is_authenticated|has_perm|has_permission|permission|(?:^|_)role|'
    r'authori[sz]ed|is_owner|owner|can_\w+|(?:^|_)admin$', re.I,
)


SUBJECTS = frozenset(('user', 'current_user', 'request', 'g', 'session', 'identity', 'account', 'principal', 'member'))


@test.checks('Assert')
@test.test_id('PY043')
def assert_for_authorization(context):
    """assert used to enforce a permission (removed under python -O)."""
    node = context.node
    path = str(context._context.get('filename', ''))
    if re.search(r'(?:^|/)(?:tests?|testing)/|(?:^|/)test_[^/]*\.py$|_test\.py$|conftest\.py$', path):
        return None
    words = names_in(node.test)
    if any(AUTHZ_WORDS.search(w) for w in words) and words & SUBJECTS:
        return issue('PY043', 'assert is used for an authorization check; python -O removes it', node)
    return None
