"""Syntax-tree checks for JavaScript, TypeScript, JSX and TSX (tree-sitter), with a taint-lite.

The patterns engine runs these for a JS/TS file in place of the regexes of the
rules that name a check with `tree:` (rules/patterns-js.yaml). "Tainted" means
derived from what a client or the command line chose: `req.query/params/body/
headers/cookies` (Express, Fastify, Next.js), `ctx.query/request.body` (Koa),
NestJS `@Query/@Param/@Body/@Headers` parameters, `process.argv`, the page's
`location` and `postMessage` event data; it flows through assignments,
destructuring, template literals, concatenation, pass-through calls and the
module's own functions (a call carries what the function returns, and a
parameter is tainted when some call in the module passes taint to it). Sanitizers
(parseInt, Number, path.basename, DOMPurify.sanitize, escape functions) and
checks in an `if` (allow-list `includes`/`has`, `startsWith` containment,
`test`) stop it. Importing this module imports tree-sitter: only a scan of a
JS/TS file does.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Iterator

import tree_sitter
import tree_sitter_javascript
import tree_sitter_typescript

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tree_sitter import Node

_LANGUAGES: dict[str, tree_sitter.Language] = {}


def _language(path: str) -> tree_sitter.Language:
    """The grammar for a file: TypeScript for .ts/.mts/.cts, TSX for .tsx, JavaScript (with JSX) otherwise."""
    if path.endswith('.tsx'):
        kind = 'tsx'
    elif path.endswith(('.ts', '.mts', '.cts')):
        kind = 'ts'
    else:
        kind = 'js'
    lang = _LANGUAGES.get(kind)
    if lang is None:
        raw = {'tsx': tree_sitter_typescript.language_tsx, 'ts': tree_sitter_typescript.language_typescript,
               'js': tree_sitter_javascript.language}[kind]()
        lang = _LANGUAGES[kind] = tree_sitter.Language(raw)
    return lang


FUNCTIONS = frozenset((
    'function_declaration', 'function_expression', 'function', 'arrow_function', 'method_definition',
    'generator_function_declaration', 'generator_function',
))
WRAPPERS = frozenset((
    'parenthesized_expression', 'await_expression', 'as_expression', 'non_null_expression',
    'type_assertion', 'satisfies_expression', 'spread_element',
))
# where a request object's client-chosen parts live
REQUEST_NAMES = frozenset(('req', 'request'))
REQUEST_FIELDS = frozenset((
    'query', 'params', 'body', 'headers', 'cookies', 'signedCookies', 'url', 'originalUrl', 'nextUrl',
    'searchParams', 'rawBody',
))
LAMBDA_FIELDS = frozenset((
    'body', 'queryStringParameters', 'multiValueQueryStringParameters', 'pathParameters', 'headers',
    'multiValueHeaders', 'rawQueryString', 'cookies',
))
KOA_FIELDS = frozenset(('query', 'params', 'request', 'headers', 'cookies', 'querystring', 'url', 'originalUrl', 'href'))
REQUEST_CALLS = frozenset(('get', 'header', 'param', 'json', 'formData', 'text'))
NEST_SOURCES = frozenset(('Query', 'Param', 'Body', 'Headers', 'Req', 'Request', 'Cookies', 'Ip', 'HostParam'))
# headers a redirect may follow (the browser sets them)
NOT_SOURCES = frozenset(('referer', 'referrer', 'user-agent', 'host'))
SANITIZERS = frozenset((
    'parseInt', 'parseFloat', 'Number', 'Boolean', 'basename', 'escape', 'escapeHtml', 'escapeHTML',
    'sanitize', 'sanitizeHtml', 'sanitizeUrl', 'xss', 'filterXSS', 'purify', 'encodeURIComponent',
    'escapeId', 'escapeIdentifier', 'escapeLiteral', 'quote', 'shellEscape', 'isValidObjectId', 'uuidValidate',
    'toNumber', 'isInteger', 'format', 'createHash', 'createHmac', 'hash', 'randomUUID', 'randomBytes',
    'floor', 'ceil', 'round', 'abs', 'min', 'max', 'trunc', 'sign', 'stringify', 'getTime', 'now', 'indexOf',
    'includes', 'startsWith', 'endsWith', 'test', 'has', 'some', 'every', 'isArray', 'isNaN', 'isFinite',
))
PASS_THROUGH = frozenset((
    'String', 'decodeURIComponent', 'decodeURI', 'unescape', 'atob', 'parse', 'join', 'resolve', 'normalize',
    'from', 'concat', 'toString', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'slice',
    'substring', 'substr', 'split', 'replace', 'replaceAll', 'get', 'getAll', 'URL', 'URLSearchParams',
    'valueOf', 'padStart', 'padEnd', 'at', 'pop', 'shift', 'find', 'filter', 'map', 'flat', 'values', 'entries',
    'keys', 'assign', 'Buffer', 'toJSON', 'href', 'then', 'raw',
))
# a condition that calls these on a value checks it
VALIDATION_CALLS = frozenset((
    'includes', 'has', 'startsWith', 'endsWith', 'test', 'match', 'isValid', 'isIP', 'isURL', 'isUUID',
    'isAlphanumeric', 'isInt', 'isNumeric', 'validate', 'isSafeUrl', 'isAllowed', 'isAllowedUrl',
    'isAllowedHost', 'isSafePath', 'isSafe', 'indexOf', 'some', 'every', 'relative', 'isMongoId', 'isEmail',
))
_SANITIZER_NAME = re.compile(r'(?i)^(?:esc|escape|sanitiz|purify|clean(?:html)?$|encode(?:html|uri|for)|html(?:escape|encode)|strip(?:tags|html))')


def is_sanitizer(name: str) -> bool:
    return name in SANITIZERS or bool(_SANITIZER_NAME.match(name))


NUMERIC_PROPS = frozenset(('length', 'size', 'byteLength', 'status', 'statusCode', 'count'))
_UPPER = re.compile(r'^[A-Z][A-Z0-9_]*$')
_SQL = re.compile(r'(?i)\b(?:select\s[\s\S]*\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from|where\s|order\s+by|'
                  r'create\s+table|drop\s+table|alter\s+table|values\s*\(|group\s+by)')
_SECRETISH = re.compile(
    r'(?i)(token|secret|passw|pwd|api_?key|apikey|private_?key|secret_?key|access_?key|salt|nonce|otp|'
    r'session|csrf|xsrf|reset|uuid|guid|credential|verif|invite_?code|auth_?code|one_?time)')
_PASSWORDISH = re.compile(r'(?i)(passw|pwd|passphrase|credential)')
_WEAK_CIPHER = re.compile(r'(?i)(?:^|[-_])(?:des|des3|3des|rc4|rc2|bf|blowfish|cast5?|idea|seed)(?:$|[-_])|ecb|^des-ede')
_FAST_HASH = re.compile(r'(?i)^(?:md4|md5|sha-?1|sha-?224|sha-?256|sha-?384|sha-?512|sha3-\d+|ripemd\d*)$')
HTTP_CLIENTS = frozenset(('axios', 'got', 'needle', 'superagent', 'request', 'ky', 'undici', 'nodeFetch', 'phin'))
HTTP_SERVICES = frozenset(('http', 'httpService', 'httpClient', 'axios', 'client', 'httpClientService'))
HTTP_METHODS = frozenset(('get', 'post', 'put', 'patch', 'delete', 'head', 'request', 'options', 'stream'))
FS_MODULES = frozenset(('fs', 'fs/promises', 'node:fs', 'node:fs/promises', 'fs-extra', 'graceful-fs'))
FS_CALLS = frozenset((
    'readFile', 'readFileSync', 'createReadStream', 'writeFile', 'writeFileSync', 'createWriteStream',
    'appendFile', 'appendFileSync', 'unlink', 'unlinkSync', 'rm', 'rmSync', 'rmdir', 'rmdirSync', 'readdir',
    'readdirSync', 'open', 'openSync', 'copyFile', 'copyFileSync', 'rename', 'renameSync', 'outputFile',
    'readJson', 'readJSON', 'readJsonSync', 'remove', 'removeSync', 'mkdir', 'mkdirSync',
))
SHELL_CALLS = frozenset(('exec', 'execSync'))
SHELLS = frozenset(('sh', 'bash', 'zsh', 'dash', 'cmd', 'cmd.exe', 'powershell', 'pwsh'))
SPAWN_CALLS = frozenset(('spawn', 'spawnSync', 'execFile', 'execFileSync', 'fork'))
RESPONSE_ROOTS = frozenset(('res', 'response', 'reply', 'resp'))
RESPONSE_SENDS = frozenset(('send', 'json', 'end', 'write', 'jsonp', 'render'))


# One file's answers, by node id: the checks ask the same questions of the same nodes many times,
# and each crossing into tree-sitter builds new objects. Cleared by analyze() for every file.
_MEMO: dict[tuple[str, int], object] = {}


def text(node: Node | None) -> str:
    if node is None:
        return ''
    key = ('t', node.id)
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = node.text.decode('utf-8', 'replace') if node.text is not None else ''
    return found  # type: ignore[return-value]


def unwrap(node: Node | None) -> Node | None:
    while node is not None and node.type in WRAPPERS:
        node = node.named_children[0] if node.named_children else None
    return node


def kind_of(node: Node | None) -> str:
    """The node type under any wrapping parentheses or await, '' for no node."""
    inner = unwrap(node)
    return inner.type if inner is not None else ''


def chain(node: Node | None) -> list[str]:
    """['req', 'query', 'id'] for `req.query.id`, `req['query'].id`; calls in the chain end with '()'."""
    if node is None:
        return []
    key = ('c', node.id)
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = _chain(node)
    return list(found)  # type: ignore[call-overload]


def _chain(node: Node | None) -> list[str]:
    parts: list[str] = []
    node = unwrap(node)
    while node is not None:
        if node.type == 'member_expression':
            parts.append(text(node.child_by_field_name('property')))
            node = unwrap(node.child_by_field_name('object'))
        elif node.type == 'subscript_expression':
            index = unwrap(node.child_by_field_name('index'))
            parts.append(_string_value(index) if index is not None and index.type == 'string' else '*')
            node = unwrap(node.child_by_field_name('object'))
        elif node.type == 'call_expression':
            callee = unwrap(node.child_by_field_name('function'))
            if callee is None or callee.type not in ('member_expression', 'identifier', 'subscript_expression'):
                break
            inner = chain(callee)
            if not inner:
                break
            inner[-1] += '()'
            parts.extend(reversed(inner))
            break
        else:
            if node.type in ('identifier', 'this', 'property_identifier'):
                parts.append(text(node))
            else:
                parts.append('?')
            break
    return list(reversed(parts))


def _string_value(node: Node | None) -> str:
    return ''.join(text(c) for c in node.named_children if c.type in ('string_fragment', 'escape_sequence')) \
        if node is not None else ''


def callee_name(call: Node) -> str:
    """The last name of what is called: `query` for `pool.query(...)`, `Function` for `new Function(...)`."""
    key = ('n', call.id)
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = _callee_name(call)
    return found  # type: ignore[return-value]


def _callee_name(call: Node) -> str:
    f = unwrap(call.child_by_field_name('function') or call.child_by_field_name('constructor'))
    if f is None:
        return ''
    if f.type == 'member_expression':
        return text(f.child_by_field_name('property'))
    if f.type == 'identifier':
        return text(f)
    return ''


def args_of(call: Node) -> list[Node]:
    key = ('a', call.id)
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = _args_of(call)
    return found  # type: ignore[return-value]


def _args_of(call: Node) -> list[Node]:
    a = call.child_by_field_name('arguments')
    if a is None or a.type != 'arguments':
        return []
    return [c for c in a.named_children if c.type != 'comment']


def _pattern_names(node: Node | None) -> list[str]:
    """The names a declaration or parameter pattern binds."""
    if node is None:
        return []
    t = node.type
    if t in ('identifier', 'shorthand_property_identifier_pattern'):
        return [text(node)]
    if t in ('required_parameter', 'optional_parameter'):
        return _pattern_names(node.child_by_field_name('pattern'))
    if t == 'pair_pattern':
        return _pattern_names(node.child_by_field_name('value'))
    if t in ('assignment_pattern', 'object_assignment_pattern'):
        return _pattern_names(node.child_by_field_name('left'))
    if t in ('object_pattern', 'array_pattern', 'rest_pattern'):
        return [n for c in node.named_children for n in _pattern_names(c)]
    return []


class Func:
    """One function (or the module): its parameters, what it assigns, returns and checks."""

    def __init__(self, node: Node, parent: Func | None, name: str = '') -> None:
        self.node = node
        self.parent = parent
        self.name = name
        self.params: dict[str, int] = {}
        self.param_count = 0
        self.assigns: dict[str, list[Node]] = {}
        self.returns: list[Node] = []
        self.validated: set[str] = set()
        self.tainted_params: set[int] = set()
        self.error_names: set[str] = set()
        self.message_names: set[str] = set()
        params = node.child_by_field_name('parameters') or node.child_by_field_name('parameter')
        if params is not None:
            items = [params] if params.type == 'identifier' else [c for c in params.named_children if c.type != 'comment']
            self.param_count = len(items)
            for i, p in enumerate(items):
                for n in _pattern_names(p):
                    self.params[n] = i
                if any(d.type == 'decorator' and _decorator_name(d) in NEST_SOURCES for d in p.children):
                    self.tainted_params.add(i)
        body = node.child_by_field_name('body')
        if node.type == 'arrow_function' and body is not None and body.type != 'statement_block':
            self.returns.append(body)


def _decorator_name(d: Node) -> str:
    inner = d.named_children[0] if d.named_children else None
    if inner is not None and inner.type == 'call_expression':
        inner = inner.child_by_field_name('function')
    return text(inner).rsplit('.', 1)[-1]


class Module:
    """One parsed file: its functions, and the calls, assignments and JSX attributes checks look at."""

    def __init__(self, source: bytes, path: str) -> None:
        self.path = path
        self.source = source
        self.tree = tree_sitter.Parser(_language(path)).parse(source)
        self.raw_lines = source.split(b'\n')  # tree-sitter columns count bytes
        root = self.tree.root_node
        self.top = Func(root, None, '<module>')
        self.funcs: list[Func] = [self.top]
        self.by_name: dict[str, list[Func]] = {}
        self.calls: list[tuple[Node, Func]] = []
        self.assignments: list[tuple[Node, Func]] = []
        self.jsx: list[tuple[Node, Func]] = []
        self.redirect_objects: list[tuple[Node, Func]] = []  # `redirect: {destination}` (Next.js)
        self.imports: dict[str, str] = {}  # local name -> module it comes from
        self._walk(root)
        self._memo: dict[tuple[int, int, bool], bool] = {}
        self._busy: set[tuple[int, int, bool]] = set()
        self._spread_taint()

    # -- building ---------------------------------------------------------------

    def _walk(self, root: Node) -> None:
        stack: list[tuple[Node, Func]] = [(root, self.top)]
        while stack:
            node, fn = stack.pop()
            t = node.type
            if t in FUNCTIONS and node is not fn.node:
                fn = self._function(node, fn)
            elif t == 'variable_declarator':
                value = node.child_by_field_name('value')
                if value is not None:
                    for n in _pattern_names(node.child_by_field_name('name')):
                        fn.assigns.setdefault(n, []).append(value)
                    self._note_import(node.child_by_field_name('name'), value)
            elif t in ('assignment_expression', 'augmented_assignment_expression'):
                left = node.child_by_field_name('left')
                right = node.child_by_field_name('right')
                if left is not None and right is not None:
                    if left.type == 'identifier':
                        self._owner(text(left), fn).assigns.setdefault(text(left), []).append(right)
                    elif left.type in ('object_pattern', 'array_pattern'):
                        for n in _pattern_names(left):
                            self._owner(n, fn).assigns.setdefault(n, []).append(right)
                    else:
                        self.assignments.append((node, fn))
            elif t in ('call_expression', 'new_expression'):
                self.calls.append((node, fn))
            elif t == 'jsx_attribute':
                self.jsx.append((node, fn))
            elif t == 'pair' and text(node.child_by_field_name('key')) == 'redirect':
                self.redirect_objects.append((node, fn))
            elif t == 'return_statement':
                if node.named_children:
                    fn.returns.append(node.named_children[0])
            elif t in ('if_statement', 'while_statement'):
                self._note_validation(node.child_by_field_name('condition'), fn)
            elif t == 'catch_clause':
                p = node.child_by_field_name('parameter')
                fn.error_names.update(_pattern_names(p))
            elif t == 'import_statement':
                self._note_es_import(node)
            stack.extend((c, fn) for c in reversed(node.named_children))

    def _function(self, node: Node, parent: Func) -> Func:
        name = text(node.child_by_field_name('name'))
        p = node.parent
        if not name and p is not None:
            if p.type == 'variable_declarator':
                name = text(p.child_by_field_name('name'))
            elif p.type == 'pair':
                name = text(p.child_by_field_name('key'))
            elif p.type == 'assignment_expression':
                name = text(p.child_by_field_name('left')).rsplit('.', 1)[-1]
        fn = Func(node, parent, name)
        self.funcs.append(fn)
        if name:
            self.by_name.setdefault(name, []).append(fn)
        self._note_callback(node, fn)
        return fn

    def _note_callback(self, node: Node, fn: Func) -> None:
        """Error handlers and message listeners: what their first parameter holds."""
        first = next((n for n, i in fn.params.items() if i == 0), None)
        if first is None:
            return
        if fn.param_count == 4 and any(fn.params.get(n) == 1 for n in ('req', 'request')):
            fn.error_names.add(first)  # Express error middleware (err, req, res, next)
        args = node.parent
        call = args.parent if args is not None and args.type == 'arguments' else None
        if call is None or call.type != 'call_expression':
            p = node.parent
            if p is not None and p.type == 'assignment_expression' and text(p.child_by_field_name('left')).endswith('onmessage'):
                fn.message_names.add(first)
            return
        name = callee_name(call)
        params = args_of(call)
        if name == 'setErrorHandler' or (name == 'on' and params and _string_value(params[0]) == 'error'):
            fn.error_names.add(first)
        elif name == 'addEventListener' and params and _string_value(params[0]) == 'message':
            fn.message_names.add(first)

    def _owner(self, name: str, fn: Func) -> Func:
        """The function whose variable `name` is (closures assign their parents' variables)."""
        f: Func | None = fn
        while f is not None:
            if name in f.assigns or name in f.params:
                return f
            f = f.parent
        return fn

    def _note_import(self, pattern: Node | None, value: Node | None) -> None:
        value = unwrap(value)
        while value is not None and value.type == 'member_expression':
            value = unwrap(value.child_by_field_name('object'))
        if value is None or value.type != 'call_expression' or callee_name(value) != 'require':
            return
        a = args_of(value)
        if a and a[0].type == 'string':
            for n in _pattern_names(pattern):
                self.imports[n] = _string_value(a[0])

    def _note_es_import(self, node: Node) -> None:
        src = node.child_by_field_name('source')
        module = _string_value(src)
        for c in _descendants(node, ('identifier',)):
            self.imports[text(c)] = module

    def _note_validation(self, cond: Node | None, fn: Func) -> None:
        fn.validated.update(_checked_names(cond))

    # -- taint --------------------------------------------------------------------

    def _spread_taint(self) -> None:
        """Parameters of the module's functions that some call in the module passes taint to."""
        targets = []
        for call, fn in self.calls:
            callees = self.resolve(call)
            if callees:
                targets.append((call, fn, callees))
        for _ in range(4):
            changed = False
            self._memo.clear()
            for call, fn, callees in targets:
                for i, a in enumerate(args_of(call)):
                    if self.tainted(a, fn, True):
                        for g in callees:
                            if i not in g.tainted_params:
                                g.tainted_params.add(i)
                                changed = True
            if not changed:
                break
        self._memo.clear()

    def resolve(self, call: Node) -> list[Func]:
        """The module's own functions a call may run (by name; methods through `this` or an object)."""
        f = unwrap(call.child_by_field_name('function'))
        if f is None:
            return []
        if f.type == 'identifier':
            name = text(f)
            if name in self.imports:
                return []
            return [g for g in self.by_name.get(name, ()) if g.node.type != 'method_definition']
        if f.type == 'member_expression':
            name = text(f.child_by_field_name('property'))
            root = chain(f)[:1]
            if root and root[0] in self.imports:
                return []
            return [g for g in self.by_name.get(name, ()) if g.node.type in ('method_definition', 'function_expression', 'arrow_function')]
        return []

    def lookup(self, name: str, fn: Func) -> tuple[str, Func | None]:
        f: Func | None = fn
        while f is not None:
            if name in f.assigns:
                return 'assign', f
            if name in f.params:
                return 'param', f
            f = f.parent
        return 'global', None

    def is_validated(self, name: str, fn: Func) -> bool:
        f: Func | None = fn
        while f is not None:
            if name in f.validated:
                return True
            f = f.parent
        return False

    def tainted(self, node: Node | None, fn: Func, cli: bool, clean: frozenset[str] = frozenset()) -> bool:
        """True when `node` carries data a client chose (`cli`: or the command line)."""
        node = unwrap(node)
        if node is None:
            return False
        key = (node.id, id(fn), cli)
        if not clean and key in self._memo:
            return self._memo[key]
        if key in self._busy:
            return False
        self._busy.add(key)
        try:
            result = self._tainted(node, fn, cli, clean)
        finally:
            self._busy.discard(key)
        if not clean:
            self._memo[key] = result
        return result

    def _tainted(self, node: Node, fn: Func, cli: bool, clean: frozenset[str]) -> bool:
        t = node.type
        if t in ('identifier', 'shorthand_property_identifier'):
            name = text(node)
            if name in clean or self.is_validated(name, fn):
                return False
            kind, owner = self.lookup(name, fn)
            if kind == 'assign' and owner is not None:
                return any(self.tainted(v, owner, cli) for v in owner.assigns[name])
            if kind == 'param' and owner is not None:
                return owner.params[name] in owner.tainted_params
            return name == 'location'
        if t in ('member_expression', 'subscript_expression'):
            parts = chain(node)
            source = self._source(parts, fn, cli)
            if source is not None:
                return source
            if parts and parts[-1] in NUMERIC_PROPS:
                return False
            obj = node.child_by_field_name('object')
            return self.tainted(obj, fn, cli, clean)
        if t in ('call_expression', 'new_expression'):
            return self._call_tainted(node, fn, cli, clean)
        if t == 'template_string':
            return any(self.tainted(s.named_children[0] if s.named_children else None, fn, cli, clean)
                       for s in node.named_children if s.type == 'template_substitution')
        if t == 'binary_expression':
            op = text(node.child_by_field_name('operator'))
            if op in ('+', '||', '??'):
                return self.tainted(node.child_by_field_name('left'), fn, cli, clean) or \
                    self.tainted(node.child_by_field_name('right'), fn, cli, clean)
            if op == '&&':
                return self.tainted(node.child_by_field_name('right'), fn, cli, clean)
            return False
        if t == 'ternary_expression':
            checked = clean | _checked_names(node.child_by_field_name('condition'))
            return self.tainted(node.child_by_field_name('consequence'), fn, cli, checked) or \
                self.tainted(node.child_by_field_name('alternative'), fn, cli, clean)
        if t in ('array', 'object'):
            return any(self.tainted(c, fn, cli, clean) for c in node.named_children)
        if t == 'pair':
            return self.tainted(node.child_by_field_name('value'), fn, cli, clean)
        if t == 'assignment_expression':
            return self.tainted(node.child_by_field_name('right'), fn, cli, clean)
        return False

    def _source(self, parts: list[str], fn: Func, cli: bool) -> bool | None:
        """True/False when a member chain is (or is known not to be) a source; None: look at its object."""
        if len(parts) < 2:
            return None
        root, first = parts[0], parts[1].rstrip('()')
        if root in REQUEST_NAMES and self.lookup(root, fn)[0] != 'assign':
            if first in ('headers', 'cookies') and len(parts) > 2 and parts[2].lower() in NOT_SOURCES:
                return False
            if first in REQUEST_FIELDS:
                return True
            if parts[1].endswith('()') and first in REQUEST_CALLS:
                return not (len(parts) == 2 and first in ('get', 'header'))  # req.get('x') itself, checked below
            return False if first in ('user', 'session', 'method', 'id', 'app', 'log', 'file', 'files') else None
        if root == 'ctx' and self.lookup(root, fn)[0] != 'assign':
            if first in KOA_FIELDS:
                return not (first == 'request' and len(parts) > 2 and parts[2] in ('method', 'ip'))
            return False if first in ('state', 'session', 'status', 'app', 'method') else None
        if root == 'context' and first in ('query', 'params') and self.lookup(root, fn)[0] == 'param':
            return True  # Next.js getServerSideProps(context)
        if root in ('event', 'evt') and first in LAMBDA_FIELDS and self.lookup(root, fn)[0] == 'param':
            return True  # an AWS Lambda handler behind API Gateway or a function URL
        if root == 'process' and first == 'argv':
            return cli
        if root == 'location' or (root in ('window', 'document', 'self', 'globalThis') and first == 'location'):
            return True
        if root == 'document' and first in ('URL', 'documentURI', 'referrer', 'baseURI', 'cookie'):
            return True
        if root == 'window' and first == 'name':
            return True
        if first == 'data' and self._is_message(root, fn):
            return True
        return None

    def _is_message(self, name: str, fn: Func) -> bool:
        f: Func | None = fn
        while f is not None:
            if name in f.message_names:
                return True
            f = f.parent
        return False

    def _call_tainted(self, node: Node, fn: Func, cli: bool, clean: frozenset[str]) -> bool:
        name = callee_name(node)
        if is_sanitizer(name):
            return False
        callee = unwrap(node.child_by_field_name('function'))
        args = args_of(node)
        if callee is not None and callee.type == 'member_expression':
            parts = chain(callee)
            if parts and parts[0] in REQUEST_NAMES | {'ctx'} and len(parts) == 2 and name in REQUEST_CALLS:
                return self.lookup(parts[0], fn)[0] != 'assign'  # req.get('x'), request.json(), ctx.get()
            if parts and parts[0] == 'Math':
                return False
            if name in PASS_THROUGH and self.tainted(callee.child_by_field_name('object'), fn, cli, clean):
                return True
        if name == 'useMemo' and args and args[0].type == 'arrow_function':
            return any(self.tainted(r, fn, cli, clean) for r in self._arrow_returns(args[0]))
        if name in PASS_THROUGH and not (callee is not None and callee.type == 'identifier' and self.resolve(node)):
            return any(self.tainted(a, fn, cli, clean) for a in args)  # not the module's own filter(), join()
        for g in self.resolve(node):
            if any(self.tainted(r, g, cli) for r in g.returns):
                return True
        return False

    def _arrow_returns(self, arrow: Node) -> list[Node]:
        for f in self.funcs:
            if f.node.id == arrow.id:
                return f.returns
        return []

    # -- constant or not ---------------------------------------------------------

    def dynamic(self, node: Node | None, fn: Func, depth: int = 0) -> bool:
        """True when a string is built from something that is neither a constant, a number nor sanitized."""
        node = unwrap(node)
        if node is None or depth > 6:
            return False
        t = node.type
        if t in ('string', 'number', 'true', 'false', 'null', 'undefined', 'regex'):
            return False
        if t == 'template_string':
            return any(self.dynamic(s.named_children[0] if s.named_children else None, fn, depth + 1)
                       for s in node.named_children if s.type == 'template_substitution')
        if t == 'binary_expression':
            op = text(node.child_by_field_name('operator'))
            if op in ('+', '||', '??', '&&'):
                return self.dynamic(node.child_by_field_name('left'), fn, depth + 1) or \
                    self.dynamic(node.child_by_field_name('right'), fn, depth + 1)
            return False  # comparisons and arithmetic are booleans and numbers
        if t == 'ternary_expression':
            checked = _checked_names(node.child_by_field_name('condition'))
            cons = unwrap(node.child_by_field_name('consequence'))
            alt = node.child_by_field_name('alternative')
            cons_dynamic = not (cons is not None and cons.type == 'identifier' and text(cons) in checked) and \
                self.dynamic(cons, fn, depth + 1)
            return cons_dynamic or self.dynamic(alt, fn, depth + 1)
        if t == 'identifier':
            name = text(node)
            if _UPPER.match(name) or self.is_validated(name, fn):
                return False
            kind, owner = self.lookup(name, fn)
            if kind == 'assign' and owner is not None:
                return any(self.dynamic(v, owner, depth + 1) for v in owner.assigns[name])
            if kind == 'param' and owner is not None:
                return not self._constant_param(owner, name, depth)
            return name not in ('undefined', 'NaN', 'Infinity', '__dirname', '__filename')
        if t in ('member_expression', 'subscript_expression'):
            parts = chain(node)
            if parts and (parts[-1] in NUMERIC_PROPS or parts[0] in ('process', 'config', 'Config', 'this') and
                          not self.tainted(node, fn, True)):
                return False
            if parts and _UPPER.match(parts[0]) and len(parts) == 2:
                return False  # a constant, or a lookup in a constant table: an allow-list
            obj = unwrap(node.child_by_field_name('object'))
            if obj is not None and obj.type == 'identifier' and t == 'member_expression':
                value = self._returned_property(obj, text(node.child_by_field_name('property')), fn, depth)
                if value is not None:
                    return value
            return True
        if t in ('call_expression', 'new_expression'):
            name = callee_name(node)
            if is_sanitizer(name) or name in ('Date', 'toISOString', 'uuid', 'v4', 'nanoid', 'cuid', 'placeholders'):
                return False
            callee = unwrap(node.child_by_field_name('function'))
            if name == 'join' and callee is not None:
                inner = unwrap(callee.child_by_field_name('object'))
                if inner is not None and inner.type == 'call_expression' and callee_name(inner) in ('map', 'fill'):
                    cb = args_of(inner)
                    if cb and (cb[0].type == 'string' or (cb[0].type == 'arrow_function' and not self.dynamic(
                            cb[0].child_by_field_name('body'), fn, depth + 1))):
                        return False  # ids.map(() => '?').join(', '): placeholders
                if inner is not None and inner.type == 'identifier' and not self._array_dynamic(inner, fn, depth):
                    return False  # clauses.push('a = ?') ... clauses.join(' AND '): constant pieces
            gs = self.resolve(node)
            if gs:
                return any(self.dynamic(r, g, depth + 1) for g in gs for r in g.returns)
            if name in ('String', 'toString', 'trim', 'toLowerCase', 'toUpperCase') and callee is not None:
                target = callee.child_by_field_name('object') if callee.type == 'member_expression' else next(iter(args_of(node)), None)
                return self.dynamic(target, fn, depth + 1)
            return True
        return t not in ('arrow_function', 'function_expression', 'object', 'array')

    def _constant_param(self, owner: Func, name: str, depth: int) -> bool:
        """True when every call of a module-private function passes a constant for parameter `name`
        (`git('rev-parse HEAD')`): an exported function or one passed around has callers unseen."""
        if owner is self.top or not owner.name or owner.name in self._exported() or \
                self._mentions().get(owner.name, 0) > 1 + len(self._callers(owner)):
            return False
        index = owner.params[name]
        callers = self._callers(owner)
        for call, caller in callers:
            args = args_of(call)
            if index < len(args) and (args[index].type == 'spread_element' or self.dynamic(args[index], caller, depth + 1)):
                return False
        return bool(callers)

    def _callers(self, g: Func) -> list[tuple[Node, Func]]:
        """The module's calls that may run `g` (found once per function)."""
        found = _MEMO.get(('callers', id(g)))
        if found is None:
            found = _MEMO[('callers', id(g))] = [(call, fn) for call, fn in self.calls if g in self.resolve(call)]
        return found  # type: ignore[return-value]

    def _mentions(self) -> dict[str, int]:
        """How often each identifier appears in the module (a function named more often than it is
        declared and called is passed around)."""
        found = _MEMO.get(('mentions', id(self)))
        if found is None:
            counts: dict[str, int] = {}
            for n in _descendants(self.tree.root_node, ('identifier',)):
                counts[text(n)] = counts.get(text(n), 0) + 1
            found = _MEMO[('mentions', id(self))] = counts
        return found  # type: ignore[return-value]

    def _exported(self) -> frozenset[str]:
        """Names the module exports (`export function f`, `export { f }`, `module.exports = { f }`)."""
        found = _MEMO.get(('exported', id(self)))
        if found is None:
            names: set[str] = set()
            for n in _descendants(self.tree.root_node, ('export_statement',)):
                names.update(text(i) for i in _descendants(n, ('identifier', 'property_identifier',
                                                                'shorthand_property_identifier')))
            for a, _ in self.assignments:
                left = text(a.child_by_field_name('left'))
                if left.startswith(('module.exports', 'exports.')):
                    names.add(left.rsplit('.', 1)[-1])
                    names.update(text(i) for i in _descendants(a, ('identifier', 'shorthand_property_identifier')))
            found = _MEMO[('exported', id(self))] = frozenset(names)
        return found  # type: ignore[return-value]

    def _array_dynamic(self, name_node: Node, fn: Func, depth: int) -> bool:
        """False for a local array made of constants and only ever given constants (push/unshift)."""
        name = text(name_node)
        kind, owner = self.lookup(name, fn)
        if kind != 'assign' or owner is None:
            return True
        key = (f'array:{name}', id(owner))
        if key not in _MEMO:
            _MEMO[key] = True  # while it is worked out: a cycle back here counts as dynamic
            _MEMO[key] = self._array_dynamic_in(name, owner, depth)
        return bool(_MEMO[key])

    def _array_dynamic_in(self, name: str, owner: Func, depth: int) -> bool:
        for value in owner.assigns[name]:
            v = unwrap(value)
            if v is None or v.type != 'array' or any(
                    c.type == 'spread_element' or self.dynamic(c, owner, depth + 1) for c in v.named_children):
                return True
        for call, caller in self.calls:
            callee = unwrap(call.child_by_field_name('function'))
            on_it = callee is not None and callee.type == 'member_expression' and \
                text(callee.child_by_field_name('object')) == name
            passed = any(unwrap(a) is not None and text(unwrap(a)) == name for a in args_of(call))
            if not (on_it or passed) or self.lookup(name, caller)[1] is not owner:
                continue
            if passed:
                return True  # handed to something that may add to it
            method = callee_name(call)
            if method in ('splice', 'fill', 'copyWithin') or method in ('push', 'unshift') and any(
                    a.type == 'spread_element' or self.dynamic(a, caller, depth + 1) for a in args_of(call)):
                return True
        return False

    def _returned_property(self, obj: Node, prop: str, fn: Func, depth: int) -> bool | None:
        """Whether `obj.prop` is dynamic when `obj` holds what a module function returns as an object
        literal (`const f = buildFilter(q); f.clause`); None when that cannot be seen."""
        kind, owner = self.lookup(text(obj), fn)
        values = owner.assigns[text(obj)] if kind == 'assign' and owner is not None else []
        if len(values) != 1:
            return None
        call = unwrap(values[0])
        if call is not None and call.type == 'await_expression' and call.named_children:
            call = unwrap(call.named_children[0])
        gs = self.resolve(call) if call is not None and call.type == 'call_expression' else []
        if not gs:
            return None
        dynamic = False
        for g in gs:
            for returned in g.returns:
                r = unwrap(returned)
                field = _option(r, prop) if r is not None and r.type == 'object' else None
                if field is None:
                    return None
                dynamic = dynamic or self.dynamic(field, g, depth + 1)
        return dynamic

    def received(self, node: Node | None, fn: Func) -> bool:
        """True for a value this code did not make: a parameter, or a global it never assigns."""
        node = unwrap(node)
        if node is None or node.type != 'identifier' or _UPPER.match(text(node)):
            return False
        kind, owner = self.lookup(text(node), fn)
        if kind == 'assign' and owner is not None:
            return any(self.received(v, owner) for v in owner.assigns[text(node)] if unwrap(v) is not node)
        return kind == 'param' or text(node) not in ('undefined', 'NaN')

    def built(self, node: Node | None, fn: Func, depth: int = 0) -> bool:
        """True when a string is put together here (template or `+`, directly or in a local variable)
        from parts that are not constants: a bare parameter is the caller's business."""
        node = unwrap(node)
        if node is None or depth > 4:
            return False
        if node.type in ('template_string', 'binary_expression'):
            return self.dynamic(node, fn)
        if node.type == 'identifier':
            kind, owner = self.lookup(text(node), fn)
            if kind == 'assign' and owner is not None:
                return any(self.built(v, owner, depth + 1) for v in owner.assigns[text(node)])
        return False

    def first_part_fixed(self, node: Node | None, fn: Func, depth: int = 0) -> bool:
        """True when a URL's start (scheme and host, or a local path) is a literal: `${API}/x/${id}`."""
        node = unwrap(node)
        if node is None or depth > 4:
            return False
        t = node.type
        if t == 'template_string':
            for c in node.named_children:
                if c.type == 'string_fragment':
                    return _fixed_prefix(text(c))
                if c.type == 'template_substitution':
                    inner = c.named_children[0] if c.named_children else None
                    return not self.tainted(inner, fn, False)
            return True
        if t == 'binary_expression' and text(node.child_by_field_name('operator')) == '+':
            left = unwrap(node.child_by_field_name('left'))
            if left is not None and left.type == 'string':
                return _fixed_prefix(_string_value(left))
            return self.first_part_fixed(left, fn, depth + 1)
        if t == 'identifier':
            kind, owner = self.lookup(text(node), fn)
            if kind == 'assign' and owner is not None:
                return all(self.first_part_fixed(v, owner, depth + 1) for v in owner.assigns[text(node)])
        if t == 'new_expression' and callee_name(node) == 'URL':
            a = args_of(node)
            if len(a) >= 2:  # new URL(path, base): a relative path keeps the base's origin, an absolute one does not
                return self.first_part_fixed(a[0], fn, depth + 1)
        return not self.tainted(node, fn, False)

    # -- where a hit is ---------------------------------------------------------

    def enclosing_names(self, node: Node, fn: Func) -> list[str]:
        """Names that say what a value is for: the variable, property or function it makes."""
        out = []
        p = node.parent
        steps = 0
        while p is not None and steps < 12 and p.type not in FUNCTIONS and p.type != 'statement_block':
            if p.type == 'variable_declarator':
                out.append(text(p.child_by_field_name('name')))
            elif p.type in ('assignment_expression', 'augmented_assignment_expression'):
                out.append(text(p.child_by_field_name('left')))
            elif p.type == 'pair':
                out.append(text(p.child_by_field_name('key')))
            p = p.parent
            steps += 1
        f: Func | None = fn
        while f is not None and f is not self.top:
            out.append(f.name)
            f = f.parent
        return out


def _fixed_prefix(literal: str) -> bool:
    if '://' in literal:
        return bool(literal.split('://', 1)[1])
    return len(literal) > 1  # '/' alone is not: '/' + '/evil.example' leaves the site


def _descendants(node: Node, types: Iterable[str]) -> Iterator[Node]:
    wanted = frozenset(types)
    stack = [node]
    while stack:
        n = stack.pop()
        if n.type in wanted:
            yield n
        stack.extend(n.named_children)


_SCHEME_ONLY = re.compile(r'\^?\(?https\??\)?:(?:\\/|/){2}(?:\.[*+]|\\S[*+]|\[\^\\s\][*+])?\$?')


def _scheme_only(regex: Node | None) -> bool:
    """True for a regex literal that checks a URL's scheme and nothing of its host: /^https?:\\/\\//i."""
    if regex is None or regex.type != 'regex':
        return False
    pattern = regex.child_by_field_name('pattern')
    return pattern is not None and bool(_SCHEME_ONLY.fullmatch(text(pattern)))


def _checked_names(cond: Node | None) -> frozenset[str]:
    """Names a condition checks against an allow-list, a root or a pattern."""
    if cond is None:
        return frozenset()
    out = set()
    for call in _descendants(cond, ('call_expression', 'binary_expression')):
        subjects: list[Node | None] = []
        if call.type == 'binary_expression':
            if text(call.child_by_field_name('operator')) == 'in':
                subjects = [call.child_by_field_name('left')]
            elif text(call.child_by_field_name('operator')) in ('===', '==', '!==', '!='):
                left, right = call.child_by_field_name('left'), call.child_by_field_name('right')
                # comparing a URL's origin or host to a constant checks the URL
                for a, b in ((left, right), (right, left)):
                    parts = chain(a)
                    if len(parts) == 2 and parts[1] in ('origin', 'host', 'hostname', 'protocol') and b is not None \
                            and (b.type == 'string' or _UPPER.match(text(b))):
                        subjects.append(a)
        else:
            name = callee_name(call)
            if name not in VALIDATION_CALLS:
                continue
            args = args_of(call)
            callee = unwrap(call.child_by_field_name('function'))
            if name in ('startsWith', 'endsWith') and args and args[0].type == 'string' and \
                    _string_value(args[0]).lower().startswith('http'):
                continue  # a scheme check says nothing of the host
            if name == 'test' and callee is not None and callee.type == 'member_expression' and \
                    _scheme_only(unwrap(callee.child_by_field_name('object'))):
                continue  # /^https?:\/\//.test(url) neither
            subjects = list(args)
            if callee is not None and callee.type == 'member_expression' and name in ('startsWith', 'endsWith', 'match'):
                subjects.append(callee.child_by_field_name('object'))
        for s in subjects:
            root = chain(s)[:1]
            if root and root[0] not in ('?', 'this') and not _UPPER.match(root[0]) and \
                    root[0] not in ('req', 'request', 'ctx', 'path', 'window', 'location'):
                out.add(root[0])
    return frozenset(out)


# -- checks ---------------------------------------------------------------------
# Each returns the nodes where its weakness is, with a short detail for the message.

def analyze(source: bytes, path: str) -> dict[str, list[tuple[int, int, str]]]:
    """Every check's hits in one file: {check name: [(line, column, detail), ...]} (1-based)."""
    _MEMO.clear()
    try:
        return _analyze(source, path)
    finally:
        _MEMO.clear()


def _analyze(source: bytes, path: str) -> dict[str, list[tuple[int, int, str]]]:
    wanted = [(name, check) for name, check in CHECKS.items() if NEEDLES[name].search(source)]
    out: dict[str, list[tuple[int, int, str]]] = {}
    if not wanted:
        return out  # nothing any check looks for: the file is not even parsed
    m = Module(source, path)
    for name, check in wanted:
        seen = set()
        for node, detail in check(m):
            row, byte_col = node.start_point
            line = row + 1
            col = len(m.raw_lines[row][:byte_col].decode('utf-8', 'replace')) + 1 if row < len(m.raw_lines) else 1
            if line not in seen:
                seen.add(line)
                out.setdefault(name, []).append((line, col, detail))
    return out


def _module_names(m: Module, modules: tuple[str, ...]) -> set[str]:
    key = ('m', hash(modules))
    found = _MEMO.get(key)
    if found is None:
        found = _MEMO[key] = {n for n, mod in m.imports.items() if mod in modules}
    return found  # type: ignore[return-value]


def _is_child_process(m: Module, call: Node, fn: Func, names: frozenset[str]) -> bool:
    """A call of child_process's exec/spawn family (directly, through a module object, or promisified)."""
    callee = unwrap(call.child_by_field_name('function'))
    cp = _module_names(m, ('child_process', 'node:child_process')) | {'child_process', 'childProcess', 'cp'}
    if callee is None:
        return False
    if callee.type == 'member_expression':
        parts = chain(callee)
        return parts[-1] in names and len(parts) == 2 and parts[0] in cp
    if callee.type != 'identifier':
        return False
    name = text(callee)
    kind, owner = m.lookup(name, fn)
    if name in names:
        if name in m.imports:
            return m.imports[name] in ('child_process', 'node:child_process')
        return kind == 'global' and not m.by_name.get(name)  # a snippet that never imports it
    if kind == 'assign' and owner is not None:
        for assigned in owner.assigns[name]:
            v = unwrap(assigned)
            if v is not None and v.type == 'call_expression' and callee_name(v) == 'promisify':
                inner = args_of(v)
                parts = chain(inner[0]) if inner else []
                if parts and parts[-1] in names:
                    return True
    return False


def _option(obj: Node | None, key: str) -> Node | None:
    obj = unwrap(obj)
    if obj is None or obj.type != 'object':
        return None
    for p in obj.named_children:
        if p.type == 'pair' and text(p.child_by_field_name('key')).strip('\'"') == key:
            return p.child_by_field_name('value')
        if p.type == 'shorthand_property_identifier' and text(p) == key:
            return p
    return None


def check_command(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        if call.type != 'call_expression':
            continue
        args = args_of(call)
        if not args:
            continue
        if _is_child_process(m, call, fn, SHELL_CALLS):
            cmd = args[0]
        elif _is_child_process(m, call, fn, SPAWN_CALLS):
            opts = next((a for a in args[1:] if kind_of(a) == 'object'), None)
            shell = _option(opts, 'shell')
            argv = unwrap(args[1]) if len(args) > 1 else None
            words = [c for c in argv.named_children] if argv is not None and argv.type == 'array' else []
            runs_shell = _literal(m, args[0], fn).rsplit('/', 1)[-1] in SHELLS and any(
                _string_value(w) in ('-c', '/c', '-Command') for w in words if w.type == 'string')
            if not runs_shell and (shell is None or text(shell) in ('false', 'undefined')):
                continue
            parts = [args[0], *words] if not runs_shell else words
            tainted = next((p for p in parts if m.tainted(p, fn, True)), None)
            if tainted is not None:
                yield call, 'with input from the request or command line'
            elif any(m.dynamic(p, fn) for p in parts):
                yield call, 'with a shell and a non-constant command'
            continue
        else:
            continue
        if m.tainted(cmd, fn, True):
            yield call, 'with input from the request or command line'
        elif m.built(cmd, fn):
            yield call, 'built from a variable'


def check_code(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        name = callee_name(call)
        args = args_of(call)
        callee = text(call.child_by_field_name('function') or call.child_by_field_name('constructor'))
        if not args:
            continue
        code: Node | None
        if name == 'eval' and callee in ('eval', 'window.eval', 'globalThis.eval'):
            code = args[0]
        elif name == 'Function' and callee in ('Function', 'window.Function', 'globalThis.Function'):
            code = args[-1]
        elif name in ('runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction') and \
                callee.startswith(('vm.', 'require(')) or (name == 'Script' and callee in ('vm.Script', 'Script')):
            code = args[0]
        elif name in ('setTimeout', 'setInterval') and callee in (name, f'window.{name}'):
            code = unwrap(args[0])
            if code is None or code.type not in ('template_string', 'binary_expression', 'string') and not m.tainted(code, fn, True):
                continue
        else:
            continue
        if m.tainted(code, fn, True):
            yield call, 'with input from the request or page'
        elif name in ('eval', 'setTimeout', 'setInterval') and m.dynamic(code, fn) or m.received(code, fn):
            # code generators (ajv, lodash.template) build Function bodies from their own parts on purpose;
            # code a function receives (a parameter, a global) is someone else's
            yield call, 'from a non-constant string'


SQL_CALLS = frozenset((
    'query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'run', 'all', 'get', 'each', 'exec',
    'prepare', 'whereRaw', 'orderByRaw', 'havingRaw', 'joinRaw', 'groupByRaw', 'orWhereRaw', 'unsafe', 'none', 'one', 'many', 'any',
    'oneOrNone', 'manyOrNone', 'result', 'literal',
))


# these take SQL and nothing else: a fragment (`name ILIKE '%x%'`) counts without a SELECT around it
SQL_FRAGMENT_CALLS = frozenset((
    'whereRaw', 'orderByRaw', 'havingRaw', 'joinRaw', 'groupByRaw', 'orWhereRaw', '$queryRawUnsafe',
    '$executeRawUnsafe', 'literal',
))


def _sql_text(m: Module, node: Node | None, fn: Func, depth: int = 0) -> str:
    """The literal text of a query as far as it can be seen (through variables and `+=`)."""
    node = unwrap(node)
    if node is None or depth > 5:
        return ''
    if node.type == 'string':
        return _string_value(node)
    if node.type == 'template_string':
        return ''.join(text(c) for c in node.named_children if c.type == 'string_fragment')
    if node.type == 'binary_expression':
        return _sql_text(m, node.child_by_field_name('left'), fn, depth + 1) + ' ' + \
            _sql_text(m, node.child_by_field_name('right'), fn, depth + 1)
    if node.type == 'identifier':
        kind, owner = m.lookup(text(node), fn)
        if kind == 'assign' and owner is not None:
            return ' '.join(_sql_text(m, v, owner, depth + 1) for v in owner.assigns[text(node)])
    return ''


def check_sql(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        if call.type != 'call_expression' or callee_name(call) not in SQL_CALLS:
            continue
        callee = unwrap(call.child_by_field_name('function'))
        a = call.child_by_field_name('arguments')
        if callee is None or callee.type != 'member_expression' or a is None or a.type != 'arguments':
            continue  # a tagged template (sql`...`, prisma.$queryRaw`...`) binds its values
        args = args_of(call)
        if not args or (callee_name(call) not in SQL_FRAGMENT_CALLS and not _SQL.search(_sql_text(m, args[0], fn))):
            continue
        if m.tainted(args[0], fn, True):
            yield call, 'with input from the request'
        elif m.built(args[0], fn):
            yield call, 'built from a variable'


HTML_PROPS = frozenset(('innerHTML', 'outerHTML'))


def check_dom_html(m: Module) -> Iterator[tuple[Node, str]]:
    for node, fn in m.assignments:
        left = node.child_by_field_name('left')
        if left is None or left.type != 'member_expression' or text(left.child_by_field_name('property')) not in HTML_PROPS:
            continue
        value = node.child_by_field_name('right')
        if m.tainted(value, fn, False):
            yield node, 'with data from the page URL or a message'
        elif m.dynamic(value, fn):
            yield node, 'not sanitized'
    for call, fn in m.calls:
        name = callee_name(call)
        args = args_of(call)
        callee = text(call.child_by_field_name('function'))
        if name == 'insertAdjacentHTML' and len(args) >= 2:
            value = args[1]
        elif name in ('write', 'writeln') and callee in ('document.write', 'document.writeln', 'window.document.write') and args:
            value = args[0]
        else:
            continue
        if m.tainted(value, fn, False):
            yield call, 'with data from the page URL or a message'
        elif m.dynamic(value, fn):
            yield call, 'not sanitized'


def check_react_html(m: Module) -> Iterator[tuple[Node, str]]:
    for attr, fn in m.jsx:
        if not attr.named_children or text(attr.named_children[0]) != 'dangerouslySetInnerHTML':
            continue
        expr = attr.named_children[-1]
        inner = unwrap(expr.named_children[0]) if expr.type == 'jsx_expression' and expr.named_children else None
        value = _option(inner, '__html') if inner is not None and inner.type == 'object' else inner
        if value is None:
            continue
        if m.tainted(value, fn, False) or _react_unsanitized(m, value, fn):
            yield attr, ''


def _react_unsanitized(m: Module, value: Node, fn: Func) -> bool:
    node = unwrap(value)
    if node is not None and node.type == 'identifier':
        kind, owner = m.lookup(text(node), fn)
        if kind == 'assign' and owner is not None:
            return any(_react_unsanitized(m, v, owner) for v in owner.assigns[text(node)])
    if node is not None and node.type == 'call_expression' and callee_name(node) == 'useMemo':
        a = args_of(node)
        if a and a[0].type == 'arrow_function':
            return any(m.dynamic(r, fn) for r in m._arrow_returns(a[0]))
    return m.dynamic(node, fn)


def _response_call(m: Module, call: Node) -> tuple[bool, list[str]]:
    """(True, chain) when a call sends a response body: res.send(...), res.status(500).json(...), reply.send(...)."""
    if callee_name(call) not in RESPONSE_SENDS:
        return False, []
    parts = chain(call.child_by_field_name('function'))
    return bool(parts) and parts[0] in RESPONSE_ROOTS | {'ctx'}, parts


def check_reflected_html(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        ok, parts = _response_call(m, call)
        # Fastify's reply.send and Koa send strings as text/plain; Express's res.send as text/html
        if not ok or callee_name(call) not in ('send', 'write', 'end') or parts[0] not in ('res', 'response', 'resp'):
            continue
        if any(p.startswith(('type(', 'json(', 'contentType(')) for p in parts) or \
                'text/plain' in text(call.child_by_field_name('function')) or 'application/json' in text(call.child_by_field_name('function')):
            continue
        args = args_of(call)
        body = unwrap(args[0]) if args else None
        if body is None or not m.tainted(body, fn, False):
            continue
        markup = _markup(m, body, fn)
        if markup or (callee_name(call) == 'send' and (markup is False or _string_value_of(m, body, fn))):
            yield call, ''
    for node, fn in m.assignments:
        left = text(node.child_by_field_name('left'))
        body = unwrap(node.child_by_field_name('right'))
        if left == 'ctx.body' and body is not None and _markup(m, body, fn) and m.tainted(body, fn, False):
            yield node, ''


def _markup(m: Module, node: Node | None, fn: Func, depth: int = 0) -> bool | None:
    """True when a string is built with HTML markup around its parts, False when built without,
    None when it is not built here (a plain value)."""
    node = unwrap(node)
    if node is None or depth > 4:
        return None
    if node.type == 'template_string':
        return any('<' in text(c) for c in node.named_children if c.type == 'string_fragment')
    if node.type == 'binary_expression' and text(node.child_by_field_name('operator')) == '+':
        sides = [unwrap(node.child_by_field_name(k)) for k in ('left', 'right')]
        return any((s is not None and s.type == 'string' and '<' in text(s)) or
                   bool(_markup(m, s, fn, depth + 1)) for s in sides)
    if node.type == 'identifier':
        kind, owner = m.lookup(text(node), fn)
        if kind == 'assign' and owner is not None:
            found = [_markup(m, v, owner, depth + 1) for v in owner.assigns[text(node)]]
            return True if any(found) else (False if False in found else None)
    if node.type == 'call_expression':  # layout(title, body): the module's own page template
        if any(_markup(m, r, g, depth + 1) for g in m.resolve(node) for r in g.returns):
            return True
    return None


def _string_value_of(m: Module, node: Node, fn: Func, depth: int = 0) -> bool:
    """A request value that is a string (req.query.name), not a whole parsed object (req.body)."""
    if node.type in ('member_expression', 'subscript_expression'):
        parts = chain(node)
        if parts and parts[0] in REQUEST_NAMES | {'ctx'}:
            return len(parts) > 2
        return True
    if node.type == 'identifier' and depth < 4:
        kind, owner = m.lookup(text(node), fn)
        if kind == 'assign' and owner is not None:
            values = (unwrap(v) for v in owner.assigns[text(node)])
            return any(v is not None and _string_value_of(m, v, owner, depth + 1) for v in values)
        if kind == 'param':
            return True
    return node.type == 'call_expression' and callee_name(node) in ('String', 'get', 'toString', 'trim', 'join')


ERROR_NAMES = frozenset(('err', 'error', 'e', 'ex', 'exc', 'exception'))


def _error_names(m: Module, fn: Func) -> set[str]:
    """Names that hold an error here: catch parameters, error handlers' first parameter, and
    `err`-like names that are a callback's parameter (`(err, rows) => ...`), not a local value."""
    out: set[str] = set()
    f: Func | None = fn
    while f is not None:
        out |= f.error_names
        f = f.parent
    out.update(n for n in ERROR_NAMES if m.lookup(n, fn)[0] != 'assign')
    return out


def _leaks_error(m: Module, node: Node | None, errors: set[str], client_error: bool, depth: int = 0) -> str:
    """What of an error a response body carries: 'stack', 'message', or ''."""
    node = unwrap(node)
    if node is None or depth > 4:
        return ''
    t = node.type
    if t == 'member_expression':
        parts = chain(node)
        if parts[-1] == 'stack' and len(parts) >= 2:
            return 'stack'
        if parts[-1] == 'message' and len(parts) == 2 and parts[0] in errors and not client_error:
            return 'message'
        return ''
    if t == 'identifier':
        return 'error' if text(node) in errors and not client_error and depth == 0 else ''
    if t == 'call_expression':
        name = callee_name(node)
        callee = unwrap(node.child_by_field_name('function'))
        if name in ('toString', 'String') and not client_error:
            target = callee.child_by_field_name('object') if callee is not None and callee.type == 'member_expression' else \
                next(iter(args_of(node)), None)
            if target is not None and text(target) in errors:
                return 'error text'
        return ''
    found = ''
    for child in node.named_children:
        c: Node | None = child
        if child.type == 'pair':
            c = child.child_by_field_name('value')
        elif child.type == 'template_substitution':
            c = child.named_children[0] if child.named_children else None
        found = found or _leaks_error(m, c, errors, client_error, depth + 1)
    return found


def check_error_details(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        ok, parts = _response_call(m, call)
        status = next((p for p in parts if p.startswith('status')), '')
        if not ok:
            if callee_name(call) == 'json' and text(call.child_by_field_name('function')) in ('NextResponse.json', 'Response.json'):
                ok = True
            else:
                continue
        client_error = _client_status(call)
        args = args_of(call)
        leak = _leaks_error(m, args[0] if args else None, _error_names(m, fn), client_error)
        if leak == 'error' and parts[:1] not in (['res'], ['response']):
            continue  # Fastify's reply.send(err) hands the error to its error handler
        if leak:
            yield call, f'the error {leak}' if leak != 'error' else 'the error object'
        del status
    for fn in m.funcs:
        if not fn.error_names or not _is_handler(fn):
            continue
        for ret in fn.returns:
            if _inside(ret, 'catch_clause', fn.node):
                leak = _leaks_error(m, ret, _error_names(m, fn), False, 1)
                if leak:
                    yield ret, f'the error {leak}'
    for node, fn in m.assignments:
        if text(node.child_by_field_name('left')) != 'ctx.body':
            continue
        leak = _leaks_error(m, node.child_by_field_name('right'), _error_names(m, fn), False)
        if leak:
            yield node, f'the error {leak}' if leak != 'error' else 'the error object'


def _is_handler(fn: Func) -> bool:
    """A route handler whose return value is the response (Fastify, NestJS, Next.js route handlers)."""
    if 'reply' in fn.params or fn.name in ('GET', 'POST', 'PUT', 'PATCH', 'DELETE'):
        return True
    if fn.node.type == 'method_definition':
        prev = fn.node.prev_named_sibling
        while prev is not None and prev.type == 'decorator':
            if _decorator_name(prev) in ('Get', 'Post', 'Put', 'Patch', 'Delete', 'All'):
                return True
            prev = prev.prev_named_sibling
        return False
    args = fn.node.parent
    call = args.parent if args is not None and args.type == 'arguments' else None
    return call is not None and call.type == 'call_expression' and callee_name(call) in HTTP_METHODS | {'route', 'all'}


def _inside(node: Node, kind: str, stop: Node) -> bool:
    p = node.parent
    while p is not None and p.id != stop.id:
        if p.type == kind:
            return True
        p = p.parent
    return False


def _client_status(call: Node) -> bool:
    """True for res.status(4xx)...: a validation message is meant for the client."""
    f = unwrap(call.child_by_field_name('function'))
    while f is not None and f.type == 'member_expression':
        obj = unwrap(f.child_by_field_name('object'))
        if obj is not None and obj.type == 'call_expression' and callee_name(obj) in ('status', 'code'):
            a = args_of(obj)
            return bool(a) and a[0].type == 'number' and text(a[0]).startswith('4')
        f = unwrap(obj.child_by_field_name('function')) if obj is not None and obj.type == 'call_expression' else obj
    return False


def check_path(m: Module) -> Iterator[tuple[Node, str]]:
    fs_names = _module_names(m, tuple(FS_MODULES)) | {'fs', 'fsp', 'fse', 'fsPromises'}
    for call, fn in m.calls:
        name = callee_name(call)
        args = args_of(call)
        if not args:
            continue
        callee = unwrap(call.child_by_field_name('function'))
        parts = chain(callee) if callee is not None else []
        target = args[0]
        if name in FS_CALLS:
            if callee is not None and callee.type == 'identifier':
                if m.imports.get(name) not in FS_MODULES:
                    continue
            elif not parts or parts[0] not in fs_names:
                continue
        elif name in ('sendFile', 'download') and parts and parts[0] in RESPONSE_ROOTS:
            if name == 'sendFile' and len(args) > 1 and _option(args[1], 'root') is not None:
                continue  # Express refuses paths that leave `root`
        elif name == 'attachment' and parts and parts[0] in ('ctx', 'res'):
            continue
        else:
            continue
        if m.tainted(target, fn, False):
            yield call, ''


def check_redirect(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        name = callee_name(call)
        args = args_of(call)
        callee = unwrap(call.child_by_field_name('function'))
        parts = chain(callee) if callee is not None else []
        url: Node | None
        if name == 'redirect' and parts and parts[0] in RESPONSE_ROOTS | {'ctx', 'NextResponse', 'Response'} and args:
            url = args[-1] if len(args) > 1 and kind_of(args[0]) == 'number' else args[0]
        elif name in ('assign', 'replace') and parts[:2] in (['window', 'location'], ['location']) or \
                name in ('assign', 'replace') and parts[:1] == ['location']:
            url = args[0] if args else None
        else:
            continue
        if url is not None and m.tainted(url, fn, False) and not m.first_part_fixed(url, fn):
            yield call, ''
    for pair, fn in m.redirect_objects:
        url = _option(pair.child_by_field_name('value'), 'destination')
        if url is not None and m.tainted(url, fn, False) and not m.first_part_fixed(url, fn):
            yield pair, ''
    for node, fn in m.assignments:
        left = text(node.child_by_field_name('left'))
        if left in ('window.location', 'location.href', 'window.location.href', 'document.location', 'location'):
            url = node.child_by_field_name('right')
            if m.tainted(url, fn, False) and not m.first_part_fixed(url, fn):
                yield node, ''


def check_ssrf(m: Module) -> Iterator[tuple[Node, str]]:
    http_names = _module_names(m, ('http', 'https', 'node:http', 'node:https')) | {'http', 'https'}
    clients = _module_names(m, ('axios', 'got', 'node-fetch', 'needle', 'superagent', 'request', 'undici', 'ky'))
    for call, fn in m.calls:
        if call.type != 'call_expression':
            continue
        name = callee_name(call)
        args = args_of(call)
        if not args:
            continue
        callee = unwrap(call.child_by_field_name('function'))
        parts = chain(callee) if callee is not None else []
        url: Node | None = None
        if callee is not None and callee.type == 'identifier':
            own = bool(m.by_name.get(name)) or m.lookup(name, fn)[0] != 'global'
            if name == 'fetch' or name in clients or (name in HTTP_CLIENTS and name != 'request' and not own):
                url = args[0]
                if kind_of(url) == 'object':
                    url = _option(url, 'url')
        elif len(parts) == 2 and parts[1] in HTTP_METHODS:
            root = parts[0]
            if root in http_names or root in clients or root in HTTP_CLIENTS or _is_http_alias(m, root, fn, http_names):
                url = args[0]
        elif len(parts) == 3 and parts[0] == 'this' and parts[2] in HTTP_METHODS and parts[1] in HTTP_SERVICES:
            url = args[0]  # NestJS HttpService, an injected axios
        if url is not None and m.tainted(url, fn, False) and not m.first_part_fixed(url, fn):
            yield call, ''


def _is_http_alias(m: Module, name: str, fn: Func, http_names: set[str]) -> bool:
    kind, owner = m.lookup(name, fn)
    if kind != 'assign' or owner is None:
        return False
    return any(text(i) in http_names for v in owner.assigns[name] for i in _descendants(v, ('identifier',)))


def check_weak_random(m: Module) -> Iterator[tuple[Node, str]]:
    secret_helpers = _functions_making_secrets(m)
    for call, fn in m.calls:
        if text(call.child_by_field_name('function')) != 'Math.random':
            continue
        names = m.enclosing_names(call, fn)
        if any(_secretish(n) for n in names) or _in(fn, secret_helpers):
            yield call, ''


# the last word of a name that holds a number or a timing, not a secret: tokenIndex, sessionTimeout
_NOT_SECRET = frozenset((
    'index', 'idx', 'count', 'delay', 'timeout', 'interval', 'ms', 'offset', 'position', 'pos', 'jitter',
    'backoff', 'retry', 'retries', 'ttl', 'duration', 'width', 'height', 'color', 'colour', 'x', 'y', 'angle',
    'opacity', 'length', 'size', 'chance', 'probability', 'percent', 'expiry', 'expires', 'at', 'age',
))
_WORD = re.compile(r'[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])')


def _secretish(name: str) -> bool:
    """`resetToken`, `session_id`, `apiKey`; not `tokenIndex` or `sessionTimeout`."""
    last = name.rsplit('.', 1)[-1]
    words = _WORD.findall(last)
    return bool(words) and bool(_SECRETISH.search(last)) and words[-1].lower() not in _NOT_SECRET


def _in(fn: Func, helpers: set[int]) -> bool:
    f: Func | None = fn
    while f is not None:
        if id(f) in helpers:
            return True
        f = f.parent
    return False


def _functions_making_secrets(m: Module) -> set[int]:
    """The module's functions whose result some caller stores under a secret's name (sessionId = randomString(32))."""
    out: set[int] = set()
    for call, fn in m.calls:
        gs = m.resolve(call)
        if gs and any(_secretish(n) for n in m.enclosing_names(call, fn)):
            out.update(id(g) for g in gs)
    return out


def _literal(m: Module, node: Node | None, fn: Func) -> str:
    """A string argument's value, through one constant."""
    node = unwrap(node)
    if node is None:
        return ''
    if node.type == 'string':
        return _string_value(node)
    if node.type == 'identifier':
        kind, owner = m.lookup(text(node), fn)
        if kind == 'assign' and owner is not None and len(owner.assigns[text(node)]) == 1:
            v = unwrap(owner.assigns[text(node)][0])
            return _string_value(v) if v is not None and v.type == 'string' else ''
    return ''


def check_weak_cipher(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        name = callee_name(call)
        if name in ('createCipher', 'createDecipher'):
            yield call, f'{name} derives its key with MD5 and no IV'
        elif name in ('createCipheriv', 'createDecipheriv'):
            args = args_of(call)
            alg = _literal(m, next(iter(args), None), fn)
            if alg and _WEAK_CIPHER.search(alg):
                yield call, alg
            elif len(args) > 2 and _constant_iv(m, args[2], fn):
                yield call, 'a constant IV'
        else:
            parts = chain(call.child_by_field_name('function'))
            if len(parts) == 3 and parts[0] == 'CryptoJS' and parts[1] in ('DES', 'TripleDES', 'RC4', 'Rabbit') and \
                    parts[2] in ('encrypt', 'decrypt'):
                yield call, f'CryptoJS.{parts[1]}'
    for node, _fn in m.calls:
        for a in args_of(node):
            mode = _option(a, 'mode')
            if mode is not None and text(mode).endswith('mode.ECB'):
                yield node, 'ECB mode'


def _constant_iv(m: Module, node: Node | None, fn: Func) -> bool:
    """Buffer.alloc(16), Buffer.alloc(16, 0), Buffer.from('0123...'), a string literal: the same IV every time."""
    node = unwrap(node)
    if node is not None and node.type == 'identifier':
        kind, owner = m.lookup(text(node), fn)
        values = owner.assigns[text(node)] if kind == 'assign' and owner is not None else []
        return len(values) == 1 and _constant_iv(m, values[0], owner)  # type: ignore[arg-type]
    if node is None:
        return False
    if node.type == 'string':
        return True
    if node.type == 'call_expression' and text(node.child_by_field_name('function')) in ('Buffer.alloc', 'Buffer.from'):
        a = args_of(node)
        return bool(a) and all(x.type in ('number', 'string') for x in a)
    return False


def check_password_hash(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        name = callee_name(call)
        args = args_of(call)
        hashed: Node | None = None
        alg = ''
        if name == 'update':
            member = unwrap(call.child_by_field_name('function'))
            inner = unwrap(member.child_by_field_name('object')) if member is not None and member.type == 'member_expression' else None
            if inner is None or inner.type != 'call_expression' or callee_name(inner) != 'createHash':
                continue
            alg = _literal(m, next(iter(args_of(inner)), None), fn)
            hashed = args[0] if args else None
        elif name in ('MD5', 'SHA1', 'SHA256', 'SHA512', 'md5', 'sha1', 'sha256') and args and \
                (text(call.child_by_field_name('function')).startswith('CryptoJS.') or name in m.imports or
                 text(call.child_by_field_name('function')) == name and not m.by_name.get(name)):
            alg, hashed = name, args[0]
        if not alg or not _FAST_HASH.match(alg.replace('SHA', 'sha')) or hashed is None:
            continue
        names = [text(i) for i in _descendants(hashed, ('identifier', 'property_identifier'))]
        names += [n for n in m.enclosing_names(call, fn) if n]
        if any(_PASSWORDISH.search(n) for n in names):
            yield call, alg


MONGO_QUERIES = frozenset((
    'find', 'findOne', 'findOneAndUpdate', 'findOneAndDelete', 'findOneAndReplace', 'deleteOne', 'deleteMany',
    'updateOne', 'updateMany', 'replaceOne', 'countDocuments', 'exists',
))
# calls that turn a value into a plain string or id: an operator object cannot survive them
_SCALAR_CALLS = frozenset((
    'String', 'Number', 'parseInt', 'parseFloat', 'toString', 'ObjectId', 'isValidObjectId', 'Boolean',
    'trim', 'toLowerCase', 'toUpperCase', 'normalize', 'slice', 'substring', 'replace', 'padStart', 'toFixed',
))


def _scalar(m: Module, node: Node | None, fn: Func, depth: int = 0) -> bool:
    """True for a value made a string or number here (String(x), x.trim(), a template): no operator object."""
    node = unwrap(node)
    if node is None or depth > 3:
        return False
    if node.type in ('call_expression', 'new_expression'):
        return callee_name(node) in _SCALAR_CALLS
    if node.type in ('template_string', 'string', 'number'):
        return True
    if node.type == 'binary_expression':
        return text(node.child_by_field_name('operator')) not in ('||', '??', '&&')
    values = _assigned(m, node, fn)
    return bool(values) and all(_scalar(m, v, fn, depth + 1) for v in values)


def _typeof_checked(m: Module, name: str, fn: Func) -> bool:
    """True when the function (or one around it) checks `typeof name`: a string is not an operator object."""
    pattern = re.compile(rf'\btypeof\s+{re.escape(name)}\b')
    f: Func | None = fn
    while f is not None:
        if pattern.search(text(f.node)):
            return True
        f = f.parent
    return False


def _schema_parsed(m: Module, node: Node | None, fn: Func) -> bool:
    """True for a value taken from a schema's parse/validate result (zod, joi, yup), not JSON.parse."""
    node = unwrap(node)
    root = chain(node)[:1] if node is not None else []
    if not root:
        return False
    kind, owner = m.lookup(root[0], fn)
    values = owner.assigns.get(root[0], []) if kind == 'assign' and owner is not None else []
    return any(re.search(r'(?<!JSON)\.(?:parse|safeParse|parseAsync|validate|validateAsync|validateSync|cast)\s*\(',
                         text(v)) for v in values)


_DTO_TYPE = re.compile(r'^:\s*[A-Z]\w*(?:Dto|DTO|Input|Body|Payload|Request|Command)$')


def _dto_param(m: Module, name: str, fn: Func) -> bool:
    """True for a parameter typed with a DTO class (NestJS validates it into strings and numbers)."""
    kind, owner = m.lookup(name, fn)
    if kind != 'param' or owner is None:
        return False
    params = owner.node.child_by_field_name('parameters')
    for p in params.named_children if params is not None else ():
        annotation = p.child_by_field_name('type')
        if name in _pattern_names(p) and annotation is not None and _DTO_TYPE.match(text(annotation)):
            return True
    return False


def _from_route_params(m: Module, node: Node | None, fn: Func) -> bool:
    """True for a route parameter (`req.params.id`): Express gives it as a string."""
    node = unwrap(node)
    parts = chain(node)
    if len(parts) >= 2 and parts[1] == 'params':
        return True
    if node is not None and node.type in ('identifier', 'shorthand_property_identifier'):
        kind, owner = m.lookup(text(node), fn)
        values = owner.assigns.get(text(node), []) if kind == 'assign' and owner is not None else []
        return bool(values) and all(chain(v)[1:2] == ['params'] for v in values)
    return False


def _query_values(m: Module, obj: Node, fn: Func, depth: int = 0) -> Iterator[str]:
    """Fields of a Mongo filter whose value is request data that may be an operator object."""
    if depth > 3:
        return
    for p in obj.named_children:
        value: Node | None
        if p.type == 'shorthand_property_identifier':
            key, value = text(p), p
        elif p.type == 'pair':
            key, value = text(p.child_by_field_name('key')).strip('\'"'), unwrap(p.child_by_field_name('value'))
        else:
            continue
        if value is None:
            continue
        if key == '$where':
            if m.dynamic(value, fn):
                yield '$where built from a variable'
            continue
        if value.type == 'object':
            if not all(text(c.child_by_field_name('key') or c).strip('\'"').startswith('$')
                       for c in value.named_children if c.type in ('pair', 'shorthand_property_identifier')):
                yield from _query_values(m, value, fn, depth + 1)  # a nested document, not operators
            continue
        if value.type == 'array' and key.startswith('$'):
            for e in value.named_children:
                element = unwrap(e)
                if element is not None and element.type == 'object':
                    yield from _query_values(m, element, fn, depth + 1)
            continue
        if value.type not in ('identifier', 'shorthand_property_identifier', 'member_expression', 'subscript_expression'):
            continue  # String(x), a literal, arithmetic: not an object the client shaped
        root = [text(value)] if value.type in ('identifier', 'shorthand_property_identifier') else chain(value)[:1]
        if not root or not m.tainted(value, fn, False) or _typeof_checked(m, root[0], fn) or \
                _from_route_params(m, value, fn) or _schema_parsed(m, value, fn) or _dto_param(m, root[0], fn) or \
                _scalar(m, value, fn):
            continue
        yield f'`{key}` is request input that can be an operator object'


def check_nosql(m: Module) -> Iterator[tuple[Node, str]]:
    """Mongo filters with a request value that JSON or qs can turn into `{"$ne": null}`, or a built $where."""
    for call, fn in m.calls:
        callee = unwrap(call.child_by_field_name('function'))
        if callee is None or callee.type != 'member_expression' or callee_name(call) not in MONGO_QUERIES:
            continue
        args = args_of(call)
        filt = unwrap(args[0]) if args else None
        if filt is not None and filt.type == 'identifier':
            kind, owner = m.lookup(text(filt), fn)
            values = owner.assigns.get(text(filt), []) if kind == 'assign' and owner is not None else []
            only = unwrap(values[0]) if len(values) == 1 else None
            if only is not None and only.type == 'object' and owner is not None:
                filt, fn = only, owner
        if filt is None or filt.type != 'object' or _option(filt, 'where') is not None:
            continue  # `{ where: … }` is TypeORM, Sequelize or Prisma: SQL, no operator objects
        detail = next(_query_values(m, filt, fn), None)
        if detail is not None:
            yield call, detail


CORS_ORIGIN_HEADER = 'access-control-allow-origin'


def check_cors_origin(m: Module) -> Iterator[tuple[Node, str]]:
    """The request's Origin copied into Access-Control-Allow-Origin through a variable, unchecked."""
    for call, fn in m.calls:
        if callee_name(call) not in ('setHeader', 'header', 'set', 'append', 'writeHead'):
            continue
        args = args_of(call)
        if len(args) < 2 or args[0].type != 'string' or _string_value(args[0]).lower() != CORS_ORIGIN_HEADER:
            continue
        value = args[1]
        if m.tainted(value, fn, False) and 'origin' in (text(value) + ' '.join(
                text(v) for v in _assigned(m, value, fn))).lower():
            yield call, 'the request Origin'


def _assigned(m: Module, node: Node | None, fn: Func) -> list[Node]:
    node = unwrap(node)
    if node is None or node.type not in ('identifier', 'shorthand_property_identifier'):
        return []
    kind, owner = m.lookup(text(node), fn)
    return list(owner.assigns.get(text(node), [])) if kind == 'assign' and owner is not None else []


LOG_ROOTS = frozenset(('console', 'logger', 'log', 'winston', 'pino', 'bunyan'))
LOG_METHODS = frozenset(('log', 'info', 'debug', 'warn', 'error', 'trace', 'fatal', 'verbose', 'silly'))
_SENSITIVE_NAME = re.compile(
    r'(?i)(?:password|passwd|passphrase|secret|token|tokens|api_?key|private_?key|authorization|auth_?header|'
    r'credentials?|cvc|cvv|card_?number|ssn|cookie|cookies)$')
_CREDENTIAL_HEADERS = frozenset(('authorization', 'cookie', 'x-api-key', 'proxy-authorization'))


def _is_log_call(call: Node) -> bool:
    parts = chain(unwrap(call.child_by_field_name('function')))
    return len(parts) >= 2 and parts[-1] in LOG_METHODS and (parts[-2] in LOG_ROOTS or parts[-2].endswith(('logger', 'Logger')))


def _credential_value(m: Module, node: Node | None, fn: Func, depth: int = 0) -> bool:
    """A request's Authorization/Cookie header, or its headers whole (through one variable)."""
    node = unwrap(node)
    if node is None or depth > 2:
        return False
    parts = [p.lower().rstrip('()') for p in chain(node)]
    if len(parts) >= 2 and parts[0] in ('req', 'request', 'event', 'ctx') and 'headers' in parts[1:3]:
        tail = parts[parts.index('headers') + 1:]
        return not tail or tail[0] in _CREDENTIAL_HEADERS
    if node.type == 'subscript_expression' and chain(node.child_by_field_name('object'))[-1:] == ['headers']:
        index = unwrap(node.child_by_field_name('index'))
        return index is not None and index.type == 'string' and _string_value(index).lower() in _CREDENTIAL_HEADERS
    if node.type == 'call_expression' and callee_name(node) in ('get', 'header') and \
            chain(unwrap(node.child_by_field_name('function')))[:1] in (['req'], ['request'], ['ctx']):
        a = args_of(node)
        return bool(a) and a[0].type == 'string' and _string_value(a[0]).lower() in _CREDENTIAL_HEADERS
    return any(_credential_value(m, v, fn, depth + 1) for v in _assigned(m, node, fn))


def _logged_values(node: Node | None) -> Iterator[tuple[str, Node]]:
    """(name, value) pairs an argument of a log call writes out whole: names, properties, object fields."""
    node = unwrap(node)
    if node is None:
        return
    t = node.type
    if t in ('identifier', 'shorthand_property_identifier'):
        yield text(node), node
    elif t in ('member_expression', 'subscript_expression'):
        parts = chain(node)
        if parts and parts[-1] not in NUMERIC_PROPS:
            yield parts[-1], node
    elif t == 'object':
        for p in node.named_children:
            if p.type == 'pair':
                key = text(p.child_by_field_name('key')).strip('\'"')
                value = unwrap(p.child_by_field_name('value'))
                if value is not None and value.type in ('identifier', 'member_expression', 'subscript_expression'):
                    yield key, value
                yield from (x for x in _logged_values(value) if value is not None and value.type not in (
                    'identifier', 'member_expression', 'subscript_expression'))
            elif p.type == 'shorthand_property_identifier':
                yield text(p), p
    elif t == 'template_string':
        for c in node.named_children:
            if c.type == 'template_substitution' and c.named_children:
                yield from _logged_values(c.named_children[0])
    elif t == 'binary_expression' and text(node.child_by_field_name('operator')) == '+':
        yield from _logged_values(node.child_by_field_name('left'))
        yield from _logged_values(node.child_by_field_name('right'))
    elif t == 'call_expression' and callee_name(node) in ('stringify', 'String', 'inspect'):
        for a in args_of(node):
            yield from _logged_values(a)


_REDACTING_LOGGER = re.compile(rb'\bredact(?:Paths)?\s*:|fast-redact|redactSecrets')


def check_sensitive_log(m: Module) -> Iterator[tuple[Node, str]]:
    """A log call that writes a password, token or secret, or the request's credential headers."""
    if _REDACTING_LOGGER.search(m.source):
        return  # the module configures its logger to redact (pino's `redact`)
    for call, fn in m.calls:
        if not _is_log_call(call):
            continue
        for a in args_of(call):
            hit = next((name for name, value in _logged_values(a)
                        if _SENSITIVE_NAME.search(name.replace('-', '_')) or _credential_value(m, value, fn)), None)
            if hit is not None:
                yield call, hit
                break


def check_regex_input(m: Module) -> Iterator[tuple[Node, str]]:
    """new RegExp(x) / RegExp(x) with x from the request (through variables and the module's functions)."""
    for call, fn in m.calls:
        if callee_name(call) != 'RegExp':
            continue
        args = args_of(call)
        if args and m.tainted(args[0], fn, False):
            yield call, 'with input from the request'


def _whole_request(m: Module, node: Node | None, fn: Func, depth: int = 0) -> bool:
    """True for the request's body or query as a whole object (`req.body`, or a variable holding it)."""
    node = unwrap(node)
    if node is None or depth > 2:
        return False
    if node.type == 'await_expression' and node.named_children:
        return _whole_request(m, node.named_children[0], fn, depth)
    parts = chain(node)
    if parts[:1] == ['ctx'] and parts[1:2] == ['request']:
        parts = parts[1:]
    if len(parts) == 2 and parts[0] in REQUEST_NAMES | {'request'} and parts[1] in ('body', 'query'):
        return m.lookup(parts[0], fn)[0] != 'assign'
    values = _assigned(m, node, fn)
    if len(values) != 1:
        return False
    binding = values[0].parent
    target = binding.child_by_field_name('name' if binding.type == 'variable_declarator' else 'left') \
        if binding is not None else None
    if target is None or target.type != 'identifier':
        return False  # `const { url } = req.body` takes one field, not the whole body
    return _whole_request(m, values[0], fn, depth + 1)


def _guards_prototype(m: Module, g: Func) -> bool:
    """True when a merge function refuses `__proto__` (itself, or through a module constant it names)."""
    body = text(g.node)
    if '__proto__' in body:
        return True
    names = {text(i) for i in _descendants(g.node, ('identifier',))}
    return any('__proto__' in text(v) for n in names for v in m.top.assigns.get(n, ()))


MERGE_CALLS = frozenset(('merge', 'deepMerge', 'deepmerge', 'mergeDeep', 'extend', 'mergeWith', 'defaultsDeep', 'assign'))
RECORD_WRITES = frozenset((
    'create', 'build', 'insert', 'insertOne', 'update', 'updateOne', 'updateMany', 'findByIdAndUpdate',
    'findOneAndUpdate', 'upsert',
))


def check_mass_assignment(m: Module) -> Iterator[tuple[Node, str]]:
    """The request body or query merged whole into an object or a record (Object.assign, merges, ORM writes)."""
    for call, fn in m.calls:
        name = callee_name(call)
        args = args_of(call)
        callee = unwrap(call.child_by_field_name('function') or call.child_by_field_name('constructor'))
        if callee is None or not args:
            continue
        parts = chain(callee)
        if call.type == 'new_expression':
            if callee.type == 'identifier' and name[:1].isupper() and _whole_request(m, args[0], fn):
                yield call, f'new {name}'
            continue
        if name in MERGE_CALLS and (parts[:1] in (['Object'], ['_'], ['$'], ['lodash'], ['jQuery']) or callee.type == 'identifier'):
            if parts[:1] == ['Object'] and name != 'assign':
                continue
            local = m.resolve(call)
            if local and all(_guards_prototype(m, g) for g in local):
                continue  # the module's own merge refuses __proto__: a merge of user data by design
            if any(_whole_request(m, a, fn) for a in args[1:]):
                yield call, name
        elif name in RECORD_WRITES and callee.type == 'member_expression':
            if name == 'update' and re.search(r'create(?:Hmac|Hash|Sign|Verify)|\bhmac\b|\bhash\b', text(callee)):
                continue
            for arg in args[:2]:
                a = unwrap(arg)
                spread = a is not None and a.type == 'object' and any(
                    c.type == 'spread_element' and c.named_children and _whole_request(m, c.named_children[0], fn)
                    for c in a.named_children)
                if spread or _whole_request(m, a, fn):
                    yield call, name
                    break


def _computed_key_write(assignment: Node) -> bool:
    """True for `target[key] = …` with a variable key."""
    left = unwrap(assignment.child_by_field_name('left'))
    index = unwrap(left.child_by_field_name('index')) if left is not None and left.type == 'subscript_expression' else None
    return index is not None and index.type == 'identifier'


def check_proto_merge(m: Module) -> Iterator[tuple[Node, str]]:
    """A recursive merge of the module's own that copies keys by name without refusing `__proto__`,
    called with the request's body or query whole: `{"__proto__": {"isAdmin": true}}` reaches every object."""
    for g in m.funcs:
        if g is m.top or not g.name or _guards_prototype(m, g):
            continue
        own_calls = [(call, fn) for call, fn in m.calls if g in m.resolve(call)]
        recursive = any(g.node.start_byte <= call.start_byte < g.node.end_byte for call, _ in own_calls)
        copies = any(_computed_key_write(a) for a in _descendants(g.node, ('assignment_expression',)))
        if not (recursive and copies):
            continue
        for call, fn in own_calls:
            if g.node.start_byte <= call.start_byte < g.node.end_byte:
                continue
            if any(_whole_request(m, a, fn) for a in args_of(call)):  # the client's JSON object, keys and all
                yield call, f'{g.name} copies keys without refusing __proto__'


ENV_OBJECTS = frozenset(('process.env', 'import.meta.env', 'Bun.env', 'Deno.env'))


def _env_name(node: Node | None) -> str:
    """`JWT_SECRET` for process.env.JWT_SECRET, process.env['JWT_SECRET'], import.meta.env.X, Deno.env.get('X')."""
    node = unwrap(node)
    if node is None:
        return ''
    if node.type == 'call_expression' and text(node.child_by_field_name('function')) == 'Deno.env.get':
        a = args_of(node)
        return _string_value(a[0]) if a and a[0].type == 'string' else ''
    if node.type in ('member_expression', 'subscript_expression'):
        obj = text(node.child_by_field_name('object'))
        if obj in ENV_OBJECTS:
            parts = chain(node)
            return parts[-1] if parts and parts[-1] not in ('*', '?') else ''
    return ''


def _fallback_literal(node: Node | None) -> str | None:
    """A string literal's value (a template without `${}` is one), else None."""
    node = unwrap(node)
    if node is None or node.type not in ('string', 'template_string'):
        return None
    if node.type == 'template_string':
        if any(c.type == 'template_substitution' for c in node.named_children):
            return None
        return text(node)[1:-1]
    return _string_value(node)


def _assignment_pattern(pair: Node) -> Node | None:
    value = unwrap(pair.child_by_field_name('value'))
    return value if value is not None and value.type == 'assignment_pattern' else None


def check_env_fallback(m: Module) -> Iterator[tuple[Node, str]]:
    """`process.env.JWT_SECRET || 'dev-secret'`, `?? 'x'`, `const { JWT_SECRET = 'x' } = process.env`."""
    from aiguard.scanners.secret_filters import env_fallback_is_secret, is_secret_env_name

    for node in _descendants(m.tree.root_node, ('binary_expression', 'variable_declarator')):
        found: list[tuple[str, str]] = []
        if node.type == 'binary_expression':
            if text(node.child_by_field_name('operator')) not in ('||', '??'):
                continue
            value = _fallback_literal(node.child_by_field_name('right'))
            left = unwrap(node.child_by_field_name('left'))
            names = []
            while left is not None and left.type == 'binary_expression' and \
                    text(left.child_by_field_name('operator')) in ('||', '??'):  # A || B || 'x'
                names.append(_env_name(left.child_by_field_name('right')))
                left = unwrap(left.child_by_field_name('left'))
            names.append(_env_name(left))
            if value is not None:
                found = [(n, value) for n in names if n]
        elif text(node.child_by_field_name('value')) in ENV_OBJECTS:
            pattern = node.child_by_field_name('name')
            for d in pattern.named_children if pattern is not None and pattern.type == 'object_pattern' else ():
                if d.type == 'object_assignment_pattern':  # { JWT_SECRET = 'x' }
                    name, value = text(d.child_by_field_name('left')), _fallback_literal(d.child_by_field_name('right'))
                elif d.type == 'pair_pattern' and _assignment_pattern(d) is not None:  # { JWT_SECRET: s = 'x' }
                    inner = _assignment_pattern(d)
                    name = text(d.child_by_field_name('key'))
                    value = _fallback_literal(inner.child_by_field_name('right') if inner is not None else None)
                else:
                    continue
                if value is not None:
                    found.append((name.strip('\'"'), value))
        for name, value in found:
            if is_secret_env_name(name) and env_fallback_is_secret(value, m.path):
                yield node, name
                break


CHECKS = {
    'command': check_command,
    'code': check_code,
    'sql': check_sql,
    'dom-html': check_dom_html,
    'react-html': check_react_html,
    'reflected-html': check_reflected_html,
    'error-details': check_error_details,
    'path': check_path,
    'redirect': check_redirect,
    'ssrf': check_ssrf,
    'weak-random': check_weak_random,
    'weak-cipher': check_weak_cipher,
    'password-hash': check_password_hash,
    'env-fallback': check_env_fallback,
    'nosql': check_nosql,
    'cors-origin': check_cors_origin,
    'sensitive-log': check_sensitive_log,
    'regex-input': check_regex_input,
    'mass-assignment': check_mass_assignment,
    'proto-merge': check_proto_merge,
}

# A check runs only on a file that holds one of its words (most library files hold none).
NEEDLES = {name: re.compile(pattern.encode()) for name, pattern in {
    'command': r'exec|spawn|execFile|fork',
    'code': r'eval|Function|vm\.|Script|setTimeout|setInterval',
    'sql': r'(?i)select|insert|update|delete|where|raw|order by|create|drop|alter|values',
    'dom-html': r'innerHTML|outerHTML|insertAdjacentHTML|document\.write',
    'react-html': r'dangerouslySetInnerHTML',
    'reflected-html': r'\.(?:send|write|end)\(|ctx\.body',
    'error-details': r'\.stack|\.message|err|rror|\bex\b|\be\b',
    'path': r'[fF]ile|fs|unlink|readdir|sendFile|download|rmdir|rename|mkdir|\brm',
    'redirect': r'redirect|location',
    'ssrf': r'fetch|axios|got|needle|superagent|request|http|ky\b|undici|phin',
    'weak-random': r'Math\.random',
    'weak-cipher': r'Cipher|CryptoJS',
    'password-hash': r'createHash|MD5|SHA|md5|sha',
    'env-fallback': r'\.env\b',
    'nosql': r'find|One\(|Many\(|countDocuments|exists',
    'cors-origin': r'(?i)access-control-allow-origin',
    'sensitive-log': r'log|console|Logger',
    'regex-input': r'RegExp',
    'mass-assignment': r'body|query',
    'proto-merge': r'\[\w+\]\s*=',
}.items()}


# LLM applications (issue 19): their checks live in js_llm, which adds them to CHECKS and NEEDLES.
from aiguard.scanners import js_llm  # noqa: E402,F401
