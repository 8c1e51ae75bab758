"""Date arithmetic that stays inside the calendar (private).

Every deadline, fixed term and window in ctpat is a date plus a
:class:`~dateutil.relativedelta.relativedelta` (times a whole number).
:func:`shift` computes it with dateutil's rules (a month's last day clamps: 31
January plus a month is 28 or 29 February) and answers ``None`` when the result
would fall before :data:`datetime.date.min` or after :data:`datetime.date.max`:
a deadline past the end of the calendar is "none within the calendar", never
an ``OverflowError``.

>>> import datetime as dt
>>> from dateutil.relativedelta import relativedelta
>>> shift(dt.date(2024, 2, 29), relativedelta(years=1), 3)
datetime.date(2027, 2, 28)
>>> shift(dt.date(9999, 6, 1), relativedelta(years=1)) is None
True
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from dateutil.relativedelta import relativedelta

from ctpat.errors import DataError

__all__ = ["ISO_DATE", "ONE_DAY", "from_iso", "iso_or_none", "shift", "steps_by", "whole_steps"]

ONE_DAY = dt.timedelta(days=1)
#: A date as ctpat writes and reads it: ``YYYY-MM-DD``, ISO 8601's extended form.
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def from_iso(text: str) -> dt.date:
    """The date ``text`` gives as ``YYYY-MM-DD``.

    Raises :class:`~ctpat.errors.DataError` for any other form (ISO 8601's
    basic ``20240110`` or week dates, which :meth:`datetime.date.fromisoformat`
    also reads) and for a day the calendar does not have.

    >>> from_iso("2024-02-29")
    datetime.date(2024, 2, 29)
    >>> from_iso("2023-02-29")
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: (root): not a valid date (got '2023-02-29')
    """
    day = iso_or_none(text)
    if day is None:
        if ISO_DATE.fullmatch(text) is None:
            raise DataError.at("", text, "not a date in the form YYYY-MM-DD")
        raise DataError.at("", text, "not a valid date")
    return day


def iso_or_none(text: str) -> dt.date | None:
    """The date ``text`` gives as ``YYYY-MM-DD``, or ``None`` for anything else.

    The one reading of a ``YYYY-MM-DD`` date: :func:`from_iso` raises on
    ``None``, and the file readers, which collect problems rather than stop at
    the first, turn it into a problem of their own. Raises nothing.

    >>> iso_or_none("2024-02-29")
    datetime.date(2024, 2, 29)
    >>> iso_or_none("2023-02-29") is None, iso_or_none("20240229") is None
    (True, True)
    """
    if ISO_DATE.fullmatch(text) is None:
        return None
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


_LAST_DAY = (0, 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ABSOLUTE = ("year", "month", "day", "weekday", "hour", "minute", "second", "microsecond")

# Keyed by the delta's identity, and the delta kept with its answer so that the
# identity cannot be reused by another object while the entry lives.
_STEPS: dict[int, tuple[relativedelta, tuple[int, int] | None]] = {}


def whole_steps(delta: relativedelta) -> tuple[int, int] | None:
    """``(months, days)`` of a duration of whole years, months, weeks and days only.

    ``None`` for anything else (hours, leap days, absolute fields), which
    :func:`shift` then leaves to dateutil.

    >>> whole_steps(relativedelta(years=1, months=2, days=3))
    (14, 3)
    >>> whole_steps(relativedelta(hours=1)) is None
    True
    """
    found = _STEPS.get(id(delta))
    if found is not None and found[0] is delta:
        return found[1]
    plain = not (
        delta.hours
        or delta.minutes
        or delta.seconds
        or delta.microseconds
        or delta.leapdays
        or any(getattr(delta, name) is not None for name in _ABSOLUTE)
    )
    steps = (delta.years * 12 + delta.months, delta.days) if plain else None
    if len(_STEPS) >= 1024:
        _STEPS.clear()
    _STEPS[id(delta)] = (delta, steps)
    return steps


def shift(day: dt.date, delta: relativedelta, times: int = 1) -> dt.date | None:
    """``day + delta * times`` by dateutil's rules, or ``None`` outside the calendar."""
    steps = whole_steps(delta)
    try:
        if steps is None:
            found: dt.date = day + delta * times
            # A delta with hours makes a datetime: its day is the answer.
            return found.date() if isinstance(found, dt.datetime) else found
        months, days = steps
        if months:
            year, month = divmod(day.year * 12 + day.month - 1 + months * times, 12)
            month += 1
            if not dt.MINYEAR <= year <= dt.MAXYEAR:
                return None
            last = _LAST_DAY[month] if month != 2 else 29 if calendar.isleap(year) else 28
            day = dt.date(year, month, min(day.day, last))
        return day + dt.timedelta(days=days * times) if days else day
    except (OverflowError, ValueError):
        # Past the calendar's ends: timedelta and date raise these, and nothing
        # else here can.
        return None


def steps_by(start: dt.date, every: relativedelta, on: dt.date) -> int:
    """How many whole periods ``every`` from ``start`` end on or before ``on``.

    The anniversaries are counted from ``start`` (``start + k * every``, never
    repeated addition), so that a 29 February start does not drift; one past
    the end of the calendar ends the count. The search starts near the answer,
    so that an old start costs no more than a new one. Raises nothing.

    >>> from dateutil.relativedelta import relativedelta
    >>> year = relativedelta(years=1)
    >>> steps_by(dt.date(2020, 2, 29), year, dt.date(2024, 2, 28))
    3
    >>> steps_by(dt.date(2020, 2, 29), year, dt.date(2024, 2, 29))
    4
    >>> steps_by(dt.date(2020, 2, 29), year, dt.date(2021, 2, 27))
    0
    """
    # Each field's longest length, so that the estimate never overshoots.
    longest = every.years * 366 + every.months * 31 + every.days
    k = max(0, (on - start).days // longest) if longest > 0 else 0
    while True:
        following = shift(start, every, k + 1)
        if following is None or following > on:
            return k
        k += 1
