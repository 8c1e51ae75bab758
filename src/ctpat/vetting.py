"""Vetting reports and supply chains: many verdicts on one date, with their outcome.

>>> from datetime import date
>>> import ctpat
>>> registry = ctpat.reference().extend(
...     participants=[
...         ctpat.Participant("acme", "Acme Imports", "US"),
...         ctpat.Participant("rhein", "Rhein Tools GmbH", "DE"),
...         ctpat.Participant("quiet", "Quiet Supplier Ltd", "GB"),
...     ],
...     certifications=[
...         ctpat.Certification.grant("CTPAT", "acme", on=date(2020, 1, 6)),
...         ctpat.Certification.grant("EU-AEO", "rhein", on=date(2017, 3, 1), level="AEOS"),
...     ],
... )
>>> report = registry.vet(by="CTPAT", on=date(2026, 1, 15))
>>> print(report.summary())
3 participants vetted against CTPAT on 2026-01-15: 2 passed, 0 failed, 1 unverified (no certification on record).
>>> [p.id for p in report.unverified]
['quiet']
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from typing import Any

import attrs

from ctpat.enums import ReasonCode, Role
from ctpat.errors import DataError
from ctpat.participants import Participant
from ctpat.verdicts import Verdict

__all__ = ["Outcome", "SupplyChain", "VettingEntry", "VettingReport"]


class Outcome(str, enum.Enum):
    """How a participant came out of vetting."""

    #: A certification of its own is accepted.
    PASSED = "passed"
    #: It has certifications on record, and none is accepted.
    FAILED = "failed"
    #: Nothing on record: public lists are consent-gated, so this is
    #: "unverified", not "not certified".
    UNVERIFIED = "unverified"

    def __str__(self) -> str:
        return str(self.value)

    @classmethod
    def of(cls, verdict: Verdict) -> Outcome:
        """The outcome a verdict stands for."""
        if verdict.ok:
            return cls.PASSED
        # Evidence that leaves a claim unverified (ctpat.evidence.weigh) puts its
        # reason first, ahead of the reasons it overrides.
        if verdict.has(ReasonCode.NO_CERTIFICATION) or (
            verdict.reasons and verdict.reasons[0].code.leaves_unverified
        ):
            return cls.UNVERIFIED
        return cls.FAILED


@attrs.frozen
class VettingEntry:
    """One participant's verdict in a report; ``path`` leads from a supply
    chain's root to it (empty outside supply chains)."""

    participant: Participant
    verdict: Verdict
    path: tuple[str, ...] = ()

    @property
    def outcome(self) -> Outcome:
        """Passed, failed or unverified."""
        return Outcome.of(self.verdict)


#: The columns of :meth:`VettingReport.rows`, in order.
COLUMNS = (
    "participant",
    "name",
    "country",
    "outcome",
    "program",
    "reference",
    "level",
    "arrangement",
    "reasons",
    "path",
    "by",
    "on",
    "data_version",
)


@attrs.frozen
class VettingReport:
    """Verdicts for many participants against one program on one date.

    Iterating gives ``(participant, verdict)`` pairs in the order vetted.
    """

    by: str
    on: dt.date
    role: Role | None
    data_version: str
    entries: tuple[VettingEntry, ...]

    def __iter__(self) -> Iterator[tuple[Participant, Verdict]]:
        return ((entry.participant, entry.verdict) for entry in self.entries)

    def __len__(self) -> int:
        return len(self.entries)

    def _with(self, outcome: Outcome) -> tuple[Participant, ...]:
        return tuple(e.participant for e in self.entries if e.outcome is outcome)

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
        """Participants with no certification on record."""
        return self._with(Outcome.UNVERIFIED)

    @property
    def all_passed(self) -> bool:
        """Whether every participant passed."""
        return all(entry.outcome is Outcome.PASSED for entry in self.entries)

    def summary(self) -> str:
        """One sentence with the counts."""
        counts = dict.fromkeys(Outcome, 0)
        for entry in self.entries:
            counts[entry.outcome] += 1
        return _summary(self, counts)

    def rows(self) -> list[dict[str, str]]:
        """One flat row a participant (see :data:`COLUMNS`), for CSV or JSON export."""
        rows = []
        for entry in self.entries:
            verdict, participant = entry.verdict, entry.participant
            cert = verdict.certification
            level = cert.level_on(self.on) if cert is not None else None
            rows.append(
                {
                    "participant": participant.id,
                    "name": participant.name,
                    "country": participant.country,
                    "outcome": entry.outcome.value,
                    "program": cert.program if cert is not None else "",
                    "reference": (cert.reference or "") if cert is not None else "",
                    "level": level or "",
                    "arrangement": verdict.arrangement or "",
                    "reasons": " | ".join(reason.message for reason in verdict.reasons),
                    "path": " > ".join(entry.path),
                    "by": self.by,
                    "on": self.on.isoformat(),
                    "data_version": self.data_version,
                }
            )
        return rows

    def to_csv(self) -> str:
        """The rows as CSV text with a header line."""
        import csv  # only here: vetting itself needs no CSV machinery
        import io

        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows())
        return out.getvalue()


def _summary(report: VettingReport, counts: dict[Outcome, int]) -> str:
    role = f" as {report.role.value}" if report.role is not None else ""
    return (
        f"{sum(counts.values())} participants vetted against {report.by}{role} on {report.on}: "
        f"{counts[Outcome.PASSED]} passed, {counts[Outcome.FAILED]} failed, "
        f"{counts[Outcome.UNVERIFIED]} unverified (no certification on record)."
    )


def _links(value: Mapping[str, Iterable[str]]) -> Mapping[str, tuple[str, ...]]:
    if not isinstance(value, Mapping):
        raise DataError.at("links", value, "must map a participant id to its upstream partners")
    links: dict[str, tuple[str, ...]] = {}
    for node, upstream in value.items():
        if type(node) is not str or not node:
            raise DataError.at("links", node, "a participant id must be a non-empty string")
        if isinstance(upstream, str) or not isinstance(upstream, Iterable):
            raise DataError.at(f"links.{node}", upstream, "must be a list of participant ids")
        partners = tuple(upstream)
        for partner in partners:
            if type(partner) is not str or not partner:
                raise DataError.at(f"links.{node}", partner, "must be a participant id")
        links[node] = partners
    return links


@attrs.frozen(eq=False)
class SupplyChain:
    """Who supplies whom: each participant id mapped to its upstream partners.

    Cycles are allowed (two companies may supply each other); every partner is
    visited once.

    >>> chain = SupplyChain({"importer": ["forwarder", "factory"], "factory": ["mill"], "mill": ["factory"]})
    >>> chain.upstream("importer")
    {'forwarder': ('importer', 'forwarder'), 'factory': ('importer', 'factory'), 'mill': ('importer', 'factory', 'mill')}
    """

    links: Mapping[str, tuple[str, ...]] = attrs.field(converter=_links)

    @classmethod
    def from_pairs(cls, pairs: Iterable[tuple[str, str]]) -> SupplyChain:
        """A chain from ``(participant, upstream partner)`` pairs."""
        links: dict[str, list[str]] = {}
        for node, partner in pairs:
            links.setdefault(node, []).append(partner)
        return cls(links)

    def upstream(self, root: str) -> dict[str, tuple[str, ...]]:
        """Every partner upstream of ``root`` with the shortest path to it from ``root``.

        Breadth first, so each partner is reached once, by a shortest path, in
        a deterministic order; ``root`` itself is not included.
        """
        paths: dict[str, tuple[str, ...]] = {}
        queue: deque[tuple[str, tuple[str, ...]]] = deque([(root, (root,))])
        seen = {root}
        while queue:
            node, path = queue.popleft()
            for partner in self.links.get(node, ()):
                if partner not in seen:
                    seen.add(partner)
                    paths[partner] = (*path, partner)
                    queue.append((partner, paths[partner]))
        return paths


# -- reports whose verdicts are worked out when first read -----------------------------

# The parent classes' slots, written directly: a lazy subclass replaces the
# ``entries`` and ``verdict`` attributes with properties.
_ENTRIES = VettingReport.__dict__["entries"]
_VERDICT = VettingEntry.__dict__["verdict"]


class _LazyEntry(VettingEntry):
    """A :class:`VettingEntry` whose verdict is worked out when first read (private).

    It behaves as the entry it stands for: equal to it, with the same hash and
    repr, and it pickles, copies and evolves as a plain :class:`VettingEntry`.
    """

    __slots__ = ("_index", "_outcome", "_report")
    _index: int
    _outcome: Outcome
    _report: _LazyReport

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        # attrs.evolve() and friends call the class: give them the real thing.
        return VettingEntry(*args, **kwargs)

    @property
    def verdict(self) -> Verdict:
        try:
            return _VERDICT.__get__(self, VettingEntry)  # type: ignore[no-any-return]
        except AttributeError:
            verdict = self._report._verdict_of(self._index)
            _VERDICT.__set__(self, verdict)
            return verdict

    @property
    def outcome(self) -> Outcome:
        return self._outcome

    def __eq__(self, other: object) -> bool:
        if isinstance(other, VettingEntry):
            return (self.participant, self.verdict, self.path) == (
                other.participant,
                other.verdict,
                other.path,
            )
        return NotImplemented

    # attrs' __ne__, inherited, negates self.__eq__, so it follows the one above.
    __hash__ = VettingEntry.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (VettingEntry, (self.participant, self.verdict, self.path))


_LazyEntry.__qualname__ = VettingEntry.__qualname__


class _LazyReport(VettingReport):
    """A :class:`VettingReport` built from outcomes alone (private).

    The counts, :meth:`summary` and the lists of participants use the outcomes;
    ``entries`` (and anything reading it) builds the entries on first use, and
    each entry works out its verdict when first read, as :meth:`Registry.verify`
    would. Equal, hashing and printing as the report it stands for.
    """

    __slots__ = ("_outcomes", "_participants", "_verdict_of")
    _outcomes: list[Outcome]
    _participants: Sequence[Participant]
    _verdict_of: Callable[[int], Verdict]

    def __new__(cls, *args: Any, **kwargs: Any) -> Any:
        return VettingReport(*args, **kwargs)

    @property
    def entries(self) -> tuple[VettingEntry, ...]:
        try:
            return _ENTRIES.__get__(self, VettingReport)  # type: ignore[no-any-return]
        except AttributeError:
            entries = tuple(
                _entry(self, index, participant, outcome)
                for index, (participant, outcome) in enumerate(
                    zip(self._participants, self._outcomes, strict=True)
                )
            )
            _ENTRIES.__set__(self, entries)
            return entries

    def __len__(self) -> int:
        return len(self._outcomes)

    def _with(self, outcome: Outcome) -> tuple[Participant, ...]:
        return tuple(
            p for p, o in zip(self._participants, self._outcomes, strict=True) if o is outcome
        )

    @property
    def all_passed(self) -> bool:
        passed = Outcome.PASSED
        return all(outcome is passed for outcome in self._outcomes)

    def summary(self) -> str:
        counts = dict.fromkeys(Outcome, 0)
        for outcome in self._outcomes:
            counts[outcome] += 1
        return _summary(self, counts)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, VettingReport):
            return _fields(self) == _fields(other)
        return NotImplemented

    __hash__ = VettingReport.__hash__

    def __reduce__(self) -> tuple[Any, ...]:
        return (VettingReport, _fields(self))


_LazyReport.__qualname__ = VettingReport.__qualname__


def _fields(report: VettingReport) -> tuple[Any, ...]:
    return (report.by, report.on, report.role, report.data_version, report.entries)


def _entry(report: _LazyReport, index: int, participant: Participant, outcome: Outcome) -> Any:
    entry = object.__new__(_LazyEntry)
    object.__setattr__(entry, "participant", participant)
    object.__setattr__(entry, "path", ())
    object.__setattr__(entry, "_report", report)
    object.__setattr__(entry, "_index", index)
    object.__setattr__(entry, "_outcome", outcome)
    return entry


def lazy_report(
    by: str,
    on: dt.date,
    role: Role | None,
    data_version: str,
    participants: Sequence[Participant],
    outcomes: list[Outcome],
    verdict_of: Callable[[int], Verdict],
) -> VettingReport:
    """A report of ``participants`` with these outcomes, whose verdicts
    ``verdict_of(index)`` gives when first read (private: for the registry)."""
    report = object.__new__(_LazyReport)
    for name, value in (("by", by), ("on", on), ("role", role), ("data_version", data_version)):
        object.__setattr__(report, name, value)
    object.__setattr__(report, "_participants", participants)
    object.__setattr__(report, "_outcomes", outcomes)
    object.__setattr__(report, "_verdict_of", verdict_of)
    return report
