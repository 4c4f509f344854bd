"""`aiguard report`: compute, render and write."""
from __future__ import annotations

import json
import os
import sys
from typing import Any

from aiguard import git
from aiguard.metrics.collect import collect, progress_printer
from aiguard.metrics.history import since_epoch
from aiguard.metrics.render_md import render_markdown
from aiguard.metrics.summary import summarize


def run(args: Any) -> int:
    """`aiguard report`: compute, render and write the report."""
    from aiguard.commands import config_at

    root = git.toplevel(os.getcwd())
    cfg = config_at(root, args, 'HEAD')  # the committed policy
    since = since_epoch(root, args.since) if args.since else None
    history = collect(root, cfg, since, use_cache=not getattr(args, 'no_cache', False),
                      progress=progress_printer())
    doc = summarize(history)
    if args.format == 'json':
        body = json.dumps(doc, indent=2, ensure_ascii=False) + '\n'
    elif args.format == 'html':
        from aiguard.metrics import render_html
        body = render_html.render(doc)
    else:
        body = render_markdown(doc)
    if args.output:
        with open(args.output, 'w', encoding='utf-8') as f:
            f.write(body)
        c = doc['commits']
        print(f'aiguard: wrote {args.output}: {c["total"]} commits, {c["ai_assisted"]} AI-assisted, '
              f'{sum(doc["findings_introduced"].values())} findings introduced')
    else:
        sys.stdout.write(body)
    if doc['history']['scan_errors']:
        print(f'aiguard: warning: {doc["history"]["scan_errors"]} scanner error(s) while reading history; '
              f'those commits were not cached', file=sys.stderr)
    return 0
