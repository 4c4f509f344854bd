"""AI_POLICY.md: the governance document, its enforcement sections written from the config.

Every sentence about what blocks is derived from the config and the rules' own
severities, through the same Policy the gate uses, so the document cannot
promise more than the hooks do. The sections a team writes (owners, approved
assistants, data rules, incident contacts) sit outside the generated markers
and survive `aiguard policy`.
"""
from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Mapping, Sequence

from aiguard.config import Config, Tier
from aiguard.errors import FatalError
from aiguard.findings import Severity
from aiguard.policy import Policy

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from aiguard.rules import Rule

POLICY_PATH = 'AI_POLICY.md'
SECTIONS = ('attribution', 'zones', 'enforcement', 'review', 'exceptions', 'metrics', 'footer')
# Which engine runs a pack's rules (scanners.<engine> switches it), and how the document names it.
ENGINE_OF_PACK = {'secrets': 'secrets', 'python': 'python'}
ENGINE_TITLES = (
    ('secrets', 'Secrets', 'Keys, tokens, passwords and private keys in any file'),
    ('python', 'Python code', "Bandit's checks and aiguard's own"),
    ('patterns', 'Other code and configuration',
     'JavaScript and TypeScript, Dockerfiles, GitHub Actions, GitLab CI, Compose, shell, Kubernetes, Terraform'),
)
EXAMPLES_PER_ROW = 3
ALWAYS, NEVER = 'always', 'never'
POLICY_RULES = ('POL001', 'POL002', 'POL003', 'POL004', 'POL005')


def begin(name: str) -> str:
    return f'<!-- aiguard:generated {name} begin -->'


def end(name: str) -> str:
    return f'<!-- aiguard:generated {name} end -->'


def _code(items: Iterable[str]) -> str:
    return ', '.join(f'`{i}`' for i in items)


def _at(sev: Severity | None) -> str:
    return f'`{sev.label}` or higher' if sev is not None else 'never'


# --------------------------------------------------------------- where it blocks --

def tiers(cfg: Config) -> dict[str, Tier]:
    """Role → tier, built-in and configured (the Policy's own table)."""
    return Policy(cfg).role_tiers


def blocks_at(sev: Severity, threshold: Severity | None) -> bool:
    """The gate's comparison for a finding that is not a policy finding."""
    return threshold is not None and sev >= threshold


def where_it_blocks(cfg: Config, sev: Severity, ai: bool) -> str:
    """`always`, `never`, `except in \\`r\\` files` or `only in \\`r\\` files`, for a finding of `sev`.

    A file's threshold is the strictest tier of its roles that have one, else
    the default tier (Policy.threshold); so a finding blocks in a file with no
    tiered role when the default blocks, and in a file with tiered roles when
    any of them blocks.
    """
    by_role = {role: blocks_at(sev, t.ai if ai else t.human) for role, t in sorted(tiers(cfg).items())}
    default = blocks_at(sev, cfg.fail_on.ai if ai else cfg.fail_on.human)
    yes = [r for r, b in by_role.items() if b]
    no = [r for r, b in by_role.items() if not b]
    if default:
        return ALWAYS if not no else f'except in {_code(no)} files'
    return NEVER if not yes else f'only in {_code(yes)} files'


# ----------------------------------------------------------------------- rules --

def effective(rule: Rule, cfg: Config) -> Severity | None:
    """The severity the gate gives the rule's findings; None when it does not run."""
    from aiguard.rules import enabled

    if not enabled(rule, cfg.rules):
        return None
    return cfg.rules[rule.id] if rule.id in cfg.rules else rule.severity


def engine_of(rule: Rule) -> str:
    return 'policy' if rule.pack == 'policy' else ENGINE_OF_PACK.get(rule.pack, 'patterns')


def _all_rules() -> dict[str, Rule]:
    from aiguard.rules import all_rules

    return all_rules()


def severity_rows(cfg: Config, engine: str, rules: Mapping[str, Rule]) -> list[str]:
    """The table of one engine's rules by the severity the gate gives them."""
    groups: dict[Severity, list[Rule]] = {}
    for rule in rules.values():
        sev = effective(rule, cfg)
        if engine_of(rule) == engine and sev is not None:
            groups.setdefault(sev, []).append(rule)
    lines = ['| Rules | Severity | Blocks an AI-assisted commit | Blocks a human commit |',
             '|---|---|---|---|']
    for sev in sorted(groups, reverse=True):
        members = sorted(groups[sev], key=lambda r: r.id)
        shown = ', '.join(f'`{r.id}` {r.name}' for r in members[:EXAMPLES_PER_ROW])
        label = (f'1 rule: {shown}' if len(members) == 1 else
                 f'{len(members)} rules: {shown}' if len(members) <= EXAMPLES_PER_ROW else
                 f'{len(members)} rules, e.g. {shown}')
        lines.append(f'| {label} | `{sev.label}` | {where_it_blocks(cfg, sev, True)} | '
                     f'{where_it_blocks(cfg, sev, False)} |')
    return lines


def not_run(cfg: Config, engine: str, rules: Mapping[str, Rule]) -> list[str]:
    """Rules of `engine` that do not run: off by default, or switched off by the config."""
    by_default = sorted(r.id for r in rules.values() if engine_of(r) == engine
                        and r.data.get('default') == 'off' and r.id not in cfg.rules)
    by_config = sorted(r.id for r in rules.values() if engine_of(r) == engine
                       and r.id in cfg.rules and cfg.rules[r.id] is None)
    out = []
    if by_default:
        out.append(f'Off by default, so never reported: {_code(by_default)} (name one under `rules:` '
                   f'with a severity to run it).')
    if by_config:
        out.append(f'Switched off in `.aiguard.yaml` (`rules:`), so never reported: {_code(by_config)}.')
    return out


# ------------------------------------------------------------------ policy rules --

def policy_blocks(cfg: Config, rule_id: str, rules: Mapping[str, Rule]) -> bool | None:
    """Whether the gate blocks on this policy rule's findings; None when it is not reported."""
    sev = effective(rules[rule_id], cfg)
    if sev is None:
        return None
    return Policy(cfg).policy_blocks(rule_id) and sev > Severity.INFO


def _policy_row(cfg: Config, rule_id: str, rules: Mapping[str, Rule]) -> str:
    verdict = policy_blocks(cfg, rule_id, rules)
    trailer = cfg.review.trailer
    when = {
        'POL001': 'an AI-assisted change adds lines to a human-only path (section 5)',
        'POL002': 'at push and in CI: an AI-assisted commit has no sign-off from a second person (section 7)',
        'POL003': 'an AI-assisted change adds a suppression comment (section 8)',
        'POL004': "a person's change to the policy files: `.aiguard.yaml`, the baseline, the hook and CI "
                  "configuration that runs aiguard, the assistants' hook settings",
        'POL005': 'an AI-assisted change to those policy files',
    }[rule_id]
    if verdict is None:
        cell = 'no: switched off in `.aiguard.yaml` (`rules:`), never reported'
    elif rule_id == 'POL001' and not cfg.human_only:
        cell = 'no: no path is human-only, so it never fires'
    elif rule_id == 'POL002' and not cfg.review.required_for_ai:
        cell = 'no: `review.required_for_ai: false`, no sign-off is checked'
    elif not verdict:
        why = ('`suppressions.ai_may_add: true`' if rule_id == 'POL003' and cfg.suppressions.ai_may_add
               else f'severity `{effective(rules[rule_id], cfg).label}`')  # type: ignore[union-attr]
        cell = f'no: shown for the reviewer ({why})'
    elif rule_id == 'POL005':
        cell = (f'yes: always at commit; at push and in CI unless a second person signed the commit off '
                f'with a `{trailer}:` trailer')
    elif rule_id == 'POL004':
        cell = f'yes: `.aiguard.yaml` gives it severity `{effective(rules[rule_id], cfg).label}`'  # type: ignore[union-attr]
    else:
        cell = 'yes'
    return f'| `{rule_id}` | {when} | {cell} |'


# -------------------------------------------------------------------- sections --

def attribution_section(cfg: Config) -> str:
    a = cfg.attribution
    signals = ['trailers (`Co-authored-by:` of a known assistant, `AI-Assisted:`, `Assisted-by:`, '
               '`Generated-by:`)', 'the author and committer identities of agents']
    if a.env:
        signals.append('the environment variables assistants set in the shells they drive')
    if a.ledger:
        signals.append("the edit ledger: lines an assistant wrote, recorded by its own edit hooks")
    if a.content:
        signals.append('content heuristics (weak, never decisive alone)')
    off = [name for name, on in (('env', a.env), ('ledger', a.ledger), ('content', a.content)) if not on]
    lines = [
        '**What counts as AI-assisted.** aiguard scores each change from '
        + '; '.join(signals) + f', and treats it as AI-assisted from a score of {a.threshold} '
        '(`attribution.threshold`).'
        + (f' Switched off in `.aiguard.yaml`: {_code(f"attribution.{o}" for o in off)}.' if off else ''),
        '',
        'Whoever uses an assistant declares it: `git commit --trailer "AI-Assisted: <tool>"`, or '
        '`AIGUARD_AI=<tool>` in the environment. `AI-Assisted: none` declares a change human-written; it '
        "never outweighs an assistant's own signals (environment, ledger). `aiguard attribution REV` "
        'shows why a commit counts as AI-assisted.',
    ]
    return '\n'.join(lines)


def zones_section(cfg: Config) -> str:
    out = []
    pol001 = policy_blocks(cfg, 'POL001', _all_rules())
    if cfg.human_only and pol001:
        out.append('**Human-only paths.** An AI-assisted change that adds lines to these paths is blocked '
                   '(`POL001`); people write this code by hand:\n\n' + '\n'.join(f'- `{g}`' for g in cfg.human_only))
    elif cfg.human_only:
        out.append('**Human-only paths** are listed in `.aiguard.yaml`, but `POL001` is switched off, so '
                   'aiguard does not enforce them:\n\n' + '\n'.join(f'- `{g}`' for g in cfg.human_only))
    else:
        out.append('**Human-only paths.** None: `human_only` in `.aiguard.yaml` is empty, so AI-assisted '
                   'changes may touch every path, under the thresholds of section 6.')
    if cfg.ai_allowed:
        out.append('**AI allowed at the normal threshold** (`ai_allowed`, which wins over `human_only`): '
                   'an AI-assisted change here is judged like a human one:\n\n'
                   + '\n'.join(f'- `{g}`' for g in cfg.ai_allowed))
    out.append('Everywhere else AI-assisted changes are allowed and held to the stricter AI column of '
               'section 6. A change that only deletes lines in a human-only path is judged by its '
               'findings, not refused.')
    return '\n\n'.join(out)


def _threshold_table(cfg: Config) -> list[str]:
    policy = Policy(cfg)
    lines = ['| Files | Globs | AI-assisted change blocks at | Human change blocks at |', '|---|---|---|---|',
             f'| default | files with none of the roles below | {_at(cfg.fail_on.ai)} | {_at(cfg.fail_on.human)} |']
    for role, tier in sorted(tiers(cfg).items()):
        globs = policy.role_globs.get(role, ())
        lines.append(f'| `{role}` | {_code(globs) or "(none)"} | {_at(tier.ai)} | {_at(tier.human)} |')
    return lines


def enforcement_section(cfg: Config) -> str:
    rules = _all_rules()
    untiered = sorted(r for r in Policy(cfg).role_globs if r not in tiers(cfg))
    out = [
        'aiguard checks each change when it is committed (the `aiguard` pre-commit hook, and '
        '`aiguard-commit-msg`, which judges the staged change again once the message is final), when it '
        'is pushed (`aiguard-ci` at pre-push) and in CI (`aiguard-ci` over the commits of a pull or '
        'merge request). A developer can skip the local hooks (`git commit --no-verify`); the CI check '
        'holds where branch protection requires it to pass before a merge.',
        '',
        'A change is judged by what it introduces: findings on the lines it adds, and findings its new '
        'version of a file has and the old version did not (a deleted safeguard). A finding blocks when '
        'its severity reaches the threshold of its file; an AI-assisted change uses the AI column.',
        '',
        '### Thresholds',
        '',
        *_threshold_table(cfg),
        '',
        ' '.join(filter(None, (
            'A file with several of these roles takes the strictest of their thresholds.',
            f'Roles without a threshold of their own use the default: {_code(untiered)}.' if untiered else '',
            'Under `ai_allowed` paths (section 5) an AI-assisted change uses the human column.'
            if cfg.ai_allowed else ''))),
    ]
    out += ['', 'In the tables below, "except in `r` files" means: unless every role of the file that has a '
            'threshold is one of those listed; "only in `r` files" means: when at least one of its roles is.']
    for engine, title, what in ENGINE_TITLES:
        out += ['', f'### {title}', '', f'{what}.', '']
        if not getattr(cfg.scanners, engine):
            out.append(f'**Not checked**: `scanners.{engine}: false` in `.aiguard.yaml`.')
            continue
        out += severity_rows(cfg, engine, rules)
        extra = not_run(cfg, engine, rules)
        if extra:
            out += ['', *extra]
        if engine == 'secrets':
            out += ['', 'A secret that does not block is still shown on the commit, and is still a secret: '
                    'remove it and rotate it.']
    out += ['', '### Policy rules', '', 'No comment in the code suppresses these.', '',
            '| Rule | When | Blocks |', '|---|---|---|']
    out += [_policy_row(cfg, rid, rules) for rid in POLICY_RULES]
    out += ['', '### What does not block', '']
    out += [
        f'- findings accepted in the baseline (`{cfg.baseline}`, `aiguard baseline create`), up to the '
        'number of each it recorded;',
        '- a finding whose line carries a suppression comment with a reason (section 8);',
        '- findings a file already had before the change;',
    ]
    if cfg.exclude:
        out.append(f'- files matching `exclude`, which are never scanned: {_code(cfg.exclude)};')
    out.append("- the bandit checks that bandit's own configuration in this repository skips (`skips` and "
               "`exclude_dirs` of `[tool.bandit]` in pyproject.toml, or `.bandit`), read from git like "
               '`.aiguard.yaml`.')
    out += ['', 'Results of other scanners handed to `aiguard scan --sarif-in FILE` go through the same '
            'thresholds, at the severity their SARIF gives them.']
    if cfg.fail_closed:
        out += ['', '**What could not be checked does not pass**: a file an engine cannot read, an engine '
                'that fails, or the `timeout` stops the run with exit status 2 (`fail_closed: true`).']
    else:
        out += ['', '**What could not be checked passes** (`fail_closed: false`): a file an engine cannot '
                'read, or an engine that fails, is listed as skipped and does not stop the commit; the '
                '`timeout` still stops the run with exit status 2.']
    return '\n'.join(out)


def review_section(cfg: Config) -> str:
    r = cfg.review
    if not r.required_for_ai or policy_blocks(cfg, 'POL002', _all_rules()) is None:
        return ('**No sign-off is checked** (`review.required_for_ai: false`, or `POL002` switched off): '
                'aiguard does not require review of AI-assisted commits. Review follows the '
                'repository\'s own rules (branch protection, required approvals).')
    who = ('Every AI-assisted commit needs' if r.scope == 'commit' else
           'Every range (a pull or merge request) with an AI-assisted commit needs one sign-off, on any '
           'of its commits, which covers them all (`review.scope: range`); it needs')
    lines = [
        f'{who} a sign-off from a second person: a `{r.trailer}: Name <email>` trailer in its '
        f'message (`review.trailer`). aiguard checks it at push and in CI (`POL002`, which blocks). '
        'Not a second person: the commit\'s author, its co-authors, the person who prompted an agent '
        "(an agent's committer), an assistant, and any trailer in a commit an agent authored or committed; "
        'identities are compared through the repository\'s `.mailmap`.',
        '',
    ]
    if r.approvals:
        lines.append('**Approvals count** (`review.approvals: true`): in CI, an approval of the pull request '
                     '(GitHub) or merge request (GitLab) by someone who wrote no part of the commit signs it '
                     'off as well. This is the one network access aiguard makes, with the job\'s token '
                     '(docs/ci.md); where the approvals cannot be read, only trailers count and the finding '
                     'says so. At push time, before a request exists, only trailers count.')
    else:
        lines.append('**Approvals recorded by GitHub or GitLab are not read** (`review.approvals: false`): '
                     f'sign-off is the `{r.trailer}:` trailer. Anyone who can write a commit message can '
                     'type one, so require an approving review on the platform as well (branch protection), '
                     'or set `review.approvals: true`.')
    lines += ['', f'A reviewer adds the trailer when they approve: `git commit --amend --trailer '
              f'"{r.trailer}: Name <email>"`, or through the merge tool. aiguard never writes it.']
    return '\n'.join(lines)


def exceptions_section(cfg: Config) -> str:
    rules = _all_rules()
    pol003 = policy_blocks(cfg, 'POL003', rules)
    pol005 = policy_blocks(cfg, 'POL005', rules)
    pol004 = policy_blocks(cfg, 'POL004', rules)
    if pol003:
        added = 'An AI-assisted change that adds one is blocked (`POL003`): a person adds suppressions.'
    elif pol003 is None:
        added = '`POL003` is switched off: a suppression an AI-assisted change adds is not reported.'
    else:
        added = ('An AI-assisted change may add one (`suppressions.ai_may_add: true`); it is shown to the '
                 'reviewer (`POL003`) and does not block.')
    if pol005:
        change = ('An AI-assisted change to them is blocked (`POL005`) until a person makes or reviews it; '
                  'a person\'s change is ' + ('blocked too (`POL004`).' if pol004 else
                                               'shown to the reviewer (`POL004`).'))
    else:
        change = 'Changes to them are ' + ('blocked (`POL004`).' if pol004 else 'not blocked.')
    lines = [
        '- **A suppression comment** on the finding\'s line: `# aiguard: ignore[RULE_ID] reason` (the '
        'reason is required), `# nosec` (bandit\'s), or `pragma: allowlist secret` (detect-secrets\'). '
        f'{added} Policy rules (`POL…`) cannot be suppressed.',
        f'- **The baseline** (`{cfg.baseline}`, written by `aiguard baseline create` or `update`) accepts '
        'the findings a repository has today; new ones still block.',
        '- **A change to `.aiguard.yaml`**: a threshold, a rule\'s severity, a zone. It is made in a commit '
        'of its own and takes effect once committed; the commit that changes it is judged by the policy '
        f'from before it. The config and the baseline are policy files. {change}',
    ]
    graded = sorted(f'`{rid}` {sev.label}' for rid, sev in cfg.rules.items() if sev is not None)
    off = sorted(rid for rid, sev in cfg.rules.items() if sev is None)
    in_effect = []
    if graded:
        in_effect.append(f'rules given another severity: {", ".join(graded)}')
    if off:
        in_effect.append(f'rules switched off: {_code(off)}')
    if cfg.exclude:
        in_effect.append(f'paths never scanned (`exclude`): {_code(cfg.exclude)}')
    if cfg.ai_allowed:
        in_effect.append(f'AI held to the human threshold (`ai_allowed`): {_code(cfg.ai_allowed)}')
    for name, on in (('secrets', cfg.scanners.secrets), ('python', cfg.scanners.python),
                     ('patterns', cfg.scanners.patterns)):
        if not on:
            in_effect.append(f'engine switched off: `scanners.{name}: false`')
    lines += ['', '**In effect in `.aiguard.yaml` today**: '
              + ('; '.join(in_effect) + '.' if in_effect else 'none.')]
    return '\n'.join(lines)


def metrics_section(cfg: Config) -> str:
    lines = [
        '`aiguard report` (Markdown, JSON for dashboards, HTML) reads the history and measures, by month, '
        'directory, author, assistant and CODEOWNERS team; `aiguard report --merge` combines many '
        "repositories' JSON reports into one organisation report, by repository and team:",
        '',
        '- **AI adoption**: the share of commits and of added lines that are AI-assisted;',
        '- **vulnerability density**: findings introduced per 1,000 added lines, AI-assisted against '
        'human-only, by rule category, severity and rule;',
        '- **time to detection** and **time to remediation**: median days from a finding\'s introduction '
        'until aiguard could see it and until the commit that removed it, AI against human;',
        f'- **review coverage**: the share of AI-assisted commits with a `{cfg.review.trailer}:` sign-off '
        'from a second person (trailers only: approvals on GitHub or GitLab are not counted);',
    ]
    if cfg.human_only:
        lines.append('- **human-only zones**: AI-assisted commits that changed a human-only path.')
    else:
        lines[-1] = lines[-1][:-1] + '.'
    return '\n'.join(lines)


def footer_section(cfg: Config) -> str:
    source = os.path.basename(cfg.path) if cfg.path else 'the defaults (no .aiguard.yaml)'
    return (f'The generated parts of this document describe {source}. After a change to the config, run '
            '`aiguard policy` to rewrite them (the rest is kept); `aiguard policy --check` says whether '
            'they still match it.')


BUILDERS = {
    'attribution': attribution_section, 'zones': zones_section, 'enforcement': enforcement_section,
    'review': review_section, 'exceptions': exceptions_section, 'metrics': metrics_section,
    'footer': footer_section,
}


def sections(cfg: Config) -> dict[str, str]:
    """Each generated section, wrapped in its markers."""
    return {name: f'{begin(name)}\n{BUILDERS[name](cfg)}\n{end(name)}' for name in SECTIONS}


def document(cfg: Config, candidates: Sequence[str] = ()) -> str:
    """The whole document for a repository that has none; `candidates`: human-only globs to discuss."""
    from aiguard.scaffold import template

    found = ''
    if candidates and not cfg.human_only:
        found = ('\n\nCandidates found in this repository by `aiguard init`, to discuss and then list under '
                 '`human_only` in `.aiguard.yaml`:\n\n' + '\n'.join(f'- `{g}`' for g in candidates))
    parts = sections(cfg)
    parts['zones'] += found
    return template(POLICY_PATH, **parts)


class StaleDocument(FatalError):
    """An existing AI_POLICY.md whose generated sections cannot be found."""


def refresh(current: str, cfg: Config) -> str:
    """`current` with each generated section rewritten from `cfg`; the rest kept as it is."""
    missing = [n for n in SECTIONS if current.find(begin(n)) < 0 or current.find(end(n)) < current.find(begin(n))]
    if missing:
        if len(missing) == len(SECTIONS):
            raise StaleDocument(f'{POLICY_PATH}: has no sections generated by aiguard (written by hand or by an '
                                f'older aiguard); rename it, run `aiguard policy` to write a new one and carry '
                                f'your text over (`aiguard policy --output -` prints it)')
        raise StaleDocument(f'{POLICY_PATH}: the generated sections {", ".join(missing)} are missing or their '
                            f'markers are broken; restore the `<!-- aiguard:generated NAME begin/end -->` lines')
    out = current
    for name, text in sections(cfg).items():
        start, stop = out.find(begin(name)), out.find(end(name))
        out = out[:start] + text + out[stop + len(end(name)):]
    return out


def run(args: Any) -> int:
    """`aiguard policy`: write or refresh AI_POLICY.md; `--check` exits 1 when it is out of date."""
    from aiguard import config as config_mod
    from aiguard import git

    root = git.toplevel(os.getcwd())
    cfg = config_mod.load(root, getattr(args, 'config', None))
    output = getattr(args, 'output', None)
    if output == '-':
        sys.stdout.write(document(cfg))
        return 0
    rel = output or POLICY_PATH
    path = os.path.join(root, rel) if not os.path.isabs(rel) else rel
    current = _read(path, rel)
    wanted = document(cfg) if current is None else refresh(current, cfg)
    if getattr(args, 'check', False):
        if wanted == current:
            print(f'{rel}: up to date with the config')
            return 0
        what = 'does not exist' if current is None else 'differs from what the config says'
        print(f'{rel}: {what}; run `aiguard policy` to rewrite its generated sections')
        return 1
    if wanted == current:
        print(f'{rel}: up to date with the config; nothing changed')
        return 0
    _write(path, rel, wanted)
    print(f'{rel}: {"written" if current is None else "generated sections rewritten from the config"}')
    return 0


def _read(path: str, rel: str) -> str | None:
    if os.path.islink(path):
        raise FatalError(f'{rel}: is a symbolic link; aiguard does not write through one')
    try:
        with open(path, encoding='utf-8') as f:
            return f.read()
    except FileNotFoundError:
        return None
    except IsADirectoryError:
        raise FatalError(f'{rel}: is a directory') from None
    except UnicodeDecodeError:
        raise FatalError(f'{rel}: not UTF-8 text') from None
    except OSError as e:
        raise FatalError(f'{rel}: cannot read: {e.strerror}') from None


def _write(path: str, rel: str, text: str) -> None:
    from aiguard import atomic

    try:
        os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
        atomic.write(path, text)
    except OSError as e:
        raise FatalError(f'{rel}: cannot write: {e.strerror}') from None
