"""Gaps and readiness: where a participant stands against its program's criteria on a date.

:func:`gaps` lists, for the requirements that apply to a participant's role and
level, every one not met, not assessed, or last checked longer ago than it
recurs; :func:`readiness` turns that into a :class:`Readiness` verdict for
the program's validation or annual review, with the deciding reason first.
Only *must* requirements and overdue required actions decide; *should*
requirements are reported and never decide. Neither changes a certification's
status: that stays :mod:`ctpat.validity`'s one rule. Nothing here is a score
pretending to be official.

>>> from datetime import date
>>> import ctpat
>>> from ctpat import AssessmentKind as K, Compliance as C, Role
>>> from ctpat.assessments import Answer, Assessment, ComplianceBook
>>> answers = [Answer(r.id, C.MET, date(2026, 1, 10)) for r in
...            ctpat.reference().requirements("CTPAT", role=Role.IMPORTER) if r.id != "3.1"]
>>> answers.append(Answer("3.1", C.NOT_MET, date(2026, 1, 10)))
>>> compliance = ComplianceBook([Assessment("sa", "acme", "CTPAT-MSC-2019", date(2026, 1, 15), K.SELF_ASSESSMENT, answers)])
>>> ready = ctpat.reference().readiness(compliance, "acme", program="CTPAT", role=Role.IMPORTER, on=date(2026, 2, 1))
>>> bool(ready), ready.reasons[0].code.value
(False, 'must-unmet')
>>> print(ready.reasons[0].message)
CTPAT-MSC-2019 3.1 (must, Business Partners) is not met (checked 2026-01-10 in sa)
"""

from __future__ import annotations

import datetime as dt

import attrs

from ctpat import _validation as v
from ctpat.assessments import ComplianceBook
from ctpat.criteria import Criteria
from ctpat.enums import ActionStatus, Compliance, Obligation, ReasonCode, Role, Severity
from ctpat.errors import DataError
from ctpat.programs import Deadline
from ctpat.requirements import Requirement, RequirementSet
from ctpat.verdicts import Reason

__all__ = ["Gap", "GapReport", "Readiness", "gaps", "overdue_actions", "readiness"]

#: The name of a corrective action's deadline in the calendar.
CORRECTIVE_ACTION = "corrective-action"

# The order gaps are listed in: unmet musts, unmet shoulds, not assessed, stale.
_ORDER = {
    ReasonCode.MUST_UNMET: 0,
    ReasonCode.SHOULD_UNMET: 1,
    ReasonCode.NOT_ASSESSED: 2,
    ReasonCode.EVIDENCE_STALE: 3,
}


@attrs.frozen
class Gap:
    """One requirement that stands in the way, or would on review.

    ``code`` says how: ``must-unmet`` / ``should-unmet`` (answered not met),
    ``not-assessed`` (no answer, or one saying it was not assessed),
    ``evidence-stale`` (met, but last checked longer ago than it recurs).
    ``due`` is when a recurring check fell due. Raises nothing:
    gaps are built by the library.
    """

    requirement: str
    category: str
    obligation: Obligation
    code: ReasonCode
    message: str
    status: Compliance | None = None
    checked_on: dt.date | None = None
    due: dt.date | None = None
    assessment: str | None = None


@attrs.frozen
class GapReport:
    """Every gap of a participant against a requirement set on a date, unmet
    musts first, then unmet shoulds, not assessed, stale evidence; and the
    requirements answered *not applicable*, with their notes.

    Raises nothing: reports are built by the library.
    """

    subject: str
    requirement_set: str
    on: dt.date
    gaps: tuple[Gap, ...]
    not_applicable: tuple[tuple[str, str], ...]
    applicable: int
    data_version: str
    role: Role | None = None
    level: str | None = None

    def musts(self) -> tuple[Gap, ...]:
        """The gaps of *must* requirements. Raises nothing."""
        return tuple(g for g in self.gaps if g.obligation is Obligation.MUST)


@attrs.frozen
class Readiness:
    """Whether a participant is ready for its program's validation or review on
    a date, and why: the deciding reason first, then every other, then the
    informational ones (unmet shoulds).

    ``bool(readiness)`` is ``readiness.ok``. Raises nothing.
    """

    ok: bool
    on: dt.date
    subject: str
    program: str
    reasons: tuple[Reason, ...]
    data_version: str

    def __bool__(self) -> bool:
        return self.ok

    def codes(self) -> tuple[ReasonCode, ...]:
        """The codes of the reasons, in order. Raises nothing."""
        return tuple(reason.code for reason in self.reasons)

    @property
    def deciding(self) -> Reason:
        """The reason that decided the answer. Raises nothing."""
        return self.reasons[0]

    def explain(self) -> str:
        """The answer in plain English: a heading, then one line a reason. Raises nothing."""
        head = "Ready" if self.ok else "Not ready"
        lines = [
            f"{head} for {self.program} review: {self.subject} on {self.on} "
            f"(criteria data {self.data_version}):"
        ]
        lines.extend(f"- {reason.message}" for reason in self.reasons)
        return "\n".join(lines)


def _arguments(
    compliance: object, subject: object, program: object, role: object, level: object
) -> None:
    """Name a mistyped argument of the public functions."""
    if type(compliance) is not ComplianceBook:
        raise DataError.at("compliance", compliance, "must be a ComplianceBook")
    v.text("subject", subject)
    v.text("program", program)
    if role is not None:
        v.member("role", role, Role)
    v.optional_text("level", level)


def _label(found: RequirementSet, requirement: Requirement) -> str:
    category = found.category(requirement.category).name
    return f"{found.code} {requirement.id} ({requirement.obligation.value}, {category})"


def gaps(
    criteria: Criteria,
    compliance: ComplianceBook,
    subject: str,
    *,
    program: str,
    on: dt.date,
    role: Role | None = None,
    level: str | None = None,
) -> GapReport:
    """The gaps of ``subject`` against ``program``'s current requirement set on ``on``.

    Each applicable requirement is judged on its latest answer on or before
    ``on`` (:meth:`~ctpat.assessments.ComplianceBook.latest`). A met answer of a recurring
    requirement is stale from the day its next check fell due (an answer
    without its own date counts from its assessment's). Raises
    :class:`~ctpat.errors.DataError` naming ``on`` for a value that is not a
    date (and any other argument of the wrong type), and
    :class:`~ctpat.errors.UnknownProgram` for a program without criteria.
    """
    v.date("on", on)
    if type(criteria) is not Criteria:
        raise DataError.at("criteria", criteria, "must be a Criteria")
    _arguments(compliance, subject, program, role, level)
    found = criteria.current(program)
    latest = compliance.latest(subject, found.code, on=on)
    out: list[Gap] = []
    not_applicable: list[tuple[str, str]] = []
    applicable = found.applicable(role=role, level=level)
    for requirement in applicable:
        label = _label(found, requirement)
        must = requirement.obligation is Obligation.MUST
        key = requirement.key(found.code)

        def gap(
            code: ReasonCode,
            message: str,
            status: Compliance | None = None,
            checked_on: dt.date | None = None,
            due: dt.date | None = None,
            assessment: str | None = None,
            requirement: Requirement = requirement,
            key: str = key,
        ) -> None:
            out.append(
                Gap(
                    key,
                    requirement.category,
                    requirement.obligation,
                    code,
                    message,
                    status,
                    checked_on,
                    due,
                    assessment,
                )
            )

        answer_of = latest.get(requirement.id)
        if answer_of is None:
            gap(ReasonCode.NOT_ASSESSED, f"{label} is not assessed")
            continue
        answer, assessment = answer_of
        if answer.status is Compliance.NOT_ASSESSED:
            gap(
                ReasonCode.NOT_ASSESSED,
                f"{label} is not assessed (in {assessment.id})",
                status=answer.status,
                assessment=assessment.id,
            )
        elif answer.status is Compliance.NOT_APPLICABLE:
            not_applicable.append((key, answer.note or ""))
        else:
            # An answer without its own date was checked when the assessment was made.
            checked = answer.checked_on or assessment.on
            if answer.status is Compliance.NOT_MET:
                gap(
                    ReasonCode.MUST_UNMET if must else ReasonCode.SHOULD_UNMET,
                    f"{label} is not met (checked {checked} in {assessment.id})",
                    status=answer.status,
                    checked_on=checked,
                    assessment=assessment.id,
                )
                continue
            due = requirement.due_again(checked)
            if due is not None and due <= on:
                gap(
                    ReasonCode.EVIDENCE_STALE,
                    f"{label} was last checked {checked}; the next check was due {due}",
                    status=answer.status,
                    checked_on=checked,
                    due=due,
                    assessment=assessment.id,
                )
    out.sort(key=lambda g: (_ORDER[g.code], g.obligation is not Obligation.MUST))
    return GapReport(
        subject,
        found.code,
        on,
        tuple(out),
        tuple(not_applicable),
        len(applicable),
        criteria.data_version,
        role,
        level,
    )


def overdue_actions(
    compliance: ComplianceBook, *, on: dt.date, subject: str | None = None
) -> tuple[Deadline, ...]:
    """Every corrective action open past its due date on ``on``, as a
    ``corrective-action`` deadline (``reference``: the action's id; ``holder``:
    the finding's subject; ``program``: the finding's requirement set), the
    oldest first. Raises :class:`~ctpat.errors.DataError` naming ``on`` for a
    value that is not a date.
    """
    v.date("on", on)
    if type(compliance) is not ComplianceBook:
        raise DataError.at("compliance", compliance, "must be a ComplianceBook")
    v.optional_text("subject", subject)
    found = []
    for action in compliance.actions:
        finding = compliance.finding(action.finding)
        if subject is not None and finding.subject != subject:
            continue
        due = action.due_on(on)
        if action.overdue(on) and due is not None:
            program = finding.requirement.partition(":")[0]
            found.append(
                Deadline(CORRECTIVE_ACTION, due, True, None, program, finding.subject, action.id)
            )
    return tuple(sorted(found, key=lambda d: (d.due, d.holder or "", d.reference or "")))


def required_overdue(
    compliance: ComplianceBook, subject: str, set_code: str, on: dt.date
) -> list[Reason]:
    """Required actions of ``subject`` on ``set_code`` left open past their due
    date, one ``action-overdue`` reason each (readiness and partner screening
    both ask it). Raises nothing."""
    reasons = []
    for finding in compliance.findings_of(subject):
        if finding.severity is not Severity.REQUIRED_ACTION or not finding.requirement.startswith(
            f"{set_code}:"
        ):
            continue
        if finding.raised_on > on:
            continue
        actions = compliance.actions_for(finding.id)
        late = [a for a in actions if a.overdue(on)]
        done = any(
            a.status_on(on) in (ActionStatus.CLOSED, ActionStatus.VERIFIED) for a in actions
        )
        if late and not done:
            due = max(a.due_on(on) or on for a in late)
            reasons.append(
                Reason(
                    ReasonCode.ACTION_OVERDUE,
                    f"required action {finding.id} on {finding.requirement} was due {due}; "
                    f"corrective action {late[0].id} is still open",
                )
            )
        elif not actions and finding.due is not None and finding.due < on:
            reasons.append(
                Reason(
                    ReasonCode.ACTION_OVERDUE,
                    f"required action {finding.id} on {finding.requirement} was due {finding.due}; "
                    "no corrective action is recorded",
                )
            )
    return reasons


def readiness(
    criteria: Criteria,
    compliance: ComplianceBook,
    subject: str,
    *,
    program: str,
    on: dt.date,
    role: Role | None = None,
    level: str | None = None,
) -> Readiness:
    """Whether ``subject`` is ready for ``program``'s validation or review on ``on``.

    Ready when every applicable *must* requirement is met, none is stale
    against its recurrence, and no required action is overdue. The reasons
    list unmet musts first (the first decides), then musts not assessed,
    stale evidence, overdue required actions, and last the unmet shoulds
    (informational). Raises as :func:`gaps` does.
    """
    report = gaps(criteria, compliance, subject, program=program, on=on, role=role, level=level)
    deciding = [Reason(g.code, g.message) for g in report.gaps if g.obligation is Obligation.MUST]
    deciding.extend(required_overdue(compliance, subject, report.requirement_set, on))
    informational = [
        Reason(ReasonCode.SHOULD_UNMET, g.message)
        for g in report.gaps
        if g.obligation is Obligation.SHOULD
    ]
    if not deciding:
        whom = role.value if role is not None else "any role"
        met = Reason(
            ReasonCode.REQUIREMENTS_MET,
            f"every must requirement of {report.requirement_set} for {whom} is met and "
            f"current on {on} ({report.applicable} requirements apply)",
        )
        return Readiness(True, on, subject, program, (met, *informational), report.data_version)
    return Readiness(False, on, subject, program, (*deciding, *informational), report.data_version)
