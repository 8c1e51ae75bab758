"""The partner book: the caller's participants, their certifications, and an index.

A :class:`PartnerBook` holds the participants a caller works with, each one's
certifications in the order given, and an index from every identifier and
certificate reference to its participant. Adding records returns a new book
and checks them against the reference data's programs: a duplicate id, a
certification of an unknown program or holder, a level or role its program
does not have, or an identifier claimed by two participants is a
:class:`~ctpat.errors.DataError` naming the record -- by its file and line
when it was read from a file (:attr:`~ctpat.Certification.origin`).

>>> import ctpat
>>> from datetime import date
>>> book = PartnerBook().adding(
...     [ctpat.Participant("bolt", "Bolt BV", "NL", identifiers={"eori": "NL123456789"})],
...     [ctpat.Certification.grant("EU-AEO", "bolt", on=date(2020, 1, 1), level="AEOF")],
...     programs=ctpat.reference().programs,
... )
>>> book.find("nl 1234-56789").id, len(book.certifications_of("bolt"))
('bolt', 1)
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from ctpat.certifications import Certification
from ctpat.enums import Role
from ctpat.errors import DataError, UnknownParticipant, shown
from ctpat.participants import Participant, PartnerData
from ctpat.programs import Program

__all__ = ["PartnerBook", "lookup_key"]

_SEPARATORS = re.compile(r"[\s\-./]+")
_EMPTY: Mapping[str, Participant] = MappingProxyType({})


def lookup_key(identifier: str) -> str:
    """The key an identifier is indexed by: separators removed, upper-cased.

    Raises ``TypeError`` naming ``identifier`` when it is not a string.

    >>> lookup_key("nl 1234-56789")
    'NL123456789'
    """
    if type(identifier) is not str:
        raise TypeError(
            f"lookup_key() argument 'identifier': must be str, not {type(identifier).__name__}"
        )
    if identifier.isalnum():  # no separator to remove: most certificate numbers
        return identifier.upper()
    return _SEPARATORS.sub("", identifier).upper()


class PartnerBook:
    """Participants by id, their certifications, and the identifier index (immutable).

    A new book is empty and raises nothing; :meth:`adding` raises what it says.
    """

    __slots__ = ("_certifications", "_holdings", "_index", "_participants")

    def __init__(self) -> None:
        self._participants: Mapping[str, Participant] = _EMPTY
        self._certifications: tuple[Certification, ...] = ()
        # Every participant has an entry, in the participants' order, so that a
        # vet of everyone walks both mappings side by side without a look-up.
        self._holdings: dict[str, tuple[Certification, ...]] = {}
        self._index: dict[str, str] = {}

    def adding(
        self,
        participants: Iterable[Participant] = (),
        certifications: Iterable[Certification] = (),
        *,
        programs: Mapping[str, Program],
    ) -> PartnerBook:
        """A new book with these participants and certifications added.

        ``programs`` are the programs certifications may belong to (the
        reference data's). Raises :class:`~ctpat.errors.DataError` naming the
        record for any record that does not fit.
        """
        _listing("participants", participants)
        _listing("certifications", certifications)
        people = dict(self._participants)
        index = dict(self._index)
        # A record's place (its file and line, or its position) is worked out
        # only for an error: the loops below run once per record of a file.
        for i, participant in enumerate(participants):
            if type(participant) is not Participant:
                raise DataError.at(f"participants[{i}]", participant, "must be a Participant")
            known = len(people)
            people[participant.id] = participant
            if len(people) == known:
                where = _where(participant, f"participants[{i}]")
                raise DataError.at(f"{where}.id", participant.id, "duplicate participant id")
            for scheme, value in participant.identifiers.items():
                key = lookup_key(value)
                owner = index.setdefault(key, participant.id)
                if owner != participant.id:
                    where = _where(participant, f"participants[{i}]")
                    raise _claimed(f"{where}.identifiers.{scheme}", key, owner)
        # Each participant's certifications, the book's and the new ones: one
        # tuple a holder (no list a holder for the collector to track), the
        # holder's entry looked up once for both the check and the update.
        holdings: dict[str, tuple[Certification, ...]] = dict.fromkeys(people, ())
        holdings.update(self._holdings)
        added = tuple(certifications)  # the caller's tuple itself, not a copy
        # Per program: its level codes and roles, looked up once.
        rules_of: dict[str, tuple[Program, frozenset[str], frozenset[Role]]] = {}
        for i, cert in enumerate(added):
            if type(cert) is not Certification:
                raise DataError.at(f"certifications[{i}]", cert, "must be a Certification")
            rules = rules_of.get(cert.program)
            if rules is None:
                program = programs.get(cert.program)
                if program is None:
                    where = _where(cert, f"certifications[{i}]")
                    raise DataError.at(f"{where}.program", cert.program, "unknown program")
                rules = rules_of[cert.program] = (program, program.level_codes, program.roles)
            program, codes, roles = rules
            holder = cert.holder
            held = holdings.get(holder)
            if held is None:
                where = _where(cert, f"certifications[{i}]")
                raise DataError.at(f"{where}.holder", holder, "unknown participant")
            role = cert.role
            if role is not None and roles and role not in roles:
                where = _where(cert, f"certifications[{i}]")
                raise DataError.at(f"{where}.role", role.value, f"not a role of {program.code}")
            if codes:
                for j, event in enumerate(cert.events):
                    if event.level is not None and event.level not in codes:
                        where = _where(cert, f"certifications[{i}]")
                        raise DataError.at(
                            f"{where}.events[{j}].level",
                            event.level,
                            f"not a level of {program.code}",
                        )
            holdings[holder] = (*held, cert)
            if cert.reference is not None:
                key = lookup_key(cert.reference)
                owner = index.setdefault(key, holder)
                if owner != holder:
                    where = _where(cert, f"certifications[{i}]")
                    raise _claimed(f"{where}.reference", key, owner)
        new = PartnerBook()
        new._participants = MappingProxyType(people)
        new._certifications = self._certifications + added
        new._holdings = holdings
        new._index = index
        return new

    @property
    def participants(self) -> Mapping[str, Participant]:
        """The participants, by id (read-only), in the order added."""
        return self._participants

    @property
    def certifications(self) -> tuple[Certification, ...]:
        """Every certification, in the order added."""
        return self._certifications

    @property
    def holdings(self) -> Mapping[str, tuple[Certification, ...]]:
        """Each participant's certifications, by id, in the participants' order."""
        return MappingProxyType(self._holdings)

    @property
    def data(self) -> PartnerData:
        """The participants and certifications as one document."""
        return PartnerData(tuple(self._participants.values()), self._certifications)

    def participant(self, id: str) -> Participant:
        """The participant with this id.

        Raises :class:`~ctpat.errors.UnknownParticipant` for an id the book does not hold.
        """
        try:
            return self._participants[id]
        except (KeyError, TypeError):
            raise UnknownParticipant(id if type(id) is str else shown(id)) from None

    def resolve(self, participant: str | Participant) -> Participant:
        """The participant named by an id or given as an object (which must be in the book).

        Raises :class:`~ctpat.errors.UnknownParticipant` for one the book does not hold.
        """
        if isinstance(participant, Participant):
            self.participant(participant.id)
            return participant
        return self.participant(participant)

    def certifications_of(self, participant: str | Participant) -> tuple[Certification, ...]:
        """The certifications on record for a participant (by id or object).

        Raises :class:`~ctpat.errors.UnknownParticipant` for one the book does not hold.
        """
        return self._holdings[self.resolve(participant).id]

    def find(self, identifier: str) -> Participant:
        """The participant with this identifier or certificate reference, whatever
        its spacing, separators or case.

        Raises :class:`~ctpat.errors.UnknownParticipant` for an identifier no
        participant in the book has.
        """
        key = lookup_key(identifier) if isinstance(identifier, str) else ""
        holder = self._index.get(key) if key else None
        if holder is None:
            raise UnknownParticipant(
                identifier if isinstance(identifier, str) else shown(identifier)
            )
        return self._participants[holder]


def _listing(field: str, value: object) -> None:
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise DataError.at(field, value, "must be a sequence of records, not a single value")


def _where(record: Participant | Certification, default: str) -> str:
    """How an error names a record: its file and line when it was read from one."""
    origin = record.origin
    if origin is None or origin.line is None:
        return default
    return f"{origin.file or '(input)'} line {origin.line}"


def _claimed(where: str, key: str, owner: str) -> DataError:
    """The error for an identifier or reference that already names another participant."""
    return DataError.at(where, key, f"already identifies participant {owner!r}")
