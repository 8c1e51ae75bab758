"""The one rule for text ctpat writes out (private): CSV cells and terminal text.

Names, references and messages come from partner files and official services
that nobody checked. Written out, such text must stay one value:

- in CSV, a cell a spreadsheet would run as a formula (OWASP "CSV injection":
  text starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return)
  gets a leading ``'``, which spreadsheets show as text and
  :func:`ctpat.io.read_csv` removes again; and every cell holding a quote,
  the delimiter, a line feed or a carriage return is quoted, whatever the
  line ending, so that one record is one row;
- on a terminal, control characters (C0, DEL, C1, and the Unicode marks that
  reorder or break lines) are shown escaped (``\\n``, ``\\x1b``, ``\\u202e``),
  so that text can neither start a line of its own nor recolour, retitle or
  rewrite the terminal; in JSON text, the same characters are written as
  JSON's own ``\\u`` escapes, which every reader decodes back.

>>> import io
>>> out = io.StringIO()
>>> writer = CsvWriter(out, line_end="\\n")
>>> writer.row(["=HYPERLINK(1)", "Two\\rrows", "-"])
>>> out.getvalue()
'\\'=HYPERLINK(1),"Two\\rrows",\\'-\\n'
>>> for_terminal("Acme\\n\\x1b[32mpassed")
'Acme\\\\n\\\\x1b[32mpassed'
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Protocol

__all__ = [
    "ERROR_VALUES",
    "FORMULA",
    "CsvWriter",
    "csv_cell",
    "csv_value",
    "for_terminal",
    "is_error_text",
    "json_for_terminal",
]

#: Text a spreadsheet would run as a formula, or text that already starts with
#: the quotes the writer puts in front of such text (it gets one more, so that
#: every value reads back as it was).
FORMULA = re.compile(r"'*[=+\-@\t\r]")

#: The error values of Excel, LibreOffice and Google Sheets, as they show them.
ERROR_VALUES = frozenset(
    {
        "#NULL!",
        "#DIV/0!",
        "#VALUE!",
        "#REF!",
        "#NAME?",
        "#NUM!",
        "#N/A",
        "#GETTING_DATA",
        "#SPILL!",
        "#CALC!",
        "#FIELD!",
        "#BLOCKED!",
        "#CONNECT!",
        "#BUSY!",
        "#UNKNOWN!",
        "#PYTHON!",
        "#ERROR!",
        "Err:502",
        "Err:504",
        "Err:508",
        "Err:522",
    }
)


# What csv_cell quotes, in one pattern (it runs for every cell of a large CSV):
# a formula, or an error value behind spaces and quotes, as is_error_text
# strips them (``\s`` and ``str.strip`` both take Unicode's whitespace).
_ERRORS = "|".join(re.escape(value) for value in sorted(ERROR_VALUES, key=len, reverse=True))
_TO_QUOTE = re.compile(rf"{FORMULA.pattern}|\s*'*\s*(?:{_ERRORS})\s*\Z")

# C0 and C1 controls, DEL, the Arabic letter mark, the directional marks,
# embeddings, overrides and isolates, and the line and paragraph separators.
_MARKS = "\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029"
_CONTROL = re.compile(f"[\x00-\x1f{_MARKS}]")
# JSON text escapes C0 in its strings itself, and its layout is C0 (newlines).
_JSON_LEFT = re.compile(f"[{_MARKS}]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class _Sink(Protocol):
    def write(self, text: str, /) -> object: ...


def is_error_text(text: str) -> bool:
    """Whether ``text`` is an error value's text, perhaps behind the writer's quotes.

    >>> is_error_text("#N/A"), is_error_text("'#REF!"), is_error_text("N/A")
    (True, True, False)
    """
    return text.strip().lstrip("'").strip() in ERROR_VALUES


def csv_cell(value: str) -> str:
    """``value`` as a CSV cell a spreadsheet shows as text (see the module); an
    error value's text gets the quote too: read back bare, it would be an error.

    >>> csv_cell("+cmd|' /C calc'!A0"), csv_cell("#N/A"), csv_cell("Acme")
    ("'+cmd|' /C calc'!A0", "'#N/A", 'Acme')
    """
    return "'" + value if _TO_QUOTE.match(value) else value


def csv_value(cell: str) -> str:
    """The value :func:`csv_cell` wrote as ``cell``: the quote it put in front taken off.

    >>> csv_value("'=SUM(A1)"), csv_value("''=SUM(A1)"), csv_value("'#N/A"), csv_value("'Acme")
    ('=SUM(A1)', "'=SUM(A1)", '#N/A', "'Acme")
    """
    return cell[1:] if cell[:1] == "'" and csv_cell(cell[1:]) == cell else cell


class _Lines:
    """The csv module's rows with each row's CRLF replaced by ``end``: the module
    quotes a cell holding a character of its line terminator only, so it is
    always given CRLF, and a lone carriage return is quoted too."""

    def __init__(self, out: _Sink, end: str) -> None:
        self._out = out
        self._end = end

    def write(self, row: str) -> None:
        # The csv module writes each row, terminator included, in one call.
        self._out.write(row if self._end == "\r\n" else row[:-2] + self._end)


class CsvWriter:
    """Rows of text written as CSV under the rule of the module, lines ending
    with ``line_end`` (CRLF, as RFC 4180 says, unless told otherwise)."""

    def __init__(self, out: _Sink, *, line_end: str = "\r\n") -> None:
        if line_end not in ("\r\n", "\n"):
            raise ValueError(f"line_end must be '\\r\\n' or '\\n', not {line_end!r}")
        self._writer = csv.writer(_Lines(out, line_end), lineterminator="\r\n")

    def row(self, cells: Iterable[str]) -> None:
        """Write one row, every cell through :func:`csv_cell`."""
        self._writer.writerow([csv_cell(cell) for cell in cells])


def _escaped(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def for_terminal(text: str) -> str:
    """``text`` with its control characters shown escaped (see the module).

    >>> for_terminal("Rhein\\u202eGmbH"), for_terminal("Zoë")
    ('Rhein\\\\u202eGmbH', 'Zoë')
    """
    if text.isascii() and text.isprintable():
        return text  # ASCII's controls (C0 and DEL) are its unprintable characters
    return _CONTROL.sub(_escaped, text)


def json_for_terminal(text: str) -> str:
    """JSON ``text`` with the control characters ``json.dumps`` leaves as they are
    (DEL, C1, the marks of the module) written as ``\\u`` escapes: the same JSON.

    >>> import json
    >>> json_for_terminal(json.dumps("Acme\x9b31m", ensure_ascii=False))
    '"Acme\\\\u009b31m"'
    """
    if text.isascii() and "\x7f" not in text:
        return text  # the one mark ASCII holds is DEL: nothing to search for
    return _JSON_LEFT.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
