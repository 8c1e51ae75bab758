"""The command line as a dependable tool: exit codes, formats, schemas, manners (issue 15).

Every bad-input case is driven through ``main(argv)`` for its code and its one
line on standard error, and once more as a subprocess to prove that none of
them prints a traceback.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ctpat.cli import ExitCode, main
from ctpat.cli._output import Painter

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCHEMA = ROOT / "docs" / "schemas" / "ctpat-cli.schema.json"
needs_examples = pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/ not beside tests")
needs_schema = pytest.mark.skipif(not SCHEMA.exists(), reason="docs/ not beside tests")
ON = ("--on", "2026-01-15")

PARTNERS = (
    "id,name,country,roles,program,level,role,certified_on,validated_on\n"
    "acme,Acme Imports Inc.,US,importer,CTPAT,tier-2,importer,2019-04-08,2020-02-11\n"
    "rhein,Rhein Werkzeug GmbH,DE,manufacturer,EU-AEO,AEOF,,2016-09-12,\n"
    "lyon,Lyon Textiles SA,FR,manufacturer,EU-AEO,AEOC,,2018-05-02,\n"
    "basel,Basel Pharma AG,CH,manufacturer,CH-AEO,,,2014-11-20,\n"
    "quiet,Quiet Supplier Co.,VN,manufacturer,,,,,\n"
)
CROSSING = (
    "id,name,country,roles,program,role,certified_on,until\n"
    "acme,Acme Imports Inc.,US,importer,CTPAT,importer,2019-04-08,\n"
    "maple,Maple Freight Ltd,CA,highway-carrier,CTPAT,highway-carrier,2021-05-01,\n"
    "d-17,Jo Tremblay,CA,driver,FAST,,2021-05-03,2026-05-02\n"
)
IMPORTS = "on,cn_code,net_mass_kg\n2026-01-12,7208 51 20,18000\n2026-09-30,7318 15 42,40000.5\n"


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = main(list(argv), stdout=out)
    return code, out.getvalue()


@pytest.fixture
def files(tmp_path: Path) -> Path:
    (tmp_path / "partners.csv").write_text(PARTNERS, encoding="utf-8")
    (tmp_path / "crossing.csv").write_text(CROSSING, encoding="utf-8")
    (tmp_path / "imports.csv").write_text(IMPORTS, encoding="utf-8")
    return tmp_path


# -- the bad-input cases of the issue, each: code, one line, no traceback ------------


def bad_cases(d: Path) -> list[tuple[list[str], int, str]]:
    """(argv, exit code, text the one stderr line contains)."""
    latin = d / "latin.csv"
    latin.write_bytes("id,name,country\nz,Zürich AG,CH\n".encode("latin-1"))
    latin_imports = d / "latin-imports.csv"
    latin_imports.write_bytes(
        "on,cn_code,net_mass_kg\n2026-01-01,7208 51 20,5 kg\xe9\n".encode("latin-1")
    )
    huge = d / "huge.csv"
    huge.write_text("id,name,country\nh," + "x" * 200_000 + ",DE\n", encoding="utf-8")
    empty = d / "empty.csv"
    empty.write_text("", encoding="utf-8")
    header_only = d / "header.csv"
    header_only.write_text("id,name,country\n", encoding="utf-8")
    no_one = d / "nobody.json"
    no_one.write_text("{}", encoding="utf-8")
    imports_header = d / "imports-header.csv"
    imports_header.write_text("on,cn_code,net_mass_kg\n", encoding="utf-8")
    partners = str(d / "partners.csv")
    return [
        (["vet", str(latin), "--by", "CTPAT", *ON], 2, "--encoding"),
        (["calendar", str(latin), *ON], 2, "--encoding"),
        (["cbam", str(latin_imports), "--year", "2026"], 2, "--encoding"),
        (["vet", str(huge), "--by", "CTPAT", *ON], 2, "huge.csv, line 2"),
        (["calendar", str(huge), *ON], 2, "huge.csv, line 2"),
        (["recognize", "--by", "XX", "--program", "EU-AEO", *ON], 2, "--by"),
        (["recognize", "--by", "CTPAT", "--program", "XX", *ON], 2, "--program"),
        (
            ["recognize", "--by", "CTPAT", "--program", "EU-AEO", "--level", "BOGUS", *ON],
            2,
            "--level",
        ),
        (["vet", partners, "--by", "XX", *ON], 2, "--by"),
        (
            ["recognize", "--by", "CTPAT", "--program", "EU-AEO", "--holder", " x", *ON],
            2,
            "--holder",
        ),
        (
            ["vet", str(empty), "--by", "CTPAT", *ON],
            2,
            "empty.csv, line 1: the file has no header",
        ),
        (["vet", str(header_only), "--by", "CTPAT", *ON], 3, "no participants"),
        (["vet", str(no_one), "--by", "CTPAT", *ON], 3, "no participants"),
        (["calendar", str(header_only), *ON], 3, "no participants"),
        (["cbam", str(imports_header), "--year", "2026"], 3, "no imports"),
        (["vet", str(d / "missing.csv"), "--by", "CTPAT", *ON], 2, "cannot read the file"),
        (["vet", partners, "--by", "CTPAT", "--on", "15/01/2026"], 2, "ISO date"),
        (["calendar", partners, "--within", "soon"], 2, "--within"),
        (
            [
                "vet",
                partners,
                "--by",
                "CTPAT",
                "--report",
                str(d / "no" / "such" / "dir.html"),
                *ON,
            ],
            2,
            "--report",
        ),
    ]


def test_every_bad_input_is_one_line_and_its_documented_code(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for argv, expected, text in bad_cases(files):
        code, _ = run(*argv)
        err = capsys.readouterr().err
        assert code == expected, (argv, err)
        lines = [line for line in err.splitlines() if not line.startswith(("usage:", " "))]
        assert len(lines) == 1, (argv, err)
        assert text in lines[0], (argv, err)
        assert "Traceback" not in err


def test_no_bad_input_prints_a_traceback_from_the_installed_command(files: Path) -> None:
    for argv, expected, _ in bad_cases(files):
        done = subprocess.run(
            [sys.executable, "-m", "ctpat", *argv], capture_output=True, text=True, check=False
        )
        assert done.returncode == expected, (argv, done.stderr)
        assert "Traceback" not in done.stderr, argv


def test_a_period_past_the_calendar_is_not_a_traceback(files: Path) -> None:
    code, out = run("calendar", str(files / "partners.csv"), "--within", "100000y", *ON)
    assert code == ExitCode.REFUSED  # acme's deadlines are overdue
    assert "due by 9999-12-31" in out


# -- exit codes ----------------------------------------------------------------------


def test_the_exit_codes_are_the_same_everywhere_and_in_the_help(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("recognize", "--by", "CTPAT", "--program", "EU-AEO", "--level", "AEOS", *ON)[0] == 0
    assert run("recognize", "--by", "CTPAT", "--program", "CH-AEO", *ON)[0] == 1
    assert run("vet", str(files / "partners.csv"), "--by", "CTPAT", *ON)[0] == 1
    assert run("vet", str(files / "partners.csv"), "--by", "CTPAT", "--exit-zero", *ON)[0] == 0
    assert run("calendar", str(files / "partners.csv"), *ON)[0] == 1  # overdue
    assert run("calendar", str(files / "partners.csv"), "--on", "2016-01-01")[0] == 0
    crossing = str(files / "crossing.csv")
    lane = ("--into", "US", "--importer", "acme", "--carrier", "maple", "--driver", "d-17")
    assert run("fast", crossing, *lane, *ON)[0] == 0
    assert run("fast", crossing, *lane, "--on", "2026-06-01")[0] == 1
    assert run("cbam", str(files / "imports.csv"), "--year", "2026")[0] == 0
    assert run("--help")[0] == 0
    help_text = capsys.readouterr().out
    for code in ExitCode:
        assert re.search(rf"^  {int(code)}\s", help_text, re.MULTILINE), code


def test_a_closed_pipe_exits_141_and_says_nothing(tmp_path: Path) -> None:
    if shutil.which("bash") is None or shutil.which("head") is None:
        pytest.skip("needs bash and head")
    big = tmp_path / "big.csv"
    rows = [f"p{n},Partner {n} Ltd,DE,manufacturer,EU-AEO,AEOF,2016-09-12" for n in range(3000)]
    big.write_text(
        "id,name,country,roles,program,level,certified_on\n" + "\n".join(rows) + "\n",
        encoding="utf-8",
    )
    script = (
        f"{sys.executable} -m ctpat vet {big} --by CTPAT --on 2026-01-15 2>{tmp_path / 'err'}"
        ' | head -1; echo "exit ${PIPESTATUS[0]}"'
    )
    done = subprocess.run(["bash", "-c", script], capture_output=True, text=True, check=True)
    first, status = done.stdout.splitlines()
    assert first.startswith("participant")
    assert status == f"exit {int(ExitCode.PIPE_CLOSED)}"
    assert (tmp_path / "err").read_text() == ""


# -- formats and their schema --------------------------------------------------------


def validator(name: str) -> object:
    jsonschema = pytest.importorskip("jsonschema")
    schema = json.loads(SCHEMA.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    wrapped = {"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"}
    return jsonschema.Draft202012Validator(
        wrapped, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
    )


@needs_schema
@pytest.mark.parametrize(
    ("command", "document", "record"),
    [
        ("vet", "vet", "vet_record"),
        ("calendar", "calendar", "deadline_record"),
        ("fast", "fast", "fast_record"),
        ("cbam", "cbam", "import_record"),
        ("recognize", "recognize", "verdict"),
    ],
)
def test_json_and_jsonl_follow_the_shipped_schema(
    files: Path, command: str, document: str, record: str
) -> None:
    argv = {
        "vet": ["vet", str(files / "partners.csv"), "--by", "CTPAT", *ON],
        "calendar": ["calendar", str(files / "partners.csv"), "--within", "1y", "--audit-every", "1y", *ON],
        "fast": ["fast", str(files / "crossing.csv"), "--into", "US", "--importer", "acme",
                 "--carrier", "maple", "--driver", "d-17", *ON],
        "cbam": ["cbam", str(files / "imports.csv"), "--year", "2026"],
        "recognize": ["recognize", "--by", "CTPAT", "--program", "EU-AEO", "--level", "AEOS", *ON],
    }[command]  # fmt: skip
    _, text = run(*argv, "--format", "json")
    whole = json.loads(text)
    validator(document).validate(whole)  # type: ignore[attr-defined]
    assert whole["records"]
    _, lines = run(*argv, "--format", "jsonl")
    parsed = [json.loads(line) for line in lines.splitlines()]
    assert parsed == whole["records"]
    for line in parsed:
        validator(record).validate(line)  # type: ignore[attr-defined]


@needs_schema
def test_a_field_the_schema_lacks_fails_validation() -> None:
    jsonschema = pytest.importorskip("jsonschema")
    _, text = run("recognize", "--by", "CTPAT", "--program", "CH-AEO", *ON, "--format", "json")
    whole = json.loads(text)
    whole["records"][0]["extra"] = 1
    with pytest.raises(jsonschema.ValidationError):
        validator("recognize").validate(whole)  # type: ignore[attr-defined]


def test_vet_records_carry_codes_the_deciding_reason_conditions_and_overdue(files: Path) -> None:
    _, text = run("vet", str(files / "partners.csv"), "--by", "CTPAT", *ON, "--format", "json")
    document = json.loads(text)
    rows = {r["participant"]: r for r in document["records"]}
    assert document["data_version"]
    assert document["summary"]["failed"] == 2
    lyon, basel, rhein, acme = rows["lyon"], rows["basel"], rows["rhein"], rows["acme"]
    assert lyon["deciding"]["code"] == "level-not-covered" == lyon["reasons"][0]["code"]
    assert lyon["arrangement"] == "US-EU"  # the arrangement that refused it
    assert basel["deciding"]["code"] == "no-arrangement"
    assert basel["arrangement"] is None
    assert [c["code"] for c in rhein["conditions"]] == ["condition", "condition"]
    assert "Manufacturer Identification Code" in rhein["conditions"][0]["message"]
    # The list has no review column: past annual reviews are unknown, not overdue.
    assert {d["deadline"] for d in acme["overdue_deadlines"]} == {"revalidation"}
    assert all(r["code"] == "deadline-overdue" for r in acme["overdue"])
    assert acme["source"] == {"file": "partners.csv", "line": 2}
    assert acme["status_stated"] is False


def test_the_table_says_why_and_marks_passes_with_conditions(files: Path) -> None:
    _, out = run("vet", str(files / "partners.csv"), "--by", "CTPAT", *ON)
    lines = {line.split()[0]: line for line in out.splitlines() if line}
    assert lines["lyon"].endswith("level not covered (US-EU)")
    assert lines["basel"].endswith("no arrangement")
    assert re.search(r"CH-AEO\s+-\s+no arrangement$", lines["basel"])  # no arrangement named
    assert lines["quiet"].endswith("no certification on record")
    assert lines["rhein"].endswith("2 conditions")
    assert lines["acme"].endswith("1 overdue")


def test_csv_keeps_codes_and_messages_apart(files: Path) -> None:
    import csv

    _, text = run("vet", str(files / "partners.csv"), "--by", "CTPAT", *ON, "--format", "csv")
    rows = {r["participant"]: r for r in csv.DictReader(io.StringIO(text))}
    assert rows["lyon"]["deciding_code"] == "level-not-covered"
    assert rows["lyon"]["reason_codes"].split(" | ")[0] == "level-not-covered"
    assert rows["lyon"]["line"] == "4"
    assert rows["acme"]["overdue_deadlines"] == "revalidation due 2024-02-11"


@pytest.mark.parametrize("command", ["programs", "arrangements", "data"])
@pytest.mark.parametrize("format", ["csv", "json", "jsonl"])
def test_every_listing_command_prints_every_format(command: str, format: str) -> None:
    code, text = run(command, "--format", format, *(ON if command == "arrangements" else ()))
    assert code == 0
    if format == "json":
        assert json.loads(text)["command"] == command
    elif format == "jsonl":
        [json.loads(line) for line in text.splitlines()]
    else:
        assert "," in text.splitlines()[0]


def test_program_shows_durations_as_people_read_them() -> None:
    _, out = run("program", "CTPAT")
    assert "revalidate every: 4 years" in out
    _, out = run("program", "C-TPAT", "--format", "json")
    assert json.loads(out)["records"][0]["terms"]["revalidate_every"] == {
        "text": "4 years",
        "iso": "P4Y",
    }


# -- files: standard input, .TSV, cbam's every bad row --------------------------------


def test_standard_input_and_tsv(files: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(PARTNERS.encode())))
    code, out = run("vet", "-", "--by", "CTPAT", *ON)
    assert code == 1
    assert "lyon" in out
    tsv = files / "PARTNERS.TSV"
    tsv.write_text(PARTNERS.replace(",", "\t"), encoding="utf-8")
    assert "lyon" in run("vet", str(tsv), "--by", "CTPAT", *ON)[1]
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(IMPORTS.encode())))
    code, out = run("cbam", "-", "--year", "2026")
    assert code == 0
    assert "required in 2026" in out


def test_cbam_lists_every_bad_row_and_takes_plain_decimals_only(
    files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = files / "bad.csv"
    bad.write_text(
        "on,cn_code,net_mass_kg\n"
        "2026-01-12,7208 51 20,1e3\n"
        "2026-13-01,7208 51 20,5\n"
        '2026-01-14,7208 51 20,"1,000"\n'
        "2026-01-15,76,5\n"
        "2026-01-16,7208 51 20,-5\n"
        "2026-01-17,7208 51 20,18000 kg\n",
        encoding="utf-8",
    )
    assert run("cbam", str(bad), "--year", "2026")[0] == 2
    err = capsys.readouterr().err.splitlines()
    assert [line.split(", column")[0] for line in err] == [
        f"ctpat: error: bad.csv, line {n}" for n in (2, 3, 4, 5, 6)
    ]
    assert "'1e3'" in err[0]
    assert "plain decimals" in err[0]
    good = files / "good.csv"
    good.write_text("on,cn_code,net_mass_kg\n2026-01-17,7208 51 20,18000 kg\n", encoding="utf-8")
    code, text = run("cbam", str(good), "--year", "2026", "--format", "json")
    assert code == 0
    assert json.loads(text)["records"][0]["net_mass_kg"] == "18000"


# -- manners: colour, progress, completion, help --------------------------------------


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_colour_only_on_a_terminal_and_never_with_no_color(
    files: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert Painter(Terminal())("passed", "green") == "\x1b[32mpassed\x1b[0m"
    assert Painter(io.StringIO())("passed", "green") == "passed"
    out = Terminal()
    main(["vet", str(files / "partners.csv"), "--by", "CTPAT", *ON], stdout=out)
    assert "\x1b[31mfailed\x1b[0m" in out.getvalue()
    monkeypatch.setenv("NO_COLOR", "1")
    assert Painter(Terminal())("passed", "green") == "passed"
    out = Terminal()
    main(["vet", str(files / "partners.csv"), "--by", "CTPAT", *ON], stdout=out)
    assert "\x1b[" not in out.getvalue()


def test_progress_only_on_a_terminal_and_never_in_machine_formats(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ctpat.cli._partners import _service_progress

    assert _service_progress("checked", 2500, True) is None  # stderr is not a terminal here
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    show = _service_progress("checked", 2500, True)
    assert show is not None
    show(1250, 2500)
    show(2500, 2500)
    assert capsys.readouterr().err.endswith("checked 2,500/2,500\n")
    assert _service_progress("checked", 2500, False) is None  # a machine format
    assert _service_progress("checked", 1999, True) is None  # too few to show


def test_shell_completion(tmp_path: Path) -> None:
    pytest.importorskip("shtab")
    for shell in ("bash", "zsh"):
        code, script = run("completion", shell)
        assert code == 0
        for word in ("vet", "calendar", "--format", "jsonl"):
            assert word in script, (shell, word)
    if shutil.which("bash"):
        path = tmp_path / "ctpat.bash"
        path.write_text(run("completion", "bash")[1], encoding="utf-8")
        subprocess.run(["bash", "-n", str(path)], check=True)


def test_completion_without_the_extra_says_what_to_install(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "shtab", None)
    assert run("completion", "bash")[0] == 2
    assert "pip install 'ctpat[completion]'" in capsys.readouterr().err


SUBCOMMANDS = ("programs", "program", "arrangements", "recognize", "vet", "check",
               "calendar", "fast", "cbam", "data", "completion")  # fmt: skip


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_every_subcommand_help_names_its_arguments_defaults_and_examples(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(command, "--help")[0] == 0
    text = capsys.readouterr().out
    examples = text.split("examples:\n", 1)[1]
    assert len([line for line in examples.splitlines() if line.startswith("  ctpat ")]) >= 2
    if "--format" in text:
        assert "(default: table)" in text
    if "--within" in text:
        assert "(default: 90d)" in text
    if "--on" in text:
        assert "default: today" in text
    if command in ("vet", "calendar", "fast"):
        assert "  certified_on   the date it was granted" in text  # the partner file's columns


def test_every_argument_has_help_text() -> None:
    from ctpat.cli import _parser

    parser = _parser()
    commands = next(a for a in parser._actions if a.dest == "command")
    for name, sub in commands.choices.items():  # type: ignore[union-attr]
        for action in sub._actions:
            if action.dest != "help":
                assert action.help, (name, action.dest)


@needs_examples
def test_the_readme_main_job_shows_the_reasons() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    block = readme.split("```text\n$ ctpat vet examples/partners.csv", 1)[1].split("```", 1)[0]
    shown = block.split("\n", 1)[1]
    _, out = run("vet", str(EXAMPLES / "partners.csv"), "--by", "CTPAT", *ON, "--exit-zero")
    assert shown == out
    assert "level not covered (US-EU)" in shown


def test_version_and_help_import_no_subcommand_module() -> None:
    """A cold ``ctpat --version`` or ``--help`` costs the library's import only: each
    subcommand's module is imported for that command alone."""
    from ctpat.cli import COMMANDS

    probe = (
        "import io, sys, contextlib\n"
        "from ctpat.cli import main\n"
        "out = io.StringIO()\n"
        "with contextlib.redirect_stdout(out):\n"
        "    main(sys.argv[1:])\n"
        "print(sorted(m for m in sys.modules if m.startswith('ctpat.cli.')))\n"
        "print(out.getvalue())\n"
    )
    modules = {f"ctpat.cli.{module}" for module, _ in COMMANDS.values()}
    for argv in (["--version"], ["--help"]):
        done = subprocess.run(
            [sys.executable, "-c", probe, *argv], capture_output=True, text=True, check=False
        )
        loaded = set(json.loads(done.stdout.splitlines()[0].replace("'", '"')))
        assert not loaded & modules, (argv, loaded & modules)
        # Nor the options and output formats the subcommands share (and the
        # documents and paths they bring): the entry point, its exit codes and
        # the collector's switch are all that --version and --help run.
        assert loaded == {"ctpat.cli._collector", "ctpat.cli._exit"}, (argv, loaded)
        if argv == ["--help"]:
            for name in COMMANDS:
                assert f"\n    {name}" in done.stdout, name  # every command is listed
    done = subprocess.run(
        [sys.executable, "-c", probe, "vet", "--help"], capture_output=True, text=True, check=False
    )
    loaded = set(json.loads(done.stdout.splitlines()[0].replace("'", '"')))
    assert loaded & modules == {"ctpat.cli._partners"}
    assert "--by PROGRAM" in done.stdout
