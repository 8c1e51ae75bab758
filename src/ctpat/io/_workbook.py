"""Excel ``.xlsx`` workbooks, read row by row as a spreadsheet shows them (private).

openpyxl (the ``excel`` extra) opens the workbook: its sheets, shared strings
and date formats. The chosen sheet's rows are then read here, one ``<row>``
element at a time, because what a cell *is* must be known, not guessed:

- a formula keeps its saved value; a formula saved without one is a
  :class:`~ctpat.io._cells.Flaw` (openpyxl's ``data_only`` mode reads it as blank);
- an error cell is a flaw (``values_only`` reads it as the text ``"#N/A"``);
- a **merged range** fills each of its cells with the value of its first cell,
  as a spreadsheet shows it (read-only mode never sees merged ranges). A row
  that only a merged range reaches, between two rows of the sheet, is read
  too; a merged range is clipped one column past the header (a value there
  is a row with more fields than columns);
- only the cells a row holds are read: a sheet whose declared size runs to
  ``XFD1048576`` (one formatted cell far away) is not padded to it.

Before anything is parsed, the shared strings and the sheet are streamed once
to find merged ranges and to refuse a cell longer than
:data:`~ctpat.io._cells.MAX_CELL` characters, so that no such cell is ever
held whole. Any damage (a truncated or garbled part, a missing part) is a
problem naming the file, never an exception.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator, Sequence
from typing import Any

from ctpat.io._cells import MAX_CELL, Flaw, checked, header_flaws
from ctpat.io._problems import Collector
from ctpat.io._sources import Cell, Table, text_of

__all__ = ["MAX_PART_CELL_BYTES", "xlsx_table"]

#: The most bytes one cell's XML may take (4 bytes a character at most in
#: UTF-8, and room for its tags): a longer one is refused before it is parsed.
MAX_PART_CELL_BYTES = 4 * MAX_CELL + 4096

_CHUNK = 1 << 20
_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_ROW, _V, _F, _IS = (_NS + t for t in ("row", "v", "f", "is"))
# Where a cell (or a shared string) starts; its XML runs to the next one.
_CELL_START = re.compile(rb"<(?:[\w.-]+:)?(?:c|si|row)[\s>/]")
_DATA_END = re.compile(rb"</(?:[\w.-]+:)?sheetData\s*>")
_MERGE = re.compile(rb"<(?:[\w.-]+:)?mergeCell\s[^>]*?\bref\s*=\s*[\"']([A-Za-z0-9:$]+)[\"']")


class _TooLong(Exception):
    """A part holds a cell longer than the bound (private control flow)."""


def _scan(archive: zipfile.ZipFile, part: str, *, cells_end: bool) -> list[str]:
    """The merged ranges of a part, streaming it once; :class:`_TooLong` for an oversized cell.

    ``cells_end``: the cells end at ``</sheetData>`` (a sheet); what follows
    (merged ranges, validations) is not cells.
    """
    merges: list[str] = []
    carry = b""
    open_len = 0  # bytes since the last cell started
    in_cells = True
    with archive.open(part) as stream:
        while True:
            chunk = stream.read(_CHUNK)
            buffer = carry + chunk
            if chunk:
                # Cut after the last '<' so that no tag is split between two reads.
                cut = buffer.rfind(b"<")
                if cut <= 0:
                    cut = len(buffer)
                head, carry = buffer[:cut], buffer[cut:]
            else:
                head, carry = buffer, b""
            if in_cells:
                cells = head
                if cells_end and (end := _DATA_END.search(head)) is not None:
                    cells, in_cells = head[: end.start()], False
                pieces = _CELL_START.split(cells)
                open_len += len(pieces[0])
                if len(pieces) > 1:
                    longest = max(map(len, pieces[1:-1]), default=0)
                    if max(open_len, longest) > MAX_PART_CELL_BYTES:
                        raise _TooLong
                    open_len = len(pieces[-1])
                if open_len + len(carry) > MAX_PART_CELL_BYTES:
                    raise _TooLong
            elif len(carry) > MAX_PART_CELL_BYTES:
                raise _TooLong
            if b"mergeCell" in head:
                merges.extend(m.decode("ascii") for m in _MERGE.findall(head))
            if not chunk:
                return merges


def xlsx_table(file: io.BytesIO, sheet: str | None, problems: Collector) -> Table | None:
    """The header and rows of a workbook's sheet (``None`` and a problem if it cannot be read)."""
    try:
        import openpyxl
    except ModuleNotFoundError:
        problems.add(
            None,
            None,
            None,
            "reading .xlsx files needs the 'excel' extra",
            suggestion="pip install 'ctpat[excel]', or save the sheet as CSV",
        )
        return None
    try:
        archive = zipfile.ZipFile(file)
        for part in archive.namelist():
            if part.lower().endswith("sharedstrings.xml"):
                _scan(archive, part, cells_end=False)
        book: Any = openpyxl.load_workbook(file, read_only=True, data_only=True)
    except _TooLong:
        problems.add(None, None, None, _too_long())
        return None
    # A damaged workbook can make the parser raise nearly anything (a zip, XML,
    # key, index or type error): whatever it is, the file cannot be read.
    except Exception as err:  # noqa: BLE001
        problems.add(
            None, None, None, f"not an Excel .xlsx workbook, or a damaged one ({_said(err)})"
        )
        return None
    try:
        names = book.sheetnames
        if sheet is not None and sheet not in names:
            problems.add(
                None,
                None,
                sheet,
                "the workbook has no sheet of that name",
                accepted=", ".join(repr(n) for n in names),
                suggestion="give the sheet with --sheet, "
                "or 'sheet' under [read] in the mapping file",
            )
            book.close()
            return None
        worksheet: Any = book[sheet] if sheet is not None else book.worksheets[0]
        part = worksheet._worksheet_path
        merges = _scan(archive, part, cells_end=True)
        source = _rows(
            archive.open(part),
            _merged(merges),
            worksheet._shared_strings,
            book.epoch,
            frozenset(book._date_formats),
            frozenset(book._timedelta_formats),
            problems,
        )
        first = next(source, None)
    except _TooLong:
        book.close()
        problems.add(None, None, None, _too_long())
        return None
    except Exception as err:  # noqa: BLE001 - as above: damage of any kind
        book.close()
        problems.add(
            None, None, None, f"not an Excel .xlsx workbook, or a damaged one ({_said(err)})"
        )
        return None
    if first is None:
        book.close()
        if not problems:
            problems.add(1, None, None, "the sheet has no header row")
        return None
    line, cells = first
    if header_flaws(cells, line, problems, text_only=False):
        book.close()
        return None

    def rows() -> Iterator[tuple[int, Sequence[Cell]]]:
        try:
            yield from source
        finally:
            book.close()

    names = tuple(text_of(h) for h in cells)
    return Table(names, line, checked(rows(), names, problems, text_only=False))


def _too_long() -> str:
    return f"the workbook holds a cell longer than {MAX_CELL:,} characters; it is not read"


def _said(err: BaseException) -> str:
    text = str(err).splitlines()[0][:200] if str(err) else ""
    return f"{type(err).__name__}: {text}" if text else type(err).__name__


class _Merge:
    __slots__ = ("first_col", "first_row", "last_col", "last_row", "value")

    def __init__(self, first_col: int, first_row: int, last_col: int, last_row: int) -> None:
        self.first_col, self.first_row = first_col, first_row
        self.last_col, self.last_row = last_col, last_row
        self.value: object = None


def _merged(refs: list[str]) -> dict[int, list[_Merge]]:
    """Merged ranges by their first row (ranges of one cell, or unreadable, left out)."""
    from openpyxl.utils.cell import range_boundaries

    by_row: dict[int, list[_Merge]] = {}
    for ref in refs:
        try:
            bounds = range_boundaries(ref.replace("$", ""))
        except (ValueError, TypeError):
            continue  # a range openpyxl cannot read is not a range a spreadsheet shows
        first_col, first_row, last_col, last_row = (b or 0 for b in bounds)
        if not (first_col and first_row and last_col and last_row):
            continue  # a whole row or column ("A:A"): not what a merged range is
        if (first_col, first_row) == (last_col, last_row):
            continue
        by_row.setdefault(first_row, []).append(_Merge(first_col, first_row, last_col, last_row))
    return by_row


def _rows(
    stream: Any,
    merges: dict[int, list[_Merge]],
    strings: Sequence[str],
    epoch: Any,
    date_styles: frozenset[int],
    timedelta_styles: frozenset[int],
    problems: Collector,
) -> Iterator[tuple[int, list[object]]]:
    """The sheet's non-blank rows, ``(row number, cells)``, merged ranges filled."""
    from openpyxl.xml.functions import iterparse

    active: list[_Merge] = []
    width: int | None = None  # the header's, once read
    previous = 0
    line = 0
    try:
        for _, element in iterparse(stream):
            if element.tag != _ROW:
                continue
            number = element.get("r")
            line = int(number) if number else previous + 1
            if line <= previous:
                raise ValueError(f"row {line} after row {previous}")
            cells = _cells(element, strings, epoch, date_styles, timedelta_styles)
            element.clear()
            # Rows between the last one and this that only a merged range reaches.
            for gap in range(previous + 1, line):
                active = [m for m in active if m.last_row >= gap]
                if not active:
                    break
                row = _filled({}, gap, active, width)
                if row is not None:
                    yield gap, row
            previous = line
            for merge in merges.pop(line, ()):
                merge.value = cells.get(merge.first_col)
                active.append(merge)
            if active:
                active = [m for m in active if m.last_row >= line]
            row = _filled(cells, line, active, width)
            if row is not None:
                if width is None:
                    width = len(row)
                yield line, row
    except Exception as err:  # noqa: BLE001 - damage of any kind stops the reading
        problems.add(
            line + 1 if line else None,
            None,
            None,
            f"cannot read further: the sheet is damaged ({_said(err)})",
        )
    finally:
        stream.close()


def _filled(
    cells: dict[int, object], line: int, active: list[_Merge], width: int | None
) -> list[object] | None:
    """A row's cells in order, merged values in place (``None``: a blank row)."""
    for merge in active:
        value = merge.value
        if value is None or value == "":
            continue
        last = merge.last_col if width is None else min(merge.last_col, width + 1)
        for column in range(merge.first_col, last + 1):
            cells[column] = value
    filled = [c for c, v in cells.items() if v is not None and v != ""]
    if not filled:
        return None
    row: list[object] = [None] * max(filled)
    for column in filled:
        row[column - 1] = cells[column]
    return row


def _cells(
    row: Any,
    strings: Sequence[str],
    epoch: Any,
    date_styles: frozenset[int],
    timedelta_styles: frozenset[int],
) -> dict[int, object]:
    """A ``<row>`` element's cells by column (1 is A): values, or flaws."""
    from openpyxl.cell.text import Text
    from openpyxl.utils.cell import coordinate_to_tuple
    from openpyxl.utils.datetime import from_excel, from_ISO8601

    found: dict[int, object] = {}
    column = 0
    for cell in row:
        where = cell.get("r")
        column = coordinate_to_tuple(where)[1] if where else column + 1
        kind = cell.get("t", "n")
        value: object
        if kind == "inlineStr":
            inline = cell.find(_IS)
            text = Text.from_tree(inline) if inline is not None else None
            value = text.content if text is not None else None
        else:
            value = cell.findtext(_V)
        if value is None or value == "":
            formula = cell.find(_F)
            if formula is not None:
                value = Flaw("formula", "=" + (formula.text or ""))
            found[column] = value
            continue
        assert isinstance(value, str)
        if kind == "e":
            value = Flaw("error", value)
        elif kind == "s":
            value = strings[int(value)]
        elif kind == "b":
            value = value.strip() in ("1", "true")
        elif kind == "d":
            value = from_ISO8601(value)  # type: ignore[no-untyped-call]
        elif kind == "n":
            number: int | float = (
                float(value) if "." in value or "e" in value.lower() else int(value)
            )
            style = int(cell.get("s", 0))
            value = number
            if style in date_styles:
                try:
                    value = from_excel(number, epoch, timedelta=style in timedelta_styles)
                except (OverflowError, ValueError):
                    value = Flaw("error", f"{number} (a date outside the calendar)")
        found[column] = value
    return found
