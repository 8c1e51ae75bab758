"""How well the reference data is sourced: counts by confidence, assumed facts, stale sources.

:func:`audit` reads the sources of a set of programs and arrangements (the
bundled data set, or your own) and reports how many records rest on the
administration's own publication (``official``), on trade press or copies
(``secondary``) or on conflicting or unconfirmed material (``uncertain``);
how many facts of programs are assumed rather than sourced; and which
sources were read more than twelve months before the data set's date, so
that they are due for a fresh look; how many dates of the arrangements are
known to the day, to the month, to the year or only between bounds; and how
many answers on the check dates (:data:`CHECK_DATES`, the dates of the
recognition snapshot) are unverified because the day falls inside such a
span, answers that would change were the dates read as exact days. The
``ctpat data`` command prints it.

>>> import ctpat
>>> from ctpat.provenance import audit, audit_reference
>>> registry = ctpat.reference()
>>> report = audit_reference()
>>> report.records == len(registry.programs) + len(registry.arrangements)
True
>>> report.official + report.secondary + report.uncertain == report.records
True
>>> audit([], [], as_of=report.as_of).records
0
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs
from dateutil.relativedelta import relativedelta

from ctpat import _validation as v
from ctpat._dates import from_iso
from ctpat.arrangements import Arrangement, DateSpan
from ctpat.enums import Confidence, Precision
from ctpat.errors import DataError
from ctpat.programs import FACTS, Program
from ctpat.registry import reference
from ctpat.sources import Source

__all__ = [
    "CHECK_DATES",
    "STALE_AFTER",
    "ProvenanceReport",
    "StaleSource",
    "audit",
    "audit_reference",
]

#: A source read longer than this before the data set's date is reported as stale.
STALE_AFTER = relativedelta(months=12)

#: The days on which :func:`audit` counts the answers left in doubt by dates not
#: known to the day; the recognition snapshot of the tests is taken on them too.
CHECK_DATES = (
    dt.date(2011, 1, 1),
    dt.date(2013, 6, 1),
    dt.date(2021, 6, 1),
    dt.date(2026, 1, 15),
)


@attrs.frozen
class StaleSource:
    """A source read more than :data:`STALE_AFTER` before the data set's date.

    ``record`` names the record (``"program KR-AEO"``, ``"arrangement US-DO"``)
    and ``field`` the source within it (``"source"``, ``"policy_source"``).
    """

    record: str
    field: str
    retrieved_on: dt.date
    url: str


@attrs.frozen
class ProvenanceReport:
    """The result of :func:`audit`: counts by confidence, assumed facts and stale sources.

    ``official``, ``secondary`` and ``uncertain`` count records (programs and
    arrangements) by the confidence of their own ``source``; ``facts_assumed``
    counts program facts (level lists, role lists, validity terms) that no
    source confirms and ``facts_secondary`` / ``facts_uncertain`` those whose
    source is not official; ``caveats`` counts the sentences of
    :meth:`ctpat.Program.caveats` over all programs. ``dates`` counts the
    dates of the arrangements (signed, implemented, ended, and each
    direction's own start and end) by :class:`~ctpat.Precision`;
    ``in_doubt`` counts the answers (one direction of an arrangement on one of
    ``check_dates``) that are unverified because the day falls inside the span
    of such a date, out of ``answers``.
    """

    as_of: dt.date
    programs: int
    arrangements: int
    official: int
    secondary: int
    uncertain: int
    facts_assumed: int
    facts_secondary: int
    facts_uncertain: int
    caveats: int
    stale: tuple[StaleSource, ...]
    dates: tuple[tuple[Precision, int], ...] = tuple((p, 0) for p in Precision)
    check_dates: tuple[dt.date, ...] = ()
    in_doubt: int = 0
    answers: int = 0

    @property
    def records(self) -> int:
        """The number of records audited (programs and arrangements)."""
        return self.programs + self.arrangements

    def format(self) -> str:
        """The report as plain text, one fact a line (what ``ctpat data`` prints).

        >>> report = ProvenanceReport(dt.date(2026, 1, 1), 1, 1, 1, 1, 0, 2, 0, 0, 2, ())
        >>> print(report.format())
        reference data as of 2026-01-01: 1 programs, 1 arrangements
        records by source confidence: 1 official, 1 secondary, 0 uncertain
        program facts (levels, roles, validity terms): 2 assumed, 0 secondary, 0 uncertain
        caveats (Program.caveats): 2
        dates of arrangements: 0 exact, 0 month-only, 0 year-only, 0 bounded
        answers unverified for a date not known to the day: 0 of 0
        sources read more than 12 months before 2026-01-01: 0
        """
        lines = [
            f"reference data as of {self.as_of}: {self.programs} programs, "
            f"{self.arrangements} arrangements",
            f"records by source confidence: {self.official} official, "
            f"{self.secondary} secondary, {self.uncertain} uncertain",
            f"program facts (levels, roles, validity terms): {self.facts_assumed} assumed, "
            f"{self.facts_secondary} secondary, {self.facts_uncertain} uncertain",
            f"caveats (Program.caveats): {self.caveats}",
            "dates of arrangements: {} exact, {} month-only, {} year-only, {} bounded".format(
                *(dict(self.dates).get(p, 0) for p in Precision)
            ),
            f"answers unverified for a date not known to the day: {self.in_doubt} of "
            f"{self.answers}"
            + (f" (on {', '.join(map(str, self.check_dates))})" if self.check_dates else ""),
            f"sources read more than 12 months before {self.as_of}: {len(self.stale)}",
        ]
        lines.extend(
            f"  {s.record} ({s.field}): read {s.retrieved_on} <{s.url}>" for s in self.stale
        )
        return "\n".join(lines)


def audit(
    programs: Iterable[Program],
    arrangements: Iterable[Arrangement],
    *,
    as_of: dt.date,
    check_dates: Iterable[dt.date] = CHECK_DATES,
) -> ProvenanceReport:
    """Count how the records are sourced and list the sources read too long before ``as_of``.

    Also counts the arrangements' dates by precision, and the answers on
    ``check_dates`` (default :data:`CHECK_DATES`) left unverified by a date
    not known to the day.

    ``as_of`` is the data set's date (``Registry.as_of_date`` for the bundled
    data); a source whose ``retrieved_on`` is more than :data:`STALE_AFTER`
    before it is stale. Raises :class:`~ctpat.errors.DataError` if ``as_of``
    or a check date is not a date or an item is not a :class:`~ctpat.Program` or
    :class:`~ctpat.Arrangement`.

    >>> audit(["CTPAT"], [], as_of=dt.date(2026, 1, 1))
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: programs[0]: must be a Program (got 'CTPAT')
    """
    v.date("as_of", as_of)
    days = tuple(check_dates)
    for index, day in enumerate(days):
        v.date(f"check_dates[{index}]", day)
    oldest = as_of - STALE_AFTER
    by_confidence = dict.fromkeys(Confidence, 0)
    facts = dict.fromkeys(Confidence, 0)
    assumed = caveats = in_doubt = answers = 0
    precisions = dict.fromkeys(Precision, 0)
    stale: list[StaleSource] = []
    program_list = list(programs)
    arrangement_list = list(arrangements)

    def note_stale(record: str, field: str, source: Source) -> None:
        if source.retrieved_on < oldest:
            stale.append(StaleSource(record, field, source.retrieved_on, source.url))

    for index, program in enumerate(program_list):
        if type(program) is not Program:
            raise DataError.at(f"programs[{index}]", program, "must be a Program")
        record = f"program {program.code}"
        by_confidence[program.source.confidence] += 1
        note_stale(record, "source", program.source)
        for fact in FACTS:
            own: Source | None = getattr(program, f"{fact}_source")
            if own is not None:
                note_stale(record, f"{fact}_source", own)
            source = program.source_of(fact)
            if source is None:
                assumed += 1
            else:
                facts[source.confidence] += 1
        caveats += len(program.caveats())
    for index, arrangement in enumerate(arrangement_list):
        if type(arrangement) is not Arrangement:
            raise DataError.at(f"arrangements[{index}]", arrangement, "must be an Arrangement")
        by_confidence[arrangement.source.confidence] += 1
        note_stale(f"arrangement {arrangement.id}", "source", arrangement.source)
        for span in _spans(arrangement):
            precisions[span.precision] += 1
        for rec in arrangement.recognitions:
            answers += len(days)
            in_doubt += sum(arrangement.doubt(rec, day) is not None for day in days)
    stale.sort(key=lambda s: (s.retrieved_on, s.record, s.field))
    return ProvenanceReport(
        as_of=as_of,
        programs=len(program_list),
        arrangements=len(arrangement_list),
        official=by_confidence[Confidence.OFFICIAL],
        secondary=by_confidence[Confidence.SECONDARY],
        uncertain=by_confidence[Confidence.UNCERTAIN],
        facts_assumed=assumed,
        facts_secondary=facts[Confidence.SECONDARY],
        facts_uncertain=facts[Confidence.UNCERTAIN],
        caveats=caveats,
        stale=tuple(stale),
        dates=tuple(precisions.items()),
        check_dates=days,
        in_doubt=in_doubt,
        answers=answers,
    )


def _spans(arrangement: Arrangement) -> list[DateSpan]:
    """Every date an arrangement records: its own and each direction's start and end."""
    found = [arrangement.signed_span]
    found.extend(s for s in (arrangement.operational_span, arrangement.ended_span) if s)
    for rec in arrangement.recognitions:
        if rec.since is not None:
            found.append(DateSpan.of(rec.since, rec.since_latest))
        if rec.until is not None:
            found.append(DateSpan.of(rec.until, rec.until_latest))
    return found


def audit_reference() -> ProvenanceReport:
    """:func:`audit` of the bundled reference data, as of its ``data_version``.

    >>> import ctpat
    >>> audit_reference().programs == len(ctpat.reference().programs)
    True
    """
    registry = reference()
    return audit(
        registry.programs.values(),
        registry.arrangements,
        as_of=from_iso(registry.data_version),
    )
