"""Evidence records and weigh(): pure, offline, and only ever keeping or lowering an outcome."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import ctpat
from ctpat import ReasonCode
from ctpat.errors import DataError
from ctpat.evidence import (
    AeoAuthorisation,
    Evidence,
    Finding,
    OfficialService,
    numbers_to_check,
    weigh,
)
from ctpat.vetting import Outcome

ON = dt.date(2026, 1, 15)
AT = dt.datetime(2026, 1, 15, 9, 30, tzinfo=dt.timezone.utc)
ROOT = Path(__file__).parent.parent

RHEIN = ctpat.Participant(
    "rhein", "Rhein Werkzeug GmbH", "DE", identifiers={"eori": "DE812345678901"}
)
QUIET = ctpat.Participant("quiet", "Quiet Supplier", "VN")


def registry(level: str = "AEOF", *, ended: bool = False) -> ctpat.Registry:
    cert = ctpat.Certification.grant(
        "EU-AEO", "rhein", on=dt.date(2016, 9, 12), level=level, reference="DEAEOF1234567"
    )
    if ended:
        cert = cert.record(ctpat.Event(ctpat.EventKind.REVOKED, dt.date(2025, 1, 1)))
    return ctpat.reference().with_partners(
        ctpat.PartnerData(participants=[RHEIN, QUIET], certifications=[cert])
    )


def aeo(finding: Finding, *types: str, reason: str | None = None) -> Evidence:
    return Evidence(
        OfficialService.EU_AEO,
        "DEAEOF1234567",
        finding,
        checked_at=AT,
        request_date=ON,
        authorisations=tuple(
            AeoAuthorisation(t, authority="DE007600", effective_on=dt.date(2016, 9, 12))
            for t in types
        ),
        reason=reason,
    )


def eori(
    finding: Finding, *, reason: str | None = None, number: str = "DE812345678901"
) -> Evidence:
    return Evidence(OfficialService.EU_EORI, number, finding, checked_at=AT, reason=reason)


def outcome_of(
    level: str, *records: Evidence, ended: bool = False
) -> tuple[ctpat.Verdict, Outcome]:
    verdict = registry(level, ended=ended).verify("rhein", by="CTPAT", on=ON)
    weighed = weigh(verdict, RHEIN, records)
    return weighed, Outcome.of(weighed)


# -- weigh: the four answers ------------------------------------------------------------


def test_a_listed_aeo_at_the_claimed_type_is_confirmed() -> None:
    verdict, outcome = outcome_of("AEOF", aeo(Finding.AEO_FOUND, "AEOF"))
    assert outcome is Outcome.PASSED
    assert verdict.codes()[-1] is ReasonCode.CONFIRMED_AT_SOURCE
    assert verdict.reasons[-1].message == (
        "EU AEO DEAEOF1234567 confirmed by the EU AEO service on 2026-01-15: "
        "AEOF (effective 2016-09-12, authority DE007600)"
    )
    assert ReasonCode.CONFIRMED_AT_SOURCE.is_informational


def test_aeof_listed_covers_a_claimed_aeos() -> None:
    _, outcome = outcome_of("AEOS", aeo(Finding.AEO_FOUND, "AEOF"))
    assert outcome is Outcome.PASSED


def test_a_listing_at_another_type_contradicts_the_claim() -> None:
    verdict, outcome = outcome_of("AEOF", aeo(Finding.AEO_FOUND, "AEOC"))
    assert outcome is Outcome.FAILED
    assert not verdict.ok
    assert verdict.codes()[0] is ReasonCode.AEO_TYPE_MISMATCH
    assert "lists EU AEO DEAEOF1234567 as AEOC, not AEOF as claimed" in verdict.reasons[0].message
    # the verdict's own reasons are kept, after the deciding one
    assert ReasonCode.ARRANGEMENT_IN_FORCE in verdict.codes()


def test_not_listed_leaves_the_claim_unverified_not_failed() -> None:
    verdict, outcome = outcome_of("AEOF", aeo(Finding.AEO_NOT_LISTED))
    assert outcome is Outcome.UNVERIFIED
    assert verdict.codes()[0] is ReasonCode.AEO_NOT_LISTED
    assert "consented to publication" in verdict.reasons[0].message


def test_an_unavailable_service_leaves_the_claim_unverified() -> None:
    verdict, outcome = outcome_of(
        "AEOF", aeo(Finding.UNAVAILABLE, reason="unavailable: HTTP 503, after 3 attempts")
    )
    assert outcome is Outcome.UNVERIFIED
    assert verdict.codes()[0] is ReasonCode.SOURCE_UNAVAILABLE
    assert "HTTP 503" in verdict.reasons[0].message


def test_an_unregistered_eori_fails_the_partner() -> None:
    verdict, outcome = outcome_of(
        "AEOF", aeo(Finding.AEO_FOUND, "AEOF"), eori(Finding.NOT_REGISTERED)
    )
    assert outcome is Outcome.FAILED
    assert verdict.codes()[0] is ReasonCode.EORI_NOT_REGISTERED
    assert verdict.codes()[-1] is ReasonCode.CONFIRMED_AT_SOURCE


def test_a_contradiction_comes_before_an_unverified_answer() -> None:
    verdict, outcome = outcome_of(
        "AEOF", aeo(Finding.AEO_NOT_LISTED), eori(Finding.NOT_REGISTERED)
    )
    assert outcome is Outcome.FAILED
    assert verdict.codes()[:2] == (ReasonCode.EORI_NOT_REGISTERED, ReasonCode.AEO_NOT_LISTED)


def test_a_refusal_stays_a_refusal_whatever_the_evidence() -> None:
    before = registry(ended=True).verify("rhein", by="CTPAT", on=ON)
    for record in (aeo(Finding.AEO_FOUND, "AEOF"), aeo(Finding.AEO_NOT_LISTED)):
        weighed = weigh(before, RHEIN, [record])
        assert not weighed.ok
        assert Outcome.of(weighed) is Outcome.of(before) is Outcome.FAILED
        assert weighed.reasons[: len(before.reasons)] == before.reasons


def test_no_certification_stays_unverified() -> None:
    before = registry().verify("quiet", by="CTPAT", on=ON)
    record = eori(Finding.REGISTERED, number="VN0101234567")
    quiet = ctpat.Participant("quiet", "Quiet", "VN", identifiers={"eori": "VN0101234567"})
    weighed = weigh(before, quiet, [record])
    assert Outcome.of(weighed) is Outcome.UNVERIFIED
    assert weighed.codes()[-1] is ReasonCode.CONFIRMED_AT_SOURCE


def test_evidence_about_other_numbers_changes_nothing() -> None:
    before = registry().verify("rhein", by="CTPAT", on=ON)
    other = eori(Finding.NOT_REGISTERED, number="FR40123456789")
    assert weigh(before, RHEIN, [other]) is before
    assert weigh(before, RHEIN, []) is before


def test_repeated_records_count_once() -> None:
    verdict, _ = outcome_of("AEOF", aeo(Finding.AEO_NOT_LISTED), aeo(Finding.AEO_NOT_LISTED))
    assert verdict.codes().count(ReasonCode.AEO_NOT_LISTED) == 1


def test_conflicting_records_about_one_number_all_count() -> None:
    verdict, outcome = outcome_of(
        "AEOF", aeo(Finding.AEO_FOUND, "AEOF"), aeo(Finding.AEO_NOT_LISTED)
    )
    assert outcome is Outcome.UNVERIFIED
    assert ReasonCode.CONFIRMED_AT_SOURCE in verdict.codes()


def test_the_aeo_identifier_is_weighed_too() -> None:
    holder = ctpat.Participant("own", "Own Co", "US", identifiers={"aeo": "NL AEOC 777"})
    verdict = ctpat.Verdict(True, ON, (ctpat.Reason(ReasonCode.VALID, "own"),), "x")
    record = Evidence(
        OfficialService.EU_AEO,
        "NLAEOC777",
        Finding.AEO_FOUND,
        checked_at=AT,
        authorisations=(AeoAuthorisation("AEOS"),),
    )
    weighed = weigh(verdict, holder, [record])
    assert Outcome.of(weighed) is Outcome.FAILED  # the number says AEOC, the list says AEOS
    assert "not AEOC as claimed" in weighed.reasons[0].message


_RANK = {Outcome.FAILED: 0, Outcome.UNVERIFIED: 1, Outcome.PASSED: 2}
_records = st.lists(
    st.one_of(
        st.builds(aeo, st.just(Finding.AEO_FOUND), st.sampled_from(["AEOC", "AEOS", "AEOF"])),
        st.builds(aeo, st.just(Finding.AEO_NOT_LISTED)),
        st.builds(aeo, st.just(Finding.UNAVAILABLE), reason=st.just("down")),
        st.builds(eori, st.sampled_from([Finding.REGISTERED, Finding.NOT_REGISTERED])),
        st.builds(eori, st.just(Finding.UNAVAILABLE), reason=st.just("down")),
    ),
    max_size=4,
)


@given(
    level=st.sampled_from(["AEOC", "AEOS", "AEOF"]),
    ended=st.booleans(),
    records=_records,
    holder=st.sampled_from(["rhein", "quiet"]),
)
def test_evidence_only_ever_keeps_or_lowers_an_outcome(
    level: str, ended: bool, records: list[Evidence], holder: str
) -> None:
    reg = registry(level, ended=ended)
    participant = reg.participant(holder)
    before = reg.verify(holder, by="CTPAT", on=ON)
    after = weigh(before, participant, records)
    assert after.ok <= before.ok
    assert _RANK[Outcome.of(after)] <= _RANK[Outcome.of(before)]
    assert set(before.reasons) <= set(after.reasons)
    unconfirmed = {Finding.AEO_NOT_LISTED, Finding.UNAVAILABLE, Finding.NOT_REGISTERED}
    if holder == "rhein" and any(r.finding in unconfirmed for r in records):
        assert not after.ok


# -- the records ------------------------------------------------------------------------


def test_records_round_trip_through_json() -> None:
    record = aeo(Finding.AEO_FOUND, "AEOF", "AEOC")
    text = ctpat.to_json(record)
    assert ctpat.from_json(text, Evidence) == record
    assert json.loads(text)["checked_at"] == AT.isoformat()
    assert json.loads(text)["authorisations"][0]["effective_on"] == "2016-09-12"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"finding": Finding.REGISTERED}, "finding"),
        ({"checked_at": dt.datetime(2026, 1, 15)}, "checked_at"),
        ({"finding": Finding.UNAVAILABLE, "authorisations": ()}, "reason"),
        ({"reason": "why"}, "reason"),
        ({"authorisations": ()}, "authorisations"),
        ({"query": ""}, "query"),
        ({"request_date": AT}, "request_date"),
    ],
)
def test_records_refuse_what_a_service_cannot_say(changes: dict[str, object], field: str) -> None:
    values: dict[str, object] = {
        "service": OfficialService.EU_AEO,
        "query": "DEAEOF1234567",
        "finding": Finding.AEO_FOUND,
        "checked_at": AT,
        "authorisations": (AeoAuthorisation("AEOF"),),
    }
    values.update(changes)
    with pytest.raises(DataError) as caught:
        Evidence(**values)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_reading_bad_record_data_is_a_data_error() -> None:
    good = ctpat.to_dict(eori(Finding.REGISTERED))
    for bad, path in (
        ({**good, "colour": "red"}, "colour"),
        ({**good, "checked_at": "soon"}, "checked_at"),
        ({**good, "finding": "maybe"}, "finding"),
    ):
        with pytest.raises(DataError) as caught:
            ctpat.from_dict(bad, Evidence)
        assert caught.value.field == path


def test_numbers_to_check_reads_identifiers_and_eu_aeo_references() -> None:
    reg = registry()
    assert numbers_to_check(RHEIN, reg.certifications_of("rhein")) == (
        ("DE812345678901",),
        ("DEAEOF1234567",),
    )
    assert numbers_to_check(QUIET) == ((), ())


# -- the core stays offline ---------------------------------------------------------------


def test_import_ctpat_imports_nothing_online() -> None:
    code = (
        "import sys, ctpat, ctpat.evidence; "
        "ctpat.reference().recognizes('CTPAT', ctpat.Certification.grant('CTPAT', 'a', "
        "on=__import__('datetime').date(2024, 1, 1)), on=__import__('datetime').date(2025, 1, 1)); "
        "print(sorted(m for m in sys.modules if m.split('.')[0] in "
        "('httpx', 'defusedxml', 'httpcore') or m.startswith('ctpat.online')))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"


def test_the_plain_install_requires_nothing_online() -> None:
    tomllib = pytest.importorskip("tomllib")  # Python 3.11+
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    plain = " ".join(project["dependencies"])
    assert "httpx" not in plain
    assert "defusedxml" not in plain
    assert "httpcore" not in plain
    # httpcore comes with httpx; ctpat.online uses its network layer directly.
    assert sorted(d.split(">")[0] for d in project["optional-dependencies"]["online"]) == [
        "defusedxml",
        "httpcore",
        "httpx",
    ]


def test_the_core_names_are_public_in_their_module() -> None:
    assert "evidence" in ctpat.__all__
    for name in ("Evidence", "Finding", "OfficialService", "AeoAuthorisation", "weigh"):
        assert name in ctpat.evidence.__all__


def test_enums_print_as_their_values_and_bad_parts_are_refused() -> None:
    assert (str(OfficialService.EU_AEO), str(Finding.AEO_FOUND)) == ("eu-aeo", "aeo-found")
    with pytest.raises(DataError) as caught:
        Evidence(
            OfficialService.EU_AEO,
            "DEAEOF1234567",
            Finding.AEO_FOUND,
            checked_at=AT,
            authorisations=("AEOF",),  # type: ignore[arg-type]
        )
    assert caught.value.field == "authorisations[0]"
    good = ctpat.to_dict(aeo(Finding.AEO_FOUND, "AEOF"))
    for bad in (
        {**good, "checked_at": 5},
        {**good, "request_date": 5},
        {**good, "request_date": "30/06/2026"},
    ):
        with pytest.raises(DataError):
            ctpat.from_dict(bad, Evidence)
