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
>>> for name, due in policy.overdue(cert.events_standing_on(date(2025, 4, 1)), on=date(2025, 4, 1)):
...     print(name, due)
validation 2025-03-01
annual-review 2025-03-01

A certification's deadlines, its expiry included, are asked of
:func:`ctpat.validity.deadlines` (or :meth:`ctpat.Registry.deadlines`): only
it knows every rule that can end a certification first.

(Over 500 lines: a program and the rules it carries -- its validity policy and
the deadlines it sets, its levels, its issuers' ends, its benefits -- are one
model, read from one reference file and checked together; each class is small.)
"""

from __future__ import annotations

import datetime as dt
import functools
import operator
from collections.abc import Iterable

import attrs
from dateutil.relativedelta import relativedelta

from ctpat import _durations
from ctpat import _validation as v
from ctpat._dates import ONE_DAY, shift, steps_by
from ctpat.certifications import Certification
from ctpat.enums import Confidence, Role, Status
from ctpat.errors import DataError
from ctpat.lifecycle import Standing
from ctpat.sources import Source

__all__ = ["FACTS", "Benefit", "Deadline", "IssuerEnd", "Level", "Program", "ValidityPolicy"]

#: The facts of a program that decide verdicts and may be confirmed or assumed:
#: its level list, its role list and its validity terms (``policy``).
FACTS = ("levels", "roles", "policy")


def _duration(field: str, value: object) -> None:
    # One rule with the wire format: a model holds only what JSON can carry.
    _durations.check(field, value)


def _deadline_objects(
    found: list[tuple[str, dt.date, dt.date | None]], certification: Certification, on: dt.date
) -> tuple[Deadline, ...]:
    program, holder, ref = certification.program, certification.holder, certification.reference
    return tuple(
        Deadline(name, due, due < on, opens, program, holder, ref) for name, due, opens in found
    )


_DUE = operator.itemgetter(1)  # of a (name, due, opens) triple


def _add(found: list[tuple[str, dt.date, dt.date | None]], name: str, due: dt.date | None) -> None:
    if due is not None:
        found.append((name, due, None))


@attrs.frozen
class Level:
    """An authorisation level of a program: an EU AEO type, a CTPAT tier, a grade.

    ``expires_after`` overrides the program's fixed term for this level
    (India's AEO-T1 and T2 last 3 years, T3 and LO 5 years). Raises
    :class:`~ctpat.errors.DataError` naming the field for a value of the wrong
    type or an empty or padded text.

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

    Raises :class:`~ctpat.errors.DataError` naming the field for a value of
    the wrong type or an empty or padded text.

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
    say whose deadline it is. Raises nothing: deadlines are built by the
    library, and their fields are not checked.

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

    Raises :class:`~ctpat.errors.DataError` naming the field for a value that
    is not a relativedelta (or ``None``).
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
        """The last valid day of a fixed-term certificate issued on ``certified_on``
        (``None``: no fixed term, or it ends past the end of the calendar).

        Raises :class:`~ctpat.errors.DataError` naming ``certified_on`` when
        the policy has a fixed term and it is not a date.

        >>> from datetime import date
        >>> ValidityPolicy(expires_after=relativedelta(years=5)).expiry(date(2021, 5, 3))
        datetime.date(2026, 5, 2)
        """
        if self.expires_after is None:
            return None
        if type(certified_on) is not dt.date:
            v.date("certified_on", certified_on)
        end = shift(certified_on, self.expires_after)
        return None if end is None else end - ONE_DAY

    def deadlines_for(
        self, certification: Certification, standing: Standing, *, on: dt.date
    ) -> tuple[Deadline, ...]:
        """The deadlines of ``certification`` in ``standing`` as seen on ``on``, by due date.

        ``standing`` is the one :func:`ctpat.validity.standing` gives, under
        every rule of the program (:func:`ctpat.validity.deadlines` asks so):
        only a certification in force has deadlines (a suspended one has none
        until it is reinstated), none of a milestone its source does not record
        (:attr:`ctpat.Origin.unrecorded`), and its expiry
        is ``standing.expiry``, the earliest end any rule sets. A deadline past the end of the
        calendar is left out. Raises ``TypeError`` for an argument of the
        wrong type.
        """
        origin = certification.origin
        unrecorded = origin.unrecorded if origin is not None else frozenset()
        return _deadline_objects(self._due(standing, on, unrecorded), certification, on)

    def overdue(
        self, standing: Standing, *, on: dt.date, unrecorded: frozenset[str] = frozenset()
    ) -> tuple[tuple[str, dt.date], ...]:
        """``(name, due)`` of every soft deadline (validation, revalidation, review)
        of a certification in ``standing`` that has passed by ``on``; none of the
        milestones its source does not record (``unrecorded``, see
        :attr:`ctpat.Origin.unrecorded`): those are unknown, not overdue.

        Raises :class:`~ctpat.errors.DataError` naming ``standing`` or ``on``
        for a value of the wrong type.

        >>> from datetime import date
        >>> from ctpat import Status
        >>> policy = ValidityPolicy(validate_within=relativedelta(years=1))
        >>> policy.overdue(Standing(Status.CERTIFIED, certified_on=date(2024, 3, 1)), on=date(2025, 4, 1))
        (('validation', datetime.date(2025, 3, 1)),)
        """
        if type(standing) is not Standing:
            raise DataError.at("standing", standing, "must be a Standing")
        if type(on) is not dt.date:
            v.date("on", on)
        return tuple(
            (name, due) for name, due, _ in self._due(standing, on, unrecorded, ahead=False)
        )

    def _due(
        self,
        standing: Standing,
        on: dt.date,
        unrecorded: frozenset[str] = frozenset(),
        *,
        ahead: bool = True,
    ) -> list[tuple[str, dt.date, dt.date | None]]:
        """``(name, due, opens)`` of each deadline of ``standing``, by due date:
        none unless it is in force; none for a validation the source does not record,
        and no past review when it records no reviews. Without ``ahead``, only the
        soft deadlines due before ``on`` (the overdue ones), without the day each
        opens: a verdict words them, and need not work out the others."""
        certified_on = standing.certified_on
        if standing.status is not Status.CERTIFIED or certified_on is None:
            return []
        validated_on = standing.validated_on
        found: list[tuple[str, dt.date, dt.date | None]] = []
        # When a milestone the source does not record was last met is unknown,
        # and so is when it is next due: never overdue.
        if "validated" not in unrecorded:
            if self.validate_within is not None and validated_on is None:
                _add(found, VALIDATION, shift(certified_on, self.validate_within))
            if self.revalidate_every is not None:
                base = validated_on
                if base is None and self.validate_within is None:
                    base = certified_on
                if base is not None:
                    _add(found, REVALIDATION, shift(base, self.revalidate_every))
        if self.review_every is not None:
            if "reviewed" in unrecorded:
                # The anniversaries ahead are known; whether the past ones were met is not.
                if ahead:
                    reviews = self._reviews(standing.reviewed_on, certified_on, on, ahead)
                    found.extend(review for review in reviews if review[1] >= on)
            else:
                found.extend(self._reviews(standing.reviewed_on, certified_on, on, ahead))
        if ahead:
            _add(found, EXPIRY, standing.expiry)
        else:
            found = [deadline for deadline in found if deadline[1] < on]
        found.sort(key=_DUE)
        return found

    def _reviews(
        self, reviewed: dt.date | None, start: dt.date, on: dt.date, ahead: bool
    ) -> list[tuple[str, dt.date, dt.date | None]]:
        """The last review if it was missed, and (``ahead``) the next one that is
        still open; the day each opens only ``ahead``."""
        every = self.review_every
        assert every is not None  # asked only of a policy with reviews
        k = steps_by(start, every, on)
        found: list[tuple[str, dt.date, dt.date | None]] = []
        if k >= 1:
            previous = shift(start, every, k)
            assert previous is not None  # steps_by counts only days in the calendar
            if not self._satisfied(reviewed, previous, every):
                opens = self._opens(previous) if ahead else None
                found.append((ANNUAL_REVIEW, previous, opens))
        if not ahead:
            return found
        k += 1
        upcoming = shift(start, every, k)
        if upcoming is not None and self._satisfied(reviewed, upcoming, every):
            upcoming = shift(start, every, k + 1)
        if upcoming is not None:
            found.append((ANNUAL_REVIEW, upcoming, self._opens(upcoming)))
        return found

    def _opens(self, anniversary: dt.date) -> dt.date | None:
        return None if self.review_window is None else shift(anniversary, self.review_window, -1)

    def _satisfied(
        self, reviewed: dt.date | None, anniversary: dt.date, every: relativedelta
    ) -> bool:
        if reviewed is None:
            return False
        window = self.review_window if self.review_window is not None else every
        opened = shift(anniversary, window, -1)
        return opened is None or reviewed >= opened


@attrs.frozen
class IssuerEnd:
    """The date after which a program no longer honours what one issuer granted.

    Brexit is the case in point: EU AEO authorisations issued by the United
    Kingdom ceased to be valid in the EU at the end of the transition period.
    Raises :class:`~ctpat.errors.DataError` naming the field for a value of
    the wrong type or an unknown country:

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


def _assumed(value: Iterable[str]) -> frozenset[str]:
    return v.frozen_set("assumed", value)


#: How :meth:`Program.caveats` names each fact.
_LABELS = {"levels": "level list", "roles": "role list", "policy": "validity terms"}


@attrs.frozen
class Program:
    """A trade-security program (CTPAT, EU AEO, PIP, FAST, a national AEO, ...).

    ``code`` is the registry key (``"CTPAT"``, ``"EU-AEO"``, ``"CA-PIP"``,
    ``"JP-AEO"``); ``territory`` an ISO 3166-1 alpha-2 code or ``"EU"``;
    ``roles`` the entity types that may join; ``policy`` the validity rules;
    ``note`` anything a reader of the data should know (conflicting sources,
    dates known only to the month); ``ended_issuers`` the issuing countries
    whose authorisations the program stopped honouring, and when;
    ``started_on`` and ``ended_on`` the program's own first and last day, where
    they matter (``None``: not recorded, or still running): no certification is
    in force outside them.

    How far each fact that decides a verdict (see :data:`FACTS`) can be
    trusted is data, not prose: ``assumed`` names the facts that no source
    confirms (the library's usual AEO role set, say), and ``levels_source``,
    ``roles_source`` and ``policy_source`` cite a fact read from another
    document than ``source``. :meth:`source_of` and :meth:`caveats` read them.

    Raises :class:`~ctpat.errors.DataError` naming the field for a value of
    the wrong type, a level listed twice, an unknown role or territory, or
    dates out of order.
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
    started_on: dt.date | None = None
    ended_on: dt.date | None = None
    assumed: frozenset[str] = attrs.field(default=frozenset(), converter=_assumed)
    levels_source: Source | None = None
    roles_source: Source | None = None
    policy_source: Source | None = None

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
        v.optional_date("started_on", self.started_on)
        v.optional_date("ended_on", self.ended_on)
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise DataError.at(
                "ended_on", self.ended_on, f"is before started_on ({self.started_on})"
            )
        for fact in sorted(self.assumed, key=str):
            if fact not in FACTS:
                raise DataError.at("assumed", fact, f"must be one of {', '.join(FACTS)}")
        for fact in FACTS:
            own = getattr(self, f"{fact}_source")
            if own is None:
                continue
            if type(own) is not Source:
                raise DataError.at(f"{fact}_source", own, "must be a Source or None")
            if fact in self.assumed:
                raise DataError.at(
                    "assumed", fact, f"is contradicted by {fact}_source (a sourced fact)"
                )

    def source_of(self, fact: str) -> Source | None:
        """The source of one of the program's :data:`FACTS`; ``None`` if it is assumed.

        A fact without its own source rests on the program's ``source``.
        Raises :class:`~ctpat.errors.DataError` for a name that is not a fact.

        >>> import ctpat
        >>> ctpat.reference().program("HK-AEO").source_of("roles") is None
        True
        """
        if fact not in FACTS:
            raise DataError.at("fact", fact, f"must be one of {', '.join(FACTS)}")
        if fact in self.assumed:
            return None
        own: Source | None = getattr(self, f"{fact}_source")
        return own if own is not None else self.source

    def caveat(self, fact: str) -> str | None:
        """The sentence :meth:`caveats` gives for one of :data:`FACTS`, or ``None``
        when that fact is officially sourced.

        A verdict that rests on one fact only (a role check on the role list)
        can cite just that one. Raises :class:`~ctpat.errors.DataError` for a
        name that is not a fact.

        >>> import ctpat
        >>> ctpat.reference().program("KR-AEO").caveat("policy")
        "KR-AEO's fixed term is from a secondary source"
        >>> ctpat.reference().program("CTPAT").caveat("roles") is None
        True
        """
        source = self.source_of(fact)
        if source is not None and source.confidence is Confidence.OFFICIAL:
            return None
        label = _LABELS[fact]
        if fact == "policy" and self.has_terms:
            label = "fixed term"
        verb = "are" if label.endswith("s") else "is"
        if source is None:
            return f"the {label} of {self.code} {verb} not confirmed from a source"
        if source.confidence is Confidence.SECONDARY:
            return f"{self.code}'s {label} {verb} from a secondary source"
        return f"{self.code}'s {label} {verb} uncertain (sources conflict or are unconfirmed)"

    def caveats(self) -> tuple[str, ...]:
        """One sentence per fact that can decide a verdict and is assumed or not
        officially sourced, in the order of :data:`FACTS`; empty when all are official.

        Raises nothing.

        >>> import ctpat
        >>> for caveat in ctpat.reference().program("HK-AEO").caveats():
        ...     print(caveat)
        the role list of HK-AEO is not confirmed from a source
        the validity terms of HK-AEO are not confirmed from a source
        >>> ctpat.reference().program("CTPAT").caveats()
        ()
        """
        found = (self.caveat(fact) for fact in FACTS)
        return tuple(caveat for caveat in found if caveat is not None)

    def issuer_end(self, country: str | None) -> IssuerEnd | None:
        """The end of honouring authorisations issued by ``country``, if there is one.

        Raises nothing: a value that is no country has no end.
        """
        for end in self.ended_issuers:
            if end.country == country:
                return end
        return None

    def term_end(self, level: str | None, certified_on: dt.date) -> dt.date | None:
        """The last day of the fixed term that a certification granted on
        ``certified_on`` at ``level`` has (``None``: open-ended).

        Raises :class:`~ctpat.errors.DataError` naming ``level`` or
        ``certified_on`` for a value of the wrong type, and ``TypeError``
        for an argument of the wrong type.

        >>> import ctpat
        >>> from datetime import date
        >>> ctpat.reference().program("FAST").term_end(None, date(2021, 5, 3))
        datetime.date(2026, 5, 2)
        """
        return self.policy_for(level).expiry(certified_on)

    @property
    def has_terms(self) -> bool:
        """Whether the program, or one of its levels, sets a fixed term."""
        return self.policy.expires_after is not None or len(self._by_level) > 0

    @property
    def level_codes(self) -> frozenset[str]:
        """The codes of the program's levels."""
        return frozenset(level.code for level in self.levels)

    def level(self, code: str) -> Level:
        """The level with this code.

        Raises :class:`~ctpat.errors.DataError` naming ``level`` if the program has none.
        """
        for level in self.levels:
            if level.code == code:
                return level
        raise DataError.at("level", code, f"is not a level of {self.code}")

    def policy_for(self, level: str | None) -> ValidityPolicy:
        """The validity policy that applies at ``level`` (a level may set its own term).

        Raises :class:`~ctpat.errors.DataError` naming ``level`` for a value
        that cannot be a level code (an unknown code gets the program's policy).
        """
        try:
            return self._by_level.get(level, self.policy)
        except TypeError:  # an unhashable level: checked only then, it is on the hot path
            raise DataError.at("level", level, "must be a level code or None") from None

    @functools.cached_property
    def _by_level(self) -> dict[str | None, ValidityPolicy]:
        """The policy of each level that sets its own term (worked out on first use)."""
        return {
            level.code: attrs.evolve(self.policy, expires_after=level.expires_after)
            for level in self.levels
            if level.expires_after is not None
        }
