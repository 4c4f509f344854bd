"""Precision and recall of `ai_assisted` on aiguard's attribution corpus.

Each corpus entry becomes a real commit (git commit-tree, with the entry's
author and committer) in a temporary repository; the verdict comes from
aiguard.attribution.attribute_commit, as in range mode.

    python benchmarks/attribution_accuracy.py [--json] [--corpus FILE]
"""
from __future__ import annotations

import argparse
import dataclasses
import json
import os
import re
import subprocess
import sys
import tempfile
from collections.abc import Sequence

HERE = os.path.dirname(os.path.abspath(__file__))
CORPUS = os.path.join(HERE, '..', 'tests', 'attribution_corpus', 'commits.yaml')
_IDENT = re.compile(r'^(?P<name>.*?) <(?P<email>[^>]*)>$')


@dataclasses.dataclass
class Outcome:
    id: str
    expected: bool
    got: bool
    score: float
    tools: tuple[str, ...]
    expected_tool: str | None
    reasons: tuple[str, ...]


@dataclasses.dataclass
class Report:
    outcomes: list[Outcome]

    def count(self, expected: bool, got: bool) -> int:
        return sum(1 for o in self.outcomes if o.expected == expected and o.got == got)

    @property
    def precision(self) -> float:
        tp, fp = self.count(True, True), self.count(False, True)
        return tp / (tp + fp) if tp + fp else 1.0

    @property
    def recall(self) -> float:
        tp, fn = self.count(True, True), self.count(True, False)
        return tp / (tp + fn) if tp + fn else 1.0

    @property
    def wrong(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.expected != o.got]

    @property
    def wrong_tool(self) -> list[Outcome]:
        return [o for o in self.outcomes
                if o.got and o.expected_tool and (not o.tools or o.tools[0] != o.expected_tool)]

    def to_json(self) -> dict[str, object]:
        return {
            'size': len(self.outcomes), 'ai': sum(o.expected for o in self.outcomes),
            'true_positive': self.count(True, True), 'false_positive': self.count(False, True),
            'false_negative': self.count(True, False), 'true_negative': self.count(False, False),
            'precision': round(self.precision, 4), 'recall': round(self.recall, 4),
            'misclassified': [o.id for o in self.wrong], 'wrong_tool': [o.id for o in self.wrong_tool],
        }


def load_corpus(path: str = CORPUS) -> list[dict]:
    import yaml

    with open(path, encoding='utf-8') as f:
        return yaml.safe_load(f)


def _env(author: str, committer: str) -> dict[str, str]:
    a, c = _IDENT.match(author), _IDENT.match(committer)
    assert a and c, (author, committer)
    env = {k: v for k, v in os.environ.items() if not k.startswith('GIT_')}
    env.update(
        GIT_CONFIG_NOSYSTEM='1', GIT_AUTHOR_NAME=a['name'], GIT_AUTHOR_EMAIL=a['email'],
        GIT_COMMITTER_NAME=c['name'], GIT_COMMITTER_EMAIL=c['email'],
        GIT_AUTHOR_DATE='2026-03-02T10:00:00Z', GIT_COMMITTER_DATE='2026-03-02T10:00:00Z',
    )
    return env


def build(root: str, entries: Sequence[dict]) -> dict[str, str]:
    """One real commit per entry (on the empty tree); id -> oid."""
    subprocess.run(('git', 'init', '-q', root), check=True)
    tree = subprocess.run(('git', 'hash-object', '-t', 'tree', '--stdin'), cwd=root, input=b'',
                          capture_output=True, check=True).stdout.decode().strip()
    oids = {}
    for e in entries:
        env = _env(e['author'], e.get('committer', e['author']))
        oids[e['id']] = subprocess.run(
            ('git', 'commit-tree', tree, '-F', '-'), cwd=root, env=env, check=True,
            input=e['message'].encode(), capture_output=True,
        ).stdout.decode().strip()
    return oids


def evaluate(entries: Sequence[dict] | None = None) -> Report:
    """Build the corpus in a temporary repository and attribute every commit."""
    from aiguard import git
    from aiguard.attribution import attribute_commit
    from aiguard.config import Config

    entries = load_corpus() if entries is None else entries
    config = Config()
    outcomes = []
    with tempfile.TemporaryDirectory() as root:
        oids = build(root, entries)
        for e in entries:
            a = attribute_commit(root, config, git.commit_info(oids[e['id']], root), ())
            outcomes.append(Outcome(e['id'], bool(e['ai']), a.ai_assisted, a.score, a.tools,
                                    e.get('tool'), a.reasons))
    return Report(outcomes)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    parser.add_argument('--json', action='store_true')
    parser.add_argument('--corpus', default=CORPUS)
    args = parser.parse_args(argv)
    report = evaluate(load_corpus(args.corpus))
    if args.json:
        print(json.dumps(report.to_json(), indent=2))
        return 0
    j = report.to_json()
    print(f'corpus: {j["size"]} commits ({j["ai"]} AI-assisted, {j["size"] - j["ai"]} human or non-AI bot)')
    print(f'ai_assisted: precision {report.precision:.3f}, recall {report.recall:.3f} '
          f'(TP {j["true_positive"]}, FP {j["false_positive"]}, FN {j["false_negative"]}, TN {j["true_negative"]})')
    for o in report.wrong:
        kind = 'false positive' if o.got else 'false negative'
        print(f'  {kind}: {o.id} (score {o.score:g}): {"; ".join(o.reasons) or "no signal"}')
    for o in report.wrong_tool:
        print(f'  wrong tool: {o.id}: expected {o.expected_tool}, got {", ".join(o.tools) or "none"}')
    return 0


if __name__ == '__main__':
    sys.path.insert(0, os.path.join(HERE, '..', 'src'))
    raise SystemExit(main())
