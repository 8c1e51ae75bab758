"""Arguments of the wrong type named at the public boundary (private).

:func:`boundary` wraps a public function or method. On the happy path it adds
nothing but a call: no argument is inspected. When the call fails with a
``TypeError`` or ``AttributeError`` -- what Python raises when a value of the
wrong type reaches code that expected another -- the arguments are checked
against the function's annotations, and the first one that does not fit is
named in a ``TypeError`` (``registry: must be Registry, not NoneType``). If
every argument fits, the original error is a bug of ours and escapes as it is.

>>> @boundary
... def twice(text: str) -> str:
...     return text.upper() * 2
>>> twice(None)
Traceback (most recent call last):
...
TypeError: twice() argument 'text': must be str, not NoneType
"""

from __future__ import annotations

import datetime as dt
import functools
import types
import typing
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from typing import Any, ParamSpec, TypeVar

__all__ = ["boundary", "matches"]

_COLLECTIONS = frozenset({Iterable, Mapping, Sequence, Collection})

P = ParamSpec("P")
R = TypeVar("R")


def boundary(func: Callable[P, R]) -> Callable[P, R]:
    """``func``, raising a ``TypeError`` that names a mistyped argument (see above)."""

    @functools.wraps(func)
    def checked(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except (TypeError, AttributeError):
            _name_the_argument(func, args, kwargs)
            raise

    return checked


def _name_the_argument(func: Callable[..., Any], args: Any, kwargs: Any) -> None:
    import inspect  # only when a call has failed: it is costly to import

    try:
        bound = inspect.signature(func).bind(*args, **kwargs)
    except TypeError:  # the wrong number of arguments: Python's own message says so
        return
    for name, value in bound.arguments.items():
        hint = _hint(func, bound.signature.parameters[name].annotation)
        if hint is None:  # unannotated (self, cls) or only known to type checkers
            continue
        kind = bound.signature.parameters[name].kind
        if kind is inspect.Parameter.VAR_POSITIONAL:
            values = value
        elif kind is inspect.Parameter.VAR_KEYWORD:
            values = tuple(value.values())
        else:
            values = (value,)
        for each in values:
            if not matches(each, hint):
                raise TypeError(
                    f"{func.__name__}() argument {name!r}: must be {_describe(hint)}, "
                    f"not {type(each).__name__}"
                ) from None


def _hint(func: Callable[..., Any], annotation: object) -> Any:
    """The annotation as a type, or ``None`` if it names what only a type checker
    sees (an import under ``TYPE_CHECKING``)."""
    if annotation is _empty() or annotation is None:
        return None
    if not isinstance(annotation, str):
        return annotation
    try:
        return eval(annotation, getattr(func, "__globals__", {}))
    except (NameError, AttributeError, TypeError, SyntaxError):
        return None


def _empty() -> object:
    import inspect  # only when a call has failed

    return inspect.Parameter.empty


def matches(value: object, hint: Any) -> bool:
    """Whether ``value`` fits the annotation ``hint`` at its top level.

    >>> matches(None, int | None), matches("x", Iterable[str]), matches(True, int)
    (True, False, False)
    """
    if hint is Any or isinstance(hint, TypeVar):
        return True
    if hint is None or hint is type(None):
        return value is None
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return any(matches(value, arg) for arg in typing.get_args(hint))
    if origin is typing.Literal:
        return value in typing.get_args(hint)
    if origin is None:
        if not isinstance(hint, type):
            return True  # a form not checked here
        if hint is dt.date:
            return type(value) is dt.date
        if hint is int:
            return type(value) is int
        return isinstance(value, hint)
    if origin is type:
        return isinstance(value, type)
    if not isinstance(value, origin):
        return False
    if origin in _COLLECTIONS:
        # A string is a sequence, but never the collection a signature means.
        return not isinstance(value, (str, bytes))
    return True


def _describe(hint: Any) -> str:
    origin = typing.get_origin(hint)
    if origin in (typing.Union, types.UnionType):
        return " or ".join(_describe(arg) for arg in typing.get_args(hint))
    if hint is None or hint is type(None):
        return "None"
    if origin is not None:
        return f"a {getattr(origin, '__name__', str(origin))}"
    return getattr(hint, "__name__", str(hint))
