"""What a cell is, whatever the file: formulas without a value, error values,
merged ranges, damaged workbooks and cells past every bound (issue 23)."""

from __future__ import annotations

import datetime as dt
import difflib
import io
import random
import zipfile
from pathlib import Path
from typing import Any

import pytest

import ctpat
from ctpat.errors import DataError
from ctpat.io import SheetMapping, read, read_rows, read_text
from ctpat.io._cells import ERROR_VALUES, MAX_CELL

openpyxl = pytest.importorskip("openpyxl")

D = dt.date
ON = D(2026, 1, 15)
HEADER = ["Supplier Name", "Country", "Certification Program", "Cert Number",
          "Certified Since", "Status", "Status Date"]  # fmt: skip
GRANTED, STATED = D(2019, 5, 2), D(2026, 1, 10)


def workbook(rows: list[list[Any]], *, merges: tuple[str, ...] = (), edit: Any = None) -> bytes:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    for ref in merges:
        sheet.merge_cells(ref)
    if edit is not None:
        edit(sheet)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def edited(data: bytes, old: bytes, new: bytes) -> bytes:
    """A workbook with ``old`` replaced by ``new`` in its sheet's XML."""
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    assert old in parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(old, new)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return out.getvalue()


def row(name: str, status: object, number: str = "DE1") -> list[object]:
    return [name, "DE", "EU-AEO", number, GRANTED, status, STATED]


def statuses(data: bytes) -> dict[str, str]:
    intake = read(io.BytesIO(data), name="list.xlsx")
    return {c.holder: c.events_standing_on(ON).status.value for c in intake.data.certifications}


class TestFormulaWithoutValue:
    def test_is_a_problem_naming_the_cell(self) -> None:
        # openpyxl saves formulas without their values, as many programs do.
        intake = read(io.BytesIO(workbook([row("Acme", '="Suspended"')])), name="list.xlsx")
        (problem,) = intake.problems
        assert (problem.line, problem.column) == (2, "Status")
        assert "formula without a saved value" in problem.message
        assert "cell F2" in problem.message
        assert problem.value == '="Suspended"'
        assert intake.data.certifications == ()

    def test_a_formula_with_its_saved_value_is_that_value(self) -> None:
        # The cell as Excel saves it: the formula and the value it calculated.
        data = edited(
            workbook([row("Acme", "Suspended")]),
            b'<c r="F2" t="inlineStr"><is><t>Suspended</t></is></c>',
            b'<c r="F2" t="str"><f>"Suspended"</f><v>Suspended</v></c>',
        )
        assert statuses(data) == {"acme": "suspended"}

    def test_in_the_header(self) -> None:
        intake = read(io.BytesIO(workbook([], edit=lambda s: s.__setitem__("B1", "=A1"))))
        message = intake.problems[0].message
        assert message.startswith("the header: a formula without a saved value")
        assert "(cell B1)" in message


class TestErrorValues:
    @pytest.mark.parametrize("error", sorted(e for e in ERROR_VALUES if e.startswith("#")))
    def test_in_a_workbook_is_a_problem_naming_the_cell(self, error: str) -> None:
        intake = read(io.BytesIO(workbook([row("Acme", "Certified")], edit=_error(error))))
        (problem,) = intake.problems
        assert "an error value" in problem.message
        assert "cell F2" in problem.message
        assert problem.value == error
        assert intake.data.certifications == ()

    def test_in_any_column(self) -> None:
        intake = read(io.BytesIO(workbook([["Acme", "#REF!", "EU-AEO", "DE1", GRANTED]])))
        assert intake.problems[0].column == "Country"
        assert intake.data.participants == ()

    @pytest.mark.parametrize("error", ["#N/A", " #N/A ", "#VALUE!", "#REF!", "Err:502"])
    def test_in_csv_text_is_not_not_stated(self, error: str) -> None:
        # "#N/A" was read as "N/A", i.e. no status, and the partner passed on its dates.
        intake = read_text(
            "Supplier Name,Country,Program,Cert Number,Certified Since,Status\n"
            f"Acme,DE,EU-AEO,DE1,2019-05-02,{error}\n"
        )
        (problem,) = intake.problems
        assert (problem.line, problem.column) == (2, "Status")
        assert "an error value" in problem.message
        assert intake.data.certifications == ()

    def test_read_rows_too(self) -> None:
        rows = read_rows(io.BytesIO(b"on,cn_code\n2026-01-12,#N/A\n"), name="imports.csv")
        assert rows.rows == ()
        assert "an error value" in rows.problems[0].message


def _error(value: str) -> Any:
    def edit(sheet: Any) -> None:
        sheet["F2"] = value  # an error cell for the codes openpyxl knows, else its text

    return edit


class TestMergedRanges:
    def test_a_status_merged_over_rows_fills_each_row(self) -> None:
        data = workbook(
            [row("Acme", "Suspended", "DE1"), row("Bolt", None, "DE2"), row("Cord", None, "DE3")],
            merges=("F2:F4",),
        )
        assert statuses(data) == {"acme": "suspended", "bolt": "suspended", "cord": "suspended"}

    def test_rows_only_the_range_reaches_are_read(self) -> None:
        # A name merged over three rows whose other cells are all blank.
        data = workbook(
            [row("Acme", "Suspended", "DE1"), [None, None, None, "DE2"], [None] * 7],
            merges=("A2:A4", "B2:B4", "C2:C4", "E2:E4", "F2:F4", "G2:G4"),
        )
        intake = read(io.BytesIO(data))
        # Row 4 states a certificate without a number granted on the day DE1 and
        # DE2 were: it is a statement about both, and agrees with them.
        assert intake.ok, intake.problems
        assert [
            (c.reference, c.events_standing_on(ON).status.value)
            for c in intake.data.certifications
        ] == [
            ("DE1", "suspended"),
            ("DE2", "suspended"),
        ]

    def test_a_row_missing_from_the_file_is_read_where_the_range_reaches_it(self) -> None:
        # Row 3 is not in the sheet's XML at all; the range B2:B4 still shows there.
        book = openpyxl.Workbook()
        sheet = book.active
        for values in (["Name", "Note"], ["x", "y"], [None, None], ["z", None], [None, None]):
            sheet.append(values)
        sheet.merge_cells("B2:B5")
        out = io.BytesIO()
        book.save(out)
        data = edited(out.getvalue(), b'<row r="3"></row>', b"")
        rows = read_rows(io.BytesIO(data))
        assert rows.rows == ((2, ("x", "y")), (3, ("", "y")), (4, ("z", "y")), (5, ("", "y")))

    def test_a_range_across_columns_fills_them(self) -> None:
        intake = read(io.BytesIO(workbook([["Acme", "DE", "EU-AEO", "DE1", GRANTED, "Suspended", None]], merges=("F2:G2",))))  # fmt: skip
        assert intake.problems[0].column == "Status Date"  # "Suspended" is not a date

    def test_a_merged_error_is_a_problem_in_every_row(self) -> None:
        data = workbook([row("Acme", "#N/A"), row("Bolt", None, "DE2")], merges=("F2:F3",))
        assert [p.line for p in read(io.BytesIO(data)).problems] == [2, 3]


class TestDamagedWorkbooks:
    """Seeded mutations of a real workbook: a problem naming the file, never an exception."""

    def parts(self) -> dict[str, bytes]:
        data = workbook([row("Acme", "Certified"), row("Bolt", "Suspended", "DE2")])
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            return {n: source.read(n) for n in source.namelist()}

    @staticmethod
    def zipped(parts: dict[str, bytes]) -> bytes:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, body in parts.items():
                target.writestr(name, body)
        return out.getvalue()

    def mutations(self, rng: random.Random) -> list[bytes]:
        parts = self.parts()
        whole = self.zipped(parts)
        found = []
        for _ in range(100):  # truncated or garbled bytes of the whole file
            cut = rng.randrange(len(whole))
            found.append(whole[:cut])
            garbled = bytearray(whole)
            for _ in range(rng.randint(1, 8)):
                garbled[rng.randrange(len(garbled))] = rng.randrange(256)
            found.append(bytes(garbled))
        for _ in range(150):  # a part missing, truncated or garbled inside a sound zip
            name = rng.choice(sorted(parts))
            changed = dict(parts)
            how = rng.choice(("missing", "truncated", "garbled", "swapped"))
            body = parts[name]
            if how == "missing":
                del changed[name]
            elif how == "truncated":
                changed[name] = body[: rng.randrange(len(body))]
            elif how == "garbled":
                b = bytearray(body)
                for _ in range(rng.randint(1, 6)):
                    b[rng.randrange(len(b))] = rng.choice(b'<>"&=/x0\xff ')
                changed[name] = bytes(b)
            else:
                changed[name] = parts[rng.choice(sorted(parts))]
            found.append(self.zipped(changed))
        return found

    def test_never_an_exception(self) -> None:
        rng = random.Random(23)
        mutations = self.mutations(rng)
        assert len(mutations) == 350
        read_at_all = 0
        for data in mutations:
            intake = read(io.BytesIO(data), name="damaged.xlsx", format="xlsx")
            rows = read_rows(io.BytesIO(data), name="damaged.xlsx")
            assert all(p.file == "damaged.xlsx" for p in (*intake.problems, *rows.problems))
            read_at_all += bool(intake.data.certifications)
        assert 0 < read_at_all < len(mutations)

    def test_names_the_file(self) -> None:
        parts = self.parts()
        del parts["xl/workbook.xml"]
        intake = read(io.BytesIO(self.zipped(parts)), name="damaged.xlsx")
        (problem,) = intake.problems
        assert str(problem).startswith(
            "damaged.xlsx: not an Excel .xlsx workbook, or a damaged one"
        )


class TestBounds:
    def test_a_far_formatted_cell_does_not_pad_the_rows(self) -> None:
        from openpyxl.styles import Font

        def far(sheet: Any) -> None:
            sheet["XFD1048576"].font = Font(bold=True)

        data = workbook([row("Acme", "Certified")], edit=far)
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            assert b'ref="A1:XFD1048576"' in source.read("xl/worksheets/sheet1.xml")
        # Read row by row, without padding: about 9 minutes before.
        rows = read_rows(io.BytesIO(data))
        assert [len(cells) for _, cells in rows.rows] == [7]
        assert statuses(data) == {"acme": "certified"}

    @pytest.mark.parametrize(("length", "ok"), [(MAX_CELL, True), (MAX_CELL + 1, False)])
    def test_the_longest_cell(self, length: int, ok: bool) -> None:
        # Written into the XML: openpyxl (like Excel) writes no cell over 32,767 characters.
        data = edited(workbook([["Acme", "DE", "None", "DE1"]]), b"DE1", b"\xc3\xa9" * length)
        intake = read(io.BytesIO(data))
        assert not intake.ok  # a number without a program, or the cell too long
        too_long = [p for p in intake.problems if f"longer than {MAX_CELL:,}" in p.message]
        assert bool(too_long) is not ok
        if too_long:
            assert (too_long[0].column, too_long[0].line) == ("Cert Number", 2)

    def test_a_cell_that_unpacks_to_200_mb_is_refused_unread(self) -> None:
        data = workbook([row("Acme", "Certified")])
        with zipfile.ZipFile(io.BytesIO(data)) as source:
            parts = {n: source.read(n) for n in source.namelist()}
        head, tail = parts.pop("xl/worksheets/sheet1.xml").split(b"Acme")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
            for name, body in parts.items():
                target.writestr(name, body)
            with target.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as w:
                w.write(head)
                for _ in range(200):
                    w.write(b"A" * (1 << 20))
                w.write(tail)
        assert len(out.getvalue()) < 300_000
        (problem,) = read(io.BytesIO(out.getvalue()), name="bomb.xlsx").problems
        assert f"a cell longer than {MAX_CELL:,} characters" in problem.message

    def test_csv_refuses_the_same_bound(self) -> None:
        import csv

        assert csv.field_size_limit() == MAX_CELL
        intake = read_text("name,country\n" + "x" * (MAX_CELL + 1) + ",DE\n")
        assert "cannot read further" in intake.problems[0].message


class TestMappingFiles:
    def test_two_fields_to_one_header_names_both(self) -> None:
        with pytest.raises(DataError) as caught:
            SheetMapping.from_toml('[columns]\nname = "Supplier"\nid = "Supplier"\n')
        message = str(caught.value)
        assert "'name'" in message
        assert "'id'" in message
        assert "Supplier" in message

    def test_nested_too_deep_is_a_data_error(self) -> None:
        with pytest.raises(DataError, match="nested too deeply"):
            SheetMapping.from_toml("a = " + "[" * 5000 + "]" * 5000, file="deep.toml")

    @pytest.mark.parametrize(
        ("toml", "field"),
        [
            ("[read]\nencoding = 5\n", "encoding"),
            ('[read]\nencoding = "no-such-codec"\n', "encoding"),
            ("[read]\nsheet = 5\n", "sheet"),
            ('[read]\nsheet = ""\n', "sheet"),
            ("[read]\ndelimiter = 5\n", "delimiter"),
            ("[dates]\nformat = 5\n", "date_format"),
            ("[dates]\nstatus_as_of = 2026-01-01T10:00:00\n", "status_as_of"),
        ],
    )
    def test_each_field_is_checked_when_read(self, toml: str, field: str) -> None:
        # encoding = 5 was accepted, then failed reading with a TypeError about `source`.
        with pytest.raises(DataError) as caught:
            SheetMapping.from_toml(toml, file="m.toml")
        assert caught.value.problems[0].path == f"m.toml.{field}"

    def test_ten_thousand_unread_columns_stop_at_the_cap(self) -> None:
        calls = 0
        real = difflib.get_close_matches

        def counted(*args: Any, **kwargs: Any) -> Any:
            nonlocal calls
            calls += 1
            return real(*args, **kwargs)

        header = ",".join(f"column {i}" for i in range(10_000))
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(difflib, "get_close_matches", counted)
            intake = read_text(header + "\n" + "x," * 9_999 + "x\n", max_problems=100)
        assert len(intake.problems) == 100
        assert intake.omitted > 9_800
        assert calls <= 100  # a suggestion only for a problem that is shown


class TestHistoryBounds:
    def test_expired_on_the_first_day_of_the_calendar(self) -> None:
        # OverflowError before.
        intake = read_text(
            "name,country,program,certified_on,status,status_on\n"
            "Acme,DE,EU-AEO,0001-01-01,expired,0001-01-01\n"
        )
        (problem,) = intake.problems
        assert problem.column == "status_on"
        assert "expired" in problem.message


class TestStatementsAboutOneCertificate:
    """Rows about one certificate are one history; contradicting rows never pass."""

    HEAD = "Supplier Name,Country,Program,Cert Number,Certified Since,Status,Status Date\n"

    def read(self, body: str) -> Any:
        return read_text(self.HEAD + body, mapping=SheetMapping(status_as_of=STATED))

    @pytest.mark.parametrize(
        "body",
        [
            # One number, Certified and Suspended as of one date (the favourable row won).
            "Acme,DE,EU-AEO,DE1,2019-05-02,Certified,\nAcme,DE,EU-AEO,DE1,2019-05-02,Suspended,\n",
            "Acme,DE,EU-AEO,DE1,2019-05-02,Suspended,\nAcme,DE,EU-AEO,DE1,2019-05-02,Certified,\n",
            # No number, one grant date.
            "Acme,DE,EU-AEO,,2019-05-02,Certified,\nAcme,DE,EU-AEO,,2019-05-02,Revoked,\n",
            # No number and no grant date: a status about the holder's certificate.
            "Acme,DE,EU-AEO,,2019-05-02,Certified,\nAcme,DE,EU-AEO,,,Withdrawn,\n",
            # Two grant dates for one number.
            "Acme,DE,EU-AEO,DE1,2019-05-02,,\nAcme,DE,EU-AEO,DE1,2020-05-02,,\n",
            # Reinstated without a word: certified after the suspension.
            "Acme,DE,EU-AEO,DE1,2019-05-02,Suspended,2025-01-01\n"
            "Acme,DE,EU-AEO,DE1,2019-05-02,Certified,2026-01-01\n",
            # A number without a grant date, and a grant date without a number.
            "Acme,DE,EU-AEO,DE1,,Suspended,\nAcme,DE,EU-AEO,,2019-05-02,Certified,\n",
            # Pending and certified.
            "Acme,DE,EU-AEO,,2019-05-02,Certified,\nAcme,DE,EU-AEO,,,Pending,\n",
        ],
    )
    def test_contradicting_rows_are_a_problem_naming_both_lines(self, body: str) -> None:
        intake = self.read(body)
        (problem,) = intake.problems
        assert problem.line == 3
        assert "lines 2 and 3 state one certificate" in problem.message
        assert "contradict" in problem.message
        assert intake.data.certifications == ()
        report = ctpat.reference().with_partners(intake.data).vet(by="CTPAT", on=ON)
        assert [e.outcome.value for e in report.entries] == ["unverified"]

    def test_statements_on_different_dates_are_one_history(self) -> None:
        intake = self.read(
            "Acme,DE,EU-AEO,DE1,2019-05-02,Certified,2025-01-01\n"
            "Acme,DE,EU-AEO,DE1,,Suspended,2026-01-01\n"
        )
        assert intake.ok, intake.problems
        (cert,) = intake.data.certifications
        assert [(e.kind.value, e.on) for e in cert.events] == [
            ("certified", GRANTED),
            ("suspended", D(2026, 1, 1)),
        ]
        assert cert.origin is not None
        assert cert.origin.line == 2

    def test_a_repeated_row_is_one_certificate(self) -> None:
        row = "Acme,DE,EU-AEO,DE1,2019-05-02,Certified,\n"
        intake = self.read(row * 3)
        assert intake.ok
        assert len(intake.data.certifications) == 1

    def test_two_numbers_are_two_certificates(self) -> None:
        intake = self.read(
            "Acme,DE,EU-AEO,DE1,2019-05-02,Certified,\nAcme,DE,EU-AEO,DE2,2019-05-02,Suspended,\n"
        )
        assert intake.ok
        assert {
            c.reference: c.events_standing_on(ON).status.value for c in intake.data.certifications
        } == {
            "DE1": "certified",
            "DE2": "suspended",
        }

    def test_certificates_keep_the_order_of_their_first_row(self) -> None:
        # A row without a number is about each numbered certificate granted that
        # day: both are merged with it, and stand where it stands; a repeated row
        # of another holder is one certificate, where its first row is.
        intake = self.read(
            "Acme,DE,EU-AEO,,2019-05-02,Certified,\n"
            "Acme,DE,EU-AEO,DE2,2019-05-02,,\n"
            "Bolt,DE,EU-AEO,DE9,2018-01-01,Certified,\n"
            "Acme,DE,EU-AEO,DE1,2019-05-02,,\n"
            "Bolt,DE,EU-AEO,DE9,2018-01-01,Certified,\n"
        )
        assert intake.ok, intake.problems
        found = intake.data.certifications
        assert [(c.holder, c.reference) for c in found] == [
            ("acme", "DE2"),
            ("acme", "DE1"),
            ("bolt", "DE9"),
        ]
        assert [c.origin.line for c in found if c.origin is not None] == [2, 2, 4]
        assert all(c.origin is not None and c.origin.status_stated for c in found)

    def test_in_a_workbook_too(self) -> None:
        data = workbook([row("Acme", "Certified"), row("Acme", "Suspended")])
        intake = read(io.BytesIO(data), name="list.xlsx")
        assert "lines 2 and 3 state one certificate" in intake.problems[0].message
        assert intake.data.certifications == ()


class TestCommandLine:
    """What the command line says: one line per problem, never a traceback, never passed."""

    def run(self, capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
        from ctpat.cli import main

        code = main(list(argv))
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    @pytest.mark.parametrize("kind", ["formula", "error", "merged", "damaged", "contradicting"])
    def test_vet_refuses_the_file(
        self, kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
    ) -> None:
        rows = {
            "formula": [row("Acme", '="Suspended"')],
            "error": [row("Acme", "#N/A")],
            "merged": [
                row("Acme", "Suspended"),
                ["Acme", "DE", "EU-AEO", "DE1", GRANTED, None, STATED],
            ],
            "damaged": [row("Acme", "Certified")],
            "contradicting": [row("Acme", "Certified"), row("Acme", "Suspended")],
        }[kind]
        data = workbook(rows, merges=("F2:F3",) if kind == "merged" else ())
        if kind == "damaged":
            data = data[: len(data) // 2]
        file = tmp_path / "list.xlsx"
        file.write_bytes(data)
        code, out, err = self.run(capsys, "vet", str(file), "--by", "CTPAT", "--on", "2026-01-15")
        if kind == "merged":
            # Both rows read as suspended: one certificate, stated twice alike.
            assert code != 0
            assert "0 passed, 1 failed" in out
            assert "suspended" in out
        elif kind == "contradicting":
            # The rows are read, the certificate is not: its holder is unverified,
            # the contradiction its reason, and the exit code says rows were not read.
            assert code == 4
            assert "Traceback" not in err
            assert "lines 2 and 3 state one certificate" in err
            assert "0 passed, 0 failed, 1 unverified" in out
            assert "unreadable" in out or "not read" in out
        else:
            assert code == 2
            assert "Traceback" not in err
            assert err.startswith("ctpat: error: list.xlsx")
            assert out == ""
