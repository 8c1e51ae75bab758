"""Assessment sheets in, gap reports out, and the ``criteria`` and ``assess`` commands."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings

import ctpat
from ctpat import AssessmentKind, Compliance, Role, strategies
from ctpat.assessments import Answer, Assessment
from ctpat.cli import main
from ctpat.io import gap_records, read_assessment, write_assessment_csv, write_gaps_csv

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SHEET = EXAMPLES / "ctpat-self-assessment.csv"
BOOK = EXAMPLES / "ctpat-compliance.json"
needs_examples = pytest.mark.skipif(not SHEET.exists(), reason="examples/ not beside tests")
MSC = "CTPAT-MSC-2019"
ON = date(2026, 3, 2)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def _read(text: str, **kw: object) -> ctpat.io.AssessmentIntake:
    return read_assessment(
        io.BytesIO(text.encode()), subject="acme", requirement_set=MSC, on=ON, name="sa.csv",
        criteria=ctpat.reference().criteria, **kw,  # type: ignore[arg-type]
    )  # fmt: skip


def test_usual_headers_and_status_spellings() -> None:
    intake = _read(
        "MSC ID;Compliance;Evidence references;Date checked;Comments\n"
        "2.3;Yes;RA-2026.pdf; 2026-01-20;\n"
        "3.1;non-compliant;SCS-031;2026-02-01;missing monitoring\n"
        "5.29;n/a;;;no conveyances\n"
        "9.9;pending;;;\n"
    )
    assert intake.ok
    assessment = intake.assessment
    assert assessment is not None
    assert [(a.requirement, a.status) for a in assessment.answers] == [
        ("2.3", Compliance.MET),
        ("3.1", Compliance.NOT_MET),
        ("5.29", Compliance.NOT_APPLICABLE),
        ("9.9", Compliance.NOT_ASSESSED),
    ]
    assert assessment.id == "acme-2026-03-02"
    assert intake.lines == (("2.3", 2), ("3.1", 3), ("5.29", 4), ("9.9", 5))


def test_every_bad_row_is_a_problem_with_its_line() -> None:
    intake = _read(
        "id,status,evidence,checked,note\n"
        "2.3,,x,2026-01-01,\n"  # no status
        "3.1,maybe,x,2026-01-01,\n"  # not a status
        "3.3,met,x,2026-01-01,\n"  # not an MSC 2019 id
        "4.1,met,x,01/02/2026,\n"  # not ISO
        "4.2,met,x,2026-04-01,\n"  # after the assessment
        "5.29,n/a,,,\n"  # n/a without a note
        "4.6,met,x,2026-01-01,\n"
        "4.6,met,x,2026-01-01,\n"  # twice
    )
    assert intake.assessment is None
    found = [(p.line, p.path, p.message) for p in intake.problems]
    assert [line for line, _, _ in found] == [2, 3, 4, 5, 6, 7, 9]
    text = [str(p) for p in intake.problems]
    assert text[0] == (
        "sa.csv, line 2, column 'status': no status (got ''); accepted: met, not met, "
        "not applicable (with a note), not assessed (or yes, no, n/a, pending)"
    )
    assert "not a requirement of CTPAT-MSC-2019" in text[2]
    assert "is after the assessment (2026-03-02)" in text[4]
    assert "answered already on line 8" in text[6]
    with pytest.raises(ctpat.DataError):
        intake.raise_problems()


def test_missing_and_unknown_columns() -> None:
    intake = _read("id,colour\n2.3,blue\n")
    assert [str(p) for p in intake.problems] == [
        "sa.csv, line 1, column 'colour': unknown column (got 'colour'); "
        "accepted: requirement, status, evidence, checked_on, note",
        "sa.csv, line 1: no status column (got ['id', 'colour']); "
        "accepted: status, compliance, answer, met, result, assessment",
    ]


@settings(max_examples=60, deadline=None)
@given(strategies.assessments(subject="acme"))
def test_sheets_round_trip(assessment: Assessment) -> None:
    text = write_assessment_csv(assessment)
    intake = read_assessment(
        io.BytesIO(text.encode()), subject="acme", requirement_set=MSC, on=assessment.on,
        id=assessment.id, kind=assessment.kind, role=assessment.role, level=assessment.level,
        assessor=assessment.assessor,
    )  # fmt: skip
    assert intake.problems == ()
    if assessment.answers:
        assert intake.assessment == assessment


def test_gap_report_as_csv_and_records() -> None:
    answers = [
        Answer("3.1", Compliance.NOT_MET, date(2026, 2, 1)),
        Answer("2.3", Compliance.MET, date(2024, 1, 1)),
    ]
    book = ctpat.assessments.ComplianceBook(
        [Assessment("sa", "acme", MSC, ON, AssessmentKind.SELF_ASSESSMENT, answers)]
    )
    report = ctpat.reference().gaps(book, "acme", program="CTPAT", role=Role.IMPORTER, on=ON)
    records = gap_records(report)
    assert records[0]["requirement"] == f"{MSC}:3.1"
    assert records[0]["code"] == "must-unmet"
    rows = list(csv.DictReader(io.StringIO(write_gaps_csv(report))))
    assert [r["requirement"] for r in rows] == [r["requirement"] for r in records]
    stale = next(r for r in rows if r["requirement"] == f"{MSC}:2.3")
    assert (stale["code"], stale["due"]) == ("evidence-stale", "2025-01-01")


# -- the command line --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "count", "sample"),
    [
        (
            ("--role", "importer"),
            94,
            {"1.1": "should", "3.1": "must", "5.7": "must", "7.37": "must", "11.5": "must"},
        ),
        (("--role", "manufacturer"), 94, {"2.3": "must", "5.7": "must", "12.6": "should"}),
        (("--role", "highway-carrier"), 94, {"5.3": "must", "5.5": "should", "5.7": "must"}),
    ],
)
def test_criteria_command_counts(
    argv: tuple[str, ...], count: int, sample: dict[str, str]
) -> None:
    code, text = run("criteria", "--program", "CTPAT", *argv, "--format", "json")
    assert code == 0
    whole = json.loads(text)
    assert whole["count"] == len(whole["records"]) == count
    by_id = {r["id"]: r["obligation"] for r in whole["records"]}
    assert {k: by_id[k] for k in sample} == sample
    assert whole["records"][0]["data_version"] == whole["data_version"]


def test_criteria_command_table_and_aliases() -> None:
    code, text = run("criteria", "--program", "EU AEO", "--level", "AEOC")
    assert code == 0
    assert (
        text.splitlines()[0]
        == "EU AEO criteria (UCC Art. 39, Implementing Regulation Arts. 24-28) (EU-AEO-UCC): 4 requirements"
    )
    assert run("criteria", "--program", "FAST")[0] == 2  # no criteria for FAST


@needs_examples
def test_assess_the_example_is_not_ready(capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["assess", str(SHEET), "--program", "CTPAT", "--role", "importer", "--subject", "acme",
            "--book", str(BOOK), "--on", "2026-03-02"]  # fmt: skip
    code, text = run(*argv, "--format", "json")
    assert code == 1
    whole = json.loads(text)
    assert whole["ready"] is False
    assert whole["deciding"]["code"] == "must-unmet"
    assert "3.1" in whole["deciding"]["message"]
    codes = [r["code"] for r in whole["reasons"]]
    assert codes == [
        "must-unmet",
        "evidence-stale",
        "action-overdue",
        "should-unmet",
        "should-unmet",
    ]
    assert [d["reference"] for d in whole["overdue_actions"]] == ["cap-2025-01"]
    assert [r["requirement"] for r in whole["records"]][:1] == [f"{MSC}:3.1"]
    code, text = run(*argv, "--format", "csv")
    assert code == 1
    assert text.splitlines()[0] == ",".join(ctpat.io.GAP_COLUMNS)


def test_assess_ready_and_bad_input(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    reqs = ctpat.reference().requirements("CTPAT", role=Role.IMPORTER)
    good = tmp_path / "good.csv"
    good.write_text("id,status,checked\n" + "".join(f"{r.id},met,2026-02-01\n" for r in reqs))
    code, text = run(
        "assess", str(good), "--program", "CTPAT", "--role", "importer", "--on", "2026-03-02"
    )
    assert code == 0
    assert text.startswith("Ready for CTPAT review: self on 2026-03-02")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,status\n2.3,met\n3.1,sometimes\n")
    assert run("assess", str(bad), "--program", "CTPAT", "--on", "2026-03-02")[0] == 2
    assert capsys.readouterr().err.splitlines() == [
        "ctpat: error: bad.csv, line 3, column 'status': not a status (got 'sometimes'); accepted: met, "
        "not met, not applicable (with a note), not assessed (or yes, no, n/a, pending)"
    ]
    empty = tmp_path / "empty.csv"
    empty.write_text("id,status\n")
    assert run("assess", str(empty), "--program", "CTPAT", "--on", "2026-03-02")[0] == 3


SCHEMA = ROOT / "docs" / "schemas" / "ctpat-cli.schema.json"


@needs_examples
@pytest.mark.skipif(not SCHEMA.exists(), reason="docs/ not beside tests")
@pytest.mark.parametrize(
    ("argv", "document", "record"),
    [
        (["criteria", "--program", "CTPAT", "--role", "importer"], "criteria", "criteria_record"),
        (["criteria", "--program", "EU-AEO", "--level", "AEOS"], "criteria", "criteria_record"),
        ([
            "assess", str(SHEET), "--program", "CTPAT", "--role", "importer", "--subject", "acme",
            "--book", str(BOOK), "--on", "2026-03-02",
        ], "assess", "gap_record"),
    ],
)  # fmt: skip
def test_json_follows_the_shipped_schema(argv: list[str], document: str, record: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))

    def validator(name: str) -> object:
        wrapped = {"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"}
        checker = jsonschema.Draft202012Validator.FORMAT_CHECKER
        return jsonschema.Draft202012Validator(wrapped, format_checker=checker)

    _, text = run(*argv, "--format", "json")
    whole = json.loads(text)
    validator(document).validate(whole)  # type: ignore[attr-defined]
    jsonschema.Draft202012Validator(schema).validate(whole)
    _, lines = run(*argv, "--format", "jsonl")
    parsed = [json.loads(line) for line in lines.splitlines()]
    assert parsed == whole["records"]
    for line in parsed:
        validator(record).validate(line)  # type: ignore[attr-defined]


@needs_examples
def test_gap_report_page(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    page_file = tmp_path / "gaps.html"
    argv = ["assess", str(SHEET), "--program", "CTPAT", "--role", "importer", "--subject", "acme",
            "--book", str(BOOK), "--on", "2026-03-02", "--report", str(page_file)]  # fmt: skip
    code, text = run(*argv)
    assert code == 1
    assert text.startswith("Not ready for CTPAT review")
    page = page_file.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert 'id="count-musts" value="2"' in page
    assert 'id="count-shoulds" value="2"' in page
    assert "<strong>Not ready</strong> for CTPAT validation or review: CTPAT-MSC-2019 3.1" in page
    # By category in the set's order (1 before 2 before 3 before 9), musts first within one.
    order = [page.index(f'data-category="{c}') for c in ("1.", "2.", "3.", "9.")]
    assert order == sorted(order)
    assert 'id="overdue-actions"' in page
    assert "cap-2025-01" in page
    assert "Acme operates no conveyances; carriers are screened under 3.4 and 3.5" in page


def test_gap_report_page_escapes_notes() -> None:
    pytest.importorskip("jinja2")
    from ctpat.report import gaps_html

    answers = [Answer("5.3", Compliance.NOT_APPLICABLE, note="<script>x</script>")]
    book = ctpat.assessments.ComplianceBook(
        [Assessment("sa", "acme", MSC, ON, AssessmentKind.SELF_ASSESSMENT, answers)]
    )
    page = gaps_html(ctpat.reference().gaps(book, "acme", program="CTPAT", on=ON))
    assert "<script>x" not in page
    assert "&lt;script&gt;x&lt;/script&gt;" in page
    with pytest.raises(ctpat.DataError, match="must be a GapReport"):
        gaps_html("not a report")  # type: ignore[arg-type]


# -- corrective-action logs ------------------------------------------------------------------


@settings(max_examples=60, deadline=None)
@given(strategies.compliance_books())
def test_action_logs_round_trip(book: ctpat.assessments.ComplianceBook) -> None:
    from ctpat.io import read_actions, write_actions_csv

    # Findings and actions only: assessments travel as sheets of their own.
    kept = ctpat.assessments.ComplianceBook((), book.findings, book.actions)
    # An action with no events has no row to travel in.
    kept = ctpat.assessments.ComplianceBook(
        (), kept.findings, tuple(a for a in kept.actions if a.events)
    )
    intake = read_actions(io.BytesIO(write_actions_csv(kept).encode()), name="log.csv")
    assert intake.problems == ()
    assert intake.book == kept


@needs_examples
def test_the_example_book_as_a_log() -> None:
    from ctpat.io import read_actions, write_actions_csv

    book = ctpat.from_json(BOOK.read_text(encoding="utf-8"), ctpat.assessments.ComplianceBook)
    text = write_actions_csv(book)
    assert text.splitlines()[1].startswith("val-2025-01,acme,CTPAT-MSC-2019:7.23,required-action,")
    assert read_actions(io.BytesIO(text.encode())).book == book


def test_bad_action_logs() -> None:
    from ctpat.io import ACTION_COLUMNS, read_actions

    head = ",".join(ACTION_COLUMNS) + "\n"
    f = "f-1,acme,CTPAT-MSC-2019:7.23,required-action,2026-01-10,val,,"
    text = (
        head
        + f + ",ca-1,,,opened,2026-01-12,2026-02-01,\n"
        + f + ",ca-1,,,verified,2026-01-20,,\n"  # cannot follow open
        + "f-1,acme,CTPAT-MSC-2019:7.24,required-action,2026-01-10,val,,,ca-2,,,opened,2026-01-12,,\n"
        + "f-2,acme,CTPAT-MSC-2019:1.1,urgent,2026-01-10,,,,,,,,,,\n"
        + f + ",ca-3,,,opened,12/01/2026,,\n"
    )  # fmt: skip
    intake = read_actions(io.BytesIO(text.encode()), name="log.csv")
    assert intake.book is None
    lines = [str(p) for p in intake.problems]
    assert lines == [
        "log.csv, line 4, column 'finding': differs from the same finding on line 2 (got 'f-1')",
        "log.csv, line 5, column 'severity': not a severity (got 'urgent'); "
        "accepted: required-action, recommendation, observation, best-practice",
        "log.csv, line 6, column 'on': not a date (got '12/01/2026'); accepted: YYYY-MM-DD",
    ]
    again = read_actions(io.BytesIO((head + f + ",ca-1,,,opened,2026-01-12,2026-02-01,\n"
                                     + f + ",ca-1,,,verified,2026-01-20,,\n").encode()), name="log.csv")  # fmt: skip
    assert [str(p) for p in again.problems] == [
        "log.csv, line 2, column 'events[1].kind': action ca-1: cannot follow status open (got 'verified')"
    ]
    wrong = read_actions(io.BytesIO(b"id,status\n"), name="log.csv")
    assert "not a corrective-action log" in str(wrong.problems[0])


def test_assessment_from_a_workbook(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Criteria ID", "Status", "Evidence", "Last checked", "Notes"])
    sheet.append(["2.3", "Met", "RA-2026", date(2026, 1, 20), None])
    sheet.append(["3.1", "Not met", None, date(2026, 2, 1), "monitoring missing"])
    path = tmp_path / "self.xlsx"
    workbook.save(path)
    intake = read_assessment(path, subject="acme", requirement_set=MSC, on=ON)
    assert intake.ok, intake.problems
    assert intake.assessment is not None
    assert [(a.requirement, a.status, a.checked_on) for a in intake.assessment.answers] == [
        ("2.3", Compliance.MET, date(2026, 1, 20)),
        ("3.1", Compliance.NOT_MET, date(2026, 2, 1)),
    ]
