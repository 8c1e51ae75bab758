"""Which generated certifications a partner sheet can tell apart (a test helper).

Rows about one certificate (one number, or one grant date where one row gives no
number) are read as statements about it and merged (``ctpat.io._statements``):
generated data round-trips through a sheet only when no two of its
certifications are such rows.
"""

from __future__ import annotations

from ctpat import EventKind, PartnerData


def one_row_each(data: PartnerData) -> bool:
    """Whether no two of ``data``'s certifications read as statements about one certificate."""
    numbers: set[object] = set()
    granted: dict[object, list[bool]] = {}
    for c in data.certifications:
        base = (c.holder, c.program, c.role)
        if c.reference is not None:
            if (base, c.reference) in numbers:
                return False
            numbers.add((base, c.reference))
        grant = next((e.on for e in c.events if e.kind is EventKind.CERTIFIED), c.events[0].on)
        granted.setdefault((base, grant), []).append(c.reference is None)
    return not any(len(kinds) > 1 and any(kinds) for kinds in granted.values())
