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

import csv
import datetime as dt
import enum
import io
from collections import deque
from collections.abc import Iterable, Iterator, Mapping

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
        if verdict.has(ReasonCode.NO_CERTIFICATION):
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
        role = f" as {self.role.value}" if self.role is not None else ""
        return (
            f"{len(self.entries)} participants vetted against {self.by}{role} on {self.on}: "
            f"{counts[Outcome.PASSED]} passed, {counts[Outcome.FAILED]} failed, "
            f"{counts[Outcome.UNVERIFIED]} unverified (no certification on record)."
        )

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
        out = io.StringIO()
        writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(self.rows())
        return out.getvalue()


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
