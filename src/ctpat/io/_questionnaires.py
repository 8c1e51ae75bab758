"""Partner security questionnaires in from the workbooks members and suppliers exchange (private).

A questionnaire is an :class:`~ctpat.assessments.Assessment` of kind *partner
questionnaire*: one partner, on one date, against the requirements of its own
role (a foreign manufacturer answers the manufacturer criteria). The sheet is
read by :func:`~ctpat.io.read_assessment` (one row per requirement, or per
question with the mapping's ``[questions]`` table); this adds the role check
and, for a folder of them, the file-name convention ``<partner>_<YYYY-MM-DD>``.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterable
from typing import IO

import attrs

from ctpat import _validation as v
from ctpat.assessments import Assessment
from ctpat.criteria import Criteria
from ctpat.enums import AssessmentKind, Role
from ctpat.errors import DataError
from ctpat.io._assessments import AssessmentIntake, read_assessment
from ctpat.io._mapping import SheetMapping
from ctpat.io._problems import ReadProblem, raise_all
from ctpat.partners import PartnerBook

__all__ = ["QuestionnairesIntake", "read_questionnaire", "read_questionnaires"]

#: A questionnaire file's name: the partner's id, an underscore, the date it was answered.
_NAME = re.compile(r"(?P<partner>.+)_(?P<on>\d{4}-\d{2}-\d{2})\.(?:csv|tsv|txt|xlsx)", re.I)


def read_questionnaire(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    partner: str,
    on: dt.date,
    role: Role,
    criteria: Criteria,
    program: str = "CTPAT",
    mapping: SheetMapping | None = None,
    id: str | None = None,
    assessor: str | None = None,
    name: str | None = None,
) -> AssessmentIntake:
    """A partner's security questionnaire answered on ``on``, against
    ``program``'s current criteria for ``role``.

    Read as :func:`~ctpat.io.read_assessment` reads a sheet (the mapping gives
    the encoding, delimiter, worksheet and ``[questions]``), and every
    requirement answered must apply to ``role``. ``id`` defaults to
    ``"q-<partner>-<on>"``. Problems never raise: each names its file and
    line. Raises :class:`~ctpat.errors.UnknownProgram` for a program without
    criteria and :class:`~ctpat.errors.DataError` naming an argument of the
    wrong type.

    >>> import io
    >>> from datetime import date
    >>> import ctpat
    >>> from ctpat.io import SheetMapping
    >>> m = SheetMapping.from_toml('[questions]\\nQ1 = "3.1"\\nQ2 = ["6.1", "6.2"]\\nQ3 = "6.2"\\n')
    >>> sheet = b"Q No,Answer,Comments\\nQ1,Yes,\\nQ2,Yes,\\nQ3,No,seal log kept on paper\\n"
    >>> intake = read_questionnaire(io.BytesIO(sheet), partner="shenzhen-tools", on=date(2026, 3, 1),
    ...     role=ctpat.Role.MANUFACTURER, criteria=ctpat.reference().criteria, mapping=m, name="q.csv")
    >>> [(a.requirement, a.status.value) for a in intake.assessment.answers]
    [('3.1', 'met'), ('6.1', 'met'), ('6.2', 'not-met')]
    """
    v.member("role", role, Role)
    if type(criteria) is not Criteria:
        raise DataError.at("criteria", criteria, "must be a Criteria")
    if mapping is not None and type(mapping) is not SheetMapping:
        raise DataError.at("mapping", mapping, "must be a SheetMapping")
    found = criteria.current(program)
    use = mapping or SheetMapping()
    intake = read_assessment(
        source,
        subject=partner,
        requirement_set=found.code,
        on=on,
        kind=AssessmentKind.PARTNER_QUESTIONNAIRE,
        id=id or f"q-{partner}-{on.isoformat()}",
        role=role,
        assessor=assessor,
        criteria=criteria,
        encoding=use.encoding,
        delimiter=use.delimiter,
        sheet=use.sheet,
        name=name,
        questions=use.questions,
    )
    if intake.assessment is None:
        return intake
    problems = [
        ReadProblem.at(
            intake.file, line, None, rid, f"{found.code} {rid} does not apply to a {role.value}"
        )
        for rid, line in intake.lines
        if not found.requirement(rid).applies_to(role)
    ]
    if problems:
        return AssessmentIntake(None, tuple(problems), intake.file)
    return intake


@attrs.frozen
class QuestionnairesIntake:
    """What :func:`read_questionnaires` read: every questionnaire read without
    a problem, and every problem, each naming its file (and line).

    Raises nothing: its fields are not checked.
    """

    questionnaires: tuple[Assessment, ...]
    problems: tuple[ReadProblem, ...]

    @property
    def ok(self) -> bool:
        """Whether every file was read without a problem."""
        return not self.problems

    def raise_problems(self) -> None:
        """Raise :class:`~ctpat.errors.DataError` with every problem, if there is one."""
        raise_all(None, self.problems, 0)


def read_questionnaires(
    paths: Iterable[str | os.PathLike[str]],
    *,
    book: PartnerBook,
    criteria: Criteria,
    program: str = "CTPAT",
    mapping: SheetMapping | None = None,
) -> QuestionnairesIntake:
    """Every questionnaire file in ``paths``, each named ``<partner>_<YYYY-MM-DD>``
    (``.csv``, ``.tsv``, ``.txt`` or ``.xlsx``): the partner's id in ``book``
    and the date it was answered. The partner's role is its one role in the
    book. A file whose name, partner or role does not fit is a problem naming
    the file; problems never raise. Raises :class:`~ctpat.errors.DataError`
    naming an argument of the wrong type.
    """
    if type(book) is not PartnerBook:
        raise DataError.at("book", book, "must be a PartnerBook")
    found: list[Assessment] = []
    problems: list[ReadProblem] = []
    for path in sorted(os.fspath(p) for p in paths):
        file = os.path.basename(path)
        match = _NAME.fullmatch(file)
        day: dt.date | None = None
        if match is not None:
            try:
                day = dt.date.fromisoformat(match["on"])
            except ValueError:
                day = None
        if match is None or day is None:
            problems.append(
                ReadProblem.at(file, None, None, file, "not a questionnaire file name",
                               accepted="<partner id>_<YYYY-MM-DD>.csv or .xlsx")
            )  # fmt: skip
            continue
        partner = match["partner"]
        participant = book.participants.get(partner)
        if participant is None:
            problems.append(
                ReadProblem.at(file, None, None, partner, "no such partner in the partner list")
            )
            continue
        if len(participant.roles) != 1:
            roles = ", ".join(sorted(r.value for r in participant.roles)) or "none"
            problems.append(
                ReadProblem.at(file, None, None, partner,
                               f"the partner list gives it {roles} as roles: a questionnaire answers "
                               "the criteria of one role")
            )  # fmt: skip
            continue
        (role,) = participant.roles
        intake = read_questionnaire(
            path,
            partner=partner,
            on=day,
            role=role,
            criteria=criteria,
            program=program,
            mapping=mapping,
        )
        problems.extend(intake.problems)
        if intake.assessment is not None:
            found.append(intake.assessment)
    return QuestionnairesIntake(tuple(found), tuple(problems))
