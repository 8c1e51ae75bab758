"""Where a caller's record came from: the file, its line, and what the file stated.

A partner list read from a spreadsheet keeps, on every participant and
certification, the file and the physical line it was read from, so that any
later error or verdict can name them. An origin is provenance, not part of the
record: it is not compared, hashed or shown, so the same certification read
from two files is the same certification.

>>> from ctpat import Origin
>>> str(Origin("partners.csv", 12))
'partners.csv, line 12'
>>> Origin("partners.csv", 12, status_stated=False).status_stated
False
"""

from __future__ import annotations

import attrs

from ctpat import _validation as v
from ctpat.errors import DataError

__all__ = ["MILESTONES", "Origin"]

#: The milestones a source may leave unrecorded (:attr:`Origin.unrecorded`).
MILESTONES = frozenset({"validated", "reviewed"})


# No weak-reference slot: a read keeps one or two origins per row, and nothing
# refers to an origin weakly.
@attrs.frozen(weakref_slot=False)
class Origin:
    """The file (``None``: not a file, e.g. standard input or a program) and the
    physical line (1 is the first) a record was read from.

    ``unrecorded`` names the milestones the source does not record at all
    (``"validated"``, ``"reviewed"``): their deadlines are unknown, not overdue.
    ``status_stated`` is ``False`` when the source gave no status for a
    certification (only, say, the date it was granted): it is then vetted on
    what it does state, and its verdicts say that its status was not stated.
    Raises :class:`~ctpat.errors.DataError` naming the field for a value of
    the wrong type or a line that is not a positive number.
    """

    file: str | None = None
    line: int | None = None
    status_stated: bool = True
    #: The milestones the source does not record at all (``"validated"``,
    #: ``"reviewed"``: a sheet without such a column): their deadlines are
    #: unknown, never overdue. Provenance detail, left out of the repr.
    unrecorded: frozenset[str] = attrs.field(default=frozenset(), repr=False)

    def __attrs_post_init__(self) -> None:
        # Every record of a read gets an origin: the fields are read once each.
        file, line, stated, unrecorded = self.file, self.line, self.status_stated, self.unrecorded
        if file is not None:
            v.text("file", file)
        if line is not None and (type(line) is not int or line < 1):
            raise DataError.at("line", line, "must be a positive line number")
        if type(stated) is not bool:
            raise DataError.at("status_stated", stated, "must be True or False")
        if type(unrecorded) is not frozenset or not unrecorded <= MILESTONES:
            raise DataError.at(
                "unrecorded", unrecorded, "must be a frozenset of 'validated', 'reviewed'"
            )

    def __str__(self) -> str:
        where = self.file if self.file is not None else "(input)"
        return where if self.line is None else f"{where}, line {self.line}"
