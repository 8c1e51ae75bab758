"""Invariants over the whole bundled data set, and the recognition snapshot."""

from __future__ import annotations

import importlib.util
import json
import re
from importlib.resources import files
from pathlib import Path
from types import ModuleType

import pytest

import ctpat
from ctpat import Confidence

REG = ctpat.reference()
HERE = Path(__file__).parent


def load_script(path: Path) -> ModuleType:
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_files_are_sorted_and_versioned() -> None:
    for name in ("core.json", "world.json"):
        doc = json.loads(files("ctpat").joinpath("data").joinpath(name).read_text("utf-8"))
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", doc["as_of"])
        codes = [p["code"] for p in doc["programs"]]
        ids = [a["id"] for a in doc["arrangements"]]
        assert codes == sorted(codes), name
        assert ids == sorted(ids), name
    assert REG.data_version == max(
        json.loads(files("ctpat").joinpath("data").joinpath(n).read_text("utf-8"))["as_of"]
        for n in ("core.json", "world.json")
    )


def test_unique_codes_and_ids() -> None:
    assert len({a.id for a in REG.arrangements}) == len(REG.arrangements)
    assert all(code == program.code for code, program in REG.programs.items())


def test_every_arrangement_names_known_programs_levels_and_roles() -> None:
    for arrangement in REG.arrangements:
        assert set(arrangement.parties) <= set(REG.programs), arrangement.id
        for rec in arrangement.recognitions:
            recognised = REG.program(rec.of)
            assert rec.levels is None or rec.levels <= recognised.level_codes, arrangement.id
            assert rec.roles is None or rec.roles <= recognised.roles, arrangement.id


def test_dates_are_ordered() -> None:
    for a in REG.arrangements:
        if a.operational_on is not None:
            assert a.signed_on <= a.operational_on, a.id
        if a.ended_on is not None:
            assert a.starts_on <= a.ended_on, a.id
        for rec in a.recognitions:
            start, end = a.window(rec)
            assert rec.since is None or rec.since >= a.signed_on, a.id
            assert end is None or start <= end, a.id


def test_every_record_has_a_source_and_honest_notes() -> None:
    sources = [p.source for p in REG.programs.values()] + [a.source for a in REG.arrangements]
    for source in sources:
        assert source.url.startswith(("https://", "http://"))
        assert source.title
        assert source.confidence in Confidence
    for a in REG.arrangements:
        day_one = [d for d in (a.signed_on, a.operational_on) if d is not None and d.day == 1]
        if a.source.confidence is Confidence.UNCERTAIN:
            assert a.note, f"{a.id}: an uncertain record explains itself in its note"
        if day_one and a.note is None:
            # A date on the 1st may be a real day; a month-only date must say so.
            assert a.source.confidence is Confidence.OFFICIAL, a.id


def test_programs_named_by_the_issues_exist() -> None:
    expected = {
        "CTPAT": {"tier-1", "tier-2", "tier-3"},
        "EU-AEO": {"AEOC", "AEOS", "AEOF"},
        "KR-AEO": {"A", "AA", "AAA"},
        "IN-AEO": {"T1", "T2", "T3", "LO"},
        "FAST": set(),
        "EU-CBAM": set(),
        "CA-PIP": set(),
    }
    for code, levels in expected.items():
        assert REG.program(code).level_codes >= levels
    ctpat_benefits = {b.code for b in REG.program("CTPAT").benefits}
    assert {"fewer-examinations", "front-of-line", "scss", "fast-lanes"} <= ctpat_benefits


def test_all_eighteen_cbp_arrangements() -> None:
    partners = {p for a in REG.arrangements_of("CTPAT") for p in a.parties if p != "CTPAT"}
    assert len(partners) >= 18
    assert {"NZ-SES", "CA-PIP", "JO-GL", "JP-AEO", "KR-AEO", "EU-AEO", "TW-AEO", "IL-AEO",
            "MX-OEA", "SG-STP", "DO-OEA", "PE-OEA", "GB-AEO", "IN-AEO", "UY-OEC", "BR-OEA",
            "GT-OEA", "CO-OEA"} <= partners  # fmt: skip


def test_eu_arrangements_and_directional_dates() -> None:
    eu = {p for a in REG.arrangements_of("EU-AEO") for p in a.parties if p != "EU-AEO"}
    assert {"NO-AEO", "CH-AEO", "JP-AEO", "CTPAT", "CN-AEO", "MD-AEO", "GB-AEO", "CA-PIP"} <= eu
    (us_eu,) = REG.arrangements_between("CTPAT", "EU-AEO")
    windows = {(r.by, r.of): us_eu.window(r)[0].isoformat() for r in us_eu.recognitions}
    assert windows == {("CTPAT", "EU-AEO"): "2012-07-01", ("EU-AEO", "CTPAT"): "2013-01-31"}
    (eu_ca,) = REG.arrangements_between("EU-AEO", "CA-PIP")
    assert eu_ca.starts_on.isoformat() == "2025-08-01"


def test_recognition_snapshot_is_current() -> None:
    script = load_script(HERE / "snapshots" / "regenerate.py")
    committed = (HERE / "snapshots" / "recognized_by.json").read_text(encoding="utf-8")
    if script.snapshot() != committed:
        pytest.fail(
            "the recognition answers changed: run `python tests/snapshots/regenerate.py` "
            "and review the diff of tests/snapshots/recognized_by.json"
        )
