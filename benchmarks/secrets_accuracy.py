"""Recall and false-positive rate of aiguard's secrets engine vs detect-secrets alone.

Usage: python benchmarks/secrets_accuracy.py [--seeds N] [--misses]
       python benchmarks/secrets_accuracy.py --samples MODULE [--misses] [--by-group]
         (a held-out corpus: a module or .py file whose samples() returns dicts
          with path, text, secret (bool) and label, e.g. tests/secrets_corpus/holdout4.py)
       python benchmarks/secrets_accuracy.py --tree DIR [--no-detect-secrets]
         (findings and speed on a clean source tree, e.g. a site-packages dir)

The corpus (tests/secrets_corpus) is generated at run time: per-provider
positives and negatives plus structural/generic samples. detect-secrets runs
in-process with its default plugins and filters on the same files.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import defaultdict
from collections.abc import Sequence

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..'))

from tests.secrets_corpus import Sample, all_samples  # noqa: E402


def load_samples(spec: str) -> list[Sample]:
    """The samples of a held-out corpus: `samples()` of a module name or a .py file, as Sample records."""
    import importlib
    import importlib.util

    if spec.endswith('.py') or os.sep in spec:
        loader = importlib.util.spec_from_file_location('heldout_samples', spec)
        if loader is None or loader.loader is None:
            raise SystemExit(f'{spec}: not a Python file')
        module = importlib.util.module_from_spec(loader)
        loader.loader.exec_module(module)
    else:
        module = importlib.import_module(spec)
    out = []
    for d in module.samples():
        label = str(d.get('label', ''))
        out.append(Sample(label.split(':')[0] or 'sample', str(d['path']), str(d['text']), bool(d['secret']), label))
    return out


def aiguard_flags(samples: Sequence[Sample]) -> list[bool]:
    from aiguard.scanners.secrets import scan_text

    return [bool(scan_text(s.path, s.text)) for s in samples]


def detect_secrets_flags(samples: Sequence[Sample]) -> list[bool]:
    from detect_secrets import SecretsCollection
    from detect_secrets.settings import default_settings

    out = []
    with tempfile.TemporaryDirectory() as tmp, default_settings():
        for i, s in enumerate(samples):
            path = os.path.join(tmp, str(i), s.path)
            os.makedirs(os.path.dirname(path), exist_ok=True)
            with open(path, 'w', encoding='utf-8') as f:
                f.write(s.text)
            collection = SecretsCollection(root=os.path.join(tmp, str(i)))
            collection.scan_file(s.path)
            out.append(bool(list(collection)))
    return out


def rates(samples: Sequence[Sample], flags: Sequence[bool]) -> tuple[float, float, int, int]:
    pos = [f for s, f in zip(samples, flags) if s.secret]
    neg = [f for s, f in zip(samples, flags) if not s.secret]
    return sum(pos) / len(pos), sum(neg) / len(neg), len(pos), len(neg)


def tree(root: str, run_detect_secrets: bool) -> None:
    """Findings and wall time of aiguard, and of `detect-secrets scan --all-files`, on one tree."""
    import subprocess
    import time

    from aiguard.scanners.secrets import scan_text

    start = time.perf_counter()
    files = size = 0
    findings = []
    for d, dirs, names in os.walk(root):
        dirs[:] = [x for x in dirs if x not in ('__pycache__', '.git')]
        for name in names:
            path = os.path.join(d, name)
            try:
                with open(path, 'rb') as f:
                    data = f.read()
            except OSError:
                continue
            if b'\0' in data[:8000]:
                continue  # binary, as git and aiguard skip it
            files += 1
            size += len(data)
            findings += scan_text(os.path.relpath(path, root), data.decode('utf-8', 'replace'))
    took = time.perf_counter() - start
    print(f'{root}: {files} text files, {size / 1e6:.1f} MB')
    print(f'aiguard         {len(findings):5d} findings  {took:7.2f} s  ({size / 1e6 / took:.1f} MB/s)')
    for f in findings:
        print(f'    {f.path}:{f.line}: {f.rule_id} {f.message}')
    if run_detect_secrets:
        exe = os.path.join(os.path.dirname(sys.executable), 'detect-secrets')
        start = time.perf_counter()
        out = subprocess.run([exe, 'scan', '--all-files', '.'], cwd=root, capture_output=True, text=True)
        took = time.perf_counter() - start
        import json

        results = json.loads(out.stdout or '{}').get('results', {})
        count = sum(len(v) for v in results.values())
        print(f'detect-secrets  {count:5d} findings  {took:7.2f} s  ({size / 1e6 / took:.1f} MB/s)')


def main(argv: Sequence[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seeds', type=int, default=3, help='corpus variants to generate (default 3)')
    p.add_argument('--misses', action='store_true', help='list aiguard misses and false alarms')
    p.add_argument('--no-detect-secrets', action='store_true')
    p.add_argument('--by-group', action='store_true', help='one line per provider / sample group')
    p.add_argument('--tree', metavar='DIR', help='scan a clean source tree instead of the corpus')
    p.add_argument('--samples', metavar='MODULE', help='a held-out corpus instead of the generated one')
    args = p.parse_args(argv)
    if args.tree:
        tree(args.tree, not args.no_detect_secrets)
        return 0
    if args.samples:
        samples = load_samples(args.samples)
    else:
        samples = [s for seed in range(1, args.seeds + 1) for s in all_samples(seed * 10)]
    ours = aiguard_flags(samples)
    recall, fp, npos, nneg = rates(samples, ours)
    print(f'corpus: {npos} positives, {nneg} negatives ({len({s.provider for s in samples})} groups)')
    print(f'aiguard         recall {recall:6.1%} ({round(recall * npos)}/{npos})   '
          f'false positives {fp:6.1%} ({round(fp * nneg)}/{nneg})')
    theirs = None
    if not args.no_detect_secrets:
        theirs = detect_secrets_flags(samples)
        r2, f2, _, _ = rates(samples, theirs)
        print(f'detect-secrets  recall {r2:6.1%} ({round(r2 * npos)}/{npos})   '
              f'false positives {f2:6.1%} ({round(f2 * nneg)}/{nneg})')
    if args.by_group:
        print(f'\n{"group":24s} {"pos":>4s} {"aiguard":>8s} {"d-s":>6s}   {"neg":>4s} {"aiguard":>8s} {"d-s":>6s}')
        for group in sorted({s.provider for s in samples}):
            idx = [i for i, s in enumerate(samples) if s.provider == group]
            cells = []
            for secret in (True, False):
                sel = [i for i in idx if samples[i].secret is secret]
                ours_rate = sum(ours[i] for i in sel) / len(sel) if sel else 0.0
                theirs_rate = sum(theirs[i] for i in sel) / len(sel) if sel and theirs else 0.0
                cells.append(f'{len(sel):4d} {ours_rate:8.0%} {theirs_rate:6.0%}')
            print(f'{group:24s} {cells[0]}   {cells[1]}')
    if args.misses:
        by: dict[str, list[str]] = defaultdict(list)
        for s, f in zip(samples, ours):
            if f != s.secret:
                by['missed' if s.secret else 'false alarm'].append(f'{s.provider}: {s.note} ({s.path})')
        for kind, items in by.items():
            print(f'\n{kind} ({len(items)}):')
            for item in sorted(set(items)):
                print('  ' + item)
    return 0


if __name__ == '__main__':
    raise SystemExit(main())
