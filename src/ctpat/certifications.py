"""Certifications as immutable event histories.

A :class:`Certification` is the list of what happened to one authorisation
(applied, certified, validated, suspended, ...). What the events alone say on
any date -- status, level, milestones, printed expiry -- is derived by replaying
them (:meth:`Certification.events_standing_on`, see :mod:`ctpat.lifecycle`);
nothing derived is stored. Whether the certification is *in force* on a date
also depends on its program's rules (a fixed term, an issuer's end): that is
asked of :meth:`ctpat.Registry.standing` (or :func:`ctpat.validity.standing`),
the one answer every verdict uses.

>>> from datetime import date
>>> from ctpat import Certification, Event, EventKind, Status
>>> cert = Certification.grant("CTPAT", "acme", on=date(2024, 1, 10), level="tier-1")
>>> cert = cert.record(Event(EventKind.VALIDATED, date(2024, 11, 5)))
>>> cert = cert.record(Event(EventKind.SUSPENDED, date(2025, 3, 1)))
>>> cert.events_standing_on(date(2025, 6, 1)).status
<Status.SUSPENDED: 'suspended'>
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable

import attrs

from ctpat import _validation as v
from ctpat.enums import EventKind, Role
from ctpat.errors import DataError
from ctpat.lifecycle import NOTHING, Event, Replay, Standing, standing_at, walk
from ctpat.origins import Origin

__all__ = ["Certification"]


def _events(value: Iterable[Event]) -> tuple[Event, ...]:
    if type(value) is tuple:  # the usual case, and what a_tuple would return
        return value
    return v.a_tuple("events", value)


@attrs.frozen
class Certification:
    """One authorisation of one holder in one program, as its event history.

    ``holder`` is the participant's id, ``reference`` the certificate or
    account number, ``role`` the entity type the certification covers
    (``None``: all of the holder's activities, as with an EU AEO); ``origin``
    where the record was read from (provenance: not compared, hashed or
    shown). The history must be non-empty, in date order and allowed by the
    lifecycle; otherwise construction raises
    :class:`~ctpat.errors.InvalidTransition` or :class:`~ctpat.errors.DataError`.

    The methods here answer from the events alone; whether the certification
    is in force under its program's rules (a fixed term, an issuer's end) is
    :func:`ctpat.validity.standing`'s question.
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
        # Validating the history replays it anyway: the replay is kept (see _end),
        # set into its slot as attrs documents for frozen classes (a first read of
        # the cached property would go through __getattr__, which costs more than
        # the replay itself in a bulk read).
        object.__setattr__(self, "_end", walk(events))

    # What replaying the whole history gave, worked out once (a cached property:
    # no part of the model, so not compared, hashed, shown, copied, pickled or
    # written): where the history ends, which is the state of every day from
    # the last event on.

    @functools.cached_property
    def _end(self) -> Replay:
        end = walk(self.events)
        assert end is not None  # a certification has at least one event
        return end

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

        Raises :class:`~ctpat.errors.DataError` naming the field for a value of
        the wrong type or an ``until`` before ``on``.

        >>> from datetime import date
        >>> card = Certification.grant("FAST", "d-17", on=date(2021, 5, 3), until=date(2026, 5, 2))
        >>> card.events_standing_on(date(2026, 5, 3)).status
        <Status.EXPIRED: 'expired'>
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

    def events_standing_on(self, day: dt.date) -> Standing:
        """What the events and the printed expiry alone say on ``day``: status,
        since, level, milestones.

        Not whether the certification is in force: a program's fixed term or
        an issuer's end is not applied here (a FAST card granted in 2015 with no
        printed expiry is ``certified`` by its events, but expired under FAST's
        five-year term). Ask :meth:`ctpat.Registry.standing` or
        :func:`ctpat.validity.standing` for that. Raises
        :class:`~ctpat.errors.DataError` if ``day`` is not a :class:`datetime.date`.
        """
        found = self._replayed(day)
        # The standing is built afresh, not kept: a vet of a million
        # certifications would keep a million of them alive for the collector to walk.
        return NOTHING if found is None else standing_at(found, day)

    def level_on(self, day: dt.date) -> str | None:
        """The level held on ``day``, or ``None`` if none was granted yet (no
        program rule changes the level held).

        Raises :class:`~ctpat.errors.DataError` if ``day`` is not a date.
        """
        # A printed expiry changes the status, not the level or the milestones:
        # the replay answers without building a standing (a vet's records ask
        # this of every certification they show).
        found = self._replayed(day)
        return None if found is None else found.level

    def validated_on(self, day: dt.date) -> dt.date | None:
        """The date of the last validation or revalidation on or before ``day``.

        Raises :class:`~ctpat.errors.DataError` if ``day`` is not a date.
        """
        found = self._replayed(day)
        return None if found is None else found.validated_on

    def _replayed(self, day: dt.date) -> Replay | None:
        """The replay of the events up to ``day`` (``None`` before the first): before
        the last event, replayed up to the day; on or after it, where the history
        ends, which is the state of that day."""
        if type(day) is not dt.date:
            v.date("on", day)
        end = self._end
        return walk(self.events, day) if day < end.last else end

    @property
    def started_on(self) -> dt.date:
        """The date of the first event."""
        return self.events[0].on
