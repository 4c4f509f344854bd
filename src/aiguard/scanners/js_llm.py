"""Syntax-tree checks for LLM applications in JavaScript/TypeScript (issue 19).

"Model output" is what a model call returns — the OpenAI and Anthropic SDKs
(`completion.choices[0].message.content`, `msg.content[0].text`, `response.output_text`),
the Vercel AI SDK (`const { text } = await generateText(...)`), LangChain.js
(`await chain.invoke(...)`, `.content`) and Ollama (`res.message.content`) — and whatever is
built from it, through variables, templates, JSON.parse, the module's functions (their returns,
and their parameters when a call passes output to them). Request data is js_tree's taint.
Registered into js_tree.CHECKS by js_tree itself; imported only when a JS/TS file is scanned.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

from aiguard.scanners import js_tree
from aiguard.scanners.js_tree import (
    FS_CALLS,
    HTML_PROPS,
    SHELL_CALLS,
    SPAWN_CALLS,
    Func,
    Module,
    _descendants,
    _is_child_process,
    _option,
    _string_value,
    args_of,
    callee_name,
    chain,
    is_sanitizer,
    text,
    unwrap,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from tree_sitter import Node

_ALWAYS_MODEL = frozenset(('generateText', 'generateObject', 'streamText', 'streamObject', 'generateContent'))
_HINTED_MODEL = frozenset(('invoke', 'call', 'run', 'predict', 'chat', 'complete', 'generate', 'stream', 'create',
                           'sendMessage', 'query'))
_MODEL_RECEIVER = re.compile(
    r'(?i)llm|chain|agent|executor|model|chat|bot|assistant|gpt|claude|gemini|ollama|openai|anthropic|'
    r'completions|messages|responses|query_?engine|graph|runnable',
)
_NOT_MODEL = re.compile(r'(?i)^(?:db|pool|client\.query|knex|prisma|redis|cache|fs|http|axios|router|app)$')
_OUTPUT_TAILS = (
    ('choices',), ('message', 'content'), ('content', '#', 'text'), ('output_text',), ('toolCalls',),
    ('tool_calls',), ('candidates',), ('response', 'text()'),
)
_DEPTH = 10
_ASSERTS = re.compile(r'^(?:assert|validate|ensure|check|verify|guard)[A-Z_]?')


def _has_tail(parts: list[str]) -> bool:
    norm = ['#' if p == '*' or p.isdigit() else p for p in parts]
    for tail in _OUTPUT_TAILS:
        n = len(tail)
        for i in range(len(norm) - n + 1):
            if tuple(norm[i:i + n]) == tail:
                return True
    return False


def is_model_call(call: Node) -> bool:
    name = callee_name(call)
    if name in _ALWAYS_MODEL:
        return True
    if name not in _HINTED_MODEL:
        return False
    f = unwrap(call.child_by_field_name('function'))
    if f is None or f.type != 'member_expression':
        return False
    receiver = chain(f.child_by_field_name('object'))
    if not receiver or _NOT_MODEL.match('.'.join(receiver)):
        return False
    return any(_MODEL_RECEIVER.search(p) for p in receiver)


class Output:
    """Which values of one module carry model output (memoised per node)."""

    def __init__(self, m: Module) -> None:
        self.m = m
        self.memo: dict[tuple[int, int], bool] = {}
        self.busy: set[tuple[int, int]] = set()
        self.params: dict[int, set[int]] | None = None
        self.asserts: set[tuple[int, str]] | None = None

    def of(self, node: Node | None, fn: Func, depth: int = 0) -> bool:
        node = unwrap(node)
        if node is None or depth > _DEPTH:
            return False
        key = (node.id, id(fn))
        if key in self.memo:
            return self.memo[key]
        if key in self.busy:
            return False
        self.busy.add(key)
        try:
            result = self._of(node, fn, depth)
        finally:
            self.busy.discard(key)
        self.memo[key] = result
        return result

    def _of(self, node: Node, fn: Func, depth: int) -> bool:
        m, t = self.m, node.type
        if t in ('identifier', 'shorthand_property_identifier'):
            name = text(node)
            if m.is_validated(name, fn) or self._asserted(name, fn):
                return False
            kind, owner = m.lookup(name, fn)
            if kind == 'assign' and owner is not None:
                return any(self.of(v, owner, depth + 1) for v in owner.assigns[name])
            if kind == 'param' and owner is not None:
                return owner.params[name] in self._output_params(owner)
            return False
        if t in ('member_expression', 'subscript_expression'):
            if _has_tail(chain(node)):
                return True
            return self.of(node.child_by_field_name('object'), fn, depth + 1)
        if t in ('call_expression', 'new_expression'):
            if is_model_call(node):
                return True
            name = callee_name(node)
            if is_sanitizer(name) or name in ('length', 'Boolean', 'isValid', 'safeParse'):
                return False
            callee = unwrap(node.child_by_field_name('function'))
            if callee is not None and callee.type == 'member_expression' and \
                    self.of(callee.child_by_field_name('object'), fn, depth + 1):
                return True
            for g in m.resolve(node):
                if any(self.of(r, g, depth + 1) for r in g.returns):
                    return True
            return any(self.of(a, fn, depth + 1) for a in args_of(node))
        if t == 'template_string':
            return any(self.of(s.named_children[0] if s.named_children else None, fn, depth + 1)
                       for s in node.named_children if s.type == 'template_substitution')
        if t == 'binary_expression':
            op = text(node.child_by_field_name('operator'))
            return op in ('+', '||', '??') and (self.of(node.child_by_field_name('left'), fn, depth + 1) or
                                                 self.of(node.child_by_field_name('right'), fn, depth + 1))
        if t == 'ternary_expression':
            return self.of(node.child_by_field_name('consequence'), fn, depth + 1) or \
                self.of(node.child_by_field_name('alternative'), fn, depth + 1)
        if t in ('array', 'object', 'spread_element'):
            return any(self.of(c, fn, depth + 1) for c in node.named_children)
        if t == 'pair':
            return self.of(node.child_by_field_name('value'), fn, depth + 1)
        return False

    def _asserted(self, name: str, fn: Func) -> bool:
        """`assertSafeSql(sql)` / `validatePath(p)` called as a statement: it throws on bad input."""
        if self.asserts is None:
            self.asserts = set()
            for call, caller in self.m.calls:
                parent = call.parent
                while parent is not None and parent.type == 'await_expression':
                    parent = parent.parent
                if parent is not None and parent.type == 'expression_statement' and _ASSERTS.match(callee_name(call)):
                    self.asserts.update((id(caller), text(a)) for a in args_of(call) if a.type == 'identifier')
        f: Func | None = fn
        while f is not None:
            if (id(f), name) in self.asserts:
                return True
            f = f.parent
        return False

    def _output_params(self, g: Func) -> set[int]:
        """Parameter positions of `g` that some call in the module passes model output to."""
        if self.params is None:
            self.params = {}
            for call, fn in self.m.calls:
                callees = self.m.resolve(call)
                if not callees:
                    continue
                for i, a in enumerate(args_of(call)):
                    if self.of(a, fn, 3):
                        for callee in callees:
                            self.params.setdefault(id(callee), set()).add(i)
        return self.params.get(id(g), set())


def _output(m: Module) -> Output:
    found = getattr(m, '_llm_output', None)
    if found is None:
        found = m._llm_output = Output(m)  # type: ignore[attr-defined]
    return found


# -- model output in sinks -------------------------------------------------------------

def check_llm_command(m: Module) -> Iterator[tuple[Node, str]]:
    out = _output(m)
    for call, fn in m.calls:
        if call.type != 'call_expression' or not _is_child_process(m, call, fn, SHELL_CALLS | SPAWN_CALLS):
            continue
        args = args_of(call)
        parts = [args[0]] if args else []
        argv = unwrap(args[1]) if len(args) > 1 else None
        if argv is not None and argv.type == 'array':
            parts += argv.named_children
        if any(out.of(p, fn) for p in parts):
            yield call, f'{callee_name(call)}()'


def check_llm_code(m: Module) -> Iterator[tuple[Node, str]]:
    out = _output(m)
    for call, fn in m.calls:
        name = callee_name(call)
        callee = text(call.child_by_field_name('function') or call.child_by_field_name('constructor'))
        args = args_of(call)
        if not args:
            continue
        if name == 'eval' and callee in ('eval', 'window.eval', 'globalThis.eval'):
            code = args[0]
        elif name == 'Function' and callee in ('Function', 'window.Function', 'globalThis.Function'):
            code = args[-1]
        elif name in ('runInNewContext', 'runInThisContext', 'runInContext', 'compileFunction', 'Script') and \
                (callee.startswith('vm.') or callee == 'Script'):
            code = args[0]
        else:
            continue
        if out.of(code, fn):
            yield call, f'{name}()'


_SQL_NAMES = frozenset(('query', 'execute', 'raw', '$queryRawUnsafe', '$executeRawUnsafe', 'unsafe', 'exec', 'run',
                        'all', 'get', 'prepare', 'whereRaw'))
_SQL_RECEIVER = re.compile(r'(?i)db|pool|client|conn|sql|knex|prisma|sequelize|database|pg|mysql|sqlite|stmt|tx')
_GENERIC_SQL = frozenset(('run', 'all', 'get', 'exec', 'prepare'))


def check_llm_sql(m: Module) -> Iterator[tuple[Node, str]]:
    out = _output(m)
    for call, fn in m.calls:
        name = callee_name(call)
        f = unwrap(call.child_by_field_name('function'))
        if name not in _SQL_NAMES or f is None or f.type != 'member_expression':
            continue
        receiver = chain(f.child_by_field_name('object'))
        if not receiver or not _SQL_RECEIVER.search(receiver[-1]) or is_model_call(call):
            continue
        if name in _GENERIC_SQL and not re.search(r'(?i)db|sql|database|stmt', receiver[-1]):
            continue
        args = args_of(call)
        if args and out.of(args[0], fn):
            yield call, f'{name}()'


def check_llm_html(m: Module) -> Iterator[tuple[Node, str]]:
    out = _output(m)
    for node, fn in m.assignments:
        left = node.child_by_field_name('left')
        if left is not None and left.type == 'member_expression' and \
                text(left.child_by_field_name('property')) in HTML_PROPS and out.of(node.child_by_field_name('right'), fn):
            yield node, text(left.child_by_field_name('property'))
    for call, fn in m.calls:
        name = callee_name(call)
        args = args_of(call)
        if name == 'insertAdjacentHTML' and len(args) >= 2 and out.of(args[1], fn):
            yield call, name
        elif name in ('write', 'writeln') and text(call.child_by_field_name('function')).startswith('document.') and \
                args and out.of(args[0], fn):
            yield call, f'document.{name}'
    for attr, fn in m.jsx:
        if not attr.named_children or text(attr.named_children[0]) != 'dangerouslySetInnerHTML':
            continue
        expr = attr.named_children[-1]
        inner = unwrap(expr.named_children[0]) if expr.type == 'jsx_expression' and expr.named_children else None
        value = _option(inner, '__html') if inner is not None and inner.type == 'object' else inner
        if value is not None and out.of(value, fn):
            yield attr, 'dangerouslySetInnerHTML'


def check_llm_path(m: Module) -> Iterator[tuple[Node, str]]:
    out = _output(m)
    for call, fn in m.calls:
        name = callee_name(call)
        if name not in FS_CALLS:
            continue
        parts = chain(call.child_by_field_name('function'))
        if len(parts) >= 2 and parts[0] not in ('fs', 'fsp', 'fse', 'promises') and parts[-2] != 'promises' and \
                parts[0] not in m.imports:
            continue
        args = args_of(call)
        if args and out.of(args[0], fn):
            yield call, f'{name}()'


# -- prompt injection --------------------------------------------------------------------

_SYSTEM_KEYS = ('system', 'instructions', 'systemInstruction', 'systemPrompt', 'system_prompt')
_SYSTEM_ROLES = ('system', 'developer')


def check_llm_prompt(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        name = callee_name(call)
        args = args_of(call)
        for a in args:
            obj = unwrap(a)
            if obj is None or obj.type != 'object':
                continue
            for key in _SYSTEM_KEYS:
                value = _option(obj, key)
                if value is not None and m.tainted(value, fn, False):
                    yield call, f'{key}: holds request data'
            if name in ('tool', 'DynamicTool', 'DynamicStructuredTool', 'tool_') or 'parameters' in _keys(obj) or \
                    'inputSchema' in _keys(obj) or 'input_schema' in _keys(obj):
                value = _option(obj, 'description')
                if value is not None and m.tainted(value, fn, False):
                    yield call, "a tool's description holds request data"
        if name in ('SystemMessage', 'SystemMessagePromptTemplate') and args and m.tainted(args[0], fn, False):
            yield call, f'{name} holds request data'
        templates = unwrap(args[0]) if name == 'fromMessages' and args else None
        if templates is not None and templates.type == 'array':
            for item in templates.named_children:
                if item.type == 'array' and len(item.named_children) == 2 and \
                        _string_value(item.named_children[0]) in _SYSTEM_ROLES and m.tainted(item.named_children[1], fn, False):
                    yield call, 'the system template holds request data'
    # message objects anywhere: { role: 'system', content: ... }; the whole tree is walked only
    # in a file that spells such a role
    if not any(b'role' in line and (b'system' in line or b'developer' in line) for line in m.raw_lines):
        return
    for obj in _descendants(m.tree.root_node, ('object',)):
        role = _option(obj, 'role')
        if role is None or _string_value(role) not in _SYSTEM_ROLES:
            continue
        content = _option(obj, 'content')
        fn = _enclosing(m, obj)
        if content is not None and m.tainted(content, fn, False):
            yield obj, 'the system message holds request data'


def _enclosing(m: Module, node: Node) -> Func:
    """The innermost function holding `node` (the module itself at top level)."""
    best = m.top
    for f in m.funcs[1:]:
        if f.node.start_byte <= node.start_byte < f.node.end_byte and \
                f.node.end_byte - f.node.start_byte < best.node.end_byte - best.node.start_byte:
            best = f
    return best


def _keys(obj: Node) -> set[str]:
    return {text(p.child_by_field_name('key')).strip('\'"') for p in obj.named_children if p.type == 'pair'}


_LIMIT_KEYS = ('max_tokens', 'max_completion_tokens', 'maxTokens', 'maxOutputTokens', 'max_output_tokens',
               'maxCompletionTokens', 'maxSteps', 'maxIterations', 'n')


def check_llm_limits(m: Module) -> Iterator[tuple[Node, str]]:
    for call, fn in m.calls:
        if not (is_model_call(call) or callee_name(call) in ('ChatOpenAI', 'ChatAnthropic', 'AgentExecutor', 'OpenAI')):
            continue
        for a in args_of(call):
            obj = unwrap(a)
            if obj is None or obj.type != 'object':
                continue
            for key in _LIMIT_KEYS:
                value = _option(obj, key)
                if value is None:
                    continue
                if 'Math.min' in text(value) or 'clamp' in text(value):
                    continue
                idents = [value] + list(_descendants(value, ('identifier', 'member_expression', 'subscript_expression')))
                if any(m.tainted(i, fn, False) for i in idents) and not any(
                        m.is_validated(text(i), fn) for i in idents if i.type == 'identifier'):
                    yield call, f'{key} from the request'


CHECKS = {
    'llm-prompt': check_llm_prompt,
    'llm-code': check_llm_code,
    'llm-command': check_llm_command,
    'llm-sql': check_llm_sql,
    'llm-html': check_llm_html,
    'llm-path': check_llm_path,
    'llm-limits': check_llm_limits,
}
NEEDLES = {
    'llm-prompt': r'system|instructions|systemInstruction|description',
    'llm-code': r'eval|Function|vm\.|Script',
    'llm-command': r'exec|spawn|execFile|fork',
    'llm-sql': r'(?i)query|execute|raw|unsafe|prepare',
    'llm-html': r'innerHTML|outerHTML|insertAdjacentHTML|document\.write|dangerouslySetInnerHTML',
    'llm-path': r'fs',
    'llm-limits': r'max_tokens|maxTokens|maxOutputTokens|max_completion_tokens|max_output_tokens|maxCompletionTokens|maxSteps|maxIterations|\bn\s*:',
}

# registered here, not in js_tree: whichever of the two is imported first, both end up complete
js_tree.CHECKS.update(CHECKS)
js_tree.NEEDLES.update({name: re.compile(pattern.encode()) for name, pattern in NEEDLES.items()})
