"""Quick structurers, generated from the attrs declarations: the one load accelerator (private).

:mod:`ctpat.serialization` tries these before its cattrs converter, which is
the reference: a structurer is generated on first use from a model's
``attrs.fields`` and type hints, checks exactly the types
the converter's hooks accept from JSON-like data, and builds the models through
their own constructors, so every model invariant is still checked. It keeps no
per-field error bookkeeping: what it does not take it rejects with
:class:`Reject`, and the converter decides, with the same result or a
:class:`~ctpat.errors.DataError` with paths. Equal dates and plain records of
one load are shared, which is safe because they are immutable. Why it is kept
(about twice the converter's speed on a partner list or the reference data) is
measured in ``benchmarks/README.md``.

>>> import ctpat
>>> build = structurer(ctpat.Event)
>>> build({"kind": "suspended", "on": "2025-03-01"}, {}).kind
<EventKind.SUSPENDED: 'suspended'>
"""

from __future__ import annotations

import builtins
import datetime as dt
import sys
import types
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache
from typing import Any

import attrs
from dateutil.relativedelta import relativedelta

from ctpat import _dates, _durations
from ctpat.errors import DataError

__all__ = ["Reject", "builder", "structurer"]


# -- the types of the fields, as the structurers read them ----------------------------------


def optional_of(t: Any) -> Any | None:
    """``X`` if the type ``t`` is ``X | None``, else ``None``.

    >>> optional_of(int | None), optional_of(int)
    (<class 'int'>, None)
    """
    if typing.get_origin(t) in (typing.Union, types.UnionType):
        args = typing.get_args(t)
        if len(args) == 2 and type(None) in args:
            return args[0] if args[1] is type(None) else args[1]
    return None


# By class; and the value of each annotation text, by module, as the annotation
# texts repeat ("str | None") and evaluating one costs a compilation.
_TYPES: dict[type, dict[str, Any]] = {}
_VALUES: dict[tuple[str, str], Any] = {}


def field_types(cls: type) -> dict[str, Any]:
    """The type of each attrs field of ``cls``, by name, as
    :func:`typing.get_type_hints` gives it; worked out once per class.

    Raises ``NameError`` for an annotation that names nothing (a bug of ours).
    """
    found = _TYPES.get(cls)
    if found is None:
        module = cls.__module__
        namespace = vars(sys.modules[module])
        found = {}
        for field in attrs.fields(cls):
            hint = field.type
            if isinstance(hint, str):
                key = (module, hint)
                if key in _VALUES:
                    hint = _VALUES[key]
                else:
                    hint = _VALUES[key] = _evaluate(hint, namespace)
            found[field.name] = type(None) if hint is None else hint
        _TYPES[cls] = found
    return found


def _evaluate(text: str, namespace: dict[str, Any]) -> Any:
    if text.isidentifier():  # most are a plain name: no need to compile it
        if text in namespace:
            return namespace[text]
        if hasattr(builtins, text):
            return getattr(builtins, text)
    return eval(text, namespace)


def _plain(t: Any) -> bool:
    """Whether a value of type ``t`` is one string, number, date or enum member."""
    return t in (str, int, bool, dt.date) or (isinstance(t, type) and issubclass(t, Enum))


# -- the quick structurers ------------------------------------------------------------


class Reject(Exception):
    """The quick code does not take this value: the detailed path decides."""


_MISSING = object()

#: A quick structurer: ``(value, memo) -> structured``. The memo, one per call,
#: shares the immutable dates and records that occur more than once.
_Build = Callable[[Any, dict[Any, Any]], Any]


def structurer(t: Any) -> _Build | None:
    """The quick structurer for ``t``, or ``None`` if only the converter handles it."""
    try:
        hash(t)
    except TypeError:
        return None  # not a type at all: the converter says so
    return builder(t)


def _new_date(text: str, memo: dict[Any, Any]) -> dt.date:
    try:
        day = _dates.from_iso(text)
    except DataError:
        raise Reject from None
    memo[text] = day
    return day


def _text_mapping(value: dict[Any, Any]) -> dict[Any, Any]:
    # The same object the converter's hook passes on, for the model's converter.
    for key, item in value.items():
        if type(key) is not str or type(item) is not str:
            raise Reject
    return value


class _Code:
    """Generated source and the names it refers to."""

    def __init__(self) -> None:
        self.names: dict[str, Any] = {
            "Reject": Reject,
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
            f"if {v} is None: raise Reject",
        ]
    if attrs.has(t):
        inner = builder(t)
        if inner is None:
            return None
        return None, [f"{v} = {code.name(inner, 'build')}({v}, memo)"]
    origin, args = typing.get_origin(t), typing.get_args(t)
    kinds = {tuple: "tuple", list: "", frozenset: "frozenset"}
    if origin in kinds and (len(args) == 1 or (origin is tuple and args[1:] == (Ellipsis,))):
        if origin is tuple and len(args) != 2:
            return None
        inner = builder(args[0])
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
        checks = [] if check is None else [f"if {check}: raise Reject"]
        return checks, convert
    checks = [] if check is None else [f"if {v} is not None and {check}: raise Reject"]
    return checks, ([f"if {v} is not None:", *_indent(convert)] if convert else [])


@cache
def builder(t: Any) -> _Build | None:
    """The generated quick structurer for type ``t`` (``None``: the converter only)."""

    code = _Code()
    if attrs.has(t):
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

    hints = field_types(cls)
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
        plain = plain and _plain(optional_of(t) or t)
        key = repr(field.name)
        default = field.default
        if default is attrs.NOTHING:
            # A missing value is None, which fails the type check, unless None
            # is allowed.
            if optional_of(t) is None:
                required.append(f"{v} = get({key})")
            else:
                required += [f"{v} = get({key}, _MISSING)", f"if {v} is _MISSING: raise Reject"]
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
    body = ["if type(value) is not dict: raise Reject", "get = value.get", *required]
    if absent:
        # With as many keys as required fields, every key is one of them (a
        # missing one is rejected on its own): no other key to look for.
        body += [
            f"if len(value) == {len(fields) - len(absent)}:",
            *_indent(absent),
            "else:",
            f"    if not value.keys() <= {keys}: raise Reject",
            *_indent(present),
        ]
    else:
        body.append(f"if not value.keys() <= {keys}: raise Reject")
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
