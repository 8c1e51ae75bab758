"""Issue 24: a compliance team's own supplier export, read and vetted in one go."""

from __future__ import annotations

import pytest

from ctpat import aliases
from ctpat.errors import DataError
from ctpat.io import SheetMapping, read_text

HEADER = "Supplier Name,Country,Certification Program,Cert Number,Certified Since,Status\n"
MAPPING = """
[dates]
format = "%m/%d/%Y"
status_as_of = "2026-06-01"
"""


def _read(rows: str, mapping: str = MAPPING):  # type: ignore[no-untyped-def]
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


def test_the_disambiguation_is_said_in_show_mapping(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    from ctpat.cli import main

    sheet = tmp_path / "s.csv"
    sheet.write_text(HEADER + "Monterrey SA,Mexico,OEA,M1,01/02/2020,Active\n")
    toml = tmp_path / "m.toml"
    toml.write_text(MAPPING)
    main(["vet", str(sheet), "--mapping", str(toml), "--by", "CTPAT", "--show-mapping"])
    assert "read as MX-OEA" in capsys.readouterr().out


def test_program_alias_flag(tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
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
