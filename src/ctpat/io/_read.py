"""Reading a partner file: choose the source, plan the columns, build the records (private)."""

from __future__ import annotations

import datetime as dt
import io
import os
from typing import IO, TYPE_CHECKING, Literal

import attrs

from ctpat import aliases
from ctpat.aliases import Aliases
from ctpat.errors import DataError
from ctpat.io._mapping import DATE_FIELDS, ColumnUse, SheetMapping, plan
from ctpat.io._problems import Collector, ReadProblem, UnreadRow, raise_all
from ctpat.io._records import Builder
from ctpat.io._sources import Table, csv_table, decode
from ctpat.io._workbook import xlsx_table
from ctpat.origins import Origin
from ctpat.participants import PartnerData
from ctpat.registry import Registry
from ctpat.serialization import from_json

if TYPE_CHECKING:
    from ctpat.enums import Role
    from ctpat.vetting import VettingReport

__all__ = ["FORMATS", "Intake", "load", "read", "read_csv", "read_text"]

#: The file formats :func:`read` knows, by suffix.
FORMATS = {
    ".csv": "csv",
    ".txt": "csv",
    ".tsv": "csv",
    ".xlsx": "xlsx",
    ".xlsm": "xlsx",
    ".json": "json",
}


@attrs.frozen
class Intake:
    """What reading a partner file gave: the data, every problem, and how each column was read.

    ``data`` holds what was read without a problem. A row with a problem in
    its certification columns still gives its participant (from its name and
    country), but not the certification; a row whose participant cannot be
    read gives nothing. Either way the row is named in ``problems``, and a row
    whose participant is known is in ``unread`` too: vetting ``data`` alone
    would take such a participant for one without a certification, so vet an
    intake with :meth:`vet`, which makes that a deliberate choice.
    ``problems`` lists up to the cap given to :func:`read`, and ``omitted``
    counts those past it; ``stranded`` counts the problems no participant can
    carry (the file's header, rows naming no participant); ``columns`` says
    for each column which field it filled and how it was chosen; ``notes``
    say what was derived (ids made from names, ambiguous program spellings
    read by the row's country). ``rows`` counts the rows read. Raises
    nothing: intakes are built by :func:`read`, and their fields are not
    checked.
    """

    data: PartnerData
    problems: tuple[ReadProblem, ...]
    columns: tuple[ColumnUse, ...] = ()
    notes: tuple[str, ...] = ()
    omitted: int = 0
    rows: int = 0
    file: str | None = None
    unread: tuple[UnreadRow, ...] = ()
    stranded: int = 0
    unrecorded: frozenset[str] = frozenset()

    @property
    def ok(self) -> bool:
        """Whether the file was read without a problem."""
        return not self.problems

    def vet(
        self,
        *,
        by: str,
        on: dt.date,
        role: Role | None = None,
        registry: Registry | None = None,
        unreadable: Literal["raise", "unverified"] = "raise",
    ) -> VettingReport:
        """Vet the participants read against program ``by`` on ``on`` (see :func:`ctpat.vetting.vet`).

        With problems, ``unreadable`` decides: ``"raise"`` (the default) raises
        :class:`~ctpat.errors.DataError` with them all, as :meth:`partners`
        does; ``"unverified"`` vets every participant read, and each one a row
        of which could not be read is *unverified*, that row's problem its
        deciding reason (never passed on what the other rows say). Problems no
        participant can carry (:attr:`stranded`) raise either way. Programs
        are those of ``registry`` (default: the bundled reference data).

        >>> import datetime as dt
        >>> intake = read_text("name,country,program,certified_on\\n"
        ...                    "Acme,US,CTPAT,2020-01-06\\nBeta,US,C-TAPT,2020-01-06\\n")
        >>> report = intake.vet(by="CTPAT", on=dt.date(2026, 1, 15), unreadable="unverified")
        >>> [p.id for p in report.unverified]
        ['beta']
        >>> dict(report)[intake.data.participants[1]].deciding.code.value
        'unreadable'

        Raises :class:`~ctpat.errors.DataError` as said, and for an
        ``unreadable`` that is neither; what :func:`ctpat.vetting.vet` raises.
        """
        if unreadable not in ("raise", "unverified"):
            raise DataError.at("unreadable", unreadable, "must be 'raise' or 'unverified'")
        if unreadable == "raise" or self.stranded:
            raise_all(self.file, self.problems, self.omitted)
        if registry is None:
            from ctpat.registry import reference

            registry = reference()
        report = registry.with_partners(self.data).vet(by=by, on=on, role=role)
        return self.carried(report)

    def carried(self, report: VettingReport) -> VettingReport:
        """``report`` with every participant of an :attr:`unread` row *unverified*, the
        row's problem its deciding reason (what :meth:`vet` does). Raises nothing."""
        if not self.unread:
            return report
        from ctpat.enums import ReasonCode
        from ctpat.verdicts import Reason, Verdict
        from ctpat.vetting import VettingEntry

        problems: dict[str, list[str]] = {}
        for row in self.unread:
            problems.setdefault(row.participant, []).extend(row.problems)
        entries = []
        for entry in report.entries:
            found = problems.get(entry.participant.id)
            if found is not None:
                reasons = tuple(
                    Reason(ReasonCode.UNREADABLE, f"{problem}: the row was not read (unverified)")
                    for problem in found
                )
                verdict = Verdict(False, report.on, reasons, report.data_version, report.by)
                entry = VettingEntry(entry.participant, verdict, entry.path)
            entries.append(entry)
        return report.with_entries(entries)

    def partners(self) -> PartnerData:
        """The data if there was no problem; else :class:`~ctpat.errors.DataError` with them all.

        >>> read_text("name,country\\nAcme,Atlantis\\n").partners()
        Traceback (most recent call last):
        ...
        ctpat.errors.DataError: (input), line 2, column 'country': not a... (got 'Atlantis'); accepted: ISO 3166-1 codes (any case) or country names
        """
        raise_all(self.file, self.problems, self.omitted)
        return self.data

    def mapping_table(self) -> str:
        """How each column was read, as a text table.

        >>> print(read_text("Supplier Name,Country\\nAcme,US\\n").mapping_table())
        column  header         read as  how
        1       Supplier Name  name     recognised
        2       Country        country  recognised
        -       (name)         id       derived
        """
        rows = [("column", "header", "read as", "how")]
        rows.extend(
            (
                str(u.position) if u.position is not None else "-",
                u.header,
                u.field or "-",
                u.how,
            )
            for u in self.columns
        )
        widths = [max(len(r[i]) for r in rows) for i in range(4)]
        return "\n".join(
            "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
            for row in rows
        )


#: Spreadsheet formats ctpat does not read, and what to do instead.
_OTHER_SHEETS = dict.fromkeys(
    (".xls", ".xlsb", ".ods", ".numbers"), "save it as .xlsx or CSV from the spreadsheet program"
)


def _mapping(mapping: SheetMapping | str | os.PathLike[str] | None) -> SheetMapping:
    if mapping is None:
        return SheetMapping()
    if isinstance(mapping, SheetMapping):
        return mapping
    if isinstance(mapping, (str, os.PathLike)):
        return SheetMapping.load(mapping)
    raise TypeError(f"mapping must be a SheetMapping or a path, not {type(mapping).__name__}")


def unrecorded_note(milestones: frozenset[str]) -> str:
    """What a list that records no validation or review dates means for deadlines, said once."""
    if milestones >= {"validated", "reviewed"}:
        return (
            "the list records no validation or review dates: those deadlines are unknown, "
            "not overdue (the annual reviews ahead are listed)"
        )
    if "validated" in milestones:
        return (
            "the list records no validation dates: validation deadlines are unknown, not overdue"
        )
    return (
        "the list records no review dates: past annual reviews are unknown, not overdue "
        "(the ones ahead are listed)"
    )


def _reference() -> Registry:
    from ctpat.registry import reference

    return reference()


def _aliases(registry: Registry | None) -> tuple[Aliases, dict[str, str]]:
    catalog = (registry or _reference()).catalog
    return aliases.of(catalog), {p.code: p.territory for p in catalog.programs.values()}


def read(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    mapping: SheetMapping | str | os.PathLike[str] | None = None,
    format: str | None = None,
    name: str | None = None,
    registry: Registry | None = None,
    max_problems: int = 100,
) -> Intake:
    """Read a partner list from a file (``.csv``, ``.xlsx``, ``.json``) or a binary stream.

    ``mapping`` says how to read the columns (a :class:`SheetMapping` or the
    path of a TOML mapping file); ``format`` (``"csv"``, ``"xlsx"``,
    ``"json"``) overrides the file's suffix, and a stream without one is
    recognised by its first bytes. ``name`` is the file name problems name
    (default: the path's, ``None`` for a stream). Programs are those of
    ``registry`` (default: the bundled reference data).

    Problems in the file never raise: they are in :attr:`Intake.problems`.
    Raises :class:`~ctpat.errors.DataError` for a bad mapping, ``TypeError``
    for a source of the wrong type.

    >>> import io
    >>> intake = read(io.BytesIO(b"\\xef\\xbb\\xbfSupplier Name;Country;Program\\r\\nAcme;de;C-TPAT\\r\\n"))
    >>> intake.problems
    (ReadProblem(path="(input), line 2, column 'Program'", ...),)
    >>> print(intake.problems[0])
    (input), line 2, column 'Program': a certification needs a date: the date it was granted (no column is read as 'certified_on')
    """
    sheet = _mapping(mapping)
    if isinstance(source, (str, os.PathLike)):
        path = os.fspath(source)
        file = name if name is not None else os.path.basename(path)
        suffix = os.path.splitext(path)[1].lower()
        kind = format or FORMATS.get(suffix)
        problems = Collector(file, max_problems)
        if os.path.isdir(path):
            problems.add(None, None, path, "a directory, not a partner file")
            return _empty(problems)
        if kind is None:
            problems.add(
                None,
                None,
                os.path.splitext(path)[1] or os.path.basename(path),
                "not a partner file",
                accepted=", ".join(FORMATS),
                suggestion=_OTHER_SHEETS.get(suffix),
            )
            return _empty(problems)
        try:
            with open(path, "rb") as handle:
                data = handle.read()
        except OSError as err:
            problems.add(None, None, path, f"cannot read the file: {err.strerror}")
            return _empty(problems)
    elif hasattr(source, "read"):
        data = source.read()
        if not isinstance(data, bytes):
            raise TypeError("read() takes a binary stream; use read_text() for text")
        problems = Collector(name, max_problems)
        kind = format or _sniff(data)
    else:
        raise TypeError(f"source must be a path or a binary stream, not {type(source).__name__}")
    if kind == "xlsx":
        return _from_table(
            xlsx_table(io.BytesIO(data), sheet.sheet, problems), sheet, problems, registry
        )
    text = decode(data, sheet.encoding, problems)
    del data  # the text holds the file now (a large export is not kept twice)
    if text is None:
        return _empty(problems)
    if kind == "json":
        return _from_json(text, problems)
    return _from_table(csv_table(text, sheet.delimiter, problems), sheet, problems, registry)


def _sniff(data: bytes) -> str:
    if data[:4] == b"PK\x03\x04":
        return "xlsx"
    head = data[:64].lstrip(b"\xef\xbb\xbf \t\r\n")
    return "json" if head[:1] == b"{" else "csv"


def read_text(
    text: str,
    *,
    mapping: SheetMapping | str | os.PathLike[str] | None = None,
    name: str | None = None,
    registry: Registry | None = None,
    max_problems: int = 100,
) -> Intake:
    """:func:`read` for CSV text (or a JSON document) already in memory.

    Problems in the text never raise: they are in :attr:`Intake.problems`.
    Raises :class:`~ctpat.errors.DataError` for a bad mapping or
    ``max_problems``, ``TypeError`` for a ``text`` that is not a string or
    another argument of the wrong type.

    >>> import datetime as dt
    >>> intake = read_text("Vendor,Country,Cert Number,Program,Certified Since,Status\\n"
    ...                    "Acme GmbH,de,DEAEOF1,EU AEO (AEOS),2019-05-02,Suspended\\n",
    ...                    mapping=SheetMapping(status_as_of=dt.date(2026, 1, 15)))
    >>> [e.kind.value for e in intake.data.certifications[0].events], intake.data.participants[0].id
    (['certified', 'suspended'], 'acme-gmbh')
    """
    if type(text) is not str:
        raise TypeError(f"text must be a str, not {type(text).__name__}")
    sheet = _mapping(mapping)
    problems = Collector(name, max_problems)
    if text.lstrip("\ufeff \t\r\n")[:1] == "{":
        return _from_json(text, problems)
    return _from_table(
        csv_table(text.removeprefix("\ufeff"), sheet.delimiter, problems),
        sheet,
        problems,
        registry,
    )


def _empty(problems: Collector) -> Intake:
    return Intake(
        PartnerData(),
        tuple(problems.kept),
        omitted=problems.omitted,
        file=problems.file,
        stranded=len(problems.kept) + problems.omitted,
    )


def _from_json(text: str, problems: Collector) -> Intake:
    try:
        data = from_json(text, PartnerData)
    except DataError as err:
        for p in err.problems:
            problems.add(None, p.path or None, p.value, p.message)
        return _empty(problems)
    # A record that already names its origin (a sheet's line, written to JSON) keeps it.
    origin = Origin(problems.file)
    data = PartnerData(
        tuple(p if p.origin else attrs.evolve(p, origin=origin) for p in data.participants),
        tuple(c if c.origin else attrs.evolve(c, origin=origin) for c in data.certifications),
    )
    return Intake(data, (), rows=len(data.participants), file=problems.file)


def _from_table(
    table: Table | None, sheet: SheetMapping, problems: Collector, registry: Registry | None
) -> Intake:
    if table is None:
        return _empty(problems)
    layout = plan(table.header, sheet, problems, table.line)
    blocked = layout.blocked
    uses = list(layout.uses)
    notes = []
    if "id" not in layout.index:
        uses.append(ColumnUse(None, "(name)", "id", "derived"))
        notes.append("no id column: each partner's id is derived from its name")
    for required in ("name", "country"):
        if required not in layout.index:
            problems.add(
                table.line,
                None,
                None,
                f"no column is read as {required!r}",
                accepted=", ".join(repr(h) for h in table.header if h),
                suggestion=f"map one: --column {required}=HEADER, or [columns] in the mapping file",
            )
            blocked = True
    if "events" in layout.index:
        simple = [
            table.header[i]
            for field, i in layout.index.items()
            if field in DATE_FIELDS and field != "status_on"
        ]
        if simple:
            problems.add(
                table.line,
                table.header[layout.index["events"]],
                simple,
                "use either 'events' (the full history) or the date columns",
            )
            blocked = True
    if blocked:
        return Intake(
            PartnerData(),
            tuple(problems.kept),
            tuple(uses),
            tuple(notes),
            problems.omitted,
            0,
            problems.file,
            stranded=len(problems.kept) + problems.omitted,
        )
    aliases, territories = _aliases(registry)
    builder = Builder(
        layout,
        table.header,
        sheet,
        problems,
        aliases,
        text_only=table.text_only,
        territories=territories,
        programs={p.code: p for p in (registry or _reference()).programs.values()},
    )
    count = 0
    read_row = builder.row
    for line, cells in table.rows:
        count += 1
        read_row(line, cells)
    data = builder.result()
    notes.extend(builder.notes)
    unrecorded = builder.unrecorded if data.certifications else frozenset()
    if unrecorded:
        notes.append(unrecorded_note(unrecorded))
    unread = tuple(
        UnreadRow(line, holder, tuple(found))
        for line, (holder, found) in sorted(builder.unread.items())
        if holder is not None
    )
    lines = {row.line for row in unread}
    stranded = sum(1 for p in problems.kept if p.line not in lines) + sum(
        1 for holder, _ in builder.unread.values() if holder is None
    )
    return Intake(
        data,
        tuple(problems.kept),
        tuple(uses),
        tuple(notes),
        problems.omitted,
        count,
        problems.file,
        unread,
        stranded,
        unrecorded,
    )


def read_csv(text: str) -> PartnerData:
    """Participants and certifications from CSV text.

    Raises :class:`~ctpat.errors.DataError` with every problem if there is
    any (see :func:`read_text` for the problems as data), and ``TypeError``
    for a ``text`` that is not a string.

    >>> data = read_csv("id,name,country,program,level,certified_on\\nrhein,Rhein Tools,DE,EU-AEO,AEOS,2017-03-01\\n")
    >>> data.certifications[0].origin
    Origin(file=None, line=2, status_stated=False)
    """
    return read_text(text).partners()


def load(
    path: str | os.PathLike[str],
    *,
    mapping: SheetMapping | str | os.PathLike[str] | None = None,
) -> PartnerData:
    """Read a partner file (``.csv``, ``.xlsx`` or ``.json``).

    Raises :class:`~ctpat.errors.DataError` naming the file, line and column
    of every problem (or the file, when it cannot be read), or a bad mapping,
    and ``TypeError`` for an argument of the wrong type.
    """
    return read(path, mapping=mapping).partners()
