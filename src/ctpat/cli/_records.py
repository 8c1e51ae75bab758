"""The records the ``ctpat`` command prints, as JSON-ready dictionaries (private).

One builder a kind of answer, so that every command and every format says the
same thing: a reason is its code, message and arrangement; a verdict leads with
the reason that decided it and lists its conditions, overdue deadlines and the
unconfirmed facts it rests on in fields of their own. ``docs/schemas/`` holds
the JSON Schemas these follow.

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

from ctpat.certifications import Certification
from ctpat.enums import ReasonCode
from ctpat.participants import Participant
from ctpat.programs import Deadline
from ctpat.verdicts import Reason, Verdict
from ctpat.vetting import Outcome

__all__ = ["deadline", "reason", "short_why", "verdict", "vetted"]

Record = dict[str, Any]


def _day(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def reason(r: Reason) -> Record:
    """One reason: ``code``, ``message`` and the ``arrangement`` it concerns (or ``None``)."""
    return {"code": r.code.value, "message": r.message, "arrangement": r.arrangement}


def _parts(v: Verdict) -> Record:
    deciding = v.deciding
    return {
        "arrangement": v.arrangement,
        "deciding": reason(deciding) if deciding is not None else None,
        "reasons": [reason(r) for r in v.reasons],
        "conditions": [reason(r) for r in v.reasons if r.code is ReasonCode.CONDITION],
        "overdue": [reason(r) for r in v.reasons if r.code is ReasonCode.DEADLINE_OVERDUE],
        "caveats": [reason(r) for r in v.reasons if r.code is ReasonCode.UNCONFIRMED_FACT],
    }


def verdict(v: Verdict) -> Record:
    """A verdict (``recognize``, ``fast``): its outcome, the deciding reason first, every reason."""
    return {
        "outcome": "accepted" if v.ok else "not-accepted",
        "accepted": v.ok,
        "by": v.by,
        "on": v.on.isoformat(),
        **_parts(v),
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


def short_why(record: Record) -> str:
    """The table's "why": the deciding reason's code for a partner that did not pass;
    for a pass, how many conditions and overdue deadlines it carries.

    >>> short_why({"outcome": "failed", "deciding": {"code": "level-not-covered",
    ...            "arrangement": "US-EU"}, "conditions": [], "overdue": []})
    'level not covered (US-EU)'
    """
    if record["outcome"] in ("passed", "accepted"):
        notes = []
        for field, word in (("conditions", "condition"), ("overdue", "overdue")):
            count = len(record[field])
            if count:
                plural = "s" if count > 1 and word == "condition" else ""
                notes.append(f"{count} {word}{plural}")
        return ", ".join(notes)
    deciding = record["deciding"]
    if deciding is None:
        return ""
    text = str(deciding["code"]).replace("-", " ")
    if deciding["code"] == ReasonCode.NO_CERTIFICATION.value:
        text = "no certification on record"
    if deciding.get("arrangement"):
        text += f" ({deciding['arrangement']})"
    return text


def vetted(
    participant: Participant,
    v: Verdict,
    outcome: Outcome,
    *,
    path: tuple[str, ...],
    overdue: tuple[Deadline, ...],
    by: str,
    role: str | None,
    data_version: str,
) -> Record:
    """One vetted partner: who, the outcome, the certification judged and why."""
    cert: Certification | None = v.certification
    origin = cert.origin if cert is not None and cert.origin else participant.origin
    parts = _parts(v)
    record: Record = {
        "participant": participant.id,
        "name": participant.name,
        "country": participant.country,
        "outcome": outcome.value,
        "program": cert.program if cert is not None else None,
        "level": cert.level_on(v.on) if cert is not None else None,
        "reference": cert.reference if cert is not None else None,
        "arrangement": parts.pop("arrangement"),
        "why": "",
        **parts,
        "overdue_deadlines": [{"deadline": d.name, "due": d.due.isoformat()} for d in overdue],
        "status_stated": origin.status_stated if origin else None,
        "source": ({"file": origin.file, "line": origin.line} if origin and origin.file else None),
        "path": list(path),
        "by": by,
        "on": v.on.isoformat(),
        "role": role,
        "data_version": data_version,
    }
    record["why"] = short_why(record)  # the key keeps its place beside the outcome
    return record
