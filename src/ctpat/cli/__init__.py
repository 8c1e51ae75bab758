"""The ``ctpat`` command line: the reference data, recognition, vetting, calendars.

Every command is a thin layer over the public API. This package is the only
place that reads the clock (``--on`` defaults to today) or the terminal. One
module a group of subcommands; :mod:`ctpat.cli._output` prints records as a
table, CSV, JSON or JSON Lines (the JSON Schemas are in ``docs/schemas/``).

The exit codes, the same in every subcommand (:class:`ExitCode`): 0 everything
asked about is accepted, or the command only reports; 1 at least one refusal
(a partner failed or is unverified, the answer is no, a number is not
confirmed, a deadline is overdue); 2 bad usage or bad input; 3 nothing to
check (a header-only partner list); 130 interrupted; 141 standard output closed
early (``| head``), with nothing on standard error.

>>> main(["recognize", "--by", "CTPAT", "--program", "EU-AEO", "--level", "AEOC", "--on", "2026-01-15"])
Not accepted by CTPAT on 2026-01-15 (reference data ...):
- US-EU: CTPAT accepts EU-AEO only at level AEOF, AEOS; this certification holds AEOC
- EU-AEO certification of the holder is certified since 2026-01-15, at level AEOC
1
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from typing import TextIO

import ctpat
from ctpat._text import for_terminal
from ctpat.cli import _collector
from ctpat.cli._exit import EXIT_CODES, ExitCode, NothingToCheck
from ctpat.errors import CtpatError, DataError

__all__ = ["ExitCode", "main"]


class Help(argparse.RawDescriptionHelpFormatter):
    """Help that names each option's default (when it has one) and keeps the examples' layout."""

    def _get_help_string(self, action: argparse.Action) -> str:
        text = action.help or ""
        default = action.default
        if (
            "%(default)" in text
            or not action.option_strings
            or default is None
            or default is False
            or default == []
            or default is argparse.SUPPRESS
        ):
            return text
        return f"{text} (default: %(default)s)"


#: Every subcommand, in the order ``ctpat --help`` lists them: the module that
#: adds its arguments and runs it (``register(command)``), and what it does. A
#: module is imported only for the command asked for, so that ``ctpat --version``
#: and ``--help`` start as fast as the library itself.
COMMANDS: dict[str, tuple[str, str]] = {
    "programs": ("_reference", "List the programs in the reference data."),
    "program": (
        "_reference",
        "Show one program: levels, roles, validity terms, benefits, sources, arrangements.",
    ),
    "arrangements": (
        "_reference",
        "List mutual recognition arrangements, and whether each is in force on a date.",
    ),
    "recognize": (
        "_reference",
        "Does program --by accept a certification of --program on a date?",
    ),
    "data": (
        "_reference",
        "How the reference data is sourced: records by confidence, assumed facts, dates by "
        "precision, answers in doubt, stale sources.",
    ),
    "vet": (
        "_partners",
        "Vet a partner list (CSV, Excel or JSON) against a program: who is covered, and why.",
    ),
    "check": (
        "_partners",
        "Ask the official services (EU EOS, HMRC) about EORI or EU AEO numbers.",
    ),
    "calendar": (
        "_calendar",
        "The deadlines of a partner file's certifications: overdue first, then those due soon.",
    ),
    "fast": (
        "_fast",
        "May this truck use the FAST lane? Importer, carrier and driver (and on the southern"
        " border the manufacturer and a seal) must each be certified on the date.",
    ),
    "cbam": (
        "_cbam",
        "Is authorised CBAM declarant status required in a year? (Regulation (EU) 2023/956)",
    ),
    "criteria": (
        "_criteria",
        "List the security criteria of a program that apply to a role or level",
    ),
    "assess": (
        "_criteria",
        "Gaps, readiness for validation or review, and overdue corrective actions, from a "
        "self-assessment sheet",
    ),
    "review": (
        "_review",
        "The annual review pack: the member's readiness and gaps, every partner's answer, "
        "overdue actions and the year's deadlines",
    ),
    "completion": (
        "_completion",
        "Print the shell completion script for bash or zsh (needs ctpat[completion]).",
    ),
}


def _parser(argv: Sequence[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; with ``argv``, only the command it names has its
    arguments (the others are listed by name and help, their modules not imported)."""
    parser = argparse.ArgumentParser(
        prog="ctpat",
        description="Trade-security certification, mutual recognition and FAST, on a date.",
        epilog=EXIT_CODES
        + "\n\nEvery command: ctpat COMMAND --help. Guide: https://ctpat.readthedocs.io/en/latest/cli.html",
        formatter_class=Help,
    )
    parser.add_argument("--version", action="version", version=f"ctpat {ctpat.__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parsers = {
        name: commands.add_parser(name, help=help, description=help, formatter_class=Help)
        for name, (_, help) in COMMANDS.items()
    }
    if argv is None:
        wanted = set(COMMANDS)
    else:
        # The first word that is not an option names the command (ctpat's own
        # options, --help and --version, take no value).
        asked = next((arg for arg in argv if not arg.startswith("-")), None)
        wanted = {asked} if asked in COMMANDS else set()

    def command(name: str, epilog: str) -> argparse.ArgumentParser:
        p = parsers[name]
        p.epilog = epilog
        return p

    for module in dict.fromkeys(COMMANDS[name][0] for name in COMMANDS if name in wanted):
        adding = importlib.import_module(f"ctpat.cli.{module}")
        if module == "_completion":
            adding.register(command, _parser)
        else:
            adding.register(command)
    return parser


def main(argv: Sequence[str] | None = None, *, stdout: TextIO | None = None) -> int:
    """Run the command line with ``argv`` (default: ``sys.argv[1:]``); return the exit code.

    Bad input never raises: each problem is one line on standard error and the
    code is 2 (3 for an input with nothing to check). A bug still raises.
    """
    out = stdout if stdout is not None else sys.stdout
    for index, arg in enumerate(sys.argv[1:] if argv is None else argv, start=1):
        if type(arg) is str and "\x00" in arg:
            # No command line can hold a NUL (the system ends arguments at one),
            # and no file name either: only a caller of main() can pass one.
            _problem(f"argument {index} ({arg!r}) holds a NUL character")
            return int(ExitCode.BAD_INPUT)
    words = sys.argv[1:] if argv is None else argv
    parser = _parser([arg for arg in words if type(arg) is str])
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:
        # argparse has printed the usage message (or --help, --version) already.
        return stop.code if isinstance(stop.code, int) else int(ExitCode.BAD_INPUT)
    if getattr(args, "on", "") is None:
        args.on = dt.date.today()
    run: Callable[[argparse.Namespace, TextIO], int] = args.run
    try:
        with _collector.restored():
            code = run(args, out)
        out.flush()
        return int(code)
    except BrokenPipeError:
        # The reader went away (``ctpat vet ... | head -1``): stop quietly, and
        # point stdout at devnull so the interpreter's final flush cannot fail.
        if out is sys.stdout:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return int(ExitCode.PIPE_CLOSED)
    except KeyboardInterrupt:
        print("ctpat: interrupted", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)
    except NothingToCheck as err:
        _problem(str(err))
        return int(ExitCode.EMPTY)
    except DataError as err:
        for problem in err.problems:
            _problem(str(problem))
        return int(ExitCode.BAD_INPUT)
    except CtpatError as err:
        _problem(str(err))
        return int(ExitCode.BAD_INPUT)


def _problem(text: str) -> None:
    """One problem, on one line of standard error (control characters shown escaped)."""
    print(f"ctpat: error: {for_terminal(text)}", file=sys.stderr)
