"""Where partner lists live: CSV text, Excel workbooks, JSON documents (private).

Each source gives the header row and then ``(physical line, cells)`` for every
non-blank row whose cells are all values (:mod:`ctpat.io._cells`); anything
that stops the reading is a problem in the collector. Workbooks are read by
:mod:`ctpat.io._workbook`.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterator, Sequence

import attrs

from ctpat._text import csv_value
from ctpat.io._cells import checked, header_flaws
from ctpat.io._problems import Collector

__all__ = ["Cell", "Table", "csv_table", "decode", "lines", "sniff_delimiter", "text_of"]

Cell = object
_DELIMITERS = ",;\t|"


@attrs.frozen
class Table:
    """A sheet: its header cells, the header's line, and the rows after it."""

    header: tuple[str, ...]
    line: int
    rows: Iterator[tuple[int, Sequence[Cell]]]
    #: Whether every cell is a string (CSV), not a typed value (a workbook's).
    text_only: bool = False


def decode(data: bytes, encoding: str | None, problems: Collector) -> str | None:
    """``data`` as text (UTF-8 by default, a byte-order mark dropped); ``None`` and a problem if not."""
    name = encoding or "utf-8-sig"
    if name.replace("-", "").replace("_", "").lower() == "utf8":
        name = "utf-8-sig"
    try:
        return data.decode(name)
    except LookupError:
        problems.add(None, None, encoding, "unknown encoding", suggestion="try --encoding cp1252")
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        problems.add(
            line,
            None,
            data[err.start : err.end + 8].decode("latin-1"),
            f"the file is not {encoding or 'UTF-8'} text (byte {err.start + 1})",
            suggestion="give its encoding with --encoding (e.g. --encoding cp1252), "
            "or 'encoding' under [read] in the mapping file",
        )
    return None


def sniff_delimiter(text: str) -> str:
    """The delimiter of a CSV text: the most frequent of ``, ; tab |`` in its first line.

    >>> sniff_delimiter("Name;Country;Program\\n"), sniff_delimiter("a\\tb\\n"), sniff_delimiter("x\\n")
    (';', '\\t', ',')
    """
    first = text.lstrip("\r\n").split("\n", 1)[0]
    counts = {d: first.count(d) for d in _DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


#: How much text :func:`lines` hands to one ``StringIO`` at a time, in characters.
_CHUNK = 1 << 16


def lines(text: str) -> Iterator[str]:
    """The lines of ``text`` with their ends (``\\n``, ``\\r\\n`` or ``\\r``), as
    ``io.StringIO(text, newline="")`` gives them, for the ``csv`` module.

    A ``StringIO`` keeps its text at four bytes a character (hundreds of
    megabytes for a million-row export, on top of the text), so the text is
    handed over in pieces of about :data:`_CHUNK` characters, each cut just
    after a ``\\n`` so that no line end is split.

    >>> list(lines("a\\r\\nb\\rc\\n\\nd"))
    ['a\\r\\n', 'b\\r', 'c\\n', '\\n', 'd']
    """
    start, size = 0, len(text)
    while start < size:
        end = text.rfind("\n", start, start + _CHUNK) + 1
        if end <= start:  # no line end in the window: one long line (or \r alone)
            end = text.find("\n", start + _CHUNK) + 1 or size
        if end >= size or start + _CHUNK >= size:
            end = size
        yield from io.StringIO(text[start:end], newline="")
        start = end


def csv_table(text: str, delimiter: str | None, problems: Collector) -> Table | None:
    """The header and rows of CSV text (``None`` and a problem if it has no header)."""
    reader = csv.reader(lines(text), delimiter=delimiter or sniff_delimiter(text))

    def rows() -> Iterator[tuple[int, list[str]]]:
        # A row starts on the line after the previous one ended (a quoted field
        # may span lines, and blank lines are skipped).
        prev = 0
        try:
            for row in reader:
                start = prev + 1
                prev = reader.line_num
                if row and any(row):
                    yield start, row
        except csv.Error as err:
            problems.add(
                prev + 1,
                None,
                None,
                f"cannot read further: {err}",
                suggestion="a field longer than the limit, or a stray quote",
            )

    source = rows()
    first = next(source, None)
    if first is None:
        if not problems:
            problems.add(1, None, None, "the file has no header line")
        return None
    line, header = first
    if header_flaws(header, line, problems, text_only=True):
        return None
    names = tuple(h.strip() for h in header)
    return Table(names, line, checked(source, names, problems, text_only=True), text_only=True)


def text_of(cell: Cell) -> str:
    """A cell as text: strings stripped, whole numbers without ``.0``, dates in ISO form.

    A leading ``'`` before formula-looking text or an error value's text is
    removed again (see :func:`ctpat.io.write_csv`): ``"'=SUM(A1)"`` reads as
    ``"=SUM(A1)"``, ``"'#N/A"`` as ``"#N/A"``.
    """
    if type(cell) is str:
        text = cell.strip()
        return csv_value(text)
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    if isinstance(cell, dt.datetime):
        return cell.date().isoformat() if cell.time() == dt.time() else cell.isoformat()
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return str(cell).strip()
