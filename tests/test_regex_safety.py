"""Every regex in every rule pack runs in (near) linear time on hostile input.

Work is counted, not timed (tests/work.py): on 20k characters, sre's main loop takes at most a few
hundred steps per character; on 400 characters, counting every step of single-character repeats
too, at most 4 n² steps: the quadratic search of a `[a-z]+=` over a run of letters is allowed, as
its fast inner loop makes it cheap, and anything that grows faster fails."""
from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiguard.rules import all_rules
from tests.work import REGEX_STEPS_PER_UNIT, BudgetExceeded, every_step, regex_work

pytestmark = pytest.mark.slow  # every case here takes seconds: `pytest -m "not slow"` skips them

REGEX_KEYS = ('pattern', 'patterns', 'not_pattern', 'file_pattern', 'not_file_pattern', 'context', 'value',
              'not_after')
SIZE = 20_000
# On SIZE characters the main loop takes at most ~170 steps per character (aiguard.scanners.secrets._ENV_LINE
# the most); a backtracking blow-up takes thousands per character (quadratic: ~SIZE).
STEPS_PER_CHARACTER = 500
SMALL = 400
# On SMALL characters, every step counted: at most ~1.2 n² (_ENV_LINE, _BODY_LINE); cubic: ~n³/6.
STEPS_PER_CHARACTER_SQUARED = 2


def probes(frag: str, size: int) -> list[str]:
    text = (frag * (size // max(1, len(frag))))[:size]
    return [text, text + '!', '"' + text, text + '\n' + text[:100]]


def assert_linear(pat: re.Pattern, frag: str, where: str, size: int = SIZE) -> None:
    """Every match of `pat` in the probes made of `frag` is found within the work budgets."""
    bytes_pattern = isinstance(pat.pattern, bytes)
    for text in probes(frag, size):
        subject = text.encode('utf-8') if bytes_pattern else text
        try:
            regex_work(pat, subject, len(subject) * STEPS_PER_CHARACTER // REGEX_STEPS_PER_UNIT)
        except BudgetExceeded:
            pytest.fail(f'{where} on {frag!r}*{size // max(1, len(frag))}: more than {STEPS_PER_CHARACTER} '
                        'regex steps per character', pytrace=False)
    every = every_step(pat)
    for text in probes(frag, SMALL):
        subject = text.encode('utf-8') if bytes_pattern else text
        try:
            regex_work(every, subject, len(subject) ** 2 * STEPS_PER_CHARACTER_SQUARED // REGEX_STEPS_PER_UNIT)
        except BudgetExceeded:
            pytest.fail(f'{where} on {frag!r}*{SMALL // max(1, len(frag))}: more than '
                        f'{STEPS_PER_CHARACTER_SQUARED} n² regex steps, counting every repetition', pytrace=False)


def rule_regexes() -> list[tuple[str, str]]:
    out = []
    for rule in all_rules().values():
        for key in REGEX_KEYS:
            value = rule.data.get(key)
            items = value if isinstance(value, list) else [value]
            for item in items:
                if isinstance(item, str) and item:
                    out.append((f'{rule.id}.{key}', item))
    return out


REGEXES = rule_regexes()


def compiled(source: str) -> re.Pattern[str] | None:
    try:
        return re.compile(source)
    except re.error:
        return None


def fragments(source: str) -> list[str]:
    literal = re.sub(r'\\[a-zA-Z]|[\[\](){}?*+|^$\\]', '', source)
    runs = [r for r in re.findall(r'[A-Za-z0-9_]{2,}', literal)][:3]
    chars = sorted(set(literal) - set('\n'))[:24]
    base = ['a', 'A', '0', ' ', '=', '"', "'", '/', '-', '_', '.', ':', '\\', 'aA0', 'a=', '= "', 'x-']
    return base + chars + runs + [literal[:12] or 'z']


def test_there_are_regexes_to_check() -> None:
    assert len(REGEXES) > 200


@pytest.mark.parametrize(('where', 'source'), REGEXES, ids=[w for w, _ in REGEXES])
def test_regex_is_linear_on_repetitive_input(where: str, source: str) -> None:
    pat = compiled(source)
    if pat is None:
        pytest.skip('not a standalone Python regex (compiled with flags by its engine)')
    for frag in fragments(source):
        assert_linear(pat, frag, where)


@given(st.data())
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_regexes_on_generated_text(data: st.DataObject) -> None:
    where, source = data.draw(st.sampled_from(REGEXES))
    pat = compiled(source)
    if pat is None:
        return
    alphabet = ''.join(sorted(set(re.sub(r'\\.', '', source)) | set('aZ9 ="\'-_./:'))) or 'a'
    piece = data.draw(st.text(alphabet=alphabet, min_size=1, max_size=40))
    assert_linear(pat, piece, where, size=5000)


def code_regexes() -> list[tuple[str, re.Pattern[str] | re.Pattern[bytes]]]:
    """Every regex aiguard's own modules hold at module level (lazy or compiled), nested
    in tuples, lists and dicts too: the attribution catalogue, filters, the gate."""
    import importlib
    import pkgutil

    import aiguard
    from aiguard.regexes import LazyRegex

    found: dict[str, re.Pattern[str] | re.Pattern[bytes]] = {}

    def visit(where: str, value: object, depth: int) -> None:
        if isinstance(value, LazyRegex):
            found[where] = re.compile(value._source, value._flags)  # noqa: SLF001
        elif isinstance(value, re.Pattern):
            found[where] = value
        elif depth < 3 and isinstance(value, (tuple, list)):
            for i, item in enumerate(value):
                visit(f'{where}[{i}]', item, depth + 1)
        elif depth < 3 and isinstance(value, dict):
            for key, item in value.items():
                visit(f'{where}[{key!r}]', item, depth + 1)

    for info in pkgutil.walk_packages(aiguard.__path__, 'aiguard.'):
        if info.name.endswith('__main__'):
            continue  # runs the command line
        module = importlib.import_module(info.name)
        for name, value in vars(module).items():
            visit(f'{info.name}.{name}', value, 0)
    return sorted(found.items())


CODE_REGEXES = code_regexes()


def test_code_regexes_are_found() -> None:
    names = {where for where, _ in CODE_REGEXES}
    assert len(CODE_REGEXES) > 60
    assert 'aiguard.gate._NOSEC' in names and 'aiguard.git._HUNK_RE' in names


@pytest.mark.parametrize(('where', 'pat'), CODE_REGEXES, ids=[w for w, _ in CODE_REGEXES])
def test_code_regex_is_linear_on_repetitive_input(where: str, pat: re.Pattern[str] | re.Pattern[bytes]) -> None:
    source = pat.pattern if isinstance(pat.pattern, str) else pat.pattern.decode('latin-1')
    for frag in fragments(source):
        assert_linear(pat, frag, where)
