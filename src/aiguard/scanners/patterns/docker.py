"""Structural checks of Dockerfiles (rules of patterns-docker.yaml)."""
from __future__ import annotations

import re
from collections.abc import Iterator

from aiguard.regexes import lazy
from aiguard.scanners.patterns.source import Hit, Source, check

_FROM = lazy(
    r'^\s*FROM\s+(?:--platform=\S{1,100}\s+)?(?P<image>\S{1,300})(?:\s+AS\s+(?P<stage>\S{1,100}))?\s*$',
    re.IGNORECASE,
)
_USER = lazy(r'^\s*USER\s+(?P<user>\S{1,100})', re.IGNORECASE)
_ROOT_USERS = frozenset(('root', '0', 'root:root', '0:0', 'root:0', '0:root'))


def _stages(src: Source) -> Iterator[tuple[int, str, str | None]]:
    for n, line in enumerate(src.lines, 1):
        m = _FROM.match(line)
        if m:
            yield n, m.group('image'), (m.group('stage') or '').lower() or None


@check('docker_unpinned_base')
def docker_unpinned_base(src: Source) -> Iterator[Hit]:
    """FROM an image with no tag or with :latest (stage names, ARGs and digests are fine)."""
    stages: set[str] = set()
    for n, image, stage in _stages(src):
        ref = image.lower()
        if ref in stages or '$' in ref or '@' in ref or ref == 'scratch':
            pass
        else:
            tag = ref.rsplit('/', 1)[-1].partition(':')[2]
            if not tag or tag == 'latest':
                yield Hit(n, src.line(n).find(image) + 1, detail=f'{image} is {"latest" if tag else "untagged"}')
        if stage:
            stages.add(stage)


@check('docker_root_user')
def docker_root_user(src: Source) -> Iterator[Hit]:
    """The final stage runs as root: no USER after its FROM, or USER root."""
    users: dict[str, tuple[str | None, int]] = {}
    current: tuple[str | None, int] | None = None
    final_from = 0
    stage: str | None = None
    for n, line in enumerate(src.lines, 1):
        m = _FROM.match(line)
        if m:
            if stage and current is not None:
                users[stage] = current
            parent = users.get(m.group('image').lower())
            nonroot_image = re.search(r'nonroot|rootless', m.group('image'), re.IGNORECASE)
            current = parent if parent else (('nonroot', n) if nonroot_image else (None, n))
            stage = (m.group('stage') or '').lower() or None
            final_from = n
            continue
        u = _USER.match(line)
        if u and current is not None:
            current = (u.group('user').strip('"\''), n)
    if current is None:
        return
    user, user_line = current
    # either way the same weakness of the same stage: a version that drops `USER app` for
    # `USER root`, or the reverse, neither introduces nor remediates it
    if user is None:
        yield Hit(final_from, 1, detail='no USER in the final stage', key='final stage user')
    elif user.lower() in _ROOT_USERS and user_line > 0:
        yield Hit(user_line, 1, detail=f'USER {user}', key='final stage user')
