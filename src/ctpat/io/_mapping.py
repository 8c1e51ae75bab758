"""How a spreadsheet's columns map to ctpat's fields: the mapping file and header names (private).

(Over 500 lines: the fields and the header names they are known by, the mapping
file with each of its tables checked, and the plan that matches a header to the
fields are one job -- reading what the user said about a sheet -- and each part
reads the others' tables.)
"""

from __future__ import annotations

import codecs
import datetime as dt
import difflib
import os
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import attrs

from ctpat import _toml
from ctpat._dates import iso_or_none
from ctpat.aliases import normalize
from ctpat.errors import DataError
from ctpat.identifiers import SCHEMES
from ctpat.io._problems import Collector

__all__ = ["FIELDS", "ColumnUse", "Plan", "SheetMapping", "plan"]

#: ctpat's fields, what each holds, and the header names recognised without a mapping.
FIELDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "id": (
        "the partner's stable key (derived from the name when there is no id column)",
        (
            "supplier id",
            "vendor id",
            "partner id",
            "company id",
            "supplier no",
            "supplier number",
            "vendor no",
            "vendor number",
            "account number",
            "partner number",
        ),
    ),
    "name": (
        "the company's name",
        (
            "supplier name",
            "supplier",
            "company",
            "company name",
            "vendor",
            "vendor name",
            "partner",
            "partner name",
            "legal name",
            "business name",
        ),
    ),
    "country": (
        "where it is established: an ISO 3166-1 code or a country name",
        ("country code", "country of establishment", "nation", "country name"),
    ),
    "roles": (
        "its business entity types, separated by ';'",
        ("entity type", "business type", "partner type", "supplier type"),
    ),
    "program": (
        "the certification's program: a code or an alias ('C-TPAT', 'EU AEO (AEOS)', 'None')",
        (
            "certification program",
            "certification programme",
            "certification",
            "programme",
            "cert program",
            "security program",
            "security certification",
            "scheme",
        ),
    ),
    "level": (
        "the level held (AEOS, tier-2, AAA, ...)",
        ("tier", "certification level", "cert level", "aeo type", "grade"),
    ),
    "reference": (
        "the certificate or account number",
        (
            "cert number",
            "cert no",
            "certificate number",
            "certificate no",
            "certificate",
            "certification number",
            "authorisation number",
            "authorization number",
            "aeo number",
            "ctpat account number",
        ),
    ),
    "role": (
        "the role the certification covers (blank: all)",
        ("certified role", "certification role"),
    ),
    "status": (
        "the certification's status as the sheet states it",
        ("certification status", "cert status", "status of certification", "aeo status"),
    ),
    "status_on": (
        "the date the status was stated (as of)",
        ("status as of", "status date", "as of", "as of date", "status since", "status changed"),
    ),
    "certified_on": (
        "the date it was granted",
        (
            "certified since",
            "certified",
            "certification date",
            "date certified",
            "granted",
            "granted on",
            "issue date",
            "date issued",
            "issued",
            "since",
            "cert date",
        ),
    ),
    "validated_on": (
        "the date of the last validation",
        ("validated", "last validated", "validation date", "date validated"),
    ),
    "reviewed_on": (
        "the date of the last annual review",
        ("reviewed", "last reviewed", "review date", "last review", "date reviewed"),
    ),
    "renewed_on": (
        "the date of the last renewal",
        ("renewed", "last renewed", "renewal date", "date renewed"),
    ),
    "until": (
        "the last day of validity printed on the certificate",
        (
            "expires",
            "expires on",
            "expiry",
            "expiry date",
            "expiration",
            "expiration date",
            "valid until",
            "valid to",
            "valid through",
        ),
    ),
    "events": (
        "the full history as JSON (what write_csv writes)",
        ("history", "event history"),
    ),
    "status_stated": (
        "'no' when the status was not stated (what write_csv writes)",
        (),
    ),
}

#: Fields a certification row may fill besides ``program``.
CERTIFICATION_FIELDS = (
    "level",
    "reference",
    "role",
    "status",
    "status_on",
    "certified_on",
    "validated_on",
    "reviewed_on",
    "renewed_on",
    "until",
    "events",
)
DATE_FIELDS = frozenset(
    {"status_on", "certified_on", "validated_on", "reviewed_on", "renewed_on", "until"}
)


def _recognised() -> dict[str, str]:
    names: dict[str, str] = {}
    for field, (_, synonyms) in FIELDS.items():
        for name in (field, field.replace("_", " "), *synonyms):
            names.setdefault(normalize(name), field)
    for scheme in SCHEMES:
        names.setdefault(normalize(scheme), scheme)
    return names


_RECOGNISED = _recognised()
_NAMES = list(_RECOGNISED)


def is_field(name: str) -> bool:
    """Whether ``name`` is a field a column can map to (``id:<scheme>`` included)."""
    return name in FIELDS or name in SCHEMES or (name.startswith("id:") and len(name) > 3)


def _columns(value: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise DataError.at("columns", value, "must be a table of field = header")
    return dict(value)


def _headers(value: Iterable[str]) -> frozenset[str]:
    if isinstance(value, str) or not all(isinstance(h, str) for h in value):
        raise DataError.at("ignore", value, "must be a list of column headers")
    return frozenset(value)


def _questions(value: Mapping[str, Any]) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise DataError.at("questions", value, "must map question numbers to requirement ids")
    out: dict[str, tuple[str, ...]] = {}
    for question, ids in value.items():
        found = (ids,) if isinstance(ids, str) else ids
        if (
            type(question) is not str
            or not question.strip()
            or not isinstance(found, (list, tuple))
            or not found
            or not all(type(i) is str and i.strip() for i in found)
        ):
            raise DataError.at(
                f"questions.{question}", ids, "must name a requirement id or a list of them"
            )
        out[question.strip()] = tuple(i.strip() for i in found)
    return out


#: The tables of value spellings a mapping may give, and what each maps to.
VALUE_TABLES = {
    "programs": "a program code (or a spelling ctpat knows, such as 'EU AEO (AEOS)')",
    "statuses": "a status ctpat knows (certified, suspended, expired, pending, ...)",
    "levels": "a level code of the row's program (AEOS, tier-2, AAA, ...)",
    "countries": "an ISO 3166-1 code or a country name ctpat knows",
}


def _spellings(value: Mapping[str, str]) -> dict[str, str]:
    if not isinstance(value, Mapping):
        raise DataError.at("spellings", value, "must be a table of TEXT = VALUE")
    return dict(value)


def _delimiter(value: str | None) -> str | None:
    # A tab is hard to type on a command line: "\\t" and "tab" say it too.
    return "\t" if value in ("\\t", "tab", "TAB") else value


@attrs.frozen
class SheetMapping:
    """How to read a partner spreadsheet: which header holds which field, and how.

    ``columns`` maps ctpat fields (``name``, ``country``, ``program``,
    ``status``, ``certified_on``, ... or an identifier scheme such as ``eori``
    or ``id:duns``) to the file's headers; headers not named here are matched
    by their usual names ("Supplier Name", "Cert Number"). ``ignore`` lists
    headers to leave unread on purpose. ``date_format`` is a
    :func:`~datetime.datetime.strptime` layout for dates that are not ISO
    ``YYYY-MM-DD``; ``status_as_of`` the date a status column was stated when
    the sheet has no as-of column; ``encoding``, ``delimiter`` and ``sheet``
    (an Excel worksheet's name) say how to read the file. ``questions`` maps
    a questionnaire's own question numbers to the requirement ids they ask
    about (a ``[questions]`` table: ``"Q12" = "3.1"`` or a list of ids), for
    :func:`~ctpat.io.read_questionnaire`.

    ``programs``, ``statuses``, ``levels`` and ``countries`` teach the sheet's
    own spellings of values: each maps a cell's text (compared without case,
    accents, spaces or punctuation) to what ctpat knows, e.g. ``programs =
    {"Vietnam Customs AEO": "VN-AEO"}`` or ``statuses = {"Awaiting audit":
    "pending"}``. A program's target is checked against the programs read
    with (an unknown one is a :class:`~ctpat.errors.DataError` of the mapping).

    >>> m = SheetMapping.from_toml('''
    ... [columns]
    ... name = "Supplier Name"
    ... [dates]
    ... format = "%m/%d/%Y"
    ... ''')
    >>> m.columns["name"], m.date_format
    ('Supplier Name', '%m/%d/%Y')

    Raises :class:`~ctpat.errors.DataError` naming the key for anything it does
    not understand.
    """

    columns: Mapping[str, str] = attrs.field(factory=dict, converter=_columns)
    ignore: frozenset[str] = attrs.field(factory=frozenset, converter=_headers)
    date_format: str | None = None
    status_as_of: dt.date | None = None
    encoding: str | None = None
    delimiter: str | None = attrs.field(default=None, converter=_delimiter)
    sheet: str | None = None
    questions: Mapping[str, tuple[str, ...]] = attrs.field(factory=dict, converter=_questions)
    programs: Mapping[str, str] = attrs.field(factory=dict, converter=_spellings)
    statuses: Mapping[str, str] = attrs.field(factory=dict, converter=_spellings)
    levels: Mapping[str, str] = attrs.field(factory=dict, converter=_spellings)
    countries: Mapping[str, str] = attrs.field(factory=dict, converter=_spellings)

    def __attrs_post_init__(self) -> None:
        for table in VALUE_TABLES:
            spellings: Mapping[str, str] = getattr(self, table)
            for text, value in spellings.items():
                if type(text) is not str or not normalize(text):
                    raise DataError.at(f"{table}", text, "must be the text of a cell")
                if type(value) is not str or not value.strip():
                    raise DataError.at(f"{table}.{text}", value, f"must be {VALUE_TABLES[table]}")
        if self.statuses:
            from ctpat.io._history import ACCEPTED_STATUSES, NOT_STATED, STATUSES

            for text, value in self.statuses.items():
                if normalize(value) not in STATUSES and normalize(value) not in NOT_STATED:
                    raise DataError.at(
                        f"statuses.{text}", value, f"not a status ({ACCEPTED_STATUSES})"
                    )
        for text, value in self.countries.items():
            _check_country(text, value)
        fields_of: dict[str, str] = {}
        for field, header in self.columns.items():
            if type(field) is not str or not is_field(field):
                close = difflib.get_close_matches(str(field), FIELDS, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise DataError.at(f"columns.{field}", header, f"is not a ctpat field{hint}")
            if type(header) is not str or not header.strip():
                raise DataError.at(f"columns.{field}", header, "must name a column header")
            first = fields_of.setdefault(header, field)
            if first != field:
                raise DataError.at(
                    f"columns.{field}",
                    header,
                    f"the column is mapped to {first!r} too: one column fills one field "
                    f"({first!r} or {field!r})",
                )
        for name in ("encoding", "sheet"):
            value = getattr(self, name)
            if value is not None and (type(value) is not str or not value.strip()):
                raise DataError.at(name, value, "must be a non-empty string")
        if self.encoding is not None:
            try:
                codecs.lookup(self.encoding)
            except LookupError:
                raise DataError.at(
                    "encoding", self.encoding, "not an encoding Python knows (e.g. cp1252)"
                ) from None
        if self.date_format is not None:
            _check_format(self.date_format)
        if self.delimiter is not None and (
            type(self.delimiter) is not str or len(self.delimiter) != 1
        ):
            raise DataError.at("delimiter", self.delimiter, "must be a single character")
        if self.status_as_of is not None and type(self.status_as_of) is not dt.date:
            raise DataError.at("status_as_of", self.status_as_of, "must be a date")

    @classmethod
    def from_toml(cls, text: str, *, file: str | None = None) -> SheetMapping:
        """A mapping from TOML text: ``[columns]``, ``[dates]`` and ``[read]`` tables, and the
        value spellings of ``[programs]``, ``[statuses]``, ``[levels]`` and ``[countries]``.

        >>> SheetMapping.from_toml('[programs]\\n"Vietnam Customs AEO" = "VN-AEO"').programs
        {'Vietnam Customs AEO': 'VN-AEO'}
        """
        where = file or "mapping"
        document = _toml.loads(text, file=where, kind="mapping file")
        return cls.from_dict(document, file=where)

    @classmethod
    def from_dict(cls, document: Mapping[str, Any], *, file: str = "mapping") -> SheetMapping:
        """A mapping from the tables of a parsed mapping file (see :meth:`from_toml`)."""
        known = {
            "columns": {},
            "dates": {"format", "status_as_of"},
            "read": {"ignore", "encoding", "delimiter", "sheet"},
            "questions": {},
            **{table: set() for table in VALUE_TABLES},
        }
        for table, value in document.items():
            if table not in known:
                raise DataError.at(
                    f"{file}.{table}",
                    table,
                    "unknown table (columns, dates, read, questions, programs, statuses, levels, countries)",
                )
            if not isinstance(value, Mapping):
                raise DataError.at(f"{file}.{table}", value, "must be a table")
            for key in value:
                if known[table] and key not in known[table]:
                    accepted = ", ".join(sorted(known[table]))
                    raise DataError.at(f"{file}.{table}.{key}", key, f"unknown key ({accepted})")
        dates = document.get("dates", {})
        read = document.get("read", {})
        as_of = dates.get("status_as_of")
        if isinstance(as_of, str):
            day = iso_or_none(as_of)
            if day is None:
                raise DataError.at(f"{file}.dates.status_as_of", as_of, "not a YYYY-MM-DD date")
            as_of = day
        ignore = read.get("ignore", [])
        if not isinstance(ignore, list) or not all(isinstance(h, str) for h in ignore):
            raise DataError.at(f"{file}.read.ignore", ignore, "must be a list of column headers")
        try:
            return cls(
                columns=document.get("columns", {}),
                ignore=frozenset(ignore),
                date_format=dates.get("format"),
                status_as_of=as_of,
                encoding=read.get("encoding"),
                delimiter=read.get("delimiter"),
                sheet=read.get("sheet"),
                questions=document.get("questions", {}),
                **{table: document.get(table, {}) for table in VALUE_TABLES},
            )
        except DataError as err:
            raise err.prefixed(file) from None

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> SheetMapping:
        """The mapping in a TOML file; :class:`~ctpat.errors.DataError` naming the file."""
        text, name = _toml.read_text(path, kind="mapping file")
        return cls.from_toml(text, file=name)

    def merged(self, other: SheetMapping) -> SheetMapping:
        """This mapping with ``other``'s settings on top (the command line over a file)."""
        return SheetMapping(
            columns={**self.columns, **other.columns},
            ignore=self.ignore | other.ignore,
            date_format=other.date_format or self.date_format,
            status_as_of=other.status_as_of or self.status_as_of,
            encoding=other.encoding or self.encoding,
            delimiter=other.delimiter or self.delimiter,
            sheet=other.sheet or self.sheet,
            questions={**self.questions, **other.questions},
            programs={**self.programs, **other.programs},
            statuses={**self.statuses, **other.statuses},
            levels={**self.levels, **other.levels},
            countries={**self.countries, **other.countries},
        )


def _check_country(text: str, value: str) -> None:
    from ctpat.io._countries import CountryError, lookup

    try:
        lookup(value)
    except CountryError as err:
        raise DataError.at(f"countries.{text}", value, err.message) from None


def _check_format(layout: object) -> None:
    if type(layout) is not str or "%" not in layout:
        raise DataError.at("date_format", layout, "must be a strptime layout such as %m/%d/%Y")
    try:
        dt.datetime.strptime(dt.date(2021, 2, 8).strftime(layout), layout)
    except ValueError as err:
        raise DataError.at("date_format", layout, f"not a usable date layout: {err}") from None


@attrs.frozen
class ColumnUse:
    """How one column of the file was read.

    ``position`` is 1 for the first column; ``field`` the ctpat field it
    fills (``None``: not read); ``how`` is ``"mapped"`` (named by the mapping),
    ``"recognised"`` (a usual header name), ``"ignored"`` (listed in the
    mapping's ``ignore``), ``"derived"`` (no column: the field is derived, and
    ``header`` says from what) or ``"unused"`` (a problem). Raises nothing:
    built by the reader, its fields are not checked.
    """

    position: int | None
    header: str
    field: str | None
    how: str


@attrs.frozen
class Plan:
    """The columns' uses and, by field, the position of the column that fills it (0-based)."""

    uses: tuple[ColumnUse, ...]
    index: Mapping[str, int]
    blank: tuple[int, ...]
    #: Whether a header problem (other than an unread column) stops the rows being read.
    blocked: bool = False


def plan(header: Sequence[str], mapping: SheetMapping, problems: Collector, line: int) -> Plan:
    """Which column fills which field; every column is used, ignored, or a problem."""
    by_header: dict[str, int] = {}
    for position, name in enumerate(header):
        if not name:
            continue
        if name in by_header:
            problems.add(
                line,
                name,
                name,
                f"the same column appears twice (columns {by_header[name] + 1} and {position + 1})",
                suggestion="rename or remove one of them",
            )
        else:
            by_header[name] = position
    explicit = {header_name: field for field, header_name in mapping.columns.items()}
    for wanted, header_name in mapping.columns.items():
        if header_name not in by_header:
            close = (
                difflib.get_close_matches(header_name, list(by_header), n=1)
                if not problems.full
                else []
            )
            problems.add(
                line,
                header_name,
                header_name,
                f"the mapping's column for {wanted!r} is not in the file",
                accepted=", ".join(repr(h) for h in by_header) or "(no headers)",
                suggestion=f"did you mean {close[0]!r}?" if close else None,
            )
    uses: list[ColumnUse] = []
    index: dict[str, int] = {}
    blank: list[int] = []
    blocked = bool(problems)
    for position, name in enumerate(header):
        if not name:
            blank.append(position)
            continue
        if by_header.get(name) != position:
            continue
        field: str | None
        if name in explicit:
            field = explicit[name]
            how = "mapped"
        elif name in mapping.ignore:
            field, how = None, "ignored"
        else:
            field = name if is_field(name) else _RECOGNISED.get(normalize(name))
            how = "recognised"
            if field in mapping.columns:
                field = None  # the mapping gave this field to another column
        if field is None and how != "ignored":
            how = "unused"
            # A suggestion costs a fuzzy match: none for a problem past the cap.
            close = (
                difflib.get_close_matches(normalize(name), _NAMES, n=1, cutoff=0.7)
                if not problems.full
                else []
            )
            hint = f"is it {_RECOGNISED[close[0]]!r}? " if close else ""
            problems.add(
                line,
                name,
                name,
                "this column is not read",
                accepted="ctpat fields: " + ", ".join(FIELDS),
                suggestion=f"{hint}map it (--column FIELD={name}, or [columns] in the mapping file) "
                f"or ignore it (--ignore {name!r}, or [read] ignore)",
            )
        if field is not None:
            if field in index:
                first = header[index[field]]
                problems.add(
                    line,
                    name,
                    name,
                    f"both {first!r} and {name!r} would be read as {field!r}",
                    suggestion=f"map one of them (--column {field}=HEADER) and ignore the other",
                )
                blocked = True
                field, how = None, "unused"
            else:
                index[field] = position
        uses.append(ColumnUse(position + 1, name, field, how))
    return Plan(tuple(uses), index, tuple(blank), blocked)
