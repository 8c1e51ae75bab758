"""No false "passed", whatever comes in (issue 23).

A certificate stated suspended, revoked, expired, withdrawn, rejected or
pending anywhere in the input never passes. Generated partner lists state one
certificate per partner on one or more rows (repeated, reordered, spelled as
people spell statuses) and are written as CSV (any delimiter), as ``.xlsx``
(formulas with and without a saved value, merged ranges, error cells, real
date cells) and as JSON partner files. Each is read both ways the library
offers: strictly (``Intake.partners()``: a file with a problem is refused, as
``ctpat vet --strict`` refuses it) and as the command line vets by default
(``Intake.vet(unreadable="unverified")``: what reads is vetted, the partners of
rows that do not are unverified). Either way no partner with such a statement
may pass.

CI runs a modest number of examples per file kind (the hypothesis profile's).
``CTPAT_NO_FALSE_PASS_N`` sets the number of sheets per kind for a long run:

    CTPAT_NO_FALSE_PASS_N=7000 pytest -q tests/test_no_false_pass.py -p no:randomly -s

prints, per kind, how many sheets were generated, how many were read without a
problem, and how many were vetted with their unread rows carried.
"""

from __future__ import annotations

import collections
import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ctpat
from ctpat.errors import DataError
from ctpat.io import Intake, SheetMapping, read
from ctpat.vetting import Outcome

D = dt.date
AS_OF = D(2026, 1, 10)
ON = D(2026, 1, 15)
MAPPING = SheetMapping(status_as_of=AS_OF)
HEADER = ["Supplier Name", "Country", "Certification Program", "Cert Number",
          "Certified Since", "Status", "Status Date"]  # fmt: skip
STATUS = HEADER.index("Status")

#: Statuses that must never pass, as sheets spell them.
UNFAVOURABLE = {
    "suspended": ["Suspended", "SUSPENDED", " suspended "],
    "revoked": ["Revoked", "revoked"],
    "expired": ["Expired", "Lapsed"],
    "withdrawn": ["Withdrawn"],
    "rejected": ["Rejected", "Denied", "Declined"],
    "pending": ["Pending", "Applied", "Application pending", "In progress"],
}
FAVOURABLE = ["Certified", "Active", "Valid", "In force", ""]
PROGRAMS = [("EU AEO (AEOS)", "DE"), ("C-TPAT", "US"), ("AEO Korea AAA", "KR")]
ERRORS = ["#N/A", "#VALUE!", "#REF!", "#DIV/0!", "#NAME?"]

N = int(os.environ.get("CTPAT_NO_FALSE_PASS_N", "0"))
SHEETS = settings(max_examples=N, deadline=None) if N else settings(deadline=None)
SEEN: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)


@attrs.frozen
class Row:
    """One row as the sheet's author means it."""

    partner: int
    status: str  # as written
    status_on: dt.date | None

    @property
    def unfavourable(self) -> bool:
        return any(self.status in spellings for spellings in UNFAVOURABLE.values())

    @property
    def application(self) -> bool:
        return self.status in UNFAVOURABLE["rejected"] + UNFAVOURABLE["pending"]


@attrs.frozen
class Partner:
    name: str
    program: str
    country: str
    number: str
    granted: dt.date


@attrs.frozen
class Sheet:
    partners: tuple[Partner, ...]
    rows: tuple[Row, ...]

    def cells(self, row: Row) -> list[Any]:
        p = self.partners[row.partner]
        return [
            p.name,
            p.country,
            p.program,
            p.number,
            None if row.application else p.granted,
            row.status,
            row.status_on,
        ]

    def never_pass(self) -> set[str]:
        """The ids of the partners whose certificate is stated unfavourable on some row."""
        return {
            "-".join(re.findall(r"[^\W_]+", self.partners[r.partner].name.casefold()))
            for r in self.rows
            if r.unfavourable
        }


@st.composite
def sheets(draw: st.DrawFn) -> Sheet:
    count = draw(st.integers(1, 5))
    partners = []
    for i in range(count):
        program, country = draw(st.sampled_from(PROGRAMS))
        partners.append(
            Partner(
                f"Partner {i} Ltd",
                program,
                country,
                draw(st.sampled_from([f"N-{i}", ""])),
                draw(st.dates(D(2012, 1, 1), D(2024, 12, 31))),
            )
        )
    spellings = [s for group in UNFAVOURABLE.values() for s in group]
    rows = []
    for i, partner in enumerate(partners):
        # Half the partners' rows tell one story (one status, perhaps on several
        # dates); the others' may contradict each other.
        story = draw(st.one_of(st.none(), st.sampled_from(FAVOURABLE + spellings)))
        for _ in range(draw(st.integers(1, 3))):
            status = story if story is not None else draw(st.sampled_from(FAVOURABLE + spellings))
            status_on = draw(st.one_of(st.none(), st.dates(partner.granted, AS_OF)))
            rows.append(Row(i, status, status_on))
    # Rows repeated and in any order.
    rows.extend(draw(st.lists(st.sampled_from(rows), max_size=2)))
    rows = draw(st.permutations(rows))
    return Sheet(tuple(partners), tuple(rows))


def csv_text(sheet: Sheet, delimiter: str, errors: list[tuple[int, int]]) -> bytes:
    lines = [HEADER, *(["" if c is None else str(c) for c in sheet.cells(r)] for r in sheet.rows)]
    for r, c in errors:
        lines[r][c] = ERRORS[(r + c) % len(ERRORS)]
    quoted = [
        [f'"{c}"' if delimiter in c or c != c.strip() else c for c in line] for line in lines
    ]
    return ("\r\n".join(delimiter.join(line) for line in quoted) + "\r\n").encode()


def workbook(sheet: Sheet, how: dict[str, Any]) -> bytes:
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(HEADER)
    for row in sheet.rows:
        ws.append(sheet.cells(row))
    cached: list[str] = []
    for r in range(2, len(sheet.rows) + 2):
        kind = how["status"][(r - 2) % len(how["status"])]
        cell = ws.cell(r, STATUS + 1)
        if kind == "formula" and cell.value:
            cell.value = f'="{cell.value}"'  # saved without its value: a problem
        elif kind == "cached" and cell.value:
            cached.append(cell.coordinate)
    for r, c in how["errors"]:
        ws.cell(r, c + 1).value = ERRORS[(r + c) % len(ERRORS)]
    if how["merge"]:
        # Runs of rows that show one status are merged, as people format them.
        start = 2
        for r in range(3, len(sheet.rows) + 3):
            same = (
                r < len(sheet.rows) + 2
                and ws.cell(r, STATUS + 1).value == ws.cell(start, STATUS + 1).value
            )
            if not same:
                if r - start > 1 and ws.cell(start, STATUS + 1).value:
                    ws.merge_cells(start_row=start, end_row=r - 1, start_column=STATUS + 1,
                                   end_column=STATUS + 1)  # fmt: skip
                start = r
    out = io.BytesIO()
    book.save(out)
    return _cached(out.getvalue(), cached)


def _cached(data: bytes, refs: list[str]) -> bytes:
    """The cells at ``refs`` as a program that calculates saves them: formula and value."""
    if not refs:
        return data
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        parts = {n: source.read(n) for n in source.namelist()}
    xml = parts["xl/worksheets/sheet1.xml"].decode()
    for ref in refs:
        xml = re.sub(
            rf'<c r="({ref})"([^>]*) t="inlineStr"><is><t[^>]*>([^<]*)</t></is></c>',
            lambda m: f'<c r="{m[1]}"{m[2]} t="str"><f>"{m[3]}"</f><v>{m[3]}</v></c>',
            xml,
        )
    parts["xl/worksheets/sheet1.xml"] = xml.encode()
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name, body in parts.items():
            target.writestr(name, body)
    return out.getvalue()


def check(kind: str, sheet: Sheet, intake: Intake) -> None:
    """The property: a refused file is refused whole; a read one never passes such a partner."""
    SEEN[kind]["sheets"] += 1
    if not intake.ok:
        with pytest.raises(DataError):
            intake.partners()
        # Vetting what reads (the command line's default): the partner of a row that
        # did not read is unverified, never passed on what its other rows say.
        if intake.stranded:
            with pytest.raises(DataError):
                intake.vet(by="CTPAT", on=ON, unreadable="unverified")
            return
        carried = intake.vet(by="CTPAT", on=ON, unreadable="unverified")
        passed = {e.participant.id for e in carried.entries if e.outcome is Outcome.PASSED}
        SEEN[kind]["vetted with problems"] += 1
        wrong = passed & sheet.never_pass()
        assert not wrong, f"{sorted(wrong)} passed although stated unfavourable"
        return
    SEEN[kind]["vetted"] += 1
    report = ctpat.reference().with_partners(intake.partners()).vet(by="CTPAT", on=ON)
    passed = {e.participant.id for e in report.entries if e.outcome is Outcome.PASSED}
    SEEN[kind]["passed"] += len(passed)
    wrong = passed & sheet.never_pass()
    assert not wrong, f"{sorted(wrong)} passed although stated unfavourable"


def cells_in(sheet: Sheet) -> st.SearchStrategy[list[tuple[int, int]]]:
    """At most one cell (row number in the sheet, column from 0) to hold an error value."""
    at = st.tuples(st.integers(2, len(sheet.rows) + 1), st.integers(0, len(HEADER) - 1))
    return st.lists(at, max_size=1)


@SHEETS
@given(st.data())
def test_csv_never_passes_an_unfavourable_statement(data: st.DataObject) -> None:
    sheet = data.draw(sheets())
    errors = [(r - 1, c) for r, c in data.draw(cells_in(sheet))]  # lines[0] is the header
    text = csv_text(sheet, data.draw(st.sampled_from(",;\t|")), errors)
    check("csv", sheet, read(io.BytesIO(text), mapping=MAPPING, format="csv", name="g.csv"))


@SHEETS
@given(st.data())
def test_xlsx_never_passes_an_unfavourable_statement(data: st.DataObject) -> None:
    pytest.importorskip("openpyxl")
    sheet = data.draw(sheets())
    how = {
        "status": data.draw(
            st.lists(st.sampled_from(["plain", "plain", "cached", "formula"]), min_size=1)
        ),
        "errors": data.draw(cells_in(sheet)),
        "merge": data.draw(st.booleans()),
    }
    intake = read(io.BytesIO(workbook(sheet, how)), mapping=MAPPING, name="g.xlsx")
    check("xlsx", sheet, intake)


@SHEETS
@given(sheets())
def test_json_never_passes_an_unfavourable_statement(sheet: Sheet) -> None:
    # The partner file a program keeps: what a sheet read without a problem holds.
    first = read(io.BytesIO(csv_text(sheet, ",", [])), mapping=MAPPING, format="csv")
    if not first.ok:
        check("json", sheet, first)
        return
    document = ctpat.to_json(first.data).encode()
    check("json", sheet, read(io.BytesIO(document), format="json", name="g.json"))


@pytest.fixture(scope="module", autouse=True)
def _counts() -> Iterator[None]:
    yield
    if N:
        for kind, seen in sorted(SEEN.items()):
            print(
                f"\n{kind}: {seen['sheets']:,} sheets, {seen['vetted']:,} read without a "
                f"problem and vetted, {seen['vetted with problems']:,} vetted with problems "
                f"(their rows carried unverified), {seen['passed']:,} partners passed"
            )


def test_the_generator_reaches_both_sides() -> None:
    # Not vacuous: sheets that are read and partners that pass, and sheets refused.
    @settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))
    @given(sheets())
    def run(sheet: Sheet) -> None:
        intake = read(io.BytesIO(csv_text(sheet, ",", [])), mapping=MAPPING, format="csv")
        seen["ok" if intake.ok else "refused"] += 1
        if intake.ok:
            report = ctpat.reference().with_partners(intake.data).vet(by="CTPAT", on=ON)
            seen["passed"] += sum(e.outcome is Outcome.PASSED for e in report.entries)
            seen["unfavourable"] += bool(sheet.never_pass())

    seen: collections.Counter[str] = collections.Counter()
    run()
    assert seen["ok"]
    assert seen["refused"]
    assert seen["passed"]
    assert seen["unfavourable"]
