"""``python -m ctpat``: the command line."""

from __future__ import annotations

from ctpat.cli import main

raise SystemExit(main())
