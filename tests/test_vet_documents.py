"""The command line's documents of a vet are the library's (issue 24, point 8).

``ctpat vet --format json|jsonl|csv`` prints what ``VettingReport.to_document()``,
``records()``, ``rows()`` and ``to_csv()`` give a tool, and ``ctpat.to_json(report)``
writes the same JSON document.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from pathlib import Path

import pytest

import ctpat
from ctpat.cli import main
from ctpat.vetting import COLUMNS

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
pytestmark = pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/ not beside tests")

ON = "2026-06-01"
# (file, mapping): the examples' partner list and their supplier export.
LISTS = [
    (EXAMPLES / "partners.csv", None),
    (EXAMPLES / "suppliers.csv", EXAMPLES / "suppliers.toml"),
]


def _cli(path: Path, mapping: Path | None, *extra: str) -> str:
    out = io.StringIO()
    more = ["--mapping", str(mapping)] if mapping is not None else []
    argv = ["vet", str(path), *more, "--by", "CTPAT", "--on", ON, "--exit-zero", *extra]
    assert main(argv, stdout=out) == 0
    return out.getvalue()


def _report(path: Path, mapping: Path | None) -> ctpat.vetting.VettingReport:
    sheet = ctpat.io.SheetMapping.load(mapping) if mapping is not None else None
    data = ctpat.io.read(path, mapping=sheet).partners()
    return ctpat.reference().with_partners(data).vet(by="CTPAT", on=dt.date.fromisoformat(ON))


@pytest.mark.parametrize(("path", "mapping"), LISTS, ids=["partners", "suppliers"])
def test_the_cli_prints_the_library_documents(path: Path, mapping: Path | None) -> None:
    report = _report(path, mapping)
    document = report.to_document()
    assert json.loads(_cli(path, mapping, "--format", "json")) == document
    assert json.loads(ctpat.to_json(report)) == document
    assert ctpat.to_dict(report) == document
    lines = _cli(path, mapping, "--format", "jsonl").splitlines()
    assert [json.loads(line) for line in lines] == list(report.records()) == document["records"]
    text = _cli(path, mapping, "--format", "csv")
    assert text == report.to_csv()
    assert list(csv.DictReader(io.StringIO(text))) == list(report.rows())


def test_rows_have_the_columns_of_the_cli_csv() -> None:
    path, mapping = LISTS[1]
    report = _report(path, mapping)
    header = next(csv.reader(io.StringIO(_cli(path, mapping, "--format", "csv"))))
    assert tuple(header) == COLUMNS
    assert len(COLUMNS) == 24
    assert all(tuple(row) == COLUMNS for row in report.rows())
    assert all(isinstance(cell, str) for row in report.rows() for cell in row.values())


def test_records_name_overdue_deadlines_with_their_dates() -> None:
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[ctpat.Participant("acme", "Acme Imports", "US")],
            certifications=[ctpat.Certification.grant("CTPAT", "acme", on=dt.date(2019, 4, 8))],
        )
    )
    report = registry.vet(by="CTPAT", on=dt.date(2026, 6, 1))
    record = next(report.records())
    assert record["outcome"] == "passed"
    assert record["overdue"], "a CTPAT certification never validated has a deadline overdue"
    assert len(record["overdue_deadlines"]) == len(record["overdue"])
    for named, reason in zip(record["overdue_deadlines"], record["overdue"], strict=True):
        assert named["due"] in reason["message"]
    row = next(report.rows())
    assert row["overdue_deadlines"] == " | ".join(
        f"{d['deadline']} due {d['due']}" for d in record["overdue_deadlines"]
    )
    assert row["why"] == record["why"] == f"{len(record['overdue'])} overdue"
    # A report given other entries (the unread rows of a sheet) keeps its reference
    # data, so its records still name the overdue deadlines with their dates.
    again = report.with_entries(report.entries)
    assert list(again.records()) == list(report.records())


def test_the_json_document_is_one_record_a_line() -> None:
    path, mapping = LISTS[0]
    text = _cli(path, mapping, "--format", "json")
    lines = text.splitlines()
    records = json.loads(text)["records"]
    assert lines[0] == "{"
    assert lines[-1] == "}"
    starts = [line for line in lines if line.startswith('    {"participant"')]
    assert [json.loads(line.rstrip(",")) for line in starts] == records


def test_an_empty_vet_is_a_valid_document() -> None:
    report = ctpat.reference().vet(by="CTPAT", on=dt.date(2026, 6, 1))
    assert json.loads(ctpat.to_json(report))["records"] == []
    from ctpat.cli._output import emit

    out = io.StringIO()
    document = report.to_document()
    records = document.pop("records")
    emit(out, "json", records, envelope=document, columns=COLUMNS)
    assert json.loads(out.getvalue()) == report.to_document()


class _CountingStream(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes = 0

    def write(self, text: str, /) -> int:
        self.writes += 1
        return super().write(text)


@pytest.mark.parametrize("format", ["json", "jsonl", "csv"])
def test_large_outputs_are_written_in_few_calls(format: str) -> None:
    """An unbuffered stream (``PYTHONUNBUFFERED=1``) makes each ``write`` a system
    call: the records go out a few hundred at a time, not a value at a time."""
    from ctpat.cli._output import emit

    people = [ctpat.Participant(f"p{i}", f"Partner {i}", "VN") for i in range(2000)]
    report = (
        ctpat.reference()
        .with_partners(ctpat.PartnerData(participants=people))
        .vet(by="CTPAT", on=dt.date(2026, 6, 1))
    )
    document = report.to_document()
    records = document.pop("records") if format != "csv" else report.rows()
    out = _CountingStream()
    emit(out, format, records, envelope=document, columns=COLUMNS)
    assert out.writes <= 10
    if format == "json":
        assert json.loads(out.getvalue()) == report.to_document()
    elif format == "jsonl":
        lines = out.getvalue().splitlines()
        assert [json.loads(line) for line in lines] == list(report.records())
    else:
        assert out.getvalue() == report.to_csv()


def test_records_and_rows_are_made_one_at_a_time() -> None:
    report = _report(*LISTS[1])
    records, rows = report.records(), report.rows()
    assert iter(records) is records  # iterators, not lists
    assert iter(rows) is rows
    every = report.to_document()["records"]
    assert next(records) == every[0]
    assert next(records) == every[1]
    assert next(rows) == next(csv.DictReader(io.StringIO(report.to_csv())))
    assert list(report.records()) == every  # each call starts afresh


@pytest.mark.parametrize(("path", "mapping"), LISTS, ids=["partners", "suppliers"])
def test_the_cli_text_is_the_documents_text(path: Path, mapping: Path | None) -> None:
    """Byte for byte: the JSON document a field a line and a record a line, as
    the C encoder writes each value; JSON Lines compact, one record a line."""
    report = _report(path, mapping)
    document = report.to_document()
    records = document.pop("records")
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    fields = "".join(f"  {dumps(key)}: {dumps(value)},\n" for key, value in document.items())
    lines = ",\n".join(f"    {dumps(record)}" for record in records)
    assert records
    assert _cli(path, mapping, "--format", "json") == (
        f'{{\n{fields}  "records": [\n{lines}\n  ]\n}}\n'
    )
    compact = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
    assert _cli(path, mapping, "--format", "jsonl") == "".join(
        compact(record) + "\n" for record in records
    )


def test_overdue_deadlines_are_worked_out_only_for_verdicts_with_some(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ctpat.vetting import VettingReport

    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[
                ctpat.Participant("late", "Late Imports", "US"),
                ctpat.Participant("fresh", "Fresh Imports", "US"),
                ctpat.Participant("none", "No Certificate Ltd", "GB"),
            ],
            certifications=[
                ctpat.Certification.grant("CTPAT", "late", on=dt.date(2019, 4, 8)),
                ctpat.Certification.grant("CTPAT", "fresh", on=dt.date(2026, 1, 8)),
            ],
        )
    )
    report = registry.vet(by="CTPAT", on=dt.date(2026, 6, 1))
    asked: list[str] = []
    overdue = VettingReport._overdue

    def spy(self: VettingReport, participant: ctpat.Participant, verdict: ctpat.Verdict) -> object:
        asked.append(participant.id)
        return overdue(self, participant, verdict)

    monkeypatch.setattr(VettingReport, "_overdue", spy)
    records = list(report.records())
    assert [r["participant"] for r in records if r["overdue"]] == ["late"]
    assert asked == ["late"]
    assert records[0]["overdue_deadlines"]


class _Watched(io.StringIO):
    """A stream noting, at each write, how many records had been made by then."""

    def __init__(self, made: list[int]) -> None:
        super().__init__()
        self.made = made
        self.seen: list[int] = []

    def write(self, text: str, /) -> int:
        self.seen.append(self.made[0])
        return super().write(text)


@pytest.mark.parametrize("format", ["json", "jsonl", "csv", "table"])
def test_the_vet_command_writes_records_as_they_are_made(
    format: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``ctpat vet`` holds no list of every record: the first records are
    written before the last are made (the table reads its rows twice, the
    records' cells only)."""
    from ctpat.vetting import VettingReport

    n = 1600
    partners = tmp_path / "partners.csv"
    partners.write_text(
        "id,name,country,program,certified_on\n"
        + "".join(f"p{i},Partner {i},US,CTPAT,2020-01-{1 + i % 28:02d}\n" for i in range(n)),
        encoding="utf-8",
    )
    made = [0]
    records = VettingReport.records

    def counted(self: VettingReport) -> object:
        for record in records(self):
            made[0] += 1
            yield record

    monkeypatch.setattr(VettingReport, "records", counted)
    out = _Watched(made)
    argv = ["vet", str(partners), "--by", "CTPAT", "--on", ON, "--exit-zero", "--format", format]
    assert main(argv, stdout=out) == 0
    if format == "table":
        assert made[0] == 0  # the table's cells come from the entries, not the records
        assert len(out.getvalue().splitlines()) >= n + 1
        assert len(out.seen) < n / 100  # a few hundred lines a write
        return
    assert made[0] == n
    assert out.seen[0] < n, "a first part was written before every record was made"
    assert len(out.seen) <= 10


def test_a_record_asks_its_verdict_once_and_replays_nothing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # The record of a verdict names the deciding reason (and its arrangement)
    # and the level held from what the vet already worked out: one reading of
    # Verdict.deciding a record, and no standing rebuilt from the events.
    path, mapping = LISTS[1]
    report = _report(path, mapping)
    reads = 0
    deciding = ctpat.Verdict.deciding

    def counted(verdict: ctpat.Verdict) -> ctpat.Reason | None:
        nonlocal reads
        reads += 1
        return deciding.fget(verdict)  # type: ignore[attr-defined, no-any-return]

    def rebuilt(*args: object) -> None:
        raise AssertionError("a record rebuilt a standing")

    monkeypatch.setattr(ctpat.Verdict, "deciding", property(counted))
    monkeypatch.setattr(ctpat.certifications, "standing_at", rebuilt)
    records = list(report.records())
    assert reads == len(records) == len(report)
    assert any(record["level"] is not None for record in records)
    assert any(record["arrangement"] is not None for record in records)
