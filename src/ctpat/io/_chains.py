"""Supply chains in from a sheet of who buys from whom (private).

One row per link: the customer and the supplier it buys from (its upstream
partner). Read by :func:`~ctpat.io.read_rows`; every problem names its file
and line.
"""

from __future__ import annotations

import os
import re
from typing import IO

import attrs

from ctpat.io._problems import ReadProblem, Reported
from ctpat.io._rows import read_rows
from ctpat.supplychains import SupplyChain

__all__ = ["ChainIntake", "read_chain"]

_HEADERS = {
    "customer": ("customer", "buyer", "participant", "downstream", "from", "partnerof"),
    "supplier": ("supplier", "partner", "upstream", "to", "vendor", "supplierid", "partnerid"),
}
_BY_HEADER = {spelling: field for field, names in _HEADERS.items() for spelling in names}


@attrs.frozen
class ChainIntake(Reported):
    """What :func:`read_chain` read: the chain (``None`` when a problem was
    found) and every problem with its file and line. Raises nothing."""

    chain: SupplyChain | None
    problems: tuple[ReadProblem, ...]
    file: str | None = None


def read_chain(
    source: str | os.PathLike[str] | IO[bytes], *, name: str | None = None
) -> ChainIntake:
    """A :class:`~ctpat.supplychains.SupplyChain` from a sheet with a ``customer`` and a
    ``supplier`` column (also ``buyer`` / ``partner``, ``upstream``, ...):
    one row per link, a customer on as many rows as it has suppliers.

    >>> import io
    >>> intake = read_chain(io.BytesIO(b"Customer,Supplier\\nacme,mill\\nmill,mine\\nmill,\\n"), name="chain.csv")
    >>> print(intake.problems[0])
    chain.csv, line 4, column 'Supplier': no participant id (got '')
    >>> read_chain(io.BytesIO(b"Customer,Supplier\\nacme,mill\\nmill,mine\\n")).chain.upstream("acme")
    {'mill': ('acme', 'mill'), 'mine': ('acme', 'mill', 'mine')}

    Problems never raise. Raises ``TypeError`` for a source of the wrong type.
    """
    rows = read_rows(source, name=name)
    file = rows.file
    if rows.problems:
        return ChainIntake(None, rows.problems, file)
    columns: dict[str, int] = {}
    for index, header in enumerate(rows.header):
        field = _BY_HEADER.get(re.sub(r"[^a-z0-9]", "", header.casefold()))
        if field is not None and field not in columns:
            columns[field] = index
    problems = [
        ReadProblem.at(file, 1, None, list(rows.header), f"no {field} column",
                       accepted=", ".join(_HEADERS[field]))
        for field in _HEADERS
        if field not in columns
    ]  # fmt: skip
    if problems:
        return ChainIntake(None, tuple(problems), file)
    pairs: list[tuple[str, str]] = []
    for line, cells in rows.rows:
        pair = []
        for field in ("customer", "supplier"):
            index = columns[field]
            value = cells[index].strip() if index < len(cells) else ""
            if not value:
                problems.append(
                    ReadProblem.at(
                        file, line, rows.header[index].strip(), value, "no participant id"
                    )
                )
            pair.append(value)
        if all(pair):
            pairs.append((pair[0], pair[1]))
    if problems:
        return ChainIntake(None, tuple(problems), file)
    return ChainIntake(SupplyChain.from_pairs(pairs), (), file)
