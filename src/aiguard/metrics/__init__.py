"""`aiguard report`: AI adoption, vulnerability density, remediation and review over history.

One header pass (`git log`) reads every commit reachable from HEAD. Each non-merge
commit in the window is checked exactly as range mode checks it (attribution, every
engine, the gate's added-line filter) through `scan.run_changeset`; the per-commit
result is cached in the git directory. Modules, in the order the data flows:

    history      HEAD's commits (git.log_commits), the first-parent line, --since
    commits      per-commit scan: Change per commit, CommitRecord, on the shared fork pool
    cache        per-commit records and remediation outcomes, keyed by code + rules + config
    remediation  when each introduced finding left the first-parent line
    collect      History: the above put together (from cache when possible)
    summary      History → the JSON document (docs/metrics.md defines every key)
    render_md    the document as Markdown
    render_html  the document as one self-contained HTML page
    command      `aiguard report`: arguments in, the rendered report out

Nothing is imported here: `aiguard report` loads the modules it uses.
"""
