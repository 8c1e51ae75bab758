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
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType

from dateutil.relativedelta import relativedelta

from ctpat._gc import paused
from ctpat.arrangements import CONDITIONS, Arrangement, Recognition
from ctpat.certifications import Certification
from ctpat.enums import Confidence, ReasonCode, Role, Status
from ctpat.errors import DataError, UnknownParticipant, UnknownProgram
from ctpat.lifecycle import Fields
from ctpat.participants import Participant, PartnerData
from ctpat.programs import AUDIT, EXPIRY, Deadline, IssuerEnd, Program
from ctpat.verdicts import Reason, Verdict, checked_reason, checked_verdict
from ctpat.vetting import Outcome, SupplyChain, VettingEntry, VettingReport, lazy_report

__all__ = ["Registry"]

_Direction = tuple[Arrangement, Recognition]
_DRIVERS_ONLY = frozenset({Role.DRIVER})


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
        "_facts_of",
        "_holdings",
        "_index",
        "_memo",
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
        # Answers that depend on the reference data only (what an arrangement
        # accepts on a day, at a level, for a role), shared by extended registries.
        self._memo: dict[tuple[object, ...], object] = {}
        self._facts_of: dict[str, tuple[Program, _Facts]] = {}

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
        for name in (
            "_arrangements",
            "_between",
            "_by_pair",
            "_by_recogniser",
            "_facts_of",
            "_memo",
        ):
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
            identifiers = participant.identifiers
            if identifiers:
                for scheme, value in identifiers.items():
                    _index(
                        index,
                        _key(value),
                        participant.id,
                        f"participants[{i}].identifiers.{scheme}",
                    )
        added_by: dict[str, list[Certification]] = {}
        added = []
        # Per program: its level codes and roles, looked up once. A record that
        # fails a quick check goes to _check_certification, which names the problem.
        rules_of: dict[str, tuple[frozenset[str], frozenset[Role]]] = {}
        programs = self._programs
        for i, cert in enumerate(certifications):
            rules = rules_of.get(cert.program) if type(cert) is Certification else None
            if rules is None:
                program = programs.get(cert.program) if type(cert) is Certification else None
                if program is None:
                    self._check_certification(cert, i, people)  # raises: which problem
                assert program is not None
                rules = rules_of[cert.program] = (program.level_codes, program.roles)
            codes, roles = rules
            role = cert.role
            if cert.holder not in people or (role is not None and roles and role not in roles):
                self._check_certification(cert, i, people)
            if codes:
                for event in cert.events:
                    if event.level is not None and event.level not in codes:
                        self._check_certification(cert, i, people)
            added_by.setdefault(cert.holder, []).append(cert)
            added.append(cert)
            if cert.reference is not None:
                key = _key(cert.reference)
                owner = index.setdefault(key, cert.holder)
                if owner != cert.holder:
                    _index(index, key, cert.holder, f"certifications[{i}].reference")
        # Every participant has an entry, in the participants' order, so that a
        # vet of everyone walks both mappings side by side without a look-up.
        holdings: dict[str, tuple[Certification, ...]] = dict.fromkeys(people, ())
        holdings.update(self._holdings)
        for pid, extra in added_by.items():
            holdings[pid] = (*holdings[pid], *extra)
        new._participants = MappingProxyType(people)
        new._certifications = (*self._certifications, *added)
        new._holdings = holdings
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
            return (self._unverified(participant, by, on),)
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
        participant = holder if isinstance(holder, Participant) else self.participant(holder)
        certs = self.certifications_of(participant.id)
        decide = self._decider(by, on, role) if len(certs) > 1 else None
        return self._verify(participant, certs, by, on, role, decide)

    def _verify(
        self,
        participant: Participant,
        certs: tuple[Certification, ...],
        by: str,
        on: dt.date,
        role: Role | None,
        decide: Callable[[Certification, str | None], bool] | None,
    ) -> Verdict:
        """:meth:`verify` of the participant holding ``certs``, with the decider
        for ``(by, on, role)`` if there is one (a vet passes its own)."""
        if decide is None:
            return self.verify_all(participant, by=by, on=on, role=role)[0]
        try:
            best, _ = _best(certs, decide, by, participant.country)
        except _Unsafe:
            return self.verify_all(participant, by=by, on=on, role=role)[0]
        # Only the best one is worked out in full: the decisions above are the
        # verdicts' ``ok`` without their reasons.
        return self.recognizes(by, best, on=on, role=role, issued_in=participant.country)

    def vet(
        self,
        holders: Iterable[str | Participant] | None = None,
        *,
        by: str,
        on: dt.date,
        role: Role | None = None,
    ) -> VettingReport:
        """Verify every listed participant (default: all) against program ``by``.

        Each participant's outcome is decided at once; its verdict, with every
        reason, is worked out the first time it is looked at (it is the one
        :meth:`verify` gives). So a report of a million participants costs
        little until its verdicts are read, and counting, :meth:`VettingReport.summary`
        and the lists of who passed or failed read none.
        """
        self.program(by)
        chosen = self._participants.values() if holders is None else holders
        decide = self._decider(by, on, role)
        if decide is None:
            entries = tuple(
                VettingEntry(participant, self.verify(participant, by=by, on=on, role=role))
                for participant in (
                    h if isinstance(h, Participant) else self.participant(h) for h in chosen
                )
            )
            return VettingReport(by, on, role, self._version, entries)
        participants: Sequence[Participant]
        holdings: Iterable[tuple[Certification, ...]]
        if holders is None:
            # The two mappings hold every participant in the same order (see extend).
            participants = tuple(self._participants.values())
            holdings = self._holdings.values()
        else:
            participants = []
            for h in holders:
                if isinstance(h, Participant):
                    self.participant(h.id)  # as certifications_of() checks
                    participants.append(h)
                else:
                    participants.append(self.participant(h))
            get = self._holdings.get
            holdings = [get(participant.id, ()) for participant in participants]
        outcomes: list[Outcome] = []
        # Per participant: None (nothing on record), the one certification, all
        # of them (the best is picked when the verdict is read), or the verdict
        # itself when the quick decision could not be trusted.
        picked: list[Certification | tuple[Certification, ...] | Verdict | None] = []
        add_outcome, add_pick = outcomes.append, picked.append
        passed, failed, unverified = Outcome.PASSED, Outcome.FAILED, Outcome.UNVERIFIED
        with paused():  # a million small objects: see ctpat._gc
            for participant, certs in zip(participants, holdings, strict=True):
                if not certs:
                    add_outcome(unverified)
                    add_pick(None)
                    continue
                try:
                    if len(certs) == 1:
                        ok = decide(certs[0], participant.country)
                        add_pick(certs[0])
                    else:
                        # Passed as soon as one is accepted; which one is the
                        # best to show is only needed when the verdict is read.
                        country = participant.country
                        ok = False
                        for cert in certs:
                            if decide(cert, country):
                                ok = True
                                break
                        add_pick(certs)
                except _Unsafe:
                    verdict = self.verify(participant, by=by, on=on, role=role)
                    add_outcome(Outcome.of(verdict))
                    add_pick(verdict)
                    continue
                add_outcome(passed if ok else failed)

        def verdict_of(index: int) -> Verdict:
            found = picked[index]
            participant = participants[index]
            if found is None:
                return self._unverified(participant, by, on)
            if isinstance(found, Verdict):
                return found
            if isinstance(found, tuple):
                # verify(), reusing this vet's decider and its cached answers.
                return self._verify(participant, found, by, on, role, decide)
            return self.recognizes(by, found, on=on, role=role, issued_in=participant.country)

        return lazy_report(by, on, role, self._version, participants, outcomes, verdict_of)

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

    def _unverified(self, participant: Participant, by: str, on: dt.date) -> Verdict:
        reason = Reason(
            ReasonCode.NO_CERTIFICATION,
            f"no certification of {participant.id} is on record: unverified, not refused "
            "(public lists only show holders who consented)",
        )
        return Verdict(False, on, (reason,), self._version, by, None)

    def _decider(
        self, by: str, on: dt.date, role: Role | None
    ) -> Callable[[Certification, str | None], bool] | None:
        """``decide(certification, issued_in)``: whether ``recognizes(by, ...).ok``.

        The same checks as :meth:`recognizes` (a conjunction: the order is
        chosen for speed), from the same cached answers, but building no reason: a vet decides a million
        participants' outcomes this way. ``None`` when the arguments are not
        plain (a ``datetime``, an unknown role object, a day so near the ends of
        the calendar that working out a deadline could overflow): the callers
        then take the full path, which also raises what it raises.
        """
        if type(on) is not dt.date or (role is not None and type(role) is not Role):
            return None
        low, high = self._calendar_bounds()
        if on.year > high:
            return None
        programs = self._programs
        if by not in programs:
            return lambda certification, issued_in: False
        facts_of = self._facts
        fixed_expiry = self._fixed_expiry
        issuer_end = self._issuer_end
        accepts = self._accepts
        certified, suspended, expired = Status.CERTIFIED, Status.SUSPENDED, Status.EXPIRED
        # Per call: (program, facts) by code, and arrangement decisions by
        # (program, level, role), out of the registry's caches.
        known: dict[str, tuple[Program, bool, frozenset[str]]] = {}
        accepted: dict[tuple[str, str | None, Role | None], bool] = {}

        def decide(certification: Certification, issued_in: str | None) -> bool:
            # The most common answers (not in force) come first and cheapest;
            # statuses are compared by identity (an enum's hash is Python code).
            try:
                state = certification._state
            except AttributeError:
                state = certification._replayed()
            if on < state[7]:
                fields = certification._fields_on(on)
                status, level, certified_on, until = fields[0], fields[2], fields[3], fields[6]
            else:
                status, _, level, certified_on, _, _, until, _ = state
                if until is not None and on > until:
                    status = expired if status is certified or status is suspended else status
            if status is not certified:
                if status is suspended and certified_on is not None and certified_on.year < low:
                    raise _Unsafe  # a deadline of this one could fall before year 1
                return False
            if certified_on is not None and certified_on.year < low:
                raise _Unsafe
            code = certification.program
            found = known.get(code)
            if found is None:
                if code not in programs:
                    return False
                program, facts = facts_of(code)
                found = known[code] = (program, facts.term, facts.ended)
            program, term, ended = found
            if until is None and term:
                expiry = fixed_expiry(program, level, certified_on)
                if expiry is not None and on > expiry:
                    return False
            if ended:
                end = issuer_end(program, ended, certification, issued_in)
                if end is not None and on > end.last_day:
                    return False
            held = certification.role
            if code == by:
                return role is None or held is None or held is role
            acting = role if role is not None else held
            key = (code, level, acting)
            answer = accepted.get(key)
            if answer is None:
                answer = accepted[key] = accepts(by, code, on, level, acting)[0]
            return answer

        return decide

    def _calendar_bounds(self) -> tuple[int, int]:
        """Years between which no deadline or expiry can leave the calendar (cached).

        Every deadline is a certification date plus at most three of the
        longest period any program or level sets, or minus one of them.
        """
        key = ("bounds",)
        found = self._memo.get(key)
        if found is None:
            longest = 0
            for program in self._programs.values():
                policy = program.policy
                periods = [
                    policy.validate_within,
                    policy.revalidate_every,
                    policy.review_every,
                    policy.expires_after,
                    policy.review_window,
                    *(level.expires_after for level in program.levels),
                ]
                for period in periods:
                    if period is not None:
                        years = period.years + period.months / 12 + period.days / 365
                        longest = max(longest, int(years) + 1)
            found = self._memo[key] = (3 * longest + 2, 9999 - 3 * longest - 2)
        return found  # type: ignore[return-value]

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
            # Internal audits are of business partners: a driver's FAST card
            # (a program only drivers join) does not put the driver on the list.
            live = [
                c
                for c in certs
                if c.is_valid_on(on) and self._programs[c.program].roles != _DRIVERS_ONLY
            ]
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
        programs = self._programs
        if by not in programs or certification.program not in programs:
            unknown = [code for code in (by, certification.program) if code not in programs]
            reasons = [
                Reason(ReasonCode.UNKNOWN_PROGRAM, f"{code} is not a known program")
                for code in dict.fromkeys(unknown)
            ]
            return self._verdict(False, on, reasons, by, certification)
        # The standing's fields as a tuple: a Standing object is not needed here.
        fields = certification._fields_on(on)
        code = certification.program
        program, facts = self._facts(code)
        reasons = []
        valid = self._status(certification, fields, reasons)
        if valid and (facts.term or facts.ended):
            valid = self._term(certification, program, facts, fields, on, issued_in, reasons)
        if code == by:
            accepted = self._same_program(certification, role, reasons, facts.own)
        else:
            acting = role if role is not None else certification.role
            accepted, found = self._accepts(by, code, on, fields[2], acting)
            reasons += found
        status = fields[0]
        if (status is _CERTIFIED or status is _SUSPENDED) and (
            facts.soft or (facts.term and fields[6] is None)
        ):
            # Otherwise the only deadline is the expiry, which is never reported
            # here, and no date arithmetic (that could raise) would be done for it.
            self._deadlines(certification, program, fields, on, reasons)
        return checked_verdict(
            valid and accepted, on, tuple(reasons), self._version, by, certification
        )

    def _verdict(
        self,
        ok: bool,
        on: dt.date,
        reasons: list[Reason],
        by: str,
        certification: Certification | None,
    ) -> Verdict:
        return checked_verdict(ok, on, tuple(reasons), self._version, by, certification)

    def _status(self, certification: Certification, fields: Fields, reasons: list[Reason]) -> bool:
        status, since, level, certified_on, validated_on, _, until = fields
        name = _describe(certification)
        if status is _CERTIFIED:
            # isoformat() is what str() of a date gives, without format()'s detour.
            assert certified_on is not None  # a certified standing always has it
            message = f"{name} is certified since {certified_on.isoformat()}"
            if level is not None:
                message += f", at level {level}"
            if validated_on is not None:
                message += f", last validated {validated_on.isoformat()}"
            if until is not None:
                message += f", valid until {until.isoformat()}"
            reasons.append(checked_reason(_VALID, message))
            return True
        if status is _NONE:
            message = f"{name} has no event on record yet (first on {certification.started_on})"
        else:
            message = f"{name} is {status.value} since {since}"
        reasons.append(checked_reason(ReasonCode.for_status(status), message))
        return False

    def _term(
        self,
        certification: Certification,
        program: Program,
        facts: _Facts,
        fields: Fields,
        on: dt.date,
        issued_in: str | None,
        reasons: list[Reason],
    ) -> bool:
        certified_on = fields[3]
        if fields[6] is None and facts.term:
            expiry = self._fixed_expiry(program, fields[2], certified_on)
            if expiry is not None and on > expiry:
                reasons.append(
                    checked_reason(
                        _EXPIRED,
                        f"{_describe(certification)}: {program.code} certifications at this "
                        f"level last a fixed term; granted {certified_on}, it expired "
                        f"after {expiry} and no renewal is on record",
                    )
                )
                return False
        if facts.ended:
            end = self._issuer_end(program, facts.ended, certification, issued_in)
            if end is not None and on > end.last_day:
                issuer = _issuer(certification) or issued_in
                reasons.append(
                    checked_reason(
                        _EXPIRED,
                        f"{_describe(certification)}: issued in {issuer}, no longer valid after "
                        f"{end.last_day} ({end.note})",
                    )
                )
                return False
        return True

    def _facts(self, code: str) -> tuple[Program, _Facts]:
        """The program with this code and what its rules need (cached)."""
        found = self._facts_of.get(code)
        if found is None:
            program = self._programs[code]
            policy = program.policy
            facts = _Facts(
                soft=policy.validate_within is not None
                or policy.revalidate_every is not None
                or policy.review_every is not None,
                term=policy.expires_after is not None
                or any(level.expires_after is not None for level in program.levels),
                ended=frozenset(end.country for end in program.ended_issuers),
                own=Reason(ReasonCode.SAME_PROGRAM, f"{code} accepts its own certification"),
            )
            found = self._facts_of[code] = (program, facts)
        return found

    def _fixed_expiry(
        self, program: Program, level: str | None, certified_on: dt.date | None
    ) -> dt.date | None:
        """``program.expiry_of`` a standing without ``until`` (cached: date arithmetic
        with relativedelta is slow, and many certifications share a grant date)."""
        assert certified_on is not None  # asked only of a certified standing
        key = ("expiry", program.code, level, certified_on)
        memo = self._memo
        try:
            return memo[key]  # type: ignore[return-value]
        except KeyError:
            pass
        expiry = program.policy_for(level).expiry(certified_on)
        _remember(memo, key, expiry)
        return expiry

    @staticmethod
    def _issuer_end(
        program: Program,
        ended: frozenset[str],
        certification: Certification,
        issued_in: str | None,
    ) -> IssuerEnd | None:
        """``program.issuer_end`` of the certification's issuer (its AEO number's
        country, else ``issued_in``), without validating the number when neither
        could be one of the ``ended`` issuers."""
        if issued_in is None or type(issued_in) is str:
            reference = certification.reference
            prefix = "" if reference is None else reference[:2]
            if issued_in not in ended and (
                reference is None
                or (prefix.isascii() and prefix.isalpha() and prefix.upper() not in ended)
            ):
                # A valid number's country is its first two letters, upper-cased.
                return None
        return program.issuer_end(_issuer(certification) or issued_in)

    def _same_program(
        self, certification: Certification, role: Role | None, reasons: list[Reason], own: Reason
    ) -> bool:
        program = certification.program
        if role is not None and certification.role is not None and certification.role != role:
            reasons.append(
                checked_reason(
                    ReasonCode.ROLE_NOT_COVERED,
                    f"the {program} certification covers the role {certification.role.value}, "
                    f"not {role.value}",
                )
            )
            return False
        reasons.append(own)
        return True

    def _accepts(
        self, by: str, of: str, on: dt.date, level: str | None, acting: Role | None
    ) -> tuple[bool, tuple[Reason, ...]]:
        """Whether ``by`` accepts a certification of ``of`` at ``level`` for ``acting``
        on ``on`` under an arrangement, and the reasons why.

        They depend on the reference data alone, so they are worked out once and
        kept: a vet asks the same few questions for every participant.
        """
        key: tuple[object, ...] = ("accepts", by, of, on, level, acting)
        memo = self._memo
        try:
            return memo[key]  # type: ignore[return-value]
        except KeyError:
            pass
        except TypeError:  # an unhashable role: work it out without keeping it
            key = ()
        reasons: list[Reason] = []
        accepted = self._arrangement(by, of, on, level, acting, reasons)
        found = (accepted, tuple(reasons))
        if key:
            _remember(memo, key, found)
        return found

    def _arrangement(
        self,
        by: str,
        of: str,
        on: dt.date,
        level: str | None,
        acting: Role | None,
        reasons: list[Reason],
    ) -> bool:
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
        attempts = [self._scope(a, r, level, acting) for a, r in in_force]
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
        level: str | None,
        acting: Role | None,
    ) -> tuple[bool, list[Reason]]:
        found: list[Reason] = []
        ok = True
        aid = arrangement.id
        if rec.levels is not None and level not in rec.levels:
            levels = ", ".join(sorted(rec.levels))
            held = level if level is not None else "no level on record"
            found.append(
                Reason(
                    ReasonCode.LEVEL_NOT_COVERED,
                    f"{aid}: {rec.by} accepts {rec.of} only at level {levels}; "
                    f"this certification holds {held}",
                    aid,
                )
            )
            ok = False
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

    def _deadlines(
        self,
        certification: Certification,
        program: Program,
        fields: Fields,
        on: dt.date,
        reasons: list[Reason],
    ) -> None:
        name = None
        for deadline, due, _ in program._due(fields, on):
            if due < on and deadline != EXPIRY:
                name = name or _describe(certification)
                reasons.append(
                    checked_reason(
                        ReasonCode.DEADLINE_OVERDUE,
                        f"{name}: {deadline} was due {due.isoformat()} "
                        "(a soft deadline: the certification stays valid)",
                    )
                )


# Looking a member up on an enum class costs ~140 ns: the hot paths use these.
_CERTIFIED, _SUSPENDED, _NONE = Status.CERTIFIED, Status.SUSPENDED, Status.NONE
_VALID, _EXPIRED = ReasonCode.VALID, ReasonCode.EXPIRED

#: How many answers a registry keeps (arrangement decisions, fixed-term expiries)
#: before it starts afresh; a vet on one day needs a few hundred.
_MEMO_SIZE = 50_000


def _remember(
    memo: dict[tuple[object, ...], object], key: tuple[object, ...], value: object
) -> None:
    if len(memo) >= _MEMO_SIZE:
        memo.clear()
    memo[key] = value


class _Facts:
    """What a program's rules need, worked out once (see :meth:`Registry._facts`).

    ``soft``: whether it sets a soft deadline (validation, revalidation or
    review); ``term``: whether it, or one of its levels, sets a fixed term;
    ``ended``: the countries whose authorisations it stopped honouring;
    ``own``: the reason given when it is asked about its own certification
    (reasons are immutable, so one serves every verdict).
    """

    __slots__ = ("ended", "own", "soft", "term")

    def __init__(self, *, soft: bool, term: bool, ended: frozenset[str], own: Reason) -> None:
        self.soft = soft
        self.term = term
        self.ended = ended
        self.own = own


class _Unsafe(Exception):
    """A quick decision could differ from the full verdict (a date at the edge
    of the calendar): the caller works out the full verdict instead."""


def _best(
    certs: tuple[Certification, ...],
    decide: Callable[[Certification, str | None], bool],
    by: str,
    issued_in: str | None,
) -> tuple[Certification, bool]:
    """The certification :meth:`Registry.verify_all` puts first, and whether it is accepted:
    the first accepted one of ``by`` itself, else the first accepted, else the first
    of ``by``, else the first."""
    best, rank = certs[0], 4
    for cert in certs:
        here = (0 if decide(cert, issued_in) else 2) + (cert.program != by)
        if here < rank:
            best, rank = cert, here
            if not here:
                break
    return best, rank < 2


_SEPARATORS = re.compile(r"[\s\-./]+")


def _key(identifier: str) -> str:
    """The look-up key of an identifier: separators removed, upper-cased."""
    if identifier.isalnum():  # no separator to remove: most certificate numbers
        return identifier.upper()
    return _SEPARATORS.sub("", identifier).upper()


def _index(index: dict[str, str], key: str, holder: str, where: str) -> None:
    owner = index.get(key)
    if owner is not None and owner != holder:
        raise DataError.at(where, key, f"already identifies participant {owner!r}")
    index[key] = holder


def _issuer(certification: Certification) -> str | None:
    from ctpat.identifiers import aeo  # loaded on first use, like the other schemes

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
