"""What a report shows, worked out from a vetting report: counts, groups, rows (private).

Everything here is plain data; the templates only lay it out. Counting is done
once over the entries, in the order vetted.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence

import attrs

from ctpat.arrangements import Arrangement
from ctpat.certifications import Certification
from ctpat.enums import ReasonCode
from ctpat.programs import Deadline
from ctpat.verdicts import Reason
from ctpat.vetting import Outcome, VettingEntry, VettingReport

#: The outcomes in the order every table and chart shows them.
OUTCOMES = (Outcome.PASSED, Outcome.FAILED, Outcome.UNVERIFIED)
#: The label of the program group of participants with nothing on record.
NO_CERTIFICATION = "none on record"

_VALID = ReasonCode.VALID
_CONDITION = ReasonCode.CONDITION
_OVERDUE = ReasonCode.DEADLINE_OVERDUE
_IN_FORCE = ReasonCode.ARRANGEMENT_IN_FORCE


@attrs.frozen
class Share:
    """A count and its share of a whole (0 when the whole is empty)."""

    count: int
    total: int

    @property
    def ratio(self) -> float:
        return self.count / self.total if self.total else 0.0

    @property
    def percent(self) -> str:
        """The share as a percentage with one decimal, e.g. ``66.7 %``."""
        return f"{self.ratio * 100:.1f}\N{NO-BREAK SPACE}%"


@attrs.frozen
class Group:
    """Outcome counts of one group of participants (a country, a program)."""

    label: str
    counts: Mapping[Outcome, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, outcome: Outcome) -> Share:
        return Share(self.counts.get(outcome, 0), self.total)


@attrs.frozen
class NotPassed:
    """A participant that did not pass, as its table row: the reason that
    decided it first, then the others."""

    name: str
    id: str
    country: str
    outcome: str
    code: str
    message: str
    others: tuple[str, ...]
    certification: str
    reference: str | None
    arrangement: str | None = None


@attrs.frozen
class ToConfirm:
    """A pass that carries conditions of an arrangement (by their numbers in the
    conditions table), conditions of its own certification (their text: each
    names the certification, so no two partners share one) or overdue soft
    deadlines, as its table row."""

    name: str
    id: str
    country: str
    certification: str
    arrangement: str | None
    conditions: tuple[int, ...]
    overdue: tuple[str, ...]
    own: tuple[str, ...] = ()


@attrs.frozen
class Condition:
    """One condition text of an arrangement, its number, how many passes carry it."""

    number: int
    arrangement: str | None
    message: str
    passes: int


@attrs.frozen
class Relied:
    """An arrangement cited by the report's verdicts, with how often."""

    id: str
    arrangement: Arrangement | None
    passes: int
    others: int


@attrs.frozen
class DeadlineRow:
    """A deadline as its table row, with its holder's name where known."""

    due: dt.date
    overdue: bool
    name: str
    holder: str
    holder_name: str | None
    program: str
    reference: str
    opens: str


@attrs.frozen
class VettingFigures:
    """Everything a vetting report page shows."""

    total: int
    counts: Mapping[Outcome, int]
    countries: tuple[Group, ...]
    programs: tuple[Group, ...]
    not_passed: tuple[NotPassed, ...]
    to_confirm: tuple[ToConfirm, ...]
    conditions: tuple[Condition, ...]
    relied: tuple[Relied, ...]
    overdue: tuple[DeadlineRow, ...]
    coming: tuple[DeadlineRow, ...]

    def share(self, outcome: Outcome) -> Share:
        return Share(self.counts[outcome], self.total)


def vetting_figures(
    report: VettingReport,
    *,
    arrangements: Mapping[str, Arrangement],
    calendar: Sequence[Deadline],
) -> VettingFigures:
    """The figures of ``report`` (see :class:`VettingFigures`), in one pass over
    its entries (each verdict is read once)."""
    on = report.on
    counts: Counter[Outcome] = Counter(dict.fromkeys(OUTCOMES, 0))
    by_country: dict[str, Counter[Outcome]] = {}
    by_program: dict[str, Counter[Outcome]] = {}
    failed: list[NotPassed] = []
    unverified: list[NotPassed] = []
    confirm: list[tuple[VettingEntry, str, list[Reason], list[Reason]]] = []
    numbers: dict[tuple[str | None, str], int] = {}
    carried: Counter[tuple[str | None, str]] = Counter()
    relied: Counter[str] = Counter()
    cited: Counter[str] = Counter()
    names: dict[str, str] = {}
    passed = Outcome.PASSED
    tally: Counter[tuple[str, str, Outcome]] = Counter()
    for entry in report.entries:
        outcome = entry.outcome
        verdict = entry.verdict
        participant = entry.participant
        names[participant.id] = participant.name
        cert = verdict.certification
        program = cert.program if cert is not None else NO_CERTIFICATION
        tally[participant.country, program, outcome] += 1
        if outcome is passed:
            found = [r for r in verdict.reasons if r.code is _CONDITION]
            late = [r for r in verdict.reasons if r.code is _OVERDUE]
            if found or late:
                confirm.append((entry, _held(cert, on), found, late))
            for reason in found:
                if reason.arrangement is None:
                    continue  # the certification's own: shown in its row, not numbered
                key = (reason.arrangement, reason.message)
                numbers.setdefault(key, 0)
                carried[key] += 1
            if verdict.arrangement is not None:
                relied[verdict.arrangement] += 1
        else:
            deciding = verdict.deciding
            row = NotPassed(
                participant.name,
                participant.id,
                participant.country,
                outcome.value,
                deciding.code.value if deciding is not None else "",
                deciding.message if deciding is not None else "",
                # A refusal's conditions and overdue reviews are moot: not shown.
                tuple(
                    r.message
                    for r in verdict.reasons
                    if r is not deciding and not r.code.is_informational
                ),
                _held(cert, on),
                cert.reference if cert is not None else None,
                verdict.arrangement,
            )
            # Failures first (they have something to fix), then the unverified.
            (unverified if outcome is Outcome.UNVERIFIED else failed).append(row)
            if verdict.arrangement is not None:
                cited[verdict.arrangement] += 1
    for (country, program, outcome), n in tally.items():
        counts[outcome] += n
        by_country.setdefault(country, Counter())[outcome] += n
        by_program.setdefault(program, Counter())[outcome] += n
    conditions = tuple(
        Condition(number, arrangement, message, carried[arrangement, message])
        for number, (arrangement, message) in enumerate(
            sorted(numbers, key=lambda key: (key[0] or "", -carried[key], key[1])), start=1
        )
    )
    number_of = {(c.arrangement, c.message): c.number for c in conditions}
    return VettingFigures(
        total=len(report.entries),
        counts=dict(counts),
        countries=_groups(by_country),
        programs=_groups(by_program, last=NO_CERTIFICATION),
        not_passed=(*failed, *unverified),
        to_confirm=tuple(
            ToConfirm(
                entry.participant.name,
                entry.participant.id,
                entry.participant.country,
                held,
                entry.verdict.arrangement,
                tuple(number_of[r.arrangement, r.message] for r in found if r.arrangement),
                tuple(r.message for r in late),
                tuple(r.message for r in found if r.arrangement is None),
            )
            for entry, held, found, late in confirm
        ),
        conditions=conditions,
        relied=tuple(
            Relied(id, arrangements.get(id), relied[id], cited[id])
            for id in sorted(relied.keys() | cited.keys())
        ),
        overdue=deadline_rows((d for d in calendar if d.overdue), names),
        coming=deadline_rows((d for d in calendar if not d.overdue), names),
    )


def _held(cert: Certification | None, on: dt.date) -> str:
    """A certification as a table shows it: its program and level that day."""
    if cert is None:
        return ""
    level = cert.level_on(on)
    return f"{cert.program} · {level}" if level else cert.program


def deadline_rows(
    deadlines: Iterable[Deadline], names: Mapping[str, str]
) -> tuple[DeadlineRow, ...]:
    """The deadlines by due date, each with its holder's name where known."""
    rows = sorted(deadlines, key=lambda d: (d.due, d.holder or "", d.name))
    return tuple(
        DeadlineRow(
            d.due,
            d.overdue,
            d.name,
            d.holder or "",
            names.get(d.holder or ""),
            d.program or "",
            d.reference or "",
            str(d.opens or ""),
        )
        for d in rows
    )


def _groups(
    groups: Mapping[str, Counter[Outcome]], *, last: str | None = None
) -> tuple[Group, ...]:
    """Largest group first, ties by label; ``last`` (if present) at the end."""
    ordered = sorted(
        groups.items(), key=lambda item: (item[0] == last, -sum(item[1].values()), item[0])
    )
    return tuple(
        Group(label, {outcome: counts[outcome] for outcome in OUTCOMES})
        for label, counts in ordered
    )


def horizon_of(on: dt.date, deadlines: Sequence[Deadline]) -> dt.date:
    """The last day a timeline needs to show: the latest due date, or ``on``."""
    return max((d.due for d in deadlines if not d.overdue), default=on)
