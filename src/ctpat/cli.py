"""The ``ctpat`` command line: the reference data, recognition, vetting, calendars.

Every command is a thin layer over the public API. This is the only module that
reads the clock (``--on`` defaults to today) or the terminal. (It holds every
subcommand's parser and printer, hence its length; a package of one module a
subcommand is planned with the command line's output schema.)

Exit codes: 0 success (for ``vet``: every partner passed; for ``recognize`` and
``fast``: accepted; for ``check``: every number confirmed by its official
service); 1 a partner failed or is unverified, or the answer is no;
2 bad input or usage.

>>> main(["recognize", "--by", "CTPAT", "--program", "EU-AEO", "--level", "AEOC", "--on", "2026-01-15"])
Not accepted by CTPAT on 2026-01-15 (reference data ...):
- US-EU: CTPAT accepts EU-AEO only at level AEOF, AEOS; this certification holds AEOC
- EU-AEO certification of (hypothetical holder) is certified since 2026-01-15, at level AEOC
1
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import datetime as dt
import importlib
import io
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, TypeVar

from dateutil.relativedelta import relativedelta

import ctpat
from ctpat import cbam, fast
from ctpat.calendar import horizon
from ctpat.certifications import Certification
from ctpat.enums import Role
from ctpat.errors import CtpatError, DataError
from ctpat.io import SheetMapping
from ctpat.io import read as read_partners
from ctpat.registry import Registry
from ctpat.serialization import duration_to_iso
from ctpat.vetting import VettingEntry, VettingReport

if TYPE_CHECKING:
    from ctpat.evidence import Evidence
    from ctpat.online import OfficialServices
    from ctpat.report import InputFile

__all__ = ["main"]

T = TypeVar("T")

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_PERIOD = re.compile(r"(\d+)([dwmy])", re.ASCII)
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
#: Files with more participants than this get a progress line on a terminal.
PROGRESS_FROM = 2000


def _date(text: str) -> dt.date:
    if _ISO_DATE.fullmatch(text) is None:
        raise argparse.ArgumentTypeError(f"{text!r} is not an ISO date (YYYY-MM-DD)")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a valid date") from None


def _period(text: str) -> relativedelta:
    match = _PERIOD.fullmatch(text.strip().lower())
    if match is None or int(match.group(1)) == 0:
        raise argparse.ArgumentTypeError(f"{text!r} is not a period such as 90d, 6w, 3m or 1y")
    return relativedelta(**{_UNITS[match.group(2)]: int(match.group(1))})  # type: ignore[arg-type]


def _role(text: str) -> Role:
    try:
        return Role(text)
    except ValueError:
        allowed = ", ".join(role.value for role in Role)
        raise argparse.ArgumentTypeError(f"{text!r} is not a role ({allowed})") from None


def _partner_file(
    p: argparse.ArgumentParser,
    help: str = "partner file (.csv, .xlsx, .json), or - for standard input",
) -> None:
    p.add_argument("file", help=help)
    g = p.add_argument_group("reading the partner file (see docs/how-to/partner-lists.md)")
    g.add_argument("--mapping", type=Path, help="a TOML file saying how to read the columns")
    g.add_argument(
        "--column", action="append", default=[], metavar="FIELD=HEADER",
        help="read the column HEADER as FIELD (e.g. name='Supplier Name'); repeatable",
    )  # fmt: skip
    g.add_argument(
        "--ignore", action="append", default=[], metavar="HEADER",
        help="leave the column HEADER unread on purpose; repeatable",
    )  # fmt: skip
    g.add_argument("--date-format", help="layout of non-ISO dates, e.g. %%m/%%d/%%Y")
    g.add_argument(
        "--status-as-of", type=_date, help="the date the status column was stated (YYYY-MM-DD)"
    )
    g.add_argument("--encoding", help="the file's text encoding (default UTF-8)")
    g.add_argument("--delimiter", help="the CSV delimiter (default: detected)")
    g.add_argument("--sheet", help="the Excel worksheet to read (default: the first)")
    g.add_argument(
        "--show-mapping", action="store_true", help="print how each column is read, and stop"
    )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ctpat",
        description="Trade-security certification, mutual recognition and FAST, on a date.",
    )
    parser.add_argument("--version", action="version", version=f"ctpat {ctpat.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def command(name: str, help: str) -> argparse.ArgumentParser:
        return commands.add_parser(name, help=help, description=help)

    def on(p: argparse.ArgumentParser) -> None:
        p.add_argument("--on", type=_date, help="the date asked about (YYYY-MM-DD; default today)")

    command("programs", "List the programs in the reference data.")
    p = command("program", "Show one program, with its sources and arrangements.")
    p.add_argument("code")
    p = command("arrangements", "List mutual recognition arrangements.")
    p.add_argument("--program", help="only arrangements to which this program is a party")
    on(p)
    p = command("recognize", "Does program --by accept a certification of --program?")
    p.add_argument("--by", required=True, help="the program asked (e.g. CTPAT)")
    p.add_argument("--program", required=True, help="the certification's program (e.g. EU-AEO)")
    p.add_argument("--level", help="the certification's level (e.g. AEOS)")
    p.add_argument("--role", type=_role, help="the role the holder acts in (e.g. exporter)")
    p.add_argument("--certified-on", type=_date, help="when it was granted (default: --on)")
    on(p)
    p = command("vet", "Vet a partner file (CSV, Excel or JSON) against a program.")
    _partner_file(p)
    p.add_argument("--by", required=True, help="the program to vet against (e.g. CTPAT)")
    p.add_argument("--role", type=_role, help="the role partners act in")
    p.add_argument("--format", choices=("table", "json", "csv", "html"), default="table")
    _report_option(p, "also write the HTML vetting report (with deadlines due within 90 days)")
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when partners fail (reports only)"
    )
    p.add_argument(
        "--online",
        action="store_true",
        help="confirm EORI and EU AEO claims with the official services (needs ctpat[online])",
    )
    _online_options(p)
    on(p)
    p = command("check", "Ask the official services about EORI or EU AEO numbers.")
    p.add_argument("kind", choices=("eori", "aeo"), help="the kind of number")
    p.add_argument("numbers", nargs="+", help="the numbers; - reads them from standard input")
    p.add_argument("--format", choices=("table", "json"), default="table")
    _online_options(p)
    p = command("calendar", "Deadlines of a partner file's certifications.")
    _partner_file(p)
    p.add_argument("--within", type=_period, default=relativedelta(days=90), help="e.g. 90d, 6m")
    p.add_argument("--audit-every", type=_period, help="your internal-audit cadence, e.g. 1y")
    _report_option(p, "also write the deadlines as an HTML page")
    on(p)
    p = command("fast", "May this truck use the FAST lane?")
    _partner_file(p, "partner file with the parties' certifications")
    p.add_argument("--into", required=True, choices=("US", "CA"))
    p.add_argument("--border", choices=("northern", "southern"), default="northern")
    p.add_argument("--importer", required=True)
    p.add_argument("--carrier", required=True)
    p.add_argument("--driver", required=True)
    p.add_argument("--manufacturer")
    p.add_argument(
        "--sealed", action="store_true", help="a manufacturer-applied high-security seal"
    )
    on(p)
    command("data", "How the reference data is sourced: counts by confidence and stale sources.")
    p = command("cbam", "Is authorised CBAM declarant status required in a year?")
    p.add_argument("file", type=Path, help="CSV of imports: on, cn_code, net_mass_kg")
    p.add_argument("--year", type=int, required=True)
    p.add_argument("--indirect-representative", action="store_true")
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    out = stdout if stdout is not None else sys.stdout
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        # argparse has printed the usage message (or --help, --version) already.
        return stop.code if isinstance(stop.code, int) else 2
    today = dt.date.today()
    if getattr(args, "on", "") is None:
        args.on = today
    handler: Callable[[argparse.Namespace, TextIO], int] = _COMMANDS[args.command]
    try:
        return handler(args, out)
    except BrokenPipeError:
        # The reader went away (``ctpat programs | head``): stop quietly, and
        # point stdout at devnull so the interpreter's final flush cannot fail.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return 1
    except DataError as err:
        for problem in err.problems:
            print(f"ctpat: error: {problem}", file=sys.stderr)
        return 2
    except CtpatError as err:
        print(f"ctpat: error: {err}", file=sys.stderr)
        return 2


def _registry() -> Registry:
    return ctpat.reference()


def _programs(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry()
    rows = [
        (
            p.code,
            p.territory,
            ",".join(level.code for level in p.levels) or "-",
            p.source.confidence.value,
            p.name,
        )
        for p in registry.programs.values()
    ]
    _table(out, ("code", "territory", "levels", "source", "name"), sorted(rows))
    print(f"\n{len(rows)} programs; reference data {registry.data_version}", file=out)
    return 0


def _program(args: argparse.Namespace, out: TextIO) -> int:
    from ctpat.programs import FACTS

    registry = _registry()
    p = registry.program(args.code)
    policy = p.policy
    lines = [
        f"{p.code}: {p.name}",
        f"administration: {p.administration}",
        f"territory: {p.territory}",
        "levels: " + (", ".join(f"{lv.code} ({lv.name})" for lv in p.levels) or "none"),
        "roles: " + (", ".join(sorted(r.value for r in p.roles)) or "none"),
    ]
    for name in (
        "validate_within",
        "revalidate_every",
        "review_every",
        "review_window",
        "expires_after",
    ):
        value = getattr(policy, name)
        if value is not None:
            lines.append(f"{name.replace('_', ' ')}: {duration_to_iso(value)}")
    lines.extend(f"benefit: {b.description}" for b in p.benefits)
    lines.append(
        f"source: {p.source.title} <{p.source.url}> ({p.source.confidence.value}, retrieved {p.source.retrieved_on})"
    )
    for fact in FACTS:
        own = getattr(p, f"{fact}_source")
        if own is not None:
            lines.append(
                f"{fact} source: {own.title} <{own.url}> ({own.confidence.value}, retrieved {own.retrieved_on})"
            )
    lines.extend(f"caveat: {caveat}" for caveat in p.caveats())
    # A program whose code extends another's is one of its halves (CTPAT-TC of CTPAT).
    parent = p.code.rsplit("-", 1)[0] if "-" in p.code else None
    if parent is not None and parent in registry.programs:
        lines.append(f"part of: {parent} ({registry.programs[parent].name})")
    parts = sorted(code for code in registry.programs if code.startswith(f"{p.code}-"))
    lines.extend(f"includes: {code} ({registry.programs[code].name})" for code in parts)
    if p.note:
        lines.append(f"note: {p.note}")
    arrangements = registry.arrangements_of(p.code)
    lines.append(f"arrangements: {', '.join(a.id for a in arrangements) or 'none'}")
    print("\n".join(lines), file=out)
    return 0


def _data(args: argparse.Namespace, out: TextIO) -> int:
    from ctpat.provenance import audit_reference

    print(audit_reference().format(), file=out)
    return 0


def _arrangements(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry()
    found = registry.arrangements_of(args.program) if args.program else registry.arrangements
    rows = [
        (
            a.id,
            " / ".join(a.parties),
            str(a.signed_on),
            str(a.operational_on or "-"),
            str(a.ended_on or "-"),
            "yes" if a.in_force_on(args.on) else "no",
            a.source.confidence.value,
        )
        for a in found
    ]
    _table(
        out,
        ("id", "parties", "signed", "operational", "ended", f"in force {args.on}", "source"),
        rows,
    )
    print(f"\n{len(rows)} arrangements; reference data {registry.data_version}", file=out)
    return 0


def _program_code(text: str, option: str = "--by") -> tuple[str, str | None]:
    """The program (and level) a --by or --program value names: a code, or a name
    as people write it ("C-TPAT", "EU AEO (AEOS)"); UnknownProgram otherwise."""
    if text in _registry().programs:
        return text, None
    from ctpat.aliases import resolve

    match = resolve(text)
    if match is None:
        raise DataError.at(option, text, "names no program")
    return match.program, match.level


def _recognize(args: argparse.Namespace, out: TextIO) -> int:
    registry = _registry()
    args.by, _ = _program_code(args.by)
    args.program, level = _program_code(args.program, "--program")
    if args.level is None:
        args.level = level
    program = registry.program(args.program)
    if args.level is not None and args.level not in program.level_codes:
        # A level the program does not have is bad input, not a refusal.
        levels = ", ".join(sorted(program.level_codes)) or "none"
        raise DataError.at(
            "--level", args.level, f"is not a level of {program.code} (its levels: {levels})"
        )
    cert = Certification.grant(
        args.program,
        "(hypothetical holder)",
        on=args.certified_on or args.on,
        level=args.level,
        role=args.role,
    )
    verdict = registry.recognizes(args.by, cert, on=args.on, role=args.role)
    print(verdict.explain(), file=out)
    return 0 if verdict else 1


def _load(args: argparse.Namespace, out: TextIO) -> Registry | None:
    """The registry with the partner file read as the options say; ``None`` after --show-mapping."""
    mapping = SheetMapping.load(args.mapping) if args.mapping is not None else SheetMapping()
    columns = {}
    for item in args.column:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise DataError.at("--column", item, "must be FIELD=HEADER, e.g. name='Supplier Name'")
        columns[field.strip()] = header.strip()
    try:
        flags = SheetMapping(
            columns=columns,
            ignore=args.ignore,
            date_format=args.date_format,
            status_as_of=args.status_as_of,
            encoding=args.encoding,
            delimiter=args.delimiter,
            sheet=args.sheet,
        )
    except DataError as err:
        raise err.prefixed("options") from None
    mapping = mapping.merged(flags)
    if args.file == "-":
        intake = read_partners(sys.stdin.buffer, mapping=mapping, name="(stdin)")
    else:
        intake = read_partners(args.file, mapping=mapping)
    if args.show_mapping:
        print(intake.mapping_table(), file=out)
        for note in intake.notes:
            print(f"note: {note}", file=out)
    data = intake.partners()
    if args.show_mapping:
        print(f"{intake.rows} rows read, no problems", file=out)
        return None
    return _registry().with_partners(data)


def _vet(args: argparse.Namespace, out: TextIO) -> int:
    registry = _load(args, out)
    if registry is None:
        return 0
    args.by, _ = _program_code(args.by)
    registry.program(args.by)
    participants = list(registry.participants.values())
    records = _gather_evidence(args, registry, participants) if args.online else []
    entries = [
        VettingEntry(
            p, registry.verify(p, by=args.by, on=args.on, role=args.role, evidence=records)
        )
        for p in _progress(participants, "vetted")
    ]
    report = VettingReport(args.by, args.on, args.role, registry.data_version, tuple(entries))
    wanted = args.report is not None or args.format == "html"
    page = _vetting_page(registry, report, args.file) if wanted else ""
    if args.report is not None:
        _write_page(args.report, page)
    if args.format == "html":
        out.write(page)
    elif args.format == "json":
        json.dump(report.rows(), out, indent=2, ensure_ascii=False)
        print(file=out)
    elif args.format == "csv":
        out.write(report.to_csv())
    else:
        rows = [
            (
                r["participant"],
                r["name"],
                r["country"],
                r["outcome"],
                r["program"] or "-",
                r["arrangement"] or "-",
            )
            for r in report.rows()
        ]
        _table(out, ("participant", "name", "country", "outcome", "program", "arrangement"), rows)
        print(f"\n{report.summary()}", file=out)
        print(f"Reference data {report.data_version}.", file=out)
    return 0 if report.all_passed or args.exit_zero else 1


# -- asking the official services (ctpat[online]) -----------------------------------


def _endpoint(text: str) -> tuple[str, str]:
    from ctpat.evidence import OfficialService

    name, _, url = text.partition("=")
    names = ", ".join(s.value for s in OfficialService)
    if name not in {s.value for s in OfficialService} or not url.startswith(
        ("http://", "https://")
    ):
        raise argparse.ArgumentTypeError(
            f"{text!r} is not SERVICE=URL with SERVICE one of {names}"
        )
    return name, url


def _online_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--endpoint",
        type=_endpoint,
        action="append",
        default=[],
        metavar="SERVICE=URL",
        help="ask SERVICE (eu-eori, eu-aeo, hmrc-eori) at URL instead of the official endpoint",
    )
    p.add_argument(
        "--timeout", type=float, default=10.0, help="seconds a request may take (default 10)"
    )
    p.add_argument(
        "--attempts",
        type=int,
        default=3,
        help="tries a request gets, retries included (default 3)",
    )


def _services(args: argparse.Namespace) -> OfficialServices:
    """The official services client; a CtpatError if the online extra is missing."""
    try:
        online = importlib.import_module("ctpat.online")
    except ImportError:
        raise _MissingExtra("this needs the online extra: pip install 'ctpat[online]'") from None
    from ctpat.evidence import OfficialService

    if not args.timeout > 0:
        raise DataError.at("--timeout", args.timeout, "must be a positive number of seconds")
    if args.attempts < 1:
        raise DataError.at("--attempts", args.attempts, "must be at least 1")
    urls = {OfficialService(name): url for name, url in args.endpoint}
    # The command line, unlike the library, honours the usual proxy variable.
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy")
    transport = None
    if proxy:
        import httpx

        transport = httpx.HTTPTransport(proxy=proxy)
    services: OfficialServices = online.OfficialServices(
        urls=urls,
        policy=online.Policy(timeout=args.timeout, attempts=args.attempts),
        transport=transport,
        cache_ttl=3600.0,
    )
    return services


class _MissingExtra(CtpatError):
    """An optional dependency the command needs is not installed."""


def _service_progress(verb: str, total: int) -> Callable[[int, int], None] | None:
    if total < PROGRESS_FROM or not sys.stderr.isatty():
        return None

    def show(done: int, of: int) -> None:
        print(
            f"\r{verb} {done:,}/{of:,}", end="" if done < of else "\n", file=sys.stderr, flush=True
        )

    return show


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from ctpat.evidence import Finding

    numbers = list(args.numbers)
    if "-" in numbers:
        numbers.remove("-")
        numbers.extend(line.strip() for line in sys.stdin if line.strip())
    with _services(args) as services:
        ask = services.check_eori if args.kind == "eori" else services.find_aeo
        records = ask(numbers, progress=_service_progress("checked", len(numbers)))
    if args.format == "json":
        json.dump([r.to_dict() for r in records], out, indent=2, ensure_ascii=False)
        print(file=out)
    else:
        rows = [
            (
                r.query,
                r.service.value,
                r.finding.value,
                str(r.request_date or "-"),
                r.reason
                or ", ".join(
                    f"{a.type} since {a.effective_on or '?'} ({a.authority or '?'})"
                    for a in r.authorisations
                )
                or r.name
                or "",
            )
            for r in records
        ]
        _table(out, ("number", "service", "finding", "request date", "detail"), rows)
    confirmed = {Finding.REGISTERED, Finding.AEO_FOUND}
    return 0 if all(r.finding in confirmed for r in records) else 1


def _gather_evidence(
    args: argparse.Namespace, registry: Registry, participants: Sequence[ctpat.Participant]
) -> list[Evidence]:
    """Evidence for the participants' EORI and EU AEO numbers."""
    from ctpat.evidence import numbers_to_check

    eoris: list[str] = []
    aeos: list[str] = []
    for participant in participants:
        eori, aeo = numbers_to_check(participant, registry.certifications_of(participant.id))
        eoris.extend(eori)
        aeos.extend(aeo)
    found: list[Evidence] = []
    with _services(args) as services:
        for ask, numbers in ((services.check_eori, eoris), (services.find_aeo, aeos)):
            if numbers:
                found.extend(ask(numbers, progress=_service_progress("asked", len(numbers))))
    return found


def _calendar(args: argparse.Namespace, out: TextIO) -> int:
    registry = _load(args, out)
    if registry is None:
        return 0
    deadlines = registry.calendar(on=args.on, within=args.within, audit_every=args.audit_every)
    rows = [
        (
            str(d.due),
            "OVERDUE" if d.overdue else "",
            d.name,
            d.holder or "",
            d.program or "",
            d.reference or "",
            f"window opens {d.opens}" if d.opens and not d.overdue else "",
        )
        for d in deadlines
    ]
    _table(out, ("due", "", "deadline", "participant", "program", "reference", ""), rows)
    last = horizon(args.on, args.within)
    print(f"\n{len(rows)} deadlines due by {last} (as of {args.on})", file=out)
    if args.report is not None:
        with _report_extra():
            from ctpat.report import calendar_html

        page = calendar_html(
            deadlines,
            on=args.on,
            within=args.within,
            data_version=registry.data_version,
            source=_fingerprint(args.file, registry),
            participants=registry.participants.values(),
        )
        _write_page(args.report, page)
    return 0


# -- HTML reports (the report extra) ---------------------------------------------------

#: How far ahead the vetting report's deadline section looks.
REPORT_WITHIN = relativedelta(days=90)


def _report_option(p: argparse.ArgumentParser, help: str) -> None:
    p.add_argument("--report", type=Path, metavar="FILE", help=f"{help} to FILE")


@contextlib.contextmanager
def _report_extra() -> Iterator[None]:
    """Turn a missing optional dependency of ``ctpat.report`` into a usage error."""
    try:
        yield
    except ImportError as err:
        raise CtpatError(
            f"the HTML report needs the report extra ({err.name} is missing):"
            " pip install 'ctpat[report]'"
        ) from None


def _fingerprint(file: str | Path, registry: Registry) -> InputFile:
    with _report_extra():
        from ctpat.report import InputFile

    if str(file) == "-":
        # The page names the input by its SHA-256, which needs the file itself.
        raise DataError.at("file", "-", "the HTML report needs a partner file, not standard input")
    path = Path(file)
    if path.suffix.lower() in (".csv", ".json"):
        return InputFile.of(path)
    # Formats the counter does not read: the records loaded, as it counts JSON.
    partners = registry.partners
    return InputFile.of(path, rows=len(partners.participants) + len(partners.certifications))


def _vetting_page(registry: Registry, report: VettingReport, path: str | Path) -> str:
    with _report_extra():
        from ctpat.report import vetting_html

    return vetting_html(
        report,
        source=_fingerprint(path, registry),
        calendar=registry.calendar(on=report.on, within=REPORT_WITHIN),
        within=REPORT_WITHIN,
        arrangements=registry.arrangements,
    )


def _write_page(path: Path, page: str) -> None:
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as err:
        raise DataError.at(
            "--report", str(path), f"cannot write the file: {err.strerror}"
        ) from None


def _fast(args: argparse.Namespace, out: TextIO) -> int:
    registry = _load(args, out)
    if registry is None:
        return 0
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
    print(verdict.explain(), file=out)
    return 0 if verdict else 1


def _cbam(args: argparse.Namespace, out: TextIO) -> int:
    imports = _read_imports(args.file)
    assessment = cbam.assess(
        imports, year=args.year, indirect_representative=args.indirect_representative
    )
    print(assessment.explain(), file=out)
    return 0


def _read_imports(path: Path) -> list[cbam.CbamImport]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise DataError.at(path.name, str(path), f"cannot read the file: {err.strerror}") from None
    reader = csv.DictReader(io.StringIO(text))
    expected = ["on", "cn_code", "net_mass_kg"]
    if [name.strip() for name in reader.fieldnames or ()] != expected:
        raise DataError.at(
            f"{path.name}.line 1", reader.fieldnames, f"expected the columns {', '.join(expected)}"
        )
    imports = []
    for line, row in enumerate(reader, start=2):
        where = f"{path.name}.line {line}"
        try:
            day = _date(row["on"].strip())
        except (argparse.ArgumentTypeError, AttributeError):
            raise DataError.at(
                f"{where}.on", row["on"], "not a date in the form YYYY-MM-DD"
            ) from None
        try:
            mass = Decimal(row["net_mass_kg"].strip())
        except (InvalidOperation, AttributeError):
            raise DataError.at(
                f"{where}.net_mass_kg", row["net_mass_kg"], "not a decimal number"
            ) from None
        try:
            imports.append(cbam.CbamImport(day, row["cn_code"].strip(), mass))
        except DataError as err:
            raise err.prefixed(where) from None
    return imports


def _progress(items: Sequence[T], verb: str) -> Iterator[T]:
    total = len(items)
    show = total >= PROGRESS_FROM and sys.stderr.isatty()
    step = max(total // 100, 1)
    for index, item in enumerate(items, start=1):
        if show and (index % step == 0 or index == total):
            print(f"\r{verb} {index:,}/{total:,}", end="", file=sys.stderr, flush=True)
        yield item
    if show:
        print(file=sys.stderr)


def _table(out: TextIO, header: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
    widths = [len(h) for h in header]
    for row in rows:
        widths = [max(w, len(cell)) for w, cell in zip(widths, row, strict=True)]
    for row in (header, *rows):
        print(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip(),
            file=out,
        )


_COMMANDS: dict[str, Callable[[argparse.Namespace, TextIO], int]] = {
    "programs": _programs,
    "program": _program,
    "arrangements": _arrangements,
    "recognize": _recognize,
    "vet": _vet,
    "check": _check,
    "calendar": _calendar,
    "fast": _fast,
    "cbam": _cbam,
    "data": _data,
}
