"""An assistant's shell command that would skip or rewire the checks is refused; look-alikes are not.

The command line is read as a shell reads it, so the table has both sides: every way of
turning the hooks off that the guard stops, and commands that only mention the same words.
"""
from __future__ import annotations

import shlex

import pytest

from aiguard.guardrails import refusal, tokenize

REFUSED = [
    # --no-verify / -n on commit, also inside combined short options
    ('git commit --no-verify -m wip', 'git commit --no-verify'),
    ('git commit -n -m wip', 'git commit -n'),
    ('git commit -nm "wip"', 'git commit -nm'),
    ('git commit -anm wip', 'git commit -anm'),
    ('git commit -an', 'git commit -an'),
    ('git commit -qn', 'git commit -qn'),
    ('git commit -m wip -n', 'git commit -n'),
    ("git commit -m 'x' --no-verify", 'git commit --no-verify'),
    ('git commit --no-veri -m x', 'git commit --no-veri'),  # git takes a unique prefix
    ('git commit --amend --no-edit -n', 'git commit -n'),
    ('git push --no-verify origin main', 'git push --no-verify'),
    ('git push origin HEAD --no-verify', 'git push --no-verify'),
    ('git merge --no-verify feature', 'git merge --no-verify'),
    ('git am --no-verify < 0001.patch', 'git am --no-verify'),
    ('git commit-tree HEAD^{tree} -m x', 'git commit-tree'),
    # wrappers and global options
    ('git -C sub commit -n', 'git commit -n'),
    ('git --no-pager -C sub --git-dir=.git commit -n', 'git commit -n'),
    ('/usr/bin/git commit -n', 'git commit -n'),
    ('\\git commit -n', 'git commit -n'),
    ('command git commit -n', 'git commit -n'),
    ('env X=1 git commit -n', 'git commit -n'),
    ('env -u HOME GIT_EDITOR=true git commit -n', 'git commit -n'),
    ('sudo -u dev git commit -n', 'git commit -n'),
    ('nohup git push --no-verify &', 'git push --no-verify'),
    ('timeout 30 git commit -n', 'git commit -n'),
    ('time git commit -n', 'git commit -n'),
    ('xargs -0 git commit -n', 'git commit -n'),
    ('exec git commit -n', 'git commit -n'),
    # operators, newlines, grouping
    ('npm test && git commit -n -m ok', 'git commit -n'),
    ('false || git commit -n', 'git commit -n'),
    ('make; git commit -n', 'git commit -n'),
    ('git add .\ngit commit -n -m x', 'git commit -n'),
    ('git status | cat; git commit -n', 'git commit -n'),
    ('(cd sub && git commit -n)', 'git commit -n'),
    ('{ git commit -n; }', 'git commit -n'),
    ('if true; then git commit -n; fi', 'git commit -n'),
    ('for i in 1; do git commit -n; done', 'git commit -n'),
    ('git commit \\\n  -n', 'git commit -n'),
    ('git commit -"n"', 'git commit -n'),
    ("git commit '--no-verify'", 'git commit --no-verify'),
    ('git commit --no-"verify"', 'git commit --no-verify'),
    # other shells, substitutions, here-documents, pipes into a shell
    ("sh -c 'git commit -n'", 'git commit -n'),
    ('bash -lc "git commit --no-verify -m x"', 'git commit --no-verify'),
    ('bash -c "cd sub && git commit -n"', 'git commit -n'),
    ("zsh -ic 'git push --no-verify'", 'git push --no-verify'),
    ("sh -c \"sh -c 'git commit -n'\"", 'git commit -n'),
    ("eval 'git commit -n'", 'git commit -n'),
    ('echo $(git commit -n -m x)', 'git commit -n'),
    ('echo "$(git commit -n)"', 'git commit -n'),
    ('echo `git commit -n`', 'git commit -n'),
    ("echo 'git commit -n' | sh", 'git commit -n'),
    ("printf '%s' 'git push --no-verify' | bash -s", 'git push --no-verify'),
    ('bash <<EOF\ngit commit -n\nEOF', 'git commit -n'),
    ("sh <<'END'\ncd x\ngit push --no-verify\nEND", 'git push --no-verify'),
    ('env -S "git commit -n"', 'git commit -n'),
    # rewiring core.hooksPath
    ('git -c core.hooksPath=/dev/null commit -m x', 'core.hooksPath'),
    ('git -c core.hookspath=/tmp/none commit -m x', 'core.hooksPath'),
    ('git -c CORE.HOOKSPATH commit -m x', 'core.hooksPath'),
    ('git --config-env=core.hooksPath=EMPTY commit -m x', 'core.hooksPath'),
    ('git config core.hooksPath /tmp/nohooks', 'core.hooksPath'),
    ('git config --global core.hooksPath /dev/null', 'core.hooksPath'),
    ('git config --local --unset core.hooksPath', 'core.hooksPath'),
    ('git config set core.hooksPath .nohooks', 'core.hooksPath'),
    ('GIT_CONFIG_COUNT=1 GIT_CONFIG_KEY_0=core.hooksPath GIT_CONFIG_VALUE_0=/x git commit', 'core.hooksPath'),
    ("GIT_CONFIG_PARAMETERS=\"'core.hooksPath'='/x'\" git commit", 'core.hooksPath'),
    # environment overrides
    ('SKIP=aiguard git commit -m x', 'SKIP'),
    ('SKIP=flake8,aiguard-secrets git commit -m x', 'SKIP'),
    ('HUSKY=0 git commit -m x', 'HUSKY=0'),
    ('HUSKY_SKIP_HOOKS=1 git commit -m x', 'HUSKY_SKIP_HOOKS'),
    ('AIGUARD_AI=none git commit -m x', 'AIGUARD_AI'),
    ('AIGUARD_AI=none; git commit -m x', 'AIGUARD_AI'),
    ('AIGUARD_DEBUG=1 git commit -m x', 'AIGUARD_DEBUG'),
    ('export AIGUARD_AI=none && git commit -m x', 'AIGUARD_AI'),
    ('env AIGUARD_AI=none git commit -m x', 'AIGUARD_AI'),
    ('cd sub && SKIP=aiguard pre-commit run', 'SKIP'),
    # writes into .git/hooks (and .git/config, where hooksPath lives)
    ('echo "exit 0" > .git/hooks/pre-commit', '.git/hooks'),
    ('printf "#!/bin/sh\\n" >> ./.git/hooks/commit-msg', '.git/hooks'),
    ('cat /dev/null >| .git/hooks/pre-push', '.git/hooks'),
    (': > ../repo/.git/hooks/pre-commit', '.git/hooks'),
    ('cp /tmp/noop .git/hooks/pre-commit', '.git/hooks'),
    ('cp -t .git/hooks /tmp/pre-commit', '.git/hooks'),
    ('install -m 755 noop .git/hooks/pre-commit', '.git/hooks'),
    ('mv .git/hooks/pre-commit /tmp/', '.git/hooks'),
    ('rm -f .git/hooks/pre-commit', '.git/hooks'),
    ('chmod -x .git/hooks/commit-msg', '.git/hooks'),
    ('ln -sf /bin/true .git/hooks/pre-commit', '.git/hooks'),
    ('echo x | tee .git/hooks/pre-commit', '.git/hooks'),
    ("sed -i 's/aiguard/true/' .git/hooks/pre-commit", '.git/hooks'),
    ('dd if=/dev/null of=.git/hooks/pre-commit', '.git/hooks'),
    ('echo "[core] hooksPath=/x" >> .git/config', '.git/config'),
    ('cp noop "$(git rev-parse --git-path hooks)/pre-commit"', 'hooks'),
    ('cp noop $GIT_DIR/hooks/pre-commit', 'hooks'),
    # the assistants' own hook settings (taking aiguard out, or disableAllHooks)
    ("echo '{}' > .claude/settings.json", 'hook settings'),
    ('echo \'{"disableAllHooks": true}\' > .claude/settings.local.json', 'hook settings'),
    ('rm .cursor/hooks.json', 'hook settings'),
    ("sed -i '/aiguard/d' .gemini/settings.json", 'hook settings'),
    ('printf "[features]\\nhooks = false\\n" >> .codex/config.toml', 'hook settings'),
    ('rm .codex/hooks.json', 'hook settings'),
    ('rm -rf .github/hooks', 'hook settings'),
    ('mv .github/hooks/aiguard.json /tmp/', 'hook settings'),
    ('cp empty.json .github/copilot/settings.local.json', 'hook settings'),
    # uninstalling the hooks, hiding the config
    ('pre-commit uninstall', 'pre-commit uninstall'),
    ('pre-commit uninstall -t pre-push', 'pre-commit uninstall'),
    ('aiguard install --uninstall', 'aiguard install --uninstall'),
    ('git update-index --skip-worktree .aiguard.yaml', '.aiguard.yaml'),
    ('git update-index --assume-unchanged ./.aiguard.yaml', '.aiguard.yaml'),
]

ALLOWED = [
    'git commit -m wip',
    'git commit -am "fix the -n flag parsing"',
    'git commit -m "-n is a flag"',
    'git commit -m-n',
    'git commit --message -n',
    'git commit -F -n',
    'git commit -C HEAD --amend',
    'git commit -m x -- -n',
    'git commit --verbose -m x',
    'git log --grep=no-verify',
    'git log --grep no-verify -n 5',
    'git log -n 3',
    'git push -n origin main',  # push -n is --dry-run
    'git push origin main',
    'git rebase -i HEAD~3',
    'echo "--no-verify"',
    "echo 'git commit -n'",
    'echo git commit -n',
    'grep -rn "no-verify" docs/',
    'rg -- --no-verify',
    'git config --get core.hooksPath',
    'git config --list',
    'git config user.name "Ada"',
    'git -c color.ui=never log',
    'git -C sub status',
    'SKIP=flake8 git commit -m x',
    'HUSKY=1 git commit -m x',
    'FOO=1 git commit -m x',
    'ls .git/hooks',
    'cat .git/hooks/pre-commit',
    'cp .git/hooks/pre-commit /tmp/backup',
    'sed -n 1p .git/hooks/pre-commit',
    'echo hi > docs/hooks.md',
    'cat .claude/settings.json',
    'cp .claude/settings.json /tmp/backup.json',
    'echo x > docs/settings.json',
    'echo x > src/copilot/settings.json',
    'pre-commit run --all-files',
    'pre-commit install --install-hooks',
    'aiguard install',
    'git update-index --skip-worktree vendor/big.bin',
    "python -c 'print(1)'",
    'npm run build && git commit -m "build: --no-verify is banned"',
    'cat <<EOF > notes.md\ngit commit -n\nEOF',
    "bash -c 'git commit -m ok'",
    'git commit -m "$(cat msg.txt)"',
    '',
]


@pytest.mark.parametrize(('command', 'mentioned'), REFUSED)
def test_refused(command: str, mentioned: str) -> None:
    reason = refusal(command)
    assert reason is not None, command
    assert mentioned.lower() in reason.lower()


@pytest.mark.parametrize('command', ALLOWED)
def test_allowed(command: str) -> None:
    assert refusal(command) is None


def test_an_unparsable_command_is_still_read_for_the_plain_forms() -> None:
    # an unclosed quote: the shell would fail, the plain words are still checked
    assert refusal('git commit -n -m "unterminated') is not None
    assert refusal('echo "unterminated') is None


def test_nesting_past_the_limit_is_refused() -> None:
    command = 'git status'
    for _ in range(12):
        command = 'sh -c ' + shlex.quote(command)
    assert 'too deeply' in (refusal(command) or '')


def test_tokenizer_keeps_quoted_operators_inside_words() -> None:
    simples, nested = tokenize('echo "a && b" | grep \'c;d\' > out.txt && git log $(echo x)')
    assert [[w.text for w in s.words] for s in simples] == [['echo', 'a && b'], ['grep', 'c;d'], ['git', 'log', '$(echo x)']]
    assert [t.text for t in simples[1].targets] == ['out.txt']
    assert nested == ['echo x']
