"""review.approvals: in CI, a pull/merge request approval by a second person is an AI commit's
sign-off. The API answers are recorded here (shaped as GitHub's and GitLab's documented REST
responses) and served from 127.0.0.1; nothing leaves the machine."""
from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.repo import Repo

JOB_STUB = 'test-token-not-a-secret'
CONFIG = 'review:\n  approvals: true\n'


class Api:
    """Recorded responses by path; every request is logged with its auth header."""

    def __init__(self) -> None:
        self.routes: dict[str, tuple[int, object]] = {}
        self.seen: list[tuple[str, str]] = []


@pytest.fixture
def api() -> Iterator[tuple[Api, str]]:
    recorded = Api()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server's name
            path = self.path.split('?')[0]
            auth = self.headers.get('Authorization') or self.headers.get('JOB-TOKEN') or ''
            recorded.seen.append((path, auth))
            status, doc = recorded.routes.get(path, (404, {'message': 'Not Found'}))
            body = json.dumps(doc).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(('127.0.0.1', 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield recorded, f'http://127.0.0.1:{server.server_address[1]}'
    finally:
        server.shutdown()
        server.server_close()


def ai_pull_request(repo: Repo, config: str = CONFIG, message: str = '') -> dict[str, str]:
    c = {'base': repo.commit_files({'.aiguard.yaml': config, 'a.py': 'x = 1\n'}, 'base')}
    c['ai'] = repo.commit_files({'a.py': 'x = 2\n'}, 'Tweak\n\nAI-Assisted: claude-code' + message)
    return c


def github_env(tmp_path, url: str, c: dict[str, str], number: int = 12) -> dict[str, str]:
    event = tmp_path / 'event.json'
    event.write_text(json.dumps({
        'number': number,
        'pull_request': {'number': number, 'base': {'sha': c['base'], 'ref': 'main'},
                         'head': {'sha': c['ai'], 'ref': 'tweak'}},
        'repository': {'default_branch': 'main', 'full_name': 'acme/app'},
    }))
    return {'GITHUB_ACTIONS': 'true', 'GITHUB_EVENT_PATH': str(event), 'GITHUB_REPOSITORY': 'acme/app',
            'GITHUB_TOKEN': JOB_STUB, 'GITHUB_API_URL': url}


def review(login: str, state: str, commit: str, kind: str = 'User') -> dict:
    return {'id': 1, 'user': {'login': login, 'id': 7, 'type': kind}, 'body': '', 'state': state,
            'commit_id': commit, 'submitted_at': '2026-12-01T10:00:00Z', 'author_association': 'MEMBER'}


def pr_commit(sha: str, login: str) -> dict:
    person = {'name': 'Ada Human', 'email': 'ada@example.com', 'date': '2026-12-01T09:00:00Z'}
    return {'sha': sha, 'commit': {'author': person, 'committer': person, 'message': 'Tweak'},
            'author': {'login': login, 'type': 'User'}, 'committer': {'login': 'web-flow', 'type': 'User'}}


def serve_pr(recorded: Api, c: dict[str, str], reviews: list[dict], author_login: str = 'ada-h') -> None:
    recorded.routes['/repos/acme/app/pulls/12/reviews'] = (200, reviews)
    recorded.routes['/repos/acme/app/pulls/12/commits'] = (200, [pr_commit(c['ai'], author_login)])


def check(repo: Repo, env: dict[str, str]):
    return repo.aiguard('hook', 'ci', env=env)


def test_an_approval_by_a_second_person_signs_the_ai_commit_off(repo: Repo, api, tmp_path) -> None:
    recorded, url = api
    c = ai_pull_request(repo)
    serve_pr(recorded, c, [review('rita', 'APPROVED', c['ai'])])
    proc = check(repo, github_env(tmp_path, url, c))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert ('/repos/acme/app/pulls/12/reviews', f'Bearer {JOB_STUB}') in recorded.seen
    assert JOB_STUB not in proc.stdout + proc.stderr


@pytest.mark.parametrize('reviews', [
    pytest.param(lambda c: [review('ada-h', 'APPROVED', c['ai'])], id='by-the-commit-author'),
    pytest.param(lambda c: [review('Copilot', 'APPROVED', c['ai'], 'Bot')], id='by-a-bot'),
    pytest.param(lambda c: [review('claude[bot]', 'APPROVED', c['ai'])], id='by-an-app'),
    pytest.param(lambda c: [review('rita', 'APPROVED', c['ai']), review('rita', 'CHANGES_REQUESTED', c['ai'])],
                 id='then-changes-requested'),
    pytest.param(lambda c: [review('rita', 'APPROVED', c['base'])], id='of-an-earlier-commit'),
    pytest.param(lambda c: [review('rita', 'COMMENTED', c['ai'])], id='a-comment'),
    pytest.param(lambda c: [], id='none'),
])
def test_approvals_that_do_not_count(repo: Repo, api, tmp_path, reviews) -> None:
    recorded, url = api
    c = ai_pull_request(repo)
    serve_pr(recorded, c, reviews(c))
    proc = check(repo, github_env(tmp_path, url, c))
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert 'POL002' in proc.stdout and 'no approval of GitHub pull request #12 counts' in proc.stdout


def test_a_co_author_cannot_approve(repo: Repo, api, tmp_path) -> None:
    recorded, url = api
    c = ai_pull_request(repo, message='\nCo-authored-by: Rita R <12345+rita@users.noreply.github.com>')
    serve_pr(recorded, c, [review('rita', 'APPROVED', c['ai'])])
    assert check(repo, github_env(tmp_path, url, c)).returncode == 1


def test_an_unreadable_api_falls_back_to_trailers_and_says_so(repo: Repo, api, tmp_path) -> None:
    recorded, url = api
    c = ai_pull_request(repo)
    recorded.routes['/repos/acme/app/pulls/12/reviews'] = (403, {'message': 'Resource not accessible by integration'})
    proc = check(repo, github_env(tmp_path, url, c))
    assert proc.returncode == 1
    assert 'HTTP 403' in proc.stderr and 'falls back to trailers' in proc.stderr
    assert 'cannot read the approvals of GitHub pull request #12' in proc.stdout
    # the trailer still signs off
    reviewed = repo.commit_files({'a.py': 'x = 3\n'}, 'Tweak\n\nAI-Assisted: claude-code\n'
                                 'Reviewed-by: Rita Reviewer <rita@example.com>')
    env = github_env(tmp_path, url, {'base': c['ai'], 'ai': reviewed})
    assert check(repo, env).returncode == 0


def test_a_closed_port_is_a_stated_fallback(repo: Repo, tmp_path) -> None:
    import socket

    with socket.socket() as s:
        s.bind(('127.0.0.1', 0))
        port = s.getsockname()[1]  # nothing listens once closed
    c = ai_pull_request(repo)
    proc = check(repo, github_env(tmp_path, f'http://127.0.0.1:{port}', c))
    assert proc.returncode == 1 and 'falls back to trailers' in proc.stderr


def test_no_request_unless_the_config_turns_it_on_in_ci(repo: Repo, api, tmp_path) -> None:
    recorded, url = api
    c = ai_pull_request(repo, config='review:\n  required_for_ai: true\n')
    serve_pr(recorded, c, [review('rita', 'APPROVED', c['ai'])])
    assert check(repo, github_env(tmp_path, url, c)).returncode == 1
    assert recorded.seen == []
    # on, but outside CI (a developer's pre-push with the same variables minus GITHUB_ACTIONS)
    repo.commit_files({'.aiguard.yaml': CONFIG}, 'turn approvals on')
    env = {**github_env(tmp_path, url, c), 'GITHUB_ACTIONS': ''}
    proc = repo.aiguard('hook', 'ci', env={**env, 'PRE_COMMIT_FROM_REF': c['base'], 'PRE_COMMIT_TO_REF': c['ai']})
    assert proc.returncode == 1 and recorded.seen == []


def gitlab_env(url: str, c: dict[str, str]) -> dict[str, str]:
    return {'GITLAB_CI': 'true', 'CI_MERGE_REQUEST_IID': '5', 'CI_PROJECT_ID': '42', 'CI_API_V4_URL': url,
            'CI_JOB_TOKEN': JOB_STUB, 'CI_MERGE_REQUEST_DIFF_BASE_SHA': c['base'], 'CI_COMMIT_SHA': c['ai'],
            'CI_DEFAULT_BRANCH': 'main'}


def gitlab_approvals(*users: tuple[str, str]) -> dict:
    return {'id': 5, 'iid': 5, 'project_id': 42, 'approved': bool(users), 'approvals_required': 1,
            'approvals_left': 0 if users else 1,
            'approved_by': [{'user': {'id': i, 'username': u, 'name': n, 'state': 'active'}}
                            for i, (u, n) in enumerate(users)]}


def test_gitlab_merge_request_approvals(repo: Repo, api) -> None:
    recorded, url = api
    c = ai_pull_request(repo)
    route = '/projects/42/merge_requests/5/approvals'
    recorded.routes[route] = (200, gitlab_approvals(('rita', 'Rita Reviewer')))
    proc = check(repo, gitlab_env(url, c))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert [p for p, _ in recorded.seen] == [route]
    assert (route, JOB_STUB) in recorded.seen
    # the author approving their own merge request (same name, other username) does not count
    recorded.routes[route] = (200, gitlab_approvals(('ada.h', 'Ada Human')))
    proc = check(repo, gitlab_env(url, c))
    assert proc.returncode == 1 and 'no approval of GitLab merge request !5 counts' in proc.stdout


def test_a_squash_merge_on_push_is_signed_off_by_the_approval_of_its_pull_request(repo: Repo, api, tmp_path) -> None:
    """The push to main after a squash merge: the pull request the commit merged is looked up."""
    recorded, url = api
    c = ai_pull_request(repo)
    head = 'f' * 40  # the request's last head, on no branch of this clone
    event = tmp_path / 'push.json'
    event.write_text(json.dumps({'before': c['base'], 'after': c['ai'],
                                 'repository': {'default_branch': 'main'}}))
    env = {**github_env(tmp_path, url, c), 'GITHUB_EVENT_PATH': str(event)}
    recorded.routes[f'/repos/acme/app/commits/{c["ai"]}/pulls'] = (200, [{
        'number': 12, 'state': 'closed', 'merged_at': '2026-12-01T11:00:00Z', 'merge_commit_sha': c['ai'],
        'head': {'sha': head, 'ref': 'tweak'}, 'base': {'sha': c['base'], 'ref': 'main'},
        'user': {'login': 'ada-h', 'type': 'User'}}])
    serve_pr(recorded, c, [review('rita', 'APPROVED', head)], author_login='ada-h')
    proc = check(repo, env)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    # an approval of an earlier head, or by the request's opener, does not cover the merge
    serve_pr(recorded, c, [review('rita', 'APPROVED', c['base']), review('ada-h', 'APPROVED', head)])
    proc = check(repo, env)
    assert proc.returncode == 1 and 'no approval of GitHub pull request #12 counts' in proc.stdout
    # a pushed commit that merged no pull request: said, and the trailers decide
    recorded.routes[f'/repos/acme/app/commits/{c["ai"]}/pulls'] = (200, [])
    proc = check(repo, env)
    assert proc.returncode == 1 and 'is not the merge of a pull request' in proc.stderr
