"""Reading a report page back: the figures it states, its text, its elements.

Shared by the report tests; a plain module, not a test file. It reads the page
with the standard library's HTML parser, the way a browser's parser would tokenise
it, so that what it finds is what a reader sees.
"""

from __future__ import annotations

from collections import Counter
from html.parser import HTMLParser

import attrs


@attrs.define
class Page:
    """What a page states: ``<data>`` values by id, the rows of the group tables,
    the number of body rows of each table, every start tag, and the text."""

    values: dict[str, str] = attrs.Factory(dict)
    groups: dict[str, dict[str, dict[str, int]]] = attrs.Factory(dict)
    rows: Counter[str] = attrs.Factory(Counter)
    tags: Counter[str] = attrs.Factory(Counter)
    text: list[str] = attrs.Factory(list)
    cells: dict[str, list[list[str]]] = attrs.Factory(dict)

    def count(self, name: str) -> int:
        return int(self.values[f"count-{name}"])

    def rows_of(self, prefix: str) -> int:
        """Body rows of the tables whose id is ``prefix`` or ``prefix-N`` (the
        sections of a long table)."""
        return sum(n for table, n in self.rows.items() if table.split("-table")[0] == prefix)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self._data: str | None = None
        self._table: str | None = None
        self._group: str | None = None
        self._body = False
        self._row: list[str] | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs_: list[tuple[str, str | None]]) -> None:
        a = dict(attrs_)
        self.page.tags[tag] += 1
        if tag == "data" and a.get("id"):
            self.page.values[str(a["id"])] = str(a["value"])
        elif tag == "table":
            self._table = a.get("id") or ""
        elif tag == "tbody":
            self._body = True
        elif tag == "tr" and self._body and self._table is not None:
            self.page.rows[self._table] += 1
            self._row = []
            self._group = a.get("data-group")
            if self._group is not None:
                self.page.groups.setdefault(self._table, {})[self._group] = {}
        elif tag == "td" and self._group is not None and a.get("data-outcome"):
            table = self.page.groups[self._table or ""]
            table[self._group][str(a["data-outcome"])] = int(str(a["data-count"]))
        if tag in ("td", "th") and self._row is not None:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "tbody":
            self._body = False
        elif tag == "table":
            self._table = None
        elif tag in ("td", "th") and self._row is not None and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.page.cells.setdefault(self._table or "", []).append(self._row)
            self._row = None
            self._group = None

    def handle_data(self, data: str) -> None:
        self.page.text.append(data)
        if self._cell is not None:
            self._cell.append(data)


def read(html: str) -> Page:
    """The figures, rows, tags and text of ``html``."""
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.page
