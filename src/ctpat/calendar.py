"""The calendar: every deadline of the caller's certifications in a period.

Each certification still in force or suspended under its program's rules
(:mod:`ctpat.validity`) has deadlines: its first validation, revalidation,
annual review and expiry; one that has lapsed has none. Optionally each
participant also gets an internal audit on the anniversaries of its first
certification in force (FAST drivers excepted: audits are of business partners).

>>> from datetime import date
>>> from dateutil.relativedelta import relativedelta
>>> import ctpat
>>> registry = ctpat.reference().with_partners(ctpat.PartnerData(
...     participants=[ctpat.Participant("acme", "Acme Imports", "US")],
...     certifications=[ctpat.Certification.grant("CTPAT", "acme", on=date(2024, 3, 1))],
... ))
>>> [(d.name, d.due, d.overdue) for d in registry.calendar(on=date(2025, 2, 1), within=relativedelta(months=2))]
[('annual-review', datetime.date(2025, 3, 1), False), ('validation', datetime.date(2025, 3, 1), False)]
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from ctpat import validity
from ctpat._dates import shift, steps_by
from ctpat._durations import Period
from ctpat._durations import period as as_period
from ctpat._validation import date as _check_date
from ctpat.catalog import Catalog
from ctpat.enums import ActionStatus, Compliance, Role
from ctpat.errors import DataError
from ctpat.partners import PartnerBook
from ctpat.programs import AUDIT, Deadline

if TYPE_CHECKING:
    from ctpat.assessments import ComplianceBook
    from ctpat.criteria import Criteria

__all__ = ["deadlines_within", "duties_within", "horizon"]

_DRIVERS_ONLY = frozenset({Role.DRIVER})


def deadlines_within(
    catalog: Catalog,
    book: PartnerBook,
    *,
    on: dt.date,
    within: Period,
    audit_every: Period | None = None,
) -> tuple[Deadline, ...]:
    """Every deadline of every certification in ``book`` due by ``on + within``,
    overdue ones first, then by due date, participant and name.

    A period reaching past the end of the calendar reaches to its end. Raises
    :class:`~ctpat.errors.DataError` for an ``on`` that is not a date, a
    ``within`` that is not a period (a relativedelta, a timedelta, or text such
    as ``"90d"`` or ``"6m"``) or is negative, and an ``audit_every`` that is
    not a positive period.
    """
    _check_date("on", on)
    last = horizon(on, within)
    found: list[Deadline] = []
    programs = catalog.programs
    for pid, certs in book.holdings.items():
        country = book.participant(pid).country
        for cert in certs:
            due = validity.deadlines(programs[cert.program], cert, on=on, issued_in=country)
            found.extend(d for d in due if d.due <= last)
    if audit_every is not None:
        found.extend(_audits(catalog, book, on, last, audit_every))
    return tuple(sorted(found, key=lambda d: (not d.overdue, d.due, d.holder or "", d.name)))


def horizon(on: dt.date, within: Period) -> dt.date:
    """The last day of the period ``within`` from ``on``: the end of the calendar
    if the period reaches past it. ``within`` is a relativedelta, a timedelta,
    or text as people write it ("90d", "6w", "3m", "1y", "P1Y6M"). Raises
    :class:`~ctpat.errors.DataError` naming ``within`` for anything else, or a
    negative period.

    >>> horizon(dt.date(2026, 1, 15), "90d")
    datetime.date(2026, 4, 15)

    >>> horizon(dt.date(2026, 1, 15), relativedelta(months=3))
    datetime.date(2026, 4, 15)
    >>> horizon(dt.date(2026, 1, 15), relativedelta(years=99_999_999))
    datetime.date(9999, 12, 31)
    """
    _check_date("on", on)
    within = as_period("within", within)
    if type(within) is relativedelta:
        end = shift(on, within)
    elif type(within) is dt.timedelta:
        try:
            end = on + within
        except OverflowError:
            end = None
    else:
        raise DataError.at("within", within, "must be a relativedelta or a timedelta")
    if end is None:
        return dt.date.max
    if end < on:
        raise DataError.at("within", within, "must not be negative")
    return end


def _audits(
    catalog: Catalog, book: PartnerBook, on: dt.date, horizon: dt.date, every: object
) -> Iterator[Deadline]:
    every = as_period("audit_every", every)
    if type(every) is dt.timedelta:
        if every.seconds or every.microseconds:
            raise DataError.at("audit_every", every, "must be whole days")
        every = relativedelta(days=every.days)
    assert type(every) is relativedelta
    step = shift(on, every)
    if step is not None and step <= on:
        raise DataError.at("audit_every", every, "must be a positive period")
    programs = catalog.programs
    for pid, certs in book.holdings.items():
        country = book.participant(pid).country
        # Internal audits are of business partners: a driver's FAST card (a
        # program only drivers join) does not put the driver on the list.
        live = [
            c
            for c in certs
            if programs[c.program].roles != _DRIVERS_ONLY
            and validity.in_force(programs[c.program], c, on=on, issued_in=country)
        ]
        if not live:
            continue
        due = _next(min(c.started_on for c in live), every, on)
        if due is not None and due <= horizon:
            yield Deadline(AUDIT, due, False, holder=pid)


def _next(start: dt.date, every: relativedelta, on: dt.date) -> dt.date | None:
    """The first ``start + every * k`` (k >= 1) on or after ``on``, if within the calendar."""
    k = steps_by(start, every, on)
    if k >= 1 and shift(start, every, k) == on:
        return on
    return shift(start, every, k + 1)


#: The calendar names of the compliance duties.
REQUIREMENT_REVIEW = "requirement-review"
RETENTION_END = "retention-end"


def duties_within(
    criteria: Criteria,
    compliance: ComplianceBook,
    *,
    on: dt.date,
    within: Period,
) -> tuple[Deadline, ...]:
    """The compliance deadlines due by ``on + within``, overdue first, then by
    due date, participant and name.

    - ``requirement-review``: each recurring requirement (the annual risk
      assessment review, the cybersecurity policy review) is due again one
      recurrence after the last assessment that checked it as met;
    - ``retention-end``: a requirement with a retention period, when the
      records of its last check may go;
    - ``corrective-action``: each open corrective action's due date
      (:func:`ctpat.readiness.overdue_actions` lists the late ones).

    ``reference`` is the requirement's ``"SET:ID"`` key, or the action's id;
    ``program`` the requirement set. Raises :class:`~ctpat.errors.DataError`
    as :func:`deadlines_within` does.

    >>> import ctpat
    >>> from ctpat import AssessmentKind, Compliance
    >>> from ctpat.assessments import Answer, Assessment, ComplianceBook
    >>> a = Assessment("sa", "acme", "CTPAT-MSC-2019", dt.date(2025, 3, 1), AssessmentKind.SELF_ASSESSMENT,
    ...                [Answer("2.3", Compliance.MET, dt.date(2025, 2, 20))])
    >>> [(d.name, d.due, d.overdue, d.reference) for d in duties_within(
    ...     ctpat.reference().criteria, ComplianceBook([a]), on=dt.date(2026, 2, 1), within=relativedelta(months=1))]
    [('requirement-review', datetime.date(2026, 2, 20), False, 'CTPAT-MSC-2019:2.3')]
    """
    # The criteria and compliance modules load on first use: the partners'
    # calendar (deadlines_within) needs none of them.
    from ctpat.assessments import ComplianceBook
    from ctpat.criteria import Criteria
    from ctpat.readiness import CORRECTIVE_ACTION

    _check_date("on", on)
    if type(criteria) is not Criteria:
        raise DataError.at("criteria", criteria, "must be a Criteria")
    if type(compliance) is not ComplianceBook:
        raise DataError.at("compliance", compliance, "must be a ComplianceBook")
    last = horizon(on, within)
    found: list[Deadline] = []
    subjects = {(a.subject, a.requirement_set) for a in compliance.assessments}
    for subject, set_code in sorted(subjects):
        if set_code not in criteria.sets:
            continue
        requirements = criteria.sets[set_code]
        for rid, (answer, assessment) in compliance.latest(subject, set_code, on=on).items():
            if answer.status is not Compliance.MET:
                continue
            try:
                requirement = requirements.requirement(rid)
            except KeyError:
                continue
            checked = answer.checked_on or assessment.on
            key = requirement.key(set_code)
            for name, period in (
                (REQUIREMENT_REVIEW, requirement.recurrence),
                (RETENTION_END, requirement.retention),
            ):
                due = None if period is None else shift(checked, period)
                if due is not None and due <= last:
                    found.append(Deadline(name, due, due < on, None, set_code, subject, key))
    for action in compliance.actions:
        due = action.due_on(on)
        if due is None or due > last or action.status_on(on) is not ActionStatus.OPEN:
            continue
        finding = compliance.finding(action.finding)
        program = finding.requirement.partition(":")[0]
        found.append(
            Deadline(CORRECTIVE_ACTION, due, due < on, None, program, finding.subject, action.id)
        )
    return tuple(sorted(found, key=lambda d: (not d.overdue, d.due, d.holder or "", d.name)))
