"""Output that cannot forge or execute (issue 23, defects 12, 14, 18, 19, 20): one rule
for every CSV ctpat writes, control characters escaped wherever ctpat prints for
people, and a NUL in a command-line argument one problem line."""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

import ctpat
from ctpat import cli
from ctpat.errors import DataError
from ctpat.io import read_csv, write_csv

FIXTURES = Path(__file__).parent / "fixtures" / "online"
sys.path.insert(0, str(FIXTURES))

from stub import EORI_PATH, HMRC_PATH, Holder, Stub, running  # noqa: E402

HOSTILE = {
    "link": '=HYPERLINK("http://evil.example","passed")',
    "dde": "+cmd|' /C calc'!A0",
    "at": "@SUM(1+1)*cmd|' /C calc'!A0",
    "minus": "-2+3+cmd|' /C calc'!A0",
    "cr": "Bolt BV\rforged,Forged Ltd,US,passed",
    "lf": "Bolt BV\nforged  Forged Ltd  US  passed",
    "esc": "Acme \x1b[32mpassed\x1b[0m",
    "osc": "Acme \x1b]0;pwned\x07Inc",
    "c1": "Acme \x9b31mInc",
    "bidi": "Acme \u202edessap",
}
# Control characters a terminal acts on (the line feed ends ctpat's own lines).
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029]")


def partner_file(tmp_path: Path) -> Path:
    participants = [
        ctpat.Participant(key, name, "US", identifiers={}) for key, name in HOSTILE.items()
    ]
    certifications = [
        ctpat.Certification.grant("CTPAT", key, on=dt.date(2024, 1, 1)) for key in HOSTILE
    ]
    path = tmp_path / "partners.json"
    path.write_text(
        ctpat.to_json(ctpat.PartnerData(tuple(participants), tuple(certifications))),
        encoding="utf-8",
    )
    return path


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(list(argv), stdout=out), out.getvalue()


def assert_no_formula_cell(text: str, rows_expected: int) -> list[list[str]]:
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert len(rows) == rows_expected, rows
    for row in rows:
        for cell in row:
            assert not re.match(r"[=+\-@\t\r]", cell), cell
    return rows


# -- one rule for every CSV ctpat writes (18, 19) ---------------------------------------


def test_vet_csv_neutralises_formulas_and_quotes_a_bare_cr(tmp_path: Path) -> None:
    code, text = run(
        "vet", str(partner_file(tmp_path)), "--by", "CTPAT", "--on", "2026-01-15",
        "--format", "csv",
    )  # fmt: skip
    assert code == 0
    rows = assert_no_formula_cell(text, 1 + len(HOSTILE))
    names = {row[0]: row[1] for row in rows[1:]}
    assert names["link"] == "'" + HOSTILE["link"]
    assert names["cr"] == HOSTILE["cr"]  # one cell, one row
    assert "\r\n" not in text  # the command line ends its lines with \n


def test_calendar_csv_neutralises_formulas(tmp_path: Path) -> None:
    data = ctpat.PartnerData(
        (ctpat.Participant("=cmd|x", "Acme", "US"),),
        (ctpat.Certification.grant("CTPAT", "=cmd|x", on=dt.date(2024, 1, 1), reference="@X"),),
    )
    path = tmp_path / "partners.json"
    path.write_text(ctpat.to_json(data), encoding="utf-8")
    _, text = run("calendar", str(path), "--on", "2026-01-15", "--within", "2y", "--format", "csv")
    rows = assert_no_formula_cell(text, len(text.splitlines()))
    assert "'=cmd|x" in rows[1]


def test_vetting_report_to_csv_follows_the_same_rule(tmp_path: Path) -> None:
    registry = ctpat.reference().with_partners(ctpat.io.load(partner_file(tmp_path)))
    report = registry.vet(by="CTPAT", on=dt.date(2026, 1, 15))
    assert_no_formula_cell(report.to_csv(), 1 + len(HOSTILE))


@pytest.fixture
def hostile_service() -> Iterator[Stub]:
    with running() as server:
        server.eori["DE812345678901"] = Holder(HOSTILE["link"])
        # JSON can carry what XML cannot: ESC, BEL.
        server.gb["GB123456789000"] = Holder(HOSTILE["esc"] + HOSTILE["osc"] + HOSTILE["c1"])
        yield server


def test_check_csv_neutralises_a_name_an_official_service_sent(hostile_service: Stub) -> None:
    code, text = run(
        "check", "eori", "DE812345678901", "--format", "csv",
        f"--endpoint=eu-eori={hostile_service.url}{EORI_PATH}", "--timeout=2",
    )  # fmt: skip
    assert code == 0
    rows = assert_no_formula_cell(text, 2)
    assert rows[1][5] == "'" + HOSTILE["link"]


def test_write_csv_quotes_a_bare_cr_and_reads_it_back() -> None:
    data = ctpat.PartnerData((ctpat.Participant("p1", "Bolt BV\rForged", "NL"),))
    text = write_csv(data)
    assert '"Bolt BV\rForged"' in text
    assert read_csv(text) == data


# -- control characters shown escaped (20) ---------------------------------------------


def test_the_vet_table_shows_control_characters_escaped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NO_COLOR", "1")
    code, text = run("vet", str(partner_file(tmp_path)), "--by", "CTPAT", "--on", "2026-01-15")
    assert code == 0
    assert not CONTROL.search(text), repr(text)
    lines = text.splitlines()
    # A header, one row a partner, a blank line, the summary and the data version.
    assert len(lines) == 1 + len(HOSTILE) + 3
    assert "Acme \\x1b[32mpassed\\x1b[0m" in text
    assert "Acme \\x1b]0;pwned\\x07Inc" in text
    assert "Bolt BV\\nforged" in text
    assert "Acme \\u202edessap" in text


def test_the_check_table_escapes_what_a_service_sent(hostile_service: Stub) -> None:
    code, text = run(
        "check", "eori", "DE812345678901", "GB123456789000",
        f"--endpoint=eu-eori={hostile_service.url}{EORI_PATH}",
        f"--endpoint=hmrc-eori={hostile_service.url}{HMRC_PATH}", "--timeout=2",
    )  # fmt: skip
    assert code == 0, text
    assert not CONTROL.search(text), repr(text)
    assert len(text.split("\n")) == 4
    assert "Acme \\x1b[32mpassed" in text


def test_explanations_escape_each_reason() -> None:
    _, text = run(
        "recognize", "--by", "CTPAT", "--program", "EU-AEO", "--level", "AEOS",
        "--holder", "Ac\x1b[31mme\n- forged: accepted", "--on", "2026-01-15",
    )  # fmt: skip
    assert not CONTROL.search(text), repr(text)
    assert not [line for line in text.splitlines() if line.startswith("- forged")]
    assert "- EU-AEO certification of Ac\\x1b[31mme\\n- forged: accepted is certified" in text


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("missing\x1b]0;pwned\x07.csv", None),  # the file's name in the problem
        ("header.csv", "id,na\x1b[2Jme,country\np1,Acme,US\n"),  # a header in a suggestion
    ],
)
def test_problem_lines_escape_control_characters(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: str | None
) -> None:
    path = tmp_path / name
    if content is not None:
        path.write_text(content, encoding="utf-8")
    code, _ = run("vet", str(path), "--by", "CTPAT")
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("ctpat: error: ")
    assert not CONTROL.search(err), repr(err)


# -- a NUL in a path (12) ----------------------------------------------------------------


@pytest.mark.parametrize(
    "argv",
    [
        ["vet", "partners\x00.csv", "--by", "CTPAT"],
        ["vet", "partners.csv", "--by", "CTPAT", "--mapping", "m\x00.toml"],
        ["vet", "partners.csv", "--by", "CTPAT", "--report", "r\x00.html"],
        ["calendar", "p\x00.csv"],
        ["cbam", "i\x00.csv", "--year", "2026"],
    ],
)
def test_a_nul_in_a_path_is_one_problem_line(
    argv: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(*argv)
    assert code == 2
    assert out == ""
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("ctpat: error: argument ")
    assert "holds a NUL character" in err


# -- write what can be read back (14) ---------------------------------------------------


def test_write_csv_refuses_a_program_read_csv_could_not_read_back() -> None:
    data = ctpat.PartnerData(
        (ctpat.Participant("p1", "Acme", "US"),),
        (
            ctpat.Certification.grant("CTPAT", "p1", on=dt.date(2020, 1, 1)),
            ctpat.Certification.grant("XX-FOO", "p1", on=dt.date(2020, 1, 1)),
        ),
    )
    with pytest.raises(DataError) as caught:
        write_csv(data)
    assert caught.value.field == "certifications[1].program"
    assert caught.value.value == "XX-FOO"
    assert "read_csv could not read it back" in str(caught.value)


def test_every_bundled_program_is_written_and_read_back() -> None:
    participant = ctpat.Participant("p1", "Acme", "US")
    certifications = tuple(
        ctpat.Certification.grant(code, "p1", on=dt.date(2020, 1, 1))
        for code in ctpat.reference().programs
    )
    data = ctpat.PartnerData((participant,), certifications)
    assert read_csv(write_csv(data)) == data
    assert json.loads(json.dumps(len(certifications))) > 40


@pytest.mark.parametrize("format", ["json", "jsonl"])
def test_json_output_escapes_every_control_character_and_reads_back(
    tmp_path: Path, format: str
) -> None:
    _, text = run(
        "vet", str(partner_file(tmp_path)), "--by", "CTPAT", "--on", "2026-01-15",
        "--format", format,
    )  # fmt: skip
    assert not CONTROL.search(text), repr(text)
    records = (
        json.loads(text)["records"]
        if format == "json"
        else [json.loads(line) for line in text.splitlines()]
    )
    assert {r["participant"]: r["name"] for r in records} == HOSTILE


def test_the_csv_writer_knows_two_line_endings() -> None:
    from ctpat._text import CsvWriter

    with pytest.raises(ValueError, match="line_end"):
        CsvWriter(io.StringIO(), line_end="\r")
