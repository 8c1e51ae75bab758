"""The certification lifecycle: which event may follow which status.

A certification's standing on a date is never stored; it is derived by
replaying the certification's events up to that date through the transition
table below (CBP's CTPAT partner lifecycle, the Union Customs Code's AEO
suspension and revocation rules, and fixed-term certificates such as FAST cards):

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
from collections.abc import Iterable, Sequence
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

#: What a replay ends with: the fields of :class:`Standing` in order, then the
#: date of the last event replayed. A plain tuple is much cheaper to build than
#: a Standing, and certifications keep one (see :func:`walk`).
State = tuple[
    Status,
    dt.date | None,
    str | None,
    dt.date | None,
    dt.date | None,
    dt.date | None,
    dt.date | None,
    dt.date,
]

# ``kind -> {status before: status after}``: two look-ups of existing objects per
# event instead of building a ``(status, kind)`` tuple to look up.
_STEPS: dict[EventKind, dict[Status, Status]] = {}
for (_before, _kind), _after in TRANSITIONS.items():
    _STEPS.setdefault(_kind, {})[_before] = _after
del _before, _kind, _after
_NO_STEP: dict[Status, Status] = {}

_CERTIFIED = _K.CERTIFIED
_VALIDATED = _K.VALIDATED
_REVALIDATED = _K.REVALIDATED
_REVIEWED = _K.REVIEWED
_LEVEL_CHANGED = _K.LEVEL_CHANGED
_RENEWED = _K.RENEWED


def replay(events: Sequence[Event], on: dt.date | None = None) -> Standing:
    """Replay ``events`` up to and including ``on`` (all of them if ``None``).

    Raises :class:`InvalidTransition` for a step the table does not allow or
    an event dated before the one it follows. Validating a whole history is
    ``replay(events)``.
    """
    state = walk(events, on)
    if state is None:
        return NOTHING
    return standing_from(state, on)


def standing_from(state: State, on: dt.date | None) -> Standing:
    """The standing on ``on`` (at the end if ``None``) given the :func:`walk` of
    the events up to it: the state, expired if its ``until`` has passed by ``on``."""
    return Standing(*fields_from(state, on))


#: The fields of :class:`Standing`, in order, as a tuple.
Fields = tuple[
    Status,
    dt.date | None,
    str | None,
    dt.date | None,
    dt.date | None,
    dt.date | None,
    dt.date | None,
]

#: The fields of :data:`NOTHING`.
NO_FIELDS: Fields = (_N, None, None, None, None, None, None)


def fields_from(state: State, on: dt.date | None) -> Fields:
    """:func:`standing_from` as a plain tuple of the Standing's fields."""
    status, since, level, certified_on, validated_on, reviewed_on, until, _ = state
    if on is not None and until is not None and on > until and status in _EXPIRABLE:
        status, since = _X, until + _ONE_DAY
    return (status, since, level, certified_on, validated_on, reviewed_on, until)


def walk(events: Iterable[Event], on: dt.date | None = None) -> State | None:
    """The state after replaying ``events`` up to and including ``on`` (all if
    ``None``), with no expiry applied after the last event; ``None`` if no event
    is on or before ``on``.

    This is :func:`replay` without building a :class:`Standing`, and raises
    the same :class:`InvalidTransition` errors.
    """
    status = _N
    since: dt.date | None = None
    level: str | None = None
    certified_on: dt.date | None = None
    validated_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    until: dt.date | None = None
    last: dt.date | None = None
    steps = _STEPS
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
        if until is not None and day > until and status in _EXPIRABLE:
            status, since = _X, until + _ONE_DAY
        kind = event.kind
        after = steps.get(kind, _NO_STEP).get(status)
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
        if kind is _CERTIFIED:
            certified_on, level, until = day, event.level, event.until
        elif kind is _VALIDATED or kind is _REVALIDATED:
            validated_on = day
        elif kind is _REVIEWED:
            reviewed_on = day
        elif kind is _LEVEL_CHANGED:
            level = event.level
        elif kind is _RENEWED:
            until = event.until
    if last is None:
        return None
    return (status, since, level, certified_on, validated_on, reviewed_on, until, last)
