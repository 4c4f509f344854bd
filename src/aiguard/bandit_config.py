"""bandit's own configuration (`[tool.bandit]` in pyproject.toml, a `.bandit` INI file at the
root): its `skips` and `exclude_dirs` apply to the bandit checks among aiguard's findings.

Read from git where aiguard's config is read (policyfiles: HEAD for a commit, the base of a
range, the index for whole files), never from the change under judgement; both files are
policy files (a change to `.bandit`, or to pyproject.toml's `[tool.bandit]`, is POL004).
Asked only when a run has a finding that is a bandit check, so other commits pay nothing.
"""
from __future__ import annotations

from collections.abc import Sequence

from aiguard import records
from aiguard.errors import FatalError
from aiguard.findings import Finding
from aiguard.regexes import lazy

PYPROJECT = 'pyproject.toml'
INI = '.bandit'
MAX_BYTES = 1024 * 1024
_TEST_ID = lazy(r'^B\d{3}$')


@records.record(frozen=True)
class BanditConfig:
    skips: frozenset[str] = frozenset()
    exclude_dirs: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()  # where it was read, for the output
    notes: tuple[str, ...] = ()  # what could not be read

    def skipped(self, f: Finding, tests: frozenset[str]) -> str | None:
        """Why bandit's configuration skips `f` (a bandit check of `tests`), or None."""
        if not tests:
            return None
        named = sorted(tests & self.skips)
        if named:
            return f'skips {",".join(named)}'
        for d in self.exclude_dirs:
            if excluded(f.path, d):
                return f'exclude_dirs {d}'
        return None


def excluded(path: str, entry: str) -> bool:
    """bandit's exclude entry as a directory (anywhere in the path) or a glob."""
    import fnmatch

    entry = entry.strip().removeprefix('./').rstrip('/')
    if not entry:
        return False
    return (path == entry or path.startswith(entry + '/') or f'/{entry}/' in f'/{path}'
            or fnmatch.fnmatchcase(path, entry))


def parse_pyproject(raw: bytes, shown: str) -> tuple[list[str], list[str]] | str:
    """(skips, exclude_dirs) of `[tool.bandit]`, or why they cannot be read."""
    try:
        import tomllib  # type: ignore[import-not-found,unused-ignore]
    except ImportError:
        try:
            import tomli as tomllib  # type: ignore[import-not-found,no-redef,unused-ignore]
        except ImportError:
            return f'{shown}: no TOML reader in this Python (install tomli), so [tool.bandit] is not honoured'
    try:
        doc = tomllib.loads(raw.decode('utf-8'))
    except (UnicodeDecodeError, ValueError, RecursionError):
        return f'{shown}: not valid TOML, so [tool.bandit] is not honoured'
    tool = doc.get('tool')
    section = tool.get('bandit') if isinstance(tool, dict) else None
    if not isinstance(section, dict):
        return [], []
    return _strings(section.get('skips')), _strings(section.get('exclude_dirs'))


def parse_ini(raw: bytes, shown: str) -> tuple[list[str], list[str]] | str:
    """(skips, exclude) of a `.bandit` file's [bandit] section, or why they cannot be read."""
    import configparser

    parser = configparser.ConfigParser(interpolation=None)
    try:
        parser.read_string(raw.decode('utf-8'))
        section = dict(parser.items('bandit'))
    except (UnicodeDecodeError, configparser.Error):
        return f'{shown}: not an INI file with a [bandit] section, so it is not honoured'
    exclude = section.get('exclude_dirs') or section.get('exclude') or ''
    return _comma(section.get('skips', '')), _comma(exclude)


def _strings(value: object) -> list[str]:
    if isinstance(value, str):
        return _comma(value)
    return [v.strip() for v in value if isinstance(v, str) and v.strip()] if isinstance(value, list) else []


def _comma(value: str) -> list[str]:
    return [v.strip() for v in value.split(',') if v.strip()]


def load(root: str, source: str | None) -> BanditConfig:
    """bandit's configuration at `source` (policyfiles), or none."""
    if source is None:
        return BanditConfig()
    from aiguard import policyfiles

    skips: set[str] = set()
    dirs: list[str] = []
    sources = []
    notes = []
    policyfiles.prefetch(root, [f'{source}:{name}' for name in policyfiles.BANDIT_FILES])  # read with the config
    for name, reader in ((PYPROJECT, parse_pyproject), (INI, parse_ini)):
        try:
            raw = policyfiles.read(root, source, name, MAX_BYTES)
        except FatalError as e:
            notes.append(f'{e}; bandit configuration in it is not honoured')
            continue
        if raw is None:
            continue
        found = reader(raw, name)
        if isinstance(found, str):
            notes.append(found)
            continue
        found_skips, found_dirs = found
        bad = [s for s in found_skips if not _TEST_ID.match(s.upper())]
        if bad:
            notes.append(f'{name}: skips has {len(bad)} entr{"y" if len(bad) == 1 else "ies"} that are not '
                         f'bandit test ids (B101 ...), ignored')
        skips.update(s.upper() for s in found_skips if _TEST_ID.match(s.upper()))
        dirs.extend(found_dirs)
        if found_skips or found_dirs:
            sources.append(f'[tool.bandit] in {name}' if name == PYPROJECT else name)
    return BanditConfig(frozenset(skips), tuple(dict.fromkeys(dirs)), tuple(sources), tuple(notes))


def apply(raw: list[Finding], config: BanditConfig, where: str) -> tuple[list[Finding], list[str]]:
    """`raw` less the bandit checks bandit's configuration skips, and what to say about them."""
    from aiguard.gate import bandit_tests
    from aiguard.report.safe import quote_path

    kept: list[Finding] = []
    said: list[str] = []
    for f in raw:
        why = config.skipped(f, bandit_tests(f)) if f.category == 'sast' and ':' not in f.rule_id else None
        if why is None:
            kept.append(f)
        else:
            said.append(f'{quote_path(f.path)}:{f.line} {f.rule_id} ({why})')
    notes = list(config.notes)
    if said:
        shown = ', '.join(said[:10]) + (f' and {len(said) - 10} more' if len(said) > 10 else '')
        notes.append(f"bandit's configuration ({' and '.join(config.sources)}, in {where}) skipped "
                     f'{len(said)} finding(s) of its checks: {shown}')
    return kept, notes


def may_apply(raw: Sequence[Finding]) -> bool:
    """True when some finding may be a bandit check (only then is the configuration read)."""
    return any(f.rule_id.startswith('PY') for f in raw)
