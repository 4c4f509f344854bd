"""`.aiguard.yaml`: defaults, every key, and one clear line for each mistake."""
from __future__ import annotations

import pytest

from aiguard import config
from aiguard.config import ConfigError
from aiguard.findings import Severity
from aiguard.globs import compile_glob
from tests.repo import Repo


def load_text(tmp_path, text: str) -> config.Config:
    (tmp_path / '.aiguard.yaml').write_text(text)
    return config.load(str(tmp_path))


def test_no_config_gives_defaults(tmp_path) -> None:
    cfg = config.load(str(tmp_path))
    assert cfg == config.Config()
    assert cfg.fail_on.human == Severity.HIGH
    assert cfg.fail_on.ai == Severity.MEDIUM


def test_every_key(tmp_path) -> None:
    cfg = load_text(tmp_path, """
version: 1
exclude: ["vendor/**", "*.min.js"]
max_file_size: 2048
fail_on: {human: critical, ai: high}
roles: {auth: ["src/iam/**"], billing: ["src/pay/**"]}
role_fail_on: {billing: low, docs: {ai: never}}
human_only: ["src/iam/**"]
ai_allowed: ["scripts/**"]
rules: {SEC002: off, SEC001: medium}
review: {required_for_ai: false, trailer: Approved-by, scope: range}
attribution: {threshold: 60, env: false, content: false, ignore_identities: [Bot@Example.com], tag: false}
scanners: {python: false}
baseline: .baseline.json
fail_closed: true
""")
    assert cfg.exclude == ('vendor/**', '*.min.js')
    assert cfg.max_file_size == 2048
    assert cfg.fail_on == config.Tier(Severity.CRITICAL, Severity.HIGH)
    assert cfg.roles['billing'] == ('src/pay/**',)
    assert cfg.role_fail_on['billing'] == config.Tier(Severity.LOW, Severity.LOW)
    assert cfg.role_fail_on['docs'].ai is None
    assert cfg.rules == {'SEC002': None, 'SEC001': Severity.MEDIUM}
    assert cfg.review == config.ReviewConfig(False, 'Approved-by', 'range')
    assert cfg.attribution.threshold == 60
    assert cfg.attribution.ignore_identities == ('bot@example.com',)
    assert cfg.attribution.tag.enabled is False
    assert cfg.scanners.python is False and cfg.scanners.secrets is True
    assert cfg.baseline == '.baseline.json'


@pytest.mark.parametrize(('text', 'expected'), [
    ('colour: red\n', "key 'colour': unknown key; use one of:"),
    ('exclude: 3\n', "key 'exclude': expected a list of globs, got a number"),
    ('exclude: ["src/[abc"]\n', "key 'exclude': unclosed \"[\""),
    ('fail_on: severe\n', "key 'fail_on': the value is not allowed; use one of: info, low"),
    ('fail_on: {humans: high}\n', "key 'fail_on.humans': unknown key"),
    ('max_file_size: -1\n', "key 'max_file_size': expected a whole number"),
    ('max_file_size: yes\n', "key 'max_file_size': expected a whole number"),
    ('rules: {sec-1: off}\n', "key 'rules.sec-1': no such rule; see `aiguard rules`"),
    ('rules: {SEC999: off}\n', "key 'rules.SEC999': no such rule; see `aiguard rules`"),
    ('rules: {SEC001: loud}\n', "key 'rules.SEC001': the value is not allowed"),
    ('role_fail_on: {billing: low}\n', "key 'role_fail_on.billing': no such role"),
    ('exclude: []\nexclude: ["**"]\n', "duplicate key 'exclude' at line 2"),
    ('rules: {SEC001: low, SEC001: off}\n', "duplicate key 'SEC001' at line 1"),
    ('baseline: ../outside.json\n', "key 'baseline': the value is not valid"),
    ('baseline: /etc/passwd\n', "key 'baseline': the value is not valid"),
    ('review: {required_for_ai: maybe}\n', "key 'review.required_for_ai': expected true or false"),
    ('attribution: {threshold: 500}\n', "key 'attribution.threshold': expected a whole number from 1 to 100"),
    ('- just\n- a list\n', "key '': expected a mapping, got a list"),
    ('version: 2\n', "key 'version': this version is not supported"),
    ('roles: {auth: [1, 2]}\n', "key 'roles.auth': a glob is a number, not a string"),
])
def test_mistakes_name_file_key_and_fix(tmp_path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError) as e:
        load_text(tmp_path, text)
    msg = str(e.value)
    assert msg.startswith('.aiguard.yaml: ')
    assert expected in msg
    assert '\n' not in msg


def test_yaml_syntax_error_has_line(tmp_path) -> None:
    with pytest.raises(ConfigError, match=r'YAML error at line \d+: did not find'):
        load_text(tmp_path, 'exclude:\n  - [unclosed\n')


def test_yaml_alias_bomb_is_rejected_cheaply(tmp_path) -> None:
    bomb = 'a: &a ["x","x","x","x","x","x","x","x","x"]\n'
    for i, name in enumerate('bcdefghij'):
        prev = 'abcdefghij'[i]
        bomb += f'{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n'
    with pytest.raises(ConfigError, match="key 'a': unknown key"):
        load_text(tmp_path, bomb)
    nested = 'exclude: [&a [x,x,x,x,x,x,x,x,x]'
    for prev, name in zip('abcdefgh', 'bcdefghi'):
        nested += f', &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]'
    with pytest.raises(ConfigError, match="key 'exclude': a glob is a list, not a string") as e:
        load_text(tmp_path, nested + ']\n')
    assert len(str(e.value)) < 200


def test_python_tags_are_refused(tmp_path) -> None:
    with pytest.raises(ConfigError, match='YAML error'):
        load_text(tmp_path, 'exclude: !!python/object/apply:os.system ["true"]\n')


def test_not_utf8(tmp_path) -> None:
    (tmp_path / '.aiguard.yaml').write_bytes(b'exclude: ["\xff\xfe"]\n')
    with pytest.raises(ConfigError, match='not UTF-8'):
        config.load(str(tmp_path))


def test_empty_file_is_defaults(tmp_path) -> None:
    assert load_text(tmp_path, '') == config.Config(path='.aiguard.yaml')


def test_broken_config_exits_2_with_one_line(repo: Repo) -> None:
    repo.commit_files({'.aiguard.yaml': 'fail_on: whenever\n'}, 'policy')  # the committed policy judges
    repo.write('a.py', 'x = 1\n')
    repo.add()
    proc = repo.aiguard('scan')
    assert proc.returncode == 2
    assert proc.stdout == ''
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith("aiguard: error: .aiguard.yaml: key 'fail_on'")
    assert 'Traceback' not in proc.stderr


@pytest.mark.parametrize(('glob', 'yes', 'no'), [
    ('*.py', ['a.py', 'src/deep/b.py'], ['a.pyc', 'py']),
    ('src/*.py', ['src/a.py'], ['src/x/a.py', 'lib/src/a.py']),
    ('src/**/*.py', ['src/a.py', 'src/x/y/a.py'], ['lib/a.py']),
    ('**/auth/**', ['auth/a.py', 'x/auth/y/z.py'], ['authx/a.py']),
    ('vendor', ['vendor', 'vendor/a.js', 'x/vendor/b.js'], ['vendored/a.js']),
    ('docs/', ['docs/a.md'], ['docs']),
    ('[ab].txt', ['a.txt', 'b.txt'], ['c.txt']),
    ('[!ab].txt', ['c.txt'], ['a.txt']),
    ('file?.md', ['file1.md'], ['file12.md']),
])
def test_globs(glob: str, yes: list[str], no: list[str]) -> None:
    pat = compile_glob(glob)
    for p in yes:
        assert pat.match(p), (glob, p)
    for p in no:
        assert not pat.match(p), (glob, p)


def test_every_engine_has_a_scanners_switch_and_a_module() -> None:
    from aiguard import scanners
    from aiguard.config import ENGINE_NAMES, ScannerSwitches

    assert ScannerSwitches.__record_fields__ == ENGINE_NAMES  # type: ignore[attr-defined]
    assert all(scanners.available(name) for name in scanners.ENGINES) and tuple(scanners.ENGINES) == ENGINE_NAMES
