"""The config and baseline a run is judged by, read from git: never from the work tree, never
from the change under judgement.

Where they come from (`source`, a git object-name prefix): the commit hooks read the committed
policy (HEAD), so a staged or unstaged edit of the policy never judges its own commit; range
mode reads the base of the range; all-files and named paths read the index ('').
"""
from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence

from aiguard import git
from aiguard.config import CONFIG_NAMES, MAX_CONFIG_BYTES, Config, ConfigError, from_bytes

DEFAULT_BASELINE = Config().baseline
BANDIT_FILES = ('pyproject.toml', '.bandit')  # bandit_config.FILES: read in the same batch
MAX_BASELINE_BYTES = 32 * 1024 * 1024
READ_SECONDS = 30  # the run's deadline while git reads the policy files (a stalled git ends the run)
_MAX_LINK_HOPS = 8
_LINK_MAX_BYTES = 4096  # git stores a symbolic link as a blob of its target, one short line

# (root, object name) -> (type, content), or None when git has no such object
_READ: dict[tuple[str, str], tuple[str, bytes] | None] = {}


def object_names(source: str) -> list[str]:
    """What a run reads when its config is the default one: both config names and the baseline
    (for HEAD, git.POLICY_OBJECTS: a commit hook starts that read first)."""
    return [f'{source}:{name}' for name in (*CONFIG_NAMES, DEFAULT_BASELINE, *BANDIT_FILES)]


def remember(root: str, asked: Sequence[str], found: Mapping[str, tuple[str, bytes]] | None) -> None:
    """Keep what a `cat-file --batch` the caller ran already read of `asked` (None: it did not)."""
    if found is None:
        return
    for name in asked:
        _READ[(root, name)] = found.get(name)


def prefetch(root: str, names: Sequence[str]) -> None:
    """Read the `names` not read yet, all through one git."""
    todo = [n for n in names if (root, n) not in _READ]
    if len(todo) > 1:
        try:
            remember(root, todo, git.read_objects(todo, root, max_output=MAX_BASELINE_BYTES + 2 * MAX_CONFIG_BYTES))
        except git.OutputTooLarge:
            pass  # each is read (and its size judged) on its own


def _object(root: str, name: str, limit: int) -> tuple[str, bytes] | None:
    key = (root, name)
    if key not in _READ:
        try:
            found = git.read_objects([name], root, max_output=limit + 256)
        except git.OutputTooLarge:
            found = {name: ('blob', b'\0' * (limit + 1))}  # only its size matters below
        _READ[key] = found.get(name)
    return _READ[key]


def where(source: str) -> str:
    """How a message names a source."""
    if source == '':
        return 'the index'
    return 'HEAD' if source == 'HEAD' else f'commit {source[:12]}'


def read(root: str, source: str, path: str, limit: int) -> bytes | None:
    """The content of `path` at `source`, links inside the repository followed; None when
    absent. ConfigError when it is a directory, a link leading outside the repository or
    nowhere, or larger than `limit`."""
    shown = f'{path} (in {where(source)})'
    current = path
    for _hop in range(_MAX_LINK_HOPS):
        found = _object(root, f'{source}:{current}', limit)
        if found is None:
            if current == path:
                return None
            raise ConfigError(f'{shown}: a dangling symbolic link; commit the file itself')
        kind, content = found
        if kind == 'tree':
            raise ConfigError(f'{shown}: is a directory; it must be a file')
        if kind != 'blob':
            raise ConfigError(f'{shown}: is a {kind}, not a file')
        if len(content) > limit:
            raise ConfigError(f'{shown}: larger than {limit // (1024 * 1024)} MiB; a policy file '
                              f'this large is a mistake')
        target = _link_target(root, source, current, content)
        if target is None:
            return content
        current = target
    raise ConfigError(f'{shown}: symbolic links more than {_MAX_LINK_HOPS} deep; commit the file itself')


def _link_target(root: str, source: str, path: str, content: bytes) -> str | None:
    """Where `path` leads when git holds it as a symbolic link, or None for a file."""
    if len(content) > _LINK_MAX_BYTES or b'\n' in content or not content:
        return None  # a link's blob is its target: one line, no newline
    if _mode(root, source, path) != git.MODE_SYMLINK:
        return None
    target = content.decode('utf-8', 'surrogateescape')
    joined = posixpath.normpath(posixpath.join(posixpath.dirname(path), target))
    if target.startswith('/') or joined == '..' or joined.startswith('../'):
        raise ConfigError(f'{path} (in {where(source)}): a symbolic link leading outside the '
                          f'repository; commit the file itself')
    return joined


def _mode(root: str, source: str, path: str) -> str | None:
    if source == '':
        entries = [e for e in git.ls_files(root, [path]) if e.path == path]
    else:
        entries = [e for e in git.ls_tree(source, root, [path]) if e.path == path]
    return entries[0].mode if entries else None


def load_config(root: str, source: str | None) -> Config:
    """The repository's config at `source` (None: no commit to read it from, the defaults)."""
    if source is None:
        return Config()
    prefetch(root, object_names(source))
    for name in CONFIG_NAMES:
        raw = read(root, source, name, MAX_CONFIG_BYTES)
        if raw is not None:
            return from_bytes(raw, name, source)
    if source == '':
        # the index holds no entry for a directory, only for the files below it
        for entry in git.ls_files(root, CONFIG_NAMES):
            name = entry.path.split('/', 1)[0]
            raise ConfigError(f'{name} (in the index): is a directory; it must be a file')
    return Config(source=source)


def baseline_bytes(root: str, config: Config) -> tuple[bytes | None, str]:
    """The baseline's content where the config was read (None: there is none), and its name
    for messages."""
    if config.source is None:
        return None, config.baseline
    return read(root, config.source, config.baseline, MAX_BASELINE_BYTES), config.baseline
