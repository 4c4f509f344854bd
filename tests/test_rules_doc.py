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


def test_pack_cache_is_used_and_follows_edits(tmp_path, monkeypatch) -> None:
    import shutil

    from aiguard import rules

    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'cache'))
    packs = tmp_path / 'rules'
    packs.mkdir()
    shutil.copy(os.path.join(rules.RULES_DIR, 'policy.yaml'), packs / 'policy.yaml')
    monkeypatch.setattr(rules, 'RULES_DIR', str(packs))
    first = rules.read_pack_data('policy')
    cached = list((tmp_path / 'cache' / 'aiguard').iterdir())
    assert len(cached) == 1 and cached[0].name.startswith('pack-policy-')
    assert rules.read_pack_data('policy') == first
    text = (packs / 'policy.yaml').read_text().replace('ai-change-in-human-only-zone', 'renamed-rule')
    (packs / 'policy.yaml').write_text(text)
    os.utime(packs / 'policy.yaml', ns=(1, 1))
    assert rules.read_pack_data('policy')[0]['name'] == 'renamed-rule'
    # the entry of the unedited pack stays (another install may use it; pruning: test_rule_cache.py)
    assert len(list((tmp_path / 'cache' / 'aiguard').iterdir())) == 2


def test_unwritable_cache_still_loads(tmp_path, monkeypatch) -> None:
    from aiguard import rules

    blocker = tmp_path / 'file'
    blocker.write_text('not a directory')
    monkeypatch.setenv('XDG_CACHE_HOME', str(blocker))
    assert rules.read_pack_data('policy')[0]['id'] == 'POL001'
