"""One definition of "which reason decided": ``Verdict.deciding`` drives every output.

The vet of the example partner lists (and of a suspended EU AEO at level AEOC,
which an arrangement does not cover either) gives the same deciding reason and
the same arrangement in the CSV export, the CLI's CSV, JSON and table, and the
HTML report.
"""

from __future__ import annotations

import csv
import datetime as dt
import html
import io
import json
import re
from pathlib import Path
from typing import Any

import pytest

import ctpat
from ctpat.cli import main

pytest.importorskip("jinja2")

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
ON = "2026-01-15"
SUSPENDED_AEOC = (
    "id,name,country,program,level,certified_on,status,status_on\n"
    "nut,Nut GmbH,DE,EU-AEO,AEOC,2019-04-01,suspended,2025-01-01\n"
    "lyon,Lyon Textiles SA,FR,EU-AEO,AEOC,2018-05-02,certified,2025-01-01\n"
    "rhein,Rhein Werkzeug GmbH,DE,EU-AEO,AEOF,2016-09-12,certified,2025-01-01\n"
)


def _lists(tmp_path: Path) -> list[list[str]]:
    own = tmp_path / "suspended.csv"
    own.write_text(SUSPENDED_AEOC, encoding="utf-8")
    return [
        [str(EXAMPLES / "partners.csv")],
        [str(EXAMPLES / "suppliers.csv"), "--mapping", str(EXAMPLES / "suppliers.toml")],
        [str(own)],
    ]


def _cli(args: list[str], *more: str) -> str:
    out = io.StringIO()
    code = main(["vet", *args, "--by", "CTPAT", "--on", ON, "--exit-zero", *more], stdout=out)
    assert code == 0
    return out.getvalue()


def _table(text: str) -> dict[str, dict[str, str]]:
    lines = text.splitlines()
    header = lines[0]
    starts = [m.start() for m in re.finditer(r"\S+", header)]
    names = header.split()
    rows = {}
    for line in lines[1:]:
        if not line.strip():
            break
        cells = [
            line[start : (starts[i + 1] if i + 1 < len(starts) else None)].strip()
            for i, start in enumerate(starts)
        ]
        rows[cells[0]] = dict(zip(names, cells, strict=True))
    return rows


@pytest.mark.parametrize("which", [0, 1, 2], ids=["partners", "suppliers", "suspended-aeoc"])
def test_every_output_names_the_same_deciding_reason(tmp_path: Path, which: int) -> None:
    args = _lists(tmp_path)[which]
    # The verdicts themselves, through the API.
    intake = ctpat.io.read(
        args[0], mapping=ctpat.io.SheetMapping.load(args[2]) if len(args) > 2 else None
    )
    report = (
        ctpat.reference()
        .with_partners(intake.partners())
        .vet(by="CTPAT", on=dt.date.fromisoformat(ON))
    )
    expected: dict[str, tuple[str, str | None, str]] = {}
    for participant, verdict in report:
        deciding = verdict.deciding
        assert deciding is not None
        expected[participant.id] = (deciding.code.value, verdict.arrangement, deciding.message)

    api_csv = {row["participant"]: row for row in csv.DictReader(io.StringIO(report.to_csv()))}
    cli_csv = {
        row["participant"]: row
        for row in csv.DictReader(io.StringIO(_cli(args, "--format", "csv")))
    }
    cli_json = {r["participant"]: r for r in json.loads(_cli(args, "--format", "json"))["records"]}
    table = _table(_cli(args))
    page = tmp_path / "report.html"
    _cli(args, "--report", str(page))
    text = page.read_text(encoding="utf-8")

    assert set(api_csv) == set(cli_csv) == set(cli_json) == set(table) == set(expected)
    for pid, (code, arrangement, message) in expected.items():
        assert api_csv[pid]["arrangement"] == (arrangement or "")
        assert cli_csv[pid]["arrangement"] == (arrangement or "")
        assert cli_csv[pid]["deciding_code"] == code
        assert cli_csv[pid]["deciding"] == message
        assert cli_json[pid]["arrangement"] == arrangement
        assert cli_json[pid]["deciding"]["code"] == code
        assert table[pid]["arrangement"] == (arrangement or "-")
        if cli_json[pid]["outcome"] != "passed":
            why = code.replace("-", " ")
            assert table[pid]["why"].startswith(
                "no certification on record" if code == "no-certification" else why
            )
            # The report's row for the partner gives the same deciding reason first.
            row = re.search(
                rf"<tr[^>]*>(?:(?!</tr>).)*?\b{re.escape(pid)}\b(?:(?!</tr>).)*</tr>", text, re.S
            )
            assert row is not None, pid
            assert html.escape(message, quote=False) in row.group(0) or html.escape(
                message
            ) in row.group(0)


def test_a_suspended_aeoc_is_refused_by_its_status_everywhere(tmp_path: Path) -> None:
    args = _lists(tmp_path)[2]
    record: dict[str, Any] = next(
        r
        for r in json.loads(_cli(args, "--format", "json"))["records"]
        if r["participant"] == "nut"
    )
    # Its status decided (it would be refused at any level); the arrangement that
    # does not cover its level is a further reason, not the deciding one.
    assert record["deciding"]["code"] == "suspended"
    assert record["arrangement"] is None
    assert [r["code"] for r in record["reasons"]] == ["suspended", "level-not-covered"]
