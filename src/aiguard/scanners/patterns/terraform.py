"""Structural checks of Terraform (rules of patterns-terraform.yaml)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from aiguard.regexes import lazy
from aiguard.scanners.patterns.source import Hit, Source, _capped, check

_TF_BLOCK = lazy(
    r'\b(?:ingress|security_rule)\s*\{|\bresource\s+"(?:aws_security_group_rule|aws_vpc_security_group_ingress_rule|'
    r'google_compute_firewall|azurerm_network_security_rule)"\s+"[^"\n]{1,200}"\s*\{',
)
_OPEN_CIDR = lazy(
    r'"(?:0\.0\.0\.0/0|::/0)"|source_address_prefix\s*=\s*"(?:\*|Internet|Any|0\.0\.0\.0/0)"',
)
_ADMIN_PORTS = {22: 'SSH', 3389: 'RDP', 3306: 'MySQL', 5432: 'PostgreSQL', 6379: 'Redis',
                27017: 'MongoDB', 9200: 'Elasticsearch', 2375: 'Docker API', 23: 'telnet', 445: 'SMB'}


_BRACE = lazy(r'[{}]')


def _block(text: str, open_brace: int, limit: int = 8000) -> str:
    """The text between `{` at `open_brace` and its matching `}` (bounded)."""
    depth, end = 0, min(len(text), open_brace + limit)
    for b in _BRACE.finditer(text, open_brace, end):
        depth += 1 if b.group() == '{' else -1
        if depth == 0:
            return text[open_brace + 1:b.start()]
    return text[open_brace + 1:end]


def _int(body: str, key: str) -> int | None:
    m = re.search(rf'\b{key}\s*=\s*"?(\d{{1,5}})"?', body)
    return int(m.group(1)) if m else None


def _open_port(body: str) -> str | None:
    """The admin port (or 'all ports') an ingress block opens, if any."""
    if re.search(r'\b(?:ip_)?protocol\s*=\s*"(?:-1|all|\*)"', body, re.IGNORECASE):
        return 'all ports'
    lo, hi = _int(body, 'from_port'), _int(body, 'to_port')
    ranges: list[tuple[int, int]] = []
    if lo is not None and hi is not None:
        ranges.append((lo, hi))
    for m in re.finditer(r'\bdestination_port_ranges?\s*=\s*\[?([^\]\n]{1,300})', body):
        for part in re.findall(r'"([^"]{1,20})"', m.group(1)):
            if part == '*':
                return 'all ports'
            a, _, b = part.partition('-')
            if a.isdigit():
                ranges.append((int(a), int(b) if b.isdigit() else int(a)))
    allow = re.search(r'\ballow\s*\{([^}]{0,500})\}', body)
    if allow:
        ports = re.search(r'\bports\s*=\s*\[([^\]]{0,300})\]', allow.group(1))
        if not ports:
            return 'all ports'
        for part in re.findall(r'"([^"]{1,20})"', ports.group(1)):
            a, _, b = part.partition('-')
            if a.isdigit():
                ranges.append((int(a), int(b) if b.isdigit() else int(a)))
    for a, b in ranges:
        if a <= 0 and b >= 65535 or b - a >= 65000:
            return 'all ports'
        for port, name in _ADMIN_PORTS.items():
            if a <= port <= b:
                return f'{name} ({port})'
    return None


@check('tf_open_ingress')
def tf_open_ingress(src: Source) -> Iterator[Hit]:
    """A firewall / security group rule open to the internet on an admin or database port."""
    text = src.text
    for m in _capped(_TF_BLOCK.finditer(text)):
        body = _block(text, m.end() - 1)
        if re.search(r'\btype\s*=\s*"egress"|\bdirection\s*=\s*"(?:Outbound|EGRESS)"|\baccess\s*=\s*"Deny"', body):
            continue
        cidr = _OPEN_CIDR.search(body)
        port = _open_port(body) if cidr else None
        if port and cidr:
            yield Hit(*src.position(m.end() + cidr.start()), detail=port)


_IAM_ACTION_STAR = lazy(r'"?\b[Aa]ctions?"?\s*[:=]\s*\[?\s*"\*"')
_IAM_RESOURCE_STAR = lazy(r'"?\b[Rr]esources?"?\s*[:=]\s*\[?\s*"\*"')


@check('tf_iam_wildcard')
def tf_iam_wildcard(src: Source) -> Iterator[Hit]:
    """An IAM statement allowing Action "*" on Resource "*"."""
    text = src.text
    for m in _capped(_IAM_ACTION_STAR.finditer(text)):
        # the statement is the innermost {...} holding the action
        depth, i = 0, -1
        for b in reversed(list(_BRACE.finditer(text, max(0, m.start() - 4000), m.start()))):
            if b.group() == '}':
                depth += 1
            elif depth == 0:
                i = b.start()
                break
            else:
                depth -= 1
        if i < 0:
            continue
        body = _block(text, i)
        if _IAM_RESOURCE_STAR.search(body) and not re.search(r'"?[Ee]ffect"?\s*[:=]\s*"Deny"', body):
            yield Hit(*src.position(m.start()))
