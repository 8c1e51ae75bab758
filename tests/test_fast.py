"""FAST: driver cards and lane eligibility, party by party, on every lane."""

from __future__ import annotations

import datetime as dt
from itertools import product

import pytest
from dateutil.relativedelta import relativedelta

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
    fast,
)

D = dt.date
R = ReasonCode
ON = D(2026, 6, 1)
LANES = (("US", "northern"), ("US", "southern"), ("CA", "northern"))


def _held_by(cert: Certification, holder: str) -> Certification:
    return Certification(cert.program, holder, cert.events, cert.reference, cert.role)


def _withdrawn(cert: Certification, on: D) -> Certification:
    return cert.record(Event(EventKind.WITHDRAWN, on))


# One participant per party and state: "ok" qualifies on every lane it can
# take part in, "bad" holds the needed certification but not in force, and
# "none" holds nothing (a missing manufacturer is simply not given).
PARTICIPANTS = [
    Participant("imp-ok", "Good Imports", "US", roles={Role.IMPORTER}),
    Participant("imp-bad", "Lapsed Imports", "US", roles={Role.IMPORTER}),
    Participant("imp-none", "New Imports", "US", roles={Role.IMPORTER}),
    Participant("car-ok", "Good Trucking", "CA", roles={Role.HIGHWAY_CARRIER}),
    Participant("car-bad", "Lapsed Trucking", "CA", roles={Role.HIGHWAY_CARRIER}),
    Participant("car-none", "New Trucking", "CA", roles={Role.HIGHWAY_CARRIER}),
    Participant("drv-ok", "Good Driver", "CA", roles={Role.DRIVER}),
    Participant("drv-bad", "Lapsed Driver", "CA", roles={Role.DRIVER}),
    Participant("drv-none", "New Driver", "CA", roles={Role.DRIVER}),
    Participant("mfr-ok", "Good Maquila", "MX", roles={Role.MANUFACTURER}),
    Participant("mfr-bad", "Lapsed Maquila", "MX", roles={Role.MANUFACTURER}),
    Participant("mfr-none", "New Maquila", "MX", roles={Role.MANUFACTURER}),
]
CERTS = [
    Certification.grant("CTPAT", "imp-ok", on=D(2022, 1, 10), level="tier-2", role=Role.IMPORTER),
    Certification.grant("CA-PIP", "imp-ok", on=D(2020, 4, 1)),
    Certification.grant("CTPAT", "imp-bad", on=D(2019, 1, 10), role=Role.IMPORTER).record(
        Event(EventKind.REVOKED, D(2025, 2, 1))
    ),
    Certification.grant("CA-PIP", "imp-bad", on=D(2019, 1, 10)).record(
        Event(EventKind.SUSPENDED, D(2026, 3, 4))
    ),
    Certification.grant("CTPAT", "car-ok", on=D(2021, 5, 1), role=Role.HIGHWAY_CARRIER),
    Certification.grant("CA-PIP", "car-ok", on=D(2021, 5, 1), role=Role.HIGHWAY_CARRIER),
    Certification.grant("CTPAT", "car-bad", on=D(2020, 5, 1), role=Role.HIGHWAY_CARRIER).record(
        Event(EventKind.SUSPENDED, D(2026, 2, 3))
    ),
    _withdrawn(
        Certification.grant("CA-PIP", "car-bad", on=D(2020, 5, 1), role=Role.HIGHWAY_CARRIER),
        D(2025, 12, 1),
    ),
    fast.card("drv-ok", on=D(2024, 1, 10)),
    fast.card("drv-bad", on=D(2021, 5, 3)),
    Certification.grant("CTPAT", "mfr-ok", on=D(2018, 9, 1), role=Role.MANUFACTURER),
    _withdrawn(Certification.grant("CTPAT", "mfr-bad", on=D(2018, 9, 1)), D(2026, 1, 5)),
]
REG = ctpat.reference().with_partners(
    ctpat.PartnerData(participants=PARTICIPANTS, certifications=CERTS)
)

# The code each "bad" participant is reported with, by lane country.
BAD_CODE = {
    ("US", "importer"): R.REVOKED,
    ("CA", "importer"): R.SUSPENDED,
    ("US", "carrier"): R.SUSPENDED,
    ("CA", "carrier"): R.WITHDRAWN,
    ("US", "driver"): R.EXPIRED,
    ("CA", "driver"): R.EXPIRED,
    ("US", "manufacturer"): R.WITHDRAWN,
}
PREFIX = {"importer": "imp", "carrier": "car", "driver": "drv", "manufacturer": "mfr"}


def _party(reason: ctpat.Reason) -> str:
    return reason.message.split(":", 1)[0].split()[0]


def _truth_table() -> list[pytest.ParameterSet]:
    cases = []
    for into, border in LANES:
        southern = border == "southern"
        parties = ("importer", "carrier", "driver", "manufacturer")[: 4 if southern else 3]
        seals = (True, False) if southern else (False,)
        for states in product(("ok", "none", "bad"), repeat=len(parties)):
            for sealed in seals:
                given = dict(zip(parties, states, strict=True))
                label = "-".join(f"{p[:3]}={s}" for p, s in given.items())
                if southern:
                    label += "-sealed" if sealed else "-unsealed"
                cases.append(
                    pytest.param(into, border, given, sealed, id=f"{into}-{border}-{label}")
                )
    return cases


class TestTruthTable:
    @pytest.mark.parametrize(("into", "border", "given", "sealed"), _truth_table())
    def test_every_lane_and_every_combination_of_lacking_parties(
        self, into: str, border: str, given: dict[str, str], sealed: bool
    ) -> None:
        ids: dict[str, str | None] = {p: f"{PREFIX[p]}-{s}" for p, s in given.items()}
        if given.get("manufacturer") == "none":
            ids["manufacturer"] = None  # a missing manufacturer is one not given
        verdict = fast.lane_eligibility(
            REG,
            into=into,
            border=border,
            importer=f"imp-{given['importer']}",
            carrier=f"car-{given['carrier']}",
            driver=f"drv-{given['driver']}",
            manufacturer=ids.get("manufacturer"),
            sealed=sealed,
            on=ON,
        )
        southern = border == "southern"
        expected_order = ["importer", "carrier", "driver"] + (
            ["manufacturer", "seal"] if southern else []
        )
        assert [_party(r) for r in verdict.reasons] == expected_order
        lacking = [p for p, s in given.items() if s != "ok"]
        if southern and not sealed:
            lacking.append("seal")
        assert verdict.ok is (not lacking)
        assert bool(verdict) is verdict.ok
        assert [_party(r) for r in verdict.reasons if r.code is not R.VALID] == lacking
        for reason in verdict.reasons:
            party = _party(reason)
            state = given.get(party, "ok" if sealed else "none")
            expected = {
                "ok": R.VALID,
                "none": R.MISSING_PARTY,
                "bad": BAD_CODE.get((into, party)),
            }[state]
            assert reason.code is expected, reason.message
            if party != "seal" and ids[party] is not None:
                assert reason.message.startswith(f"{party} {ids[party]}: ")
        assert verdict.by == "FAST"
        assert verdict.on == ON
        assert verdict.certification is None
        assert verdict.data_version == REG.data_version


def _check_in(reg: Registry, **kwargs: object) -> Verdict:
    """The northern lane into the US with qualifying parties, but for ``kwargs``."""
    lane: dict[str, object] = {
        "into": "US",
        "border": "northern",
        "importer": "imp-ok",
        "carrier": "car-ok",
        "driver": "drv-ok",
        "on": ON,
    }
    lane.update(kwargs)
    return fast.lane_eligibility(reg, **lane)  # type: ignore[arg-type]


def _check(**kwargs: object) -> Verdict:
    return _check_in(REG, **kwargs)


def _reason(verdict: Verdict, party: str) -> ctpat.Reason:
    (found,) = [r for r in verdict.reasons if _party(r) == party]
    return found


class TestMessages:
    def test_all_valid_explains_each_party(self) -> None:
        verdict = _check()
        assert verdict
        assert verdict.explain() == (
            f"Accepted by FAST on 2026-06-01 (reference data {REG.data_version}):\n"
            "- importer imp-ok: CTPAT certification in force since 2022-01-10\n"
            "- carrier car-ok: CTPAT certification in force since 2021-05-01\n"
            "- driver drv-ok: FAST card in force since 2024-01-10, valid until 2029-01-09"
        )

    def test_suspended_carrier_names_the_date(self) -> None:
        reg = ctpat.reference().with_partners(
            ctpat.PartnerData(
                participants=[
                    *PARTICIPANTS,
                    Participant(
                        "acme-trucking", "Acme Trucking", "CA", roles={Role.HIGHWAY_CARRIER}
                    ),
                ],
                certifications=[
                    *CERTS,
                    Certification.grant(
                        "CTPAT", "acme-trucking", on=D(2022, 3, 1), role=Role.HIGHWAY_CARRIER
                    ).record(Event(EventKind.SUSPENDED, D(2026, 2, 3))),
                ],
            )
        )
        verdict = fast.lane_eligibility(
            reg,
            into="US",
            border="northern",
            importer="imp-ok",
            carrier="acme-trucking",
            driver="drv-ok",
            on=ON,
        )
        assert not verdict
        assert verdict.codes() == (R.VALID, R.SUSPENDED, R.VALID)
        assert verdict.reasons[1].message == (
            "carrier acme-trucking: CTPAT certification suspended since 2026-02-03"
        )

    def test_expired_fast_card(self) -> None:
        verdict = _check(driver="drv-bad")
        assert (
            _reason(verdict, "driver").message
            == "driver drv-bad: FAST card expired since 2026-05-03"
        )
        # The day before, the card was still in force.
        assert _check(driver="drv-bad", on=D(2026, 5, 2))

    def test_nothing_on_record(self) -> None:
        verdict = _check(importer="imp-none", driver="drv-none")
        assert (
            _reason(verdict, "importer").message
            == "importer imp-none: no CTPAT certification on record"
        )
        assert _reason(verdict, "driver").message == "driver drv-none: no FAST card on record"
        assert _reason(verdict, "importer").arrangement is None

    def test_southern_missing_manufacturer_and_seal(self) -> None:
        verdict = _check(border="southern")
        assert verdict.codes() == (R.VALID, R.VALID, R.VALID, R.MISSING_PARTY, R.MISSING_PARTY)
        assert "manufacturer: none given" in verdict.reasons[3].message
        assert "ISO 17712" in verdict.reasons[4].message
        uncertified = _check(border="southern", manufacturer="mfr-none", sealed=True)
        assert uncertified.codes()[3:] == (R.MISSING_PARTY, R.VALID)
        assert uncertified.reasons[3].message == (
            "manufacturer mfr-none: no CTPAT certification on record"
        )
        sealed = _check(border="southern", manufacturer="mfr-ok", sealed=True)
        assert sealed
        assert sealed.reasons[3].message == (
            "manufacturer mfr-ok: CTPAT certification in force since 2018-09-01"
        )
        assert sealed.reasons[4].message.startswith("seal: applied by the manufacturer")

    def test_manufacturer_and_seal_count_only_at_the_southern_border(self) -> None:
        for into in ("US", "CA"):
            verdict = _check(into=into, manufacturer="mfr-bad", sealed=True)
            assert verdict
            assert [_party(r) for r in verdict.reasons] == ["importer", "carrier", "driver"]


def _registry(participants: list[Participant], certifications: list[Certification]) -> Registry:
    return ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[*PARTICIPANTS, *participants], certifications=[*CERTS, *certifications]
        )
    )


class TestRoles:
    def test_a_carrier_certified_for_another_role_fails_as_carrier(self) -> None:
        reg = _registry(
            [Participant("acme", "Acme", "US", roles={Role.IMPORTER, Role.HIGHWAY_CARRIER})],
            [Certification.grant("CTPAT", "acme", on=D(2021, 1, 4), role=Role.IMPORTER)],
        )
        verdict = fast.lane_eligibility(
            reg, into="US", border="northern", importer="acme", carrier="acme",
            driver="drv-ok", on=ON,
        )  # fmt: skip
        assert verdict.codes() == (R.VALID, R.MISSING_PARTY, R.VALID)
        assert verdict.reasons[1].message == (
            "carrier acme: CTPAT certification covers importer, not highway carrier"
        )

    def test_a_certification_without_a_role_counts_only_for_a_listed_carrier(self) -> None:
        reg = _registry(
            [
                Participant("listed", "Listed", "CA", roles={Role.HIGHWAY_CARRIER}),
                Participant("unlisted", "Unlisted", "CA", roles={Role.IMPORTER}),
            ],
            [
                Certification.grant("CTPAT", "listed", on=D(2021, 1, 4)),
                Certification.grant("CTPAT", "unlisted", on=D(2021, 1, 4)),
            ],
        )

        def carrier(pid: str) -> ctpat.Reason:
            verdict = fast.lane_eligibility(
                reg, into="US", border="northern", importer="imp-ok", carrier=pid,
                driver="drv-ok", on=ON,
            )  # fmt: skip
            return verdict.reasons[1]

        assert carrier("listed").code is R.VALID
        assert carrier("unlisted").code is R.MISSING_PARTY
        assert carrier("unlisted").message == (
            "carrier unlisted: CTPAT certification names no role and unlisted is not "
            "listed as a highway carrier"
        )

    def test_manufacturer_role_is_checked_too(self) -> None:
        reg = _registry(
            [Participant("trader", "Trader SA", "MX", roles={Role.EXPORTER})],
            [Certification.grant("CTPAT", "trader", on=D(2021, 1, 4))],
        )
        verdict = fast.lane_eligibility(
            reg, into="US", border="southern", importer="imp-ok", carrier="car-ok",
            driver="drv-ok", manufacturer="trader", sealed=True, on=ON,
        )  # fmt: skip
        assert verdict.codes()[3] is R.MISSING_PARTY
        assert "not listed as a manufacturer" in verdict.reasons[3].message

    def test_importer_certification_needs_no_listed_role_but_not_another_one(self) -> None:
        reg = _registry(
            [
                Participant("plain", "Plain Co", "US"),
                Participant("hauler", "Hauler Co", "US", roles={Role.IMPORTER}),
            ],
            [
                Certification.grant("CTPAT", "plain", on=D(2021, 1, 4)),
                Certification.grant(
                    "CTPAT", "hauler", on=D(2021, 1, 4), role=Role.HIGHWAY_CARRIER
                ),
            ],
        )

        def importer(pid: str) -> ctpat.Reason:
            verdict = fast.lane_eligibility(
                reg, into="US", border="northern", importer=pid, carrier="car-ok",
                driver="drv-ok", on=ON,
            )  # fmt: skip
            return verdict.reasons[0]

        assert importer("plain").code is R.VALID
        assert importer("hauler").code is R.MISSING_PARTY
        assert importer("hauler").message == (
            "importer hauler: CTPAT certification covers highway carrier, not importer"
        )


class TestMutualRecognitionCannotStandIn:
    def test_eu_aeo_importer_recognised_by_ctpat_does_not_qualify(self) -> None:
        aeo = Certification.grant("EU-AEO", "bolt", on=D(2019, 4, 1), level="AEOF")
        reg = _registry([Participant("bolt", "Bolt BV", "NL", roles={Role.IMPORTER})], [aeo])
        # CTPAT itself accepts the AEO under US-EU ...
        assert reg.verify("bolt", by="CTPAT", on=ON).arrangement == "US-EU"
        # ... but a FAST lane needs CTPAT.
        verdict = _check_in(reg, importer="bolt")
        assert not verdict
        reason = verdict.reasons[0]
        assert reason.code is R.MISSING_PARTY
        assert reason.arrangement == "US-EU"
        assert reason.message == (
            "importer bolt: holds EU-AEO, which CTPAT recognises under US-EU, "
            "but FAST lanes need CTPAT itself"
        )

    def test_an_unrecognised_foreign_certification_is_just_nothing(self) -> None:
        aeoc = Certification.grant("EU-AEO", "nut", on=D(2019, 4, 1), level="AEOC")
        reg = _registry([Participant("nut", "Nut BV", "NL")], [aeoc])
        reason = _check_in(reg, importer="nut").reasons[0]
        assert reason.message == "importer nut: no CTPAT certification on record"
        assert reason.arrangement is None

    def test_pip_carrier_into_the_us_and_ctpat_importer_into_canada(self) -> None:
        reg = _registry(
            [
                Participant("north", "North Haul", "CA", roles={Role.HIGHWAY_CARRIER}),
                Participant("yank", "Yank Imports", "US", roles={Role.IMPORTER}),
            ],
            [
                Certification.grant(
                    "CA-PIP", "north", on=D(2020, 1, 6), role=Role.HIGHWAY_CARRIER
                ),
                Certification.grant("CTPAT", "yank", on=D(2020, 1, 6), role=Role.IMPORTER),
            ],
        )
        into_us = _check_in(reg, carrier="north")
        assert into_us.codes() == (R.VALID, R.MISSING_PARTY, R.VALID)
        assert into_us.reasons[1].message == (
            "carrier north: holds CA-PIP, which CTPAT recognises under US-CA, "
            "but FAST lanes need CTPAT itself"
        )
        into_ca = _check_in(reg, into="CA", importer="yank")
        assert into_ca.codes() == (R.MISSING_PARTY, R.VALID, R.VALID)
        assert into_ca.reasons[0].arrangement == "US-CA"
        assert "but FAST lanes need CA-PIP itself" in into_ca.reasons[0].message

    def test_mexican_oea_manufacturer_does_not_qualify(self) -> None:
        oea = Certification.grant("MX-OEA", "bajio", on=D(2019, 4, 1), role=Role.MANUFACTURER)
        reg = _registry([Participant("bajio", "Bajio", "MX", roles={Role.MANUFACTURER})], [oea])
        verdict = _check_in(reg, border="southern", manufacturer="bajio", sealed=True)
        assert verdict.codes() == (R.VALID, R.VALID, R.VALID, R.MISSING_PARTY, R.VALID)
        assert verdict.reasons[3].arrangement == "US-MX"


class TestCanada:
    def test_pip_importer_and_carrier_with_a_fast_driver(self) -> None:
        verdict = _check(into="CA")
        assert verdict
        assert verdict.reasons[0].message == (
            "importer imp-ok: CA-PIP certification in force since 2020-04-01"
        )
        assert verdict.reasons[1].message == (
            "carrier car-ok: CA-PIP certification in force since 2021-05-01"
        )

    def test_lapsed_pip_members(self) -> None:
        verdict = _check(into="CA", importer="imp-bad", carrier="car-bad")
        assert verdict.reasons[0].message == (
            "importer imp-bad: CA-PIP certification suspended since 2026-03-04"
        )
        assert verdict.reasons[1].message == (
            "carrier car-bad: CA-PIP certification withdrawn since 2025-12-01"
        )


class TestSeveralCertifications:
    def test_any_valid_one_suffices(self) -> None:
        old = fast.card("multi", on=D(2016, 3, 1))
        new = fast.card("multi", on=D(2023, 2, 20))
        reg = _registry([Participant("multi", "Multi", "CA")], [old, new])
        reason = _check_in(reg, driver="multi").reasons[2]
        assert reason.code is R.VALID
        assert reason.message == (
            "driver multi: FAST card in force since 2023-02-20, valid until 2028-02-19"
        )

    def test_otherwise_the_latest_started_is_reported(self) -> None:
        early = Certification.grant("CTPAT", "many", on=D(2015, 1, 5), role=Role.IMPORTER).record(
            Event(EventKind.SUSPENDED, D(2025, 1, 1))
        )
        late = _withdrawn(
            Certification.grant("CTPAT", "many", on=D(2019, 1, 5), role=Role.IMPORTER),
            D(2024, 6, 1),
        )
        same_day = Certification.grant("CTPAT", "tied", on=D(2019, 1, 5)).record(
            Event(EventKind.REVOKED, D(2020, 1, 1))
        )
        tied_last = Certification.grant("CTPAT", "tied", on=D(2019, 1, 5)).record(
            Event(EventKind.SUSPENDED, D(2021, 1, 1))
        )
        reg = _registry(
            [Participant("many", "Many", "US"), Participant("tied", "Tied", "US")],
            [late, early, same_day, tied_last],
        )
        reason = _check_in(reg, importer="many").reasons[0]
        assert reason.code is R.WITHDRAWN
        assert reason.message == "importer many: CTPAT certification withdrawn since 2024-06-01"
        # Of two started on the same day, the one recorded last.
        assert _check_in(reg, importer="tied").reasons[0].code is R.SUSPENDED

    def test_not_yet_in_force_applicant_rejected_and_reinstated(self) -> None:
        future = Certification.grant("CTPAT", "future", on=D(2026, 9, 1), role=Role.IMPORTER)
        applied = Certification(
            "CTPAT", "applied", (Event(EventKind.APPLIED, D(2026, 3, 2)),), role=Role.IMPORTER
        )
        rejected = applied.record(Event(EventKind.REJECTED, D(2026, 5, 5)))
        back = (
            Certification.grant("CTPAT", "back", on=D(2020, 1, 6), role=Role.IMPORTER)
            .record(Event(EventKind.SUSPENDED, D(2025, 1, 1)))
            .record(Event(EventKind.REINSTATED, D(2025, 3, 1)))
        )
        reg = _registry(
            [Participant(p, p.title(), "US") for p in ("future", "applied", "refused", "back")],
            [future, applied, _held_by(rejected, "refused"), back],
        )
        cases = {
            "future": (
                R.NOT_CERTIFIED_YET,
                "CTPAT certification not in force yet (first recorded on 2026-09-01)",
            ),
            "applied": (
                R.NOT_CERTIFIED_YET,
                "CTPAT certification applied for since 2026-03-02, not certified yet",
            ),
            "refused": (R.REJECTED, "CTPAT certification rejected since 2026-05-05"),
            "back": (R.VALID, "CTPAT certification in force since 2025-03-01"),
        }
        for pid, (code, message) in cases.items():
            reason = _check_in(reg, importer=pid).reasons[0]
            assert (reason.code, reason.message) == (code, f"importer {pid}: {message}")


class TestCard:
    def test_default_term_is_five_years_less_a_day(self) -> None:
        c = fast.card("d-17", on=D(2021, 5, 3), reference="FAST-4242")
        assert (c.program, c.holder, c.role, c.reference) == (
            fast.PROGRAM,
            "d-17",
            Role.DRIVER,
            "FAST-4242",
        )
        assert c.events == (Event(EventKind.CERTIFIED, D(2021, 5, 3), until=D(2026, 5, 2)),)
        assert c.events_standing_on(D(2026, 5, 2)).status is ctpat.Status.CERTIFIED
        assert c.events_standing_on(D(2026, 5, 3)).status is not ctpat.Status.CERTIFIED
        # From 29 February the fifth anniversary falls on 28 February.
        assert fast.card("leap", on=D(2024, 2, 29)).events[0].until == D(2029, 2, 27)

    def test_the_term_comes_from_the_fast_program(self) -> None:
        assert fast.PROGRAM == "FAST"
        program = ctpat.reference().program(fast.PROGRAM)
        assert program.policy.expires_after == relativedelta(years=5)
        assert program.roles == {Role.DRIVER}

    def test_explicit_until(self) -> None:
        c = fast.card("d-17", on=D(2021, 5, 3), until=D(2025, 11, 14))
        assert c.events_standing_on(D(2021, 5, 3)).until == D(2025, 11, 14)
        assert c.events_standing_on(D(2025, 11, 15)).status is ctpat.Status.EXPIRED
        assert c.reference is None

    def test_bad_until_names_the_field(self) -> None:
        with pytest.raises(DataError) as err:
            fast.card("d-17", on=D(2021, 5, 3), until=D(2021, 5, 2))
        assert err.value.field == "until"

    def test_renewal_keeps_the_card_valid(self) -> None:
        c = fast.card("drv-renew", on=D(2021, 5, 3)).record(
            Event(EventKind.RENEWED, D(2026, 4, 1), until=D(2031, 5, 2))
        )
        reg = _registry([Participant("drv-renew", "Renewed", "CA")], [c])
        assert _check_in(reg, driver="drv-renew")


class TestBadInput:
    @pytest.mark.parametrize(
        ("into", "border", "field", "value"),
        [
            ("MX", "northern", "into", "MX"),
            ("us", "northern", "into", "us"),
            ("", "northern", "into", ""),
            (None, "northern", "into", None),
            ("US", "eastern", "border", "eastern"),
            ("US", "Northern", "border", "Northern"),
            ("US", 1, "border", 1),
            ("CA", "southern", "border", "southern"),
        ],
    )
    def test_lane_values_name_the_field(
        self, into: object, border: object, field: str, value: object
    ) -> None:
        with pytest.raises(DataError) as err:
            _check(into=into, border=border)
        assert (err.value.field, err.value.value) == (field, value)
        assert repr(value) in str(err.value)

    def test_canada_southern_says_why(self) -> None:
        with pytest.raises(DataError, match="northern border only"):
            _check(into="CA", border="southern")

    def test_other_arguments(self) -> None:
        with pytest.raises(DataError) as err:
            _check(sealed="yes")
        assert err.value.field == "sealed"
        with pytest.raises(DataError) as err:
            _check(on=dt.datetime(2026, 6, 1, 12, 0))
        assert err.value.field == "on"

    @pytest.mark.parametrize("party", ["importer", "carrier", "driver", "manufacturer"])
    def test_unknown_participants(self, party: str) -> None:
        for border in ("northern", "southern"):
            with pytest.raises(UnknownParticipant, match="ghost") as err:
                _check(border=border, **{party: "ghost"})
            assert err.value.key == "ghost"

    def test_participant_objects(self) -> None:
        verdict = _check(importer=PARTICIPANTS[0], carrier=PARTICIPANTS[3], driver=PARTICIPANTS[6])
        assert verdict == _check()
        with pytest.raises(UnknownParticipant):
            _check(carrier=Participant("ghost", "Ghost Haulage", "CA"))

    def test_the_bare_reference_registry_knows_no_participants(self) -> None:
        with pytest.raises(UnknownParticipant):
            fast.lane_eligibility(
                ctpat.reference(), into="US", border="northern", importer="imp-ok",
                carrier="car-ok", driver="drv-ok", on=ON,
            )  # fmt: skip
