"""Verdicts: an answer on a date, with every reason that led to it.

>>> from datetime import date
>>> from ctpat import Reason, ReasonCode, Verdict
>>> verdict = Verdict(
...     ok=True,
...     on=date(2026, 1, 15),
...     reasons=(Reason(ReasonCode.VALID, "CTPAT certification acme is certified since 2024-01-10"),),
...     data_version="2026-12-02",
... )
>>> bool(verdict)
True
>>> print(verdict.explain())
Accepted on 2026-01-15 (reference data 2026-12-02):
- CTPAT certification acme is certified since 2024-01-10
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import attrs

from ctpat import _validation as v
from ctpat.certifications import Certification
from ctpat.enums import ReasonCode

__all__ = ["Reason", "Verdict"]


@attrs.frozen
class Reason:
    """One reason behind a verdict: a stable code, a plain-English message and,
    where one is relied on or missing, the arrangement's id.

    Raises :class:`~ctpat.errors.DataError` naming the field for a value of
    the wrong type or an empty or padded text.
    """

    code: ReasonCode
    message: str
    arrangement: str | None = None

    def __attrs_post_init__(self) -> None:
        # Every verdict builds a few reasons: check in one expression, and only
        # name the problem (through the validators) when there is one.
        code, message, arrangement = self.code, self.message, self.arrangement
        if (
            type(code) is not ReasonCode
            or type(message) is not str
            or not message
            or message.strip() != message
            or (
                arrangement is not None
                and (type(arrangement) is not str or arrangement.strip() != arrangement)
            )
            or arrangement == ""
        ):
            v.member("code", code, ReasonCode)
            v.text("message", message)
            v.optional_text("arrangement", arrangement)


class _Deferred:
    """Where a verdict keeps how to word its reasons until they are first read (private).

    A slot of a plain base class rather than an attrs field, so that it is no
    part of the model: not compared, hashed, shown, copied, pickled or written.
    """

    __slots__ = ("_why",)
    _why: Callable[[], tuple[Reason, ...]] | None


@attrs.frozen
class Verdict(_Deferred):
    """Whether something is accepted on a date, and why.

    ``bool(verdict)`` is ``verdict.ok``. ``reasons`` lists every reason,
    including informational ``condition`` and ``deadline-overdue`` ones;
    ``data_version`` names the reference data the answer was computed from.
    ``by`` is the program asked and ``certification`` the certification the
    verdict is about, when there is one. Raises nothing: verdicts are built
    by the library, and their fields are not checked.

    The library may word the reasons the first time they are read (the
    decision is made at once): they are worked out once, by the same function
    that made the decision, and the verdict is then exactly the one built with
    them, equal to it and as immutable.
    """

    ok: bool
    on: dt.date
    reasons: tuple[Reason, ...]
    data_version: str
    by: str | None = None
    certification: Certification | None = None

    @classmethod
    def _deferred(
        cls,
        ok: bool,
        on: dt.date,
        why: Callable[[], tuple[Reason, ...]],
        data_version: str,
        by: str | None,
        certification: Certification | None,
    ) -> Verdict:
        """A verdict whose reasons ``why()`` works out when they are first read."""
        verdict = cls(ok, on, _PENDING, data_version, by, certification)
        object.__setattr__(verdict, "_why", why)  # the private base's slot, not a field
        return verdict

    def __bool__(self) -> bool:
        return self.ok

    def codes(self) -> tuple[ReasonCode, ...]:
        """The codes of the reasons, in order. Raises nothing."""
        return tuple(reason.code for reason in self.reasons)

    def has(self, code: ReasonCode) -> bool:
        """Whether a reason with this code is present. Raises nothing."""
        return any(reason.code is code for reason in self.reasons)

    @property
    def arrangement(self) -> str | None:
        """The id of the arrangement the verdict turned on, if any.

        The arrangement relied on when one is in force; otherwise the one
        whose dates, levels or roles did not cover the certification.
        """
        for reason in self.reasons:
            if reason.code is ReasonCode.ARRANGEMENT_IN_FORCE:
                return reason.arrangement
        for reason in self.reasons:
            if reason.arrangement is not None and not reason.code.is_informational:
                return reason.arrangement
        return None

    def explain(self) -> str:
        """The verdict in plain English: a heading line, then one line a reason.

        Raises nothing.
        """
        head = "Accepted" if self.ok else "Not accepted"
        who = f" by {self.by}" if self.by else ""
        lines = [f"{head}{who} on {self.on} (reference data {self.data_version}):"]
        lines.extend(f"- {reason.message}" for reason in self.reasons)
        return "\n".join(lines)


_REASONS: Any = Verdict.__dict__["reasons"]  # the slot attrs made for the field
#: What a deferred verdict's ``reasons`` slot holds until they are first read.
_PENDING: Any = object()


class _Reasons:
    """The ``reasons`` field of :class:`Verdict`: its slot, filled by the
    verdict's ``_why`` on first read when it was built without them."""

    __slots__ = ()

    def __get__(self, verdict: Verdict | None, owner: type | None = None) -> Any:
        if verdict is None:
            return self
        reasons = _REASONS.__get__(verdict, owner)
        if reasons is not _PENDING:
            return reasons
        why = verdict._why
        if why is None:  # pragma: no cover - another thread worded them meanwhile
            return _REASONS.__get__(verdict, owner)
        # Two threads may both word them: the same function gives equal reasons.
        reasons = why()
        _REASONS.__set__(verdict, reasons)
        object.__setattr__(verdict, "_why", None)  # what it held is no longer needed
        return reasons

    def __set__(self, verdict: Verdict, value: object) -> None:
        _REASONS.__set__(verdict, value)

    def __delete__(self, verdict: Verdict) -> None:
        _REASONS.__delete__(verdict)


# Verdict's own generated methods (eq, hash, repr, pickling, evolve) read the
# field through this, so a verdict with deferred reasons behaves as one built
# with them.
setattr(Verdict, "reasons", _Reasons())  # noqa: B010 - mypy keeps the field's type
