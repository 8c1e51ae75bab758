"""Certifications as immutable event histories.

A :class:`Certification` is the list of what happened to one authorisation
(applied, certified, validated, suspended, ...). Its status, level, validity
and last validation on any date are derived by replaying those events (see
:mod:`ctpat.lifecycle`); nothing derived is stored.

>>> from datetime import date
>>> from ctpat import Certification, Event, EventKind, Status
>>> cert = Certification.grant("CTPAT", "acme", on=date(2024, 1, 10), level="tier-1")
>>> cert = cert.record(Event(EventKind.VALIDATED, date(2024, 11, 5)))
>>> cert = cert.record(Event(EventKind.SUSPENDED, date(2025, 3, 1)))
>>> cert.status_on(date(2025, 1, 1)), cert.status_on(date(2025, 6, 1))
(<Status.CERTIFIED: 'certified'>, <Status.SUSPENDED: 'suspended'>)
>>> cert.is_valid_on(date(2025, 6, 1))
False
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from ctpat import _validation as v
from ctpat.enums import EventKind, Role, Status
from ctpat.errors import DataError
from ctpat.lifecycle import NO_FIELDS, Fields, Standing, State, fields_from, walk
from ctpat.origins import Origin

__all__ = ["Certification", "Event"]

_LEVELLED = frozenset({EventKind.CERTIFIED, EventKind.LEVEL_CHANGED})
_DATED = frozenset({EventKind.CERTIFIED, EventKind.RENEWED})


@attrs.frozen
class Event:
    """One thing that happened to a certification, on a date.

    ``level`` is the level granted (``certified``) or the new level
    (``level-changed``, also how a partial suspension or revocation of one AEO
    component is recorded, e.g. AEOF to AEOC). ``until`` is the last day of
    validity printed on the certificate, set by ``certified`` or ``renewed``.

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


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    if type(value) is tuple:  # the usual case, and what a_tuple would return
        return value
    return v.a_tuple("events", value)


class _Replayed:
    """Where a certification keeps the end of its replayed history (private).

    A slot of a plain base class rather than an attrs field, so that it is no
    part of the model: not compared, hashed, shown, copied, pickled or written.
    """

    __slots__ = ("_state",)
    _state: State


@attrs.frozen
class Certification(_Replayed):
    """One authorisation of one holder in one program, as its event history.

    ``holder`` is the participant's id, ``reference`` the certificate or
    account number, ``role`` the entity type the certification covers
    (``None``: all of the holder's activities, as with an EU AEO); ``origin``
    where the record was read from (provenance: not compared, hashed or
    shown). The history
    must be non-empty, in date order and allowed by the lifecycle; otherwise
    construction raises :class:`~ctpat.errors.InvalidTransition` or
    :class:`~ctpat.errors.DataError`.
    """

    program: str
    holder: str
    events: tuple[Event, ...] = attrs.field(converter=_events)
    reference: str | None = None
    role: Role | None = None
    origin: Origin | None = attrs.field(default=None, eq=False, repr=False)

    def __attrs_post_init__(self) -> None:
        # Inlined like Event's checks, in the same order as the helpers'.
        program = self.program
        if type(program) is not str or not program or program.strip() != program:
            v.text("program", program)
        holder = self.holder
        if type(holder) is not str or not holder or holder.strip() != holder:
            v.text("holder", holder)
        events = self.events
        if not events:
            raise DataError.at("events", events, "a certification needs at least one event")
        for index, event in enumerate(events):
            if type(event) is not Event:
                raise DataError.at(f"events[{index}]", event, "must be an Event")
        reference = self.reference
        if reference is not None and (
            type(reference) is not str or not reference or reference.strip() != reference
        ):
            v.text("reference", reference)
        role = self.role
        if role is not None and type(role) is not Role:
            v.member("role", role, Role)
        if self.origin is not None and type(self.origin) is not Origin:
            raise DataError.at("origin", self.origin, "must be an Origin")
        # Validating the history replays it anyway; keeping where it ended lets
        # standing_on() skip the replay for any day on or after the last event.
        object.__setattr__(self, "_state", walk(events))

    def _replayed(self) -> State:
        """The :func:`~ctpat.lifecycle.walk` of the whole history (private).

        The constructor stores it; an instance that did not go through the
        constructor (unpickled, copied) replays its history once, here.
        """
        try:
            return self._state
        except AttributeError:
            state = walk(self.events)
            assert state is not None  # a certification has at least one event
            object.__setattr__(self, "_state", state)
            return state

    @classmethod
    def grant(
        cls,
        program: str,
        holder: str,
        *,
        on: dt.date,
        level: str | None = None,
        until: dt.date | None = None,
        reference: str | None = None,
        role: Role | None = None,
    ) -> Certification:
        """A new certification whose first event is ``certified`` on ``on``.

        >>> from datetime import date
        >>> card = Certification.grant("FAST", "d-17", on=date(2021, 5, 3), until=date(2026, 5, 2))
        >>> card.status_on(date(2026, 5, 2)), card.status_on(date(2026, 5, 3))
        (<Status.CERTIFIED: 'certified'>, <Status.EXPIRED: 'expired'>)
        """
        event = Event(EventKind.CERTIFIED, on, level=level, until=until)
        return cls(program, holder, (event,), reference=reference, role=role)

    def record(self, event: Event) -> Certification:
        """A new certification with ``event`` appended to the history.

        Raises :class:`~ctpat.errors.InvalidTransition` when the event cannot
        follow the certification's status on its date (reinstating a revoked
        certification, validating an applicant, ...) or is dated before the
        last event.
        """
        return attrs.evolve(self, events=(*self.events, event))

    def standing_on(self, day: dt.date) -> Standing:
        """The full standing (status, since, level, milestones) on ``day``."""
        return Standing(*self._fields_on(day))

    def _fields_on(self, day: dt.date) -> Fields:
        """The fields of :meth:`standing_on` as a tuple (private: cheaper to build)."""
        if type(day) is not dt.date:
            v.date("on", day)
        state = self._replayed()
        if day < state[7]:
            # Before the last event, replay up to the day; on or after it, the
            # stored end of the history is the state of that day.
            found = walk(self.events, day)
            if found is None:
                return NO_FIELDS
            state = found
        return fields_from(state, day)

    def status_on(self, day: dt.date) -> Status:
        """The status on ``day`` (:attr:`Status.NONE` before the first event)."""
        return self.standing_on(day).status

    def level_on(self, day: dt.date) -> str | None:
        """The level held on ``day``, or ``None`` if none was granted yet."""
        return self.standing_on(day).level

    def is_valid_on(self, day: dt.date) -> bool:
        """Whether the certification is in force on ``day`` (status ``certified``)."""
        return self.standing_on(day).status is Status.CERTIFIED

    def validated_on(self, day: dt.date) -> dt.date | None:
        """The date of the last validation or revalidation on or before ``day``."""
        return self.standing_on(day).validated_on

    @property
    def started_on(self) -> dt.date:
        """The date of the first event."""
        return self.events[0].on
