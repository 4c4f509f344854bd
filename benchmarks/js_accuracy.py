"""aiguard on tests/js_corpus (JS/TS vulnerable/safe pairs): the regex packs alone and with the syntax-tree engine.

A vulnerable program counts as detected when a finding's CWE is in the same
family as the CWE its header names (`// cwe: CWE-89`); a safe program counts
as a false positive when it gets any finding (the families and the scoring are
benchmarks/python_accuracy.py's).

    python benchmarks/js_accuracy.py [--corpus DIR] [--json] [--verbose]
    python benchmarks/js_accuracy.py --tree /tmp/npm/node_modules/express ...   findings per rule on clean code
"""
from __future__ import annotations

import argparse
import json
import os
import re
import sys
import time
from collections.abc import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, '..', 'tests', 'js_corpus')
SUFFIXES = ('.js', '.jsx', '.mjs', '.cjs', '.ts', '.tsx', '.mts', '.cts')
sys.path.insert(0, HERE)
from python_accuracy import cwe_number, family, rates  # noqa: E402,F401  (one scoring for both languages)

sys.path.pop(0)
# each side: whether the patterns engine builds the syntax tree for JS/TS files
SIDES = {'regex rules only': False, 'syntax tree': True}


def load_corpus(root: str) -> tuple[list[tuple[str, int, str]], list[tuple[str, str]]]:
    """(name, cwe, source) for vulnerable programs, (name, source) for safe ones."""
    vulnerable, safe = [], []
    for side in ('vulnerable', 'safe'):
        folder = os.path.join(root, side)
        for stored in sorted(os.listdir(folder)):
            # stored as NAME.js.txt, so that no scan of this repository takes them for code
            name = stored[:-4] if stored.endswith('.txt') else stored
            if not name.endswith(SUFFIXES):
                continue
            with open(os.path.join(folder, stored), encoding='utf-8') as f:
                text = f.read()
            if side == 'vulnerable':
                m = re.match(r'// cwe: CWE-(\d+)', text)
                if not m:
                    raise SystemExit(f'{side}/{name}: first line must be "// cwe: CWE-N"')
                vulnerable.append((name, int(m.group(1)), text))
            else:
                safe.append((name, text))
    return vulnerable, safe


def findings(sources: Sequence[tuple[str, str]], tree: bool) -> tuple[dict[str, list[tuple[str, int | None]]], float]:
    """(rule id, CWE) per program from the patterns engine (with or without the syntax tree), and the seconds it took."""
    from aiguard.changes import ChangedFile
    from aiguard.config import Config
    from aiguard.scanners import ScanContext, patterns

    files = [ChangedFile(name, '', text.encode()) for name, text in sources]
    ctx = ScanContext(os.getcwd(), Config())
    out: dict[str, list[tuple[str, int | None]]] = {name: [] for name, _ in sources}
    patterns.USE_TREE = tree
    try:
        start = time.perf_counter()
        found = patterns.scan([f for f in files if patterns.wants(f.path)], ctx)
        elapsed = time.perf_counter() - start
    finally:
        patterns.USE_TREE = True
    for f in found:
        out[f.path].append((f.rule_id, cwe_number(f.cwe)))
    return out, elapsed


def corpus_report(corpus: str, verbose: bool) -> dict[str, object]:
    vulnerable, safe = load_corpus(corpus)
    vulnerable = [(f'vulnerable/{n}', c, t) for n, c, t in vulnerable]
    safe = [(f'safe/{n}', t) for n, t in safe]
    everything = [(n, t) for n, _, t in vulnerable] + safe
    report: dict[str, object] = {'corpus': {'vulnerable': len(vulnerable), 'safe': len(safe)}}
    for side, tree in SIDES.items():
        found, seconds = findings(everything, tree)
        report[side] = {**rates(vulnerable, safe, found), 'seconds': round(seconds, 3)}
        if verbose:
            report[side]['findings'] = {n: f for n, f in found.items() if f}  # type: ignore[index]
    return report


def tree_report(roots: Sequence[str]) -> int:
    """Findings per rule over every JS/TS file under `roots` (code believed clean), and the time per file."""
    from collections import Counter

    sources = []
    for root in roots:
        for dirpath, _, names in os.walk(root):
            for name in sorted(names):
                if name.endswith(SUFFIXES) and not name.endswith(('.min.js', '.d.ts')):
                    path = os.path.join(dirpath, name)
                    with open(path, encoding='utf-8', errors='replace') as f:
                        sources.append((path, f.read()))
    lines = sum(t.count('\n') for _, t in sources)
    print(f'{len(sources)} files, {lines} lines under {", ".join(roots)}')
    for side, tree in SIDES.items():
        found, seconds = findings(sources, tree)
        per_rule = Counter(r for got in found.values() for r, _ in got)
        print(f'{side}: {sum(per_rule.values())} findings in {sum(1 for f in found.values() if f)} files, '
              f'{seconds:.2f}s ({1000 * seconds / max(len(sources), 1):.2f} ms a file)')
        for rule, n in per_rule.most_common():
            print(f'  {rule:<8} {n}')
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--corpus', default=CORPUS)
    parser.add_argument('--tree', nargs='+', help='count findings per rule over installed packages instead')
    parser.add_argument('--json', action='store_true')
    parser.add_argument('--verbose', action='store_true', help='list missed and falsely flagged programs')
    args = parser.parse_args(argv)
    if args.tree:
        return tree_report(args.tree)
    report = corpus_report(args.corpus, args.verbose)
    if args.json:
        print(json.dumps(report, indent=2))
        return 0
    c = report['corpus']
    print(f'corpus {os.path.relpath(args.corpus)}: {c["vulnerable"]} vulnerable, {c["safe"]} safe programs')  # type: ignore[index]
    for side in SIDES:
        r = report[side]
        print(f'{side:<26} detected {r["detected"]}/{r["vulnerable"]} ({r["detection_rate"]:.1%}), '  # type: ignore[index]
              f'false positives {r["false_positives"]}/{r["safe"]} ({r["false_positive_rate"]:.1%}), {r["seconds"]}s')  # type: ignore[index]
        if args.verbose:
            print(f'    missed: {", ".join(r["missed"]) or "-"}')  # type: ignore[index]
            print(f'    false positives: {", ".join(r["false_positive_files"]) or "-"}')  # type: ignore[index]
            for name, got in sorted(r['findings'].items()):  # type: ignore[index]
                print(f'      {name}: {got}')
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
