"""Security criteria as data, assessments against them, gaps, readiness and duties."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date

import attrs
import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings

import ctpat
from ctpat import (
    ActionEventKind,
    ActionStatus,
    AssessmentKind,
    Compliance,
    DataError,
    Obligation,
    ReasonCode,
    Role,
    Severity,
    Source,
    strategies,
)
from ctpat._reference import CRITERIA_FILE, read_data
from ctpat.assessments import (
    ActionEvent,
    Answer,
    Assessment,
    ComplianceBook,
    ComplianceFinding,
    CorrectiveAction,
)
from ctpat.criteria import Criteria
from ctpat.requirements import Category, Element, Requirement, RequirementSet, Theme

MSC = "CTPAT-MSC-2019"
SRC = Source("https://example.org/msc", "Example criteria", date(2026, 1, 1))
REG = ctpat.reference()

# -- the figures the sources give (docs/data-sources.md) --------------------------------

#: Distinct IDs per category in CBP's validation question set keyed to the MSC (93), plus
#: 5.7 read in a copy of the criteria wording (category 5: 10 + 1).
PER_CATEGORY = {
    "1": 4, "2": 4, "3": 6, "4": 13, "5": 11, "6": 5,
    "7": 16, "8": 1, "9": 15, "10": 8, "11": 3, "12": 8,
}  # fmt: skip
MIXED = ("2.2", "3.1", "9.4", "9.13", "10.2", "10.4", "12.1")


@pytest.mark.parametrize("role", [Role.IMPORTER, Role.MANUFACTURER, Role.HIGHWAY_CARRIER])
def test_ctpat_counts_and_sample_ids_per_entity_type(role: Role) -> None:
    found = REG.requirements("CTPAT", role=role)
    assert len(found) == 94
    assert Counter(r.obligation for r in found) == {Obligation.MUST: 60, Obligation.SHOULD: 34}
    assert Counter(r.category for r in found) == PER_CATEGORY
    by_id = {r.id: r for r in found}
    assert by_id["1.1"].obligation is by_id["1.2"].obligation is Obligation.SHOULD
    for must in ("1.3", "2.1", "2.3", "3.1", "3.4", "4.6", "7.23", "7.37", "11.5", "12.1"):
        assert by_id[must].obligation is Obligation.MUST, must
    assert by_id["2.3"].recurrence == relativedelta(years=1)
    assert by_id["4.6"].recurrence == relativedelta(years=1)
    # 5.7: pest removal after an inspection, its records kept a year.
    assert by_id["5.7"].obligation is Obligation.MUST
    assert by_id["5.7"].retention == relativedelta(years=1)
    assert by_id["5.7"].source.confidence is ctpat.Confidence.UNCERTAIN
    # IDs are not sequential: 3.2, 3.3 and 3.8 are absent from the question set.
    assert {"3.2", "3.3", "3.8"}.isdisjoint(by_id)


def test_ctpat_roles_keep_every_id_until_their_own_table_is_read() -> None:
    # No public copy of a per-entity table could be read past its first page, so no
    # CTPAT requirement narrows its roles: every role sees the same list, and the set's
    # note says which entity tables were looked for.
    found = REG.criteria.current("CTPAT")
    assert all(not r.roles for r in found.requirements)
    lists = {role: REG.requirements("CTPAT", role=role) for role in REG.program("CTPAT").roles}
    assert len(lists) == 12
    assert len({tuple(r.id for r in v) for v in lists.values()}) == 1
    assert found.note is not None
    for entity in ("U.S. Importers", "Foreign Manufacturers", "Highway Carriers", "3PLs"):
        assert entity in found.note, entity
    assert "not sourced" in found.note


def test_mixed_ids_hold_must_and_should_elements() -> None:
    msc = REG.criteria.requirement_set(MSC)
    mixed = tuple(r.id for r in msc.requirements if r.elements)
    assert mixed == MIXED
    for rid in mixed:
        r = msc.requirement(rid)
        assert r.obligation is Obligation.MUST
        assert {e.obligation for e in r.elements} == {Obligation.MUST, Obligation.SHOULD}
    money = [e for e in msc.requirement("3.1").elements if e.obligation is Obligation.SHOULD]
    assert [e.label for e in money] == ["Money Laundering"]


def test_eu_aeo_criteria_by_authorisation_type() -> None:
    ids = {
        lv: [r.id for r in REG.requirements("EU-AEO", level=lv)] for lv in ("AEOC", "AEOS", "AEOF")
    }
    assert ids == {
        "AEOC": ["39(a)", "39(b)", "39(c)", "39(d)"],
        "AEOS": ["39(a)", "39(b)", "39(c)", "39(e)"],
        "AEOF": ["39(a)", "39(b)", "39(c)", "39(d)", "39(e)"],
    }


def test_pip_four_areas() -> None:
    assert [r.id for r in REG.requirements("CA-PIP")] == [
        "corporate",
        "cargo",
        "physical",
        "partners",
    ]


def test_unknown_program_has_no_criteria() -> None:
    with pytest.raises(ctpat.UnknownProgram):
        REG.requirements("NOPE")


# -- whole-data invariants ----------------------------------------------------------------


def test_every_requirement_is_sourced_and_summarised() -> None:
    for found in REG.criteria.sets.values():
        assert REG.program(found.program)  # a known program
        for r in found.requirements:
            assert r.source.url.startswith("https://"), r.id
            assert 10 <= len(r.summary) <= 300, r.id
            assert r.summary.endswith("."), r.id


def test_every_theme_is_ctpats_own_and_links_programs() -> None:
    criteria = REG.criteria
    assert criteria.themes
    for theme in criteria.themes.values():
        assert theme.note is not None
        assert "ctpat's own" in theme.note
        programs = {criteria.requirement(k)[0].program for k in theme.members}
        assert len(programs) >= 2, theme.code


def test_common_themes_between_programs() -> None:
    common = {t.code: (a, b) for t, a, b in REG.criteria.common("CTPAT", "EU-AEO")}
    assert f"{MSC}:11.1" in common["personnel-security"][0]
    assert common["personnel-security"][1] == ("EU-AEO-UCC:39(e)",)
    assert REG.criteria.common("CTPAT", "FAST") == ()


def test_file_round_trips_through_the_converter() -> None:
    document = json.loads(read_data(CRITERIA_FILE))
    sets = ctpat.from_dict(document["sets"], list[RequirementSet])
    assert ctpat.from_dict(ctpat.to_dict(sets), list[RequirementSet]) == sets
    themes = ctpat.from_dict(document["themes"], list[Theme])
    assert ctpat.from_json(ctpat.to_json(themes), list[Theme]) == themes


def test_criteria_refuse_roles_and_levels_the_program_lacks() -> None:
    catalog = REG.catalog
    bad_role = Requirement("1.1", "1", Obligation.MUST, "x.", SRC, roles=[Role.DRIVER])
    bad_level = Requirement("1.1", "1", Obligation.MUST, "x.", SRC, levels=["AEOC"])
    for r, field in ((bad_role, "roles"), (bad_level, "levels")):
        s = RequirementSet("X", "CTPAT", "X", "1", [Category("1", "One")], [r], SRC)
        with pytest.raises(DataError, match=rf"sets\[X\]\.requirements\[1\.1\]\.{field}"):
            Criteria(catalog, [s], data_version="2026-01-01")
    s = RequirementSet("X", "CTPAT", "X", "1", [Category("1", "One")], [], SRC)
    with pytest.raises(DataError, match="no such requirement"):
        Criteria(catalog, [s], [Theme("t", "T", ["X:9.9"])], data_version="2026-01-01")
    with pytest.raises(DataError, match="unknown program"):
        Criteria(catalog, [attrs.evolve(s, program="NOPE")], data_version="2026-01-01")


def test_requirement_set_checks() -> None:
    r = Requirement("1.1", "2", Obligation.MUST, "x.", SRC)
    with pytest.raises(DataError, match="unknown category"):
        RequirementSet("X", "CTPAT", "X", "1", [Category("1", "One")], [r], SRC)
    with pytest.raises(DataError, match="duplicate id"):
        RequirementSet("X", "CTPAT", "X", "1", [Category("2", "Two")], [r, r], SRC)
    with pytest.raises(DataError, match="a should requirement holds no must"):
        Requirement(
            "1.1", "1", Obligation.SHOULD, "x.", SRC, elements=[Element("a", "A", Obligation.MUST)]
        )


# -- the records ------------------------------------------------------------------------------


def test_answer_and_assessment_checks() -> None:
    with pytest.raises(DataError, match="needs a note"):
        Answer("5.3", Compliance.NOT_APPLICABLE)
    assert Answer("5.3", Compliance.NOT_APPLICABLE, note="no conveyances").note == "no conveyances"
    a = Answer("2.3", Compliance.MET, date(2026, 1, 1))
    with pytest.raises(DataError, match=r"answers\[2\.3\]: answered twice"):
        Assessment("x", "acme", MSC, date(2026, 2, 1), AssessmentKind.SELF_ASSESSMENT, [a, a])
    with pytest.raises(DataError, match=r"answers\[2\.3\]\.checked_on: is after the assessment"):
        Assessment("x", "acme", MSC, date(2025, 2, 1), AssessmentKind.SELF_ASSESSMENT, [a])


def test_finding_checks() -> None:
    with pytest.raises(DataError, match="'SET:ID'"):
        ComplianceFinding("f", "acme", "3.1", Severity.REQUIRED_ACTION, date(2026, 1, 1))
    with pytest.raises(DataError, match="before the finding"):
        ComplianceFinding(
            "f",
            "acme",
            f"{MSC}:3.1",
            Severity.REQUIRED_ACTION,
            date(2026, 1, 1),
            due=date(2025, 1, 1),
        )


K = ActionEventKind


def test_corrective_action_transition_table() -> None:
    opened = ActionEvent(K.OPENED, date(2026, 1, 1), due=date(2026, 2, 1))
    with pytest.raises(DataError, match=r"events\[0\]\.kind: cannot follow status none"):
        CorrectiveAction("ca", "f", [ActionEvent(K.CLOSED, date(2026, 1, 1))])
    with pytest.raises(DataError, match=r"events\[1\]\.kind: cannot follow status open"):
        CorrectiveAction("ca", "f", [opened, ActionEvent(K.VERIFIED, date(2026, 1, 2))])
    with pytest.raises(DataError, match=r"events\[1\]\.on: is before"):
        CorrectiveAction("ca", "f", [opened, ActionEvent(K.CLOSED, date(2025, 12, 1))])
    with pytest.raises(DataError, match=r"events\[1\]\.due: does not extend"):
        CorrectiveAction(
            "ca", "f", [opened, ActionEvent(K.EXTENDED, date(2026, 1, 5), due=date(2026, 1, 20))]
        )
    with pytest.raises(DataError, match="needs a due date"):
        ActionEvent(K.EXTENDED, date(2026, 1, 5))
    with pytest.raises(DataError, match="takes no due date"):
        ActionEvent(K.CLOSED, date(2026, 1, 5), due=date(2026, 2, 1))
    action = CorrectiveAction(
        "ca",
        "f",
        [
            opened,
            ActionEvent(K.CLOSED, date(2026, 1, 20)),
            ActionEvent(K.REOPENED, date(2026, 3, 1)),
            ActionEvent(K.DUE_SET, date(2026, 3, 1), due=date(2026, 4, 1)),
            ActionEvent(K.CLOSED, date(2026, 3, 20)),
            ActionEvent(K.VERIFIED, date(2026, 4, 2)),
        ],
    )
    assert action.status_on(date(2025, 12, 31)) is ActionStatus.NONE
    assert action.status_on(date(2026, 1, 20)) is ActionStatus.CLOSED
    assert action.overdue(date(2026, 1, 19)) is False
    assert action.status_on(date(2026, 3, 2)) is ActionStatus.OPEN
    assert action.due_on(date(2026, 3, 2)) == date(2026, 4, 1)
    assert action.status_on(date(2026, 5, 1)) is ActionStatus.VERIFIED


def test_book_checks() -> None:
    action = CorrectiveAction("ca", "f-1", [ActionEvent(K.OPENED, date(2026, 1, 1))])
    with pytest.raises(DataError, match=r"actions\[ca\]\.finding: no such finding"):
        ComplianceBook(actions=[action])
    a = Assessment("x", "acme", MSC, date(2026, 2, 1), AssessmentKind.SELF_ASSESSMENT, [])
    with pytest.raises(DataError, match=r"assessments\[x\]: duplicate id"):
        ComplianceBook([a, a])


@settings(max_examples=60, deadline=None)
@given(strategies.compliance_books())
def test_books_round_trip_json(book: ComplianceBook) -> None:
    assert ctpat.from_json(ctpat.to_json(book), ComplianceBook) == book


@settings(max_examples=40, deadline=None)
@given(strategies.requirement_sets())
def test_requirement_sets_round_trip_json(found: RequirementSet) -> None:
    assert ctpat.from_json(ctpat.to_json(found), RequirementSet) == found


@settings(max_examples=60, deadline=None)
@given(strategies.corrective_actions())
def test_action_status_follows_the_table(action: CorrectiveAction) -> None:
    if action.events:
        last = action.events[-1]
        assert action.status_on(last.on) is not ActionStatus.NONE


# -- gaps, readiness, duties ------------------------------------------------------------------

ON = date(2026, 3, 1)


def _importer_book(
    *changes: Answer, on: date = date(2026, 2, 15), extra: tuple[object, ...] = ()
) -> ComplianceBook:
    """A self-assessment of acme, a U.S. importer, with every requirement met
    on 2026-02-10 except the answers given."""
    answers = {r.id: Answer(r.id, Compliance.MET, date(2026, 2, 10), ("SP-001",))
               for r in REG.requirements("CTPAT", role=Role.IMPORTER)}  # fmt: skip
    for change in changes:
        answers[change.requirement] = change
    assessment = Assessment(
        "sa-2026", "acme", MSC, on, AssessmentKind.SELF_ASSESSMENT, tuple(answers.values()),
        role=Role.IMPORTER, assessor="Compliance team",
    )  # fmt: skip
    return ComplianceBook([assessment])


def _ready(book: ComplianceBook, on: date = ON) -> ctpat.readiness.Readiness:
    return REG.readiness(book, "acme", program="CTPAT", role=Role.IMPORTER, on=on)


def test_everything_met_is_ready() -> None:
    ready = _ready(_importer_book())
    assert ready.ok
    assert ready.codes() == (ReasonCode.REQUIREMENTS_MET,)
    assert ready.data_version == REG.criteria.data_version
    assert ready.explain().startswith("Ready for CTPAT review: acme on 2026-03-01")


def test_unmet_must_decides() -> None:
    book = _importer_book(Answer("3.1", Compliance.NOT_MET, date(2026, 2, 10)))
    ready = _ready(book)
    assert not ready
    assert ready.deciding.code is ReasonCode.MUST_UNMET
    assert ready.deciding.message.startswith(f"{MSC} 3.1 (must, Business Partners) is not met")


def test_unmet_should_informs_only() -> None:
    book = _importer_book(Answer("1.1", Compliance.NOT_MET, date(2026, 2, 10)))
    ready = _ready(book)
    assert ready.ok
    assert ready.codes() == (ReasonCode.REQUIREMENTS_MET, ReasonCode.SHOULD_UNMET)
    assert ReasonCode.SHOULD_UNMET.is_informational


def test_risk_assessment_reviewed_over_a_year_ago_is_not_ready() -> None:
    book = _importer_book(Answer("2.3", Compliance.MET, date(2025, 2, 20)))
    assert _ready(book, date(2026, 2, 19)).ok
    ready = _ready(book, date(2026, 2, 20))
    assert not ready
    assert ready.deciding.code is ReasonCode.EVIDENCE_STALE
    assert "2.3" in ready.deciding.message
    assert "due 2026-02-20" in ready.deciding.message


def test_not_applicable_with_note_is_no_gap_and_not_assessed_is() -> None:
    book = _importer_book(
        Answer("5.3", Compliance.NOT_APPLICABLE, note="acme runs no conveyances"),
        Answer("6.1", Compliance.NOT_ASSESSED),
    )
    report = REG.gaps(book, "acme", program="CTPAT", role=Role.IMPORTER, on=ON)
    assert report.not_applicable == ((f"{MSC}:5.3", "acme runs no conveyances"),)
    assert [(g.requirement, g.code) for g in report.gaps] == [
        (f"{MSC}:6.1", ReasonCode.NOT_ASSESSED)
    ]
    assert _ready(book).deciding.code is ReasonCode.NOT_ASSESSED


def test_gap_order_musts_then_shoulds_then_not_assessed_then_stale() -> None:
    book = _importer_book(
        Answer("2.3", Compliance.MET, date(2024, 1, 1)),
        Answer("6.1", Compliance.NOT_ASSESSED),
        Answer("1.2", Compliance.NOT_MET),
        Answer("4.1", Compliance.NOT_MET),
    )
    report = REG.gaps(book, "acme", program="CTPAT", role=Role.IMPORTER, on=ON)
    assert [g.requirement.split(":")[1] for g in report.gaps] == ["4.1", "1.2", "6.1", "2.3"]
    assert [g.requirement.split(":")[1] for g in report.musts()] == ["4.1", "6.1", "2.3"]


def test_no_assessment_at_all_is_not_ready() -> None:
    ready = _ready(ComplianceBook())
    assert not ready
    assert ready.deciding.code is ReasonCode.NOT_ASSESSED
    assert ready.codes().count(ReasonCode.NOT_ASSESSED) == 60  # the musts decide
    assert ready.codes().count(ReasonCode.SHOULD_UNMET) == 34  # the shoulds inform


def test_a_later_not_assessed_does_not_hide_an_earlier_answer() -> None:
    book = _importer_book()
    later = Assessment(
        "q2", "acme", MSC, date(2026, 2, 20), AssessmentKind.INTERNAL_AUDIT,
        [Answer("3.1", Compliance.NOT_ASSESSED), Answer("3.4", Compliance.NOT_MET, date(2026, 2, 18))],
    )  # fmt: skip
    ready = _ready(book.extend([later]))
    assert ready.codes()[0] is ReasonCode.MUST_UNMET
    assert "3.4" in ready.deciding.message
    assert len(ready.reasons) == 1
    assert _ready(book.extend([later]), date(2026, 2, 19)).ok  # before the audit


def _with_required_action(book: ComplianceBook, *events: ActionEvent) -> ComplianceBook:
    finding = ComplianceFinding(
        "f-1",
        "acme",
        f"{MSC}:7.23",
        Severity.REQUIRED_ACTION,
        date(2026, 1, 10),
        raised_by="val-2026",
    )
    actions = [CorrectiveAction("ca-1", "f-1", events, owner="Security manager")] if events else []
    return book.extend(findings=[finding], actions=actions)


def test_overdue_corrective_action_shows_in_readiness_and_the_calendar() -> None:
    book = _with_required_action(
        _importer_book(), ActionEvent(K.OPENED, date(2026, 1, 10), due=date(2026, 2, 28))
    )
    assert _ready(book, date(2026, 2, 28)).ok
    ready = _ready(book)
    assert not ready
    assert ready.deciding.code is ReasonCode.ACTION_OVERDUE
    assert "f-1" in ready.deciding.message
    assert "ca-1" in ready.deciding.message
    duties = REG.duties(book, on=ON, within=relativedelta(months=1))
    assert (duties[0].name, duties[0].due, duties[0].overdue, duties[0].reference, duties[0].holder) == (
        "corrective-action", date(2026, 2, 28), True, "ca-1", "acme",
    )  # fmt: skip
    from ctpat.readiness import overdue_actions

    assert overdue_actions(book, on=ON) == (duties[0],)
    assert overdue_actions(book, on=ON, subject="other") == ()


def test_closed_action_or_recommendation_does_not_block() -> None:
    closed = _with_required_action(
        _importer_book(),
        ActionEvent(K.OPENED, date(2026, 1, 10), due=date(2026, 2, 1)),
        ActionEvent(K.CLOSED, date(2026, 2, 20)),
    )
    assert _ready(closed).ok
    assert REG.duties(closed, on=ON, within=relativedelta(days=1)) == ()
    finding = ComplianceFinding(
        "f-2",
        "acme",
        f"{MSC}:1.1",
        Severity.RECOMMENDATION,
        date(2026, 1, 1),
        due=date(2026, 2, 1),
    )
    assert _ready(_importer_book().extend(findings=[finding])).ok


def test_required_action_without_corrective_action_past_due() -> None:
    finding = ComplianceFinding(
        "f-3",
        "acme",
        f"{MSC}:4.1",
        Severity.REQUIRED_ACTION,
        date(2026, 1, 1),
        due=date(2026, 2, 1),
    )
    ready = _ready(_importer_book().extend(findings=[finding]))
    assert ready.deciding.code is ReasonCode.ACTION_OVERDUE
    assert "no corrective action is recorded" in ready.deciding.message


def test_recurring_duties_in_the_calendar() -> None:
    book = _importer_book(Answer("2.3", Compliance.MET, date(2025, 6, 30)))
    duties = REG.duties(book, on=ON, within=relativedelta(months=6))
    reviews = [(d.reference, d.due, d.overdue) for d in duties if d.name == "requirement-review"]
    # 4.6 and 6.1, checked 2026-02-10, fall due after the period.
    assert reviews == [(f"{MSC}:2.3", date(2026, 6, 30), False)]
    longer = REG.duties(book, on=ON, within=relativedelta(years=1))
    assert [(d.name, d.reference.split(":")[1]) for d in longer if d.reference] == [
        ("requirement-review", "2.3"),
        ("requirement-review", "4.6"),
        ("requirement-review", "6.1"),
        ("retention-end", "5.7"),  # its records are kept a year from the check
    ]
    late = REG.duties(book, on=date(2026, 7, 15), within=relativedelta(days=0))
    assert [(d.reference, d.overdue) for d in late] == [(f"{MSC}:2.3", True)]


def test_retention_end_is_a_duty() -> None:
    kept = Requirement(
        "5.7",
        "5",
        Obligation.MUST,
        "Keep the records a year.",
        SRC,
        retention=relativedelta(years=1),
    )
    s = RequirementSet("X", "CTPAT", "X", "1", [Category("5", "Five")], [kept], SRC)
    criteria = Criteria(REG.catalog, [s], data_version="2026-01-01")
    a = Assessment(
        "a",
        "acme",
        "X",
        date(2026, 1, 5),
        AssessmentKind.INTERNAL_AUDIT,
        [Answer("5.7", Compliance.MET)],
    )
    from ctpat.calendar import duties_within

    found = duties_within(
        criteria, ComplianceBook([a]), on=date(2026, 6, 1), within=relativedelta(years=1)
    )
    assert [(d.name, d.due) for d in found] == [("retention-end", date(2027, 1, 5))]


def test_gaps_never_change_a_certification() -> None:
    registry = REG.with_partners(
        ctpat.PartnerData(
            participants=[ctpat.Participant("acme", "Acme Imports", "US")],
            certifications=[ctpat.Certification.grant("CTPAT", "acme", on=date(2024, 3, 1))],
        )
    )
    book = _importer_book(Answer("3.1", Compliance.NOT_MET, date(2026, 2, 10)))
    assert not registry.readiness(book, "acme", program="CTPAT", role=Role.IMPORTER, on=ON)
    assert (
        registry.standing(registry.certifications_of("acme")[0], on=ON).status
        is ctpat.Status.CERTIFIED
    )


def test_bad_date_is_named() -> None:
    with pytest.raises(DataError, match=r"^on: "):
        REG.gaps(ComplianceBook(), "acme", program="CTPAT", on="2026-01-01")  # type: ignore[arg-type]


def test_nothing_reads_the_clock_or_the_environment() -> None:
    """The library modules of the criteria take every date as an argument."""
    import inspect

    from ctpat import assessments, criteria, readiness, requirements
    from ctpat.io import _assessments

    for module in (requirements, assessments, criteria, readiness, _assessments):
        source = inspect.getsource(module)
        for forbidden in ("today(", "now(", "time.time", "os.environ", "getenv"):
            assert forbidden not in source, (module.__name__, forbidden)
