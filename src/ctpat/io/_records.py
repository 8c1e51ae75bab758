"""Rows of a partner sheet into participants and certifications (private).

A row's status columns become the certification's events (see
:func:`ctpat.io._history.history`);
every problem is collected with the row's physical line and the column's header.
The status rules themselves are in :mod:`ctpat.io._history`. (Over 500 lines:
one builder reads every column of a row in one pass, with the caches that let
rows which state the same thing share the work.)
"""

from __future__ import annotations

import datetime as dt
import operator
import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any, NamedTuple, cast

import attrs

from ctpat._dates import ISO_DATE, iso_or_none
from ctpat.aliases import Aliases, ProgramMatch, UnknownAlias, normalize
from ctpat.certifications import Certification
from ctpat.enums import EventKind, Role, Status
from ctpat.errors import CtpatError, DataError
from ctpat.identifiers import SCHEMES
from ctpat.io._countries import CountryError, lookup
from ctpat.io._history import (
    ACCEPTED_STATUSES,
    AS_OF_HINT,
    NOT_STATED,
    STATUSES,
    Dates,
    Issue,
    history,
    renewal_stated,
)
from ctpat.io._mapping import CERTIFICATION_FIELDS, DATE_FIELDS, Plan, SheetMapping
from ctpat.io._problems import Collector, ReadProblem
from ctpat.io._sources import text_of
from ctpat.io._statements import Conflict, Said, merge
from ctpat.lifecycle import Event
from ctpat.origins import Origin
from ctpat.participants import Participant, PartnerData
from ctpat.programs import Program
from ctpat.serialization import from_json

__all__ = ["Builder"]

_DATE_HINT = (
    "for other layouts give the format: --date-format %m/%d/%Y "
    "(or 'format' under [dates] in the mapping file)"
)

_WORDS = re.compile(r"[^\W_]+")


#: The roles and identifiers of a row that names none: the participant's own defaults,
#: shared by every such row (its converters keep them as they are).
_NO_ROLES = cast("frozenset[Role]", attrs.fields(Participant).roles.default)
_NO_IDENTIFIERS = cast("Mapping[str, str]", attrs.fields(Participant).identifiers.default)

#: The place in a template cache for a key not yet seen.
_UNSEEN = object()
#: The place in a template cache for cells whose reading depends on the holder's country.
_BY_COUNTRY = object()


class Template(NamedTuple):
    """What a row's certification columns say, whoever holds it: all but the holder,
    the reference and the origin, which every row gives afresh."""

    program: str
    events: tuple[Event, ...]
    role: Role | None
    #: Whether the row stated a status.
    stated: bool
    #: The date the status was stated and whether the grant date was (see merge).
    said: Said


def _cell_text(cell: object) -> str:
    # Text cells without a leading quote are only stripped; everything else
    # (a workbook's typed cell, an escaped formula) goes through text_of.
    return cell.strip() if type(cell) is str and cell[:1] != "'" else text_of(cell)


def _csv_text(cell: Any) -> str:
    # _cell_text for the cells of CSV text, which are all strings.
    return cell.strip() if cell[:1] != "'" else text_of(cell)


def _typed(cell: object) -> object:
    # A workbook's cells as a cache key: 1, 1.0 and True are equal in Python,
    # but not the same cell, so a typed cell is keyed by its type too.
    return cell if type(cell) is str else (type(cell), cell)


def _picker(positions: Sequence[int | None]) -> Callable[[Sequence[object]], Any]:
    """The cells at ``positions`` of a row, as a tuple ("" where a position is ``None``)."""
    present = [p for p in positions if p is not None]
    if len(present) == len(positions) > 1:
        return operator.itemgetter(*present)

    def pick(cells: Sequence[object]) -> tuple[object, ...]:
        return tuple(cells[p] if p is not None else "" for p in positions)

    return pick


class Builder:
    """Participants and certifications from a sheet's rows, collecting every problem.

    A row's certification columns (all but the reference) are read by one rule
    into a :class:`Template` or an :class:`Issue`; the answer is cached by the
    cells the rule reads, so rows that state the same program, status and
    dates share it (and its events, which are immutable). Every row still
    builds its own participant and certification through their constructors.
    """

    def __init__(
        self,
        plan: Plan,
        header: Sequence[str],
        mapping: SheetMapping,
        problems: Collector,
        aliases: Aliases,
        *,
        text_only: bool = False,
        territories: Mapping[str, str] | None = None,
        programs: Mapping[str, Program] | None = None,
    ) -> None:
        index = plan.index
        self.problems = problems
        self.file = problems.file
        self.columns = {field: header[i] for field, i in index.items()}
        self.index = dict(index)
        self.blank = plan.blank
        self.width = len(header)
        self.mapping = mapping
        self.aliases = aliases
        self.schemes = tuple(f for f in index if f in SCHEMES or f.startswith("id:"))
        self.text_only = text_only
        self.derive_id = "id" not in index
        self.date_fields = DATE_FIELDS & index.keys()
        self.people: dict[str, Participant] = {}
        # What each row read whole states: its certification, and what else it said.
        self.certifications: list[Certification] = []
        self.said: list[Said] = []
        self._programs: dict[str, ProgramMatch | UnknownAlias | None] = {}
        self._countries: dict[str, str | CountryError] = {}
        self._dates: dict[str, dt.date | Issue] = {}
        self._status_keys: dict[str, str] = {}
        self._templates: dict[object, object] = {}
        # Where each field's cell is (None: no column), looked up once per file.
        # (The id's apart: the usual export has none, the ids being derived from the names.)
        self._pick = _picker([index.get(f) for f in ("name", "country", "reference")])
        self._id = index.get("id")
        self._roles = index.get("roles")
        self._schemes = tuple((f.removeprefix("id:"), index[f]) for f in self.schemes)
        # The cells the certification rule reads: every certification column but
        # the reference, which only counts as filled or not.
        self._rule_fields = tuple(
            f for f in ("program", *CERTIFICATION_FIELDS, "status_stated")
            if f in index and f != "reference"
        )  # fmt: skip
        positions = [index[f] for f in self._rule_fields]
        self._rule_cells: Callable[[Sequence[object]], tuple[object, ...]] = (
            operator.itemgetter(*positions)
            if len(positions) > 1
            else (lambda cells: (cells[positions[0]],))
            if positions
            else (lambda cells: ())
        )
        self._padding = ("" if text_only else None,) * self.width
        self.territories = territories or {}
        #: The milestones the sheet records no dates of (no column): unknown, not overdue.
        self.unrecorded = frozenset(
            milestone
            for milestone, field in (("validated", "validated_on"), ("reviewed", "reviewed_on"))
            if field not in index and "events" not in index
        )
        self.programs = programs or {}
        #: What was derived while reading, said once each (``Intake.notes``).
        self.notes: dict[str, None] = {}
        # The sheet's own spellings of values (the mapping's value tables).
        self._own_programs: dict[str, ProgramMatch | None] = {}
        for text, code in mapping.programs.items():
            self._own_programs[normalize(text)] = _own_program(aliases, text, code)
        self._own_statuses = {normalize(t): normalize(v) for t, v in mapping.statuses.items()}
        self._own_levels = {normalize(t): v for t, v in mapping.levels.items()}
        self._own_countries = {normalize(t): v for t, v in mapping.countries.items()}
        # Whether the template being read took the row's country to resolve its program.
        self._by_country = False
        # The participant the row being read is about, once known (None: not yet).
        self._holder: str | None = None
        #: Rows not read whole, by line: their participant (None: none read) and problems.
        self.unread: dict[int, tuple[str | None, list[str]]] = {}

    def result(self) -> PartnerData:
        """The participants and certifications read, statements about one certificate merged."""
        certs, conflicts = merge(self.certifications, self.said)
        for conflict in conflicts:
            self._conflict(conflict)
        return PartnerData(tuple(self.people.values()), tuple(certs))

    def _conflict(self, conflict: Conflict) -> None:
        lines = sorted({s.line for s in conflict.statements if s.line is not None})
        first = conflict.statements[0].certification
        what = f"{first.program} {first.reference}" if first.reference else first.program
        named = ", ".join(map(str, lines[:-1])) + f" and {lines[-1]}" if len(lines) > 1 else ""
        self._holder = first.holder
        self._add(
            lines[-1] if lines else 0,
            Issue(
                "status",
                None,
                f"lines {named} state one certificate ({what} of {first.holder}) and contradict "
                f"each other: {conflict.said}; the certificate is left out (unverified)",
                suggestion="correct the rows, or give each certificate its own number",
            ),
        )

    def _add(self, line: int, issue: Issue) -> None:
        column = self.columns.get(issue.field) if issue.field is not None else None
        message = issue.message
        if issue.field is not None and column is None and issue.field != "id":
            message = f"{message} (no column is read as {issue.field!r})"
            column = self.columns.get("program")
        self._problem(
            line,
            column,
            issue.value,
            message,
            accepted=issue.accepted,
            suggestion=issue.suggestion,
        )

    def _problem(
        self,
        line: int,
        column: str | None,
        value: object,
        message: str,
        *,
        accepted: str | None = None,
        suggestion: str | None = None,
    ) -> None:
        """Keep a row's problem, and remember the row as not read whole."""
        self.problems.add(line, column, value, message, accepted=accepted, suggestion=suggestion)
        found = ReadProblem.at(
            self.file, line, column, value, message, accepted=accepted, suggestion=suggestion
        )
        entry = self.unread.get(line)
        if entry is None:
            self.unread[line] = (self._holder, [str(found)])
        else:
            entry[1].append(str(found))

    def row(self, line: int, cells: Sequence[object]) -> None:
        """Read one row (``line`` is its physical line in the file)."""
        self._holder = None
        n = len(cells)
        if n != self.width:
            if n > self.width:
                extra = [text_of(c) for c in cells[self.width :]]
                if any(extra):
                    self._add(
                        line, Issue(None, [e for e in extra if e], "more fields than columns")
                    )
                    return
            else:
                # A short row's missing cells are blank, as a spreadsheet shows them.
                cells = (*cells, *self._padding[n:])
        for i in self.blank:
            if text_of(cells[i]):
                self._problem(
                    line, f"#{i + 1}", text_of(cells[i]), "a value in a column without a header"
                )
                return
        text = _csv_text if self.text_only else _cell_text
        # -- the participant
        name, country, reference = self._pick(cells)
        if self.text_only:  # strings: _csv_text, inlined for the three cells every row has
            name = name.strip() if name[:1] != "'" else text_of(name)
            country = country.strip() if country[:1] != "'" else text_of(country)
            reference = reference.strip() if reference[:1] != "'" else text_of(reference)
        else:
            name = _cell_text(name)
            country = _cell_text(country)
            reference = _cell_text(reference)
        if self._id is None:  # derived ids
            if not name:
                self._add(
                    line, Issue("name", "", "a name is required (the file has no id column)")
                )
                return
            pid = "-".join(_WORDS.findall(name.casefold())) or f"line-{line}"
        else:
            pid = text(cells[self._id])
            if not pid:
                self._add(line, Issue("id", "", "an id is required"))
                return
        roles = text(cells[self._roles]) if self._roles is not None else ""
        identifiers: Mapping[str, str] = _NO_IDENTIFIERS
        if self._schemes:
            identifiers = {
                scheme: number for scheme, i in self._schemes if (number := text(cells[i]))
            }
        known = self.people.get(pid)
        if known is not None:
            self._holder = pid
        origin = None
        if known is None or name or country or roles or identifiers:
            participant = self._new_participant(line, pid, name, country, roles, identifiers)
            if participant is None:
                return
            if known is None:
                self.people[pid] = participant
                self._holder = pid
            elif known != participant:
                first = known.origin.line if known.origin is not None else None
                self._add(
                    line,
                    Issue(
                        "id" if not self.derive_id else "name",
                        pid,
                        f"repeats the participant of line {first} with different details",
                        suggestion="give each partner its own id (an id column)"
                        if self.derive_id
                        else None,
                    ),
                )
                return
            origin = participant.origin
        # (else a further certification of a participant already read)
        # -- its certification
        key = self._rule_cells(cells)
        if not self.text_only:
            key = tuple(map(_typed, key))
        key = (key, not reference)
        found = self._templates.get(key, _UNSEEN)
        if found is _BY_COUNTRY:
            # The program's spelling is ambiguous: the holder's country decides.
            key = (key, self.people[pid].country)
            found = self._templates.get(key, _UNSEEN)
        if found is _UNSEEN:
            holder = self.people[pid].country
            self._by_country = False
            try:
                found = self._template(cells, bool(reference), holder)
            except Issue as issue:
                found = issue
            if self._by_country:
                self._templates[key] = _BY_COUNTRY
                key = (key, holder)
            self._templates[key] = found
        if type(found) is not Template:
            if found is not None:
                assert type(found) is Issue
                self._add(line, found)
            return
        program, events, role, stated, said = found
        try:
            # The row's participant and certification share one origin (what the
            # source does not record is the sheet's, true of both) unless the row
            # stated no status, which only the certification's origin says.
            if not stated:
                origin = Origin(self.file, line, False, self.unrecorded)
            elif origin is None:
                origin = Origin(self.file, line, True, self.unrecorded)
            cert = Certification(program, pid, events, reference or None, role, origin)
        except DataError as err:
            p = err.problems[0]
            self._add(
                line,
                Issue(
                    p.path.split(".")[0] if p.path.split(".")[0] in self.columns else "events",
                    p.value,
                    p.message,
                ),
            )
            return
        except CtpatError as err:
            field = "events" if self._text(cells, "events") else "status"
            self._add(
                line,
                Issue(field, self._text(cells, field), f"cannot record this history: {err}"),
            )
            return
        self.certifications.append(cert)
        self.said.append(said)

    def _text(self, cells: Sequence[object], field: str) -> str:
        """The text of ``field``'s cell in a row ("" without a column)."""
        i = self.index.get(field)
        return _cell_text(cells[i]) if i is not None else ""

    # -- participants ---------------------------------------------------------

    def _new_participant(
        self,
        line: int,
        pid: str,
        name: str,
        country_text: str,
        roles_text: str,
        identifiers: Mapping[str, str],
    ) -> Participant | None:
        ok = True
        if not name:
            self._add(line, Issue("name", "", "a name is required"))
            ok = False
        country = self._countries.get(country_text)
        if type(country) is not str:
            country = self._country(line, country_text)
        roles = _NO_ROLES
        if roles_text:
            found: set[Role] = set()
            for value in re.split(r"[;,]", roles_text):
                if value.strip():
                    try:
                        found.add(_role(value))
                    except Issue as issue:
                        issue.field = "roles"
                        self._add(line, issue)
                        ok = False
            roles = frozenset(found)
        if not ok or country is None:
            return None
        origin = Origin(self.file, line, True, self.unrecorded)
        try:
            return Participant(pid, name, country, roles, identifiers, origin)
        except DataError as err:
            for p in err.problems:
                field = p.path.split(".")[0]
                if field == "identifiers":
                    scheme = p.path.split(".", 1)[-1]
                    field = scheme if scheme in SCHEMES else f"id:{scheme}"
                self._add(line, Issue(field, p.value, p.message))
            return None

    def _country(self, line: int, value: str) -> str | None:
        if not value:
            self._add(line, Issue("country", "", "a country is required"))
            return None
        found = self._countries.get(value)
        if found is None:
            try:
                found = lookup(self._own_countries.get(normalize(value), value))
            except CountryError as err:
                found = err
            self._countries[value] = found
        if type(found) is str:
            return found
        if isinstance(found, CountryError):
            hint = f"did you mean {' or '.join(found.suggestions)}?" if found.suggestions else None
            self._add(
                line,
                Issue(
                    "country",
                    value,
                    found.message,
                    "ISO 3166-1 codes (any case) or country names",
                    hint,
                ),
            )
            return None
        return found

    def _template(
        self, cells: Sequence[object], reference_filled: bool, country: str | None = None
    ) -> Template | None:
        """What a row's certification columns say (``None``: no certification); :class:`Issue` if wrong."""
        raw: Mapping[str, object] = {f: cells[self.index[f]] for f in self._rule_fields}
        text = {f: _cell_text(cell) for f, cell in raw.items()}
        if self.text_only:
            raw = text  # text cells are their own raw values; a workbook's dates are kept
        match = self._program(text.get("program", ""), country)
        status_text = text.get("status", "")
        status_key = self._status_keys.get(status_text)
        if status_key is None:
            status_key = normalize(status_text)
            status_key = self._own_statuses.get(status_key, status_key)
            self._status_keys[status_text] = status_key
        if match is None:
            filled = [
                self.columns[f]
                for f in CERTIFICATION_FIELDS
                if (reference_filled if f == "reference" else text.get(f))
                and not (f == "status" and status_key in NOT_STATED)
            ]
            if filled:
                raise Issue(
                    "program",
                    text.get("program", ""),
                    f"certification columns are filled ({', '.join(filled)}) but no program",
                )
            return None
        levels = self.aliases.levels(match.program)
        level = match.level
        level_text = text.get("level", "")
        if level_text:
            own = self._own_levels.get(normalize(level_text))
            found = levels.get(normalize(own if own is not None else level_text))
            if found is None:
                accepted = ", ".join(dict.fromkeys(levels.values())) or (
                    f"none: {match.program} has no levels"
                )
                raise Issue("level", level_text, f"not a level of {match.program}", accepted)
            if level is not None and found != level:
                raise Issue("level", level_text, f"the program column says level {level}")
            level = found
        role = _role(text["role"]) if text.get("role") else None
        stated = True
        if text.get("events"):
            others = [
                self.columns[f]
                for f in ("certified_on", "validated_on", "reviewed_on", "renewed_on", "until")
                if text.get(f)
            ]
            if others:
                raise Issue(
                    "events",
                    None,
                    f"use either 'events' or the date columns ({', '.join(others)})",
                )
            events = _events(text["events"], level)
            as_of = None
            if status_key not in NOT_STATED:
                as_of = self._check_status(events, status_text, status_key, raw)
            stated = normalize(text.get("status_stated", "")) != "no"
            grant_stated = True
        else:
            status = None
            if status_key not in NOT_STATED:
                status = STATUSES.get(status_key)
                if status is None:
                    raise Issue("status", status_text, "not a status", ACCEPTED_STATUSES)
            stated = status is not None
            have = self.date_fields
            day = self._date
            status_on = day("status_on", raw.get("status_on")) if "status_on" in have else None
            if status_on is None and status is not None:
                status_on = self.mapping.status_as_of
            dates = Dates(
                day("certified_on", raw.get("certified_on")) if "certified_on" in have else None,
                status_on,
                day("validated_on", raw.get("validated_on")) if "validated_on" in have else None,
                day("reviewed_on", raw.get("reviewed_on")) if "reviewed_on" in have else None,
                day("renewed_on", raw.get("renewed_on")) if "renewed_on" in have else None,
                day("until", raw.get("until")) if "until" in have else None,
            )
            try:
                events = history(
                    status,
                    level if status not in (Status.APPLICANT, Status.REJECTED) else None,
                    dates,
                )
            except DataError as err:
                raise Issue("status", status_text, err.problems[0].message) from None
            except Issue as issue:
                if issue.field == "status":
                    issue.value = status_text
                raise
            if level_text and status in (Status.APPLICANT, Status.REJECTED):
                # An application holds no level: the level the row gives is kept in
                # the note beside its dates, never granted.
                applied = events[0]
                said = f"the sheet gives level {level_text} for an application, which holds none"
                note = f"{said}; {applied.note}" if applied.note else said
                events = (attrs.evolve(applied, note=note), *events[1:])
            if status is Status.CERTIFIED and status_on is not None:
                program = self.programs.get(match.program)
                if program is not None and program.has_terms:
                    # A dated "certified" beats a computed term that ran out before it.
                    events = renewal_stated(events, status_on, program.term_end)
            as_of = status_on if status is not None else None
            grant_stated = dates.certified_on is not None
        return Template(
            match.program, events, role, stated, Said(as_of if stated else None, grant_stated)
        )

    def _check_status(
        self,
        events: tuple[Event, ...],
        status_text: str,
        status_key: str,
        raw: Mapping[str, object],
    ) -> dt.date:
        # A status beside the full history (what write_csv(as_of=...) writes) is
        # checked against it, never used in its place; the date it was stated on.
        stated = STATUSES.get(status_key)
        if stated is None:
            raise Issue("status", status_text, "not a status", ACCEPTED_STATUSES)
        day = (
            self._date("status_on", raw.get("status_on"))
            if "status_on" in self.date_fields
            else None
        )
        day = day or self.mapping.status_as_of
        if day is None:
            raise Issue(
                "status",
                status_text,
                "the status needs the date it was stated",
                suggestion=AS_OF_HINT,
            )
        try:
            found = Certification("-", "-", events).events_standing_on(day).status
        except CtpatError as err:
            raise Issue("events", None, f"cannot record this history: {err}") from None
        if found is not stated:
            raise Issue(
                "status",
                status_text,
                f"the events give the status {found.value!r} on {day}",
                suggestion="correct the status or the events",
            )
        return day

    def _program(self, value: str, country: str | None = None) -> ProgramMatch | None:
        found = self._programs.get(value, self)
        if found is self:
            key = normalize(value)
            if key in self._own_programs:
                found = self._own_programs[key]
            else:
                try:
                    found = self.aliases.resolve(value)
                except UnknownAlias as err:
                    found = err
            self._programs[value] = found
        if found is None or type(found) is ProgramMatch:
            return found
        if isinstance(found, UnknownAlias):
            if found.candidates:
                own_country = [c for c in found.candidates if self.territories.get(c) == country]
                if country is not None and len(own_country) == 1:
                    self._by_country = True
                    self.notes[
                        f"program {value!r} fits several programs; read as {own_country[0]} "
                        f"in rows whose country is {country} (its only one of them)"
                    ] = None
                    return ProgramMatch(own_country[0])
                raise Issue(
                    "program",
                    value,
                    "fits several programs",
                    ", ".join(found.candidates),
                    "write the program code (see `ctpat programs`), or teach the spelling "
                    "(--program-alias TEXT=CODE, or [programs] in the mapping file)",
                )
            hint = f"did you mean {' or '.join(found.suggestions)}?" if found.suggestions else None
            raise Issue(
                "program",
                value,
                "unknown program",
                "program codes (see `ctpat programs`), their names and usual aliases, or None",
                hint,
            )
        assert found is None or isinstance(found, ProgramMatch)
        return found

    def _date(self, field: str, cell: object) -> dt.date | None:
        if type(cell) is str:
            value = cell.strip()
            if not value:
                return None
            found = self._dates.get(value)
            if found is None:
                found = self._parse_date(value)
                self._dates[value] = found
            if type(found) is dt.date:
                return found
            if isinstance(found, Issue):
                raise Issue(field, value, found.message, found.accepted, found.suggestion)
            return found
        if cell is None:
            return None
        if isinstance(cell, dt.datetime):
            if cell.time() != dt.time():
                raise Issue(field, cell.isoformat(), "a date and time where a date was expected")
            return cell.date()
        if isinstance(cell, dt.date):
            return cell
        raise Issue(
            field,
            cell,
            "not a date",
            suggestion="format the cells as dates, or as text YYYY-MM-DD",
        )

    def _parse_date(self, value: str) -> dt.date | Issue:
        layout = self.mapping.date_format
        if layout is not None:
            try:
                return dt.datetime.strptime(value, layout).date()
            except ValueError:
                return Issue(None, value, f"not a date in the layout {layout}", layout)
        day = iso_or_none(value)
        if day is not None:
            return day
        if ISO_DATE.fullmatch(value) is None:
            return Issue(
                None, value, "not a date in the form YYYY-MM-DD", "YYYY-MM-DD", _DATE_HINT
            )
        return Issue(None, value, "not a valid date", "YYYY-MM-DD")


def _own_program(aliases: Aliases, text: str, code: str) -> ProgramMatch | None:
    """What a mapping's ``[programs]`` spelling maps to; a DataError naming it if nothing."""
    try:
        return aliases.resolve(code)
    except UnknownAlias as err:
        raise DataError.at(f"programs.{text}", code, str(err)) from None


def _role(value: str) -> Role:
    key = "-".join(_WORDS.findall(value.casefold()))
    try:
        return Role(key)
    except ValueError:
        raise Issue("role", value, "not a role", ", ".join(r.value for r in Role)) from None


def _events(text: str, level: str | None) -> tuple[Event, ...]:

    try:
        events = from_json(text, list[Event])
    except DataError as err:
        p = err.prefixed("events").problems[0]
        raise Issue("events", p.value, f"{p.path}: {p.message}") from None
    if level is not None:
        granted = [i for i, e in enumerate(events) if e.kind is EventKind.CERTIFIED]
        if not granted:
            raise Issue("level", level, "the events have no 'certified' event to hold the level")
        first = events[granted[0]]
        if first.level is None:
            events[granted[0]] = attrs.evolve(first, level=level)
        elif first.level != level:
            raise Issue("level", level, f"the events grant level {first.level}")
    return tuple(events)
