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

A date known only to the month, the year or between bounds is stored as its
earliest possible day with a ``*_latest`` companion holding its latest; an
arrangement counts as in force only from the latest day its start could be
and until the earliest day its end could be, and :meth:`Arrangement.doubt`
names the uncertain date for a day in between:

>>> pip = Arrangement(
...     "US-CA", "CTPAT-PIP arrangement", ("CTPAT", "CA-PIP"), date(2008, 6, 1), None, None,
...     (Recognition("CTPAT", "CA-PIP"),), Source("https://www.cbp.gov/", "CBP", date(2026, 1, 1)),
...     signed_on_latest=date(2008, 6, 30),
... )
>>> pip.signed_span.precision
<Precision.MONTH: 'month'>
>>> pip.in_force_on(date(2008, 6, 10)), pip.doubt(pip.recognitions[0], date(2008, 6, 10))
(False, 'signed in June 2008, day unknown')
>>> pip.in_force_on(date(2008, 7, 1)), pip.doubt(pip.recognitions[0], date(2008, 7, 1))
(True, None)
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable

import attrs

from ctpat import _validation as v
from ctpat.enums import Precision, Role
from ctpat.errors import DataError
from ctpat.sources import Source

__all__ = ["Arrangement", "DateSpan", "Recognition"]

#: Conditions an arrangement may set, with the sentence a verdict prints.
CONDITIONS: dict[str, str] = {
    "data-exchange-consent": "the holder must have consented to the exchange of its AEO data "
    "with the partner administration",
    "mid-linked": "the holder's AEO authorisation must be linked to its Manufacturer "
    "Identification Code (MID) for the partner's targeting system",
    "security-component": "only holders of the security and safety component are recognised",
    "pilot": "the arrangement runs as a pilot; benefits may be limited",
}


@attrs.frozen
class DateSpan:
    """What is known of a date: the earliest and the latest day it could be.

    ``earliest == latest`` for a date known to the day. :attr:`precision`
    says how the span reads (a whole month, a whole year, other bounds) and
    :meth:`describe` words it. Raises :class:`~ctpat.errors.DataError` naming
    the field for a value that is not a date or a ``latest`` before ``earliest``.

    >>> span = DateSpan(dt.date(2008, 6, 1), dt.date(2008, 6, 30))
    >>> span.precision, span.describe("signed")
    (<Precision.MONTH: 'month'>, 'signed in June 2008, day unknown')
    >>> DateSpan(dt.date(2019, 1, 1), dt.date(2022, 4, 5)).describe("signed")
    'signed on a day between 2019-01-01 and 2022-04-05'
    >>> DateSpan(dt.date(2023, 1, 1), dt.date(2022, 1, 1))
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: latest: is before earliest (2023-01-01) (got datetime.date(2022, 1, 1))
    """

    earliest: dt.date
    latest: dt.date

    def __attrs_post_init__(self) -> None:
        v.date("earliest", self.earliest)
        v.date("latest", self.latest)
        if self.latest < self.earliest:
            raise DataError.at("latest", self.latest, f"is before earliest ({self.earliest})")

    @classmethod
    def of(cls, day: dt.date, latest: dt.date | None) -> DateSpan:
        """The span of a stored date (its earliest day) and its ``*_latest`` companion.

        Raises what the constructor raises.
        """
        return cls(day, day if latest is None else latest)

    @property
    def exact(self) -> bool:
        """Whether the day is known. Raises nothing."""
        return self.earliest == self.latest

    @property
    def precision(self) -> Precision:
        """Day, month, year, or bounded (any other span). Raises nothing."""
        first, last = self.earliest, self.latest
        if first == last:
            return Precision.DAY
        if first.year == last.year and first.day == 1:
            if first.month == last.month and last.day == _month_end(last):
                return Precision.MONTH
            if (first.month, last.month, last.day) == (1, 12, 31):
                return Precision.YEAR
        return Precision.BOUNDED

    def __str__(self) -> str:
        """The span as a verdict names it: the day, "July 2012 (day unknown)", ...

        Raises nothing.

        >>> str(DateSpan(dt.date(2012, 7, 1), dt.date(2012, 7, 31)))
        'July 2012 (day unknown)'
        """
        precision = self.precision
        if precision is Precision.DAY:
            return self.earliest.isoformat()
        if precision is Precision.MONTH:
            return f"{self.earliest:%B %Y} (day unknown)"
        if precision is Precision.YEAR:
            return f"{self.earliest.year} (month and day unknown)"
        return f"between {self.earliest} and {self.latest}"

    def describe(self, event: str) -> str:
        """``event`` ("signed") with what is known of its date, as a verdict words it."""
        precision = self.precision
        if precision is Precision.DAY:
            return f"{event} on {self.earliest}"
        if precision is Precision.MONTH:
            return f"{event} in {self.earliest:%B %Y}, day unknown"
        if precision is Precision.YEAR:
            return f"{event} in {self.earliest.year}, month and day unknown"
        return f"{event} on a day between {self.earliest} and {self.latest}"


def _month_end(day: dt.date) -> int:
    return calendar.monthrange(day.year, day.month)[1]


def _latest(field: str, day: dt.date | None, latest: dt.date | None) -> None:
    """Check a ``*_latest`` companion: a date, given only with its date, not before it."""
    v.optional_date(f"{field}_latest", latest)
    if latest is None:
        return
    if day is None:
        raise DataError.at(f"{field}_latest", latest, f"is given without {field}")
    if latest < day:
        raise DataError.at(f"{field}_latest", latest, f"is before {field} ({day})")


def _end(spans: Iterable[DateSpan | None]) -> DateSpan | None:
    """The span of the earlier of several ends (``None``: open)."""
    known = [span for span in spans if span is not None]
    if not known:
        return None
    return DateSpan(min(s.earliest for s in known), min(s.latest for s in known))


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
    end); when either is not known to the day, it holds the earliest day it
    could be and ``since_latest`` / ``until_latest`` the latest; ``conditions`` are short codes the caller must confirm (see
    :data:`CONDITIONS`), reported as ``condition`` reasons. Raises
    :class:`~ctpat.errors.DataError` naming the field for a value of the wrong
    type, a program recognising itself, an empty set of levels or roles, an
    ``until`` before ``since``, or a ``*_latest`` without its date or before it.
    """

    by: str
    of: str
    levels: frozenset[str] | None = attrs.field(default=None, converter=_levels)
    roles: frozenset[Role] | None = attrs.field(default=None, converter=_roles)
    since: dt.date | None = None
    until: dt.date | None = None
    conditions: tuple[str, ...] = attrs.field(default=(), converter=_conditions)
    note: str | None = None
    since_latest: dt.date | None = None
    until_latest: dt.date | None = None

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
        _latest("since", self.since, self.since_latest)
        _latest("until", self.until, self.until_latest)
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
    signed_on_latest: dt.date | None = None
    operational_on_latest: dt.date | None = None
    ended_on_latest: dt.date | None = None

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
        _latest("signed_on", self.signed_on, self.signed_on_latest)
        _latest("operational_on", self.operational_on, self.operational_on_latest)
        _latest("ended_on", self.ended_on, self.ended_on_latest)
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
        """The earliest day benefits could have begun: the operational date, or the
        signing date if unknown (see :attr:`start_span` for the latest)."""
        return self.operational_on if self.operational_on is not None else self.signed_on

    @property
    def signed_span(self) -> DateSpan:
        """What is known of the signing date."""
        return DateSpan.of(self.signed_on, self.signed_on_latest)

    @property
    def operational_span(self) -> DateSpan | None:
        """What is known of the implementation date (``None``: no date known)."""
        if self.operational_on is None:
            return None
        return DateSpan.of(self.operational_on, self.operational_on_latest)

    @property
    def ended_span(self) -> DateSpan | None:
        """What is known of the last day in force (``None``: still in force)."""
        if self.ended_on is None:
            return None
        return DateSpan.of(self.ended_on, self.ended_on_latest)

    @property
    def start_span(self) -> DateSpan:
        """When benefits began: the implementation date, or the signing date if unknown."""
        operational = self.operational_span
        return operational if operational is not None else self.signed_span

    def spans(self, recognition: Recognition) -> tuple[DateSpan, DateSpan | None]:
        """What is known of the first and last day (``None``: open) of one direction.

        Raises nothing.
        """
        start = (
            DateSpan.of(recognition.since, recognition.since_latest)
            if recognition.since is not None
            else self.start_span
        )
        until = (
            None
            if recognition.until is None
            else DateSpan.of(recognition.until, recognition.until_latest)
        )
        return start, _end((until, self.ended_span))

    def in_force_on(self, day: dt.date) -> bool:
        """Whether the arrangement was certainly in force on ``day`` (start and end
        inclusive): from the latest day it could have started until the earliest
        day it could have ended.

        Raises ``TypeError`` for an argument of the wrong type.
        """
        end = self.ended_span
        return self.start_span.latest <= day and (end is None or day <= end.earliest)

    def window(self, recognition: Recognition) -> tuple[dt.date, dt.date | None]:
        """The first and last day (``None``: open) on which one direction of the
        arrangement certainly applied: the latest day its start could be, the
        earliest day its end could be.

        Raises ``TypeError`` for an argument of the wrong type.
        """
        start, end = self.spans(recognition)
        return start.latest, (None if end is None else end.earliest)

    def recognition_in_force(self, recognition: Recognition, day: dt.date) -> bool:
        """Whether ``recognition`` (one of this arrangement's) certainly applied on ``day``.

        Raises ``TypeError`` for an argument of the wrong type.
        """
        start, end = self.window(recognition)
        return start <= day and (end is None or day <= end)

    def dating(self, recognition: Recognition) -> tuple[str, str | None]:
        """How the first and last day of one direction are known, in words.

        ``("signed in June 2008, day unknown", None)``: the start names the
        event it is (the direction's own start, the implementation or the
        signing); the end is ``None`` while the direction is open. Raises nothing.
        """
        start, end = self.spans(recognition)
        if recognition.since is not None:
            event = f"{recognition.by}'s recognition of {recognition.of} began"
        elif self.operational_on is not None:
            event = "implemented"
        else:
            event = "signed"
        return start.describe(event), (None if end is None else end.describe("ended"))

    def doubt(self, recognition: Recognition, day: dt.date) -> str | None:
        """Why it is not known whether ``recognition`` applied on ``day``, or ``None``.

        ``day`` falls inside the span of its start date ("signed in June
        2008, day unknown") or of its end date: the words (:meth:`dating`)
        name that date. Raises nothing.
        """
        start, end = self.spans(recognition)
        if start.earliest <= day < start.latest:
            return self.dating(recognition)[0]
        if end is not None and end.earliest < day <= end.latest and start.latest <= day:
            return self.dating(recognition)[1]
        return None
