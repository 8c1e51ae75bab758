"""Regenerate the recognition snapshots: ``python tests/snapshots/regenerate.py``.

``recognized_by.json`` holds, for a few fixed dates, which programs every
program recognises. ``verdicts.json`` holds the verdicts on a few probe
certifications (a Korean AEO in its fourth and fifth year, a partner of an
arrangement before and after its full implementation, ...) asked of every
program they have an arrangement with, so that a change of a validity term or
an operational date shows too. A data edit then shows as a diff of answers in
review; the tests in ``tests/test_reference_data.py`` fail until the
snapshots are regenerated.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path

import ctpat
from ctpat.provenance import CHECK_DATES

#: The snapshot's dates: the data check (``ctpat data``) counts the answers in
#: doubt on the same days.
DATES = CHECK_DATES
SNAPSHOT = Path(__file__).with_name("recognized_by.json")
VERDICTS = Path(__file__).with_name("verdicts.json")

#: Probe certifications: (program, level, certified on), each asked on these dates.
PROBES = (
    ("KR-AEO", "A", dt.date(2021, 3, 2)),
    ("TR-AEO", None, dt.date(2016, 1, 4)),
    ("CA-PIP", None, dt.date(2016, 1, 4)),
    ("AU-ATT", None, dt.date(2016, 9, 1)),
    ("DO-OEA", None, dt.date(2015, 1, 5)),
    ("AD-AEO", "AEOS", dt.date(2012, 1, 2)),
    ("PE-OEA", None, dt.date(2019, 1, 7)),
    ("CTPAT-TC", None, dt.date(2023, 1, 2)),
)
PROBE_DATES = (
    dt.date(2015, 12, 4),
    dt.date(2018, 1, 15),
    dt.date(2019, 6, 3),
    dt.date(2024, 6, 3),
    dt.date(2025, 6, 2),
    dt.date(2026, 1, 15),
)


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


def _answer(verdict: ctpat.Verdict) -> str:
    """``pass`` or ``fail``, then the codes of the verdict's deciding reasons."""
    codes = sorted({r.code.value for r in verdict.reasons if not r.code.is_informational})
    return ("pass" if verdict else "fail") + (": " + ", ".join(codes) if codes else "")


def verdict_snapshot() -> str:
    """The probe certifications' verdicts, asked of every partner program, as JSON."""
    registry = ctpat.reference()
    result: dict[str, dict[str, dict[str, str]]] = {}
    for program, level, granted in PROBES:
        if program not in registry.programs:
            continue  # a probe of a program the data does not (yet) hold
        cert = ctpat.Certification.grant(program, "probe", on=granted, level=level)
        askers = sorted(
            {p for a in registry.arrangements_of(program) for p in a.parties} | {program}
        )
        result[f"{program} {level or '-'} granted {granted}"] = {
            day.isoformat(): {by: _answer(registry.recognizes(by, cert, on=day)) for by in askers}
            for day in PROBE_DATES
        }
    return json.dumps(result, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> int:
    SNAPSHOT.write_text(snapshot(), encoding="utf-8")
    VERDICTS.write_text(verdict_snapshot(), encoding="utf-8")
    print(f"wrote {SNAPSHOT} and {VERDICTS}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
