"""Any table in a file, read the way partner lists are read (private).

The reader behind :func:`ctpat.io.read` for sheets that are not partner lists
(CBAM imports, lists of numbers): the same encodings, delimiters, byte-order
marks, line ends, workbooks and problems with file and line, without the
partner columns.
"""

from __future__ import annotations

import io
import os
from typing import IO

import attrs

from ctpat.io._problems import Collector, ReadProblem, raise_all
from ctpat.io._sources import csv_table, decode, text_of
from ctpat.io._workbook import xlsx_table

__all__ = ["Rows", "read_rows"]


@attrs.frozen
class Rows:
    """A table read from a file: its header, its non-blank rows with their physical
    lines, and every problem met while reading.

    ``rows`` holds ``(line, cells)`` pairs, each cell as text (a workbook's
    numbers and dates as :func:`~ctpat.io.read` writes them). Raises nothing:
    its fields are not checked.
    """

    header: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    problems: tuple[ReadProblem, ...] = ()
    file: str | None = None
    omitted: int = 0

    @property
    def ok(self) -> bool:
        """Whether the file was read without a problem."""
        return not self.problems

    def raise_problems(self) -> None:
        """Raise :class:`~ctpat.errors.DataError` with every problem, if there is one."""
        raise_all(self.file, self.problems, self.omitted)


def read_rows(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    name: str | None = None,
    max_problems: int = 100,
) -> Rows:
    """Read any table from a CSV or ``.xlsx`` file or a binary stream.

    ``encoding`` (default UTF-8, byte-order mark dropped), ``delimiter``
    (default: detected) and ``sheet`` (default: the first) are as for
    :class:`~ctpat.io.SheetMapping`; ``name`` is the file name problems name.
    Problems never raise: they are in :attr:`Rows.problems`. Raises
    ``TypeError`` for a source of the wrong type.

    >>> rows = read_rows(io.BytesIO(b"\\xef\\xbb\\xbfon;cn_code\\r\\n2026-01-12;7208 51 20\\r\\n"), name="imports.csv")
    >>> rows.header, rows.rows
    (('on', 'cn_code'), ((2, ('2026-01-12', '7208 51 20')),))
    >>> print(read_rows(io.BytesIO(b"on\\n\\xe9t\\xe9\\n"), name="x.csv").problems[0])
    x.csv, line 2: the file is not UTF-8 text (byte 4) (got '\\xe9t\\xe9\\n'); give its encoding with --encoding (e.g. --encoding cp1252), or 'encoding' under [read] in the mapping file
    """
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        file: str | None = name if name is not None else os.path.basename(path)
        problems = Collector(file, max_problems)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as err:
            problems.add(None, None, path, f"cannot read the file: {err.strerror}")
            return Rows((), (), tuple(problems.kept), file)
        except ValueError as err:  # a path no file system can hold (a NUL byte)
            problems.add(None, None, path, f"cannot read the file: {err}")
            return Rows((), (), tuple(problems.kept), file)
        workbook = os.path.splitext(path)[1].lower() == ".xlsx"
    elif hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, bytes):
            raise TypeError("read_rows() takes a binary stream")
        file = name
        problems = Collector(file, max_problems)
        workbook = data[:4] == b"PK\x03\x04"
    else:
        raise TypeError(f"source must be a path or a binary stream, not {type(source).__name__}")
    if workbook:
        table = xlsx_table(io.BytesIO(data), sheet, problems)
    else:
        text = decode(data, encoding, problems)
        table = csv_table(text, delimiter, problems) if text is not None else None
    if table is None:
        return Rows((), (), tuple(problems.kept), file, problems.omitted)
    rows: list[tuple[int, tuple[str, ...]]] = []
    for line, cells in table.rows:
        rows.append((line, tuple(text_of(c) if not table.text_only else str(c) for c in cells)))
    return Rows(table.header, tuple(rows), tuple(problems.kept), file, problems.omitted)
