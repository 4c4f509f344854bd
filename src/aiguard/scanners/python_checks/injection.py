"""Injection: SQL built from strings, shell commands, eval/exec."""
from __future__ import annotations

import ast
import re

from bandit.core import test_properties as test

from aiguard.scanners.python_checks import issue
from aiguard.scanners.python_checks.taint import (
    arg, call_bindings, call_name, dotted, is_built_string, is_constant, is_true, keyword, module_function, scope_facts,
    scope_of, text_of, walk_scope,
)

TYPE_CHECKING = False
if TYPE_CHECKING:
    from aiguard.scanners.python_checks.taint import Function

SQL_SINKS = frozenset((
    'execute', 'executemany', 'executescript', 'raw', 'mogrify', 'read_sql', 'read_sql_query',
    'exec_driver_sql', 'text', 'RawSQL', 'fetch', 'fetchrow', 'fetchval', 'executescript',
))
SQL_WORDS = re.compile(
    r'\bselect\b[\s\S]*\bfrom\b|\binsert\s+into\b|\bupdate\b[\s\S]*\bset\b|\bdelete\s+from\b|\bwhere\b'
    r'|\b(?:drop|create|alter|truncate)\s+table\b|\border\s+by\b|\bunion\s+select\b|\bpragma\b',
    re.I,
)
SHELL_CALLS = frozenset((
    'os.system', 'os.popen', 'os.popen2', 'os.popen3', 'os.popen4', 'commands.getoutput',
    'commands.getstatusoutput', 'subprocess.getoutput', 'subprocess.getstatusoutput',
    'asyncio.create_subprocess_shell', 'popen2.popen2', 'platform.popen',
))
SUBPROCESS = frozenset(('run', 'call', 'check_call', 'check_output', 'Popen'))
SHELLS = frozenset(('sh', 'bash', '/bin/sh', '/bin/bash', 'zsh', 'cmd', 'cmd.exe', 'powershell', 'pwsh'))


@test.checks('Call')
@test.test_id('PY001')
def sql_built_from_strings(context):
    """execute()/raw()/text()/extra() given SQL built with f-strings, %, .format or +."""
    call = context.node
    name = call_name(call)
    if name not in SQL_SINKS and name != 'extra':
        return _sql_through_helper(call)
    scope = scope_facts(call)
    if name == 'extra':
        parts = [keyword(call, 'where'), keyword(call, 'select'), keyword(call, 'tables')]
        query = next((e for p in parts if isinstance(p, (ast.List, ast.Tuple, ast.Dict)) for e in
                      (p.values if isinstance(p, ast.Dict) else p.elts) if is_built_string(e, scope)), None)
        if query is not None:
            return issue('PY001', 'SQL passed to QuerySet.extra() is built from strings', call)
        return None
    if name not in SQL_SINKS:
        return None
    query = arg(call, 0, 'sql') or keyword(call, 'query') or keyword(call, 'statement')
    if query is None or not is_built_string(query, scope):
        return None
    always_sql = (context.call_function_name_qual or '').endswith(('sqlalchemy.text', 'sql.text', 'RawSQL'))
    if not always_sql and not SQL_WORDS.search(text_of(query, scope)):
        return None
    return issue('PY001', f'SQL built with string formatting reaches {name}(); pass the values as parameters', call)


def _sql_through_helper(call: ast.Call):
    """A module's own helper that hands one of its parameters to execute() & co., called
    with SQL built from strings for that parameter (`run_query(f"... {x}")`)."""
    if not isinstance(call.func, ast.Name):
        return None
    helper = module_function(call, call.func.id)
    if helper is None or helper is scope_of(call):
        return None
    sinks = _sql_params(helper)
    if not sinks:
        return None
    scope = scope_facts(call)
    for param, value in call_bindings(helper, call):
        if param in sinks and is_built_string(value, scope) and SQL_WORDS.search(text_of(value, scope)):
            return issue('PY001', f'SQL built with string formatting reaches {sinks[param]}() through '
                                  f'{helper.name}(); pass the values as parameters', call)
    return None


def _sql_params(helper: Function) -> dict[str, str]:
    """The helper's parameters it passes as the query of an SQL call (name -> that call's name)."""
    found = getattr(helper, '_aiguard_sql_params', None)
    if found is None:
        params = {a.arg for a in helper.args.posonlyargs + helper.args.args + helper.args.kwonlyargs}
        found = {}
        for n in walk_scope(helper):
            if isinstance(n, ast.Call) and call_name(n) in SQL_SINKS:
                query = arg(n, 0, 'sql') or keyword(n, 'query') or keyword(n, 'statement')
                if isinstance(query, ast.Name) and query.id in params:
                    found.setdefault(query.id, call_name(n))
        helper._aiguard_sql_params = found  # type: ignore[union-attr]
    return found


def _command_is_dynamic(cmd: ast.AST | None, context) -> bool:
    scope = scope_facts(context.node)
    if isinstance(cmd, (ast.List, ast.Tuple)):
        elts = cmd.elts
        if len(elts) >= 3 and isinstance(elts[0], ast.Constant) and elts[0].value in SHELLS \
                and isinstance(elts[1], ast.Constant) and elts[1].value in ('-c', '/c', '-Command'):
            return not is_constant(elts[2], scope)
        return False
    return cmd is not None and not is_constant(cmd, scope)


@test.checks('Call')
@test.test_id('PY002')
def shell_command_from_data(context):
    """A shell runs a command line that is not a constant."""
    call = context.node
    qual = context.call_function_name_qual or ''
    cmd = arg(call, 0, 'args') or keyword(call, 'cmd') or keyword(call, 'command')
    if qual in SHELL_CALLS or (call_name(call) == 'exec_command' and isinstance(call.func, ast.Attribute)):
        if _command_is_dynamic(cmd, context):
            return issue('PY002', f'{qual or call_name(call)}() runs a shell command built at run time', call)
        return None
    short = qual.split('.')[-1]
    if short in SUBPROCESS and (qual.startswith('subprocess.') or dotted(call.func) == short):
        shell = is_true(keyword(call, 'shell'))
        if shell and _command_is_dynamic(cmd, context) and not isinstance(cmd, (ast.List, ast.Tuple)):
            return issue('PY002', f'subprocess.{short}(shell=True) runs a command built at run time', call)
        if isinstance(cmd, (ast.List, ast.Tuple)) and _command_is_dynamic(cmd, context):
            return issue('PY002', f'subprocess.{short}() runs "sh -c" with a command built at run time', call)
    if qual == 'asyncio.create_subprocess_exec' and _command_is_dynamic(ast.List(elts=list(call.args)), context):
        return issue('PY002', 'create_subprocess_exec() runs "sh -c" with a command built at run time', call)
    return None


@test.checks('Call')
@test.test_id('PY003')
def eval_of_data(context):
    """eval/exec/compile on something that is not a constant."""
    call = context.node
    if not isinstance(call.func, ast.Name) or call.func.id not in ('eval', 'exec', 'compile'):
        return None
    if _module_binds(call, call.func.id):
        return None  # `def compile(files, ...)` of its own: not the builtin
    code = arg(call, 0, 'source')
    if code is None or is_constant(code, scope_facts(call)):
        return None
    return issue('PY003', f'{call.func.id}() runs code that is not a constant', call)


def _module_binds(node: ast.AST, name: str) -> bool:
    """True when the module around `node` defines, imports or assigns `name` at top level."""
    module: ast.AST | None = node
    while not isinstance(module, ast.Module):
        module = getattr(module, '_bandit_parent', None)
        if module is None:
            return False
    for stmt in module.body:
        if isinstance(stmt, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)) and stmt.name == name:
            return True
        if isinstance(stmt, (ast.Import, ast.ImportFrom)) and any(
                (a.asname or a.name) == name for a in stmt.names):
            return True
        if isinstance(stmt, ast.Assign) and any(isinstance(t, ast.Name) and t.id == name for t in stmt.targets):
            return True
    return False


@test.checks('Call')
@test.test_id('PY003')
def import_of_request_data(context):
    """importlib.import_module / __import__ of a module name the client chose."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if qual not in ('importlib.import_module', '__import__'):
        return None
    if scope_facts(call).is_tainted(arg(call, 0, 'name'), checked=True, cli=False):
        return issue('PY003', f'{qual}() loads a module named by the request', call)
    return None


LDAP_SEARCH = frozenset(('search', 'search_s', 'search_st', 'search_ext', 'search_ext_s', 'paged_search'))


@test.checks('Call')
@test.test_id('PY044')
def ldap_filter_from_request(context):
    """An LDAP search filter built from request data without escape_filter_chars."""
    call = context.node
    if call_name(call) not in LDAP_SEARCH:
        return None
    scope = scope_facts(call)
    candidates = [keyword(call, 'search_filter'), keyword(call, 'filterstr'), arg(call, 2), arg(call, 1)]
    for f in candidates:
        if f is not None and re.search(r'\(\s*[\w-]+\s*=', text_of(f, scope)) and scope.is_tainted(f, cli=False):
            return issue('PY044', 'the LDAP filter is built from request data (LDAP injection)', call)
    return None


@test.checks('Call')
@test.test_id('PY045')
def xpath_from_request(context):
    """An XPath expression built from request data."""
    call = context.node
    if call_name(call) not in ('xpath', 'XPath', 'find', 'findall', 'iterfind', 'findtext'):
        return None
    expr = arg(call, 0, 'path')
    scope = scope_facts(call)
    if expr is None or not is_built_string(expr, scope) or not scope.is_tainted(expr, cli=False):
        return None
    if not re.search(r'[/\[@]', text_of(expr, scope)):
        return None
    return issue('PY045', 'the XPath query is built from request data (XPath injection)', call)


@test.checks('Call')
@test.test_id('PY046')
def regex_from_request(context):
    """A regular expression compiled from request data (ReDoS)."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if qual.split('.')[0] not in ('re', 'regex') or qual.split('.')[-1] not in (
            'compile', 'match', 'search', 'fullmatch', 'findall', 'finditer', 'sub', 'split'):
        return None
    pattern = arg(call, 0, 'pattern')
    if pattern is None or isinstance(pattern, ast.Call) and call_name(pattern) == 'escape':
        return None
    if scope_facts(call).is_tainted(pattern, cli=False):
        return issue('PY046', f'{qual}() compiles a pattern taken from the request (ReDoS)', call)
    return None
