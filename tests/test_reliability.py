"""Every public entry point agrees with a slow, obviously correct reading of the rules.

The library decides through one validity rule (:mod:`ctpat.validity`) and one
recognition function, with caches of their results (kept replays, fixed-term
ends, arrangement answers, verdicts worked out when first read). This file
keeps a second, deliberately naive statement of the rules -- the lifecycle
table re-stated from its documentation, fixed terms, issuer ends, every
arrangement scanned on every question -- and checks recognizes, verify, vet,
FAST lanes and the calendar against it on populations with random histories
across every bundled program, so that no cache can drift from the rules.

CI runs it on 10,000 participants; ``CTPAT_DIFFERENTIAL_N=100000 pytest
tests/test_reliability.py`` runs it on more.
"""

from __future__ import annotations

import copy
import datetime as dt
import os
import pickle
import random
from collections.abc import Sequence
from typing import Any, cast

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ctpat
from ctpat import (
    Certification,
    DataError,
    Event,
    EventKind,
    Participant,
    ReasonCode,
    Registry,
    Role,
    UnknownParticipant,
    Verdict,
)
from ctpat import catalog as catalog_module
from ctpat.identifiers import aeo
from ctpat.vetting import Outcome, VettingEntry, VettingReport

D = dt.date
ONE_DAY = dt.timedelta(days=1)

# -- the rules, re-stated plainly ------------------------------------------------------

#: Status before -> event kind -> status after, as in the lifecycle's documentation.
TABLE: dict[str, dict[str, str]] = {
    "none": {"applied": "applicant", "certified": "certified"},
    "applicant": {"certified": "certified", "rejected": "rejected", "withdrawn": "withdrawn"},
    "certified": {
        "validated": "certified",
        "reviewed": "certified",
        "revalidated": "certified",
        "level-changed": "certified",
        "renewed": "certified",
        "suspended": "suspended",
        "revoked": "revoked",
        "withdrawn": "withdrawn",
    },
    "suspended": {
        "reinstated": "certified",
        "revoked": "revoked",
        "withdrawn": "withdrawn",
        "level-changed": "suspended",
    },
    "expired": {"renewed": "certified", "withdrawn": "withdrawn"},
    "rejected": {},
    "revoked": {},
    "withdrawn": {},
}

#: The reason a verdict gives for each status.
STATUS_CODE = {
    "none": ReasonCode.NOT_CERTIFIED_YET,
    "applicant": ReasonCode.NOT_CERTIFIED_YET,
    "certified": ReasonCode.VALID,
    "suspended": ReasonCode.SUSPENDED,
    "rejected": ReasonCode.REJECTED,
    "revoked": ReasonCode.REVOKED,
    "withdrawn": ReasonCode.WITHDRAWN,
    "expired": ReasonCode.EXPIRED,
}


def standing(
    events: Sequence[Event], on: dt.date
) -> tuple[str, str | None, dt.date | None, dt.date | None]:
    """(status, level, certified on, until) on ``on``, replaying every event up to it."""
    status, level, certified_on, until = "none", None, None, None
    for event in events:
        if event.on > on:
            break
        if until is not None and status in ("certified", "suspended") and event.on > until:
            status = "expired"
        status = TABLE[status][event.kind.value]
        if event.kind is EventKind.CERTIFIED:
            certified_on, level, until = event.on, event.level, event.until
        elif event.kind is EventKind.LEVEL_CHANGED:
            level = event.level
        elif event.kind is EventKind.RENEWED:
            until = event.until
    if until is not None and status in ("certified", "suspended") and on > until:
        status = "expired"
    return status, level, certified_on, until


def ruled(
    registry: Registry, cert: Certification, on: dt.date, country: str
) -> tuple[str, str | None, dt.date | None]:
    """(status, level, last day in force) under the program's rules: the events,
    then a fixed term (no printed expiry), an issuer's end, the program's end."""
    status, level, certified_on, until = standing(cert.events, on)
    program = registry.programs[cert.program]
    ends = []
    if until is not None:
        ends.append(until)
    elif certified_on is not None:
        term = program.policy.expires_after
        for candidate in program.levels:
            if candidate.code == level and candidate.expires_after is not None:
                term = candidate.expires_after
        if term is not None:
            ends.append(certified_on + term - ONE_DAY)
    reference = cert.reference
    issuer = aeo.country(reference) if reference and aeo.is_valid(reference) else country
    ends.extend(end.last_day for end in program.ended_issuers if end.country == issuer)
    if program.ended_on is not None:
        ends.append(program.ended_on)
    last = min(ends) if ends else None
    if status in ("certified", "suspended") and last is not None and on > last:
        status = "expired"
    return status, level, last


def expected(
    registry: Registry,
    by: str,
    cert: Certification,
    on: dt.date,
    role: Role | None,
    country: str,
) -> tuple[bool, tuple[ReasonCode, ...]]:
    """Whether ``by`` accepts ``cert`` on ``on``, and the deciding reason codes in
    the order a verdict gives them: for a refusal what refused it first."""
    status, level, _ = ruled(registry, cert, on, country)
    valid = status == "certified"
    covered, scope = _scope(registry, by, cert, on, role, level)
    if valid and covered:
        return True, (ReasonCode.VALID, *scope)
    codes = [] if valid else [STATUS_CODE[status]]
    if not covered:
        codes.extend(scope)
    if valid:
        codes.append(ReasonCode.VALID)
    return False, tuple(codes)


def _scope(
    registry: Registry,
    by: str,
    cert: Certification,
    on: dt.date,
    role: Role | None,
    level: str | None,
) -> tuple[bool, tuple[ReasonCode, ...]]:
    acting = role if role is not None else cert.role
    if cert.program == by:
        if role is not None and cert.role is not None and cert.role != role:
            return False, (ReasonCode.ROLE_NOT_COVERED,)
        return True, (ReasonCode.SAME_PROGRAM,)
    directions = [
        (a, r)
        for a in sorted(registry.arrangements, key=lambda a: a.id)
        for r in a.recognitions
        if r.by == by and r.of == cert.program
    ]
    if not directions:
        return False, (ReasonCode.NO_ARRANGEMENT,)
    # A date not known to the day runs from its stored (earliest) day to its
    # *_latest day: a start counts from its latest day, an end from its earliest.
    in_force, in_doubt = [], []
    for a, r in directions:
        if r.since is not None:
            first, last = r.since, r.since_latest or r.since
        elif a.operational_on is not None:
            first, last = a.operational_on, a.operational_on_latest or a.operational_on
        else:
            first, last = a.signed_on, a.signed_on_latest or a.signed_on
        ends = [
            (d, late or d)
            for d, late in ((r.until, r.until_latest), (a.ended_on, a.ended_on_latest))
            if d is not None
        ]
        if last <= on and (not ends or on <= min(e for e, _ in ends)):
            in_force.append((a, r))
        elif first <= on < last or (
            ends and last <= on and min(e for e, _ in ends) < on <= min(e for _, e in ends)
        ):
            in_doubt.append((a, r))

    def misses(r: ctpat.Recognition) -> list[ReasonCode]:
        found = []
        if r.levels is not None and level not in r.levels:
            found.append(ReasonCode.LEVEL_NOT_COVERED)
        if r.roles is not None and acting is not None and acting not in r.roles:
            found.append(ReasonCode.ROLE_NOT_COVERED)
        return found

    scopes = [misses(r) for _, r in in_force]
    if any(not found for found in scopes):
        return True, (ReasonCode.ARRANGEMENT_IN_FORCE,)
    if any(not misses(r) for _, r in in_doubt):
        return False, (ReasonCode.DATE_UNCERTAIN,)
    if not in_force:
        return False, (ReasonCode.ARRANGEMENT_NOT_IN_FORCE,)
    return False, tuple(scopes[0])


def expected_best(
    registry: Registry,
    by: str,
    certs: Sequence[Certification],
    on: dt.date,
    role: Role | None,
    country: str,
) -> tuple[int, bool, tuple[ReasonCode, ...]]:
    """The certification verify() reports: accepted first, then ``by``'s own, then in order."""
    answers = [expected(registry, by, c, on, role, country) for c in certs]
    best = min(range(len(certs)), key=lambda i: (not answers[i][0], certs[i].program != by, i))
    return best, *answers[best]


def every_verdict(registry: Registry, holder: Any, by: Any, on: Any, role: Any) -> list[Verdict]:
    """Every certification's verdict, best first, worked out plainly (accepted first,
    then ``by``'s own, then the order on record)."""
    found = registry.participant(holder) if isinstance(holder, str) else holder
    certs = registry.certifications_of(found)
    if not certs:  # one no-certification verdict, nothing to choose from
        return [registry.verify(found, by=by, on=on, role=role)]
    verdicts = [
        registry.recognizes(by, c, on=on, role=role, issued_in=found.country) for c in certs
    ]
    return sorted(verdicts, key=lambda v: (not v.ok, v.certification.program != by))  # type: ignore[union-attr]


def deciding(verdict: Verdict) -> tuple[ReasonCode, ...]:
    return tuple(code for code in verdict.codes() if not code.is_informational)


# -- a generated population ------------------------------------------------------------

_KINDS = {kind.value: kind for kind in EventKind}
_WEIGHTS = {
    "applied": 1,
    "certified": 5,
    "validated": 3,
    "reviewed": 3,
    "revalidated": 2,
    "level-changed": 2,
    "renewed": 2,
    "suspended": 2,
    "reinstated": 3,
    "rejected": 1,
    "revoked": 1,
    "withdrawn": 1,
}
_COUNTRIES = ("US", "CA", "MX", "DE", "NL", "GB", "KR", "JP", "IN", "CN")
_ISSUERS = ("DE", "NL", "GB", "FR")


def history(
    rng: random.Random, levels: Sequence[str], term_years: int | None
) -> tuple[Event, ...]:
    """A random valid history: a walk through the table, expiry included."""
    day = D(2001, 1, 1) + dt.timedelta(days=rng.randrange(9500))
    status, until = "none", None
    events = []
    for step in range(rng.randint(1, 7)):
        if step:
            day += dt.timedelta(
                days=rng.choice((0, 1, rng.randint(2, 400), rng.randint(400, 2000)))
            )
        if until is not None and status in ("certified", "suspended") and day > until:
            status = "expired"
        allowed = [k for k in TABLE[status] if k != "level-changed" or levels]
        if not allowed:
            break
        kind = rng.choices(allowed, [_WEIGHTS[k] for k in allowed])[0]
        level = new_until = None
        if kind == "certified":
            level = rng.choice([*levels, None]) if levels else None
            if term_years is not None and rng.random() < 0.5:
                new_until = None  # the program's fixed term applies
            elif rng.random() < 0.3:
                new_until = day + dt.timedelta(days=rng.randint(0, 3000))
            until = new_until
        elif kind == "level-changed":
            level = rng.choice(levels)
        elif kind == "renewed":
            new_until = day + dt.timedelta(days=rng.randint(0, 2500))
            until = new_until
        status = TABLE[status][kind]
        events.append(Event(_KINDS[kind], day, level=level, until=new_until))
    return tuple(events)


def population(n: int, seed: int) -> tuple[list[Participant], list[Certification]]:
    rng = random.Random(seed)
    registry = ctpat.reference()
    heavy = ["CTPAT", "EU-AEO", "CA-PIP", "KR-AEO", "IN-AEO", "FAST", "GB-AEO", "JP-AEO", "MX-OEA"]
    codes = [*heavy * 6, *sorted(registry.programs)]
    participants: list[Participant] = []
    certs: list[Certification] = []
    for i in range(n):
        pid = f"p{i}"
        participants.append(Participant(pid, f"Company {i}", rng.choice(_COUNTRIES)))
        for program_code in dict.fromkeys(rng.choices(codes, k=rng.choice((0, 1, 1, 2, 2, 3)))):
            program = registry.programs[program_code]
            levels = sorted(program.level_codes)
            term = program.policy.expires_after
            events = history(rng, levels, term.years if term is not None else None)
            reference = None
            draw = rng.random()
            if draw < 0.3:
                kind = rng.choice(("AEOC", "AEOS", "AEOF"))
                reference = f"{rng.choice(_ISSUERS)}{kind}{i:06d}{len(certs)}"
            elif draw < 0.4:
                reference = f"gb-aeof {i}-{len(certs)}"  # valid, spaced and lower-case
            elif draw < 0.5:
                reference = f"REF-{i}-{len(certs)}"  # not an AEO number
            role = None
            if program.roles and rng.random() < 0.35:
                role = rng.choice(sorted(program.roles, key=lambda r: r.value))
            certs.append(Certification(program_code, pid, events, reference=reference, role=role))
    return participants, certs


@pytest.fixture(scope="module")
def big() -> tuple[Registry, list[Participant]]:
    participants, certs = population(POPULATION, seed=20261130)
    return ctpat.reference().with_partners(
        ctpat.PartnerData(participants=participants, certifications=certs)
    ), participants


#: How many participants the differential checks generate.
POPULATION = int(os.environ.get("CTPAT_DIFFERENTIAL_N", "10000"))

QUESTIONS = [
    ("CTPAT", D(2026, 11, 30), None),
    ("CTPAT", D(2012, 8, 1), Role.IMPORTER),
    ("EU-AEO", D(2021, 6, 30), None),
    ("EU-AEO", D(2026, 1, 15), Role.HIGHWAY_CARRIER),
    ("CA-PIP", D(2019, 3, 1), Role.EXPORTER),
    ("KR-AEO", D(2024, 2, 29), None),
    ("JP-AEO", D(2009, 6, 26), None),
    ("GB-AEO", D(2021, 1, 1), Role.IMPORTER),
]


# -- the checks ----------------------------------------------------------------------------


@pytest.mark.parametrize(("by", "on", "role"), QUESTIONS)
def test_vet_outcomes_match_the_plain_rules(
    big: tuple[Registry, list[Participant]], by: str, on: dt.date, role: Role | None
) -> None:
    registry, participants = big
    report = registry.vet(by=by, on=on, role=role)
    assert len(report) == len(participants)
    mismatches = []
    for participant, entry in zip(participants, report.entries, strict=True):
        certs = registry.certifications_of(participant.id)
        if not certs:
            want = Outcome.UNVERIFIED
        else:
            _, ok, codes = expected_best(registry, by, certs, on, role, participant.country)
            want = (
                Outcome.PASSED
                if ok
                else Outcome.UNVERIFIED
                if codes[0] is ReasonCode.DATE_UNCERTAIN
                else Outcome.FAILED
            )
        if entry.participant is not participant or entry.outcome is not want:
            mismatches.append((participant.id, entry.outcome, want))
    assert not mismatches[:10]
    counts = {o: sum(e.outcome is o for e in report.entries) for o in Outcome}
    assert report.summary().startswith(f"{len(participants)} participants vetted against {by}")
    assert f"{counts[Outcome.PASSED]} passed, {counts[Outcome.FAILED]} failed" in report.summary()
    # Every kind of outcome occurs, so the comparison above means something.
    assert all(counts.values()) or by in ("JP-AEO",)


@pytest.mark.parametrize(("by", "on", "role"), QUESTIONS[:3])
def test_vet_verdicts_match_the_plain_rules(
    big: tuple[Registry, list[Participant]], by: str, on: dt.date, role: Role | None
) -> None:
    registry, _ = big
    report = registry.vet(by=by, on=on, role=role)
    mismatches = []
    for participant, verdict in report:
        certs = registry.certifications_of(participant.id)
        if not certs:
            assert verdict.codes() == (ReasonCode.NO_CERTIFICATION,)
            continue
        best, ok, codes = expected_best(registry, by, certs, on, role, participant.country)
        got = (verdict.ok, deciding(verdict), verdict.certification)
        if got != (ok, codes, certs[best]):
            mismatches.append((participant.id, got, (ok, codes, certs[best].program)))
    assert not mismatches[:10]


def test_vet_verdicts_are_verify_verdicts(big: tuple[Registry, list[Participant]]) -> None:
    registry, participants = big
    rng = random.Random(7)
    for by, on, role in QUESTIONS:
        report = registry.vet(by=by, on=on, role=role)
        for index in rng.sample(range(len(participants)), 60):
            participant = participants[index]
            expected = every_verdict(registry, participant, by, on, role)[0]
            assert registry.verify(participant, by=by, on=on, role=role) == expected
            assert report.entries[index].verdict == expected
            assert report.entries[index].outcome is Outcome.of(expected)
            assert report.outcomes[index] is Outcome.of(expected)


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 2**32), question=st.sampled_from(QUESTIONS))
def test_small_populations(seed: int, question: tuple[str, dt.date, Role | None]) -> None:
    participants, certs = population(40, seed)
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(participants=participants, certifications=certs)
    )
    by, on, role = question
    report = registry.vet(by=by, on=on, role=role)
    eager = VettingReport(
        by,
        on,
        role,
        registry.data_version,
        tuple(VettingEntry(p, every_verdict(registry, p, by, on, role)[0]) for p in participants),
    )
    assert report == eager
    for participant, verdict in report:
        held = registry.certifications_of(participant.id)
        if held:
            _, ok, codes = expected_best(registry, by, held, on, role, participant.country)
            assert (verdict.ok, deciding(verdict)) == (ok, codes)


# -- a vet decides each certification once, and its report is a plain value ---------------------


@pytest.fixture
def small() -> tuple[Registry, VettingReport, VettingReport]:
    participants, certs = population(30, seed=3)
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(participants=participants, certifications=certs)
    )
    on = D(2026, 11, 30)
    vetted = registry.vet(by="CTPAT", on=on)
    by_hand = VettingReport(
        "CTPAT",
        on,
        None,
        registry.data_version,
        tuple(VettingEntry(p, registry.verify(p, by="CTPAT", on=on)) for p in participants),
    )
    return registry, vetted, by_hand


@pytest.mark.parametrize(("by", "on", "role"), QUESTIONS)
def test_a_vet_decides_each_certification_once(
    monkeypatch: pytest.MonkeyPatch, by: str, on: dt.date, role: Role | None
) -> None:
    from ctpat import recognition

    participants, certs = population(300, seed=11)
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(participants=participants, certifications=certs)
    )
    held = {p.id: registry.certifications_of(p.id) for p in participants}
    # Participants with one certification and with several, so that the ranking
    # of several (which may stop early) is under test too.
    assert sum(len(c) == 1 for c in held.values()) > 50
    assert sum(len(c) > 1 for c in held.values()) > 50
    decided: list[Certification] = []
    judge = recognition._judge

    def counted(*args: Any) -> bool:
        decided.append(args[-2])  # the certification decided
        return judge(*args)

    monkeypatch.setattr(recognition, "_judge", counted)
    report = registry.vet(by=by, on=on, role=role)
    for participant, verdict in report:  # every verdict read, with its reasons
        assert verdict.certification is None or verdict.certification in held[participant.id]
        assert verdict.reasons
    times: dict[int, int] = {}
    for cert in decided:
        times[id(cert)] = times.get(id(cert), 0) + 1
    assert max(times.values()) == 1
    assert len(decided) >= sum(bool(c) for c in held.values())
    # verify(), one participant at a time, decides each of its certifications once too.
    for participant in participants:
        decided.clear()
        verdict = registry.verify(participant, by=by, on=on, role=role)
        assert len(decided) == len({id(c) for c in decided}) <= len(held[participant.id])
        assert verdict == report.entries[participants.index(participant)].verdict
    monkeypatch.undo()
    assert report.entries == tuple(
        VettingEntry(p, registry.verify(p, by=by, on=on, role=role)) for p in participants
    )


def test_a_vet_outcome_is_its_verdicts(
    small: tuple[Registry, VettingReport, VettingReport],
) -> None:
    _, vetted, by_hand = small
    assert len(vetted) == len(by_hand)
    assert vetted.outcomes == tuple(Outcome.of(e.verdict) for e in vetted.entries)
    assert vetted.outcomes == tuple(e.outcome for e in by_hand.entries)
    assert vetted.summary() == by_hand.summary()
    assert vetted.passed == by_hand.passed
    assert vetted.failed == by_hand.failed
    assert vetted.unverified == by_hand.unverified
    assert vetted.all_passed is by_hand.all_passed is False


def test_a_vetted_report_is_equal_to_one_built_by_hand(
    small: tuple[Registry, VettingReport, VettingReport],
) -> None:
    _, vetted, by_hand = small
    assert vetted == by_hand
    assert by_hand == vetted
    assert not vetted != by_hand  # noqa: SIM202 - the operator itself is under test
    assert hash(vetted) == hash(by_hand)
    assert repr(vetted) == repr(by_hand)
    assert list(vetted) == list(by_hand)
    # A report built by hand from entries knows no catalog: it names the overdue
    # deadlines in the reasons only, not with their dates in a column of their own.
    assert any(row["overdue_deadlines"] for row in vetted.rows())
    assert not any(row["overdue_deadlines"] for row in by_hand.rows())
    plain = [{**row, "overdue_deadlines": ""} for row in vetted.rows()]
    assert plain == list(by_hand.rows())
    assert [r["overdue"] for r in vetted.records()] == [r["overdue"] for r in by_hand.records()]
    assert vetted.entries == by_hand.entries
    assert vetted.entries[0] == by_hand.entries[0]
    assert by_hand.entries[0] == vetted.entries[0]
    assert not vetted.entries[0] != by_hand.entries[0]  # noqa: SIM202
    assert vetted.entries[0] != cast(Any, "entry")
    assert vetted != cast(Any, "report")
    assert hash(vetted.entries[0]) == hash(by_hand.entries[0])
    assert repr(vetted.entries[0]) == repr(by_hand.entries[0])
    assert isinstance(vetted, VettingReport)
    assert isinstance(vetted.entries[0], VettingEntry)


def test_a_vetted_report_copies_pickles_and_evolves_as_a_plain_one(
    small: tuple[Registry, VettingReport, VettingReport],
) -> None:
    _, vetted, by_hand = small
    for other in (pickle.loads(pickle.dumps(vetted)), copy.copy(vetted), copy.deepcopy(vetted)):
        assert type(other) is VettingReport
        assert other == by_hand
    entry = pickle.loads(pickle.dumps(vetted.entries[1]))
    assert type(entry) is VettingEntry
    assert entry == by_hand.entries[1]
    moved = attrs.evolve(vetted.entries[0], path=("a", "b"))
    assert type(moved) is VettingEntry
    assert moved.path == ("a", "b")
    assert attrs.asdict(vetted.entries[2]) == attrs.asdict(by_hand.entries[2])
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        vetted.by = "X"  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        vetted._outcomes = ()  # type: ignore[misc]
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        del vetted._by


def test_vet_of_listed_holders(small: tuple[Registry, VettingReport, VettingReport]) -> None:
    registry, _, eager = small
    on = D(2026, 11, 30)
    people = [e.participant for e in eager.entries]
    mixed: list[str | Participant] = [people[3].id, people[0], people[5].id]
    report = registry.vet(mixed, by="CTPAT", on=on)
    assert report.entries == tuple(eager.entries[i] for i in (3, 0, 5))
    with pytest.raises(UnknownParticipant):
        registry.vet(["nobody"], by="CTPAT", on=on)
    with pytest.raises(UnknownParticipant):
        registry.vet([Participant("stranger", "S", "DE")], by="CTPAT", on=on)
    with pytest.raises(ctpat.UnknownProgram):
        registry.vet(by="XX", on=on)
    assert len(registry.vet([], by="CTPAT", on=on)) == 0


def test_odd_arguments_take_the_full_path(
    small: tuple[Registry, VettingReport, VettingReport],
) -> None:
    registry, _, eager = small
    with pytest.raises(DataError):
        registry.vet(by="CTPAT", on=dt.datetime(2026, 1, 1))
    # A role that is not a Role: the same verdicts, or the same error, as before.
    people = [e.participant for e in eager.entries]
    odd = cast(Any, "importer")
    for by in ("CTPAT", "EU-AEO"):
        report = outcome(lambda by=by: registry.vet(by=by, on=D(2026, 1, 1), role=odd))
        verdicts = outcome(
            lambda by=by: [registry.verify(p, by=by, on=D(2026, 1, 1), role=odd) for p in people]
        )
        if isinstance(report, VettingReport):
            assert type(report) is VettingReport  # built eagerly
            assert [v for _, v in report] == verdicts
        else:
            assert report == verdicts
    holders = [p for p in people if len(registry.certifications_of(p)) > 1]
    assert holders
    for holder in holders:
        for role in (None, Role.IMPORTER, Role.HIGHWAY_CARRIER, "importer"):
            for by in ("CTPAT", "EU-AEO", "XX"):
                on = D(2026, 1, 1)
                assert outcome(
                    lambda: registry.verify(holder, by=by, on=on, role=role)  # type: ignore[arg-type]  # noqa: B023
                ) == outcome(
                    lambda: every_verdict(registry, holder, by, on, role)[0]  # noqa: B023
                )


def outcome(call: Any) -> Any:
    """What ``call()`` returns, or the type of what it raises."""
    try:
        return call()
    except Exception as exc:  # noqa: BLE001 - compared by type
        return type(exc)


def test_days_at_the_ends_of_the_calendar() -> None:
    # A deadline of a certification granted in year 5, or asked about in year
    # 9990, could leave the calendar: such participants get the full path, which
    # raises (or not) exactly as verify() does.
    early = Certification("CTPAT", "early", (Event(EventKind.CERTIFIED, D(5, 3, 1)),))
    late = Certification("CTPAT", "late", (Event(EventKind.CERTIFIED, D(9990, 3, 1)),))
    other = Certification(
        "EU-AEO", "early", (Event(EventKind.CERTIFIED, D(2019, 3, 1), level="AEOF"),)
    )
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[Participant("early", "E", "DE"), Participant("late", "L", "DE")],
            certifications=[early, other, late],
        )
    )
    report = registry.vet(["early"], by="CTPAT", on=D(2026, 1, 1))
    assert report.entries[0].verdict == registry.verify("early", by="CTPAT", on=D(2026, 1, 1))
    assert report.entries[0].verdict.certification is early
    for on in (D(9995, 1, 1), D(9999, 12, 31)):
        expected_verdicts = outcome(
            lambda on=on: [registry.verify(p, by="CTPAT", on=on) for p in ("early", "late")]
        )
        got = outcome(lambda on=on: [v for _, v in registry.vet(by="CTPAT", on=on)])
        assert got == expected_verdicts
    suspended = Certification(
        "CTPAT",
        "early",
        (Event(EventKind.CERTIFIED, D(5, 3, 1)), Event(EventKind.SUSPENDED, D(6, 1, 1))),
    )
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[Participant("early", "E", "DE")], certifications=[suspended]
        )
    )
    verdict = registry.verify("early", by="CTPAT", on=D(7, 1, 1))
    assert registry.vet(by="CTPAT", on=D(7, 1, 1)).entries[0].verdict == verdict


def test_catalog_memo_starts_afresh_when_full(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(catalog_module, "_MEMO_SIZE", 5)
    registry = ctpat.reference()
    cert = Certification.grant("EU-AEO", "b", on=D(2019, 4, 1), level="AEOF")
    card = ctpat.fast.card("d", on=D(2015, 1, 1), until=None)
    kr = Certification.grant("KR-AEO", "k", on=D(2015, 1, 1), level="AA")
    answers = []
    for day in range(1, 20):
        on = D(2026, 1, day)
        answers.append(registry.recognizes("CTPAT", cert, on=on))
        registry.recognizes("CTPAT", kr, on=on)
        registry.recognizes("FAST", card, on=on)
    assert len(registry.catalog._memo) <= 5
    assert answers[0].ok
    assert answers[-1].ok
    fresh = ctpat.Registry(registry.programs.values(), registry.arrangements, data_version="x")
    assert fresh.recognizes("CTPAT", cert, on=D(2026, 1, 3)).codes() == answers[2].codes()


def test_recognition_with_odd_arguments() -> None:
    registry = ctpat.reference()
    gb = Certification.grant("EU-AEO", "b", on=D(2019, 4, 1), level="AEOF", reference="GBAEOF1234")
    nl = Certification.grant(
        "EU-AEO", "b", on=D(2019, 4, 1), level="AEOF", reference="NL AEOF 1234"
    )
    plain = Certification.grant("EU-AEO", "b", on=D(2019, 4, 1), level="AEOF")
    on = D(2026, 1, 1)
    assert not registry.recognizes("CTPAT", gb, on=on).ok
    assert registry.recognizes("CTPAT", nl, on=on, issued_in="GB").ok
    assert not registry.recognizes("CTPAT", plain, on=on, issued_in="GB").ok
    # An issuing country that is not a string is refused by name: taken as no
    # issuer, it once gave a pass that "GB" refuses.
    with pytest.raises(DataError) as err:
        registry.recognizes("CTPAT", plain, on=on, issued_in=["GB"])  # type: ignore[arg-type]
    assert err.value.field == "issued_in"
    # A role that is not a Role is refused by name, never silently taken.
    for junk in (["x"], "junk", "importer"):
        with pytest.raises(DataError) as err:
            registry.recognizes("CTPAT", plain, on=on, role=junk)  # type: ignore[arg-type]
        assert err.value.field == "role"
    assert registry.recognizes("XX", plain, on=on).codes() == (ReasonCode.UNKNOWN_PROGRAM,)
    with pytest.raises(DataError) as err:
        registry.recognizes(["XX"], plain, on=on)  # type: ignore[arg-type]
    assert err.value.field == "by"


def test_vet_of_unpickled_certifications_and_unknown_programs() -> None:
    participants, certs = population(50, seed=11)
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(participants=participants, certifications=certs)
    )
    copies = pickle.loads(pickle.dumps(certs))  # without their kept replays
    again = ctpat.reference().with_partners(
        ctpat.PartnerData(participants=participants, certifications=copies)
    )
    on = D(2026, 11, 30)
    assert again.vet(by="CTPAT", on=on) == registry.vet(by="CTPAT", on=on)
    from ctpat import recognition

    stray = Certification.grant("NOT-A-PROGRAM", "x", on=D(2020, 1, 1))
    assert recognition.accepts(registry.catalog, "CTPAT", stray, on=on) is False
    assert registry.recognizes("CTPAT", stray, on=on).codes() == (ReasonCode.UNKNOWN_PROGRAM,)


# -- FAST lanes and the calendar ask the same rule -----------------------------------------


def test_fast_driver_cards_follow_the_plain_rules(big: tuple[Registry, list[Participant]]) -> None:
    registry, participants = big
    from ctpat import fast

    on = D(2024, 2, 29)
    importer = Participant("imp", "Importer", "US")
    carrier = Participant("car", "Carrier", "US")
    lanes = registry.with_partners(
        ctpat.PartnerData(
            [importer, carrier],
            [
                Certification.grant("CTPAT", "imp", on=D(2020, 1, 1)),
                Certification.grant("CTPAT", "car", on=D(2020, 1, 1), role=Role.HIGHWAY_CARRIER),
            ],
        )
    )
    checked = 0
    for participant in participants:
        cards = [c for c in registry.certifications_of(participant) if c.program == "FAST"]
        if len(cards) != 1:
            continue
        verdict = fast.lane_eligibility(
            lanes, into="US", border="northern", importer="imp", carrier="car",
            driver=participant, on=on,
        )  # fmt: skip
        status, _, _ = ruled(registry, cards[0], on, participant.country)
        assert verdict.reasons[2].code is STATUS_CODE[status], participant.id
        checked += 1
    assert checked > 50


def test_the_calendar_follows_the_plain_rules(big: tuple[Registry, list[Participant]]) -> None:
    registry, participants = big
    on = D(2026, 11, 30)
    deadlines = registry.calendar(on=on, within=dt.timedelta(days=400_000))
    by_cert: dict[tuple[str, str, str | None], list[ctpat.Deadline]] = {}
    for d in deadlines:
        by_cert.setdefault((d.holder or "", d.program or "", d.reference), []).append(d)
    for participant in participants:
        for cert in registry.certifications_of(participant):
            status, _, last = ruled(registry, cert, on, participant.country)
            found = by_cert.get((cert.holder, cert.program, cert.reference), [])
            # Only a certification in force has deadlines (issue 24: not a suspended one).
            if status != "certified":
                assert not found, cert
            expiries = [d.due for d in found if d.name == "expiry"]
            if status == "certified" and cert.reference is not None:
                assert expiries == ([last] if last is not None else []), cert


def test_a_fast_card_past_its_term_is_expired_everywhere() -> None:
    # The case that started "one rule, one place": a card granted with no
    # printed expiry, asked about after its five-year term.
    from ctpat import fast, validity

    card = Certification.grant("FAST", "drv", on=D(2015, 1, 1), role=Role.DRIVER)
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(
            [
                Participant("drv", "Driver", "CA", roles={Role.DRIVER}),
                Participant("imp", "Importer", "US"),
                Participant("car", "Carrier", "CA", roles={Role.HIGHWAY_CARRIER}),
            ],
            [
                card,
                Certification.grant("CTPAT", "imp", on=D(2020, 1, 1)),
                Certification.grant("CTPAT", "car", on=D(2020, 1, 1)),
            ],
        )
    )
    on = D(2026, 6, 1)
    assert (
        card.events_standing_on(on).status is ctpat.Status.CERTIFIED
    )  # the events alone say nothing of the term
    assert not validity.in_force(registry.program("FAST"), card, on=on)
    assert registry.standing(card, on=on).since == D(2020, 1, 1)
    assert not registry.verify("drv", by="FAST", on=on)
    assert registry.verify("drv", by="FAST", on=on).codes()[0] is ReasonCode.EXPIRED
    lane = fast.lane_eligibility(
        registry, into="US", border="northern", importer="imp", carrier="car", driver="drv", on=on
    )
    assert not lane
    assert lane.reasons[2].code is ReasonCode.EXPIRED
    assert "fixed term" in lane.reasons[2].message
    assert registry.vet(["drv"], by="FAST", on=on).failed[0].id == "drv"
    assert registry.deadlines(card, on=on) == ()
    assert not [
        d for d in registry.calendar(on=on, within=dt.timedelta(days=365)) if d.holder == "drv"
    ]
    assert registry.calendar(on=D(2019, 6, 1), within=dt.timedelta(days=365))[-1].due == D(
        2019, 12, 31
    )
