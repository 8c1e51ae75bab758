"""The records the ``ctpat`` command prints, as JSON-ready dictionaries (private).

One builder a kind of answer, so that every command and every format says the
same thing; the reasons and the vetted partners are the library's own records
(:mod:`ctpat._documents`, which :meth:`ctpat.vetting.VettingReport.records` writes).
``docs/schemas/`` holds the JSON Schemas these follow.

>>> from datetime import date
>>> import ctpat
>>> cert = ctpat.Certification.grant("EU-AEO", "x", on=date(2020, 1, 1), level="AEOC")
>>> record = verdict(ctpat.reference().recognizes("CTPAT", cert, on=date(2026, 1, 15)))
>>> record["outcome"], record["deciding"]["code"], record["arrangement"]
('not-accepted', 'level-not-covered', 'US-EU')
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ctpat._documents import reason, verdict_parts
from ctpat.programs import Deadline
from ctpat.verdicts import Verdict

__all__ = ["deadline", "reason", "verdict"]

Record = dict[str, Any]


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def verdict(v: Verdict) -> Record:
    """A verdict (``recognize``, ``fast``): its outcome, the deciding reason first, every reason."""
    return {
        "outcome": "accepted" if v.ok else "not-accepted",
        "accepted": v.ok,
        "by": v.by,
        "on": v.on.isoformat(),
        **verdict_parts(v),
        "data_version": v.data_version,
    }


def deadline(d: Deadline, *, on: dt.date, data_version: str) -> Record:
    """One deadline of the calendar."""
    return {
        "due": d.due.isoformat(),
        "deadline": d.name,
        "overdue": d.overdue,
        "opens": _day(d.opens),
        "participant": d.holder,
        "program": d.program,
        "reference": d.reference,
        "as_of": on.isoformat(),
        "data_version": data_version,
    }
