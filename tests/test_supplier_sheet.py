"""Issue 24: a compliance team's own supplier export, read and vetted in one go."""

from __future__ import annotations

from pathlib import Path

import pytest

from ctpat import aliases
from ctpat.errors import DataError
from ctpat.io import Intake, SheetMapping, read_text

HEADER = "Supplier Name,Country,Certification Program,Cert Number,Certified Since,Status\n"
MAPPING = """
[dates]
format = "%m/%d/%Y"
status_as_of = "2026-06-01"
"""


def _read(rows: str, mapping: str = MAPPING) -> Intake:
    return read_text(HEADER + rows, mapping=SheetMapping.from_toml(mapping))


# -- 1. value spellings ----------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "program", "level"),
    [
        ("Vietnam AEO", "VN-AEO", None),
        ("AEO Viet Nam", "VN-AEO", None),
        ("Japan AEO", "JP-AEO", None),
        ("Swiss AEO", "CH-AEO", None),
        ("China AEO (Advanced Certified Enterprise)", "CN-AEO", "advanced"),
        ("Korea AEO (AAA)", "KR-AEO", "AAA"),
        ("South Africa AEO", "ZA-AEO", None),
    ],
)
def test_bundled_aliases_know_what_exports_write(
    text: str, program: str, level: str | None
) -> None:
    assert aliases.resolve(text) == aliases.ProgramMatch(program, level)


def test_a_level_in_brackets_must_be_the_programs_own() -> None:
    with pytest.raises(aliases.UnknownAlias):
        aliases.resolve("China AEO (AAA)")


def test_the_mapping_teaches_value_spellings() -> None:
    mapping = (
        MAPPING
        + """
[programs]
"Viet Customs" = "VN-AEO"
[statuses]
"OK per audit" = "certified"
[countries]
"Viet" = "VN"
[levels]
"Triple A" = "AAA"
"""
    )
    intake = _read(
        "Hanoi Parts,Viet,Viet Customs,V1,01/02/2020,OK per audit\n"
        "Seoul Ltd,KR,Korea AEO,K1,01/02/2024,Active\n",
        mapping,
    )
    assert intake.ok, intake.problems
    hanoi, seoul = intake.data.certifications
    assert hanoi.program == "VN-AEO"
    assert intake.data.participants[0].country == "VN"
    assert hanoi.events[0].kind.value == "certified"
    assert seoul.program == "KR-AEO"


def test_a_level_spelling_is_taught_too() -> None:
    mapping = MAPPING + '[levels]\n"Triple A" = "AAA"\n'
    text = "Supplier Name,Country,Certification Program,Tier,Certified Since\n"
    intake = read_text(
        text + "Seoul Ltd,KR,KR-AEO,Triple A,01/02/2024\n", mapping=SheetMapping.from_toml(mapping)
    )
    assert intake.ok, intake.problems
    assert intake.data.certifications[0].events[0].level == "AAA"


@pytest.mark.parametrize(
    ("table", "value"),
    [("programs", "XX-NOPE"), ("statuses", "fabulous"), ("countries", "Atlantis")],
)
def test_a_spelling_must_map_to_something_known(table: str, value: str) -> None:
    mapping = MAPPING + f'[{table}]\n"Odd" = "{value}"\n'
    with pytest.raises(DataError, match=table):
        _read("Acme,US,CTPAT,,01/02/2020,Active\n", mapping)


def test_an_ambiguous_spelling_is_read_by_the_rows_country() -> None:
    intake = _read(
        "Monterrey SA,Mexico,OEA,M1,01/02/2020,Active\n"
        "Lima SAC,PE,OEA,P1,01/02/2020,Active\n"
        "Berlin GmbH,DE,OEA,D1,01/02/2020,Active\n"
    )
    assert [c.program for c in intake.data.certifications] == ["MX-OEA", "PE-OEA"]
    assert any("read as MX-OEA" in note and "MX" in note for note in intake.notes)
    (problem,) = intake.problems
    assert problem.line == 4
    assert "fits several programs" in problem.message


def test_the_disambiguation_is_said_in_show_mapping(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ctpat.cli import main

    sheet = tmp_path / "s.csv"
    sheet.write_text(HEADER + "Monterrey SA,Mexico,OEA,M1,01/02/2020,Active\n")
    toml = tmp_path / "m.toml"
    toml.write_text(MAPPING)
    main(["vet", str(sheet), "--mapping", str(toml), "--by", "CTPAT", "--show-mapping"])
    assert "read as MX-OEA" in capsys.readouterr().out


def test_program_alias_flag(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from ctpat.cli import main

    sheet = tmp_path / "s.csv"
    sheet.write_text(HEADER + "Hanoi Parts,VN,Viet Customs,V1,01/02/2020,Active\n")
    toml = tmp_path / "m.toml"
    toml.write_text(MAPPING)
    args = ["vet", str(sheet), "--mapping", str(toml), "--by", "CTPAT", "--on", "2026-06-01"]
    code = main([*args, "--program-alias", "Viet Customs=VN-AEO", "--format", "json"])
    out = capsys.readouterr().out
    assert '"VN-AEO"' in out, out
    assert code in (0, 1)


# -- 2. a pending row with a "Certified Since" date --------------------------------


def test_a_pending_row_with_a_date_is_an_applicant_never_a_block() -> None:
    import datetime as dt

    import ctpat

    intake = _read("Applicant Co,US,C-TPAT,,03/04/2021,Pending\n")
    assert intake.ok, intake.problems
    (cert,) = intake.data.certifications
    assert [e.kind.value for e in cert.events] == ["applied"]
    note = cert.events[0].note
    assert note is not None
    assert "certified since 2021-03-04" in note
    report = ctpat.reference().with_partners(intake.data).vet(by="CTPAT", on=dt.date(2026, 6, 2))
    assert report.outcomes == (ctpat.vetting.Outcome.FAILED,)
    ((_, verdict),) = report
    assert verdict.deciding is not None
    assert "application pending" in verdict.deciding.message
    assert "applicant since" not in verdict.deciding.message


def test_a_pending_row_with_a_level_is_an_applicant_too() -> None:
    text = "Supplier Name,Country,Certification Program,Tier,Certified Since,Status\n"
    intake = read_text(
        text + "Seoul Ltd,KR,KR-AEO,AAA,01/02/2024,Pending\n",
        mapping=SheetMapping.from_toml(MAPPING),
    )
    assert intake.ok, intake.problems
    (event,) = intake.data.certifications[0].events
    assert event.kind.value == "applied"
    assert event.level is None
    assert event.note is not None
    assert "level AAA" in event.note
    assert "certified since 2024-01-02" in event.note


# -- 3./4. not all or nothing; vetting an intake with problems is deliberate -----


def test_rows_that_do_not_read_are_unverified_with_their_problem() -> None:
    import datetime as dt

    import ctpat

    intake = _read(
        "Good Co,US,C-TPAT,,01/06/2020,Active\n"
        "Typo Co,US,C-TAPT,,01/06/2020,Active\n"
        "Bad Date Co,US,C-TPAT,,2020-13-45,Active\n"
    )
    assert len(intake.problems) == 2
    assert [row.participant for row in intake.unread] == ["typo-co", "bad-date-co"]
    with pytest.raises(DataError):
        intake.vet(by="CTPAT", on=dt.date(2026, 6, 2))  # the default: no silent trap
    report = intake.vet(by="CTPAT", on=dt.date(2026, 6, 2), unreadable="unverified")
    assert len(report) == 3
    assert [p.id for p in report.passed] == ["good-co"]
    assert [p.id for p in report.unverified] == ["typo-co", "bad-date-co"]
    for participant, verdict in report:
        if participant.id != "good-co":
            assert verdict.deciding is not None
            assert verdict.deciding.code is ctpat.ReasonCode.UNREADABLE
            assert "line" in verdict.deciding.message


def test_an_unread_row_never_lets_another_row_of_its_partner_pass() -> None:
    import datetime as dt

    intake = _read(
        "Twice Co,US,C-TPAT,A1,01/06/2020,Active\nTwice Co,US,C-TPAT,A1,01/06/2020,Suspnded\n"
    )
    report = intake.vet(by="CTPAT", on=dt.date(2026, 6, 2), unreadable="unverified")
    assert report.passed == ()
    assert [p.id for p in report.unverified] == ["twice-co"]


def test_a_header_problem_is_never_carried() -> None:
    import datetime as dt

    intake = read_text("Supplier Name,Country,Colour\nAcme,US,red\n")
    assert intake.stranded
    with pytest.raises(DataError, match="Colour"):
        intake.vet(by="CTPAT", on=dt.date(2026, 6, 2), unreadable="unverified")


def test_the_cli_vets_what_reads_and_says_some_rows_did_not(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    import json

    from ctpat.cli import main

    sheet = tmp_path / "s.csv"
    sheet.write_text(
        HEADER + "Good Co,US,C-TPAT,,01/06/2020,Active\nTypo Co,US,C-TAPT,,01/06/2020,Active\n"
    )
    toml = tmp_path / "m.toml"
    toml.write_text(MAPPING)
    args = ["vet", str(sheet), "--mapping", str(toml), "--by", "CTPAT", "--on", "2026-06-02"]
    assert main([*args, "--format", "json"]) == 4
    captured = capsys.readouterr()
    assert "line 3" in captured.err
    records = {r["participant"]: r for r in json.loads(captured.out)["records"]}
    assert records["good-co"]["outcome"] == "passed"
    assert records["typo-co"]["outcome"] == "unverified"
    assert records["typo-co"]["deciding"]["code"] == "unreadable"
    assert main([*args, "--strict"]) == 2
    capsys.readouterr()
    assert main([*args, "--show-mapping"]) == 4
    out = capsys.readouterr().out
    assert "Certification Program" in out
    assert "2 rows read, 1 problems" in out


# -- 5. a stated status wins over a computed fixed term -------------------------


def test_a_dated_active_statement_is_evidence_of_renewal() -> None:
    import datetime as dt

    import ctpat

    intake = _read(
        "Seoul Co,South Korea,Korea AEO,K1,03/01/2019,Active\n"
        "Busan Co,KR,Korea AEO,K2,03/01/2019,\n"
        "Driver Co,US,FAST,F1,03/01/2019,Active\n"
    )
    assert intake.ok, intake.problems
    registry = ctpat.reference().with_partners(intake.data)
    on = dt.date(2026, 6, 1)
    seoul = registry.verify("seoul-co", by="KR-AEO", on=on)
    assert seoul.ok
    conditions = [r.message for r in seoul.reasons if r.code is ctpat.ReasonCode.CONDITION]
    assert len(conditions) == 1
    assert "computed fixed term ran out on 2024-02-29" in conditions[0]
    assert "sheet's statement" in conditions[0]
    # Without a stated status the computed term still ends it.
    assert not registry.verify("busan-co", by="KR-AEO", on=on).ok
    # Any program's fixed term: a FAST card stated active.
    assert registry.verify("driver-co", by="FAST", on=on).ok
    # Never past the terms the statement is evidence of.
    assert not registry.verify("seoul-co", by="KR-AEO", on=dt.date(2029, 3, 1)).ok


def test_an_inferred_renewal_never_outweighs_a_row_stating_the_certificate_expired() -> None:
    # Found by the no-false-pass property: "Active" (as of the export) and "Expired" as
    # of an earlier day, for one number. The renewal is only inferred from the first
    # row, so the rows contradict each other: the partner is unverified, never passed.
    import datetime as dt

    from ctpat.vetting import Outcome

    intake = read_text(
        "Supplier Name,Country,Certification Program,Cert Number,Certified Since,Status,"
        "Status Date\n"
        "Seoul Co,KR,AEO Korea AAA,K1,2012-01-01,Active,\n"
        "Seoul Co,KR,AEO Korea AAA,K1,2012-01-01,Expired,2012-01-02\n",
        mapping=SheetMapping(status_as_of=dt.date(2026, 1, 10)),
    )
    assert not intake.ok
    assert "renewal the sheet does not state" in str(intake.problems[0])
    report = intake.vet(by="CTPAT", on=dt.date(2026, 1, 15), unreadable="unverified")
    assert [e.outcome for e in report.entries] == [Outcome.UNVERIFIED]


# -- 6. deadlines are not invented from missing columns --------------------------


def test_what_the_list_does_not_record_is_unknown_not_overdue() -> None:
    import datetime as dt

    import ctpat

    intake = _read(
        "Old Co,US,C-TPAT,,01/06/2009,Active\nHeld Co,US,C-TPAT,,01/06/2009,Suspended\n"
    )
    assert intake.unrecorded == frozenset({"validated", "reviewed"})
    said = [n for n in intake.notes if "records no validation or review dates" in n]
    assert len(said) == 1
    registry = ctpat.reference().with_partners(intake.data)
    on = dt.date(2026, 6, 2)
    verdict = registry.verify("old-co", by="CTPAT", on=on)
    assert verdict.ok
    assert not verdict.has(ctpat.ReasonCode.DEADLINE_OVERDUE)
    old, held = intake.data.certifications
    deadlines = registry.deadlines(old, on=on)
    assert deadlines
    assert not any(d.overdue for d in deadlines)  # the anniversaries ahead only
    assert all(d.name == "annual-review" for d in deadlines)
    assert registry.deadlines(held, on=on) == ()  # suspended: none listed


def test_a_recorded_validation_column_still_makes_deadlines_overdue() -> None:
    import datetime as dt

    import ctpat

    text = "Supplier Name,Country,Program,Certified Since,Validated,Status\n"
    intake = read_text(
        text + "Old Co,US,CTPAT,01/06/2009,,Active\n", mapping=SheetMapping.from_toml(MAPPING)
    )
    assert intake.unrecorded == frozenset({"reviewed"})
    registry = ctpat.reference().with_partners(intake.data)
    verdict = registry.verify("old-co", by="CTPAT", on=dt.date(2026, 6, 2))
    assert verdict.has(ctpat.ReasonCode.DEADLINE_OVERDUE)


# -- 7. words that do not mislead ------------------------------------------------


def test_a_stated_expiry_is_not_called_the_certificates() -> None:
    import datetime as dt

    import ctpat

    intake = _read("Gone Co,US,C-TPAT,,01/06/2015,Expired\n")
    registry = ctpat.reference().with_partners(intake.data)
    deciding = registry.verify("gone-co", by="CTPAT", on=dt.date(2026, 6, 2)).deciding
    assert deciding is not None
    assert "stated expired as of 2026-06-01" in deciding.message
    assert "on the certificate" not in deciding.message


def test_a_directory_and_an_xls_file_are_named_for_what_they_are(tmp_path: Path) -> None:
    from ctpat.io import read

    (problem,) = read(tmp_path).problems
    assert "a directory" in problem.message
    old = tmp_path / "suppliers.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    (problem,) = read(old).problems
    assert problem.suggestion is not None
    assert "save it as .xlsx or CSV" in problem.suggestion


# -- 9. durations as people write them -------------------------------------------


@pytest.mark.parametrize("within", ["90d", "13w", "3m", "1y", "P3M", None])
def test_the_api_takes_periods_as_text(within: object) -> None:
    import datetime as dt

    import ctpat

    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[ctpat.Participant("acme", "Acme", "US")],
            certifications=[ctpat.Certification.grant("CTPAT", "acme", on=dt.date(2024, 3, 1))],
        )
    )
    period = dt.timedelta(days=90) if within is None else within
    found = registry.calendar(on=dt.date(2025, 2, 1), within=period, audit_every="1y")  # type: ignore[arg-type]
    assert found
    assert {d.name for d in found} >= {"validation"}


@pytest.mark.parametrize("within", ["soon", "0d", "-3m", "P0D", 90])
def test_a_period_that_is_none_is_named(within: object) -> None:
    import datetime as dt

    import ctpat

    with pytest.raises(DataError, match="within"):
        ctpat.reference().calendar(on=dt.date(2025, 2, 1), within=within)  # type: ignore[arg-type]


# -- done when: the 300-supplier export vets in one round, every row in the result --

#: The shape of a compliance team's export: (program cell, country, status, rows,
#: the outcome and deciding reason expected against CTPAT on 2026-06-01).
SHAPE = [
    ("C-TPAT", "United States", "Active", 18, "passed", "same-program"),
    ("C-TPAT", "United States", "Suspended", 4, "failed", "suspended"),
    ("C-TPAT", "United States", "Pending", 26, "failed", "not-certified-yet"),
    ("EU AEO (AEOS)", "Germany", "Active", 20, "passed", "arrangement-in-force"),
    ("EU AEO (AEOS)", "Netherlands", "Expired", 10, "failed", "expired"),
    ("EU AEO (AEOC)", "France", "Active", 6, "failed", "level-not-covered"),
    ("Japan AEO", "Japan", "Active", 15, "passed", "arrangement-in-force"),
    ("Swiss AEO", "Switzerland", "Active", 8, "failed", "no-arrangement"),
    ("Korea AEO", "South Korea", "Active", 13, "passed", "arrangement-in-force"),
    ("Vietnam AEO", "Vietnam", "Active", 41, "failed", "no-arrangement"),
    ("Vietnam AEO", "Vietnam", "Suspended", 9, "failed", "suspended"),
    (
        "China AEO (Advanced Certified Enterprise)",
        "China",
        "Active",
        30,
        "failed",
        "no-arrangement",
    ),
    ("OEA", "Mexico", "Active", 12, "passed", "arrangement-in-force"),
    ("Partners in Protection", "Canada", "Active", 10, "passed", "arrangement-in-force"),
    ("Partners in Protection", "Canada", "Expired", 8, "failed", "expired"),
    ("Singapore STP", "Singapore", "Active", 40, "passed", "arrangement-in-force"),
    ("None", "India", "", 30, "unverified", "no-certification"),
]
SUPPLIER_MAPPING = """
[dates]
format = "%m/%d/%Y"
status_as_of = 2026-06-01
"""


def _supplier_rows() -> list[list[object]]:
    import datetime as dt

    rows: list[list[object]] = []
    for program, country, status, count, _, _ in SHAPE:
        for _ in range(count):
            n = len(rows) + 1
            certified = program != "None"
            # Grants from 2012 to 2019: every Korea AEO five-year term has run out.
            since = dt.date(2012 + n % 8, n % 12 + 1, n % 27 + 1) if certified else None
            reference = f"N{n:04d}" if certified else ""
            rows.append([f"Supplier {n:03d} Ltd", country, program, reference, since, status])
    return rows


def _supplier_csv(path: Path) -> None:
    import csv

    with open(path, "w", newline="", encoding="utf-8-sig") as handle:
        out = csv.writer(handle)
        out.writerow(HEADER.strip().split(","))
        for row in _supplier_rows():
            since = row[4]
            out.writerow([*row[:4], since.strftime("%m/%d/%Y") if since else "", row[5]])  # type: ignore[attr-defined]


def _supplier_xlsx(path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.strip().split(","))
    for row in _supplier_rows():
        sheet.append(row)  # the dates as date cells, as Excel keeps them
    book.save(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_300_supplier_export_vets_in_one_round(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str
) -> None:
    import json

    from ctpat.cli import main

    sheet = tmp_path / f"suppliers{suffix}"
    (_supplier_csv if suffix == ".csv" else _supplier_xlsx)(sheet)
    mapping = tmp_path / "suppliers.toml"
    mapping.write_text(SUPPLIER_MAPPING)
    argv = ["vet", str(sheet), "--mapping", str(mapping), "--by", "C-TPAT", "--on", "2026-06-01"]
    code = main([*argv, "--format", "json"])
    captured = capsys.readouterr()
    assert captured.err == ""  # no problem: no edit of the sheet, one round
    assert code == 1  # some partners failed
    records = json.loads(captured.out)["records"]
    assert len(records) == sum(kind[3] for kind in SHAPE) == 300  # every row
    at = 0
    for program, country, status, count, outcome, code_expected in SHAPE:
        for record in records[at : at + count]:
            where = (program, country, status, record["participant"])
            assert record["outcome"] == outcome, where
            assert record["deciding"]["code"] == code_expected, where
            if program == "Korea AEO":
                # The sheet's "Active" beats the computed five-year term: a condition says so.
                assert any("sheet's statement" in c["message"] for c in record["conditions"])
            if status == "Pending":
                assert "application pending" in record["deciding"]["message"]
            if status == "Expired":
                assert "stated expired as of 2026-06-01" in record["deciding"]["message"]
            assert not record["overdue_deadlines"]  # the sheet records no validations
        at += count


# -- 1. program spellings belong to the library ----------------------------------


def test_by_takes_the_spellings_the_command_line_takes() -> None:
    import datetime as dt

    import ctpat

    on = dt.date(2026, 1, 15)
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(
            [ctpat.Participant("acme", "Acme", "US")],
            [ctpat.Certification.grant("CTPAT", "acme", on=dt.date(2020, 1, 6))],
        )
    )
    report = registry.vet(by="C-TPAT", on=on)
    assert report.by == "CTPAT"
    assert report.all_passed
    assert registry.verify("acme", by="c tpat", on=on).ok
    assert registry.verify("acme", by="Customs-Trade Partnership Against Terrorism", on=on).ok
    cert = registry.certifications_of("acme")[0]
    assert registry.recognizes("C-TPAT", cert, on=on).by == "CTPAT"
    assert "EU-AEO" in registry.recognized_by("C-TPAT", on=on)
    with pytest.raises(ctpat.UnknownProgram, match="ambiguous"):
        registry.vet(by="OEA", on=on)
    with pytest.raises(ctpat.UnknownProgram, match="did you mean"):
        registry.vet(by="C-TAPT", on=on)
