"""Rule-pack engine for files that are not Python: JS/TS, Dockerfiles, compose, CI, shell, k8s, Terraform.

Rules are data in `rules/patterns-<lang>.yaml`: regexes (`pattern` or
`patterns`) matched per line, or over the whole file with `scope: file`,
cancelled by `not_pattern` (the matched lines) or `not_file_pattern`, and
limited by `files` globs and `file_pattern`; `not_after` {pattern, lines}
cancels when the hit's line or the next few match (a guard written just
after). `contains` lists plain strings of which every matching line holds
one: only those lines meet the regex. Where a regex cannot see the
structure (YAML of a workflow, a Terraform block) a rule names a small
function here with `check:`; a YAML file those functions cannot parse (or
past YAML_MAX_CHARS) is listed in `skipped`, and the line rules still run.
A JS/TS rule with `tree: <check>` is answered by the syntax-tree checks of
js_tree (tree-sitter, imported only when such a file is scanned) instead of
its regexes; the regexes stand in for a minified or very large file.
"""
from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Callable, Iterable, Iterator, Sequence

from aiguard import records
from aiguard.changes import ChangedFile
from aiguard.findings import Finding, redact
from aiguard.regexes import lazy
from aiguard.rules import Rule, RuleDataError, enabled, load_pack
from aiguard.scanners import ScanContext, finding, is_script
from aiguard.scanners.pattern_files import PACKS, Pack, packs_for, wants  # noqa: F401  (the engine's API)

TYPE_CHECKING = False  # typing costs every hook run ~1.5 ms; these names are for annotations only
if TYPE_CHECKING:
    from typing import Any

NAME = 'patterns'

# The first line of a script named without an extension (bin/deploy) that runs a POSIX shell.
_SHELL_SHEBANG = lazy(r'#![ \t]*(?:/usr)?(?:/local)?/bin/(?:env[ \t]+(?:-S[ \t]+)?)?(?:ba|da|z|k|a)?sh(?:[ \t]|$)')


def wants_file(f: ChangedFile) -> bool:
    """A shell script known by its first line (`#!/bin/bash`), not its name."""
    return scan_path(f) != f.path


def scan_path(f: ChangedFile) -> str:
    """The path the rules see: a shell script without an extension is read as `<path>.sh`,
    so the shell pack and its rules' `files` globs take it as the shell file it is."""
    if not is_script(f):
        return f.path
    first = f.content[:200].split(b'\n', 1)[0].decode('utf-8', 'replace')
    return f'{f.path}.sh' if _SHELL_SHEBANG.match(first) else f.path


# -- compiled rules -----------------------------------------------------------

@records.record(frozen=True)
class Hit:
    """Where a check found something (1-based), with an optional detail for the message."""

    line: int
    column: int = 1
    end_line: int | None = None
    detail: str = ''
    key: str = ''  # what a file-level hit is about (Finding.key): '' for a line's own problem


@records.record(frozen=True)
class Source:
    """One file's text as the rules see it: lines joined with '\\n', so offsets map to line numbers."""

    path: str
    lines: Sequence[str]
    text: str
    starts: Sequence[int]

    @classmethod
    def of(cls, path: str, lines: Sequence[str]) -> Source:
        starts = [0]
        for line in lines[:-1]:
            starts.append(starts[-1] + len(line) + 1)
        return cls(path, lines, '\n'.join(lines), starts)

    def position(self, offset: int) -> tuple[int, int]:
        """1-based (line, column) of a text offset."""
        i = bisect.bisect_right(self.starts, offset) - 1
        return i + 1, offset - self.starts[i] + 1

    def line(self, n: int) -> str:
        return self.lines[n - 1] if 0 < n <= len(self.lines) else ''

    def at(self, mark: Any) -> tuple[int, int]:
        """git's (line, column) of a YAML mark: YAML also ends lines at a lone CR, NEL and U+2028."""
        return self.position(mark.index)

    def has(self, needle: str) -> bool:
        """True when the text holds `needle` (cached: packs share needles)."""
        cache = self._cache('has')
        if needle not in cache:
            cache[needle] = needle in self.text
        return cache[needle]

    def lines_with(self, needle: str) -> list[int]:
        """0-based numbers of the lines holding `needle`, found with str.find (cached)."""
        cache = self._cache('lines')
        if needle not in cache:
            found = []
            text, starts = self.text, self.starts
            i = text.find(needle) if self.has(needle) else -1
            while i >= 0:
                n = bisect.bisect_right(starts, i) - 1
                found.append(n)
                i = text.find(needle, starts[n + 1]) if n + 1 < len(starts) else -1
            cache[needle] = found
        return cache[needle]

    def _cache(self, name: str) -> dict[str, Any]:
        return self.__dict__.setdefault(f'_{name}', {})  # frozen, but caches are not state


CheckFn = Callable[[Source], Iterable[Hit]]
CHECKS: dict[str, CheckFn] = {}


def check(name: str) -> Callable[[CheckFn], CheckFn]:
    """Register a structural check that rules name with `check: <name>`."""
    def register(fn: CheckFn) -> CheckFn:
        CHECKS[name] = fn
        return fn
    return register


class _Lazy:
    """A regex compiled on first use: importing the engine (every commit does) and loading
    a pack stay cheap, and a rule whose `contains` needles are absent never compiles."""

    def __init__(self, pattern: str, flags: int = 0, where: str = '') -> None:
        self.pattern = pattern
        self.flags = flags
        self.where = where

    @functools.cached_property
    def compiled(self) -> re.Pattern[str]:
        try:
            return re.compile(self.pattern, self.flags)
        except re.error as e:
            raise RuleDataError(f'{self.where or self.pattern!r} is not a regex: {e}') from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self.compiled, name)


def _regex(rule: Rule, key: str, value: Any) -> _Lazy:
    if not isinstance(value, str) or not value:
        raise RuleDataError(f'{rule.pack}.yaml: {rule.id}.{key} must be a non-empty regex')
    return _Lazy(value, re.MULTILINE, f'{rule.pack}.yaml: {rule.id}.{key}')


@records.record(frozen=True)
class CompiledRule:
    """One rule's engine keys, checked and ready to run."""

    rule: Rule
    files: re.Pattern[str] | None
    patterns: tuple[_Lazy, ...]
    file_scope: bool
    not_pattern: _Lazy | None
    not_file_pattern: _Lazy | None
    file_pattern: _Lazy | None
    check: CheckFn | None
    contains: tuple[str, ...] = ()
    not_after: _Lazy | None = None  # cancels when it matches the hit's line or the next few
    after_lines: int = 0
    tree: str | None = None  # a syntax-tree check (js_tree.CHECKS) that replaces the regexes where it runs

    @classmethod
    def of(cls, rule: Rule) -> CompiledRule:
        from aiguard.globs import compile_globs

        d = rule.data
        pats = d.get('patterns') or ([d['pattern']] if 'pattern' in d else [])
        if isinstance(pats, str):
            pats = [pats]
        fn = None
        if 'check' in d:
            fn = CHECKS.get(d['check'])
            if fn is None:
                raise RuleDataError(f'{rule.pack}.yaml: {rule.id} names unknown check {d["check"]!r}')
        tree = d.get('tree')
        if tree is not None and tree not in _tree_check_names():
            raise RuleDataError(f'{rule.pack}.yaml: {rule.id} names unknown tree check {tree!r}')
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

        def opt(key: str) -> _Lazy | None:
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
            _regex(rule, 'not_after', after['pattern']) if after else None, after.get('lines', 0), tree,
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
        seen: set[int] = set()
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
                _ = regex.compiled

    def _raw_hits(self, src: Source) -> Iterator[Hit]:
        if self.contains and not self.file_scope:
            lines = sorted({n for c in self.contains for n in src.lines_with(c)})
            for lazy in self.patterns:
                pat = lazy.compiled
                for n in lines:
                    m = _search_line(pat, src.lines[n], self.contains)
                    if m:
                        yield Hit(n + 1, m.start() + 1)
        else:
            for lazy in self.patterns:
                yield from (_file_hits if self.file_scope else _line_hits)(lazy.compiled, src)
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


@functools.lru_cache(maxsize=None)
def compiled_pack(pack: str) -> tuple[CompiledRule, ...]:
    """A pack's rules with their regexes compiled, once per process."""
    return tuple(CompiledRule.of(r) for r in load_pack(pack).values())


@functools.lru_cache(maxsize=None)
def _pack_gate(pack: str) -> tuple[re.Pattern[str], re.Pattern[str] | None]:
    p = PACKS[pack]
    return re.compile(p.comment), (re.compile(p.requires) if p.requires else None)


def scan_source(src: Source) -> list[tuple[Rule, Hit]]:
    """Every (rule, hit) for one file, from every pack that reads it."""
    out: list[tuple[Rule, Hit]] = []
    for pack in packs_for(src.path):
        comment, requires = _pack_gate(pack)
        if requires is not None and not requires.search(src.text):
            continue
        tree = tree_hits(src) if pack == 'patterns-js' else None
        for cr in compiled_pack(pack):
            out.extend((cr.rule, hit) for hit in cr.hits(src, comment, tree))
    return out


# Past these the syntax tree is not built and the rules' regexes run instead: a
# minified bundle or generated file is not code anyone wrote by hand, and walking
# its tree in Python would cost seconds.
TREE_MAX_CHARS = 256 * 1024
TREE_MAX_LINE = 10_000
USE_TREE = True  # benchmarks/js_accuracy.py turns it off to measure the regexes alone


def tree_hits(src: Source) -> dict[str, list[tuple[int, int, str]]] | None:
    """The syntax-tree checks' hits for a JS/TS file, or None where the regexes stand in
    (a minified or very large file, or no tree-sitter: see tree_problem)."""
    cache = src._cache('tree')
    if 'hits' not in cache:
        cache['hits'] = None
        if USE_TREE and len(src.text) <= TREE_MAX_CHARS and max(map(len, src.lines), default=0) <= TREE_MAX_LINE:
            try:
                from aiguard.scanners import js_tree
            except ImportError as e:
                cache['problem'] = f'syntax-tree checks not run ({e.name or "tree-sitter"} is not installed); the regex rules ran'
            else:
                try:
                    cache['hits'] = js_tree.analyze(src.text.encode('utf-8', 'replace'), src.path)
                except RecursionError:
                    pass  # nested past Python's stack: the regexes stand in
    return cache['hits']


def tree_problem(src: Source) -> str | None:
    """Why the syntax-tree checks could not read `src` (None: they did, or it needs none)."""
    return src._cache('tree').get('problem')


@functools.lru_cache(maxsize=1)
def _tree_check_names() -> frozenset[str]:
    # the names only: js_tree itself imports tree-sitter
    return frozenset((
        'command', 'code', 'sql', 'dom-html', 'react-html', 'reflected-html', 'error-details', 'path',
        'redirect', 'ssrf', 'weak-random', 'weak-cipher', 'password-hash',
    ))


def scan(files: Sequence[ChangedFile], ctx: ScanContext) -> list[Finding]:
    """Findings of every pattern rule whose files match, in `files`."""
    out: list[Finding] = []
    for f in files:
        src = Source.of(scan_path(f), f.lines)
        for rule, hit in scan_source(src):
            if not enabled(rule, ctx.config.rules):
                continue
            message = f'{rule.summary} ({_shown(f.path, hit.detail)})' if hit.detail else rule.summary
            out.append(finding(
                rule, f.path, hit.line, hit.column, message, src.line(hit.line).strip(),
                end_line=hit.end_line, stable_key=hit.key or None,
            ))
        problem = tree_problem(src)
        if problem is not None:
            ctx.skip(f.path, problem, NAME)
        problem = yaml_problem(src)
        if problem is not None:
            # the line rules ran; the structural ones could not see the YAML
            ctx.skip(f.path, f'structural YAML checks not run: {problem}', NAME)
    return out


def _shown(path: str, detail: str) -> str:
    """A detail quotes the file (an image name, a path): withheld when it holds a secret."""
    from aiguard.scanners.secrets import scan_text

    return 'withheld: it holds a secret' if scan_text(path, detail) else detail


# -- structural checks ----------------------------------------------------------


# A node tree costs up to ~90 times the text; past this the structural checks
# are skipped (and reported) rather than risk memory.
YAML_MAX_CHARS = 2 * 1024 * 1024


def _yaml_roots(src: Source) -> list[Any]:
    """The documents of a YAML file as nodes (with line marks); [] when it does not parse."""
    cache = src._cache('yaml')
    if 'roots' not in cache:
        cache['roots'], cache['problem'] = _compose(src.text)
    return cache['roots']


def yaml_problem(src: Source) -> str | None:
    """Why a structural check that read `src` saw no YAML (None: it parsed, or no check read it)."""
    return src._cache('yaml').get('problem')


_TOKENISH = re.compile(r'[A-Za-z0-9+/=_.~-]{16,}')  # a parser message may quote the file


def _compose(text: str) -> tuple[list[Any], str | None]:
    import yaml

    if len(text) > YAML_MAX_CHARS:
        return [], f'larger than {YAML_MAX_CHARS // (1024 * 1024)} MB'
    loader = getattr(yaml, 'CSafeLoader', yaml.SafeLoader)
    try:
        return [n for n in yaml.compose_all(text, Loader=loader) if n is not None], None
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        where = f'line {_git_line(text, mark.index)}: ' if mark is not None else ''
        problem = _TOKENISH.sub(lambda m: redact(m.group()), e.problem or e.context or 'parse error')
        return [], f'not valid YAML ({where}{problem[:100]})'
    except (yaml.YAMLError, RecursionError, ValueError) as e:
        return [], f'not valid YAML ({type(e).__name__})'


def _git_line(text: str, offset: int) -> int:
    """The line git numbers `offset` on (YAML's own count also breaks at a lone CR)."""
    return text.count('\n', 0, offset) + 1


def _walk(node: Any) -> Iterator[Any]:
    """Every node below `node`, depth first (iterative: YAML can nest deep)."""
    import yaml

    stack = [node]
    seen = set()
    while stack:
        n = stack.pop()
        if id(n) in seen:  # aliases can make cycles
            continue
        seen.add(id(n))
        yield n
        if isinstance(n, yaml.MappingNode):
            for k, v in n.value:
                stack.extend((v, k))
        elif isinstance(n, yaml.SequenceNode):
            stack.extend(reversed(n.value))


def _mappings(roots: Iterable[Any]) -> Iterator[dict[str, tuple[Any, Any]]]:
    """Each mapping node as {key text: (key node, value node)}."""
    import yaml

    for root in roots:
        for n in _walk(root):
            if isinstance(n, yaml.MappingNode):
                yield {str(k.value): (k, v) for k, v in n.value if isinstance(k, yaml.ScalarNode)}


def _scalar(node: Any) -> str | None:
    import yaml

    return node.value if isinstance(node, yaml.ScalarNode) else None


def _scalars(node: Any) -> list[Any]:
    """The scalar items of a sequence node, or the node itself when it is a scalar."""
    import yaml

    if isinstance(node, yaml.SequenceNode):
        return [n for n in node.value if isinstance(n, yaml.ScalarNode)]
    return [node] if isinstance(node, yaml.ScalarNode) else []


def _node_hits(src: Source, node: Any, pat: _Lazy, detail: str = '') -> Iterator[Hit]:
    """Lines of the raw text spanned by `node` where `pat` matches."""
    first = src.at(node.start_mark)[0]
    last = max(first, src.at(node.end_mark)[0])
    for n in range(first, min(last, len(src.lines)) + 1):
        m = pat.search(src.line(n))
        if m:
            shown = m.group('ctx') if 'ctx' in pat.groupindex else m.group(0)
            yield Hit(n, m.start() + 1, detail=detail or shown)


# GitHub Actions ---------------------------------------------------------------

# Contexts an outsider controls (GitHub's list of untrusted input).
_UNTRUSTED_EXPR = _Lazy(
    r'\$\{\{[^}]{0,200}?\b(?P<ctx>github\.head_ref\b'
    r'|github\.event\.(?:issue|pull_request|comment|review|review_comment|discussion|discussion_comment'
    r'|head_commit|commits|pages|workflow_run)\b[\w.*\[\]-]{0,120}?'
    r'\.(?:title|body|message|label|page_name|default_branch|head_branch|email|name|head\.ref)\b)',
)
_UNTRUSTED_REF = _Lazy(
    r'github\.event\.pull_request\.head\.|github\.head_ref|refs/pull/|'
    r'github\.event\.workflow_run\.head_|github\.event\.pull_request\.merge_commit_sha',
)
_PR_FETCH = _Lazy(r'\bgh\s+pr\s+checkout\b|\bgit\s+fetch\b[^\n]{0,200}\bpull/')


def _triggers(roots: Sequence[Any]) -> set[str]:
    import yaml

    names: set[str] = set()
    for root in roots:
        if not isinstance(root, yaml.MappingNode):
            continue
        for k, v in root.value:
            if _scalar(k) not in ('on', 'true', 'True'):
                continue
            if isinstance(v, yaml.MappingNode):
                names.update(str(kk.value) for kk, _ in v.value)
            else:
                names.update(str(n.value) for n in _scalars(v))
    return names


@check('actions_untrusted_checkout')
def actions_untrusted_checkout(src: Source) -> Iterator[Hit]:
    """pull_request_target / workflow_run jobs that check out the pull request's code."""
    roots = _yaml_roots(src)
    trigger = _triggers(roots) & {'pull_request_target', 'workflow_run'}
    if not trigger:
        return
    detail = f'on {sorted(trigger)[0]}'
    for m in _mappings(roots):
        uses = _scalar(m['uses'][1]) if 'uses' in m else None
        if uses and uses.startswith('actions/checkout') and 'with' in m:
            for wm in _mappings([m['with'][1]]):
                if 'ref' in wm and _UNTRUSTED_REF.search(_scalar(wm['ref'][1]) or ''):
                    yield from _node_hits(src, wm['ref'][1], _UNTRUSTED_REF, detail)
                break
        if 'run' in m:
            yield from _node_hits(src, m['run'][1], _PR_FETCH, detail)


@check('actions_script_injection')
def actions_script_injection(src: Source) -> Iterator[Hit]:
    """Untrusted `${{ }}` expressions expanded into a run: script or github-script code."""
    for m in _mappings(_yaml_roots(src)):
        if 'run' in m:
            yield from _node_hits(src, m['run'][1], _UNTRUSTED_EXPR)
        uses = _scalar(m['uses'][1]) if 'uses' in m else None
        if uses and uses.startswith('actions/github-script') and 'with' in m:
            for wm in _mappings([m['with'][1]]):
                if 'script' in wm:
                    yield from _node_hits(src, wm['script'][1], _UNTRUSTED_EXPR)
                break


# Kubernetes -------------------------------------------------------------------

_DANGEROUS_CAPS = frozenset((
    'ALL', 'SYS_ADMIN', 'NET_ADMIN', 'SYS_PTRACE', 'SYS_MODULE', 'SYS_RAWIO', 'DAC_READ_SEARCH',
    'BPF', 'PERFMON', 'SYS_BOOT',
))
_SENSITIVE_HOST_PATH = _Lazy(
    r'^(?:/|/etc(?:/.*)?|/root(?:/.*)?|/home|/proc(?:/.*)?|/sys(?:/.*)?|/boot|/dev|'
    r'/var/run(?:/docker\.sock|/containerd.*|/crio.*)?|/run(?:/containerd.*|/docker\.sock)?|'
    r'/var/lib/(?:kubelet|docker|containerd)(?:/.*)?|/var/log)/?$',
)
_SECRET_NAME = _Lazy(
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


@check('compose_cap_add')
def compose_cap_add(src: Source) -> Iterator[Hit]:
    """A compose service's cap_add lists a capability that escapes the container."""
    for m in _mappings(_yaml_roots(src)):
        for item in _scalars(m['cap_add'][1]) if 'cap_add' in m else ():
            cap = str(item.value).upper().removeprefix('CAP_')
            if cap in _DANGEROUS_CAPS:
                yield Hit(*src.at(item.start_mark), detail=cap)


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


# Dockerfile -------------------------------------------------------------------

_FROM = _Lazy(
    r'^\s*FROM\s+(?:--platform=\S{1,100}\s+)?(?P<image>\S{1,300})(?:\s+AS\s+(?P<stage>\S{1,100}))?\s*$',
    re.IGNORECASE,
)
_USER = _Lazy(r'^\s*USER\s+(?P<user>\S{1,100})', re.IGNORECASE)
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


# JavaScript / TypeScript ------------------------------------------------------

_TEMPLATE = _Lazy(r'`([^`]{0,4000})`')
_SQL_SHAPE = _Lazy(
    r'\b(?:SELECT\s[^`;]{0,1000}?\bFROM|select\s[^`;]{0,1000}?\bfrom|INSERT\s+INTO|insert\s+into|'
    r'UPDATE\s+[\w."\[\]]{1,80}\s+SET|update\s+[\w."\[\]]{1,80}\s+set|DELETE\s+FROM|delete\s+from)\b',
)
_INTERP = _Lazy(r'\$\{([^}`]{0,300})\}')
_SAFE_INTERP = _Lazy(
    r'^\s*(?:[A-Z][A-Z0-9_]{0,60}|[\w$.]{0,60}[Pp]laceholders?\w{0,30}(?:\.join\([^)]{0,20}\))?)\s*$'
    r"|'\?'|\"\?\"|=>\s*['\"`]\?|\$\{",
)
_SQL_CONCAT = _Lazy(
    r"""(['"])\s{0,20}(?:SELECT\s[^'"\n]{0,300}?\bFROM|select\s[^'"\n]{0,300}?\bfrom|INSERT\s+INTO|"""
    r"""insert\s+into|UPDATE\s+\S{1,80}\s+SET|update\s+\S{1,80}\s+set|DELETE\s+FROM|delete\s+from)\b"""
    r"""[^'"\n]{0,300}\1\s{0,5}\+\s{0,5}(?P<expr>(?![A-Z][A-Z0-9_]{0,60}\b)[\w$])""",
)


@check('js_sql_string')
def js_sql_string(src: Source) -> Iterator[Hit]:
    """SQL text built with ${} interpolation (untagged template) or + concatenation."""
    text = src.text
    for m in _TEMPLATE.finditer(text):
        before = text[m.start() - 1] if m.start() else ''
        if before.isalnum() or before in '_$)]':
            continue  # a tagged template (sql`...`) parameterizes its values
        body = m.group(1)
        if not _SQL_SHAPE.search(body):
            continue
        for i in _INTERP.finditer(body):
            prev = body[i.start() - 1] if i.start() else ''
            if prev == '$' or _SAFE_INTERP.search(i.group(1)):
                continue  # $${n} numbers a placeholder; constants and '?' lists are not input
            line, col = src.position(m.start(1) + i.start())
            yield Hit(line, col)
            break
    for m in _SQL_CONCAT.finditer(text):
        line, col = src.position(m.start())
        yield Hit(line, col)


_HTML_TEMPLATE_SINK = _Lazy(
    r'\.(?:inner|outer)HTML\s*\+?=\s*`|\.insertAdjacentHTML\s*\(\s*[\'"]\w{1,12}[\'"]\s*,\s*`'
    r'|\bdocument\.write(?:ln)?\s*\(\s*`',
)
_ESCAPED_INTERP = _Lazy(
    r'^\s*(?:[A-Z][A-Z0-9_]{0,60}|[\w$.]{1,80}\.length|\d{1,20})\s*$'
    r'|^\s*(?:DOMPurify\.sanitize|sanitize\w{0,20}|escape\w{0,20}|esc\w{0,12}|encodeURI(?:Component)?'
    r'|Number|parseInt|parseFloat|[\w$.]{0,40}\.toFixed|[\w$.]{0,40}\.toLocale\w{0,20}|i18n\.t|t)\s*\(',
)


@check('js_html_template_sink')
def js_html_template_sink(src: Source) -> Iterator[Hit]:
    """A template literal written as HTML whose ${} values are not escaped or constant."""
    text = src.text
    for m in _HTML_TEMPLATE_SINK.finditer(text):
        start = m.end()
        close = text.find('`', start, start + 6000)
        body = text[start:close if close >= 0 else start + 6000]
        for i in _INTERP.finditer(body):
            if not _ESCAPED_INTERP.search(i.group(1)):
                yield Hit(*src.position(start + i.start()))
                break


_JWT_VERIFY = _Lazy(r'\b(?:jwt|jsonwebtoken|JWT)\.verify\s*\(')


@check('js_jwt_verify_no_algorithms')
def js_jwt_verify_no_algorithms(src: Source) -> Iterator[Hit]:
    """jwt.verify(...) whose arguments (up to the closing paren) never name `algorithms`."""
    for m in _capped(_JWT_VERIFY.finditer(src.text)):
        args = _call_args(src.text, m.end() - 1)
        if args and not any('algorithms' in a for _, a in args):
            yield Hit(*src.position(m.start()))


# A check looks at no more than this many candidates per file: generated or
# hostile files with thousands of them cost a bounded amount of time.
MAX_CANDIDATES = 300


def _capped(matches: Iterable[re.Match[str]]) -> Iterator[re.Match[str]]:
    for n, m in enumerate(matches):
        if n >= MAX_CANDIDATES:
            return
        yield m


_CALL_TOKEN = _Lazy(r'[()\[\]{},\'"`]')


def _call_args(text: str, open_paren: int, limit: int = 2000) -> list[tuple[int, str]]:
    """Top-level arguments of the call whose `(` is at `open_paren`, with their offsets.

    Strings are skipped as opaque (escapes honoured); the scan stops at
    `limit` characters, so an unclosed call costs a bounded amount.
    """
    args: list[tuple[int, str]] = []
    depth, i, start = 0, open_paren + 1, open_paren + 1
    end = min(len(text), open_paren + limit)
    while True:
        tok = _CALL_TOKEN.search(text, i, end)
        if tok is None:
            break
        c, i = tok.group(), tok.start()
        if c in '\'"`':
            j = i + 1
            while True:  # to the closing quote, honouring backslash escapes
                close = text.find(c, j, end)
                if close < 0:
                    return []
                backslashes = len(text[j:close]) - len(text[j:close].rstrip('\\'))
                j = close + 1
                if backslashes % 2 == 0:
                    break
            i = j
            continue
        if c in '([{':
            depth += 1
        elif c in ')]}':
            if depth == 0:
                args.append((start, text[start:i]))
                return args
            depth -= 1
        elif depth == 0:  # a comma between arguments
            args.append((start, text[start:i]))
            start = i + 1
        i += 1
    return []  # unclosed within the limit: no verdict


_JWT_CALL = _Lazy(r'\b(?:jwt|jsonwebtoken|JWT)\.(?:sign|verify)\s*\(')
_STRING_LITERAL = _Lazy(r'\s*(?:\'[^\'\n]{1,300}\'|"[^"\n]{1,300}"|`[^`$\n]{1,300}`)\s*$')


@check('js_jwt_literal_key')
def js_jwt_literal_key(src: Source) -> Iterator[Hit]:
    """jwt.sign / jwt.verify whose key (second argument) is a string literal."""
    for m in _capped(_JWT_CALL.finditer(src.text)):
        args = _call_args(src.text, m.end() - 1)
        if len(args) >= 2 and _STRING_LITERAL.match(args[1][1]):
            offset = args[1][0] + len(args[1][1]) - len(args[1][1].lstrip())
            yield Hit(*src.position(offset))


_FUNCTION_CALL = _Lazy(r'Function\s*\(')  # literal first: far faster than a lookbehind


@check('js_dynamic_function')
def js_dynamic_function(src: Source) -> Iterator[Hit]:
    """Function(...) / new Function(...) with an argument that is not a string literal."""
    calls = (m for m in _FUNCTION_CALL.finditer(src.text)
             if not m.start() or not (src.text[m.start() - 1].isalnum() or src.text[m.start() - 1] in '_$.'))
    for m in _capped(calls):  # skipped above: AsyncFunction(, obj.Function(
        args = _call_args(src.text, m.end() - 1)
        if args and any(a.strip() for _, a in args) and not all(_STRING_LITERAL.match(a) for _, a in args):
            yield Hit(*src.position(m.start()))


# Terraform --------------------------------------------------------------------

_TF_BLOCK = _Lazy(
    r'\b(?:ingress|security_rule)\s*\{|\bresource\s+"(?:aws_security_group_rule|aws_vpc_security_group_ingress_rule|'
    r'google_compute_firewall|azurerm_network_security_rule)"\s+"[^"\n]{1,200}"\s*\{',
)
_OPEN_CIDR = _Lazy(
    r'"(?:0\.0\.0\.0/0|::/0)"|source_address_prefix\s*=\s*"(?:\*|Internet|Any|0\.0\.0\.0/0)"',
)
_ADMIN_PORTS = {22: 'SSH', 3389: 'RDP', 3306: 'MySQL', 5432: 'PostgreSQL', 6379: 'Redis',
                27017: 'MongoDB', 9200: 'Elasticsearch', 2375: 'Docker API', 23: 'telnet', 445: 'SMB'}


_BRACE = _Lazy(r'[{}]')


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
        if port:
            yield Hit(*src.position(m.end() + cidr.start()), detail=port)


_IAM_ACTION_STAR = _Lazy(r'"?\b[Aa]ctions?"?\s*[:=]\s*\[?\s*"\*"')
_IAM_RESOURCE_STAR = _Lazy(r'"?\b[Rr]esources?"?\s*[:=]\s*\[?\s*"\*"')


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
