"""Partner data out as CSV that reads back exactly and opens safely in a spreadsheet (private)."""

from __future__ import annotations

import datetime as dt
import io
import json

from ctpat._text import CsvWriter
from ctpat.errors import DataError
from ctpat.identifiers import SCHEMES
from ctpat.participants import PartnerData
from ctpat.registry import reference
from ctpat.serialization import to_dict

__all__ = ["write_csv"]


def write_csv(data: PartnerData, *, as_of: dt.date | None = None) -> str:
    """``data`` as partner CSV that :func:`ctpat.io.read_csv` reads back exactly.

    One row per participant (in order), then one row per certification (in
    order) naming its holder's ``id``, with its full history as JSON in the
    ``events`` column; a ``status_stated`` column says ``no`` where a record's
    origin says its status was not stated. With ``as_of``, ``status`` and
    ``status_on`` columns give each certification's status on that date, for
    people; the reader checks them against the events. Lines end with CRLF and every field
    holding a quote, a delimiter, a line feed or a carriage return is quoted.

    Text that a spreadsheet would run as a formula (starting with ``=``, ``+``,
    ``-``, ``@``, a tab or a carriage return) is written with a leading ``'``,
    which spreadsheets show as text and the reader removes again (a value that
    starts with quotes before such a character gets one more, so every value
    reads back as it was). Every CSV ctpat writes follows this rule: the
    command line's ``--format csv`` and :meth:`ctpat.vetting.VettingReport.to_csv` too.

    >>> import ctpat
    >>> data = ctpat.PartnerData((ctpat.Participant("p1", "=HYPERLINK(1)", "DE"),))
    >>> print(write_csv(data).splitlines()[1])
    p1,'=HYPERLINK(1),DE,,,,,
    >>> from ctpat.io import read_csv
    >>> read_csv(write_csv(data)) == data
    True

    Raises :class:`~ctpat.errors.DataError` for a certification whose holder is
    not among the participants (the file could not say who holds it), or
    whose program is not one of the bundled reference data (``read_csv``
    could not read it back).
    """
    ids = {p.id for p in data.participants}
    orphans = [
        f"certifications[{i}]" for i, c in enumerate(data.certifications) if c.holder not in ids
    ]
    if orphans:
        raise DataError.at(
            orphans[0],
            data.certifications[int(orphans[0][15:-1])].holder,
            "the holder is not among the participants; a partner file cannot carry it",
        )
    programs = reference().programs
    for index, cert in enumerate(data.certifications):
        if cert.program not in programs:
            raise DataError.at(
                f"certifications[{index}].program",
                cert.program,
                "is not a program of the reference data; read_csv could not read it back",
            )
    schemes = sorted({scheme for p in data.participants for scheme in p.identifiers})
    id_columns = [s if s in SCHEMES else f"id:{s}" for s in schemes]
    unstated = any(
        c.origin is not None and not c.origin.status_stated for c in data.certifications
    )
    out = io.StringIO(newline="")
    writer = CsvWriter(out)
    tail = ["program", "reference", "role", "events", *(["status_stated"] if unstated else [])]
    if as_of is not None:
        if type(as_of) is not dt.date:
            raise DataError.at("as_of", as_of, "must be a date")
        tail += ["status", "status_on"]
    writer.row(["id", "name", "country", "roles", *id_columns, *tail])
    blank_tail = [""] * len(tail)
    for p in data.participants:
        writer.row(
            [
                p.id,
                p.name,
                p.country,
                ";".join(sorted(role.value for role in p.roles)),
                *(p.identifiers.get(s, "") for s in schemes),
                *blank_tail,
            ]
        )
    blank_head = [""] * (3 + len(schemes))
    for cert in data.certifications:
        events = json.dumps(to_dict(list(cert.events)), ensure_ascii=False)
        role = cert.role.value if cert.role is not None else ""
        row = [cert.holder, *blank_head, cert.program, cert.reference or "", role]
        row.append(events)
        if unstated:
            row.append("no" if cert.origin is not None and not cert.origin.status_stated else "")
        if as_of is not None:
            row += [cert.events_standing_on(as_of).status.value, as_of.isoformat()]
        writer.row(row)
    return out.getvalue()
