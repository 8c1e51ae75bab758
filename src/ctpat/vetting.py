"""Vetting: many verdicts on one date, with their outcome, and the report that holds them.

>>> from datetime import date
>>> import ctpat
>>> registry = ctpat.reference().with_partners(ctpat.PartnerData(
...     participants=[
...         ctpat.Participant("acme", "Acme Imports", "US"),
...         ctpat.Participant("rhein", "Rhein Tools GmbH", "DE"),
...         ctpat.Participant("quiet", "Quiet Supplier Ltd", "GB"),
...     ],
...     certifications=[
...         ctpat.Certification.grant("CTPAT", "acme", on=date(2020, 1, 6)),
...         ctpat.Certification.grant("EU-AEO", "rhein", on=date(2017, 3, 1), level="AEOS"),
...     ],
... ))
>>> report = registry.vet(by="CTPAT", on=date(2026, 1, 15))
>>> print(report.summary())
3 participants vetted against CTPAT on 2026-01-15: 2 passed, 0 failed, 1 unverified.
>>> [p.id for p in report.unverified]
['quiet']

(Over 500 lines: verifying, vetting and the report they return are one job;
the report's CSV and HTML outputs are thin calls to ``ctpat._text`` and
``ctpat.report``.)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from typing import Any

import attrs

from ctpat import recognition, validity
from ctpat._documents import VET_COLUMNS, flat, vet_head, vetted
from ctpat.catalog import Catalog
from ctpat.certifications import Certification
from ctpat.enums import ReasonCode, Role, StrEnum
from ctpat.errors import DataError
from ctpat.evidence import Evidence, numbers_to_check, weigh
from ctpat.participants import Participant
from ctpat.partners import PartnerBook
from ctpat.programs import Deadline
from ctpat.supplychains import SupplyChain
from ctpat.verdicts import Reason, Verdict

__all__ = [
    "COLUMNS",
    "Outcome",
    "VettingEntry",
    "VettingReport",
    "verify",
    "vet",
    "vet_supply_chain",
]


class Outcome(StrEnum):
    """How a participant came out of vetting."""

    #: A certification of its own is accepted.
    PASSED = "passed"
    #: It has certifications on record, and none is accepted.
    FAILED = "failed"
    #: Nothing on record: public lists are consent-gated, so this is
    #: "unverified", not "not certified".
    UNVERIFIED = "unverified"

    @classmethod
    def of(cls, verdict: Verdict) -> Outcome:
        """The outcome a verdict stands for."""
        if verdict.ok:
            return cls.PASSED
        # Nothing on record, or evidence that leaves a claim unverified
        # (ctpat.evidence.weigh), is what decided it.
        deciding = verdict.deciding
        if deciding is not None and deciding.code.leaves_unverified:
            return cls.UNVERIFIED
        return cls.FAILED


@attrs.frozen
class VettingEntry:
    """One participant's verdict in a report; ``path`` leads from a supply
    chain's root to it (empty outside supply chains).

    Raises nothing: the fields are not checked (a :class:`VettingReport`
    checks that its entries are entries).
    """

    participant: Participant
    verdict: Verdict
    path: tuple[str, ...] = ()

    @property
    def outcome(self) -> Outcome:
        """Passed, failed or unverified."""
        return Outcome.of(self.verdict)


#: The columns of :meth:`VettingReport.rows` and :meth:`~VettingReport.to_csv`, in
#: order: the same as ``ctpat vet --format csv``.
COLUMNS = VET_COLUMNS


def _entries(entries: Iterable[VettingEntry]) -> tuple[VettingEntry, ...]:
    """``entries`` as a tuple, each checked to be a :class:`VettingEntry`."""
    built = tuple(entries)
    for index, entry in enumerate(built):
        if type(entry) is not VettingEntry:
            raise DataError.at(f"entries[{index}]", entry, "must be a VettingEntry")
    return built


@attrs.frozen
class VettingReport:
    """Verdicts for many participants against one program on one date.

    Iterating gives ``(participant, verdict)`` pairs in the order vetted. Every
    entry holds its verdict with all its reasons (:func:`vet` builds each in the
    pass that decides it); the outcomes are worked out once, from the verdicts.
    A report compares, hashes, prints and pickles by its by, on, role, data
    version and entries; the catalog it was vetted with is kept for the dates of
    overdue deadlines in :meth:`records` and is neither compared nor pickled.
    It is immutable. Raises :class:`~ctpat.errors.DataError` naming an entry
    that is not a :class:`VettingEntry` (the other arguments are taken as given).

    >>> from datetime import date
    >>> report = VettingReport("CTPAT", date(2026, 1, 15), None, "2026-12-02", [])
    >>> report.summary()
    '0 participants vetted against CTPAT on 2026-01-15: 0 passed, 0 failed, 0 unverified.'
    """

    _by: str
    _on: dt.date
    _role: Role | None
    _data_version: str
    _entries: tuple[VettingEntry, ...] = attrs.field(converter=_entries)
    _catalog: Catalog | None = attrs.field(
        default=None, kw_only=True, alias="_catalog", eq=False, repr=False
    )
    _outcomes: tuple[Outcome, ...] = attrs.field(
        init=False,
        eq=False,
        repr=False,
        default=attrs.Factory(
            lambda self: tuple([Outcome.of(entry.verdict) for entry in self._entries]),
            takes_self=True,
        ),
    )

    def with_entries(self, entries: Iterable[VettingEntry]) -> VettingReport:
        """This report with ``entries`` in place of its own: the same question and
        reference data (what :meth:`ctpat.io.Intake.carried` uses to put the
        participants of unread rows in). Raises what the constructor raises."""
        return attrs.evolve(self, entries=entries)

    @property
    def by(self) -> str:
        """The program vetted against."""
        return self._by

    @property
    def on(self) -> dt.date:
        """The date asked about."""
        return self._on

    @property
    def role(self) -> Role | None:
        """The role the participants were vetted in (``None``: any)."""
        return self._role

    @property
    def data_version(self) -> str:
        """The reference data the verdicts were worked out from."""
        return self._data_version

    @property
    def entries(self) -> tuple[VettingEntry, ...]:
        """Every participant's entry, in the order vetted."""
        return self._entries

    @property
    def outcomes(self) -> tuple[Outcome, ...]:
        """Every participant's outcome, in the order vetted."""
        return self._outcomes

    def __iter__(self) -> Iterator[tuple[Participant, Verdict]]:
        return ((entry.participant, entry.verdict) for entry in self.entries)

    def __len__(self) -> int:
        return len(self._entries)

    def _with(self, outcome: Outcome) -> tuple[Participant, ...]:
        return tuple(
            e.participant
            for e, o in zip(self._entries, self._outcomes, strict=True)
            if o is outcome
        )

    @property
    def passed(self) -> tuple[Participant, ...]:
        """Participants with a certification that ``by`` accepts."""
        return self._with(Outcome.PASSED)

    @property
    def failed(self) -> tuple[Participant, ...]:
        """Participants with certifications on record, none accepted."""
        return self._with(Outcome.FAILED)

    @property
    def unverified(self) -> tuple[Participant, ...]:
        """Participants that could not be verified: nothing on record, or what
        decided the verdict leaves it unverified (:meth:`Outcome.of`)."""
        return self._with(Outcome.UNVERIFIED)

    @property
    def all_passed(self) -> bool:
        """Whether every participant passed."""
        passed = Outcome.PASSED
        return all(outcome is passed for outcome in self._outcomes)

    def counts(self) -> dict[Outcome, int]:
        """How many participants came out each way. Raises nothing."""
        counts = dict.fromkeys(Outcome, 0)
        for outcome in self._outcomes:
            counts[outcome] += 1
        return counts

    def summary(self) -> str:
        """One sentence with the counts. Raises nothing."""
        counts = self.counts()
        role = f" as {self._role.value}" if self._role is not None else ""
        return (
            f"{len(self)} participants vetted against {self._by}{role} on {self._on}: "
            f"{counts[Outcome.PASSED]} passed, {counts[Outcome.FAILED]} failed, "
            f"{counts[Outcome.UNVERIFIED]} unverified."
        )

    def _overdue(self, participant: Participant, verdict: Verdict) -> tuple[Deadline, ...]:
        """The overdue deadlines of the certification judged (asked of a verdict
        that has some)."""
        cert, catalog = verdict.certification, self._catalog
        if cert is None or catalog is None:
            return ()
        program = catalog.program(cert.program)
        found = validity.deadlines(program, cert, on=self._on, issued_in=participant.country)
        return tuple(d for d in found if d.overdue)

    def records(self) -> Iterator[dict[str, Any]]:
        """One JSON-ready record a participant, made one at a time as they are read,
        as ``ctpat vet --format jsonl`` prints them (``vet_record`` in
        ``docs/schemas/ctpat-cli.schema.json``): who, the outcome, the certification
        judged, the deciding reason and every reason. ``list(report.records())``
        holds them all; a writer that takes them one by one holds one at a time.

        ``overdue_deadlines`` names the overdue deadlines with their dates in a
        report built by :func:`vet` or :func:`vet_supply_chain` (which know the
        programs' rules); a report built from entries by hand, or read back from
        a pickle, lists them in ``overdue`` (the reasons) only.
        Raises nothing for entries of the documented types.

        >>> import ctpat
        >>> from datetime import date
        >>> registry = ctpat.reference().with_partners(ctpat.PartnerData(
        ...     participants=[ctpat.Participant("acme", "Acme Imports", "US")]))
        >>> record = next(registry.vet(by="CTPAT", on=date(2026, 1, 15)).records())
        >>> record["outcome"], record["deciding"]["code"], record["why"]
        ('unverified', 'no-certification', 'no certification on record')
        """
        entries = (
            (entry.participant, entry.verdict, outcome.value, entry.path)
            for entry, outcome in zip(self.entries, self._outcomes, strict=True)
        )
        return vetted(
            entries,
            overdue=self._overdue,
            by=self._by,
            role=self._role,
            data_version=self._data_version,
        )

    def to_document(self) -> dict[str, Any]:
        """The report as the JSON document ``ctpat vet --format json`` prints: the
        question, the counts under ``summary`` and every record of :meth:`records`
        in a list under ``records`` (``vet`` in ``docs/schemas/ctpat-cli.schema.json``).
        ``ctpat.to_json(report)`` writes it. Raises nothing for entries of the
        documented types.
        """
        head = vet_head(self._by, self._on, self._role, self._data_version, self.counts())
        return {**head, "records": list(self.records())}

    def rows(self) -> Iterator[dict[str, str]]:
        """One flat row a participant, every cell text (see :data:`COLUMNS`), made
        one at a time as they are read: the rows of :meth:`to_csv` and ``ctpat vet
        --format csv``. Lists are joined by `` | ``, reasons by their message; a
        missing value is ``""``.

        Raises nothing for entries of the documented types.
        """
        return map(flat, self.records())

    def to_csv(self) -> str:
        """The rows as CSV text with a header line; a cell a spreadsheet would run
        as a formula starts with ``'``, and a cell holding a line break is quoted.

        Raises nothing for entries of the documented types.
        """
        import io

        from ctpat._text import CsvWriter  # the one rule for every CSV ctpat writes

        out = io.StringIO()
        writer = CsvWriter(out, line_end="\n")
        writer.row(COLUMNS)
        for row in self.rows():
            writer.row([row[column] for column in COLUMNS])
        return out.getvalue()

    def to_html(self, **options: Any) -> str:
        """The report as one self-contained HTML page: ``ctpat.report.vetting_html(self,
        **options)`` (the ``report`` extra; options: ``source``, ``calendar``,
        ``within``, ``arrangements``). Raises :class:`ImportError` naming the extra
        when Jinja2 is not installed.

        .. versionadded:: 0.1
        """
        try:
            from ctpat.report import vetting_html  # the optional extra, on demand
        except ImportError as err:
            raise ImportError(
                "VettingReport.to_html() needs the report extra: pip install 'ctpat[report]'"
            ) from err
        return vetting_html(self, **options)

    def __repr__(self) -> str:
        return (
            f"VettingReport(by={self._by!r}, on={self._on!r}, role={self._role!r}, "
            f"data_version={self._data_version!r}, entries={self._entries!r})"
        )

    def __reduce__(self) -> tuple[Any, ...]:
        # The catalog is reference data, not part of the result (and a mapping
        # proxy, which does not pickle): a report read back is built without it.
        return (VettingReport, (self._by, self._on, self._role, self._data_version, self._entries))


# -- verification and vetting ---------------------------------------------------------


def verify(
    catalog: Catalog,
    book: PartnerBook,
    participant: str | Participant,
    *,
    by: str,
    on: dt.date,
    role: Role | None = None,
    evidence: Iterable[Evidence] = (),
) -> Verdict:
    """The best verdict over the participant's certifications, weighed with what
    the official services said about its numbers (:func:`ctpat.evidence.weigh`:
    evidence only keeps or lowers a verdict).

    The best is the one accepted, and among equals ``by``'s own before a
    recognised foreign one, then the first on record. Each certification is
    decided at most once, its verdict worded in the same pass (the ranking stops
    at the first one nothing can beat); every certification's own verdict is
    :func:`ctpat.recognition.recognizes`. Raises
    :class:`~ctpat.errors.UnknownParticipant` for a participant the book does
    not hold, and :class:`~ctpat.errors.DataError` for an ``on`` that is not a
    date, a ``role`` that is not a :class:`~ctpat.Role` or an ``evidence`` that
    is not :class:`~ctpat.evidence.Evidence` records.
    """
    found = book.resolve(participant)
    decide = recognition.decider(catalog, by, on=on, role=role)
    certs = book.certifications_of(found)
    verdict = _best(decide, catalog, found, certs, by, on)
    records = _EvidenceIndex(evidence)
    return records.weigh(verdict, found, certs) if records else verdict


def vet(
    catalog: Catalog,
    book: PartnerBook,
    participants: Iterable[str | Participant] | None = None,
    *,
    by: str,
    on: dt.date,
    role: Role | None = None,
    evidence: Iterable[Evidence] = (),
) -> VettingReport:
    """Verify every listed participant (default: all in the book) against program ``by``.

    Each participant's verdict is :func:`verify`'s, built with all its reasons
    in the pass that decides it: each certification is decided once, and the
    outcome is the verdict's (:meth:`Outcome.of`). Raises
    :class:`~ctpat.errors.UnknownProgram` for an unknown ``by``,
    :class:`~ctpat.errors.UnknownParticipant` for a participant the book does
    not hold, and :class:`~ctpat.errors.DataError` for an ``on`` that is not a
    date or a ``role`` that is not a :class:`~ctpat.Role`.

    With ``evidence`` (answers of the official services, :mod:`ctpat.evidence`),
    each verdict is weighed with what was said about the participant's numbers:
    a contradiction fails a pass, a claim the service could not confirm leaves
    the participant unverified.
    """
    catalog.program(by)
    decide = recognition.decider(catalog, by, on=on, role=role)
    records = _EvidenceIndex(evidence)
    chosen: Iterable[Participant]
    holdings: Iterable[tuple[Certification, ...]]
    if participants is None:
        # The two mappings hold every participant in the same order.
        chosen = book.participants.values()
        holdings = book.holdings.values()
    else:
        chosen = tuple(book.resolve(p) for p in participants)
        holdings = [book.certifications_of(p) for p in chosen]
    weighed = bool(records)
    entries: list[VettingEntry] = []
    add = entries.append
    for participant, certs in zip(chosen, holdings, strict=True):
        verdict = _best(decide, catalog, participant, certs, by, on)
        if weighed:
            verdict = records.weigh(verdict, participant, certs)
        add(VettingEntry(participant, verdict))
    return VettingReport(by, on, role, catalog.data_version, entries, _catalog=catalog)


def vet_supply_chain(
    catalog: Catalog,
    book: PartnerBook,
    chain: SupplyChain,
    root: str,
    *,
    by: str,
    on: dt.date,
    role: Role | None = None,
) -> VettingReport:
    """Vet every partner upstream of ``root`` once, each with its path from the root.

    Raises :class:`~ctpat.errors.UnknownProgram` for an unknown ``by`` and
    :class:`~ctpat.errors.UnknownParticipant` for a root or partner the book
    does not hold.
    """
    catalog.program(by)
    book.participant(root)
    entries = tuple(
        VettingEntry(partner, verify(catalog, book, partner, by=by, on=on, role=role), path)
        for partner, path in (
            (book.participant(pid), path) for pid, path in chain.upstream(root).items()
        )
    )
    return VettingReport(by, on, role, catalog.data_version, entries, _catalog=catalog)


class _EvidenceIndex:
    """Evidence records by the number they are about, so that each participant
    is weighed against its own records only."""

    def __init__(self, evidence: Iterable[Evidence]) -> None:
        self._by_number: dict[str, list[Evidence]] = {}
        for index, record in enumerate(evidence):
            if type(record) is not Evidence:
                raise DataError.at(f"evidence[{index}]", record, "must be an Evidence record")
            self._by_number.setdefault(record.query, []).append(record)

    def __bool__(self) -> bool:
        return bool(self._by_number)

    def weigh(
        self, verdict: Verdict, participant: Participant, certs: tuple[Certification, ...]
    ) -> Verdict:
        eori, aeo = numbers_to_check(participant, certs)
        found = self._by_number.get
        records = [record for number in (*eori, *aeo) for record in found(number, ())]
        return weigh(verdict, participant, records) if records else verdict


def _rank(accepted: bool, cert: Certification, by: str) -> int:
    """How good a certification is for a verdict (0 best): accepted before
    refused, and among equals ``by``'s own before a recognised foreign one."""
    return (0 if accepted else 2) + (cert.program != by)


def _best(
    decide: Callable[[Certification, str | None], Verdict],
    catalog: Catalog,
    participant: Participant,
    certs: tuple[Certification, ...],
    by: str,
    on: dt.date,
) -> Verdict:
    """The verdict on the best of ``certs`` (see :func:`_rank`, the first among
    equals), deciding each certification at most once: one that could not beat
    the best so far even if accepted is not decided at all."""
    if not certs:
        return _unverified(catalog, participant, by, on)
    country = participant.country
    if len(certs) == 1:
        return decide(certs[0], country)  # nothing to rank
    best: Verdict | None = None
    rank = 4
    for cert in certs:
        if _rank(True, cert, by) >= rank:
            continue  # even accepted, it would not be better than the best so far
        verdict = decide(cert, country)
        here = _rank(verdict.ok, cert, by)
        if here < rank:
            best, rank = verdict, here
            if not here:
                break
    assert best is not None  # the first certification is always decided
    return best


def _unverified(catalog: Catalog, participant: Participant, by: str, on: dt.date) -> Verdict:
    reason = Reason(
        ReasonCode.NO_CERTIFICATION,
        f"no certification of {participant.id} is on record: unverified, not refused "
        "(public lists only show holders who consented)",
    )
    return Verdict(False, on, (reason,), catalog.data_version, by, None)
