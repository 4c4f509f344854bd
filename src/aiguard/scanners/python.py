"""Python SAST: bandit in-process plus aiguard's own checks, one parse and one walk per file.

How it runs, and why (measured on 175k lines of Django/Flask/requests):
- each file is parsed once with `ast.parse`; bandit's node visitor walks that
  tree (its `process()` would parse again, so it is not called);
- the walk runs the bandit tests aiguard keeps (the `bandit:` keys of
  rules/python.yaml) and aiguard's checks (scanners/python_checks) in the same
  pass, added to the test set directly (aiguard registers no bandit plugin
  entry points: plain `bandit` runs bandit's tests only). A separate parse and walk for
  aiguard's checks would cost about as much as bandit's whole walk;
- the small taint helper (python_checks/taint.py) reads each function once,
  on the first check that asks, and caches what it found on the function node;
- bandit copies its context once per test and node; aiguard's ~40 checks
  share one copy per node through one wrapper per node type. That took the
  scan from ~1.2x to ~1.0x the time of plain bandit with its full profile.

Bandit's own `# nosec` handling is off: every finding reaches the gate, which
honours `# nosec` (and `# aiguard: ignore[...]`) the same way for bandit's
tests and aiguard's.
"""
from __future__ import annotations

import ast
import bisect
import functools
import io
import os
import re
from collections.abc import Mapping, Sequence

from aiguard.changes import ChangedFile, Skip
from aiguard.findings import Finding
from aiguard.regexes import lazy
from aiguard.rules import Rule, enabled, load_pack
from aiguard.scanners import SUFFIXES, ScanContext, finding, is_script, unless_secret

TYPE_CHECKING = False  # typing costs a Python commit ~1.5 ms; Any is for annotations only
if TYPE_CHECKING:
    from typing import Any

NAME = 'python'
EXTENSIONS = SUFFIXES[NAME]
_LEVELS = {'LOW': 1, 'MEDIUM': 2, 'HIGH': 3, 'UNDEFINED': 0}


def wants(path: str) -> bool:
    """Python source files."""
    return path.endswith(EXTENSIONS)


_PYTHON_SHEBANG = lazy(r'#![ \t]*\S*/(?:env[ \t]+(?:-S[ \t]+)?)?python[\d.]*(?:[ \t]|$)')


def wants_file(f: ChangedFile) -> bool:
    """A Python script named without an extension (bin/manage), known by its `#!` line."""
    if not is_script(f):
        return False
    return _PYTHON_SHEBANG.match(f.content[:200].split(b'\n', 1)[0].decode('utf-8', 'replace')) is not None


@functools.lru_cache(maxsize=None)
def rules() -> dict[str, Rule]:
    return load_pack('python')


@functools.lru_cache(maxsize=None)
def bandit_map() -> dict[str, Rule]:
    """bandit test id -> the aiguard rule that reports it."""
    out = {}
    for rule in rules().values():
        for test_id in rule.data.get('bandit', ()) or ():
            out[test_id] = rule
    return out


_enabled = enabled  # rules marked `default: off` run only when .aiguard.yaml names them


# Where bandit keeps the tests aiguard reports (plugins), so they load without
# bandit's import-time discovery of every plugin and formatter (~65 ms of a
# commit hook). Any mismatch falls back to bandit's own BanditTestSet.
_PLUGINS = {
    'B103': 'bandit.plugins.general_bad_file_permissions:set_bad_file_permissions',
    'B202': 'bandit.plugins.tarfile_unsafe_members:tarfile_unsafe_members',
    'B501': 'bandit.plugins.crypto_request_no_cert_validation:request_with_no_cert_validation',
    'B502': 'bandit.plugins.insecure_ssl_tls:ssl_with_bad_version',
    'B505': 'bandit.plugins.weak_cryptographic_key:weak_cryptographic_key',
    'B507': 'bandit.plugins.ssh_no_host_key_verification:ssh_no_host_key_verification',
    'B609': 'bandit.plugins.injection_wildcard:linux_commands_wildcard_injection',
    'B610': 'bandit.plugins.django_sql_injection:django_extra_used',
    'B611': 'bandit.plugins.django_sql_injection:django_rawsql_used',
}


class _TestSet:
    """What BanditNodeVisitor needs of a test set: tests by node type."""

    def __init__(self, tests: dict[str, list[Any]]) -> None:
        self.tests = tests

    def get_tests(self, checktype: str) -> list[Any]:
        return self.tests.get(checktype) or []


def _import_bandit_core() -> None:
    """Import bandit's core without running `bandit/__init__`.

    That __init__ imports bandit's manager (rich, its CLI, version metadata);
    the scan needs only the visitor. The package namespace that plugins use
    (`bandit.Issue`, `bandit.HIGH`, ...) is filled in as __init__ would.
    """
    import importlib
    import sys
    import types

    if 'bandit' in sys.modules:
        return
    import importlib.util

    spec = importlib.util.find_spec('bandit')
    if spec is None or not spec.submodule_search_locations:
        raise ImportError('bandit is not installed')
    root = list(spec.submodule_search_locations)
    pkg: Any = types.ModuleType('bandit')  # given bandit's attributes below
    pkg.__path__ = root
    core = types.ModuleType('bandit.core')
    core.__path__ = [os.path.join(r, 'core') for r in root]
    sys.modules['bandit'], sys.modules['bandit.core'] = pkg, core
    try:
        for name in ('constants', 'issue', 'test_properties', 'utils', 'context', 'tester',
                     'node_visitor', 'meta_ast', 'metrics', 'blacklisting'):
            setattr(core, name, importlib.import_module(f'bandit.core.{name}'))
        for name in ('constants', 'issue', 'test_properties'):
            mod = getattr(core, name)
            for attr in getattr(mod, '__all__', None) or [a for a in vars(mod) if not a.startswith('_')]:
                setattr(pkg, attr, getattr(mod, attr))
        pkg.core = core
    except Exception:
        for name in [m for m in sys.modules if m == 'bandit' or m.startswith('bandit.')]:
            del sys.modules[name]
        raise


def _kept_tests(kept: Sequence[str]) -> dict[str, list[Any]]:
    """bandit's tests for `kept` ids by node type, loaded directly."""
    import importlib

    from bandit.blacklists import calls as bl_calls
    from bandit.core import blacklisting

    tests: dict[str, list[Any]] = {}
    for test_id in kept:
        if test_id not in _PLUGINS:
            continue
        module_name, func_name = _PLUGINS[test_id].split(':')
        module = importlib.import_module(module_name)
        func = getattr(module, func_name)
        if getattr(func, '_test_id', None) != test_id:
            raise LookupError(f'{module_name}.{func_name} is not {test_id} in this bandit')
        if hasattr(func, '_takes_config'):
            func._config = module.gen_config(func._takes_config)
        for check in func._checks:
            tests.setdefault(check, []).append(func)
    wanted = {'Call': [b for b in bl_calls.gen_blacklist()['Call'] if b['id'] in kept]}
    missing = set(kept) - set(_PLUGINS) - {b['id'] for b in wanted['Call']}
    if missing:
        raise LookupError(f'bandit tests not found directly: {sorted(missing)}')
    if wanted['Call']:
        tests.setdefault('Call', []).append(_blacklist_test(blacklisting.blacklist, wanted))
    return tests


def _blacklist_test(blacklist: Any, wanted: dict[str, list[Any]]) -> Any:
    """bandit's blacklist check (B001) for the `wanted` calls, as a test of aiguard's own: bandit's
    function and its module are left as they are, as bandit's own test set would use them."""
    def blacklist_calls(context: Any, config: Any) -> Any:
        return blacklist(context, config)

    blacklist_calls._test_id = 'B001'  # type: ignore[attr-defined]
    blacklist_calls._checks = list(wanted)  # type: ignore[attr-defined]
    blacklist_calls._config = wanted  # type: ignore[attr-defined]
    return blacklist_calls


@functools.lru_cache(maxsize=None)
def _test_set() -> Any:
    import logging

    kept = sorted(bandit_map())
    try:
        _import_bandit_core()  # before python_checks, which import bandit.core too
        test_set: Any = _TestSet(_kept_tests(kept))
    except Exception:  # noqa: BLE001 - another bandit layout: its own (slower) discovery
        from bandit.core import config as b_config
        from bandit.core import test_set as b_test_set

        test_set = b_test_set.BanditTestSet(b_config.BanditConfig(), {'include': kept})
    from aiguard.scanners.python_checks import all_checks

    logging.getLogger('bandit').setLevel(logging.CRITICAL)
    # bandit logs a test that raises and goes on; each is wrapped so the crash becomes a skip
    test_set.tests = {node_type: [_guarded(t) for t in tests] for node_type, tests in test_set.tests.items()}
    by_type: dict[str, list[Any]] = {}
    for check in all_checks():
        for node_type in check._checks:
            by_type.setdefault(node_type, []).append(check)
    for node_type, checks in by_type.items():
        test_set.tests.setdefault(node_type, []).append(_run_all(checks))
    return test_set


# aiguard's issues for the file being walked, the checks that crashed on it (test id, line,
# exception name), and whether a crashing check should raise (scan() is not re-entrant)
_found: list[Any] = []
_crashed: list[tuple[str, int | None, str]] = []
_DEBUG = [False]


def _crash(test: Any, context: Any, error: Exception) -> None:
    """Note that `test` raised on `context`'s node (the other checks go on), or raise in debug."""
    if _DEBUG[0]:
        raise error
    node = getattr(context, 'node', None)
    _crashed.append((getattr(test, '_test_id', '?'), getattr(node, 'lineno', None), type(error).__name__))


def _guarded(test: Any) -> Any:
    """bandit's test `test`, its crash noted by _crash instead of only logged by bandit."""
    def guarded(context: Any, *config: Any) -> Any:
        try:
            return test(context, *config)
        except Exception as e:  # noqa: BLE001 - reported as a skip
            _crash(test, context, e)
            return None

    for attr in ('_test_id', '_checks', '_config', '__name__'):
        if hasattr(test, attr):
            setattr(guarded, attr, getattr(test, attr))
    return guarded


def _run_all(checks: list[Any]) -> Any:
    """One bandit test that runs all of aiguard's checks for a node type on one context.

    Bandit copies the context for every test; aiguard's ~40 checks share one
    copy instead (about 10% of the scan time), and report through `_found`
    since a bandit test returns at most one issue.
    """
    def run_aiguard_checks(context: Any) -> None:
        for check in checks:
            try:
                found = check(context)
            except Exception as e:  # noqa: BLE001 - a check that trips on odd code must not stop the others
                _crash(check, context, e)
                continue
            if found is not None:
                _found.append(found)
        return None

    run_aiguard_checks._test_id = 'AIGUARD'  # type: ignore[attr-defined]
    return run_aiguard_checks


# Results for a file with `added_lines` cover only the statements that hold
# them, so the pipeline does not cache them as the whole file's.
PARTIAL = True


def _link_parents(tree: ast.AST) -> None:
    """Parent links as bandit's walk would set them, for statements it will not visit."""
    for node in ast.walk(tree):
        for child in ast.iter_child_nodes(node):
            child._bandit_parent = node  # type: ignore[attr-defined]


def _touched(stmt: ast.stmt, added: frozenset[int], where: Positions) -> bool:
    """True when the statement spans a line of `added` (git's numbers, as `where` maps them)."""
    start = min([stmt.lineno, *(d.lineno for d in getattr(stmt, 'decorator_list', ()))])
    end = getattr(stmt, 'end_lineno', None) or stmt.lineno
    first, last = where.line(start), where.line(end)
    return any(first <= n <= last for n in added)


def _issues(path: str, content: bytes, tree: ast.Module, debug: bool,
            added: frozenset[int] | None = None) -> tuple[list[Any], list[ast.stmt]]:
    """Bandit's and aiguard's issues, and the top-level statements too deeply nested to walk;
    with `added`, only top-level statements holding an added line are walked (imports
    always), since findings elsewhere are not part of the change."""
    tests = _test_set()  # first: it decides how bandit is imported
    from bandit.core import meta_ast, metrics, node_visitor

    def new_visitor() -> Any:
        visitor = node_visitor.BanditNodeVisitor(
            path, io.BytesIO(content), meta_ast.BanditMetaAst(), tests, False, {}, metrics.Metrics(),
        )
        visitor.tester.debug = debug
        return visitor

    _DEBUG[0] = debug
    _found.clear()
    _crashed.clear()
    if added is None:
        visitor = new_visitor()
        try:
            visitor.generic_visit(tree)
            return visitor.tester.results + _found, []
        except RecursionError:  # bandit's visitor recurses once per nesting level: one at a time
            _found.clear()
    _link_parents(tree)
    where = Positions(content)
    body = tree.body
    results: list[Any] = []
    deep: list[ast.stmt] = []
    visitor = new_visitor()
    for idx, stmt in enumerate(body):
        stmt._bandit_sibling = body[idx + 1] if idx + 1 < len(body) else None  # type: ignore[attr-defined]
        if added is None or isinstance(stmt, (ast.Import, ast.ImportFrom)) or _touched(stmt, added, where):
            try:
                if visitor.pre_visit(stmt):
                    visitor.visit(stmt)
                    visitor.generic_visit(stmt)
                    visitor.post_visit(stmt)
            except RecursionError:
                deep.append(stmt)
                results.extend(visitor.tester.results)
                visitor = new_visitor()  # the failed walk left this one's state half way
    return results + visitor.tester.results + _found, deep


# A top-level statement starts at column 0, unless it carries on the one before.
_CARRIES_ON = (b'else', b'elif', b'except', b'finally', b')', b']', b'}')
_MERGE_LIMIT = 32


def top_level_pieces(content: bytes) -> list[tuple[int, bytes]]:
    """The module cut before each line that seems to start a top-level statement:
    (first line, source). Indentation alone decides (the tokenizer has the parser's nesting
    limits on 3.12+); a wrong cut makes a piece fail to parse, so it is reported, never hidden."""
    pieces: list[tuple[int, list[bytes]]] = []
    decorated = False  # a decorator belongs to the statement after it
    for n, line in enumerate(content.splitlines(keepends=True), 1):  # Python's own line breaks
        starts = line[:1] not in (b' ', b'\t', b'#', b'\r', b'\n', b'\f', b'') and not line.startswith(_CARRIES_ON)
        if (starts and not decorated) or not pieces:
            pieces.append((n, [line]))
        else:
            pieces[-1][1].append(line)
        if starts:
            decorated = line.startswith(b'@')
    return [(n, b''.join(lines)) for n, lines in pieces]


def parse_partially(content: bytes) -> tuple[ast.Module, list[tuple[int, int, str]]]:
    """For a module the parser gave up on whole: the top-level statements that parse piece by
    piece, and (first line, last line, why) of each piece that does not (Python's numbers)."""
    body: list[ast.stmt] = []
    failed: list[tuple[int, int, str]] = []
    pieces = top_level_pieces(content)
    i = 0
    while i < len(pieces):
        first, source, j = pieces[i][0], pieces[i][1], i
        while True:
            try:
                tree = ast.parse(source)
            except SyntaxError as e:
                if j + 1 < len(pieces) and j - i < _MERGE_LIMIT:  # cut inside a bracket or string
                    j += 1
                    source += pieces[j][1]
                    continue
                failed.append((first, _last_line(pieces[i]), f'does not parse: {str(e.msg)[:60]}'))
                i += 1
                break
            except (RecursionError, MemoryError, ValueError):
                failed.append((first, _last_line(pieces[i]), 'too deeply nested to parse'))
                i += 1
                break
            ast.increment_lineno(tree, first - 1)
            body.extend(tree.body)
            i = j + 1
            break
    return ast.Module(body=body, type_ignores=[]), failed


def _last_line(piece: tuple[int, bytes]) -> int:
    first, source = piece
    return first + max(len(source.rstrip().splitlines()) - 1, 0)


def _config_rules(ctx: ScanContext) -> Mapping[str, Any]:
    value = getattr(ctx.config, 'rules', None)
    return value if isinstance(value, Mapping) else {}


def scan(files: Sequence[ChangedFile], ctx: ScanContext) -> list[Finding]:
    """Findings for every Python file; a file that does not parse is skipped for this engine.

    A file the parser or bandit's walk gives up on as too deeply nested is analysed statement
    by statement. A statement that parses but bandit's walk cannot read is a failure (Python
    runs it); one the parser gives up on is a skip, like a syntax error (Python cannot compile it).
    """
    debug = bool(os.environ.get('AIGUARD_DEBUG'))
    config_rules = _config_rules(ctx)
    out: list[Finding] = []
    for f in files:
        failed: list[tuple[int, int, str]] = []
        try:
            tree = ast.parse(f.content, filename=f.path)
        except SyntaxError as e:
            if 'too many' in str(e.msg) and 'nested' in str(e.msg):  # the parser's own nesting limit
                tree, failed = parse_partially(f.content)
            elif e.lineno:
                ctx.skip(f.path, f'syntax error line {Positions(f.content)(e.lineno, 0)[0]}', NAME)
                continue
            else:  # a NUL byte, an unknown coding: Python names no line
                ctx.skip(f.path, f'syntax error: {str(e.msg)[:80]}', NAME)
                continue
        except ValueError:  # NUL bytes and the like
            ctx.skip(f.path, 'not parseable as Python source', NAME)
            continue
        except (RecursionError, MemoryError):
            tree, failed = parse_partially(f.content)
        # what a change deletes can weaken the statement it was in: that is walked too
        touched = f.added_lines | f.removed_at if f.added_lines is not None else None
        issues, deep = _issues(os.path.join(ctx.root, f.path), f.content, tree, debug, touched)
        _report_unanalysed(f, failed, ctx, failure=False)  # Python cannot compile these either
        deep_lines = [(s.lineno, getattr(s, 'end_lineno', None) or s.lineno, 'too deeply nested to analyse')
                      for s in deep]
        _report_unanalysed(f, deep_lines, ctx, failure=True)  # code that runs, unread: fail closed
        _report_crashes(f, ctx)
        out.extend(file_findings(f, issues, config_rules, tree))
    return out


def _report_crashes(f: ChangedFile, ctx: ScanContext) -> None:
    """A skip for each check that crashed on `f` (once per check): the other checks' findings stand,
    what the crashed one would have found is unknown."""
    seen = set()
    for test_id, line, error in _crashed:
        if test_id not in seen:
            seen.add(test_id)
            where = f' at line {Positions(f.content).line(line)}' if line else ''
            ctx.skip(f.path, f'check {test_id} failed{where} ({error}); the other checks ran', NAME)


def _report_unanalysed(f: ChangedFile, failed: Sequence[tuple[int, int, str]], ctx: ScanContext,
                       failure: bool) -> None:
    """Each part of `f` the engine could not analyse and the change touches: a skip, or with
    `failure` one that fail_closed turns into exit 2."""
    where = Positions(f.content)
    for first, last, why in failed:
        a, b = where.line(first), where.line(last)
        if f.added_lines is None or any(a <= n <= b for n in f.added_lines):
            span = f'line {a}' if a == b else f'lines {a}-{b}'
            ctx.skipped.append(Skip(f.path, f'{span} {why}; the rest of the file was analysed', NAME, failure=failure))


class Positions:
    """Python's (line, byte column) → git's (line, character column).

    Python also ends a line at a lone CR, which git does not; without this a
    finding after one would land on the wrong line and the gate would drop it.
    """

    _BREAK = re.compile(rb'\r\n|\r|\n')

    def __init__(self, content: bytes) -> None:
        self.content = content
        self._starts: list[int] | None = None
        self._git_starts: list[int] | None = None

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            self._starts = [0] + [m.end() for m in self._BREAK.finditer(self.content)]
            # git's lines end at \n alone: the same list when no lone CR splits one
            self._git_starts = (self._starts if b'\r' not in self.content else
                                [0] + [m.end() for m in re.finditer(rb'\n', self.content)])
        return self._starts

    def line(self, line: int) -> int:
        """git's number of the line that holds the start of Python's line `line`."""
        return self(line, 0)[0]

    def __call__(self, line: int, col: int) -> tuple[int, int]:
        starts = self._line_starts()
        if not 0 < line <= len(starts):
            return max(line, 1), max(col, 0) + 1
        offset = starts[line - 1] + max(col, 0)
        git_starts = self._git_starts or starts
        git_line = bisect.bisect_right(git_starts, offset)
        git_line_start = git_starts[git_line - 1]
        column = len(self.content[git_line_start:offset].decode('utf-8', 'replace')) + 1
        return git_line, column


def _message(f: ChangedFile, text: str) -> str:
    """Bandit's messages quote the source (a path, a query): withheld when that holds a secret."""
    return unless_secret(f.path, text, 'details withheld: the flagged code holds a secret')


def file_findings(f: ChangedFile, issues: Sequence[Any], config_rules: Mapping[str, Any],
                  tree: ast.AST | None = None) -> list[Finding]:
    """Bandit issues (bandit's and aiguard's) as Findings, mapped, filtered and deduplicated;
    one placed on a function or class is keyed by its qualified name (Finding.key)."""
    own = rules()
    mapped = bandit_map()
    where = Positions(f.content)
    seen: set[tuple[str, int]] = set()
    defs: dict[tuple[int, int], str] | None = None
    out = []
    for i in sorted(issues, key=lambda i: (i.lineno or 0, not i.test_id.startswith('PY'), i.col_offset, i.test_id)):
        rule = own.get(i.test_id) or mapped.get(i.test_id)
        if rule is None or not _enabled(rule, config_rules):
            continue
        if rule.id != i.test_id and not _precise_enough(rule, i):
            continue
        line, column = where(i.lineno or 1, i.col_offset)
        if (rule.id, line) in seen:
            continue
        seen.add((rule.id, line))
        end = where(max(i.linerange), 0)[0] if i.linerange else line
        text = i.text if rule.id == i.test_id else f'{_message(f, i.text)} (bandit {i.test_id})'
        key = None
        if tree is not None and _DEF_LINE.match(f.line_text(line)):
            if defs is None:
                defs = qualified_names(tree)
            key = defs.get((i.lineno, i.col_offset))
        out.append(finding(
            rule, f.path, line, column, text,
            f.line_text(line).strip(), end_line=end if end > line else None,
            stable_key=f'def {key}' if key else None,
        ))
    return out


_DEF_LINE = lazy(r'^[ \t]*(?:async[ \t]+def|def|class)[ \t]')


def qualified_names(tree: ast.AST) -> dict[tuple[int, int], str]:
    """Each function's and class's qualified name (`Views.logout`) by its (line, column)."""
    out: dict[tuple[int, int], str] = {}
    todo: list[tuple[ast.AST, str]] = [(tree, '')]
    while todo:
        node, prefix = todo.pop()
        for child in ast.iter_child_nodes(node):
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                name = f'{prefix}{child.name}'
                out[(child.lineno, child.col_offset)] = name
                todo.append((child, f'{name}.'))
            elif isinstance(child, (ast.stmt, ast.excepthandler)) or type(child).__name__ == 'match_case':
                todo.append((child, prefix))
    return out


def _precise_enough(rule: Rule, i: Any) -> bool:
    """Bandit's own results count only at or above the rule's bandit_min levels."""
    need_sev = rule.data.get('bandit_min_severity', 'low').upper()
    need_conf = rule.data.get('bandit_min_confidence', 'low').upper()
    return _LEVELS.get(i.severity, 0) >= _LEVELS[need_sev] and _LEVELS.get(i.confidence, 0) >= _LEVELS[need_conf]

