"""The command line, driven through ``main(argv)``, and once as the installed script."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ctpat.cli import main

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
needs_examples = pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/ not beside tests")


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


def test_programs_and_program() -> None:
    code, out = run("programs")
    assert code == 0
    assert "CTPAT" in out
    assert "EU-AEO" in out
    assert "programs; reference data" in out
    code, out = run("program", "CTPAT")
    assert code == 0
    assert "administration: U.S. Customs and Border Protection" in out
    assert "revalidate every: 4 years" in out
    assert "source: " in out
    assert "arrangements: " in out
    assert "US-EU" in out


def test_unknown_program_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("program", "XX")[0] == 2
    assert capsys.readouterr().err.strip() == (
        "ctpat: error: unknown program 'XX'; `ctpat programs` lists the codes"
    )


def test_arrangements() -> None:
    code, out = run("arrangements", "--program", "KR-AEO", "--on", "2026-01-15")
    assert code == 0
    assert "US-KR" in out
    assert "CN-KR" in out
    assert "in force 2026-01-15" in out
    code, out = run("arrangements", "--on", "2011-01-01")
    assert "US-EU" in out.split("US-EU")[0] + "US-EU"


def test_recognize() -> None:
    code, out = run(
        "recognize",
        "--by",
        "CTPAT",
        "--program",
        "EU-AEO",
        "--level",
        "AEOS",
        "--on",
        "2026-01-15",
    )
    assert code == 0
    assert out.startswith("Accepted by CTPAT on 2026-01-15")
    code, out = run("recognize", "--by", "CTPAT", "--program", "CH-AEO", "--on", "2026-01-15")
    assert code == 1
    assert "not transitive" in out
    code, out = run(
        "recognize", "--by", "EU-AEO", "--program", "CTPAT", "--on", "2012-08-01",
        "--certified-on", "2010-01-01", "--role", "exporter",
    )  # fmt: skip
    assert code == 1
    assert "only from 2013-01-31" in out


@pytest.mark.parametrize(
    "argv",
    [
        ["recognize", "--by", "CTPAT", "--program", "EU-AEO", "--on", "15/01/2026"],
        ["recognize", "--by", "CTPAT", "--program", "EU-AEO", "--on", "2026-02-30"],
        ["recognize", "--by", "CTPAT", "--program", "EU-AEO", "--role", "pilot"],
        ["calendar", "x.csv", "--within", "soon"],
        ["calendar", "x.csv", "--within", "0d"],
        ["nonsense"],
        [],
    ],
)
def test_usage_errors_are_exit_2(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    assert run(*argv)[0] == 2
    assert "error" in capsys.readouterr().err


def test_help_and_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("--version")[0] == 0
    assert capsys.readouterr().out.startswith("ctpat ")
    assert run("vet", "--help")[0] == 0


@needs_examples
def test_vet_table_json_csv() -> None:
    csv_file = str(EXAMPLES / "partners.csv")
    code, out = run("vet", csv_file, "--by", "CTPAT", "--on", "2026-01-15")
    assert code == 1
    assert "lyon-textiles" in out
    assert "6 passed, 2 failed, 1 unverified" in out
    assert run("vet", csv_file, "--by", "CTPAT", "--on", "2026-01-15", "--exit-zero")[0] == 0
    code, out = run("vet", csv_file, "--by", "CTPAT", "--on", "2026-01-15", "--format", "json")
    rows = json.loads(out)["records"]
    assert {r["outcome"] for r in rows} == {"passed", "failed", "unverified"}
    code, out = run("vet", csv_file, "--by", "CTPAT", "--on", "2026-01-15", "--format", "csv")
    assert out.splitlines()[0].startswith("participant,name,country,outcome")


def test_vet_exit_codes_and_json_input(tmp_path: Path) -> None:
    passing = tmp_path / "ok.csv"
    passing.write_text(
        "id,name,country,program,certified_on\na,A Inc,US,CTPAT,2020-01-06\n", encoding="utf-8"
    )
    assert run("vet", str(passing), "--by", "CTPAT", "--on", "2026-01-15")[0] == 0
    as_json = tmp_path / "ok.json"
    import ctpat.io

    as_json.write_text(ctpat.to_json(ctpat.io.load(passing)), encoding="utf-8")
    assert run("vet", str(as_json), "--by", "CTPAT", "--on", "2026-01-15")[0] == 0


def test_bad_file_is_one_line_naming_file_row_and_field(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "partners.csv"
    bad.write_text("id,name,country\nacme,Acme,XX\n", encoding="utf-8")
    assert run("vet", str(bad), "--by", "CTPAT", "--on", "2026-01-15")[0] == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "partners.csv, line 2, column 'country'" in err
    assert "Traceback" not in err
    assert run("vet", str(tmp_path / "missing.csv"), "--by", "CTPAT")[0] == 2
    assert "cannot read" in capsys.readouterr().err


@needs_examples
def test_calendar() -> None:
    code, out = run(
        "calendar", str(EXAMPLES / "partners.csv"), "--on", "2026-01-15", "--within", "1y",
        "--audit-every", "1y",
    )  # fmt: skip
    assert code == 1  # deadlines are overdue
    lines = out.splitlines()
    assert "OVERDUE" in lines[1]
    assert "internal-audit" in out
    assert "window opens" in out


@needs_examples
def test_cbam(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run("cbam", str(EXAMPLES / "cbam-imports.csv"), "--year", "2026")
    assert code == 0
    assert out.startswith("Authorised CBAM declarant status required in 2026")
    for text, field in (
        ("on,cn_code\n", "line 1"),
        ("on,cn_code,net_mass_kg\n2026-13-01,7601 10 00,5\n", "line 2, column 'on'"),
        ("on,cn_code,net_mass_kg\n2026-01-01,7601 10 00,five\n", "line 2, column 'net_mass_kg'"),
        ("on,cn_code,net_mass_kg\n2026-01-01,76,5\n", "line 2, column 'cn_code'"),
    ):
        bad = tmp_path / "imports.csv"
        bad.write_text(text, encoding="utf-8")
        assert run("cbam", str(bad), "--year", "2026")[0] == 2
        assert f"imports.csv, {field}" in capsys.readouterr().err
    assert run("cbam", str(tmp_path / "none.csv"), "--year", "2026")[0] == 2


def test_on_defaults_to_today() -> None:
    import datetime as dt

    code, out = run("recognize", "--by", "CTPAT", "--program", "CTPAT")
    assert code == 0
    assert f"on {dt.date.today()}" in out


def test_installed_console_script_and_module() -> None:
    script = shutil.which("ctpat", path=str(Path(sys.executable).parent))
    assert script is not None, "the ctpat console script is not installed beside python"
    done = subprocess.run([script, "programs"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert "CTPAT" in done.stdout
    done = subprocess.run(
        [sys.executable, "-m", "ctpat", "program", "FAST"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0
    assert "FAST" in done.stdout


@needs_examples
def test_fast() -> None:
    border = str(EXAMPLES / "border.csv")
    common = ["--carrier", "maple-freight", "--driver", "driver-tremblay", "--on", "2026-01-15"]
    code, out = run("fast", border, "--into", "US", "--importer", "acme-imports", *common)
    assert code == 0
    assert out.startswith("Accepted by FAST on 2026-01-15")
    code, out = run("fast", border, "--into", "CA", "--importer", "huron-distribution", *common)
    assert code == 0
    code, out = run(
        "fast", border, "--into", "US", "--border", "southern", "--importer", "acme-imports",
        *common,
    )  # fmt: skip
    assert code == 1
    assert "manufacturer" in out


def test_programs_as_people_write_them_and_bad_levels_are_usage_errors(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from ctpat.cli import main

    on = ["--on", "2026-01-15"]
    assert main(["recognize", "--by", "C-TPAT", "--program", "EU AEO (AEOS)", *on]) == 0
    assert "at level AEOS" in capsys.readouterr().out
    assert main(["recognize", "--by", "XX", "--program", "EU-AEO", *on]) == 2
    assert (
        main(["recognize", "--by", "CTPAT", "--program", "EU-AEO", "--level", "BOGUS", *on]) == 2
    )
    err = capsys.readouterr().err
    assert "--level: is not a level of EU-AEO (its levels: AEOC, AEOF, AEOS)" in err
    assert main(["recognize", "--by", "CTPAT", "--program", "None", *on]) == 2
