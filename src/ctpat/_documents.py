"""The records ctpat writes of verdicts and vettings, as JSON-ready dictionaries,
and their flat rows for CSV (private).

One builder a kind of answer, so that the library's documents
(:meth:`ctpat.vetting.VettingReport.records`, :meth:`~ctpat.vetting.VettingReport.rows`) and
every command and format of the ``ctpat`` command line say the same thing: a
reason is its code, message and arrangement; a verdict leads with the reason
that decided it (:attr:`ctpat.Verdict.deciding`) and lists its conditions,
overdue deadlines and the unconfirmed facts it rests on in fields of their own.
``docs/schemas/ctpat-cli.schema.json`` holds the JSON Schema these follow.

>>> cell(["a", {"code": "x", "message": "b"}, None, True])
'a | b |  | true'
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from typing import Any

from ctpat.certifications import Certification
from ctpat.enums import ReasonCode
from ctpat.participants import Participant
from ctpat.programs import Deadline
from ctpat.verdicts import Reason, Verdict

__all__ = ["VET_COLUMNS", "cell", "flat", "reason", "short_why", "verdict_parts", "vetted"]

Record = dict[str, Any]

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
# Each code's text, looked up instead of read through ``Enum.value`` (a
# descriptor call) for each of the millions of reasons of a large vet.
_TEXT = {code: code.value for code in ReasonCode}


def reason(r: Reason) -> Record:
    """One reason: ``code``, ``message`` and the ``arrangement`` it concerns (or ``None``)."""
    return {"code": _TEXT[r.code], "message": r.message, "arrangement": r.arrangement}


def verdict_parts(v: Verdict) -> Record:
    """A verdict's ``arrangement``, ``deciding`` reason, every reason, and its
    conditions, overdue deadlines and caveats (each a record of its own)."""
    deciding = v.deciding
    reasons: list[Record] = []
    parts: dict[ReasonCode, list[Record]] = {_CONDITION: [], _OVERDUE: [], _CAVEAT: []}
    for r in v.reasons:
        written = {"code": _TEXT[r.code], "message": r.message, "arrangement": r.arrangement}
        reasons.append(written)
        part = parts.get(r.code)
        if part is not None:
            part.append(dict(written))
    return {
        "arrangement": v.arrangement,
        "deciding": reason(deciding) if deciding is not None else None,
        "reasons": reasons,
        "conditions": parts[_CONDITION],
        "overdue": parts[_OVERDUE],
        "caveats": parts[_CAVEAT],
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
    outcome: str,
    *,
    path: tuple[str, ...],
    overdue: Callable[[], tuple[Deadline, ...]],
    by: str,
    role: str | None,
    data_version: str,
) -> Record:
    """One vetted partner: who, the outcome, the certification judged and why;
    ``overdue`` gives the overdue deadlines, asked only of a verdict that has some."""
    cert: Certification | None = v.certification
    origin = cert.origin if cert is not None and cert.origin else participant.origin
    parts = verdict_parts(v)
    record: Record = {
        "participant": participant.id,
        "name": participant.name,
        "country": participant.country,
        "outcome": outcome,
        "program": cert.program if cert is not None else None,
        "level": cert.level_on(v.on) if cert is not None else None,
        "reference": cert.reference if cert is not None else None,
        "arrangement": parts.pop("arrangement"),
        "why": "",
        **parts,
        "overdue_deadlines": (
            [{"deadline": d.name, "due": d.due.isoformat()} for d in overdue()]
            if parts["overdue"]
            else []
        ),
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


def cell(value: object) -> str:
    """A record's value as one CSV cell: lists joined by `` | ``, reasons by their
    message, ``None`` empty, booleans ``true``/``false``."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Mapping):
        return str(value.get("message", json.dumps(value, ensure_ascii=False)))
    if isinstance(value, list):
        return " | ".join(cell(item) for item in value)
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
