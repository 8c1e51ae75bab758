"""``ctpat criteria`` and ``ctpat assess``: security criteria, gaps and readiness (private).

``criteria`` lists the requirements of a program's criteria that apply to a
role or level; ``assess`` reads a self-assessment sheet (one row per
requirement, through :func:`ctpat.io.read_assessment`) and prints its gaps,
whether it is ready for the program's validation or review on a date, and the
corrective actions overdue. Exit codes: 0 ready, 1 not ready, 2 bad input,
3 a sheet with no answers.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any, TextIO

import ctpat
from ctpat.cli import _records
from ctpat.cli._exit import ExitCode, NothingToCheck
from ctpat.cli._options import examples, format_option, on_option, program_code, role
from ctpat.cli._output import emit, table
from ctpat.cli._report import report_extra, report_option, write_page
from ctpat.errors import CtpatError

__all__ = ["register"]

CRITERIA_COLUMNS = (
    "requirement_set", "id", "category", "category_name", "area", "obligation", "elements",
    "recurrence", "retention", "summary", "source", "data_version",
)  # fmt: skip


def register(command: Any) -> None:
    """Add ``criteria`` and ``assess`` through ``command(name, epilog)``."""
    p = command(
        "criteria",
        examples(
            "ctpat criteria --program CTPAT --role importer",
            "ctpat criteria --program EU-AEO --level AEOS --format json",
        ),
    )
    p.add_argument(
        "--program", required=True, help="the program's code or name, e.g. CTPAT, EU-AEO"
    )
    p.add_argument("--role", type=role, help="the entity type, e.g. importer, highway-carrier")
    p.add_argument("--level", help="the level or authorisation type, e.g. AEOS")
    format_option(p)
    p.set_defaults(run=_criteria)

    p = command(
        "assess",
        examples(
            "ctpat assess self-assessment.csv --program CTPAT --role importer --on 2026-03-01",
            "ctpat assess audit.xlsx --program CTPAT --role importer --book compliance.json --format json",
            "ctpat assess self.csv --program CTPAT --role importer --report gaps.html",
        )
        + "\n\nexit codes: 0 ready, 1 not ready, 2 bad input, 3 no answers in the sheet",
    )
    p.add_argument(
        "file",
        help="CSV or .xlsx with one row per requirement: requirement ID, status (met, not met,"
        " not applicable with a note, not assessed), evidence references, date checked"
        " (YYYY-MM-DD), note; - reads standard input",
    )
    p.add_argument("--program", required=True, help="the program's code or name, e.g. CTPAT")
    p.add_argument("--role", type=role, help="the entity type assessed, e.g. importer")
    p.add_argument("--level", help="the level or authorisation type, e.g. AEOS")
    p.add_argument("--subject", default="self", help="whose assessment it is (default: self)")
    p.add_argument(
        "--book",
        type=Path,
        metavar="JSON",
        help="a ComplianceBook JSON file: earlier assessments, findings and corrective actions",
    )
    p.add_argument("--encoding", help="the file's text encoding, e.g. cp1252 (default: UTF-8)")
    p.add_argument("--delimiter", help="the CSV delimiter (default: detected from the header)")
    on_option(p)
    format_option(p)
    report_option(p, "also write the gap report (by category, musts first) as an HTML page")
    p.set_defaults(run=_assess)


def _program(text: str) -> str:
    code, _ = program_code(text, "--program")
    return code


def _criteria(args: argparse.Namespace, out: TextIO) -> int:
    registry = ctpat.reference()
    program = _program(args.program)
    criteria = registry.criteria
    found = criteria.current(program)
    records: list[dict[str, Any]] = []
    for r in found.applicable(role=args.role, level=args.level):
        category = found.category(r.category)
        records.append(
            {
                "requirement_set": found.code,
                "id": r.id,
                "category": r.category,
                "category_name": category.name,
                "area": category.area,
                "obligation": r.obligation.value,
                "elements": [f"{e.label} ({e.obligation.value})" for e in r.elements],
                "recurrence": ctpat.serialization.duration_to_iso(r.recurrence)
                if r.recurrence
                else None,
                "retention": ctpat.serialization.duration_to_iso(r.retention)
                if r.retention
                else None,
                "summary": r.summary,
                "source": r.source.url,
                "data_version": criteria.data_version,
            }
        )

    def show() -> None:
        print(f"{found.title} ({found.code}): {len(records)} requirements", file=out)
        table(
            out,
            ("id", "obligation", "category", "recurs", "summary"),
            [
                [r["id"], r["obligation"], r["category_name"], r["recurrence"] or "", r["summary"]]
                for r in records
            ],
        )

    envelope = {
        "command": "criteria",
        "program": program,
        "requirement_set": found.code,
        "role": args.role.value if args.role else None,
        "level": args.level,
        "count": len(records),
        "data_version": criteria.data_version,
    }
    emit(out, args.format, records, envelope=envelope, columns=CRITERIA_COLUMNS, show=show)
    return ExitCode.OK


def read_book(path: Path | None) -> ctpat.assessments.ComplianceBook:
    """The ComplianceBook JSON file of ``--book`` (empty without one)."""
    if path is None:
        return ctpat.assessments.ComplianceBook()
    try:
        text = path.read_bytes()
    except OSError as err:
        raise CtpatError(f"{path}: cannot read the file: {err.strerror}") from None
    try:
        return ctpat.from_json(text, ctpat.assessments.ComplianceBook)
    except ctpat.DataError as err:
        raise err.prefixed(os.path.basename(path)) from None


def _assess(args: argparse.Namespace, out: TextIO) -> int:
    from ctpat.io import (  # a subcommand loads what it uses: `ctpat --version` and the others stay quick
        gap_records,
        read_assessment,
    )

    registry = ctpat.reference()
    program = _program(args.program)
    criteria = registry.criteria
    found = criteria.current(program)
    book = read_book(args.book)
    source = sys.stdin.buffer if args.file == "-" else args.file
    intake = read_assessment(
        source,
        subject=args.subject,
        requirement_set=found.code,
        on=args.on,
        role=args.role,
        level=args.level,
        criteria=criteria,
        encoding=args.encoding,
        delimiter=args.delimiter,
        name="(stdin)" if args.file == "-" else None,
    )
    intake.raise_problems()
    assessment = intake.assessment
    assert assessment is not None  # no problems: read
    if not assessment.answers:
        raise NothingToCheck(f"{intake.file or 'standard input'}: no answers to assess")
    book = book.extend([assessment])
    kwargs = {"program": program, "on": args.on, "role": args.role, "level": args.level}
    report = registry.gaps(book, args.subject, **kwargs)
    ready = registry.readiness(book, args.subject, **kwargs)
    from ctpat.readiness import (
        overdue_actions,  # a subcommand loads what it uses: `ctpat --version` and the others stay quick
    )

    overdue = overdue_actions(book, on=args.on, subject=args.subject)
    records = gap_records(report)
    reasons = [_records.reason(r) for r in ready.reasons]

    def show() -> None:
        print(ready.explain(), file=out)
        if records:
            print(file=out)
            table(
                out,
                ("requirement", "obligation", "code", "message"),
                [
                    [str(r[c] or "") for c in ("requirement", "obligation", "code", "message")]
                    for r in records
                ],
            )
        if report.not_applicable:
            print("\nNot applicable:", file=out)
            for key, note in report.not_applicable:
                print(f"- {key}: {note}", file=out)

    envelope = {
        "command": "assess",
        "file": os.path.basename(args.file) if args.file != "-" else None,
        "subject": args.subject,
        "program": program,
        "requirement_set": found.code,
        "role": args.role.value if args.role else None,
        "level": args.level,
        "on": args.on.isoformat(),
        "ready": ready.ok,
        "deciding": reasons[0],
        "reasons": reasons,
        "applicable": report.applicable,
        "not_applicable": [{"requirement": k, "note": n} for k, n in report.not_applicable],
        "overdue_actions": [
            _records.deadline(d, on=args.on, data_version=criteria.data_version) for d in overdue
        ],
        "data_version": criteria.data_version,
    }
    from ctpat.io import (
        GAP_COLUMNS,  # a subcommand loads what it uses: `ctpat --version` and the others stay quick
    )

    code = ExitCode.OK if ready.ok else ExitCode.REFUSED
    if args.report is not None:
        with report_extra():
            from ctpat.report import InputFile, gaps_html

        source = (
            None
            if args.file == "-"
            else InputFile.of(Path(args.file), rows=len(assessment.answers))
        )
        page = gaps_html(report, readiness=ready, overdue=overdue, source=source)
        if str(args.report) == "-":
            out.write(page)
            return code
        write_page(args.report, page)
    emit(out, args.format, records, envelope=envelope, columns=GAP_COLUMNS, show=show)
    return code
