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

The schema is declared once, by the attrs classes (``ctpat._models.MODELS``):
the detailed cattrs converter is built from their fields, and so are the
*quick* structurers and JSON writers that bulk loads and dumps take. Those are
generated from each class's ``attrs.fields`` and type hints on first use: they
check the same types, build the models through their own constructors (so
every model invariant is still checked), and keep no per-field error
bookkeeping. A value the quick code does not take, or a model refusing it, is
a data error: the detailed converter then decides, with the same result or the
same :class:`~ctpat.errors.DataError` with paths (the converter is only built
then). Any other exception is a bug and surfaces. Nesting deeper than any
model's schema (:data:`MAX_DEPTH` levels) is refused with a ``DataError``
naming where. During a bulk load or dump the cyclic garbage collector is
paused (see ``ctpat._gc``), and equal events and dates read in one load are
shared, which is safe because they are immutable. If ``msgspec`` is installed
(the ``ctpat[msgspec]`` extra), :func:`from_json` decodes with it straight into
the model classes (see ``ctpat._msgspec``); the results are the same with or
without it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from dateutil.relativedelta import relativedelta

from ctpat import _durations, _msgspec
from ctpat._gc import paused
from ctpat._msgspec import optional_of
from ctpat.enums import Confidence, EventKind, ReasonCode, Role, Status
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

#: How deeply lists and objects may nest in input data. The deepest model
#: (a verdict's certification's events) needs six levels; the bound keeps a
#: hostile document from exhausting the interpreter's recursion limit.
MAX_DEPTH = 100

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
_ENUMS = (Confidence, EventKind, ReasonCode, Role, Status)


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
    ctpat.errors.DataError: cannot be written as an ISO 8601 duration: only whole years, months and days are allowed (got relativedelta(years=+1, leapdays=+1))
    """
    return _durations.to_iso(delta)


# -- the detailed converter -----------------------------------------------------------


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

    >>> get_converter().unstructure(relativedelta(years=4))
    'P4Y'
    """
    import cattrs
    from cattrs.gen import make_dict_structure_fn, make_dict_unstructure_fn

    from ctpat._models import MODELS

    conv = cattrs.Converter(forbid_extra_keys=True, omit_if_default=True, detailed_validation=True)
    conv.register_structure_hook(dt.date, _structure_date)
    conv.register_unstructure_hook(dt.date, dt.date.isoformat)
    conv.register_structure_hook(str, _structure_str)
    conv.register_structure_hook(bool, _structure_bool)
    conv.register_structure_hook(int, _structure_int)
    conv.register_structure_hook(relativedelta, _structure_duration)
    conv.register_unstructure_hook(relativedelta, _durations.to_iso)
    # Registered class by class: the enums are also ``str``, and a hook for a
    # base class would otherwise win for them.
    for enum in _ENUMS:
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


# -- the public functions ---------------------------------------------------------------


def to_dict(obj: Any) -> Any:
    """``obj`` (a model, or a list or tuple of models) as JSON-ready Python data.

    Raises :class:`~ctpat.errors.DataError` for a value that cannot be written
    (a duration that would not read back equal).

    >>> from datetime import date
    >>> from ctpat import Event, EventKind
    >>> to_dict(Event(EventKind.SUSPENDED, date(2025, 3, 1)))
    {'kind': 'suspended', 'on': '2025-03-01'}
    """
    with paused():
        return get_converter().unstructure(obj)


def from_dict(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` (a model class, or e.g. ``list[Certification]``) from Python data.

    Raises :class:`~ctpat.errors.DataError` listing every problem with its path.

    >>> from ctpat import Event
    >>> from_dict({"kind": "suspended", "on": "2025-03-01"}, Event).on
    datetime.date(2025, 3, 1)
    """
    with paused():
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
    if indent is None:
        with paused():
            try:
                return _quick_json(obj)
            except (_Reject, DataError):
                pass  # the converter writes it, or raises
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent)


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
    with paused():
        decode = _msgspec.decoder(cls) if isinstance(text, (str, bytes)) else None
        if decode is not None:
            found, value = decode(text)
            if found:
                return value  # type: ignore[no-any-return]
        return _structure(_parse(text), cls)  # type: ignore[no-any-return]


def _structure(data: Any, cls: Any) -> Any:
    """The quick structurer's result, or (for a data error) the detailed converter's."""
    build = _structurer(cls)
    if build is not None:
        try:
            return build(data, {})
        except (_Reject, CtpatError):
            pass  # the detailed path reports it with paths, or disagrees
    _check_depth(data)
    conv = get_converter()
    try:
        return conv.structure(data, cls)
    except (_validation_error(), CtpatError, *_SHAPE_ERRORS) as exc:
        raise DataError(_problems(exc, "", data)) from None


def _validation_error() -> type[Exception]:
    import cattrs

    return cattrs.BaseValidationError


def _parse(text: str | bytes) -> Any:
    try:
        return json.loads(text)
    except RecursionError:
        raise DataError.at(
            "", _preview(text), f"nested more than {MAX_DEPTH} levels deep"
        ) from None
    except (ValueError, TypeError) as exc:
        raise DataError.at("", _preview(text), f"not a JSON document: {exc}") from None


def _check_depth(data: Any) -> None:
    """Raise :class:`DataError` if lists and objects in ``data`` nest deeper than
    :data:`MAX_DEPTH`, naming the path to the first one too deep (without recursion)."""
    # Each entry: the value, its depth, and its trail (key, parent's trail), of
    # which a path is only made for the error.
    stack: list[tuple[Any, int, Any]] = [(data, 0, None)]
    while stack:
        value, depth, trail = stack.pop()
        kind = type(value)
        if kind is dict or kind is list or kind is tuple:
            if depth == MAX_DEPTH:
                keys = []
                while trail is not None:
                    key, trail = trail
                    keys.append(key)
                path = ""
                for key in reversed(keys):
                    path = _join(path, key)
                raise DataError.at(
                    path, kind.__name__, f"nested more than {MAX_DEPTH} levels deep"
                )
            items = value.items() if kind is dict else enumerate(value)
            stack.extend((item, depth + 1, (key, trail)) for key, item in items)


# -- the quick structurers ------------------------------------------------------------


class _Reject(Exception):
    """The quick code does not take this value: the detailed path decides."""


_MISSING = object()

#: A quick structurer: ``(value, memo) -> structured``. The memo, one per call,
#: shares the immutable dates and records that occur more than once.
_Build = Callable[[Any, dict[Any, Any]], Any]


def _structurer(t: Any) -> _Build | None:
    """The quick structurer for ``t``, or ``None`` if only the converter handles it."""
    try:
        hash(t)
    except TypeError:
        return None  # not a type at all: the converter says so
    return _builder(t)


def _new_date(text: str, memo: dict[Any, Any]) -> dt.date:
    if _DATE.fullmatch(text) is None:
        raise _Reject
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise _Reject from None
    memo[text] = day
    return day


def _text_mapping(value: dict[Any, Any]) -> dict[Any, Any]:
    # The same object the converter's hook passes on, for the model's converter.
    for key, item in value.items():
        if type(key) is not str or type(item) is not str:
            raise _Reject
    return value


class _Code:
    """Generated source and the names it refers to."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {
            "_Reject": _Reject,
            "_MISSING": _MISSING,
            "_new_date": _new_date,
            "_from_iso": _durations.from_iso,
            "_text_mapping": _text_mapping,
        }

    def name(self, value: Any, hint: str) -> str:
        key = f"_{hint}{len(self.names)}"
        self.names[key] = value
        return key

    def function(self, name: str, lines: list[str]) -> Any:
        source = "\n".join(lines)
        exec(compile(source, f"<ctpat generated {name}>", "exec"), self.names)
        return self.names[name]


_SCALARS = {str: "str", int: "int", bool: "bool"}


def _steps(t: Any, v: str, code: _Code) -> tuple[str | None, list[str]] | None:
    """How the quick structurer takes a non-``None`` value of type ``t`` held in
    variable ``v``: a condition that rejects the raw value, and the statements
    that then turn it into the structured value (``None``: not supported).

    Each accepts exactly the values the converter's hook for the same type
    accepts from JSON-like data, and builds the same object; it rejects
    anything else, also what the converter would accept (a tuple where a list
    is expected, a str subclass), so that the converter decides.
    """
    from ctpat._models import MODELS

    if t in _SCALARS:
        return f"type({v}) is not {_SCALARS[t]}", []
    if t is dt.date:
        return f"type({v}) is not str", [f"{v} = memo.get({v}) or _new_date({v}, memo)"]
    if t is relativedelta:
        return f"type({v}) is not str", [f"{v} = _from_iso({v})"]
    if isinstance(t, type) and issubclass(t, Enum):
        if not all(type(member.value) is str for member in t):
            return None
        members = code.name({member.value: member for member in t}, "members")
        return f"type({v}) is not str", [
            f"{v} = {members}.get({v})",
            f"if {v} is None: raise _Reject",
        ]
    if t in MODELS:
        inner = _builder(t)
        if inner is None:
            return None
        return None, [f"{v} = {code.name(inner, 'build')}({v}, memo)"]
    origin, args = typing.get_origin(t), typing.get_args(t)
    kinds = {tuple: "tuple", list: "", frozenset: "frozenset"}
    if origin in kinds and (len(args) == 1 or (origin is tuple and args[1:] == (Ellipsis,))):
        if origin is tuple and len(args) != 2:
            return None
        inner = _builder(args[0])
        if inner is None:
            return None
        item = code.name(inner, "build")
        return f"type({v}) is not list", [f"{v} = {kinds[origin]}([{item}(e, memo) for e in {v}])"]
    if origin is Mapping and args == (str, str):
        return f"type({v}) is not dict", [f"{v} = _text_mapping({v})"]
    return None


def _indent(lines: list[str], by: str = "    ") -> list[str]:
    return [by + line for line in lines]


def _field_lines(t: Any, v: str, code: _Code) -> tuple[list[str], list[str]] | None:
    """The checks and conversions of one field's raw value in ``v`` (``None`` allowed
    if ``t`` is optional)."""
    inner = optional_of(t)
    steps = _steps(t if inner is None else inner, v, code)
    if steps is None:
        return None
    check, convert = steps
    if inner is None:
        checks = [] if check is None else [f"if {check}: raise _Reject"]
        return checks, convert
    checks = [] if check is None else [f"if {v} is not None and {check}: raise _Reject"]
    return checks, ([f"if {v} is not None:", *_indent(convert)] if convert else [])


@cache
def _builder(t: Any) -> _Build | None:
    """The generated quick structurer for type ``t`` (``None``: the converter only)."""
    from ctpat._models import MODELS

    code = _Code()
    if t in MODELS:
        return _record(t, code)
    lines = _field_lines(t, "x", code)
    if lines is None:
        return None
    checks, convert = lines
    return code.function(  # type: ignore[no-any-return]
        "build", ["def build(x, memo):", *_indent([*checks, *convert, "return x"])]
    )


def _record(cls: type, code: _Code) -> _Build | None:
    """The quick structurer of an attrs model: known keys only, each checked and
    structured, then the constructor (with its converters and checks), as the
    converter does. A record whose fields are all plain values (a string, number,
    date or enum) is shared by every equal record of the same load."""
    import attrs

    hints = typing.get_type_hints(cls)
    fields = attrs.fields(cls)
    required: list[str] = []  # taking the fields without a default
    present: list[str] = []  # taking the others, when given
    absent: list[str] = []  # their defaults, when none is given
    converts: list[str] = []
    args: list[str] = []
    plain = True
    for index, field in enumerate(fields):
        if not field.init or field.alias != field.name:
            return None
        v = f"a{index}"
        t = hints[field.name]
        lines = _field_lines(t, v, code)
        if lines is None:
            return None
        check, convert = lines
        plain = plain and (optional_of(t) or t) in (str, int, bool, dt.date, *_ENUMS)
        key = repr(field.name)
        default = field.default
        if default is attrs.NOTHING:
            # A missing value is None, which fails the type check, unless None
            # is allowed.
            if optional_of(t) is None:
                required.append(f"{v} = get({key})")
            else:
                required += [f"{v} = get({key}, _MISSING)", f"if {v} is _MISSING: raise _Reject"]
            required.extend(check)
            converts.extend(convert)
        elif default is None and optional_of(t) is not None:
            present.append(f"{v} = get({key})")
            present.extend(check)
            absent.append(f"{v} = None")
            converts.extend(convert)
        else:
            plain = False
            if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
                if default.takes_self:
                    return None
                value = f"{code.name(default.factory, 'factory')}()"
            else:
                value = code.name(default, "default")
            present.append(f"{v} = get({key}, _MISSING)")
            present.extend([f"if {v} is _MISSING:", f"    {v} = {value}", "else:"])
            present.extend(_indent([*check, *convert]) or ["    pass"])
            absent.append(f"{v} = {value}")
        args.append(f"{field.name}={v}" if field.kw_only else v)
    keys = code.name(frozenset(field.name for field in fields), "keys")
    make = code.name(cls, "cls")
    body = ["if type(value) is not dict: raise _Reject", "get = value.get", *required]
    if absent:
        # With as many keys as required fields, every key is one of them (a
        # missing one is rejected on its own): no other key to look for.
        body += [
            f"if len(value) == {len(fields) - len(absent)}:",
            *_indent(absent),
            "else:",
            f"    if not value.keys() <= {keys}: raise _Reject",
            *_indent(present),
        ]
    else:
        body.append(f"if not value.keys() <= {keys}: raise _Reject")
    if plain:
        # Checked for exact types first, so a hit means equal raw values, hence
        # an equal record.
        tag = code.name(object(), "tag")
        body += [
            f"key = ({tag}, {', '.join(f'a{i}' for i in range(len(fields)))})",
            "found = memo.get(key)",
            "if found is not None: return found",
            *converts,
            f"found = memo[key] = {make}({', '.join(args)})",
            "return found",
        ]
    else:
        body += [*converts, f"return {make}({', '.join(args)})"]
    return code.function("build", ["def build(value, memo):", *_indent(body)])  # type: ignore[no-any-return]


# -- the quick JSON writers ---------------------------------------------------------------

#: A quick writer: ``(model, memo) -> JSON text``; the memo, one per call, holds
#: the text of each date written.
_Write = Callable[[Any, dict[Any, str]], str]

# json.dumps(..., ensure_ascii=False) writes strings with this very function.
_string = json.encoder.encode_basestring


def _quick_json(obj: Any) -> str:
    """``to_json(obj)`` for a model or a list or tuple of models, written straight
    to text: the same characters as :func:`json.dumps` of :func:`to_dict` with
    its default separators. Raises :class:`_Reject` for anything else."""
    memo: dict[Any, str] = {}
    kind = type(obj)
    if kind is not list and kind is not tuple:
        return _writer(kind)(obj, memo)
    parts = []
    last: type | None = None
    write: _Write = _reject
    for item in obj:
        if type(item) is not last:  # a list is mostly of one class
            last = type(item)
            write = _writer(last)
        parts.append(write(item, memo))
    return "[" + ", ".join(parts) + "]"


def _new_day(day: dt.date, memo: dict[Any, str]) -> str:
    text = memo[day] = f'"{day.isoformat()}"'
    return text


def _reject(value: Any, memo: dict[Any, str]) -> str:
    raise _Reject


def _writer(cls: Any) -> _Write:
    """The generated writer of one model class (it rejects any other class)."""
    found = _WRITERS.get(cls)
    if found is None:
        found = _WRITERS[cls] = _make_writer(cls)
    return found


_WRITERS: dict[Any, _Write] = {}


def _text_of(t: Any, v: str, code: _Code) -> tuple[str, str] | None:
    """A condition that rejects ``v`` and an expression for its JSON text, for a
    non-``None`` value declared as ``t``: values of any other type are
    rejected, so that the converter writes them, whatever it makes of them.
    The expression has no quotes, so that it can stand in an f-string."""
    from ctpat._models import MODELS

    if t is str:
        return f"type({v}) is not str", f"_string({v})"
    if t is int:
        return f"type({v}) is not int", f"_int({v})"
    if t is bool:
        return f"type({v}) is not bool", f"_bools[{v}]"
    if t is dt.date:
        return f"type({v}) is not _date", f"(memo.get({v}) or _new_day({v}, memo))"
    if t is relativedelta:
        return f"type({v}) is not _relativedelta", f"_string(_to_iso({v}))"
    if isinstance(t, type) and issubclass(t, Enum):
        texts = code.name({m: json.dumps(m.value, ensure_ascii=False) for m in t}, "texts")
        return f"type({v}) is not {code.name(t, 'enum')}", f"{texts}[{v}]"
    if t in MODELS:
        write = code.name(_writer(t), "write")
        return f"type({v}) is not {code.name(t, 'cls')}", f"{write}({v}, memo)"
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _item_writer(args[0], code)
        if item is None:
            return None
        return (
            f"type({v}) is not tuple",
            f"_open + _comma.join([{item}(e, memo) for e in {v}]) + _close",
        )
    if origin is frozenset and len(args) == 1:
        item = _item_writer(args[0], code)
        if item is None:
            return None
        key = code.name(_value_key(args[0]), "key")
        return (
            f"type({v}) is not frozenset",
            f"_open + _comma.join([{item}(e, memo) for e in sorted({v}, key={key})]) + _close",
        )
    if origin is Mapping and args == (str, str):
        return f"not isinstance({v}, _Mapping)", f"_text_object({v})"
    return None


def _value_key(t: Any) -> Callable[[Any], Any]:
    """The sort key of a set's items: the converter sorts what it writes."""
    if isinstance(t, type) and issubclass(t, Enum):
        return _enum_value
    return _identity


def _identity(value: Any) -> Any:
    return value


def _text_object(value: Mapping[Any, Any]) -> str:
    parts = []
    for key, item in value.items():
        if type(key) is not str or type(item) is not str:
            raise _Reject
        parts.append(f"{_string(key)}: {_string(item)}")
    return "{" + ", ".join(parts) + "}"


def _item_writer(t: Any, code: _Code) -> str | None:
    """The name of a ``(value, memo) -> text`` for one item of type ``t``."""
    from ctpat._models import MODELS

    if t in MODELS:
        return code.name(_writer(t), "write")  # it checks the type itself
    found = _text_of(t, "x", code)
    if found is None:
        return None
    reject, text = found
    write = code.function(
        "write", ["def write(x, memo):", f"    if {reject}: raise _Reject", f"    return {text}"]
    )
    return code.name(write, "write")


def _writer_code() -> _Code:
    code = _Code()
    code.names.update(
        _string=_string,
        _int=int.__repr__,
        _bools={True: "true", False: "false"},
        _null="null",
        _comma=", ",
        _open="[",
        _close="]",
        _date=dt.date,
        _relativedelta=relativedelta,
        _to_iso=_durations.to_iso,
        _new_day=_new_day,
        _Mapping=Mapping,
        _text_object=_text_object,
    )
    return code


def _fstring(literal: str, text: str | None = None) -> str:
    """Source of an f-string: ``literal`` (quote-free JSON such as ``, "on": ``)
    followed by the value of the expression ``text``."""
    escaped = literal.replace("{", "{{").replace("}", "}}")
    return f"f'{escaped}'" if text is None else f"f'{escaped}{{{text}}}'"


def _make_writer(cls: Any) -> _Write:
    """The writer of one model class, or one that rejects everything (not a model,
    or a field type without quick code)."""
    from ctpat._models import MODELS

    if cls not in MODELS:
        return _reject
    code = _writer_code()
    found = _writer_body(cls, code, "o", "")
    if found is None:
        return _reject
    lines, text = found
    return code.function(  # type: ignore[no-any-return]
        "write", ["def write(o, memo):", *_indent(lines), f"    return {text}"]
    )


def _writer_body(cls: Any, code: _Code, o: str, p: str) -> tuple[list[str], str] | None:
    """Statements that check model ``o`` and an expression for its JSON text, with
    variables prefixed by ``p``. Fields as cattrs orders them; one equal to its default left
    out (cattrs' ``omit_if_default``: the default is compared after the field's
    converter). The fields always written come first in one f-string, the
    others are added if present; a tuple of models is written in a loop here
    rather than by a call per item."""
    import attrs

    from ctpat._models import MODELS

    hints = typing.get_type_hints(cls)
    body = [f"if type({o}) is not {code.name(cls, 'cls')}: raise _Reject"]
    # While only fields that are always written have been, the text so far is
    # known to be "{" plus them; after a field that may be left out, a separator
    # is needed only if something was written.
    fixed: list[tuple[str, str]] = []  # (literal, expression) of the fixed prefix
    started = False  # whether the text variable exists
    nonempty = False  # whether it surely holds a field already
    rejects: list[str] = []  # checks of fixed fields not made yet
    s = f"{p}s"
    # As cattrs writes them: the fields without a default first, then the others.
    fields = sorted(attrs.fields(cls), key=lambda field: field.default is not attrs.NOTHING)
    for index, field in enumerate(fields):
        v = f"{p}v{index}"
        t = hints[field.name]
        inner = optional_of(t)
        origin, args = typing.get_origin(t), typing.get_args(t)
        before: list[str] = []
        if (
            origin is tuple
            and args[1:] == (Ellipsis,)
            and args[0] in MODELS
            and args[0] is not cls
        ):
            item, items = f"{p}e{index}", f"{p}t{index}"
            sub = _writer_body(args[0], code, item, f"{item}_")
            if sub is None:
                return None
            sub_lines, sub_text = sub
            reject, text = f"type({v}) is not tuple", f"_open + _comma.join({items}) + _close"
            before = [
                f"{items} = []",
                f"for {item} in {v}:",
                *_indent(sub_lines),
                f"    {items}.append({sub_text})",
            ]
        else:
            found = _text_of(t if inner is None else inner, v, code)
            if found is None:
                return None
            reject, text = found
        head = json.dumps(field.name) + ": "
        default = field.default
        body.append(f"{v} = {o}.{field.name}")
        if default is attrs.NOTHING:
            condition = None
        elif isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            made = f"{code.name(default.factory, 'factory')}({o if default.takes_self else ''})"
            if field.converter is not None:
                made = f"{code.name(field.converter, 'convert')}({made})"
            condition = f"{v} != {made}"
        elif default is None and field.converter is None:
            condition = f"{v} is not None"
        else:
            if field.converter is not None:
                default = field.converter(default)
            condition = f"{v} != {code.name(default, 'default')}"
        if inner is not None and condition != f"{v} is not None":
            reject, text = f"{v} is not None and {reject}", f"(_null if {v} is None else {text})"
        if condition is None and not started:
            # The checks of the fields always written are made in one go.
            rejects.append(reject)
            if before:
                body += [f"if {' or '.join(rejects)}: raise _Reject", *before]
                rejects = []
            fixed.append(((", " if fixed else "{") + head, text))
            continue
        if not started:
            if rejects:
                body.append(f"if {' or '.join(rejects)}: raise _Reject")
                rejects = []
            body.append(f"{s} = {_joined(fixed) if fixed else repr('{')}")
            started, nonempty = True, bool(fixed)
        if nonempty:
            add = f"{s} += {_fstring(', ' + head, text)}"
        else:
            add = f"{s} += ({_fstring(head, text)} if len({s}) == 1 else {_fstring(', ' + head, text)})"
        if condition is None:
            body += [f"if {reject}: raise _Reject", *before, add]
            nonempty = True
        else:
            body += [f"if {condition}:", *_indent([f"if {reject}: raise _Reject", *before, add])]
    if rejects:
        body.append(f"if {' or '.join(rejects)}: raise _Reject")
    if not started:
        return body, (f"{_joined(fixed)} + '}}'" if fixed else "'{}'")
    return body, f"{s} + '}}'"


def _joined(parts: list[tuple[str, str]]) -> str:
    """One f-string of literals and expressions in turn."""
    source = "".join(
        literal.replace("{", "{{").replace("}", "}}") + "{" + text + "}" for literal, text in parts
    )
    return f"f'{source}'"


# -- errors with paths -----------------------------------------------------------------


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
