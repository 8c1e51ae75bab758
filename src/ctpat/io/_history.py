"""A status as a partner sheet states it, and the events it stands for (private).

Each status a sheet can state (certified, suspended, revoked, expired, withdrawn,
rejected, pending) becomes events by its own documented rule in :func:`history`;
the rules are kept side by side so they can be compared. The row builder of
:mod:`ctpat.io._records` reads the cells and asks this module.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

from ctpat.enums import EventKind, Status
from ctpat.io._mapping import DATE_FIELDS
from ctpat.lifecycle import Event

__all__ = [
    "ACCEPTED_STATUSES",
    "AS_OF_HINT",
    "NOT_STATED",
    "STATUSES",
    "Dates",
    "Issue",
    "history",
    "inferred_renewal",
    "renewal_stated",
]

_K = EventKind
#: How a date of a row is named where the row's status leaves it unused.
_LABELS = {
    "certified_on": "certified since",
    "validated_on": "validated",
    "reviewed_on": "reviewed",
    "renewed_on": "renewed",
    "until": "expires",
}
_ONE_DAY = dt.timedelta(days=1)

#: Status values as sheets write them (compared without case, spaces or punctuation).
STATUSES: dict[str, Status] = {
    "certified": Status.CERTIFIED,
    "active": Status.CERTIFIED,
    "valid": Status.CERTIFIED,
    "validated": Status.CERTIFIED,
    "certifiedvalidated": Status.CERTIFIED,
    "approved": Status.CERTIFIED,
    "granted": Status.CERTIFIED,
    "inforce": Status.CERTIFIED,
    "suspended": Status.SUSPENDED,
    "revoked": Status.REVOKED,
    "expired": Status.EXPIRED,
    "lapsed": Status.EXPIRED,
    "withdrawn": Status.WITHDRAWN,
    "rejected": Status.REJECTED,
    "denied": Status.REJECTED,
    "declined": Status.REJECTED,
    "pending": Status.APPLICANT,
    "applied": Status.APPLICANT,
    "applicant": Status.APPLICANT,
    "applicationpending": Status.APPLICANT,
    "inprogress": Status.APPLICANT,
}
NOT_STATED = frozenset({"", "na", "none", "notapplicable", "unknown"})
ACCEPTED_STATUSES = (
    "certified, active, valid, suspended, revoked, expired, withdrawn, rejected, pending, "
    "applied (or blank: not stated)"
)
AS_OF_HINT = (
    "add an as-of column (status_on), or give the date the list was exported "
    "with --status-as-of YYYY-MM-DD (or 'status_as_of' under [dates] in the mapping file)"
)


class Issue(Exception):
    """A problem with one field of one row (private control flow of the builder)."""

    def __init__(
        self,
        field: str | None,
        value: Any,
        message: str,
        accepted: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        super().__init__(message)
        self.field = field
        self.value = value
        self.message = message
        self.accepted = accepted
        self.suggestion = suggestion


@attrs.frozen
class Dates:
    """A row's dates, by what they mean."""

    certified_on: dt.date | None = None
    status_on: dt.date | None = None
    validated_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    renewed_on: dt.date | None = None
    until: dt.date | None = None


def history(status: Status | None, level: str | None, d: Dates) -> tuple[Event, ...]:
    """The events a row's status and dates stand for; :class:`Issue` if they cannot.

    A stated status wins over what the dates alone would suggest, and a status
    that ends or stops a certification is dated by the as-of date: the events
    never make a certification look in force where the sheet says it is not.

    >>> D = dt.date
    >>> [(e.kind.value, str(e.on)) for e in history(Status.SUSPENDED, "AEOS", Dates(D(2019, 5, 2), D(2026, 1, 15)))]
    [('certified', '2019-05-02'), ('suspended', '2026-01-15')]
    >>> e = history(Status.EXPIRED, None, Dates(D(2019, 5, 2), D(2026, 1, 15)))
    >>> e[0].until
    datetime.date(2026, 1, 14)
    """
    as_of = d.status_on
    until = d.until
    if status is Status.APPLICANT or status is Status.REJECTED:
        if as_of is None:
            raise Issue(
                "status",
                status.value,
                "the status needs the date it was stated",
                suggestion=AS_OF_HINT,
            )
        # An applicant is not certified, whatever dates the row gives: a
        # "Certified Since" beside "Pending" is kept as what it is (a date the
        # sheet states), never taken for a grant.
        stated = [
            f"{_LABELS[field]} {getattr(d, field)}"
            for field in ("certified_on", "validated_on", "reviewed_on", "renewed_on", "until")
            if getattr(d, field) is not None
        ]
        note = (
            f"the sheet also gives {', '.join(stated)}; an application is not a "
            "certification, so no date is taken for a grant"
            if stated
            else None
        )
        events = [Event(_K.APPLIED, as_of, note=note)]
        if status is Status.REJECTED:
            events.append(Event(_K.REJECTED, as_of))
        return tuple(events)
    grant = d.certified_on
    expired_note = None
    if status is Status.EXPIRED:
        if grant is None:
            raise Issue(
                "certified_on",
                None,
                "an expired certification needs the date it was granted",
                suggestion="add a certified-since column (certified_on)",
            )
        if as_of is not None and (until is None or until >= as_of):
            if as_of == dt.date.min:
                raise Issue(
                    "status_on",
                    str(as_of),
                    "an expired status needs a day before it for the certificate to end on",
                )
            until = as_of - _ONE_DAY  # expired on the as-of date, whatever the printed expiry
            expired_note = f"stated expired as of {as_of}"
        if until is None:
            raise Issue(
                "status",
                "expired",
                "an expired status needs the expiry date or the date it was stated",
                suggestion=AS_OF_HINT,
            )
    elif status is not None and status is not Status.CERTIFIED:
        if as_of is None:
            raise Issue(
                "status",
                status.value,
                "the status needs the date it was stated",
                suggestion=AS_OF_HINT,
            )
        grant = grant or as_of
    elif status is Status.CERTIFIED:
        grant = grant or as_of
        if grant is None:
            raise Issue(
                "certified_on",
                None,
                "a certification needs the date it was granted, or the date its status was stated",
                suggestion="add a certified-since column (certified_on) or " + AS_OF_HINT,
            )
        if until is not None and as_of is not None and until < as_of:
            raise Issue(
                "until",
                str(until),
                f"the status says certified on {as_of}, but the certificate expired before it",
                suggestion="correct the status (expired) or the expiry date",
            )
    elif grant is None:
        raise Issue("certified_on", None, "a certification needs a date: the date it was granted")
    if as_of is not None and grant > as_of:
        raise Issue("certified_on", str(grant), f"is after the status date {as_of}")
    renewed = d.renewed_on
    if (
        renewed is None
        and d.validated_on is None
        and d.reviewed_on is None
        and (status is None or status is Status.CERTIFIED)
    ):
        # The usual row: a grant, perhaps an expiry, and nothing after it.
        return (Event(_K.CERTIFIED, grant, level, until, expired_note),)
    if renewed is not None and until is None:
        raise Issue("until", None, "a renewal needs the new expiry date (an expires-on column)")
    events = [
        Event(
            _K.CERTIFIED,
            grant,
            level,
            None if renewed is not None else until,
            None if renewed is not None else expired_note,
        )
    ]
    milestones = [
        (day, kind)
        for day, kind in (
            (d.validated_on, _K.VALIDATED),
            (d.reviewed_on, _K.REVIEWED),
        )
        if day is not None
    ]
    milestones.sort(key=lambda m: m[0])
    for day, kind in milestones:
        if renewed is not None and renewed <= day:
            events.append(Event(_K.RENEWED, renewed, until=until))
            renewed = None
        events.append(Event(kind, day))
    if renewed is not None:
        events.append(Event(_K.RENEWED, renewed, until=until))
    if status in (Status.SUSPENDED, Status.REVOKED, Status.WITHDRAWN):
        assert as_of is not None  # checked above
        kind = _K(status.value)
        events.append(Event(kind, as_of))
    for event in events:
        if event.on < grant:
            raise Issue(
                f"{event.kind.value}_on"
                if event.kind.value + "_on" in DATE_FIELDS
                else "status_on",
                str(event.on),
                f"is before the certification was granted ({grant})",
            )
    return tuple(events)


#: What a row without identifier cells has (read-only, shared).


#: How the note of a renewal inferred from a "certified" statement begins.
_INFERRED = "the computed fixed term ran out on"


def inferred_renewal(event: Event) -> bool:
    """Whether ``event`` is a renewal :func:`renewal_stated` inferred, not one the sheet gave.

    >>> renewed = Event(_K.RENEWED, dt.date(2024, 3, 1), until=dt.date(2029, 2, 28), note="early")
    >>> inferred_renewal(renewed)
    False
    """
    return event.kind is _K.RENEWED and (event.note or "").startswith(_INFERRED)


def renewal_stated(
    events: tuple[Event, ...],
    as_of: dt.date,
    term_end: Callable[[str | None, dt.date], dt.date | None],
) -> tuple[Event, ...]:
    """The events with the renewal that a dated "certified" statement is evidence of.

    A program's fixed term (``term_end``: the last day of a term begun on a
    date, at a level) may run out before the date a sheet states the
    certification in force: the statement wins, as evidence that it was
    renewed. The renewal is recorded on the day after the computed term ran
    out, for further terms back to back until one covers ``as_of``, and its
    note says so (a verdict shows it as a condition). Events that give an
    expiry or a renewal of their own are left as they are.

    >>> D = dt.date
    >>> five = lambda level, start: D(start.year + 5, start.month, start.day) - _ONE_DAY
    >>> e = renewal_stated((Event(_K.CERTIFIED, D(2019, 3, 1)),), D(2026, 6, 1), five)
    >>> e[1].kind.value, e[1].on, e[1].until
    ('renewed', datetime.date(2024, 3, 1), datetime.date(2029, 2, 28))
    """
    if not events or events[0].kind is not _K.CERTIFIED:
        return events
    if any(e.until is not None or e.kind is _K.RENEWED for e in events):
        return events
    grant = events[0]
    end = ran_out = term_end(grant.level, grant.on)
    if ran_out is None or ran_out >= as_of:
        return events
    while end is not None and end < as_of:
        later = term_end(grant.level, end + _ONE_DAY)
        end = later if later is not None and later > end else None
    if end is None:
        return events
    renewal = Event(
        _K.RENEWED,
        ran_out + _ONE_DAY,
        until=end,
        note=f"{_INFERRED} {ran_out}; the renewal is taken from "
        f"the sheet's statement (certified as of {as_of}), further terms to {end}",
    )
    return tuple(sorted((*events, renewal), key=lambda e: e.on))
