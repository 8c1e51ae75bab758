"""Partner lists as people keep them: mapping, statuses, aliases, countries, dates, files."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

import ctpat
from ctpat import aliases
from ctpat import io as cio
from ctpat import strategies as S
from ctpat.errors import DataError, UnknownProgram
from ctpat.io import SheetMapping, read, read_csv, read_text, write_csv

D = dt.date
ON = D(2026, 1, 15)
EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
needs_examples = pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/ not beside tests")
HEAD = "Supplier Name,Country,Certification Program,Cert Number,Certified Since,Status\n"


def one(text: str, **kw: object) -> cio.ReadProblem:
    intake = read_text(text, **kw)  # type: ignore[arg-type]
    assert len(intake.problems) == 1, intake.problems
    return intake.problems[0]


class TestAliases:
    @pytest.mark.parametrize(
        ("text", "program", "level"),
        [
            ("C-TPAT", "CTPAT", None),
            ("ctpat", "CTPAT", None),
            ("Customs-Trade Partnership Against Terrorism", "CTPAT", None),
            ("AEO-S", "EU-AEO", "AEOS"),
            ("AEOS", "EU-AEO", "AEOS"),
            ("eu aeo (aeos)", "EU-AEO", "AEOS"),
            ("PIP", "CA-PIP", None),
            ("Partenaires en protection", "CA-PIP", None),
            ("AEO Korea AAA", "KR-AEO", "AAA"),
            ("CTPAT Tier 3", "CTPAT", "tier-3"),
            ("NEEC", "MX-OEA", None),
            ("Yetkilendirilmiş Yükümlü Statüsü", "TR-AEO", None),
        ],
    )
    def test_resolve(self, text: str, program: str, level: str | None) -> None:
        assert aliases.resolve(text) == aliases.ProgramMatch(program, level)

    @pytest.mark.parametrize("text", ["None", "N/A", "", "  ", "-", "not certified"])
    def test_no_certification(self, text: str) -> None:
        assert aliases.resolve(text) is None

    def test_ambiguous_lists_candidates(self) -> None:
        with pytest.raises(aliases.UnknownAlias) as err:
            aliases.resolve("OEA")
        assert {"MX-OEA", "BR-OEA", "PE-OEA"} <= set(err.value.candidates)
        assert isinstance(err.value, UnknownProgram)

    def test_unknown_suggests(self) -> None:
        with pytest.raises(aliases.UnknownAlias, match="did you mean EU-AEO"):
            aliases.resolve("EU-AOE")

    def test_suggestions_are_never_ambiguous_spellings(self) -> None:
        with pytest.raises(aliases.UnknownAlias) as err:
            aliases.resolve("XX-AEO")  # close to "AEO", which names many programs
        assert "AEO" not in err.value.suggestions
        for suggestion in err.value.suggestions:
            aliases.resolve(suggestion)  # each one resolves

    def test_every_group_names_a_known_program_and_level_and_has_a_note(self) -> None:
        from ctpat._reference import read_data

        groups = aliases.groups_from_json(read_data(aliases.FILE))
        programs = ctpat.reference().programs
        for group in groups:
            assert group.note
            if group.program is not None:
                assert group.program in programs
                if group.level is not None:
                    assert group.level in {lv.code for lv in programs[group.program].levels}
        # No spelling is claimed by two hand-curated groups.
        index = aliases.bundled()
        for group in groups:
            for alias in group.aliases:
                assert len(index.keys[aliases.normalize(alias)]) == 1, alias

    def test_bad_group_is_a_data_error(self) -> None:
        with pytest.raises(DataError, match="not a known program"):
            aliases.Aliases(
                ctpat.reference().programs.values(), [aliases.AliasGroup("XX", ("x",), "n")]
            )
        with pytest.raises(DataError, match="not an aliases document"):
            aliases.groups_from_json("[]")


class TestCountries:
    @pytest.mark.parametrize(
        ("text", "code"),
        [
            ("DE", "DE"),
            ("de", "DE"),
            ("DEU", "DE"),
            ("Switzerland", "CH"),
            ("South Korea", "KR"),
            ("Korea, Republic of", "KR"),
            ("UK", "GB"),
            ("Türkiye", "TR"),
            ("Turkey", "TR"),
            ("Viet Nam", "VN"),
            ("united states", "US"),
        ],
    )
    def test_names_and_codes(self, text: str, code: str) -> None:
        if len(text) > 2 and text.upper() not in ("UK",):
            pytest.importorskip("pycountry")
        assert cio.resolve_country(text) == code

    def test_ambiguous_and_unknown(self) -> None:
        pytest.importorskip("pycountry")
        with pytest.raises(DataError, match="did you mean Switzerland"):
            cio.resolve_country("Swizerland")
        with pytest.raises(DataError, match="must be a string"):
            cio.resolve_country(None)  # type: ignore[arg-type]
        p = one("name,country\nA,Korea\n")
        assert "more than one country" in p.message
        p = one("name,country\nA,Swizerland\n")
        assert p.suggestion is not None
        assert "Switzerland" in p.suggestion


class TestStatuses:
    def vet(self, text: str, **kw: object) -> dict[str, ctpat.vetting.VettingEntry]:
        data = read_text(text, **kw).partners()  # type: ignore[arg-type]
        report = ctpat.reference().with_partners(data).vet(by="CTPAT", on=ON)
        return {e.participant.id: e for e in report.entries}

    def test_stated_statuses_never_pass(self) -> None:
        text = HEAD + (
            "Active Co,US,C-TPAT,CT1,2019-01-07,Certified\n"
            "Susp Co,US,C-TPAT,CT2,2019-01-07,Suspended\n"
            "Exp Co,US,C-TPAT,CT3,2019-01-07,Expired\n"
            "Rev Co,US,C-TPAT,CT4,2019-01-07,Revoked\n"
            "Pend Co,US,C-TPAT,,,Pending\n"
            "Wd Co,US,C-TPAT,CT5,2019-01-07,Withdrawn\n"
            "Rej Co,US,C-TPAT,,,Rejected\n"
        )
        found = self.vet(text, mapping=SheetMapping(status_as_of=D(2026, 1, 10)))
        assert found["active-co"].verdict
        for pid, word in [
            ("susp-co", "suspended"),
            ("exp-co", "expired"),
            ("rev-co", "revoked"),
            ("pend-co", "applicant"),
            ("wd-co", "withdrawn"),
            ("rej-co", "rejected"),
        ]:
            verdict = found[pid].verdict
            assert not verdict, pid
            assert word in verdict.explain(), pid

    def test_expired_without_any_date_is_a_problem_not_a_guess(self) -> None:
        p = one(HEAD + "Exp Co,US,C-TPAT,CT3,,Expired\n", mapping=SheetMapping(status_as_of=ON))
        assert p.column == "Certified Since"
        assert "granted" in p.message

    def test_status_without_as_of_date_asks_for_it(self) -> None:
        p = one(HEAD + "Susp Co,US,C-TPAT,CT2,2019-01-07,Suspended\n")
        assert p.column == "Status"
        assert p.value == "Suspended"
        assert p.suggestion is not None
        assert "--status-as-of" in p.suggestion

    def test_as_of_column_and_printed_expiry(self) -> None:
        text = (
            "name,country,program,certified_on,until,status,status as of\n"
            "A,US,CTPAT,2019-01-07,2030-01-01,expired,2025-06-01\n"
            "B,US,CTPAT,2019-01-07,2021-01-01,,\n"
        )
        data = read_text(text).partners()
        a, b = data.certifications
        assert a.events_standing_on(D(2025, 6, 1)).status is ctpat.Status.EXPIRED
        assert a.events_standing_on(D(2025, 5, 31)).status is ctpat.Status.CERTIFIED
        assert b.events_standing_on(ON).status is ctpat.Status.EXPIRED
        assert a.origin is not None
        assert a.origin.status_stated
        assert b.origin is not None
        assert not b.origin.status_stated

    def test_certified_status_with_a_passed_expiry_is_a_conflict(self) -> None:
        text = "name,country,program,certified_on,until,status,status_on\nA,US,CTPAT,2019-01-07,2021-01-01,active,2025-06-01\n"
        assert "expired before" in one(text).message

    def test_unknown_status_names_the_accepted_ones(self) -> None:
        p = one(HEAD + "A,US,CTPAT,,2019-01-07,On hold\n")
        assert p.column == "Status"
        assert p.accepted is not None
        assert "suspended" in p.accepted

    def test_milestones_become_events(self) -> None:
        text = (
            "name,country,program,level,certified_on,last validated,last reviewed,renewed,expires\n"
            "A,DE,EU-AEO,aeos,2015-01-05,2016-02-01,2024-03-01,2023-01-05,2028-01-04\n"
        )
        (cert,) = read_text(text).partners().certifications
        kinds = [e.kind.value for e in cert.events]
        assert kinds == ["certified", "validated", "renewed", "reviewed"]
        assert cert.level_on(ON) == "AEOS"
        assert cert.events_standing_on(ON).until == D(2028, 1, 4)

    def test_level_column_works_with_events(self) -> None:
        events = json.dumps([{"kind": "certified", "on": "2019-01-07"}]).replace('"', '""')
        text = f'id,name,country,program,level,events\na,A,DE,EU-AEO,AEOF,"{events}"\n'
        (cert,) = read_csv(text).certifications
        assert cert.level_on(ON) == "AEOF"

    def test_level_conflicts_and_unknown_levels(self) -> None:
        assert "says level AEOS" in one("name,country,program,level\nA,DE,AEO-S,AEOC\n").message
        p = one("name,country,program,level,certified_on\nA,DE,EU-AEO,gold,2019-01-07\n")
        assert p.accepted == "AEOC, AEOS, AEOF"


class TestColumnsAndDates:
    def test_headers_recognised_and_ids_derived(self) -> None:
        intake = read_text("Vendor,Country Code,Certificate No.\nAcme Ltd,GB,\n")
        assert [(u.header, u.field, u.how) for u in intake.columns] == [
            ("Vendor", "name", "recognised"),
            ("Country Code", "country", "recognised"),
            ("Certificate No.", "reference", "recognised"),
            ("(name)", "id", "derived"),
        ]
        assert intake.data.participants[0].id == "acme-ltd"
        assert intake.notes

    def test_unused_columns_are_problems_unless_ignored(self) -> None:
        text = "name,country,Colour\nA,DE,red\n"
        p = one(text)
        assert (p.line, p.column) == (1, "Colour")
        intake = read_text(text, mapping=SheetMapping(ignore=["Colour"]))
        assert intake.ok
        assert intake.columns[2].how == "ignored"

    def test_duplicate_columns_name_both(self) -> None:
        p = read_text("id,name,country,name\na,A,DE,B\n").problems[0]
        assert "columns 2 and 4" in p.message
        p = read_text("Supplier Name,Company,country\nA,B,DE\n").problems[0]
        assert "'Supplier Name' and 'Company'" in p.message

    def test_mapping_file_and_missing_mapped_header(self, tmp_path: Path) -> None:
        file = tmp_path / "m.toml"
        file.write_text('[columns]\nname = "Firma"\ncountry = "Land"\n', encoding="utf-8")
        assert read_text("Firma,Land\nA,DE\n", mapping=file).ok
        p = read_text("Firm,Land\nA,DE\n", mapping=file).problems[0]
        assert p.suggestion == "did you mean 'Firm'?"
        file.write_text('[columns]\nnmae = "Firma"\n', encoding="utf-8")
        with pytest.raises(DataError, match="did you mean 'name'"):
            SheetMapping.load(file)
        file.write_text("[colums]\n", encoding="utf-8")
        with pytest.raises(DataError, match="unknown table"):
            SheetMapping.load(file)

    def test_dates_need_an_explicit_layout(self) -> None:
        text = "name,country,program,certified_on\nA,US,CTPAT,02/08/2021\n"
        p = one(text)
        assert p.suggestion is not None
        assert "--date-format" in p.suggestion
        (cert,) = (
            read_text(text, mapping=SheetMapping(date_format="%m/%d/%Y")).partners().certifications
        )
        assert cert.started_on == D(2021, 2, 8)
        (cert,) = (
            read_text(text, mapping=SheetMapping(date_format="%d/%m/%Y")).partners().certifications
        )
        assert cert.started_on == D(2021, 8, 2)

    def test_every_problem_at_once_up_to_a_cap(self) -> None:
        text = "name,country\n" + "".join(f"A{i},Atlantis\n" for i in range(30))
        intake = read_text(text, max_problems=5)
        assert len(intake.problems) == 5
        assert intake.omitted == 25
        assert [p.line for p in intake.problems] == [2, 3, 4, 5, 6]
        with pytest.raises(DataError, match="25 more problems"):
            intake.partners()


class TestFiles:
    def test_bom_crlf_bare_cr_and_semicolons(self) -> None:
        data = b"\xef\xbb\xbfname;country\r\nA;DE\rB;FR\nC;IT\r\n"
        intake = read(io.BytesIO(data))
        assert intake.ok
        assert [p.origin.line for p in intake.data.participants if p.origin] == [2, 3, 4]

    def test_a_row_gives_its_participant_and_certification_one_origin(self) -> None:
        text = (
            "name,country,program,certified_on,status\n"
            "A,DE,AEOF,2020-01-06,certified\n"
            "B,FR,AEOF,2020-01-06,\n"
        )
        data = read_text(text, name="s.csv").data
        (a, b), (cert_a, cert_b) = data.participants, data.certifications
        # One object for both records of a row (a read keeps one origin per row) ...
        assert cert_a.origin is a.origin
        assert a.origin == ctpat.Origin(
            "s.csv", 2, unrecorded=frozenset({"validated", "reviewed"})
        )
        # ... unless the row stated no status, which only its certification's origin says.
        assert b.origin == ctpat.Origin("s.csv", 3, True, frozenset({"validated", "reviewed"}))
        assert cert_b.origin == ctpat.Origin(
            "s.csv", 3, False, frozenset({"validated", "reviewed"})
        )

    def test_physical_lines_with_multi_line_fields(self) -> None:
        p = one('id,name,country\na,"two\nlines",DE\nb,B,XX\n')
        assert p.line == 4

    def test_non_utf8_names_the_option(self) -> None:
        intake = read(io.BytesIO("name,country\nMüller,DE\n".encode("cp1252")))
        (p,) = intake.problems
        assert p.line == 2
        assert p.suggestion is not None
        assert "--encoding" in p.suggestion
        assert read(io.BytesIO("name,country\nMüller,DE\n".encode("cp1252")),
                    mapping=SheetMapping(encoding="cp1252")).ok  # fmt: skip

    def test_over_long_field_is_a_problem_naming_the_line(self) -> None:
        intake = read_text("name,country\nA,DE\n" + "B" * 200_000 + ",DE\n")
        (p,) = intake.problems
        assert p.line == 3
        assert "field" in p.message

    def test_json_and_unknown_suffix(self, tmp_path: Path) -> None:
        file = tmp_path / "p.json"
        data = ctpat.PartnerData((ctpat.Participant("a", "A", "DE"),))
        file.write_text(ctpat.to_json(data), encoding="utf-8")
        intake = read(file)
        assert intake.data == data
        assert intake.data.participants[0].origin == ctpat.Origin("p.json")
        sheet = read_text("name,country\nA,DE\n", name="sheet.csv").data
        file.write_text(ctpat.to_json(sheet), encoding="utf-8")
        # A sheet without date columns records no validation or review, for any record.
        assert read(file).data.participants[0].origin == ctpat.Origin(
            "sheet.csv", 2, unrecorded=frozenset({"validated", "reviewed"})
        )
        assert "not a partner file" in read(tmp_path / "p.doc").problems[0].message
        with pytest.raises(TypeError):
            read(42)  # type: ignore[arg-type]

    def test_without_pycountry_a_name_says_which_extra(
        self, monkeypatch: pytest.MonkeyPatch
    ) -> None:
        import sys

        from ctpat.io import _countries

        _countries._names.cache_clear()
        monkeypatch.setitem(sys.modules, "pycountry", None)
        try:
            p = one("name,country\nA,Switzerland\n")
            assert "ctpat[countries]" in p.message
            assert read_text("name,country\nA,de\nB,UK\n").ok
        finally:
            _countries._names.cache_clear()

    def test_without_openpyxl_xlsx_says_which_extra(
        self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
    ) -> None:
        import sys

        monkeypatch.setitem(sys.modules, "openpyxl", None)
        (tmp_path / "a.xlsx").write_bytes(b"PK\x03\x04")
        p = read(tmp_path / "a.xlsx").problems[0]
        assert p.suggestion is not None
        assert "ctpat[excel]" in p.suggestion

    def test_xlsx(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.title = "List"
        sheet.append(["Company", "Country", "Program", "Certified Since", "Cert No"])
        sheet.append(["Acme", "us", "C-TPAT", dt.datetime(2020, 1, 6), 12345])
        sheet.append([None, None, None, None, None])
        sheet.append(["Bolt", "Atlantis", "CTPAT", "2020-01-06", None])
        file = tmp_path / "list.xlsx"
        book.save(file)
        intake = read(file)
        (p,) = intake.problems
        assert (p.line, p.column) == (4, "Country")
        (cert,) = intake.data.certifications
        assert cert.reference == "12345"
        assert cert.started_on == D(2020, 1, 6)
        assert "no sheet" in read(file, mapping=SheetMapping(sheet="Other")).problems[0].message


class TestRoundTrip:
    def test_formula_values_and_carriage_returns(self) -> None:
        people = tuple(
            ctpat.Participant(f"p{i}", name, "DE")
            for i, name in enumerate(
                ["=SUM(A1)", "'=x", "+1", "@a", "-2", "0\r0", "a\r\nb", "'s-Hertogenbosch BV"]
            )
        )
        data = ctpat.PartnerData(people)
        text = write_csv(data)
        assert "\n=SUM" not in text
        assert read_csv(text) == data

    def test_orphan_certifications_are_refused(self) -> None:
        cert = ctpat.Certification.grant("CTPAT", "orphan", on=D(2020, 1, 6))
        with pytest.raises(DataError, match="not among the participants"):
            write_csv(ctpat.PartnerData((), (cert,)))

    def test_status_not_stated_survives(self) -> None:
        data = read_csv("id,name,country,program,certified_on\na,A,US,CTPAT,2020-01-06\n")
        back = read_csv(write_csv(data))
        assert back == data
        assert back.certifications[0].origin is not None
        assert not back.certifications[0].origin.status_stated

    @given(S.partner_data())
    def test_generated_data_round_trips_exactly(self, data: ctpat.PartnerData) -> None:
        assert read_csv(write_csv(data)) == data

    @given(st.text(min_size=1).map(str.strip).filter(bool))
    def test_any_name_round_trips(self, name: str) -> None:
        try:
            data = ctpat.PartnerData((ctpat.Participant("p", name, "DE"),))
        except DataError:
            return
        assert read_csv(write_csv(data)) == data


@needs_examples
class TestExampleSheet:
    """The shipped sheet, in CSV and .xlsx, vets with one mapping file."""

    @pytest.mark.parametrize("name", ["suppliers.csv", "suppliers.xlsx"])
    def test_vets_and_no_stated_status_passes(self, name: str) -> None:
        pytest.importorskip("pycountry")
        if name.endswith(".xlsx"):
            pytest.importorskip("openpyxl")
        intake = read(EXAMPLES / name, mapping=EXAMPLES / "suppliers.toml")
        assert intake.ok, intake.problems
        report = ctpat.reference().with_partners(intake.data).vet(by="CTPAT", on=ON)
        outcomes = {e.participant.name: e.verdict for e in report.entries}
        for company, word in [
            ("Busan Marine Parts", "suspended"),
            ("Maple Leaf Packaging", "expired"),
            ("Lone Star Logistics", "revoked"),
            ("Saigon Furniture JSC", "applicant"),
        ]:
            assert not outcomes[company]
            assert word in outcomes[company].explain()
        assert outcomes["Rhein Werkzeug GmbH"]
        cert = next(c for c in intake.data.certifications if c.holder == "busan-marine-parts")
        assert cert.origin is not None
        assert (cert.origin.file, cert.origin.line) == (name, 6)

    def test_csv_and_xlsx_read_alike(self) -> None:
        pytest.importorskip("openpyxl")
        pytest.importorskip("pycountry")
        a = read(EXAMPLES / "suppliers.csv", mapping=EXAMPLES / "suppliers.toml").data
        b = read(EXAMPLES / "suppliers.xlsx", mapping=EXAMPLES / "suppliers.toml").data
        assert a == b


def test_optional_readers_are_imported_only_when_needed() -> None:
    import subprocess
    import sys

    code = (
        "import sys, ctpat\n"
        "assert 'ctpat.io' not in sys.modules and 'ctpat.aliases' not in sys.modules\n"
        "import ctpat.io\n"
        "assert ctpat.io.read_text('name,country,program,certified_on\\nA,de,C-TPAT,2020-01-06\\n').ok\n"
        "print(sorted(m for m in ('pycountry', 'openpyxl') if m in sys.modules))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == "[]"


def test_mapping_merge_and_toml_dates() -> None:
    base = SheetMapping.from_toml(
        '[columns]\nname = "Firma"\n[dates]\nstatus_as_of = "2026-01-10"\n[read]\nignore = ["x"]\n'
    )
    assert base.status_as_of == D(2026, 1, 10)
    both = base.merged(
        SheetMapping(columns={"country": "Land"}, ignore=["y"], date_format="%d.%m.%Y")
    )
    assert both.columns == {"name": "Firma", "country": "Land"}
    assert both.ignore == {"x", "y"}
    assert both.date_format == "%d.%m.%Y"
    with pytest.raises(DataError, match="strptime"):
        SheetMapping(date_format="dd/mm/yyyy")
    with pytest.raises(DataError, match="single character"):
        SheetMapping(delimiter=";;")
    with pytest.raises(DataError, match="not valid TOML"):
        SheetMapping.from_toml("[columns")


AS_OF = SheetMapping(status_as_of=D(2026, 1, 10))


@pytest.mark.parametrize(
    ("text", "column", "message"),
    [
        ("name,country,program,status\nA,US,CTPAT,expired\n", "program", "granted"),
        (
            "name,country,program,certified_on,status,status_on\nA,US,CTPAT,2026-02-01,suspended,2026-01-10\n",
            "certified_on",
            "after the status date",
        ),
        (
            "name,country,program,certified_on,renewed_on\nA,US,CTPAT,2020-01-06,2023-01-06\n",
            "program",
            "new expiry",
        ),
        (
            "name,country,program,certified_on,validated_on\nA,US,CTPAT,2020-01-06,2019-01-06\n",
            "validated_on",
            "before the certification was granted",
        ),
        ("id,name,country\n,A,US\n", "id", "an id is required"),
        ("name,country\n,US\n", "name", "a name is required"),
        ("id,name,country\na,,US\n", "name", "a name is required"),
        ("name,country\nA,\n", "country", "a country is required"),
        ("name,country,eori\nA,DE,not-an-eori!\n", "eori", "eori"),
        (
            "name,country,program,certified_on\nA,DE,OEA,2020-01-06\n",
            "program",
            "several programs",
        ),
        (
            "name,country,program,certified_on\nA,DE,EU AOE,2020-01-06\n",
            "program",
            "unknown program",
        ),
        ("name,country,,\nA,DE,,x\n", "#4", "without a header"),
        (
            "name,country,program,certified_on,reviewed_on,status,status_on\nA,US,CTPAT,2020-01-06,2026-03-01,suspended,2026-01-10\n",
            "status",
            "cannot record",
        ),
    ],
)
def test_bad_rows(text: str, column: str, message: str) -> None:
    intake = read_text(text, mapping=AS_OF)
    assert intake.problems, text
    p = intake.problems[0]
    assert message in p.message or message in str(p), str(p)
    assert p.column == column or (p.column is None and column == "program"), str(p)
    assert p.line == 2


def test_events_with_level_problems() -> None:
    def events(level: str, history: list[dict[str, str]]) -> cio.ReadProblem:
        cell = json.dumps(history).replace('"', '""')
        return one(f'id,name,country,program,level,events\na,A,DE,EU-AEO,{level},"{cell}"\n')

    assert (
        "no 'certified' event" in events("AEOS", [{"kind": "applied", "on": "2020-01-06"}]).message
    )
    granted = [{"kind": "certified", "on": "2020-01-06", "level": "AEOC"}]
    assert "grant level AEOC" in events("AEOS", granted).message


def test_xlsx_cells(tmp_path: Path) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Company", "Country", "Program", "Certified Since", "Expires"])
    sheet.append(["A", "US", "CTPAT", dt.datetime(2020, 1, 6, 12, 30), None])
    sheet.append(["B", "US", "CTPAT", 43000, None])
    sheet.append(["C", "US", "CTPAT", dt.date(2020, 1, 6), dt.datetime(2030, 1, 1)])
    file = tmp_path / "cells.xlsx"
    book.save(file)
    intake = read(file)
    assert [p.line for p in intake.problems] == [2, 3]
    assert "date and time" in intake.problems[0].message
    assert "not a date" in intake.problems[1].message
    (cert,) = intake.data.certifications
    assert cert.events_standing_on(ON).until == D(2030, 1, 1)
    (tmp_path / "junk.xlsx").write_bytes(b"PK\x03\x04junk")
    assert "not an Excel" in read(tmp_path / "junk.xlsx").problems[0].message
    empty = openpyxl.Workbook()
    empty.save(tmp_path / "empty.xlsx")
    assert "no header" in read(tmp_path / "empty.xlsx").problems[0].message
    with open(file, "rb") as handle:
        assert read(handle).data == intake.data


def test_statuses_without_an_as_of_date() -> None:
    p = one("name,country,program,certified_on,status\nA,US,CTPAT,2020-01-06,expired\n")
    assert "expiry date" in p.message
    assert p.column == "status"
    p = one("name,country,program,status\nA,US,CTPAT,active\n")
    assert "granted" in p.message


_CELLS = st.sampled_from(
    ["", "A", "DE", "de", "Korea", "C-TPAT", "OEA", "EU AEO (AEOS)", "None", "2020-01-06",
     "02/08/2021", "suspended", "expired", "pending", "bogus", "'=x", '"', "a,b", "\r", "[", "AEOS"]
)  # fmt: skip
_HEADERS = st.sampled_from(
    ["id", "name", "country", "program", "level", "status", "status_on", "certified_on",
     "until", "renewed_on", "validated_on", "events", "roles", "role", "eori", "Colour", ""]
)  # fmt: skip


@given(
    st.lists(_HEADERS, min_size=1, max_size=6),
    st.lists(st.lists(_CELLS, max_size=7), max_size=5),
    st.sampled_from([None, D(2026, 1, 10)]),
)
def test_any_sheet_reads_to_problems_never_an_exception(
    header: list[str], body: list[list[str]], as_of: dt.date | None
) -> None:
    import csv as _csv

    out = io.StringIO()
    writer = _csv.writer(out)
    writer.writerow(header)
    writer.writerows(body)
    intake = read_text(out.getvalue(), mapping=SheetMapping(status_as_of=as_of))
    for problem in intake.problems:
        assert problem.line is None or problem.line >= 1
        assert str(problem)
    if intake.ok:
        ctpat.reference().with_partners(intake.data)


@given(st.binary(max_size=200))
def test_any_bytes_read_to_problems(data: bytes) -> None:
    intake = read(io.BytesIO(data))
    assert isinstance(intake, cio.Intake)


def test_status_columns_written_for_people_read_back_and_checked() -> None:
    text = HEAD + (
        "Active Co,US,C-TPAT,CT1,2019-01-07,Certified\n"
        "Susp Co,US,C-TPAT,CT2,2019-01-07,Suspended\n"
        "Exp Co,US,C-TPAT,CT3,2019-01-07,Expired\n"
    )
    data = read_text(text, mapping=AS_OF).partners()
    written = write_csv(data, as_of=ON)
    assert written.splitlines()[0].endswith("events,status,status_on")
    assert ",suspended,2026-01-15" in written
    assert read_csv(written) == data
    tampered = written.replace(",suspended,2026-01-15", ",certified,2026-01-15")
    with pytest.raises(DataError, match="the events give the status 'suspended'"):
        read_csv(tampered)
    with pytest.raises(DataError, match="must be a date"):
        write_csv(data, as_of="2026-01-15")  # type: ignore[arg-type]


class TestRowsReadAlike:
    """What a row says is read by one rule, however many rows say the same (the reader caches it)."""

    HEADER = ("id", "name", "country", "program", "level", "status", "status_on", "certified_on",
              "until", "reference")  # fmt: skip

    @staticmethod
    def sheet(header: tuple[str, ...], rows: list[list[str]]) -> str:
        import csv as _csv

        out = io.StringIO()
        writer = _csv.writer(out)
        writer.writerow(header)
        writer.writerows(rows)
        return out.getvalue()

    @given(
        st.lists(
            st.tuples(
                st.sampled_from(["A", "", "Acme"]),
                st.sampled_from(["DE", "de", "Atlantis", ""]),
                st.sampled_from(
                    ["C-TPAT", "EU AEO (AEOS)", "EU-AEO", "None", "", "EU AOE", "OEA"]
                ),
                st.sampled_from(["", "AEOS", "AEOF", "tier-1"]),
                st.sampled_from(["", "Certified", "suspended", "expired", "pending", "bogus"]),
                st.sampled_from(["", "2026-01-10", "2019-05-02", "02/08/2021"]),
                st.sampled_from(["", "2019-05-02", "2020-02-30", "2027-01-01"]),
                st.sampled_from(["", "2030-01-01", "2018-01-01"]),
                st.sampled_from(["", "REF1", " REF2 "]),
            ),
            max_size=8,
        ),
        st.sampled_from([None, D(2026, 1, 10)]),
    )
    def test_together_as_alone(self, rows: list[tuple[str, ...]], as_of: dt.date | None) -> None:
        mapping = SheetMapping(status_as_of=as_of)
        body = [[f"p{i}", *row] for i, row in enumerate(rows)]
        together = read_text(self.sheet(self.HEADER, body), mapping=mapping, max_problems=1000)
        certs = {c.holder: c for c in together.data.certifications}
        for i, row in enumerate(body):
            alone = read_text(self.sheet(self.HEADER, [row]), mapping=mapping)
            mine = [p for p in together.problems if p.line == i + 2]
            assert [(p.column, p.value, p.message, p.accepted, p.suggestion) for p in mine] == [
                (p.column, p.value, p.message, p.accepted, p.suggestion) for p in alone.problems
            ]
            assert list(alone.data.certifications) == ([certs[row[0]]] if row[0] in certs else [])
            for cert in alone.data.certifications:
                assert cert.origin is not None
                assert certs[row[0]].origin == attrs.evolve(cert.origin, line=i + 2)

    def test_each_repeated_row_has_its_own_problem_reference_and_origin(self) -> None:
        text = HEAD + (
            "A,DE,EU AEO (AEOS),R1,2019-05-02,Suspended\n"
            "B,DE,EU AEO (AEOS),R2,2019-05-02,Suspended\n"
            "C,DE,EU AEO (AEOS),,2019-05-02,Suspended\n"
            "D,DE,EU AEO (AEOS),R4,2019-05-02,Bogus\n"
            "E,DE,EU AEO (AEOS),R5,2019-05-02,Bogus\n"
            "F,DE,None,,,\n"
            "G,DE,None,R7,,\n"
        )
        intake = read_text(text, mapping=AS_OF)
        assert [(p.line, p.column, p.value) for p in intake.problems] == [
            (5, "Status", "Bogus"),
            (6, "Status", "Bogus"),
            (8, "Certification Program", "None"),
        ]
        assert "(Cert Number)" in intake.problems[2].message
        a, b, c = intake.data.certifications
        assert [x.reference for x in (a, b, c)] == ["R1", "R2", None]
        assert [x.holder for x in (a, b, c)] == ["a", "b", "c"]
        assert [x.origin.line for x in (a, b, c) if x.origin] == [2, 3, 4]
        assert a.events == b.events == c.events
        assert a.events is b.events  # equal rows share their (immutable) events

    def test_typed_cells_equal_in_python_are_not_the_same_cell(self, tmp_path: Path) -> None:
        openpyxl = pytest.importorskip("openpyxl")
        book = openpyxl.Workbook()
        sheet = book.active
        sheet.append(["Company", "Country", "Program", "Certified Since"])
        sheet.append(["A", "US", "CTPAT", True])
        sheet.append(["B", "US", "CTPAT", 1])
        sheet.append(["C", "US", "CTPAT", 1.5])
        file = tmp_path / "typed.xlsx"
        book.save(file)
        problems = read(file).problems
        assert [(p.line, p.value) for p in problems] == [(2, True), (3, 1), (4, 1.5)]
        assert [type(p.value) for p in problems] == [bool, int, float]

    def test_the_collector_is_restored_after_a_read(self) -> None:
        import gc

        assert gc.isenabled()
        read_text("name,country\nA,DE\n")
        read_text("name,country\nA,Atlantis\n")
        assert gc.isenabled()
        gc.disable()
        try:
            read_text("name,country\nA,DE\n")
            assert not gc.isenabled()
        finally:
            gc.enable()


def test_participant_problems_name_their_line_and_cell() -> None:
    intake = read_text(
        "id,name,country,roles,program,certified_on\n"
        "a,A,DE,importer,CTPAT,2020-01-06\n"
        "a,B,DE,importer,CTPAT,2020-01-06\n"
        "b,B,DE,importer;bogus,CTPAT,2020-01-06\n"
        "a,,,,EU-AEO,2021-01-06\n"
        "c,C,DE\n"
        "d,D,DE,,,,extra\n"
    )
    assert [(p.line, p.column, p.value) for p in intake.problems] == [
        (3, "id", "a"),
        (4, "roles", "bogus"),
        (7, None, ["extra"]),
    ]
    assert "repeats the participant of line 2" in intake.problems[0].message
    # A row with only the id adds a certification to the participant already read;
    # a short row's missing cells are blank.
    assert [(c.holder, c.program) for c in intake.data.certifications] == [
        ("a", "CTPAT"),
        ("a", "EU-AEO"),
    ]
    assert [p.id for p in intake.data.participants] == ["a", "c"]


def test_rows_keep_only_what_each_row_gives() -> None:
    """What every row states alike is one shared object, and the records carry no
    slot they do not use (a million-row list is held in memory whole)."""
    intake = read_text(
        "Supplier Name,Country,Program,Cert Number,Certified Since\n"
        "Acme,DE,EU-AEO,DE1,2019-05-02\n"
        "Bolt,DE,EU-AEO,DE2,2019-05-02\n"
    )
    assert intake.ok, intake.problems
    a, b = intake.data.participants
    assert a.identifiers is b.identifiers
    assert a.roles is b.roles
    c, d = intake.data.certifications
    assert c.events is d.events
    assert c.program is d.program
    assert c.origin is not None
    assert d.origin is not None
    assert c.origin.unrecorded is d.origin.unrecorded
    for record in (a, a.origin, c.origin):
        assert not hasattr(record, "__dict__")
        assert not hasattr(record, "__weakref__")
    # Identifiers given are still checked and kept per participant.
    p = ctpat.Participant("c", "C", "DE", identifiers={"lei": "5493001KJTIIGC8Y1R12"})
    assert p.identifiers == {"lei": "5493001KJTIIGC8Y1R12"}
    assert p.identifiers is not a.identifiers


@given(
    st.lists(st.sampled_from(["a", ",", '"', "\n", "\r", "\r\n", "\u2028", "\x0b", "é"])).map(
        "".join
    ),
    st.integers(1, 8),
)
def test_csv_lines_end_where_a_string_stream_ends_them(text: str, chunk: int) -> None:
    """The CSV reader's lines are handed over in pieces (a ``StringIO`` of a whole
    export would take four bytes a character): the pieces end no line anywhere a
    ``StringIO(newline="")`` does not, whatever the piece size."""
    import io as stdio

    from ctpat.io import _sources

    expected = list(stdio.StringIO(text, newline=""))
    saved = _sources._CHUNK
    try:
        _sources._CHUNK = chunk
        assert list(_sources.lines(text)) == expected
    finally:
        _sources._CHUNK = saved
