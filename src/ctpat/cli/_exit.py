"""The exit codes of the ``ctpat`` command, the same in every subcommand (private).

>>> int(ExitCode.REFUSED), int(ExitCode.PIPE_CLOSED)
(1, 141)
>>> print(MEANINGS[ExitCode.EMPTY])
the input held nothing to check (a header-only CSV, a JSON document without participants); a file without even a header is bad input (2)
"""

from __future__ import annotations

import enum

from ctpat.errors import CtpatError

__all__ = ["EXIT_CODES", "MEANINGS", "ExitCode", "MissingExtra", "NothingToCheck"]


class ExitCode(enum.IntEnum):
    """What a ``ctpat`` run tells a script by its exit status (see :data:`MEANINGS`)."""

    OK = 0
    REFUSED = 1
    BAD_INPUT = 2
    EMPTY = 3
    UNREAD = 4
    INTERRUPTED = 130
    PIPE_CLOSED = 141


MEANINGS = {
    ExitCode.OK: "everything asked about is accepted, or the command only reports",
    ExitCode.REFUSED: (
        "at least one refusal: a partner failed or is unverified, the answer is no,"
        " a number is not confirmed, or (calendar) a deadline is overdue"
    ),
    ExitCode.BAD_INPUT: (
        "bad usage or bad input; standard error names the option, or the file, line"
        " and column, and what would work"
    ),
    ExitCode.EMPTY: (
        "the input held nothing to check (a header-only CSV, a JSON document"
        " without participants); a file without even a header is bad input (2)"
    ),
    ExitCode.UNREAD: (
        "vet: some rows of the partner file could not be read; every participant is in"
        " the result, those of the unread rows unverified with the row's problem as the"
        " deciding reason, and standard error names each problem (--strict: stop at any"
        " problem, exit 2)"
    ),
    ExitCode.INTERRUPTED: "interrupted (Ctrl-C), as shells report SIGINT",
    ExitCode.PIPE_CLOSED: (
        "standard output was closed early (ctpat vet ... | head -1), as shells report"
        " SIGPIPE; nothing is printed on standard error"
    ),
}

#: The table ``ctpat --help`` ends with.
EXIT_CODES = "exit codes:\n" + "\n".join(
    f"  {int(code):<4} {meaning}" for code, meaning in MEANINGS.items()
)


class NothingToCheck(CtpatError):
    """The input held nothing to check: exits with :attr:`ExitCode.EMPTY`."""


class MissingExtra(CtpatError):
    """An optional dependency the command needs is not installed (exit 2)."""
