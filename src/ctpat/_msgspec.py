"""The msgspec backend of :func:`ctpat.from_json` (private; the ``ctpat[msgspec]`` extra).

msgspec decodes JSON text straight into attrs classes, running their
``__attrs_post_init__`` checks, several times faster than ``json.loads``
followed by the constructors. Two things it does differently, and how they
are kept from changing any result:

* it ignores unknown keys of attrs classes: the text is first decoded into a
  mirror of the schema, generated from the same ``attrs.fields`` and type
  hints, whose structs forbid unknown fields and check every type;
* it does not run attrs converters: after decoding, every converted field is
  checked to hold what its converter would make of it, and a class with a
  mapping field is never decoded this way (msgspec builds a ``dict``, the
  model holds its own mapping type);
* it builds a new date object for every date in the text: the same pass makes
  equal dates one object, as the plain path does, so that a million records
  hold as little as they do when read the other way.

Whatever msgspec refuses goes to the plain path, which gives the result or the
:class:`~ctpat.errors.DataError`; what it accepts, the plain path accepts with
an equal result. The backend is used when msgspec is installed, and
:func:`use` is the one switch that turns it off (for tests and benchmarks).

>>> import ctpat
>>> on = use(False)
>>> decoder(ctpat.Certification) is None
True
>>> on = use(True)
"""

from __future__ import annotations

import datetime as dt
import types
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from itertools import repeat
from typing import Any

from dateutil.relativedelta import relativedelta

from ctpat import _durations
from ctpat.errors import CtpatError

__all__ = ["decoder", "optional_of", "use"]

#: ``(found, value)``: ``found`` is false when msgspec does not take the text.
Decode = Callable[[str | bytes], tuple[bool, Any]]

_UNSET: Any = object()
_module: Any = _UNSET  # msgspec, None (not installed or turned off), or not looked up yet
_decoders: dict[Any, Decode | None] = {}


def use(enabled: bool) -> bool:
    """Turn the backend on (if msgspec is installed) or off; whether it is now on.

    >>> use(False)
    False
    """
    global _module
    _decoders.clear()
    _module = _UNSET if enabled else None
    return _msgspec() is not None


def _msgspec() -> Any:
    """The msgspec module, or ``None``: looked up on first use, so that
    ``import ctpat`` does not pay for it."""
    global _module
    if _module is _UNSET:
        try:
            import msgspec
        except ImportError:
            msgspec = None  # type: ignore[assignment]
        _module = msgspec
    return _module


def decoder(cls: Any) -> Decode | None:
    """A decoder from JSON text straight to ``cls``, or ``None`` (backend off, or a
    type it does not decode).

    >>> import ctpat
    >>> decode = decoder(list[ctpat.Event])
    >>> decode is None or decode('[{"kind": "certified", "on": "2024-01-10"}]')[0]
    True
    """
    msgspec = _msgspec()
    if msgspec is None:
        return None
    try:
        return _decoders[cls]
    except KeyError:
        pass
    except TypeError:  # unhashable: not a type
        return None
    found = _decoders[cls] = _make(msgspec, cls)
    return found


def _make(msgspec: Any, cls: Any) -> Decode | None:
    mirror = _Mirror(msgspec).of(cls)
    if mirror is None:
        return None
    check = msgspec.json.Decoder(mirror)
    build = msgspec.json.Decoder(cls, dec_hook=_dec_hook)
    verify = _verifier(cls)
    refused = (msgspec.DecodeError, CtpatError, UnicodeEncodeError)

    def decode(text: str | bytes) -> tuple[bool, Any]:
        try:
            check.decode(text)
            value = build.decode(text)
        except refused:
            # A text msgspec does not take (or a model refuses, or a str that
            # is not UTF-8): the plain path decides, and words the error.
            return False, None
        if verify is not None and not verify(value, {}):
            return False, None
        return True, value

    return decode


def _dec_hook(cls: type, value: Any) -> Any:
    if cls is relativedelta and type(value) is str:
        return _durations.from_iso(value)  # a DataError is a ValueError: msgspec reports it
    raise TypeError(f"not decoded by ctpat: {cls!r}")


def optional_of(t: Any) -> Any | None:
    """``X`` if the type ``t`` is ``X | None``, else ``None`` (shared with the
    quick code of :mod:`ctpat.serialization`, which reads the same hints).

    >>> optional_of(int | None), optional_of(int)
    (<class 'int'>, None)
    """
    if typing.get_origin(t) in (typing.Union, types.UnionType):
        args = typing.get_args(t)
        if len(args) == 2 and type(None) in args:
            return args[0] if args[1] is type(None) else args[1]
    return None


class _Mirror:
    """The schema as msgspec structs that forbid unknown fields (``None``: not
    decoded natively)."""

    def __init__(self, msgspec: Any) -> None:
        self.msgspec = msgspec
        self.structs: dict[type, Any] = {}

    def of(self, t: Any) -> Any | None:
        from ctpat._models import MODELS

        if t in (str, int, bool, dt.date):
            return t
        if t is relativedelta:
            return str
        if isinstance(t, type) and issubclass(t, Enum):
            return t
        if t in MODELS:
            return self.struct(t)
        inner = optional_of(t)
        if inner is not None:
            found = self.of(inner)
            return None if found is None else found | None
        origin, args = typing.get_origin(t), typing.get_args(t)
        if origin is tuple and len(args) == 2 and args[1] is Ellipsis:
            item = self.of(args[0])
            return None if item is None else tuple[item, ...]  # type: ignore[valid-type]
        if origin in (list, frozenset) and len(args) == 1:
            item = self.of(args[0])
            return None if item is None else origin[item]
        return None

    def struct(self, cls: type) -> Any | None:
        import attrs

        from ctpat._models import field_types

        if cls in self.structs:
            return self.structs[cls]
        hints = field_types(cls)
        fields: list[tuple[Any, ...]] = []
        for field in attrs.fields(cls):
            t = hints[field.name]
            if not field.init or field.alias != field.name or field.validator is not None:
                return None
            if field.converter is not None and typing.get_origin(t) is Mapping:
                return None
            if isinstance(field.default, attrs.Factory) and field.default.takes_self:  # type: ignore[arg-type]
                return None  # msgspec does not build these
            mirrored = self.of(t)
            if mirrored is None:
                return None
            if field.default is attrs.NOTHING:
                fields.append((field.name, mirrored))
            else:
                # Only the shape is checked: the model fills in its own default.
                fields.append((field.name, mirrored, None))
        found = self.structs[cls] = self.msgspec.defstruct(
            f"_{cls.__name__}", fields, kw_only=True, forbid_unknown_fields=True
        )
        return found


#: ``(value, memo) -> bool``: whether what msgspec built is what the plain path
#: builds; ``memo`` (one per decode) holds the one object of each date seen.
_Verify = Callable[[Any, dict[Any, Any]], bool]


def _verifier(t: Any) -> _Verify | None:
    """A check that every converted field of what msgspec built holds what its
    converter makes of it, sharing equal dates on the way (``None``: ``t`` has
    neither converted nor date fields)."""
    from ctpat._models import MODELS

    inner = optional_of(t)
    if inner is not None:
        check = _verifier(inner)
        if check is None:
            return None
        return lambda value, memo: value is None or check(value, memo)
    origin, args = typing.get_origin(t), typing.get_args(t)
    if origin in (tuple, list, frozenset) and args:
        each = _verifier(args[0])
        if each is None:
            return None
        return lambda value, memo: all(map(each, value, repeat(memo)))
    if t in MODELS:
        return _record_verifier(t)
    return None


def _record_verifier(cls: type) -> _Verify | None:
    import attrs

    from ctpat._models import field_types

    hints = field_types(cls)
    converted = [(f.name, f.converter) for f in attrs.fields(cls) if f.converter is not None]
    dates = [
        (f.name, hints[f.name] is not dt.date)
        for f in attrs.fields(cls)
        if dt.date in (hints[f.name], optional_of(hints[f.name]))
    ]
    nested = [
        (f.name, check)
        for f in attrs.fields(cls)
        if (check := _verifier(hints[f.name])) is not None
    ]
    if not converted and not dates and not nested:
        return None
    # Generated, as the quick structurers are: this runs for every record.
    names: dict[str, Any] = {"_set": object.__setattr__}
    lines = ["def verify(o, memo):"]
    for index, (name, convert) in enumerate(converted):
        names[f"_convert{index}"] = convert
        lines += [
            f"    held = o.{name}",
            f"    made = _convert{index}(held)",
            "    if made is not held and (type(made) is not type(held) or made != held):",
            "        return False",
        ]
    for name, optional in dates:
        # The record is not yet anyone else's: putting the shared, equal date in
        # its place changes nothing it compares, hashes or writes.
        indent = "        " if optional else "    "
        lines += [
            f"    day = o.{name}",
            *(["    if day is not None:"] if optional else []),
            f"{indent}shared = memo.setdefault(day, day)",
            f"{indent}if shared is not day: _set(o, {name!r}, shared)",
        ]
    for index, (name, check) in enumerate(nested):
        names[f"_check{index}"] = check
        lines.append(f"    if not _check{index}(o.{name}, memo): return False")
    lines.append("    return True")
    exec(compile("\n".join(lines), f"<ctpat generated verify {cls.__name__}>", "exec"), names)
    return names["verify"]  # type: ignore[no-any-return]
