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

The schema is declared once, by the attrs classes (``ctpat._models.MODELS``,
every model including :class:`~ctpat.evidence.Evidence`), and read and written
by one cattrs converter: it is the reference for what is accepted and what is
written, and gives the errors with paths. :func:`to_json` is
:func:`json.dumps` of :func:`to_dict`. Loads first try the one accelerator,
the quick structurers of ``ctpat._quick`` (generated from the same fields,
building the models through their own constructors); whatever they do not
take, the converter decides, with the same result or the same
:class:`~ctpat.errors.DataError`. Nesting deeper than :data:`MAX_DEPTH` levels
is refused with a ``DataError`` naming where. :func:`from_json`
reads the text under the one JSON policy of ``ctpat._json``: a key repeated
in an object, a lone surrogate, ``NaN`` or nesting deeper than
:data:`MAX_DEPTH` is a ``DataError`` naming its path, never a value silently
dropped.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator, Mapping
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from dateutil.relativedelta import relativedelta

from ctpat import _dates, _durations, _json, _quick
from ctpat.errors import CtpatError, DataError, InvalidTransition, Problem

if TYPE_CHECKING:
    import cattrs

__all__ = [
    "MAX_DEPTH",
    "duration_from_iso",
    "duration_to_iso",
    "from_dict",
    "from_json",
    "get_converter",
    "to_dict",
    "to_json",
]

T = TypeVar("T")

#: How deeply lists and objects may nest in input data (the one bound of
#: ``ctpat._json``, for every JSON document ctpat reads and for :func:`from_dict`).
MAX_DEPTH = _json.MAX_DEPTH


def duration_from_iso(text: str) -> relativedelta:
    """Parse an ISO 8601 duration of whole years, months, weeks and days.

    Raises :class:`~ctpat.errors.DataError` for any other text.

    >>> duration_from_iso("P4Y")
    relativedelta(years=+4)
    >>> duration_from_iso("P1Y6M")
    relativedelta(years=+1, months=+6)
    """
    return _durations.from_iso(text)


def duration_to_iso(delta: relativedelta) -> str:
    """Format a relativedelta of whole years, months and days as ISO 8601.

    Every duration a model accepts is written so that it reads back equal;
    anything else (hours, leap days, negative or absolute fields) raises
    :class:`~ctpat.errors.DataError`.

    >>> duration_to_iso(relativedelta(years=5))
    'P5Y'
    >>> duration_to_iso(relativedelta(days=90))
    'P90D'
    >>> duration_to_iso(relativedelta(years=1, leapdays=1))
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: (root): cannot be written as an ISO 8601 duration: only whole years, months and days are allowed (got relativedelta(years=+1, leapdays=+1))
    """
    return _durations.to_iso(delta)


# -- the detailed converter -----------------------------------------------------------


def _structure_date(value: object, _: type) -> dt.date:
    if type(value) is not str:
        raise DataError.at("", value, "not a date in the form YYYY-MM-DD")
    return _dates.from_iso(value)


def _structure_datetime(value: object, _: type) -> dt.datetime:
    # ``fromisoformat`` reads any ISO 8601 form; the model checks the time zone.
    if type(value) is str and _dates.ISO_DATE.match(value) is not None:
        try:
            return dt.datetime.fromisoformat(value)
        except ValueError:
            pass
    raise DataError.at("", value, "not an ISO 8601 date and time")


def _structure_str(value: object, _: type) -> str:
    if type(value) is not str:
        raise DataError.at("", value, "expected a string")
    return value


def _structure_int(value: object, _: type) -> int:
    if type(value) is not int:
        raise DataError.at("", value, "expected a whole number")
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
    return _durations.from_iso(value)


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
    """The configured cattrs converter (built on first use, then cached).

    Raises nothing.

    >>> get_converter().unstructure(relativedelta(years=4))
    'P4Y'

    """
    import cattrs
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

    from ctpat._models import ENUMS, MODELS

    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=True)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    # A datetime is a date too: without its own hooks it would be written as its day.
    conv.register_structure_hook(dt.datetime, _structure_datetime)
    conv.register_unstructure_hook(dt.datetime, dt.datetime.isoformat)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(relativedelta, _structure_duration)
    conv.register_unstructure_hook(relativedelta, _durations.to_iso)
    # Registered class by class: the enums are also ``str``, and a hook for a
    # base class would otherwise win for them.
    for enum in ENUMS:
        conv.register_structure_hook(enum, _structure_enum)
        conv.register_unstructure_hook(enum, _enum_value)
    conv.register_unstructure_hook_func(
        lambda t: getattr(t, "__origin__", t) is frozenset, _sorted
    )
    conv.register_structure_hook_func(_is_mapping, _structure_mapping)
    conv.register_unstructure_hook_func(_is_mapping, dict)
    # Each model's functions are generated when first needed: loading the
    # reference data needs four of the eighteen.
    models = frozenset(MODELS)

    def is_model(t: Any) -> bool:
        try:
            return t in models
        except TypeError:  # unhashable: not a model
            return False

    conv.register_structure_hook_factory(
        is_model,
        lambda cls: make_dict_structure_fn(cls, conv, _cattrs_forbid_extra_keys=True),
    )
    conv.register_unstructure_hook_factory(
        is_model,
        lambda cls: make_dict_unstructure_fn(cls, conv, _cattrs_omit_if_default=True),
    )
    # A result that is written as a document of its own (``VettingReport``):
    # its ``to_document()``, which this floor knows by name only.
    conv.register_unstructure_hook_func(_has_document, _document)
    return conv


def _has_document(t: Any) -> bool:
    return isinstance(t, type) and callable(getattr(t, "to_document", None))


def _document(obj: Any) -> Any:
    return obj.to_document()


# -- the public functions ---------------------------------------------------------------


def to_dict(obj: Any) -> Any:
    """``obj`` (a model, or a list or tuple of models) as JSON-ready Python data;
    a :class:`~ctpat.vetting.VettingReport` as its document (``to_document()``).

    Raises :class:`~ctpat.errors.DataError` for a value that cannot be written
    (a duration that would not read back equal).

    >>> from datetime import date
    >>> from ctpat import Event, EventKind
    >>> to_dict(Event(EventKind.SUSPENDED, date(2025, 3, 1)))
    {'kind': 'suspended', 'on': '2025-03-01'}
    """
    try:
        return get_converter().unstructure(obj)
    except RecursionError:
        # Only plain lists and dicts nest this deep; name where (without recursing).
        _json.check_depth(obj)
        raise


def from_dict(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` (a model class, or e.g. ``list[Certification]``) from Python data.

    Raises :class:`~ctpat.errors.DataError` listing every problem with its path.

    >>> from ctpat import Event
    >>> from_dict({"kind": "suspended", "on": "2025-03-01"}, Event).on
    datetime.date(2025, 3, 1)
    """
    return _structure(data, cls)  # type: ignore[no-any-return]


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """``obj`` as a JSON document (see :func:`to_dict`).

    Raises :class:`~ctpat.errors.DataError` as :func:`to_dict` does, and
    ``TypeError`` for an object that is not JSON data.

    >>> from datetime import date
    >>> from ctpat import Event, EventKind
    >>> to_json([Event(EventKind.SUSPENDED, date(2025, 3, 1))])
    '[{"kind": "suspended", "on": "2025-03-01"}]'
    """
    try:
        return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent)
    except TypeError as exc:  # an object the converter passed through as it was
        raise TypeError(f"to_json() argument 'obj': {exc}") from None


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Build a ``cls`` from a JSON document.

    Raises :class:`~ctpat.errors.DataError` listing every problem with its
    path; text that is not JSON (or nests deeper than :data:`MAX_DEPTH`) is a
    ``DataError`` too.

    >>> from ctpat import Event
    >>> from_json('{"kind": "suspended", "on": "2025-03-01"}', Event).kind
    <EventKind.SUSPENDED: 'suspended'>
    >>> from_json('{"kind": ', Event)
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: (root): not a JSON document: Expecting value: line 1 column 10 (char 9) (got '{"kind": ')
    """
    if isinstance(text, str) and type(text) is not str:
        text = str(text)  # a str subclass (an enum member, say) as the text it is
    return _structure(_json.loads(text), cls)  # type: ignore[no-any-return]


def _structure(data: Any, cls: Any) -> Any:
    """The accelerator's result, or (for anything it does not take) the converter's."""
    build = _quick.structurer(cls)
    if build is not None:
        try:
            return build(data, {})
        except (_quick.Reject, CtpatError):
            pass  # the detailed path reports it with paths, or disagrees
    _json.check_depth(data)
    conv = get_converter()
    try:
        return conv.structure(data, cls)
    except (_validation_error(), CtpatError, *_SHAPE_ERRORS) as exc:
        raise DataError(_problems(exc, "", data)) from None
    except _no_handler() as exc:
        raise TypeError(
            f"from_dict() argument 'cls': must be a ctpat model or a type built of them, "
            f"not {cls!r}"
        ) from exc


def _no_handler() -> type[Exception]:
    from cattrs.errors import StructureHandlerNotFoundError

    return StructureHandlerNotFoundError


def _validation_error() -> type[Exception]:
    import cattrs

    return cattrs.BaseValidationError


# -- errors with paths -----------------------------------------------------------------


def _problems(exc: BaseException, path: str, data: Any) -> Iterator[Problem]:
    """Flatten a cattrs exception tree into problems with paths and values."""
    import cattrs

    if isinstance(exc, cattrs.ClassValidationError):
        with_notes, without = exc.group_exceptions()
        for sub, note in with_notes:
            yield from _problems(sub, _json.join(path, note.name), _child(data, note.name))
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
            yield Problem(_json.join(path, key), _child(data, key), "unknown field")
    elif isinstance(exc, DataError):
        for problem in exc.problems:
            yield Problem(_json.join(path, problem.path), problem.value, problem.message)
    elif isinstance(exc, InvalidTransition):
        where = path if exc.index is None else _json.join(path, f"events[{exc.index}]")
        yield Problem(where, exc.event, exc.message)
    elif isinstance(exc, KeyError):
        # cattrs notes the missing attribute's name, so the path already ends with it.
        yield Problem(path, None, "required field is missing")
    elif isinstance(exc, _SHAPE_ERRORS) and type(data) is list:
        yield Problem(path, _preview_list(data), "expected an object")
    elif isinstance(exc, _SHAPE_ERRORS) and type(data) is not dict:
        yield Problem(path, data, "expected an object or a list here")
    else:
        raise exc  # not a problem of the data: a bug, which surfaces


# What cattrs' generated structurers raise for data of the wrong shape: ``o["x"]``
# or ``"x" in o`` of a list, a string or a number where an object belongs.
_SHAPE_ERRORS = (TypeError, AttributeError)


def _preview_list(data: list[Any]) -> object:
    return data if len(data) <= 3 else [*data[:3], "..."]


def _child(data: Any, key: object) -> Any:
    try:
        return data[key]
    except (KeyError, IndexError, TypeError):
        return None
