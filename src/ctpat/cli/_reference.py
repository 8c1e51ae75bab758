"""``ctpat programs``, ``program``, ``arrangements``, ``recognize`` and ``data``:
questions about the reference data alone (private)."""

from __future__ import annotations

import argparse
import datetime as dt
from typing import Any, TextIO

import ctpat
from ctpat._durations import describe, to_iso
from ctpat.certifications import Certification
from ctpat.cli import _records
from ctpat.cli._exit import ExitCode
from ctpat.cli._options import (
    date,
    examples,
    format_option,
    on_option,
    program_code,
    role,
)
from ctpat.cli._output import emit, explanation, say, table
from ctpat.errors import DataError
from ctpat.programs import FACTS, Program
from ctpat.sources import Source

__all__ = ["register"]

_TERMS = ("validate_within", "revalidate_every", "review_every", "review_window", "expires_after")


def register(command: Any) -> None:
    """Add the subcommands of this module through ``command(name, epilog)``."""
    p = command(
        "programs",
        examples("ctpat programs", "ctpat programs --format csv > programs.csv"),
    )
    format_option(p)
    p.set_defaults(run=_programs)

    p = command(
        "program",
        examples("ctpat program CTPAT", "ctpat program KR-AEO --format json"),
    )
    p.add_argument("code", help="the program's code (e.g. EU-AEO) or its name (e.g. C-TPAT)")
    format_option(p)
    p.set_defaults(run=_program)

    p = command(
        "arrangements",
        examples(
            "ctpat arrangements --program EU-AEO",
            "ctpat arrangements --on 2026-01-15 --format jsonl",
        ),
    )
    p.add_argument(
        "--program", metavar="CODE", help="only arrangements to which this program is a party"
    )
    format_option(p)
    on_option(p)
    p.set_defaults(run=_arrangements)

    p = command(
        "recognize",
        examples(
            "ctpat recognize --by CTPAT --program EU-AEO --level AEOS",
            "ctpat recognize --by CTPAT --program 'EU AEO (AEOF)' --reference GBAEOF0012 --certified-on 2019-01-01",
            "ctpat recognize --by CTPAT --program KR-AEO --certified-on 2021-06-01 --format json",
        ),
    )
    p.add_argument("--by", required=True, metavar="PROGRAM", help="the program asked (e.g. CTPAT)")
    p.add_argument(
        "--program", required=True, help="the certification's program (e.g. EU-AEO, or C-TPAT)"
    )
    p.add_argument("--level", help="the certification's level (e.g. AEOS; default: none)")
    p.add_argument("--role", type=role, help="the role the holder acts in (e.g. exporter)")
    p.add_argument(
        "--certified-on",
        type=date,
        metavar="DATE",
        help="when the certification was granted, YYYY-MM-DD (default: --on)",
    )
    p.add_argument(
        "--holder",
        default="the holder",
        help="the holder's name, as the answer mentions it",
    )
    p.add_argument(
        "--reference",
        metavar="NUMBER",
        help="the certificate or authorisation number (its issuing country matters for EU AEO)",
    )
    format_option(p)
    on_option(p)
    p.set_defaults(run=_recognize)

    p = command(
        "data",
        examples("ctpat data", "ctpat data --format json"),
    )
    format_option(p)
    p.set_defaults(run=_data)


def _source(source: Source) -> dict[str, Any]:
    return {
        "title": source.title,
        "url": source.url,
        "confidence": source.confidence.value,
        "retrieved_on": source.retrieved_on.isoformat(),
    }


def _programs(args: argparse.Namespace, out: TextIO) -> int:
    registry = ctpat.reference()
    records = [
        {
            "code": p.code,
            "territory": p.territory,
            "levels": [level.code for level in p.levels],
            "roles": sorted(r.value for r in p.roles),
            "confidence": p.source.confidence.value,
            "name": p.name,
            "data_version": registry.data_version,
        }
        for p in sorted(registry.programs.values(), key=lambda p: p.code)
    ]
    columns = ("code", "territory", "levels", "confidence", "name")

    def show() -> None:

        rows = [
            (
                str(r["code"]),
                str(r["territory"]),
                ",".join(r["levels"]) or "-",
                str(r["confidence"]),
                str(r["name"]),
            )
            for r in records
        ]
        table(out, ("code", "territory", "levels", "source", "name"), rows)
        print(f"\n{len(rows)} programs; reference data {registry.data_version}", file=out)

    envelope = {"command": "programs", "data_version": registry.data_version}
    emit(out, args.format, records, envelope=envelope, columns=columns, show=show)
    return ExitCode.OK


def _program_record(p: Program) -> dict[str, Any]:
    registry = ctpat.reference()
    terms = {}
    for name in _TERMS:
        value = getattr(p.policy, name)
        if value is not None:
            terms[name] = {"text": describe(value), "iso": to_iso(value)}
    # A program whose code extends another's is one of its halves (CTPAT-TC of CTPAT).
    parent = p.code.rsplit("-", 1)[0] if "-" in p.code else None
    return {
        "code": p.code,
        "name": p.name,
        "administration": p.administration,
        "territory": p.territory,
        "levels": [{"code": lv.code, "name": lv.name} for lv in p.levels],
        "roles": sorted(r.value for r in p.roles),
        "terms": terms,
        "benefits": [b.description for b in p.benefits],
        "source": _source(p.source),
        "fact_sources": {
            fact: _source(own)
            for fact in FACTS
            if (own := getattr(p, f"{fact}_source")) is not None
        },
        "caveats": list(p.caveats()),
        "part_of": parent if parent is not None and parent in registry.programs else None,
        "includes": sorted(c for c in registry.programs if c.startswith(f"{p.code}-")),
        "note": p.note or None,
        "arrangements": [a.id for a in registry.arrangements_of(p.code)],
        "data_version": registry.data_version,
    }


def _program(args: argparse.Namespace, out: TextIO) -> int:
    registry = ctpat.reference()
    code, _ = program_code(args.code, "code")
    record = _program_record(registry.program(code))

    def show() -> None:
        def cite(source: dict[str, Any]) -> str:
            return (
                f"{source['title']} <{source['url']}> ({source['confidence']}, "
                f"retrieved {source['retrieved_on']})"
            )

        r = record
        lines = [
            f"{r['code']}: {r['name']}",
            f"administration: {r['administration']}",
            f"territory: {r['territory']}",
            "levels: "
            + (", ".join(f"{lv['code']} ({lv['name']})" for lv in r["levels"]) or "none"),
            "roles: " + (", ".join(r["roles"]) or "none"),
        ]
        lines.extend(
            f"{name.replace('_', ' ')}: {term['text']}" for name, term in r["terms"].items()
        )
        lines.extend(f"benefit: {b}" for b in r["benefits"])
        lines.append(f"source: {cite(r['source'])}")
        lines.extend(f"{fact} source: {cite(s)}" for fact, s in r["fact_sources"].items())
        lines.extend(f"caveat: {c}" for c in r["caveats"])
        if r["part_of"]:
            lines.append(f"part of: {r['part_of']} ({registry.programs[r['part_of']].name})")
        lines.extend(f"includes: {c} ({registry.programs[c].name})" for c in r["includes"])
        if r["note"]:
            lines.append(f"note: {r['note']}")
        lines.append(f"arrangements: {', '.join(r['arrangements']) or 'none'}")
        print("\n".join(lines), file=out)

    columns = (
        "code",
        "name",
        "administration",
        "territory",
        "roles",
        "arrangements",
        "data_version",
    )
    envelope = {"command": "program", "data_version": registry.data_version}
    emit(out, args.format, [record], envelope=envelope, columns=columns, show=show)
    return ExitCode.OK


def _arrangements(args: argparse.Namespace, out: TextIO) -> int:
    registry = ctpat.reference()
    if args.program:
        code, _ = program_code(args.program, "--program")
        found = registry.arrangements_of(code)
    else:
        found = registry.arrangements

    def day(value: dt.date | None) -> str | None:
        return value.isoformat() if value is not None else None

    # A date not known to the day is its earliest day and its latest; "in
    # doubt" is a day inside such a span for one of the directions.
    records = [
        {
            "id": a.id,
            "parties": list(a.parties),
            "signed_on": a.signed_on.isoformat(),
            "signed_on_latest": day(a.signed_on_latest),
            "operational_on": day(a.operational_on),
            "operational_on_latest": day(a.operational_on_latest),
            "ended_on": day(a.ended_on),
            "ended_on_latest": day(a.ended_on_latest),
            "in_force": a.in_force_on(args.on),
            "in_doubt": any(a.doubt(r, args.on) is not None for r in a.recognitions),
            "on": args.on.isoformat(),
            "confidence": a.source.confidence.value,
            "data_version": registry.data_version,
            "_spans": (a.signed_span, a.operational_span, a.ended_span),
        }
        for a in found
    ]
    spans = [r.pop("_spans") for r in records]
    columns = (
        "id",
        "parties",
        "signed_on",
        "operational_on",
        "ended_on",
        "in_force",
        "confidence",
    )

    def show() -> None:

        rows = [
            (
                r["id"],
                " / ".join(r["parties"]),
                str(signed),
                str(operational) if operational is not None else "-",
                str(ended) if ended is not None else "-",
                "yes" if r["in_force"] else "unverified" if r["in_doubt"] else "no",
                r["confidence"],
            )
            for r, (signed, operational, ended) in zip(records, spans, strict=True)
        ]
        header = (
            "id",
            "parties",
            "signed",
            "operational",
            "ended",
            f"in force {args.on}",
            "source",
        )
        table(out, header, rows)
        print(f"\n{len(rows)} arrangements; reference data {registry.data_version}", file=out)

    envelope = {
        "command": "arrangements",
        "on": args.on.isoformat(),
        "data_version": registry.data_version,
    }
    emit(out, args.format, records, envelope=envelope, columns=columns, show=show)
    return ExitCode.OK


def _recognize(args: argparse.Namespace, out: TextIO) -> int:
    registry = ctpat.reference()
    by, _ = program_code(args.by)
    code, level = program_code(args.program, "--program")
    level = args.level if args.level is not None else level
    program = registry.program(code)
    registry.program(by)
    if level is not None and level not in program.level_codes:
        # A level the program does not have is bad input, not a refusal.
        levels = ", ".join(sorted(program.level_codes)) or "none"
        raise DataError.at(
            "--level", level, f"is not a level of {program.code} (its levels: {levels})"
        )
    try:
        cert = Certification.grant(
            code,
            args.holder,
            on=args.certified_on or args.on,
            level=level,
            role=args.role,
            reference=args.reference,
        )
    except DataError as err:
        # The certification's fields came from options: name them as typed.
        raise DataError.at(
            f"--{err.problems[0].path}", err.problems[0].value, err.problems[0].message
        ) from None
    verdict = registry.recognizes(by, cert, on=args.on, role=args.role)
    record = _records.verdict(verdict)

    def show() -> None:
        say(out, explanation(verdict.explain(), [r.message for r in verdict.reasons]))

    columns = ("outcome", "by", "on", "arrangement", "deciding", "reasons", "data_version")
    envelope = {
        "command": "recognize",
        "by": by,
        "program": code,
        "level": level,
        "on": args.on.isoformat(),
        "data_version": verdict.data_version,
    }
    emit(out, args.format, [record], envelope=envelope, columns=columns, show=show)
    return ExitCode.OK if verdict else ExitCode.REFUSED


def _data(args: argparse.Namespace, out: TextIO) -> int:
    from ctpat.provenance import (
        audit_reference,  # a subcommand loads what it uses: `ctpat --version` and the others stay quick
    )

    report = audit_reference()
    records = [
        {
            "record": s.record,
            "field": s.field,
            "retrieved_on": s.retrieved_on.isoformat(),
            "url": s.url,
        }
        for s in report.stale
    ]
    envelope = {
        "command": "data",
        "as_of": report.as_of.isoformat(),
        "programs": report.programs,
        "arrangements": report.arrangements,
        "official": report.official,
        "secondary": report.secondary,
        "uncertain": report.uncertain,
        "facts_assumed": report.facts_assumed,
        "facts_secondary": report.facts_secondary,
        "facts_uncertain": report.facts_uncertain,
        "caveats": report.caveats,
        "dates": {precision.value: count for precision, count in report.dates},
        "check_dates": [day.isoformat() for day in report.check_dates],
        "in_doubt": report.in_doubt,
        "answers": report.answers,
    }

    def show() -> None:
        print(report.format(), file=out)

    emit(
        out,
        args.format,
        records,
        envelope=envelope,
        columns=("record", "field", "retrieved_on", "url"),
        show=show,
    )
    return ExitCode.OK
