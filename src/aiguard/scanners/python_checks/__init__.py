"""aiguard's own Python checks, written as bandit plugins.

Each check is a small function decorated with the AST node type it visits and
its aiguard rule id (`@test.checks('Call')`, `@test.test_id('PY003')`), so
bandit's walk runs it with its own tests. A check is found by those decorators
in any module of this package: nothing else registers it. Severity, confidence
and CWE come from rules/python.yaml, never from code.
Importing this package imports bandit: only scanners/python.py's scan() and
bandit's plugin loader do.
"""
from __future__ import annotations

import ast
import functools

from bandit.core import issue as b_issue

from aiguard.rules import Rule, load_pack

_BANDIT_LEVEL = {'info': 'LOW', 'low': 'LOW', 'medium': 'MEDIUM', 'high': 'HIGH', 'critical': 'HIGH'}


@functools.lru_cache(maxsize=None)
def _rule(rule_id: str) -> Rule:
    return load_pack('python')[rule_id]


def issue(rule_id: str, text: str, node: ast.AST | None = None, *, whole: bool = True) -> b_issue.Issue:
    """A bandit Issue for an aiguard rule, placed on `node` (all its lines, or its first with whole=False)."""
    rule = _rule(rule_id)
    cwe = int(rule.cwe.split('-')[1]) if rule.cwe else 0
    found = b_issue.Issue(
        severity=_BANDIT_LEVEL[rule.severity.label], cwe=cwe,
        confidence=rule.confidence.upper(), text=text, test_id=rule_id,
    )
    if node is not None and hasattr(node, 'lineno'):
        found.lineno = node.lineno
        found.col_offset = getattr(node, 'col_offset', 0)
        last = getattr(node, 'end_lineno', None) or node.lineno
        found.linerange = list(range(node.lineno, (last if whole else node.lineno) + 1))
    return found


def all_checks() -> list:
    """Every check function (decorated with a test id) of every module here, in a stable order."""
    import os
    import sys

    out = []
    for file in sorted(os.listdir(os.path.dirname(__file__))):
        if not file.endswith('.py') or file.startswith('_'):
            continue
        module_name = f'{__name__}.{file[:-3]}'
        __import__(module_name)  # importlib costs more to import than this call
        module = sys.modules[module_name]
        for name in sorted(vars(module)):
            fn = getattr(module, name)
            if callable(fn) and hasattr(fn, '_test_id') and getattr(fn, '__module__', '') == module.__name__:
                out.append(fn)
    return out
