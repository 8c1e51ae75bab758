"""Verdicts are built in one pass with their reasons; a vet decides each certification once."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import attrs
import pytest

import ctpat
from ctpat import Certification, Participant, ReasonCode, Verdict, recognition

ON = dt.date(2026, 1, 15)


@pytest.fixture
def cert() -> Certification:
    return Certification.grant("EU-AEO", "nut", on=dt.date(2019, 4, 1), level="AEOC")


def _counting(monkeypatch: pytest.MonkeyPatch) -> Counter[int]:
    """How many times the decision ran for each certification (by id)."""
    runs: Counter[int] = Counter()
    judge = recognition._judge

    def counted(*args: object) -> bool:
        runs[id(args[-2])] += 1  # the certification
        return judge(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(recognition, "_judge", counted)
    return runs


def test_a_verdict_is_decided_and_worded_in_one_pass(
    monkeypatch: pytest.MonkeyPatch, cert: Certification
) -> None:
    runs = _counting(monkeypatch)
    verdict = ctpat.reference().recognizes("CTPAT", cert, on=ON)
    assert runs == {id(cert): 1}
    assert not verdict
    assert verdict.codes()[0] is ReasonCode.LEVEL_NOT_COVERED
    assert type(attrs.asdict(verdict, recurse=False)["reasons"]) is tuple
    assert runs == {id(cert): 1}  # reading the reasons decides nothing again


def test_a_vet_decides_each_certification_once(monkeypatch: pytest.MonkeyPatch) -> None:
    day = dt.date(2020, 1, 6)
    people = [Participant(f"p{n}", f"P{n}", "DE") for n in range(4)]
    certs = [
        Certification.grant("EU-AEO", "p0", on=day, level="AEOC"),  # refused
        Certification.grant("EU-AEO", "p0", on=day, level="AEOF"),  # accepted, foreign
        Certification.grant("CTPAT", "p0", on=day),  # accepted, own: the best
        Certification.grant("EU-AEO", "p1", on=day, level="AEOC"),
        Certification.grant("CTPAT", "p2", on=day),
    ]
    registry = ctpat.reference().with_partners(ctpat.PartnerData(people, certs))
    runs = _counting(monkeypatch)
    report = registry.vet(by="CTPAT", on=ON)
    assert report.outcomes == (
        ctpat.vetting.Outcome.PASSED,
        ctpat.vetting.Outcome.FAILED,
        ctpat.vetting.Outcome.PASSED,
        ctpat.vetting.Outcome.UNVERIFIED,
    )
    assert set(runs.values()) == {1}
    assert set(runs) == {id(c) for c in certs}
    runs.clear()
    verdicts = [verdict for _, verdict in report]
    # The verdicts were worded in the pass that decided them: reading them
    # decides nothing again.
    assert [v.certification for v in verdicts] == [certs[2], certs[3], certs[4], None]
    assert all(v.reasons for v in verdicts)
    assert not runs
    assert [v.ok for v in verdicts] == [True, False, True, False]


def test_a_verdict_is_immutable(cert: Certification) -> None:
    verdict = ctpat.reference().recognizes("CTPAT", cert, on=ON)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        verdict.reasons = ()  # type: ignore[misc]
    reasons = verdict.reasons
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        verdict.reasons = ()  # type: ignore[misc]
    assert verdict.reasons is reasons


def test_verdicts_built_by_hand_keep_their_reasons() -> None:
    reason = ctpat.Reason(ReasonCode.VALID, "own")
    verdict = Verdict(True, ON, (reason,), "x")
    assert verdict.reasons == (reason,)
    assert attrs.evolve(verdict, reasons=()).reasons == ()


def test_a_refusal_for_want_of_an_arrangement_does_not_ask_the_rule(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Not accepted whatever its standing: the decision skips the validity rule,
    # and its verdict, built with its reasons, still gives the standing after the refusal.
    asked: list[object] = []
    ruling = ctpat.validity.ruling

    def counted(*args: object) -> object:
        asked.append(args[1])
        return ruling(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(ctpat.validity, "ruling", counted)
    registry = ctpat.reference()
    code = next(c for c in sorted(registry.programs) if not registry.recognitions("CTPAT", c))
    nowhere = Certification.grant(code, "x", on=dt.date(2025, 6, 2))
    assert recognition.accepts(registry.catalog, "CTPAT", nowhere, on=ON) is False
    assert asked == []
    verdict = registry.recognizes("CTPAT", nowhere, on=ON)
    assert verdict.codes()[0] is ReasonCode.NO_ARRANGEMENT
    assert asked == [nowhere]


def test_a_decider_gives_the_verdicts_recognizes_gives() -> None:
    catalog = ctpat.reference().catalog
    day = dt.date(2019, 4, 1)
    certs = [
        Certification.grant("EU-AEO", "a", on=day, level="AEOF"),
        Certification.grant("EU-AEO", "b", on=day, level="AEOC"),
        Certification.grant("EU-AEO", "c", on=day, level="AEOS", reference="GBAEOS0001"),
        Certification.grant("FAST", "d", on=dt.date(2015, 1, 1)),
        Certification.grant("CTPAT", "e", on=day),
        Certification.grant("NOPE", "f", on=day),
    ]
    for role in (None, ctpat.Role.IMPORTER):
        decide = recognition.decider(catalog, "CTPAT", on=ON, role=role)
        for cert in certs:
            for country in (None, "DE", "GB"):
                expected = recognition.recognizes(
                    catalog, "CTPAT", cert, on=ON, role=role, issued_in=country
                )
                assert decide(cert, country) == expected
                assert bool(expected) is recognition.accepts(
                    catalog, "CTPAT", cert, on=ON, role=role, issued_in=country
                )


def test_a_report_holds_entries_only_and_pickles_without_its_catalog() -> None:
    import pickle

    from ctpat.errors import DataError
    from ctpat.vetting import VettingEntry, VettingReport

    people = [Participant("p0", "P0", "DE"), Participant("p1", "P1", "US")]
    certs = [Certification.grant("CTPAT", "p1", on=dt.date(2020, 1, 6))]
    registry = ctpat.reference().with_partners(ctpat.PartnerData(people, certs))
    report = registry.vet(by="CTPAT", on=ON)
    with pytest.raises(DataError, match=r"entries\[1\]"):
        report.with_entries([report.entries[0], "entry"])  # type: ignore[list-item]
    with pytest.raises(DataError, match=r"entries\[0\]"):
        VettingReport("CTPAT", ON, None, "x", [object()])  # type: ignore[list-item]
    again = report.with_entries(reversed(report.entries))
    assert again.outcomes == tuple(reversed(report.outcomes))
    assert again._catalog is report._catalog is registry.catalog
    back = pickle.loads(pickle.dumps(report))
    assert back == report
    assert back.outcomes == report.outcomes
    assert back._catalog is None
    assert [type(e) for e in back.entries] == [VettingEntry, VettingEntry]
