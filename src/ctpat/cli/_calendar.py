"""``ctpat calendar``: the deadlines of a partner file's certifications (private)."""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ctpat import _durations
from ctpat.calendar import horizon
from ctpat.cli import _records
from ctpat.cli._exit import ExitCode
from ctpat.cli._options import columns, examples, format_option, on_option, partner_file, period
from ctpat.cli._output import emit, table
from ctpat.cli._partners import load
from ctpat.cli._report import fingerprint, report_extra, report_option, write_page

__all__ = ["register"]

COLUMNS = (
    "due",
    "deadline",
    "overdue",
    "opens",
    "participant",
    "program",
    "reference",
    "as_of",
    "data_version",
)


def register(command: Any) -> None:
    """Add ``calendar`` through ``command(name, epilog)``."""
    p = command(
        "calendar",
        columns()
        + examples(
            "ctpat calendar partners.csv --within 6m",
            "ctpat calendar partners.csv --audit-every 1y --report deadlines.html",
            "ctpat calendar partners.csv --format jsonl | jq -c 'select(.overdue)'",
        ),
    )
    partner_file(p)
    p.add_argument(
        "--within",
        type=period,
        default="90d",
        metavar="PERIOD",
        help="how far ahead to look: a number and d, w, m or y",
    )
    p.add_argument(
        "--audit-every",
        type=period,
        metavar="PERIOD",
        help="your internal-audit cadence, e.g. 1y (default: none)",
    )
    format_option(p)
    report_option(p, "also write the deadlines as an HTML page")
    on_option(p)
    p.set_defaults(run=_calendar)


def _calendar(args: argparse.Namespace, out: TextIO) -> int:
    registry = load(args, out, what="list deadlines of")
    if registry is None:
        return ExitCode.OK
    deadlines = registry.calendar(on=args.on, within=args.within, audit_every=args.audit_every)
    last = horizon(args.on, args.within)
    records = [
        _records.deadline(d, on=args.on, data_version=registry.data_version) for d in deadlines
    ]
    overdue = sum(1 for d in deadlines if d.overdue)

    def show() -> None:
        rows = [
            (
                r["due"],
                "OVERDUE" if r["overdue"] else "",
                r["deadline"],
                r["participant"] or "",
                r["program"] or "",
                r["reference"] or "",
                f"window opens {r['opens']}" if r["opens"] and not r["overdue"] else "",
            )
            for r in records
        ]
        table(
            out,
            ("due", "", "deadline", "participant", "program", "reference", ""),
            rows,
            tint=lambda _: (None, "red", None, None, None, None, None),
        )
        print(
            f"\n{len(rows)} deadlines due by {last} (as of {args.on}, looking"
            f" {_durations.describe(args.within)} ahead), {overdue} overdue",
            file=out,
        )

    envelope = {
        "command": "calendar",
        "on": args.on.isoformat(),
        "within": _durations.to_iso(args.within),
        "until": last.isoformat(),
        "data_version": registry.data_version,
        "summary": {"deadlines": len(records), "overdue": overdue},
    }
    if args.report is not None:
        with report_extra():
            from ctpat.report import calendar_html

        page = calendar_html(
            deadlines,
            on=args.on,
            within=args.within,
            data_version=registry.data_version,
            source=fingerprint(args.file, registry),
            participants=registry.participants.values(),
        )
        if str(args.report) == "-":
            out.write(page)
            return ExitCode.REFUSED if overdue else ExitCode.OK
        write_page(args.report, page)
    emit(out, args.format, records, envelope=envelope, columns=COLUMNS, show=show)
    return ExitCode.REFUSED if overdue else ExitCode.OK
