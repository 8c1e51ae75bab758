"""Deadlines from validity policies: CTPAT, PIP, FAST, EU AEO, fixed terms."""

from __future__ import annotations

import datetime as dt

import attrs
from dateutil.relativedelta import relativedelta
from hypothesis import given, settings
from hypothesis import strategies as st

import ctpat
from ctpat import Certification, Deadline, Event, EventKind, ValidityPolicy, validity
from ctpat import strategies as S
from ctpat._dates import shift

D = dt.date
Y = relativedelta(years=1)
CTPAT = ValidityPolicy(
    validate_within=Y,
    revalidate_every=relativedelta(years=4),
    review_every=Y,
    review_window=relativedelta(days=90),
)
PIP = ValidityPolicy(revalidate_every=relativedelta(years=4), review_every=Y)
FAST = ValidityPolicy(expires_after=relativedelta(years=5))
EU_AEO = ValidityPolicy()


def _deadlines(
    policy: ValidityPolicy, cert: Certification, *, on: dt.date
) -> tuple[Deadline, ...]:
    """The deadlines :func:`ctpat.validity.deadlines` gives under a program whose
    only rule is ``policy`` (no levels, issuer ends or dates of its own)."""
    program = attrs.evolve(
        ctpat.reference().program("CTPAT"),
        code=cert.program,
        levels=(),
        policy=policy,
        ended_issuers=(),
        started_on=None,
        ended_on=None,
    )
    return validity.deadlines(program, cert, on=on)


def table(
    policy: ValidityPolicy, cert: Certification, on: dt.date
) -> list[tuple[str, dt.date, bool, dt.date | None]]:
    return [(d.name, d.due, d.overdue, d.opens) for d in _deadlines(policy, cert, on=on)]


def test_ctpat_new_partner() -> None:
    cert = Certification.grant("CTPAT", "acme", on=D(2024, 3, 1), level="tier-1")
    assert table(CTPAT, cert, D(2024, 6, 1)) == [
        ("validation", D(2025, 3, 1), False, None),
        ("annual-review", D(2025, 3, 1), False, D(2024, 12, 1)),
    ]


def test_ctpat_validation_overdue_and_review_window_open() -> None:
    cert = Certification.grant("CTPAT", "acme", on=D(2023, 3, 1), level="tier-1")
    cert = cert.record(Event(EventKind.REVIEWED, D(2024, 2, 1)))
    # 2025-01-15: the validation (due 2024-03-01) is overdue; the review for the
    # 2025-03-01 anniversary is due and its window opened on 2024-12-01.
    assert table(CTPAT, cert, D(2025, 1, 15)) == [
        ("validation", D(2024, 3, 1), True, None),
        ("annual-review", D(2025, 3, 1), False, D(2024, 12, 1)),
    ]


def test_ctpat_review_missed_is_overdue() -> None:
    cert = Certification.grant("CTPAT", "acme", on=D(2023, 3, 1))
    cert = cert.record(Event(EventKind.VALIDATED, D(2023, 9, 1)))
    assert table(CTPAT, cert, D(2024, 4, 1)) == [
        ("annual-review", D(2024, 3, 1), True, D(2023, 12, 2)),
        ("annual-review", D(2025, 3, 1), False, D(2024, 12, 1)),
        ("revalidation", D(2027, 9, 1), False, None),
    ]


def test_ctpat_review_done_in_window_moves_to_next_year() -> None:
    cert = Certification.grant("CTPAT", "acme", on=D(2023, 3, 1))
    cert = cert.record(Event(EventKind.VALIDATED, D(2023, 9, 1)))
    cert = cert.record(Event(EventKind.REVIEWED, D(2024, 1, 10)))
    # Reviewed inside the window before the 2024 anniversary.
    assert table(CTPAT, cert, D(2024, 2, 1))[0] == (
        "annual-review",
        D(2025, 3, 1),
        False,
        D(2024, 12, 1),
    )
    assert table(CTPAT, cert, D(2024, 6, 1))[0][1] == D(2025, 3, 1)
    # A review too early (before the window) does not count.
    early = Certification.grant("CTPAT", "b", on=D(2023, 3, 1)).record(
        Event(EventKind.REVIEWED, D(2023, 10, 1))
    )
    review = [row for row in table(CTPAT, early, D(2024, 3, 2)) if row[0] == "annual-review"]
    assert review[0][:3] == ("annual-review", D(2024, 3, 1), True)


def test_ctpat_revalidation_after_last_validation() -> None:
    cert = Certification.grant("CTPAT", "acme", on=D(2015, 1, 5))
    cert = cert.record(Event(EventKind.VALIDATED, D(2015, 11, 1)))
    cert = cert.record(Event(EventKind.REVALIDATED, D(2019, 10, 1)))
    names = {d.name: d for d in _deadlines(CTPAT, cert, on=D(2024, 1, 1))}
    assert names["revalidation"].due == D(2023, 10, 1)
    assert names["revalidation"].overdue
    assert "validation" not in names


def test_pip_revalidation_from_certification() -> None:
    cert = Certification.grant("CA-PIP", "maple", on=D(2020, 6, 1))
    assert table(PIP, cert, D(2021, 1, 1)) == [
        ("annual-review", D(2021, 6, 1), False, None),
        ("revalidation", D(2024, 6, 1), False, None),
    ]


def test_fast_card_expiry_from_policy_or_card() -> None:
    card = Certification.grant("FAST", "d", on=D(2021, 5, 3))
    assert table(FAST, card, D(2022, 1, 1)) == [("expiry", D(2026, 5, 2), False, None)]
    printed = Certification.grant("FAST", "d", on=D(2021, 5, 3), until=D(2026, 7, 31))
    assert table(FAST, printed, D(2022, 1, 1)) == [("expiry", D(2026, 7, 31), False, None)]


def test_eu_aeo_has_no_deadlines() -> None:
    cert = Certification.grant("EU-AEO", "bolt", on=D(2016, 5, 1), level="AEOF")
    assert _deadlines(EU_AEO, cert, on=D(2030, 1, 1)) == ()


def test_no_deadlines_unless_in_force() -> None:
    cert = Certification.grant("CTPAT", "a", on=D(2020, 1, 1)).record(
        Event(EventKind.REVOKED, D(2020, 6, 1))
    )
    assert _deadlines(CTPAT, cert, on=D(2021, 1, 1)) == ()
    assert _deadlines(CTPAT, cert, on=D(2019, 1, 1)) == ()
    suspended = Certification.grant("CTPAT", "a", on=D(2020, 1, 1)).record(
        Event(EventKind.SUSPENDED, D(2020, 6, 1))
    )
    # Suspended: no deadline is listed until it is reinstated (issue 24).
    assert _deadlines(CTPAT, suspended, on=D(2021, 6, 1)) == ()


def test_leap_day_anniversaries_do_not_drift() -> None:
    cert = Certification.grant("CTPAT", "a", on=D(2024, 2, 29))
    dues = [d.due for d in _deadlines(PIP, cert, on=D(2028, 2, 1)) if d.name == "annual-review"]
    assert dues == [D(2027, 2, 28), D(2028, 2, 29)]
    later = [d.due for d in _deadlines(PIP, cert, on=D(2028, 3, 1)) if d.name == "annual-review"]
    assert later == [D(2028, 2, 29), D(2029, 2, 28)]


@given(S.certifications(), S.dates(), S.policies())
def test_deadlines_are_sorted_and_flag_overdue(
    cert: Certification, on: dt.date, policy: ValidityPolicy
) -> None:
    found = _deadlines(policy, cert, on=on)
    assert [d.due for d in found] == sorted(d.due for d in found)
    assert all(d.overdue == (d.due < on) for d in found)
    assert all(d.holder == cert.holder for d in found)


@settings(max_examples=2000)
@given(
    st.dates(),
    st.integers(-30, 30),
    st.integers(-30, 30),
    st.integers(-400, 400),
    st.integers(-12, 12),
)
def test_shift_is_dateutils_arithmetic(
    day: dt.date, years: int, months: int, days: int, times: int
) -> None:
    # The deadline arithmetic gives what ``day + delta * times`` gives, and
    # None where that leaves the calendar.
    delta = relativedelta(years=years, months=months, days=days)
    try:
        expected: dt.date | None = day + delta * times
    except (ValueError, OverflowError):
        expected = None
    assert shift(day, delta, times) == expected


def test_shift_falls_back_for_other_durations() -> None:
    day = dt.date(2024, 1, 31)
    for delta in (
        relativedelta(weekday=0),
        relativedelta(month=2),
        relativedelta(leapdays=1, months=2),
    ):
        assert shift(day, delta) == day + delta
    hours = relativedelta(hours=30)
    assert shift(day, hours) == (day + hours).date()  # type: ignore[attr-defined]
    # A policy's durations are remembered by identity; a new object is a new entry.
    assert shift(day, relativedelta(months=1)) == dt.date(2024, 2, 29)
    assert shift(dt.date.max, hours) is None
    assert shift(dt.date.min, relativedelta(days=-1)) is None
