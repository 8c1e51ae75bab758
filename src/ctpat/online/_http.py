"""HTTP plumbing shared by the clients: retries, rate limit, size cap, time budget."""

from __future__ import annotations

import datetime as dt
import email.utils
import random
import time
from collections.abc import Callable, Mapping
from typing import Generic, TypeVar

import attrs
import httpx

from ctpat.evidence import OfficialService
from ctpat.online.errors import MalformedAnswer, ServiceError, ServiceUnavailable

__all__ = ["ExpiringCache", "Policy", "Timing"]

K = TypeVar("K")
V = TypeVar("V")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@attrs.frozen
class Policy:
    """How a client talks to a service: timeouts, retries, rate limit, size cap.

    ``timeout`` (seconds) bounds every request: connecting, each read, and the
    whole answer arriving (so a slow drip ends too). A connection error, a
    timeout, an HTTP 5xx or 429 is retried up to ``attempts`` times in all,
    waiting ``backoff * 2**n`` seconds scaled by a random factor in [0, 1)
    ("full jitter"), or the ``Retry-After`` the service asks for; a wait longer
    than ``max_wait``, or one that would pass ``budget`` seconds since the
    first attempt, ends the retries. ``rate`` is the most requests a second
    (``None``: no limit); ``max_bytes`` the largest answer read. After
    ``give_up_after`` batches in a row found the service unavailable, the
    rest of the call's numbers are not asked (and are unverified), so a
    service that is down costs a bounded time, not a time per number.

    >>> Policy(rate=None).attempts
    3
    """

    timeout: float = attrs.field(default=10.0, validator=attrs.validators.gt(0.0))
    attempts: int = attrs.field(default=3, validator=attrs.validators.gt(0))
    backoff: float = attrs.field(default=0.5, validator=attrs.validators.gt(0.0))
    max_wait: float = attrs.field(default=30.0, validator=attrs.validators.gt(0.0))
    budget: float = attrs.field(default=60.0, validator=attrs.validators.gt(0.0))
    rate: float | None = 2.0
    max_bytes: int = attrs.field(default=1 << 20, validator=attrs.validators.gt(0))
    give_up_after: int = attrs.field(default=2, validator=attrs.validators.gt(0))

    def __attrs_post_init__(self) -> None:
        if self.rate is not None and not self.rate > 0:
            raise ValueError(f"'rate' must be > 0 or None: {self.rate!r}")


@attrs.frozen
class Timing:
    """The clocks, sleep and randomness a client uses; replace them in tests.

    ``clock`` is a monotonic clock in seconds, ``sleep`` waits, ``random``
    gives a float in [0, 1) for the jitter, and ``now`` the aware date and
    time stamped on evidence as ``checked_at``.

    >>> Timing().now().tzinfo is not None
    True
    """

    clock: Callable[[], float] = time.monotonic
    sleep: Callable[[float], None] = time.sleep
    random: Callable[[], float] = random.random
    now: Callable[[], dt.datetime] = _utc_now


class ExpiringCache(Generic[K, V]):
    """Answers kept for ``ttl`` seconds, so a run does not ask twice about a number.

    At most ``max_entries`` are kept (the oldest go first). Not thread-safe:
    one cache a client, one client a thread.

    >>> ticks = iter([0.0, 10.0, 100.0])
    >>> cache = ExpiringCache[str, int](60.0, clock=lambda: next(ticks))
    >>> cache.put("DE1", 1)
    >>> cache.get("DE1"), cache.get("DE1")
    (1, None)
    """

    def __init__(
        self,
        ttl: float,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_entries: int = 100_000,
    ) -> None:
        if not ttl > 0 or max_entries < 1:
            raise ValueError("ttl and max_entries must be positive")
        self._ttl = ttl
        self._clock = clock
        self._max = max_entries
        self._items: dict[K, tuple[float, V]] = {}

    def get(self, key: K) -> V | None:
        """The value kept for ``key``, or ``None`` if none or expired."""
        item = self._items.get(key)
        if item is None:
            return None
        if self._clock() >= item[0]:
            del self._items[key]
            return None
        return item[1]

    def put(self, key: K, value: V) -> None:
        """Keep ``value`` for ``key`` until the time to live has passed."""
        self._items.pop(key, None)
        if len(self._items) >= self._max:
            del self._items[next(iter(self._items))]
        self._items[key] = (self._clock() + self._ttl, value)

    def __len__(self) -> int:
        return len(self._items)


class _Slow(Exception):
    """The answer did not arrive within the timeout."""


class Caller:
    """POSTs to one service URL under a :class:`Policy` (private to the package)."""

    def __init__(
        self,
        service: OfficialService,
        url: str,
        policy: Policy,
        timing: Timing,
        transport: httpx.BaseTransport | None,
        final: Callable[[bytes], bool] | None = None,
    ) -> None:
        self.service = service
        self.url = url
        self.policy = policy
        self.timing = timing
        # ``final`` tells an HTTP 500 that must not be retried (a SOAP client
        # fault: the same request would fail the same way).
        self._final = final
        self._next_at = 0.0
        self._client = httpx.Client(
            transport=transport,
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            # The library reads no environment (proxies, certificates): a caller
            # behind a proxy passes a transport, as the CLI does.
            trust_env=False,
        )

    def close(self) -> None:
        self._client.close()

    def post(self, body: bytes, headers: Mapping[str, str]) -> bytes:
        """The answer's body; :class:`ServiceError` (or a subclass) if there is none."""
        policy, clock = self.policy, self.timing.clock
        deadline = clock() + policy.budget
        attempt = 0
        while True:
            attempt += 1
            self._pace()
            wait: float | None = None
            try:
                status, answer_headers, content = self._send(body, headers)
            except _Slow:
                problem = f"the answer did not arrive within {policy.timeout:g} s"
            except httpx.TimeoutException:
                problem = f"no answer within {policy.timeout:g} s"
            except httpx.TransportError as err:
                problem = f"connection failed ({type(err).__name__})"
            else:
                if 200 <= status < 300:
                    return content
                if status >= 500 and self._final is not None and self._final(content):
                    return content
                if status != 429 and status < 500:
                    raise ServiceError(self.service, f"HTTP {status}{_snippet(content)}")
                problem = "rate-limited (HTTP 429)" if status == 429 else f"HTTP {status}"
                wait = _retry_after(answer_headers.get("retry-after"), self.timing.now())
            if attempt >= policy.attempts:
                raise ServiceUnavailable(self.service, f"{problem}, after {attempt} attempts")
            if wait is None:
                wait = policy.backoff * 2 ** (attempt - 1) * self.timing.random()
            elif wait > policy.max_wait:
                raise ServiceUnavailable(
                    self.service,
                    f"{problem}; it asked to wait {wait:g} s, over {policy.max_wait:g} s",
                )
            if clock() + wait > deadline:
                raise ServiceUnavailable(
                    self.service,
                    f"{problem}; retrying would pass the {policy.budget:g} s budget "
                    f"(after {attempt} attempts)",
                )
            self.timing.sleep(wait)

    def _pace(self) -> None:
        rate = self.policy.rate
        if rate is None:
            return
        now = self.timing.clock()
        if now < self._next_at:
            self.timing.sleep(self._next_at - now)
            now = self._next_at
        self._next_at = now + 1.0 / rate

    def _send(self, body: bytes, headers: Mapping[str, str]) -> tuple[int, httpx.Headers, bytes]:
        policy, clock = self.policy, self.timing.clock
        ends = clock() + policy.timeout
        with self._client.stream("POST", self.url, content=body, headers=headers) as response:
            length = response.headers.get("content-length", "")
            if length.isdigit() and int(length) > policy.max_bytes:
                raise self._too_large()
            chunks: list[bytes] = []
            size = 0
            # iter_bytes decodes any content encoding: the cap applies to what is parsed.
            for chunk in response.iter_bytes():
                size += len(chunk)
                if size > policy.max_bytes:
                    raise self._too_large()
                if clock() > ends:
                    raise _Slow
                chunks.append(chunk)
            return response.status_code, response.headers, b"".join(chunks)

    def _too_large(self) -> MalformedAnswer:
        return MalformedAnswer(self.service, f"the answer is over {self.policy.max_bytes:,} bytes")


def _retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or an HTTP date)."""
    if value is None:
        return None
    text = value.strip()
    if text.isdigit():
        return float(text)
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return max((when - now).total_seconds(), 0.0)


def _snippet(content: bytes) -> str:
    text = content[:200].decode("utf-8", "replace").strip()
    return f": {' '.join(text.split())}" if text else ""
