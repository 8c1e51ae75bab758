"""The certification lifecycle: which event may follow which status.

A certification's standing on a date is never stored; it is derived by
replaying the certification's events up to that date through the transition
table below (DOMAIN.md §1.3, §3.4, §7.3):

================  ====================================================
status            events allowed (status afterwards)
================  ====================================================
none              applied (applicant), certified (certified)
applicant         certified (certified), rejected, withdrawn
certified         validated, reviewed, revalidated, level-changed,
                  renewed (all stay certified); suspended; revoked;
                  withdrawn
suspended         reinstated (certified), revoked, withdrawn,
                  level-changed (stays suspended)
expired           renewed (certified), withdrawn
rejected,         none: these are terminal
revoked,
withdrawn
================  ====================================================

A ``certified`` or ``renewed`` event may carry ``until``, the last day the
certificate is valid; from the next day the status is ``expired`` unless the
certification was renewed. Events on the same day apply in the order given.

>>> from datetime import date
>>> from ctpat import Event, EventKind, Status
>>> from ctpat.lifecycle import replay
>>> events = (
...     Event(EventKind.CERTIFIED, date(2024, 1, 10), level="tier-1"),
...     Event(EventKind.SUSPENDED, date(2025, 3, 1)),
... )
>>> standing = replay(events, date(2025, 6, 1))
>>> standing.status, standing.since, standing.level
(<Status.SUSPENDED: 'suspended'>, datetime.date(2025, 3, 1), 'tier-1')
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import TYPE_CHECKING

import attrs

from ctpat.enums import EventKind, Status
from ctpat.errors import InvalidTransition

if TYPE_CHECKING:
    from ctpat.certifications import Event

__all__ = ["TRANSITIONS", "Standing", "replay"]

_N, _A, _C, _S, _X = (
    Status.NONE,
    Status.APPLICANT,
    Status.CERTIFIED,
    Status.SUSPENDED,
    Status.EXPIRED,
)
_K = EventKind

#: ``(status before, event kind) -> status after`` for every allowed step.
TRANSITIONS: dict[tuple[Status, EventKind], Status] = {
    (_N, _K.APPLIED): _A,
    (_N, _K.CERTIFIED): _C,
    (_A, _K.CERTIFIED): _C,
    (_A, _K.REJECTED): Status.REJECTED,
    (_A, _K.WITHDRAWN): Status.WITHDRAWN,
    (_C, _K.VALIDATED): _C,
    (_C, _K.REVIEWED): _C,
    (_C, _K.REVALIDATED): _C,
    (_C, _K.LEVEL_CHANGED): _C,
    (_C, _K.RENEWED): _C,
    (_C, _K.SUSPENDED): _S,
    (_C, _K.REVOKED): Status.REVOKED,
    (_C, _K.WITHDRAWN): Status.WITHDRAWN,
    (_S, _K.REINSTATED): _C,
    (_S, _K.REVOKED): Status.REVOKED,
    (_S, _K.WITHDRAWN): Status.WITHDRAWN,
    (_S, _K.LEVEL_CHANGED): _S,
    (_X, _K.RENEWED): _C,
    (_X, _K.WITHDRAWN): Status.WITHDRAWN,
}

_ONE_DAY = dt.timedelta(days=1)
_EXPIRABLE = frozenset({_C, _S})


@attrs.frozen
class Standing:
    """A certification's standing on a date, derived from its events.

    ``since`` is the day the current status began; ``certified_on`` the day of
    the (latest) ``certified`` event; ``validated_on`` the latest validation or
    revalidation; ``reviewed_on`` the latest annual review; ``until`` the
    expiry in force; ``level`` the level held (kept after a revocation, as a
    matter of record). Before the first event everything is ``None`` and the
    status is :attr:`Status.NONE`.
    """

    status: Status
    since: dt.date | None = None
    level: str | None = None
    certified_on: dt.date | None = None
    validated_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    until: dt.date | None = None


NOTHING = Standing(Status.NONE)


def replay(events: Sequence[Event], on: dt.date | None = None) -> Standing:
    """Replay ``events`` up to and including ``on`` (all of them if ``None``).

    Raises :class:`InvalidTransition` for a step the table does not allow or
    an event dated before the one it follows. Validating a whole history is
    ``replay(events)``.
    """
    status = _N
    since: dt.date | None = None
    level: str | None = None
    certified_on: dt.date | None = None
    validated_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    until: dt.date | None = None
    last: dt.date | None = None
    for index, event in enumerate(events):
        day = event.on
        if on is not None and day > on:
            break
        if last is not None and day < last:
            raise InvalidTransition(
                f"cannot record {event.kind.value!r} on {day}: it is dated "
                f"before the previous event ({last})",
                status=status,
                event=event,
                on=day,
                index=index,
            )
        last = day
        if until is not None and status in _EXPIRABLE and day > until:
            status, since = _X, until + _ONE_DAY
        kind = event.kind
        after = TRANSITIONS.get((status, kind))
        if after is None:
            raise InvalidTransition(
                f"cannot record {kind.value!r} on {day}: the certification "
                f"is {status.value!r}" + (f" since {since}" if since is not None else ""),
                status=status,
                event=event,
                on=day,
                index=index,
            )
        if after is not status:
            status, since = after, day
        if kind is _K.CERTIFIED:
            certified_on, level, until = day, event.level, event.until
        elif kind is _K.LEVEL_CHANGED:
            level = event.level
        elif kind is _K.VALIDATED or kind is _K.REVALIDATED:
            validated_on = day
        elif kind is _K.REVIEWED:
            reviewed_on = day
        elif kind is _K.RENEWED:
            until = event.until
    if last is None:
        return NOTHING
    if on is not None and until is not None and status in _EXPIRABLE and on > until:
        status, since = _X, until + _ONE_DAY
    return Standing(status, since, level, certified_on, validated_on, reviewed_on, until)
