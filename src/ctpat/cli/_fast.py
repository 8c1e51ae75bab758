"""``ctpat fast``: may this truck use the FAST lane? (private)"""

from __future__ import annotations

import argparse
from typing import Any, TextIO

from ctpat import fast
from ctpat.cli import _records
from ctpat.cli._exit import ExitCode
from ctpat.cli._options import columns, examples, format_option, on_option, partner_file
from ctpat.cli._output import emit, explanation, say
from ctpat.cli._partners import load

__all__ = ["register"]

COLUMNS = ("outcome", "by", "on", "into", "border", "deciding", "reasons", "data_version")


def register(command: Any) -> None:
    """Add ``fast`` through ``command(name, epilog)``."""
    p = command(
        "fast",
        columns()
        + examples(
            "ctpat fast crossing.csv --into US --importer acme --carrier maple --driver d-17",
            "ctpat fast crossing.csv --into US --border southern --importer acme --carrier maple"
            " --driver d-17 --manufacturer mty --sealed --format json",
        ),
    )
    partner_file(p, "partner file with the parties' certifications (- reads standard input)")
    p.add_argument("--into", required=True, choices=("US", "CA"), help="the country entered")
    p.add_argument(
        "--border", choices=("northern", "southern"), default="northern", help="the border crossed"
    )
    p.add_argument("--importer", required=True, metavar="ID", help="the importer's id in the file")
    p.add_argument("--carrier", required=True, metavar="ID", help="the highway carrier's id")
    p.add_argument("--driver", required=True, metavar="ID", help="the driver's id")
    p.add_argument(
        "--manufacturer",
        metavar="ID",
        help="the manufacturer's id (southern border; default: none)",
    )
    p.add_argument(
        "--sealed", action="store_true", help="a manufacturer-applied high-security seal"
    )
    format_option(p)
    on_option(p)
    p.set_defaults(run=_fast)


def _fast(args: argparse.Namespace, out: TextIO) -> int:
    registry = load(args, out, what="check for the FAST lane")
    if registry is None:
        return ExitCode.OK
    verdict = fast.lane_eligibility(
        registry,
        into=args.into,
        border=args.border,
        importer=args.importer,
        carrier=args.carrier,
        driver=args.driver,
        manufacturer=args.manufacturer,
        sealed=args.sealed,
        on=args.on,
    )
    record = {**_records.verdict(verdict), "into": args.into, "border": args.border}

    def show() -> None:
        say(out, explanation(verdict.explain(), [r.message for r in verdict.reasons]))

    envelope = {
        "command": "fast",
        "into": args.into,
        "border": args.border,
        "parties": {
            "importer": args.importer,
            "carrier": args.carrier,
            "driver": args.driver,
            "manufacturer": args.manufacturer,
        },
        "sealed": args.sealed,
        "on": args.on.isoformat(),
        "data_version": verdict.data_version,
    }
    emit(out, args.format, [record], envelope=envelope, columns=COLUMNS, show=show)
    return ExitCode.OK if verdict else ExitCode.REFUSED
