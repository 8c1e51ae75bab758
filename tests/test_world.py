"""The global MRA registry: plurilateral arrangements, level-restricted and one-sided
directions, the United Kingdom after Brexit, and unimplemented arrangements."""

from __future__ import annotations

import datetime as dt
import itertools

import ctpat
from ctpat import Certification, Confidence, ReasonCode

D = dt.date
REG = ctpat.reference()


def test_size_and_confidence_are_visible() -> None:
    assert len(REG.programs) >= 57
    bilateral = [a for a in REG.arrangements if len(a.parties) == 2]
    plurilateral = [a for a in REG.arrangements if len(a.parties) > 2]
    assert len(bilateral) >= 130
    assert len(plurilateral) >= 5
    confidences = {a.source.confidence for a in REG.arrangements}
    assert {Confidence.OFFICIAL, Confidence.UNCERTAIN} <= confidences


def test_pacific_alliance_expands_every_direction() -> None:
    (alliance,) = [a for a in REG.arrangements if a.id == "PACIFIC-ALLIANCE"]
    pairs = {(r.by, r.of) for r in alliance.recognitions}
    assert pairs == set(itertools.permutations(alliance.parties, 2))
    chile = Certification.grant("CL-OEA", "c", on=D(2019, 1, 7))
    verdict = REG.recognizes("MX-OEA", chile, on=D(2024, 1, 1))
    assert verdict
    assert verdict.arrangement == "PACIFIC-ALLIANCE"
    # Signed but no implementation date known: the verdict says so.
    assert "no implementation date is known" in verdict.explain()


def test_level_restricted_directions() -> None:
    general = Certification.grant("TW-AEO", "t", on=D(2015, 1, 5), level="general")
    security = Certification.grant("TW-AEO", "t", on=D(2015, 1, 5), level="security")
    on = D(2024, 1, 1)
    assert not REG.recognizes("KR-AEO", general, on=on)
    assert REG.recognizes("KR-AEO", general, on=on).has(ReasonCode.LEVEL_NOT_COVERED)
    assert REG.recognizes("KR-AEO", security, on=on)
    advanced = Certification.grant("CN-AEO", "c", on=D(2016, 1, 4), level="advanced")
    assert REG.recognizes("HK-AEO", advanced, on=on)


def test_the_uk_has_its_own_arrangements_from_2021() -> None:
    uk = Certification.grant("GB-AEO", "u", on=D(2021, 1, 1), level="AEOS")
    partners = REG.recognized_by("JP-AEO", on=D(2021, 6, 1))
    assert "GB-AEO" in partners
    assert "GB-AEO" not in REG.recognized_by("JP-AEO", on=D(2020, 12, 31))
    assert REG.recognizes("JP-AEO", uk, on=D(2021, 6, 1))
    for arrangement in REG.arrangements_of("GB-AEO"):
        assert all(arrangement.window(r)[0] >= D(2021, 1, 1) for r in arrangement.recognitions)


def test_recognition_is_not_chained_across_the_world() -> None:
    # Korea recognises Singapore and Singapore recognises Australia; Korea's
    # recognition of Australia comes from its own arrangement, never a chain.
    for by, of in (("CTPAT", "CH-AEO"), ("CTPAT", "HK-AEO"), ("EU-AEO", "KR-AEO")):
        cert = Certification.grant(of, "x", on=D(2015, 1, 5))
        assert REG.recognizes(by, cert, on=D(2026, 1, 15)).has(ReasonCode.NO_ARRANGEMENT)
