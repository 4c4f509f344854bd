"""The rule-data cache (rules.cached_build): rebuilt when its source changes, shared by installs."""
from __future__ import annotations

import os

import pytest

from aiguard import rules


@pytest.fixture
def cache_home(tmp_path, monkeypatch) -> str:
    monkeypatch.setenv('XDG_CACHE_HOME', str(tmp_path / 'cache'))
    return str(tmp_path / 'cache' / 'aiguard')


def _pack(path, text: str) -> str:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text)
    return str(path)


def _builder(calls: list[str], source: str):
    def build() -> dict[str, str]:
        calls.append(source)
        with open(source) as f:
            return {'text': f.read()}
    return build


def test_a_second_run_reads_the_cache_and_an_edit_builds_again(tmp_path, cache_home: str) -> None:
    calls: list[str] = []
    pack = _pack(tmp_path / 'site' / 'pack.yaml', 'one\n')
    assert rules.cached_build(pack, 'demo', _builder(calls, pack)) == {'text': 'one\n'}
    assert rules.cached_build(pack, 'demo', _builder(calls, pack)) == {'text': 'one\n'}
    assert len(calls) == 1
    _pack(tmp_path / 'site' / 'pack.yaml', 'two, longer\n')
    assert rules.cached_build(pack, 'demo', _builder(calls, pack)) == {'text': 'two, longer\n'}
    assert len(calls) == 2


def test_two_installs_used_in_turn_keep_their_entries(tmp_path, cache_home: str) -> None:
    # pre-commit's environment and a copy on PATH: neither evicts the other's entry
    calls: list[str] = []
    first = _pack(tmp_path / 'a' / 'pack.yaml', 'same\n')
    second = _pack(tmp_path / 'b' / 'pack.yaml', 'same\n')
    for _ in range(3):
        rules.cached_build(first, 'demo', _builder(calls, first))
        rules.cached_build(second, 'demo', _builder(calls, second))
    assert calls == [first, second]


def test_old_entries_past_the_kept_number_are_removed_and_other_kinds_kept(tmp_path, cache_home: str) -> None:
    calls: list[str] = []
    sources = [_pack(tmp_path / str(i) / 'pack.yaml', f'{i}\n') for i in range(rules.CACHE_KEEP + 2)]
    other = _pack(tmp_path / 'other' / 'pack.yaml', 'x\n')
    rules.cached_build(other, 'demo-2', _builder(calls, other))  # a kind named like demo's prefix
    for source in sources:
        rules.cached_build(source, 'demo', _builder(calls, source))
    names = os.listdir(cache_home)
    assert len([n for n in names if n.startswith('demo-2-')]) == 1
    assert len([n for n in names if not n.startswith('demo-2-')]) == rules.CACHE_KEEP
    rules.cached_build(sources[-1], 'demo', _builder(calls, sources[-1]))  # the newest is kept
    assert len(calls) == 1 + len(sources)


def test_a_corrupt_entry_is_rebuilt(tmp_path, cache_home: str) -> None:
    calls: list[str] = []
    pack = _pack(tmp_path / 'site' / 'pack.yaml', 'data\n')
    rules.cached_build(pack, 'demo', _builder(calls, pack))
    (entry,) = os.listdir(cache_home)
    with open(os.path.join(cache_home, entry), 'wb') as f:
        f.write(b'\x00not marshal')
    assert rules.cached_build(pack, 'demo', _builder(calls, pack)) == {'text': 'data\n'}
    assert len(calls) == 2


def test_a_cache_that_cannot_be_written_costs_only_speed(tmp_path, monkeypatch) -> None:
    blocker = tmp_path / 'not-a-dir'
    blocker.write_text('a file where the cache directory would be\n')
    monkeypatch.setenv('XDG_CACHE_HOME', str(blocker))
    calls: list[str] = []
    pack = _pack(tmp_path / 'site' / 'pack.yaml', 'data\n')
    for _ in range(2):
        assert rules.cached_build(pack, 'demo', _builder(calls, pack)) == {'text': 'data\n'}
    assert len(calls) == 2


def test_an_edit_of_the_code_that_builds_the_data_builds_again(tmp_path, cache_home: str) -> None:
    # no version string to bump: the builder's own files key the entry
    calls: list[str] = []
    pack = _pack(tmp_path / 'site' / 'pack.yaml', 'data\n')
    builder = _pack(tmp_path / 'site' / 'table.py', 'SHAPE = 1\n')
    for _ in range(2):
        rules.cached_build(pack, 'demo', _builder(calls, pack), code=(builder,))
    assert len(calls) == 1
    _pack(tmp_path / 'site' / 'table.py', 'SHAPE = 2  # the table changed shape\n')
    rules.cached_build(pack, 'demo', _builder(calls, pack), code=(builder,))
    assert len(calls) == 2


def test_the_pack_and_secret_table_caches_are_keyed_by_the_code_that_builds_them(cache_home: str) -> None:
    from aiguard.scanners.secrets import table

    table._table.cache_clear()
    rules.read_pack_data('python')
    table._table()
    names = os.listdir(cache_home)
    by_table = f'-{rules.code_identity((table.__file__, rules.__file__)):x}.marshal'
    by_rules = f'-{rules.code_identity((rules.__file__,)):x}.marshal'
    assert [n for n in names if n.startswith('secret-table-') and n.endswith(by_table)]
    assert [n for n in names if n.startswith('pack-python-') and n.endswith(by_rules)]
