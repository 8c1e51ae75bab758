"""The command line's partner-file options: mapping, flags, standard input, --show-mapping."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from ctpat.cli import main

SHEET = "Firma;Land;Programm;Seit;Stand\r\nRhein AG;Deutschland;EU AEO (AEOS);01.03.2017;Suspendiert\r\n"


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_flags_map_columns_and_dates(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("pycountry")
    file = tmp_path / "liste.csv"
    file.write_text(
        "Firma,Land,Programm,Seit\nRhein AG,Germany,EU AEO (AEOS),01.03.2017\n", encoding="utf-8"
    )
    flags = ["--column", "name=Firma", "--column", "country=Land", "--column", "program=Programm"]
    flags += ["--column", "certified_on=Seit", "--date-format", "%d.%m.%Y"]
    code, out, err = run(capsys, "vet", str(file), "--by", "CTPAT", "--on", "2026-01-15", *flags)
    assert (code, err) == (0, "")
    assert "rhein-ag" in out
    code, out, err = run(capsys, "vet", str(file), "--by", "CTPAT", *flags[:-2])
    assert code == 4  # some rows not read: in the result, unverified
    assert "--date-format" in err
    assert "line 2, column 'Seit'" in err
    assert "rhein-ag" in out
    code, out, err = run(capsys, "vet", str(file), "--by", "CTPAT", "--strict", *flags[:-2])
    assert code == 2
    assert "line 2, column 'Seit'" in err


def test_show_mapping(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "p.csv"
    file.write_text("Vendor,Country,Colour\nAcme,US,red\n", encoding="utf-8")
    code, out, err = run(capsys, "vet", str(file), "--by", "CTPAT", "--show-mapping")
    assert code == 2
    assert "Colour" in out
    assert "unused" in out
    assert "column 'Colour': this column is not read" in err
    code, out, err = run(
        capsys, "calendar", str(file), "--ignore", "Colour", "--show-mapping"
    )  # fmt: skip
    assert code == 0
    assert "1 rows read, no problems" in out


def test_standard_input(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    data = b"name,country,program,certified_on\nAcme,US,C-TPAT,2020-01-06\n"
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    code, out, err = run(capsys, "vet", "-", "--by", "CTPAT", "--on", "2026-01-15")
    assert (code, err) == (0, "")
    assert "acme" in out


def test_bad_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "p.csv"
    file.write_text("name,country\nA,US\n", encoding="utf-8")
    code, _, err = run(capsys, "vet", str(file), "--by", "CTPAT", "--column", "name")
    assert code == 2
    assert "FIELD=HEADER" in err
    code, _, err = run(capsys, "vet", str(file), "--by", "CTPAT", "--column", "colour=x")
    assert code == 2
    assert "not a ctpat field" in err
    code, _, err = run(
        capsys, "vet", str(file), "--by", "CTPAT", "--mapping", str(tmp_path / "no.toml")
    )
    assert code == 2
    assert "cannot read the mapping file" in err


def test_non_utf8_and_semicolons(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    file = tmp_path / "p.csv"
    file.write_bytes("name;country\nMüller GmbH;DE\n".encode("cp1252"))
    code, _, err = run(capsys, "vet", str(file), "--by", "CTPAT")
    assert code == 2
    assert "--encoding" in err
    assert "Traceback" not in err
    code, out, _ = run(capsys, "vet", str(file), "--by", "CTPAT", "--encoding", "cp1252")
    assert code == 1  # no certification on record: unverified
    assert "müller-gmbh" in out


def test_unused_sheet_is_reported(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    file = tmp_path / "p.csv"
    file.write_text(SHEET, encoding="utf-8")
    code, _, err = run(capsys, "vet", str(file), "--by", "CTPAT")
    assert code == 2
    assert "no column is read as 'name'" in err
