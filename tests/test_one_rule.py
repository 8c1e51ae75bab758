"""Each small rule written once (issue 26, finding 8): the shared readers and counters."""

from __future__ import annotations

import argparse
import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from ctpat import _dates
from ctpat.cli import _options
from ctpat.errors import DataError
from ctpat.evidence import OfficialService
from ctpat.online import _parse
from ctpat.online.errors import MalformedAnswer

D = dt.date

SPELLINGS = [
    "2024-02-29",
    "2023-02-29",
    "20240229",
    "2024-2-29",
    "2024-W09-4",
    " 2024-02-29",
    "２０２４-02-29",
    "",
]


@pytest.mark.parametrize("text", SPELLINGS)
def test_every_reader_reads_a_date_as_the_one_parser_does(text: str) -> None:
    expected = _dates.iso_or_none(text)
    try:
        cli: dt.date | None = _options.date(text)
    except argparse.ArgumentTypeError:
        cli = None
    assert cli == expected
    try:
        online = _parse._date(OfficialService.EU_AEO, "on", text)
    except MalformedAnswer:
        online = None
    assert online == expected
    if expected is None:
        with pytest.raises(DataError):
            _dates.from_iso(text)
    else:
        assert _dates.from_iso(text) == expected


def test_the_services_day_first_dates_go_through_the_same_parser() -> None:
    service = OfficialService.EU_AEO
    assert _parse._date(service, "on", "29/02/2024") == D(2024, 2, 29)
    with pytest.raises(MalformedAnswer):
        _parse._date(service, "on", "29/02/2023")


@given(
    start=st.dates(min_value=D(1990, 1, 1), max_value=D(2040, 12, 31)),
    months=st.integers(min_value=1, max_value=36),
    days=st.integers(min_value=0, max_value=400),
    span=st.integers(min_value=-400, max_value=9000),
)
def test_steps_by_counts_the_anniversaries_on_or_before_a_day(
    start: dt.date, months: int, days: int, span: int
) -> None:
    every = relativedelta(months=months, days=days)
    on = start + dt.timedelta(days=span)
    naive = 0
    while start + every * (naive + 1) <= on:
        naive += 1
    assert _dates.steps_by(start, every, on) == naive


def test_a_steps_count_ends_at_the_end_of_the_calendar() -> None:
    assert _dates.steps_by(D(9990, 1, 1), relativedelta(years=5), D.max) == 1
