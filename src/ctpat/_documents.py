"""The records ctpat writes of verdicts and vettings, as JSON-ready dictionaries,
and their flat rows for CSV (private).

One builder a kind of answer, so that the library's documents
(:meth:`ctpat.vetting.VettingReport.records`, :meth:`~ctpat.vetting.VettingReport.rows`) and
every command and format of the ``ctpat`` command line say the same thing: a
reason is its code, message and arrangement; a verdict leads with the reason
that decided it (:attr:`ctpat.Verdict.deciding`) and lists its conditions,
overdue deadlines and the unconfirmed facts it rests on in fields of their own.
``docs/schemas/ctpat-cli.schema.json`` holds the JSON Schema these follow.
A vet's records are made one at a time (:func:`vetted` is a generator), so
that a writer holds one record, not a million.

>>> cell(["a", {"code": "x", "message": "b"}, None, True])
'a | b |  | true'
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from ctpat.certifications import Certification
from ctpat.enums import ReasonCode, Role, StrEnum
from ctpat.participants import Participant
from ctpat.programs import Deadline
from ctpat.verdicts import Reason, Verdict

__all__ = [
    "VET_COLUMNS",
    "cell",
    "flat",
    "reason",
    "short_why",
    "verdict_parts",
    "vet_head",
    "vetted",
    "why_of",
]

Record = dict[str, Any]
# The outcomes of a vet (``ctpat.vetting.Outcome``, a floor above this one).
Outcome = TypeVar("Outcome", bound=StrEnum)

#: The columns of a vetting's flat rows (every record field that fits one cell):
#: ``VettingReport.rows()``, ``to_csv()`` and ``ctpat vet --format csv``.
VET_COLUMNS = (
    "participant",
    "name",
    "country",
    "outcome",
    "program",
    "level",
    "reference",
    "arrangement",
    "why",
    "deciding_code",
    "deciding",
    "reason_codes",
    "reasons",
    "conditions",
    "overdue_deadlines",
    "caveats",
    "status_stated",
    "file",
    "line",
    "path",
    "by",
    "on",
    "role",
    "data_version",
)

_CONDITION = ReasonCode.CONDITION
_OVERDUE = ReasonCode.DEADLINE_OVERDUE
_CAVEAT = ReasonCode.UNCONFIRMED_FACT
_NONE = ReasonCode.NO_CERTIFICATION
# Each code's text, looked up instead of read through ``Enum.value`` (a
# descriptor call) for each of the millions of reasons of a large vet; and
# in words, as the table's "why" shows it.
_TEXT = {code: code.value for code in ReasonCode}
_WORDS = {code: code.value.replace("-", " ") for code in ReasonCode}


def reason(r: Reason) -> Record:
    """One reason: ``code``, ``message`` and the ``arrangement`` it concerns (or ``None``)."""
    return {"code": _TEXT[r.code], "message": r.message, "arrangement": r.arrangement}


def _reasons(v: Verdict) -> tuple[list[Record], list[Record], list[Record], list[Record]]:
    """Every reason of ``v``, then its conditions, overdue deadlines and caveats
    (each a record of its own, not shared with the list of every reason)."""
    reasons: list[Record] = []
    conditions: list[Record] = []
    overdue: list[Record] = []
    caveats: list[Record] = []
    for r in v.reasons:
        code = r.code
        written = {"code": _TEXT[code], "message": r.message, "arrangement": r.arrangement}
        reasons.append(written)
        if code is _CONDITION:
            conditions.append(dict(written))
        elif code is _OVERDUE:
            overdue.append(dict(written))
        elif code is _CAVEAT:
            caveats.append(dict(written))
    return reasons, conditions, overdue, caveats


def verdict_parts(v: Verdict) -> Record:
    """A verdict's ``arrangement``, ``deciding`` reason, every reason, and its
    conditions, overdue deadlines and caveats (each a record of its own)."""
    deciding = v.deciding
    reasons, conditions, overdue, caveats = _reasons(v)
    return {
        "arrangement": deciding.arrangement if deciding is not None else None,
        "deciding": reason(deciding) if deciding is not None else None,
        "reasons": reasons,
        "conditions": conditions,
        "overdue": overdue,
        "caveats": caveats,
    }


def short_why(outcome: str, deciding: Reason | None, conditions: int, overdue: int) -> str:
    """The table's "why": the deciding reason's code (and arrangement) for a partner
    that did not pass; for a pass, how many conditions and overdue deadlines it carries.

    >>> from ctpat.verdicts import Reason
    >>> short_why("failed", Reason(ReasonCode.LEVEL_NOT_COVERED, "AEOC", "US-EU"), 0, 0)
    'level not covered (US-EU)'
    >>> short_why("passed", None, 2, 1)
    '2 conditions, 1 overdue'
    """
    if outcome == "passed" or outcome == "accepted":
        if not conditions and not overdue:
            return ""
        notes = []
        if conditions:
            notes.append(f"{conditions} condition{'s' if conditions > 1 else ''}")
        if overdue:
            notes.append(f"{overdue} overdue")
        return ", ".join(notes)
    if deciding is None:
        return ""
    code = deciding.code
    text = "no certification on record" if code is _NONE else _WORDS[code]
    if deciding.arrangement:
        text += f" ({deciding.arrangement})"
    return text


def why_of(outcome: str, v: Verdict) -> str:
    """:func:`short_why` of a verdict: the table's "why" without the rest of its record."""
    conditions = overdue = 0
    for r in v.reasons:
        code = r.code
        if code is _CONDITION:
            conditions += 1
        elif code is _OVERDUE:
            overdue += 1
    return short_why(outcome, v.deciding, conditions, overdue)


def vet_head(
    by: str, on: dt.date, role: Role | None, data_version: str, counts: Mapping[Outcome, int]
) -> Record:
    """The fields of a vet's JSON document before its records: the question asked
    and how many participants came out each way (``counts``, by outcome)."""
    return {
        "command": "vet",
        "by": by,
        "on": on.isoformat(),
        "role": role.value if role is not None else None,
        "data_version": data_version,
        "summary": {
            "participants": sum(counts.values()),
            **{outcome.value: count for outcome, count in counts.items()},
        },
    }


def vetted(
    entries: Iterable[tuple[Participant, Verdict, str, tuple[str, ...]]],
    *,
    overdue: Callable[[Participant, Verdict], tuple[Deadline, ...]],
    by: str,
    role: Role | None,
    data_version: str,
) -> Iterator[Record]:
    """One record a vetted partner, made as ``entries`` (participant, verdict,
    outcome, path) are read: who, the outcome, the certification judged and why.
    ``overdue`` gives the overdue deadlines, asked only of a verdict that has some."""
    role_text = role.value if role is not None else None
    day: dt.date | None = None
    day_text = ""
    for participant, v, outcome, path in entries:
        cert: Certification | None = v.certification
        origin = cert.origin if cert is not None and cert.origin else participant.origin
        deciding = v.deciding
        reasons, conditions, late, caveats = _reasons(v)
        if v.on is not day:  # one date for (nearly) every verdict of a vet
            day, day_text = v.on, v.on.isoformat()
        yield {
            "participant": participant.id,
            "name": participant.name,
            "country": participant.country,
            "outcome": outcome,
            "program": cert.program if cert is not None else None,
            "level": cert.level_on(day) if cert is not None else None,
            "reference": cert.reference if cert is not None else None,
            "arrangement": deciding.arrangement if deciding is not None else None,
            "why": short_why(outcome, deciding, len(conditions), len(late)),
            "deciding": reason(deciding) if deciding is not None else None,
            "reasons": reasons,
            "conditions": conditions,
            "overdue": late,
            "caveats": caveats,
            "overdue_deadlines": (
                [{"deadline": d.name, "due": d.due.isoformat()} for d in overdue(participant, v)]
                if late
                else []
            ),
            "status_stated": origin.status_stated if origin else None,
            "source": (
                {"file": origin.file, "line": origin.line} if origin and origin.file else None
            ),
            "path": list(path),
            "by": by,
            "on": day_text,
            "role": role_text,
            "data_version": data_version,
        }


def cell(value: object) -> str:
    """A record's value as one CSV cell: lists joined by `` | ``, reasons by their
    message, ``None`` empty, booleans ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return " | ".join([cell(item) for item in value])
    # ``dict`` first: the ``Mapping`` check of an abstract class is slow, and it
    # runs for each of the millions of reasons of a large vet.
    if isinstance(value, (dict, Mapping)):
        if "message" in value:
            return str(value["message"])
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def flat(record: Record) -> dict[str, str]:
    """A vet record as one row of :data:`VET_COLUMNS` cells: codes and messages
    in columns of their own."""
    deciding = record["deciding"] or {}
    source = record["source"] or {}
    values = {
        **record,
        "deciding_code": deciding.get("code"),
        "deciding": deciding.get("message"),
        "reason_codes": [r["code"] for r in record["reasons"]],
        "overdue_deadlines": [
            f"{d['deadline']} due {d['due']}" for d in record["overdue_deadlines"]
        ],
        "file": source.get("file"),
        "line": source.get("line"),
        "path": " > ".join(record["path"]),
    }
    return {column: cell(values[column]) for column in VET_COLUMNS}
