"""Which files the pattern packs read: known without importing the packs' checks.

The scanners package asks `wants` before it imports the patterns engine, so a
commit that no pack reads (docs, Python) never pays for loading it.
"""
from __future__ import annotations

import functools
import re

from aiguard import records
from aiguard.regexes import lazy

_HASH_COMMENT = r'^\s*#'
_SHELL_FILES = ('*.sh', '*.bash', '*.zsh', '*.ksh')
_DOCKER_FILES = ('Dockerfile', 'Dockerfile.*', '*.Dockerfile', '*.dockerfile',
                 'Containerfile', 'Containerfile.*')
_WORKFLOW_FILES = ('.github/workflows/*.yml', '.github/workflows/*.yaml', 'action.yml', 'action.yaml')
_GITLAB_FILES = ('.gitlab-ci.yml', '*.gitlab-ci.yml')
# Files that steer coding assistants (issue 19): instructions they read, and the MCP servers they start.
AGENT_INSTRUCTION_FILES = (
    'AGENTS.md', 'AGENT.md', 'CLAUDE.md', 'CLAUDE.local.md', 'GEMINI.md', '.cursorrules', '.windsurfrules',
    '.clinerules', '**/.cursor/rules/**/*.mdc', '**/.cursor/rules/**/*.md', '.github/copilot-instructions.md',
    '.github/instructions/*.instructions.md', '.github/prompts/*.prompt.md', '.windsurf/rules/*.md',
    '.claude/commands/*.md', '.claude/agents/*.md',
)
# the ones an assistant loads from the repository by itself when it opens the project
MCP_PROJECT_CONFIGS = ('.mcp.json', '.cursor/mcp.json', '.vscode/mcp.json', '.roo/mcp.json')
MCP_CONFIG_FILES = (
    *MCP_PROJECT_CONFIGS, 'claude_desktop_config.json', 'cline_mcp_settings.json', 'mcp_config.json',
    '.gemini/settings.json',
)
_NEVER_A_COMMENT = r'(?!)'  # markdown and JSON: a hidden instruction is no less read for its place
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
    'patterns-agents': Pack((*AGENT_INSTRUCTION_FILES, *MCP_CONFIG_FILES), 'AGENTS.md', _NEVER_A_COMMENT),
    # read for any text file whose content may hide code (wants_content), never by name
    'patterns-unicode': Pack((), 'src/app.py', _NEVER_A_COMMENT),
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
    """The longest literal run inside one segment of a glob: a path it matches contains it."""
    for wild in '?[]/':
        glob = glob.replace(wild, '*')
    runs = [r for r in glob.split('*') if r]
    return max(runs, key=len) if runs else ''


# Checked before any glob is compiled, so a commit of docs pays nothing here.
_NEEDLES = tuple(sorted({_needle(g) for pack in PACKS.values() for g in pack.globs}))


def wants(path: str) -> bool:
    """True for files some pack reads (never Python)."""
    if path.endswith(_NOT_OURS):
        return False
    if '' not in _NEEDLES and not any(n in path for n in _NEEDLES):
        return False
    return _index()[0].match(path) is not None


def packs_for(path: str) -> list[str]:
    """The packs whose globs match `path`."""
    if path.endswith(_NOT_OURS):
        return []
    return [name for name, pat in _index()[1].items() if pat.match(path)]


# Where text can hide code from a reviewer: bidirectional controls (U+202A-U+202E, U+2066-U+2069) as
# UTF-8, and source files whose identifiers may mix scripts. ASCII-only content costs one isascii().
_BIDI_BYTES = lazy(rb'\xe2\x80[\xaa-\xae]|\xe2\x81[\xa6-\xa9]')
CODE_SUFFIXES = (
    '.py', '.pyw', '.pyi', '.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts', '.go', '.rs', '.java',
    '.kt', '.kts', '.scala', '.c', '.h', '.cc', '.cpp', '.cxx', '.hpp', '.hh', '.cs', '.rb', '.php', '.swift',
    '.m', '.mm', '.sh', '.bash', '.zsh', '.ps1', '.pl', '.pm', '.lua', '.dart', '.sql', '.vue', '.svelte',
    '.ex', '.exs', '.erl', '.hs', '.clj', '.groovy', '.gradle', '.tf', '.r', '.R', '.jl', '.zig', '.nim',
)


def wants_content(path: str, content: bytes, binary: bool) -> bool:
    """True for a text file the unicode pack reads: source code that is not all ASCII, or any
    text holding a bidirectional control character."""
    if binary or content.isascii():
        return False
    return path.endswith(CODE_SUFFIXES) or _BIDI_BYTES.search(content) is not None
