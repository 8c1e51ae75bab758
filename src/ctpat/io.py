"""Partner lists in and out: CSV (stdlib ``csv``) and JSON files.

A partner CSV has one row per participant, or one row per certification when a
participant holds several (its participant columns repeated or left blank):

- ``id``, ``name``, ``country`` (ISO 3166-1 alpha-2): required;
- ``roles``: role values separated by ``;`` (``importer;exporter``);
- identifier columns named after a scheme of :mod:`ctpat.identifiers`
  (``eori``, ``mid``, ``lei``, ``tcuin``, ``svi``, ``aeo``) or ``id:<scheme>``
  for any other scheme (``id:duns``);
- certification columns: ``program``, ``reference``, ``role``, and either the
  simple ``certified_on``, ``level``, ``until`` and ``validated_on``, or
  ``events``: the full history as JSON (what :func:`write_csv` writes).

Unknown columns and bad values raise :class:`~ctpat.errors.DataError` naming the
line and the column; nothing is dropped.

>>> text = '''id,name,country,roles,eori,program,level,certified_on
... rhein,Rhein Tools GmbH,DE,exporter,DE123456789,EU-AEO,AEOS,2017-03-01
... quiet,Quiet Supplier Ltd,GB,manufacturer,,,,
... '''
>>> data = read_csv(text)
>>> [p.id for p in data.participants], data.certifications[0].level_on(date(2020, 1, 1))
(['rhein', 'quiet'], 'AEOS')
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from ctpat.certifications import Certification, Event
from ctpat.enums import EventKind, Role
from ctpat.errors import CtpatError, DataError, Problem
from ctpat.identifiers import SCHEMES
from ctpat.participants import Participant, PartnerData

__all__ = ["load", "read_csv", "write_csv"]

_PARTICIPANT = ("id", "name", "country", "roles")
_CERTIFICATION = ("program", "reference", "role", "events")
_SIMPLE = ("certified_on", "level", "until", "validated_on")
_KNOWN = frozenset((*_PARTICIPANT, *_CERTIFICATION, *_SIMPLE))


def read_csv(text: str) -> PartnerData:
    """Participants and certifications from CSV text (see the module docstring)."""
    reader = csv.DictReader(io.StringIO(text))
    columns = [name.strip() for name in reader.fieldnames or ()]
    if not columns:
        raise DataError.at("line 1", "", "the file has no header line")
    for name in columns:
        if name not in _KNOWN and name not in SCHEMES and not name.startswith("id:"):
            raise DataError.at(f"line 1.{name}", name, "unknown column")
    for name in ("id", "name", "country"):
        if name not in columns:
            raise DataError.at(f"line 1.{name}", None, "required column is missing")
    if "events" in columns and set(_SIMPLE) & set(columns) - {"level"}:
        raise DataError.at("line 1.events", "events", "use either 'events' or the simple columns")
    people: dict[str, Participant] = {}
    certs: list[Certification] = []
    problems: list[Problem] = []
    for line, raw in enumerate(reader, start=2):
        row = {key.strip(): (value or "").strip() for key, value in raw.items() if key}
        if None in raw:
            problems.append(Problem(f"line {line}", raw[None], "more fields than columns"))
            continue
        try:
            _read_row(row, people, certs)
        except DataError as err:
            problems.extend(err.prefixed(f"line {line}").problems)
        except CtpatError as err:
            problems.append(Problem(f"line {line}.events", row.get("events"), str(err)))
    if problems:
        raise DataError(problems)
    return PartnerData(tuple(people.values()), tuple(certs))


def _read_row(
    row: dict[str, str], people: dict[str, Participant], certs: list[Certification]
) -> None:
    pid = row.get("id", "")
    known = people.get(pid)
    if known is None or _has_participant_fields(row):
        participant = _participant(row)
        if known is None:
            people[pid] = participant
        elif known != participant:
            raise DataError.at("id", pid, "repeats a participant with different details")
    if row.get("program"):
        certs.append(_certification(row, pid))
    elif any(row.get(name) for name in (*_CERTIFICATION, *_SIMPLE)):
        raise DataError.at("program", "", "certification columns are filled but no program")


def _has_participant_fields(row: dict[str, str]) -> bool:
    return any(row.get(name) for name in ("name", "country", "roles")) or any(
        row.get(name) for name in row if name in SCHEMES or name.startswith("id:")
    )


def _participant(row: dict[str, str]) -> Participant:
    roles = [_role(value, "roles") for value in _split(row.get("roles", ""))]
    identifiers = {}
    for name, value in row.items():
        if value and (name in SCHEMES or name.startswith("id:")):
            identifiers[name.removeprefix("id:")] = value
    return Participant(
        row.get("id", ""),
        row.get("name", ""),
        row.get("country", ""),
        roles=frozenset(roles),
        identifiers=identifiers,
    )


def _certification(row: dict[str, str], holder: str) -> Certification:
    role = _role(row["role"], "role") if row.get("role") else None
    reference = row.get("reference") or None
    if row.get("events"):
        events = _events(row["events"])
    else:
        if not row.get("certified_on"):
            raise DataError.at("certified_on", "", "a certification needs a date")
        level = row.get("level") or None
        until = _date(row, "until")
        events = [Event(EventKind.CERTIFIED, _date_required(row, "certified_on"), level, until)]
        validated = _date(row, "validated_on")
        if validated is not None:
            events.append(Event(EventKind.VALIDATED, validated))
    return Certification(row["program"], holder, tuple(events), reference=reference, role=role)


def _events(text: str) -> list[Event]:
    from ctpat.serialization import from_dict

    try:
        data = json.loads(text)
    except ValueError:
        raise DataError.at("events", text, "not a JSON list of events") from None
    try:
        return from_dict(data, list[Event])
    except DataError as err:
        raise err.prefixed("events") from None


def _date_required(row: dict[str, str], column: str) -> date:
    value = _date(row, column)
    assert value is not None  # checked by the caller
    return value


def _date(row: dict[str, str], column: str) -> date | None:
    text = row.get(column) or ""
    if not text:
        return None
    if len(text) != 10 or text[4] != "-" or text[7] != "-":
        raise DataError.at(column, text, "not a date in the form YYYY-MM-DD")
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise DataError.at(column, text, "not a valid date") from None


def _role(value: str, column: str) -> Role:
    try:
        return Role(value)
    except ValueError:
        allowed = ", ".join(role.value for role in Role)
        raise DataError.at(column, value, f"not a role ({allowed})") from None


def _split(text: str) -> Iterator[str]:
    return (part.strip() for part in text.split(";") if part.strip())


def write_csv(data: PartnerData) -> str:
    """``data`` as partner CSV: one row per certification (a row of its own for a
    participant with none), histories in the ``events`` column, so that
    :func:`read_csv` gives the same participants and certifications back."""
    from ctpat.serialization import to_dict

    schemes = sorted({scheme for p in data.participants for scheme in p.identifiers})
    id_columns = [s if s in SCHEMES else f"id:{s}" for s in schemes]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow([*_PARTICIPANT, *id_columns, *_CERTIFICATION])
    holdings: dict[str, list[Certification]] = {}
    for held in data.certifications:
        holdings.setdefault(held.holder, []).append(held)
    for p in data.participants:
        head = [
            p.id,
            p.name,
            p.country,
            ";".join(sorted(role.value for role in p.roles)),
            *(p.identifiers.get(s, "") for s in schemes),
        ]
        rows: list[Certification | None] = list(holdings.get(p.id, ())) or [None]
        for cert in rows:
            if cert is None:
                writer.writerow([*head, "", "", "", ""])
                continue
            events = json.dumps(to_dict(list(cert.events)), ensure_ascii=False)
            role = cert.role.value if cert.role is not None else ""
            writer.writerow([*head, cert.program, cert.reference or "", role, events])
    return out.getvalue()


def load(path: str | Path) -> PartnerData:
    """Read a partner file: ``.csv`` (see :func:`read_csv`) or ``.json`` (a
    :class:`~ctpat.PartnerData` document). Errors name the file."""
    from ctpat.serialization import from_json

    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8-sig")
    except OSError as err:
        raise DataError.at(file.name, str(file), f"cannot read the file: {err.strerror}") from None
    try:
        if file.suffix.lower() == ".json":
            return from_json(text, PartnerData)
        if file.suffix.lower() == ".csv":
            return read_csv(text)
    except DataError as err:
        raise err.prefixed(file.name) from None
    raise DataError.at(str(file), file.suffix, "expected a .csv or .json file")
