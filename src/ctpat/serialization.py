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

Bulk loads and dumps (a whole certificate export, :class:`~ctpat.PartnerData`,
``list[Certification]``, the reference data) take a fast path: a structurer
that checks the same types and builds the models through their own
constructors (so every model invariant is still checked), with no per-field
error bookkeeping. Anything it does not accept is handed to the detailed
cattrs path, which gives the same result or the same
:class:`~ctpat.errors.DataError` with paths; the converter is only built then.
During a load or dump the cyclic garbage collector is paused (and restored
afterwards, also on error): it would otherwise spend most of a large load
traversing the objects being built. Equal events and dates read in one load
are shared, which is safe because they are immutable. If ``msgspec`` is
installed (the ``ctpat[fast]`` extra), :func:`from_json` parses with it and
decodes certifications straight into the model classes; the results are the
same with or without it.
"""

from __future__ import annotations

import _thread
import datetime as dt
import gc
import json
import re
import types
import typing
from collections.abc import Callable, Iterator, Mapping
from enum import Enum
from functools import cache
from typing import TYPE_CHECKING, Any, TypeVar

from dateutil.relativedelta import relativedelta

from ctpat.certifications import Certification, Event
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
    conv.register_structure_hook(int, _structure_int)
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
    pause_gc()
    try:
        try:
            return _fast_dict(obj)
        except Exception:  # noqa: BLE001 - the converter decides (and raises) instead
            return get_converter().unstructure(obj)
    finally:
        resume_gc()


def from_dict(data: Any, cls: type[T]) -> T:
    """Build a ``cls`` (a model class, or e.g. ``list[Certification]``) from Python data.

    Raises :class:`~ctpat.errors.DataError` listing every problem with its path.
    """
    pause_gc()
    try:
        build = _structurer(cls)
        if build is not None:
            try:
                return build(data, {})  # type: ignore[no-any-return]
            except Exception:  # noqa: BLE001 - the detailed path reports the problems
                pass
        conv = get_converter()
        try:
            return conv.structure(data, cls)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a DataError with paths
            raise DataError(_problems(exc, "", data)) from None
    finally:
        resume_gc()


def to_json(obj: Any, *, indent: int | None = None) -> str:
    """``obj`` as a JSON document (see :func:`to_dict`)."""
    if indent is None:
        pause_gc()
        try:
            return _fast_json(obj)
        except Exception:  # noqa: BLE001 - the general path decides (and raises)
            pass
        finally:
            resume_gc()
    return json.dumps(to_dict(obj), ensure_ascii=False, indent=indent)


def from_json(text: str | bytes, cls: type[T]) -> T:
    """Build a ``cls`` from a JSON document; bad JSON is a :class:`DataError` too."""
    pause_gc()
    try:
        decode = _accelerated(cls)
        if decode is not None:
            try:
                return decode(text)  # type: ignore[no-any-return]
            except Exception:  # noqa: BLE001 - the paths below decide, and word the error
                pass
        return from_dict(_parse(text), cls)
    finally:
        resume_gc()


def _parse(text: str | bytes) -> Any:
    msgspec = _msgspec()
    if msgspec is not None:
        try:
            return msgspec.json.decode(text)
        except Exception:  # noqa: BLE001 - json.loads decides, and words the error
            pass
    try:
        return json.loads(text)
    except (ValueError, TypeError) as exc:
        raise DataError.at("", _preview(text), f"not a JSON document: {exc}") from None


# -- pausing the cyclic garbage collector ---------------------------------------------

# A load of N records allocates several million tracked objects, and each full
# collection on the way traverses all of them: on CPython 3.11 that is more than
# half of a large load. The collector is paused for the duration of a call and
# restored by the outermost one, so that nested and concurrent calls (the
# collector is process-wide) do not re-enable it early or leave it disabled.
_gc_lock = _thread.allocate_lock()
_gc_depth = 0
_gc_was_enabled = False


def pause_gc() -> None:
    """Pause the cyclic garbage collector until the matching :func:`resume_gc` (private)."""
    global _gc_depth, _gc_was_enabled
    with _gc_lock:
        if _gc_depth == 0:
            _gc_was_enabled = gc.isenabled()
            gc.disable()
        _gc_depth += 1


def resume_gc() -> None:
    """Undo one :func:`pause_gc`; the outermost one restores the collector's state."""
    global _gc_depth
    with _gc_lock:
        _gc_depth -= 1
        if _gc_depth == 0 and _gc_was_enabled:
            gc.enable()


# -- the optional accelerator (the ``ctpat[fast]`` extra) ---------------------------

# msgspec, if installed: looked up on first use, so that ``import ctpat`` does not
# pay for it. It only ever speeds up what the paths without it would do: whatever
# it rejects goes to them, and what it accepts they accept, with equal results.
_ACCELERATOR: dict[str, Any] = {}
_DECODERS: dict[Any, Callable[[str | bytes], Any] | None] = {}


def _msgspec() -> Any:
    """The msgspec module, or ``None`` when it is not installed."""
    try:
        return _ACCELERATOR["msgspec"]
    except KeyError:
        try:
            import msgspec
        except ImportError:
            msgspec = None  # type: ignore[assignment]
        _ACCELERATOR["msgspec"] = msgspec
        return msgspec


def _use_accelerator(enabled: bool) -> None:
    """Turn the accelerator off (or back on, if installed): for tests and benchmarks."""
    _ACCELERATOR.clear()
    _DECODERS.clear()
    if not enabled:
        _ACCELERATOR["msgspec"] = None


def _accelerated(cls: Any) -> Callable[[str | bytes], Any] | None:
    """A msgspec decoder from JSON text straight to ``cls``, if there is one.

    Only certifications, alone or in a list, go this way: their only converter
    (``events`` to a tuple) is a no-op on what msgspec builds, and msgspec runs
    their ``__attrs_post_init__`` checks. msgspec ignores unknown keys of attrs
    classes, so the text is first checked against a mirror of the schema that
    forbids them; a failure of either step leaves the decision to the other paths.
    """
    try:
        return _DECODERS[cls]
    except KeyError:
        pass
    except TypeError:  # unhashable: not one of ours
        return None

    msgspec = _msgspec()
    decode = None
    if msgspec is not None and cls in (Certification, list[Certification]):
        event = msgspec.defstruct(
            "_Event",
            [
                ("kind", EventKind),
                ("on", dt.date),
                ("level", str | None, None),
                ("until", dt.date | None, None),
                ("note", str | None, None),
            ],
            forbid_unknown_fields=True,
        )
        certification = msgspec.defstruct(
            "_Certification",
            [
                ("program", str),
                ("holder", str),
                ("events", list[event]),  # type: ignore[valid-type]
                ("reference", str | None, None),
                ("role", Role | None, None),
            ],
            forbid_unknown_fields=True,
        )
        many = cls is not Certification
        check = msgspec.json.Decoder(list[certification] if many else certification)  # type: ignore[valid-type]
        build = msgspec.json.Decoder(cls)

        def decode(text: str | bytes) -> Any:
            check.decode(text)
            return build.decode(text)

    _DECODERS[cls] = decode
    return decode


# -- the fast structuring path --------------------------------------------------------


class _Reject(Exception):
    """The fast path does not take this input: the detailed path decides."""


#: A fast structurer: ``(value, memo) -> structured``. The memo, one per call,
#: shares the immutable dates and events that occur more than once.
_Build = Callable[[Any, dict[Any, Any]], Any]

_ENUMS = (Confidence, EventKind, ReasonCode, Role, Status)


def _structurer(cls: Any) -> _Build | None:
    try:
        return _builder(cls)
    except Exception:  # noqa: BLE001 - not a type we know (or unhashable): the converter decides
        return None


@cache
def _builder(t: Any) -> _Build | None:
    """A fast structurer for type ``t``, or ``None`` if only the converter handles it.

    Each one accepts exactly the values the converter's hook for the same type
    accepts (from JSON-like data), and builds the same object; it raises on
    anything else, including what the converter would also accept (a tuple
    where a list is expected, a str subclass), so that the converter decides.
    """
    from ctpat._models import MODELS

    simple: dict[Any, _Build] = {
        str: _str,
        bool: _bool,
        int: _int,
        dt.date: _date,
        relativedelta: _duration,
        Event: _event,
        Certification: _certification,
    }
    if t in simple:
        return simple[t]
    if t in _ENUMS:
        return _enum(t)
    if t in MODELS:
        return _record(t)
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _builder(args[0] if args[1] is type(None) else args[1])
        return None if inner is None else _optional(inner)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        inner = _builder(args[0])
        return None if inner is None else _sequence(inner, tuple)
    if origin is list and len(args) == 1:
        inner = _builder(args[0])
        return None if inner is None else _sequence(inner, list)
    if origin is frozenset and len(args) == 1:
        inner = _builder(args[0])
        return None if inner is None else _sequence(inner, frozenset)
    if origin is Mapping and args == (str, str):
        return _mapping
    return None


def _str(value: Any, memo: dict[Any, Any]) -> str:
    if type(value) is not str:
        raise _Reject
    return value


def _int(value: Any, memo: dict[Any, Any]) -> int:
    if type(value) is not int:
        raise _Reject
    return value


def _bool(value: Any, memo: dict[Any, Any]) -> bool:
    if type(value) is not bool:
        raise _Reject
    return value


def _date(value: Any, memo: dict[Any, Any]) -> dt.date:
    if type(value) is not str:
        raise _Reject
    day: dt.date | None = memo.get(value)
    if day is None:
        if _DATE.fullmatch(value) is None:
            raise _Reject
        day = memo[value] = dt.date.fromisoformat(value)
    return day


def _duration(value: Any, memo: dict[Any, Any]) -> relativedelta:
    if type(value) is not str:
        raise _Reject
    return duration_from_iso(value)


def _mapping(value: Any, memo: dict[Any, Any]) -> Any:
    # The same object the converter's hook passes on; the model's converter checks it.
    if not isinstance(value, dict):
        raise _Reject
    return value


def _enum(cls: type[Enum]) -> _Build:
    members = {member.value: member for member in cls}

    def build(value: Any, memo: dict[Any, Any]) -> Enum:
        if type(value) is not str:
            raise _Reject
        return members[value]

    return build


def _optional(inner: _Build) -> _Build:
    def build(value: Any, memo: dict[Any, Any]) -> Any:
        return None if value is None else inner(value, memo)

    return build


def _sequence(inner: _Build, kind: Callable[[list[Any]], Any]) -> _Build:
    def build(value: Any, memo: dict[Any, Any]) -> Any:
        if type(value) is not list:
            raise _Reject
        return kind([inner(item, memo) for item in value])

    return build


def _record(cls: type) -> _Build | None:
    """A structurer for an attrs model: known keys only, each structured, then the
    constructor (with its converters and checks), as the converter does."""
    import attrs

    hints = typing.get_type_hints(cls)
    hooks: dict[str, _Build] = {}
    for field in attrs.fields(cls):
        hook = _builder(hints[field.name])
        if hook is None or not field.init or field.alias != field.name:
            return None
        hooks[field.name] = hook
    keys = frozenset(hooks)

    def build(value: Any, memo: dict[Any, Any]) -> Any:
        if type(value) is not dict or not value.keys() <= keys:
            raise _Reject
        return cls(**{key: hooks[key](item, memo) for key, item in value.items()})

    return build


# Certifications and their events are what bulk loads are made of, so they get
# hand-written structurers: the same checks as the generic one, in fewer steps.
_EVENT_KEYS = frozenset(("kind", "on", "level", "until", "note"))
_CERTIFICATION_KEYS = frozenset(("program", "holder", "events", "reference", "role"))
_KINDS = {kind.value: kind for kind in EventKind}
_ROLES = {role.value: role for role in Role}


def _event(value: Any, memo: dict[Any, Any]) -> Any:
    if type(value) is not dict:
        raise _Reject
    if len(value) == 2:
        # Most events are a kind and a date only: fewer look-ups, a shorter key.
        kind, on = value.get("kind"), value.get("on")
        if type(kind) is str and type(on) is str:
            pair = (kind, on)
            event = memo.get(pair)
            if event is None:
                event = memo[pair] = Event(_KINDS[kind], _date(on, memo))
            return event
    if not value.keys() <= _EVENT_KEYS:
        raise _Reject
    get = value.get
    kind, on, level, until, note = get("kind"), get("on"), get("level"), get("until"), get("note")
    # Exact types first: a memo hit then means equal strings, hence an equal event.
    if (
        type(kind) is not str
        or type(on) is not str
        or (level is not None and type(level) is not str)
        or (until is not None and type(until) is not str)
        or (note is not None and type(note) is not str)
    ):
        raise _Reject
    key = (kind, on, level, until, note)
    event = memo.get(key)
    if event is None:
        event = memo[key] = Event(
            _KINDS[kind],
            _date(on, memo),
            level,
            None if until is None else _date(until, memo),
            note,
        )
    return event


def _certification(value: Any, memo: dict[Any, Any]) -> Any:

    if type(value) is not dict or not value.keys() <= _CERTIFICATION_KEYS:
        raise _Reject
    program, holder, events = value["program"], value["holder"], value["events"]
    reference, role = value.get("reference"), value.get("role")
    if (
        type(program) is not str
        or type(holder) is not str
        or type(events) is not list
        or (reference is not None and type(reference) is not str)
    ):
        raise _Reject
    if role is not None:
        if type(role) is not str:
            raise _Reject
        role = _ROLES[role]
    return Certification(
        program, holder, tuple([_event(item, memo) for item in events]), reference, role
    )


# -- the fast unstructuring path ------------------------------------------------------

_Unbuild = Callable[[Any], Any]


def _fast_dict(obj: Any) -> Any:
    """``to_dict(obj)`` for a model or a list or tuple of models; raises otherwise."""
    kind = type(obj)
    if kind is list or kind is tuple:
        return [_unbuilder(type(item))(item) for item in obj]
    return _unbuilder(kind)(obj)


_UNBUILDERS: dict[Any, _Unbuild] = {}


def _unbuilder(cls: Any) -> _Unbuild:
    """The unstructurer of one model class (it raises for any other class)."""
    found = _UNBUILDERS.get(cls)
    if found is None:
        found = _UNBUILDERS[cls] = _make_unbuilder(cls)
    return found


def _make_unbuilder(cls: Any) -> _Unbuild:
    from ctpat._models import MODELS

    if cls is Certification:
        return _certification_dict
    if cls is Event:
        return _event_dict
    if cls in MODELS:
        return _record_dict(cls)
    return _reject


def _reject(value: Any) -> Any:
    raise _Reject


def _value_unbuilder(t: Any) -> _Unbuild:
    """How the converter writes a field declared as ``t``; values of another type
    are rejected, so that the converter writes them, whatever it makes of them."""
    if t is str or t is bool or t is int:
        return _exactly(t)
    if t is dt.date:
        return _iso_date
    if t is relativedelta:
        return _iso_duration
    if t in _ENUMS:
        return _enum_value_of(t)
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (typing.Union, types.UnionType) and len(args) == 2 and type(None) in args:
        inner = _value_unbuilder(args[0] if args[1] is type(None) else args[1])
        return lambda value: None if value is None else inner(value)
    if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
        item = _value_unbuilder(args[0])
        return lambda value: (
            [item(each) for each in value] if type(value) is tuple else _reject(value)
        )
    if origin is frozenset:
        return _sorted
    if origin is Mapping:
        return dict
    from ctpat._models import MODELS

    if t in MODELS:
        return _exactly_model(t)
    return _reject


def _exactly(t: type) -> _Unbuild:
    def unbuild(value: Any) -> Any:
        if type(value) is not t:
            raise _Reject
        return value

    return unbuild


def _exactly_model(cls: type) -> _Unbuild:
    def unbuild(value: Any) -> Any:
        if type(value) is not cls:
            raise _Reject
        return _unbuilder(cls)(value)

    return unbuild


def _iso_date(value: Any) -> str:
    if type(value) is not dt.date:
        raise _Reject
    return value.isoformat()


def _iso_duration(value: Any) -> str:
    if type(value) is not relativedelta:
        raise _Reject
    return duration_to_iso(value)


def _enum_value_of(cls: type[Enum]) -> _Unbuild:
    def unbuild(value: Any) -> Any:
        if type(value) is not cls:
            raise _Reject
        return value.value

    return unbuild


def _record_dict(cls: type) -> _Unbuild:
    """Fields in order; one equal to its default left out (cattrs' ``omit_if_default``:
    a factory's default is compared after the field's converter)."""
    import attrs

    hints = typing.get_type_hints(cls)
    plan: list[tuple[str, _Unbuild, bool, Any]] = []
    for field in attrs.fields(cls):
        default = field.default
        if isinstance(default, attrs.Factory):  # type: ignore[arg-type]
            default = default.factory()
            if field.converter is not None:
                default = field.converter(default)
        plan.append(
            (field.name, _value_unbuilder(hints[field.name]), default is attrs.NOTHING, default)
        )

    def unbuild(instance: Any) -> dict[str, Any]:
        result = {}
        for name, write, required, default in plan:
            value = getattr(instance, name)
            if required or value != default:
                result[name] = write(value)
        return result

    return unbuild


def _event_dict(event: Any) -> dict[str, Any]:
    result = {"kind": event.kind.value, "on": event.on.isoformat()}
    if event.level is not None:
        result["level"] = event.level
    if event.until is not None:
        result["until"] = event.until.isoformat()
    if event.note is not None:
        result["note"] = event.note
    return result


def _certification_dict(cert: Any) -> dict[str, Any]:
    if cert.origin is not None:
        raise _Reject  # the generic path writes it

    events = cert.events
    for event in events:
        if type(event) is not Event:
            raise _Reject
    result = {
        "program": cert.program,
        "holder": cert.holder,
        "events": [_event_dict(event) for event in events],
    }
    if cert.reference is not None:
        result["reference"] = cert.reference
    if cert.role is not None:
        result["role"] = cert.role.value
    return result


# json.dumps(..., ensure_ascii=False) writes strings with this very function.
_string = json.encoder.encode_basestring


def _fast_json(obj: Any) -> str:
    """``to_json(obj)`` for a certification or a list or tuple of them, written
    straight to text: the same characters as :func:`json.dumps` of :func:`to_dict`
    with its default separators. Raises for anything else."""

    if type(obj) is Certification:
        return _certification_json(obj, {})
    if type(obj) is not list and type(obj) is not tuple:
        raise _Reject
    memo: dict[dt.date, str] = {}
    parts = []
    for cert in obj:
        if type(cert) is not Certification:
            raise _Reject
        parts.append(_certification_json(cert, memo))
    return "[" + ", ".join(parts) + "]"


_KIND_JSON = {kind: '{"kind": ' + _string(kind.value) + ', "on": ' for kind in EventKind}
_ROLE_JSON = {role: ', "role": ' + _string(role.value) for role in Role}


def _certification_json(cert: Any, memo: dict[dt.date, str]) -> str:
    if cert.origin is not None:
        raise _Reject  # the generic path writes it
    parts = []
    for event in cert.events:
        if type(event) is not Event:
            raise _Reject
        on = event.on
        day = memo.get(on)
        if day is None:
            day = memo[on] = f'"{on.isoformat()}"'
        head = _KIND_JSON[event.kind]
        level, until, note = event.level, event.until, event.note
        if level is None and until is None and note is None:
            parts.append(f"{head}{day}}}")
            continue
        parts.append(
            head
            + day
            + ("" if level is None else f', "level": {_string(level)}')
            + ("" if until is None else f', "until": "{until.isoformat()}"')
            + ("" if note is None else f', "note": {_string(note)}')
            + "}"
        )
    reference, role = cert.reference, cert.role
    tail = ("" if reference is None else f', "reference": {_string(reference)}') + (
        "" if role is None else _ROLE_JSON[role]
    )
    return (
        f'{{"program": {_string(cert.program)}, "holder": {_string(cert.holder)}, '
        f'"events": [{", ".join(parts)}]{tail}}}'
    )


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
