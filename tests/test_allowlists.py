"""`aiguard baseline import PATH`: a detect-secrets baseline and a gitleaks ignore file keep
their accepted findings silent, and a new secret still blocks (the migration test)."""
from __future__ import annotations

import hashlib
import json
import os

import pytest

from tests.repo import Repo

AWS_KEY = 'AKIA' + 'Q7RT' * 4  # built at run time: the repository's own scan stays clean
OTHER_KEY = 'AKIA' + 'W2ZP' * 4
PASSWORD = 'Zr8' + 'q#Lm3vWx9'
NEW_PASSWORD = 'Tq4' + 'p!Vd8kRs2'


def _sha1(value: str) -> str:
    return hashlib.sha1(value.encode()).hexdigest()


def _detect_secrets_baseline(results: dict[str, list[tuple[str, str, int]]]) -> str:
    """As `detect-secrets scan > .secrets.baseline` writes it (version 1.x)."""
    return json.dumps({
        'version': '1.5.0',
        'plugins_used': [{'name': 'AWSKeyDetector'}, {'name': 'KeywordDetector', 'keyword_exclude': ''}],
        'filters_used': [{'path': 'detect_secrets.filters.allowlist.is_line_allowlisted'}],
        'results': {path: [{'type': kind, 'filename': path, 'hashed_secret': _sha1(value), 'is_verified': False,
                            'line_number': line} for kind, value, line in items] for path, items in results.items()},
        'generated_at': '2024-05-01T10:00:00Z',
    }, indent=2)


@pytest.fixture
def migrated(repo: Repo) -> Repo:
    """A repository that used detect-secrets and gitleaks, with accepted findings of both."""
    repo.commit_files({
        'config.py': f'KEY = "{AWS_KEY}"\n',
        'settings.py': f'x = 1\nDB_PASSWORD = "{PASSWORD}"\n',
        'legacy.py': 'y = 2\n',
    }, 'start')
    first = repo.git('rev-parse', 'HEAD').stdout.strip()
    repo.commit_files({'legacy.py': f'y = 2\nAPI_TOKEN = "{NEW_PASSWORD}"\n'}, 'legacy token')
    repo.write('.secrets.baseline', _detect_secrets_baseline({
        'config.py': [('AWS Access Key', AWS_KEY, 1)],
        'removed.py': [('Secret Keyword', 'gone-long-ago', 4)],
    }))
    legacy = repo.git('rev-parse', 'HEAD').stdout.strip()
    repo.write('.gitleaksignore', f'# audited 2024-05\n{first}:settings.py:generic-api-key:2\nlegacy.py:generic-api-key:2\n'
                                  f'{legacy}:nowhere.py:aws-access-token:9\n')
    repo.commit_files({'.secrets.baseline': open(os.path.join(repo.path, '.secrets.baseline')).read(),
                       '.gitleaksignore': open(os.path.join(repo.path, '.gitleaksignore')).read()}, 'allowlists')
    for name in ('.secrets.baseline', '.gitleaksignore'):
        proc = repo.aiguard('baseline', 'import', name)
        assert proc.returncode == 0, proc.stdout + proc.stderr
    repo.add('.aiguard-baseline.json')
    repo.commit('import the audited allowlists')
    return repo


def test_imported_allowlists_keep_accepted_findings_silent(migrated: Repo) -> None:
    proc = migrated.aiguard('scan', '--all-files', '--format', 'json')
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert json.loads(proc.stdout)['findings'] == []


def test_after_import_a_new_secret_still_blocks(migrated: Repo) -> None:
    migrated.write('deploy.py', f'KEY = "{OTHER_KEY}"\n')
    migrated.add('deploy.py')
    proc = migrated.aiguard('hook', 'pre-commit')
    assert proc.returncode == 1 and 'SEC002' in proc.stdout, proc.stdout


def test_an_accepted_secret_copied_elsewhere_is_new(migrated: Repo) -> None:
    migrated.write('config.py', f'KEY = "{AWS_KEY}"\nBACKUP = "{AWS_KEY}"\n')
    migrated.add('config.py')
    assert migrated.aiguard('hook', 'pre-commit').returncode == 1


def test_a_moved_accepted_secret_stays_accepted(migrated: Repo) -> None:
    migrated.write('settings.py', f'import os\n\nx = 1\nDB_PASSWORD = "{PASSWORD}"\n')
    migrated.add('settings.py')
    assert migrated.aiguard('hook', 'pre-commit').returncode == 0


def test_import_says_which_entries_matched_nothing_and_stores_no_value(repo: Repo) -> None:
    repo.commit_files({'config.py': f'KEY = "{AWS_KEY}"\n'}, 'start')
    repo.write('.secrets.baseline', _detect_secrets_baseline({
        'config.py': [('AWS Access Key', AWS_KEY, 1)], 'removed.py': [('Secret Keyword', 'x', 4)]}))
    proc = repo.aiguard('baseline', 'import', '.secrets.baseline')
    assert proc.returncode == 0
    assert '1 of 2 detect-secrets entries matched 1 secret finding(s)' in proc.stdout
    assert 'removed.py:4: detect-secrets Secret Keyword: aiguard finds no secret' in proc.stderr
    baseline = open(os.path.join(repo.path, '.aiguard-baseline.json')).read()
    assert AWS_KEY not in baseline and _sha1(AWS_KEY) not in baseline
    assert json.loads(baseline)['findings'][0]['imported_from'] == 'detect-secrets'


def test_a_hash_of_another_value_accepts_nothing(repo: Repo) -> None:
    repo.commit_files({'config.py': f'KEY = "{AWS_KEY}"\n'}, 'start')
    repo.write('.secrets.baseline', _detect_secrets_baseline({'config.py': [('AWS Access Key', OTHER_KEY, 1)]}))
    assert '0 of 1' in repo.aiguard('baseline', 'import', '.secrets.baseline').stdout
    assert repo.aiguard('scan', '--all-files').returncode == 1


def test_import_keeps_the_existing_baseline_and_its_salt(repo: Repo) -> None:
    repo.commit_files({'a.py': f'DB_PASSWORD = "{NEW_PASSWORD}"\n', 'config.py': f'KEY = "{AWS_KEY}"\n'}, 'start')
    repo.write('.gitleaksignore', 'a.py:generic-api-key:1\n')
    assert repo.aiguard('baseline', 'create').returncode == 0
    before = json.loads(open(os.path.join(repo.path, '.aiguard-baseline.json')).read())
    repo.write('.secrets.baseline', _detect_secrets_baseline({'config.py': [('AWS Access Key', AWS_KEY, 1)]}))
    assert repo.aiguard('baseline', 'import', '.secrets.baseline').returncode == 0
    after = json.loads(open(os.path.join(repo.path, '.aiguard-baseline.json')).read())
    assert after['salt'] == before['salt']
    assert {i['fingerprint'] for i in before['findings']} <= {i['fingerprint'] for i in after['findings']}


@pytest.mark.parametrize('content, said', [
    ('{"results": []}', 'not a detect-secrets baseline'),
    ('{"results": {"a.py": [{"hashed_secret": "zz"}]}}', 'hashed_secret is not a SHA-1'),
    ('{not json', 'invalid JSON'),
    ('just some words\n', 'line 1 is not a gitleaks fingerprint'),
    ('../../etc/passwd:rule:3\n', 'outside the repository'),
    (b'\xff\xfe\x00', 'not UTF-8'),
])
def test_a_bad_allowlist_is_one_line_and_exit_2(repo: Repo, content, said: str) -> None:
    repo.commit_files({'a.py': 'x = 1\n'}, 'start')
    repo.write('allow', content)
    proc = repo.aiguard('baseline', 'import', 'allow')
    assert proc.returncode == 2 and said in proc.stderr and 'Traceback' not in proc.stderr, proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1


def test_import_needs_a_path(repo: Repo) -> None:
    repo.commit_files({'a.py': 'x = 1\n'}, 'start')
    assert repo.aiguard('baseline', 'import').returncode == 2
    assert repo.aiguard('baseline', 'import', '/dev/zero').returncode == 2
