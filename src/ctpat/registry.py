"""The registry: the reference data and the caller's partners, behind one object.

A :class:`Registry` is a thin face over the modules that do the work: the
reference data (:class:`~ctpat.catalog.Catalog`), recognition
(:mod:`ctpat.recognition`), the caller's partner book
(:class:`~ctpat.partners.PartnerBook`), vetting (:mod:`ctpat.vetting`) and the
calendar (:mod:`ctpat.calendar`). :func:`reference` gives the one over the
bundled data; adding the caller's participants gives a new registry that
shares it.

>>> from datetime import date
>>> import ctpat
>>> registry = ctpat.reference()
>>> aeo = ctpat.Certification.grant("EU-AEO", "bolt", on=date(2019, 4, 1), level="AEOF")
>>> verdict = registry.recognizes("CTPAT", aeo, on=date(2026, 1, 15))
>>> bool(verdict), verdict.arrangement
(True, 'US-EU')
>>> aeoc = ctpat.Certification.grant("EU-AEO", "nut", on=date(2019, 4, 1), level="AEOC")
>>> registry.recognizes("CTPAT", aeoc, on=date(2026, 1, 15)).codes()
(<ReasonCode.LEVEL_NOT_COVERED: 'level-not-covered'>, <ReasonCode.VALID: 'valid'>)
"""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from ctpat import _reference, recognition, validity
from ctpat._durations import Period
from ctpat.arrangements import Arrangement, Recognition
from ctpat.catalog import Catalog
from ctpat.certifications import Certification
from ctpat.enums import Role
from ctpat.errors import DataError, UnknownProgram
from ctpat.lifecycle import Standing
from ctpat.participants import Participant, PartnerData
from ctpat.partners import PartnerBook
from ctpat.programs import Deadline, Program
from ctpat.verdicts import Verdict

if TYPE_CHECKING:
    # Vetting, evidence and the calendar load on first use: ``ctpat.reference()``
    # and a recognition question need none of them.
    from ctpat.assessments import ComplianceBook
    from ctpat.criteria import Criteria
    from ctpat.evidence import Evidence
    from ctpat.readiness import GapReport, Readiness
    from ctpat.requirements import Requirement
    from ctpat.supplychains import SupplyChain
    from ctpat.vetting import VettingReport

__all__ = ["Registry", "reference"]


class Registry:
    """Programs and arrangements (and, once extended, the caller's partners).

    Build one from reference data with :func:`reference`, or directly from
    programs and arrangements: the constructor checks that they fit together
    and raises :class:`~ctpat.errors.DataError` naming the record otherwise
    (see :class:`~ctpat.catalog.Catalog`).
    """

    __slots__ = ("_book", "_catalog")

    def __init__(
        self,
        programs: Iterable[Program],
        arrangements: Iterable[Arrangement] = (),
        *,
        data_version: str,
    ) -> None:
        self._catalog = Catalog(programs, arrangements, data_version=data_version)
        self._book = PartnerBook()

    @classmethod
    def of(cls, catalog: Catalog, book: PartnerBook | None = None) -> Registry:
        """A registry over a catalog and (optionally) a partner book.

        Raises ``TypeError`` for an argument of the wrong type.
        """
        registry = cls.__new__(cls)
        registry._catalog = catalog
        registry._book = PartnerBook() if book is None else book
        return registry

    @property
    def catalog(self) -> Catalog:
        """The reference data."""
        return self._catalog

    @property
    def book(self) -> PartnerBook:
        """The caller's participants and certifications."""
        return self._book

    # -- reference data -----------------------------------------------------------

    @property
    def data_version(self) -> str:
        """The version (as-of date) of the reference data; verdicts carry it."""
        return self._catalog.data_version

    @property
    def programs(self) -> Mapping[str, Program]:
        """Every program, by code (read-only)."""
        return self._catalog.programs

    @property
    def arrangements(self) -> tuple[Arrangement, ...]:
        """Every arrangement, sorted by id."""
        return self._catalog.arrangements

    def program(self, code: str) -> Program:
        """The program with this code.

        Raises :class:`~ctpat.errors.UnknownProgram` for an unknown code.
        """
        return self._catalog.program(code)

    def arrangements_between(self, a: str, b: str) -> tuple[Arrangement, ...]:
        """The arrangements to which both programs are parties, sorted by id.

        An unknown code is party to none. Raises ``TypeError`` for an
        argument of the wrong type.

        >>> import ctpat
        >>> [a.id for a in ctpat.reference().arrangements_between("EU-AEO", "CTPAT")]
        ['US-EU']
        """
        return self._catalog.arrangements_between(a, b)

    def arrangements_of(self, code: str) -> tuple[Arrangement, ...]:
        """The arrangements to which the program is a party, sorted by id.

        Raises :class:`~ctpat.errors.UnknownProgram` for an unknown code.
        """
        return self._catalog.arrangements_of(code)

    def recognitions(self, by: str, of: str) -> tuple[tuple[Arrangement, Recognition], ...]:
        """Every recognition of program ``of`` by program ``by``, with its arrangement.

        An unknown code has none. Raises ``TypeError`` for an argument of
        the wrong type.
        """
        return self._catalog.recognitions(by, of)

    def recognized_by(self, code: str, *, on: dt.date) -> frozenset[str]:
        """The other programs whose certifications ``code`` accepts on ``on``:
        :func:`ctpat.recognition.recognized_by` (which says what it raises)."""
        code = _program_code(self._catalog, code)
        return recognition.recognized_by(self._catalog, code, on=on)

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
        :func:`ctpat.recognition.recognizes` (which says what it raises)."""
        # recognizes() is total: for an unknown program its verdict says so.
        with contextlib.suppress(UnknownProgram):
            by = _program_code(self._catalog, by)
        return recognition.recognizes(
            self._catalog, by, certification, on=on, role=role, issued_in=issued_in
        )

    def standing(
        self, certification: Certification, *, on: dt.date, issued_in: str | None = None
    ) -> Standing:
        """The certification's standing on ``on`` under its program's rules, the
        one answer to "in force on D": :func:`ctpat.validity.standing`. Raises
        :class:`~ctpat.errors.UnknownProgram` for a program the data lacks.

        >>> from datetime import date
        >>> import ctpat
        >>> card = ctpat.Certification.grant("FAST", "drv", on=date(2015, 1, 1))
        >>> ctpat.reference().standing(card, on=date(2026, 6, 1)).status
        <Status.EXPIRED: 'expired'>
        """
        program = self._catalog.program(certification.program)
        return validity.standing(program, certification, on=on, issued_in=issued_in)

    def deadlines(
        self, certification: Certification, *, on: dt.date, issued_in: str | None = None
    ) -> tuple[Deadline, ...]:
        """The certification's deadlines under its program's rules:
        :func:`ctpat.validity.deadlines`. Raises
        :class:`~ctpat.errors.UnknownProgram` for a program the data lacks."""
        program = self._catalog.program(certification.program)
        return validity.deadlines(program, certification, on=on, issued_in=issued_in)

    # -- the caller's data --------------------------------------------------------

    def with_partners(self, data: PartnerData) -> Registry:
        """A new registry with the participants and certifications of ``data`` added.

        ``data`` is the document every reader gives (:func:`ctpat.io.read`,
        :func:`ctpat.io.load`, :func:`ctpat.from_json`) and :attr:`partners`
        gives back. The new registry shares this one's reference data (nothing
        is rebuilt) and keeps its participants.

        >>> import ctpat
        >>> mine = ctpat.reference().with_partners(
        ...     ctpat.PartnerData(participants=[ctpat.Participant("acme", "Acme Imports", "US")])
        ... )
        >>> mine.participant("acme").name
        'Acme Imports'

        Raises :class:`~ctpat.errors.DataError` for a ``data`` that is not a
        :class:`~ctpat.PartnerData`, and naming the record (by file and line
        where it was read from one) for a duplicate id, a certification of an
        unknown program or holder, a level or role its program does not have,
        or an identifier used by two participants.
        """
        if type(data) is not PartnerData:
            raise DataError.at(
                "data", data, "must be a PartnerData (participants and their certifications)"
            )
        book = self._book.adding(
            data.participants, data.certifications, programs=self._catalog.programs
        )
        return Registry.of(self._catalog, book)

    @property
    def partners(self) -> PartnerData:
        """The caller's participants and certifications, ready for :func:`ctpat.to_json`."""
        return self._book.data

    @property
    def participants(self) -> Mapping[str, Participant]:
        """The caller's participants, by id (read-only), in the order added."""
        return self._book.participants

    def participant(self, id: str) -> Participant:
        """The participant with this id.

        Raises :class:`~ctpat.errors.UnknownParticipant` for an id the registry
        does not hold.
        """
        return self._book.participant(id)

    def certifications_of(self, participant: str | Participant) -> tuple[Certification, ...]:
        """The certifications on record for a participant (by id or object).

        Raises :class:`~ctpat.errors.UnknownParticipant` for one the registry
        does not hold.
        """
        return self._book.certifications_of(participant)

    def find(self, identifier: str) -> Participant:
        """The participant with this identifier (EORI, MID, LEI, TCUIN, ...) or
        certificate reference, whatever its spacing, separators or case.

        Raises :class:`~ctpat.errors.UnknownParticipant` for an identifier no
        participant has.

        >>> import ctpat
        >>> reg = ctpat.reference().with_partners(ctpat.PartnerData([
        ...     ctpat.Participant("bolt", "Bolt BV", "NL", identifiers={"eori": "NL123456789"})
        ... ]))
        >>> reg.find("nl 1234-56789").id
        'bolt'
        """
        return self._book.find(identifier)

    # -- verification, vetting, calendar -----------------------------------------

    def verify(
        self,
        participant: str | Participant,
        *,
        by: str,
        on: dt.date,
        role: Role | None = None,
        evidence: Iterable[Evidence] = (),
    ) -> Verdict:
        """The best verdict over the participant's certifications:
        :func:`ctpat.vetting.verify` (which says what it raises)."""
        from ctpat import vetting  # vetting and evidence load on first use

        # verify() answers an unknown program with a verdict saying so, as recognizes() does.
        with contextlib.suppress(UnknownProgram):
            by = _program_code(self._catalog, by)
        return vetting.verify(
            self._catalog, self._book, participant, by=by, on=on, role=role, evidence=evidence
        )

    def vet(
        self,
        participants: Iterable[str | Participant] | None = None,
        *,
        by: str,
        on: dt.date,
        role: Role | None = None,
        evidence: Iterable[Evidence] = (),
    ) -> VettingReport:
        """Every listed participant (default: all) verified against program ``by``:
        :func:`ctpat.vetting.vet` (which says what it raises)."""
        from ctpat import vetting  # vetting and evidence load on first use

        by = _program_code(self._catalog, by)
        return vetting.vet(
            self._catalog, self._book, participants, by=by, on=on, role=role, evidence=evidence
        )

    def vet_supply_chain(
        self,
        chain: SupplyChain,
        root: str,
        *,
        by: str,
        on: dt.date,
        role: Role | None = None,
    ) -> VettingReport:
        """Every partner upstream of ``root`` vetted once, with its path from the root:
        :func:`ctpat.vetting.vet_supply_chain` (which says what it raises)."""
        from ctpat import vetting  # vetting and evidence load on first use

        return vetting.vet_supply_chain(
            self._catalog, self._book, chain, root, by=by, on=on, role=role
        )

    def calendar(
        self,
        *,
        on: dt.date,
        within: Period,
        audit_every: Period | None = None,
    ) -> tuple[Deadline, ...]:
        """Every deadline of the partners' certifications due by ``on + within``:
        :func:`ctpat.calendar.deadlines_within` (which says what it raises)."""
        from ctpat.calendar import deadlines_within  # loads on first use

        return deadlines_within(
            self._catalog, self._book, on=on, within=within, audit_every=audit_every
        )

    def calendar_html(
        self,
        *,
        on: dt.date,
        within: Period,
        audit_every: Period | None = None,
        **options: Any,
    ) -> str:
        """The :meth:`calendar` as one self-contained HTML page, with the
        participants' names (``ctpat.report.calendar_html``; the ``report`` extra;
        option ``source``). Raises :class:`ImportError` naming the extra when
        Jinja2 is not installed.

        .. versionadded:: 0.1
        """
        try:
            from ctpat.report import calendar_html  # the optional extra, on demand
        except ImportError as err:
            raise ImportError(
                "Registry.calendar_html() needs the report extra: pip install 'ctpat[report]'"
            ) from err
        deadlines = self.calendar(on=on, within=within, audit_every=audit_every)
        return calendar_html(
            deadlines,
            on=on,
            within=within,
            data_version=self.data_version,
            participants=self.participants.values(),
            **options,
        )

    # -- security criteria and the caller's compliance records ---------------------

    @property
    def criteria(self) -> Criteria:
        """The bundled security criteria (requirement sets and ctpat's themes),
        checked against this registry's programs; read on first use.

        Raises :class:`~ctpat.errors.DataError` if the criteria name a program,
        role or level the registry's programs do not have.
        """
        return _reference.load_criteria(self._catalog)

    def requirements(
        self, program: str, *, role: Role | None = None, level: str | None = None
    ) -> tuple[Requirement, ...]:
        """The requirements of ``program``'s current criteria that apply to
        ``role`` at ``level`` (``None``: any).

        >>> import ctpat
        >>> musts = [r for r in ctpat.reference().requirements("CTPAT", role=ctpat.Role.IMPORTER)
        ...          if r.obligation is ctpat.Obligation.MUST]
        >>> len(musts), musts[0].id
        (60, '1.3')

        Raises :class:`~ctpat.errors.UnknownProgram` for a program without criteria.
        """
        return self.criteria.applicable(program, role=role, level=level)

    def gaps(
        self,
        compliance: ComplianceBook,
        subject: str,
        *,
        program: str,
        on: dt.date,
        role: Role | None = None,
        level: str | None = None,
    ) -> GapReport:
        """``subject``'s gaps against ``program``'s criteria on ``on``:
        :func:`ctpat.readiness.gaps` (which says what it raises)."""
        from ctpat import readiness  # the criteria modules load on first use

        return readiness.gaps(
            self.criteria, compliance, subject, program=program, on=on, role=role, level=level
        )

    def readiness(
        self,
        compliance: ComplianceBook,
        subject: str,
        *,
        program: str,
        on: dt.date,
        role: Role | None = None,
        level: str | None = None,
    ) -> Readiness:
        """Whether ``subject`` is ready for ``program``'s validation or review on
        ``on``: :func:`ctpat.readiness.readiness` (which says what it raises)."""
        from ctpat import readiness  # the criteria modules load on first use

        return readiness.readiness(
            self.criteria, compliance, subject, program=program, on=on, role=role, level=level
        )

    def duties(
        self,
        compliance: ComplianceBook,
        *,
        on: dt.date,
        within: Period,
    ) -> tuple[Deadline, ...]:
        """The compliance deadlines due by ``on + within``:
        :func:`ctpat.calendar.duties_within` (which says what it raises)."""
        from ctpat.calendar import duties_within  # loads on first use

        return duties_within(self.criteria, compliance, on=on, within=within)


def _program_code(catalog: Catalog, by: str) -> str:
    """``by`` as a program code: a code as it is, a spelling through
    :func:`ctpat.aliases.program_code` (loaded only for one). Text that is not
    trimmed ("", " CTPAT") is left for the caller's own check to refuse."""
    if type(by) is not str or by in catalog.programs or not by or by != by.strip():
        return by
    from ctpat.aliases import program_code

    return program_code(catalog, by)


_lock = threading.Lock()
_bundled: list[Registry] = []


def reference() -> Registry:
    """The bundled programs and arrangements as a :class:`Registry`.

    Loaded on the first call and cached: every later call, from any thread,
    returns the same object. ``data_version`` is the latest ``as_of`` date of
    the reference files. Raises :class:`~ctpat.errors.DataError` only if the
    bundled data files are damaged.

    >>> import ctpat
    >>> ctpat.reference() is ctpat.reference()
    True
    >>> ctpat.reference().program("CTPAT").administration
    'U.S. Customs and Border Protection (CBP)'
    """
    if _bundled:
        return _bundled[0]
    with _lock:
        # Another thread may have built it while this one waited for the lock.
        if not _bundled:
            _bundled.append(Registry.of(_reference.load_catalog()))
    return _bundled[0]
