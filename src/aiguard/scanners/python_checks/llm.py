"""LLM applications (issue 19): prompt injection, model output in dangerous sinks, agents given
code execution, remote model code, provider keys exposed, unbounded generation.

"Model output" is what a model call returns and whatever is derived from it: the response
fields of the OpenAI, Anthropic, Gemini, Ollama and Hugging Face clients
(`resp.choices[0].message.content`, `msg.content[0].text`, `r["generated_text"]`), LangChain
and LlamaIndex calls (`chain.invoke(...)`, `agent.run(...)`, `query_engine.query(...)`),
through local variables, f-strings, concatenation, json.loads, subscripts, the module's own
helpers that return it, and the parameters of module helpers that some call passes it to.
A value checked against an allow-list or pattern first (`if cmd in ALLOWED`) is not.
"""
from __future__ import annotations

import ast
import re

from bandit.core import test_properties as test

from aiguard.scanners.python_checks import issue
from aiguard.scanners.python_checks.taint import (
    SANITIZERS,
    _returns,
    arg,
    call_bindings,
    call_name,
    dotted,
    facts_of,
    is_route,
    is_true,
    keyword,
    module_function,
    module_of,
    scope_facts,
    scope_of,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aiguard.scanners.python_checks.taint import Function

# -- model output -------------------------------------------------------------------

# calls that are model calls whatever they are called on
_ALWAYS_MODEL = frozenset(('invoke', 'ainvoke', 'generate_content', 'agenerate_content', 'kickoff',
                           'kickoff_async', 'acompletion', 'text_generation', 'chat_completion'))
# calls that are model calls on a receiver named like one (`agent.run`, not `subprocess.run`)
_HINTED_MODEL = frozenset(('run', 'arun', 'predict', 'apredict', 'chat', 'achat', 'complete', 'acomplete',
                           'query', 'aquery', 'generate', 'agenerate', 'completion', 'stream_complete',
                           'initiate_chat'))
# words of a receiver's name (`qa_chain`, `sql_agent`, `chatbot`) that say it is a model, chain or agent
_MODEL_WORDS = frozenset((
    'llm', 'llms', 'chain', 'agent', 'executor', 'crew', 'chat', 'bot', 'chatbot', 'assistant', 'gpt', 'claude',
    'gemini', 'ollama', 'litellm', 'qa', 'rag', 'model', 'generator', 'pipe', 'pipeline', 'openai', 'anthropic',
    'engine', 'graph', 'workflow', 'runnable',
))
_MODEL_SUFFIXES = ('llm', 'chain', 'agent', 'bot', 'model', 'engine', 'executor')


def _model_receiver(name: str) -> bool:
    low = name.lower()
    return any(w in _MODEL_WORDS for w in low.split('_')) or low.endswith(_MODEL_SUFFIXES)


_DECODERS = frozenset(('decode', 'batch_decode'))
# response fields that hold the generated text (the last parts of a chain, '#' any index)
_OUTPUT_TAILS = (
    ('choices',), ('message', 'content'), ('content', '#', 'text'), ('output_text',), ('generated_text',),
    ('tool_calls',), ('function_call',), ('outputs', '#', 'text'), ('candidates',),
)
_VALIDATORS = re.compile(r'(?i)^(?:is_|validate|check|verify|sanitiz|escape|clean|quote|safe|allow)')
_CODE_SANITIZERS = frozenset(('literal_eval',))
_DEPTH = 4


def _parts(node: ast.AST) -> tuple[str, list[str]]:
    """(root name, attribute names and constant keys) of a chain; '#' for an integer index."""
    parts: list[str] = []
    while True:
        if isinstance(node, ast.Attribute):
            parts.append(node.attr)
            node = node.value
        elif isinstance(node, ast.Subscript):
            key = node.slice
            if isinstance(key, ast.Constant) and isinstance(key.value, str):
                parts.append(key.value)
            elif isinstance(key, (ast.Constant, ast.UnaryOp)):
                parts.append('#')
            else:
                parts.append('*')
            node = node.value
        else:
            break
    root = node.id if isinstance(node, ast.Name) else ''
    return root, list(reversed(parts))


def _has_tail(parts: list[str]) -> bool:
    for tail in _OUTPUT_TAILS:
        n = len(tail)
        for i in range(len(parts) - n + 1):
            if all(t == '#' and p in ('#', '*') or t == p for t, p in zip(tail, parts[i:i + n])):
                return True
    return False


def is_model_call(call: ast.Call) -> bool:
    """A call whose result is a model's answer (or a response object holding one)."""
    name = call_name(call)
    if name in _ALWAYS_MODEL:
        return True
    if dotted(call.func) in ('litellm.completion', 'completion') and name == 'completion':
        return True
    if not isinstance(call.func, ast.Attribute):
        return False
    receiver = dotted(call.func.value) or _parts(call.func.value)[0]
    if name in _HINTED_MODEL:
        return _model_receiver(receiver.rsplit('.', 1)[-1] or receiver)
    if name in _DECODERS:
        return bool(re.search(r'(?i)tokenizer|processor', receiver))
    return False


def model_output(node: ast.AST | None, scope: ast.AST, depth: int = 0, seen: frozenset[str] = frozenset()) -> bool:
    """True when `node` holds (or is built from) a model's output, in `scope`."""
    if node is None or depth > 12:
        return False
    facts = facts_of(scope)
    if isinstance(node, ast.Name):
        if node.id in seen or node.id in facts.validated:
            return False
        inner = seen | {node.id}
        values = [v for names, v in facts._flows if node.id in names]
        if values:
            return any(model_output(v, scope, depth + 1, inner) for v in values)
        return _param_receives_output(scope, node.id, depth)
    if isinstance(node, (ast.Attribute, ast.Subscript)):
        root, parts = _parts(node)
        if _has_tail(parts) and (root or isinstance(_chain_base(node), ast.Call)):
            return True
        base = node.value
        return model_output(base, scope, depth + 1, seen)
    if isinstance(node, ast.Call):
        if is_model_call(node):
            return True
        name = call_name(node)
        if name in SANITIZERS or name in _CODE_SANITIZERS or _VALIDATORS.match(name) or name in ('len', 'bool', 'isinstance'):
            return False
        if isinstance(node.func, ast.Name):
            helper = module_function(getattr(scope, '_aiguard_module', scope), node.func.id)
            if helper is not None and helper is not scope:
                return _helper_returns_output(helper, node, scope, depth)
        if isinstance(node.func, ast.Attribute) and model_output(node.func.value, scope, depth + 1, seen):
            return True
        return any(model_output(a.value if isinstance(a, ast.Starred) else a, scope, depth + 1, seen) for a in node.args) \
            or any(model_output(k.value, scope, depth + 1, seen) for k in node.keywords)
    if isinstance(node, ast.JoinedStr):
        return any(model_output(v, scope, depth + 1, seen) for v in node.values)
    if isinstance(node, (ast.FormattedValue, ast.Await, ast.Starred, ast.NamedExpr)):
        return model_output(node.value, scope, depth + 1, seen)
    if isinstance(node, ast.BinOp):
        return model_output(node.left, scope, depth + 1, seen) or model_output(node.right, scope, depth + 1, seen)
    if isinstance(node, ast.BoolOp):
        return any(model_output(v, scope, depth + 1, seen) for v in node.values)
    if isinstance(node, ast.IfExp):
        return model_output(node.body, scope, depth + 1, seen) or model_output(node.orelse, scope, depth + 1, seen)
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return any(model_output(e, scope, depth + 1, seen) for e in node.elts)
    if isinstance(node, (ast.ListComp, ast.GeneratorExp)):
        return any(model_output(g.iter, scope, depth + 1, seen) for g in node.generators)
    return False


def _chain_base(node: ast.AST) -> ast.AST:
    while isinstance(node, (ast.Attribute, ast.Subscript)):
        node = node.value
    return node


def _helper_returns_output(helper: Function, call: ast.Call, caller: ast.AST, depth: int) -> bool:
    """A module helper returns model output: it calls the model itself, or returns what it is passed."""
    if depth >= _DEPTH * 3:
        return False
    cache = helper.__dict__.setdefault('_aiguard_llm_returns', {})
    if None not in cache:
        cache[None] = False  # while it is worked out: recursion ends here
        cache[None] = any(model_output(r.value, helper, depth + 3) for r in _returns(helper))
    if cache[None]:
        return True
    for param, value in call_bindings(helper, call):
        if model_output(value, caller, depth + 1) and _returns_param(helper, param):
            return True
    return False


def _returns_param(helper: ast.AST, param: str) -> bool:
    """Whether what `helper` returns is derived from its parameter `param`."""
    facts = facts_of(helper)
    if param in facts.validated:
        return False
    tainted = {param}
    for _ in range(4):
        for names, value in facts._flows:
            if any(n.id in tainted for n in ast.walk(value) if isinstance(n, ast.Name)):
                tainted.update(names)
    return any(any(isinstance(n, ast.Name) and n.id in tainted for n in ast.walk(r.value))
               for r in _returns(helper) if r.value is not None)


def _param_receives_output(scope: ast.AST, name: str, depth: int) -> bool:
    """A parameter of a module function that some call in the module passes model output to."""
    if depth >= _DEPTH * 3 or not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef)):
        return False
    if name not in {a.arg for a in scope.args.posonlyargs + scope.args.args + scope.args.kwonlyargs}:
        return False
    for call, caller in _calls_of(scope):
        for param, value in call_bindings(scope, call):
            if param == name and model_output(value, caller, depth + 3):
                return True
    return False


def _calls_of(func: ast.AST) -> list[tuple[ast.Call, ast.AST]]:
    """Calls in the module of `func` by its plain name (`helper(x)`), with the scope that makes each.
    Scopes are found here, not through bandit's parent links: a caller further down is not visited yet."""
    module = module_of(func)
    index = getattr(module, '_aiguard_calls_by_name', None)
    if index is None:
        index = {}
        stack: list[tuple[ast.AST, ast.AST]] = [(module, module)]
        while stack:
            node, scope = stack.pop()
            for child in ast.iter_child_nodes(node):
                inner = child if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) else scope
                if inner is child:
                    child._aiguard_module = module  # type: ignore[attr-defined]  # its parent links may not exist yet
                if isinstance(child, ast.Call) and isinstance(child.func, ast.Name):
                    index.setdefault(child.func.id, []).append((child, scope))
                stack.append((child, inner))
        module._aiguard_calls_by_name = index  # type: ignore[attr-defined]
    name = getattr(func, 'name', '')
    if module_function(module, name) is not func:
        return []
    return list(index.get(name, ()))


def _output_arg(call: ast.Call, pos: int = 0, name: str | None = None) -> bool:
    value = arg(call, pos, name)
    return value is not None and model_output(value, scope_of(call))


# -- model output in sinks -----------------------------------------------------------

_CODE_SINKS = frozenset(('eval', 'exec', 'compile'))
_REPL_RUN = re.compile(r'(?i)repl|python|interpreter|sandbox')


@test.checks('Call')
@test.test_id('PY061')
def llm_output_as_code(context):
    """eval/exec/compile (or a Python REPL tool) runs model output."""
    call = context.node
    name = call_name(call)
    if name in _CODE_SINKS and isinstance(call.func, ast.Name):
        if _output_arg(call, 0, 'source'):
            return issue('PY061', f'{name}() runs code a model wrote', call)
    elif name == 'run' and isinstance(call.func, ast.Attribute) and _REPL_RUN.search(dotted(call.func.value) or '') \
            and _output_arg(call, 0, 'command'):
        return issue('PY061', 'a Python REPL runs code a model wrote', call)
    return None


_SHELL_CALLS = frozenset((
    'os.system', 'os.popen', 'subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output',
    'subprocess.Popen', 'subprocess.getoutput', 'subprocess.getstatusoutput', 'asyncio.create_subprocess_shell',
    'asyncio.create_subprocess_exec', 'pexpect.spawn', 'pexpect.run', 'os.execvp', 'os.execv', 'os.spawnlp',
))


_SHELL_NAMES = frozenset(q.rsplit('.', 1)[-1] for q in _SHELL_CALLS)


def _qual(context) -> str:
    return context.call_function_name_qual or dotted(context.node.func)


@test.checks('Call')
@test.test_id('PY062')
def llm_output_as_command(context):
    """A shell or process runs a command line a model wrote."""
    call = context.node
    if call_name(call) not in _SHELL_NAMES:
        return None
    qual = _qual(context)
    if qual not in _SHELL_CALLS and not (qual.endswith(('.run', '.call', '.Popen', '.check_output')) and 'subprocess' in qual):
        return None
    if _output_arg(call, 0, 'args') or (qual == 'asyncio.create_subprocess_exec' and any(
            model_output(a, scope_of(call)) for a in call.args)):
        return issue('PY062', f'{qual.rsplit(".", 1)[-1]}() runs a command a model wrote', call)
    return None


_SQL_CALLS = frozenset(('execute', 'executemany', 'executescript', 'raw', 'read_sql', 'read_sql_query', 'text',
                        'fetch', 'fetchrow', 'fetchval', 'exec_driver_sql', 'run_no_throw'))
_SQL_RECEIVER = re.compile(r'(?i)(?:^|_)(?:db|database|sql\w*|conn\w*|cur\w*|engine|session)$')


@test.checks('Call')
@test.test_id('PY063')
def llm_output_as_sql(context):
    """A database runs SQL a model wrote (text-to-SQL without a read-only, allow-listed connection)."""
    call = context.node
    name = call_name(call)
    receiver = dotted(call.func.value) if isinstance(call.func, ast.Attribute) else ''
    last = receiver.rsplit('.', 1)[-1]
    if name in ('run', 'fetch', 'fetchrow', 'fetchval') and not _SQL_RECEIVER.search(last):
        return None  # LangChain SQLDatabase.run(sql), asyncpg conn.fetch(sql); not subprocess.run or fetch(url)
    if name not in _SQL_CALLS and name != 'run':
        return None
    if name == 'text' and receiver not in ('sqlalchemy', 'sa', ''):
        return None
    if any(_output_arg(call, 0, k) for k in ('statement', 'sql', 'query', 'command')):
        return issue('PY063', f'{name}() runs SQL a model wrote', call)
    return None


_HTML_CALLS = frozenset(('Markup', 'mark_safe', 'render_template_string', 'HTMLResponse', 'HttpResponse', 'HTML',
                         'html', 'format_html_join', 'SafeString'))


@test.checks('Call')
@test.test_id('PY064')
def llm_output_as_html(context):
    """Model output is written as HTML unescaped (Markup, mark_safe, HTMLResponse, unsafe_allow_html=True)."""
    call = context.node
    name = call_name(call)
    unsafe = is_true(keyword(call, 'unsafe_allow_html'))
    if name in ('html', 'HTML') and not isinstance(call.func, ast.Attribute):
        return None  # st.html / gr.HTML / components.html, not a local html() helper
    if name not in _HTML_CALLS and not unsafe:
        return None
    if _output_arg(call, 0, 'content') or _output_arg(call, 0, 'body') or (unsafe and _output_arg(call, 0, 'body')):
        return issue('PY064', f'{name}() shows model output as HTML without escaping', call)
    return None


_PATH_CALLS = frozenset(('open', 'os.remove', 'os.unlink', 'os.rmdir', 'os.makedirs', 'os.rename', 'os.replace',
                         'shutil.rmtree', 'shutil.move', 'shutil.copy', 'shutil.copyfile', 'shutil.copytree',
                         'send_file', 'flask.send_file', 'FileResponse', 'Path', 'pathlib.Path'))
_PATH_WRITES = frozenset(('write_text', 'write_bytes', 'unlink', 'rmdir', 'mkdir', 'rename', 'replace', 'open',
                          'read_text', 'read_bytes'))
_PATH_NAMES = frozenset(q.rsplit('.', 1)[-1] for q in _PATH_CALLS) | _PATH_WRITES


@test.checks('Call')
@test.test_id('PY065')
def llm_output_as_path(context):
    """A file is opened, written or deleted at a path a model chose."""
    call = context.node
    name = call_name(call)
    if name not in _PATH_NAMES:
        return None
    qual = _qual(context)
    if qual in _PATH_CALLS and qual not in ('Path', 'pathlib.Path'):
        if _output_arg(call, 0, 'file') or _output_arg(call, 0, 'path'):
            return issue('PY065', f'{name}() uses a file path a model chose', call)
    elif name in _PATH_WRITES and isinstance(call.func, ast.Attribute):
        target = call.func.value
        if isinstance(target, ast.Call) and call_name(target) == 'Path' and _output_arg(target, 0):
            return issue('PY065', f'Path(...).{name}() uses a file path a model chose', call)
    return None


# -- prompt injection --------------------------------------------------------------

_SYSTEM_ROLES = frozenset(('system', 'developer'))
_SYSTEM_KEYWORDS = frozenset(('system', 'system_prompt', 'system_instruction', 'instructions', 'system_message',
                              'state_modifier'))
_SYSTEM_CLASSES = frozenset(('SystemMessage', 'SystemMessagePromptTemplate', 'SystemPromptTemplate'))
_TOOL_CLASSES = frozenset(('Tool', 'StructuredTool', 'FunctionTool', 'BaseTool', 'tool', 'from_function', 'from_defaults'))
_TOOL_SCHEMA_KEYS = frozenset(('parameters', 'input_schema', 'inputSchema'))


def _request_data(node: ast.AST | None, call_or_node: ast.AST) -> bool:
    """Data a web client chose (not the command line: whoever runs a CLI writes its prompt)."""
    if node is None:
        return False
    return scope_facts(call_or_node).is_tainted(node, cli=False)


def _const(node: ast.AST | None) -> str | None:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.Attribute):
        return node.attr.lower()  # MessageRole.SYSTEM
    return None


@test.checks('Dict')
@test.test_id('PY060')
def llm_prompt_injection_dict(context):
    """A system (or developer) message, or a tool's description, holds request data."""
    node = context.node
    items = {_const(k): v for k, v in zip(node.keys, node.values) if k is not None and _const(k) is not None}
    role = _const(items.get('role'))
    if role is not None and role.lower() in _SYSTEM_ROLES:
        content = items.get('content')
        if _request_data(content, node):
            return issue('PY060', f'the {role.lower()} prompt holds text from the request', node)
    if 'description' in items and (_TOOL_SCHEMA_KEYS & set(items)) and _request_data(items['description'], node):
        return issue('PY060', "a tool's description holds text from the request", node)
    return None


@test.checks('Call')
@test.test_id('PY060')
def llm_prompt_injection_call(context):
    """system=/instructions=/system_prompt=, SystemMessage(...), ("system", ...) or a tool description from the request."""
    call = context.node
    name = call_name(call)
    for kw in call.keywords:
        if kw.arg in _SYSTEM_KEYWORDS and _request_data(kw.value, call):
            return issue('PY060', f'{kw.arg}= holds text from the request', call)
        if kw.arg == 'prompt' and name == 'create_react_agent' and _request_data(kw.value, call):
            return issue('PY060', 'the agent prompt holds text from the request', call)
        if kw.arg == 'messages' and _is_model_api(call) and _request_data(kw.value, call) and \
                not isinstance(kw.value, (ast.List, ast.Tuple)):
            return issue('PY060', 'the client chooses the whole message list, system role included', call)
    system_class = name in _SYSTEM_CLASSES or (name == 'from_template' and 'System' in dotted(call.func))
    if system_class and _request_data(arg(call, 0, 'content') or arg(call, 0, 'template'), call):
        return issue('PY060', f'{name} holds text from the request', call)
    system_role = name == 'ChatMessage' and (_const(keyword(call, 'role')) or '').lower() in _SYSTEM_ROLES
    if system_role and _request_data(keyword(call, 'content'), call):
        return issue('PY060', 'the system message holds text from the request', call)
    if name in _TOOL_CLASSES and _request_data(keyword(call, 'description'), call):
        return issue('PY060', "a tool's description holds text from the request", call)
    if name == 'from_messages' and call.args and isinstance(call.args[0], (ast.List, ast.Tuple)):
        for item in call.args[0].elts:
            if isinstance(item, ast.Tuple) and len(item.elts) == 2 and (_const(item.elts[0]) or '') in _SYSTEM_ROLES \
                    and _request_data(item.elts[1], call):
                return issue('PY060', 'the system prompt template holds text from the request', call)
    return None


def _is_model_api(call: ast.Call) -> bool:
    d = dotted(call.func)
    return d.endswith(('completions.create', 'messages.create', 'messages.stream', 'responses.create')) or \
        call_name(call) in ('completion', 'acompletion', 'chat', 'invoke', 'ainvoke', 'stream')


# -- agents given code execution -------------------------------------------------------

_EXEC_TOOLS = frozenset(('PythonREPLTool', 'PythonAstREPLTool', 'ShellTool', 'BashProcess', 'PythonREPL',
                         'LocalCommandLineCodeExecutor', 'TerminalTool'))
_EXEC_TOOL_NAMES = frozenset(('terminal', 'python_repl', 'shell', 'bash', 'sleep_and_shell', 'requests_all',
                              'requests_post', 'requests_put', 'requests_delete', 'requests_patch'))
_DANGEROUS_FLAGS = ('allow_dangerous_code', 'allow_dangerous_requests')


@test.checks('Call')
@test.test_id('PY066')
def llm_agent_unconfined_execution(context):
    """An agent gets a shell, a Python REPL or arbitrary HTTP requests (allow_dangerous_code/_requests)."""
    call = context.node
    name = call_name(call)
    if name in _EXEC_TOOLS:
        return issue('PY066', f'{name} lets the model run code on this machine', call)
    for kw in call.keywords:
        if kw.arg in _DANGEROUS_FLAGS and is_true(kw.value):
            return issue('PY066', f'{kw.arg}=True lets the model run code or send requests on its own', call)
    if name == 'load_tools' and call.args and isinstance(call.args[0], (ast.List, ast.Tuple)):
        risky = [e.value for e in call.args[0].elts if isinstance(e, ast.Constant) and e.value in _EXEC_TOOL_NAMES]
        if risky:
            return issue('PY066', f'load_tools gives the agent {risky[0]!r}', call)
    config = keyword(call, 'code_execution_config')
    if isinstance(config, ast.Dict):
        for k, v in zip(config.keys, config.values):
            if _const(k) == 'use_docker' and isinstance(v, ast.Constant) and v.value is False:
                return issue('PY066', 'the agent runs the code it writes on this machine (use_docker=False)', call)
    return None


# -- remote model code ---------------------------------------------------------------

_COMMIT = re.compile(r'^[0-9a-f]{40}$')


@test.checks('Call')
@test.test_id('PY067')
def trust_remote_code(context):
    """trust_remote_code=True without a revision pinned to a commit."""
    call = context.node
    if not call.keywords or not is_true(keyword(call, 'trust_remote_code')):
        return None
    revision = keyword(call, 'revision') or keyword(call, 'code_revision')
    if isinstance(revision, ast.Constant) and isinstance(revision.value, str) and _COMMIT.match(revision.value):
        return None
    return issue('PY067', 'trust_remote_code=True runs the Python code of the model repository', call)


# -- provider keys exposed -------------------------------------------------------------

PROVIDER_KEY = re.compile(
    r'^(?:OPENAI|AZURE_OPENAI|ANTHROPIC|CLAUDE|GROQ|MISTRAL|COHERE|CO|GEMINI|GOOGLE|GOOGLE_GENAI|HF|HUGGINGFACE\w*|'
    r'HUGGING_FACE\w*|REPLICATE|TOGETHER|DEEPSEEK|XAI|GROK|PERPLEXITY|PPLX|OPENROUTER|FIREWORKS|VOYAGE|PINECONE|'
    r'LANGCHAIN|LANGSMITH|ELEVENLABS|ASSEMBLYAI|DEEPGRAM|AI21|NVIDIA|CEREBRAS|LLAMA_CLOUD)(?:_API)?_(?:KEY|TOKEN)$',
)
_RESPONSES = frozenset(('jsonify', 'JSONResponse', 'JsonResponse', 'render_template', 'render', 'make_response',
                        'Response', 'TemplateResponse'))
_LOGS = re.compile(r'(?:^|\.)(?:log|logger|logging|LOG|LOGGER|_log|_logger)$')
_LOG_METHODS = frozenset(('debug', 'info', 'warning', 'warn', 'error', 'exception', 'critical', 'log'))


def _key_read(n: ast.AST) -> str | None:
    """The provider key a node reads itself: os.environ["X"], os.getenv("X"), environ.get("X"), client.api_key."""
    if isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Constant) and isinstance(n.slice.value, str) \
            and PROVIDER_KEY.match(n.slice.value):
        return n.slice.value
    if isinstance(n, ast.Call) and call_name(n) in ('getenv', 'get') and n.args and isinstance(n.args[0], ast.Constant) \
            and isinstance(n.args[0].value, str) and PROVIDER_KEY.match(n.args[0].value):
        return n.args[0].value
    if isinstance(n, ast.Attribute) and n.attr == 'api_key' and isinstance(n.ctx, ast.Load):
        return dotted(n) or 'client.api_key'
    return None


_TEXT_CALLS = frozenset(('str', 'format', 'join', 'repr'))


def _provider_key(node: ast.AST | None, scope: ast.AST, depth: int = 0) -> str | None:
    """The provider key `node` shows: read there, or through a variable, a string or a container
    (not through other calls: `OpenAI(api_key=...)` uses the key without showing it)."""
    if node is None or depth > 4:
        return None
    found = _key_read(node)
    if found:
        return found
    if isinstance(node, ast.Name):
        for names, value in facts_of(scope)._flows:
            if node.id in names:
                found = _provider_key(value, scope, depth + 1)
                if found:
                    return found
        return None
    if isinstance(node, ast.Call):
        if call_name(node) not in _TEXT_CALLS:
            return None
        parts: list[ast.AST] = [*node.args, *(k.value for k in node.keywords)]
        if isinstance(node.func, ast.Attribute):
            parts.append(node.func.value)
    elif isinstance(node, ast.Dict):
        parts = [v for v in node.values if v is not None]
    elif isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        parts = list(node.elts)
    elif isinstance(node, ast.JoinedStr):
        parts = list(node.values)
    elif isinstance(node, ast.FormattedValue):
        parts = [node.value]
    elif isinstance(node, ast.BinOp):
        parts = [node.left, node.right]
    elif isinstance(node, ast.keyword):
        parts = [node.value]
    else:
        return None
    for p in parts:
        found = _provider_key(p, scope, depth + 1)
        if found:
            return found
    return None


@test.checks('Call')
@test.test_id('PY068')
def provider_key_exposed(context):
    """A model provider's API key is sent to the client, printed or logged."""
    call = context.node
    name = call_name(call)
    if name not in _RESPONSES and name != 'print' and name not in _LOG_METHODS:
        return None
    receiver = dotted(call.func.value) if isinstance(call.func, ast.Attribute) else ''
    where = None
    if name in _RESPONSES:
        where = 'sent to the client'
    elif name == 'print' and isinstance(call.func, ast.Name):
        where = 'printed'
    elif name in _LOG_METHODS and (_LOGS.search(receiver) or 'logger' in receiver.lower()):
        where = 'written to the log'
    if where is None:
        return None
    scope = scope_of(call)
    for value in [*call.args, *(k.value for k in call.keywords)]:
        key = _provider_key(value, scope)
        if key:
            return issue('PY068', f'the model provider key {key} is {where}', call)
    return None


@test.checks('Return')
@test.test_id('PY068')
def provider_key_returned(context):
    """A route returns a model provider's API key (a dict becomes JSON for the browser)."""
    node = context.node
    scope = scope_of(node)
    if node.value is None or not is_route(scope):
        return None
    key = _provider_key(node.value, scope)
    if key:
        return issue('PY068', f'the model provider key {key} is sent to the client', node)
    return None


# -- unbounded generation ---------------------------------------------------------------

_LIMIT_KEYWORDS = frozenset(('max_tokens', 'max_completion_tokens', 'max_output_tokens', 'max_new_tokens',
                             'max_length', 'num_return_sequences', 'max_iterations', 'max_turns', 'recursion_limit'))
_UNLIMITED_NONE = frozenset(('max_iterations', 'max_execution_time', 'max_turns', 'recursion_limit'))


def _bounded(value: ast.AST, scope: ast.AST) -> bool:
    """min(...)/clamp(...) around the value, or its names compared in an if/while of the scope."""
    if any(isinstance(n, ast.Call) and call_name(n) in ('min', 'clamp', 'clip') for n in ast.walk(value)):
        return True
    names = {n.id for n in ast.walk(value) if isinstance(n, ast.Name)}
    for n in ast.walk(scope):
        if isinstance(n, (ast.If, ast.While, ast.Assert, ast.IfExp)):
            for c in ast.walk(n.test):
                if isinstance(c, ast.Compare) and names & {x.id for x in ast.walk(c) if isinstance(x, ast.Name)}:
                    return True
        if isinstance(n, ast.Assign) and isinstance(n.value, ast.Call) and call_name(n.value) in ('min', 'clamp', 'clip') \
                and names & {t.id for t in n.targets if isinstance(t, ast.Name)}:
            return True
    return False


@test.checks('Call')
@test.test_id('PY069')
def llm_unbounded_generation(context):
    """The client chooses max_tokens (or n, max_new_tokens) with no upper bound, or an agent loop has none."""
    call = context.node
    for kw in call.keywords:
        if kw.arg in _UNLIMITED_NONE and isinstance(kw.value, ast.Constant) and kw.value.value is None:
            return issue('PY069', f'{kw.arg}=None lets the agent loop call the model without end', call)
        limited = kw.arg in _LIMIT_KEYWORDS or (kw.arg == 'n' and _is_model_api(call))
        if not limited or isinstance(kw.value, ast.Constant):
            continue
        scope = scope_of(call)  # only now: a function's facts cost a walk of it
        facts = facts_of(scope)
        parts = [n for n in ast.walk(kw.value) if isinstance(n, (ast.Name, ast.Attribute, ast.Subscript, ast.Call))]
        if any(facts.is_tainted(p, cli=False) or _reads_request(p) for p in parts) and not _bounded(kw.value, scope):
            return issue('PY069', f'{kw.arg} comes from the request with no upper bound', call)
    return None


def _reads_request(node: ast.AST) -> bool:
    """request.json / request.args read directly (through int() too, which taint treats as clean)."""
    return isinstance(node, (ast.Attribute, ast.Subscript)) and dotted(_chain_base(node)) == 'request' and \
        _parts(node)[1][:1] in (['json'], ['args'], ['form'], ['values'], ['GET'], ['POST'], ['data'], ['query_params'])
