"""The options the ``ctpat`` subcommands share, and how their values are read (private).

>>> _period("6m")
relativedelta(months=+6)
>>> _period("soon")
Traceback (most recent call last):
...
argparse.ArgumentTypeError: 'soon' is not a period such as 90d, 6w, 3m or 1y
"""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from dateutil.relativedelta import relativedelta

import ctpat
from ctpat import _durations as durations
from ctpat._dates import ISO_DATE, iso_or_none
from ctpat.cli._output import FORMATS
from ctpat.enums import Role
from ctpat.errors import CtpatError, DataError

__all__ = [
    "columns",
    "date",
    "examples",
    "format_option",
    "on_option",
    "partner_file",
    "period",
    "program_code",
    "role",
]


def examples(*lines: str) -> str:
    """A subcommand's help epilog: its example command lines."""
    return "examples:\n" + "\n".join(f"  {line}" for line in lines)


def columns() -> str:
    """The partner file's columns, for the help of the commands that read one.

    >>> print(columns().splitlines()[3])
      name           the company's name
    """
    from ctpat.io import FIELDS  # the readers load with the subcommands that read files

    lines = [
        "partner file columns (these names, or usual headers such as 'Supplier Name';\n"
        "--show-mapping shows how a file is read):"
    ]
    lines.extend(f"  {field:<14} {meaning}" for field, (meaning, _) in FIELDS.items())
    return "\n".join(lines) + "\n\n"


def date(text: str) -> dt.date:
    """An ISO ``YYYY-MM-DD`` date, nothing else."""
    day = iso_or_none(text)
    if day is None:
        what = "a valid date" if ISO_DATE.fullmatch(text) else "an ISO date (YYYY-MM-DD)"
        raise argparse.ArgumentTypeError(f"{text!r} is not {what}")
    return day


def period(text: str) -> relativedelta:
    """A period such as ``90d``, ``6w``, ``3m`` or ``1y``."""
    try:
        found = durations.period("period", text)
    except DataError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not a period such as 90d, 6w, 3m or 1y"
        ) from None
    assert type(found) is relativedelta  # text always reads as one
    return found


_period = period


def role(text: str) -> Role:
    """A role by its value (``importer``, ``highway-carrier`` ...)."""
    try:
        return Role(text)
    except ValueError:
        allowed = ", ".join(r.value for r in Role)
        raise argparse.ArgumentTypeError(f"{text!r} is not a role ({allowed})") from None


def program_code(text: str, option: str = "--by") -> tuple[str, str | None]:
    """The program (and level) a ``--by`` or ``--program`` value names: a code, or a
    name as people write it ("C-TPAT", "EU AEO (AEOS)"); a DataError otherwise."""
    if text in ctpat.reference().programs:
        return text, None
    from ctpat.aliases import UnknownAlias, resolve  # only for a code the data lacks

    try:
        match = resolve(text)
    except UnknownAlias as err:
        # The option named first, then what the aliases say (candidates, "did you mean").
        where = f"{option}: " if option.startswith("-") else ""
        raise CtpatError(f"{where}{err}; `ctpat programs` lists the codes") from None
    if match is None:
        raise DataError.at(option, text, "names no program; `ctpat programs` lists the codes")
    return match.program, match.level


def on_option(p: argparse.ArgumentParser) -> None:
    """``--on``: the date asked about (today when not given)."""
    p.add_argument(
        "--on", type=date, metavar="DATE", help="the date asked about, YYYY-MM-DD (default: today)"
    )


def format_option(p: argparse.ArgumentParser, *extra: str) -> None:
    """``--format``: how the records are printed (``docs/schemas/`` has the JSON Schemas)."""
    p.add_argument(
        "--format",
        choices=(*FORMATS, *extra),
        default="table",
        help="table for people; csv, json or jsonl for other programs",
    )


def partner_file(p: argparse.ArgumentParser, help: str | None = None) -> None:
    """The partner-file argument and the options that say how to read it."""
    p.add_argument(
        "file",
        help=help
        or "the partner list: .csv/.tsv/.txt, .xlsx (needs ctpat[excel]) or .json; - reads standard input",
    )
    g = p.add_argument_group("reading the partner file (see docs/how-to/partner-lists.md)")
    g.add_argument(
        "--mapping", type=Path, metavar="TOML", help="a TOML file saying how to read the columns"
    )
    g.add_argument(
        "--column", action="append", default=[], metavar="FIELD=HEADER",
        help="read the column HEADER as FIELD (e.g. name='Supplier Name'); repeatable",
    )  # fmt: skip
    g.add_argument(
        "--ignore", action="append", default=[], metavar="HEADER",
        help="leave the column HEADER unread on purpose; repeatable",
    )  # fmt: skip
    g.add_argument(
        "--program-alias", action="append", default=[], metavar="TEXT=CODE",
        help="read the program cell TEXT as program CODE (e.g. 'Vietnam Customs AEO=VN-AEO');"
        " repeatable ([programs] in the mapping file)",
    )  # fmt: skip
    g.add_argument(
        "--date-format",
        metavar="LAYOUT",
        help="layout of non-ISO dates, e.g. %%m/%%d/%%Y (default: ISO only)",
    )
    g.add_argument(
        "--status-as-of", type=date, metavar="DATE",
        help="the date the status column was stated, YYYY-MM-DD",
    )  # fmt: skip
    g.add_argument("--encoding", help="the file's text encoding, e.g. cp1252 (default: UTF-8)")
    g.add_argument("--delimiter", help="the CSV delimiter (default: detected from the header)")
    g.add_argument("--sheet", help="the Excel worksheet to read (default: the first)")
    g.add_argument(
        "--show-mapping", action="store_true", help="print how each column is read, and stop"
    )
