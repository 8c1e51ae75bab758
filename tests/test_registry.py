"""Recognition lookups against the bundled reference data: the tricky cases."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import ctpat
from ctpat import (
    Arrangement,
    Certification,
    Event,
    EventKind,
    ReasonCode,
    Recognition,
    Registry,
    Role,
    UnknownProgram,
)
from ctpat import strategies as S

D = dt.date
REG = ctpat.reference()
R = ReasonCode


GRANTED = D(2010, 1, 4)


def grant(
    program: str, level: str | None = None, on: D = GRANTED, role: Role | None = None
) -> Certification:
    return Certification.grant(program, "holder-1", on=on, level=level, role=role)


class TestEuUs:
    def test_each_direction_started_on_its_own_date(self) -> None:
        aeos = grant("EU-AEO", "AEOS")
        ctpat_cert = grant("CTPAT", "tier-2")
        # July 2012: the US already accepted EU AEOs; the EU did not yet accept CTPAT.
        assert REG.recognizes("CTPAT", aeos, on=D(2012, 8, 1))
        eu = REG.recognizes("EU-AEO", ctpat_cert, on=D(2012, 8, 1))
        assert not eu
        assert eu.has(R.ARRANGEMENT_NOT_IN_FORCE)
        assert "2013-01-31" in eu.explain()
        assert REG.recognizes("EU-AEO", ctpat_cert, on=D(2013, 1, 31))
        # Before Phase I neither direction applied.
        assert not REG.recognizes("CTPAT", aeos, on=D(2012, 6, 30))

    def test_aeoc_only_is_not_accepted_aeos_and_aeof_are(self) -> None:
        on = D(2026, 1, 15)
        aeoc = REG.recognizes("CTPAT", grant("EU-AEO", "AEOC"), on=on)
        assert not aeoc
        assert aeoc.has(R.LEVEL_NOT_COVERED)
        assert aeoc.has(R.VALID)
        for level in ("AEOS", "AEOF"):
            verdict = REG.recognizes("CTPAT", grant("EU-AEO", level), on=on)
            assert verdict
            assert verdict.arrangement == "US-EU"
            assert verdict.has(R.CONDITION)

    def test_partial_revocation_loses_recognition(self) -> None:
        cert = grant("EU-AEO", "AEOF").record(
            Event(EventKind.LEVEL_CHANGED, D(2024, 3, 1), level="AEOC")
        )
        assert REG.recognizes("CTPAT", cert, on=D(2024, 2, 28))
        assert not REG.recognizes("CTPAT", cert, on=D(2024, 3, 1))


class TestStatus:
    @pytest.mark.parametrize(
        ("event", "code"),
        [
            (EventKind.SUSPENDED, R.SUSPENDED),
            (EventKind.REVOKED, R.REVOKED),
            (EventKind.WITHDRAWN, R.WITHDRAWN),
        ],
    )
    def test_a_certification_not_in_force_is_refused(
        self, event: EventKind, code: ReasonCode
    ) -> None:
        cert = grant("EU-AEO", "AEOS").record(Event(event, D(2025, 2, 3)))
        verdict = REG.recognizes("CTPAT", cert, on=D(2026, 1, 15))
        assert not verdict
        assert verdict.has(code)
        assert "since 2025-02-03" in verdict.explain()
        # Own program too.
        own = grant("CTPAT").record(Event(event, D(2025, 2, 3)))
        assert not REG.recognizes("CTPAT", own, on=D(2026, 1, 15))

    def test_before_certification(self) -> None:
        cert = Certification("CTPAT", "a", (Event(EventKind.APPLIED, D(2025, 1, 1)),))
        assert REG.recognizes("CTPAT", cert, on=D(2025, 6, 1)).has(R.NOT_CERTIFIED_YET)
        before = REG.recognizes("CTPAT", grant("CTPAT", on=D(2025, 1, 1)), on=D(2024, 1, 1))
        assert before.has(R.NOT_CERTIFIED_YET)
        assert "no event on record yet" in before.explain()

    def test_expired_and_rejected(self) -> None:
        card = Certification.grant("FAST", "d", on=D(2019, 1, 7))
        verdict = REG.recognizes("FAST", card, on=D(2024, 1, 7))
        assert verdict.has(R.EXPIRED)
        rejected = Certification(
            "CTPAT",
            "a",
            (Event(EventKind.APPLIED, D(2025, 1, 1)), Event(EventKind.REJECTED, D(2025, 2, 1))),
        )
        assert REG.recognizes("CTPAT", rejected, on=D(2025, 6, 1)).has(R.REJECTED)


class TestScope:
    def test_recognition_is_not_transitive(self) -> None:
        swiss = grant("CH-AEO")
        on = D(2026, 1, 15)
        assert REG.recognizes("EU-AEO", swiss, on=on)
        verdict = REG.recognizes("CTPAT", swiss, on=on)
        assert not verdict
        assert verdict.has(R.NO_ARRANGEMENT)
        assert "not transitive" in verdict.explain()

    def test_same_program_and_role(self) -> None:
        carrier = grant("CTPAT", role=Role.HIGHWAY_CARRIER)
        on = D(2026, 1, 15)
        assert REG.recognizes("CTPAT", carrier, on=on).has(R.SAME_PROGRAM)
        assert REG.recognizes("CTPAT", carrier, on=on, role=Role.HIGHWAY_CARRIER)
        wrong = REG.recognizes("CTPAT", carrier, on=on, role=Role.IMPORTER)
        assert not wrong
        assert wrong.has(R.ROLE_NOT_COVERED)

    def test_unknown_programs(self) -> None:
        verdict = REG.recognizes("XX-AEO", grant("YY-AEO"), on=D(2026, 1, 1))
        assert not verdict
        assert [r.code for r in verdict.reasons] == [R.UNKNOWN_PROGRAM, R.UNKNOWN_PROGRAM]
        with pytest.raises(UnknownProgram):
            REG.program("XX-AEO")
        with pytest.raises(UnknownProgram):
            REG.recognized_by("XX-AEO", on=D(2026, 1, 1))

    def test_overdue_deadline_is_informational(self) -> None:
        cert = grant("CTPAT", "tier-1", on=D(2020, 1, 6))
        verdict = REG.recognizes("CTPAT", cert, on=D(2026, 1, 15))
        assert verdict
        assert verdict.has(R.DEADLINE_OVERDUE)
        assert "validation was due 2021-01-06" in verdict.explain()

    def test_verdict_carries_version_date_and_certification(self) -> None:
        cert = grant("EU-AEO", "AEOS")
        verdict = REG.recognizes("CTPAT", cert, on=D(2026, 1, 15))
        assert verdict.data_version == REG.data_version
        assert verdict.on == D(2026, 1, 15)
        assert verdict.by == "CTPAT"
        assert verdict.certification is cert


def small_registry() -> Registry:
    programs = [attrs.evolve(REG.program(code)) for code in ("CTPAT", "EU-AEO", "JP-AEO")]
    src = REG.program("CTPAT").source
    ended = Arrangement(
        "OLD",
        "An arrangement that ended",
        ("CTPAT", "JP-AEO"),
        D(2009, 6, 1),
        D(2010, 1, 1),
        D(2020, 12, 31),
        (
            Recognition("CTPAT", "JP-AEO", roles={Role.EXPORTER}),
            Recognition("JP-AEO", "CTPAT", until=D(2015, 12, 31)),
        ),
        src,
    )
    unimplemented = Arrangement(
        "NEW",
        "Signed, not known to be implemented",
        ("CTPAT", "EU-AEO"),
        D(2012, 5, 4),
        None,
        None,
        (Recognition("CTPAT", "EU-AEO", levels={"AEOS"}),),
        attrs.evolve(src, confidence="uncertain"),
    )
    return Registry(programs, [unimplemented, ended], data_version="test")


class TestArrangementWindows:
    def test_an_arrangement_that_ended(self) -> None:
        reg = small_registry()
        jp = grant("JP-AEO")
        assert reg.recognizes("CTPAT", jp, on=D(2020, 12, 31), role=Role.EXPORTER)
        after = reg.recognizes("CTPAT", jp, on=D(2021, 1, 1), role=Role.EXPORTER)
        assert after.has(R.ARRANGEMENT_NOT_IN_FORCE)
        assert "only until 2020-12-31" in after.explain()
        # One direction ended before the other.
        ct = grant("CTPAT")
        assert reg.recognizes("JP-AEO", ct, on=D(2015, 12, 31))
        assert not reg.recognizes("JP-AEO", ct, on=D(2016, 1, 1))
        assert reg.recognized_by("CTPAT", on=D(2021, 1, 1)) == {"EU-AEO"}
        assert reg.recognized_by("CTPAT", on=D(2015, 1, 1)) == {"EU-AEO", "JP-AEO"}

    def test_roles(self) -> None:
        reg = small_registry()
        jp = grant("JP-AEO")
        on = D(2015, 1, 1)
        assert not reg.recognizes("CTPAT", jp, on=on, role=Role.IMPORTER).ok
        assert reg.recognizes("CTPAT", jp, on=on, role=Role.IMPORTER).has(R.ROLE_NOT_COVERED)
        unknown_role = reg.recognizes("CTPAT", jp, on=on)
        assert unknown_role
        assert "confirm the holder acts as one" in unknown_role.explain()

    def test_unimplemented_and_uncertain_arrangements_say_so(self) -> None:
        reg = small_registry()
        verdict = reg.recognizes("CTPAT", grant("EU-AEO", "AEOS"), on=D(2013, 1, 1))
        assert verdict
        text = verdict.explain()
        assert "no implementation date is known; counted from signing on 2012-05-04" in text
        assert "not confirmed by an official source" in text
        assert not reg.recognizes("CTPAT", grant("EU-AEO"), on=D(2013, 1, 1))
        assert (
            "no level on record"
            in reg.recognizes("CTPAT", grant("EU-AEO"), on=D(2013, 1, 1)).explain()
        )

    def test_arrangements_between_and_of(self) -> None:
        reg = small_registry()
        assert [a.id for a in reg.arrangements_between("JP-AEO", "CTPAT")] == ["OLD"]
        assert reg.arrangements_between("JP-AEO", "EU-AEO") == ()
        assert [a.id for a in reg.arrangements_of("CTPAT")] == ["NEW", "OLD"]
        assert [a.id for a, _ in reg.recognitions("CTPAT", "JP-AEO")] == ["OLD"]

    def test_construction_checks(self) -> None:
        programs = list(small_registry().programs.values())
        arrangement = small_registry().arrangements[0]
        with pytest.raises(ctpat.DataError, match="duplicate code"):
            Registry([*programs, programs[0]], data_version="x")
        with pytest.raises(ctpat.DataError, match="duplicate arrangement id"):
            Registry(programs, [arrangement, arrangement], data_version="x")
        with pytest.raises(ctpat.DataError, match="unknown program"):
            Registry(programs[:1], [arrangement], data_version="x")
        bad_level = attrs.evolve(
            arrangement, recognitions=(Recognition("CTPAT", "EU-AEO", levels={"X"}),)
        )
        with pytest.raises(ctpat.DataError, match="not levels of EU-AEO"):
            Registry(programs, [bad_level], data_version="x")
        bad_role = attrs.evolve(
            arrangement, recognitions=(Recognition("CTPAT", "EU-AEO", roles={Role.DRIVER}),)
        )
        with pytest.raises(ctpat.DataError, match="not roles of EU-AEO"):
            Registry(programs, [bad_role], data_version="x")


PROGRAMS = sorted(REG.programs)


@given(
    S.certifications(program=st.sampled_from([*PROGRAMS, "ZZ-AEO"])),
    st.sampled_from([*PROGRAMS, "ZZ-AEO"]),
    S.dates(),
    st.none() | st.sampled_from(Role),
)
def test_recognizes_is_total_and_ok_only_with_a_ground(
    cert: Certification, by: str, on: dt.date, role: Role | None
) -> None:
    verdict = REG.recognizes(by, cert, on=on, role=role)
    assert isinstance(verdict, ctpat.Verdict)
    assert verdict.reasons
    # The registry builds verdicts without the constructors' checks: they must pass them.
    rebuilt = ctpat.Verdict(
        verdict.ok,
        verdict.on,
        tuple(ctpat.Reason(r.code, r.message, r.arrangement) for r in verdict.reasons),
        verdict.data_version,
        verdict.by,
        verdict.certification,
    )
    assert rebuilt == verdict
    assert hash(rebuilt) == hash(verdict)
    assert repr(rebuilt) == repr(verdict)
    if verdict.ok:
        codes = set(verdict.codes())
        assert R.VALID in codes
        assert codes & {R.SAME_PROGRAM, R.ARRANGEMENT_IN_FORCE}
        assert cert.events_standing_on(on).status is ctpat.Status.CERTIFIED
    if by != cert.program and by in REG.programs and cert.program in REG.programs:
        assert verdict.ok == (
            cert.events_standing_on(on).status is ctpat.Status.CERTIFIED
            and cert.program in REG.recognized_by(by, on=on)
            and verdict.has(R.ARRANGEMENT_IN_FORCE)
        )


@given(st.sampled_from(PROGRAMS), S.dates())
def test_recognized_by_agrees_with_the_arrangements(code: str, on: dt.date) -> None:
    expected = {
        rec.of
        for arrangement in REG.arrangements
        for rec in arrangement.recognitions
        if rec.by == code and arrangement.recognition_in_force(rec, on)
    }
    assert REG.recognized_by(code, on=on) == expected


def test_reference_is_loaded_once() -> None:
    assert ctpat.reference() is REG


class TestTermsAndIssuers:
    def test_fixed_term_without_renewal_expires(self) -> None:
        # KR-AEO's fixed term is five years (issue 16; it was stored as three).
        korean = grant("KR-AEO", "AA", on=D(2020, 3, 2))
        assert REG.recognizes("CTPAT", korean, on=D(2025, 3, 1))
        lapsed = REG.recognizes("CTPAT", korean, on=D(2025, 3, 2))
        assert not lapsed
        assert lapsed.has(R.EXPIRED)
        assert "expired after 2025-03-01" in lapsed.explain()
        renewed = korean.record(Event(EventKind.RENEWED, D(2025, 2, 1), until=D(2030, 3, 1)))
        assert REG.recognizes("CTPAT", renewed, on=D(2027, 1, 1))

    def test_uk_issued_eu_aeo_lapsed_after_brexit(self) -> None:
        uk_issued = Certification.grant(
            "EU-AEO", "brit", on=D(2015, 1, 5), level="AEOF", reference="GBAEOF00012345"
        )
        assert REG.recognizes("CTPAT", uk_issued, on=D(2020, 12, 31))
        after = REG.recognizes("CTPAT", uk_issued, on=D(2021, 1, 1))
        assert not after
        assert after.has(R.EXPIRED)
        assert "issued in GB, no longer valid after 2020-12-31" in after.explain()
        german = attrs.evolve(uk_issued, reference="DEAEOF00012345")
        assert REG.recognizes("CTPAT", german, on=D(2021, 1, 1))
        # Without an AEO number, the holder's country decides (as verify passes it).
        plain = attrs.evolve(uk_issued, reference=None)
        assert REG.recognizes("CTPAT", plain, on=D(2021, 1, 1))
        assert not REG.recognizes("CTPAT", plain, on=D(2021, 1, 1), issued_in="GB")
        reg = REG.with_partners(
            ctpat.PartnerData(
                participants=[ctpat.Participant("brit", "Brit Ltd", "GB")], certifications=[plain]
            )
        )
        assert not reg.verify("brit", by="CTPAT", on=D(2021, 1, 1))
        # The UK's own program takes over, recognised under US-GB.
        uk = grant("GB-AEO", "AEOS", on=D(2021, 1, 1))
        assert REG.recognizes("CTPAT", uk, on=D(2021, 6, 1))

    def test_issuer_end_validation(self) -> None:
        with pytest.raises(ctpat.DataError, match="must be a Source"):
            ctpat.IssuerEnd("GB", D(2020, 12, 31), "Brexit", None)  # type: ignore[arg-type]
        program = REG.program("EU-AEO")
        assert program.issuer_end("GB") is not None
        assert program.issuer_end("DE") is None
        with pytest.raises(ctpat.DataError, match="must be an IssuerEnd"):
            attrs.evolve(program, ended_issuers=("GB",))  # type: ignore[arg-type]


@given(st.text())
def test_identifier_keys_drop_separators_and_case(text: str) -> None:
    # The quick path for identifiers without separators gives the same key.
    import re

    from ctpat.partners import lookup_key

    assert lookup_key(text) == re.sub(r"[\s\-./]+", "", text).upper()


@settings(max_examples=300)
@given(
    # Programs with soft deadlines (and India's fixed terms), asked about up to
    # eleven years after the last event: about one case in six has one overdue.
    S.certifications(program=st.sampled_from(["CTPAT", "CA-PIP", "IN-AEO"])),
    st.sampled_from(["CTPAT", "CA-PIP", "EU-AEO"]),
    st.integers(-400, 4000),
)
def test_overdue_reasons_are_the_programs_overdue_deadlines(
    cert: Certification, by: str, days: int
) -> None:
    # A verdict reads the overdue deadlines on its own path: it must report
    # exactly the soft deadlines Registry.deadlines() calls overdue that day.
    try:
        on = cert.events[-1].on + dt.timedelta(days=days)
    except OverflowError:
        return
    try:
        deadlines = REG.deadlines(cert, on=on)
    except (OverflowError, ValueError):  # a deadline past the end of the calendar
        return
    verdict = REG.recognizes(by, cert, on=on)
    expected = [f"{d.name} was due {d.due}" for d in deadlines if d.overdue and d.name != "expiry"]
    got = [
        r.message.split(": ", 1)[1].split(" (", 1)[0]
        for r in verdict.reasons
        if r.code is R.DEADLINE_OVERDUE
    ]
    assert got == expected
