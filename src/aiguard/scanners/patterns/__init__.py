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

import functools
import re
from collections.abc import Sequence

from aiguard.changes import ChangedFile
from aiguard.findings import Finding
from aiguard.regexes import lazy
from aiguard.rules import Rule, enabled, load_pack
from aiguard.scanners import ScanContext, finding, is_script, unless_secret
from aiguard.scanners.pattern_files import PACKS, Pack, packs_for, wants, wants_content  # noqa: F401  (the engine's API)
from aiguard.scanners.patterns.compiled import CompiledRule  # noqa: F401  (the engine's API)
from aiguard.scanners.patterns.source import CHECKS, Hit, Source, all_checks, check  # noqa: F401  (the engine's API)
from aiguard.scanners.patterns.yaml_nodes import yaml_problem

NAME = 'patterns'

# The first line of a script named without an extension (bin/deploy) that runs a POSIX shell.
_SHELL_SHEBANG = lazy(r'#![ \t]*(?:/usr)?(?:/local)?/bin/(?:env[ \t]+(?:-S[ \t]+)?)?(?:ba|da|z|k|a)?sh(?:[ \t]|$)')


def wants_file(f: ChangedFile) -> bool:
    """A shell script known by its first line (`#!/bin/bash`), not its name; text that may hide code."""
    return scan_path(f) != f.path or wants_content(f.path, f.content, f.binary)


def scan_path(f: ChangedFile) -> str:
    """The path the rules see: a shell script without an extension is read as `<path>.sh`,
    so the shell pack and its rules' `files` globs take it as the shell file it is."""
    if not is_script(f):
        return f.path
    first = f.content[:200].split(b'\n', 1)[0].decode('utf-8', 'replace')
    return f'{f.path}.sh' if _SHELL_SHEBANG.match(first) else f.path



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
    packs = packs_for(src.path)
    if not src.text.isascii() and 'patterns-agents' not in packs:
        packs.append('patterns-unicode')  # its checks read only code and bidirectional controls
    for pack in packs:
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
    return unless_secret(path, detail, 'withheld: it holds a secret')
