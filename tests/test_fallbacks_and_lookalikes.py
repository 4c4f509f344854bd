"""Issue 16: secret fallbacks of environment reads in JS and Python, bearer tokens in docs, GitHub's token checksum.

Tokens are built at run time (tests/secrets_corpus), so this file holds no secret-shaped literal.
"""
from __future__ import annotations

import random
import textwrap

import pytest

from aiguard.changes import ChangedFile
from aiguard.config import Config
from aiguard.scanners import ScanContext, patterns
from aiguard.scanners import python as python_engine
from aiguard.scanners.secret_filters import env_fallback_is_secret, token_checksum, is_template_path
from aiguard.scanners.secrets import scan_text
from tests.secrets_corpus import ALNUM, github_checksummed, github_token, rand


REAL_LOOKING = rand(random.Random(11), ALNUM, 18)  # a made-up key, built here so the file holds none


def js_rules(text: str, path: str = 'src/config.js', tree: bool = True) -> list[tuple[str, int]]:
    f = ChangedFile(path, '', textwrap.dedent(text).encode())
    patterns.USE_TREE = tree
    try:
        return [(x.rule_id, x.line) for x in patterns.scan([f], ScanContext('/x', Config()))]
    finally:
        patterns.USE_TREE = True


def py_rules(code: str, path: str = 'app/settings.py') -> set[str]:
    f = ChangedFile(path, '', textwrap.dedent(code).encode())
    return {x.rule_id for x in python_engine.scan([f], ScanContext('/x', Config()))}


# --- JS: a literal fallback of a secret variable (JS011), as PY011 reports it -------------

JS_FALLBACKS = [
    "const secret = process.env.JWT_SECRET || 'changeme-dev-secret';",
    "const secret = process.env.JWT_SECRET ?? 'super-secret-key';",
    "const pass = process.env['DB_PASSWORD'] || 'change-me';",
    "const key = import.meta.env.STRIPE_SECRET_KEY ?? 'your-secret-here';",
    "const key = Deno.env.get('API_KEY') ?? 'dev-api-key';",
    "jwt.sign(payload, process.env.JWT_SECRET || 'secret', { expiresIn: '1h' });",
    "const { SESSION_SECRET = 'keyboard cat', PORT = 3000 } = process.env;",
    "const { JWT_SECRET: jwtSecret = 'dev-secret' } = process.env;",
    "const token = process.env.GITHUB_TOKEN\n  || process.env.GH_TOKEN\n  || 'dev-token';",
    "const secret = process.env.NEXTAUTH_SECRET || `fallback-secret`;",
]
JS_QUIET = [
    "const secret = process.env.JWT_SECRET;",
    "const token = process.env.GITHUB_TOKEN || '';",
    "const port = process.env.PORT || '3000';",
    "const header = process.env.CSRF_TOKEN_HEADER || 'x-csrf-token';",
    "const min = process.env.PASSWORD_MIN_LENGTH || '12';",
    "const secret = process.env.JWT_SECRET || '<your-jwt-secret>';",
    "const secret = process.env.JWT_SECRET || `${process.env.APP_NAME}-secret`;",
    "const secret = process.env.JWT_SECRET || null;",
    "const secret = process.env.JWT_SECRET || readSecretFile();",
    "const { JWT_SECRET } = process.env;",
    "const { SESSION_SECRET = 'keyboard cat' } = options;",
]


@pytest.mark.parametrize('code', JS_FALLBACKS)
def test_a_js_secret_fallback_is_reported(code: str) -> None:
    assert [r for r, _ in js_rules(code)] == ['JS011']


@pytest.mark.parametrize('code', JS_QUIET)
def test_no_fallback_an_empty_or_fill_in_fallback_or_a_non_secret_name_is_quiet(code: str) -> None:
    assert 'JS011' not in [r for r, _ in js_rules(code)]


def test_the_regexes_that_stand_in_for_the_tree_read_brackets_and_skip_fill_in_markers() -> None:
    assert js_rules("const s = process.env['JWT_SECRET'] || 'dev-secret';", tree=False) == [('JS011', 1)]
    assert js_rules("const s = process.env.JWT_SECRET || '<jwt-secret>';", tree=False) == []
    assert js_rules("const s = process.env.JWT_SECRET || `${base}-x`;", tree=False) == []


def test_a_fallback_spread_over_lines_is_reported_where_it_starts() -> None:
    code = "const config = {\n  port: 3000,\n  jwtSecret: process.env.JWT_SECRET\n    || 'changeme',\n};\n"
    assert js_rules(code) == [('JS011', 3)]


# a template is copied and filled in, never run as it stands: its placeholders are prompts
TEMPLATES = ['config.example.js', 'src/settings.sample.ts', 'templates/server/auth.js',
             '{{cookiecutter.slug}}/src/config.js']


@pytest.mark.parametrize('path', TEMPLATES)
def test_a_placeholder_fallback_in_a_template_file_is_quiet_a_real_looking_one_is_not(path: str) -> None:
    assert js_rules("const s = process.env.JWT_SECRET || 'change-me';", path) == []
    assert js_rules("const s = process.env.JWT_SECRET || 'your-jwt-secret-here';", path) == []
    assert [r for r, _ in js_rules(f"const s = process.env.JWT_SECRET || '{REAL_LOOKING}';", path)] == ['JS011']


def test_the_same_placeholder_fallback_in_code_that_runs_is_reported() -> None:
    assert [r for r, _ in js_rules("const s = process.env.JWT_SECRET || 'change-me';", 'src/auth.js')] == ['JS011']


# --- Python: PY011 takes the same decisions ---------------------------------------------------

def test_python_placeholder_fallbacks_follow_the_same_rule() -> None:
    code = 'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "change-me")\n'
    assert 'PY011' in py_rules(code)
    assert 'PY011' not in py_rules(code, 'project_template/settings.example.py')
    assert 'PY011' not in py_rules(code, '{{cookiecutter.project_slug}}/settings.py')
    real_looking = f'import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "{REAL_LOOKING}")\n'
    assert 'PY011' in py_rules(real_looking, 'settings.example.py')
    assert 'PY011' not in py_rules('import os\nSECRET_KEY = os.environ.get("SECRET_KEY", "<secret>")\n')


@pytest.mark.parametrize(('value', 'path', 'kept'), [
    ('dev-secret', 'app.js', True), ('change-me', 'app.js', True), ('', 'app.js', False), ('ab', 'app.js', False),
    ('<secret>', 'app.js', False), ('${SECRET}', 'app.js', False), ('undefined', 'app.js', False),
    ('change-me', 'app.example.js', False), ('your-key-here', 'templates/app.js', False),
    ('Zq81-kx-prod', 'templates/app.js', True),
])
def test_fallback_decision_table(value: str, path: str, kept: bool) -> None:
    assert env_fallback_is_secret(value, path) is kept


def test_a_template_is_named_by_its_file_or_folder_not_by_a_word_inside_a_name() -> None:
    assert is_template_path('web/templates/login.js') and is_template_path('.env.template')
    assert not is_template_path('src/template_engine.js') and not is_template_path('blueprints/auth.py')


# --- docs: a bearer token in a curl example ---------------------------------------------------

def _random_token(seed: int, n: int = 40) -> str:
    return rand(random.Random(seed), ALNUM, n)


@pytest.mark.parametrize('snippet', [
    'curl -H "Authorization: Bearer {t}" https://api.acme.io/v1/orders',
    "curl https://api.acme.io -H 'authorization: bearer {t}'",
    '| header | `Authorization: Token {t}` |',
    'curl --oauth2-bearer {t} https://api.acme.io',
])
def test_a_real_looking_bearer_token_in_a_readme_is_reported(snippet: str) -> None:
    token = _random_token(3)
    text = f'## Calling the API\n\n```bash\n{snippet.format(t=token)}\n```\n'
    found = scan_text('README.md', text)
    assert [(f.rule_id, f.line) for f in found] == [('SEC007', 4)]
    assert token not in found[0].message


@pytest.mark.parametrize('value', [
    '<token>', '$TOKEN', '${API_TOKEN}', 'YOUR_API_TOKEN', 'your-token-here', 'xxxxxxxxxxxxxxxxxxxxxxxx',
    'abc123def456ghi789jkl012', 'sk-...', '<YOUR_ACCESS_TOKEN>', '$(gh auth token)',
])
def test_a_placeholder_bearer_token_in_a_readme_is_quiet(value: str) -> None:
    text = f'```bash\ncurl -H "Authorization: Bearer {value}" https://api.acme.io\n```\n'
    assert scan_text('docs/api.md', text) == []


def test_docs_still_skip_generic_assignments() -> None:
    # only the header is read in docs: made-up passwords in prose stay quiet as before
    assert scan_text('README.md', f'password = "{_random_token(4, 14)}"\n') == []


# --- GitHub's and npm's checksum --------------------------------------------------------------------------

@pytest.mark.parametrize('prefix', ['ghp_', 'gho_', 'ghu_', 'ghs_', 'ghr_', 'npm_'])
def test_a_github_or_npm_token_with_its_checksum_is_reported_one_without_is_a_look_alike(prefix: str) -> None:
    good = github_token(random.Random(prefix), prefix)
    assert token_checksum(good) is True
    assert [f.rule_id for f in scan_text('deploy.py', f'GH_TOKEN = "{good}"\n')]
    # one character of the checksum changed: GitHub rejects it without a lookup, so it is no key
    last = 'A' if good[-1] != 'A' else 'B'
    bad = good[:-1] + last
    assert token_checksum(bad) is False
    assert scan_text('deploy.py', f'GH_TOKEN = "{bad}"\n') == []
    # a body with one character changed keeps the old checksum: also a look-alike
    swapped = good[:10] + ('a' if good[10] != 'a' else 'b') + good[11:]
    assert scan_text('deploy.py', f'GH_TOKEN = "{swapped}"\n') == []


def test_a_valid_checksum_outweighs_a_value_that_reads_as_words() -> None:
    body = 'apiTokenForTheStagingServerXyz'  # words: taken for made-up without a checksum
    assert len(body) == 30
    unchecked = 'ghp_' + body + 'Ab3dEf'
    assert token_checksum(unchecked) is False and scan_text('a.py', f'T = "{unchecked}"\n') == []
    issued = github_checksummed('ghp_', body)
    assert [f.rule_id for f in scan_text('a.py', f'T = "{issued}"\n')] == ['SEC111']
    # a line that calls it fake still says so
    assert scan_text('a.py', f'FAKE_TOKEN = "{issued}"  # fake\n') == []


def test_other_lengths_and_prefixes_have_no_checksum_to_check() -> None:
    assert token_checksum('ghr_' + _random_token(5, 76)) is None
    assert token_checksum('github_pat_' + _random_token(6, 82)) is None
