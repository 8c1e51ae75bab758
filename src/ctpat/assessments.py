"""The caller's compliance records: assessments against security criteria,
findings, and corrective actions with their history.

An :class:`Assessment` is one look at one participant against one requirement
set (a self-assessment, an internal audit, CBP's validation): an
:class:`Answer` a requirement, saying whether it was met, when it was last
checked, and where the evidence is kept (references only: the library holds
no documents and no personal data). A :class:`ComplianceFinding` asks for something to
be done about a requirement; a :class:`CorrectiveAction` answers it, as a
history of events replayed through :data:`ACTION_TRANSITIONS`, the way a
certification's events are. A :class:`ComplianceBook` holds them all.
Nothing here changes a certification's status.

>>> from datetime import date
>>> from ctpat import ActionEventKind as K
>>> from ctpat.assessments import ActionEvent, CorrectiveAction
>>> action = CorrectiveAction("ca-1", "f-1", (
...     ActionEvent(K.OPENED, date(2026, 1, 5), due=date(2026, 3, 31)),
...     ActionEvent(K.EXTENDED, date(2026, 3, 20), due=date(2026, 4, 30)),
... ))
>>> action.status_on(date(2026, 5, 2)), action.due_on(date(2026, 5, 2)), action.overdue(date(2026, 5, 2))
(<ActionStatus.OPEN: 'open'>, datetime.date(2026, 4, 30), True)
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

import attrs

from ctpat import _validation as v
from ctpat.enums import ActionEventKind, ActionStatus, AssessmentKind, Compliance, Role, Severity
from ctpat.errors import DataError

__all__ = [
    "ACTION_TRANSITIONS",
    "ActionEvent",
    "Answer",
    "Assessment",
    "ComplianceBook",
    "ComplianceFinding",
    "CorrectiveAction",
]

_K = ActionEventKind
_N, _O, _C, _V = ActionStatus.NONE, ActionStatus.OPEN, ActionStatus.CLOSED, ActionStatus.VERIFIED

#: Where each event takes a corrective action: ``(status before, event) -> status after``.
#: Any other pair is refused.
ACTION_TRANSITIONS: dict[tuple[ActionStatus, ActionEventKind], ActionStatus] = {
    (_N, _K.OPENED): _O,
    (_O, _K.DUE_SET): _O,
    (_O, _K.EXTENDED): _O,
    (_O, _K.CLOSED): _C,
    (_C, _K.VERIFIED): _V,
    (_C, _K.REOPENED): _O,
    (_V, _K.REOPENED): _O,
}


def _answers(value: Iterable[Answer]) -> tuple[Answer, ...]:
    return v.a_tuple("answers", value)


def _evidence(value: Iterable[str]) -> tuple[str, ...]:
    return v.a_tuple("evidence", value)


def _events(value: Iterable[ActionEvent]) -> tuple[ActionEvent, ...]:
    return v.a_tuple("events", value)


def _assessments(value: Iterable[Assessment]) -> tuple[Assessment, ...]:
    return v.a_tuple("assessments", value)


def _findings(value: Iterable[ComplianceFinding]) -> tuple[ComplianceFinding, ...]:
    return v.a_tuple("findings", value)


def _actions(value: Iterable[CorrectiveAction]) -> tuple[CorrectiveAction, ...]:
    return v.a_tuple("actions", value)


@attrs.frozen
class Answer:
    """An assessment's answer for one requirement (its id within the set).

    ``checked_on`` is when it was last checked; ``evidence`` names where the
    proof is kept (a document number, a file path, a link), never the proof.
    Raises :class:`~ctpat.errors.DataError` naming the field for a value of
    the wrong type, an evidence reference holding ``;`` or a line break (they
    separate references in a sheet), and for *not applicable* without a
    ``note`` saying why.

    >>> Answer("5.3", Compliance.NOT_APPLICABLE)
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: note: a not-applicable answer needs a note saying why (got None)
    """

    requirement: str
    status: Compliance
    checked_on: dt.date | None = None
    evidence: tuple[str, ...] = attrs.field(default=(), converter=_evidence)
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("requirement", self.requirement)
        v.member("status", self.status, Compliance)
        v.optional_date("checked_on", self.checked_on)
        for ref in self.evidence:
            v.text("evidence", ref)
            if ";" in ref or "\n" in ref or "\r" in ref:
                # They separate the references of one cell in an assessment sheet.
                raise DataError.at("evidence", ref, "must hold no ';' or line break")
        v.optional_text("note", self.note)
        if self.status is Compliance.NOT_APPLICABLE and self.note is None:
            raise DataError.at("note", None, "a not-applicable answer needs a note saying why")


@attrs.frozen
class Assessment:
    """One look at a participant (``subject``) against one requirement set.

    ``role`` and ``level`` say which entity type and level it was made for,
    ``kind`` who looked and ``assessor`` their name or team. Raises
    :class:`~ctpat.errors.DataError` naming the field for a value of the wrong
    type, two answers for one requirement, and an answer checked after the
    assessment's date.
    """

    id: str
    subject: str
    requirement_set: str
    on: dt.date
    kind: AssessmentKind
    answers: tuple[Answer, ...] = attrs.field(converter=_answers)
    role: Role | None = None
    level: str | None = None
    assessor: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("id", self.id)
        v.text("subject", self.subject)
        v.text("requirement_set", self.requirement_set)
        v.date("on", self.on)
        v.member("kind", self.kind, AssessmentKind)
        if self.role is not None:
            v.member("role", self.role, Role)
        v.optional_text("level", self.level)
        v.optional_text("assessor", self.assessor)
        seen: set[str] = set()
        for answer in self.answers:
            if type(answer) is not Answer:
                raise DataError.at("answers", answer, "must be an Answer")
            where = f"answers[{answer.requirement}]"
            if answer.requirement in seen:
                raise DataError.at(where, answer.requirement, "answered twice")
            if answer.checked_on is not None and answer.checked_on > self.on:
                raise DataError.at(
                    f"{where}.checked_on",
                    answer.checked_on,
                    f"is after the assessment ({self.on})",
                )
            seen.add(answer.requirement)

    def answer(self, requirement: str) -> Answer | None:
        """The answer for a requirement id, if there is one. Raises nothing."""
        for answer in self.answers:
            if answer.requirement == requirement:
                return answer
        return None


@attrs.frozen
class ComplianceFinding:
    """Something an assessment asks to be done about a requirement.

    ``requirement`` is a ``"SET:ID"`` key, ``raised_by`` the assessment's id,
    ``due`` when it must be answered. Raises :class:`~ctpat.errors.DataError`
    naming the field for a value of the wrong type, a requirement that is not
    a ``"SET:ID"`` key, and a due date before the finding was raised.
    """

    id: str
    subject: str
    requirement: str
    severity: Severity
    raised_on: dt.date
    raised_by: str | None = None
    due: dt.date | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("id", self.id)
        v.text("subject", self.subject)
        v.text("requirement", self.requirement)
        if ":" not in self.requirement:
            raise DataError.at("requirement", self.requirement, "must be a 'SET:ID' key")
        v.member("severity", self.severity, Severity)
        v.date("raised_on", self.raised_on)
        v.optional_text("raised_by", self.raised_by)
        v.optional_date("due", self.due)
        if self.due is not None and self.due < self.raised_on:
            raise DataError.at("due", self.due, f"is before the finding ({self.raised_on})")
        v.optional_text("note", self.note)


@attrs.frozen
class ActionEvent:
    """One event in a corrective action's history; ``due`` for ``opened``
    (optional), ``due-set`` and ``extended`` (required).

    Raises :class:`~ctpat.errors.DataError` naming the field for a value of
    the wrong type, a missing due date where one is required and a due date
    on an event that takes none.
    """

    kind: ActionEventKind
    on: dt.date
    due: dt.date | None = None
    note: str | None = None

    def __attrs_post_init__(self) -> None:
        v.member("kind", self.kind, ActionEventKind)
        v.date("on", self.on)
        v.optional_date("due", self.due)
        v.optional_text("note", self.note)
        if self.kind in _NEEDS_DUE and self.due is None:
            raise DataError.at("due", None, f"a {self.kind.value} event needs a due date")
        if self.due is not None and self.kind not in _TAKES_DUE:
            raise DataError.at("due", self.due, f"a {self.kind.value} event takes no due date")


_NEEDS_DUE = frozenset({_K.DUE_SET, _K.EXTENDED})
_TAKES_DUE = _NEEDS_DUE | {_K.OPENED}


@attrs.frozen
class CorrectiveAction:
    """What is done about a finding, as its history of events.

    The events, in date order, must follow :data:`ACTION_TRANSITIONS`, and an
    extension must move the due date later. Raises
    :class:`~ctpat.errors.DataError` naming the event for events out of order,
    a step the table refuses, and an extension that does not extend.
    """

    id: str
    finding: str
    events: tuple[ActionEvent, ...] = attrs.field(converter=_events)
    owner: str | None = None
    description: str | None = None

    def __attrs_post_init__(self) -> None:
        v.text("id", self.id)
        v.text("finding", self.finding)
        v.optional_text("owner", self.owner)
        v.optional_text("description", self.description)
        status, due, last = _N, None, None
        for i, event in enumerate(self.events):
            if type(event) is not ActionEvent:
                raise DataError.at(f"events[{i}]", event, "must be an ActionEvent")
            if last is not None and event.on < last:
                raise DataError.at(
                    f"events[{i}].on", event.on, f"is before the event before ({last})"
                )
            after = ACTION_TRANSITIONS.get((status, event.kind))
            if after is None:
                raise DataError.at(
                    f"events[{i}].kind", event.kind.value, f"cannot follow status {status.value}"
                )
            if (
                event.kind is _K.EXTENDED
                and due is not None
                and event.due is not None
                and event.due <= due
            ):
                raise DataError.at(f"events[{i}].due", event.due, f"does not extend {due}")
            if event.due is not None:
                due = event.due
            status, last = after, event.on

    def record(self, event: ActionEvent) -> CorrectiveAction:
        """A new action with ``event`` added to its history.

        Raises :class:`~ctpat.errors.DataError` as the constructor does for an
        event out of order or a step the transition table refuses.
        """
        return attrs.evolve(self, events=(*self.events, event))

    def _replay(self, on: dt.date) -> tuple[ActionStatus, dt.date | None]:
        status, due = _N, None
        for event in self.events:
            if event.on > on:
                break
            status = ACTION_TRANSITIONS[(status, event.kind)]
            if event.due is not None:
                due = event.due
        return status, due

    def status_on(self, on: dt.date) -> ActionStatus:
        """Where the action stands on ``on``. Raises nothing."""
        return self._replay(on)[0]

    def due_on(self, on: dt.date) -> dt.date | None:
        """The due date in force on ``on`` (the last set or extended). Raises nothing."""
        return self._replay(on)[1]

    def overdue(self, on: dt.date) -> bool:
        """Whether the action is open on ``on`` past its due date. Raises nothing."""
        status, due = self._replay(on)
        return status is _O and due is not None and due < on


@attrs.frozen
class ComplianceBook:
    """A caller's assessments, findings and corrective actions, beside its
    :class:`~ctpat.partners.PartnerBook`.

    Raises :class:`~ctpat.errors.DataError` naming the record for a duplicate
    id, two partner questionnaires of one partner on one date, and a
    corrective action whose finding is not in the book.

    >>> from datetime import date
    >>> from ctpat import AssessmentKind, Compliance
    >>> from ctpat.assessments import Answer, Assessment
    >>> a = Assessment("sa-2026", "acme", "CTPAT-MSC-2019", date(2026, 2, 1),
    ...                AssessmentKind.SELF_ASSESSMENT, [Answer("2.3", Compliance.MET, date(2026, 1, 20))])
    >>> ComplianceBook([a]).latest("acme", "CTPAT-MSC-2019", on=date(2026, 3, 1))["2.3"][0].status
    <Compliance.MET: 'met'>
    """

    assessments: tuple[Assessment, ...] = attrs.field(default=(), converter=_assessments)
    findings: tuple[ComplianceFinding, ...] = attrs.field(default=(), converter=_findings)
    actions: tuple[CorrectiveAction, ...] = attrs.field(default=(), converter=_actions)

    def __attrs_post_init__(self) -> None:
        for field, records, cls in (
            ("assessments", self.assessments, Assessment),
            ("findings", self.findings, ComplianceFinding),
            ("actions", self.actions, CorrectiveAction),
        ):
            ids: set[str] = set()
            for record in records:
                if type(record) is not cls:
                    raise DataError.at(field, record, f"must be a {cls.__name__}")
                if record.id in ids:
                    raise DataError.at(f"{field}[{record.id}]", record.id, "duplicate id")
                ids.add(record.id)
        # A partner answers one questionnaire a day: two would leave "its latest" open.
        answered: set[tuple[str, dt.date]] = set()
        for assessment in self.assessments:
            if assessment.kind is AssessmentKind.PARTNER_QUESTIONNAIRE:
                day = (assessment.subject, assessment.on)
                if day in answered:
                    raise DataError.at(
                        f"assessments[{assessment.id}]",
                        assessment.id,
                        f"a second questionnaire of {assessment.subject} on {assessment.on}",
                    )
                answered.add(day)
        findings = {f.id for f in self.findings}
        for action in self.actions:
            if action.finding not in findings:
                raise DataError.at(
                    f"actions[{action.id}].finding", action.finding, "no such finding"
                )

    def extend(
        self,
        assessments: Iterable[Assessment] = (),
        findings: Iterable[ComplianceFinding] = (),
        actions: Iterable[CorrectiveAction] = (),
    ) -> ComplianceBook:
        """A new book with these records added. Raises as the constructor does."""
        return ComplianceBook(
            (*self.assessments, *assessments),
            (*self.findings, *findings),
            (*self.actions, *actions),
        )

    def subjects(self) -> tuple[str, ...]:
        """Every participant with a record, sorted. Raises nothing."""
        found = {a.subject for a in self.assessments} | {f.subject for f in self.findings}
        return tuple(sorted(found))

    def latest(
        self, subject: str, requirement_set: str, *, on: dt.date
    ) -> dict[str, tuple[Answer, Assessment]]:
        """For each requirement id, the latest answer (and its assessment) made
        on or before ``on``: the latest assessment that assessed it wins; an
        answer *not assessed* stands only where nothing earlier was assessed.

        Raises nothing.
        """
        found: dict[str, tuple[Answer, Assessment]] = {}
        ordered = sorted(
            (
                a
                for a in self.assessments
                if a.subject == subject and a.requirement_set == requirement_set and a.on <= on
            ),
            key=lambda a: a.on,
        )
        for assessment in ordered:
            for answer in assessment.answers:
                earlier = found.get(answer.requirement)
                if (
                    answer.status is Compliance.NOT_ASSESSED
                    and earlier is not None
                    and earlier[0].status is not Compliance.NOT_ASSESSED
                ):
                    continue
                found[answer.requirement] = (answer, assessment)
        return found

    def questionnaires(self, subject: str, *, on: dt.date | None = None) -> tuple[Assessment, ...]:
        """The partner questionnaires ``subject`` answered (on or before ``on``),
        oldest first: the history, each one kept. Raises nothing.

        >>> from datetime import date
        >>> from ctpat import AssessmentKind
        >>> from ctpat.assessments import Assessment
        >>> q = [Assessment(f"q{y}", "mill", "CTPAT-MSC-2019", date(y, 3, 1),
        ...                 AssessmentKind.PARTNER_QUESTIONNAIRE, []) for y in (2025, 2024, 2026)]
        >>> [a.id for a in ComplianceBook(q).questionnaires("mill", on=date(2025, 12, 31))]
        ['q2024', 'q2025']
        """
        return tuple(
            sorted(
                (
                    a
                    for a in self.assessments
                    if a.subject == subject
                    and a.kind is AssessmentKind.PARTNER_QUESTIONNAIRE
                    and (on is None or a.on <= on)
                ),
                key=lambda a: a.on,
            )
        )

    def findings_of(self, subject: str) -> tuple[ComplianceFinding, ...]:
        """The findings about a participant, in the book's order. Raises nothing."""
        return tuple(f for f in self.findings if f.subject == subject)

    def actions_for(self, finding: str) -> tuple[CorrectiveAction, ...]:
        """The corrective actions answering a finding. Raises nothing."""
        return tuple(a for a in self.actions if a.finding == finding)

    def finding(self, id: str) -> ComplianceFinding:
        """The finding with this id. Raises ``KeyError`` for an unknown one."""
        for found in self.findings:
            if found.id == id:
                return found
        raise KeyError(f"no finding {id!r}")
