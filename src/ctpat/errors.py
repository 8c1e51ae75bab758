"""The exceptions ctpat raises.

Every exception derives from :class:`CtpatError` and also from the builtin a
caller would naturally catch (``ValueError`` or ``LookupError``), and each keeps
the offending field and value as attributes so that tools can report them.

>>> from ctpat.errors import CtpatError, UnknownProgram
>>> err = UnknownProgram("XX-AEO")
>>> isinstance(err, LookupError), isinstance(err, CtpatError)
(True, True)
>>> str(err)
"unknown program 'XX-AEO'"
"""

from __future__ import annotations

import reprlib
from collections.abc import Iterable
from typing import Any

import attrs

__all__ = [
    "CtpatError",
    "DataError",
    "InvalidIdentifier",
    "InvalidTransition",
    "Problem",
    "UnknownParticipant",
    "UnknownProgram",
]


# Values in messages come from files and callers nobody checked: a megabyte of
# text or a list nested thousands deep is shown in part, never in full.
_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 160
_REPR.maxlevel = 6
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = _REPR.maxfrozenset = 12


def shown(value: object) -> str:
    """How an error message shows a bad value: its ``repr``, shortened if long or deep.

    >>> shown("XX"), shown([[[[[[[[1]]]]]]]])
    ("'XX'", '[[[[[[[...]]]]]]]')
    """
    return _REPR.repr(value)


class CtpatError(Exception):
    """Base class of every error raised by ctpat."""


class InvalidIdentifier(CtpatError, ValueError):
    """An identifier (EORI, MID, LEI, ...) is malformed.

    ``scheme`` names the identifier scheme and ``value`` the rejected input.
    """

    def __init__(self, message: str, *, scheme: str | None = None, value: object = None) -> None:
        self.scheme = scheme
        self.value = value
        self.message = message
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.message, {"scheme": self.scheme, "value": self.value}))

    def __str__(self) -> str:
        prefix = f"invalid {self.scheme} " if self.scheme else "invalid identifier "
        return f"{prefix}{shown(self.value)}: {self.message}"


class InvalidTransition(CtpatError, ValueError):
    """An event cannot happen to a certification in its current status.

    ``status`` is the status before the event (a :class:`ctpat.Status`),
    ``event`` the rejected event, ``on`` its date and ``index`` its position in
    the certification's history when known.
    """

    def __init__(
        self,
        message: str,
        *,
        status: object,
        event: object,
        on: object,
        index: int | None = None,
    ) -> None:
        self.status = status
        self.event = event
        self.on = on
        self.index = index
        self.message = message
        super().__init__(message)

    def __reduce__(self) -> tuple[Any, ...]:
        kwargs = {"status": self.status, "event": self.event, "on": self.on, "index": self.index}
        return (_rebuild, (type(self), self.message, kwargs))

    def __str__(self) -> str:
        return self.message


def _rebuild(cls: type[Exception], message: str, kwargs: dict[str, Any]) -> Exception:
    return cls(message, **kwargs)


@attrs.frozen
class Problem:
    """One problem found in input data: where it is, what was there, what is wrong.

    Raises nothing: its fields are not checked.

    >>> str(Problem("events[2].on", "2024-13-01", "not a valid date"))
    "events[2].on: not a valid date (got '2024-13-01')"
    """

    path: str
    value: Any
    message: str

    def __str__(self) -> str:
        where = self.path or "(root)"
        return f"{where}: {self.message} (got {shown(self.value)})"


class DataError(CtpatError, ValueError):
    """Input data (a model field, a JSON document, a CSV row) is invalid.

    ``problems`` lists every problem found, each with its path and bad value;
    ``field`` and ``value`` are those of the first one.

    >>> err = DataError.at("country", "XX1", "not an ISO 3166-1 alpha-2 code")
    >>> err.field, err.value
    ('country', 'XX1')
    """

    def __init__(self, problems: Iterable[Problem]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        if not self.problems:
            raise ValueError("DataError needs at least one problem")
        super().__init__(self._message())

    @classmethod
    def at(cls, field: str, value: object, message: str) -> DataError:
        """A data error with a single problem at ``field``."""
        return cls([Problem(field, value, message)])

    @property
    def field(self) -> str:
        """The path of the first problem."""
        return self.problems[0].path

    @property
    def value(self) -> Any:
        """The bad value of the first problem."""
        return self.problems[0].value

    def prefixed(self, prefix: str) -> DataError:
        """The same problems with ``prefix`` put in front of every path."""
        return DataError(Problem(_join(prefix, p.path), p.value, p.message) for p in self.problems)

    def _message(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems:"]
        lines.extend(f"  {p}" for p in self.problems)
        return "\n".join(lines)

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.problems,))


def _join(prefix: str, path: str) -> str:
    if not prefix:
        return path
    if not path:
        return prefix
    if path.startswith("["):
        return prefix + path
    return f"{prefix}.{path}"


class UnknownProgram(CtpatError, LookupError):
    """No program with this code is known to the registry."""

    def __init__(self, code: str) -> None:
        self.code = code
        super().__init__(code)

    def __str__(self) -> str:
        return f"unknown program {shown(self.code)}"


class UnknownParticipant(CtpatError, LookupError):
    """No participant with this id or identifier is known to the registry."""

    def __init__(self, key: str) -> None:
        self.key = key
        super().__init__(key)

    def __str__(self) -> str:
        return f"unknown participant {self.key!r}"
