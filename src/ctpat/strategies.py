"""Hypothesis strategies for every ctpat model, for property-testing your own code.

Needs the ``hypothesis`` extra (``pip install ctpat[hypothesis]``).

>>> from hypothesis import given
>>> from ctpat import strategies
>>> @given(strategies.certifications())
... def test_status_is_defined(cert):
...     cert.status_on(cert.started_on)
>>> test_status_is_defined()
"""

from __future__ import annotations

import datetime as dt
import string

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from ctpat.arrangements import CONDITIONS, Arrangement, Recognition
from ctpat.certifications import Certification, Event
from ctpat.enums import Confidence, EventKind, ReasonCode, Role, Status
from ctpat.lifecycle import TRANSITIONS
from ctpat.participants import Participant, PartnerData
from ctpat.programs import Benefit, Deadline, IssuerEnd, Level, Program, ValidityPolicy
from ctpat.sources import Source
from ctpat.verdicts import Reason, Verdict

__all__ = [
    "arrangements",
    "benefits",
    "certifications",
    "codes",
    "dates",
    "deadlines",
    "event_histories",
    "events",
    "issuer_ends",
    "level_codes",
    "levels",
    "participants",
    "partner_data",
    "policies",
    "programs",
    "reasons",
    "recognitions",
    "reference_data",
    "sources",
    "valid_event_histories",
    "verdicts",
]

#: The span of dates the strategies draw from.
MIN_DATE = dt.date(2001, 11, 1)
MAX_DATE = dt.date(2040, 12, 31)

_LEVEL_CODES = ("tier-1", "tier-2", "tier-3", "AEOC", "AEOS", "AEOF", "A", "AA", "AAA")
_CODE_ALPHABET = string.ascii_uppercase + string.digits + "-"
_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cc", "Cs", "Zs", "Zl", "Zp")),
    min_size=1,
    max_size=20,
)


def dates(
    min_value: dt.date = MIN_DATE, max_value: dt.date = MAX_DATE
) -> st.SearchStrategy[dt.date]:
    """Dates (never datetimes) between ``min_value`` and ``max_value``."""
    return st.dates(min_value, max_value)


def codes() -> st.SearchStrategy[str]:
    """Program codes such as ``"KR-AEO"``."""
    return st.text(_CODE_ALPHABET, min_size=2, max_size=10).filter(lambda s: s.strip() == s)


def level_codes() -> st.SearchStrategy[str]:
    """Level codes used by real programs."""
    return st.sampled_from(_LEVEL_CODES)


def events(kind: st.SearchStrategy[EventKind] | None = None) -> st.SearchStrategy[Event]:
    """Single well-formed events of any kind (a history of them may still be invalid)."""

    @st.composite
    def build(draw: st.DrawFn) -> Event:
        k = draw(kind if kind is not None else st.sampled_from(EventKind))
        on = draw(dates())
        level = None
        until = None
        if k is EventKind.LEVEL_CHANGED:
            level = draw(level_codes())
        elif k is EventKind.CERTIFIED:
            level = draw(st.none() | level_codes())
        if k is EventKind.RENEWED or (k is EventKind.CERTIFIED and draw(st.booleans())):
            until = draw(dates(on, MAX_DATE))
        note = draw(st.none() | _TEXT.filter(lambda s: s.strip() == s))
        return Event(k, on, level=level, until=until, note=note)

    return build()


def event_histories(max_size: int = 8) -> st.SearchStrategy[tuple[Event, ...]]:
    """Arbitrary sequences of events, in any order: often not a valid history."""
    return st.lists(events(), max_size=max_size).map(tuple)


def valid_event_histories(max_size: int = 8) -> st.SearchStrategy[tuple[Event, ...]]:
    """Non-empty histories that the lifecycle accepts, built by walking its table."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[Event, ...]:
        status = Status.NONE
        until: dt.date | None = None
        day = draw(dates(MIN_DATE, dt.date(2030, 12, 31)))
        history: list[Event] = []
        for _ in range(draw(st.integers(1, max_size))):
            if history:
                day = day + dt.timedelta(days=draw(st.integers(0, 900)))
                if day > MAX_DATE:
                    break
            if (
                until is not None
                and status in (Status.CERTIFIED, Status.SUSPENDED)
                and day > until
            ):
                status = Status.EXPIRED
            allowed = sorted(
                (kind for (before, kind) in TRANSITIONS if before is status), key=lambda k: k.value
            )
            if not allowed:
                break
            kind = draw(st.sampled_from(allowed))
            event = _redate(draw(events(st.just(kind))), day)
            history.append(event)
            status = TRANSITIONS[(status, kind)]
            if kind in (EventKind.CERTIFIED, EventKind.RENEWED):
                until = event.until
        return tuple(history)

    return build()


def _redate(event: Event, day: dt.date) -> Event:
    until = event.until
    if until is not None and until < day:
        until = day + (until - MIN_DATE) % dt.timedelta(days=3650)
    return Event(event.kind, day, level=event.level, until=until, note=event.note)


def certifications(
    program: st.SearchStrategy[str] | None = None, holder: st.SearchStrategy[str] | None = None
) -> st.SearchStrategy[Certification]:
    """Certifications with valid histories."""
    return st.builds(
        Certification,
        program=program if program is not None else codes(),
        holder=holder
        if holder is not None
        else st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True),
        events=valid_event_histories(),
        reference=st.none() | st.from_regex(r"[A-Z0-9]{4,12}", fullmatch=True),
        role=st.none() | st.sampled_from(Role),
    )


def participants() -> st.SearchStrategy[Participant]:
    """Participants with valid identifiers (EORI and LEI-free ``duns``)."""
    return st.builds(
        Participant,
        id=st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True),
        name=_TEXT.filter(lambda s: s.strip() == s),
        country=st.sampled_from(("US", "CA", "MX", "DE", "FR", "NL", "GB", "JP", "KR", "CN")),
        roles=st.frozensets(st.sampled_from(Role), max_size=3),
        identifiers=st.dictionaries(
            st.sampled_from(("eori", "duns")),
            st.from_regex(r"DE[0-9]{6,12}", fullmatch=True),
            max_size=2,
        ),
    )


def sources() -> st.SearchStrategy[Source]:
    """Sources with http(s) addresses."""
    return st.builds(
        Source,
        url=st.from_regex(r"https://[a-z]{3,10}\.example/[a-z0-9/-]{0,20}", fullmatch=True),
        title=_TEXT.filter(lambda s: s.strip() == s),
        retrieved_on=dates(),
        confidence=st.sampled_from(Confidence),
    )


def levels() -> st.SearchStrategy[Level]:
    """Levels, some with their own fixed term."""
    return st.builds(
        Level,
        code=level_codes(),
        name=_TEXT.filter(lambda s: s.strip() == s),
        expires_after=st.none() | st.integers(1, 10).map(lambda y: relativedelta(years=y)),
    )


def _durations() -> st.SearchStrategy[relativedelta | None]:
    return st.none() | st.builds(
        relativedelta, years=st.integers(0, 5), months=st.integers(1, 11), days=st.integers(0, 90)
    )


def policies() -> st.SearchStrategy[ValidityPolicy]:
    """Validity policies with any combination of rules."""
    return st.builds(
        ValidityPolicy,
        validate_within=_durations(),
        revalidate_every=_durations(),
        review_every=_durations(),
        expires_after=_durations(),
        review_window=_durations(),
    )


def benefits() -> st.SearchStrategy[Benefit]:
    """Benefits."""
    return st.builds(
        Benefit,
        code=st.from_regex(r"[a-z]+(-[a-z]+){0,2}", fullmatch=True),
        description=_TEXT.filter(lambda s: s.strip() == s),
    )


def programs(code: st.SearchStrategy[str] | None = None) -> st.SearchStrategy[Program]:
    """Programs with distinct level codes."""
    return st.builds(
        Program,
        code=code if code is not None else codes(),
        name=_TEXT.filter(lambda s: s.strip() == s),
        administration=_TEXT.filter(lambda s: s.strip() == s),
        territory=st.sampled_from(("US", "EU", "CA", "JP", "KR", "GB")),
        levels=st.lists(levels(), max_size=3, unique_by=lambda lv: lv.code),
        roles=st.frozensets(st.sampled_from(Role), min_size=1),
        policy=policies(),
        benefits=st.lists(benefits(), max_size=3),
        source=sources(),
    )


def recognitions(by: str, of: str) -> st.SearchStrategy[Recognition]:
    """One direction of an arrangement between two given program codes."""
    return st.builds(
        Recognition,
        by=st.just(by),
        of=st.just(of),
        levels=st.none() | st.frozensets(level_codes(), min_size=1, max_size=3),
        roles=st.none() | st.frozensets(st.sampled_from(Role), min_size=1, max_size=3),
        conditions=st.lists(st.sampled_from(sorted(CONDITIONS)), max_size=2, unique=True).map(
            tuple
        ),
    )


def arrangements(
    parties: tuple[str, str] = ("AA-AEO", "BB-AEO"),
) -> st.SearchStrategy[Arrangement]:
    """Bilateral arrangements between two given programs, dated consistently."""

    @st.composite
    def build(draw: st.DrawFn) -> Arrangement:
        a, b = parties
        signed = draw(dates(MIN_DATE, dt.date(2030, 1, 1)))
        operational = draw(st.none() | dates(signed, dt.date(2032, 1, 1)))
        start = operational if operational is not None else signed
        ended = draw(st.none() | dates(start, MAX_DATE))
        directions = draw(st.sampled_from(((a, b), (b, a), (a, b, "both"))))
        recs = [draw(recognitions(a, b))] if directions != (b, a) else []
        if directions != (a, b):
            recs.append(draw(recognitions(b, a)))
        return Arrangement(
            id=f"{a}-{b}",
            name=draw(_TEXT.filter(lambda s: s.strip() == s)),
            parties=parties,
            signed_on=signed,
            operational_on=operational,
            ended_on=ended,
            recognitions=tuple(recs),
            source=draw(sources()),
        )

    return build()


def partner_data(
    programs: dict[str, tuple[str, ...]] | None = None, max_participants: int = 6
) -> st.SearchStrategy[PartnerData]:
    """Consistent caller data: participants with unique ids and identifiers, and
    certifications of ``programs`` (code -> level codes; default: a few real
    programs of the reference data) held by them; one holder's certifications
    of one program are granted on different days, so a partner sheet tells them
    apart."""
    catalogue = programs if programs is not None else _REAL_PROGRAMS

    @st.composite
    def build(draw: st.DrawFn) -> PartnerData:
        ids = draw(
            st.lists(
                st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True),
                min_size=1,
                max_size=max_participants,
                unique=True,
            )
        )
        people = []
        certs = []
        for n, pid in enumerate(ids):
            taken: set[tuple[str, dt.date]] = set()
            eori = {"eori": f"DE{n:03d}{draw(st.integers(0, 999999)):06d}"}
            people.append(
                Participant(
                    pid,
                    draw(_TEXT.filter(lambda s: s.strip() == s)),
                    draw(st.sampled_from(("US", "CA", "MX", "DE", "NL", "JP"))),
                    roles=draw(st.frozensets(st.sampled_from(Role), max_size=2)),
                    identifiers=draw(st.sampled_from(({}, eori))),
                )
            )
            for _ in range(draw(st.integers(0, 3))):
                code = draw(st.sampled_from(sorted(catalogue)))
                history = draw(valid_event_histories(max_size=6))
                levels = catalogue[code]
                if not levels:
                    # A program without levels: drop level changes, which never
                    # change the status, so the history stays valid.
                    history = tuple(
                        _relevel(e, None) for e in history if e.kind is not EventKind.LEVEL_CHANGED
                    )
                else:
                    history = tuple(
                        e if e.level is None else _relevel(e, draw(st.sampled_from(levels)))
                        for e in history
                    )
                # A sheet tells one holder's certifications of a program apart by
                # their grant dates (rows about one certificate are merged when read).
                key = (code, _granted(history))
                if key in taken:
                    continue
                taken.add(key)
                certs.append(Certification(code, pid, history))
        return PartnerData(tuple(people), tuple(certs))

    return build()


def _granted(history: tuple[Event, ...]) -> dt.date:
    """The day a history's certificate was granted (an application's: the day applied)."""
    return next((e.on for e in history if e.kind is EventKind.CERTIFIED), history[0].on)


_REAL_PROGRAMS: dict[str, tuple[str, ...]] = {
    "CTPAT": ("tier-1", "tier-2", "tier-3"),
    "EU-AEO": ("AEOC", "AEOS", "AEOF"),
    "CH-AEO": (),
    "JP-AEO": (),
    "FAST": (),
}


def _relevel(event: Event, level: str | None) -> Event:
    return Event(event.kind, event.on, level=level, until=event.until, note=event.note)


def reasons() -> st.SearchStrategy[Reason]:
    """Reasons of any code."""
    return st.builds(
        Reason,
        code=st.sampled_from(ReasonCode),
        message=_TEXT.filter(lambda s: s.strip() == s),
        arrangement=st.none() | st.from_regex(r"[A-Z]{2}-[A-Z]{2}", fullmatch=True),
    )


def verdicts() -> st.SearchStrategy[Verdict]:
    """Verdicts, consistent or not: for testing code that displays or stores them."""
    return st.builds(
        Verdict,
        ok=st.booleans(),
        on=dates(),
        reasons=st.lists(reasons(), min_size=1, max_size=4).map(tuple),
        data_version=st.from_regex(r"20[0-9]{2}-[01][0-9]-[0-3][0-9]", fullmatch=True),
        by=st.none() | codes(),
        certification=st.none() | certifications(),
    )


def deadlines() -> st.SearchStrategy[Deadline]:
    """Deadlines of any name."""
    return st.builds(
        Deadline,
        name=st.sampled_from(("validation", "revalidation", "annual-review", "expiry")),
        due=dates(),
        overdue=st.booleans(),
        opens=st.none() | dates(),
        program=st.none() | codes(),
        holder=st.none() | st.from_regex(r"[a-z][a-z0-9-]{0,11}", fullmatch=True),
    )


def issuer_ends() -> st.SearchStrategy[IssuerEnd]:
    """Ends of an issuer's authorisations being honoured."""
    return st.builds(
        IssuerEnd,
        country=st.sampled_from(("GB", "DE", "FR")),
        last_day=dates(),
        note=_TEXT.filter(lambda s: s.strip() == s),
        source=sources(),
    )


def reference_data(
    max_programs: int = 4,
) -> st.SearchStrategy[tuple[tuple[Program, ...], tuple[Arrangement, ...]]]:
    """Consistent programs and arrangements, ready for :class:`ctpat.Registry`:
    every arrangement names drawn programs, and its recognitions only the levels
    and roles the recognised program has.

    >>> from hypothesis import given
    >>> import ctpat
    >>> @given(reference_data())
    ... def test_builds(data):
    ...     programs, arrangements = data
    ...     ctpat.Registry(programs, arrangements, data_version="test")
    >>> test_builds()
    """

    @st.composite
    def build(draw: st.DrawFn) -> tuple[tuple[Program, ...], tuple[Arrangement, ...]]:
        chosen = draw(st.lists(codes(), min_size=2, max_size=max_programs, unique=True))
        drawn = tuple(draw(programs(st.just(code))) for code in chosen)
        by_code = {p.code: p for p in drawn}
        found = []
        for a, b in draw(
            st.lists(
                st.tuples(st.sampled_from(chosen), st.sampled_from(chosen)).filter(
                    lambda pair: pair[0] != pair[1]
                ),
                max_size=3,
                unique_by=lambda pair: frozenset(pair),
            )
        ):
            arrangement = draw(arrangements((a, b)))
            recs = tuple(_fit(rec, by_code[rec.of], draw) for rec in arrangement.recognitions)
            found.append(attrs.evolve(arrangement, recognitions=recs))
        return drawn, tuple(found)

    return build()


def _fit(rec: Recognition, of: Program, draw: st.DrawFn) -> Recognition:
    # Restrict a drawn recognition to what the recognised program really has.
    levels: frozenset[str] | None = None
    restrict: bool = draw(st.booleans())
    if of.levels and restrict:
        levels = draw(st.frozensets(st.sampled_from(sorted(of.level_codes)), min_size=1))
    roles: frozenset[Role] | None = None
    if draw(st.booleans()):
        roles = draw(st.frozensets(st.sampled_from(sorted(of.roles)), min_size=1))
    return attrs.evolve(rec, levels=levels, roles=roles)
