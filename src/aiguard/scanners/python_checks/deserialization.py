"""Deserialization that can run code: pickle and friends, yaml.load, torch.load, numpy.load."""
from __future__ import annotations

import ast
import re

from bandit.core import test_properties as test

from aiguard.scanners.python_checks import issue
from aiguard.scanners.python_checks.taint import (
    arg, call_name, dotted, is_true, keyword, scope_facts, scope_of, walk_scope,
)

PICKLE_LIKE = frozenset((
    'pickle.load', 'pickle.loads', 'pickle.Unpickler', 'cPickle.load', 'cPickle.loads', '_pickle.load',
    '_pickle.loads', 'dill.load', 'dill.loads', 'cloudpickle.load', 'cloudpickle.loads',
    'shelve.open', 'marshal.load', 'marshal.loads', 'jsonpickle.decode', 'jsonpickle.loads',
    'joblib.load', 'pandas.read_pickle', 'sklearn.externals.joblib.load',
))
SAFE_YAML_LOADERS = frozenset(('SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader'))


def _shipped_file(source: ast.AST | None, call: ast.AST) -> bool:
    """A file named by a constant path: the project's own artifact, not data from outside."""
    facts = scope_facts(call)
    if isinstance(source, ast.Name):
        opened = [n.context_expr for n in walk_scope(facts.node)
                  if isinstance(n, ast.withitem) and isinstance(n.optional_vars, ast.Name)
                  and n.optional_vars.id == source.id]
        values = opened + facts.assigns.get(source.id, [])
        if not values:
            return bool(UPPER.match(source.id))
        return all(_shipped_file(v, call) for v in values)
    if isinstance(source, ast.Call) and call_name(source) in ('open', 'Path', 'joinpath') or (
            isinstance(source, ast.Call) and isinstance(source.func, ast.Attribute) and source.func.attr == 'open'):
        target = source.func.value if isinstance(source.func, ast.Attribute) and source.func.attr == 'open' else arg(source, 0)
        return _constant_path(target, facts)
    return _constant_path(source, facts)


def _constant_path(node: ast.AST | None, facts) -> bool:
    if node is None:
        return False
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return True
    if isinstance(node, ast.Name) and (UPPER.match(node.id) or all(
            _constant_path(v, facts) for v in facts.assigns.get(node.id, [None]))):
        return True
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _constant_path(node.left, facts) and _constant_path(node.right, facts)
    if isinstance(node, ast.Call) and (call_name(node) in ('Path', 'join') or dotted(node.func) == 'os.path.join'):
        return all(_constant_path(a, facts) for a in node.args) and bool(node.args)
    return False


UPPER = re.compile(r'^[A-Z][A-Z0-9_]*$')


@test.checks('Call')
@test.test_id('PY007')
def unsafe_deserialization(context):
    """pickle-family loads, torch.load without weights_only=True, numpy.load(allow_pickle=True)."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if qual in PICKLE_LIKE:
        if _shipped_file(arg(call, 0, 'file') or arg(call, 0, 'filename'), call):
            return None
        return issue('PY007', f'{qual}() can run arbitrary code while loading untrusted data', call)
    if qual == 'torch.load' and not is_true(keyword(call, 'weights_only')):
        return issue('PY007', 'torch.load() without weights_only=True unpickles arbitrary objects', call)
    if qual == 'numpy.load' and is_true(keyword(call, 'allow_pickle')):
        return issue('PY007', 'numpy.load(allow_pickle=True) unpickles arbitrary objects', call)
    if is_true(keyword(call, 'allow_dangerous_deserialization')):  # LangChain FAISS/vector stores (issue 19)
        return issue('PY007', 'allow_dangerous_deserialization=True unpickles the stored index', call)
    return None


def _is_safe_loader(value: ast.AST) -> bool:
    """`yaml.CSafeLoader`, or `getattr(yaml, 'CSafeLoader', yaml.SafeLoader)`."""
    if dotted(value).split('.')[-1] in SAFE_YAML_LOADERS:
        return True
    if isinstance(value, ast.Call) and call_name(value) == 'getattr' and len(value.args) >= 2:
        named = value.args[1]
        fallback_ok = len(value.args) < 3 or _is_safe_loader(value.args[2])
        return (isinstance(named, ast.Constant) and named.value in SAFE_YAML_LOADERS and fallback_ok)
    return False


def _safe_loader_name(name: str, scope: ast.AST) -> bool:
    """True when every assignment to `name` in the scope is a safe loader."""
    values = [n.value for n in walk_scope(scope) if isinstance(n, ast.Assign)
              and any(isinstance(t, ast.Name) and t.id == name for t in n.targets)]
    return bool(values) and all(_is_safe_loader(v) for v in values)


@test.checks('Call')
@test.test_id('PY008')
def yaml_unsafe_load(context):
    """yaml.load without a safe Loader, yaml.unsafe_load."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if qual in ('yaml.unsafe_load', 'yaml.unsafe_load_all'):
        return issue('PY008', f'{qual}() constructs arbitrary Python objects', call)
    if qual not in ('yaml.load', 'yaml.load_all'):
        return None
    loader = arg(call, 1, 'Loader')
    name = dotted(loader).split('.')[-1] if loader is not None else ''
    if name in SAFE_YAML_LOADERS or (isinstance(loader, ast.Name) and 'safe' in loader.id.lower()):
        return None
    if isinstance(loader, ast.Name) and _safe_loader_name(loader.id, scope_of(call)):
        return None
    shown = f'Loader={name}' if name else 'no Loader'
    return issue('PY008', f'{qual}() with {shown} constructs arbitrary Python objects', call)
