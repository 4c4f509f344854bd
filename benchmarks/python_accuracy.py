"""aiguard's Python engine against bandit on tests/python_corpus (vulnerable/safe pairs).

A vulnerable program counts as detected when a finding's CWE is in the same
family as the CWE its header names (`# cwe: CWE-89`); a safe program counts
as a false positive when it gets any finding. Bandit runs in-process with its
default profile (aiguard's plugins excluded), at its default level (all
findings), at -ll (medium severity and up) and at -ll -ii.

    python benchmarks/python_accuracy.py [--corpus DIR ...] [--json] [--verbose]
    python benchmarks/python_accuracy.py --tree SITE_PACKAGES/flask ...   findings per rule on clean code
"""
from __future__ import annotations

import argparse
import io
import json
import os
import re
import time
from collections.abc import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, '..', 'tests', 'python_corpus')

# CWE families: a finding "has the right family" when both CWEs fall in one set.
FAMILIES: dict[str, frozenset[int]] = {
    'sql-injection': frozenset((89, 564, 943)),
    'command-injection': frozenset((77, 78, 88)),
    'code-injection': frozenset((94, 95, 1336, 96)),
    'xss': frozenset((79, 80, 116)),
    'path-traversal': frozenset((22, 23, 36, 73)),
    'deserialization': frozenset((502,)),
    'authentication': frozenset((287, 306, 347, 307, 613, 384, 208, 345, 290)),
    'hardcoded-credentials': frozenset((798, 259, 321, 547)),
    'authorization': frozenset((639, 862, 863, 284, 285, 617, 566)),
    'weak-crypto': frozenset((327, 328, 916, 759, 760, 326, 329, 1204, 330, 338, 331)),
    'tls': frozenset((295, 297, 599)),
    'configuration': frozenset((489, 215, 942, 346, 614, 1004, 183, 644, 16, 1327, 605)),
    'open-redirect': frozenset((601,)),
    'ssrf': frozenset((918,)),
    'xxe': frozenset((611, 776, 827)),
    'information-exposure': frozenset((209, 210, 532, 200, 497)),
    'error-handling': frozenset((390, 703, 754, 636, 391, 396)),
    'credential-storage': frozenset((256, 257, 312, 522)),
    'cleartext-transmission': frozenset((319, 523)),
    'csrf': frozenset((352,)),
    'file-upload': frozenset((434,)),
    'ldap-injection': frozenset((90,)),
    'xpath-injection': frozenset((643,)),
    'regex-dos': frozenset((1333, 730, 400)),
    'mass-assignment': frozenset((915,)),
}


def family(cwe: int | None) -> str | None:
    for name, members in FAMILIES.items():
        if cwe in members:
            return name
    return None


def cwe_number(text: str | None) -> int | None:
    m = re.search(r'(\d+)', text or '')
    return int(m.group(1)) if m else None


def load_corpus(root: str) -> tuple[list[tuple[str, int, str]], list[tuple[str, str]]]:
    """(name, cwe, source) for vulnerable programs, (name, source) for safe ones."""
    vulnerable, safe = [], []
    for side in ('vulnerable', 'safe'):
        folder = os.path.join(root, side)
        for stored in sorted(os.listdir(folder)):
            # NAME.py.txt is NAME.py kept out of reach of scans of the repository holding it
            name = stored[:-4] if stored.endswith('.py.txt') else stored
            if not name.endswith('.py'):
                continue
            with open(os.path.join(folder, stored), encoding='utf-8') as f:
                text = f.read()
            if side == 'vulnerable':
                m = re.match(r'# cwe: CWE-(\d+)', text)
                if not m:
                    raise SystemExit(f'{side}/{name}: first line must be "# cwe: CWE-N"')
                vulnerable.append((name, int(m.group(1)), text))
            else:
                safe.append((name, text))
    return vulnerable, safe


def aiguard_findings(sources: Sequence[tuple[str, str]]) -> tuple[dict[str, list[tuple[str, int | None]]], float]:
    """(rule id, CWE) per program from aiguard's Python engine, and the seconds it took."""
    from aiguard.changes import ChangedFile
    from aiguard.config import Config
    from aiguard.scanners import ScanContext
    from aiguard.scanners import python as engine

    files = [ChangedFile(name, '', text.encode()) for name, text in sources]
    ctx = ScanContext(os.getcwd(), Config())
    start = time.perf_counter()
    found = engine.scan(files, ctx)
    elapsed = time.perf_counter() - start
    out: dict[str, list[tuple[str, int | None]]] = {name: [] for name, _ in sources}
    for f in found:
        out[f.path].append((f.rule_id, cwe_number(f.cwe)))
    return out, elapsed


def bandit_findings(sources: Sequence[tuple[str, str]]) -> tuple[dict[str, list[tuple[str, int | None, str, str]]], float]:
    """(test id, CWE, severity, confidence) per program from bandit's default profile."""
    import logging

    from bandit.core import config as b_config
    from bandit.core import manager as b_manager

    logging.getLogger('bandit').setLevel(logging.CRITICAL)
    from bandit.core import extension_loader

    ours = [i for i in extension_loader.MANAGER.plugins_by_id if i.startswith('PY')]
    mgr = b_manager.BanditManager(b_config.BanditConfig(), 'file', profile={'exclude': ours} if ours else None)
    out: dict[str, list[tuple[str, int | None, str, str]]] = {}
    start = time.perf_counter()
    for name, text in sources:
        mgr.results = []
        mgr._parse_file(name, io.BytesIO(text.encode()), [name])
        out[name] = [(i.test_id, i.cwe.id or None, i.severity, i.confidence) for i in mgr.results]
    return out, time.perf_counter() - start


LEVELS = {'LOW': 1, 'MEDIUM': 2, 'HIGH': 3}


def bandit_at(results: list[tuple[str, int | None, str, str]], sev: str, conf: str) -> list[tuple[str, int | None]]:
    return [(t, c) for t, c, s, k in results if LEVELS[s] >= LEVELS[sev] and LEVELS[k] >= LEVELS[conf]]


def rates(vulnerable, safe, findings) -> dict[str, object]:
    detected = [n for n, cwe, _ in vulnerable if any(family(c) == family(cwe) for _, c in findings[n])]
    flagged_any = [n for n, _, _ in vulnerable if findings[n]]
    false_pos = [n for n, _ in safe if findings[n]]
    return {
        'detected': len(detected), 'vulnerable': len(vulnerable),
        'detection_rate': round(len(detected) / len(vulnerable), 3),
        'flagged_any_rate': round(len(flagged_any) / len(vulnerable), 3),
        'false_positives': len(false_pos), 'safe': len(safe),
        'false_positive_rate': round(len(false_pos) / len(safe), 3),
        'missed': sorted(set(n for n, _, _ in vulnerable) - set(detected)),
        'false_positive_files': sorted(false_pos),
    }


def tree_report(roots: Sequence[str]) -> int:
    """Findings per rule (and per bandit test) over every .py file under `roots`: code believed clean."""
    from collections import Counter

    sources = []
    for root in roots:
        for dirpath, _, names in os.walk(root):
            for name in sorted(names):
                if name.endswith('.py'):
                    path = os.path.join(dirpath, name)
                    with open(path, encoding='utf-8', errors='replace') as f:
                        sources.append((path, f.read()))
    lines = sum(t.count('\n') for _, t in sources)
    ours, our_time = aiguard_findings(sources)
    theirs, their_time = bandit_findings(sources)
    per_rule = Counter(r for found in ours.values() for r, _ in found)
    per_test = Counter(t for found in theirs.values() for t, *_ in found)
    print(f'{len(sources)} files, {lines} lines under {", ".join(roots)}')
    print(f'aiguard: {sum(per_rule.values())} findings in {sum(1 for f in ours.values() if f)} files, {our_time:.2f}s')
    for rule, n in per_rule.most_common():
        print(f'  {rule:<8} {n}')
    print(f'bandit (default profile): {sum(per_test.values())} findings, {their_time:.2f}s')
    for test, n in per_test.most_common():
        print(f'  {test:<8} {n}')
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--corpus', action='append', help='default: tests/python_corpus, holdout/ and holdout2/')
    parser.add_argument('--tree', nargs='+', help='count findings per rule over installed packages instead')
    parser.add_argument('--json', action='store_true')
    parser.add_argument('--verbose', action='store_true', help='list missed and falsely flagged programs')
    args = parser.parse_args(argv)
    if args.tree:
        return tree_report(args.tree)
    corpora = args.corpus or [CORPUS, os.path.join(CORPUS, 'holdout'), os.path.join(CORPUS, 'holdout2')]
    results = [corpus_report(c, args) for c in corpora]
    if args.json:
        print(json.dumps(results if len(results) > 1 else results[0], indent=2))
    return 0


def corpus_report(corpus: str, args: argparse.Namespace) -> dict[str, object]:
    vulnerable, safe = load_corpus(corpus)
    vuln_src = [(f'vulnerable/{n}', t) for n, _, t in vulnerable]
    safe_src = [(f'safe/{n}', t) for n, t in safe]
    vulnerable = [(f'vulnerable/{n}', c, t) for n, c, t in vulnerable]
    safe = [(f'safe/{n}', t) for n, t in safe]
    everything = vuln_src + safe_src

    ours, our_time = aiguard_findings(everything)
    theirs_raw, their_time = bandit_findings(everything)
    report = {
        'corpus': {'vulnerable': len(vulnerable), 'safe': len(safe)},
        'aiguard': rates(vulnerable, safe, ours),
        'bandit (default, -l)': rates(vulnerable, safe, {n: bandit_at(r, 'LOW', 'LOW') for n, r in theirs_raw.items()}),
        'bandit (medium, -ll)': rates(vulnerable, safe, {n: bandit_at(r, 'MEDIUM', 'LOW') for n, r in theirs_raw.items()}),
        'bandit (medium, -ll -ii)': rates(vulnerable, safe, {n: bandit_at(r, 'MEDIUM', 'MEDIUM') for n, r in theirs_raw.items()}),
        'seconds': {'aiguard': round(our_time, 3), 'bandit': round(their_time, 3)},
    }
    report['corpus']['path'] = os.path.relpath(corpus)
    if args.json:
        return report
    print(f'corpus {os.path.relpath(corpus)}: {len(vulnerable)} vulnerable, {len(safe)} safe programs')
    print(f'{"tool":<26} {"detected (CWE family)":>22} {"any finding":>12} {"false positives":>16}')
    for tool, r in report.items():
        if not isinstance(r, dict) or 'detected' not in r:
            continue
        print(f'{tool:<26} {r["detected"]:>3}/{r["vulnerable"]:<3} ({r["detection_rate"]:>5.1%})'
              f'   {r["flagged_any_rate"]:>9.1%}   {r["false_positives"]:>3}/{r["safe"]:<3} ({r["false_positive_rate"]:>5.1%})')
        if args.verbose:
            print(f'    missed: {", ".join(r["missed"]) or "-"}')
            print(f'    false positives: {", ".join(r["false_positive_files"]) or "-"}')
    print(f'time: aiguard {our_time:.3f}s, bandit {their_time:.3f}s (in-process, same files)')
    if args.verbose:
        for name, found in sorted(ours.items()):
            if name.startswith('safe/') and found:
                print(f'  {name}: {found}')
    print()
    return report


if __name__ == '__main__':
    raise SystemExit(main())
