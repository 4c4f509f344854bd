"""Deserialization that can run code: pickle and friends, yaml.load, torch.load, numpy.load."""
from __future__ import annotations

import ast

from bandit.core import test_properties as test

from aiguard.scanners.python_checks import issue
from aiguard.scanners.python_checks.taint import arg, dotted, is_true, keyword

PICKLE_LIKE = frozenset((
    'pickle.load', 'pickle.loads', 'pickle.Unpickler', 'cPickle.load', 'cPickle.loads', '_pickle.load',
    '_pickle.loads', 'dill.load', 'dill.loads', 'cloudpickle.load', 'cloudpickle.loads',
    'shelve.open', 'marshal.load', 'marshal.loads', 'jsonpickle.decode', 'jsonpickle.loads',
    'joblib.load', 'pandas.read_pickle', 'sklearn.externals.joblib.load',
))
SAFE_YAML_LOADERS = frozenset(('SafeLoader', 'CSafeLoader', 'BaseLoader', 'CBaseLoader'))


@test.checks('Call')
@test.test_id('PY007')
def unsafe_deserialization(context):
    """pickle-family loads, torch.load without weights_only=True, numpy.load(allow_pickle=True)."""
    call = context.node
    qual = context.call_function_name_qual or ''
    if qual in PICKLE_LIKE:
        return issue('PY007', f'{qual}() can run arbitrary code while loading untrusted data', call)
    if qual == 'torch.load' and not is_true(keyword(call, 'weights_only')):
        return issue('PY007', 'torch.load() without weights_only=True unpickles arbitrary objects', call)
    if qual == 'numpy.load' and is_true(keyword(call, 'allow_pickle')):
        return issue('PY007', 'numpy.load(allow_pickle=True) unpickles arbitrary objects', call)
    return None


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
    shown = f'Loader={name}' if name else 'no Loader'
    return issue('PY008', f'{qual}() with {shown} constructs arbitrary Python objects', call)
