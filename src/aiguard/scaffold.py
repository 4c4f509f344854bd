"""`aiguard init`: config, hooks, CI, PR checklist, policy and assistant guidance, never overwriting."""
from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from aiguard import __version__, git
from aiguard.errors import FatalError
from aiguard.records import record

TEMPLATES = os.path.join(os.path.dirname(__file__), 'scaffold_templates')
POLICY_PATH = 'AI_POLICY.md'
SENSITIVE_ROLES = ('auth', 'crypto', 'payments', 'secrets-handling')
# Directory names that give a path its role; the first match on a path wins.
ROLE_DIRS: Mapping[str, tuple[str, ...]] = {
    'auth': ('auth', 'authentication', 'authn', 'authz', 'authorization', 'login', 'oauth',
             'sso', 'accounts', 'identity', 'iam', 'session', 'sessions', 'permissions'),
    'crypto': ('crypto', 'cryptography', 'security', 'signing', 'encryption', 'tls', 'certs'),
    'payments': ('payments', 'payment', 'billing', 'checkout', 'invoices', 'invoicing', 'stripe'),
    'secrets-handling': ('secrets', 'vault', 'kms', 'credentials'),
    'logging': ('logging', 'logs', 'audit'),
    'migrations': ('migrations', 'alembic', 'migrate'),
    'tests': ('tests', 'test', '__tests__', 'spec', 'specs', 'testdata', 'fixtures'),
    'docs': ('docs', 'doc', 'documentation'),
    'generated': ('generated', 'vendor', 'third_party', 'node_modules', 'dist'),
}
MAX_GLOBS_PER_ROLE = 8
GUIDANCE_FILES = ('AGENTS.md', 'CLAUDE.md', '.github/copilot-instructions.md', '.cursor/rules/aiguard.mdc')
PR_TEMPLATES = (
    '.github/pull_request_template.md', '.github/PULL_REQUEST_TEMPLATE.md', 'PULL_REQUEST_TEMPLATE.md',
    'pull_request_template.md', 'docs/pull_request_template.md', 'docs/PULL_REQUEST_TEMPLATE.md',
    '.github/PULL_REQUEST_TEMPLATE',
)


def template(name: str, **values: str) -> str:
    """A file from scaffold_templates/ with its `{{aiguard:key}}` markers filled in."""
    with open(os.path.join(TEMPLATES, name), encoding='utf-8') as f:
        text = f.read()
    values.setdefault('version', __version__)
    values.setdefault('policy_path', POLICY_PATH)
    for key, value in values.items():
        text = text.replace('{{aiguard:' + key + '}}', value)
    return text


def guess_roles(paths: Iterable[str]) -> dict[str, list[str]]:
    """Role → directory globs, from the directory names in `paths` (shallowest first)."""
    by_name = {name: role for role, names in ROLE_DIRS.items() for name in names}
    found: dict[str, list[str]] = {}
    seen: set[str] = set()
    for path in sorted(paths, key=lambda p: (p.count('/'), p)):
        parts = path.split('/')[:-1]
        for depth, part in enumerate(parts):
            role = by_name.get(part.lower())
            if role is None:
                continue
            prefix = '/'.join(parts[:depth + 1])
            if prefix in seen or any(prefix.startswith(s + '/') for s in seen):
                break
            seen.add(prefix)
            globs = found.setdefault(role, [])
            if len(globs) < MAX_GLOBS_PER_ROLE:
                globs.append(f'{prefix}/**')
            break
    return {role: found[role] for role in ROLE_DIRS if role in found}


def _yaml_list(globs: Sequence[str], indent: str, comment: bool = False) -> str:
    mark = '# ' if comment else ''
    return '\n'.join(f'{mark}{indent}- "{g}"' for g in globs)


def config_text(roles: Mapping[str, Sequence[str]]) -> str:
    """.aiguard.yaml with commented defaults and the roles found in the tree."""
    if roles:
        body = 'roles:\n' + '\n'.join(
            f'  {role}:\n{_yaml_list(globs, "    ")}' for role, globs in roles.items())
    else:
        body = '# roles:\n#   auth:\n#     - "src/login/**"'
    sensitive = [g for r in SENSITIVE_ROLES for g in roles.get(r, ())]
    if sensitive:
        human_only = '# Candidates found in this tree; uncomment to make them human-only:\n# human_only:\n' + \
            _yaml_list(sensitive, '  ', comment=True)
    else:
        human_only = '# human_only:\n#   - "src/auth/**"'
    return template('aiguard.yaml', roles=body, human_only=human_only)


@record
class Outcome:
    """What init did with one file."""

    path: str
    created: bool
    note: str = ''
    snippet: str = ''
    updated: bool = False


def write_new(root: str, rel: str, content: str) -> Outcome:
    """Create `rel` unless anything (file, directory, link) already has that name."""
    full = os.path.join(root, rel)
    if os.path.lexists(full):
        return Outcome(rel, False, 'exists; not changed')
    os.makedirs(os.path.dirname(full) or root, exist_ok=True)
    try:
        with open(full, 'x', encoding='utf-8') as f:
            f.write(content)
    except FileExistsError:
        return Outcome(rel, False, 'exists; not changed')
    return Outcome(rel, True)


def _exists_any(root: str, names: Iterable[str]) -> str | None:
    for name in names:
        if os.path.lexists(os.path.join(root, name)):
            return name
    return None


def _mentions(root: str, rel: str, text: str) -> bool:
    full = os.path.join(root, rel)
    if not os.path.isfile(full):
        return False
    try:
        with open(full, encoding='utf-8', errors='replace') as f:
            return text in f.read()
    except OSError:
        return False


# Written where the repository URL is unknown; pre-commit stops at it with the name in its error.
REPO_URL_PLACEHOLDER = 'FILL-IN-the-aiguard-repository-URL'
_URL_KEYS = ('repository', 'source', 'source code', 'homepage')
_PLAIN = re.compile(r'[A-Za-z0-9][A-Za-z0-9._~:/?=&%@+-]*')  # fullmatch: no anchor to backtrack from


def package_repo_url() -> str | None:
    """The repository URL the installed package's metadata names (Project-URL), if any."""
    from importlib import metadata

    try:
        urls = metadata.metadata('aiguard-hooks').get_all('Project-URL') or []
    except metadata.PackageNotFoundError:
        return None
    named = {}
    for item in urls:
        label, _, url = item.partition(',')
        named[label.strip().lower()] = url.strip()
    return next((named[k] for k in _URL_KEYS if named.get(k)), None)


@record
class Source:
    """Where pre-commit fetches aiguard from, and what the user must check or fill in."""

    repo_url: str
    rev: str
    todo: list[str]


def hook_source(repo_url: str | None = None, rev: str | None = None) -> Source:
    """`--repo-url`/`--rev`, else the package metadata and this version's tag."""
    todo = []
    # one YAML scalar each: no spaces, quotes or line breaks that could change the file
    for flag, value in (('--repo-url', repo_url), ('--rev', rev)):
        if value is not None and not _PLAIN.fullmatch(value):
            raise FatalError(f'{flag} {value!r}: expected a URL or revision without spaces, quotes or '
                             f'YAML punctuation')
    url = repo_url or package_repo_url()
    if not url:
        url = REPO_URL_PLACEHOLDER
        todo.append(f'.pre-commit-config.yaml: replace {REPO_URL_PLACEHOLDER} with the URL of the aiguard '
                    f'repository you install from (or run `aiguard init --repo-url URL`)')
    if not rev:
        rev = f'v{__version__}'
        todo.append(f'.pre-commit-config.yaml: rev: {rev} is the tag of the aiguard you run; check that '
                    f'{url} has it (`git ls-remote {url} refs/tags/{rev}`), else pin a full commit id '
                    f'(`aiguard init --rev SHA`, or edit rev:); CI runs the hooks at this rev too')
    return Source(url, rev, todo)


def _pre_commit(root: str, source: Source) -> Outcome:
    rel = '.pre-commit-config.yaml'
    entry = template('pre-commit-repo.yaml', repo_url=source.repo_url, rev=source.rev)
    existing = _exists_any(root, (rel, '.pre-commit-config.yml'))
    if existing is None:
        return write_new(root, rel, template('pre-commit-config.yaml', precommit_repo=entry.rstrip('\n')))
    try:
        with open(os.path.join(root, existing), encoding='utf-8', errors='replace') as f:
            text = f.read()
    except OSError as e:
        return Outcome(existing, False, f'unreadable ({e.strerror}); add the aiguard entry by hand', entry)
    if source.repo_url in text or 'id: aiguard' in text:
        return Outcome(existing, False, 'exists and already runs aiguard')
    return Outcome(existing, False, 'exists; add this entry under `repos:`', entry)


def _ci(root: str, ci: str) -> list[Outcome]:
    if ci == 'none':
        return []
    if ci == 'auto':
        gitlab = os.path.lexists(os.path.join(root, '.gitlab-ci.yml'))
        ci = 'gitlab' if gitlab and not os.path.isdir(os.path.join(root, '.github')) else 'github'
    if ci == 'gitlab':
        out = write_new(root, 'ci/aiguard.gitlab-ci.yml', template('gitlab-ci.yml'))
        if out.created:
            out.note = 'include it from .gitlab-ci.yml'
            out.snippet = 'include:\n  - local: ci/aiguard.gitlab-ci.yml\n'
        return [out]
    return [write_new(root, '.github/workflows/aiguard.yml', template('github-workflow.yml'))]


def _pr_template(root: str, ci: str) -> Outcome:
    text = template('pull_request_template.md')
    if ci == 'gitlab' or (ci == 'auto' and os.path.lexists(os.path.join(root, '.gitlab-ci.yml'))
                          and not os.path.isdir(os.path.join(root, '.github'))):
        return write_new(root, '.gitlab/merge_request_templates/AI-review.md', text)
    existing = _exists_any(root, PR_TEMPLATES)
    if existing is not None:
        if _mentions(root, existing, 'AI review checklist'):
            return Outcome(existing, False, 'exists and has the AI review checklist')
        checklist = text[text.index('## AI review checklist'):]
        return Outcome(existing, False, 'a pull request template exists; add the AI review checklist', checklist)
    return write_new(root, '.github/pull_request_template.md', text)


SECTION_BEGIN = '<!-- aiguard:policy begin: generated from .aiguard.yaml by `aiguard init --agents`; edit the config, not this -->'
SECTION_END = '<!-- aiguard:policy end -->'
# What assistants must not do to get past the checks; the guidance lists each, the agent hooks refuse them.
BYPASSES: tuple[tuple[str, str], ...] = (
    ('`git commit --no-verify` or `-n` (also inside combined flags such as `-nm`), `git push --no-verify`',
     'they skip the hooks; CI checks every commit again'),
    ('`git -c core.hooksPath=...`, `git config core.hooksPath ...`, writing into `.git/hooks/`',
     'they rewire the hooks'),
    ('`SKIP=aiguard...`, `HUSKY=0` in front of a command', 'they switch hooks off'),
    ('`AIGUARD_AI=none` or any other `AIGUARD_*` variable', 'your session is recognised regardless, '
     'and a declaration of no AI use never outweighs it'),
    ('adding `# aiguard: ignore[...]`, `# nosec` or `pragma: allowlist secret`',
     'a suppression an AI-assisted change adds is reported for the reviewer'),
    ('typing a `{trailer}:` trailer', 'only the person who reviewed the change adds it'),
    ('editing or deleting `.git/aiguard/`', 'it holds the edit ledger of the lines you wrote'),
)


def _globs(globs: Sequence[str]) -> str:
    return ', '.join(f'`{g}`' for g in globs)


def _severity(value: object) -> str:
    label = getattr(value, 'label', None)
    return f'`{label}` or higher' if label else 'never'


def blocked_classes(cfg: Any) -> list[str]:
    """What blocks an AI-assisted commit under `cfg`, one sentence each."""
    from aiguard.policy import DEFAULT_ROLE_FAIL_ON, DEFAULT_ROLES

    out = [f'findings of severity {_severity(cfg.fail_on.ai)} (`fail_on.ai`; a person\'s change blocks at '
           f'{_severity(cfg.fail_on.human)})']
    tiers = {**DEFAULT_ROLE_FAIL_ON, **cfg.role_fail_on}
    for role in sorted(tiers):
        if tiers[role].ai == cfg.fail_on.ai:
            continue
        globs = [*DEFAULT_ROLES.get(role, ())[:3], *cfg.roles.get(role, ())]
        more = ', ...' if len(DEFAULT_ROLES.get(role, ())) > 3 else ''
        out.append(f'in `{role}` paths ({_globs(globs)}{more}): findings of severity {_severity(tiers[role].ai)}')
    if cfg.human_only:
        out.append('any change to a human-only path (POL001)')
    if not cfg.suppressions.ai_may_add:
        out.append('a suppression comment the change adds (POL003)')
    if cfg.review.required_for_ai:
        out.append(f'in CI and at push: a commit without a `{cfg.review.trailer}:` trailer from someone '
                   f'other than its author (POL002)')
    changed = sorted(f'`{rule}` {sev.label}' for rule, sev in cfg.rules.items() if sev is not None)
    if changed:
        out.append(f'rules whose severity the config sets: {", ".join(changed)}')
    off = sorted(f'`{rule}`' for rule, sev in cfg.rules.items() if sev is None)
    if off:
        out.append(f'(switched off in the config, so never blocking: {", ".join(off)})')
    return out


def policy_section(cfg: Any) -> str:
    """The part of the guidance generated from the config: human-only paths, what blocks, the bypasses."""
    lines = [SECTION_BEGIN, '## What aiguard enforces in this repository', '']
    if cfg.human_only:
        lines.append('**Human-only paths.** Do not edit these; an AI-assisted change to them is blocked:')
        lines += [f'- `{g}`' for g in cfg.human_only]
        if cfg.ai_allowed:
            lines.append(f'- (except {_globs(cfg.ai_allowed)}, where AI-assisted changes are allowed)')
    else:
        lines.append('**Human-only paths.** None are listed in `.aiguard.yaml` (`human_only`).')
    lines += ['', '**What blocks an AI-assisted commit**: yours, and any commit that adds lines you wrote, '
              'whoever commits it:']
    lines += [f'- {item}' for item in blocked_classes(cfg)]
    lines += ['', '**Never try to get past the checks.** Do not use:']
    lines += [f'- {what.format(trailer=cfg.review.trailer)}: {why}' for what, why in BYPASSES]
    lines.append(SECTION_END)
    return '\n'.join(lines)


def guidance_files(cfg: Any) -> dict[str, str]:
    """The secure-coding guidance with the config's section, once per assistant's file."""
    text = template('assistant-guidance.md', policy_section=policy_section(cfg))
    return {
        name: (template('cursor-rule.mdc', guidance=text) if name.endswith('.mdc') else text)
        for name in GUIDANCE_FILES
    }


def refresh_section(root: str, rel: str, text: str) -> Outcome | None:
    """Replace the generated section of an existing guidance file when the config changed;
    None when the file has no section (it is then left as it is)."""
    full = os.path.join(root, rel)
    try:
        with open(full, encoding='utf-8') as f:
            current = f.read()
    except (OSError, UnicodeDecodeError):
        return None
    start, end = current.find(SECTION_BEGIN), current.find(SECTION_END)
    new_start, new_end = text.find(SECTION_BEGIN), text.find(SECTION_END)
    if start < 0 or end < start or new_start < 0:
        return None
    section = text[new_start:new_end + len(SECTION_END)]
    updated = current[:start] + section + current[end + len(SECTION_END):]
    if updated == current:
        return Outcome(rel, False, 'exists; its aiguard section follows .aiguard.yaml')
    with open(full, 'w', encoding='utf-8') as f:
        f.write(updated)
    return Outcome(rel, False, 'its aiguard section now follows .aiguard.yaml', updated=True)


def _policy_document(root: str, cfg: Any, candidates: Sequence[str]) -> Outcome:
    """AI_POLICY.md from the config; an existing one is left alone, and said to be stale when it is."""
    from aiguard import policydoc

    out = write_new(root, POLICY_PATH, policydoc.document(cfg, candidates))
    if out.created:
        return out
    try:
        with open(os.path.join(root, POLICY_PATH), encoding='utf-8') as f:
            current = f.read()
        stale = policydoc.refresh(current, cfg) != current
    except (OSError, UnicodeDecodeError, FatalError):
        return out
    if stale:
        out.note = 'exists; its generated sections differ from .aiguard.yaml: run `aiguard policy`'
    return out


def _tracked(root: str) -> list[str]:
    out = git.cmd_output_b('ls-files', '-z', '--cached', '--others', '--exclude-standard', cwd=root)
    return [git.decode_path(p) for p in out.split(b'\0') if p]


def init(root: str, ci: str = 'auto', agents_only: bool = False,
         source: Source | None = None) -> list[Outcome]:
    """Set `root` up; every file that exists is left as it is."""
    source = source or hook_source()
    from aiguard import config as config_mod

    roles = guess_roles(_tracked(root))
    suggested = [g for r in SENSITIVE_ROLES for g in roles.get(r, ())]
    outcomes = []
    if not agents_only:
        outcomes.append(write_new(root, '.aiguard.yaml', config_text(roles)) if not config_mod.find(root)
                        else Outcome(os.path.basename(config_mod.find(root) or ''), False, 'exists; not changed'))
    cfg = config_mod.load(root)
    if not agents_only:
        outcomes.append(_pre_commit(root, source))
        outcomes.extend(_ci(root, ci))
        outcomes.append(_pr_template(root, ci))
        outcomes.append(_policy_document(root, cfg, [g for g in suggested if g not in cfg.human_only]))
    for name, text in guidance_files(cfg).items():
        out = write_new(root, name, text)
        if not out.created:
            out = refresh_section(root, name, text) or out
        if not out.created and not _mentions(root, name, 'aiguard'):
            out.note = 'exists; consider adding the secure coding rules from .cursor/rules/aiguard.mdc'
        outcomes.append(out)
    return outcomes


def report(outcomes: Sequence[Outcome], stream: Any = None, todo: Sequence[str] = ()) -> None:
    """`created PATH` / `skipped PATH: why`, snippets to merge by hand, then what to fill in."""
    stream = stream or sys.stdout
    for o in outcomes:
        if o.created:
            stream.write(f'created  {o.path}' + (f' ({o.note})' if o.note else '') + '\n')
        elif o.updated:
            stream.write(f'updated  {o.path}: {o.note}\n')
        else:
            stream.write(f'skipped  {o.path}: {o.note}\n')
    for o in outcomes:
        if o.snippet:
            stream.write(f'\n# {o.path}: {o.note}\n{o.snippet}')
    created = sum(o.created for o in outcomes)
    updated = sum(o.updated for o in outcomes)
    changed = f', {updated} updated' if updated else ''
    stream.write(f'\naiguard init: {created} file(s) created{changed}, '
                 f'{len(outcomes) - created - updated} left as they were\n')
    written = any(o.path == '.pre-commit-config.yaml' and (o.created or o.snippet) for o in outcomes)
    if written:
        for item in todo:
            stream.write(f'fill in: {item}\n')
    if any(o.created and o.path == '.pre-commit-config.yaml' for o in outcomes):
        stream.write('next: pre-commit install --install-hooks   (installs every hook stage aiguard uses)\n')


def run(args: Any) -> int:
    """`aiguard init`: exit 0 whether files were created or all existed."""
    root = git.toplevel(os.getcwd())
    agents = bool(getattr(args, 'agents', False))
    if getattr(args, 'uninstall', False):
        if not agents:
            raise FatalError('--uninstall only applies to --agents (the assistants\' hook settings)')
        from aiguard import agent_settings

        report(agent_settings.install(root, getattr(args, 'assistant', None), uninstall=True))
        return 0
    source = hook_source(getattr(args, 'repo_url', None), getattr(args, 'rev', None))
    outcomes = init(root, getattr(args, 'ci', 'auto') or 'auto', agents, source)
    if agents:
        from aiguard import agent_settings

        outcomes.extend(agent_settings.install(root, getattr(args, 'assistant', None)))
    report(outcomes, todo=source.todo)
    return 0
