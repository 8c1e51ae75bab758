"""Partner screening: questionnaires read and scored by the member's policy, one
explained answer per partner, the supply chain's risk and the audit sample."""

from __future__ import annotations

import csv
import datetime as dt
import io
from datetime import date
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

import ctpat
from ctpat import (
    ActionEventKind,
    AssessmentKind,
    Certification,
    Compliance,
    Event,
    EventKind,
    Participant,
    ReasonCode,
    Risk,
    Role,
    Severity,
)
from ctpat.assessments import (
    ActionEvent,
    Answer,
    Assessment,
    ComplianceBook,
    ComplianceFinding,
    CorrectiveAction,
)
from ctpat.errors import DataError
from ctpat.io import SheetMapping, read_chain, read_questionnaire, read_questionnaires
from ctpat.scoring import ScoringPolicy
from ctpat.screening import screen, screen_all, screen_supply_chain
from ctpat.supplychains import SupplyChain

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "screening"
STRICT = Path(__file__).resolve().parent / "data" / "strict-policy.toml"
needs_examples = pytest.mark.skipif(not EXAMPLE.exists(), reason="examples/ not beside tests")
MSC = "CTPAT-MSC-2019"
ON = date(2026, 3, 31)
CRITERIA = ctpat.reference().criteria
IDS = [r.id for r in CRITERIA.applicable("CTPAT", role=Role.MANUFACTURER)]


def questionnaire(
    subject: str, on: date, unmet: tuple[str, ...] = (), id: str | None = None
) -> Assessment:
    answers = [Answer(rid, Compliance.NOT_MET if rid in unmet else Compliance.MET) for rid in IDS]
    return Assessment(
        id or f"q-{subject}-{on}", subject, MSC, on, AssessmentKind.PARTNER_QUESTIONNAIRE,
        answers, role=Role.MANUFACTURER,
    )  # fmt: skip


def registry(*certs: Certification) -> ctpat.Registry:
    people = [
        Participant(pid, pid.title(), "MX", [Role.MANUFACTURER])
        for pid in ("acme", "mill", "mine", "farm")
    ]
    return ctpat.reference().with_partners(
        ctpat.PartnerData(participants=people, certifications=certs)
    )


def answer(
    reg: ctpat.Registry, book: ComplianceBook, pid: str = "mill"
) -> ctpat.screening.PartnerAnswer:
    return screen(
        reg.catalog, reg.criteria, reg.book, book, pid, by="CTPAT", on=ON,
        policy=ScoringPolicy.example(),
    )  # fmt: skip


# -- reading questionnaires -------------------------------------------------------------


def test_questions_are_mapped_and_combined_worst_first() -> None:
    mapping = SheetMapping.from_toml(
        '[questions]\nQ1 = "6.1"\nQ2 = "6.1"\nQ3 = ["7.23", "3.1"]\nQ4 = "1.1"\nQ5 = "1.1"\n'
    )
    sheet = (
        b"Q No,Answer,Evidence,Last checked,Comments\n"
        b"Q1,Yes,SEAL-1,2026-02-01,\nQ2,No,SEAL-2,2026-01-15,log on paper\n"
        b"Q3,Yes,,,\nQ4,N/A,,,no seals here\nQ5,N/A,,,none at all\n"
    )
    intake = read_questionnaire(
        io.BytesIO(sheet), partner="mill", on=ON, role=Role.MANUFACTURER, criteria=CRITERIA,
        mapping=mapping, name="q.csv",
    )  # fmt: skip
    assert intake.ok, intake.problems
    q = intake.assessment
    assert q is not None
    assert q.kind is AssessmentKind.PARTNER_QUESTIONNAIRE
    assert q.id == f"q-mill-{ON}"
    assert q.role is Role.MANUFACTURER
    seal = q.answer("6.1")
    assert seal is not None
    assert (seal.status, seal.checked_on, seal.evidence, seal.note) == (
        Compliance.NOT_MET, date(2026, 1, 15), ("SEAL-1", "SEAL-2"), "log on paper",
    )  # fmt: skip
    assert q.answer("3.1").status is Compliance.MET  # type: ignore[union-attr]
    na = q.answer("1.1")
    assert na is not None
    assert na.status is Compliance.NOT_APPLICABLE
    assert na.note == "no seals here; none at all"


def test_every_questionnaire_problem_names_its_line() -> None:
    mapping = SheetMapping.from_toml('[questions]\nQ1 = "6.1"\nQ2 = "99.9"\n')
    sheet = b"Question,Answer\nQ1,Yes\nQ7,Yes\nQ2,No\nQ1,maybe\n"
    intake = read_questionnaire(
        io.BytesIO(sheet), partner="mill", on=ON, role=Role.MANUFACTURER, criteria=CRITERIA,
        mapping=mapping, name="q.csv",
    )  # fmt: skip
    assert intake.assessment is None
    assert [str(p) for p in intake.problems] == [
        "q.csv, line 3, column 'Question': not a question in the mapping's [questions] table (got 'Q7')",
        f"q.csv, line 4, column 'Question': maps to '99.9', not a requirement of {MSC} (got 'Q2')",
        "q.csv, line 5, column 'Answer': not a status (got 'maybe'); accepted: met, not met, "
        "not applicable (with a note), not assessed (or yes, no, n/a, pending)",
    ]


def test_question_numbers_without_a_mapping_are_a_problem() -> None:
    intake = read_questionnaire(
        io.BytesIO(b"Q No,Answer\nQ1,Yes\n"), partner="mill", on=ON, role=Role.MANUFACTURER,
        criteria=CRITERIA, name="q.csv",
    )  # fmt: skip
    assert [p.message for p in intake.problems] == [
        "question numbers need a [questions] table in the mapping file"
    ]


def test_a_bad_questions_table_names_the_question() -> None:
    with pytest.raises(DataError, match=r"questions\.Q1: must name a requirement id"):
        SheetMapping.from_toml("[questions]\nQ1 = 3\n")


def test_a_folder_of_questionnaires_by_file_name(tmp_path: Path) -> None:
    reg = registry()
    reg = reg.with_partners(
        ctpat.PartnerData(
            participants=[Participant("hub", "Hub", "MX", [Role.MANUFACTURER, Role.EXPORTER])]
        )
    )
    body = "Criteria ID,Status\n" + "".join(f"{rid},Yes\n" for rid in IDS)
    for name in ("mill_2026-01-10.csv", "mill_2025-01-10.csv", "ghost_2026-01-10.csv",
                 "hub_2026-01-10.csv", "notes.csv", "mine_2026-02-30.csv"):  # fmt: skip
        (tmp_path / name).write_text(body)
    found = read_questionnaires(sorted(tmp_path.iterdir()), book=reg.book, criteria=CRITERIA)
    assert [(q.subject, q.on) for q in found.questionnaires] == [
        ("mill", date(2025, 1, 10)), ("mill", date(2026, 1, 10)),
    ]  # fmt: skip
    assert [str(p) for p in found.problems] == [
        "ghost_2026-01-10.csv: no such partner in the partner list (got 'ghost')",
        "hub_2026-01-10.csv: the partner list gives it exporter, manufacturer as roles: "
        "a questionnaire answers the criteria of one role (got 'hub')",
        "mine_2026-02-30.csv: not a questionnaire file name (got 'mine_2026-02-30.csv'); "
        "accepted: <partner id>_<YYYY-MM-DD>.csv or .xlsx",
        "notes.csv: not a questionnaire file name (got 'notes.csv'); "
        "accepted: <partner id>_<YYYY-MM-DD>.csv or .xlsx",
    ]


def test_one_questionnaire_per_partner_per_date_and_the_history_kept() -> None:
    first, second = (
        questionnaire("mill", date(2025, 3, 1)),
        questionnaire("mill", date(2026, 3, 1)),
    )
    book = ComplianceBook([second, first])
    assert book.questionnaires("mill") == (first, second)
    assert book.questionnaires("mill", on=date(2025, 12, 31)) == (first,)
    with pytest.raises(DataError, match="a second questionnaire of mill on 2026-03-01"):
        book.extend([questionnaire("mill", date(2026, 3, 1), id="again")])


def test_a_chain_sheet_needs_both_columns() -> None:
    intake = read_chain(io.BytesIO(b"Customer,Notes\nacme,x\n"), name="c.csv")
    assert [p.message for p in intake.problems] == ["no supplier column"]


# -- the policy -------------------------------------------------------------------------


def test_the_example_policy_says_it_is_not_cbps() -> None:
    policy = ScoringPolicy.example()
    assert policy == ScoringPolicy.example()
    assert hash(policy) == hash(ScoringPolicy.example())
    assert "not CBP" in policy.name
    assert policy.note
    assert "CBP publishes no scoring" in policy.note
    assert policy.valid_for == relativedelta(years=1)
    assert policy.critical == {"3.1", "6.1", "7.23"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[policy]\nname='x'\n[weights]\nmust=1\n", "x: policy.weights.should: a weight is required"),
        ("[policy]\nname='x'\n[weights]\nmust=1\nshould=-1\n", "policy.weights.should: must be a finite number"),
        ("[policy]\nname='x'\n[weights]\nmust=1\nshould=1\n[thresholds]\nlow=0.5\nmedium=0.8\n",
         "policy.medium: must not be above low"),
        ("[policy]\nname='x'\nvalid_for='1 year'\n", "policy.policy.valid_for: not an ISO 8601 duration"),
        ("[weights]\nmust=1\nshould=1\n", "policy.policy.name: a policy needs a name"),
        ("[scores]\n", "policy.scores: unknown table"),
        ("[policy]\nname='x'\ncolour='red'\n", "policy.policy.colour: unknown key"),
        ("[policy\n", "policy: not valid TOML"),
    ],
)  # fmt: skip
def test_a_bad_policy_names_the_key(text: str, message: str) -> None:
    with pytest.raises(DataError) as err:
        ScoringPolicy.from_toml(text)
    assert message.split(": ", 1)[-1] in str(err.value)


def test_scoring_counts_weights_overrides_and_not_applicable() -> None:
    policy = ScoringPolicy(
        "t", {"must": 2, "should": 1}, {"1.1": 0, "3.1": 5}, low=0.9, medium=0.5,
        critical=["7.23"],
    )  # fmt: skip
    reqs = CRITERIA.requirement_set(MSC)
    musts = sum(1 for r in reqs.applicable(role=Role.MANUFACTURER) if r.obligation.value == "must")
    shoulds = len(IDS) - musts
    q = questionnaire("mill", ON, unmet=("3.1", "1.2"))
    score = policy.score(reqs, q)
    possible = (musts - 1) * 2 + 5 + (shoulds - 1)  # 1.1 weighs nothing, 3.1 five
    assert score.possible == possible
    assert score.earned == possible - 5 - 1
    assert score.unmet == ("3.1", "1.2")  # musts first
    assert score.critical == ()
    assert score.risk is Risk.LOW
    assert policy.score(reqs, questionnaire("mill", ON, unmet=("7.23",))).risk is Risk.HIGH
    na = Assessment("q", "mill", MSC, ON, AssessmentKind.PARTNER_QUESTIONNAIRE,
                    [Answer("1.2", Compliance.NOT_APPLICABLE, note="none")], role=Role.MANUFACTURER)  # fmt: skip
    assert policy.score(reqs, na).value == 0.0  # unanswered counts as not met


# -- one answer per partner ----------------------------------------------------------------


def test_a_recognised_certification_is_never_outranked_by_a_questionnaire() -> None:
    reg = registry(Certification.grant("MX-OEA", "mill", on=date(2020, 1, 6)))
    book = ComplianceBook([questionnaire("mill", date(2026, 3, 1), unmet=("3.1", "6.1", "7.23"))])
    found = answer(reg, book)
    assert found.risk is Risk.COVERED
    assert found.ok
    assert found.deciding.code is ReasonCode.ARRANGEMENT_IN_FORCE
    assert "MSC 3.4" in found.deciding.message
    assert found.questionnaire is None
    assert found.score is None


@pytest.mark.parametrize("kind", [EventKind.SUSPENDED, EventKind.REVOKED, EventKind.WITHDRAWN])
def test_a_questionnaire_never_makes_a_refused_certification_pass(kind: EventKind) -> None:
    cert = Certification.grant("CTPAT", "mill", on=date(2020, 1, 6)).record(
        Event(kind, date(2025, 11, 3))
    )
    reg = registry(cert)
    book = ComplianceBook([questionnaire("mill", date(2026, 3, 1))])
    found = answer(reg, book)
    assert found.risk is Risk.HIGH
    assert not found.ok
    assert found.deciding.code.value == kind.value
    assert "whatever a questionnaire says" in found.deciding.message


def test_an_unrecognised_certification_leaves_the_questionnaire_to_decide() -> None:
    reg = registry(Certification.grant("CN-AEO", "mill", on=date(2020, 1, 6), level="advanced"))
    found = answer(reg, ComplianceBook([questionnaire("mill", date(2026, 3, 1))]))
    assert found.risk is Risk.LOW
    assert found.codes() == (ReasonCode.QUESTIONNAIRE_SCORED, ReasonCode.NO_ARRANGEMENT)


def test_no_or_an_expired_questionnaire_is_unverified() -> None:
    reg = registry()
    none = answer(reg, ComplianceBook())
    assert none.risk is Risk.UNVERIFIED
    assert none.codes() == (ReasonCode.NO_QUESTIONNAIRE,)
    old = answer(reg, ComplianceBook([questionnaire("mill", date(2025, 3, 31))]))
    assert old.risk is Risk.UNVERIFIED
    assert old.deciding.code is ReasonCode.QUESTIONNAIRE_EXPIRED
    assert "expired 2026-03-31 (valid 1 year" in old.deciding.message
    young = answer(reg, ComplianceBook([questionnaire("mill", date(2025, 4, 1))]))
    assert young.risk is Risk.LOW


def test_the_latest_questionnaire_counts_and_critical_musts_decide() -> None:
    reg = registry()
    book = ComplianceBook(
        [
            questionnaire("mill", date(2025, 9, 1)),
            questionnaire("mill", date(2026, 2, 1), ("6.1",)),
        ]
    )
    found = answer(reg, book)
    assert found.risk is Risk.HIGH
    assert found.questionnaire is not None
    assert found.questionnaire.on == date(2026, 2, 1)
    assert found.codes() == (ReasonCode.CRITICAL_UNMET, ReasonCode.QUESTIONNAIRE_SCORED)
    # Before the later one was answered, the earlier one decided.
    earlier = screen(reg.catalog, reg.criteria, reg.book, book, "mill", by="CTPAT",
                     on=date(2026, 1, 15), policy=ScoringPolicy.example())  # fmt: skip
    assert earlier.risk is Risk.LOW


def _overdue(subject: str) -> tuple[ComplianceFinding, CorrectiveAction]:
    finding = ComplianceFinding(
        "F1", subject, f"{MSC}:6.2", Severity.REQUIRED_ACTION, date(2025, 12, 1)
    )
    action = CorrectiveAction(
        "CA1",
        "F1",
        (ActionEvent(ActionEventKind.OPENED, date(2025, 12, 1), due=date(2026, 3, 1)),),
    )
    return finding, action


@pytest.mark.parametrize(
    ("certs", "unmet", "before", "after"),
    [
        ((Certification.grant("MX-OEA", "mill", on=date(2020, 1, 6)),), (), Risk.COVERED, Risk.LOW),
        ((), (), Risk.LOW, Risk.MEDIUM),
        ((), ("3.1",), Risk.HIGH, Risk.HIGH),
    ],
)  # fmt: skip
def test_an_overdue_required_action_raises_the_risk(
    certs: tuple[Certification, ...], unmet: tuple[str, ...], before: Risk, after: Risk
) -> None:
    reg = registry(*certs)
    book = ComplianceBook([questionnaire("mill", date(2026, 3, 1), unmet)])
    assert answer(reg, book).risk is before
    finding, action = _overdue("mill")
    found = answer(reg, book.extend(findings=[finding], actions=[action]))
    assert found.risk is after
    assert ReasonCode.ACTION_OVERDUE in found.codes()
    if before is not after:
        assert found.deciding.code is ReasonCode.ACTION_OVERDUE
        assert f"goes from {before.value} to {after.value}" in found.deciding.message
    closed = action.record(ActionEvent(ActionEventKind.CLOSED, date(2026, 3, 15)))
    assert answer(reg, book.extend(findings=[finding], actions=[closed])).risk is before


def test_every_answer_is_explained_with_its_data_version() -> None:
    found = answer(registry(), ComplianceBook([questionnaire("mill", date(2026, 3, 1), ("1.2",))]))
    text = found.explain()
    assert text.startswith(f"mill: low on {ON} (policy 'ctpat example policy (not CBP scoring)'")
    assert f"reference data {ctpat.reference().data_version}" in text
    assert "scored 99% under" in text
    assert "not met: 1.2" in text


def test_wrong_arguments_are_named() -> None:
    reg = registry()
    with pytest.raises(DataError, match="policy: must be a ScoringPolicy"):
        screen(reg.catalog, reg.criteria, reg.book, ComplianceBook(), "mill", by="CTPAT", on=ON,
               policy="strict")  # type: ignore[arg-type]  # fmt: skip
    with pytest.raises(ctpat.UnknownParticipant):
        answer(reg, ComplianceBook(), "nobody")


# -- the chain, the audit list and the sample ------------------------------------------------


def test_the_worst_along_each_path_and_the_audit_order() -> None:
    reg = registry(Certification.grant("MX-OEA", "mill", on=date(2020, 1, 6)))
    chain = SupplyChain({"acme": ["mill"], "mill": ["mine", "farm"]})
    book = ComplianceBook(
        [
            questionnaire("mine", date(2025, 6, 1), ("6.1",)),
            questionnaire("farm", date(2026, 1, 1)),
        ]
    )
    s = screen_supply_chain(reg.catalog, reg.criteria, reg.book, book, chain, "acme", by="CTPAT",
                            on=ON, policy=ScoringPolicy.example())  # fmt: skip
    assert [(a.partner, a.risk, a.path) for a in s] == [
        ("mill", Risk.COVERED, ("acme", "mill")),
        ("mine", Risk.HIGH, ("acme", "mill", "mine")),
        ("farm", Risk.LOW, ("acme", "mill", "farm")),
    ]
    assert s.worst_on_path("mine").partner == "mine"
    assert s.worst_on_path("farm").partner == "farm"
    assert s.worst_on_path("mill").risk is Risk.COVERED
    assert [a.partner for a in s.to_audit()] == ["mine", "farm"]
    assert s.counts()[Risk.COVERED] == 1
    assert sum(s.counts().values()) == 3


@needs_examples
@pytest.mark.parametrize("policy", ["example", "strict"])
def test_every_example_partner_gets_its_expected_answer(policy: str) -> None:
    screening = _example(
        ScoringPolicy.example() if policy == "example" else ScoringPolicy.load(STRICT)
    )
    with open(EXAMPLE / "expected.csv", encoding="utf-8") as handle:
        expected = {row["partner"]: row for row in csv.DictReader(handle)}
    got = {a.partner: a.risk.value for a in screening}
    assert len(got) == 200
    assert set(got) == set(expected)
    wrong = {pid: (risk, expected[pid][policy], expected[pid]["why"])
             for pid, risk in got.items() if risk != expected[pid][policy]}  # fmt: skip
    assert not wrong
    assert all(a.reasons and a.deciding.message for a in screening)


@needs_examples
def test_the_example_audit_sample_is_reproducible() -> None:
    screening = _example(ScoringPolicy.example())
    first = [a.partner for a in screening.sample(12, seed=2026)]
    assert first == [a.partner for a in screening.sample(12, seed=2026)]
    assert first != [a.partner for a in screening.sample(12, seed=2027)]
    assert len(set(first)) == 12
    assert all(screening.answer(p).risk is not Risk.COVERED for p in first)
    order = screening.to_audit()
    ranks = [a.risk.rank for a in order]
    assert ranks == sorted(ranks, reverse=True)
    assert order[0].risk is Risk.HIGH
    with pytest.raises(DataError, match="k: must be a whole number"):
        screening.sample(-1, seed=1)


def _example(policy: ScoringPolicy) -> ctpat.screening.Screening:
    reg = ctpat.reference().with_partners(ctpat.io.read(EXAMPLE / "partners.csv").partners())
    questions = SheetMapping.load(EXAMPLE / "questions.toml")
    found = read_questionnaires(
        sorted((EXAMPLE / "questionnaires").iterdir()), book=reg.book, criteria=reg.criteria,
        mapping=questions,
    )  # fmt: skip
    found.raise_problems()
    actions = ctpat.io.read_actions(EXAMPLE / "actions.csv")
    actions.raise_problems()
    assert actions.book is not None
    book = actions.book.extend(assessments=found.questionnaires)
    chain = read_chain(EXAMPLE / "chain.csv")
    chain.raise_problems()
    assert chain.chain is not None
    return screen_supply_chain(reg.catalog, reg.criteria, reg.book, book, chain.chain,
                               "acme-imports", by="CTPAT", on=ON, policy=policy)  # fmt: skip


def test_screen_all_defaults_to_every_participant() -> None:
    reg = registry()
    s = screen_all(reg.catalog, reg.criteria, reg.book, ComplianceBook(), by="CTPAT", on=ON,
                   policy=ScoringPolicy.example())  # fmt: skip
    assert [a.partner for a in s] == ["acme", "mill", "mine", "farm"]
    assert s.root is None


# -- the two promises, over random questionnaires and certificate histories -------------------

_PROGRAMS = ("CTPAT", "MX-OEA", "CN-AEO", "EU-AEO")
_ENDINGS = (None, EventKind.SUSPENDED, EventKind.REVOKED, EventKind.WITHDRAWN)


@given(
    program=st.sampled_from(_PROGRAMS),
    ending=st.sampled_from(_ENDINGS),
    unmet=st.sets(st.sampled_from(IDS), max_size=40),
    age=st.integers(min_value=0, max_value=800),
    strict=st.booleans(),
)
def test_a_questionnaire_never_lifts_or_lowers_a_certifications_answer(
    program: str, ending: EventKind | None, unmet: set[str], age: int, strict: bool
) -> None:
    level = "AEOS" if program == "EU-AEO" else "advanced" if program == "CN-AEO" else None
    cert = Certification.grant(program, "mill", on=date(2019, 1, 7), level=level)
    if ending is not None:
        cert = cert.record(Event(ending, date(2025, 11, 3)))
    reg = registry(cert)
    policy = ScoringPolicy.load(STRICT) if strict else ScoringPolicy.example()
    on_file = ComplianceBook([questionnaire("mill", ON - dt.timedelta(days=age), tuple(unmet))])
    with_q = screen(reg.catalog, reg.criteria, reg.book, on_file, "mill", by="CTPAT", on=ON,
                    policy=policy)  # fmt: skip
    recognised = reg.verify("mill", by="CTPAT", on=ON, role=Role.MANUFACTURER).ok
    if recognised:
        assert with_q.risk is Risk.COVERED  # never outranked by the questionnaire
    else:
        assert with_q.risk is not Risk.COVERED  # never made to pass by it
    if ending is not None:
        assert with_q.risk is Risk.HIGH
        assert with_q.deciding.code.value == ending.value


def test_evidence_that_leaves_a_certification_unconfirmed_hands_over_to_the_questionnaire() -> (
    None
):
    from ctpat.evidence import Evidence, Finding, OfficialService

    cert = Certification.grant(
        "EU-AEO", "mill", on=date(2018, 1, 1), level="AEOS", reference="DEAEOS0001"
    )
    reg = registry(cert)
    unlisted = Evidence(
        OfficialService.EU_AEO, "DEAEOS0001", Finding.AEO_NOT_LISTED,
        checked_at=dt.datetime(2026, 3, 30, 9, 0, tzinfo=dt.timezone.utc),
    )  # fmt: skip
    book = ComplianceBook([questionnaire("mill", date(2026, 3, 1))])
    assert answer(reg, book).risk is Risk.COVERED
    weighed = screen(reg.catalog, reg.criteria, reg.book, book, "mill", by="CTPAT", on=ON,
                     policy=ScoringPolicy.example(), evidence=[unlisted])  # fmt: skip
    assert weighed.risk is Risk.LOW
    assert weighed.codes()[0] is ReasonCode.QUESTIONNAIRE_SCORED
    assert ReasonCode.AEO_NOT_LISTED in weighed.codes()
    alone = screen(reg.catalog, reg.criteria, reg.book, ComplianceBook(), "mill", by="CTPAT",
                   on=ON, policy=ScoringPolicy.example(), evidence=[unlisted])  # fmt: skip
    assert alone.risk is Risk.UNVERIFIED
