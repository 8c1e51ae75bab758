"""Vetting with evidence from the official services: it only keeps or lowers an outcome."""

from __future__ import annotations

import datetime as dt

import pytest

import ctpat
from ctpat import Certification, DataError, Participant, ReasonCode
from ctpat.evidence import AeoAuthorisation, Evidence, Finding, OfficialService
from ctpat.vetting import Outcome

ON = dt.date(2026, 1, 15)
AT = dt.datetime(2026, 1, 15, 9, 0, tzinfo=dt.timezone.utc)


@pytest.fixture
def registry() -> ctpat.Registry:
    return ctpat.reference().with_partners(
        ctpat.PartnerData(
            [
                Participant("rhein", "Rhein GmbH", "DE"),
                Participant("lyon", "Lyon SA", "FR"),
                Participant("gent", "Gent NV", "BE"),
                Participant("acme", "Acme", "US"),
            ],
            [
                Certification.grant(
                    "EU-AEO", "rhein", on=dt.date(2018, 1, 1), level="AEOF", reference="DEAEOF0001"
                ),
                Certification.grant(
                    "EU-AEO", "lyon", on=dt.date(2018, 1, 1), level="AEOS", reference="FRAEOS0002"
                ),
                Certification.grant(
                    "EU-AEO", "gent", on=dt.date(2018, 1, 1), level="AEOS", reference="BEAEOS0003"
                ),
                Certification.grant("CTPAT", "acme", on=dt.date(2020, 1, 6)),
            ],
        )
    )


def aeo(number: str, finding: Finding, *types: str) -> Evidence:
    found = tuple(AeoAuthorisation(kind) for kind in types)
    return Evidence(OfficialService.EU_AEO, number, finding, checked_at=AT, authorisations=found)


EVIDENCE = [
    aeo("DEAEOF0001", Finding.AEO_FOUND, "AEOF"),
    aeo("FRAEOS0002", Finding.AEO_FOUND, "AEOC"),
    aeo("BEAEOS0003", Finding.AEO_NOT_LISTED),
]


def test_vet_confirms_contradicts_and_leaves_unverified(registry: ctpat.Registry) -> None:
    plain = registry.vet(by="CTPAT", on=ON)
    assert plain.outcomes == (Outcome.PASSED,) * 4
    report = registry.vet(by="CTPAT", on=ON, evidence=EVIDENCE)
    assert dict(zip((p.id for p, _ in report), report.outcomes, strict=True)) == {
        "rhein": Outcome.PASSED,
        "lyon": Outcome.FAILED,
        "gent": Outcome.UNVERIFIED,
        "acme": Outcome.PASSED,
    }
    verdicts = {p.id: v for p, v in report}
    assert verdicts["lyon"].codes()[0] is ReasonCode.AEO_TYPE_MISMATCH
    assert verdicts["gent"].codes()[0] is ReasonCode.AEO_NOT_LISTED
    assert verdicts["rhein"].has(ReasonCode.CONFIRMED_AT_SOURCE)
    assert verdicts["acme"] == plain.entries[3].verdict  # no evidence about it: unchanged


def test_verify_takes_the_same_evidence(registry: ctpat.Registry) -> None:
    report = registry.vet(by="CTPAT", on=ON, evidence=EVIDENCE)
    for participant, verdict in report:
        assert registry.verify(participant, by="CTPAT", on=ON, evidence=EVIDENCE) == verdict


def test_evidence_must_be_evidence(registry: ctpat.Registry) -> None:
    with pytest.raises(DataError) as err:
        registry.vet(by="CTPAT", on=ON, evidence=["DEAEOF0001"])  # type: ignore[list-item]
    assert err.value.field == "evidence[0]"
