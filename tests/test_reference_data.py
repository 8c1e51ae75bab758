"""Invariants over the whole bundled data set, and the recognition snapshot."""

from __future__ import annotations

import datetime as dt
import importlib.util
import json
import re
from importlib.resources import files
from pathlib import Path
from types import ModuleType
from urllib.parse import urlparse

import pytest
from dateutil.relativedelta import relativedelta

import ctpat
from ctpat import Certification, Confidence, ReasonCode, Role

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
    # CBP gives July 2012 only: its acceptance is certain from the last day of the month.
    assert windows == {("CTPAT", "EU-AEO"): "2012-07-31", ("EU-AEO", "CTPAT"): "2013-01-31"}
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


def test_verdict_snapshot_is_current() -> None:
    script = load_script(HERE / "snapshots" / "regenerate.py")
    committed = (HERE / "snapshots" / "verdicts.json").read_text(encoding="utf-8")
    if script.verdict_snapshot() != committed:
        pytest.fail(
            "the probe verdicts changed: run `python tests/snapshots/regenerate.py` "
            "and review the diff of tests/snapshots/verdicts.json"
        )


# --- issue 16: corrections and additions, each with its source -------------------

D = dt.date
# "gub.uy" is Uruguay's government domain.
_GOVERNMENT_HOST = re.compile(r"(^|\.)((gov|gouv|gob|gub|go|govt|gc)\.[a-z]{2}|gov|europa\.eu)$")
_OTHER_OFFICIAL_HOSTS = {"www.canada.ca", "www.revenue.ie"}


def _sources() -> list[tuple[str, ctpat.Source]]:
    found: list[tuple[str, ctpat.Source]] = []
    for program in REG.programs.values():
        for field in ("source", "levels_source", "roles_source", "policy_source"):
            source = getattr(program, field)
            if source is not None:
                found.append((f"{program.code}.{field}", source))
    found.extend((a.id, a.source) for a in REG.arrangements)
    return found


def test_official_means_the_administrations_own_publication() -> None:
    for where, source in _sources():
        if source.confidence is not Confidence.OFFICIAL:
            continue
        host = urlparse(source.url).netloc
        assert _GOVERNMENT_HOST.search(host) or host in _OTHER_OFFICIAL_HOSTS, (where, host)
        for mark in ("copy", "Xinhua", " via ", "Provincial Government", "Municipal Government"):
            assert mark not in source.title, (where, source.title)


def test_korean_aeo_lasts_five_years_from_a_secondary_source() -> None:
    kr = REG.program("KR-AEO")
    assert kr.policy.expires_after == relativedelta(years=5)
    assert kr.policy_source is not None
    assert kr.policy_source.confidence is Confidence.SECONDARY
    assert "KR-AEO's fixed term is from a secondary source" in kr.caveats()
    assert "three years" in (kr.note or "")  # the English page's conflict
    assert kr.policy.expiry(D(2021, 3, 2)) == D(2026, 3, 1)
    cert = Certification.grant("KR-AEO", "k", on=D(2021, 3, 2), level="A")
    # In its fourth and fifth year the certificate is valid through every arrangement.
    for by in ("CTPAT", "CA-PIP", "CN-AEO"):
        assert REG.recognizes(by, cert, on=D(2024, 6, 3)), by
        assert REG.recognizes(by, cert, on=D(2026, 3, 1)), by
    assert REG.recognizes("CTPAT", cert, on=D(2026, 3, 2)).has(ReasonCode.EXPIRED)


def test_us_dominican_republic_signed_on_cbps_day() -> None:
    (arrangement,) = REG.arrangements_between("CTPAT", "DO-OEA")
    assert arrangement.signed_on == D(2015, 12, 7)
    assert arrangement.source.url.startswith("https://www.cbp.gov/")
    assert arrangement.source.confidence is Confidence.OFFICIAL
    assert "Tuesday" in (arrangement.note or "")


def test_us_mexico_rests_on_cbp() -> None:
    (arrangement,) = REG.arrangements_between("CTPAT", "MX-OEA")
    assert urlparse(arrangement.source.url).netloc.endswith("cbp.gov")
    assert arrangement.source.confidence is Confidence.OFFICIAL
    assert arrangement.signed_on == D(2014, 10, 17)


def test_eu_canada_signed_at_a_meeting_in_brussels() -> None:
    (arrangement,) = REG.arrangements_between("EU-AEO", "CA-PIP")
    assert arrangement.note is not None
    assert "meeting in Brussels" in arrangement.note
    assert "(videoconference)" not in arrangement.note


def test_operational_dates_after_pilots() -> None:
    (kr_tr,) = REG.arrangements_between("KR-AEO", "TR-AEO")
    assert (kr_tr.signed_on, kr_tr.operational_on) == (D(2014, 6, 9), D(2019, 3, 1))
    turkish = Certification.grant("TR-AEO", "t", on=D(2016, 1, 4))
    assert REG.recognizes("KR-AEO", turkish, on=D(2018, 6, 1)).has(
        ReasonCode.ARRANGEMENT_NOT_IN_FORCE
    )
    assert REG.recognizes("KR-AEO", turkish, on=D(2019, 3, 1))
    (au_ca,) = REG.arrangements_between("AU-ATT", "CA-PIP")
    assert au_ca.operational_on == D(2018, 5, 31)
    assert au_ca.source.confidence is Confidence.UNCERTAIN


def test_korea_has_its_twenty_first_partner_mongolia() -> None:
    (kr_mn,) = REG.arrangements_between("KR-AEO", "MN-AEO")
    assert kr_mn.signed_on == D(2019, 9, 30)
    assert "21st" in (kr_mn.note or "")


def test_eu_andorra_is_modelled_with_its_uncertain_status() -> None:
    (eu_ad,) = REG.arrangements_between("EU-AEO", "AD-AEO")
    assert eu_ad.operational_on == D(2011, 1, 1)
    assert eu_ad.ended_on is None  # no termination was found
    assert eu_ad.source.confidence is Confidence.UNCERTAIN
    assert eu_ad.source.url.startswith("https://eur-lex.europa.eu/")
    assert "no longer lists Andorra" in (eu_ad.note or "")


def test_hong_kong_mexico_is_certain_from_the_latest_date_the_sources_allow() -> None:
    (hk_mx,) = REG.arrangements_between("HK-AEO", "MX-OEA")
    # Since issue 25 the span is bounds: before its end the answer is unverified.
    assert hk_mx.signed_span == ctpat.DateSpan(D(2019, 6, 28), D(2022, 11, 29))
    assert hk_mx.operational_on is None
    assert hk_mx.source.confidence is Confidence.UNCERTAIN
    note = hk_mx.note or ""
    assert "12th" in note
    assert "between 2019-06-28 and 2022-11-29" in note
    assert {(r.by, r.of) for r in hk_mx.recognitions} == {
        ("HK-AEO", "MX-OEA"),
        ("MX-OEA", "HK-AEO"),
    }
    mexican = Certification.grant("MX-OEA", "m", on=D(2020, 1, 6))
    before = REG.recognizes("HK-AEO", mexican, on=D(2022, 11, 28))
    assert not before
    assert before.reasons[0].code is ReasonCode.DATE_UNCERTAIN
    earlier = REG.recognizes("HK-AEO", mexican, on=D(2019, 6, 27))
    assert earlier.has(ReasonCode.ARRANGEMENT_NOT_IN_FORCE)
    assert REG.recognizes("HK-AEO", mexican, on=D(2022, 11, 29))
    after = REG.recognizes("HK-AEO", mexican, on=D(2026, 1, 15))
    assert after
    assert after.arrangement == "HK-MX"
    assert "no implementation date is known" in after.explain()


def test_australia_hong_kong_signed_in_brussels_in_july_2017() -> None:
    (au_hk,) = REG.arrangements_between("AU-ATT", "HK-AEO")
    assert au_hk.signed_on == D(2017, 7, 6)
    assert urlparse(au_hk.source.url).netloc == "www.news.gov.hk"
    # The Government's news site is not C&ED's own publication.
    assert au_hk.source.confidence is Confidence.SECONDARY
    assert "2017-12-15" in (au_hk.note or "")  # the release it was dated from before
    australian = Certification.grant("AU-ATT", "a", on=D(2016, 9, 1))
    assert REG.recognizes("HK-AEO", australian, on=D(2017, 9, 1))
    assert REG.recognizes("HK-AEO", australian, on=D(2017, 7, 5)).has(
        ReasonCode.ARRANGEMENT_NOT_IN_FORCE
    )


def test_chinese_aeo_roles_come_from_gaccs_certification_standards() -> None:
    cn = REG.program("CN-AEO")
    assert "roles" not in cn.assumed
    assert cn.roles_source is not None
    assert cn.roles_source.url.startswith("https://grandwaylaw.com/")
    assert cn.roles_source.confidence is Confidence.SECONDARY
    assert "CN-AEO's role list is from a secondary source" in cn.caveats()
    assert cn.roles == {
        Role.IMPORTER,
        Role.EXPORTER,
        Role.MANUFACTURER,
        Role.CUSTOMS_BROKER,
        Role.CONSOLIDATOR,
        Role.SEA_CARRIER,
        Role.AIR_CARRIER,
        Role.HIGHWAY_CARRIER,
    }
    # No GACC standard names terminal operators: such a record is refused, not guessed.
    holder = ctpat.Participant("t", "Terminal Co", "CN")
    terminal = Certification.grant(
        "CN-AEO", "t", on=D(2022, 1, 4), level="advanced", role=Role.PORT_TERMINAL_OPERATOR
    )
    with pytest.raises(ctpat.DataError, match="not a role of CN-AEO"):
        REG.with_partners(ctpat.PartnerData([holder], [terminal]))


def test_chinas_network_holds_only_the_economies_a_source_names() -> None:
    partners = {
        REG.program(party).territory
        for arrangement in REG.arrangements_of("CN-AEO")
        for party in arrangement.parties
        if party != "CN-AEO"
    }
    # GACC counted 31 economies by July 2025; three are not identified, and
    # none is invented (Kazakhstan's announced 2019 signing was never found).
    assert len(partners) == 28
    assert "KZ" not in partners
    note = REG.program("CN-AEO").note or ""
    assert "31 economies" in note
    assert "Kazakhstan" in note
    (cn_mn,) = REG.arrangements_between("CN-AEO", "MN-AEO")
    assert "may be as early as 2019" in (cn_mn.note or "")


def test_hong_kongs_2025_arrangements() -> None:
    (hk_pe,) = REG.arrangements_between("HK-AEO", "PE-OEA")
    assert hk_pe.signed_on == D(2025, 12, 30)
    assert hk_pe.source.confidence is Confidence.SECONDARY
    (hk_sa,) = REG.arrangements_between("HK-AEO", "SA-AEO")
    assert hk_sa.signed_on == D(2025, 6, 26)
    assert hk_sa.source.confidence is Confidence.UNCERTAIN
    assert "MoU" in (hk_sa.note or "")


def test_ctpat_trade_compliance_answers_for_itself() -> None:
    tc = REG.program("CTPAT-TC")
    assert tc.roles == {Role.IMPORTER}
    assert tc.policy.review_every == relativedelta(years=1)
    assert tc.source.url.startswith("https://www.cbp.gov/")
    assert tc.source.confidence is Confidence.OFFICIAL
    assert "Tier II or Tier III" in (tc.note or "")
    member = Certification.grant("CTPAT-TC", "importer-co", on=D(2023, 1, 2), role=Role.IMPORTER)
    verdict = REG.recognizes("CTPAT-TC", member, on=D(2026, 1, 15))
    assert verdict
    assert verdict.has(ReasonCode.SAME_PROGRAM)
    # Trade Compliance is not the security program: it is no CTPAT certification.
    assert REG.recognizes("CTPAT", member, on=D(2026, 1, 15)).has(ReasonCode.NO_ARRANGEMENT)
    assert "CTPAT-TC" in (REG.program("CTPAT").note or "")


def test_role_lists_are_sourced_or_marked_assumed() -> None:
    sourced = {
        "CTPAT",
        "EU-AEO",
        "CA-PIP",
        "JP-AEO",
        "KR-AEO",
        "GB-AEO",
        "NZ-SES",
        "IN-AEO",
        "SG-STP",
        "CN-AEO",
    }
    for code in sourced:
        assert "roles" not in REG.program(code).assumed, code
        assert REG.program(code).source_of("roles") is not None, code
    assert REG.program("NZ-SES").roles == {
        Role.EXPORTER,
        Role.HIGHWAY_CARRIER,
        Role.THIRD_PARTY_LOGISTICS,
        Role.WAREHOUSE_OPERATOR,
    }
    assert Role.RAIL_CARRIER in REG.program("MX-OEA").roles
    assert Role.SEA_CARRIER not in REG.program("MX-OEA").roles
    for program in REG.programs.values():
        usual = program.note is not None and "the library's usual AEO set" in program.note
        assert usual == ("roles" in program.assumed), program.code


def test_readme_quotes_the_data_check() -> None:
    from ctpat.provenance import audit_reference

    # Read from the package, as installed: the README ships with the data.
    readme = files("ctpat").joinpath("data").joinpath("README.md").read_text("utf-8")
    section = readme.split("## How well sourced (the data check)", 1)[1]
    quoted = section.split("```text\n", 1)[1].split("```", 1)[0]
    assert quoted == audit_reference().format() + "\n"


def test_canadas_arrangements_cite_cbsas_own_list() -> None:
    cbsa = "https://www.cbsa-asfc.gc.ca/security-securite/pip-pep/mutrec-recmut-eng.html"
    # CBSA gives months; the days or spans come from sources within them.
    spans = {
        "JP-AEO": (D(2010, 6, 24), D(2010, 6, 26)),
        "MX-OEA": (D(2016, 5, 11), D(2016, 5, 11)),
        "PE-OEA": (D(2022, 6, 1), D(2022, 6, 23)),
    }
    for partner, (first, last) in spans.items():
        (arrangement,) = REG.arrangements_between("CA-PIP", partner)
        assert arrangement.source.url == cbsa, partner
        assert arrangement.source.confidence is Confidence.OFFICIAL, partner
        assert arrangement.signed_span == ctpat.DateSpan(first, last), partner


def test_taiwans_ninth_partner_and_the_australia_month() -> None:
    mof = "https://www.mof.gov.tw/Eng/singlehtml/6949?cntId=85841"
    (gt_tw,) = REG.arrangements_between("GT-OEA", "TW-AEO")
    assert gt_tw.signed_on == D(2021, 5, 1)
    assert (gt_tw.source.url, gt_tw.source.confidence) == (mof, Confidence.OFFICIAL)
    (au_tw,) = REG.arrangements_between("AU-ATT", "TW-AEO")
    assert au_tw.signed_on == D(2018, 9, 1)
    assert au_tw.source.url == mof
    australian = Certification.grant("AU-ATT", "a", on=D(2016, 9, 1))
    early = REG.recognizes("TW-AEO", australian, on=D(2018, 1, 15))
    assert early.has(ReasonCode.ARRANGEMENT_NOT_IN_FORCE)
    # Signed "in September 2018", in effect from 1 June 2019 (Taiwan's MOF).
    assert au_tw.operational_on == D(2019, 6, 1)
    assert not REG.recognizes("TW-AEO", australian, on=D(2019, 5, 31))
    assert REG.recognizes("TW-AEO", australian, on=D(2019, 6, 1))
