"""Suppressions no wider than written: only the ids named, only real comments, never policy,
and never silently added by an assistant (issue 13 item 6, issue 14 item 5)."""
from __future__ import annotations

import json

import pytest

from aiguard import comments
from tests.repo import Repo

AWS_KEY = 'AKIA' + 'HQST' * 4
SQL = 'def find(cur, name):\n    cur.execute(f"SELECT * FROM users WHERE name = \'{name}\'"){tail}\n'
AGENT = {'CLAUDECODE': '1'}


def scan(repo: Repo, *args: str, env: dict[str, str] | None = None) -> tuple[int, dict]:
    proc = repo.aiguard('scan', '--format', 'json', *args, env=env)
    assert 'Traceback' not in proc.stderr, proc.stderr
    assert AWS_KEY not in proc.stdout + proc.stderr
    return proc.returncode, json.loads(proc.stdout)


def rules(doc: dict) -> list[tuple[str, int]]:
    return sorted((f['rule_id'], f['line']) for f in doc['findings'])


def stage(repo: Repo, files: dict[str, str]) -> None:
    for name, text in files.items():
        repo.write(name, text)
    repo.add(*files)


# --- nosec names ids: only those are skipped ---------------------------------------------

@pytest.mark.parametrize(('tail', 'suppressed'), [
    ('  # nosec', True),                      # bare: every code finding on the line, as bandit
    ('  # nosec B608', True),                 # bandit's SQL test, which PY001 replaces
    ('  # nosec PY001', True),                # aiguard's own id
    ('  # nosec: B101, PY001', True),
    ('  # nosec hardcoded_sql_expressions', True),   # bandit's test name for B608
    ('  # nosec B101', False),                # assert_used: not the SQL finding
    ('  # nosec B101,B603', False),
    ('  # nosec assert_used', False),         # a test name that is not this one
    ('  # nosec B999', False),                # an id that names nothing still names something
    ('  # nosec PY003', False),
])
def test_nosec_skips_only_the_ids_it_names(repo: Repo, tail: str, suppressed: bool) -> None:
    stage(repo, {'db.py': SQL.replace('{tail}', tail)})
    code, doc = scan(repo, '--staged')
    assert (rules(doc) == []) is suppressed, doc['findings']
    assert code == (0 if suppressed else 1)
    if not suppressed:
        assert 'names' in doc['findings'][0]['message']  # the output says why the nosec did not apply


def test_nosec_naming_a_bandit_test_skips_only_that_test(repo: Repo) -> None:
    # bandit's own B506 (yaml.load) is reported as PY008; B602 on the same line is not named
    line = 'import subprocess, yaml\nx = yaml.load(subprocess.check_output(cmd, shell=True))  # nosec B506\n'
    stage(repo, {'load.py': line})
    _, doc = scan(repo, '--staged')
    assert 'PY008' not in {f['rule_id'] for f in doc['findings']}


# --- only real comments count -------------------------------------------------------------

@pytest.mark.parametrize(('name', 'text'), [
    ('db.py', 'def q(cur, name):\n    cur.execute("SELECT /* nosec */ * FROM t WHERE n = \'%s\'" % name)\n'),
    ('db.py', 'def q(cur, name):\n    cur.execute(f"SELECT * FROM t WHERE n = \'{name}\' -- # nosec")\n'),
    ('db.py', 'def q(cur, name):\n    cur.execute(f"""SELECT * FROM t WHERE n = \'{name}\' # nosec""")\n'),
    ('db.py', 'def q(cur, name):\n    cur.execute(f"SELECT * FROM t WHERE n = {name} # aiguard: ignore[PY001] reviewed it")\n'),
    ('app.js', 'app.get("/", (req, res) => { eval(req.query.code + "// nosec"); });\n'),
    ('app.js', "app.get('/', (req, res) => { eval(req.query.code + '/* nosec */'); });\n"),
    ('app.js', 'app.get("/", (req, res) => { eval(`${req.query.code} // nosec`); });\n'),
])
def test_a_marker_inside_a_string_literal_suppresses_nothing(repo: Repo, name: str, text: str) -> None:
    stage(repo, {name: text})
    code, doc = scan(repo, '--staged')
    assert doc['findings'], 'the injection must be reported'
    assert code == 1
    assert 'not in a comment' in doc['findings'][0]['message']


@pytest.mark.parametrize('text', [
    'KEY = "{key} # pragma: allowlist secret"\n',
    'KEY = "{key}"; NOTE = "# pragma: allowlist secret"\n',
    'KEY = "{key}"; NOTE = "# aiguard: ignore[SEC002] test fixture"\n',
])
def test_a_secret_pragma_inside_a_string_does_not_allowlist(repo: Repo, text: str) -> None:
    stage(repo, {'conf.py': text.format(key=AWS_KEY)})
    code, doc = scan(repo, '--staged')
    assert rules(doc) == [('SEC002', 1)] and code == 1


def test_a_pragma_inside_a_multiline_python_string_does_not_allowlist_the_next_line(repo: Repo) -> None:
    text = f'DOC = """\n# pragma: allowlist nextline secret\n"""\nKEY = "{AWS_KEY}"\n'
    stage(repo, {'conf.py': text})
    assert scan(repo, '--staged')[0] == 1
    text = f'DOC = """\n# pragma: allowlist nextline secret\nKEY = {AWS_KEY}\n"""\n'
    stage(repo, {'conf.py': text})
    assert scan(repo, '--staged')[0] == 1


@pytest.mark.parametrize(('name', 'text'), [
    ('db.py', SQL.replace('{tail}', '  # nosec')),
    ('app.js', 'app.get("/", (req, res) => { eval(req.query.code); }); // nosec\n'),
    ('app.js', 'app.get("/", (req, res) => { eval(req.query.code); }); /* nosec */\n'),
    ('app.js', 'const s = "it\'s"; app.get("/", (r, s) => { eval(r.query.c); }); // nosec\n'),
    ('deploy.sh', 'chmod 777 /srv/data  # aiguard: ignore[SH003] scratch VM, thrown away\n'),
])
def test_a_real_comment_still_suppresses(repo: Repo, name: str, text: str) -> None:
    stage(repo, {name: text})
    code, doc = scan(repo, '--staged')
    assert (code, doc['findings']) == (0, [])


def test_comments_by_language() -> None:
    py = b'x = "# nosec"  # real\ny = """\n# not\n"""  # yes\n'
    assert comments.of('a.py', py).by_line == {1: '# real', 4: '# yes'}
    js = b'a = `x\n// no`; // c1\n/* b\nc */ d\n'
    assert comments.of('a.js', js).by_line == {2: '// c1', 3: '/* b', 4: 'c */'}
    sh = b"echo 'a # no' # yes\nurl=http://x//y\n"
    assert comments.of('a.sh', sh).by_line == {1: '# yes'}
    sql = b"select '--no' -- yes\n"
    assert comments.of('q.sql', sql).by_line == {1: '-- yes'}


def test_a_python_file_that_does_not_tokenize_still_finds_comments() -> None:
    broken = b'def f(:\n    x = "# no"  # nosec\n'
    assert comments.of('b.py', broken).on(2) == '# nosec'


# --- reasons ---------------------------------------------------------------------------------

def test_an_ignore_without_a_reason_is_not_honoured_and_the_output_says_why(repo: Repo) -> None:
    stage(repo, {'db.py': SQL.replace('{tail}', '  # aiguard: ignore[PY001]')})
    code, doc = scan(repo, '--staged')
    assert code == 1
    assert 'gives no reason' in doc['findings'][0]['message']
    text = repo.aiguard('scan', '--staged').stdout
    assert 'gives no reason, so it is not honoured' in text


# --- policy findings are not suppressible inline ----------------------------------------------

@pytest.mark.parametrize('comment', [
    '# aiguard: ignore[POL001] trivial fix', '# aiguard: ignore[all] trivial fix', '# nosec',
])
def test_a_policy_finding_cannot_be_suppressed_in_the_code(repo: Repo, comment: str) -> None:
    repo.commit_files({'.aiguard.yaml': 'human_only: ["src/auth/**"]\n'}, 'policy')
    stage(repo, {'src/auth/login.py': f'def login():  {comment}\n    return True\n'})
    code, doc = scan(repo, '--staged', env=AGENT)
    pol = [f for f in doc['findings'] if f['rule_id'] == 'POL001']
    assert pol and pol[0]['blocking'] and code == 1
    assert 'cannot be suppressed in the code' in pol[0]['message']


# --- a suppression an AI-assisted change adds is reported, and blocks by default ---------------

@pytest.mark.parametrize('line', [
    'x = 1  # nosec',
    'x = 1  # aiguard: ignore[PY001] false positive',
    'TOKEN = "abc"  # pragma: allowlist secret',
    '# pragma: allowlist nextline secret',
])
def test_an_ai_change_that_adds_a_suppression_is_blocked(repo: Repo, line: str) -> None:
    repo.commit_files({'app.py': 'y = 2\n'}, 'start')
    stage(repo, {'app.py': f'y = 2\n{line}\n'})
    code, doc = scan(repo, '--staged', env=AGENT)
    assert rules(doc) == [('POL003', 2)] and code == 1
    assert doc['findings'][0]['blocking'] and doc['findings'][0]['cwe'] == 'CWE-693'
    # the same change by a person is not a policy matter
    code, doc = scan(repo, '--staged')
    assert (code, rules(doc)) == (0, [])


def test_the_suppressed_injection_is_still_visible_to_the_reviewer(repo: Repo) -> None:
    stage(repo, {'db.py': SQL.replace('{tail}', '  # nosec')})
    code, doc = scan(repo, '--staged', env=AGENT)
    assert rules(doc) == [('POL003', 2)] and code == 1


def test_the_policy_can_allow_ai_suppressions_which_are_still_reported(repo: Repo) -> None:
    repo.commit_files({'.aiguard.yaml': 'suppressions: {ai_may_add: true}\n'}, 'policy')
    stage(repo, {'db.py': SQL.replace('{tail}', '  # nosec')})
    code, doc = scan(repo, '--staged', env=AGENT)
    assert rules(doc) == [('POL003', 2)] and code == 0
    assert not doc['findings'][0]['blocking']


def test_a_suppression_already_there_is_not_reported(repo: Repo) -> None:
    repo.commit_files({'db.py': SQL.replace('{tail}', '  # nosec')}, 'start')
    stage(repo, {'db.py': SQL.replace('{tail}', '  # nosec') + 'z = 3\n'})
    assert scan(repo, '--staged', env=AGENT) == (0, scan(repo, '--staged', env=AGENT)[1])
    assert rules(scan(repo, '--staged', env=AGENT)[1]) == []
    # an audit of every file adds nothing
    assert rules(scan(repo, '--all-files', env=AGENT)[1]) == []


def test_a_marker_in_a_string_is_not_an_added_suppression(repo: Repo) -> None:
    stage(repo, {'notes.py': 'HELP = "write # nosec to silence bandit"\n'})
    code, doc = scan(repo, '--staged', env=AGENT)
    assert (code, rules(doc)) == (0, [])


def test_range_mode_reports_a_suppression_an_agent_committed(repo: Repo) -> None:
    base = repo.commit_files({'app.py': 'y = 2\n'}, 'start')
    repo.commit_files({'app.py': 'y = 2\nx = eval(input())  # nosec\n'},
                      'Quick fix\n\nAI-Assisted: claude-code\nReviewed-by: Bo Reviewer <bo@example.com>')
    code, doc = scan(repo, '--from-ref', base, '--to-ref', 'HEAD')
    assert ('POL003', 2) in rules(doc) and code == 1


def test_the_pre_commit_hook_reports_a_new_file_named_by_pre_commit(repo: Repo) -> None:
    repo.commit_files({'a.py': 'y = 2\n'}, 'start')
    stage(repo, {'new.py': 'x = eval(input())  # nosec\n'})
    proc = repo.aiguard('hook', 'pre-commit', 'new.py', env=AGENT)
    assert proc.returncode == 1 and 'POL003' in proc.stdout
    # pre-commit run --all-files names committed files: nothing is added there
    repo.git('commit', '-q', '--no-verify', '-m', 'x')
    proc = repo.aiguard('hook', 'pre-commit', 'a.py', 'new.py', env=AGENT)
    assert 'POL003' not in proc.stdout


def test_the_config_key_is_validated(repo: Repo) -> None:
    repo.commit_files({'.aiguard.yaml': 'suppressions: {ai_may_add: maybe}\n'}, 'policy')
    proc = repo.aiguard('scan', '--staged')
    assert proc.returncode == 2 and 'suppressions.ai_may_add' in proc.stderr
