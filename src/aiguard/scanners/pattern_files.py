"""Which files the pattern packs read: known without importing the packs' checks.

The scanners package asks `wants` before it imports the patterns engine, so a
commit that no pack reads (docs, Python) never pays for loading it.
"""
from __future__ import annotations

import functools
import re

from aiguard import records

_HASH_COMMENT = r'^\s*#'
_SHELL_FILES = ('*.sh', '*.bash', '*.zsh', '*.ksh')
_DOCKER_FILES = ('Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile',
                 'Containerfile', 'Containerfile.*')
_WORKFLOW_FILES = ('.github/workflows/*.yml', '.github/workflows/*.yaml', 'action.yml', 'action.yaml')
_GITLAB_FILES = ('.gitlab-ci.yml', '*.gitlab-ci.yml')
_COMPOSE_FILES = ('docker-compose.yml', 'docker-compose.yaml', 'docker-compose.*.yml', 'docker-compose.*.yaml',
                  'compose.yml', 'compose.yaml', 'compose.*.yml', 'compose.*.yaml')


@records.record(frozen=True)
class Pack:
    """The files one pack reads, known without loading its rules."""

    globs: tuple[str, ...]
    sample: str  # the path a rule's examples are scanned as
    comment: str  # a line matching this is a comment and never a finding
    requires: str | None = None  # the file must match this to be read at all


PACKS: dict[str, Pack] = {
    'patterns-js': Pack(
        ('*.js', '*.jsx', '*.mjs', '*.cjs', '*.ts', '*.tsx', '*.mts', '*.cts'),
        'src/app.js', r'^\s*(?://|/\*|\*)',
    ),
    'patterns-docker': Pack(_DOCKER_FILES, 'Dockerfile', _HASH_COMMENT),
    # shell rules also read the shell that Dockerfiles and CI files run
    'patterns-shell': Pack(
        (*_SHELL_FILES, *_DOCKER_FILES, *_WORKFLOW_FILES, *_GITLAB_FILES),
        'scripts/install.sh', _HASH_COMMENT,
    ),
    'patterns-actions': Pack(_WORKFLOW_FILES, '.github/workflows/ci.yml', _HASH_COMMENT),
    'patterns-gitlab': Pack(_GITLAB_FILES, '.gitlab-ci.yml', _HASH_COMMENT),
    'patterns-compose': Pack(_COMPOSE_FILES, 'docker-compose.yml', _HASH_COMMENT),
    'patterns-k8s': Pack(
        ('*.yaml', '*.yml'), 'deploy/app.yaml', _HASH_COMMENT,
        # a manifest document starts at column 0 (a list item for `kind: List`)
        requires=r'(?m)^(?:-[ \t]+)?apiVersion:[ \t]*[\w./-]{1,80}[ \t]*$',
    ),
    'patterns-terraform': Pack(('*.tf',), 'infra/main.tf', r'^\s*(?:#|//|/\*|\*)'),
}

# Never ours: Python belongs to the python engine; minified bundles and type
# declarations are not code anyone writes by hand.
_NOT_OURS = ('.py', '.pyi', '.min.js', '.d.ts')


@functools.lru_cache(maxsize=1)
def _index() -> tuple[re.Pattern[str], dict[str, re.Pattern[str]]]:
    from aiguard.globs import compile_globs

    per_pack = {name: compile_globs(tuple(pack.globs)) for name, pack in PACKS.items()}
    union = re.compile('|'.join(f'(?:{p.pattern})' for p in per_pack.values()), re.DOTALL)
    return union, per_pack


def _needle(glob: str) -> str:
    """The longest literal run of a glob's last segment: a path it matches contains it."""
    last = glob.rsplit('/', 1)[-1]
    for wild in '?[]':
        last = last.replace(wild, '*')
    runs = [r for r in last.split('*') if r]
    return max(runs, key=len) if runs else ''


# Checked before any glob is compiled, so a commit of docs pays nothing here.
_NEEDLES = tuple(sorted({_needle(g) for pack in PACKS.values() for g in pack.globs}))


def wants(path: str) -> bool:
    """True for files some pack reads (never Python)."""
    if path.endswith(_NOT_OURS):
        return False
    base = path.rsplit('/', 1)[-1]
    if '' not in _NEEDLES and not any(n in base for n in _NEEDLES):
        return False
    return _index()[0].match(path) is not None


def packs_for(path: str) -> list[str]:
    """The packs whose globs match `path`."""
    if path.endswith(_NOT_OURS):
        return []
    return [name for name, pat in _index()[1].items() if pat.match(path)]
