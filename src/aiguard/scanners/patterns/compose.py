"""Structural checks of compose files (rules of patterns-compose.yaml)."""
from __future__ import annotations

from collections.abc import Iterator

from aiguard.scanners.patterns.k8s import _DANGEROUS_CAPS
from aiguard.scanners.patterns.source import Hit, Source, check
from aiguard.scanners.patterns.yaml_nodes import (
    _mappings,
    _scalars,
    _yaml_roots,
)


@check('compose_cap_add')
def compose_cap_add(src: Source) -> Iterator[Hit]:
    """A compose service's cap_add lists a capability that escapes the container."""
    for m in _mappings(_yaml_roots(src)):
        for item in _scalars(m['cap_add'][1]) if 'cap_add' in m else ():
            cap = str(item.value).upper().removeprefix('CAP_')
            if cap in _DANGEROUS_CAPS:
                yield Hit(*src.at(item.start_mark), detail=cap)
