"""Trade-security programs: their levels, roles, benefits and validity rules.

>>> from datetime import date
>>> from dateutil.relativedelta import relativedelta
>>> from ctpat import Certification, Program, ValidityPolicy
>>> policy = ValidityPolicy(
...     validate_within=relativedelta(years=1),
...     revalidate_every=relativedelta(years=4),
...     review_every=relativedelta(years=1),
...     review_window=relativedelta(days=90),
... )
>>> cert = Certification.grant("CTPAT", "acme", on=date(2024, 3, 1), level="tier-1")
>>> for d in policy.deadlines(cert, on=date(2025, 4, 1)):
...     print(d.name, d.due, "overdue" if d.overdue else "")
validation 2025-03-01 overdue
annual-review 2025-03-01 overdue
annual-review 2026-03-01

"""

from __future__ import annotations

import calendar
import datetime as dt
import operator
from collections.abc import Iterable

import attrs
from dateutil.relativedelta import relativedelta

from ctpat import _durations
from ctpat import _validation as v
from ctpat.certifications import Certification
from ctpat.enums import Role, Status
from ctpat.errors import DataError
from ctpat.lifecycle import Fields, Standing
from ctpat.sources import Source

__all__ = ["Benefit", "Deadline", "IssuerEnd", "Level", "Program", "ValidityPolicy"]


def _duration(field: str, value: object) -> None:
    # One rule with the wire format: a model holds only what JSON can carry.
    _durations.check(field, value)


# Deadline arithmetic is on the hot path of every verdict about a CTPAT or PIP
# certification (the annual review), and dateutil's relativedelta spends ~10 µs
# on each ``day + delta * k``. For durations of whole years, months and days
# (every duration the data holds) the same result is computed directly.
_STEPS: dict[int, tuple[relativedelta, tuple[int, dt.timedelta] | None]] = {}


def _steps(delta: relativedelta) -> tuple[int, dt.timedelta] | None:
    """``(months, days)`` of a duration of whole years, months and days, else ``None``."""
    found = _STEPS.get(id(delta))
    if found is not None and found[0] is delta:
        return found[1]
    plain = not (
        delta.hours
        or delta.minutes
        or delta.seconds
        or delta.microseconds
        or delta.leapdays
        or any(
            getattr(delta, name) is not None
            for name in ("year", "month", "day", "weekday", "hour", "minute", "second")
        )
        or delta.microsecond is not None
    )
    steps = (delta.years * 12 + delta.months, dt.timedelta(days=delta.days)) if plain else None
    if len(_STEPS) >= 1024:
        _STEPS.clear()
    # The delta itself is kept with its answer, so that its id cannot be reused.
    _STEPS[id(delta)] = (delta, steps)
    return steps


def _shift(day: dt.date, delta: relativedelta, times: int = 1) -> dt.date:
    """``day + delta * times``, with dateutil's rules (a month's last day clamps).

    >>> _shift(dt.date(2024, 2, 29), relativedelta(years=1), 3)
    datetime.date(2027, 2, 28)
    >>> _shift(dt.date(2024, 5, 31), relativedelta(days=90), -1)
    datetime.date(2024, 3, 2)
    """
    steps = _steps(delta)
    if steps is None:
        return day + delta * times
    months, days = steps
    if months:
        year, month = divmod(day.year * 12 + day.month - 1 + months * times, 12)
        month += 1
        last = _LAST_DAY[month] if month != 2 else 29 if calendar.isleap(year) else 28
        day = dt.date(year, month, min(day.day, last))
    return day + days * times if days else day


_LAST_DAY = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def _deadline_objects(
    found: list[tuple[str, dt.date, dt.date | None]], certification: Certification, on: dt.date
) -> tuple[Deadline, ...]:
    program, holder, ref = certification.program, certification.holder, certification.reference
    return tuple(
        Deadline(name, due, due < on, opens, program, holder, ref) for name, due, opens in found
    )


_CERTIFIED, _SUSPENDED = Status.CERTIFIED, Status.SUSPENDED
_DUE = operator.itemgetter(1)  # of a (name, due, opens) triple


@attrs.frozen
class Level:
    """An authorisation level of a program: an EU AEO type, a CTPAT tier, a grade.

    ``expires_after`` overrides the program's fixed term for this level
    (India's AEO-T1 and T2 last 3 years, T3 and LO 5 years).

    >>> Level("AEOS", "AEO - security and safety").code
    'AEOS'
    """

    code: str
    name: str
    description: str = ""
    expires_after: relativedelta | None = None

    def __attrs_post_init__(self) -> None:
        v.text("code", self.code)
        v.text("name", self.name)
        if type(self.description) is not str:
            raise DataError.at("description", self.description, "must be a string")
        _duration("expires_after", self.expires_after)


@attrs.frozen
class Benefit:
    """A benefit that membership of a program brings, by a stable code.

    >>> Benefit("fast-lanes", "Access to FAST lanes at land borders").code
    'fast-lanes'
    """

    code: str
    description: str

    def __attrs_post_init__(self) -> None:
        v.text("code", self.code)
        v.text("description", self.description)


#: Deadline names, as used in :attr:`Deadline.name`.
VALIDATION = "validation"
REVALIDATION = "revalidation"
ANNUAL_REVIEW = "annual-review"
EXPIRY = "expiry"
AUDIT = "internal-audit"


@attrs.frozen
class Deadline:
    """A date by which something must happen to a certification.

    Deadlines are soft unless named ``expiry``: an overdue validation or
    review is reported, it never changes the status by itself. ``opens`` is
    when the window to meet it opens (the annual review window opens 90 days
    before the CTPAT anniversary); ``program``, ``holder`` and ``reference``
    say whose deadline it is.

    >>> from datetime import date
    >>> Deadline("validation", date(2025, 3, 1), overdue=True).overdue
    True
    """

    name: str
    due: dt.date
    overdue: bool
    opens: dt.date | None = None
    program: str | None = None
    holder: str | None = None
    reference: str | None = None


@attrs.frozen
class ValidityPolicy:
    """How long a program's certifications last and what keeps them valid.

    Every field is a :class:`~dateutil.relativedelta.relativedelta` or
    ``None`` (no such rule):

    - ``validate_within``: the first validation is due this long after
      certification (CTPAT: 1 year).
    - ``revalidate_every``: a revalidation is due this long after the last
      (re)validation, or after certification if the program has no separate
      validation step (CTPAT and PIP: 4 years).
    - ``review_every``: a periodic review or confirmation is due on every
      anniversary of certification (CTPAT: the annual security-profile
      review; PIP: the annual confirmation).
    - ``review_window``: how long before each anniversary the review window
      opens (CTPAT: 90 days). Without it, any review since the previous
      anniversary counts.
    - ``expires_after``: a fixed term (FAST card: 5 years; India: 3 or 5
      years by tier); ``None`` for open-ended authorisations (EU AEO, CTPAT).
    """

    validate_within: relativedelta | None = None
    revalidate_every: relativedelta | None = None
    review_every: relativedelta | None = None
    expires_after: relativedelta | None = None
    review_window: relativedelta | None = None

    def __attrs_post_init__(self) -> None:
        _duration("validate_within", self.validate_within)
        _duration("revalidate_every", self.revalidate_every)
        _duration("review_every", self.review_every)
        _duration("expires_after", self.expires_after)
        _duration("review_window", self.review_window)

    def expiry(self, certified_on: dt.date) -> dt.date | None:
        """The last valid day of a fixed-term certificate issued on ``certified_on``.

        >>> from datetime import date
        >>> ValidityPolicy(expires_after=relativedelta(years=5)).expiry(date(2021, 5, 3))
        datetime.date(2026, 5, 2)
        """
        if self.expires_after is None:
            return None
        return _shift(certified_on, self.expires_after) - dt.timedelta(days=1)

    def deadlines(self, certification: Certification, *, on: dt.date) -> tuple[Deadline, ...]:
        """The next deadlines of ``certification`` as seen on ``on``, by due date.

        Only a certification in force or suspended on ``on`` has deadlines.
        """
        return _deadline_objects(self._due(certification._fields_on(on), on), certification, on)

    def _due(self, fields: Fields, on: dt.date) -> list[tuple[str, dt.date, dt.date | None]]:
        """``(name, due, opens)`` of each deadline of a standing given as a
        :data:`~ctpat.lifecycle.Fields` tuple, by due date (private: the registry
        reads only the overdue ones, and needs no Deadline object for that)."""
        status, _, _, certified_on, validated_on, reviewed_on, until = fields
        if status is not _CERTIFIED and status is not _SUSPENDED:
            return []
        assert certified_on is not None  # a certified standing always has it
        found: list[tuple[str, dt.date, dt.date | None]] = []
        if self.validate_within is not None and validated_on is None:
            found.append((VALIDATION, _shift(certified_on, self.validate_within), None))
        if self.revalidate_every is not None:
            base = validated_on
            if base is None and self.validate_within is None:
                base = certified_on
            if base is not None:
                found.append((REVALIDATION, _shift(base, self.revalidate_every), None))
        if self.review_every is not None:
            found.extend(self._reviews(reviewed_on, certified_on, self.review_every, on))
        expiry = until if until is not None else self.expiry(certified_on)
        if expiry is not None:
            found.append((EXPIRY, expiry, None))
        found.sort(key=_DUE)
        return found

    def _reviews(
        self, reviewed: dt.date | None, start: dt.date, every: relativedelta, on: dt.date
    ) -> list[tuple[str, dt.date, dt.date | None]]:
        """The last review if it was missed, and the next one that is still open."""
        # Anniversaries are counted from the certification date (k * every, not
        # repeated addition) so that a 29 February start does not drift.
        # Start the search near the answer: stepping from the first anniversary
        # one at a time made a decade-old CTPAT certification cost ~300 µs.
        longest = every.years * 366 + every.months * 31 + every.days
        k = max(1, (on - start).days // longest) if longest > 0 else 1
        while _shift(start, every, k + 1) <= on:
            k += 1
        found = []
        previous = _shift(start, every, k)
        if previous <= on:
            if not self._satisfied(reviewed, previous, every):
                found.append((ANNUAL_REVIEW, previous, self._opens(previous)))
            k += 1
        upcoming = _shift(start, every, k)
        if self._satisfied(reviewed, upcoming, every):
            upcoming = _shift(start, every, k + 1)
        found.append((ANNUAL_REVIEW, upcoming, self._opens(upcoming)))
        return found

    def _opens(self, anniversary: dt.date) -> dt.date | None:
        return None if self.review_window is None else _shift(anniversary, self.review_window, -1)

    def _satisfied(
        self, reviewed: dt.date | None, anniversary: dt.date, every: relativedelta
    ) -> bool:
        if reviewed is None:
            return False
        window = self.review_window if self.review_window is not None else every
        return reviewed >= _shift(anniversary, window, -1)


@attrs.frozen
class IssuerEnd:
    """The date after which a program no longer honours what one issuer granted.

    Brexit is the case in point: EU AEO authorisations issued by the United
    Kingdom ceased to be valid in the EU at the end of the transition period.

    >>> from datetime import date
    >>> IssuerEnd("GB", date(2020, 12, 31), "end of the Brexit transition period", source=None)
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: source: must be a Source (got None)
    """

    country: str
    last_day: dt.date
    note: str
    source: Source

    def __attrs_post_init__(self) -> None:
        v.country("country", self.country)
        v.date("last_day", self.last_day)
        v.text("note", self.note)
        if type(self.source) is not Source:
            raise DataError.at("source", self.source, "must be a Source")


def _issuer_ends(value: Iterable[IssuerEnd]) -> tuple[IssuerEnd, ...]:
    return v.a_tuple("ended_issuers", value)


def _levels(value: Iterable[Level]) -> tuple[Level, ...]:
    return v.a_tuple("levels", value)


def _roles(value: Iterable[Role]) -> frozenset[Role]:
    return v.frozen_set("roles", value)


def _benefits(value: Iterable[Benefit]) -> tuple[Benefit, ...]:
    return v.a_tuple("benefits", value)


@attrs.frozen
class Program:
    """A trade-security program (CTPAT, EU AEO, PIP, FAST, a national AEO, ...).

    ``code`` is the registry key (``"CTPAT"``, ``"EU-AEO"``, ``"CA-PIP"``,
    ``"JP-AEO"``); ``territory`` an ISO 3166-1 alpha-2 code or ``"EU"``;
    ``roles`` the entity types that may join; ``policy`` the validity rules;
    ``note`` anything a reader of the data should know (conflicting sources,
    dates known only to the month); ``ended_issuers`` the issuing countries
    whose authorisations the program stopped honouring, and when.
    """

    code: str
    name: str
    administration: str
    territory: str
    levels: tuple[Level, ...] = attrs.field(converter=_levels)
    roles: frozenset[Role] = attrs.field(converter=_roles)
    policy: ValidityPolicy
    benefits: tuple[Benefit, ...] = attrs.field(converter=_benefits)
    source: Source
    note: str | None = None
    ended_issuers: tuple[IssuerEnd, ...] = attrs.field(default=(), converter=_issuer_ends)

    def __attrs_post_init__(self) -> None:
        v.text("code", self.code)
        v.text("name", self.name)
        v.text("administration", self.administration)
        v.territory("territory", self.territory)
        seen: set[str] = set()
        for index, level in enumerate(self.levels):
            if type(level) is not Level:
                raise DataError.at(f"levels[{index}]", level, "must be a Level")
            if level.code in seen:
                raise DataError.at(f"levels[{index}].code", level.code, "is listed twice")
            seen.add(level.code)
        v.members("roles", self.roles, Role)
        if type(self.policy) is not ValidityPolicy:
            raise DataError.at("policy", self.policy, "must be a ValidityPolicy")
        for index, benefit in enumerate(self.benefits):
            if type(benefit) is not Benefit:
                raise DataError.at(f"benefits[{index}]", benefit, "must be a Benefit")
        if type(self.source) is not Source:
            raise DataError.at("source", self.source, "must be a Source")
        v.optional_text("note", self.note)
        for index, end in enumerate(self.ended_issuers):
            if type(end) is not IssuerEnd:
                raise DataError.at(f"ended_issuers[{index}]", end, "must be an IssuerEnd")

    def issuer_end(self, country: str | None) -> IssuerEnd | None:
        """The end of honouring authorisations issued by ``country``, if there is one."""
        for end in self.ended_issuers:
            if end.country == country:
                return end
        return None

    def expiry_of(self, standing: Standing) -> dt.date | None:
        """The last valid day of a certification in this standing: the printed
        ``until``, or else the end of the fixed term its level or the program sets."""
        if standing.until is not None:
            return standing.until
        if standing.certified_on is None:
            return None
        return self.policy_for(standing.level).expiry(standing.certified_on)

    @property
    def level_codes(self) -> frozenset[str]:
        """The codes of the program's levels."""
        return frozenset(level.code for level in self.levels)

    def level(self, code: str) -> Level:
        """The level with this code; :class:`~ctpat.errors.DataError` if the program has none."""
        for level in self.levels:
            if level.code == code:
                return level
        raise DataError.at("level", code, f"is not a level of {self.code}")

    def policy_for(self, level: str | None) -> ValidityPolicy:
        """The validity policy that applies at ``level`` (a level may set its own term)."""
        if level is not None:
            for candidate in self.levels:
                if candidate.code == level and candidate.expires_after is not None:
                    return attrs.evolve(self.policy, expires_after=candidate.expires_after)
        return self.policy

    def deadlines(self, certification: Certification, *, on: dt.date) -> tuple[Deadline, ...]:
        """The certification's next deadlines under this program's policy (see
        :meth:`ValidityPolicy.deadlines`), at the level it holds on ``on``."""
        return _deadline_objects(self._due(certification._fields_on(on), on), certification, on)

    def _due(self, fields: Fields, on: dt.date) -> list[tuple[str, dt.date, dt.date | None]]:
        """:meth:`ValidityPolicy._due` under the policy of the level held (private)."""
        return self.policy_for(fields[2])._due(fields, on)

    def grant(
        self,
        holder: str,
        *,
        on: dt.date,
        level: str | None = None,
        until: dt.date | None = None,
        reference: str | None = None,
        role: Role | None = None,
    ) -> Certification:
        """A new certification of this program, its expiry filled in from the policy.

        ``until`` defaults to the end of a fixed term (a FAST card's 5 years);
        the level, if given, must be one of the program's.
        """
        if level is not None and self.levels:
            self.level(level)
        if until is None:
            until = self.policy_for(level).expiry(on)
        return Certification.grant(
            self.code, holder, on=on, level=level, until=until, reference=reference, role=role
        )
