"""Reading partner lists: rows per second for CSV and .xlsx, against the readers' own speed.

Run ``python benchmarks/intake.py [--rows N] [--repeat R]``. It writes a synthetic
supplier sheet of N rows (the shape of ``examples/suppliers.csv``: headers of
its own, programs as aliases, a status column, one certification per row) to a
temporary directory as CSV and as .xlsx, then times, best of R:

- ``csv.reader`` alone over the text (the floor for CSV),
- :func:`ctpat.io.read` of the CSV file (decode, plan, build, validate),
- openpyxl's own read-only iteration of the workbook (``values_only=True``),
- :func:`ctpat.io.read` of the workbook,

and prints a table of rows/s and the ratio of ctpat's time to the raw reader's,
then two floors under any reader of these rows: the same records built again
by their constructors alone (nothing read or parsed, the collector paused as
the reader pauses it), and by :func:`ctpat.from_dict` from plain dicts.
Times are process CPU time (``time.process_time``), which a shared machine
disturbs less than wall-clock time; both readers are timed the same way.
Targets (issue 14): CSV >= 100,000 rows/s; .xlsx within 3x of openpyxl's
iteration.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import gc
import io
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import ctpat
from ctpat.io import SheetMapping, read

HEADER = ["Supplier ID", "Supplier Name", "Country", "Certification Program", "Cert Number",
          "Certified Since", "Status"]  # fmt: skip
PROGRAMS = [("C-TPAT", "US"), ("EU AEO (AEOS)", "DE"), ("PIP", "CA"), ("AEO Korea AAA", "KR"),
            ("UK AEO AEOF", "GB"), ("OEA Mexico", "MX"), ("None", "IE")]  # fmt: skip
STATUSES = ["Certified", "Certified", "Certified", "Active", "Suspended", "Expired", ""]


def rows(n: int) -> list[list[str]]:
    out = []
    for i in range(n):
        program, country = PROGRAMS[i % len(PROGRAMS)]
        none = program == "None"
        status = "" if none else STATUSES[i % len(STATUSES)]
        since = "" if none else f"{2010 + i % 15}-{1 + i % 12:02d}-{1 + i % 28:02d}"
        out.append([f"S{i:06d}", f"Supplier {i} Ltd", country, program,
                    "" if none else f"REF{i:07d}", since, status])  # fmt: skip
    return out


def best(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return min(times)


def rebuild(data: ctpat.PartnerData) -> ctpat.PartnerData:
    """The same records built again through their constructors (the rows here have
    no roles or identifiers, and equal histories share their events, as in the reader)."""
    was = gc.isenabled()
    gc.disable()
    try:
        people = []
        for p in data.participants:
            assert p.origin is not None
            origin = ctpat.Origin(p.origin.file, p.origin.line)
            people.append(ctpat.Participant(p.id, p.name, p.country, origin=origin))
        certs = []
        for c in data.certifications:
            assert c.origin is not None
            origin = ctpat.Origin(c.origin.file, c.origin.line, c.origin.status_stated)
            certs.append(
                ctpat.Certification(
                    c.program,
                    c.holder,
                    c.events,
                    reference=c.reference,
                    role=c.role,
                    origin=origin,
                )
            )
        return ctpat.PartnerData(tuple(people), tuple(certs))
    finally:
        if was:
            gc.enable()


def time_xlsx(
    folder: Path, data: list[list[str]], mapping: SheetMapping, repeat: int
) -> tuple[float, float] | None:
    """openpyxl's own read-only iteration and ctpat.io.read of the same workbook."""
    try:
        import openpyxl
    except ModuleNotFoundError:
        print("openpyxl is not installed: .xlsx skipped (pip install 'ctpat[excel]')")
        return None
    path = folder / "suppliers.xlsx"
    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("Suppliers")
    sheet.append(HEADER)
    for row in data:
        sheet.append(row)
    book.save(path)

    def openpyxl_raw() -> int:
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        count = sum(1 for _ in wb.worksheets[0].iter_rows(values_only=True))
        wb.close()
        return count

    check = read(path, mapping=mapping)
    assert check.ok, check.problems[:3]
    return best(repeat, openpyxl_raw), best(repeat, lambda: read(path, mapping=mapping))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-xlsx", action="store_true", help="time the CSV reading only")
    args = parser.parse_args()
    data = rows(args.rows)
    mapping = SheetMapping(status_as_of=dt.date(2026, 1, 10))
    ctpat.reference()  # the reference data is loaded once, outside the timings
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        csv_path = Path(tmp) / "suppliers.csv"
        with open(csv_path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle, lineterminator="\r\n")
            writer.writerow(HEADER)
            writer.writerows(data)
        text = csv_path.read_text(encoding="utf-8")
        check = read(csv_path, mapping=mapping)
        assert check.ok, check.problems[:3]
        assert check.rows == args.rows
        raw = best(args.repeat, lambda: sum(1 for _ in csv.reader(io.StringIO(text, newline=""))))
        ours = best(args.repeat, lambda: read(csv_path, mapping=mapping))
        results.append(("CSV", raw, ours))
        # The floor under any reader of these rows: building the same validated
        # records from plain dicts through the library's bulk path.
        document = ctpat.to_dict(check.data)
        floor = best(args.repeat, lambda: ctpat.from_dict(document, ctpat.PartnerData))
        built = best(args.repeat, lambda: rebuild(check.data))
        xlsx = None if args.no_xlsx else time_xlsx(Path(tmp), data, mapping, args.repeat)
        if xlsx is not None:
            results.append((".xlsx", *xlsx))
    n = args.rows
    print(f"{n:,} rows, best of {args.repeat}, process CPU time")
    print(f"{'format':<7} {'raw reader rows/s':>18} {'ctpat.io.read rows/s':>21} {'ratio':>6}")
    for name, raw_t, ours_t in results:
        print(f"{name:<7} {n / raw_t:>18,.0f} {n / ours_t:>21,.0f} {ours_t / raw_t:>6.2f}")
    print(
        f"constructor floor: the same records built by their constructors, {n / built:,.0f} rows/s"
    )
    print(f"model floor: ctpat.from_dict of the same records, {n / floor:,.0f} rows/s")


if __name__ == "__main__":
    main()
