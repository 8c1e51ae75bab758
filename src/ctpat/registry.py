"""The registry: programs, arrangements and the caller's partners, indexed for questions.

A :class:`Registry` answers *does program X accept this certification on day
D, and why?* from the reference data (:func:`ctpat.reference`), and, once
extended with the caller's own participants and certifications, verifies and
vets them. All indexes are built once, when the registry is built; every
query is a dictionary look-up, never a scan over all arrangements.

>>> from datetime import date
>>> import ctpat
>>> registry = ctpat.reference()
>>> aeo = ctpat.Certification.grant("EU-AEO", "bolt", on=date(2019, 4, 1), level="AEOF")
>>> verdict = registry.recognizes("CTPAT", aeo, on=date(2026, 1, 15))
>>> bool(verdict), verdict.arrangement
(True, 'US-EU')
>>> aeoc = ctpat.Certification.grant("EU-AEO", "nut", on=date(2019, 4, 1), level="AEOC")
>>> registry.recognizes("CTPAT", aeoc, on=date(2026, 1, 15)).codes()
(<ReasonCode.VALID: 'valid'>, <ReasonCode.LEVEL_NOT_COVERED: 'level-not-covered'>)
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from types import MappingProxyType

from dateutil.relativedelta import relativedelta

from ctpat.arrangements import CONDITIONS, Arrangement, Recognition
from ctpat.certifications import Certification
from ctpat.enums import Confidence, ReasonCode, Role, Status
from ctpat.errors import DataError, UnknownParticipant, UnknownProgram
from ctpat.identifiers import aeo
from ctpat.lifecycle import Standing
from ctpat.participants import Participant, PartnerData
from ctpat.programs import AUDIT, EXPIRY, Deadline, Program
from ctpat.verdicts import Reason, Verdict
from ctpat.vetting import SupplyChain, VettingEntry, VettingReport

__all__ = ["Registry"]

_Direction = tuple[Arrangement, Recognition]

_STATUS_REASON: dict[Status, ReasonCode] = {
    Status.NONE: ReasonCode.NOT_CERTIFIED_YET,
    Status.APPLICANT: ReasonCode.NOT_CERTIFIED_YET,
    Status.SUSPENDED: ReasonCode.SUSPENDED,
    Status.REJECTED: ReasonCode.REJECTED,
    Status.REVOKED: ReasonCode.REVOKED,
    Status.WITHDRAWN: ReasonCode.WITHDRAWN,
    Status.EXPIRED: ReasonCode.EXPIRED,
}


class Registry:
    """Programs and arrangements (and, once extended, the caller's partners), indexed.

    Build one from reference data with :func:`ctpat.reference`, or directly
    from programs and arrangements; the constructor checks that every
    arrangement names known programs, levels and roles, and raises
    :class:`~ctpat.errors.DataError` naming the record otherwise.
    """

    __slots__ = (
        "_arrangements",
        "_between",
        "_by_pair",
        "_by_recogniser",
        "_certifications",
        "_holdings",
        "_index",
        "_participants",
        "_programs",
        "_version",
    )

    def __init__(
        self,
        programs: Iterable[Program],
        arrangements: Iterable[Arrangement] = (),
        *,
        data_version: str,
    ) -> None:
        index: dict[str, Program] = {}
        for program in programs:
            if program.code in index:
                raise DataError.at(f"programs[{program.code}]", program.code, "duplicate code")
            index[program.code] = program
        self._programs: Mapping[str, Program] = MappingProxyType(index)
        self._version = data_version
        ordered = sorted(arrangements, key=lambda a: a.id)
        by_pair: dict[tuple[str, str], list[_Direction]] = {}
        between: dict[frozenset[str], list[Arrangement]] = {}
        seen: set[str] = set()
        for arrangement in ordered:
            self._check(arrangement, seen)
            for party in arrangement.parties:
                for other in arrangement.parties:
                    if party < other:
                        between.setdefault(frozenset((party, other)), []).append(arrangement)
            for rec in arrangement.recognitions:
                by_pair.setdefault((rec.by, rec.of), []).append((arrangement, rec))
        self._arrangements = tuple(ordered)
        self._by_pair = {key: tuple(value) for key, value in by_pair.items()}
        self._between = {key: tuple(value) for key, value in between.items()}
        by_recogniser: dict[str, list[_Direction]] = {}
        for (by, _), directions in self._by_pair.items():
            by_recogniser.setdefault(by, []).extend(directions)
        self._by_recogniser = {key: tuple(value) for key, value in by_recogniser.items()}
        self._participants: Mapping[str, Participant] = MappingProxyType({})
        self._certifications: tuple[Certification, ...] = ()
        self._holdings: dict[str, tuple[Certification, ...]] = {}
        self._index: dict[str, str] = {}

    def _check(self, arrangement: Arrangement, seen: set[str]) -> None:
        where = f"arrangements[{arrangement.id}]"
        if arrangement.id in seen:
            raise DataError.at(f"{where}.id", arrangement.id, "duplicate arrangement id")
        seen.add(arrangement.id)
        for party in arrangement.parties:
            if party not in self._programs:
                raise DataError.at(f"{where}.parties", party, "unknown program")
        for i, rec in enumerate(arrangement.recognitions):
            recognised = self._programs[rec.of]
            extra_levels = (rec.levels or frozenset()) - recognised.level_codes
            if extra_levels:
                raise DataError.at(
                    f"{where}.recognitions[{i}].levels",
                    sorted(extra_levels),
                    f"not levels of {rec.of}",
                )
            extra_roles = (rec.roles or frozenset()) - recognised.roles
            if extra_roles:
                raise DataError.at(
                    f"{where}.recognitions[{i}].roles",
                    sorted(r.value for r in extra_roles),
                    f"not roles of {rec.of}",
                )

    # -- reference data -------------------------------------------------------

    @property
    def data_version(self) -> str:
        """The version (as-of date) of the reference data; verdicts carry it."""
        return self._version

    @property
    def programs(self) -> Mapping[str, Program]:
        """Every program, by code (read-only)."""
        return self._programs

    @property
    def arrangements(self) -> tuple[Arrangement, ...]:
        """Every arrangement, sorted by id."""
        return self._arrangements

    def program(self, code: str) -> Program:
        """The program with this code; :class:`~ctpat.errors.UnknownProgram` if none."""
        try:
            return self._programs[code]
        except (KeyError, TypeError):
            raise UnknownProgram(code) from None

    def arrangements_between(self, a: str, b: str) -> tuple[Arrangement, ...]:
        """The arrangements to which both programs are parties, sorted by id.

        >>> import ctpat
        >>> [a.id for a in ctpat.reference().arrangements_between("EU-AEO", "CTPAT")]
        ['US-EU']
        """
        return self._between.get(frozenset((a, b)), ())

    def arrangements_of(self, code: str) -> tuple[Arrangement, ...]:
        """The arrangements to which the program is a party, sorted by id."""
        self.program(code)
        return tuple(a for a in self._arrangements if code in a.parties)

    def recognitions(self, by: str, of: str) -> tuple[tuple[Arrangement, Recognition], ...]:
        """Every recognition of program ``of`` by program ``by``, with its arrangement."""
        return self._by_pair.get((by, of), ())

    def recognized_by(self, code: str, *, on: dt.date) -> frozenset[str]:
        """The other programs whose certifications ``code`` accepts on ``on``.

        >>> from datetime import date
        >>> import ctpat
        >>> "EU-AEO" in ctpat.reference().recognized_by("CTPAT", on=date(2013, 6, 1))
        True
        """
        self.program(code)
        return frozenset(
            rec.of
            for arrangement, rec in self._by_recogniser.get(code, ())
            if arrangement.recognition_in_force(rec, on)
        )

    # -- the caller's data ----------------------------------------------------

    def extend(
        self,
        *,
        participants: Iterable[Participant] = (),
        certifications: Iterable[Certification] = (),
    ) -> Registry:
        """A new registry with these participants and certifications added.

        The new registry shares this one's reference data (nothing is rebuilt)
        and keeps its participants. Duplicate participant ids, certifications of
        unknown programs or holders, levels a program does not have, and an
        identifier or certificate reference used by two participants are
        data errors (:class:`~ctpat.errors.DataError`) naming the record.
        """
        new = object.__new__(Registry)
        for name in ("_arrangements", "_between", "_by_pair", "_by_recogniser"):
            setattr(new, name, getattr(self, name))
        new._programs = self._programs
        new._version = self._version
        people = dict(self._participants)
        index = dict(self._index)
        for i, participant in enumerate(participants):
            if type(participant) is not Participant:
                raise DataError.at(f"participants[{i}]", participant, "must be a Participant")
            if participant.id in people:
                raise DataError.at(
                    f"participants[{i}].id", participant.id, "duplicate participant id"
                )
            people[participant.id] = participant
            for scheme, value in participant.identifiers.items():
                _index(
                    index, _key(value), participant.id, f"participants[{i}].identifiers.{scheme}"
                )
        holdings = {key: list(value) for key, value in self._holdings.items()}
        added = []
        for i, cert in enumerate(certifications):
            self._check_certification(cert, i, people)
            holdings.setdefault(cert.holder, []).append(cert)
            added.append(cert)
            if cert.reference is not None:
                _index(index, _key(cert.reference), cert.holder, f"certifications[{i}].reference")
        new._participants = MappingProxyType(people)
        new._certifications = (*self._certifications, *added)
        new._holdings = {key: tuple(value) for key, value in holdings.items()}
        new._index = index
        return new

    def _check_certification(
        self, cert: Certification, i: int, people: Mapping[str, Participant]
    ) -> None:
        where = f"certifications[{i}]"
        if type(cert) is not Certification:
            raise DataError.at(where, cert, "must be a Certification")
        program = self._programs.get(cert.program)
        if program is None:
            raise DataError.at(f"{where}.program", cert.program, "unknown program")
        if cert.holder not in people:
            raise DataError.at(f"{where}.holder", cert.holder, "unknown participant")
        if cert.role is not None and program.roles and cert.role not in program.roles:
            raise DataError.at(f"{where}.role", cert.role.value, f"not a role of {program.code}")
        codes = program.level_codes
        for j, event in enumerate(cert.events):
            if event.level is not None and codes and event.level not in codes:
                raise DataError.at(
                    f"{where}.events[{j}].level", event.level, f"not a level of {program.code}"
                )

    def with_partners(self, data: PartnerData) -> Registry:
        """:meth:`extend` with a :class:`~ctpat.PartnerData` document."""
        return self.extend(participants=data.participants, certifications=data.certifications)

    @property
    def partners(self) -> PartnerData:
        """The caller's participants and certifications, ready for :func:`ctpat.to_json`."""
        return PartnerData(tuple(self._participants.values()), self._certifications)

    @property
    def participants(self) -> Mapping[str, Participant]:
        """The caller's participants, by id (read-only), in the order added."""
        return self._participants

    def participant(self, id: str) -> Participant:
        """The participant with this id; :class:`~ctpat.errors.UnknownParticipant` if none."""
        try:
            return self._participants[id]
        except (KeyError, TypeError):
            raise UnknownParticipant(id) from None

    def certifications_of(self, holder: str | Participant) -> tuple[Certification, ...]:
        """The certifications on record for a participant (by id or object)."""
        key = holder.id if isinstance(holder, Participant) else holder
        self.participant(key)
        return self._holdings.get(key, ())

    def find(self, identifier: str) -> Participant:
        """The participant with this identifier (EORI, MID, LEI, TCUIN, ...) or
        certificate reference, whatever its spacing, separators or case.

        >>> import ctpat
        >>> reg = ctpat.reference().extend(participants=[
        ...     ctpat.Participant("bolt", "Bolt BV", "NL", identifiers={"eori": "NL123456789"})
        ... ])
        >>> reg.find("nl 1234-56789").id
        'bolt'
        """
        key = _key(identifier) if isinstance(identifier, str) else ""
        holder = self._index.get(key) if key else None
        if holder is None:
            raise UnknownParticipant(
                identifier if isinstance(identifier, str) else repr(identifier)
            )
        return self._participants[holder]

    # -- verification and vetting ------------------------------------------------

    def verify_all(
        self, holder: str | Participant, *, by: str, on: dt.date, role: Role | None = None
    ) -> tuple[Verdict, ...]:
        """A verdict for each of the holder's certifications, best first.

        Accepted verdicts come first, and among equals the holder's own
        certification in ``by`` before recognised foreign ones. A holder with
        nothing on record gets one ``no-certification`` verdict.
        """
        participant = holder if isinstance(holder, Participant) else self.participant(holder)
        certs = self.certifications_of(participant.id)
        if not certs:
            reason = Reason(
                ReasonCode.NO_CERTIFICATION,
                f"no certification of {participant.id} is on record: unverified, not refused "
                "(public lists only show holders who consented)",
            )
            return (Verdict(False, on, (reason,), self._version, by, None),)
        country = participant.country
        verdicts = [
            self.recognizes(by, cert, on=on, role=role, issued_in=country) for cert in certs
        ]
        order = sorted(
            range(len(verdicts)),
            key=lambda i: (not verdicts[i].ok, certs[i].program != by, i),
        )
        return tuple(verdicts[i] for i in order)

    def verify(
        self, holder: str | Participant, *, by: str, on: dt.date, role: Role | None = None
    ) -> Verdict:
        """The best verdict over the holder's certifications (see :meth:`verify_all`)."""
        return self.verify_all(holder, by=by, on=on, role=role)[0]

    def vet(
        self,
        holders: Iterable[str | Participant] | None = None,
        *,
        by: str,
        on: dt.date,
        role: Role | None = None,
    ) -> VettingReport:
        """Verify every listed participant (default: all) against program ``by``."""
        self.program(by)
        chosen = self._participants.values() if holders is None else holders
        entries = tuple(
            VettingEntry(participant, self.verify(participant, by=by, on=on, role=role))
            for participant in (
                h if isinstance(h, Participant) else self.participant(h) for h in chosen
            )
        )
        return VettingReport(by, on, role, self._version, entries)

    def vet_supply_chain(
        self,
        chain: SupplyChain,
        root: str,
        *,
        by: str,
        on: dt.date,
        role: Role | None = None,
    ) -> VettingReport:
        """Vet every partner upstream of ``root`` once, each with its path from the root."""
        self.program(by)
        self.participant(root)
        entries = tuple(
            VettingEntry(partner, self.verify(partner, by=by, on=on, role=role), path)
            for partner, path in (
                (self.participant(pid), path) for pid, path in chain.upstream(root).items()
            )
        )
        return VettingReport(by, on, role, self._version, entries)

    def calendar(
        self,
        *,
        on: dt.date,
        within: relativedelta | dt.timedelta,
        audit_every: relativedelta | None = None,
    ) -> tuple[Deadline, ...]:
        """Every deadline of every certification due by ``on + within``, overdue first.

        With ``audit_every``, each participant holding a certification in force
        also gets an ``internal-audit`` deadline on the next anniversary (in
        steps of ``audit_every``) of its first certification.
        """
        horizon = on + within
        found: list[Deadline] = []
        for cert in self._certifications:
            program = self._programs[cert.program]
            found.extend(d for d in program.deadlines(cert, on=on) if d.due <= horizon)
        if audit_every is not None:
            found.extend(self._audits(on, horizon, audit_every))
        return tuple(sorted(found, key=lambda d: (not d.overdue, d.due, d.holder or "", d.name)))

    def _audits(self, on: dt.date, horizon: dt.date, every: relativedelta) -> Iterable[Deadline]:
        if on + every <= on:
            raise DataError.at("audit_every", every, "must be a positive period")
        for pid, certs in self._holdings.items():
            live = [c for c in certs if c.is_valid_on(on)]
            if not live:
                continue
            start = min(c.started_on for c in live)
            k = 1
            while start + every * k < on:
                k += 1
            due = start + every * k
            if due <= horizon:
                yield Deadline(AUDIT, due, False, holder=pid)

    # -- recognition ----------------------------------------------------------

    def recognizes(
        self,
        by: str,
        certification: Certification,
        *,
        on: dt.date,
        role: Role | None = None,
        issued_in: str | None = None,
    ) -> Verdict:
        """Does program ``by`` accept ``certification`` on ``on`` (for ``role``)?

        The checks, in order: both programs are known; the certification's
        status that day; same program; an arrangement whose recognition in
        this direction is in force that day; the level; the role. Recognition
        is never transitive: arrangements are not chained. The verdict lists
        every reason, with informational ``condition`` and ``deadline-overdue``
        reasons, and carries :attr:`data_version`.

        A certification is also out of force after the fixed term its program
        sets (a Korean AEO's three years) unless renewed, and after its issuer
        stopped being honoured (EU AEO authorisations issued by the United
        Kingdom, after 2020-12-31). The issuing country is read from an AEO
        authorisation number in ``reference``, else taken from ``issued_in``.
        """
        reasons: list[Reason] = []
        unknown = [code for code in (by, certification.program) if code not in self._programs]
        if unknown:
            reasons.extend(
                Reason(ReasonCode.UNKNOWN_PROGRAM, f"{code} is not a known program")
                for code in dict.fromkeys(unknown)
            )
            return self._verdict(False, on, reasons, by, certification)
        standing = certification.standing_on(on)
        valid = self._status(certification, standing, reasons)
        if valid:
            valid = self._term(certification, standing, on, issued_in, reasons)
        if certification.program == by:
            accepted = self._same_program(certification, role, reasons)
        else:
            accepted = self._arrangement(by, certification, standing, on, role, reasons)
        if standing.status in (Status.CERTIFIED, Status.SUSPENDED):
            self._deadlines(certification, on, reasons)
        return self._verdict(valid and accepted, on, reasons, by, certification)

    def _verdict(
        self,
        ok: bool,
        on: dt.date,
        reasons: list[Reason],
        by: str,
        certification: Certification | None,
    ) -> Verdict:
        return Verdict(ok, on, tuple(reasons), self._version, by, certification)

    def _status(
        self, certification: Certification, standing: Standing, reasons: list[Reason]
    ) -> bool:
        name = _describe(certification)
        status = standing.status
        if status is Status.CERTIFIED:
            details = [f"{name} is certified since {standing.certified_on}"]
            if standing.level is not None:
                details.append(f"at level {standing.level}")
            if standing.validated_on is not None:
                details.append(f"last validated {standing.validated_on}")
            if standing.until is not None:
                details.append(f"valid until {standing.until}")
            reasons.append(Reason(ReasonCode.VALID, ", ".join(details)))
            return True
        if status is Status.NONE:
            message = f"{name} has no event on record yet (first on {certification.started_on})"
        else:
            message = f"{name} is {status.value} since {standing.since}"
        reasons.append(Reason(_STATUS_REASON[status], message))
        return False

    def _term(
        self,
        certification: Certification,
        standing: Standing,
        on: dt.date,
        issued_in: str | None,
        reasons: list[Reason],
    ) -> bool:
        program = self._programs[certification.program]
        name = _describe(certification)
        expiry = program.expiry_of(standing)
        if expiry is not None and standing.until is None and on > expiry:
            reasons.append(
                Reason(
                    ReasonCode.EXPIRED,
                    f"{name}: {program.code} certifications at this level last a fixed term; "
                    f"granted {standing.certified_on}, it expired after {expiry} and no "
                    "renewal is on record",
                )
            )
            return False
        issuer = _issuer(certification) or issued_in
        end = program.issuer_end(issuer)
        if end is not None and on > end.last_day:
            reasons.append(
                Reason(
                    ReasonCode.EXPIRED,
                    f"{name}: issued in {issuer}, no longer valid after {end.last_day} "
                    f"({end.note})",
                )
            )
            return False
        return True

    def _same_program(
        self, certification: Certification, role: Role | None, reasons: list[Reason]
    ) -> bool:
        program = certification.program
        if role is not None and certification.role is not None and certification.role != role:
            reasons.append(
                Reason(
                    ReasonCode.ROLE_NOT_COVERED,
                    f"the {program} certification covers the role {certification.role.value}, "
                    f"not {role.value}",
                )
            )
            return False
        reasons.append(Reason(ReasonCode.SAME_PROGRAM, f"{program} accepts its own certification"))
        return True

    def _arrangement(
        self,
        by: str,
        certification: Certification,
        standing: Standing,
        on: dt.date,
        role: Role | None,
        reasons: list[Reason],
    ) -> bool:
        of = certification.program
        directions = self._by_pair.get((by, of), ())
        if not directions:
            reasons.append(
                Reason(
                    ReasonCode.NO_ARRANGEMENT,
                    f"{by} has no arrangement recognising {of} (recognition is not transitive)",
                )
            )
            return False
        in_force = [(a, r) for a, r in directions if a.recognition_in_force(r, on)]
        if not in_force:
            arrangement, rec = directions[-1]
            start, end = arrangement.window(rec)
            when = f"only from {start}" if on < start else f"only until {end}"
            reasons.append(
                Reason(
                    ReasonCode.ARRANGEMENT_NOT_IN_FORCE,
                    f"{arrangement.id}: {by} accepts {of} {when}; not on {on}",
                    arrangement.id,
                )
            )
            return False
        # Prefer an arrangement that covers the level and role; otherwise
        # explain why the first one in force does not.
        attempts = [self._scope(a, r, standing, certification, role, on) for a, r in in_force]
        for ok, found in attempts:
            if ok:
                reasons.extend(found)
                return True
        reasons.extend(attempts[0][1])
        return False

    def _scope(
        self,
        arrangement: Arrangement,
        rec: Recognition,
        standing: Standing,
        certification: Certification,
        role: Role | None,
        on: dt.date,
    ) -> tuple[bool, list[Reason]]:
        found: list[Reason] = []
        ok = True
        aid = arrangement.id
        if rec.levels is not None and standing.level not in rec.levels:
            levels = ", ".join(sorted(rec.levels))
            held = standing.level if standing.level is not None else "no level on record"
            found.append(
                Reason(
                    ReasonCode.LEVEL_NOT_COVERED,
                    f"{aid}: {rec.by} accepts {rec.of} only at level {levels}; "
                    f"this certification holds {held}",
                    aid,
                )
            )
            ok = False
        acting = role if role is not None else certification.role
        if rec.roles is not None:
            roles = ", ".join(sorted(r.value for r in rec.roles))
            if acting is None:
                found.append(
                    Reason(
                        ReasonCode.CONDITION,
                        f"{aid}: covers only the roles {roles}; confirm the holder acts as one",
                        aid,
                    )
                )
            elif acting not in rec.roles:
                found.append(
                    Reason(
                        ReasonCode.ROLE_NOT_COVERED,
                        f"{aid}: {rec.by} accepts {rec.of} only for the roles {roles}, "
                        f"not {acting.value}",
                        aid,
                    )
                )
                ok = False
        if ok:
            start, _ = arrangement.window(rec)
            signed = f"signed {arrangement.signed_on}"
            if arrangement.operational_on is not None:
                signed += f", operational {arrangement.operational_on}"
            found.insert(
                0,
                Reason(
                    ReasonCode.ARRANGEMENT_IN_FORCE,
                    f"{aid} ({arrangement.name}; {signed}): {rec.by} accepts {rec.of} "
                    f"since {start}",
                    aid,
                ),
            )
            found.extend(_conditions(arrangement, rec))
        return ok, found

    def _deadlines(self, certification: Certification, on: dt.date, reasons: list[Reason]) -> None:
        program = self._programs[certification.program]
        reasons.extend(
            Reason(
                ReasonCode.DEADLINE_OVERDUE,
                f"{_describe(certification)}: {deadline.name} was due {deadline.due} "
                "(a soft deadline: the certification stays valid)",
            )
            for deadline in program.deadlines(certification, on=on)
            if deadline.overdue and deadline.name != EXPIRY
        )


_SEPARATORS = re.compile(r"[\s\-./]+")


def _key(identifier: str) -> str:
    """The look-up key of an identifier: separators removed, upper-cased."""
    return _SEPARATORS.sub("", identifier).upper()


def _index(index: dict[str, str], key: str, holder: str, where: str) -> None:
    owner = index.get(key)
    if owner is not None and owner != holder:
        raise DataError.at(where, key, f"already identifies participant {owner!r}")
    index[key] = holder


def _issuer(certification: Certification) -> str | None:
    reference = certification.reference
    if reference is not None and aeo.is_valid(reference):
        return aeo.country(reference)
    return None


def _describe(certification: Certification) -> str:
    ref = f" {certification.reference}" if certification.reference else ""
    return f"{certification.program} certification{ref} of {certification.holder}"


def _conditions(arrangement: Arrangement, rec: Recognition) -> list[Reason]:
    aid = arrangement.id
    found = [
        Reason(ReasonCode.CONDITION, f"{aid}: {CONDITIONS.get(code, code)}", aid)
        for code in rec.conditions
    ]
    if arrangement.operational_on is None:
        found.append(
            Reason(
                ReasonCode.CONDITION,
                f"{aid}: no implementation date is known; counted from signing on "
                f"{arrangement.signed_on}",
                aid,
            )
        )
    if arrangement.source.confidence is Confidence.UNCERTAIN:
        found.append(
            Reason(
                ReasonCode.CONDITION,
                f"{aid}: the arrangement's dates or scope are not confirmed by an official "
                "source; check before relying on it",
                aid,
            )
        )
    return found
