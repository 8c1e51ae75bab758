"""Screening business partners: one explained answer per partner, and the supply chain's risk.

MSC category 3 asks a member to screen its partners by a written, risk-based
process: to credit partners whose certification its program recognises (3.4)
and to do due diligence on the others, by questionnaires and visits. So a
partner's :class:`PartnerAnswer` is, in this order:

1. *covered*, when the member's program recognises its certification on the
   date (the recognition verdict of :func:`ctpat.vetting.verify`); a
   questionnaire never outranks it;
2. *high*, when its certification is suspended, revoked, rejected or
   withdrawn: a questionnaire never makes such a certification pass;
3. otherwise, its latest questionnaire still valid under the member's
   :class:`~ctpat.scoring.ScoringPolicy`, scored: *low*, *medium* or *high*;
4. *unverified*, with no questionnaire or only an expired one.

A required action about the partner left open past its due date raises the
answer one step (covered to low, low to medium, medium to high). Each answer
carries its reasons, the deciding one first, and the data version.

>>> from datetime import date
>>> import ctpat
>>> from ctpat import Participant, Role
>>> from ctpat.assessments import ComplianceBook
>>> from ctpat.scoring import ScoringPolicy
>>> reg = ctpat.reference().with_partners(ctpat.PartnerData(participants=[Participant("mill", "Steel Mill", "CN", [Role.MANUFACTURER])]))
>>> answer = screen(reg.catalog, reg.criteria, reg.book, ComplianceBook(),
...                 "mill", by="CTPAT", on=date(2026, 3, 1), policy=ScoringPolicy.example())
>>> answer.risk, answer.deciding.code
(<Risk.UNVERIFIED: 'unverified'>, <ReasonCode.NO_QUESTIONNAIRE: 'no-questionnaire'>)
"""

from __future__ import annotations

import datetime as dt
import math
import random
from collections.abc import Iterable, Iterator

import attrs

from ctpat._dates import shift
from ctpat._durations import describe
from ctpat.assessments import Assessment, ComplianceBook
from ctpat.catalog import Catalog
from ctpat.criteria import Criteria
from ctpat.enums import ReasonCode, Risk, Role
from ctpat.errors import DataError
from ctpat.evidence import Evidence
from ctpat.partners import PartnerBook
from ctpat.readiness import required_overdue
from ctpat.scoring import Score, ScoringPolicy
from ctpat.supplychains import SupplyChain
from ctpat.verdicts import Reason, Verdict
from ctpat.vetting import verify

__all__ = ["PartnerAnswer", "Screening", "screen", "screen_all", "screen_supply_chain"]

#: Certification refusals a questionnaire can never make up for: the holder's
#: own standing was taken away or refused.
_REFUSED = frozenset(
    {ReasonCode.SUSPENDED, ReasonCode.REVOKED, ReasonCode.REJECTED, ReasonCode.WITHDRAWN}
)
#: One step up, for a required action left open past its due date.
_RAISED = {Risk.COVERED: Risk.LOW, Risk.LOW: Risk.MEDIUM, Risk.MEDIUM: Risk.HIGH}


@attrs.frozen
class PartnerAnswer:
    """How a member's screening sees one partner on a date, and why.

    ``risk`` is the answer; ``reasons`` every reason, the deciding one first;
    ``certification`` the recognition verdict of its best certification (if it
    holds one); ``questionnaire`` and ``score`` the questionnaire that was
    scored, or the latest one found; ``path`` leads from a supply chain's root
    to it. ``ok`` holds for covered and low risk only. Raises nothing:
    answers are built by the library.
    """

    partner: str
    risk: Risk
    on: dt.date
    reasons: tuple[Reason, ...]
    data_version: str
    policy: str
    certification: Verdict | None = None
    questionnaire: Assessment | None = None
    score: Score | None = None
    path: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """Whether the partner needs nothing now: covered, or low risk."""
        return self.risk in (Risk.COVERED, Risk.LOW)

    def __bool__(self) -> bool:
        return self.ok

    @property
    def deciding(self) -> Reason:
        """The reason that decided the answer (the first). Raises nothing."""
        return self.reasons[0]

    def codes(self) -> tuple[ReasonCode, ...]:
        """The codes of the reasons, in order. Raises nothing."""
        return tuple(reason.code for reason in self.reasons)

    def explain(self) -> str:
        """The answer in plain English: a heading, then one line a reason. Raises nothing."""
        lines = [
            f"{self.partner}: {self.risk.value} on {self.on} "
            f"(policy {self.policy!r}, reference data {self.data_version}):"
        ]
        lines.extend(f"- {reason.message}" for reason in self.reasons)
        return "\n".join(lines)


def _check(
    catalog: object,
    criteria: object,
    book: object,
    compliance: object,
    by: object,
    on: object,
    policy: object,
) -> None:
    if type(catalog) is not Catalog:
        raise DataError.at("catalog", catalog, "must be a Catalog")
    if type(criteria) is not Criteria:
        raise DataError.at("criteria", criteria, "must be a Criteria")
    if type(book) is not PartnerBook:
        raise DataError.at("book", book, "must be a PartnerBook")
    if type(compliance) is not ComplianceBook:
        raise DataError.at("compliance", compliance, "must be a ComplianceBook")
    if type(policy) is not ScoringPolicy:
        raise DataError.at("policy", policy, "must be a ScoringPolicy")
    if type(on) is not dt.date:
        raise DataError.at("on", on, "must be a date")
    catalog.program(by)  # type: ignore[arg-type]


def _questionnaire(
    criteria: Criteria,
    compliance: ComplianceBook,
    partner: str,
    on: dt.date,
    policy: ScoringPolicy,
) -> tuple[Risk, list[Reason], Assessment | None, Score | None]:
    """The answer a partner's latest questionnaire gives, without certification."""
    answered = compliance.questionnaires(partner, on=on)
    if not answered:
        return (
            Risk.UNVERIFIED,
            [
                Reason(
                    ReasonCode.NO_QUESTIONNAIRE,
                    f"{partner} answered no security questionnaire by {on}: unverified",
                )
            ],
            None,
            None,
        )
    latest = answered[-1]
    if not policy.current(latest.on, on):
        ended = shift(latest.on, policy.valid_for)
        return (
            Risk.UNVERIFIED,
            [
                Reason(
                    ReasonCode.QUESTIONNAIRE_EXPIRED,
                    f"the latest questionnaire of {partner} ({latest.id}, {latest.on}) "
                    f"expired {ended} (valid {describe(policy.valid_for)} under "
                    f"{policy.name!r}): unverified",
                )
            ],
            latest,
            None,
        )
    try:
        requirements = criteria.requirement_set(latest.requirement_set)
    except KeyError:
        raise DataError.at(
            f"questionnaire[{latest.id}].requirement_set",
            latest.requirement_set,
            "no such requirement set in the criteria",
        ) from None
    score = policy.score(requirements, latest)
    whom = latest.role.value if latest.role is not None else "any role"
    unmet = (
        f"; not met: {', '.join(score.unmet[:10])}{' …' if len(score.unmet) > 10 else ''}"
        if score.unmet
        else ""
    )
    scored = Reason(
        ReasonCode.QUESTIONNAIRE_SCORED,
        f"questionnaire {latest.id} of {latest.on} ({requirements.code}, {whom}) scored "
        f"{score.percent} under {policy.name!r} (low from {math.floor(policy.low * 100)}%, "
        f"medium from {math.floor(policy.medium * 100)}%){unmet}",
    )
    reasons = [
        Reason(
            ReasonCode.CRITICAL_UNMET,
            f"{requirements.code} {rid}, critical under {policy.name!r}, is not met in "
            f"{latest.id}: high risk whatever the score",
        )
        for rid in score.critical
    ]
    reasons.append(scored)
    return score.risk, reasons, latest, score


def screen(
    catalog: Catalog,
    criteria: Criteria,
    book: PartnerBook,
    compliance: ComplianceBook,
    partner: str,
    *,
    by: str,
    on: dt.date,
    policy: ScoringPolicy,
    path: tuple[str, ...] = (),
    evidence: Iterable[Evidence] = (),
) -> PartnerAnswer:
    """One partner's answer on ``on`` for a member of program ``by`` (see the
    module's documentation for the order of the rules).

    Raises :class:`~ctpat.errors.UnknownProgram` for an unknown ``by``,
    :class:`~ctpat.errors.UnknownParticipant` for a partner the book does not
    hold and :class:`~ctpat.errors.DataError` naming an argument of the wrong
    type.

    With ``evidence`` (what the official services said, :mod:`ctpat.evidence`),
    the certification's verdict is weighed with it first: a claim the service
    could not confirm is not recognised, and the questionnaire decides.
    """
    _check(catalog, criteria, book, compliance, by, on, policy)
    found = book.resolve(partner)
    pid = found.id
    role: Role | None = next(iter(found.roles)) if len(found.roles) == 1 else None
    verdict: Verdict | None = None
    before: list[Reason] = []
    after: list[Reason] = []
    questionnaire: Assessment | None = None
    score: Score | None = None
    if book.certifications_of(found):
        verdict = verify(catalog, book, found, by=by, on=on, role=role, evidence=evidence)
    deciding = verdict.deciding if verdict is not None else None
    if verdict is not None and verdict.ok:
        risk = Risk.COVERED
        assert deciding is not None
        before = [
            Reason(
                deciding.code,
                f"{by} recognises the certification of {pid} (MSC 3.4): {deciding.message}",
                deciding.arrangement,
            )
        ]
        after = [r for r in verdict.reasons if r is not deciding]
    elif deciding is not None and deciding.code in _REFUSED:
        risk = Risk.HIGH
        before = [
            Reason(
                deciding.code,
                f"the certification of {pid} is {deciding.code.value}: high risk, whatever a "
                f"questionnaire says ({deciding.message})",
                deciding.arrangement,
            )
        ]
    else:
        risk, before, questionnaire, score = _questionnaire(criteria, compliance, pid, on, policy)
        if deciding is not None:
            # The certification does not count here (expired, not recognised): said after.
            after = [Reason(deciding.code, deciding.message, deciding.arrangement)]
    late: list[Reason] = []
    for code in criteria.sets:
        late.extend(required_overdue(compliance, pid, code, on))
    if late and risk in _RAISED:
        raised = _RAISED[risk]
        first = late[0]
        late[0] = Reason(
            first.code, f"{first.message}: the answer goes from {risk.value} to {raised.value}"
        )
        before = [*late, *before]
        risk = raised
    else:
        after.extend(late)
    return PartnerAnswer(
        pid,
        risk,
        on,
        (*before, *after),
        catalog.data_version,
        policy.name,
        verdict,
        questionnaire,
        score,
        path,
    )


@attrs.frozen
class Screening:
    """Every screened partner's answer on one date, for a member of ``by``;
    ``root`` is the supply chain's root (``None`` for a plain list).

    Raises nothing: built by :func:`screen_supply_chain` and :func:`screen_all`.
    """

    by: str
    on: dt.date
    policy: str
    data_version: str
    answers: tuple[PartnerAnswer, ...]
    root: str | None = None

    def __iter__(self) -> Iterator[PartnerAnswer]:
        return iter(self.answers)

    def __len__(self) -> int:
        return len(self.answers)

    def answer(self, partner: str) -> PartnerAnswer:
        """The answer for a partner id. Raises ``KeyError`` for one not screened."""
        for answer in self.answers:
            if answer.partner == partner:
                return answer
        raise KeyError(f"{partner!r} was not screened")

    def counts(self) -> dict[Risk, int]:
        """How many partners got each answer (every risk, zero included). Raises nothing."""
        found = dict.fromkeys(Risk, 0)
        for answer in self.answers:
            found[answer.risk] += 1
        return found

    def worst_on_path(self, partner: str) -> PartnerAnswer:
        """The worst answer along the path from the root to ``partner`` (the
        partner included; the first of equals, nearest the root): a product is
        only as secure as the weakest link it passed through.

        Raises ``KeyError`` for a partner not screened.
        """
        answer = self.answer(partner)
        by_id = {a.partner: a for a in self.answers}
        along = [by_id[p] for p in answer.path if p in by_id] or [answer]
        return max(along, key=lambda a: a.risk.rank)

    def to_audit(self) -> tuple[PartnerAnswer, ...]:
        """The partners to look at next, every one not covered: the highest risk
        first, then the oldest questionnaire (none is oldest), then by id.
        Raises nothing.
        """
        return tuple(
            sorted(
                (a for a in self.answers if a.risk is not Risk.COVERED),
                key=lambda a: (
                    -a.risk.rank,
                    a.questionnaire.on if a.questionnaire is not None else dt.date.min,
                    a.partner,
                ),
            )
        )

    def sample(self, k: int, *, seed: int | str) -> tuple[PartnerAnswer, ...]:
        """``k`` partners picked at random among those not covered (all of them
        if fewer), for physical audits: the same ``seed`` picks the same
        partners from the same answers. Uses its own random generator, never
        the process's.

        Raises :class:`~ctpat.errors.DataError` for a ``k`` that is not a
        whole number of 0 or more, or a ``seed`` that is not an int or text.
        """
        if type(k) is not int or k < 0:
            raise DataError.at("k", k, "must be a whole number, 0 or more")
        if type(seed) not in (int, str):
            raise DataError.at("seed", seed, "must be an int or a string")
        pool = sorted(
            (a for a in self.answers if a.risk is not Risk.COVERED), key=lambda a: a.partner
        )
        picked = random.Random(seed).sample(pool, min(k, len(pool)))
        return tuple(sorted(picked, key=lambda a: a.partner))


def screen_all(
    catalog: Catalog,
    criteria: Criteria,
    book: PartnerBook,
    compliance: ComplianceBook,
    partners: Iterable[str] | None = None,
    *,
    by: str,
    on: dt.date,
    policy: ScoringPolicy,
    evidence: Iterable[Evidence] = (),
) -> Screening:
    """Every listed partner's answer (default: every participant in the book),
    in the order given; ``evidence`` as for :func:`screen`. Raises as
    :func:`screen` does.
    """
    _check(catalog, criteria, book, compliance, by, on, policy)
    chosen = list(book.participants) if partners is None else list(partners)
    records = tuple(evidence)
    answers = tuple(
        screen(catalog, criteria, book, compliance, p, by=by, on=on, policy=policy,
               evidence=records)
        for p in chosen
    )  # fmt: skip
    return Screening(by, on, policy.name, catalog.data_version, answers)


def screen_supply_chain(
    catalog: Catalog,
    criteria: Criteria,
    book: PartnerBook,
    compliance: ComplianceBook,
    chain: SupplyChain,
    root: str,
    *,
    by: str,
    on: dt.date,
    policy: ScoringPolicy,
    evidence: Iterable[Evidence] = (),
) -> Screening:
    """Every partner upstream of ``root`` screened once, each with its path
    from the root (breadth first, as :meth:`~ctpat.supplychains.SupplyChain.upstream`).

    Raises as :func:`screen` does, and :class:`~ctpat.errors.UnknownParticipant`
    for a root or partner the book does not hold.
    """
    _check(catalog, criteria, book, compliance, by, on, policy)
    if type(chain) is not SupplyChain:
        raise DataError.at("chain", chain, "must be a SupplyChain")
    book.participant(root)
    records = tuple(evidence)
    answers = tuple(
        screen(catalog, criteria, book, compliance, pid, by=by, on=on, policy=policy,
               path=path, evidence=records)
        for pid, path in chain.upstream(root).items()
    )  # fmt: skip
    return Screening(by, on, policy.name, catalog.data_version, answers, root)
