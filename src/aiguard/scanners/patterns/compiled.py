"""A pattern rule's YAML keys checked and compiled, and how it finds its hits in a Source."""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence

from aiguard import records
from aiguard.regexes import lazy
from aiguard.rules import Rule, RuleDataError
from aiguard.scanners.pattern_files import PACKS
from aiguard.scanners.patterns.source import CheckFn, Hit, Source, check_named

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from typing import Any


def _regex(rule: Rule, key: str, value: Any) -> re.Pattern[str]:
    if not isinstance(value, str) or not value:
        raise RuleDataError(f'{rule.pack}.yaml: {rule.id}.{key} must be a non-empty regex')
    return lazy(value, re.MULTILINE, f'{rule.pack}.yaml: {rule.id}.{key}')


@records.record(frozen=True)
class CompiledRule:
    """One rule's engine keys, checked and ready to run."""

    rule: Rule
    files: re.Pattern[str] | None
    patterns: tuple[re.Pattern[str], ...]
    file_scope: bool
    not_pattern: re.Pattern[str] | None
    not_file_pattern: re.Pattern[str] | None
    file_pattern: re.Pattern[str] | None
    check: CheckFn | None
    contains: tuple[str, ...] = ()
    not_after: re.Pattern[str] | None = None  # cancels when it matches the hit's line or the next few
    after_lines: int = 0
    tree: str | None = None  # a syntax-tree check (js_tree.CHECKS) that replaces the regexes where it runs
    tree_also: str | None = None  # a syntax-tree check whose hits add to the regexes' (flows they cannot see)

    @classmethod
    def of(cls, rule: Rule) -> CompiledRule:
        from aiguard.globs import compile_globs

        d = rule.data
        pats = d.get('patterns') or ([d['pattern']] if 'pattern' in d else [])
        if isinstance(pats, str):
            pats = [pats]
        fn = None
        if 'check' in d:
            fn = check_named(d['check'], rule.pack)
            if fn is None:
                raise RuleDataError(f'{rule.pack}.yaml: {rule.id} names unknown check {d["check"]!r}')
        tree = d.get('tree')
        also = d.get('tree_also')
        for key, name in (('tree', tree), ('tree_also', also)):
            if name is not None and name not in _tree_check_names():
                raise RuleDataError(f'{rule.pack}.yaml: {rule.id} names unknown {key} check {name!r}')
        if not pats and fn is None and tree is None:
            raise RuleDataError(f'{rule.pack}.yaml: {rule.id} has neither pattern nor check')
        globs = d.get('files')
        files = None
        if globs:
            unknown = [g for g in globs if g not in PACKS[rule.pack].globs]
            if unknown:
                raise RuleDataError(f'{rule.pack}.yaml: {rule.id} files {unknown} are not in the pack globs')
            files = compile_globs(tuple(globs))
        scope = d.get('scope', 'line')
        if scope not in ('line', 'file'):
            raise RuleDataError(f'{rule.pack}.yaml: {rule.id}.scope must be line or file')

        def opt(key: str) -> re.Pattern[str] | None:
            return _regex(rule, key, d[key]) if key in d else None

        contains = d.get('contains') or ()
        if isinstance(contains, str):
            contains = (contains,)
        after = d.get('not_after') or {}
        if after and not (isinstance(after, dict) and isinstance(after.get('lines'), int)):
            raise RuleDataError(f'{rule.pack}.yaml: {rule.id}.not_after needs pattern and lines')
        return cls(
            rule, files, tuple(_regex(rule, 'pattern', p) for p in pats), scope == 'file',
            opt('not_pattern'), opt('not_file_pattern'), opt('file_pattern'), fn, tuple(contains),
            _regex(rule, 'not_after', after['pattern']) if after else None, after.get('lines', 0), tree, also,
        )

    def hits(self, src: Source, comment: re.Pattern[str],
             tree: dict[str, list[tuple[int, int, str]]] | None = None) -> Iterator[Hit]:
        """Every place this rule fires in `src`, at most one per line; `tree`: the syntax-tree
        checks' hits, which replace this rule's regexes when it names one."""
        if self.files is not None and not self.files.match(src.path):
            return
        if self.tree is not None and tree is not None:
            for line, column, detail in tree.get(self.tree, ()):
                if not comment.match(src.line(line)):
                    yield Hit(line, column, detail=detail)
            return
        if not self.patterns and self.check is None:
            return  # a tree-only rule, in a file the tree did not read
        seen: set[int] = set()
        if self.tree_also is not None and tree is not None:
            for line, column, detail in tree.get(self.tree_also, ()):
                if line not in seen and not comment.match(src.line(line)):
                    seen.add(line)
                    yield Hit(line, column, detail=detail)
        # a substring test is far cheaper than a regex that cannot skip ahead
        if self.contains and not any(src.has(c) for c in self.contains):
            return
        raw = list(self._raw_hits(src))
        if not raw:
            return
        if self.file_pattern is not None and not self.file_pattern.search(src.text):
            return
        if self.not_file_pattern is not None and self.not_file_pattern.search(src.text):
            return
        for hit in raw:
            if hit.line in seen or comment.match(src.line(hit.line)):
                continue
            if self.not_pattern is not None:
                last = hit.end_line or hit.line
                span = '\n'.join(src.line(n) for n in range(hit.line, last + 1))
                if self.not_pattern.search(span):
                    continue
            if self.not_after is not None:
                span = '\n'.join(src.line(n) for n in range(hit.line, hit.line + self.after_lines + 1))
                if self.not_after.search(span):
                    continue  # e.g. the path is checked against its root right after
            seen.add(hit.line)
            yield hit

    def validate(self) -> None:
        """Compile every regex now (tests do; the engine compiles on first use)."""
        for regex in (*self.patterns, self.not_pattern, self.not_file_pattern, self.file_pattern, self.not_after):
            if regex is not None:
                _ = regex.flags  # a lazy regex compiles on its first attribute

    def _raw_hits(self, src: Source) -> Iterator[Hit]:
        if self.contains and not self.file_scope:
            lines = sorted({n for c in self.contains for n in src.lines_with(c)})
            for pat in self.patterns:
                for n in lines:
                    m = _search_line(pat, src.lines[n], self.contains)
                    if m:
                        yield Hit(n + 1, m.start() + 1)
        else:
            for pat in self.patterns:
                yield from (_file_hits if self.file_scope else _line_hits)(pat, src)
        if self.check is not None:
            yield from self.check(src)


LONG_LINE = 2000
WINDOW = 1000


def _search_line(pat: re.Pattern[str], line: str, needles: Sequence[str]) -> re.Match[str] | None:
    """The first match on a line; on a very long (minified) line, only near the needles."""
    if len(line) <= LONG_LINE:
        return pat.search(line)
    for needle in needles:
        i = line.find(needle)
        while i >= 0:
            m = pat.search(line, max(0, i - WINDOW), min(len(line), i + len(needle) + WINDOW))
            if m:
                return m
            i = line.find(needle, i + WINDOW)
    return None


def _file_hits(pat: re.Pattern[str], src: Source) -> Iterator[Hit]:
    for m in pat.finditer(src.text):
        # a group named `at` marks where the problem is, inside a wider match
        start = m.start('at') if 'at' in pat.groupindex and m.group('at') is not None else m.start()
        line, col = src.position(start)
        end_line = src.position(max(m.end() - 1, m.start()))[0]
        yield Hit(line, col, end_line if end_line > line else None)


def _line_hits(pat: re.Pattern[str], src: Source) -> Iterator[Hit]:
    # One pass over the whole text is much faster than one search per line;
    # a match that crosses a line break means the pattern is not line-safe
    # for this text, so that pattern falls back to line by line.
    found = []
    for m in pat.finditer(src.text):
        if '\n' in m.group():
            break
        found.append(m.start())
    else:
        for start in found:
            line, col = src.position(start)
            yield Hit(line, col)
        return
    for n, text in enumerate(src.lines, 1):
        first = pat.search(text)
        if first:
            yield Hit(n, first.start() + 1)



@functools.lru_cache(maxsize=1)
def _tree_check_names() -> frozenset[str]:
    # the names only: js_tree itself imports tree-sitter
    return frozenset((
        'command', 'code', 'sql', 'dom-html', 'react-html', 'reflected-html', 'error-details', 'path',
        'redirect', 'ssrf', 'weak-random', 'weak-cipher', 'password-hash', 'env-fallback', 'nosql', 'cors-origin',
        'sensitive-log', 'regex-input', 'mass-assignment', 'proto-merge',
        'llm-prompt', 'llm-code', 'llm-command', 'llm-sql', 'llm-html', 'llm-path', 'llm-limits',
    ))
