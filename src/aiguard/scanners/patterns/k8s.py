"""Structural checks of Kubernetes manifests (rules of patterns-k8s.yaml)."""
from __future__ import annotations

from collections.abc import Iterator

from aiguard.regexes import lazy
from aiguard.scanners.patterns.source import Hit, Source, check
from aiguard.scanners.patterns.yaml_nodes import (
    _mappings,
    _scalar,
    _scalars,
    _yaml_roots,
)

_DANGEROUS_CAPS = frozenset((
    'ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'DAC_READ_SEARCH',
    'BPF', 'PERFMON', 'SYS_BOOT',
))
_SENSITIVE_HOST_PATH = lazy(
    r'^(?:/|/etc(?:/.*)?|/root(?:/.*)?|/home|/proc(?:/.*)?|/sys(?:/.*)?|/boot|/dev|'
    r'/var/run(?:/docker\.sock|/containerd.*|/crio.*)?|/run(?:/containerd.*|/docker\.sock)?|'
    r'/var/lib/(?:kubelet|docker|containerd)(?:/.*)?|/var/log)/?$',
)
_SECRET_NAME = lazy(
    r'(?i)(?:^|_)(?:password|passwd|pwd|secret|token|api_?key|apikey|access_?key|private_?key|'
    r'secret_?key|client_?secret|credentials?)$',
)


@check('k8s_dangerous_capabilities')
def k8s_dangerous_capabilities(src: Source) -> Iterator[Hit]:
    """securityContext.capabilities.add lists a capability that escapes the container."""
    for m in _mappings(_yaml_roots(src)):
        if 'capabilities' not in m:
            continue
        for cm in _mappings([m['capabilities'][1]]):
            for item in _scalars(cm['add'][1]) if 'add' in cm else ():
                cap = str(item.value).upper().removeprefix('CAP_')
                if cap in _DANGEROUS_CAPS:
                    yield Hit(*src.at(item.start_mark), detail=cap)
            break


@check('k8s_host_path')
def k8s_host_path(src: Source) -> Iterator[Hit]:
    """A hostPath volume that mounts the node's root, /etc, /proc or the container runtime socket."""
    for m in _mappings(_yaml_roots(src)):
        if 'hostPath' not in m:
            continue
        for hm in _mappings([m['hostPath'][1]]):
            path = _scalar(hm['path'][1]) if 'path' in hm else None
            if path is not None and _SENSITIVE_HOST_PATH.match(path.strip()):
                node = hm['path'][1]
                yield Hit(*src.at(node.start_mark), detail=path.strip())
            break


@check('k8s_rbac_wildcard')
def k8s_rbac_wildcard(src: Source) -> Iterator[Hit]:
    """An RBAC rule granting every verb on every resource."""
    for m in _mappings(_yaml_roots(src)):
        if 'verbs' in m and 'resources' in m:
            verbs = {str(n.value) for n in _scalars(m['verbs'][1])}
            resources = {str(n.value) for n in _scalars(m['resources'][1])}
            if '*' in verbs and '*' in resources:
                node = m['verbs'][0]
                yield Hit(*src.at(node.start_mark))


@check('k8s_literal_secret_env')
def k8s_literal_secret_env(src: Source) -> Iterator[Hit]:
    """An env var named like a secret with a literal `value:` instead of valueFrom."""
    for m in _mappings(_yaml_roots(src)):
        if 'name' not in m or 'value' not in m:
            continue
        name = _scalar(m['name'][1]) or ''
        value = _scalar(m['value'][1])
        if not value or not _SECRET_NAME.search(name) or '$(' in value or '{{' in value:
            continue
        node = m['value'][1]
        yield Hit(*src.at(node.start_mark), detail=name)
