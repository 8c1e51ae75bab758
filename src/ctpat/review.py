"""The annual review pack: everything a member looks at once a year, on one date.

:func:`review` gathers, for a member of a program on a date, its own gap
report and readiness (:mod:`ctpat.readiness`), every partner's screening
answer (:mod:`ctpat.screening`), the corrective actions overdue, and the
calendar of what falls due in the next year (certification deadlines and
compliance duties, :mod:`ctpat.calendar`). It decides nothing new: every
answer in it comes from the module that owns the rule.

>>> from datetime import date
>>> import ctpat
>>> from ctpat import Participant, Role
>>> from ctpat.assessments import ComplianceBook
>>> from ctpat.scoring import ScoringPolicy
>>> reg = ctpat.reference().with_partners(ctpat.PartnerData(
...     participants=[Participant("acme", "Acme", "US", [Role.IMPORTER]),
...                   Participant("mill", "Mill", "CN", [Role.MANUFACTURER])],
...     certifications=[ctpat.Certification.grant("CTPAT", "acme", on=date(2019, 4, 8))]))
>>> pack = review(reg.catalog, reg.criteria, reg.book, ComplianceBook(), "acme",
...               on=date(2026, 3, 31), policy=ScoringPolicy.example())
>>> pack.readiness.ok, [(a.partner, a.risk.value) for a in pack.screening]
(False, [('mill', 'unverified')])
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
from dateutil.relativedelta import relativedelta

from ctpat import readiness as _readiness
from ctpat._dates import shift
from ctpat.assessments import ComplianceBook
from ctpat.calendar import deadlines_within, duties_within, horizon
from ctpat.catalog import Catalog
from ctpat.criteria import Criteria
from ctpat.enums import ReasonCode, Risk, Role
from ctpat.errors import DataError
from ctpat.evidence import Evidence
from ctpat.partners import PartnerBook
from ctpat.programs import Deadline
from ctpat.readiness import GapReport, Readiness
from ctpat.scoring import ScoringPolicy
from ctpat.screening import PartnerAnswer, Screening, screen_all, screen_supply_chain
from ctpat.supplychains import SupplyChain

__all__ = ["QUESTIONNAIRE_RENEWAL", "ReviewGroup", "ReviewPack", "review"]

#: The calendar name of a partner questionnaire's renewal: the day it stops counting.
QUESTIONNAIRE_RENEWAL = "questionnaire-renewal"


@attrs.frozen
class ReviewGroup:
    """Partners that got one answer for one deciding reason (``code``), the
    way a reviewer reads hundreds of them: one line a group. Raises nothing."""

    risk: Risk
    code: ReasonCode
    answers: tuple[PartnerAnswer, ...]

    @property
    def partners(self) -> tuple[str, ...]:
        """The partners' ids, in the screening's order."""
        return tuple(a.partner for a in self.answers)


@attrs.frozen
class ReviewPack:
    """A member's annual review on a date (see :func:`review`).

    ``gaps`` and ``readiness`` are the member's own; ``screening`` every
    partner's answer under ``policy``; ``overdue`` the corrective actions past
    due (the member's and its partners'); ``calendar`` what falls due from
    ``on`` to ``until``, overdue first: the certifications' deadlines, the
    member's recurring duties, every corrective action, and each partner
    questionnaire's renewal (``questionnaire-renewal``, the day it stops
    counting under the policy). Raises nothing: built by :func:`review`.
    """

    member: str
    program: str
    on: dt.date
    until: dt.date
    policy: ScoringPolicy
    gaps: GapReport
    readiness: Readiness
    screening: Screening
    overdue: tuple[Deadline, ...]
    calendar: tuple[Deadline, ...]
    data_version: str

    def groups(self) -> tuple[ReviewGroup, ...]:
        """The partners grouped by answer and deciding reason, the most
        demanding answer first, then the largest group. Raises nothing."""
        found: dict[tuple[Risk, ReasonCode], list[PartnerAnswer]] = {}
        for answer in self.screening:
            found.setdefault((answer.risk, answer.deciding.code), []).append(answer)
        return tuple(
            ReviewGroup(risk, code, tuple(answers))
            for (risk, code), answers in sorted(
                found.items(), key=lambda kv: (-kv[0][0].rank, -len(kv[1]), kv[0][1].value)
            )
        )

    def summary(self) -> str:
        """One line: readiness, and how many partners got each answer. Raises nothing."""
        counts = self.screening.counts()
        partners = ", ".join(f"{counts[r]} {r.value}" for r in Risk if counts[r])
        state = "ready" if self.readiness.ok else "not ready"
        return (
            f"{self.member} on {self.on}: {state} for {self.program} review; "
            f"{len(self.screening)} partners ({partners or 'none'}); "
            f"{len(self.overdue)} corrective actions overdue; "
            f"{len(self.calendar)} deadlines by {self.until}."
        )


def review(
    catalog: Catalog,
    criteria: Criteria,
    book: PartnerBook,
    compliance: ComplianceBook,
    member: str,
    *,
    on: dt.date,
    policy: ScoringPolicy,
    program: str = "CTPAT",
    chain: SupplyChain | None = None,
    role: Role | None = None,
    level: str | None = None,
    within: relativedelta | None = None,
    evidence: Iterable[Evidence] = (),
) -> ReviewPack:
    """The annual review pack of ``member`` (a participant in ``book``) on ``on``.

    ``role`` defaults to the member's one role in the book. With ``chain``,
    the partners screened are those upstream of the member, each with its
    path; without, every other participant in the book. ``within`` is how far
    the calendar looks ahead (default: one year); ``evidence`` weighs the
    partners' certifications as :func:`ctpat.screening.screen` does. Raises
    :class:`~ctpat.errors.UnknownParticipant` for a member the book does not
    hold, :class:`~ctpat.errors.UnknownProgram` for a program without
    criteria, and :class:`~ctpat.errors.DataError` naming an argument of the
    wrong type.
    """
    if type(on) is not dt.date:
        raise DataError.at("on", on, "must be a date")
    if type(book) is not PartnerBook:
        raise DataError.at("book", book, "must be a PartnerBook")
    found = book.resolve(member)
    if role is None and len(found.roles) == 1:
        (role,) = found.roles
    ahead = relativedelta(years=1) if within is None else within
    gaps = _readiness.gaps(
        criteria, compliance, found.id, program=program, on=on, role=role, level=level
    )
    ready = _readiness.readiness(
        criteria, compliance, found.id, program=program, on=on, role=role, level=level
    )
    if chain is not None:
        screening = screen_supply_chain(
            catalog, criteria, book, compliance, chain, found.id, by=program, on=on,
            policy=policy, evidence=evidence,
        )  # fmt: skip
    else:
        others = [pid for pid in book.participants if pid != found.id]
        screening = screen_all(
            catalog, criteria, book, compliance, others, by=program, on=on, policy=policy,
            evidence=evidence,
        )  # fmt: skip
    overdue = _readiness.overdue_actions(compliance, on=on)
    until = horizon(on, ahead)
    # The member's own duties and every corrective action; a partner's recurring
    # reviews are the partner's duties, not the member's.
    duties = [
        d
        for d in duties_within(criteria, compliance, on=on, within=ahead)
        if d.name == _readiness.CORRECTIVE_ACTION or d.holder == found.id
    ]
    calendar = sorted(
        (
            *deadlines_within(catalog, book, on=on, within=ahead),
            *duties,
            *_renewals(screening, policy, on, until),
        ),
        key=lambda d: (not d.overdue, d.due, d.holder or "", d.name),
    )
    return ReviewPack(
        found.id,
        program,
        on,
        until,
        policy,
        gaps,
        ready,
        screening,
        overdue,
        tuple(calendar),
        catalog.data_version,
    )


def _renewals(
    screening: Screening, policy: ScoringPolicy, on: dt.date, until: dt.date
) -> list[Deadline]:
    """When each partner not covered needs its next questionnaire: the day its
    latest stops counting under the policy (overdue once it has)."""
    found = []
    for answer in screening:
        q = answer.questionnaire
        if answer.risk is Risk.COVERED or q is None:
            continue
        due = shift(q.on, policy.valid_for)
        if due is not None and due <= until:
            found.append(
                Deadline(
                    QUESTIONNAIRE_RENEWAL,
                    due,
                    due <= on,
                    None,
                    q.requirement_set,
                    answer.partner,
                    q.id,
                )
            )
    return found
