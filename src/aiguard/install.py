"""`aiguard install`: native git hooks for repositories without pre-commit."""
from __future__ import annotations

import os
import stat
import sys

from aiguard import git

MARKER = '# aiguard-hook v1'
STAGES = ('pre-commit', 'prepare-commit-msg', 'commit-msg', 'pre-push')


def script(stage: str, python: str | None = None) -> str:
    """The hook file for `stage`; hooks/ in the repository holds it without `python`.

    Like pre-commit's hooks, it runs aiguard with the interpreter that installed it
    (an IDE or a shell without the virtualenv has no `aiguard` on PATH), and falls
    back to `aiguard` on PATH when that interpreter is gone.
    """
    import shlex

    pinned = (
        f'INSTALL_PYTHON={shlex.quote(python)}\n'
        'if [ -x "$INSTALL_PYTHON" ]; then\n'
        f'    exec "$INSTALL_PYTHON" -m aiguard hook {stage} "$@"\n'
        'fi\n'
    ) if python else ''
    return (
        '#!/bin/sh\n'
        f'{MARKER}: runs `aiguard hook {stage}`; installed by `aiguard install`,\n'
        '# removed by `aiguard install --uninstall`.\n'
        + pinned +
        'if command -v aiguard >/dev/null 2>&1; then\n'
        f'    exec aiguard hook {stage} "$@"\n'
        'fi\n'
        'echo "aiguard: the aiguard command is not on PATH; install the aiguard-hooks package'
        ' or run \\`aiguard install --uninstall\\`" >&2\n'
        'exit 2\n'
    )


HOOK_IDS = ('aiguard', 'aiguard-secrets', 'aiguard-sast', 'aiguard-tag', 'aiguard-commit-msg', 'aiguard-ci')


def pre_commit_ids(root: str) -> list[str]:
    """The aiguard hook ids that .pre-commit-config.yaml runs (none when it cannot be read)."""
    import yaml

    try:
        with open(os.path.join(root, '.pre-commit-config.yaml'), 'rb') as f:
            doc = yaml.safe_load(f)
    except (OSError, yaml.YAMLError):
        return []  # none, or one pre-commit itself will reject
    repos = doc.get('repos') if isinstance(doc, dict) else None
    hooks = [h for r in repos if isinstance(r, dict) and isinstance(r.get('hooks'), list)
             for h in r['hooks']] if isinstance(repos, list) else []
    return [h['id'] for h in hooks if isinstance(h, dict) and h.get('id') in HOOK_IDS]


def hooks_dir(root: str) -> str:
    path = git.cmd_output('rev-parse', '--git-path', 'hooks', cwd=root).strip()
    return os.path.join(root, path) if not os.path.isabs(path) else path


def _hooks_path_warning(root: str) -> str | None:
    value = git.config_get('core.hooksPath', root)
    if not value:
        return None
    origin = git.cmd_output_b(
        'config', '--show-origin', '--get', 'core.hooksPath', cwd=root, ok_codes=(0, 1),
    ).decode('utf-8', 'replace').split('\t')[0].strip()
    return (
        f'core.hooksPath is set to {value!r} ({origin}): git runs the hooks there, not in '
        f'.git/hooks. If you did not set it (some assistants do), unset it with '
        f'`git config --unset core.hooksPath` and run `aiguard install` again'
    )


def run(force: bool, uninstall: bool) -> int:
    root = git.toplevel(os.getcwd())
    directory = hooks_dir(root)
    warning = _hooks_path_warning(root)
    if warning:
        print(f'aiguard: warning: {warning}', file=sys.stderr)
    if uninstall:
        return _uninstall(directory)
    ids = pre_commit_ids(root)
    if ids and not force:
        print(f'aiguard: already set up: .pre-commit-config.yaml runs {", ".join(ids)}, and native '
              f'hooks would run it twice. Run `pre-commit install --install-hooks` once per clone '
              f'(its default_install_hook_types install every stage); `aiguard install --force` '
              f'writes the native hooks anyway')
        return 0
    os.makedirs(directory, exist_ok=True)
    refused = []
    for stage in STAGES:
        path = os.path.join(directory, stage)
        if os.path.lexists(path):
            with open(path, 'rb') as f:
                current = f.read().decode('utf-8', 'replace')
            if MARKER not in current:
                if not force:
                    refused.append((stage, current))
                    continue
                os.replace(path, path + '.pre-aiguard')
                print(f'aiguard: moved the existing {stage} hook to {stage}.pre-aiguard')
        with open(path, 'w', encoding='utf-8', newline='\n') as f:
            f.write(script(stage, sys.executable))
        mode = os.stat(path).st_mode
        os.chmod(path, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    for stage, current in refused:
        hint = ('it is pre-commit\'s: add the aiguard hook ids to .pre-commit-config.yaml instead'
                if 'pre-commit' in current and 'generated' in current.lower()
                else 'run `aiguard install --force` to replace it (it is kept as '
                     f'{stage}.pre-aiguard)')
        print(f'aiguard: error: {directory}/{stage} exists and is not aiguard\'s; {hint}',
              file=sys.stderr)
    installed = [s for s in STAGES if s not in {r[0] for r in refused}]
    if installed:
        print(f'aiguard: installed {", ".join(installed)} in {directory}')
    if installed:
        print(f'aiguard: the hooks run {sys.executable} -m aiguard (`aiguard` on PATH once it is gone)')
    return 2 if refused else 0


def _uninstall(directory: str) -> int:
    removed = []
    for stage in STAGES:
        path = os.path.join(directory, stage)
        if not os.path.isfile(path):
            continue
        with open(path, 'rb') as f:
            if MARKER.encode() not in f.read():
                continue
        os.remove(path)
        removed.append(stage)
        if os.path.exists(path + '.pre-aiguard'):
            os.replace(path + '.pre-aiguard', path)
    print(f'aiguard: removed {", ".join(removed) or "nothing"} from {directory}')
    return 0
