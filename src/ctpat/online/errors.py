"""The errors of the online adapters: each names the service that caused it.

>>> from ctpat.evidence import OfficialService
>>> from ctpat.online.errors import MalformedAnswer
>>> err = MalformedAnswer(OfficialService.EU_AEO, "not XML")
>>> str(err), isinstance(err, ValueError)
('the EU AEO service: unreadable answer: not XML', True)
"""

from __future__ import annotations

from typing import Any

from ctpat.errors import CtpatError
from ctpat.evidence import OfficialService

__all__ = ["MalformedAnswer", "ServiceError", "ServiceUnavailable"]


class ServiceError(CtpatError):
    """An official service refused a request or could not answer it.

    ``service`` is the :class:`~ctpat.evidence.OfficialService`; ``detail``
    says what happened. The clients turn these errors into ``unavailable``
    evidence for the numbers concerned; they reach a caller only from the
    parsing functions.
    """

    def __init__(self, service: OfficialService, detail: str) -> None:
        self.service = service
        self.detail = detail
        super().__init__(self._describe())

    @property
    def reason(self) -> str:
        """What happened, without the service's name (for an evidence record)."""
        return f"refused the request: {self.detail}"

    def _describe(self) -> str:
        return f"{self.service.label}: {self.reason}"

    def __reduce__(self) -> tuple[Any, ...]:
        return (type(self), (self.service, self.detail))

    def __str__(self) -> str:
        return self._describe()


class ServiceUnavailable(ServiceError, ConnectionError):
    """The service could not be reached or kept failing (timeouts, 5xx, 429),
    within the retry policy's attempts and time budget."""

    @property
    def reason(self) -> str:
        """What happened, without the service's name (for an evidence record)."""
        return f"unavailable: {self.detail}"


class MalformedAnswer(ServiceError, ValueError):
    """The service answered with something that cannot be read as its answer:
    not XML or JSON, a forbidden construct (a DTD, entities), too large, or
    not the documented shape."""

    @property
    def reason(self) -> str:
        """What happened, without the service's name (for an evidence record)."""
        return f"unreadable answer: {self.detail}"
