"""Files: paths from requests, archive extraction."""
from __future__ import annotations

import ast

from bandit.core import test_properties as test

from aiguard.scanners.python_checks import issue
from aiguard.scanners.python_checks.taint import arg, call_name, dotted, keyword, root_name, scope_facts

PATH_SINKS = frozenset((
    'open', 'io.open', 'codecs.open', 'send_file', 'flask.send_file', 'FileResponse', 'os.remove',
    'os.unlink', 'os.rmdir', 'os.listdir', 'os.makedirs', 'shutil.rmtree', 'shutil.copy',
    'shutil.copyfile', 'shutil.move', 'os.rename', 'aiofiles.open', 'StreamingResponse',
))
PATH_METHODS = frozenset(('read_text', 'read_bytes', 'write_text', 'write_bytes', 'unlink', 'open', 'save'))
CONTAINMENT = frozenset(('commonpath', 'is_relative_to', 'relative_to', 'safe_join'))


@test.checks('Call')
@test.test_id('PY004')
def path_from_request(context):
    """A file is opened, sent or deleted at a path the client chose."""
    call = context.node
    qual = context.call_function_name_qual or ''
    target = None
    if qual in PATH_SINKS or qual.split('.')[-1] in ('send_file', 'FileResponse'):
        target = arg(call, 0, 'path') or keyword(call, 'file') or keyword(call, 'filename_or_fp')
    elif qual.split('.')[-1] == 'send_from_directory':
        target = arg(call, 0, 'directory')  # the file name part goes through safe_join
    elif isinstance(call.func, ast.Attribute) and call.func.attr in PATH_METHODS and call.func.attr != 'open':
        if call.func.attr == 'save':
            target = arg(call, 0, 'dst')
        else:
            target = call.func.value
    if target is None:
        return None
    scope = scope_facts(call)
    if not scope.is_tainted(target, checked=True, cli=False):
        return None
    if CONTAINMENT & scope.calls:
        return None  # joined safely or checked against a base directory
    return issue('PY004', f'{qual or call_name(call)}() uses a path built from request data', call)


def _archive_kind(receiver: ast.AST, scope) -> str:
    name = root_name(receiver)
    made_by = scope.kinds.get(name, '') if name else dotted(receiver.func) if isinstance(receiver, ast.Call) else ''
    if 'tarfile' in made_by or made_by.endswith('TarFile') or (name and 'tar' in name.lower() and not made_by):
        return 'tar'
    if 'zipfile' in made_by or made_by.endswith('ZipFile') or (name and 'zip' in name.lower() and not made_by):
        return 'zip'
    return ''


@test.checks('Call')
@test.test_id('PY005')
def archive_extracted_unchecked(context):
    """tarfile extraction without filter=, zip extraction without a member check."""
    call = context.node
    if not isinstance(call.func, ast.Attribute) or call.func.attr not in ('extractall', 'extract'):
        return None
    scope = scope_facts(call)
    kind = _archive_kind(call.func.value, scope)
    if kind == 'tar' and keyword(call, 'filter') is None and keyword(call, 'members') is None:
        return issue('PY005', f'tarfile {call.func.attr}() without filter= writes wherever member names point', call)
    if kind == 'zip' and call.func.attr == 'extractall' and keyword(call, 'members') is None and len(call.args) < 2:
        if scope.calls & {'startswith', 'commonpath', 'is_relative_to', 'relative_to'} or '..' in scope.constants:
            return None
        return issue('PY005', 'zip extractall() without checking member names', call)
    return None


@test.checks('Call')
@test.test_id('PY050')
def umask_zero(context):
    """os.umask(0) as a statement: every file created afterwards is world-writable.

    mkdir/os.open modes are not reported: the umask still applies to them
    (0o777 is makedirs' default); chmod, which ignores the umask, is B103.
    """
    call = context.node
    if (context.call_function_name_qual or '') != 'os.umask' or not isinstance(getattr(call, '_bandit_parent', None), ast.Expr):
        return None  # `old = os.umask(0)` reads the current mask and is restored after
    mask = arg(call, 0, 'mask')
    if isinstance(mask, ast.Constant) and mask.value == 0:
        return issue('PY050', 'umask(0) makes every new file world-writable', call)
    return None
