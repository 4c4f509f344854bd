"""Facts about one function (or module) scope: assignments, request-derived names, validation.

Deliberately small: one walk per scope, cached on the scope node. "Tainted"
means derived from request.*, a view parameter, sys.argv, input() or argparse,
through assignments, f-strings, concatenation, .format, % and a few
pass-through calls, and through the module's own top-level helpers: a call
`helper(x)` carries what the helper returns of its parameters (or reads from
the request itself), with the helper's own sanitizers and checks applied.
"""
from __future__ import annotations

import ast
import re
from collections.abc import Callable, Iterator

TYPE_CHECKING = False
if TYPE_CHECKING:  # names for annotations only
    from typing import TypeGuard, Union

    Function = Union[ast.FunctionDef, ast.AsyncFunctionDef]

SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)
ROUTE_ATTRS = frozenset((
    'route', 'get', 'post', 'put', 'patch', 'delete', 'api_route', 'websocket', 'head', 'options',
))
HTTP_METHODS = frozenset(('get', 'post', 'put', 'patch', 'delete', 'head', 'options'))
VIEW_DECORATORS = frozenset((
    'api_view', 'require_http_methods', 'require_GET', 'require_POST', 'require_safe',
    'login_required', 'csrf_exempt', 'permission_required',
))
# request.<attr> that the client does not control
REQUEST_TRUSTED = frozenset((
    'user', 'method', 'session', 'auth', 'is_secure', 'app', 'state', 'scope', 'path', 'path_info',
    'get_full_path', 'build_absolute_uri', 'get_host', 'url_root', 'base_url', 'host_url', 'script_root',
    'endpoint', 'url_rule', 'blueprint', 'is_json', 'content_type', 'mimetype', 'is_ajax', 'site', 'url',
    'full_path',
))
UNTAINTED_PARAMS = frozenset((
    'self', 'cls', 'request', 'db', 'session', 'current_user', 'user', 'background_tasks', 'response',
))
SAFE_ANNOTATIONS = frozenset(('int', 'float', 'bool', 'UUID', 'uuid.UUID', 'date', 'datetime'))
SANITIZERS = frozenset((
    'int', 'float', 'bool', 'len', 'secure_filename', 'basename', 'quote', 'escape', 'clean',
    'UUID', 'abs', 'round', 'hash', 'id', 'url_for', 'reverse', 'format_html', 'conditional_escape',
    'quote_plus', 'literal_eval', 'quote_name', 'quote_ident', 'quote_identifier', 'Identifier',
    'escape_string', 'escape_filter_chars',
))
# calls whose result carries the taint of their arguments
PASS_THROUGH = frozenset((
    'str', 'bytes', 'join', 'format', 'Path', 'PurePath', 'urljoin', 'unquote', 'unquote_plus',
    'loads', 'b64decode', 'urlsafe_b64decode', 'decode', 'normpath', 'abspath', 'expanduser',
    'f', 'dict', 'list', 'tuple', 'sorted', 'strip', 'lower', 'upper', 'replace', 'split',
    'realpath', 'fspath', 'get', 'getlist', 'get_json', 'getattr', 'fromstring', 'Template',
))
SOURCE_CALLS = frozenset(('input', 'raw_input', 'parse_args', 'parse_known_args'))
NOT_SUBJECTS = frozenset(('request', 'self', 'os', 're', 'path', 'Path', 'settings', 'app', 'current_app'))
# Tornado handlers read the request through self.get_argument(...)
WEB_SOURCE_CALLS = frozenset((
    'get_argument', 'get_arguments', 'get_query_argument', 'get_body_argument', 'get_cookie', 'get_json_body',
))
VIEW_BASES = re.compile(
    r'MethodView|(?:^|\.)View$|Resource$|APIView|ViewSet|HTTPEndpoint|RequestHandler|GenericAPIView|TemplateView')
# names a containment / allow-list check is spelt with
VALIDATION_CALLS = frozenset((
    'startswith', 'endswith', 'match', 'fullmatch', 'search', 'isalnum', 'isdigit', 'isidentifier',
    'is_relative_to', 'relative_to', 'commonpath', 'is_safe_url', 'url_has_allowed_host_and_scheme',
    'safe_join', 'validate', 'is_valid', 'isdecimal',
))


def dotted(node: ast.AST | None) -> str:
    """'a.b.c' for a Name/Attribute chain, '' otherwise."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return '.'.join(reversed(parts))
    return ''


def call_name(call: ast.Call) -> str:
    """The last component of what is called: `execute` for `cur.execute(...)`."""
    f = call.func
    if isinstance(f, ast.Attribute):
        return f.attr
    if isinstance(f, ast.Name):
        return f.id
    return ''


def root_name(node: ast.AST) -> str:
    """The Name an attribute/subscript/call chain starts from."""
    while True:
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            break
    return node.id if isinstance(node, ast.Name) else ''


def keyword(call: ast.Call, name: str) -> ast.expr | None:
    for kw in call.keywords:
        if kw.arg == name:
            return kw.value
    return None


def arg(call: ast.Call, pos: int, name: str | None = None) -> ast.expr | None:
    """Positional argument `pos`, or keyword `name`."""
    if len(call.args) > pos and not isinstance(call.args[pos], ast.Starred):
        return call.args[pos]
    return keyword(call, name) if name else None


def is_true(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is True


def is_false(node: ast.AST | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def names_in(node: ast.AST) -> set[str]:
    """Every identifier, attribute name and constant subscript key in an expression."""
    out = set()
    for n in ast.walk(node):
        if isinstance(n, ast.Name):
            out.add(n.id)
        elif isinstance(n, ast.Attribute):
            out.add(n.attr)
        elif isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str):
            out.add(n.slice.value)
        elif isinstance(n, ast.keyword) and n.arg:
            out.add(n.arg)
    return out


def parent(node: ast.AST) -> ast.AST | None:
    return getattr(node, '_bandit_parent', None)


def ancestors(node: ast.AST) -> Iterator[ast.AST]:
    p = parent(node)
    while p is not None:
        yield p
        p = parent(p)


def scope_of(node: ast.AST) -> ast.AST:
    """The innermost function (or the module) holding `node`."""
    last = node
    for p in ancestors(node):
        if isinstance(p, SCOPES):
            return p
        last = p
    return last


def module_of(node: ast.AST) -> ast.AST:
    last = node
    for p in ancestors(node):
        last = p
    return last


def walk_scope(scope: ast.AST) -> Iterator[ast.AST]:
    """Nodes of a scope's body, not descending into nested functions or classes."""
    todo = list(getattr(scope, 'body', ()))
    if isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        todo += scope.decorator_list
    while todo:
        n = todo.pop()
        yield n
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef, ast.Lambda)):
            todo.extend(getattr(n, 'decorator_list', ()))  # decorators run in this scope; bodies do not
            continue
        todo.extend(ast.iter_child_nodes(n))


def _targets(node: ast.AST) -> list[str]:
    if isinstance(node, ast.Name):
        return [node.id]
    if isinstance(node, (ast.Tuple, ast.List)):
        return [n for e in node.elts for n in _targets(e)]
    if isinstance(node, ast.Starred):
        return _targets(node.value)
    return []


def decorator_names(func: ast.AST) -> set[str]:
    out = set()
    for d in getattr(func, 'decorator_list', ()):
        target = d.func if isinstance(d, ast.Call) else d
        out.update(dotted(target).split('.'))
    return out


def is_route(func: ast.AST) -> TypeGuard[Function]:
    """A Flask/FastAPI route or a Django view (function or class-based method)."""
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    for d in func.decorator_list:
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(target, ast.Attribute) and target.attr in ROUTE_ATTRS and isinstance(d, ast.Call):
            return True
        if dotted(target).split('.')[-1] in VIEW_DECORATORS:
            return True
    params = [a.arg for a in func.args.posonlyargs + func.args.args]
    if 'request' in params[:2] and _request_is_web(func):  # not a pytest fixture's `request: FixtureRequest`
        return True
    cls = parent(func)
    return isinstance(cls, ast.ClassDef) and params[:1] == ['self'] and func.name in HTTP_METHODS and any(
        VIEW_BASES.search(dotted(b)) for b in cls.bases)


# what a `request` parameter annotated with these is: the web request
WEB_REQUEST_TYPES = frozenset((
    'Request', 'HttpRequest', 'WSGIRequest', 'ASGIRequest', 'BaseRequest', 'HTTPServerRequest', 'Any', 'object',
))


def _request_is_web(scope: ast.AST) -> bool:
    """False when the scope's own `request` parameter is annotated as something else
    (pytest's `request: FixtureRequest`): `request.node` there is no client data."""
    args = getattr(scope, 'args', None)
    if args is None:
        return True
    for a in args.posonlyargs + args.args + args.kwonlyargs:
        if a.arg == 'request' and a.annotation is not None:
            ann = a.annotation.value if isinstance(a.annotation, ast.Constant) else a.annotation
            name = ann.split('.')[-1] if isinstance(ann, str) else dotted(a.annotation).split('.')[-1]
            return name in WEB_REQUEST_TYPES or name == ''
    return True


# a helper whose name says it checks a URL, host or path before it is used
CHECK_HELPER = re.compile(r'^_?(?:is|check|validate|ensure|verify|assert)_\w*(?:url|host|address|domain|safe|allowed|public|path)\w*$',
                          re.I)
_SCHEMES = re.compile(r'^(?:https?|ftp|wss?)(?::(?://)?)?$', re.I)


def _scheme_only(call: ast.Call) -> bool:
    """True for `url.startswith(("http://", "https://"))`: the scheme says nothing of the host."""
    if call_name(call) != 'startswith' or not call.args:
        return False
    first = call.args[0]
    items = first.elts if isinstance(first, ast.Tuple) else [first]
    return bool(items) and all(isinstance(i, ast.Constant) and isinstance(i.value, str) and _SCHEMES.match(i.value)
                               for i in items)


def _decorated_route(func: ast.AST) -> bool:
    for d in getattr(func, 'decorator_list', ()):
        target = d.func if isinstance(d, ast.Call) else d
        if isinstance(target, ast.Attribute) and target.attr in ROUTE_ATTRS and isinstance(d, ast.Call):
            return True
    return False


def _route_params(func: ast.AST, typed: bool = False) -> set[str]:
    """Parameters a view receives from the URL or body (`typed`: int/UUID ones too)."""
    if not is_route(func):
        return set()
    # a Django view's URL kwargs have no defaults; a defaulted one is the caller's option
    with_defaults_too = _decorated_route(func)
    args = func.args
    positional = args.posonlyargs + args.args
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    pairs = list(zip(positional, defaults)) + list(zip(args.kwonlyargs, args.kw_defaults))
    out = set()
    for a, default in pairs:
        if a.arg in UNTAINTED_PARAMS:
            continue
        if isinstance(default, ast.Call) and call_name(default) in ('Depends', 'Security'):
            continue
        if default is not None and not with_defaults_too:
            continue
        ann = dotted(a.annotation) if a.annotation is not None else ''
        if (ann in SAFE_ANNOTATIONS and not typed) or ann.split('.')[-1] in ('Request', 'Session', 'AsyncSession', 'BackgroundTasks', 'Response'):
            continue
        out.add(a.arg)
    return out


class Scope:
    """What one scope assigns, which names carry request data, which it validates."""

    def __init__(self, node: ast.AST) -> None:
        self.node = node
        self.assigns: dict[str, list[ast.expr]] = {}
        self.kinds: dict[str, str] = {}  # name -> qualified name of the call that made it
        self.calls: set[str] = set()
        self.constants: set[object] = set()
        self.validated: set[str] = set()
        flows: list[tuple[list[str], ast.expr]] = []
        for n in walk_scope(node):
            if isinstance(n, ast.Assign):
                names = [t for tgt in n.targets for t in _targets(tgt)]
                flows.append((names, n.value))
                for name in names:
                    self.assigns.setdefault(name, []).append(n.value)
                    if isinstance(n.value, ast.Call):
                        self.kinds[name] = dotted(n.value.func)
            elif isinstance(n, ast.AnnAssign) and n.value is not None:
                names = _targets(n.target)
                flows.append((names, n.value))
                for name in names:
                    self.assigns.setdefault(name, []).append(n.value)
            elif isinstance(n, ast.AugAssign):
                names = _targets(n.target)
                flows.append((names, n.value))
                for name in names:
                    self.assigns.setdefault(name, []).append(n.value)
            elif isinstance(n, (ast.For, ast.AsyncFor, ast.comprehension)):
                flows.append((_targets(n.target), n.iter))
            elif isinstance(n, ast.withitem) and n.optional_vars is not None:
                names = _targets(n.optional_vars)
                flows.append((names, n.context_expr))
                if isinstance(n.context_expr, ast.Call):
                    for name in names:
                        self.kinds[name] = dotted(n.context_expr.func)
            elif isinstance(n, ast.NamedExpr):
                flows.append((_targets(n.target), n.value))
            elif isinstance(n, ast.Call):
                self.calls.add(call_name(n))
            elif isinstance(n, ast.Constant) and isinstance(n.value, (str, int)):
                self.constants.add(n.value)
            if isinstance(n, (ast.If, ast.While, ast.Assert, ast.IfExp)) or (
                    isinstance(n, ast.Call) and call_name(n) in ('abort', 'HTTPException')):
                self._note_validation(n.test if hasattr(n, 'test') else n)
        self.params = _route_params(node, typed=True)
        self.sources = _route_params(node)
        self.request_is_web = _request_is_web(node)
        self._flows = flows
        self._sets: dict[tuple[bool, bool], set[str]] = {}

    def _note_validation(self, test: ast.AST) -> None:
        """Names a condition checks: `x in ALLOWED`, `'..' in x`, `x.startswith(...)`, `is_safe_url(x)`.

        Only the value under test counts, not the container or `request`:
        `if 'file' not in request.files` validates nothing.
        """
        for n in ast.walk(test):
            subjects: list[ast.AST] = []
            if isinstance(n, ast.Compare) and any(isinstance(op, (ast.In, ast.NotIn)) for op in n.ops):
                if isinstance(n.left, ast.Constant) and isinstance(n.left.value, str) and len(n.left.value) > 1 and \
                        n.left.value.isidentifier() and all(isinstance(c, ast.Name) for c in n.comparators):
                    continue  # `"email" in data` asks for a key; `".." in path` checks the text
                subjects = list(n.comparators) if isinstance(n.left, ast.Constant) else [n.left]
            elif isinstance(n, ast.Call) and call_name(n) in VALIDATION_CALLS and not _scheme_only(n):
                subjects = [*n.args, *(k.value for k in n.keywords)]
                if isinstance(n.func, ast.Attribute):
                    subjects.append(n.func.value)
            elif isinstance(n, ast.Call) and CHECK_HELPER.match(call_name(n)):  # is_public_url(u), validate_host(h)
                subjects = [*n.args, *(k.value for k in n.keywords)]
                if isinstance(n.func, ast.Attribute):
                    subjects.append(n.func.value)
            for subject in subjects:
                # `data["email"]` checks one field: the rest of `data` is as it came
                fields = {id(x.value) for x in ast.walk(subject)
                          if isinstance(x, ast.Subscript) and isinstance(x.slice, ast.Constant)}
                self.validated.update(
                    x.id for x in ast.walk(subject)
                    if isinstance(x, ast.Name) and x.id not in NOT_SUBJECTS and not _UPPER.match(x.id)
                    and id(x) not in fields)

    def _tainted(self, checked: bool, cli: bool) -> set[str]:
        key = (checked, cli)
        if key not in self._sets:
            self._sets[key] = set()  # while it is worked out: a call cycle back here sees nothing yet
            self._sets[key] = self._propagate(self.validated if checked else set(), cli,
                                              self.sources | self._fed_params(cli))
        return self._sets[key]

    def _fed_params(self, cli: bool) -> set[str]:
        """Parameters of a module-level helper that some call in the module passes outside data
        (`fetch_feed(session, feed_url)` from a view): the helper's sinks see the view's input."""
        func = self.node
        if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)) or self.sources or \
                module_function(func, func.name) is not func:
            return set()
        out = set()
        for call in _calls_by_name(func).get(func.name, ()):
            caller = scope_facts(call)
            if caller.node is func:
                continue  # recursion adds nothing the outside callers do not
            for param, value in call_bindings(func, call):
                if param not in out and caller.is_tainted(value, checked=True, cli=cli):
                    out.add(param)
        return out

    def _propagate(self, blocked: set[str], cli: bool, start: set[str] | None = None) -> set[str]:
        tainted = set(self.sources if start is None else start) - blocked
        for _ in range(4):
            before = len(tainted)
            for names, value in self._flows:
                if self._expr(value, tainted, blocked, cli):
                    tainted.update(n for n in names if n not in blocked)
            if len(tainted) == before:
                break
        return tainted

    def _expr(self, node: ast.AST | None, tainted: set[str], blocked: set[str], cli: bool) -> bool:
        if node is None:
            return False
        if isinstance(node, ast.Name):
            return node.id in tainted
        if isinstance(node, (ast.Attribute, ast.Subscript)):
            chain = dotted(node if isinstance(node, ast.Attribute) else node.value)
            if chain == 'sys.argv' or chain.startswith('sys.argv.'):
                return cli
            if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and _UPPER.match(node.value.id):
                return False  # a lookup in a constant table is an allow-list
            if root_name(node) == 'request' and 'request' not in blocked and self.request_is_web:
                first = chain.split('.')[1] if chain.count('.') else ''
                return first not in REQUEST_TRUSTED
            return self._expr(node.value, tainted, blocked, cli)
        if isinstance(node, ast.Call):
            name = call_name(node)
            if name in SANITIZERS:
                return False
            if name in SOURCE_CALLS:
                return cli
            if name in WEB_SOURCE_CALLS and isinstance(node.func, ast.Attribute) and dotted(node.func.value) == 'self':
                return True
            if name in ('namelist', 'infolist', 'getmembers', 'getnames'):
                return True  # archive member names are chosen by whoever made the archive
            if isinstance(node.func, ast.Attribute):
                if name == 'get' and isinstance(node.func.value, ast.Name) and _UPPER.match(node.func.value.id):
                    return False  # a lookup in a constant table is an allow-list
                if self._expr(node.func, tainted, blocked, cli):
                    return True
            if name in PASS_THROUGH or dotted(node.func) in ('os.path.join', 'posixpath.join'):
                return any(self._expr(a, tainted, blocked, cli) for a in node.args) or any(
                    self._expr(k.value, tainted, blocked, cli) for k in node.keywords)
            if isinstance(node.func, ast.Name):
                helper = module_function(self.node, node.func.id)
                if helper is not None and helper is not self.node:
                    return _helper_call_tainted(helper, node, lambda e: self._expr(e, tainted, blocked, cli), cli)
            return False
        if isinstance(node, ast.JoinedStr):
            return any(self._expr(v, tainted, blocked, cli) for v in node.values)
        if isinstance(node, ast.FormattedValue):
            return self._expr(node.value, tainted, blocked, cli)
        if isinstance(node, ast.BinOp):
            return self._expr(node.left, tainted, blocked, cli) or self._expr(node.right, tainted, blocked, cli)
        if isinstance(node, ast.BoolOp):
            return any(self._expr(v, tainted, blocked, cli) for v in node.values)
        if isinstance(node, ast.IfExp):
            return self._expr(node.body, tainted, blocked, cli) or self._expr(node.orelse, tainted, blocked, cli)
        if isinstance(node, (ast.Tuple, ast.List, ast.Set)):
            return any(self._expr(e, tainted, blocked, cli) for e in node.elts)
        if isinstance(node, (ast.Starred, ast.Await, ast.NamedExpr)):
            return self._expr(node.value, tainted, blocked, cli)
        return False

    @property
    def tainted(self) -> set[str]:
        return self._tainted(False, True)

    def is_tainted(self, node: ast.AST | None, *, checked: bool = False, cli: bool = True) -> bool:
        """True when `node` carries outside data.

        `checked`: unless a condition validated it first; `cli=False`: count
        only web request data, not sys.argv/input() (whoever runs a CLI
        already has its files and network).
        """
        blocked = self.validated if checked else set()
        return self._expr(node, self._tainted(checked, cli), blocked, cli)


def scope_facts(node: ast.AST) -> Scope:
    """The Scope holding `node`, computed once per scope node."""
    return facts_of(scope_of(node))


def facts_of(scope: ast.AST) -> Scope:
    """The Scope of a function or module node itself."""
    facts = getattr(scope, '_aiguard_scope', None)
    if facts is None:
        facts = Scope(scope)
        scope._aiguard_scope = facts  # type: ignore[attr-defined]
    return facts


def module_facts(node: ast.AST) -> Scope:
    module = module_of(node)
    facts = getattr(module, '_aiguard_scope', None)
    if facts is None:
        facts = Scope(module)
        module._aiguard_scope = facts  # type: ignore[attr-defined]
    return facts


_UPPER = re.compile(r'^[A-Z][A-Z0-9_]*$')


def is_constant(node: ast.AST | None, scope: Scope, depth: int = 0) -> bool:
    """True when `node` can only hold text the program itself wrote."""
    if isinstance(node, ast.Constant):
        return True
    if node is None or depth > 6:
        return node is None
    if isinstance(node, ast.Name):
        if _UPPER.match(node.id) or 'placeholder' in node.id.lower() or node.id in scope.validated:
            return True  # a constant, or checked against an allow-list / pattern first
        values = scope.assigns.get(node.id)
        if not values:
            return _module_constant(node.id, scope, depth)
        if any(isinstance(v, (ast.List, ast.Set)) for v in values) and not _only_constants_added(node.id, scope, depth):
            return False  # parts.append(f"… {x}") after parts = ["a = 1"]
        return all(is_constant(v, scope, depth + 1) or _unpacked_constant(node.id, v, scope, depth) for v in values)
    if isinstance(node, ast.Attribute):
        return bool(_UPPER.match(node.attr))
    if isinstance(node, ast.JoinedStr):
        return all(is_constant(v, scope, depth + 1) for v in node.values)
    if isinstance(node, ast.FormattedValue):
        return is_constant(node.value, scope, depth + 1)
    if isinstance(node, ast.BinOp):
        return is_constant(node.left, scope, depth + 1) and is_constant(node.right, scope, depth + 1)
    if isinstance(node, (ast.Tuple, ast.List)):
        return all(is_constant(e, scope, depth + 1) for e in node.elts)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and _UPPER.match(node.value.id):
        return True  # a lookup in a constant table
    if isinstance(node, ast.Call):
        name = call_name(node)
        if name in SANITIZERS or dotted(node.func) in ('shlex.quote', 'shlex.join', 'pipes.quote'):
            return True
        if name == 'get' and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Name) \
                and _UPPER.match(node.func.value.id):
            return True
        if name == 'join' and isinstance(node.func, ast.Attribute) and isinstance(node.func.value, ast.Constant):
            items = node.args[0] if node.args else None
            if isinstance(items, (ast.GeneratorExp, ast.ListComp)):
                return is_constant(items.elt, scope, depth + 1)
            return is_constant(items, scope, depth + 1)
        if name == 'format' and isinstance(node.func, ast.Attribute):
            return is_constant(node.func.value, scope, depth + 1) and all(
                is_constant(a, scope, depth + 1) for a in node.args) and all(
                is_constant(k.value, scope, depth + 1) for k in node.keywords)
        return False
    return False


def _only_constants_added(name: str, scope: Scope, depth: int) -> bool:
    """True when every append/extend/insert/add on the list `name` in its scope adds constants."""
    added = getattr(scope, '_added', None)
    if added is None:  # one walk per scope, not one per question
        added = {}
        for n in walk_scope(scope.node):
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and isinstance(n.func.value, ast.Name) \
                    and n.func.attr in ('append', 'extend', 'insert', 'add', 'update'):
                added.setdefault(n.func.value.id, []).extend(n.args)
        scope._added = added  # type: ignore[attr-defined]
    return all(is_constant(a, scope, depth + 1) for a in added.get(name, ()))


def _unpacked_constant(name: str, value: ast.AST, scope: Scope, depth: int) -> bool:
    """`where, params = build_filters(args)`: True when the helper's every return puts a constant
    in `name`'s place (the clause text), whatever the other places carry (the values)."""
    if not (isinstance(value, ast.Call) and isinstance(value.func, ast.Name)):
        return False
    helper = module_function(scope.node, value.func.id)
    if helper is None or helper is scope.node:
        return False
    unpacked = getattr(scope, '_unpacked', None)
    if unpacked is None:  # id(call) -> the names `a, b = call` binds, one walk per scope
        unpacked = {id(n.value): [e.id if isinstance(e, ast.Name) else '' for e in t.elts]
                    for n in walk_scope(scope.node) if isinstance(n, ast.Assign)
                    for t in n.targets if isinstance(t, (ast.Tuple, ast.List))}
        scope._unpacked = unpacked  # type: ignore[attr-defined]
    names = unpacked.get(id(value), [])
    index = names.index(name) if name in names else None
    returns = _returns(helper)
    if index is None or not returns:
        return False
    inner = facts_of(helper)
    return all(isinstance(r.value, ast.Tuple) and len(r.value.elts) > index and
               is_constant(r.value.elts[index], inner, depth + 1) for r in returns)


def _module_constant(name: str, scope: Scope, depth: int) -> bool:
    """A name the function neither assigns nor takes, bound to constants at module level."""
    func = scope.node
    if not isinstance(func, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    args = func.args
    if name in {a.arg for a in [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg] if a}:
        return False
    module = facts_of(module_of(func))
    values = module.assigns.get(name)
    if not values:
        return False
    return all(is_constant(v, module, depth + 1) for v in values)


def is_built_string(node: ast.AST | None, scope: Scope, depth: int = 0) -> bool:
    """True for text built at run time from non-constant parts (f-string, %, .format, +)."""
    if node is None or depth > 4:
        return False
    if isinstance(node, ast.JoinedStr):
        return not is_constant(node, scope)
    if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.Add, ast.Mod)):
        if is_constant(node, scope):
            return False
        return _has_text(node) or is_built_string(node.left, scope, depth + 1)
    if isinstance(node, ast.Call) and call_name(node) == 'format' and isinstance(node.func, ast.Attribute):
        template = node.func.value  # "...".format(), not sql.SQL("...").format()
        has_text = _has_text(template) or (isinstance(template, ast.Name) and bool(text_of(template, scope)))
        return isinstance(template, (ast.Constant, ast.Name, ast.JoinedStr, ast.BinOp)) and \
            has_text and not is_constant(node, scope)
    if isinstance(node, ast.Name):
        return any(is_built_string(v, scope, depth + 1) for v in scope.assigns.get(node.id, ()))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        helper = module_function(scope.node, node.func.id)
        if helper is not None and helper is not scope.node:
            inner = facts_of(helper)
            return any(is_built_string(r.value, inner, depth + 1) for r in _returns(helper))
    return False


def _helper_call_tainted(helper: Function, call: ast.Call, carries: Callable[[ast.AST], bool],
                         cli: bool) -> bool:
    """Whether `call` of a module-level `helper` returns outside data: the helper returns
    it by itself (reads the request), or returns a parameter the call passes tainted."""
    if _helper_returns(helper, None, cli):
        return True
    return any(carries(value) and _helper_returns(helper, param, cli) for param, value in call_bindings(helper, call))


def call_bindings(func: Function, call: ast.Call) -> list[tuple[str, ast.expr]]:
    """(parameter, argument) pairs a call of `func` binds that can be known: positional
    arguments up to the first *args, and keywords that name a parameter."""
    args = func.args
    positional = [a.arg for a in args.posonlyargs + args.args]
    out: list[tuple[str, ast.expr]] = []
    for i, value in enumerate(call.args):
        if isinstance(value, ast.Starred) or i >= len(positional):
            break  # the parameters a *args fills are not known
        out.append((positional[i], value))
    named = {a.arg for a in args.args + args.kwonlyargs}
    out += [(k.arg, k.value) for k in call.keywords if k.arg is not None and k.arg in named]
    return out


# Helpers followed into helpers at most this deep: a longer chain is taken as clean
# (deterministically, rather than by running out of stack on generated code).
HELPER_DEPTH = 8
_following: list[int] = [0, 0]  # [current depth, times the limit was hit]


def _helper_returns(helper: ast.AST, param: str | None, cli: bool) -> bool:
    """Does `helper` return outside data when `param` (None: no parameter) carries it?
    The helper's own checks count (a helper that validates its argument is a
    sanitizer by intent); cached on the node unless the answer met the depth
    limit; a helper that reaches itself again while this is worked out is
    taken as clean."""
    cache: dict[tuple[str | None, bool], bool] | None = getattr(helper, '_aiguard_returns', None)
    if cache is None:
        cache = {}
        helper._aiguard_returns = cache  # type: ignore[attr-defined]
    key = (param, cli)
    if key in cache:
        return cache[key]
    if _following[0] >= HELPER_DEPTH:
        _following[1] += 1
        return False
    limited_before = _following[1]
    cache[key] = False  # while it is worked out: recursion ends here
    _following[0] += 1
    try:
        facts = facts_of(helper)
        blocked = facts.validated
        tainted = facts._propagate(blocked, cli, {param} if param is not None else set())
        result = any(facts._expr(r.value, tainted, blocked, cli) for r in _returns(helper))
    finally:
        _following[0] -= 1
        del cache[key]
    if _following[1] == limited_before:
        cache[key] = result  # an answer cut short by the depth limit is not kept
    return result


def _calls_by_name(anywhere: ast.AST) -> dict[str, list[ast.Call]]:
    """The module's calls of plain names (`helper(x)`), by name, found once per module."""
    module = module_of(anywhere)
    table = getattr(module, '_aiguard_calls', None)
    if table is None:
        table = {}
        for n in ast.walk(module):
            for child in ast.iter_child_nodes(n):
                child._bandit_parent = n  # type: ignore[attr-defined]  # bandit links a node only when it gets there
            if isinstance(n, ast.Call) and isinstance(n.func, ast.Name):
                table.setdefault(n.func.id, []).append(n)
        module._aiguard_calls = table  # type: ignore[attr-defined]
    return table


def module_function(anywhere: ast.AST, name: str) -> Function | None:
    """The top-level function `name` of the module holding `anywhere`, if any."""
    module = anywhere if isinstance(anywhere, ast.Module) else module_of(anywhere)
    table = getattr(module, '_aiguard_functions', None)
    if table is None:
        table = {n.name: n for n in getattr(module, 'body', ()) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
        module._aiguard_functions = table  # type: ignore[attr-defined]
    return table.get(name)


def _returns(func: ast.AST) -> list[ast.Return]:
    return [n for n in walk_scope(func) if isinstance(n, ast.Return) and n.value is not None]


def _has_text(node: ast.AST) -> bool:
    return any(isinstance(n, ast.Constant) and isinstance(n.value, str) for n in ast.walk(node))


def text_of(node: ast.AST | None, scope: Scope, depth: int = 0) -> str:
    """The constant pieces of a string expression (following local names), joined."""
    if node is None or depth > 4:
        return ''
    if isinstance(node, ast.Name):
        return ' '.join(text_of(v, scope, depth + 1) for v in scope.assigns.get(node.id, ()))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        helper = module_function(scope.node, node.func.id)
        if helper is not None and helper is not scope.node:
            inner = facts_of(helper)
            return ' '.join(text_of(r.value, inner, depth + 1) for r in _returns(helper))
    return ' '.join(
        n.value for n in ast.walk(node) if isinstance(n, ast.Constant) and isinstance(n.value, str)
    )
