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

This is the *events-only* standing. What a program adds on top -- a fixed
term per level, an issuer whose authorisations it stopped honouring, its own
end -- is decided by :mod:`ctpat.validity`, which starts from this one.

>>> from datetime import date
>>> from ctpat import EventKind, Status
>>> from ctpat.lifecycle import Event, replay
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
from typing import NamedTuple

import attrs

from ctpat import _validation as v
from ctpat._dates import ONE_DAY
from ctpat.enums import Cause, EventKind, Status
from ctpat.errors import DataError, InvalidTransition

__all__ = [
    "EXPIRABLE",
    "NOTHING",
    "TRANSITIONS",
    "Event",
    "Replay",
    "Standing",
    "replay",
    "standing_at",
    "walk",
]

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

#: The statuses in which a certificate can lapse (its expiry passes).
EXPIRABLE = frozenset({_C, _S})
_LEVELLED = frozenset({EventKind.CERTIFIED, EventKind.LEVEL_CHANGED})
_DATED = frozenset({EventKind.CERTIFIED, EventKind.RENEWED})


@attrs.frozen
class Event:
    """One thing that happened to a certification, on a date.

    ``level`` is the level granted (``certified``) or the new level
    (``level-changed``, also how a partial suspension or revocation of one AEO
    component is recorded, e.g. AEOF to AEOC). ``until`` is the last day of
    validity printed on the certificate, set by ``certified`` or ``renewed``.
    Raises :class:`~ctpat.errors.DataError` naming the field for a value of the
    wrong type, a level or expiry on an event that carries none, or an expiry
    before the event.

    >>> from datetime import date
    >>> Event(EventKind.LEVEL_CHANGED, date(2025, 2, 1), level="AEOC")
    Event(kind=<EventKind.LEVEL_CHANGED: 'level-changed'>, on=datetime.date(2025, 2, 1), level='AEOC', until=None, note=None)
    >>> Event(EventKind.LEVEL_CHANGED, date(2025, 2, 1))
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: level: a 'level-changed' event must name the new level (got None)
    """

    kind: EventKind
    on: dt.date
    level: str | None = None
    until: dt.date | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        # The checks are inlined (a helper is called only to raise) because every
        # event of a bulk load comes through here; the order of the checks, and so
        # the first error reported, is that of the helpers.
        kind = self.kind
        if type(kind) is not EventKind:  # an enum with members has no subclasses
            v.member("kind", kind, EventKind)
        on = self.on
        if type(on) is not dt.date:
            v.date("on", on)
        level = self.level
        if level is not None:
            if type(level) is not str or not level or level.strip() != level:
                v.text("level", level)
            if kind not in _LEVELLED:
                raise DataError.at(
                    "level", level, f"a {kind.value!r} event does not carry a level"
                )
        elif kind is EventKind.LEVEL_CHANGED:
            raise DataError.at("level", None, "a 'level-changed' event must name the new level")
        until = self.until
        if until is not None:
            if type(until) is not dt.date:
                v.date("until", until)
            if kind not in _DATED:
                raise DataError.at(
                    "until", until, f"a {kind.value!r} event does not carry an expiry"
                )
            if until < on:
                raise DataError.at("until", until, f"is before the event's date {on}")
        elif kind is EventKind.RENEWED:
            raise DataError.at("until", None, "a 'renewed' event must give the new expiry")
        note = self.note
        if note is not None and (type(note) is not str or not note or note.strip() != note):
            v.text("note", note)


@attrs.frozen
class Standing:
    """A certification's standing on a date.

    ``status`` is the status that day; ``since`` the day it began;
    ``certified_on`` the day of the (latest) ``certified`` event;
    ``validated_on`` the latest validation or revalidation; ``reviewed_on``
    the latest annual review; ``until`` the expiry printed on the certificate;
    ``level`` the level held (kept after a revocation, as a matter of record).
    ``expiry`` is the last day the certification is in force under the rules
    that were applied (``None``: open-ended), and ``cause`` what ended it when
    no event did: the printed expiry, the program's fixed term, the issuer's
    end, the program's own dates. Before the first event everything is
    ``None`` and the status is :attr:`Status.NONE`. Raises nothing: standings
    are built by the library, and their fields are not checked.

    >>> from datetime import date
    >>> Standing(Status.CERTIFIED, date(2024, 1, 10)).in_force
    True
    """

    status: Status
    since: dt.date | None = None
    level: str | None = None
    certified_on: dt.date | None = None
    validated_on: dt.date | None = None
    reviewed_on: dt.date | None = None
    until: dt.date | None = None
    expiry: dt.date | None = None
    cause: Cause | None = None

    @property
    def in_force(self) -> bool:
        """Whether the status is ``certified``."""
        return self.status is _C


#: The standing before the first event.
NOTHING = Standing(_N)


class Replay(NamedTuple):
    """Where a replay of events ended (see :func:`walk`): the standing's fields
    after the last event replayed, before any expiry after it, and that event's date.

    Raises nothing: built by :func:`walk`, its fields are not checked.
    """

    status: Status
    since: dt.date | None
    level: str | None
    certified_on: dt.date | None
    validated_on: dt.date | None
    reviewed_on: dt.date | None
    until: dt.date | None
    last: dt.date


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
_PRINTED = Cause.PRINTED_EXPIRY


def replay(events: Sequence[Event], on: dt.date | None = None) -> Standing:
    """The standing after replaying ``events`` up to and including ``on`` (all if ``None``).

    Raises :class:`InvalidTransition` for a step the table does not allow or
    an event dated before the one it follows. Validating a whole history is
    ``replay(events)``.
    """
    found = walk(events, on)
    return NOTHING if found is None else standing_at(found, on)


def standing_at(found: Replay, on: dt.date | None) -> Standing:
    """The standing on ``on`` (at the end if ``None``), given the :func:`walk` of
    the events up to it: expired from the day after a printed expiry that passed.

    Raises ``TypeError`` naming ``found`` when it is not a :class:`Replay`, and
    :class:`~ctpat.errors.DataError` for an ``on`` that is not a date.
    """
    if type(found) is not Replay:
        raise TypeError(
            f"standing_at() argument 'found': must be a Replay, not {type(found).__name__}"
        )
    if on is not None and type(on) is not dt.date:
        v.date("on", on)
    status, since, level, certified_on, validated_on, reviewed_on, until, _ = found
    cause = None
    if on is not None and until is not None and on > until and status in EXPIRABLE:
        status, since, cause = _X, until + ONE_DAY, _PRINTED
    return Standing(
        status, since, level, certified_on, validated_on, reviewed_on, until, until, cause
    )


def walk(events: Iterable[Event], on: dt.date | None = None) -> Replay | None:
    """Where replaying ``events`` up to and including ``on`` (all if ``None``) ends,
    with no expiry applied after the last event; ``None`` if no event is on or
    before ``on``.

    Raises the same :class:`InvalidTransition` errors as :func:`replay`.
    """
    given: object = events
    if type(given) is not tuple and (  # a tuple (a certification's events) is iterable
        isinstance(given, (str, bytes)) or not isinstance(given, Iterable)
    ):
        raise TypeError(f"walk() argument 'events': must be events, not {type(given).__name__}")
    if on is not None and type(on) is not dt.date:
        v.date("on", on)
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
        if type(event) is not Event:
            raise DataError.at(f"events[{index}]", event, "must be an Event")
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
        if until is not None and day > until and status in EXPIRABLE:
            status, since = _X, until + ONE_DAY
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
    return Replay(status, since, level, certified_on, validated_on, reviewed_on, until, last)
