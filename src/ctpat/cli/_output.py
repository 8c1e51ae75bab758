"""How the ``ctpat`` command prints: tables, CSV, JSON, JSON Lines, colour, progress (private).

Every command that prints records hands them here as plain JSON-ready
dictionaries; ``--format`` chooses how they are written. JSON is one document
(the records under ``"records"``, one a line, beside the question asked and
the data version), JSON Lines one record a line, CSV one row a record with list fields
joined by `` | ``. The schemas are in ``docs/schemas/``.

>>> import io
>>> out = io.StringIO()
>>> emit(out, "jsonl", [{"code": "CTPAT", "levels": ["tier-1"]}], envelope={}, columns=("code",))
>>> out.getvalue()
'{"code":"CTPAT","levels":["tier-1"]}\\n'
"""

from __future__ import annotations

import io
import itertools
import json
import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any, Generic, TextIO, TypeVar

from ctpat._documents import cell
from ctpat._text import CsvWriter, for_terminal, json_for_terminal

__all__ = [
    "FORMATS",
    "PROGRESS_FROM",
    "Again",
    "Painter",
    "emit",
    "explanation",
    "say",
    "table",
]

#: The formats of every command that prints records.
FORMATS = ("table", "csv", "json", "jsonl")
#: Asking the official services about more numbers than this shows a progress
#: line on a terminal.
PROGRESS_FROM = 2000

Record = Mapping[str, Any]

_COLOURS = {"green": "32", "red": "31", "yellow": "33", "bold": "1"}

#: Records written to the stream at a time: few ``write`` calls, whether or not
#: the stream is buffered (``PYTHONUNBUFFERED=1`` makes every call a system call).
_CHUNK = 500

T = TypeVar("T")


class Painter:
    """Colours text for a terminal: only when ``stream`` is one and ``NO_COLOR`` is unset.

    >>> import io
    >>> Painter(io.StringIO())("passed", "green")
    'passed'
    """

    def __init__(self, stream: TextIO) -> None:
        isatty = getattr(stream, "isatty", None)
        # https://no-color.org: any non-empty NO_COLOR turns colour off.
        self.enabled = bool(isatty is not None and isatty() and not os.environ.get("NO_COLOR"))

    def __call__(self, text: str, colour: str | None) -> str:
        if not self.enabled or colour is None or not text:
            return text
        return f"\x1b[{_COLOURS[colour]}m{text}\x1b[0m"


def table(
    out: TextIO,
    header: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    tint: Callable[[Sequence[str]], Sequence[str | None]] | None = None,
) -> None:
    """Print ``rows`` under ``header`` in aligned columns; ``tint`` gives a row's
    cells their colours.

    ``rows`` is read twice, for the widths and then for the lines: a sequence,
    or an iterable that starts afresh each time it is iterated (:class:`Again`),
    so that a long table is never held as a whole. Control characters in a cell
    are shown escaped (:func:`ctpat._text.for_terminal`): a name cannot start a
    row of its own or recolour the terminal.

    >>> import io
    >>> out = io.StringIO()
    >>> table(out, ("name", "outcome"), [("Acme\\npassed", "failed")])
    >>> print(out.getvalue(), end="")
    name           outcome
    Acme\\npassed  failed
    """
    paint = Painter(out)
    header = [for_terminal(h) for h in header]
    widths = [len(h) for h in header]
    for row in rows:
        widths = [max(w, len(for_terminal(cell))) for w, cell in zip(widths, row, strict=True)]
    lines = ["  ".join(h.ljust(w) for h, w in zip(header, widths, strict=True)).rstrip()]
    none = [None] * len(header)
    for row in rows:
        tints = tint(row) if tint is not None else none
        cells = [
            paint(shown, colour) + " " * (w - len(shown))
            for shown, w, colour in zip(map(for_terminal, row), widths, tints, strict=True)
        ]
        lines.append("  ".join(cells).rstrip())
        if len(lines) >= _CHUNK:
            _flush(out, lines)
    _flush(out, lines)


def _flush(out: TextIO, lines: list[str]) -> None:
    """Write ``lines`` (each with its line end) in one call, and empty the list."""
    if lines:
        out.write("\n".join(lines) + "\n")
        lines.clear()


class Again(Generic[T]):
    """An iterable that calls ``start`` for a fresh iterator each time it is
    iterated: what :func:`table` reads twice without a list of every row.

    >>> rows = Again(lambda: (str(i) for i in range(3)))
    >>> list(rows), list(rows)
    (['0', '1', '2'], ['0', '1', '2'])
    """

    def __init__(self, start: Callable[[], Iterable[T]]) -> None:
        self._start = start

    def __iter__(self) -> Iterator[T]:
        return iter(self._start())


def _json_document(out: TextIO, envelope: Mapping[str, Any], records: Iterable[Record]) -> None:
    """One JSON document: the envelope's fields a line each, then ``records``
    with one record a line. Every value goes through the C encoder (``indent``
    would use the standard library's pure-Python one), and the text is written
    a few hundred records at a time, as the records come."""
    dumps = json.JSONEncoder(ensure_ascii=False).encode
    head = "".join(f"  {dumps(key)}: {dumps(value)},\n" for key, value in envelope.items())
    chunks = _chunks(records)
    chunk = next(chunks, None)
    if chunk is None:
        out.write(json_for_terminal(f'{{\n{head}  "records": []\n}}\n'))
        return
    text = ",\n".join("    " + dumps(record) for record in chunk)
    out.write(json_for_terminal(f'{{\n{head}  "records": [\n{text}'))
    for chunk in chunks:
        text = ",\n".join("    " + dumps(record) for record in chunk)
        out.write(json_for_terminal(",\n" + text))
    out.write("\n  ]\n}\n")


def _chunks(records: Iterable[Record]) -> Iterator[list[Record]]:
    """``records`` in lists of :data:`_CHUNK`, the last one shorter."""
    it = iter(records)
    while chunk := list(itertools.islice(it, _CHUNK)):
        yield chunk


def emit(
    out: TextIO,
    format: str,
    records: Iterable[Record],
    *,
    envelope: Mapping[str, Any],
    columns: Sequence[str],
    show: Callable[[], None] | None = None,
) -> None:
    """Write ``records`` in ``format``, each as it comes; ``show`` prints the
    table (default: ``columns``, the records then held to size the columns).

    Every format is safe on a terminal: JSON escapes every control character
    (:func:`ctpat._text.json_for_terminal` adds the few ``json`` leaves), the
    table shows them escaped; CSV, for programs, keeps the values as they are
    under the one CSV rule."""
    if format == "json":
        _json_document(out, envelope, records)
    elif format == "jsonl":
        dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":")).encode
        for chunk in _chunks(records):
            out.write(json_for_terminal("".join(dumps(record) + "\n" for record in chunk)))
    elif format == "csv":
        buffer = io.StringIO()
        writer = CsvWriter(buffer, line_end="\n")
        writer.row(columns)
        for index, record in enumerate(records, start=1):
            writer.row([cell(record.get(column)) for column in columns])
            if index % _CHUNK == 0:
                out.write(buffer.getvalue())
                buffer.seek(0)
                buffer.truncate()
        out.write(buffer.getvalue())
    elif show is not None:
        show()
    else:
        table(out, columns, [[cell(r.get(c)) for c in columns] for r in records])


def say(out: TextIO, text: str) -> None:
    """Print ``text`` for people: each of its lines with control characters shown escaped."""
    print("\n".join(for_terminal(line) for line in text.split("\n")), file=out)


def explanation(explain: str, messages: Sequence[str]) -> str:
    """An ``explain()`` text (a heading line, then ``- message`` a reason) for a
    terminal: the messages escaped one by one, so that none can add a line."""
    head = explain.partition("\n")[0]
    return "\n".join([for_terminal(head), *(f"- {for_terminal(m)}" for m in messages)])
