"""The HTML report (``ctpat.report``): its figures, its escaping, its inputs, the CLI."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import subprocess
import sys
from collections import Counter
from html import escape as html_escape
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

pytest.importorskip(
    "jinja2", reason="the report extra is not installed: pip install 'ctpat[report]'"
)

import itertools

import ctpat
from ctpat import Certification, Deadline, Participant, ReasonCode, Registry
from ctpat.cli import main
from ctpat.errors import DataError
from ctpat.report import InputFile, calendar_html, vetting_html
from ctpat.strategies import partner_data
from ctpat.vetting import Outcome, VettingReport
from report_page import Page, read

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
needs_examples = pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/ not beside tests")
DAY = dt.date(2026, 1, 15)
HOSTILE = "<script>alert(1)</script>"


def example() -> tuple[Registry, VettingReport]:
    registry = ctpat.reference().with_partners(ctpat.io.load(EXAMPLES / "partners.csv"))
    return registry, registry.vet(by="CTPAT", on=DAY)


def deciding(report_entry_reasons: tuple[ctpat.Reason, ...]) -> ctpat.Reason:
    """The spec: the first reason that decides (not valid, not informational)."""
    return next(
        r
        for r in report_entry_reasons
        if r.code is not ReasonCode.VALID and not r.code.is_informational
    )


def assert_figures_match(page: Page, report: VettingReport) -> None:
    counts = Counter(entry.outcome for entry in report.entries)
    lists = {
        Outcome.PASSED: report.passed,
        Outcome.FAILED: report.failed,
        Outcome.UNVERIFIED: report.unverified,
    }
    for outcome in Outcome:
        assert page.count(outcome.value) == counts[outcome] == len(lists[outcome])
        expected = counts[outcome] / len(report) if len(report) else 0.0
        assert float(page.values[f"share-{outcome.value}"]) == pytest.approx(expected, abs=5e-5)
    assert report.summary() in " ".join(page.text)
    by_country: dict[str, Counter[str]] = {}
    by_program: dict[str, Counter[str]] = {}
    for entry in report.entries:
        cert = entry.verdict.certification
        by_country.setdefault(entry.participant.country, Counter())[entry.outcome.value] += 1
        program = cert.program if cert is not None else "none on record"
        by_program.setdefault(program, Counter())[entry.outcome.value] += 1
    for table, expected_groups in (("by-country", by_country), ("by-program", by_program)):
        shown = page.groups.get(table, {})
        assert set(shown) == set(expected_groups)
        for label, outcomes in expected_groups.items():
            assert shown[label] == {o.value: outcomes[o.value] for o in Outcome}
    assert page.rows_of("not-passed") == counts[Outcome.FAILED] + counts[Outcome.UNVERIFIED]


@needs_examples
def test_the_example_reports_figures_equal_the_vetting_reports() -> None:
    registry, report = example()
    calendar = registry.calendar(on=DAY, within=relativedelta(days=90))
    source = InputFile.of(EXAMPLES / "partners.csv")
    page = read(vetting_html(report, source=source, calendar=calendar))
    assert_figures_match(page, report)
    assert (page.count("passed"), page.count("failed"), page.count("unverified")) == (6, 2, 1)
    # The example list records no review dates: past reviews are unknown, not overdue.
    assert page.count("overdue") == sum(d.overdue for d in calendar) == 3
    assert page.count("coming") == sum(not d.overdue for d in calendar)
    assert page.rows_of("overdue") == 3
    text = " ".join(page.text)
    # The question, the data version and the input's fingerprint, for a rerun.
    assert "CTPAT" in text
    assert "2026-01-15" in text
    assert report.data_version in text
    digest = hashlib.sha256((EXAMPLES / "partners.csv").read_bytes()).hexdigest()
    assert page.values["input-rows"] == "9"
    assert digest in text
    assert "partners.csv" in text
    assert f"ctpat {ctpat.__version__}" in text


@needs_examples
def test_a_failure_shows_its_deciding_reason_first_and_passes_their_conditions() -> None:
    _, report = example()
    page = read(vetting_html(report))
    rows = {row[0]: row for row in page.cells["not-passed-table"]}
    for entry in report.entries:
        if entry.outcome is Outcome.PASSED:
            continue
        row = rows[f"{entry.participant.name} {entry.participant.id}"]
        reason = deciding(entry.verdict.reasons)
        assert row[3].startswith(f"{reason.code.value} {reason.message}")
    # Failures first, then the unverified.
    outcomes = [row[2] for row in page.cells["not-passed-table"]]
    assert outcomes == sorted(outcomes, key=lambda o: o == "unverified")
    # Every condition of a pass is listed, once a pass and counted by arrangement.
    conditions = Counter(
        (r.arrangement, r.message)
        for e in report.entries
        if e.outcome is Outcome.PASSED
        for r in e.verdict.reasons
        if r.code is ReasonCode.CONDITION
    )
    shown = {(row[1], row[2]): int(row[3]) for row in page.cells["conditions-table"]}
    assert shown == {(a or "—", m): n for (a, m), n in conditions.items()}
    # ... and each pass names its conditions by number, and lists its overdue deadlines.
    text_of = {row[0]: row[2] for row in page.cells["conditions-table"]}
    confirm = {row[0]: row[3] for row in page.cells["to-confirm-table"]}
    for e in report.entries:
        if e.outcome is not Outcome.PASSED:
            continue
        own = [r for r in e.verdict.reasons if r.code is ReasonCode.CONDITION]
        late = [r for r in e.verdict.reasons if r.code is ReasonCode.DEADLINE_OVERDUE]
        key = f"{e.participant.name} {e.participant.id}"
        if not own and not late:
            assert key not in confirm
            continue
        cell = confirm[key]
        named = [n for n in text_of if n in cell.replace(",", " ").split()]
        assert sorted(text_of[n] for n in named) == sorted(r.message for r in own)
        assert all(r.message in cell for r in late)
    # The arrangements relied on, with their sources.
    relied = {
        r.arrangement
        for e in report.entries
        for r in e.verdict.reasons
        if r.code is ReasonCode.ARRANGEMENT_IN_FORCE
    }
    assert relied == {"US-CA", "US-EU", "US-JP", "US-KR"}
    text = " ".join(page.text)
    for arrangement in ctpat.reference().arrangements:
        if arrangement.id in relied:
            assert arrangement.source.title in text


def test_the_deciding_reason_is_found_wherever_it_stands() -> None:
    valid = ctpat.Reason(ReasonCode.VALID, "certified since 2020-01-01")
    condition = ctpat.Reason(ReasonCode.CONDITION, "a condition", "US-EU")
    refused = ctpat.Reason(ReasonCode.LEVEL_NOT_COVERED, "level not covered", "US-EU")
    for order in ((valid, condition, refused), (refused, valid, condition)):
        assert ctpat.Verdict(False, DAY, order, "v").deciding is refused
    assert ctpat.Verdict(True, DAY, (valid,), "v").deciding is valid
    assert ctpat.Verdict(False, DAY, (), "v").deciding is None


@settings(max_examples=25)
@given(
    data=partner_data(max_participants=12), on=st.dates(dt.date(2005, 1, 1), dt.date(2035, 1, 1))
)
def test_figures_equal_the_reports_for_any_partner_data(
    data: ctpat.PartnerData, on: dt.date
) -> None:
    registry = ctpat.reference().with_partners(data)
    for report in (registry.vet(by="CTPAT", on=on), registry.vet(by="EU-AEO", on=on)):
        page = read(
            vetting_html(report, calendar=registry.calendar(on=on, within=relativedelta(years=1)))
        )
        assert_figures_match(page, report)
        # Names from files nobody checked never become markup.
        assert page.tags["script"] == 0


def hostile_registry() -> Registry:
    return ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[
                Participant("evil", HOSTILE, "US"),
                Participant(
                    'x"><img src=x onerror=alert(2)>',
                    "Ordinary & Sons <marquee>Ltd</marquee>",
                    "DE",
                ),
                Participant("kyoto", "京都精密工業株式会社", "JP"),
                Participant("dubai", "شركة الخليج للتجارة", "AE"),
            ],
            certifications=[
                Certification.grant("CTPAT", "evil", on=dt.date(2024, 1, 10), reference=HOSTILE),
                Certification.grant(
                    "CH-AEO", 'x"><img src=x onerror=alert(2)>', on=dt.date(2020, 1, 1)
                ),
            ],
        )
    )


def test_a_hostile_partner_name_is_shown_as_text() -> None:
    registry = hostile_registry()
    report = registry.vet(by="CTPAT", on=DAY)
    calendar = registry.calendar(on=DAY, within=relativedelta(years=1))
    for html in (
        vetting_html(report, calendar=calendar),
        calendar_html(
            calendar,
            on=DAY,
            within=relativedelta(years=1),
            data_version=report.data_version,
            participants=registry.participants.values(),
        ),
    ):
        assert HOSTILE not in html
        assert "<img" not in html
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        page = read(html)
        assert page.tags["script"] == 0
        assert page.tags["img"] == 0
        assert page.tags["marquee"] == 0
        assert HOSTILE in "".join(page.text)
    page = read(vetting_html(report))
    text = "".join(page.text)
    assert "Ordinary & Sons <marquee>Ltd</marquee>" in text
    assert "京都精密工業株式会社" in text
    assert "شركة الخليج للتجارة" in text


def test_every_field_of_every_long_table_row_is_escaped() -> None:
    from ctpat.report import _figures, _rows

    h = HOSTILE
    rows = [
        _rows.not_passed(_figures.NotPassed(h, h, h, h, h, h, (h, h), h, h)),
        _rows.to_confirm(_figures.ToConfirm(h, h, h, h, h, (1, 2), (h,))),
        _rows.deadline(_figures.DeadlineRow(DAY, True, h, h, h, h, h, h)),
    ]
    for row in rows:
        page = read(f"<table><tbody>{row}</tbody></table>")
        assert page.tags["script"] == 0
        assert HOSTILE in "".join(page.text)
        assert "<script" not in row


def test_the_page_is_self_contained_and_forbids_scripts_and_loads() -> None:
    registry = hostile_registry()
    html = vetting_html(registry.vet(by="CTPAT", on=DAY))
    assert '<meta charset="utf-8">' in html
    assert "default-src 'none'" in html
    assert "script-src" not in html
    for remote in ("http://", "https://", "//fonts", "@import", "url("):
        # The only addresses are the sources' links, which a reader may follow.
        assert all(
            'href="' + remote in line or remote not in line for line in html.splitlines()
        ), remote
    assert html.count("<style>") == 1
    assert "<link" not in html


def test_long_tables_show_each_deciding_reason_with_its_first_rows() -> None:
    from ctpat.report import _render

    n = _render.WHOLE + 1
    people = [Participant(f"p{i}", f"Partner {i}", "VN") for i in range(n)]
    # A third hold a Swiss AEO (no arrangement with CTPAT: failed), the rest nothing.
    swiss = [Certification.grant("CH-AEO", p.id, on=dt.date(2015, 1, 1)) for p in people[::3]]
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(participants=people, certifications=swiss)
    )
    report = registry.vet(by="CTPAT", on=DAY)
    html = vetting_html(report)
    page = read(html)
    failed, unverified = len(swiss), n - len(swiss)
    assert (page.count("failed"), page.count("unverified")) == (failed, unverified)
    # One group a deciding reason, failures first, each with its first rows.
    assert page.rows["not-passed-table"] == _render.SHOWN
    assert page.rows["not-passed-table-2"] == _render.SHOWN
    assert page.rows_of("not-passed") == 2 * _render.SHOWN
    assert {row[2] for row in page.cells["not-passed-table"]} == {"failed"}
    assert {row[2] for row in page.cells["not-passed-table-2"]} == {"unverified"}
    text = " ".join(page.text)
    assert f"unverified: no-certification: {unverified:,} partners, the first 25 shown" in text
    assert f"failed: no-arrangement: {failed:,} partners" in text
    assert f"{n - 2 * _render.SHOWN:,} more partners are not shown on this page" in text
    assert "ctpat vet FILE --format csv" in text
    few = (
        ctpat.reference()
        .with_partners(ctpat.PartnerData(participants=people[:10]))
        .vet(by="CTPAT", on=DAY)
    )
    short = read(vetting_html(few))
    assert short.rows["not-passed-table"] == 10
    assert short.tags["details"] == 2  # the two figure tables only: no group


def test_a_certifications_own_conditions_are_in_its_row_and_group_by_kind() -> None:
    # A renewal taken from a sheet's statement is a condition that names its
    # certification: thousands of partners would make thousands of conditions
    # and groups (a 100,000-row export gave a 6.4 MB page) if it were numbered
    # like an arrangement's.
    from ctpat.io import SheetMapping, read_text
    from ctpat.report import _render

    n = _render.WHOLE + 1
    intake = read_text(
        "name,country,program,reference,certified_on,status\n"
        + "".join(f"Co {i},KR,Korea AEO,K{i},2019-03-01,Active\n" for i in range(n)),
        mapping=SheetMapping(status_as_of=dt.date(2026, 1, 10)),
    )
    assert intake.ok, intake.problems
    report = ctpat.reference().with_partners(intake.data).vet(by="CTPAT", on=DAY)
    own = [
        r
        for _, verdict in report
        for r in verdict.reasons
        if r.code is ReasonCode.CONDITION and r.arrangement is None
    ]
    assert len(own) == n
    assert len({r.message for r in own}) == n
    html = vetting_html(report)
    page = read(html)
    # The conditions table numbers the arrangement's conditions only.
    assert all(message.split(":")[0] == "US-KR" for message in _conditions(page))
    assert page.tags["details"] == 2 + 1  # the two figure tables and one group
    assert f"US-KR · conditions C1 · 1 own condition: {n:,} partners" in " ".join(page.text)
    assert page.rows["to-confirm-table"] == _render.SHOWN
    assert html_escape(own[0].message) in html  # shown in its row
    assert len(html) < 100_000


def _conditions(page: Page) -> list[str]:
    return [f"{row[1]}: {row[2]}" for row in page.cells["conditions-table"]]


def test_an_empty_report_and_no_calendar() -> None:
    report = ctpat.reference().vet(by="CTPAT", on=DAY)
    page = read(vetting_html(report))
    assert page.count("passed") == 0
    assert page.values["share-passed"] == "0.0000"
    assert "No calendar was given with this report." in " ".join(page.text)
    page = read(vetting_html(report, calendar=()))
    assert "No calendar was given with this report." not in " ".join(page.text)
    assert page.count("overdue") == page.count("coming") == 0


@needs_examples
def test_arrangements_not_in_the_given_reference_data_are_named_so() -> None:
    _, report = example()
    page = read(vetting_html(report, arrangements=()))
    assert "not in the reference data given" in " ".join(page.text)


def test_calendar_page() -> None:
    deadlines = [
        Deadline("annual-review", dt.date(2025, 4, 8), True, program="CTPAT", holder="acme"),
        Deadline("expiry", dt.date(2026, 2, 13), False, program="KR-AEO", holder="seoul"),
        Deadline("annual-review", dt.date(2026, 3, 30), False, program="CA-PIP", holder="maple"),
    ]
    html = calendar_html(
        deadlines,
        on=DAY,
        within=relativedelta(months=6),
        data_version="2026-12-02",
        source=InputFile.from_bytes("partners.csv", b"x", rows=3),
        participants=[Participant("acme", "Acme Imports Inc.", "US")],
    )
    page = read(html)
    assert (page.count("overdue"), page.count("coming"), page.count("expiry")) == (1, 2, 1)
    assert page.rows_of("overdue") == 1
    assert page.rows_of("coming") == 2
    text = " ".join(page.text)
    assert "Acme Imports Inc." in text
    assert "2026-07-15" in text
    with pytest.raises(DataError, match="within"):
        calendar_html(deadlines, on=DAY, within=dt.timedelta(0), data_version="v")
    with pytest.raises(DataError, match="on"):
        calendar_html(deadlines, on="2026-01-15", within=dt.timedelta(1), data_version="v")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="data_version"):
        calendar_html(deadlines, on=DAY, within=dt.timedelta(1), data_version="")
    with pytest.raises(DataError, match=r"calendar\[0\]"):
        calendar_html(["x"], on=DAY, within=dt.timedelta(1), data_version="v")  # type: ignore[list-item]


def test_many_countries_share_an_others_bar_and_the_table_lists_each() -> None:
    countries = ["US", "CA", "MX", "DE", "NL", "FR", "IT", "ES", "PL", "CN", "JP", "KR", "IN"]
    countries += ["GB", "BR", "AU"]
    people = [Participant(f"p{i}", f"Partner {i}", c) for i, c in enumerate(countries)]
    report = (
        ctpat.reference()
        .with_partners(ctpat.PartnerData(participants=people))
        .vet(by="CTPAT", on=DAY)
    )
    html = vetting_html(report)
    assert "4 others" in html
    assert_figures_match(read(html), report)


def test_a_deadline_past_within_still_shows_on_the_timeline() -> None:
    late = Deadline("annual-review", dt.date(2026, 9, 1), False, program="CTPAT", holder="a")
    html = calendar_html([late], on=DAY, within=dt.timedelta(days=30), data_version="2026-12-02")
    assert "due from 2026-01-15 to 2026-09-01" in html
    assert "1 in the month from 2026-09-01" in html
    early = Deadline("annual-review", dt.date(2026, 1, 1), False, program="CTPAT", holder="a")
    html = calendar_html([early], on=DAY, within=dt.timedelta(days=30), data_version="2026-12-02")
    assert "1 in the week from 2026-01-15" in html


def test_the_timeline_counts_per_week_or_month() -> None:
    from ctpat.report._svg import bins

    weeks = bins(DAY, DAY + dt.timedelta(days=90))
    assert weeks[0] == (DAY, DAY + dt.timedelta(days=6))
    assert len(weeks) == 13
    months = bins(DAY, dt.date(2026, 12, 31))
    assert months[0] == (DAY, dt.date(2026, 1, 31))
    assert months[-1][1] == dt.date(2026, 12, 31)
    assert all(b[0] == a[1] + dt.timedelta(days=1) for a, b in itertools.pairwise(months))


def test_vetting_html_rejects_what_is_not_a_report() -> None:
    with pytest.raises(DataError, match="report"):
        vetting_html("report")  # type: ignore[arg-type]
    report = ctpat.reference().vet(by="CTPAT", on=DAY)
    with pytest.raises(DataError, match="source"):
        vetting_html(report, source="partners.csv")  # type: ignore[arg-type]
    with pytest.raises(DataError, match="within"):
        vetting_html(report, within=dt.timedelta(days=-1))


# -- the input's fingerprint -------------------------------------------------------------


def test_input_file_counts_rows_and_hashes_bytes(tmp_path: Path) -> None:
    csv_file = tmp_path / "partners.csv"
    data = b'id,name,country\r\na,"Two\nlines",US\r\n\r\nb,B,DE\r\n'
    csv_file.write_bytes(data)
    fingerprint = InputFile.of(csv_file)
    assert fingerprint == InputFile("partners.csv", 2, hashlib.sha256(data).hexdigest())
    json_file = tmp_path / "partners.json"
    json_file.write_text('{"participants": [{}, {}], "certifications": [{}]}', encoding="utf-8")
    assert InputFile.of(json_file).rows == 3
    assert InputFile.of(json_file, rows=7).rows == 7
    other = tmp_path / "partners.xlsx"
    other.write_bytes(b"PK")
    with pytest.raises(DataError, match="give rows"):
        InputFile.of(other)
    assert InputFile.of(other, rows=4).rows == 4


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("bad.csv", b"\xff\xfe", "not UTF-8"),
        ("bad.json", b"{", "not a JSON document"),
        ("bad.json", b"[]", "not a partner file"),
    ],
)
def test_input_file_names_what_it_cannot_count(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DataError, match=message) as caught:
        InputFile.of(path)
    assert caught.value.problems[0].path == name


def test_input_file_rejects_bad_values(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="cannot read"):
        InputFile.of(tmp_path / "missing.csv")
    with pytest.raises(DataError, match="sha256"):
        InputFile("a.csv", 1, "ABC")
    with pytest.raises(DataError, match="rows"):
        InputFile("a.csv", True, "0" * 64)
    with pytest.raises(DataError, match="name"):
        InputFile(" ", 1, "0" * 64)
    with pytest.raises(DataError, match="bytes"):
        InputFile.from_bytes("a.csv", "text", 1)  # type: ignore[arg-type]


# -- the command line and the core's independence ---------------------------------------


@needs_examples
def test_cli_writes_the_report(tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    out = io.StringIO()
    argv = ["vet", str(EXAMPLES / "partners.csv"), "--by", "CTPAT", "--on", "2026-01-15"]
    assert main([*argv, "--report", str(target)], stdout=out) == 1
    assert "6 passed, 2 failed, 1 unverified" in out.getvalue()  # the table as before
    page = read(target.read_text(encoding="utf-8"))
    _, report = example()
    assert_figures_match(page, report)
    assert page.values["input-rows"] == "9"
    assert page.count("overdue") == 3  # no review column: past reviews are unknown
    out = io.StringIO()
    assert main([*argv, "--format", "html", "--exit-zero"], stdout=out) == 0
    assert out.getvalue().startswith("<!DOCTYPE html>")
    assert_figures_match(read(out.getvalue()), report)
    calendar_file = tmp_path / "calendar.html"
    argv = ["calendar", str(EXAMPLES / "partners.csv"), "--on", "2026-01-15", "--within", "6m"]
    assert main([*argv, "--report", str(calendar_file)], stdout=io.StringIO()) == 1  # overdue
    page = read(calendar_file.read_text(encoding="utf-8"))
    assert page.count("overdue") == 3
    assert page.count("coming") == 2  # Seoul's KR-AEO runs five years, to 2028


@needs_examples
def test_cli_report_errors_are_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    argv = ["vet", str(EXAMPLES / "partners.csv"), "--by", "CTPAT", "--on", "2026-01-15"]
    assert main([*argv, "--report", str(tmp_path / "no" / "r.html")], stdout=io.StringIO()) == 2
    assert "--report" in capsys.readouterr().err
    monkeypatch.setitem(sys.modules, "jinja2", None)  # import jinja2 now fails
    monkeypatch.delitem(sys.modules, "ctpat.report._render")
    monkeypatch.delitem(sys.modules, "ctpat.report")
    assert main([*argv, "--format", "html"], stdout=io.StringIO()) == 2
    assert "pip install 'ctpat[report]'" in capsys.readouterr().err


def test_cli_fingerprints_other_formats_by_the_records_loaded(tmp_path: Path) -> None:
    from ctpat.cli._report import fingerprint as _fingerprint

    registry = hostile_registry()
    path = tmp_path / "partners.xlsx"
    path.write_bytes(b"PK")
    assert _fingerprint(path, registry).rows == 4 + 2


def test_import_ctpat_imports_neither_jinja2_nor_the_report() -> None:
    code = (
        "import sys, ctpat\n"
        "ctpat.reference(); ctpat.io, ctpat.fast, ctpat.cbam\n"
        "import ctpat.cli\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in ('jinja2', 'markupsafe')"
        " or m.startswith('ctpat.report')))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


@needs_examples
def test_the_report_and_the_calendar_from_the_core_objects() -> None:
    import datetime as dt

    from dateutil.relativedelta import relativedelta

    import ctpat
    from ctpat.report import calendar_html, vetting_html

    registry = ctpat.reference().with_partners(ctpat.io.load(EXAMPLES / "partners.csv"))
    on = dt.date(2026, 1, 15)
    report = registry.vet(by="CTPAT", on=on)
    assert report.to_html() == vetting_html(report)
    within = relativedelta(months=6)
    assert registry.calendar_html(on=on, within=within) == calendar_html(
        registry.calendar(on=on, within=within),
        on=on,
        within=within,
        data_version=registry.data_version,
        participants=registry.participants.values(),
    )
