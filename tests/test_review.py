"""The annual review pack: the library call, ``ctpat review`` (table, JSON, HTML) and
the page in a browser."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pytest

import ctpat
from ctpat import Participant, Risk, Role
from ctpat.assessments import ComplianceBook
from ctpat.cli import main
from ctpat.review import QUESTIONNAIRE_RENEWAL, review
from ctpat.scoring import ScoringPolicy

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "screening"
SCHEMA = ROOT / "docs" / "schemas" / "ctpat-cli.schema.json"
needs_examples = pytest.mark.skipif(not EXAMPLE.exists(), reason="examples/ not beside tests")
ON = date(2026, 3, 31)


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def example_argv(*extra: str) -> list[str]:
    e = EXAMPLE
    return [
        "review", str(e / "partners.csv"), "--member", "acme-imports", "--chain",
        str(e / "chain.csv"), "--questionnaires", str(e / "questionnaires"), "--questions",
        str(e / "questions.toml"), "--actions", str(e / "actions.csv"), "--assessment",
        str(e / "self-assessment.csv"), "--policy", "example", "--on", ON.isoformat(), *extra,
    ]  # fmt: skip


def test_the_pack_gathers_readiness_answers_actions_and_the_calendar() -> None:
    reg = ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[
                Participant("acme", "Acme", "US", [Role.IMPORTER]),
                Participant("mill", "Mill", "CN", [Role.MANUFACTURER]),
            ],
            certifications=[ctpat.Certification.grant("CTPAT", "acme", on=date(2019, 4, 8))],
        )
    )
    answers = [
        ctpat.assessments.Answer(r.id, ctpat.Compliance.MET)
        for r in reg.criteria.applicable("CTPAT", role=Role.MANUFACTURER)
    ]
    q = ctpat.assessments.Assessment("q1", "mill", "CTPAT-MSC-2019", date(2025, 6, 1),
                         ctpat.AssessmentKind.PARTNER_QUESTIONNAIRE, answers, role=Role.MANUFACTURER)  # fmt: skip
    pack = review(reg.catalog, reg.criteria, reg.book, ComplianceBook([q]), "acme", on=ON,
                  policy=ScoringPolicy.example())  # fmt: skip
    assert pack.member == "acme"
    assert pack.until == date(2027, 3, 31)
    assert pack.gaps.role is Role.IMPORTER  # the member's one role
    assert not pack.readiness.ok
    assert [(a.partner, a.risk) for a in pack.screening] == [("mill", Risk.LOW)]
    renewal = [d for d in pack.calendar if d.name == QUESTIONNAIRE_RENEWAL]
    assert [(d.holder, d.due, d.reference) for d in renewal] == [("mill", date(2026, 6, 1), "q1")]
    assert any(d.holder == "acme" for d in pack.calendar)  # the member's own certification
    assert "1 partners (1 low)" in pack.summary()


@needs_examples
def test_review_prints_the_partners_grouped_by_reason() -> None:
    code, text = run(*example_argv("--sample", "5", "--seed", "7"))
    assert code == 1  # not ready, and partners high risk
    lines = text.splitlines()
    assert lines[0].startswith(
        "acme-imports on 2026-03-31: not ready for CTPAT review; 200 partners"
    )
    assert "69 covered, 37 low, 11 medium, 23 high, 60 unverified" in lines[0]
    assert any(line.startswith("covered     same-program") for line in lines)
    assert "Audit sample (seed 7):" in text


@needs_examples
def test_review_json_follows_the_schema_and_is_reproducible() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    code, text = run(*example_argv("--format", "json", "--sample", "12", "--seed", "2026"))
    assert code == 1
    document = json.loads(text)
    wrapped = {"$defs": schema["$defs"], "$ref": "#/$defs/review"}
    jsonschema.Draft202012Validator(
        wrapped, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    ).validate(document)
    assert document["counts"] == {
        "covered": 69,
        "low": 37,
        "medium": 11,
        "high": 23,
        "unverified": 60,
    }
    assert sum(g["count"] for g in document["groups"]) == 200
    assert len(document["records"]) == 200
    assert len(document["sample"]) == 12
    assert "not CBP" in document["policy"]["name"]
    assert document["policy"]["valid_for"] == "P1Y"
    _, again = run(*example_argv("--format", "json", "--sample", "12", "--seed", "2026"))
    assert json.loads(again)["sample"] == document["sample"]
    _, lines = run(*example_argv("--format", "jsonl"))
    record = {"$defs": schema["$defs"], "$ref": "#/$defs/review_record"}
    for line in lines.splitlines():
        jsonschema.Draft202012Validator(record).validate(json.loads(line))


@needs_examples
def test_bad_input_is_one_line_per_problem(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "q"
    folder.mkdir()
    (folder / "nobody_2026-01-01.csv").write_text("Criteria ID,Status\n1.1,Yes\n")
    (folder / "p093-questionnaire_2026-01-01.csv").write_text("Criteria ID,Status\n1.1,perhaps\n")
    argv = ["review", str(EXAMPLE / "partners.csv"), "--member", "acme-imports",
            "--questionnaires", str(folder), "--policy", "example", "--on", "2026-03-31"]  # fmt: skip
    code, _ = run(*argv)
    assert code == 2
    err = capsys.readouterr().err.splitlines()
    assert err == [
        "ctpat: error: nobody_2026-01-01.csv: no such partner in the partner list (got 'nobody')",
        "ctpat: error: p093-questionnaire_2026-01-01.csv, line 2, column 'Status': not a status "
        "(got 'perhaps'); accepted: met, not met, not applicable (with a note), not assessed "
        "(or yes, no, n/a, pending)",
    ]
    policy = tmp_path / "policy.toml"
    policy.write_text("[policy]\nname = 'x'\n[weights]\nmust = 1\n")
    code, _ = run(*argv[:6], "--policy", str(policy))
    assert code == 2
    assert capsys.readouterr().err.strip() == (
        "ctpat: error: policy.toml.weights.should: a weight is required (got None)"
    )


@needs_examples
def test_review_html_groups_by_reason(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    page = tmp_path / "review.html"
    code, _ = run(*example_argv("--report", str(page), "--sample", "10", "--seed", "1"))
    assert code == 1
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert 'id="count-covered" value="69"' in html
    assert 'id="count-unverified" value="60"' in html
    # One row a group, not one a partner: 200 partners fit in a dozen rows.
    groups = html.split('id="partner-groups"')[1].split("</table>")[0]
    assert 5 < groups.count("<tr data-risk=") < 20
    assert "CBP publishes no scoring" in html
    assert "<script" not in html


@needs_examples
def test_the_review_page_renders_in_chromium(tmp_path: Path) -> None:
    pytest.importorskip("jinja2")
    from test_report_browser import browse, console

    page = tmp_path / "review.html"
    run(*example_argv("--report", str(page)))
    result = browse(page, tmp_path, "--dump-dom")
    assert console(result) == []
    assert 'id="count-high" value="23"' in result.stdout


def test_a_hostile_partner_id_is_text_on_the_page() -> None:
    pytest.importorskip("jinja2")
    from ctpat.report import review_html

    hostile = '<script>alert("x")</script>'
    reg = ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[
                Participant("acme", "Acme", "US", [Role.IMPORTER]),
                Participant(hostile, "Evil", "CN", [Role.MANUFACTURER]),
            ]
        )
    )
    pack = review(reg.catalog, reg.criteria, reg.book, ComplianceBook(), "acme", on=ON,
                  policy=ScoringPolicy.example())  # fmt: skip
    page = review_html(pack, sample=1, seed=3)
    assert "<script" not in page
    assert "&lt;script&gt;" in page
    with pytest.raises(ctpat.DataError, match="pack: must be a ReviewPack"):
        review_html("pack")  # type: ignore[arg-type]


@needs_examples
def test_review_reads_earlier_records_from_a_book(tmp_path: Path) -> None:
    reg = ctpat.reference().with_partners(ctpat.io.read(EXAMPLE / "partners.csv").partners())
    answers = [
        ctpat.assessments.Answer(r.id, ctpat.Compliance.MET)
        for r in reg.criteria.applicable("CTPAT", role=Role.MANUFACTURER)
    ]
    q = ctpat.assessments.Assessment("q-book", "p188-none", "CTPAT-MSC-2019", date(2026, 1, 5),
                         ctpat.AssessmentKind.PARTNER_QUESTIONNAIRE, answers)  # fmt: skip
    book = tmp_path / "book.json"
    book.write_text(ctpat.to_json(ComplianceBook([q])), encoding="utf-8")
    argv = ["review", str(EXAMPLE / "partners.csv"), "--member", "acme-imports", "--book",
            str(book), "--policy", "example", "--on", ON.isoformat(), "--format", "json"]  # fmt: skip
    _, text = run(*argv)
    records = {r["partner"]: r for r in json.loads(text)["records"]}
    assert (records["p188-none"]["risk"], records["p188-none"]["questionnaire"]) == (
        "low",
        "q-book",
    )
    assert records["p189-none"]["risk"] == "unverified"
