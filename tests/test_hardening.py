"""Hostile input at the public boundary: only documented errors escape (issue 13).

Each case was reproduced against the previous release, where it raised an
undocumented ``ValueError``, ``OverflowError``, ``TypeError``, ``AttributeError``
or ``MemoryError``, or built two registries from concurrent first calls.
"""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal
from typing import Any

import pytest
from dateutil.relativedelta import relativedelta

import ctpat
from ctpat import (
    Certification,
    DataError,
    InvalidIdentifier,
    IssuerEnd,
    Participant,
    Recognition,
    Registry,
    Source,
    cbam,
    identifiers,
)
from ctpat import registry as registry_module

D = dt.date


@pytest.fixture
def edges() -> Registry:
    return ctpat.reference().with_partners(
        ctpat.PartnerData(
            [Participant("a", "A", "US"), Participant("z", "Z", "DE")],
            [
                Certification.grant("CTPAT", "a", on=D(1, 1, 1)),
                Certification.grant("FAST", "a", on=D(9999, 1, 1)),
                Certification.grant("KR-AEO", "z", on=D(9998, 6, 1), level="AA"),
            ],
        )
    )


@pytest.mark.parametrize("on", [D(9999, 12, 31), dt.date.max, D(1, 1, 1), dt.date.min])
def test_dates_at_the_ends_of_the_calendar(edges: Registry, on: dt.date) -> None:
    report = edges.vet(by="CTPAT", on=on)
    assert len([verdict for _, verdict in report]) == 2
    for cert in edges.partners.certifications:
        edges.recognizes("CTPAT", cert, on=on)
        edges.standing(cert, on=on)
        edges.deadlines(cert, on=on)
    for within in (
        relativedelta(years=99_999_999),
        relativedelta(days=999_999_999_999),
        dt.timedelta(days=999_999_999),
    ):
        for deadline in edges.calendar(on=on, within=within, audit_every=relativedelta(years=1)):
            assert deadline.due <= dt.date.max


def test_a_deadline_past_the_calendar_is_left_out(edges: Registry) -> None:
    card = edges.certifications_of("a")[1]
    assert edges.standing(card, on=D(9999, 12, 31)).expiry is None  # its term ends in 10004
    assert all(d.name != "expiry" for d in edges.deadlines(card, on=D(9999, 12, 31)))


def test_arguments_of_the_wrong_type_are_named() -> None:
    registry: Any = ctpat.reference()  # called with junk on purpose
    cert = Certification.grant("CTPAT", "a", on=D(2020, 1, 1))
    junk: Any = Registry
    document: Any = ctpat.PartnerData
    cases: list[tuple[Any, str]] = [
        (lambda: registry.recognized_by("CTPAT", on=None), "on"),
        (lambda: registry.recognizes([], cert, on=D(2020, 1, 1)), "by"),
        (lambda: registry.recognizes("CTPAT", cert, on=D(2020, 1, 1), role="junk"), "role"),
        (lambda: registry.recognizes("CTPAT", "cert", on=D(2020, 1, 1)), "certification"),
        (lambda: registry.vet(by="CTPAT", on=dt.datetime(2020, 1, 1)), "on"),
        (lambda: registry.calendar(on=D(2020, 1, 1), within=90), "within"),
        (lambda: junk([1], data_version="x"), "programs[0]"),
        (lambda: junk([], data_version=3), "data_version"),
        (lambda: document("abc"), "participants"),
        # A list of participants is not the document: one shape, said so.
        (lambda: registry.with_partners([Participant("a", "b", "US")]), "data"),
    ]
    for call, field in cases:
        with pytest.raises(DataError) as err:
            call()
        assert err.value.field == field


def test_unhashable_values_in_models_are_data_errors() -> None:
    src = Source("https://example.org/", "Example", D(2026, 1, 1))
    cases: list[tuple[Any, str]] = [
        (lambda: Participant("a", "b", []), "country"),  # type: ignore[arg-type]
        (lambda: IssuerEnd([], D(2020, 1, 1), "x", src), "country"),  # type: ignore[arg-type]
        (lambda: Recognition("A", "B", levels=[["x"]]), "levels"),  # type: ignore[list-item]
        (lambda: Participant("a", "b", "US", roles=[{}]), "roles"),  # type: ignore[list-item]
    ]
    for call, field in cases:
        with pytest.raises(DataError) as err:
            call()
        assert err.value.field == field
    program: Any = ctpat.reference().program("CTPAT")
    import attrs

    with pytest.raises(DataError) as err:
        attrs.evolve(program, territory=[])
    assert err.value.field == "territory"


def test_identifier_schemes_that_are_not_names() -> None:
    schemes: tuple[Any, ...] = (None, "", 3, [], "  ")
    for scheme in schemes:
        with pytest.raises(InvalidIdentifier):
            identifiers.normalize(scheme, "DE123456789")


@pytest.mark.parametrize(
    "mass", ["1E-999999999999999999", "1E+999999999", "1E+12", "0.0000000001"]
)
def test_cbam_masses_are_bounded_before_arithmetic(mass: str) -> None:
    with pytest.raises(DataError) as err:
        cbam.assess([cbam.CbamImport(D(2026, 1, 2), "7208 51 20", Decimal(mass))], year=2026)
    assert err.value.field == "net_mass_kg"


def test_cbam_masses_within_the_bounds_are_exact() -> None:
    imports = [
        cbam.CbamImport(D(2026, 1, 2), "7208 51 20", Decimal("999999999999.999999999")),
        cbam.CbamImport(D(2026, 1, 3), "7208 51 20", Decimal("0E-20")),
    ]
    assert cbam.assess(imports, year=2026).total_net_mass_kg == Decimal("999999999999.999999999")


def test_the_first_reference_from_many_threads_is_one_object(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(registry_module, "_bundled", [])
    loaded = []
    from ctpat import _reference

    real = _reference.load_catalog
    start = threading.Barrier(8)

    def slow_load() -> Any:
        loaded.append(1)
        return real()

    monkeypatch.setattr(_reference, "load_catalog", slow_load)
    found: list[Registry] = []

    def first_call() -> None:
        start.wait()
        found.append(ctpat.reference())

    threads = [threading.Thread(target=first_call) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 8
    assert all(r is found[0] for r in found)
    assert loaded == [1]


@pytest.mark.parametrize(
    "argv",
    [
        ["vet", "--by", "CTPAT", "--on", "9999-12-31", "--exit-zero"],
        ["calendar", "--within", "99999999y"],
        ["calendar", "--within", "99999999999999999999d"],
        ["calendar", "--within", "100000y", "--on", "9999-12-31", "--audit-every", "1y"],
    ],
)
def test_the_command_line_at_the_ends_of_the_calendar(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    from pathlib import Path

    from ctpat.cli import main

    partners = Path(__file__).resolve().parents[1] / "examples" / "partners.csv"
    command, *options = argv
    # vet reports only (--exit-zero); the calendar exits 1 for its overdue deadlines.
    assert main([command, str(partners), *options]) == (0 if command == "vet" else 1)
    assert "Traceback" not in capsys.readouterr().err


def test_a_registry_s_partners_survive_a_csv_round_trip() -> None:
    from ctpat import io

    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(
            [Participant("a", "A", "US"), Participant("b", "B", "DE")],
            [
                Certification.grant("EU-AEO", "b", on=D(2020, 1, 1), level="AEOF"),
                Certification.grant("CTPAT", "a", on=D(2020, 1, 1)),
                Certification.grant("CTPAT", "b", on=D(2021, 1, 1)),
            ],
        )
    )
    assert io.read_csv(io.write_csv(registry.partners)) == registry.partners


def test_wrong_types_that_would_give_an_answer_are_refused() -> None:
    # Each of these once gave a verdict instead of an error: an issuing country
    # that is not a string skipped the issuer rule; a blank program code became a
    # reason's sentence that the Reason refused with a DataError about itself.
    registry: Any = ctpat.reference()
    gb = Certification.grant("EU-AEO", "x", on=D(2018, 1, 1), level="AEOF")
    junk: tuple[Any, ...] = (0, b"GB", ["GB"])
    for issued_in in junk:
        for call in (registry.standing, registry.deadlines):
            with pytest.raises(DataError) as err:
                call(gb, on=D(2022, 1, 1), issued_in=issued_in)
            assert err.value.field == "issued_in"
        with pytest.raises(DataError) as err:
            ctpat.validity.issuer(gb, issued_in)
        assert err.value.field == "issued_in"
    assert registry.standing(gb, on=D(2022, 1, 1), issued_in="GB").status.value == "expired"
    for by in ("", " ", " CTPAT", "CTPAT\n"):
        with pytest.raises(DataError) as err:
            registry.recognizes(by, gb, on=D(2022, 1, 1))
        assert err.value.field == "by"
        assert "program code" in str(err.value)
