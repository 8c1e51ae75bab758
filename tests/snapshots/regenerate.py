"""Regenerate the recognition snapshots: ``python tests/snapshots/regenerate.py``.

The snapshot holds, for a few fixed dates, which programs every program
recognises. A data edit then shows as a diff of answers in review; the test
``tests/test_reference_data.py`` fails until the snapshot is regenerated.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import ctpat

DATES = (
    dt.date(2011, 1, 1),
    dt.date(2013, 6, 1),
    dt.date(2021, 6, 1),
    dt.date(2026, 1, 15),
)
SNAPSHOT = Path(__file__).with_name("recognized_by.json")


def snapshot() -> str:
    """The recognition matrix on every snapshot date, as sorted, indented JSON."""
    registry = ctpat.reference()
    matrix = {
        day.isoformat(): {
            code: sorted(registry.recognized_by(code, on=day))
            for code in sorted(registry.programs)
            if registry.recognized_by(code, on=day)
        }
        for day in DATES
    }
    return json.dumps(matrix, indent=1, sort_keys=True) + "\n"


def main() -> int:
    SNAPSHOT.write_text(snapshot(), encoding="utf-8")
    print(f"wrote {SNAPSHOT}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
