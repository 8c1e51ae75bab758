"""Statements about one certificate, merged into one history (private).

A partner sheet may state one certificate on several rows: a row per status
change, a row copied twice, a row from another export pasted under the first.
Rows of one holder, program and role are about **one certificate** when

- they give the same certificate number; or
- one gives no number and both give the same grant date, or the numbered one
  none (a row without a number is about every numbered certificate granted
  that day, or whose grant date no row gives); or
- one gives neither a number nor a grant date (its status is about every
  certificate of that holder, program and role in the sheet).

Their events are merged into one history (a grant only stood in for by the
as-of date gives way to a stated one). Each row must still say what it said:
on each date it states (its events and its as-of date) the merged history must
give the status the row gives. A status stated again later (suspended, then
still suspended) is one event; of two expiries for one grant the earlier holds. Where it does not — "Certified" and "Suspended"
as of one date, two grant dates or two levels for one number — the statements
**contradict** each other: the certificate is left out and a problem names the
lines, so no reading of the sheet makes it pass (without the certificate its
holder is *unverified*: no certification on record).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from typing import NamedTuple

import attrs

from ctpat.certifications import Certification
from ctpat.enums import EventKind, Status
from ctpat.errors import CtpatError
from ctpat.io._history import inferred_renewal
from ctpat.lifecycle import Event

__all__ = ["Conflict", "Said", "Statement", "merge"]

#: Events a later row may state again without a new event happening.
_RESTATED = frozenset(
    {
        EventKind.APPLIED,
        EventKind.SUSPENDED,
        EventKind.REVOKED,
        EventKind.WITHDRAWN,
        EventKind.REJECTED,
    }
)


class Said(NamedTuple):
    """What a row stated about its certification beside the events.

    ``as_of`` is the date its status was stated (``None``: no status stated);
    ``grant_stated`` whether the row gave the grant date (or the full history),
    rather than the as-of date standing in for it. Rows that state the same
    share one (it holds no row's own data).
    """

    as_of: dt.date | None
    grant_stated: bool


@attrs.frozen
class Statement:
    """One row's certification, with what the row itself stated (see :class:`Said`)."""

    certification: Certification
    as_of: dt.date | None
    grant_stated: bool

    @property
    def line(self) -> int | None:
        origin = self.certification.origin
        return origin.line if origin is not None else None


@attrs.frozen
class Conflict:
    """Statements about one certificate that contradict each other, and how."""

    statements: tuple[Statement, ...]
    said: str


def merge(
    certifications: Sequence[Certification], said: Sequence[Said]
) -> tuple[list[Certification], list[Conflict]]:
    """The certifications the rows make, one per certificate, and the conflicts.

    ``certifications[i]`` is what row ``i`` states and ``said[i]`` what else it
    said. The certifications keep the order of their first statement.
    """
    # The groups of rows about one certificate (a row may be in several: a row
    # without a number is about every numbered certificate granted that day),
    # by their first row; a row in none is a certificate on its own.
    shared: dict[int, list[list[int]]] = {}
    grouped: set[int] = set()
    for members in _groups(certifications, said):
        shared.setdefault(members[0], []).append(members)
        grouped.update(members)
    if not grouped:
        return list(certifications), []  # the usual sheet: one row, one certificate
    found: list[Certification] = []
    conflicts: list[Conflict] = []
    for i, cert in enumerate(certifications):
        if i not in grouped:
            found.append(cert)
            continue
        for members in shared.get(i, ()):
            merged = _merged([Statement(certifications[j], *said[j]) for j in members])
            if isinstance(merged, Conflict):
                conflicts.append(merged)
            else:
                found.append(merged)
    return found, conflicts


def _grant(cert: Certification) -> dt.date | None:
    """The date the certificate was granted (an application's: the date applied)."""
    events = cert.events
    for event in events:
        if event.kind is EventKind.CERTIFIED:
            return event.on
    return events[0].on if events else None


def _groups(certifications: Sequence[Certification], said: Sequence[Said]) -> list[list[int]]:
    """The indexes of the rows about each certificate stated on more than one row,
    each group in row order, the groups in the order first stated."""
    # Numbered rows by their certificate: the first row, and the rows repeating it.
    first: dict[tuple[object, ...], int] = {}
    repeats: dict[int, list[int]] = {}
    unnumbered: list[int] = []
    undated: list[int] = []
    for i, cert in enumerate(certifications):
        if cert.reference is not None:
            j = first.setdefault((cert.holder, cert.program, cert.role, cert.reference), i)
            if j != i:
                repeats.setdefault(j, []).append(i)
        elif said[i].grant_stated:
            unnumbered.append(i)
        else:
            undated.append(i)
    if not unnumbered and not undated:  # the usual sheet: one number, one certificate
        return [[j, *more] for j, more in sorted(repeats.items())]
    by_number = [[j, *repeats.get(j, ())] for j in first.values()]
    by_grant: dict[tuple[object, ...], list[int]] = {}
    granted: dict[tuple[object, ...], list[list[int]]] = {}
    # Numbered certificates no row gives a grant date for: any grant date may be theirs.
    dateless: dict[tuple[object, ...], list[list[int]]] = {}
    for members in by_number:
        dated = False
        for i in members:
            cert = certifications[i]
            if said[i].grant_stated:
                dated = True
                key = (cert.holder, cert.program, cert.role, _grant(cert))
                if not granted.get(key) or granted[key][-1] is not members:
                    granted.setdefault(key, []).append(members)
        if not dated:
            cert = certifications[members[0]]
            dateless.setdefault((cert.holder, cert.program, cert.role), []).append(members)
    for i in unnumbered:
        cert = certifications[i]
        key = (cert.holder, cert.program, cert.role, _grant(cert))
        numbered = [*granted.get(key, ()), *dateless.get(key[:3], ())]
        if numbered:
            for members in numbered:
                members.append(i)
        else:
            by_grant.setdefault(key, []).append(i)
    groups = [*by_number, *by_grant.values()]
    by_holder: dict[tuple[object, ...], list[list[int]]] = {}
    for members in groups:
        cert = certifications[members[0]]
        by_holder.setdefault((cert.holder, cert.program, cert.role), []).append(members)
    alone: dict[tuple[object, ...], list[int]] = {}
    for i in undated:
        cert = certifications[i]
        holder = (cert.holder, cert.program, cert.role)
        if holder in by_holder:
            for members in by_holder[holder]:
                members.append(i)
        else:
            alone.setdefault(holder, []).append(i)
    groups.extend(alone.values())
    groups = [members for members in groups if len(members) > 1]
    for members in groups:
        members.sort()
    groups.sort(key=lambda members: members[0])
    return groups


def _events(group: Sequence[Statement]) -> list[Event]:
    """The group's events, once each, by date; a grant the as-of date stood in
    for gives way to a stated grant (or, without one, to the earliest such)."""
    stated = any(s.grant_stated and _grant(s.certification) is not None for s in group)
    placeholders: list[Event] = []
    events: dict[Event, None] = {}
    for statement in group:
        for n, event in enumerate(statement.certification.events):
            if n == 0 and event.kind is EventKind.CERTIFIED and not statement.grant_stated:
                placeholders.append(event)
                continue
            events[event] = None
    if placeholders and not stated:
        events[min(placeholders, key=lambda e: e.on)] = None
    # One grant stated with two expiries (a printed one, and "expired" as of a
    # date, which bounds it) ends at the earlier: evidence only ever lowers.
    grants: dict[tuple[dt.date, str | None], Event] = {}
    for event in list(events):
        if event.kind is EventKind.CERTIFIED:
            key = (event.on, event.level)
            other = grants.get(key)
            if other is None:
                grants[key] = event
                continue
            del events[event], events[other]
            untils = [e.until for e in (event, other) if e.until is not None]
            end = min(untils) if untils else None
            # The note goes with the expiry it explains (a stated "expired").
            held = event if event.until == end else other
            grants[key] = attrs.evolve(other, until=end, note=held.note)
            events[grants[key]] = None
    history: list[Event] = []
    for event in sorted(events, key=lambda e: e.on):
        # "Suspended" stated again on a later date says it still is: one suspension.
        if history and event.kind in _RESTATED and history[-1].kind is event.kind:
            continue
        history.append(event)
    return history


def _merged(group: Sequence[Statement]) -> Certification | Conflict:
    first = group[0].certification
    numbers = {s.certification.reference for s in group} - {None}
    if len(numbers) > 1:
        return Conflict(tuple(group), f"numbers {', '.join(sorted(map(str, numbers)))}")
    origin = first.origin
    if (
        origin is not None
        and not origin.status_stated
        and any(
            s.certification.origin is None or s.certification.origin.status_stated for s in group
        )
    ):
        origin = attrs.evolve(origin, status_stated=True)
    try:
        merged = Certification(
            first.program,
            first.holder,
            _events(group),
            reference=next(iter(numbers), None),
            role=first.role,
            origin=origin,
        )
    except CtpatError as err:
        return Conflict(tuple(group), f"no one history holds them all ({err})")
    # A renewal inferred from one row's "certified" (its computed term ran out) is
    # no evidence against another row that states the certificate not in force:
    # the sheet does not say it was renewed, so the rows contradict each other.
    inferred = [s for s in group if any(map(inferred_renewal, s.certification.events))]
    for statement in group if inferred else ():
        day = statement.as_of
        if day is None or statement in inferred:
            continue
        own = statement.certification.events_standing_on(day).status
        if own is not Status.CERTIFIED:
            return Conflict(
                tuple(group),
                f"line {statement.line} says {own.value} on {day}; line {inferred[0].line} "
                "says certified only by a renewal the sheet does not state",
            )
    for statement in group:
        for day in _dates(statement):
            try:
                own = statement.certification.events_standing_on(day).status
                found = merged.events_standing_on(day).status
            except CtpatError as err:  # pragma: no cover - dates of its own events
                return Conflict(tuple(group), str(err))
            if own is not found:
                return Conflict(
                    tuple(group),
                    f"line {statement.line} says {own.value} on {day}, "
                    f"the other lines make it {found.value}",
                )
    return merged


def _dates(statement: Statement) -> Iterable[dt.date]:
    days = {e.on for e in statement.certification.events}
    if statement.as_of is not None:
        days.add(statement.as_of)
    return sorted(days)
