"""Weakening by deletion: a change that removes a safeguard is judged by what it leaves behind.

Each attack deletes one line (session.clear() from a logout or before a login, a rate-limit
decorator, a Dockerfile's USER) and adds none that any rule reads: the commit hook, range mode
and `aiguard report` must each count the finding that deletion makes. The controls show that an
old finding stays old: an unrelated deletion beside it, moving its function, renaming its file.
"""
from __future__ import annotations

import json
import os

import pytest

from tests.repo import Repo
from tests.test_git_calls import _subcommands

AI = {'AIGUARD_AI': 'claude-code'}
CONFIG = 'review: {required_for_ai: false}\n'  # range mode: the verdict is the findings', not review's

APP = 'from flask import Flask, redirect, request, session\n\napp = Flask(__name__)\n'
LOGOUT = APP + '''

@app.route("/logout")
def logout():
    session.clear()
    return redirect("/")
'''
LOGIN = APP + '''

@app.route("/login", methods=["POST"])
def login():
    user = find_user(request.form["name"])
    session.clear()
    session["user_id"] = user.id
    return redirect("/")
'''
LIMITED = APP + '''from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(get_remote_address, app=app)


@app.route("/login", methods=["POST"])
@limiter.limit("5 per minute")
def login():
    if check_password(request.form["user"], request.form["password"]):
        return redirect("/")
    return "no", 401
'''
DOCKERFILE = '''FROM python:3.12-slim
RUN useradd --create-home appuser
COPY . /app
USER appuser
CMD ["python", "/app/views.py"]
'''

# (id, path, version before, the line the attack deletes, the rule that must report what is left)
ATTACKS = [
    ('logout-keeps-session', 'views.py', LOGOUT, '    session.clear()\n', 'PY015'),
    ('session-fixation', 'views.py', LOGIN, '    session.clear()\n', 'PY053'),
    ('rate-limit-removed', 'views.py', LIMITED, '@limiter.limit("5 per minute")\n', 'PY054'),
    ('root-container', 'Dockerfile', DOCKERFILE, 'USER appuser\n', 'DOCKER002'),
]
IDS = [a[0] for a in ATTACKS]


def without(text: str, line: str) -> str:
    assert text.count(line) == 1
    return text.replace(line, '')


def base(repo: Repo, files: dict[str, str]) -> str:
    return repo.commit_files({'.aiguard.yaml': CONFIG, **files}, 'base')


def install(repo: Repo) -> None:
    proc = repo.aiguard('install')
    assert proc.returncode == 0, proc.stderr


def commit(repo: Repo, files: dict[str, str], env: dict[str, str] | None = None,
           *extra: str) -> tuple[int, str]:
    """A real `git commit` through the installed hooks: (exit status, what the hooks printed)."""
    for name, text in files.items():
        repo.write(name, text)
    repo.add(*files)
    proc = repo.git('commit', '-q', '-m', 'simplify', *extra, env=env, check=False)
    out = proc.stdout + proc.stderr
    assert 'Traceback' not in out, out
    return proc.returncode, out


def scan_range(repo: Repo, from_ref: str) -> tuple[int, list[dict]]:
    proc = repo.aiguard('scan', '--from-ref', from_ref, '--to-ref', 'HEAD', '--format', 'json')
    assert proc.returncode in (0, 1), proc.stderr
    return proc.returncode, json.loads(proc.stdout)['findings']


def report(repo: Repo) -> dict:
    proc = repo.aiguard('report', '--format', 'json', '--no-cache')
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout)


# --- the attacks ---------------------------------------------------------------------

@pytest.mark.parametrize(('path', 'before', 'line', 'rule'), [a[1:] for a in ATTACKS], ids=IDS)
def test_deleting_a_safeguard_is_blocked_at_commit_for_ai(repo: Repo, path: str, before: str,
                                                           line: str, rule: str) -> None:
    base(repo, {path: before})
    install(repo)
    code, out = commit(repo, {path: without(before, line)}, AI)
    assert code == 1, out
    assert f'{rule} [medium]' in out and 'introduced by this change: ' in out
    assert '(blocking)' in out


@pytest.mark.parametrize(('path', 'before', 'line', 'rule'), [a[1:] for a in ATTACKS], ids=IDS)
def test_a_human_deletion_is_shown_at_the_human_tier(repo: Repo, path: str, before: str,
                                                     line: str, rule: str) -> None:
    base(repo, {path: before})
    install(repo)
    code, out = commit(repo, {path: without(before, line)})
    assert code == 0, out  # medium: under the human tier's threshold (high), still reported
    assert f'{rule} [medium]' in out


@pytest.mark.parametrize(('path', 'before', 'line', 'rule'), [a[1:] for a in ATTACKS], ids=IDS)
def test_range_mode_and_report_count_the_deletion(repo: Repo, path: str, before: str,
                                                  line: str, rule: str) -> None:
    start = base(repo, {path: before})
    # the hooks skipped (--no-verify), the commit declared as AI-assisted
    bad = repo.commit_files({path: without(before, line)}, 'simplify\n\nAI-Assisted: claude-code\n')
    code, findings = scan_range(repo, start)
    assert code == 1
    assert [(f['rule_id'], f['path'], f['blocking']) for f in findings] == [(rule, path, True)]
    assert 'introduced by this change' in findings[0]['message']

    doc = report(repo)
    assert doc['findings_introduced'] == {'ai': 1, 'human': 0}
    [found] = doc['findings']
    assert (found['rule_id'], found['commit'], found['ai_assisted'], found['remediated_by']) == (rule, bad, True, None)

    # the safeguard comes back: remediated by that commit
    fix = repo.commit_files({path: before}, 'restore the safeguard')
    [found] = report(repo)['findings']
    assert found['remediated_by'] == fix


def test_a_human_deletion_is_counted_for_humans_in_the_report(repo: Repo) -> None:
    base(repo, {'views.py': LOGOUT})
    repo.commit_files({'views.py': without(LOGOUT, '    session.clear()\n')}, 'tidy logout')
    assert report(repo)['findings_introduced'] == {'ai': 0, 'human': 1}


def test_the_same_method_name_in_another_class_does_not_hide_the_deletion(repo: Repo) -> None:
    # A.logout already lacks the clear (old PY015); B.logout loses it now: a new finding by qualified name
    views = APP + '''

class A:
    @app.route("/a/logout")
    def logout(self):
        return redirect("/")


class B:
    @app.route("/b/logout")
    def logout(self):
        session.clear()
        return redirect("/")
'''
    start = base(repo, {'views.py': views})
    repo.commit_files({'views.py': without(views, '        session.clear()\n')}, 'x\n\nAI-Assisted: claude-code\n')
    code, findings = scan_range(repo, start)
    assert code == 1
    b_logout = views[:views.rindex('def logout')].count('\n') + 1
    assert [(f['rule_id'], f['line']) for f in findings] == [('PY015', b_logout)]


def test_deleting_a_safeguard_while_renaming_the_file_is_blocked(repo: Repo) -> None:
    start = base(repo, {'views.py': LOGOUT + '\n\ndef helper():\n    return 1\n'})
    repo.git('mv', 'views.py', 'web.py')
    repo.write('web.py', without(LOGOUT, '    session.clear()\n') + '\n\ndef helper():\n    return 1\n')
    repo.add('web.py')
    repo.commit('move views\n\nAI-Assisted: claude-code\n')
    code, findings = scan_range(repo, start)
    assert (code, [(f['rule_id'], f['path']) for f in findings]) == (1, [('PY015', 'web.py')])


def only_from(doc: dict, commit: str) -> bool:
    """Every finding the report counts was introduced by `commit` (the base's, in these tests)."""
    return doc['findings'] != [] and all(f['commit'] == commit for f in doc['findings'])


def test_breaking_the_syntax_first_does_not_hide_a_later_deletion(repo: Repo) -> None:
    # commit 1 leaves views.py unparseable (the Python engine skips it); commit 2 repairs it and drops the clear
    base(repo, {'views.py': LOGOUT})
    broken = repo.commit_files({'views.py': LOGOUT + '\ndef half_written(:\n'}, 'wip')
    install(repo)
    code, out = commit(repo, {'views.py': without(LOGOUT, '    session.clear()\n')}, AI)
    assert code == 1, out
    assert "PY015 [medium]" in out and "previous version could not be checked" in out
    repo.git('commit', '-q', '--no-verify', '-m', 'fix\n\nAI-Assisted: claude-code\n')
    code, findings = scan_range(repo, broken)
    assert (code, [f['rule_id'] for f in findings]) == (1, ['PY015'])


def test_an_amend_that_drops_the_safeguard_is_blocked(repo: Repo) -> None:
    base(repo, {'views.py': LOGOUT})
    install(repo)
    code, out = commit(repo, {'notes.txt': 'logout kept\n'}, AI)
    assert code == 0, out
    # the amended commit is judged against its parent: the clear it drops is a deletion
    code, out = commit(repo, {'views.py': without(LOGOUT, '    session.clear()\n')}, AI, '--amend')
    assert code == 1, out
    assert 'PY015 [medium]' in out and 'introduced by this change' in out


# --- old findings stay old --------------------------------------------------------------

OLD_LOGOUT = APP + '''

@app.route("/logout")
def logout():
    audit("logout")
    return redirect("/")


@app.route("/")
def index():
    name = current_name()
    greeting = "hello"
    if name:
        greeting = f"{greeting}, {name}"
    return greeting
'''
OLD_DOCKERFILE = 'FROM python:3.12-slim\nCOPY . /app\nRUN pip install -r /app/requirements.txt\nCMD ["python", "/app/views.py"]\n'


def test_deleting_an_unrelated_line_beside_an_old_finding_passes(repo: Repo) -> None:
    start = base(repo, {'views.py': OLD_LOGOUT, 'Dockerfile': OLD_DOCKERFILE})
    install(repo)
    change = {'views.py': without(OLD_LOGOUT, '    audit("logout")\n'),
              'Dockerfile': without(OLD_DOCKERFILE, 'RUN pip install -r /app/requirements.txt\n')}
    code, out = commit(repo, change, AI)
    assert code == 0, out
    assert 'PY015' not in out and 'DOCKER002' not in out
    code, findings = scan_range(repo, start)
    assert (code, findings) == (0, [])
    assert only_from(report(repo), start)


def test_moving_a_function_with_an_old_finding_does_not_introduce_it(repo: Repo) -> None:
    start = base(repo, {'views.py': OLD_LOGOUT})
    install(repo)
    logout = OLD_LOGOUT[OLD_LOGOUT.index('@app.route("/logout")'):OLD_LOGOUT.index('@app.route("/")\n')]
    moved = OLD_LOGOUT.replace(logout, '') + '\n\n' + logout.rstrip('\n') + '\n'
    assert moved != OLD_LOGOUT and 'def logout' in moved
    repo.write('views.py', moved)
    repo.add('views.py')
    assert '\n+def logout():' in repo.git('diff', '--cached', '-U0').stdout  # git shows it deleted and added
    code, out = commit(repo, {'views.py': moved}, AI)
    assert code == 0, out
    assert 'PY015' not in out
    assert scan_range(repo, start) == (0, [])


def test_a_rename_with_a_small_edit_does_not_reintroduce_old_findings(repo: Repo) -> None:
    start = base(repo, {'views.py': OLD_LOGOUT, 'Dockerfile': OLD_DOCKERFILE})
    install(repo)
    repo.git('mv', 'views.py', 'site_views.py')
    repo.git('mv', 'Dockerfile', 'Dockerfile.web')
    code, out = commit(repo, {'site_views.py': OLD_LOGOUT.replace('"hello"', '"welcome"'),
                              'Dockerfile.web': OLD_DOCKERFILE.replace('requirements.txt', 'reqs.txt')}, AI)
    assert code == 0, out
    assert 'PY015' not in out and 'DOCKER002' not in out
    assert scan_range(repo, start) == (0, [])
    assert only_from(report(repo), start)


def test_the_old_version_is_read_only_when_a_finding_is_off_the_added_lines(repo: Repo, git_log: str) -> None:
    base(repo, {'views.py': OLD_LOGOUT})
    # the common case: no finding off the added lines, so the old blob is never asked for
    repo.write('views.py', OLD_LOGOUT.replace('"hello"', '"hi"'))
    repo.add('views.py')
    os.remove(git_log)
    proc = repo.aiguard('hook', 'pre-commit', env=AI)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _subcommands(git_log).count('cat-file') == 2  # the policy files; the new blob
    # an edit inside logout(), whose old PY015 is now off the added lines: one more read, and it passes
    repo.write('views.py', OLD_LOGOUT.replace('audit("logout")', 'audit("bye")'))
    repo.add('views.py')
    os.remove(git_log)
    proc = repo.aiguard('hook', 'pre-commit', env=AI)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert _subcommands(git_log).count('cat-file') == 3  # the policy files; the new blob; the old one
