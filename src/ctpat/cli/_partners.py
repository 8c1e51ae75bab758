"""``ctpat vet`` and ``ctpat check``: a partner file vetted against a program, and
numbers asked of the official services (private)."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, TextIO

import ctpat
from ctpat._documents import vet_head, why_of
from ctpat._text import for_terminal
from ctpat.cli import _collector
from ctpat.cli._exit import ExitCode, MissingExtra, NothingToCheck
from ctpat.cli._options import (
    columns,
    examples,
    format_option,
    on_option,
    partner_file,
    program_code,
    role,
)
from ctpat.cli._output import PROGRESS_FROM, Again, emit, say, table
from ctpat.cli._report import report_option, vetting_page, write_page
from ctpat.errors import DataError
from ctpat.io import Intake, SheetMapping
from ctpat.io import read as read_partners
from ctpat.io._read import unrecorded_note
from ctpat.registry import Registry
from ctpat.vetting import COLUMNS, VettingReport

if TYPE_CHECKING:
    from ctpat.evidence import Evidence
    from ctpat.online import OfficialServices

__all__ = ["load", "register"]

_TINTS = {"passed": "green", "failed": "red", "unverified": "yellow"}


def register(command: Any) -> None:
    """Add ``vet`` and ``check`` through ``command(name, epilog)``."""
    p = command(
        "vet",
        columns()
        + examples(
            "ctpat vet examples/partners.csv --by CTPAT --on 2026-01-15",
            "ctpat vet suppliers.xlsx --mapping suppliers.toml --by C-TPAT --format csv > vetted.csv",
            "ctpat vet partners.csv --by CTPAT --report report.html --exit-zero",
        ),
    )
    partner_file(p)
    p.add_argument(
        "--by", required=True, metavar="PROGRAM", help="the program to vet against (e.g. CTPAT)"
    )
    p.add_argument("--role", type=role, help="the role partners act in (default: any of theirs)")
    format_option(p, "html")
    report_option(p, "also write the HTML vetting report (with deadlines due within 90 days)")
    p.add_argument(
        "--exit-zero", action="store_true", help="exit 0 even when partners fail (reports only)"
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="stop at any problem in the partner file (default: vet the rows that read, "
        "the others unverified, exit 4)",
    )
    p.add_argument(
        "--online",
        action="store_true",
        help="confirm EORI and EU AEO claims with the official services (needs ctpat[online])",
    )
    online_options(p)
    on_option(p)
    p.set_defaults(run=_vet)

    p = command(
        "check",
        examples(
            "ctpat check eori DE123456789012345 GB123456789000",
            "ctpat check aeo DEAEOF1234567 --format json",
            "cut -d, -f3 numbers.csv | ctpat check eori -",
        ),
    )
    p.add_argument("kind", choices=("eori", "aeo"), help="the kind of number")
    p.add_argument("numbers", nargs="+", help="the numbers; - reads them from standard input")
    format_option(p)
    online_options(p)
    p.set_defaults(run=_check)


def read_intake(args: argparse.Namespace, out: TextIO) -> Intake:
    """The partner file read as the options say (with ``--show-mapping``, how
    each column was read is printed)."""
    mapping = SheetMapping.load(args.mapping) if args.mapping is not None else SheetMapping()
    columns = {}
    for item in args.column:
        field, sep, header = item.partition("=")
        if not sep or not field.strip() or not header.strip():
            raise DataError.at("--column", item, "must be FIELD=HEADER, e.g. name='Supplier Name'")
        columns[field.strip()] = header.strip()
    programs = {}
    for item in args.program_alias:
        text, sep, code = item.rpartition("=")
        if not sep or not text.strip() or not code.strip():
            raise DataError.at(
                "--program-alias", item, "must be TEXT=CODE, e.g. 'Vietnam Customs AEO=VN-AEO'"
            )
        programs[text.strip()] = code.strip()
    try:
        flags = SheetMapping(
            columns=columns,
            ignore=args.ignore,
            date_format=args.date_format,
            status_as_of=args.status_as_of,
            encoding=args.encoding,
            delimiter=args.delimiter,
            sheet=args.sheet,
            programs=programs,
        )
    except DataError as err:
        raise err.prefixed("options") from None
    mapping = mapping.merged(flags)
    if args.file == "-":
        intake = read_partners(sys.stdin.buffer, mapping=mapping, name="(stdin)")
    else:
        intake = read_partners(args.file, mapping=mapping)
    if args.show_mapping:
        say(out, intake.mapping_table())
        for note in intake.notes:
            say(out, f"note: {for_terminal(note)}")
    return intake


def _say_problems(intake: Intake) -> None:
    """Every problem of the partner file on standard error, one line each."""
    for problem in intake.problems:
        print(f"ctpat: error: {for_terminal(str(problem))}", file=sys.stderr)
    if intake.omitted:
        print(f"ctpat: error: and {intake.omitted} more problems not shown", file=sys.stderr)


def _shown(intake: Intake, out: TextIO) -> int:
    """The end of ``vet --show-mapping``: the count of rows and problems; the
    exit code says whether the rows would all be read (0), some not (4), or
    the file not at all (2)."""
    found = len(intake.problems) + intake.omitted
    if not found:
        print(f"{intake.rows} rows read, no problems", file=out)
        return ExitCode.OK
    print(f"{intake.rows} rows read, {found} problems", file=out)
    _say_problems(intake)
    return ExitCode.BAD_INPUT if intake.stranded else ExitCode.UNREAD


def _nothing(args: argparse.Namespace, what: str) -> NothingToCheck:
    name = "standard input" if args.file == "-" else os.path.basename(args.file)
    return NothingToCheck(f"{name}: no participants to {what} (the file holds none)")


def load(args: argparse.Namespace, out: TextIO, *, what: str) -> Registry | None:
    """The registry with the partner file read as the options say; ``None`` after
    ``--show-mapping``. Any problem in the file stops the command (DataError).
    Raises :class:`NothingToCheck` for a file without participants."""
    # The partner list and the registry built from it live to the end of the command.
    with _collector.long_lived():
        intake = read_intake(args, out)
        data = intake.partners()
        if args.show_mapping:
            print(f"{intake.rows} rows read, no problems", file=out)
            return None
        if not data.participants:
            raise _nothing(args, what)
        return ctpat.reference().with_partners(data)


def _vet(args: argparse.Namespace, out: TextIO) -> int:
    with _collector.long_lived():
        intake = read_intake(args, out)
        if args.show_mapping:
            return _shown(intake, out)
        if args.strict or intake.stranded:
            intake.partners()  # every problem, exit 2, as --strict promises
        _say_problems(intake)
        if not intake.data.participants:
            raise _nothing(args, "vet")
        registry = ctpat.reference().with_partners(intake.data)
    by, _ = program_code(args.by)
    registry.program(by)
    evidence = (
        gather_evidence(args, registry, list(registry.participants.values()))
        if args.online
        else []
    )
    # The verdicts, too, live to the end of the command: built with the collector
    # paused, then frozen, so that writing the records never walks them again.
    with _collector.long_lived():
        # Participants of rows that could not be read: unverified, the row's problem deciding.
        report = intake.carried(registry.vet(by=by, on=args.on, role=args.role, evidence=evidence))
    page_to_stdout = args.format == "html" or str(args.report) == "-"
    if args.report is not None or page_to_stdout:
        page = vetting_page(registry, report, args.file)
        if args.report is not None and str(args.report) != "-":
            write_page(args.report, page)
        if page_to_stdout:
            out.write(page)
            return _vet_code(report, args, intake)
    if args.format == "csv":
        # The library's own rows, as they are made: the CSV of ``VettingReport.to_csv()``.
        emit(out, "csv", report.rows(), envelope={}, columns=COLUMNS)
        return _vet_code(report, args, intake)

    def show() -> None:
        header = ("participant", "name", "country", "outcome", "program", "arrangement", "why")
        table(out, header, Again(lambda: _cells(report)), tint=_tint)
        print(f"\n{report.summary()}", file=out)
        if intake.unrecorded:
            print(f"Note: {for_terminal(unrecorded_note(intake.unrecorded))}.", file=out)
        print(f"Reference data {report.data_version}.", file=out)

    # The document of ``VettingReport.to_document()``, written record by record as
    # they are made.
    head = vet_head(report.by, report.on, report.role, report.data_version, report.counts())
    emit(out, args.format, report.records(), envelope=head, columns=COLUMNS, show=show)
    return _vet_code(report, args, intake)


def _cells(report: VettingReport) -> Iterator[tuple[str, ...]]:
    """The table's row of each participant, worked out from its entry (not its
    whole record: the table is read twice)."""
    for entry, outcome in zip(report.entries, report.outcomes, strict=True):
        participant, verdict = entry.participant, entry.verdict
        cert, arrangement = verdict.certification, verdict.arrangement
        yield (
            participant.id,
            participant.name,
            participant.country,
            outcome.value,
            cert.program if cert is not None else "-",
            arrangement or "-",
            why_of(outcome.value, verdict),
        )


def _tint(row: Sequence[str]) -> tuple[str | None, ...]:
    """The table's colours: the outcome's."""
    return (None, None, None, _TINTS.get(row[3]), None, None, None)


def _vet_code(report: VettingReport, args: argparse.Namespace, intake: Intake) -> int:
    if intake.problems or intake.omitted:
        return ExitCode.UNREAD
    return ExitCode.OK if report.all_passed or args.exit_zero else ExitCode.REFUSED


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


def online_options(p: argparse.ArgumentParser) -> None:
    """The options of the commands that ask the official services."""
    g = p.add_argument_group("asking the official services (the online extra)")
    g.add_argument(
        "--endpoint",
        type=_endpoint,
        action="append",
        default=[],
        metavar="SERVICE=URL",
        help="ask SERVICE (eu-eori, eu-aeo, hmrc-eori) at URL instead of the official endpoint",
    )
    g.add_argument(
        "--timeout",
        type=float,
        default=10.0,
        help="seconds one exchange with a service may take, from connecting to the last byte",
    )
    g.add_argument(
        "--attempts", type=int, default=3, help="tries a request gets, retries included"
    )


def _services(args: argparse.Namespace) -> OfficialServices:
    """The official services client; :class:`MissingExtra` if the online extra is missing."""
    try:
        online = importlib.import_module("ctpat.online")
    except ImportError:
        raise MissingExtra("this needs the online extra: pip install 'ctpat[online]'") from None
    from ctpat.evidence import OfficialService

    if args.attempts < 1:
        raise DataError.at("--attempts", args.attempts, "must be at least 1")
    try:
        policy = online.Policy(timeout=args.timeout, attempts=args.attempts)
    except DataError as err:
        raise DataError.at(f"--{err.field}", err.value, err.problems[0].message) from None
    urls = {OfficialService(name): url for name, url in args.endpoint}
    # The command line, unlike the library, honours the usual proxy variable.
    proxy = os.environ.get("HTTPS_PROXY") or os.environ.get("https_proxy") or None
    try:
        services: OfficialServices = online.OfficialServices(
            urls=urls, policy=policy, proxy=proxy, cache_ttl=3600.0
        )
    except DataError as err:
        raise DataError.at("HTTPS_PROXY", proxy, err.problems[0].message) from None
    return services


def _service_progress(verb: str, total: int, enabled: bool) -> Callable[[int, int], None] | None:
    if not enabled or total < PROGRESS_FROM or not sys.stderr.isatty():
        return None

    def show(done: int, of: int) -> None:
        print(
            f"\r{verb} {done:,}/{of:,}", end="" if done < of else "\n", file=sys.stderr, flush=True
        )

    return show


def _detail(r: dict[str, Any]) -> str:
    if r.get("reason"):
        return str(r["reason"])
    found = ", ".join(
        f"{a['type']} since {a.get('effective_on') or '?'} ({a.get('authority') or '?'})"
        for a in r.get("authorisations") or ()
    )
    return found or str(r.get("name") or "")


def _check(args: argparse.Namespace, out: TextIO) -> int:
    from ctpat.evidence import Finding

    numbers = list(args.numbers)
    if "-" in numbers:
        numbers.remove("-")
        numbers.extend(line.strip() for line in sys.stdin if line.strip())
    if not numbers:
        raise NothingToCheck("no numbers to check (standard input held none)")
    machine = args.format != "table"
    with _services(args) as services:
        ask = services.check_eori if args.kind == "eori" else services.find_aeo
        found = ask(numbers, progress=_service_progress("checked", len(numbers), not machine))
    records = [{**ctpat.to_dict(r), "detail": None} for r in found]
    for record in records:
        record["detail"] = _detail(record)

    def show() -> None:
        rows = [
            (
                r["query"],
                r["service"],
                r["finding"],
                str(r.get("request_date") or "-"),
                r["detail"],
            )
            for r in records
        ]
        table(out, ("number", "service", "finding", "request date", "detail"), rows)

    columns = ("query", "service", "finding", "request_date", "checked_at", "name", "detail")
    envelope = {"command": "check", "kind": args.kind}
    emit(out, args.format, records, envelope=envelope, columns=columns, show=show)
    confirmed = {Finding.REGISTERED, Finding.AEO_FOUND}
    return ExitCode.OK if all(r.finding in confirmed for r in found) else ExitCode.REFUSED


def gather_evidence(
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
    machine = args.format != "table"
    found: list[Evidence] = []
    with _services(args) as services:
        for ask, numbers in ((services.check_eori, eoris), (services.find_aeo, aeos)):
            if numbers:
                found.extend(
                    ask(numbers, progress=_service_progress("asked", len(numbers), not machine))
                )
    return found
