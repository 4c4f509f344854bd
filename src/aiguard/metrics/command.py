"""`aiguard report`: compute, render and write; each path imports only what it uses."""
from __future__ import annotations

import json
import os
import sys
from typing import Any



def run(args: Any) -> int:
    """`aiguard report`: compute, render and write the report."""
    if getattr(args, 'merge', None):
        return _merge(args)
    from aiguard import git
    from aiguard.commands import config_at
    from aiguard.metrics.collect import collect, progress_printer
    from aiguard.metrics.history import since_epoch
    from aiguard.metrics.render_md import render_markdown
    from aiguard.metrics.summary import summarize

    root = git.toplevel(os.getcwd())
    cfg = config_at(root, args, 'HEAD')  # the committed policy
    since = since_epoch(root, args.since) if args.since else None
    history = collect(root, cfg, since, use_cache=not getattr(args, 'no_cache', False),
                      progress=progress_printer())
    doc = summarize(history)
    if getattr(args, 'sarif_in', None):
        _add_sarif(doc, root, history, args.sarif_in)
    if args.format == 'json':
        body = json.dumps(doc, indent=2, ensure_ascii=False) + '\n'
    elif args.format == 'html':
        from aiguard.metrics import render_html
        body = render_html.render(doc)
    else:
        body = render_markdown(doc)
    _write(args.output, body, doc)
    if doc['history']['scan_errors']:
        print(f'aiguard: warning: {doc["history"]["scan_errors"]} scanner error(s) while reading history; '
              f'those commits were not cached', file=sys.stderr)
    return 0


def _add_sarif(doc: dict[str, Any], root: str, history: Any, named: list[str]) -> None:
    """Other scanners' results in HEAD, each counted for the commit that wrote its line."""
    from aiguard import sarif_history, sarif_in
    from aiguard.metrics.summary import _density

    results = [r for name in named for r in sarif_in.read(os.path.abspath(name), name, root)]
    attributed, unplaced = sarif_history.blame(root, results)
    ai_by_commit = {c.oid: history.records[c.oid].ai_assisted for c in history.window}
    counts = sarif_history.tally(attributed, ai_by_commit)
    sarif_history.add_to_report(doc, counts, _density, len(results), unplaced, named)


def _merge(args: Any) -> int:
    """`aiguard report --merge REPORT.json ...`: the organisation report; no repository needed."""
    from aiguard.errors import FatalError
    from aiguard.metrics import merge

    if args.since:
        raise FatalError('--since applies when a report is made; the reports given to --merge are already made')
    body, org = merge.run(args.merge, args.format)
    _write(args.output, body, org, f'{len(org["repositories"])} repositories, ')
    return 0


def _write(output: str | None, body: str, doc: dict[str, Any], what: str = '') -> None:
    if not output:
        sys.stdout.write(body)
        return
    with open(output, 'w', encoding='utf-8') as f:
        f.write(body)
    c = doc['commits']
    print(f'aiguard: wrote {output}: {what}{c["total"]} commits, {c["ai_assisted"]} AI-assisted, '
          f'{sum(doc["findings_introduced"].values())} findings introduced')
