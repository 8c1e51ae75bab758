"""Corrective-action logs in and out: findings and their actions, one row per event (private).

Teams keep their corrective-action plan in a spreadsheet; this reads one (through
:func:`~ctpat.io.read_rows`, every problem with its file and line) and writes
one that reads back exactly.
"""

from __future__ import annotations

import datetime as dt
import os
from typing import IO

import attrs

from ctpat import _validation as v
from ctpat._dates import iso_or_none
from ctpat._text import csv_value
from ctpat.assessments import ActionEvent, ComplianceBook, ComplianceFinding, CorrectiveAction
from ctpat.enums import ActionEventKind, Severity
from ctpat.errors import DataError
from ctpat.io._assessments import csv_text
from ctpat.io._problems import ReadProblem, Reported
from ctpat.io._rows import read_rows

__all__ = ["ACTION_COLUMNS", "ActionsIntake", "read_actions", "write_actions_csv"]


#: The columns of a corrective-action log: one row per event of an action (a
#: finding without an action has one row with the action columns empty).
ACTION_COLUMNS = (
    "finding", "subject", "requirement", "severity", "raised_on", "raised_by", "finding_due",
    "finding_note", "action", "owner", "description", "event", "on", "due", "note",
)  # fmt: skip


@attrs.frozen
class ActionsIntake(Reported):
    """What :func:`read_actions` read: the findings and corrective actions (as a
    :class:`~ctpat.assessments.ComplianceBook` without assessments; ``None`` when a problem
    was found) and every problem, each with its file and line.

    Raises nothing: its fields are not checked.
    """

    book: ComplianceBook | None
    problems: tuple[ReadProblem, ...]
    file: str | None = None


def write_actions_csv(book: ComplianceBook) -> str:
    """The findings and corrective actions of ``book`` as a log that
    :func:`read_actions` reads back exactly: one row per event of each action
    (columns :data:`ACTION_COLUMNS`). Raises :class:`~ctpat.errors.DataError`
    for a ``book`` that is not a ComplianceBook.
    """
    if type(book) is not ComplianceBook:
        raise DataError.at("book", book, "must be a ComplianceBook")

    def day(value: dt.date | None) -> str:
        return value.isoformat() if value is not None else ""

    rows: list[list[str]] = []
    for f in book.findings:
        head = [
            f.id,
            f.subject,
            f.requirement,
            f.severity.value,
            day(f.raised_on),
            f.raised_by or "",
            day(f.due),
            f.note or "",
        ]
        actions = book.actions_for(f.id)
        if not actions:
            rows.append([*head, "", "", "", "", "", "", ""])
        rows.extend(
            [
                *head,
                a.id,
                a.owner or "",
                a.description or "",
                e.kind.value,
                day(e.on),
                day(e.due),
                e.note or "",
            ]
            for a in actions
            for e in a.events
        )
    return csv_text(ACTION_COLUMNS, rows)


def read_actions(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    name: str | None = None,
) -> ActionsIntake:
    """Findings and corrective actions from a log with the columns of
    :data:`ACTION_COLUMNS` (as :func:`write_actions_csv` writes it): the rows of
    one finding must agree on its fields, an action's events follow each other in
    the order of the rows. Problems never raise: they are in
    :attr:`ActionsIntake.problems`, each with its file and line. Raises
    ``TypeError`` for a source of the wrong type and
    :class:`~ctpat.errors.DataError` naming any other argument of the wrong type.
    """
    v.optional_text("name", name)
    rows = read_rows(source, encoding=encoding, delimiter=delimiter, sheet=sheet, name=name)
    file = rows.file
    if rows.problems:
        return ActionsIntake(None, rows.problems, file)
    header = tuple(h.strip() for h in rows.header)
    if header != ACTION_COLUMNS:
        problem = ReadProblem.at(
            file,
            1,
            None,
            list(rows.header),
            "not a corrective-action log",
            accepted=", ".join(ACTION_COLUMNS),
        )
        return ActionsIntake(None, (problem,), file)
    problems: list[ReadProblem] = []
    findings: dict[str, tuple[int, tuple[str, ...], ComplianceFinding]] = {}
    actions: dict[str, tuple[str, str | None, str | None, list[ActionEvent], int]] = {}
    for line, cells in rows.rows:
        values = dict(zip(ACTION_COLUMNS, (c.strip() for c in cells), strict=False))

        def cell(field: str, values: dict[str, str] = values) -> str:
            value = values.get(field, "")
            return csv_value(value)

        def date_of(field: str, line: int = line) -> dt.date | None:
            text = cell(field)
            if not text:
                return None
            day = iso_or_none(text)
            if day is not None:
                return day
            problems.append(
                ReadProblem.at(file, line, field, text, "not a date", accepted="YYYY-MM-DD")
            )
            return None

        before = len(problems)
        head = tuple(cell(c) for c in ACTION_COLUMNS[:8])
        fid = head[0]
        known = findings.get(fid)
        if known is not None:
            if known[1] != head:
                problems.append(
                    ReadProblem.at(
                        file,
                        line,
                        "finding",
                        fid,
                        f"differs from the same finding on line {known[0]}",
                    )
                )
        else:
            try:
                severity = Severity(cell("severity"))
            except ValueError:
                problems.append(
                    ReadProblem.at(
                        file,
                        line,
                        "severity",
                        cell("severity"),
                        "not a severity",
                        accepted=", ".join(s.value for s in Severity),
                    )
                )
                severity = None
            raised, due = date_of("raised_on"), date_of("finding_due")
            if raised is None and len(problems) == before:
                problems.append(ReadProblem.at(file, line, "raised_on", "", "no date"))
            if len(problems) == before and severity is not None and raised is not None:
                try:
                    finding = ComplianceFinding(
                        fid,
                        cell("subject"),
                        cell("requirement"),
                        severity,
                        raised,
                        raised_by=cell("raised_by") or None,
                        due=due,
                        note=cell("finding_note") or None,
                    )
                    findings[fid] = (line, head, finding)
                except DataError as err:
                    problems.extend(
                        ReadProblem.at(file, line, p.path or None, p.value, p.message)
                        for p in err.problems
                    )
        aid = cell("action")
        if not aid:
            if any(cell(c) for c in ACTION_COLUMNS[9:]):
                problems.append(
                    ReadProblem.at(file, line, "action", "", "an event without its action")
                )
            continue
        try:
            kind = ActionEventKind(cell("event"))
        except ValueError:
            problems.append(
                ReadProblem.at(
                    file,
                    line,
                    "event",
                    cell("event"),
                    "not an event",
                    accepted=", ".join(k.value for k in ActionEventKind),
                )
            )
            continue
        on, due = date_of("on"), date_of("due")
        if on is None:
            if len(problems) == before:
                problems.append(ReadProblem.at(file, line, "on", "", "no date"))
            continue
        if len(problems) > before:
            continue
        try:
            event = ActionEvent(kind, on, due, cell("note") or None)
        except DataError as err:
            problems.extend(
                ReadProblem.at(file, line, p.path or None, p.value, p.message)
                for p in err.problems
            )
            continue
        entry = actions.setdefault(
            aid, (fid, cell("owner") or None, cell("description") or None, [], line)
        )
        if entry[0] != fid:
            problems.append(
                ReadProblem.at(
                    file, line, "action", aid, f"answers finding {entry[0]} on line {entry[4]}"
                )
            )
            continue
        entry[3].append(event)
    if problems:
        return ActionsIntake(None, tuple(problems), file)
    built: list[CorrectiveAction] = []
    for aid, (fid, owner, description, events, line) in actions.items():
        try:
            built.append(CorrectiveAction(aid, fid, tuple(events), owner, description))
        except DataError as err:  # noqa: PERF203 - every action's problems are reported
            problems.extend(
                ReadProblem.at(file, line, p.path or None, p.value, f"action {aid}: {p.message}")
                for p in err.problems
            )
    if problems:
        return ActionsIntake(None, tuple(problems), file)
    book = ComplianceBook((), tuple(f for _, _, f in findings.values()), tuple(built))
    return ActionsIntake(book, (), file)
