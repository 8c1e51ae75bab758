"""Dates as they are known (issue 25): precision and bounds, and no pass before a start is certain."""

from __future__ import annotations

import datetime as dt
import io
import json

import attrs
import pytest

import ctpat
from ctpat import Certification, DataError, DateSpan, Precision, ReasonCode
from ctpat.cli import main
from ctpat.provenance import audit_reference
from ctpat.vetting import Outcome

D = dt.date
REG = ctpat.reference()


def grant(program: str, on: dt.date, level: str | None = None) -> Certification:
    return Certification.grant(program, "probe", on=on, level=level)


def arrangement(aid: str) -> ctpat.Arrangement:
    (found,) = [a for a in REG.arrangements if a.id == aid]
    return found


def cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return main(list(argv), stdout=out), out.getvalue()


# -- the model --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("earliest", "latest", "precision", "words"),
    [
        (D(2008, 6, 28), D(2008, 6, 28), Precision.DAY, "signed on 2008-06-28"),
        (D(2008, 6, 1), D(2008, 6, 30), Precision.MONTH, "signed in June 2008, day unknown"),
        (D(2024, 2, 1), D(2024, 2, 29), Precision.MONTH, "signed in February 2024, day unknown"),
        (D(2008, 1, 1), D(2008, 12, 31), Precision.YEAR, "signed in 2008, month and day unknown"),
        (D(2008, 6, 2), D(2008, 6, 30), Precision.BOUNDED, "signed on a day between"),
        (D(2008, 1, 1), D(2008, 11, 30), Precision.BOUNDED, "signed on a day between"),
        (D(2021, 1, 1), D(2025, 8, 5), Precision.BOUNDED, "signed on a day between"),
    ],
)
def test_a_span_knows_its_precision(
    earliest: dt.date, latest: dt.date, precision: Precision, words: str
) -> None:
    span = DateSpan(earliest, latest)
    assert span.precision is precision
    assert span.describe("signed").startswith(words)
    assert span.exact is (precision is Precision.DAY)


def test_a_latest_day_needs_its_date_and_comes_after_it() -> None:
    us_ca = arrangement("US-CA")
    with pytest.raises(DataError, match="signed_on_latest: is before signed_on"):
        attrs.evolve(us_ca, signed_on_latest=D(2008, 6, 1))
    with pytest.raises(DataError, match="operational_on_latest: is given without operational_on"):
        attrs.evolve(us_ca, operational_on_latest=D(2008, 7, 1))
    with pytest.raises(DataError, match="since_latest: is given without since"):
        ctpat.Recognition("CTPAT", "CA-PIP", since_latest=D(2008, 7, 1))
    with pytest.raises(DataError, match="until_latest: is before until"):
        ctpat.Recognition("CTPAT", "CA-PIP", until=D(2009, 1, 1), until_latest=D(2008, 1, 1))


def test_the_latest_companions_round_trip() -> None:
    month = attrs.evolve(
        arrangement("US-CA"), signed_on=D(2008, 6, 1), signed_on_latest=D(2008, 6, 30)
    )
    assert ctpat.to_dict(month)["signed_on_latest"] == "2008-06-30"
    assert ctpat.from_json(ctpat.to_json(month), ctpat.Arrangement) == month
    rec = ctpat.Recognition("CTPAT", "CA-PIP", until=D(2020, 3, 1), until_latest=D(2020, 3, 31))
    assert ctpat.from_dict(ctpat.to_dict(rec), ctpat.Recognition) == rec


def test_an_uncertain_end_is_never_a_pass_either() -> None:
    base = arrangement("US-CA")
    ended = attrs.evolve(base, ended_on=D(2020, 3, 1), ended_on_latest=D(2020, 3, 31))
    rec = ended.recognitions[0]
    assert ended.recognition_in_force(rec, D(2020, 3, 1))
    assert not ended.recognition_in_force(rec, D(2020, 3, 2))
    assert ended.doubt(rec, D(2020, 3, 2)) == "ended in March 2020, day unknown"
    assert ended.doubt(rec, D(2020, 4, 1)) is None
    assert ended.window(rec) == (D(2008, 6, 28), D(2020, 3, 1))


# -- the examples, through the Python API, `recognize` and `vet` ------------------


def test_a_month_only_date_is_unverified_inside_the_month() -> None:
    # Point 1: US-JO is known to the month only: no pass in June 2008.
    jordanian = grant("JO-GL", D(2007, 1, 2))
    verdict = REG.recognizes("CTPAT", jordanian, on=D(2008, 6, 10))
    assert not verdict
    assert verdict.reasons[0].code is ReasonCode.DATE_UNCERTAIN
    assert "signed in June 2008, day unknown" in verdict.reasons[0].message
    assert "certain from 2008-06-30" in verdict.reasons[0].message
    assert Outcome.of(verdict) is Outcome.UNVERIFIED
    caveats = [r.message for r in verdict.reasons if r.code is ReasonCode.UNCONFIRMED_FACT]
    assert any("June 2008" in c for c in caveats)
    assert "signed in June 2008, day unknown" in verdict.explain()
    assert REG.recognizes("CTPAT", jordanian, on=D(2008, 6, 30))
    assert not REG.recognizes("CTPAT", jordanian, on=D(2008, 5, 31)).has(ReasonCode.DATE_UNCERTAIN)


def test_canada_counts_from_the_day_it_was_signed() -> None:
    # Point 1: CA-PIP on 2008-06-10 was "accepted" while the month was stored as the 1st.
    pip = grant("CA-PIP", D(2008, 1, 2))
    early = REG.recognizes("CTPAT", pip, on=D(2008, 6, 10))
    assert not early
    assert early.has(ReasonCode.ARRANGEMENT_NOT_IN_FORCE)
    assert REG.recognizes("CTPAT", pip, on=D(2008, 6, 28))
    code, out = cli(
        "recognize", "--by", "CTPAT", "--program", "CA-PIP", "--on", "2008-06-10",
        "--certified-on", "2008-01-02",
    )  # fmt: skip
    assert code == 1
    assert out.startswith("Not accepted by CTPAT on 2008-06-10")
    assert "only from 2008-06-28" in out


def test_new_zealand_and_thailand_from_implementation() -> None:
    # Points 1 and 3: signed 2023-05-29, in force from 2023-09-01.
    ses = grant("NZ-SES", D(2020, 1, 6))
    for day in (D(2023, 5, 10), D(2023, 5, 29), D(2023, 8, 31)):
        assert not REG.recognizes("TH-AEO", ses, on=day), day
    accepted = REG.recognizes("TH-AEO", ses, on=D(2023, 9, 1))
    assert accepted
    assert accepted.arrangement == "NZ-TH"
    assert "operational 2023-09-01" in accepted.explain()
    code, out = cli(
        "recognize", "--by", "TH-AEO", "--program", "NZ-SES", "--on", "2023-05-10",
        "--certified-on", "2020-01-06",
    )  # fmt: skip
    assert code == 1
    assert "Not accepted" in out


def test_implementation_dates_start_recognition() -> None:
    # Point 3: AU-JP signed 2019-06-27, implemented 2019-09-25; JP-KR implemented 2011-11-01.
    australian = grant("AU-ATT", D(2018, 1, 8))
    assert not REG.recognizes("JP-AEO", australian, on=D(2019, 7, 1))
    assert REG.recognizes("JP-AEO", australian, on=D(2019, 9, 25))
    korean = grant("KR-AEO", D(2010, 1, 4), level="AA")
    assert not REG.recognizes("JP-AEO", korean, on=D(2011, 10, 31))
    assert REG.recognizes("JP-AEO", korean, on=D(2011, 11, 1))
    (jp_kr,) = REG.arrangements_between("JP-AEO", "KR-AEO")
    assert (jp_kr.signed_on, jp_kr.operational_on) == (D(2011, 5, 20), D(2011, 11, 1))
    thai = grant("TH-AEO", D(2020, 1, 6))
    assert not REG.recognizes("JP-AEO", thai, on=D(2022, 8, 31))
    assert REG.recognizes("JP-AEO", thai, on=D(2022, 9, 1))


def test_listing_and_first_proof_dates_are_bounds() -> None:
    # Point 2: GB-ZA counts from SARS's 27 June 2025, not GOV.UK's listing of 5 August.
    south_african = grant("ZA-AEO", D(2024, 1, 8))
    assert REG.recognizes("GB-AEO", south_african, on=D(2025, 7, 1))
    # SG-TH's first proof (2022-04-05) is a bound: before it, unverified, not refused.
    singaporean = grant("SG-STP", D(2015, 1, 5))
    before = REG.recognizes("TH-AEO", singaporean, on=D(2020, 1, 15))
    assert not before
    assert before.reasons[0].code is ReasonCode.DATE_UNCERTAIN
    assert "between 2010-06-25 and 2022-04-05" in before.reasons[0].message
    assert REG.recognizes("TH-AEO", singaporean, on=D(2022, 4, 5))
    for aid in ("SG-TH", "AU-TH", "NZ-SG", "CA-GB", "GB-KR"):
        assert arrangement(aid).signed_span.precision is Precision.BOUNDED, aid


def test_ctpat_accepts_south_africa_and_brazils_security_level_only() -> None:
    # Point 5: the CTPAT arrangement with South Africa, effective 27 June 2025.
    south_african = grant("ZA-AEO", D(2024, 1, 8))
    assert not REG.recognizes("CTPAT", south_african, on=D(2025, 6, 26))
    accepted = REG.recognizes("CTPAT", south_african, on=D(2026, 1, 15))
    assert accepted.arrangement == "US-ZA"
    code, out = cli("recognize", "--by", "CTPAT", "--program", "ZA-AEO", "--on", "2026-01-15")
    assert code == 0
    assert out.startswith("Accepted by CTPAT")
    assert {a.id for a in REG.arrangements_of("ZA-AEO")} >= {
        "BR-ZA", "CN-ZA", "GB-ZA", "HK-ZA", "IN-ZA", "UG-ZA", "US-ZA",
    }  # fmt: skip
    # Point 4: a compliance-only Brazilian OEA is refused, a security one accepted.
    compliance = grant("BR-OEA", D(2023, 1, 9), level="OEA-C")
    refused = REG.recognizes("CTPAT", compliance, on=D(2026, 1, 15))
    assert not refused
    assert refused.has(ReasonCode.LEVEL_NOT_COVERED)
    assert REG.recognizes(
        "CTPAT", grant("BR-OEA", D(2023, 1, 9), level="OEA-S"), on=D(2026, 1, 15)
    )
    assert REG.recognizes(
        "CTPAT", grant("BR-OEA", D(2023, 1, 9), level="OEA-P"), on=D(2026, 1, 15)
    )


def test_vet_counts_a_date_in_doubt_as_unverified() -> None:
    registry = REG.with_partners(
        ctpat.PartnerData(
            [
                ctpat.Participant("amman", "Amman Co", "JO"),
                ctpat.Participant("acme", "Acme", "US"),
                ctpat.Participant("maple", "Maple Ltd", "CA"),
            ],
            [
                Certification.grant("JO-GL", "amman", on=D(2007, 1, 2)),
                Certification.grant("CTPAT", "acme", on=D(2006, 1, 2)),
                Certification.grant("CA-PIP", "maple", on=D(2008, 1, 2)),
            ],
        )
    )
    report = registry.vet(by="CTPAT", on=D(2008, 6, 10))
    outcomes = {entry.participant.id: entry.outcome for entry in report.entries}
    assert outcomes == {
        "amman": Outcome.UNVERIFIED,
        "acme": Outcome.PASSED,
        "maple": Outcome.FAILED,
    }
    assert [p.id for p in report.unverified] == ["amman"]
    assert "1 passed, 1 failed, 1 unverified" in report.summary()
    # The one unverified partner holds a certification: the summary claims no reason.
    assert "no certification on record" not in report.summary()
    after = registry.vet(by="CTPAT", on=D(2008, 7, 1))
    assert [p.id for p in after.passed] == ["amman", "acme", "maple"]


# -- the whole data set ----------------------------------------------------------------


def _probe(rec: ctpat.Recognition, day: dt.date) -> Certification:
    program = REG.program(rec.of)
    level = None
    if rec.levels is not None:
        level = sorted(rec.levels)[0]
    elif program.levels:
        level = program.levels[0].code
    return grant(rec.of, day - dt.timedelta(days=30), level=level)


def test_no_arrangement_is_accepted_before_its_latest_possible_start() -> None:
    checked = in_doubt = 0
    for arr in REG.arrangements:
        for rec in arr.recognitions:
            start, _ = arr.spans(rec)
            role = sorted(rec.roles)[0] if rec.roles else None
            day_before = start.latest - dt.timedelta(days=1)
            others = [
                a for a, r in REG.recognitions(rec.by, rec.of) if a is not arr
            ]  # another arrangement may cover the pair earlier
            if others:
                continue
            verdict = REG.recognizes(rec.by, _probe(rec, day_before), on=day_before, role=role)
            assert not verdict, (arr.id, rec.by, rec.of, day_before)
            checked += 1
            if not start.exact:
                inside = REG.recognizes(
                    rec.by, _probe(rec, start.earliest), on=start.earliest, role=role
                )
                assert not inside
                assert inside.has(ReasonCode.DATE_UNCERTAIN), (arr.id, rec.by, rec.of)
                in_doubt += 1
    assert checked > 300
    assert in_doubt > 20


def test_the_data_check_counts_dates_and_answers_in_doubt() -> None:
    report = audit_reference()
    dates = dict(report.dates)
    assert set(dates) == set(Precision)
    assert dates[Precision.MONTH] > 0
    assert dates[Precision.BOUNDED] > 0
    assert sum(dates.values()) >= 2 * len(REG.arrangements) - sum(
        a.operational_on is None for a in REG.arrangements
    )
    assert 0 < report.in_doubt < report.answers
    text = report.format()
    assert "month-only" in text
    assert f"answers unverified for a date not known to the day: {report.in_doubt}" in text
    code, out = cli("data", "--format", "json")
    assert code == 0
    assert '"in_doubt"' in out


def test_south_africas_regional_and_zambian_partners() -> None:
    # Point 5: SARS lists nine partners; SACU and Zambia needed programs of their own.
    partners = {p for a in REG.arrangements_of("ZA-AEO") for p in a.parties} - {"ZA-AEO"}
    assert partners >= {"BW-AEO", "LS-AEO", "NA-AEO", "SZ-AEO", "ZM-AEO", "CTPAT", "UG-AEO"}
    namibian = Certification.grant(
        "NA-AEO", "windhoek", on=D(2022, 3, 1), role=ctpat.Role.EXPORTER
    )
    assert not REG.recognizes("ZA-AEO", namibian, on=D(2023, 5, 30))
    assert REG.recognizes("ZA-AEO", namibian, on=D(2023, 5, 31))
    carrier = Certification.grant("NA-AEO", "windhoek", on=D(2022, 3, 1), role=ctpat.Role.EXPORTER)
    refused = REG.recognizes("BW-AEO", carrier, on=D(2024, 1, 15), role=ctpat.Role.HIGHWAY_CARRIER)
    assert refused.has(ReasonCode.ROLE_NOT_COVERED)
    zambian = grant("ZM-AEO", D(2024, 1, 8))
    assert REG.recognizes("ZA-AEO", zambian, on=D(2025, 5, 16))
    assert not REG.recognizes("ZA-AEO", zambian, on=D(2025, 5, 15))


def test_fasts_five_year_term_rests_on_cbps_release() -> None:
    fast = REG.program("FAST")
    assert fast.policy.expires_after is not None
    assert fast.policy.expires_after.years == 5
    source = fast.source_of("policy")
    assert source is not None
    assert source.confidence is ctpat.Confidence.SECONDARY
    assert "19 February 2008" in source.title


def test_settled_days_and_a_bounded_newcomer() -> None:
    # Point 6: Uruguay's customs gives PE-UY's day; the Ministry of Finance JP-AEO's roles.
    pe_uy = arrangement("PE-UY")
    assert pe_uy.signed_span == DateSpan(D(2018, 3, 14), D(2018, 3, 14))
    assert pe_uy.source.confidence is ctpat.Confidence.OFFICIAL
    roles = REG.program("JP-AEO").source_of("roles")
    assert roles is not None
    assert roles.confidence is ctpat.Confidence.OFFICIAL
    # Point 5: Russia-Uzbekistan is known only between two days.
    (ru_uz,) = REG.arrangements_between("RU-AEO", "UZ-AEO")
    assert ru_uz.signed_span.precision is Precision.BOUNDED
    russian = grant("RU-AEO", D(2020, 1, 9))
    inside = REG.recognizes("UZ-AEO", russian, on=D(2024, 6, 3))
    assert inside.reasons[0].code is ReasonCode.DATE_UNCERTAIN
    assert "between 2023-05-18 and 2025-01-16" in inside.reasons[0].message
    assert REG.recognizes("UZ-AEO", russian, on=D(2025, 1, 16))
    assert REG.recognizes("UZ-AEO", grant("BY-AEO", D(2020, 1, 9)), on=D(2024, 4, 26))


def test_the_arrangements_command_shows_spans_and_doubt() -> None:
    code, out = cli("arrangements", "--program", "JO-GL", "--on", "2008-06-10")
    assert code == 0
    (row,) = [line for line in out.splitlines() if line.startswith("US-JO")]
    assert "June 2008 (day unknown)" in row
    assert "unverified" in row
    code, out = cli("arrangements", "--program", "JO-GL", "--on", "2008-06-10", "--format", "json")
    (record,) = [r for r in json.loads(out)["records"] if r["id"] == "US-JO"]
    assert (record["signed_on"], record["signed_on_latest"]) == ("2008-06-01", "2008-06-30")
    assert (record["in_force"], record["in_doubt"]) == (False, True)


def test_a_refusal_before_the_span_names_the_inexact_date() -> None:
    jordanian = grant("JO-GL", D(2007, 1, 2))
    before = REG.recognizes("CTPAT", jordanian, on=D(2008, 5, 15))
    assert before.reasons[0].code is ReasonCode.ARRANGEMENT_NOT_IN_FORCE
    assert before.reasons[0].message == (
        "US-JO: CTPAT accepts JO-GL only from 2008-06-30 (signed in June 2008, day unknown); "
        "not on 2008-05-15"
    )
    us_jo = arrangement("US-JO")
    assert us_jo.dating(us_jo.recognitions[0]) == ("signed in June 2008, day unknown", None)
    # An exact date reads as before.
    pip = REG.recognizes("CTPAT", grant("CA-PIP", D(2008, 1, 2)), on=D(2008, 6, 10))
    assert (
        pip.reasons[0].message
        == "US-CA: CTPAT accepts CA-PIP only from 2008-06-28; not on 2008-06-10"
    )
