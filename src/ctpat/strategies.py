"""Hypothesis strategies for every ctpat model, for property-testing your own code.

Needs the ``hypothesis`` extra (``pip install ctpat[hypothesis]``). (Over 500
lines: one strategy for each model, side by side, so that a model's new field
gets its strategy in one place.)

>>> from hypothesis import given
>>> from ctpat import strategies
>>> @given(strategies.certifications())
... def test_status_is_defined(cert):
...     cert.events_standing_on(cert.started_on).status
>>> test_status_is_defined()
"""

from __future__ import annotations

import datetime as dt
import string

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import strategies as st

from ctpat.arrangements import CONDITIONS, Arrangement, Recognition
from ctpat.assessments import (
    ACTION_TRANSITIONS,
    ActionEvent,
    Answer,
    Assessment,
    ComplianceBook,
    ComplianceFinding,
    CorrectiveAction,
)
from ctpat.certifications import Certification
from ctpat.enums import (
    ActionEventKind,
    ActionStatus,
    AssessmentKind,
    Compliance,
    Confidence,
    EventKind,
    Obligation,
    ReasonCode,
    Role,
    Severity,
    Status,
)
from ctpat.evidence import AeoAuthorisation, Evidence, Finding, OfficialService
from ctpat.lifecycle import TRANSITIONS, Event
from ctpat.participants import Participant, PartnerData
from ctpat.programs import Benefit, Deadline, IssuerEnd, Level, Program, ValidityPolicy
from ctpat.requirements import Category, Element, Requirement, RequirementSet
from ctpat.sources import Source
from ctpat.verdicts import Reason, Verdict

__all__ = [
    "action_histories",
    "aeo_authorisations",
    "answers",
    "arrangements",
    "assessments",
    "benefits",
    "certifications",
    "codes",
    "compliance_books",
    "corrective_actions",
    "dates",
    "deadlines",
    "event_histories",
    "events",
    "evidence",
    "findings",
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
    "requirement_sets",
    "requirements",
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


def aeo_authorisations() -> st.SearchStrategy[AeoAuthorisation]:
    """AEO authorisations as the EU AEO service lists them."""
    text = st.none() | _TEXT.filter(lambda s: s.strip() == s)
    return st.builds(
        AeoAuthorisation,
        type=st.sampled_from(("AEOC", "AEOS", "AEOF")),
        holder=text,
        issuing_country=text,
        authority=text,
        effective_on=st.none() | dates(),
    )


#: Time zones as fixed offsets from UTC, to the minute (ISO 8601 writes them so).
_ZONES = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))


@st.composite
def evidence(draw: st.DrawFn) -> Evidence:
    """What an official service said, consistent with what that service can say."""
    service = draw(st.sampled_from(OfficialService))
    if service is OfficialService.EU_AEO:
        finding = draw(
            st.sampled_from((Finding.AEO_FOUND, Finding.AEO_NOT_LISTED, Finding.UNAVAILABLE))
        )
    else:
        finding = draw(
            st.sampled_from((Finding.REGISTERED, Finding.NOT_REGISTERED, Finding.UNAVAILABLE))
        )
    text = st.none() | _TEXT.filter(lambda s: s.strip() == s)
    found = finding is Finding.AEO_FOUND
    return Evidence(
        service,
        draw(_TEXT.filter(lambda s: s.strip() == s)),
        finding,
        checked_at=draw(st.datetimes(timezones=_ZONES)),
        request_date=draw(st.none() | dates()),
        name=draw(text),
        address=draw(text),
        authorisations=tuple(
            draw(st.lists(aeo_authorisations(), min_size=found, max_size=3 * found))
        ),
        reason=draw(_TEXT.filter(lambda s: s.strip() == s))
        if finding is Finding.UNAVAILABLE
        else None,
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


# -- security criteria and compliance records ---------------------------------------

_WORD = _TEXT.filter(lambda s: s.strip() == s)
_IDS = st.from_regex(r"[0-9]{1,2}\.[0-9]{1,2}", fullmatch=True)


def requirements() -> st.SearchStrategy[Requirement]:
    """Requirements of category ``"1"``, some with mixed-obligation elements."""

    @st.composite
    def build(draw: st.DrawFn) -> Requirement:
        obligation = draw(st.sampled_from(Obligation))
        allowed = (
            st.sampled_from(Obligation) if obligation is Obligation.MUST else st.just(obligation)
        )
        keys = draw(st.lists(st.sampled_from("abcdef"), unique=True, max_size=3))
        return Requirement(
            draw(_IDS),
            "1",
            obligation,
            draw(_WORD),
            draw(sources()),
            roles=draw(st.frozensets(st.sampled_from(Role), max_size=3)),
            levels=draw(st.frozensets(level_codes(), max_size=2)),
            elements=tuple(Element(k, draw(_WORD), draw(allowed)) for k in keys),
            recurrence=draw(st.none() | st.integers(1, 3).map(lambda y: relativedelta(years=y))),
            retention=draw(st.none() | st.integers(1, 5).map(lambda y: relativedelta(years=y))),
            note=draw(st.none() | _WORD),
        )

    return build()


def requirement_sets() -> st.SearchStrategy[RequirementSet]:
    """Requirement sets of one category and unique requirement ids."""
    return st.builds(
        RequirementSet,
        code=codes(),
        program=codes(),
        title=_WORD,
        edition=_WORD,
        categories=st.just((Category("1", "General", "Corporate Security"),)),
        requirements=st.lists(requirements(), max_size=5, unique_by=lambda r: r.id).map(tuple),
        source=sources(),
        effective_on=st.none() | dates(),
        note=st.none() | _WORD,
    )


def answers(checked_by: dt.date = MAX_DATE) -> st.SearchStrategy[Answer]:
    """Answers checked on or before ``checked_by`` (or undated); *not applicable* with a note."""

    @st.composite
    def build(draw: st.DrawFn) -> Answer:
        status = draw(st.sampled_from(Compliance))
        note = draw(_WORD) if status is Compliance.NOT_APPLICABLE else draw(st.none() | _WORD)
        return Answer(
            draw(_IDS),
            status,
            draw(st.none() | dates(MIN_DATE, checked_by)),
            tuple(draw(st.lists(_WORD.filter(lambda s: ";" not in s), max_size=2))),
            note,
        )

    return build()


def assessments(
    subject: str | None = None, requirement_set: str = "CTPAT-MSC-2019"
) -> st.SearchStrategy[Assessment]:
    """Assessments of ``subject`` (default: drawn) against ``requirement_set``."""

    @st.composite
    def build(draw: st.DrawFn) -> Assessment:
        on = draw(dates())
        found = draw(st.lists(answers(on), max_size=6, unique_by=lambda a: a.requirement))
        return Assessment(
            draw(_WORD),
            subject if subject is not None else draw(_WORD),
            requirement_set,
            on,
            draw(st.sampled_from(AssessmentKind)),
            tuple(found),
            role=draw(st.none() | st.sampled_from(Role)),
            level=draw(st.none() | level_codes()),
            assessor=draw(st.none() | _WORD),
        )

    return build()


def findings(id: str | None = None) -> st.SearchStrategy[ComplianceFinding]:
    """Findings on a CTPAT requirement, some with a due date."""

    @st.composite
    def build(draw: st.DrawFn) -> ComplianceFinding:
        raised = draw(dates())
        return ComplianceFinding(
            id if id is not None else draw(_WORD),
            draw(_WORD),
            f"CTPAT-MSC-2019:{draw(_IDS)}",
            draw(st.sampled_from(Severity)),
            raised,
            raised_by=draw(st.none() | _WORD),
            due=draw(st.none() | dates(raised, MAX_DATE)),
            note=draw(st.none() | _WORD),
        )

    return build()


def action_histories(max_size: int = 6) -> st.SearchStrategy[tuple[ActionEvent, ...]]:
    """Valid corrective-action histories: walks of :data:`~ctpat.assessments.ACTION_TRANSITIONS`
    in date order, extensions moving the due date later."""

    @st.composite
    def build(draw: st.DrawFn) -> tuple[ActionEvent, ...]:
        status, day, due = ActionStatus.NONE, draw(dates(MIN_DATE, dt.date(2030, 1, 1))), None
        out: list[ActionEvent] = []
        for _ in range(draw(st.integers(0, max_size))):
            kinds = sorted(k for (s, k) in ACTION_TRANSITIONS if s is status)
            kind = draw(st.sampled_from(kinds))
            day = day + dt.timedelta(days=draw(st.integers(0, 60)))
            new_due = None
            if kind in (ActionEventKind.DUE_SET, ActionEventKind.EXTENDED) or (
                kind is ActionEventKind.OPENED and draw(st.booleans())
            ):
                floor = max(day, due + dt.timedelta(days=1)) if due is not None else day
                new_due = floor + dt.timedelta(days=draw(st.integers(0, 120)))
                due = new_due
            out.append(ActionEvent(kind, day, new_due))
            status = ACTION_TRANSITIONS[(status, kind)]
        return tuple(out)

    return build()


def corrective_actions(finding: str | None = None) -> st.SearchStrategy[CorrectiveAction]:
    """Corrective actions with valid histories, answering ``finding`` (default: drawn)."""
    return st.builds(
        CorrectiveAction,
        id=_WORD,
        finding=st.just(finding) if finding is not None else _WORD,
        events=action_histories(),
        owner=st.none() | _WORD,
        description=st.none() | _WORD,
    )


def compliance_books() -> st.SearchStrategy[ComplianceBook]:
    """Books of assessments, findings and the actions answering them."""

    @st.composite
    def build(draw: st.DrawFn) -> ComplianceBook:
        found = draw(st.lists(assessments(), max_size=3, unique_by=lambda a: a.id))
        raised = [draw(findings(f"f-{i}")) for i in range(draw(st.integers(0, 3)))]
        actions = [
            attrs.evolve(draw(corrective_actions(f.id)), id=f"ca-{i}")
            for i, f in enumerate(raised)
            if draw(st.booleans())
        ]
        return ComplianceBook(tuple(found), tuple(raised), tuple(actions))

    return build()
