"""docs/rules.md is generated from the rule packs, and every rule is documented and listed."""
from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from aiguard.commands import rules_markdown
from aiguard.rules import all_rules, load_pack, pack_names

ROOT = os.path.join(os.path.dirname(__file__), '..')
DOC = os.path.join(ROOT, 'docs', 'rules.md')


def test_rules_md_is_generated_text() -> None:
    with open(DOC, encoding='utf-8') as f:
        on_disk = f.read()
    assert on_disk == rules_markdown(), 'docs/rules.md is stale: run `aiguard rules --format md > docs/rules.md`'


def test_readme_links_the_rule_reference() -> None:
    with open(os.path.join(ROOT, 'README.md'), encoding='utf-8') as f:
        assert '(docs/rules.md)' in f.read()


ALL = [(pack, rid) for pack in pack_names() for rid in load_pack(pack)]


@pytest.mark.parametrize(('pack', 'rule_id'), ALL)
def test_rule_is_complete(pack: str, rule_id: str) -> None:
    rule = load_pack(pack)[rule_id]
    assert re.fullmatch(r'[A-Z][A-Z0-9]*\d{3}', rule.id)
    if rule.category != 'policy':  # policy rules are aiguard's own verdicts, not weaknesses
        assert rule.cwe and re.fullmatch(r'CWE-\d+', rule.cwe), rule.id
    for part in (rule.summary, rule.what, rule.why, rule.example, rule.use_instead):
        assert part.strip()
    assert f'## {rule.id}\n' in rules_markdown()


def test_aiguard_rules_lists_every_rule() -> None:
    proc = subprocess.run([sys.executable, '-m', 'aiguard', 'rules'], capture_output=True, text=True, check=True)
    listed = {line.split()[0] for line in proc.stdout.splitlines() if line.strip()}
    assert listed == set(all_rules())
