"""The one policy for reading JSON, for every JSON document ctpat reads (private).

The JSON grammar lets through what a compliance record must never carry, and
the standard library's reader passes it on silently. :func:`loads` reads a
document as :func:`json.loads` does and refuses, with a
:class:`~ctpat.errors.DataError` naming the path:

* a key repeated in one object (``json.loads`` keeps the later value: a
  second ``"events"`` key would silently drop a suspension);
* lists and objects nested more than :data:`MAX_DEPTH` levels deep (the
  deepest ctpat document needs six; deeper input would otherwise exhaust the
  interpreter's recursion limit, here or in whatever handles the value next);
* a string holding a lone surrogate such as ``"\\ud800"`` (not text: no output
  format can write it); a surrogate *pair* is one character and is fine;
* ``NaN`` and ``Infinity``, which are not JSON, bytes that are not UTF-8, and
  anything else ``json.loads`` refuses.

>>> loads('{"kind": "suspended", "on": "2025-03-01"}')
{'kind': 'suspended', 'on': '2025-03-01'}
>>> loads('{"events": [], "events": [{"kind": "suspended"}]}')
Traceback (most recent call last):
...
ctpat.errors.DataError: events: repeated key: each key may appear once in an object (got 'events')
"""

from __future__ import annotations

import json
import re
from typing import Any

from ctpat.errors import DataError, Problem

__all__ = ["MAX_DEPTH", "check_depth", "join", "loads"]

#: How deeply lists and objects may nest in a JSON document ctpat reads.
MAX_DEPTH = 100

_CONTAINERS = (dict, list)
# A token of JSON text that can change the nesting or the path: a string, a bracket,
# a comma or a colon (used only to name where a document nests too deep).
_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{},:]', re.DOTALL)


def loads(text: str | bytes) -> Any:
    """The value of the JSON document ``text`` under ctpat's policy (see the module).

    Raises :class:`~ctpat.errors.DataError` naming the path of the first problem.

    >>> loads(b'[1, [2, {"a": null}]]')
    [1, [2, {'a': None}]]
    >>> loads('{"a": ' + '[' * 100 + ']' * 100 + '}')
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: a[0][0]...[0]: nested more than 100 levels deep (got 'list')
    """
    if isinstance(text, (bytes, bytearray)):
        try:
            text = bytes(text).decode(json.detect_encoding(text))
        except UnicodeDecodeError as exc:
            raise DataError.at(
                "", _preview(text), f"not a JSON document: not UTF-8 text ({exc.reason})"
            ) from None
    elif not isinstance(text, str):
        raise DataError.at(
            "", _preview(text), f"not a JSON document: not text but {type(text).__name__}"
        )
    try:
        value = _DECODER.decode(text)
    except _Repeated:
        # Read again, noting each object with a repeated key, to name them all.
        repeated: list[tuple[dict[str, Any], str]] = []

        def note(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
            made = dict(pairs)
            if len(made) != len(pairs):
                repeated.append((made, _first_repeated(pairs)))
            return made

        _check(_decoder(note).decode(text), repeated)
        raise AssertionError("unreachable: _check raises") from None  # pragma: no cover
    except RecursionError:
        raise _too_deep(text) from None
    except ValueError as exc:  # includes json.JSONDecodeError
        if isinstance(exc, DataError):
            raise
        raise DataError.at("", _preview(text), f"not a JSON document: {exc}") from None
    # Fewer brackets than the bound cannot nest past it (most documents: no walk).
    if text.count("[") + text.count("{") > MAX_DEPTH and not _shallow(value):
        check_depth(value)
    # A lone surrogate is written as an escape, or sits in a ``str`` as it is.
    surrogates = "\\ud" in text or "\\uD" in text or not _encodable(text)
    if surrogates and not _all_text(value):
        _check(value, [])
    return value


class _Repeated(Exception):
    """An object of the document repeats a key."""


def _pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    made = dict(pairs)
    if len(made) != len(pairs):
        raise _Repeated
    return made


def join(path: str, key: object) -> str:
    """``path`` extended by an object's key or a list's index, as problems write it.

    >>> join(join(join("", 12), "events"), 2)
    '[12].events[2]'
    """
    if isinstance(key, int):
        return f"{path}[{key}]"
    if not path:
        return str(key)
    if not str(key):
        return path
    return f"{path}[{key}]" if str(key).startswith("[") else f"{path}.{key}"


def check_depth(value: Any) -> None:
    """Raise :class:`~ctpat.errors.DataError` if lists and objects in ``value`` nest
    deeper than :data:`MAX_DEPTH`, naming the path to the first one too deep.

    Works without recursion, on any Python data (tuples count as lists).

    >>> check_depth([[["deep enough"]]])
    """
    # Each entry: the value, its depth, and its trail (key, parent's trail), of
    # which a path is only made for the error.
    stack: list[tuple[Any, int, Any]] = [(value, 0, None)]
    while stack:
        item, depth, trail = stack.pop()
        kind = type(item)
        if kind is dict or kind is list or kind is tuple:
            if depth == MAX_DEPTH:
                keys = []
                while trail is not None:
                    key, trail = trail
                    keys.append(key)
                path = ""
                for key in reversed(keys):
                    path = join(path, key)
                raise DataError.at(
                    path, kind.__name__, f"nested more than {MAX_DEPTH} levels deep"
                )
            items = item.items() if kind is dict else enumerate(item)
            stack.extend(reversed([(child, depth + 1, (key, trail)) for key, child in items]))


def _constant(name: str) -> Any:
    raise DataError.at("", name, "not a JSON document: NaN and Infinity are not JSON values")


def _decoder(pairs: Any) -> json.JSONDecoder:
    return json.JSONDecoder(object_pairs_hook=pairs, parse_constant=_constant)


# Built once: ``json.loads`` with a hook would build a decoder on every call.
_DECODER = _decoder(_pairs)


def _encodable(text: str) -> bool:
    if text.isascii():
        return True
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _all_text(value: Any) -> bool:
    """Whether every string in ``value`` is text (holds no lone surrogate)."""
    stack = [value]
    while stack:
        item = stack.pop()
        kind = type(item)
        if kind is str:
            if not _encodable(item):
                return False
        elif kind is dict:
            stack.extend(item)
            stack.extend(item.values())
        elif kind is list:
            stack.extend(item)
    return True


def _shallow(value: Any) -> bool:
    """Whether lists and objects in ``value`` nest at most :data:`MAX_DEPTH` deep
    (level by level, without recursion)."""
    level = [value] if type(value) in _CONTAINERS else []
    for _ in range(MAX_DEPTH):
        below: list[Any] = []
        for item in level:
            below += [
                v
                for v in (item.values() if type(item) is dict else item)
                if type(v) in _CONTAINERS
            ]
        if not below:
            return True
        level = below
    return False


def _first_repeated(pairs: list[tuple[str, Any]]) -> str:
    seen: set[str] = set()
    for key, _ in pairs:
        if key in seen:
            return key
        seen.add(key)
    raise AssertionError("called only for pairs with a repeated key")  # pragma: no cover


def _check(value: Any, repeated: list[tuple[dict[str, Any], str]]) -> None:
    """Raise a :class:`DataError` naming every repeated key and lone surrogate in ``value``.

    Objects are named after what they hold, so problems come in the order their
    places close in the text. A repeated key in an object that was itself
    replaced by a later value is gone from ``value``, and is not named.
    """
    # ``repeated`` holds the objects themselves, so no identity is reused meanwhile.
    marked = {id(made): key for made, key in repeated}
    problems: list[Problem] = []
    stack: list[tuple[Any, str]] = [(value, "")]
    while stack:
        item, path = stack.pop()
        kind = type(item)
        if kind is Problem:
            problems.append(item)
        elif kind is str:
            if not _encodable(item):
                problems.append(Problem(path, item, _SURROGATE))
        elif kind is dict:
            if id(item) in marked:
                key = marked[id(item)]
                stack.append((Problem(join(path, _key(key)), key, _REPEATED), ""))
            children = [(v, join(path, _key(k))) for k, v in item.items()]
            # Keys are strings too.
            children += [(k, join(path, _key(k))) for k in item if not _encodable(k)]
            stack.extend(reversed(children))
        elif kind is list:
            stack.extend(reversed([(v, join(path, i)) for i, v in enumerate(item)]))
    raise DataError(problems)


_REPEATED = "repeated key: each key may appear once in an object"
_SURROGATE = "not text: a lone surrogate (an unpaired \\ud800-\\udfff escape)"


def _key(key: str) -> str:
    return key if _encodable(key) else repr(key)


def _too_deep(text: str) -> DataError:
    """The error for a document nesting deeper than :data:`MAX_DEPTH`, naming the
    path of the first list or object too deep (read from the text, without recursion)."""
    stack: list[list[Any]] = []  # [kind, key or index] of each open list or object
    expect_key = False
    for match in _TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            if len(stack) == MAX_DEPTH:
                path = ""
                for _, step in stack:
                    path = join(path, step)
                kind = "list" if token == "[" else "dict"
                return DataError.at(path, kind, f"nested more than {MAX_DEPTH} levels deep")
            stack.append([token, 0 if token == "[" else ""])
            expect_key = token == "{"
        elif token in "]}":
            if stack:
                stack.pop()
            expect_key = False
        elif token == ",":
            if stack and stack[-1][0] == "[":
                stack[-1][1] += 1
            expect_key = bool(stack) and stack[-1][0] == "{"
        elif token == ":":
            expect_key = False
        elif expect_key and stack:
            try:
                stack[-1][1] = _key(json.loads(token))
            except ValueError:
                stack[-1][1] = token[1:-1]
    return DataError.at("", _preview(text), f"nested more than {MAX_DEPTH} levels deep")


def _preview(text: object) -> object:
    if isinstance(text, str) and len(text) > 60:
        return text[:57] + "..."
    if isinstance(text, (bytes, bytearray)) and len(text) > 60:
        return bytes(text[:57]) + b"..."
    return text
