"""Structural checks of GitHub Actions workflows (rules of patterns-actions.yaml)."""
from __future__ import annotations

from collections.abc import Iterator, Sequence

from aiguard.regexes import lazy
from aiguard.scanners.patterns.source import Hit, Source, check
from aiguard.scanners.patterns.yaml_nodes import (
    _mappings,
    _node_hits,
    _scalar,
    _scalars,
    _yaml_roots,
)

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from typing import Any


# Contexts an outsider controls (GitHub's list of untrusted input).
_UNTRUSTED_EXPR = lazy(
    r'\$\{\{[^}]{0,200}?\b(?P<ctx>github\.head_ref\b'
    r'|github\.event\.(?:issue|pull_request|comment|review|review_comment|discussion|discussion_comment'
    r'|head_commit|commits|pages|workflow_run)\b[\w.*\[\]-]{0,120}?'
    r'\.(?:title|body|message|label|page_name|default_branch|head_branch|email|name|head\.ref)\b)',
)
_UNTRUSTED_REF = lazy(
    r'github\.event\.pull_request\.head\.|github\.head_ref|refs/pull/|'
    r'github\.event\.workflow_run\.head_|github\.event\.pull_request\.merge_commit_sha',
)
_PR_FETCH = lazy(r'\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]{0,200}\bpull/')


def _triggers(roots: Sequence[Any]) -> set[str]:
    import yaml

    names: set[str] = set()
    for root in roots:
        if not isinstance(root, yaml.MappingNode):
            continue
        for k, v in root.value:
            if _scalar(k) not in ('on', 'true', 'True'):
                continue
            if isinstance(v, yaml.MappingNode):
                names.update(str(kk.value) for kk, _ in v.value)
            else:
                names.update(str(n.value) for n in _scalars(v))
    return names


@check('actions_untrusted_checkout')
def actions_untrusted_checkout(src: Source) -> Iterator[Hit]:
    """pull_request_target / workflow_run jobs that check out the pull request's code."""
    roots = _yaml_roots(src)
    trigger = _triggers(roots) & {'pull_request_target', 'workflow_run'}
    if not trigger:
        return
    detail = f'on {sorted(trigger)[0]}'
    for m in _mappings(roots):
        uses = _scalar(m['uses'][1]) if 'uses' in m else None
        if uses and uses.startswith('actions/checkout') and 'with' in m:
            for wm in _mappings([m['with'][1]]):
                if 'ref' in wm and _UNTRUSTED_REF.search(_scalar(wm['ref'][1]) or ''):
                    yield from _node_hits(src, wm['ref'][1], _UNTRUSTED_REF, detail)
                break
        if 'run' in m:
            yield from _node_hits(src, m['run'][1], _PR_FETCH, detail)


@check('actions_script_injection')
def actions_script_injection(src: Source) -> Iterator[Hit]:
    """Untrusted `${{ }}` expressions expanded into a run: script or github-script code."""
    for m in _mappings(_yaml_roots(src)):
        if 'run' in m:
            yield from _node_hits(src, m['run'][1], _UNTRUSTED_EXPR)
        uses = _scalar(m['uses'][1]) if 'uses' in m else None
        if uses and uses.startswith('actions/github-script') and 'with' in m:
            for wm in _mappings([m['with'][1]]):
                if 'script' in wm:
                    yield from _node_hits(src, wm['script'][1], _UNTRUSTED_EXPR)
                break
