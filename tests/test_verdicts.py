"""Verdicts whose reasons are worded on first read behave as verdicts built with them."""

from __future__ import annotations

import copy
import datetime as dt
import pickle

import attrs
import pytest

import ctpat
from ctpat import Certification, ReasonCode, Verdict, recognition

ON = dt.date(2026, 1, 15)


@pytest.fixture
def cert() -> Certification:
    return Certification.grant("EU-AEO", "nut", on=dt.date(2019, 4, 1), level="AEOC")


def _eager(verdict: Verdict) -> Verdict:
    return Verdict(
        verdict.ok,
        verdict.on,
        tuple(verdict.reasons),
        verdict.data_version,
        verdict.by,
        verdict.certification,
    )


def test_reasons_are_worded_once_and_only_when_read(
    monkeypatch: pytest.MonkeyPatch, cert: Certification
) -> None:
    calls = []
    explain = recognition._explain

    def counted(*args: object) -> object:
        calls.append(args)
        return explain(*args)  # type: ignore[arg-type]

    monkeypatch.setattr(recognition, "_explain", counted)
    verdict = ctpat.reference().recognizes("CTPAT", cert, on=ON)
    assert not verdict
    assert calls == []
    assert verdict.codes()[0] is ReasonCode.LEVEL_NOT_COVERED
    assert len(calls) == 1
    assert verdict.reasons == verdict.reasons
    assert len(calls) == 1


@pytest.mark.parametrize(
    "use",
    [
        lambda v: v == _eager(v),
        lambda v: hash(v) == hash(_eager(v)),
        lambda v: repr(v) == repr(_eager(v)),
        lambda v: pickle.loads(pickle.dumps(v)) == _eager(v),
        lambda v: copy.copy(v) == _eager(v),
        lambda v: copy.deepcopy(v) == _eager(v),
        lambda v: attrs.evolve(v) == _eager(v),
        lambda v: attrs.asdict(v) == attrs.asdict(_eager(v)),
        lambda v: ctpat.to_json(v) == ctpat.to_json(_eager(v)),
    ],
)
def test_a_deferred_verdict_is_the_verdict_with_its_reasons(
    use: object, cert: Certification
) -> None:
    registry = ctpat.reference()
    for certification in (cert, Certification.grant("CTPAT", "acme", on=dt.date(2020, 1, 6))):
        # A fresh verdict each time: its first read is the one under test.
        assert use(registry.recognizes("CTPAT", certification, on=ON))  # type: ignore[operator]
        assert use(registry.recognizes("CTPAT", certification, on=ON)) == use(  # type: ignore[operator]
            _eager(registry.recognizes("CTPAT", certification, on=ON))
        )


def test_a_deferred_verdict_is_immutable(cert: Certification) -> None:
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
    # and its verdict, worded later, still gives the standing after the refusal.
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
