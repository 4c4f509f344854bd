"""Every pattern-rule regex runs in linear time: adversarial 100k-character lines take bounded work.

Work is counted, not timed (tests/work.py): one unit per 4096 regex steps and per Python call or
loop iteration, the same on a busy machine as on an idle one."""
from __future__ import annotations

import re
import sys

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from aiguard.regexes import LazyRegex
from aiguard.rules import load_pack
from aiguard.scanners import patterns
from tests.work import REGEX_STEPS_PER_UNIT, BudgetExceeded, every_step, regex_work, work

pytestmark = pytest.mark.slow  # every case here takes seconds: `pytest -m "not slow"` skips them

SIZE = 100_000
# One regex over one 100k line: linear ones take at most ~16 steps per character (JS013 the most);
# a backtracking blow-up takes thousands per character.
REGEX_BUDGET = SIZE * 500 // REGEX_STEPS_PER_UNIT
# Every step of single-character repeats counted too (tests/work.py every_step), on the first SMALL
# characters: at most 2 n², so a regex that searches a run quadratically (`.*x` over x-less text) fails.
SMALL = 400
EVERY_STEP_BUDGET = 2 * SMALL ** 2 // REGEX_STEPS_PER_UNIT
# A whole pack over 100k characters, checks included (regex work and Python calls): measured at most
# 88k units for a rule's bad example repeated (JS003), 274k for a pack's vocabulary (terraform) and
# 1.2M for a file dense with one candidate (`jwt.verify((`); a check that loops over the candidates
# for each candidate takes billions. The counts are deterministic, so the margins can be small.
EXAMPLE_BUDGET = 150_000
PACK_BUDGET = 500_000
DENSE_BUDGET = 2_000_000
REGEX_KEYS = ('pattern', 'not_pattern', 'not_file_pattern', 'file_pattern')


def _rule_regexes() -> list[tuple[str, str]]:
    out = []
    for pack in patterns.PACKS:
        for rule in load_pack(pack).values():
            pats = list(rule.data.get('patterns') or ())
            pats += [rule.data[k] for k in REGEX_KEYS if k in rule.data]
            if 'not_after' in rule.data:
                pats.append(rule.data['not_after']['pattern'])
            out += [(f'{rule.id}#{i}', p) for i, p in enumerate(pats)]
    return out


def _check_regexes() -> list[tuple[str, str]]:
    patterns.all_checks()  # imports every check module
    modules = [m for name, m in sorted(sys.modules.items()) if name.startswith(patterns.__name__)]
    return [(f'{m.__name__}.{name}', value.pattern) for m in modules for name, value in vars(m).items()
            if isinstance(value, (re.Pattern, LazyRegex))]


REGEXES = _rule_regexes() + _check_regexes()


def _fragments(source: str) -> list[str]:
    """Literal pieces of a regex's own text: words, punctuation, quotes."""
    return re.findall(r'[A-Za-z_]{2,}|[^\w\s\\]', source) or ['a']


def _adversarial(source: str) -> list[str]:
    frags = _fragments(source)
    cycle = ''.join(frags)
    spaced = ' '.join(frags)
    return [
        (cycle * (SIZE // len(cycle) + 1))[:SIZE],
        (spaced * (SIZE // len(spaced) + 1))[:SIZE],
        # one opener followed by a long run that almost matches and never closes
        frags[0] + ' ' + ('a' * SIZE),
        '`' + ' '.join(frags) * (SIZE // (len(spaced) + 1)),
    ]


def _linear(pat: re.Pattern[str], text: str) -> bool:
    """Every match of `pat` in `text` is found within REGEX_BUDGET, and in its start within EVERY_STEP_BUDGET."""
    try:
        regex_work(pat, text, REGEX_BUDGET)
        regex_work(every_step(pat), text[:SMALL], EVERY_STEP_BUDGET)
    except BudgetExceeded:
        return False
    return True


def _scan_work(src: patterns.Source, budget: int) -> int:
    """Units of work scan_source takes on `src`; 0 past `budget`."""
    try:
        return work(lambda: patterns.scan_source(src), budget)[0]
    except BudgetExceeded:
        return 0


def test_module_regexes_are_found() -> None:
    assert len(_check_regexes()) >= 20


@pytest.mark.parametrize(('name', 'source'), REGEXES, ids=[n for n, _ in REGEXES])
def test_regex_is_fast_on_its_own_fragments(name: str, source: str) -> None:
    pat = re.compile(source, re.MULTILINE)
    for text in _adversarial(source):
        assert _linear(pat, text), name


@pytest.mark.parametrize('rule_id', ['JS003', 'JS016', 'JS024', 'SH001', 'SH004', 'DOCKER005', 'TF007'])
def test_bad_example_repeated_on_one_line_is_fast(rule_id: str) -> None:
    rule = next(r for p in patterns.PACKS for r in load_pack(p).values() if r.id == rule_id)
    for example in rule.data['examples']['bad']:
        line = example.replace('\n', ' ')
        text = (line * (SIZE // len(line) + 1))[:SIZE]
        src = patterns.Source.of(patterns.PACKS[rule.pack].sample, [text])
        assert _scan_work(src, EXAMPLE_BUDGET), example


@pytest.mark.parametrize('pack', list(patterns.PACKS))
def test_whole_pack_on_adversarial_file_is_fast(pack: str) -> None:
    """Checks included: a 100k-character file of the pack's own vocabulary."""
    rules = load_pack(pack).values()
    vocab = ' '.join(' '.join(x if isinstance(x, str) else x['text'] for x in r.data['examples']['bad']) for r in rules)
    text = (vocab.replace('\n', ' { ( ` ') * (SIZE // len(vocab) + 1))[:SIZE]
    path = patterns.PACKS[pack].sample
    lines = ['apiVersion: v1', text] if pack == 'patterns-k8s' else [text]
    assert _scan_work(patterns.Source.of(path, lines), PACK_BUDGET)


HYPOTHESIS_RULES = ['JS001', 'JS002', 'JS004', 'JS013', 'JS021', 'SH003', 'GHA004', 'K8S004']


@pytest.mark.parametrize('rule_id', HYPOTHESIS_RULES)
def test_generated_inputs_stay_linear(rule_id: str) -> None:
    rule = next(r for p in patterns.PACKS for r in load_pack(p).values() if r.id == rule_id)
    sources = list(rule.data.get('patterns') or [rule.data['pattern']])
    compiled = [re.compile(s, re.MULTILINE) for s in sources]
    alphabet = sorted(set(''.join(sources)) | set(' \t\'"`(){}[]$'))

    @settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(st.lists(st.sampled_from(_fragments(''.join(sources))), min_size=1, max_size=8),
           st.text(alphabet=alphabet, min_size=1, max_size=20))
    def run(frags: list[str], glue: str) -> None:
        unit = glue.join(frags) + glue
        text = (unit * (SIZE // len(unit) + 1))[:SIZE]
        for pat in compiled:
            assert _linear(pat, text), (frags, glue)

    run()


DENSE = [
    ('src/a.js', 'jwt.verify('), ('src/a.js', 'jwt.sign(a, '), ('src/a.js', 'Function('),
    ('src/a.js', 'jwt.verify(('), ('src/a.js', '.innerHTML = `${'), ('src/a.js', "'SELECT a FROM b' + x"),
    ('infra/main.tf', 'ingress {'), ('infra/main.tf', '"Action": "*" '), ('infra/main.tf', 'actions = ["*"] {'),
    ('infra/main.tf', 'resource "google_compute_firewall" "x" {'),
    ('Dockerfile', 'FROM a AS b\n'), ('.github/workflows/ci.yml', '- run: ${{ github.event.issue.title }}\n'),
    ('deploy/a.yaml', 'hostPath: {path: /}\n'), ('docker-compose.yml', 'cap_add: [SYS_ADMIN]\n'),
]


@pytest.mark.parametrize(('path', 'unit'), DENSE)
def test_checks_stay_fast_on_dense_candidates(path: str, unit: str) -> None:
    """Structural checks scan forward from each candidate; a file packed with candidates stays cheap."""
    text = (unit * (SIZE // len(unit) + 1))[:SIZE]
    if path.endswith('.yaml'):
        text = 'apiVersion: v1\n' + text
    src = patterns.Source.of(path, text.splitlines())
    assert _scan_work(src, DENSE_BUDGET)
