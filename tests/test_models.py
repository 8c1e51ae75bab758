"""Model construction: every field validated, errors name the field and the value."""

from __future__ import annotations

import datetime as dt
import pickle
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta

from ctpat import (
    Arrangement,
    Benefit,
    Certification,
    Confidence,
    DataError,
    Event,
    EventKind,
    Level,
    Participant,
    Program,
    Reason,
    ReasonCode,
    Recognition,
    Role,
    Source,
    ValidityPolicy,
    Verdict,
)
from ctpat.errors import Problem, UnknownParticipant, UnknownProgram

D = dt.date
SRC = Source("https://www.cbp.gov/", "CBP", D(2026, 11, 30))


def program(**changes: Any) -> Program:
    base = Program(
        code="CTPAT",
        name="Customs Trade Partnership Against Terrorism",
        administration="U.S. Customs and Border Protection",
        territory="US",
        levels=(Level("tier-1", "Tier 1"), Level("tier-2", "Tier 2")),
        roles=frozenset({Role.IMPORTER}),
        policy=ValidityPolicy(validate_within=relativedelta(years=1)),
        benefits=(Benefit("fast-lanes", "FAST lanes"),),
        source=SRC,
    )
    return attrs.evolve(base, **changes)


def arrangement(**changes: Any) -> Arrangement:
    base = Arrangement(
        id="US-EU",
        name="EU-US",
        parties=("CTPAT", "EU-AEO"),
        signed_on=D(2012, 5, 4),
        operational_on=D(2012, 7, 1),
        ended_on=None,
        recognitions=(Recognition("CTPAT", "EU-AEO"),),
        source=SRC,
    )
    return attrs.evolve(base, **changes)


@pytest.mark.parametrize(
    ("build", "field", "value"),
    [
        (lambda: Event(EventKind.CERTIFIED, dt.datetime(2024, 1, 1)), "on", None),
        (lambda: Event("certified", D(2024, 1, 1)), "kind", "certified"),  # type: ignore[arg-type]
        (lambda: Event(EventKind.SUSPENDED, D(2024, 1, 1), level="AEOC"), "level", "AEOC"),
        (lambda: Event(EventKind.CERTIFIED, D(2024, 1, 1), level=" x"), "level", " x"),
        (
            lambda: Event(EventKind.SUSPENDED, D(2024, 1, 1), until=D(2025, 1, 1)),
            "until",
            D(2025, 1, 1),
        ),
        (
            lambda: Event(EventKind.CERTIFIED, D(2024, 1, 1), until=D(2023, 1, 1)),
            "until",
            D(2023, 1, 1),
        ),
        (lambda: Event(EventKind.RENEWED, D(2024, 1, 1)), "until", None),
        (lambda: Event(EventKind.CERTIFIED, D(2024, 1, 1), note=""), "note", ""),
        (
            lambda: Certification("", "a", (Event(EventKind.CERTIFIED, D(2024, 1, 1)),)),
            "program",
            "",
        ),
        (lambda: Certification("X", 3, (Event(EventKind.CERTIFIED, D(2024, 1, 1)),)), "holder", 3),  # type: ignore[arg-type]
        (lambda: Certification("X", "a", "abc"), "events", "abc"),  # type: ignore[arg-type]
        (lambda: Certification("X", "a", ("abc",)), "events[0]", "abc"),  # type: ignore[arg-type]
        (
            lambda: Certification(
                "X",
                "a",
                (Event(EventKind.CERTIFIED, D(2024, 1, 1)),),
                role="importer",  # type: ignore[arg-type]
            ),
            "role",
            "importer",
        ),
        (lambda: Participant("p", "P", "XX"), "country", "XX"),
        (lambda: Participant("p", "P", "de"), "country", "de"),
        (lambda: Participant("p", "", "DE"), "name", ""),
        (lambda: Participant("p", "P", "DE", roles="importer"), "roles", "importer"),  # type: ignore[arg-type]
        (lambda: Participant("p", "P", "DE", roles={"importer"}), "roles", "importer"),  # type: ignore[arg-type]
        (
            lambda: Participant("p", "P", "DE", identifiers={"eori": "123"}),
            "identifiers.eori",
            "123",
        ),
        (lambda: Participant("p", "P", "DE", identifiers={"EORI": "DE1"}), "identifiers", "EORI"),
        (lambda: Participant("p", "P", "DE", identifiers={"eori": 5}), "identifiers.eori", 5),  # type: ignore[dict-item]
        (lambda: Participant("p", "P", "DE", identifiers=[1]), "identifiers", [1]),  # type: ignore[arg-type]
        (lambda: Source("ftp://x", "t", D(2026, 1, 1)), "url", "ftp://x"),
        (lambda: Source("https://x", "t", D(2026, 1, 1), "sure"), "confidence", "sure"),
        (lambda: Level("", "x"), "code", ""),
        (lambda: Level("A", "x", description=None), "description", None),  # type: ignore[arg-type]
        (lambda: Benefit("a", ""), "description", ""),
        (lambda: ValidityPolicy(expires_after=5), "expires_after", 5),  # type: ignore[arg-type]
        (lambda: Reason("valid", "m"), "code", "valid"),  # type: ignore[arg-type]
        (lambda: Reason(ReasonCode.VALID, ""), "message", ""),
        (lambda: Reason(ReasonCode.VALID, " m"), "message", " m"),
        (lambda: Reason(ReasonCode.VALID, b"m"), "message", b"m"),  # type: ignore[arg-type]
        (lambda: Reason(ReasonCode.VALID, "m", ""), "arrangement", ""),
        (lambda: Reason(ReasonCode.VALID, "m", "US-EU "), "arrangement", "US-EU "),
        (lambda: Reason(ReasonCode.VALID, "m", 5), "arrangement", 5),  # type: ignore[arg-type]
        (lambda: program(territory="XX"), "territory", "XX"),
        (lambda: program(levels=("tier-1",)), "levels[0]", "tier-1"),
        (
            lambda: program(levels=(Level("a", "A"), Level("a", "B"))),
            "levels[1].code",
            "a",
        ),
        (lambda: program(policy=None), "policy", None),
        (lambda: program(benefits=("x",)), "benefits[0]", "x"),
        (lambda: program(source="cbp"), "source", "cbp"),
        (lambda: arrangement(parties=("CTPAT",)), "parties", ("CTPAT",)),
        (lambda: arrangement(parties=("CTPAT", "CTPAT")), "parties", ("CTPAT", "CTPAT")),
        (lambda: arrangement(operational_on=D(2012, 1, 1)), "operational_on", D(2012, 1, 1)),
        (lambda: arrangement(ended_on=D(2012, 6, 1)), "ended_on", D(2012, 6, 1)),
        (lambda: arrangement(recognitions=()), "recognitions", ()),
        (lambda: arrangement(recognitions=("x",)), "recognitions[0]", "x"),
        (
            lambda: arrangement(recognitions=(Recognition("CTPAT", "JP-AEO"),)),
            "recognitions[0].of",
            "JP-AEO",
        ),
        (
            lambda: arrangement(recognitions=(Recognition("JP-AEO", "CTPAT"),)),
            "recognitions[0].by",
            "JP-AEO",
        ),
        (
            lambda: arrangement(
                recognitions=(Recognition("CTPAT", "EU-AEO"), Recognition("CTPAT", "EU-AEO"))
            ),
            "recognitions[1]",
            ("CTPAT", "EU-AEO"),
        ),
        (
            lambda: arrangement(
                recognitions=(Recognition("CTPAT", "EU-AEO", since=D(2011, 1, 1)),)
            ),
            "recognitions[0].since",
            D(2011, 1, 1),
        ),
        (lambda: arrangement(source=None), "source", None),
        (lambda: Recognition("A", "A"), "of", "A"),
        (lambda: Recognition("A", "B", levels=()), "levels", frozenset()),
        (lambda: Recognition("A", "B", roles=()), "roles", frozenset()),
        (lambda: Recognition("A", "B", roles=("importer",)), "roles", "importer"),  # type: ignore[arg-type]
        (
            lambda: Recognition("A", "B", since=D(2020, 1, 1), until=D(2019, 1, 1)),
            "until",
            D(2019, 1, 1),
        ),
        (lambda: Recognition("A", "B", conditions="mid-linked"), "conditions", "mid-linked"),
    ],
)
def test_bad_fields_raise_data_error_naming_field_and_value(
    build: Any, field: str, value: object
) -> None:
    with pytest.raises(DataError) as err:
        build()
    assert err.value.field == field
    if value is not None:
        assert err.value.value == value
    assert isinstance(err.value, ValueError)


def test_datetime_rejected_everywhere_a_date_is_expected() -> None:
    c = Certification.grant("CTPAT", "a", on=D(2024, 1, 1))
    with pytest.raises(DataError, match="datetime"):
        c.events_standing_on(dt.datetime(2024, 6, 1))


def test_models_are_frozen_hashable_and_picklable() -> None:
    p = Participant("p", "P", "DE", roles={Role.IMPORTER}, identifiers={"eori": "de 12345"})
    assert p.identifiers == {"eori": "DE12345"}
    assert hash(p) == hash(pickle.loads(pickle.dumps(p)))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        p.name = "Q"  # type: ignore[misc]
    with pytest.raises(TypeError):
        p.identifiers["eori"] = "x"  # type: ignore[index]
    for obj in (program(), arrangement(), SRC, Certification.grant("X", "a", on=D(2024, 1, 1))):
        assert pickle.loads(pickle.dumps(obj)) == obj
        assert hash(obj) == hash(pickle.loads(pickle.dumps(obj)))


def test_frozen_map_compares_with_dicts() -> None:
    p = Participant("p", "P", "DE", identifiers={"duns": "1", "eori": "DE1"})
    assert p.identifiers == {"eori": "DE1", "duns": "1"}
    assert p.identifiers != ["eori"]  # type: ignore[comparison-overlap]
    assert list(p.identifiers) == ["duns", "eori"]
    assert len(p.identifiers) == 2
    assert repr(p.identifiers) == "{'duns': '1', 'eori': 'DE1'}"
    # The views are the sorted items, read-only.
    assert list(p.identifiers.items()) == [("duns", "1"), ("eori", "DE1")]
    assert list(p.identifiers.keys()) == ["duns", "eori"]
    assert list(p.identifiers.values()) == ["1", "DE1"]
    with pytest.raises(TypeError):
        p.identifiers.items().mapping["duns"] = "2"  # type: ignore[attr-defined]
    assert p.identifiers["duns"] == "1"


def test_program_levels_and_grant() -> None:
    p = program(
        levels=(
            Level("T1", "Tier 1", expires_after=relativedelta(years=3)),
            Level("T3", "Tier 3"),
        ),
        policy=ValidityPolicy(expires_after=relativedelta(years=5)),
    )
    assert p.level_codes == {"T1", "T3"}
    assert p.term_end("T1", D(2024, 1, 1)) == D(2026, 12, 31)
    assert p.term_end("T3", D(2024, 1, 1)) == D(2028, 12, 31)
    with pytest.raises(DataError, match="not a level of CTPAT"):
        p.level("T9")
    # One factory: a certification is granted by program code, and the program's
    # rules (its terms) apply when it is asked about, through validity.
    assert not hasattr(p, "grant")


def test_source_accepts_confidence_strings() -> None:
    assert Source("https://x", "t", D(2026, 1, 1), "uncertain").confidence is Confidence.UNCERTAIN


def test_policy_rejects_negative_and_zero() -> None:
    with pytest.raises(DataError, match="negative"):
        ValidityPolicy(review_every=relativedelta(years=-1))
    with pytest.raises(DataError, match="zero"):
        ValidityPolicy(review_every=relativedelta())


def test_verdict_helpers() -> None:
    v = Verdict(
        False,
        D(2026, 1, 1),
        (
            Reason(ReasonCode.VALID, "valid"),
            Reason(ReasonCode.LEVEL_NOT_COVERED, "AEOC only", "US-EU"),
        ),
        "2026-12-02",
        by="CTPAT",
    )
    assert not v
    assert v.has(ReasonCode.LEVEL_NOT_COVERED)
    assert not v.has(ReasonCode.SAME_PROGRAM)
    assert v.arrangement == "US-EU"  # refused under it
    assert v.explain().splitlines() == [
        "Not accepted by CTPAT on 2026-01-01 (reference data 2026-12-02):",
        "- valid",
        "- AEOC only",
    ]
    assert ReasonCode.CONDITION.is_informational
    assert not ReasonCode.VALID.is_informational


def test_arrangement_windows() -> None:
    a = arrangement(
        operational_on=None,
        ended_on=D(2020, 12, 31),
        recognitions=(
            Recognition("CTPAT", "EU-AEO", until=D(2019, 12, 31)),
            Recognition("EU-AEO", "CTPAT", since=D(2013, 1, 31)),
        ),
    )
    assert a.starts_on == D(2012, 5, 4)
    assert a.in_force_on(D(2012, 5, 4))
    assert a.in_force_on(D(2020, 12, 31))
    assert not a.in_force_on(D(2021, 1, 1))
    assert not a.in_force_on(D(2012, 5, 3))
    us, eu = a.recognitions
    assert a.window(us) == (D(2012, 5, 4), D(2019, 12, 31))
    assert a.window(eu) == (D(2013, 1, 31), D(2020, 12, 31))
    assert not a.recognition_in_force(us, D(2020, 1, 1))
    assert a.recognition_in_force(eu, D(2020, 1, 1))


class TestErrors:
    def test_hierarchy(self) -> None:
        assert issubclass(UnknownProgram, LookupError)
        assert issubclass(UnknownParticipant, LookupError)
        assert str(UnknownParticipant("x")) == "unknown participant 'x'"
        assert UnknownProgram("Y").code == "Y"

    def test_data_error_with_many_problems(self) -> None:
        err = DataError([Problem("a", 1, "bad"), Problem("", 2, "worse")])
        assert str(err) == "2 problems:\n  a: bad (got 1)\n  (root): worse (got 2)"
        prefixed = err.prefixed("[3]")
        assert [p.path for p in prefixed.problems] == ["[3].a", "[3]"]
        assert [p.path for p in err.prefixed("").problems] == ["a", ""]
        assert [p.path for p in DataError.at("[1]", 0, "x").prefixed("f").problems] == ["f[1]"]
        assert pickle.loads(pickle.dumps(err)).problems == err.problems
        with pytest.raises(ValueError, match="at least one"):
            DataError([])


def test_origin_is_provenance_not_part_of_the_record() -> None:
    from ctpat import Origin

    here = Origin("partners.csv", 7, status_stated=False)
    plain = Certification.grant("CTPAT", "acme", on=dt.date(2024, 1, 10))
    read = Certification(plain.program, plain.holder, plain.events, origin=here)
    assert read == plain
    assert hash(read) == hash(plain)
    assert "origin" not in repr(read)
    assert read.origin is here
    assert str(here) == "partners.csv, line 7"
    assert str(Origin(line=3)) == "(input), line 3"
    p = Participant("acme", "Acme", "US", origin=Origin("p.json"))
    assert p == Participant("acme", "Acme", "US")
    import ctpat

    assert ctpat.from_json(ctpat.to_json(read), Certification).origin == here


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"line": 0}, "line"),
        ({"line": True}, "line"),
        ({"file": ""}, "file"),
        ({"status_stated": 1}, "status_stated"),
    ],
)
def test_origin_rejects_bad_values(kwargs: dict[str, object], field: str) -> None:
    from ctpat import Origin

    with pytest.raises(DataError) as err:
        Origin(**kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


def test_origin_must_be_an_origin() -> None:
    with pytest.raises(DataError) as err:
        Certification("CTPAT", "a", (Event(EventKind.CERTIFIED, dt.date(2024, 1, 1)),), origin="x")  # type: ignore[arg-type]
    assert err.value.field == "origin"
    with pytest.raises(DataError):
        Participant("a", "A", "US", origin=3)  # type: ignore[arg-type]


def test_field_types_are_what_typing_gives_for_every_model() -> None:
    import typing

    import attrs

    from ctpat._models import MODELS
    from ctpat._quick import field_types

    for cls in MODELS:
        hints = typing.get_type_hints(cls)
        assert field_types(cls) == {f.name: hints[f.name] for f in attrs.fields(cls)}
        assert field_types(cls) is field_types(cls)
