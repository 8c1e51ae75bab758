"""Mutual recognition arrangements (MRAs) and their directional recognitions.

An arrangement is signed by two or more programs' administrations; what it
does is held in its :class:`Recognition` records, one per direction: program
``by`` accepts certifications of program ``of``, at some levels, for some
roles, from some date. The two directions of one arrangement often started on
different dates (EU-US: the US accepted EU AEOs from July 2012, the EU
accepted CTPAT from 31 January 2013).

>>> from datetime import date
>>> from ctpat import Arrangement, Recognition, Source
>>> mra = Arrangement(
...     id="US-EU",
...     name="EU-US mutual recognition decision",
...     parties=("CTPAT", "EU-AEO"),
...     signed_on=date(2012, 5, 4),
...     operational_on=date(2012, 7, 1),
...     ended_on=None,
...     recognitions=(
...         Recognition("CTPAT", "EU-AEO", levels=frozenset({"AEOS", "AEOF"})),
...         Recognition("EU-AEO", "CTPAT", since=date(2013, 1, 31)),
...     ),
...     source=Source("https://www.cbp.gov/", "CBP", date(2026, 11, 1)),
... )
>>> mra.in_force_on(date(2012, 8, 1))
True
>>> [r.of for r in mra.recognitions if mra.recognition_in_force(r, date(2012, 8, 1))]
['EU-AEO']
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from ctpat import _validation as v
from ctpat.enums import Role
from ctpat.errors import DataError
from ctpat.sources import Source

__all__ = ["Arrangement", "Recognition"]

#: Conditions an arrangement may set, with the sentence a verdict prints.
CONDITIONS: dict[str, str] = {
    "data-exchange-consent": "the holder must have consented to the exchange of its AEO data "
    "with the partner administration",
    "mid-linked": "the holder's AEO authorisation must be linked to its Manufacturer "
    "Identification Code (MID) for the partner's targeting system",
    "security-component": "only holders of the security and safety component are recognised",
    "pilot": "the arrangement runs as a pilot; benefits may be limited",
}


def _levels(value: Iterable[str] | None) -> frozenset[str] | None:
    return None if value is None else v.frozen_set("levels", value)


def _roles(value: Iterable[Role] | None) -> frozenset[Role] | None:
    return None if value is None else v.frozen_set("roles", value)


def _conditions(value: Iterable[str]) -> tuple[str, ...]:
    return v.a_tuple("conditions", value)


@attrs.frozen
class Recognition:
    """One direction of an arrangement: program ``by`` accepts program ``of``.

    ``levels`` and ``roles`` restrict what is accepted (``None``: all);
    ``since`` is when this direction began (default: the arrangement's
    operational date) and ``until`` its last day (default: the arrangement's
    end); ``conditions`` are short codes the caller must confirm (see
    :data:`CONDITIONS`), reported as ``condition`` reasons. Raises
    :class:`~ctpat.errors.DataError` naming the field for a value of the wrong
    type, a program recognising itself, an empty set of levels or roles, or an
    ``until`` before ``since``.
    """

    by: str
    of: str
    levels: frozenset[str] | None = attrs.field(default=None, converter=_levels)
    roles: frozenset[Role] | None = attrs.field(default=None, converter=_roles)
    since: dt.date | None = None
    until: dt.date | None = None
    conditions: tuple[str, ...] = attrs.field(default=(), converter=_conditions)
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("by", self.by)
        v.text("of", self.of)
        if self.by == self.of:
            raise DataError.at("of", self.of, "a program does not recognise itself")
        for level in self.levels or ():
            v.text("levels", level)
        if self.levels is not None and not self.levels:
            raise DataError.at("levels", self.levels, "use None for all levels, not an empty set")
        if self.roles is not None:
            v.members("roles", self.roles, Role)
            if not self.roles:
                raise DataError.at("roles", self.roles, "use None for all roles, not an empty set")
        v.optional_date("since", self.since)
        v.optional_date("until", self.until)
        if self.since is not None and self.until is not None and self.until < self.since:
            raise DataError.at("until", self.until, f"is before since ({self.since})")
        for condition in self.conditions:
            v.text("conditions", condition)
        v.optional_text("note", self.note)


def _parties(value: Iterable[str]) -> tuple[str, ...]:
    return v.a_tuple("parties", value)


def _recognitions(value: Iterable[Recognition]) -> tuple[Recognition, ...]:
    return v.a_tuple("recognitions", value)


@attrs.frozen
class Arrangement:
    """A mutual recognition arrangement between two or more programs.

    ``signed_on`` is when it was signed; ``operational_on`` when benefits began
    (``None`` if not known to be implemented, in which case it counts from
    signing and verdicts say so); ``ended_on`` its last day in force, or
    ``None``. ``note`` explains dates known only to the month, conflicting
    sources and the like. Raises :class:`~ctpat.errors.DataError` naming the
    field for a value of the wrong type, dates out of order, a party listed
    twice, or a recognition between programs that are not parties.
    """

    id: str
    name: str
    parties: tuple[str, ...] = attrs.field(converter=_parties)
    signed_on: dt.date
    operational_on: dt.date | None
    ended_on: dt.date | None
    recognitions: tuple[Recognition, ...] = attrs.field(converter=_recognitions)
    source: Source
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("id", self.id)
        v.text("name", self.name)
        if len(self.parties) < 2:
            raise DataError.at("parties", self.parties, "an arrangement needs two or more parties")
        for party in self.parties:
            v.text("parties", party)
        if len(set(self.parties)) != len(self.parties):
            raise DataError.at("parties", self.parties, "lists a party twice")
        v.date("signed_on", self.signed_on)
        v.optional_date("operational_on", self.operational_on)
        v.optional_date("ended_on", self.ended_on)
        if self.operational_on is not None and self.operational_on < self.signed_on:
            raise DataError.at(
                "operational_on", self.operational_on, f"is before signed_on ({self.signed_on})"
            )
        if self.ended_on is not None and self.ended_on < self.starts_on:
            raise DataError.at("ended_on", self.ended_on, f"is before {self.starts_on}")
        if not self.recognitions:
            raise DataError.at("recognitions", self.recognitions, "must list at least one")
        seen: set[tuple[str, str]] = set()
        for index, rec in enumerate(self.recognitions):
            where = f"recognitions[{index}]"
            if type(rec) is not Recognition:
                raise DataError.at(where, rec, "must be a Recognition")
            if rec.by not in self.parties:
                raise DataError.at(f"{where}.by", rec.by, "is not a party to the arrangement")
            if rec.of not in self.parties:
                raise DataError.at(f"{where}.of", rec.of, "is not a party to the arrangement")
            if (rec.by, rec.of) in seen:
                raise DataError.at(where, (rec.by, rec.of), "this direction is listed twice")
            seen.add((rec.by, rec.of))
            if rec.since is not None and rec.since < self.signed_on:
                raise DataError.at(f"{where}.since", rec.since, "is before the signing date")
        if type(self.source) is not Source:
            raise DataError.at("source", self.source, "must be a Source")
        v.optional_text("note", self.note)

    @property
    def starts_on(self) -> dt.date:
        """When benefits began: the operational date, or the signing date if unknown."""
        return self.operational_on if self.operational_on is not None else self.signed_on

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the arrangement was in force on ``day`` (start and end inclusive).

        Raises ``TypeError`` for an argument of the wrong type.
        """
        return self.starts_on <= day and (self.ended_on is None or day <= self.ended_on)

    def window(self, recognition: Recognition) -> tuple[dt.date, dt.date | None]:
        """The first and last day (``None``: open) of one direction of the arrangement.

        Raises ``TypeError`` for an argument of the wrong type.
        """
        start = recognition.since if recognition.since is not None else self.starts_on
        ends = [d for d in (recognition.until, self.ended_on) if d is not None]
        return start, (min(ends) if ends else None)

    def recognition_in_force(self, recognition: Recognition, day: dt.date) -> bool:
        """Whether ``recognition`` (one of this arrangement's) applied on ``day``.

        Raises ``TypeError`` for an argument of the wrong type.
        """
        start, end = self.window(recognition)
        return start <= day and (end is None or day <= end)
