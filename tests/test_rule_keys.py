"""A rule pack with a key no engine reads is an error that names the pack, the rule and the key."""
from __future__ import annotations

import pytest

from aiguard import rules
from aiguard.rules import RuleDataError, check_keys, pack_names, read_pack_data

RULE = '''- id: TYPO001
  name: typo-rule
  category: sast
  severity: high
  cwe: CWE-78
  confidence: high
  summary: A rule whose condition is misspelt
  pattern: 'exec\\('
  {extra}
  doc:
    what: w
    why: w
    example: e
    use_instead: u
'''


@pytest.fixture
def rules_dir(tmp_path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'cache'))
    monkeypatch.setattr(rules, 'RULES_DIR', str(tmp_path))
    return tmp_path


@pytest.mark.parametrize('pack', pack_names())
def test_every_shipped_rule_uses_only_known_keys(pack: str) -> None:
    for item in read_pack_data(pack):
        check_keys(item, pack)


@pytest.mark.parametrize(('extra', 'named'), [
    ("not_patern: 'safe'", "rule TYPO001 has an unknown key 'not_patern'"),
    ("examples: {bad: ['exec(x)'], goood: ['print(x)']}", 'rule TYPO001 has an unknown key examples.goood'),
    ("not_after: {pattern: 'x', line: 3}", 'rule TYPO001 has an unknown key not_after.line'),
    ("bandit: [B602]", "rule TYPO001 has an unknown key 'bandit'"),  # a Python key in a pattern pack
])
def test_a_misspelt_key_in_a_pack_is_an_error_naming_pack_rule_and_key(rules_dir, extra: str, named: str) -> None:
    (rules_dir / 'patterns-typo.yaml').write_text(RULE.format(extra=extra))
    with pytest.raises(RuleDataError, match=r'^patterns-typo\.yaml: ' + named.replace('.', r'\.').replace('[', r'\[')):
        rules.load_pack.__wrapped__('patterns-typo')


def test_the_same_rule_without_the_typo_loads(rules_dir) -> None:
    (rules_dir / 'patterns-typo.yaml').write_text(RULE.format(extra="not_pattern: 'safe'"))
    assert rules.load_pack.__wrapped__('patterns-typo')['TYPO001'].data['not_pattern'] == 'safe'
