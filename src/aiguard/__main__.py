from __future__ import annotations

from aiguard.cli import main

raise SystemExit(main())
