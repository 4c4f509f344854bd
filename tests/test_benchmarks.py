"""The benchmark script, in --quick mode: a complete report, never a timing assertion."""
from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from types import ModuleType

import pytest

pytestmark = pytest.mark.slow  # every case here takes seconds: `pytest -m "not slow"` skips them

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SCRIPT = os.path.join(ROOT, 'benchmarks', 'run.py')


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location('aiguard_benchmark', SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


bench = _load_script()


@pytest.fixture(scope='module')
def quick_report(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, str]:
    out = tmp_path_factory.mktemp('bench') / 'report.json'
    proc = subprocess.run(
        (sys.executable, SCRIPT, '--quick', '--json', str(out)),
        capture_output=True, text=True, timeout=300,
    )
    assert proc.returncode in (0, 1), proc.stderr[-2000:]
    return json.loads(out.read_text()), proc.stdout


def test_quick_report_has_every_scenario(quick_report: tuple[dict, str]) -> None:
    report, _ = quick_report
    assert [s['id'] for s in report['scenarios']] == list(bench.SCENARIOS)
    assert report['quick'] is True and report['repeat'] == 1
    assert report['aiguard_source']['snapshot'] is True


def test_baseline_is_plain_bandit(quick_report: tuple[dict, str]) -> None:
    """aiguard registers bandit plugins; the baseline's bandit must not run them."""
    report, _ = quick_report
    baseline = report['baseline']
    assert baseline['baseline_runs_only_bandit_tests'] is True
    assert 'B602' in baseline['baseline_bandit_tests_on_planted_file']


def test_every_scenario_times_and_counts_both_sides(quick_report: tuple[dict, str]) -> None:
    report, _ = quick_report
    for s in report['scenarios']:
        for side in ('aiguard', 'baseline'):
            result = s[side]
            assert isinstance(result['median_s'], float) and result['median_s'] > 0, (s['id'], side)
            assert len(result['times_s']) == 1, (s['id'], side)
            assert isinstance(result['findings'], int), (s['id'], side, result)
            assert result['commands'], (s['id'], side)
        assert sum(s['aiguard']['findings_by_category'].values()) == s['aiguard']['findings'], s['id']
        assert sum(s['aiguard']['findings_by_severity'].values()) == s['aiguard']['findings'], s['id']
        assert s['ratio'] == pytest.approx(s['aiguard']['median_s'] / s['baseline']['median_s'], rel=0.01)


def test_baseline_finds_the_planted_issues(quick_report: tuple[dict, str]) -> None:
    """The planted shell=True, md5 and AWS key reach the baseline: the instrument scans real work."""
    report, _ = quick_report
    by_id = {s['id']: s for s in report['scenarios']}
    staged = by_id['staged-direct']['baseline']['findings_by_tool']
    assert staged['bandit'] >= 2 and staged['detect-secrets'] >= 1
    whole = by_id['all-files-cold']['baseline']['findings_by_tool']
    assert whole['bandit'] >= 1 and whole['detect-secrets'] >= 1
    through, direct = by_id['staged-pre-commit'], by_id['staged-direct']
    assert through['baseline']['findings'] == direct['baseline']['findings']
    assert through['reference']['median_s'] > 0, 'pre-commit with a no-op hook is the shared cost'
    assert through['reference']['errors'] == [] and through['baseline']['errors'] == []


def test_checks_report_memory_imports_and_cache(quick_report: tuple[dict, str]) -> None:
    report, _ = quick_report
    checks = report['checks']
    memory = checks['memory']
    assert memory['largest_process_maxrss_mb'] > 0
    if os.path.isdir('/proc'):
        assert memory['peak_tree_rss_mb'] >= memory['peak_tree_pss_mb'] > 0
    assert isinstance(checks['js_only_imports']['bandit_imported'], bool)
    assert isinstance(checks['docs_only_imports']['bandit_imported'], bool)
    assert isinstance(checks['python_change_imports']['bandit_imported'], bool)
    assert set(checks['cache']) >= {'exists', 'holds_secret_value', 'concurrent_runs_agree'}


def test_table_names_every_scenario_and_the_machine(quick_report: tuple[dict, str]) -> None:
    report, table = quick_report
    for scenario in bench.SCENARIOS:
        assert f'\n{scenario} ' in table
    assert f'{report["machine"]["nproc"]} CPUs' in table
    assert 'peak memory' in table


def test_no_secret_value_in_the_report(quick_report: tuple[dict, str]) -> None:
    report, table = quick_report
    text = json.dumps(report) + table
    for secret in (bench.FAKE_AWS_KEY, bench.FAKE_AWS_KEY_JS, bench.FAKE_PASSWORD):
        assert secret not in text


IMPORTTIME = (
    'import time: self [us] | cumulative | imported package\n'
    'import time:       120 |        120 |   _io\n'
    'import time:       900 |       4000 |     bandit.core\n'
    'import time:       300 |       5200 | bandit\n'
    'not an import line\n'
    'import time:        50 |         50 | aiguard.cli\n'
)


def test_imported_modules_reads_importtime_output() -> None:
    run = bench.Run(0.1, 0.1, 1.0, 0, '', IMPORTTIME)
    assert bench.imported_modules(run) == {'_io': 120.0, 'bandit': 1200.0, 'aiguard': 50.0}


@pytest.mark.parametrize(('counter', 'stdout', 'exit_code', 'expected'), [
    ('count_aiguard', '{"findings": [{}, {}]}', 1, 2),
    ('count_aiguard', 'Traceback (most recent call last)', 2, None),
    ('count_bandit', '{"results": [{}], "errors": []}', 1, 1),
    ('count_bandit', '', 0, None),
    ('count_detect_secrets', '{"results": {"a.py": [{}, {}], "b.py": [{}]}}', 1, 3),
    ('count_detect_secrets', '', 0, 0),
    ('count_detect_secrets', 'garbage', 1, None),
])
def test_counts_parse_each_tool_json(counter: str, stdout: str, exit_code: int,
                                     expected: int | None) -> None:
    run = bench.Run(0.1, 0.1, 1.0, exit_code, stdout, '')
    assert getattr(bench, counter)(run) == expected


def test_markdown_has_a_row_per_scenario(quick_report: tuple[dict, str]) -> None:
    report, _ = quick_report
    markdown = bench.render_markdown(report)
    for scenario in bench.SCENARIOS:
        assert f'\n| {scenario} | ' in markdown
    assert '| --- |' in markdown


def test_staged_change_brings_new_blobs_every_run(repo) -> None:
    """Each run must see content the cache has never seen, as a real commit does."""
    repo.commit_files({'app.py': 'x = 1\n'})
    change = bench.StagedChange(repo.path, repo.env, {'app.py': '\ny = 2\n', 'docs/notes.md': '# notes\n'})
    first = repo.git('ls-files', '--stage').stdout
    change.stage()
    second = repo.git('ls-files', '--stage').stdout
    assert first != second and 'docs/notes.md' in second
    with open(os.path.join(repo.path, 'app.py'), encoding='utf-8') as f:
        text = f.read()
    assert text.startswith('x = 1\n') and text.count('y = 2') == 1 and text.endswith('# change 2\n')
    assert repo.git('diff', '--cached', '--numstat', '--', 'app.py').stdout.split()[:2] == ['3', '0']


@pytest.mark.parametrize(('exit_code', 'stdout', 'failed'), [
    (1, 'bandit....Failed\n>> Issue: [B602]', False),  # findings: exit 1 is the verdict
    (0, '', False),
    (2, '', True),
    (1, 'An error has occurred: InvalidConfigError:', True),  # pre-commit's own failure
    (1, 'aiguard: error: secrets engine failed', True),  # relayed by pre-commit
    (1, 'Traceback (most recent call last):\n  File "x"', True),
])
def test_failure_tells_findings_from_breakage(exit_code: int, stdout: str, failed: bool) -> None:
    run = bench.Run(0.1, 0.1, 1.0, exit_code, stdout, '')
    assert (bench._failure('tool', run) is not None) is failed
