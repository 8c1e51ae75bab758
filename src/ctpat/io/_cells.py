"""What a cell is: a value, or a cell no reader may take as one (private).

Every reader (CSV text, an Excel workbook, :func:`ctpat.io.read_rows`) asks
this one rule about every cell of every row, the header included. A cell is

- a **value** (text, a number, a date, a boolean), read as it is;
- a **formula without a saved value**: a program wrote the formula and never
  calculated it, so nobody knows what it shows; ctpat calculates nothing;
- an **error value** (``#N/A``, ``#VALUE!``, ``#REF!`` ...): in a workbook a cell
  of the error type, in any file the error's own text, which is what a
  spreadsheet writes into a CSV export of such a cell;
- **too long**: more than :data:`MAX_CELL` characters (the bound the standard
  ``csv`` module puts on a field, applied to a workbook's cells as well).

A cell of a **merged range** stands for the range's value, as a spreadsheet
shows it (see :mod:`ctpat.io._workbook`); it is then whatever that value is.
A row holding a cell that is not a value is left out whole, and a problem
names the cell: it is never read as blank, as "not stated" or as text.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import attrs

from ctpat._text import ERROR_VALUES
from ctpat.io._problems import Collector

__all__ = [
    "ERROR_VALUES",
    "KINDS",
    "MAX_CELL",
    "Flaw",
    "checked",
    "flaw_of_text",
    "header_flaws",
    "reference",
]

#: The longest cell read, in characters: the standard ``csv`` module's default
#: field limit (128 KiB), which CSV fields meet first, applied to every reader.
MAX_CELL = 131_072


#: Every kind of cell that is not a value (the ``kind`` of a :class:`Flaw`).
KINDS = ("formula", "error", "too long")

_WHY = {
    "formula": (
        "a formula without a saved value: what the cell shows is not known",
        "open the file in a spreadsheet and save it (which saves each formula's value), "
        "or paste the values in place of the formulas",
    ),
    "error": (
        "an error value, not data",
        "correct the formula or the data behind it, or clear the cell",
    ),
    "too long": (
        f"a cell longer than {MAX_CELL:,} characters",
        "a partner list holds no such cell: is this the right file?",
    ),
}


@attrs.frozen
class Flaw:
    """A cell that holds no value a reader may use: what it is, and what it shows.

    ``kind`` is ``"formula"`` (a formula without a saved value), ``"error"``
    (an error value) or ``"too long"``; ``shown`` is the text to name it by
    (the formula, the error, or the start of the text).
    """

    kind: str
    shown: str | None = None


def flaw_of_text(text: str) -> Flaw | None:
    """The flaw of a text cell (an error value's text, or too long), or ``None``."""
    if len(text) > MAX_CELL:
        return Flaw("too long", text[:40] + "...")
    stripped = text.strip()
    if stripped in ERROR_VALUES:
        return Flaw("error", stripped)
    return None


def reference(column: int, line: int) -> str:
    """A workbook cell's name, ``C3`` (``column`` counted from 0)."""
    letters = ""
    n = column + 1
    while n:
        n, rest = divmod(n - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{line}"


def _flaws(cells: Sequence[object]) -> Iterator[tuple[int, Flaw]]:
    for i, cell in enumerate(cells):
        if type(cell) is Flaw:
            yield i, cell
        elif type(cell) is str and (flaw := flaw_of_text(cell)) is not None:
            yield i, flaw


def checked(
    rows: Iterator[tuple[int, Sequence[object]]],
    header: Sequence[str],
    problems: Collector,
    *,
    text_only: bool,
) -> Iterator[tuple[int, Sequence[object]]]:
    """``rows`` without those holding a cell that is not a value; a problem names each such cell."""
    for row in rows:  # each row passed on as it came (no new pair per row)
        cells = row[1]
        if text_only:
            # Most rows hold neither an error's text nor a long cell: one pass in C
            # over the row's text says so, and only the other rows (and a workbook's
            # typed cells) are looked at cell by cell.
            joined = "\x00".join(cells)  # type: ignore[arg-type]  # CSV cells are strings
            if "#" not in joined and "Err:" not in joined and len(joined) <= MAX_CELL:
                yield row
                continue
        found = list(_flaws(cells))
        if not found:
            yield row
            continue
        line = row[0]
        for i, flaw in found:
            name = header[i] if i < len(header) and header[i] else f"#{i + 1}"
            message, suggestion = _WHY[flaw.kind]
            if not text_only:
                message = f"{message} (cell {reference(i, line)})"
            problems.add(line, name, flaw.shown, message, suggestion=suggestion)


def header_flaws(
    header: Sequence[object], line: int, problems: Collector, *, text_only: bool
) -> bool:
    """Whether the header row holds a cell that is not a value (each named in a problem)."""
    found = list(_flaws(header))
    for i, flaw in found:
        message, suggestion = _WHY[flaw.kind]
        where = f" (cell {reference(i, line)})" if not text_only else ""
        problems.add(
            line, f"#{i + 1}", flaw.shown, f"the header: {message}{where}", suggestion=suggestion
        )
    return bool(found)
