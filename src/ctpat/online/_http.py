"""HTTP plumbing shared by the clients: retries, rate limit, size cap, time budget."""

from __future__ import annotations

import datetime as dt
import email.utils
import math
import random
import re
import ssl
import time
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Generic, TypeVar

import attrs
import httpcore
import httpx

from ctpat.errors import DataError
from ctpat.evidence import OfficialService
from ctpat.online.errors import MalformedAnswer, ServiceError, ServiceUnavailable

__all__ = ["DECODE_STEP", "ENCODINGS", "MAX_TIMEOUT", "ExpiringCache", "Policy", "Timing"]

#: The longest ``Policy.timeout`` (seconds) for one exchange with a service:
#: five minutes, far past any answer the services give, and a time every
#: clock and socket can count.
MAX_TIMEOUT = 300.0
#: How many bytes a compressed answer is decoded at a time, so that the size
#: cap is applied as the decoded bytes are produced, never after.
DECODE_STEP = 1 << 16
#: The content codings the clients accept, and so decode.
ENCODINGS = ("gzip", "x-gzip", "deflate")
_DIGITS = re.compile(r"[0-9]+", re.ASCII)

K = TypeVar("K")
V = TypeVar("V")


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@attrs.frozen
class Policy:
    """How a client talks to a service: timeouts, retries, rate limit, size cap.

    ``timeout`` (seconds, at most :data:`MAX_TIMEOUT`) bounds each exchange
    with the service as a whole: connecting, sending, the answer's headers
    (interim ``100 Continue`` answers included) and its body, however slowly
    they drip. A connection error, a
    timeout, an HTTP 5xx or 429 is retried up to ``attempts`` times in all,
    waiting ``backoff * 2**n`` seconds scaled by a random factor in [0, 1)
    ("full jitter"), or the ``Retry-After`` the service asks for; a wait longer
    than ``max_wait``, or one that would pass ``budget`` seconds since the
    first attempt, ends the retries. ``rate`` is the most requests a second
    (``None``: no limit); ``max_bytes`` the largest answer read, counted as it
    is decoded (``gzip`` or ``deflate``, once or several times over). After
    ``give_up_after`` batches in a row found the service unavailable, the
    rest of the call's numbers are not asked (and are unverified), so a
    service that is down costs a bounded time, not a time per number.

    Raises :class:`~ctpat.errors.DataError` naming the field for a time that
    is not a finite positive number of seconds (``timeout`` over
    :data:`MAX_TIMEOUT`), or a count that is not a positive whole number.

    >>> Policy(rate=None).attempts
    3
    >>> Policy(timeout=float("inf"))
    Traceback (most recent call last):
    ...
    ctpat.errors.DataError: timeout: must be a number of seconds above 0 and at most 300 (got inf)
    """

    timeout: float = 10.0
    attempts: int = 3
    backoff: float = 0.5
    max_wait: float = 30.0
    budget: float = 60.0
    rate: float | None = 2.0
    max_bytes: int = 1 << 20
    give_up_after: int = 2

    def __attrs_post_init__(self) -> None:
        _seconds("timeout", self.timeout, MAX_TIMEOUT)
        for name in ("backoff", "max_wait", "budget"):
            _seconds(name, getattr(self, name), math.inf)
        if self.rate is not None:
            _seconds("rate", self.rate, math.inf, "a number of requests a second above 0, or None")
        for name in ("attempts", "max_bytes", "give_up_after"):
            value = getattr(self, name)
            if type(value) is not int or value < 1:
                raise DataError.at(name, value, "must be a whole number of at least 1")


def _seconds(field: str, value: object, most: float, what: str | None = None) -> None:
    """A finite number above 0 and at most ``most``; a :class:`DataError` naming ``field`` otherwise."""
    if (
        type(value) not in (int, float)
        or not math.isfinite(value)  # type: ignore[arg-type]
        or not 0 < value <= most  # type: ignore[operator]
    ):
        bound = f" and at most {most:g}" if math.isfinite(most) else ""
        raise DataError.at(
            field, value, f"must be {what or 'a number of seconds above 0' + bound}"
        )


@attrs.frozen
class Timing:
    """The clocks, sleep and randomness a client uses; replace them in tests.

    ``clock`` is a monotonic clock in seconds for the pacing, the retries and
    their budget (one exchange's ``timeout`` is counted in real time, as the
    sockets wait), ``sleep`` waits, ``random``
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


class _Bounded(httpcore.NetworkBackend):
    """The network under one deadline an exchange: every connect, read and write
    waits at most until ``ends`` (a time on ``clock``), whatever the per-read
    timeout, so headers dripped a line at a time or endless ``100 Continue``
    answers end with the exchange's time."""

    def __init__(self, clock: Callable[[], float]) -> None:
        self._network = httpcore.SyncBackend()
        self._clock = clock
        self.ends: float | None = None

    def left(self, timeout: float | None, late: type[Exception]) -> float | None:
        """The time an operation may take: its own timeout, cut to the deadline."""
        if self.ends is None:
            return timeout
        left = self.ends - self._clock()
        if left <= 0:
            raise late("the exchange's time is up")
        return left if timeout is None else min(timeout, left)

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:
        stream = self._network.connect_tcp(
            host, port, self.left(timeout, httpcore.ConnectTimeout), local_address, socket_options
        )
        return _BoundedStream(stream, self)

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[httpcore.SOCKET_OPTION] | None = None,
    ) -> httpcore.NetworkStream:  # pragma: no cover - the clients speak TCP
        stream = self._network.connect_unix_socket(
            path, self.left(timeout, httpcore.ConnectTimeout), socket_options
        )
        return _BoundedStream(stream, self)

    def sleep(self, seconds: float) -> None:  # pragma: no cover - used by httpcore's retries
        self._network.sleep(seconds)


class _BoundedStream(httpcore.NetworkStream):
    def __init__(self, stream: httpcore.NetworkStream, network: _Bounded) -> None:
        self._stream = stream
        self._network = network

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._stream.read(max_bytes, self._network.left(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._stream.write(buffer, self._network.left(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._stream.close()

    def start_tls(
        self,
        ssl_context: ssl.SSLContext,
        server_hostname: str | None = None,
        timeout: float | None = None,
    ) -> httpcore.NetworkStream:
        left = self._network.left(timeout, httpcore.ConnectTimeout)
        return _BoundedStream(
            self._stream.start_tls(ssl_context, server_hostname, left), self._network
        )

    def get_extra_info(self, info: str) -> object:
        return self._stream.get_extra_info(info)


def _transport(network: _Bounded, proxy: str | None) -> httpx.HTTPTransport:
    """httpx's own transport over the bounded network (through ``proxy``, if given).

    Raises :class:`~ctpat.errors.DataError` for a proxy that is not an
    ``http://`` or ``https://`` URL with a host.
    """
    if proxy is not None:
        try:
            url = httpx.URL(proxy) if type(proxy) is str and "://" in proxy else None
        except httpx.InvalidURL:
            url = None
        if url is None or url.scheme not in ("http", "https") or not url.host:
            raise DataError.at("proxy", proxy, "must be an http:// or https:// URL with a host")
    transport = httpx.HTTPTransport(trust_env=False)
    ssl_context = httpx.create_ssl_context(trust_env=False)
    # httpx takes no network backend; its pool does (httpcore's public API).
    if proxy is None:
        transport._pool = httpcore.ConnectionPool(ssl_context=ssl_context, network_backend=network)
    else:
        via = httpx.Proxy(proxy)  # credentials in the URL become its authorisation
        transport._pool = httpcore.HTTPProxy(
            proxy_url=httpcore.URL(
                scheme=via.url.raw_scheme,
                host=via.url.raw_host,
                port=via.url.port,
                target=via.url.raw_path,
            ),
            proxy_auth=via.raw_auth,
            ssl_context=ssl_context,
            network_backend=network,
        )
    return transport


class Caller:
    """POSTs to one service URL under a :class:`Policy` (private to the package).

    The transport is httpx's over a network that keeps each exchange within
    ``policy.timeout``; a ``transport`` passed instead (a mock, in tests) is
    bounded between the chunks of the body only.
    """

    def __init__(
        self,
        service: OfficialService,
        url: str,
        policy: Policy,
        timing: Timing,
        transport: httpx.BaseTransport | None,
        final: Callable[[bytes], bool] | None = None,
        proxy: str | None = None,
    ) -> None:
        self.service = service
        self.url = url
        self.policy = policy
        self.timing = timing
        # ``final`` tells an HTTP 500 that must not be retried (a SOAP client
        # fault: the same request would fail the same way).
        self._final = final
        self._next_at = 0.0
        # The exchange runs on real sockets, in real time: its deadline is on the
        # monotonic clock, whatever clock ``timing`` gives for pacing and retries.
        self._network = _Bounded(time.monotonic)
        self._client = httpx.Client(
            transport=transport or _transport(self._network, proxy),
            timeout=httpx.Timeout(policy.timeout),
            follow_redirects=False,
            # The library reads no environment (proxies, certificates): a caller
            # behind a proxy passes it, as the CLI does.
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
            except (_Slow, httpx.TimeoutException):
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
        """One exchange, within ``policy.timeout`` from connecting to the body's last byte."""
        policy, clock = self.policy, time.monotonic
        ends = self._network.ends = clock() + policy.timeout
        asked = {**headers, "Accept-Encoding": ", ".join(ENCODINGS)}
        try:
            with self._client.stream("POST", self.url, content=body, headers=asked) as response:
                length = response.headers.get("content-length", "")
                if _DIGITS.fullmatch(length) and int(length) > policy.max_bytes:
                    raise self._too_large()
                chunks: list[bytes] = []
                size = 0
                for chunk in self._decoded(response):
                    size += len(chunk)
                    if size > policy.max_bytes:
                        raise self._too_large()
                    if clock() > ends:
                        raise _Slow
                    chunks.append(chunk)
                return response.status_code, response.headers, b"".join(chunks)
        finally:
            self._network.ends = None

    def _decoded(self, response: httpx.Response) -> Iterator[bytes]:
        """The body as it arrives, decoded a step at a time (never a whole chunk at once).

        The raw bytes count against ``max_bytes`` too. Raises
        :class:`MalformedAnswer` for a coding not asked for, or damaged.
        """
        if response.is_stream_consumed:
            # A transport that read the answer itself (httpx's MockTransport)
            # has decoded it too: what is left is to count it.
            return response.iter_bytes()
        codings = [
            c.strip().lower() for c in response.headers.get("content-encoding", "").split(",")
        ]
        codings = [c for c in codings if c and c != "identity"]
        for coding in codings:
            if coding not in ENCODINGS:
                raise MalformedAnswer(self.service, f"an unknown content encoding {coding!r}")
        raw = 0

        def counted() -> Iterator[bytes]:
            nonlocal raw
            for chunk in response.iter_raw():
                raw += len(chunk)
                if raw > self.policy.max_bytes:
                    raise self._too_large()
                yield chunk

        stream: Iterator[bytes] = counted()
        # The codings were applied in the order listed: undo the last first.
        for _ in codings:
            stream = _inflate(stream, self.service)
        return stream

    def _too_large(self) -> MalformedAnswer:
        return MalformedAnswer(self.service, f"the answer is over {self.policy.max_bytes:,} bytes")


def _inflate(chunks: Iterator[bytes], service: OfficialService) -> Iterator[bytes]:
    """A gzip or zlib stream decoded :data:`DECODE_STEP` bytes at a time.

    Members may follow one another (as ``gzip`` allows). Raises
    :class:`MalformedAnswer` for a stream that is damaged or cut short.
    """
    # 32 + MAX_WBITS: a gzip or a zlib header, whichever the stream has.
    decoder, fresh = zlib.decompressobj(32 + zlib.MAX_WBITS), True
    try:
        for chunk in chunks:
            data = chunk
            while data:
                fresh = False
                out = decoder.decompress(data, DECODE_STEP)
                data = decoder.unconsumed_tail
                while out:
                    yield out
                    # A full step may leave decoded bytes inside the decoder.
                    more = len(out) == DECODE_STEP and not data and not decoder.eof
                    out = decoder.decompress(b"", DECODE_STEP) if more else b""
                if decoder.eof:
                    data = decoder.unused_data
                    decoder, fresh = zlib.decompressobj(32 + zlib.MAX_WBITS), True
    except zlib.error as err:
        raise MalformedAnswer(service, f"a damaged compressed answer ({err})") from None
    if not fresh and not decoder.eof:
        raise MalformedAnswer(service, "a compressed answer cut short")


def _retry_after(value: str | None, now: dt.datetime) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (ASCII seconds or an HTTP date)."""
    if value is None:
        return None
    text = value.strip()
    if _DIGITS.fullmatch(text):
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
