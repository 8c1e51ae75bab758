"""Quick structurers and JSON writers, generated from the attrs declarations (private).

:mod:`ctpat.serialization` takes these for bulk loads and dumps before its
detailed cattrs converter. Both are built from the same declarations, each
model's ``attrs.fields`` and type hints (``ctpat._models.MODELS``), on first
use: a structurer checks exactly the types the converter's hooks accept from
JSON-like data and builds the models through their own constructors; a writer
writes the same characters as ``json.dumps`` of the converter's output. What
they do not take they reject with :class:`Reject`, and the converter decides;
nothing else is caught here. The module runs to about 600 lines because it holds
both generators: they read the same type hints with the same vocabulary, and
kept side by side they stay in step.

>>> import ctpat
>>> build = structurer(ctpat.Event)
>>> build({"kind": "suspended", "on": "2025-03-01"}, {}).kind
<EventKind.SUSPENDED: 'suspended'>
>>> quick_json(build({"kind": "suspended", "on": "2025-03-01"}, {}))
'{"kind": "suspended", "on": "2025-03-01"}'
"""

from __future__ import annotations

import datetime as dt
import json
import re
import typing
from collections.abc import Callable, Mapping
from enum import Enum
from functools import cache
from typing import Any

from dateutil.relativedelta import relativedelta

from ctpat import _durations
from ctpat._msgspec import optional_of
from ctpat.enums import (
    ActionEventKind,
    AssessmentKind,
    Compliance,
    Confidence,
    EventKind,
    Obligation,
    ReasonCode,
    Role,
    Severity,
    Status,
)

__all__ = [
    "DATE",
    "ENUMS",
    "WRITERS",
    "Reject",
    "builder",
    "enum_value",
    "quick_json",
    "reject",
    "structurer",
    "writer",
]

#: A date as the wire format writes it (then checked by ``date.fromisoformat``).
DATE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)
#: The enums the models hold, written as their values.
ENUMS = (
    Confidence,
    EventKind,
    ReasonCode,
    Role,
    Status,
    # the security criteria and the caller's assessments of them
    ActionEventKind,
    AssessmentKind,
    Compliance,
    Obligation,
    Severity,
)


def enum_value(member: Enum) -> Any:
    """The value an enum member is written as.

    >>> enum_value(Role.IMPORTER)
    'importer'
    """
    return member.value


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
    if DATE.fullmatch(text) is None:
        raise Reject
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
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
            f"if {v} is None: raise Reject",
        ]
    if t in MODELS:
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

    from ctpat._models import field_types

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
        plain = plain and (optional_of(t) or t) in (str, int, bool, dt.date, *ENUMS)
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


# -- the quick JSON writers ---------------------------------------------------------------

#: A quick writer: ``(model, memo) -> JSON text``; the memo, one per call, holds
#: the text of each date written.
_Write = Callable[[Any, dict[Any, str]], str]

# json.dumps(..., ensure_ascii=False) writes strings with this very function.
_string = json.encoder.encode_basestring


def quick_json(obj: Any) -> str:
    """``to_json(obj)`` for a model or a list or tuple of models, written straight
    to text: the same characters as :func:`json.dumps` of :func:`to_dict` with
    its default separators. Raises :class:`Reject` for anything else."""
    memo: dict[Any, str] = {}
    kind = type(obj)
    if kind is not list and kind is not tuple:
        return writer(kind)(obj, memo)
    if not obj:
        return "[]"
    parts = []
    last: type | None = None
    write: _Write = reject
    for item in obj:
        if type(item) is not last:  # a list is mostly of one class
            last = type(item)
            write = writer(last)
        parts.append(write(item, memo))
    # The brackets on the first and last items: the document is copied once, by
    # the join, not again by adding them around it.
    parts[0] = "[" + parts[0]
    parts[-1] += "]"
    return ", ".join(parts)


def _new_day(day: dt.date, memo: dict[Any, str]) -> str:
    text = memo[day] = f'"{day.isoformat()}"'
    return text


def reject(value: Any, memo: dict[Any, str]) -> str:
    raise Reject


def writer(cls: Any) -> _Write:
    """The generated writer of one model class (it rejects any other class)."""
    found = WRITERS.get(cls)
    if found is None:
        found = WRITERS[cls] = _make_writer(cls)
    return found


WRITERS: dict[Any, _Write] = {}


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
        write = code.name(writer(t), "write")
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
    if origin is frozenset and len(args) == 1 and args[0] not in MODELS:
        # (The converter writes a set of models unsorted and unstructured.)
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
        return enum_value
    return _identity


def _identity(value: Any) -> Any:
    return value


def _text_object(value: Mapping[Any, Any]) -> str:
    parts = []
    for key, item in value.items():
        if type(key) is not str or type(item) is not str:
            raise Reject
        parts.append(f"{_string(key)}: {_string(item)}")
    return "{" + ", ".join(parts) + "}"


def _item_writer(t: Any, code: _Code) -> str | None:
    """The name of a ``(value, memo) -> text`` for one item of type ``t``."""
    from ctpat._models import MODELS

    if t in MODELS:
        return code.name(writer(t), "write")  # it checks the type itself
    found = _text_of(t, "x", code)
    if found is None:
        return None
    reject, text = found
    write = code.function(
        "write", ["def write(x, memo):", f"    if {reject}: raise Reject", f"    return {text}"]
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


def _fstring(literal: str, text: str, after: str = "") -> str:
    """Source of an f-string: ``literal`` (quote-free JSON such as ``, "on": ``),
    the value of the expression ``text``, then the literal ``after``."""
    return _joined([(literal, text, after)])


def _make_writer(cls: Any) -> _Write:
    """The writer of one model class, or one that rejects everything (not a model,
    or a field type without quick code)."""
    from ctpat._models import MODELS

    if cls not in MODELS:
        return reject
    code = _writer_code()
    found = _writer_body(cls, code, "o", "")
    if found is None:
        return reject
    lines, text = found
    return code.function(  # type: ignore[no-any-return]
        "write", ["def write(o, memo):", *_indent(lines), f"    return {text}"]
    )


def _writer_body(cls: Any, code: _Code, o: str, p: str) -> tuple[list[str], str] | None:
    """Statements that check model ``o`` and an expression for its JSON text, with
    variables prefixed by ``p``. Fields as cattrs orders them; one equal to its default left
    out (cattrs' ``omit_if_default``: the default is compared after the field's
    converter). The fields always written come first in one f-string, the
    others are added if present (a record with none of them is one f-string,
    closed); a tuple of models is written in a loop here rather than by a call
    per item."""
    import attrs

    from ctpat._models import MODELS, field_types

    hints = field_types(cls)
    body = [f"if type({o}) is not {code.name(cls, 'cls')}: raise Reject"]
    # The fields always written make a fixed prefix, "{" plus them; after it a
    # field that may be left out needs a separator only if something came before.
    fixed: list[tuple[str, str, str]] = []  # (literal, expression, literal) of the prefix
    optional: list[tuple[str, list[str]]] = []  # (condition, statements) of the others
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
        opening, after = "", ""  # literals around the value's text
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
            # The brackets go into the literals around the items' text.
            reject, text = f"type({v}) is not tuple", f"_comma.join({items})"
            opening, after = "[", "]"
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
        head = json.dumps(field.name) + ": " + opening
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
        if condition is None:
            # Fields come required first: these make the fixed prefix, and
            # their checks are made in one go.
            assert not optional
            rejects.append(reject)
            if before:
                body += [f"if {' or '.join(rejects)}: raise Reject", *before]
                rejects = []
            fixed.append(((", " if fixed else "{") + head, text, after))
            continue
        # A field with a default, written if it differs: it needs a separator if
        # anything came before it.
        if fixed:
            add = f"{s} += {_fstring(', ' + head, text, after)}"
        else:
            first, later = _fstring(head, text, after), _fstring(", " + head, text, after)
            add = f"{s} += ({first} if len({s}) == 1 else {later})"
        written = [f"if {reject}: raise Reject", *before, add]
        optional.append((condition, [f"if {condition}:", *_indent(written)]))
    if rejects:
        body.append(f"if {' or '.join(rejects)}: raise Reject")
    if not fixed:
        closed, opened = "'{}'", repr("{")
    else:
        literal, text, after = fixed[-1]
        closed, opened = _joined([*fixed[:-1], (literal, text, after + "}")]), _joined(fixed)
    if not optional:
        return body, closed
    # Most records leave every field with a default out: their text is the
    # fixed prefix, closed, in one f-string.
    result = f"{p}r"
    body += [
        f"if not ({' or '.join(condition for condition, _ in optional)}):",
        f"    {result} = {closed}",
        "else:",
        f"    {s} = {opened}",
        *_indent([line for _, lines in optional for line in lines]),
        f"    {result} = {s} + '}}'",
    ]
    return body, result


def _joined(parts: list[tuple[str, str, str]]) -> str:
    """One f-string of literals and expressions in turn."""

    def literal(text: str) -> str:
        return text.replace("{", "{{").replace("}", "}}")

    source = "".join(
        literal(before) + "{" + text + "}" + literal(after) for before, text, after in parts
    )
    return f"f'{source}'"
