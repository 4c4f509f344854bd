"""Scanner engines. Each module has `NAME`, `wants(path)` and `scan(files, ctx)`,
and may have `wants_file(file)` for files it knows by their content.

Importing an engine module is cheap; its heavy dependencies are imported
inside `scan`, so a change that no engine wants costs nothing.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from types import ModuleType

from aiguard import records
from aiguard.changes import ChangedFile, Skip
from aiguard.config import ENGINE_NAMES, Config
from aiguard.findings import Finding, fingerprint
from aiguard.rules import Rule

ENGINES = {name: f'aiguard.scanners.{name}' for name in ENGINE_NAMES}
# Engines that read only files with these suffixes: other changes never import them.
SUFFIXES = {'python': ('.py', '.pyw')}
# Engines whose files a small module knows (its `wants(path)`): asked before the engine is imported.
SELECTORS = {'patterns': 'aiguard.scanners.pattern_files'}


@records.record
class ScanContext:
    """What a scanner may know besides the files; it never runs git."""

    root: str
    config: Config
    skipped: list[Skip] = records.field(default_factory=list)

    def skip(self, path: str, reason: str, engine: str) -> None:
        """Report that `engine` could not scan `path` (other engines still do)."""
        self.skipped.append(Skip(path, reason, engine))


TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms
if TYPE_CHECKING:
    from typing import Protocol

    class Engine(Protocol):
        NAME: str

        def wants(self, path: str) -> bool: ...

        def scan(self, files: Sequence[ChangedFile], ctx: ScanContext) -> list[Finding]: ...


def load(name: str) -> ModuleType:
    """Import one engine module by name."""
    module = ENGINES[name]
    __import__(module)  # importlib itself costs a hook run ~0.8 ms to import
    return sys.modules[module]


def wanted(name: str, files: Sequence[ChangedFile]) -> list[ChangedFile]:
    """The files engine `name` reads; the engine is imported only if some file may be one."""
    if name in SUFFIXES or name in SELECTORS:
        files = [f for f in files if _may_read(name, f.path) or is_script(f) or _may_read_content(name, f)]
    if not files:
        return []
    engine = load(name)
    # an engine may also know a file by its content (a script's `#!` line)
    wants_file = getattr(engine, 'wants_file', None)
    return [f for f in files if engine.wants(f.path) or (wants_file is not None and wants_file(f))]


def preload(names: Sequence[str], paths: Sequence[str]) -> None:
    """Import the engines among `names` that some of `paths` may need: a commit hook does
    this while git reads the files (changes.start_staged). Engines that know a file by its
    content (an extensionless script) are imported later, when it is read."""
    for name in names:
        if name in ENGINES and ENGINES[name] not in sys.modules and any(_may_read(name, p) for p in paths):
            load(name)


def _may_read(name: str, path: str) -> bool:
    """What engine `name`'s suffixes or selector module say of `path`, before it is imported."""
    suffixes = SUFFIXES.get(name)
    if suffixes is not None and not path.endswith(suffixes):
        return False
    selector = SELECTORS.get(name)
    if selector is None:
        return True
    __import__(selector)
    return bool(sys.modules[selector].wants(path))


def _may_read_content(name: str, f: ChangedFile) -> bool:
    """What engine `name`'s selector says of a file by its content (text that may hide code)."""
    selector = SELECTORS.get(name)
    if selector is None:
        return False
    __import__(selector)
    wants_content = getattr(sys.modules[selector], 'wants_content', None)
    return wants_content is not None and bool(wants_content(f.path, f.content, f.binary))


def is_script(f: ChangedFile) -> bool:
    """A file named without an extension whose first line is `#!`: its engine is known by that line."""
    return f.content.startswith(b'#!') and '.' not in f.path.rsplit('/', 1)[-1]


def available(name: str) -> bool:
    """True when the engine's module is part of this build."""
    module = ENGINES[name]
    here = os.path.join(os.path.dirname(__file__), module.rsplit('.', 1)[1])
    if module in sys.modules or os.path.isfile(here + '.py') or os.path.isfile(os.path.join(here, '__init__.py')):
        return True  # asked on every run: the file is the cheap answer (importlib.util is ~1 ms)
    import importlib.util

    return importlib.util.find_spec(module) is not None


def unless_secret(path: str, text: str, withheld: str) -> str:
    """`text` (a message that quotes the scanned file), or `withheld` when it holds a secret."""
    from aiguard.scanners.secrets import scan_text

    return withheld if scan_text(path, text) else text


def finding(rule: Rule, path: str, line: int, column: int, message: str,
            key: str, *, end_line: int | None = None, stable_key: str | None = None) -> Finding:
    """A Finding for `rule`; `key` is what the fingerprint hashes, never shown; `stable_key`
    names what a function- or file-level finding is about (Finding.key)."""
    return Finding(
        rule_id=rule.id, category=rule.category, severity=rule.severity,
        path=path, line=line, column=column, message=message, cwe=rule.cwe,
        fingerprint=fingerprint(rule.id, path, key), confidence=rule.confidence,
        end_line=end_line, key=stable_key,
    )

