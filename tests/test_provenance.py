"""Confidence a program can read (assumed facts, per-fact sources, caveats) and the data check."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import attrs
import pytest
from dateutil.relativedelta import relativedelta

import ctpat
from ctpat import Confidence, DataError, Program, ReasonCode, Role, Source, ValidityPolicy
from ctpat.cli import main
from ctpat.programs import FACTS
from ctpat.provenance import STALE_AFTER, ProvenanceReport, StaleSource, audit, audit_reference

D = dt.date
REG = ctpat.reference()
OFFICIAL = Source("https://www.customs.example.gov/aeo", "Customs: AEO", D(2026, 11, 30))
PRESS = Source("https://news.example.com/aeo", "News: AEO", D(2026, 11, 30), "secondary")
CONFLICT = Source("https://blog.example.com/aeo", "Blog: AEO", D(2026, 11, 30), "uncertain")


def program(**changes: Any) -> Program:
    base = Program(
        code="XX-AEO",
        name="AEO",
        administration="Customs",
        territory="FR",
        levels=(),
        roles=frozenset({Role.EXPORTER}),
        policy=ValidityPolicy(),
        benefits=(),
        source=OFFICIAL,
    )
    return attrs.evolve(base, **changes)


# --- Program.assumed, the per-fact sources and caveats() -------------------------


def test_an_officially_sourced_program_has_no_caveats() -> None:
    p = program()
    assert p.caveats() == ()
    assert all(p.source_of(fact) is OFFICIAL for fact in FACTS)


def test_each_assumed_fact_is_one_sentence() -> None:
    p = program(assumed=["roles", "policy", "levels"])
    assert p.assumed == {"roles", "policy", "levels"}
    assert p.caveats() == (
        "the level list of XX-AEO is not confirmed from a source",
        "the role list of XX-AEO is not confirmed from a source",
        "the validity terms of XX-AEO are not confirmed from a source",
    )
    assert p.source_of("roles") is None


def test_a_fact_source_overrides_the_program_source() -> None:
    term = ValidityPolicy(expires_after=relativedelta(years=5))
    p = program(policy=term, policy_source=PRESS, roles_source=CONFLICT)
    assert p.source_of("policy") is PRESS
    assert p.source_of("levels") is OFFICIAL
    assert p.caveats() == (
        "XX-AEO's role list is uncertain (sources conflict or are unconfirmed)",
        "XX-AEO's fixed term is from a secondary source",
    )
    # Without a fixed term the policy is named by its general label.
    assert program(policy_source=PRESS).caveats() == (
        "XX-AEO's validity terms are from a secondary source",
    )


def test_a_secondary_program_source_covers_every_fact_without_its_own() -> None:
    p = program(source=PRESS, roles_source=OFFICIAL)
    assert p.caveats() == (
        "XX-AEO's level list is from a secondary source",
        "XX-AEO's validity terms are from a secondary source",
    )


def test_a_level_with_its_own_term_counts_as_a_fixed_term() -> None:
    level = ctpat.Level("T1", "Tier 1", expires_after=relativedelta(years=3))
    p = program(levels=(level,), policy_source=PRESS)
    assert p.caveats() == ("XX-AEO's fixed term is from a secondary source",)


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"assumed": ["benefits"]}, "assumed", "must be one of levels, roles, policy"),
        ({"assumed": "roles"}, "assumed", "must be a set or a sequence"),
        ({"assumed": ["roles"], "roles_source": PRESS}, "assumed", "contradicted by roles_source"),
        ({"policy_source": "https://x.example"}, "policy_source", "must be a Source or None"),
    ],
)
def test_bad_confidence_data_is_a_data_error(
    changes: dict[str, Any], field: str, message: str
) -> None:
    with pytest.raises(DataError) as info:
        program(**changes)
    assert info.value.field == field
    assert message in str(info.value)


def test_source_of_and_caveat_reject_an_unknown_fact() -> None:
    with pytest.raises(DataError) as info:
        program().source_of("benefits")
    assert info.value.field == "fact"
    with pytest.raises(DataError):
        program().caveat("terms")


def test_caveat_names_one_fact() -> None:
    p = program(assumed=["roles"], policy_source=CONFLICT)
    assert p.caveat("levels") is None
    assert p.caveat("roles") == "the role list of XX-AEO is not confirmed from a source"
    assert p.caveat("policy") == (
        "XX-AEO's validity terms are uncertain (sources conflict or are unconfirmed)"
    )
    assert p.caveats() == (p.caveat("roles"), p.caveat("policy"))


def test_the_new_fields_round_trip_through_the_converter() -> None:
    p = program(assumed=["roles"], policy_source=PRESS)
    data = ctpat.to_dict(p)
    assert data["assumed"] == ["roles"]
    assert data["policy_source"]["confidence"] == "secondary"
    assert "levels_source" not in data  # defaults are left out
    assert ctpat.from_dict(data, Program) == p
    with pytest.raises(DataError) as info:
        ctpat.from_dict({**data, "assumed": ["terms"]}, Program)
    assert "assumed" in str(info.value)


def test_unconfirmed_fact_is_an_informational_reason() -> None:
    assert ReasonCode.UNCONFIRMED_FACT.value == "unconfirmed-fact"
    assert ReasonCode.UNCONFIRMED_FACT.is_informational


def test_the_bundled_caveats_name_the_issues_examples() -> None:
    assert (
        "the role list of HK-AEO is not confirmed from a source" in REG.program("HK-AEO").caveats()
    )
    assert "KR-AEO's fixed term is from a secondary source" in REG.program("KR-AEO").caveats()
    for code in ("CTPAT", "CA-PIP"):
        assert REG.program(code).caveats() == (), code


# --- the data check ------------------------------------------------------------


def test_audit_counts_every_record_once() -> None:
    report = audit_reference()
    programs, arrangements = list(REG.programs.values()), list(REG.arrangements)
    assert report.as_of == D.fromisoformat(REG.data_version)
    assert (report.programs, report.arrangements) == (len(programs), len(arrangements))
    every = [p.source.confidence for p in programs] + [a.source.confidence for a in arrangements]
    assert report.official == every.count(Confidence.OFFICIAL)
    assert report.secondary == every.count(Confidence.SECONDARY)
    assert report.uncertain == every.count(Confidence.UNCERTAIN)
    assert report.facts_assumed == sum(len(p.assumed) for p in programs)
    assert report.caveats == sum(len(p.caveats()) for p in programs)
    assert report.facts_assumed + report.facts_secondary + report.facts_uncertain <= len(
        FACTS
    ) * len(programs)


def test_audit_lists_sources_read_more_than_twelve_months_before() -> None:
    old = attrs.evolve(PRESS, retrieved_on=D(2025, 11, 30))
    edge = attrs.evolve(PRESS, retrieved_on=D(2025, 12, 1))
    p = program(policy_source=old, roles_source=edge)
    arrangement = attrs.evolve(REG.arrangements[0], source=old)
    report = audit([p], [arrangement], as_of=D(2026, 12, 1))
    assert report.stale == (
        StaleSource(f"arrangement {arrangement.id}", "source", D(2025, 11, 30), old.url),
        StaleSource("program XX-AEO", "policy_source", D(2025, 11, 30), old.url),
    )
    assert relativedelta(months=12) == STALE_AFTER
    assert "sources read more than 12 months before 2026-12-01: 2" in report.format()
    assert report.secondary == 1
    assert report.official == 1


def test_audit_rejects_what_is_not_a_record() -> None:
    with pytest.raises(DataError) as info:
        audit([program()], ["US-EU"], as_of=D(2026, 1, 1))  # type: ignore[list-item]
    assert info.value.field == "arrangements[0]"
    with pytest.raises(DataError):
        audit([], [], as_of="2026-01-01")  # type: ignore[arg-type]


def test_report_format_is_stable() -> None:
    report = ProvenanceReport(D(2026, 1, 1), 2, 3, 1, 2, 2, 3, 1, 0, 4, ())
    assert report.records == 5
    assert report.format().splitlines()[1] == (
        "records by source confidence: 1 official, 2 secondary, 2 uncertain"
    )


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


def test_ctpat_data_prints_the_counts() -> None:
    code, out = run("data")
    assert code == 0
    report = audit_reference()
    assert out == report.format() + "\n"
    assert f"{report.official} official, {report.secondary} secondary" in out


def test_ctpat_program_shows_the_corrected_facts_and_both_halves() -> None:
    code, out = run("program", "KR-AEO")
    assert code == 0
    assert "expires after: 5 years" in out
    assert "policy source: Asia Economy" in out
    assert "caveat: KR-AEO's fixed term is from a secondary source" in out
    code, out = run("program", "CTPAT")
    assert code == 0
    assert "includes: CTPAT-TC (CTPAT Trade Compliance" in out
    assert "caveat:" not in out
    code, out = run("program", "CTPAT-TC")
    assert code == 0
    assert "part of: CTPAT" in out
    assert "review every: 1 year" in out
    assert "roles: importer" in out
