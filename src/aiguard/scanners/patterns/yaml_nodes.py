"""YAML files as node trees with line marks, for the structural checks of workflows and manifests."""
from __future__ import annotations

from collections.abc import Iterable, Iterator

from aiguard.findings import redact_tokens
from aiguard.scanners.patterns.source import Hit, Source

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    import re
    from typing import Any


# A node tree costs up to ~90 times the text; past this the structural checks
# are skipped (and reported) rather than risk memory.
YAML_MAX_CHARS = 2 * 1024 * 1024


def _yaml_roots(src: Source) -> list[Any]:
    """The documents of a YAML file as nodes (with line marks); [] when it does not parse."""
    cache = src._cache('yaml')
    if 'roots' not in cache:
        cache['roots'], cache['problem'] = _compose(src.text)
    return cache['roots']


def yaml_problem(src: Source) -> str | None:
    """Why a structural check that read `src` saw no YAML (None: it parsed, or no check read it)."""
    return src._cache('yaml').get('problem')


def _compose(text: str) -> tuple[list[Any], str | None]:
    import yaml

    if len(text) > YAML_MAX_CHARS:
        return [], f'larger than {YAML_MAX_CHARS // (1024 * 1024)} MB'
    loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
    try:
        return [n for n in yaml.compose_all(text, Loader=loader) if n is not None], None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f'line {_git_line(text, mark.index)}: ' if mark is not None else ''
        problem = redact_tokens(e.problem or e.context or 'parse error')  # a parser message may quote the file
        return [], f'not valid YAML ({where}{problem[:100]})'
    except (yaml.YAMLError, RecursionError, ValueError) as e:
        return [], f'not valid YAML ({type(e).__name__})'


def _git_line(text: str, offset: int) -> int:
    """The line git numbers `offset` on (YAML's own count also breaks at a lone CR)."""
    return text.count('\n', 0, offset) + 1


def _walk(node: Any) -> Iterator[Any]:
    """Every node below `node`, depth first (iterative: YAML can nest deep)."""
    import yaml

    stack = [node]
    seen = set()
    while stack:
        n = stack.pop()
        if id(n) in seen:  # aliases can make cycles
            continue
        seen.add(id(n))
        yield n
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((v, k))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))


def _mappings(roots: Iterable[Any]) -> Iterator[dict[str, tuple[Any, Any]]]:
    """Each mapping node as {key text: (key node, value node)}."""
    import yaml

    for root in roots:
        for n in _walk(root):
            if isinstance(n, yaml.MappingNode):
                yield {str(k.value): (k, v) for k, v in n.value if isinstance(k, yaml.ScalarNode)}


def _scalar(node: Any) -> str | None:
    import yaml

    return node.value if isinstance(node, yaml.ScalarNode) else None


def _scalars(node: Any) -> list[Any]:
    """The scalar items of a sequence node, or the node itself when it is a scalar."""
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return [n for n in node.value if isinstance(n, yaml.ScalarNode)]
    return [node] if isinstance(node, yaml.ScalarNode) else []


def _node_hits(src: Source, node: Any, pat: re.Pattern[str], detail: str = '') -> Iterator[Hit]:
    """Lines of the raw text spanned by `node` where `pat` matches."""
    first = src.at(node.start_mark)[0]
    last = max(first, src.at(node.end_mark)[0])
    for n in range(first, min(last, len(src.lines)) + 1):
        m = pat.search(src.line(n))
        if m:
            shown = m.group('ctx') if 'ctx' in pat.groupindex else m.group(0)
            yield Hit(n, m.start() + 1, detail=detail or shown)
