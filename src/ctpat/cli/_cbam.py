"""``ctpat cbam``: is authorised CBAM declarant status required in a year? (private)

The imports file is read by :func:`ctpat.io.read_rows`, as partner lists are
(encodings, delimiters, ``.xlsx``, standard input), and every bad row is
reported at once.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import sys
from decimal import Decimal
from typing import Any, TextIO

from ctpat import cbam
from ctpat._dates import iso_or_none
from ctpat.cli import _records
from ctpat.cli._exit import ExitCode, NothingToCheck
from ctpat.cli._options import examples, format_option
from ctpat.cli._output import emit, explanation, say
from ctpat.errors import DataError, Problem
from ctpat.io import ReadProblem, read_rows

__all__ = ["register"]

#: The imports file's columns.
EXPECTED = ("on", "cn_code", "net_mass_kg")
COLUMNS = ("line", "on", "cn_code", "net_mass_kg", "category", "counted", "year", "data_version")
# Plain decimal notation only ("1e3", "1,000" and "1_000" are refused), with the
# unit the column names, written out, where a cell states one.
_MASS = re.compile(r"(\d+(?:\.\d+)?)(?:\s*kg)?", re.ASCII | re.IGNORECASE)


def register(command: Any) -> None:
    """Add ``cbam`` through ``command(name, epilog)``."""
    p = command(
        "cbam",
        examples(
            "ctpat cbam imports.csv --year 2026",
            "ctpat cbam imports.xlsx --year 2026 --format json",
        ),
    )
    p.add_argument(
        "file",
        help="CSV or .xlsx of imports with the columns on (YYYY-MM-DD), cn_code and"
        " net_mass_kg (plain decimals, e.g. 18000 or 8000.5); - reads standard input",
    )
    p.add_argument("--year", type=int, required=True, help="the calendar year assessed")
    p.add_argument(
        "--indirect-representative",
        action="store_true",
        help="you import as an indirect customs representative (status always required)",
    )
    p.add_argument("--encoding", help="the file's text encoding, e.g. cp1252 (default: UTF-8)")
    p.add_argument("--delimiter", help="the CSV delimiter (default: detected from the header)")
    format_option(p)
    p.set_defaults(run=_cbam)


def read_imports(args: argparse.Namespace) -> list[tuple[int, cbam.CbamImport]]:
    """The imports of the file with their lines; a DataError listing every bad row."""
    if args.file == "-":
        rows = read_rows(
            sys.stdin.buffer, encoding=args.encoding, delimiter=args.delimiter, name="(stdin)"
        )
    else:
        rows = read_rows(args.file, encoding=args.encoding, delimiter=args.delimiter)
    rows.raise_problems()
    file = rows.file
    if not rows.header:
        raise NothingToCheck(
            f"{file or 'standard input'}: no imports to assess (the file is empty)"
        )
    header = tuple(h.strip().lower() for h in rows.header)
    if header != EXPECTED:
        raise DataError(
            [
                ReadProblem.at(
                    file,
                    1,
                    None,
                    list(rows.header),
                    f"expected the columns {', '.join(EXPECTED)}",
                )
            ]
        )
    problems: list[Problem] = []
    imports: list[tuple[int, cbam.CbamImport]] = []
    for line, cells in rows.rows:
        if len(cells) != len(EXPECTED):
            problems.append(
                ReadProblem.at(file, line, None, list(cells), f"expected {len(EXPECTED)} cells")
            )
            continue
        on_text, code, mass_text = (c.strip() for c in cells)
        bad = len(problems)
        day = iso_or_none(on_text)
        if day is None:
            problems.append(
                ReadProblem.at(file, line, "on", on_text, "not a date", accepted="YYYY-MM-DD")
            )
        match = _MASS.fullmatch(mass_text)
        if match is None:
            problems.append(
                ReadProblem.at(
                    file,
                    line,
                    "net_mass_kg",
                    mass_text,
                    "not a mass in kg",
                    accepted="plain decimals such as 18000 or 8000.5 (optionally followed by kg)",
                )
            )
        if len(problems) > bad or day is None or match is None:
            continue
        try:
            imports.append((line, cbam.CbamImport(day, code, Decimal(match.group(1)))))
        except DataError as err:
            problems.extend(
                ReadProblem.at(file, line, p.path or None, p.value, p.message)
                for p in err.problems
            )
    if problems:
        raise DataError(problems)
    if not imports:
        name = file or "standard input"
        raise NothingToCheck(f"{name}: no imports to assess (the file holds only its header)")
    return imports


def _cbam(args: argparse.Namespace, out: TextIO) -> int:
    lines = read_imports(args)
    imports = [imp for _, imp in lines]
    assessment = cbam.assess(
        imports, year=args.year, indirect_representative=args.indirect_representative
    )
    skipped = set(map(id, assessment.not_counted)) | set(map(id, assessment.other_years))
    data_version = assessment.data_version
    records = [
        {
            "line": line,
            "on": imp.on.isoformat(),
            "cn_code": imp.cn_code,
            "net_mass_kg": str(imp.net_mass_kg),
            "category": imp.category.value if imp.category is not None else None,
            "counted": id(imp) not in skipped,
            "year": args.year,
            "data_version": data_version,
        }
        for line, imp in lines
    ]
    reasons = [_records.reason(r) for r in assessment.reasons]

    def show() -> None:
        say(out, explanation(assessment.explain(), [r.message for r in assessment.reasons]))

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value is not None else None

    envelope = {
        "command": "cbam",
        "file": os.path.basename(args.file) if args.file != "-" else None,
        "year": args.year,
        "indirect_representative": args.indirect_representative,
        "required": assessment.required,
        "total_net_mass_kg": str(assessment.total_net_mass_kg),
        "threshold_kg": str(assessment.threshold_kg),
        "threshold_crossed_on": day(assessment.threshold_crossed_on),
        "always_required_on": day(assessment.always_required_on),
        "declaration_due_on": day(assessment.declaration_due_on),
        "deciding": reasons[0] if reasons else None,
        "reasons": reasons,
        "data_version": data_version,
    }
    emit(out, args.format, records, envelope=envelope, columns=COLUMNS, show=show)
    return ExitCode.OK
