"""Clients for the EU EORI, EU AEO and HMRC EORI services, and one front for all three.

Every client takes numbers, drops repeats, answers from its cache what it
can, asks the service for the rest in batches of the service's size, and
returns one :class:`~ctpat.evidence.Evidence` a distinct number, in the
order given. A batch the service does not answer (failure, timeout, rate
limit, unreadable answer) gives ``unavailable`` evidence with the reason for
each of its numbers: never "registered", never "not registered". Only a
malformed *input* number raises (:class:`~ctpat.errors.DataError`).

>>> import httpx
>>> from ctpat.online import EuEoriClient, Policy
>>> def down(request: httpx.Request) -> httpx.Response:
...     return httpx.Response(503)
>>> client = EuEoriClient(
...     transport=httpx.MockTransport(down), policy=Policy(attempts=1, rate=None))
>>> [(e.query, e.finding.value, e.reason) for e in client.check(["de 123456789", "DE123456789"])]
[('DE123456789', 'unavailable', 'unavailable: HTTP 503, after 1 attempts')]
"""

from __future__ import annotations

import abc
from collections.abc import Callable, Iterable, Mapping, Sequence
from types import MappingProxyType, TracebackType
from typing import ClassVar, Protocol

import httpx

from ctpat.errors import DataError, InvalidIdentifier
from ctpat.evidence import Evidence, Finding, OfficialService
from ctpat.identifiers import SCHEMES
from ctpat.online import _parse
from ctpat.online._http import Caller, ExpiringCache, Policy, Timing
from ctpat.online.errors import ServiceError, ServiceUnavailable

__all__ = [
    "EU_AEO_URL",
    "EU_EORI_URL",
    "HMRC_EORI_URL",
    "Checker",
    "EuAeoClient",
    "EuEoriClient",
    "HmrcEoriClient",
    "OfficialServices",
    "Progress",
]

#: The EOS EORI validation endpoint (SOAP).
EU_EORI_URL = "https://ec.europa.eu/taxation_customs/dds2/eos/validation/services/validation"
#: The EOS AEO consultation endpoint (SOAP, ``retrieveAEO``).
EU_AEO_URL = "https://ec.europa.eu/taxation_customs/dds2/eos/validation/services/aeo-retrieve"
#: HMRC's check-multiple-eori endpoint (REST/JSON, open access).
HMRC_EORI_URL = "https://api.service.hmrc.gov.uk/customs/eori/lookup/check-multiple-eori"

#: Called with (numbers done, numbers in all) after each batch.
Progress = Callable[[int, int], None]


class Checker(Protocol):
    """What vetting needs from the official services: check EORIs, find AEO authorisations."""

    def check_eori(
        self, numbers: Iterable[str], *, progress: Progress | None = None
    ) -> list[Evidence]:
        """One evidence record a distinct EORI number."""
        ...

    def find_aeo(
        self, numbers: Iterable[str], *, progress: Progress | None = None
    ) -> list[Evidence]:
        """One evidence record a distinct EU AEO authorisation number."""
        ...


def _normalise(scheme: str, numbers: Iterable[str]) -> list[str]:
    """The distinct numbers, validated and compacted, in the order given."""
    if isinstance(numbers, str):
        raise DataError.at("numbers", numbers, "must be a list of numbers, not one string")
    validate = SCHEMES[scheme].validate
    clean: dict[str, None] = {}
    for index, number in enumerate(numbers):
        try:
            clean[validate(number)] = None
        except InvalidIdentifier as err:  # noqa: PERF203 (raising ends the loop)
            raise DataError.at(f"numbers[{index}]", number, err.message) from None
    return list(clean)


class _Client(abc.ABC):
    """The batching, de-duplication and caching every client shares."""

    service: ClassVar[OfficialService]
    batch_size: ClassVar[int]
    scheme: ClassVar[str]
    default_url: ClassVar[str]
    headers: ClassVar[Mapping[str, str]]

    def __init__(
        self,
        url: str | None = None,
        *,
        policy: Policy | None = None,
        timing: Timing | None = None,
        cache: ExpiringCache[str, Evidence] | None = None,
        transport: httpx.BaseTransport | None = None,
        proxy: str | None = None,
    ) -> None:
        self.timing = timing or Timing()
        self.cache = cache
        self._caller = Caller(
            self.service,
            url or self.default_url,
            policy or Policy(),
            self.timing,
            transport,
            final=_parse.is_client_fault
            if self.service is not OfficialService.HMRC_EORI
            else None,
            proxy=proxy,
        )

    @property
    def url(self) -> str:
        """The endpoint asked."""
        return self._caller.url

    def close(self) -> None:
        """Close the connections."""
        self._caller.close()

    def __enter__(self) -> _Client:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def check(self, numbers: Iterable[str], *, progress: Progress | None = None) -> list[Evidence]:
        """One evidence record a distinct number, in the order given.

        Raises :class:`~ctpat.errors.DataError` naming a malformed number;
        a service failure becomes ``unavailable`` evidence instead.
        """
        wanted = _normalise(self.scheme, numbers)
        found: dict[str, Evidence] = {}
        todo: list[str] = []
        for number in wanted:
            kept = self.cache.get(number) if self.cache is not None else None
            if kept is not None:
                found[number] = kept
            elif (why := self._ineligible(number)) is not None:
                found[number] = self._unavailable(number, why)
            else:
                todo.append(number)
        done = len(wanted) - len(todo)
        failures, last = 0, ""
        for start in range(0, len(todo), self.batch_size):
            batch = todo[start : start + self.batch_size]
            reason = "the answer did not mention this number"
            answers: dict[str, Evidence] = {}
            if failures >= self._caller.policy.give_up_after:
                reason = f"not asked: {failures} requests in a row failed ({last})"
            else:
                try:
                    answers = self._ask(batch)
                    failures = 0
                except ServiceUnavailable as err:
                    failures, reason = failures + 1, err.reason
                    last = err.detail
                except ServiceError as err:
                    reason = err.reason
            for number in batch:
                record = answers.get(number) or self._unavailable(number, reason)
                if self.cache is not None and record.finding is not Finding.UNAVAILABLE:
                    self.cache.put(number, record)
                found[number] = record
            done += len(batch)
            if progress is not None:
                progress(done, len(wanted))
        return [found[number] for number in wanted]

    def _unavailable(self, number: str, reason: str) -> Evidence:
        return Evidence(
            self.service, number, Finding.UNAVAILABLE, checked_at=self.timing.now(), reason=reason
        )

    def _ineligible(self, number: str) -> str | None:
        return None

    @abc.abstractmethod
    def _ask(self, batch: Sequence[str]) -> dict[str, Evidence]:
        """The service's answers about ``batch``, by number."""


_SOAP_HEADERS = MappingProxyType({"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'})


class EuEoriClient(_Client):
    """The European Commission's EORI validation service (EOS SOAP; 10 numbers a request)."""

    service = OfficialService.EU_EORI
    batch_size = 10
    scheme = "eori"
    default_url = EU_EORI_URL
    headers = _SOAP_HEADERS

    def _ask(self, batch: Sequence[str]) -> dict[str, Evidence]:
        content = self._caller.post(_parse.eu_eori_request(batch), self.headers)
        return _parse.read_eu_eori(content, batch, self.timing.now())


class EuAeoClient(_Client):
    """The European Commission's AEO consultation (EOS ``retrieveAEO``).

    Asked by authorisation number, one number a request: the answer does not
    say which criterion each authorisation matched. The list shows only
    holders that consented to publication.
    """

    service = OfficialService.EU_AEO
    batch_size = 1
    scheme = "aeo"
    default_url = EU_AEO_URL
    headers = _SOAP_HEADERS

    def _ask(self, batch: Sequence[str]) -> dict[str, Evidence]:
        (number,) = batch
        content = self._caller.post(_parse.aeo_request(number), self.headers)
        return {number: _parse.read_aeo(content, number, self.timing.now())}


class HmrcEoriClient(_Client):
    """HMRC's "Check an EORI number" API, for ``GB`` numbers (REST/JSON; 10 a request)."""

    service = OfficialService.HMRC_EORI
    batch_size = 10
    scheme = "eori"
    default_url = HMRC_EORI_URL
    headers = MappingProxyType(
        {"Content-Type": "application/json", "Accept": "application/vnd.hmrc.1.0+json"}
    )

    def _ineligible(self, number: str) -> str | None:
        # The number's shape (GB and 12 to 15 digits) is checked with every
        # EORI, by ctpat.identifiers.eori; HMRC answers for GB numbers only.
        return None if number.startswith("GB") else "HMRC checks only GB numbers"

    def _ask(self, batch: Sequence[str]) -> dict[str, Evidence]:
        content = self._caller.post(_parse.hmrc_request(batch), self.headers)
        return _parse.read_hmrc(content, batch, self.timing.now())


class OfficialServices:
    """The three services behind one :class:`Checker`: ``GB`` EORIs go to HMRC,
    every other EORI (``XI`` included) to the EU, AEO numbers to the EU AEO service.

    ``urls`` replaces endpoints (by service); ``policy``, ``timing``,
    ``proxy`` (an ``http://`` or ``https://`` proxy URL) and ``transport``
    are shared by the clients; ``cache_ttl`` (seconds) keeps answers so a
    run does not ask twice about a number. Without a ``transport`` the
    clients use httpx's, with every exchange bounded by ``policy.timeout``
    as a whole; a transport of your own (a mock, in tests) is bounded between
    the chunks of an answer only.

    >>> with OfficialServices(cache_ttl=3600) as services:
    ...     services.check_eori([])
    []
    """

    def __init__(
        self,
        *,
        urls: Mapping[OfficialService, str] | None = None,
        policy: Policy | None = None,
        timing: Timing | None = None,
        transport: httpx.BaseTransport | None = None,
        cache_ttl: float | None = None,
        proxy: str | None = None,
    ) -> None:
        urls = urls or {}
        timing = timing or Timing()

        def cache() -> ExpiringCache[str, Evidence] | None:
            return ExpiringCache(cache_ttl, clock=timing.clock) if cache_ttl else None

        def make(cls: type[_Client]) -> _Client:
            return cls(
                urls.get(cls.service),
                policy=policy,
                timing=timing,
                cache=cache(),
                transport=transport,
                proxy=proxy,
            )

        self.eu_eori = make(EuEoriClient)
        self.eu_aeo = make(EuAeoClient)
        self.hmrc_eori = make(HmrcEoriClient)

    def check_eori(
        self, numbers: Iterable[str], *, progress: Progress | None = None
    ) -> list[Evidence]:
        """One evidence record a distinct EORI, from HMRC for ``GB`` numbers, else the EU."""
        wanted = _normalise("eori", numbers)
        british = [n for n in wanted if n.startswith("GB")]
        others = [n for n in wanted if not n.startswith("GB")]
        total = len(wanted)

        def part(offset: int) -> Progress | None:
            if progress is None:
                return None
            return lambda done, _: progress(offset + done, total)

        found = {e.query: e for e in self.hmrc_eori.check(british, progress=part(0))}
        found.update((e.query, e) for e in self.eu_eori.check(others, progress=part(len(british))))
        return [found[n] for n in wanted]

    def find_aeo(
        self, numbers: Iterable[str], *, progress: Progress | None = None
    ) -> list[Evidence]:
        """One evidence record a distinct EU AEO number, from the EU AEO service."""
        return self.eu_aeo.check(numbers, progress=progress)

    def close(self) -> None:
        """Close every client's connections."""
        for client in (self.eu_eori, self.eu_aeo, self.hmrc_eori):
            client.close()

    def __enter__(self) -> OfficialServices:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, err: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()
