"""Serialization: dictionaries and JSON in and out, through one cattrs converter.

JSON mirrors the classes: field names as keys, enums as their string values,
dates as ``YYYY-MM-DD``, :class:`~dateutil.relativedelta.relativedelta` as an
ISO 8601 duration (``"P4Y"``), sets as sorted lists; fields equal to their
default are left out. Structuring runs the same validation as construction,
rejects unknown keys, and reports every problem at once in a
:class:`~ctpat.errors.DataError` whose problems carry a path such as
``[12].events[2].on`` and the bad value.

>>> from datetime import date
>>> import ctpat
>>> cert = ctpat.Certification.grant("EU-AEO", "bolt", on=date(2019, 4, 1), level="AEOF")
>>> text = ctpat.to_json(cert)
>>> text
'{"program": "EU-AEO", "holder": "bolt", "events": [{"kind": "certified", "on": "2019-04-01", "level": "AEOF"}]}'
>>> ctpat.from_json(text, ctpat.Certification) == cert
True
>>> ctpat.from_json('{"program": "EU-AEO", "holder": "bolt", "events": [{"kind": "certified", "on": "2019-04-31"}]}', ctpat.Certification)
Traceback (most recent call last):
...
ctpat.errors.DataError: events[0].on: not a valid date (got '2019-04-31')
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator, Mapping
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from dateutil.relativedelta import relativedelta

from ctpat.enums import Confidence, EventKind, ReasonCode, Role, Status
from ctpat.errors import DataError, InvalidTransition, Problem

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "duration_from_iso",
    "duration_to_iso",
    "from_dict",
    "from_json",
    "get_converter",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_DURATION = re.compile(
    r"P(?!$)(?:(?P<years>\d+)Y)?(?:(?P<months>\d+)M)?(?:(?P<weeks>\d+)W)?(?:(?P<days>\d+)D)?",
    re.ASCII,
)


def duration_from_iso(text: str) -> relativedelta:
    """Parse an ISO 8601 duration of whole years, months, weeks and days.

    >>> duration_from_iso("P4Y")
    relativedelta(years=+4)
    >>> duration_from_iso("P1Y6M")
    relativedelta(years=+1, months=+6)
    """
    match = _DURATION.fullmatch(text) if type(text) is str else None
    if match is None:
        raise DataError.at("", text, "not an ISO 8601 duration of years, months, weeks, days")
    parts = {key: int(value) for key, value in match.groupdict().items() if value is not None}
    weeks = parts.pop("weeks", 0)
    parts["days"] = parts.get("days", 0) + 7 * weeks
    return relativedelta(**parts)  # type: ignore[arg-type]


def duration_to_iso(delta: relativedelta) -> str:
    """Format a relativedelta of whole years, months and days as ISO 8601.

    >>> duration_to_iso(relativedelta(years=5))
    'P5Y'
    >>> duration_to_iso(relativedelta(days=90))
    'P90D'
    """
    normal = delta.normalized()
    if normal != delta or normal.hours or normal.minutes or normal.seconds or normal.microseconds:
        raise DataError.at("", delta, "only whole years, months and days can be written")
    if any(getattr(delta, name) is not None for name in ("year", "month", "day", "weekday")):
        raise DataError.at("", delta, "absolute relativedelta fields cannot be written")
    text = "P"
    for value, unit in ((delta.years, "Y"), (delta.months, "M"), (delta.days, "D")):
        if value:
            text += f"{value}{unit}"
    return text if text != "P" else "P0D"


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is not str or _DATE.fullmatch(value) is None:
        raise DataError.at("", value, "not a date in the form YYYY-MM-DD")
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise DataError.at("", value, "not a valid date") from None


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise DataError.at("", value, "expected a string")
    return value


def _structure_bool(value: object, _: type) -> bool:
    if type(value) is not bool:
        raise DataError.at("", value, "expected true or false")
    return value


def _structure_enum(value: object, cls: type[Enum]) -> Enum:
    try:
        return cls(value)
    except (ValueError, TypeError):
        allowed = ", ".join(repr(member.value) for member in cls)
        raise DataError.at("", value, f"expected one of {allowed}") from None


def _structure_duration(value: object, _: type) -> relativedelta:
    if type(value) is not str:
        raise DataError.at("", value, "expected an ISO 8601 duration such as 'P4Y'")
    return duration_from_iso(value)


def _structure_mapping(value: object, _: type) -> Mapping[str, str]:
    if not isinstance(value, dict):
        raise DataError.at("", value, "expected an object")
    return value


def _enum_value(member: Enum) -> Any:
    return member.value


def _is_mapping(t: Any) -> bool:
    return getattr(t, "__origin__", None) is Mapping


def _sorted(values: frozenset[Any]) -> list[Any]:
    return sorted(v.value if isinstance(v, Enum) else v for v in values)


@cache
def get_converter() -> cattrs.Converter:
    """The configured cattrs converter (built on first use, then cached)."""
    import cattrs
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

    from ctpat._models import MODELS

    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=True)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(relativedelta, _structure_duration)
    conv.register_unstructure_hook(relativedelta, duration_to_iso)
    # Registered class by class: the enums are also ``str``, and a hook for a
    # base class would otherwise win for them.
    for enum in (Confidence, EventKind, ReasonCode, Role, Status):
        conv.register_structure_hook(enum, _structure_enum)
        conv.register_unstructure_hook(enum, _enum_value)
    conv.register_unstructure_hook_func(
        lambda t: getattr(t, "__origin__", t) is frozenset, _sorted
    )
    conv.register_structure_hook_func(_is_mapping, _structure_mapping)
    conv.register_unstructure_hook_func(_is_mapping, dict)
    for cls in MODELS:
        conv.register_structure_hook(
            cls, make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True)
        )
        conv.register_unstructure_hook(
            cls, make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True)
        )
    return conv


def to_dict(obj: Any) -> Any:
    """``obj`` (a model, or a list or tuple of models) as JSON-ready Python data.

    >>> from datetime import date
    >>> from ctpat import Event, EventKind
    >>> to_dict(Event(EventKind.SUSPENDED, date(2025, 3, 1)))
    {'kind': 'suspended', 'on': '2025-03-01'}
    """
    return get_converter().unstructure(obj)


def from_dict(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` (a model class, or e.g. ``list[Certification]``) from Python data.

    Raises :class:`~ctpat.errors.DataError` listing every problem with its path.
    """
    conv = get_converter()
    try:
        return conv.structure(data, cls)
    except Exception as exc:  # noqa: BLE001 - every failure becomes a DataError with paths
        raise DataError(_problems(exc, "", data)) from None


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """``obj`` as a JSON document (see :func:`to_dict`)."""
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Build a ``cls`` from a JSON document; bad JSON is a :class:`DataError` too."""
    try:
        data = json.loads(text)
    except (ValueError, TypeError) as exc:
        raise DataError.at("", _preview(text), f"not a JSON document: {exc}") from None
    return from_dict(data, cls)


def _preview(text: object) -> object:
    if isinstance(text, str) and len(text) > 60:
        return text[:57] + "..."
    if isinstance(text, bytes) and len(text) > 60:
        return text[:57] + b"..."
    return text


def _problems(exc: BaseException, path: str, data: Any) -> Iterator[Problem]:
    """Flatten a cattrs exception tree into problems with paths and values."""
    import cattrs

    if isinstance(exc, cattrs.ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _problems(sub, _join(path, note.name), _child(data, note.name))
        for sub in without:
            yield from _problems(sub, path, data)
    elif isinstance(exc, cattrs.IterableValidationError):
        if not isinstance(data, (list, tuple)):
            yield Problem(path, data, "expected a list")
            return
        indexed, unindexed = exc.group_exceptions()
        for sub, inote in indexed:
            yield from _problems(sub, f"{path}[{inote.index}]", _child(data, inote.index))
        for sub in unindexed:
            yield from _problems(sub, path, data)
    elif isinstance(exc, cattrs.ForbiddenExtraKeysError):
        for key in sorted(exc.extra_fields):
            yield Problem(_join(path, key), _child(data, key), "unknown field")
    elif isinstance(exc, DataError):
        for problem in exc.problems:
            yield Problem(_join(path, problem.path), problem.value, problem.message)
    elif isinstance(exc, InvalidTransition):
        where = path if exc.index is None else _join(path, f"events[{exc.index}]")
        yield Problem(where, exc.event, exc.message)
    elif isinstance(exc, KeyError):
        # cattrs notes the missing attribute's name, so the path already ends with it.
        yield Problem(path, None, "required field is missing")
    elif not isinstance(data, (dict, list)):
        yield Problem(path, data, "expected an object or a list here")
    else:
        yield Problem(path, data, f"{type(exc).__name__}: {exc}")


def _join(path: str, key: object) -> str:
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not path:
        return str(key)
    if not str(key):
        return path
    return f"{path}[{key}]" if str(key).startswith("[") else f"{path}.{key}"


def _child(data: Any, key: object) -> Any:
    try:
        return data[key]
    except (KeyError, IndexError, TypeError):
        return None
