"""What aiguard writes down cannot give a password back (issue 13 item 13): fingerprints of
secrets are a slow salted hash, and generic secrets show no prefix."""
from __future__ import annotations

import hashlib
import json
import os

from aiguard import findings
from tests.repo import Repo, init_repo

# A weak password an attacker's dictionary holds; built at run time, never committed as a literal.
WEAK = 'Summer' + '2024' + '!x'
LINE = f'DB_PASSWORD = "{WEAK}"\n'
AWS_KEY = 'AKIA' + 'HQST' * 4
DICTIONARY = ['password', 'letmein', 'hunter2', WEAK, 'Winter2023!']


def scan(repo: Repo, *args: str) -> tuple[int, dict, str]:
    proc = repo.aiguard('scan', '--format', 'json', *args)
    assert 'Traceback' not in proc.stderr, proc.stderr
    return proc.returncode, json.loads(proc.stdout), proc.stderr


def cracked(fp: str, rule_id: str, path: str) -> str | None:
    """The old attack: hash every dictionary word as aiguard used to, compare."""
    for word in DICTIONARY:
        for candidate in (findings.fingerprint(rule_id, path, word), hashlib.sha256(word.encode()).hexdigest()[:32]):
            if candidate == fp:
                return word
    return None


def test_json_and_sarif_fingerprints_do_not_reveal_a_weak_password(repo: Repo) -> None:
    repo.write('settings.py', LINE)
    repo.add('settings.py')
    _, doc, _ = scan(repo, '--staged')
    [f] = doc['findings']
    assert f['rule_id'] == 'SEC007'
    assert cracked(f['fingerprint'], 'SEC007', 'settings.py') is None
    assert WEAK[:4] not in json.dumps(doc)            # no prefix of a generic secret
    assert f'({len(WEAK)} chars)' in f['message']
    sarif = json.loads(repo.aiguard('scan', '--staged', '--format', 'sarif').stdout)
    partial = sarif['runs'][0]['results'][0]['partialFingerprints']['aiguard/v1']
    assert partial == f['fingerprint']                 # the same published value, stable between runs
    assert WEAK[:4] not in json.dumps(sarif)
    text = repo.aiguard('scan', '--staged').stdout
    assert WEAK[:4] not in text


def test_a_provider_token_keeps_its_public_prefix(repo: Repo) -> None:
    repo.write('aws.py', f'KEY = "{AWS_KEY}"\n')
    repo.add('aws.py')
    _, doc, _ = scan(repo, '--staged')
    [f] = doc['findings']
    assert 'AKIA' in f['message'] and AWS_KEY not in f['message']
    assert f['fingerprint'] != findings.fingerprint('SEC002', 'aws.py', AWS_KEY)


def test_the_baseline_is_salted_per_repository_and_still_accepts(repo: Repo, tmp_path) -> None:
    repo.commit_files({'settings.py': LINE}, 'start')
    proc = repo.aiguard('baseline', 'create')
    assert proc.returncode == 0, proc.stderr
    with open(os.path.join(repo.path, '.aiguard-baseline.json'), encoding='utf-8') as fh:
        base = json.load(fh)
    assert base['version'] == 2 and len(base['salt']) == 32
    [entry] = base['findings']
    assert cracked(entry['fingerprint'], 'SEC007', 'settings.py') is None
    assert WEAK[:4] not in json.dumps(base)
    repo.add('.aiguard-baseline.json')  # read from git, like the config
    repo.commit('accept')
    # accepted: an audit passes, and so does a commit that touches the line's neighbours
    code, doc, _ = scan(repo, '--all-files')
    assert (code, doc['findings']) == (0, [])
    # a new secret is still reported
    repo.write('other.py', LINE.replace(WEAK, WEAK + 'y'))
    repo.add('other.py')
    assert [f['path'] for f in scan(repo, '--staged')[1]['findings']] == ['other.py']
    # another repository salts the same secret differently
    other = init_repo(str(tmp_path / 'other'))
    other.commit_files({'settings.py': LINE}, 'start')
    assert other.aiguard('baseline', 'create').returncode == 0
    with open(os.path.join(other.path, '.aiguard-baseline.json'), encoding='utf-8') as fh:
        assert json.load(fh)['findings'][0]['fingerprint'] != entry['fingerprint']
    # update keeps the salt, so fingerprints (and SARIF alerts) stay stable
    assert repo.aiguard('baseline', 'update').returncode == 0
    with open(os.path.join(repo.path, '.aiguard-baseline.json'), encoding='utf-8') as fh:
        assert json.load(fh)['salt'] == base['salt']


def test_the_salt_of_the_baseline_is_used_for_json_output(repo: Repo) -> None:
    repo.commit_files({'settings.py': LINE}, 'start')
    assert repo.aiguard('baseline', 'create').returncode == 0
    with open(os.path.join(repo.path, '.aiguard-baseline.json'), encoding='utf-8') as fh:
        base = json.load(fh)
    repo.add('.aiguard-baseline.json')  # read from git (the index, for --all-files)
    _, doc, _ = scan(repo, '--all-files', '--no-baseline')
    assert doc['findings'][0]['fingerprint'] == base['findings'][0]['fingerprint']


def test_an_old_unsalted_baseline_keeps_working_and_says_how_to_rewrite_it(repo: Repo) -> None:
    old = {'version': 1, 'tool': 'aiguard', 'findings': [{
        'fingerprint': findings.fingerprint('SEC007', 'settings.py', WEAK),
        'rule_id': 'SEC007', 'path': 'settings.py'}]}
    repo.commit_files({'settings.py': LINE, '.aiguard-baseline.json': json.dumps(old)}, 'start')
    code, doc, err = scan(repo, '--all-files')
    assert (code, doc['findings']) == (0, [])
    assert 'aiguard baseline update' in err
    assert 'aiguard baseline update' in repo.aiguard('scan', '--all-files').stdout
    assert repo.aiguard('baseline', 'update').returncode == 0
    with open(os.path.join(repo.path, '.aiguard-baseline.json'), encoding='utf-8') as fh:
        new = json.load(fh)
    assert new['version'] == 2 and cracked(new['findings'][0]['fingerprint'], 'SEC007', 'settings.py') is None
    repo.add('.aiguard-baseline.json')
    code, doc, err = scan(repo, '--all-files')
    assert (code, doc['findings'], 'baseline update' in err) == (0, [], False)


def test_an_unknown_baseline_version_says_how_to_regenerate(repo: Repo) -> None:
    repo.commit_files({'settings.py': LINE, '.aiguard-baseline.json': '{"version": 9, "findings": []}'}, 'start')
    proc = repo.aiguard('scan', '--all-files')
    assert proc.returncode == 2 and 'aiguard baseline' in proc.stderr


def test_a_literal_password_in_code_is_salted_too(repo: Repo) -> None:
    # PY018's fingerprint hashes the line, which holds the password
    repo.write('db.py', f'import psycopg2\nconn = psycopg2.connect(host="db", password="{WEAK}")\n')
    repo.add('db.py')
    _, doc, _ = scan(repo, '--staged')
    for f in doc['findings']:
        line = f'conn = psycopg2.connect(host="db", password="{WEAK}")'
        assert f['fingerprint'] != findings.fingerprint(f['rule_id'], 'db.py', line)


def test_one_slow_hash_per_value() -> None:
    findings.published.cache_clear()
    f = findings.Finding('SEC007', 'secret', findings.Severity.HIGH, 'a.py', 1, 1, 'm', 'CWE-798',
                         findings.fingerprint('SEC007', 'a.py', WEAK))
    first = findings.publish(f, 'ab' * 16)
    again = [findings.publish(findings.Finding('SEC007', 'secret', findings.Severity.HIGH, 'a.py', n, 1, 'm',
                                               'CWE-798', f.fingerprint), 'ab' * 16) for n in range(50)]
    assert set(again) == {first}
    assert findings.published.cache_info().misses == 1
    sast = findings.Finding('PY008', 'sast', findings.Severity.HIGH, 'a.py', 1, 1, 'm', 'CWE-502', 'f' * 32)
    assert findings.publish(sast, 'ab' * 16) == 'f' * 32   # nothing secret: no slow hash
