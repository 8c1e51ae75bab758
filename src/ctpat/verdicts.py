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


@attrs.frozen
class Verdict:
    """Whether something is accepted on a date, and why.

    ``bool(verdict)`` is ``verdict.ok``. ``reasons`` lists every reason,
    including informational ``condition`` and ``deadline-overdue`` ones;
    ``data_version`` names the reference data the answer was computed from.
    ``by`` is the program asked and ``certification`` the certification the
    verdict is about, when there is one. :attr:`deciding` is the reason that
    decided it, and :attr:`arrangement` that reason's arrangement: every output
    (tables, CSV, JSON, the HTML report) names them from here. Raises nothing:
    verdicts are built by the library, and their fields are not checked.
    """

    ok: bool
    on: dt.date
    reasons: tuple[Reason, ...]
    data_version: str
    by: str | None = None
    certification: Certification | None = None

    def __bool__(self) -> bool:
        return self.ok

    def codes(self) -> tuple[ReasonCode, ...]:
        """The codes of the reasons, in order. Raises nothing."""
        return tuple(reason.code for reason in self.reasons)

    def has(self, code: ReasonCode) -> bool:
        """Whether a reason with this code is present. Raises nothing."""
        return any(reason.code is code for reason in self.reasons)

    @property
    def deciding(self) -> Reason | None:
        """The reason that decided the verdict: its first reason that neither
        informs (``condition``, ``deadline-overdue``, ...) nor merely states that
        a certification is valid; else its first reason; ``None`` without reasons.

        For a pass under an arrangement that is the arrangement relied on, for a
        pass on a program's own certification ``same-program``; for a refusal,
        what refused it (the certification's status, the arrangement missing,
        not in force or not covering it); for an unverified participant, why it
        could not be verified. Raises nothing.

        >>> from datetime import date
        >>> import ctpat
        >>> aeo = ctpat.Certification.grant("EU-AEO", "x", on=date(2019, 4, 1), level="AEOF")
        >>> ctpat.reference().recognizes("CTPAT", aeo, on=date(2026, 1, 15)).deciding.code
        <ReasonCode.ARRANGEMENT_IN_FORCE: 'arrangement-in-force'>
        """
        reasons = self.reasons
        for reason in reasons:
            code = reason.code
            if code is not ReasonCode.VALID and not code.is_informational:
                return reason
        return reasons[0] if reasons else None

    @property
    def arrangement(self) -> str | None:
        """The id of the arrangement the :attr:`deciding` reason names, if any:
        the one relied on for a pass, the one that refused a refusal. Raises nothing.
        """
        deciding = self.deciding
        return None if deciding is None else deciding.arrangement

    def explain(self) -> str:
        """The verdict in plain English: a heading line, then one line a reason.

        Raises nothing.
        """
        head = "Accepted" if self.ok else "Not accepted"
        who = f" by {self.by}" if self.by else ""
        lines = [f"{head}{who} on {self.on} (reference data {self.data_version}):"]
        lines.extend(f"- {reason.message}" for reason in self.reasons)
        return "\n".join(lines)
