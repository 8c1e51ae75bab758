"""Assessments in from the sheets compliance teams keep, gap reports out (private).

One row per requirement: its ID, a status, evidence references, the date it
was last checked and a note. The file is read by :func:`~ctpat.io.read_rows`
(CSV in any delimiter or encoding, ``.xlsx``, streams); the columns are found
by their usual names, every problem names its file and line, and nothing is
guessed: a blank status is a problem, not "not assessed".
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
from collections.abc import Iterable, Mapping
from typing import IO

import attrs

from ctpat import _validation as v
from ctpat._dates import iso_or_none
from ctpat._text import CsvWriter, csv_value
from ctpat.assessments import Answer, Assessment
from ctpat.criteria import Criteria
from ctpat.enums import AssessmentKind, Compliance, Role
from ctpat.errors import DataError
from ctpat.io._problems import ReadProblem, Reported
from ctpat.io._rows import read_rows
from ctpat.readiness import GapReport

__all__ = [
    "ASSESSMENT_COLUMNS",
    "GAP_COLUMNS",
    "AssessmentIntake",
    "csv_text",
    "gap_records",
    "read_assessment",
    "write_assessment_csv",
    "write_gaps_csv",
]

#: The columns of an assessment sheet, in the order :func:`write_assessment_csv` writes them.
ASSESSMENT_COLUMNS = ("requirement", "status", "evidence", "checked_on", "note")

#: Header spellings people use for each column (compared without case, spaces,
#: underscores or punctuation).
_HEADERS = {
    "requirement": ("requirement", "id", "criterion", "criteria", "criteriaid", "criterionid", "mscid", "requirementid", "ref"),
    "status": ("status", "compliance", "answer", "met", "result", "assessment"),
    "evidence": ("evidence", "evidencereference", "evidenceref", "evidencereferences", "exhibit", "exhibits", "reference", "references", "proof"),
    "checked_on": ("checkedon", "checked", "date", "lastchecked", "datechecked", "reviewed", "reviewedon", "lastreviewed", "asof"),
    "note": ("note", "notes", "comment", "comments", "remarks"),
    "question": ("question", "questionno", "questionnumber", "questionid", "q", "qno", "item", "itemno"),
}  # fmt: skip
_BY_HEADER = {spelling: field for field, names in _HEADERS.items() for spelling in names}

#: Status spellings people use (compared without case or surrounding spaces).
_STATUSES = {
    "met": Compliance.MET,
    "yes": Compliance.MET,
    "y": Compliance.MET,
    "compliant": Compliance.MET,
    "in place": Compliance.MET,
    "not met": Compliance.NOT_MET,
    "not-met": Compliance.NOT_MET,
    "no": Compliance.NOT_MET,
    "n": Compliance.NOT_MET,
    "non-compliant": Compliance.NOT_MET,
    "not compliant": Compliance.NOT_MET,
    "gap": Compliance.NOT_MET,
    "not applicable": Compliance.NOT_APPLICABLE,
    "not-applicable": Compliance.NOT_APPLICABLE,
    "n/a": Compliance.NOT_APPLICABLE,
    "na": Compliance.NOT_APPLICABLE,
    "not assessed": Compliance.NOT_ASSESSED,
    "not-assessed": Compliance.NOT_ASSESSED,
    "pending": Compliance.NOT_ASSESSED,
}
_ACCEPTED_STATUS = (
    "met, not met, not applicable (with a note), not assessed (or yes, no, n/a, pending)"
)
_EVIDENCE_SPLIT = re.compile(r"\s*[;\n]\s*")


def _key(header: str) -> str:
    return re.sub(r"[^a-z0-9]", "", header.casefold())


@attrs.frozen
class AssessmentIntake(Reported):
    """What :func:`read_assessment` read: the assessment (``None`` when a
    problem was found) and every problem, each with its file and line.

    Raises nothing: its fields are not checked.
    """

    assessment: Assessment | None
    problems: tuple[ReadProblem, ...]
    file: str | None = None
    lines: tuple[tuple[str, int], ...] = ()


def read_assessment(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    subject: str,
    requirement_set: str,
    on: dt.date,
    kind: AssessmentKind = AssessmentKind.SELF_ASSESSMENT,
    id: str | None = None,
    role: Role | None = None,
    level: str | None = None,
    assessor: str | None = None,
    criteria: Criteria | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    name: str | None = None,
    questions: Mapping[str, tuple[str, ...]] | None = None,
) -> AssessmentIntake:
    """An :class:`~ctpat.assessments.Assessment` of ``subject`` read from a sheet with one
    row per requirement (columns ``requirement``, ``status``, ``evidence``,
    ``checked_on``, ``note`` under their usual names; the first two required).

    With ``questions`` (the team's own question numbers mapped to requirement
    ids, as a :class:`~ctpat.io.SheetMapping`'s ``[questions]`` table gives
    them), a row may name its ``question`` instead of a requirement: several
    questions about one requirement are combined, the worst answer winning
    (not met, then not assessed, then met; not applicable only if every one
    is), their evidence and notes joined and the earliest check kept.

    Evidence references are split on ``;`` or line breaks. Dates are
    ``YYYY-MM-DD``. With ``criteria``, every ID must be one of
    ``requirement_set``'s. ``id`` defaults to ``"<subject>-<on>"``. Problems
    never raise: they are in :attr:`AssessmentIntake.problems`, each with its
    file and line. Raises ``TypeError`` for a source of the wrong type and
    :class:`~ctpat.errors.DataError` naming any other argument of the wrong type.

    >>> import io
    >>> from datetime import date
    >>> sheet = b"Criteria ID,Status,Evidence,Last checked,Notes\\n2.3,Met,RA-2026.pdf,2026-01-20,\\n3.1,Yes,,2026-13-01,\\n"
    >>> intake = read_assessment(io.BytesIO(sheet), subject="acme", requirement_set="CTPAT-MSC-2019",
    ...                          on=date(2026, 2, 1), name="self.csv")
    >>> print(intake.problems[0])
    self.csv, line 3, column 'Last checked': not a date (got '2026-13-01'); accepted: YYYY-MM-DD
    """
    v.text("subject", subject)
    v.text("requirement_set", requirement_set)
    v.date("on", on)
    v.member("kind", kind, AssessmentKind)
    v.optional_text("id", id)
    v.optional_text("name", name)
    if criteria is not None and type(criteria) is not Criteria:
        raise DataError.at("criteria", criteria, "must be a Criteria")
    rows = read_rows(source, encoding=encoding, delimiter=delimiter, sheet=sheet, name=name)
    file = rows.file
    problems = list(rows.problems)
    if problems:
        return AssessmentIntake(None, tuple(problems), file)
    columns: dict[str, int] = {}
    for index, header in enumerate(rows.header):
        field = _BY_HEADER.get(_key(header))
        if field is None:
            if header.strip():
                problems.append(
                    ReadProblem.at(file, 1, header, header, "unknown column",
                                   accepted=", ".join(ASSESSMENT_COLUMNS))
                )  # fmt: skip
            continue
        if field in columns:
            problems.append(ReadProblem.at(file, 1, header, header, f"a second {field} column"))
            continue
        columns[field] = index
    problems.extend(
        ReadProblem.at(file, 1, None, list(rows.header), f"no {required} column",
                       accepted=", ".join(_HEADERS[required]))
        for required in ("requirement", "status")
        if required not in columns and (required != "requirement" or "question" not in columns)
    )  # fmt: skip
    if "question" in columns and "requirement" not in columns and not questions:
        problems.append(
            ReadProblem.at(file, 1, rows.header[columns["question"]], rows.header[columns["question"]],
                           "question numbers need a [questions] table in the mapping file")
        )  # fmt: skip
    if problems:
        return AssessmentIntake(None, tuple(problems), file)
    # Problems name the columns as the sheet heads them.
    names = {field: rows.header[index].strip() for field, index in columns.items()}
    names.setdefault("note", "note")
    names.setdefault("requirement", names.get("question", "requirement"))
    known = None
    if criteria is not None:
        known = {r.id for r in criteria.requirement_set(requirement_set).requirements}
    answers: list[Answer] = []
    seen: dict[str, int] = {}
    # Answers to the team's own questions, per requirement, combined once all are read.
    asked: dict[str, list[tuple[int, Answer]]] = {}
    for line, cells in rows.rows:

        def cell(field: str, cells: tuple[str, ...] = cells) -> str:
            index = columns.get(field)
            if index is None or index >= len(cells):
                return ""
            value = cells[index].strip()
            # Undo the quote a writer puts before text a spreadsheet would run.
            return csv_value(value)

        before = len(problems)
        rid = cell("requirement")
        question = cell("question") if not rid else ""
        rids: tuple[str, ...] = ()
        if question:
            rids = (questions or {}).get(question, ())
            if not rids:
                problems.append(
                    ReadProblem.at(file, line, names["question"], question,
                                   "not a question in the mapping's [questions] table")
                )  # fmt: skip
            problems.extend(
                ReadProblem.at(file, line, names["question"], question,
                               f"maps to {mapped!r}, not a requirement of {requirement_set}")
                for mapped in rids
                if known is not None and mapped not in known
            )  # fmt: skip
        elif not rid:
            problems.append(
                ReadProblem.at(file, line, names["requirement"], rid, "no requirement ID")
            )
        elif known is not None and rid not in known:
            problems.append(
                ReadProblem.at(
                    file,
                    line,
                    names["requirement"],
                    rid,
                    f"not a requirement of {requirement_set}",
                )
            )
        elif rid in seen:
            problems.append(
                ReadProblem.at(
                    file, line, names["requirement"], rid, f"answered already on line {seen[rid]}"
                )
            )
        text = cell("status")
        status = _STATUSES.get(text.casefold())
        if status is None:
            problems.append(
                ReadProblem.at(file, line, names["status"], text,
                               "no status" if not text else "not a status", accepted=_ACCEPTED_STATUS)
            )  # fmt: skip
        day_text = cell("checked_on")
        day: dt.date | None = None
        if day_text:
            day = iso_or_none(day_text)
            if day is None:
                problems.append(
                    ReadProblem.at(
                        file,
                        line,
                        names["checked_on"],
                        day_text,
                        "not a date",
                        accepted="YYYY-MM-DD",
                    )
                )
            elif day > on:
                problems.append(
                    ReadProblem.at(
                        file,
                        line,
                        names["checked_on"],
                        day_text,
                        f"is after the assessment ({on})",
                    )
                )
        note = cell("note") or None
        if status is Compliance.NOT_APPLICABLE and note is None:
            problems.append(
                ReadProblem.at(
                    file,
                    line,
                    names["note"],
                    "",
                    "a not-applicable answer needs a note saying why",
                )
            )
        if len(problems) > before or status is None:
            continue
        evidence = tuple(e for e in _EVIDENCE_SPLIT.split(cell("evidence")) if e)
        if question:
            for mapped in rids:
                asked.setdefault(mapped, []).append(
                    (line, Answer(mapped, status, day, evidence, note))
                )
            continue
        seen[rid] = line
        answers.append(Answer(rid, status, day, evidence, note))
    for rid, parts in asked.items():
        if rid in seen:
            problems.append(
                ReadProblem.at(file, parts[0][0], names["question"], rid,
                               f"asks about {rid}, answered already on line {seen[rid]}")
            )  # fmt: skip
            continue
        seen[rid] = parts[0][0]
        answers.append(_combined(rid, [answer for _, answer in parts]))
    if problems:
        return AssessmentIntake(None, tuple(problems), file)
    try:
        assessment = Assessment(
            id or f"{subject}-{on.isoformat()}", subject, requirement_set, on, kind, tuple(answers),
            role=role, level=level, assessor=assessor,
        )  # fmt: skip
    except DataError as err:
        return AssessmentIntake(
            None,
            tuple(
                ReadProblem.at(file, None, p.path or None, p.value, p.message)
                for p in err.problems
            ),
            file,
        )
    return AssessmentIntake(assessment, (), file, tuple(seen.items()))


#: Which answer wins when several questions ask about one requirement: the worst.
_WORST = (Compliance.NOT_MET, Compliance.NOT_ASSESSED, Compliance.MET, Compliance.NOT_APPLICABLE)


def _combined(rid: str, parts: list[Answer]) -> Answer:
    """One answer for a requirement from the answers to the questions about it."""
    status = min((a.status for a in parts), key=_WORST.index)
    days = [a.checked_on for a in parts if a.checked_on is not None]
    evidence = tuple(dict.fromkeys(e for a in parts for e in a.evidence))
    notes = "; ".join(dict.fromkeys(a.note for a in parts if a.note)) or None
    return Answer(rid, status, min(days) if days else None, evidence, notes)


def csv_text(header: Iterable[str], rows: Iterable[Iterable[str]]) -> str:
    """A header and rows as CSV, text a spreadsheet would run written with a leading quote."""
    out = io.StringIO()
    writer = CsvWriter(out)
    writer.row(header)
    for row in rows:
        writer.row(row)
    return out.getvalue()


def write_assessment_csv(assessment: Assessment) -> str:
    """``assessment``'s answers as the sheet :func:`read_assessment` reads back
    exactly (given the same subject, set and date). Raises
    :class:`~ctpat.errors.DataError` for an ``assessment`` that is not one.

    >>> from datetime import date
    >>> a = Assessment("sa", "acme", "CTPAT-MSC-2019", date(2026, 2, 1), AssessmentKind.SELF_ASSESSMENT,
    ...                [Answer("2.3", Compliance.MET, date(2026, 1, 20), ("RA-2026.pdf", "=link"))])
    >>> print(write_assessment_csv(a), end="")
    requirement,status,evidence,checked_on,note
    2.3,met,RA-2026.pdf;=link,2026-01-20,
    """
    if type(assessment) is not Assessment:
        raise DataError.at("assessment", assessment, "must be an Assessment")
    return csv_text(
        ASSESSMENT_COLUMNS,
        (
            (
                a.requirement,
                a.status.value.replace("-", " "),
                ";".join(a.evidence),
                a.checked_on.isoformat() if a.checked_on else "",
                a.note or "",
            )
            for a in assessment.answers
        ),
    )


#: The columns of a gap report's records, in order.
GAP_COLUMNS = (
    "requirement", "category", "obligation", "code", "status", "checked_on", "due", "assessment", "message",
)  # fmt: skip


def gap_records(report: GapReport) -> list[dict[str, str | None]]:
    """One record a gap, in the report's order (musts first), for CSV and JSON.

    Raises :class:`~ctpat.errors.DataError` for a ``report`` that is not a gap report.
    """

    if type(report) is not GapReport:
        raise DataError.at("report", report, "must be a GapReport")

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value is not None else None

    return [
        {
            "requirement": g.requirement,
            "category": g.category,
            "obligation": g.obligation.value,
            "code": g.code.value,
            "status": g.status.value if g.status is not None else None,
            "checked_on": day(g.checked_on),
            "due": day(g.due),
            "assessment": g.assessment,
            "message": g.message,
        }
        for g in report.gaps
    ]


def write_gaps_csv(report: GapReport) -> str:
    """The gap report as CSV, one row a gap (columns :data:`GAP_COLUMNS`).

    Raises :class:`~ctpat.errors.DataError` for a ``report`` that is not a gap report.
    """
    return csv_text(GAP_COLUMNS, ([r[c] or "" for c in GAP_COLUMNS] for r in gap_records(report)))
