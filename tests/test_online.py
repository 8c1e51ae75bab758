"""The online clients against a real local server speaking each service's shapes, faults included.

Every fault test checks the same three things: no number is reported
registered or listed that the service did not say so of, nothing raises, and
the whole call ends within a bounded time.
"""

from __future__ import annotations

import datetime as dt
import gzip
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from ctpat.errors import DataError
from ctpat.evidence import Evidence, Finding, OfficialService
from ctpat.online import (
    Checker,
    EuAeoClient,
    EuEoriClient,
    ExpiringCache,
    HmrcEoriClient,
    MalformedAnswer,
    OfficialServices,
    Policy,
    ServiceError,
    ServiceUnavailable,
    Timing,
    _parse,
)

FIXTURES = Path(__file__).parent / "fixtures" / "online"
sys.path.insert(0, str(FIXTURES))

from stub import AEO_PATH, EORI_PATH, HMRC_PATH, Fault, Holder, Listing, Stub, running  # noqa: E402

CHECKED_AT = dt.datetime(2026, 6, 30, 10, 0, tzinfo=dt.timezone.utc)
RHEIN = "DE812345678901"
LYON = "FR40123456789"
RHEIN_AEO = "DEAEOF1234567"


class FakeTime:
    """Sleeps that take no time but move the clock (which also runs in real time)."""

    def __init__(self, real: bool = True) -> None:
        self.slept: list[float] = []
        self._offset = 0.0
        self._real = real

    def clock(self) -> float:
        return (time.monotonic() if self._real else 0.0) + self._offset

    def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self._offset += seconds

    def timing(self, jitter: float = 0.5) -> Timing:
        return Timing(
            clock=self.clock, sleep=self.sleep, random=lambda: jitter, now=lambda: CHECKED_AT
        )


@pytest.fixture
def stub() -> Iterator[Stub]:
    with running() as server:
        server.eori[RHEIN] = Holder(
            "Rhein Werkzeug GmbH", "Industriestr. 4", "Duesseldorf", "40210"
        )
        server.eori["XI123456789000"] = Holder()
        server.gb["GB123456789002"] = Holder(
            "Thames Bearings Ltd", "12 Wharf Road", "London", "E1 7AA"
        )
        server.gb["GB123456789000"] = Holder()
        server.aeo[RHEIN_AEO] = [
            Listing("AEOF", "Rhein Werkzeug GmbH", "Germany", "DE007600", "12/09/2016")
        ]
        yield server


@pytest.fixture
def fake() -> FakeTime:
    return FakeTime()


def policy(**changes: float | int | None) -> Policy:
    values: dict[str, float | int | None] = {
        "timeout": 1.0,
        "attempts": 3,
        "backoff": 0.1,
        "max_wait": 5.0,
        "budget": 10.0,
        "rate": None,
    }
    values.update(changes)
    return Policy(**values)  # type: ignore[arg-type]


def services(stub: Stub, fake: FakeTime, **changes: float | int | None) -> OfficialServices:
    return OfficialServices(
        urls={
            OfficialService.EU_EORI: stub.url + EORI_PATH,
            OfficialService.EU_AEO: stub.url + AEO_PATH,
            OfficialService.HMRC_EORI: stub.url + HMRC_PATH,
        },
        policy=policy(**changes),
        timing=fake.timing(),
    )


def findings(records: list[Evidence]) -> dict[str, Finding]:
    return {r.query: r.finding for r in records}


# -- the shapes, from the fixtures ---------------------------------------------------


def test_eu_eori_answer_is_read_from_its_published_shape() -> None:
    content = (FIXTURES / "eu-eori-mixed.xml").read_bytes()
    found = _parse.read_eu_eori(content, [RHEIN, "IT123456789"], CHECKED_AT)
    rhein = found[RHEIN]
    assert rhein.finding is Finding.REGISTERED
    assert rhein.request_date == dt.date(2026, 6, 30)
    assert rhein.name == "Rhein Werkzeug GmbH"
    assert rhein.address == "Industriestr. 4, 40210 Duesseldorf, DE"
    assert found["IT123456789"].finding is Finding.NOT_REGISTERED
    assert found["IT123456789"].name is None


def test_aeo_answer_is_read_with_its_quirks() -> None:
    found = _parse.read_aeo((FIXTURES / "eu-aeo-found.xml").read_bytes(), RHEIN_AEO, CHECKED_AT)
    assert found.finding is Finding.AEO_FOUND
    (authorisation,) = found.authorisations
    assert authorisation.type == "AEOF"  # from <authorisation.type>
    assert authorisation.issuing_country == "Germany"  # a name, kept as given
    assert authorisation.effective_on == dt.date(2016, 9, 12)  # DD/MM/YYYY
    assert authorisation.authority == "DE007600"
    empty = _parse.read_aeo(
        (FIXTURES / "eu-aeo-not-listed.xml").read_bytes(), RHEIN_AEO, CHECKED_AT
    )
    assert empty.finding is Finding.AEO_NOT_LISTED
    assert empty.request_date == dt.date(2026, 6, 30)


def test_a_soap_fault_is_a_service_error_and_a_client_fault_is_final() -> None:
    content = (FIXTURES / "eu-aeo-fault.xml").read_bytes()
    with pytest.raises(ServiceError, match="not complete"):
        _parse.read_aeo(content, RHEIN_AEO, CHECKED_AT)
    assert _parse.is_client_fault(content)
    assert not _parse.is_client_fault(b"<html/>")


def test_hmrc_answer_is_read_from_its_published_example() -> None:
    content = (FIXTURES / "hmrc-check.json").read_bytes()
    asked = ["GB123456789002", "GB123456789000", "GB123456789009"]
    found = _parse.read_hmrc(content, asked, CHECKED_AT)
    assert found["GB123456789002"].name == "Thames Bearings Ltd"
    assert found["GB123456789002"].address == "12 Wharf Road, E1 7AA, London"
    assert found["GB123456789000"].finding is Finding.REGISTERED
    assert found["GB123456789000"].name is None
    assert found["GB123456789009"].finding is Finding.NOT_REGISTERED
    assert found["GB123456789009"].request_date == dt.date(2026, 6, 30)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"<S:Envelope", "not well-formed"),
        (b"<html><body>maintenance</body></html>", "not a SOAP envelope"),
        (
            b'<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body/></S:Envelope>',
            "no validateEORIResponse/return",
        ),
        (
            (FIXTURES / "eu-eori-mixed.xml").read_bytes().replace(b"<status>1<", b"<status>7<"),
            "status '7'",
        ),
        (
            (FIXTURES / "eu-eori-mixed.xml").read_bytes().replace(b"30/06/2026", b"31/02/2026"),
            "not a date",
        ),
        (
            (FIXTURES / "eu-eori-mixed.xml").read_bytes().replace(b"IT123456789", b"IT999"),
            "not asked",
        ),
        ((FIXTURES / "billion-laughs.xml").read_bytes(), "forbidden XML construct"),
        (
            b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><x>&e;</x>',
            "forbidden XML construct",
        ),
    ],
)
def test_a_malformed_eu_answer_is_a_typed_error_naming_the_service(
    content: bytes, message: str
) -> None:
    with pytest.raises(MalformedAnswer, match=message) as caught:
        _parse.read_eu_eori(content, [RHEIN, "IT123456789"], CHECKED_AT)
    assert caught.value.service is OfficialService.EU_EORI
    assert "EU EORI validation" in str(caught.value)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"not json", "not JSON"),
        (b'{"eoris": []}', "expected a JSON array"),
        (b'[{"eori": "GB123456789000", "valid": "yes", "processingDate": "x"}]', "valid"),
        (b'[{"eori": "GB123456789000", "valid": true}]', "processingDate"),
        (
            b'[{"eori": "GB123456789000", "valid": true, "processingDate": "yesterday"}]',
            "not an ISO date",
        ),
        (
            b'[{"eori": "GB999999999999", "valid": true, "processingDate": "2026-06-30"}]',
            "not asked",
        ),
    ],
)
def test_a_malformed_hmrc_answer_is_a_typed_error(content: bytes, message: str) -> None:
    with pytest.raises(MalformedAnswer, match=message):
        _parse.read_hmrc(content, ["GB123456789000"], CHECKED_AT)


# -- the requests, checked by the stub ------------------------------------------------


def test_numbers_are_deduplicated_batched_by_ten_and_answered_in_order(
    stub: Stub, fake: FakeTime
) -> None:
    numbers = [f"DE{n:09d}" for n in range(25)] + ["de 000000003", RHEIN]
    with services(stub, fake) as online:
        records = online.check_eori(numbers)
    assert [r.query for r in records] == [f"DE{n:09d}" for n in range(25)] + [RHEIN]
    assert stub.hits[EORI_PATH] == 3
    assert len(stub.numbers_asked[EORI_PATH]) == 26
    assert findings(records)[RHEIN] is Finding.REGISTERED
    assert findings(records)["DE000000000"] is Finding.NOT_REGISTERED


def test_gb_numbers_go_to_hmrc_and_others_to_the_eu(stub: Stub, fake: FakeTime) -> None:
    with services(stub, fake) as online:
        records = online.check_eori(["GB123456789002", "XI123456789000", "GB123456789009"])
    assert [r.service for r in records] == [
        OfficialService.HMRC_EORI,
        OfficialService.EU_EORI,
        OfficialService.HMRC_EORI,
    ]
    assert [r.finding for r in records] == [
        Finding.REGISTERED,
        Finding.REGISTERED,
        Finding.NOT_REGISTERED,
    ]
    assert stub.numbers_asked[HMRC_PATH] == ["GB123456789002", "GB123456789009"]
    assert records[0].name == "Thames Bearings Ltd"


def test_a_gb_number_of_the_wrong_shape_is_refused_without_asking(
    stub: Stub, fake: FakeTime
) -> None:
    with services(stub, fake) as online, pytest.raises(DataError, match="12 to 15 digits"):
        online.check_eori(["GB12345X"])
    assert stub.hits[HMRC_PATH] == 0


def test_hmrc_answers_for_gb_numbers_only(stub: Stub, fake: FakeTime) -> None:
    client = HmrcEoriClient(stub.url + HMRC_PATH, policy=policy(), timing=fake.timing())
    with client:
        (record,) = client.check(["DE123456789"])
    assert record.finding is Finding.UNAVAILABLE
    assert record.reason == "HMRC checks only GB numbers"
    assert stub.hits[HMRC_PATH] == 0


def test_aeo_is_asked_one_number_at_a_time_with_every_type(stub: Stub, fake: FakeTime) -> None:
    with services(stub, fake) as online:
        records = online.find_aeo([RHEIN_AEO, "FRAEOC0004512", RHEIN_AEO])
    assert findings(records) == {
        RHEIN_AEO: Finding.AEO_FOUND,
        "FRAEOC0004512": Finding.AEO_NOT_LISTED,
    }
    assert stub.numbers_asked[AEO_PATH] == [RHEIN_AEO, "FRAEOC0004512"]
    assert records[0].authorisations[0].holder == "Rhein Werkzeug GmbH"


def test_the_cache_answers_repeats_until_it_expires(stub: Stub, fake: FakeTime) -> None:
    cache: ExpiringCache[str, Evidence] = ExpiringCache(60.0, clock=fake.clock)
    client = EuEoriClient(stub.url + EORI_PATH, policy=policy(), timing=fake.timing(), cache=cache)
    with client:
        client.check([RHEIN])
        client.check([RHEIN])
        assert stub.hits[EORI_PATH] == 1
        fake.sleep(61.0)
        client.check([RHEIN])
    assert stub.hits[EORI_PATH] == 2


def test_unavailable_answers_are_not_cached(stub: Stub, fake: FakeTime) -> None:
    cache: ExpiringCache[str, Evidence] = ExpiringCache(60.0, clock=fake.clock)
    stub.plan(EORI_PATH, Fault(status=503))
    with EuEoriClient(
        stub.url + EORI_PATH, policy=policy(attempts=1), timing=fake.timing(), cache=cache
    ) as client:
        assert client.check([RHEIN])[0].finding is Finding.UNAVAILABLE
        assert client.check([RHEIN])[0].finding is Finding.REGISTERED


def test_the_rate_limit_spaces_requests(stub: Stub) -> None:
    frozen = FakeTime(real=False)  # only sleeping moves this clock
    with services(stub, frozen, rate=4.0) as online:
        online.find_aeo([RHEIN_AEO, "FRAEOC0004512", "NLAEOS0000001"])
    assert frozen.slept == [0.25, 0.25]


def test_a_malformed_number_is_a_data_error_naming_it(stub: Stub, fake: FakeTime) -> None:
    with services(stub, fake) as online, pytest.raises(DataError) as caught:
        online.check_eori([RHEIN, "12345"])
    assert caught.value.field == "numbers[1]"
    assert stub.hits[EORI_PATH] == 0
    with pytest.raises(DataError):
        online.find_aeo("DEAEOF1234567")


def test_progress_is_reported_per_batch(stub: Stub, fake: FakeTime) -> None:
    seen: list[tuple[int, int]] = []
    with services(stub, fake) as online:
        online.check_eori(
            [f"DE{n:09d}" for n in range(12)] + ["GB123456789000"],
            progress=lambda done, total: seen.append((done, total)),
        )
    assert seen == [(1, 13), (11, 13), (13, 13)]


# -- faults: never a wrong answer, never a crash, always a bounded time -----------------


def assert_unverified(records: list[Evidence], reason: str) -> None:
    assert records
    for record in records:
        assert record.finding is Finding.UNAVAILABLE, record
        assert reason in (record.reason or ""), record.reason


def test_retries_5xx_with_backoff_and_jitter_then_answers(stub: Stub, fake: FakeTime) -> None:
    stub.plan(EORI_PATH, Fault(status=500), Fault(status=502))
    with services(stub, fake) as online:
        records = online.check_eori([RHEIN])
    assert findings(records) == {RHEIN: Finding.REGISTERED}
    assert fake.slept == [pytest.approx(0.05), pytest.approx(0.1)]  # 0.1 * 2**n * jitter 0.5
    assert stub.hits[EORI_PATH] == 3


def test_5xx_every_time_leaves_the_numbers_unverified(stub: Stub, fake: FakeTime) -> None:
    stub.always(EORI_PATH, Fault(status=500, body=b"<html>oops</html>"))
    start = time.monotonic()
    with services(stub, fake) as online:
        records = online.check_eori([RHEIN, LYON])
    assert_unverified(records, "HTTP 500, after 3 attempts")
    assert stub.hits[EORI_PATH] == 3
    assert time.monotonic() - start < 2.0


def test_429_waits_as_long_as_retry_after_says(stub: Stub, fake: FakeTime) -> None:
    stub.plan(HMRC_PATH, Fault(status=429, headers=(("Retry-After", "2"),)))
    with services(stub, fake) as online:
        records = online.check_eori(["GB123456789002"])
    assert findings(records) == {"GB123456789002": Finding.REGISTERED}
    assert fake.slept == [2.0]


def test_429_with_an_http_date_is_honoured(stub: Stub, fake: FakeTime) -> None:
    stub.plan(
        HMRC_PATH, Fault(status=429, headers=(("Retry-After", "Tue, 30 Jun 2026 10:00:03 GMT"),))
    )
    with services(stub, fake) as online:
        online.check_eori(["GB123456789002"])
    assert fake.slept == [3.0]


def test_429_asking_too_long_a_wait_gives_up_at_once(stub: Stub, fake: FakeTime) -> None:
    stub.always(HMRC_PATH, Fault(status=429, headers=(("Retry-After", "3600"),)))
    with services(stub, fake) as online:
        records = online.check_eori(["GB123456789002", "GB123456789000"])
    assert_unverified(records, "rate-limited (HTTP 429); it asked to wait 3600 s")
    assert fake.slept == []
    assert stub.hits[HMRC_PATH] == 1


def test_retries_stop_at_the_time_budget(stub: Stub, fake: FakeTime) -> None:
    stub.always(EORI_PATH, Fault(status=503, headers=(("Retry-After", "4"),)))
    with services(stub, fake, attempts=10, budget=9.0) as online:
        records = online.check_eori([RHEIN])
    assert_unverified(records, "would pass the 9 s budget")
    assert sum(fake.slept) <= 9.0


def test_a_timeout_leaves_the_numbers_unverified(stub: Stub, fake: FakeTime) -> None:
    stub.always(EORI_PATH, Fault(delay=1.0))
    start = time.monotonic()
    with services(stub, fake, timeout=0.2, attempts=2) as online:
        records = online.check_eori([RHEIN])
    assert_unverified(records, "no answer within 0.2 s, after 2 attempts")
    assert time.monotonic() - start < 1.5


def test_a_slow_drip_is_cut_off(stub: Stub, fake: FakeTime) -> None:
    stub.always(AEO_PATH, Fault(drip=0.02))
    start = time.monotonic()
    with services(stub, fake, timeout=0.3, attempts=2) as online:
        records = online.find_aeo([RHEIN_AEO])
    assert_unverified(records, "no answer within 0.3 s")
    assert time.monotonic() - start < 2.0


def test_a_connection_cut_short_is_retried_then_unverified(stub: Stub, fake: FakeTime) -> None:
    stub.always(EORI_PATH, Fault(body=b"<S:Envelope>" * 10, cut=True))
    with services(stub, fake) as online:
        records = online.check_eori([RHEIN])
    assert_unverified(records, "connection failed")


def test_a_truncated_answer_is_unreadable_not_a_guess(stub: Stub, fake: FakeTime) -> None:
    whole = (FIXTURES / "eu-eori-mixed.xml").read_bytes()
    stub.always(EORI_PATH, Fault(body=whole[: len(whole) // 2]))
    with services(stub, fake) as online:
        records = online.check_eori([RHEIN, "IT123456789"])
    assert_unverified(records, "unreadable answer: not well-formed XML")
    assert stub.hits[EORI_PATH] == 1


def test_malformed_xml_is_unreadable(stub: Stub, fake: FakeTime) -> None:
    stub.always(AEO_PATH, Fault(body=b"<result><authorisation.type>AEOF</result>"))
    with services(stub, fake) as online:
        records = online.find_aeo([RHEIN_AEO])
    assert_unverified(records, "unreadable answer")


def test_a_billion_laughs_body_is_refused_before_it_expands(stub: Stub, fake: FakeTime) -> None:
    stub.always(EORI_PATH, Fault(body=(FIXTURES / "billion-laughs.xml").read_bytes()))
    start = time.monotonic()
    with services(stub, fake) as online:
        records = online.check_eori([RHEIN])
    assert_unverified(records, "forbidden XML construct")
    # Expanded, the entities would take gigabytes and minutes; the bound is loose
    # so that a busy machine does not fail it.
    assert time.monotonic() - start < 10.0


def test_an_oversized_body_is_refused(stub: Stub, fake: FakeTime) -> None:
    stub.always(EORI_PATH, Fault(body=b"<a>" + b"x" * 200_000 + b"</a>"))
    with services(stub, fake, max_bytes=65_536) as online:
        records = online.check_eori([RHEIN])
    assert_unverified(records, "over 65,536 bytes")


def test_an_oversized_body_without_a_length_or_behind_gzip_is_refused() -> None:
    bomb = gzip.compress(b"<a>" + b"x" * 5_000_000 + b"</a>")

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, headers={"Content-Encoding": "gzip"}, content=iter([bomb]))

    client = EuEoriClient(transport=httpx.MockTransport(handler), policy=policy(max_bytes=100_000))
    assert_unverified(client.check([RHEIN]), "over 100,000 bytes")


def test_a_refused_request_is_not_retried(stub: Stub, fake: FakeTime) -> None:
    body = b'{"code": "INVALID_REQUEST", "message": "Invalid payload"}'
    stub.always(HMRC_PATH, Fault(status=400, body=body))
    with services(stub, fake) as online:
        records = online.check_eori(["GB123456789002"])
    assert_unverified(records, 'refused the request: HTTP 400: {"code": "INVALID_REQUEST"')
    assert stub.hits[HMRC_PATH] == 1


def test_a_soap_client_fault_is_not_retried(stub: Stub, fake: FakeTime) -> None:
    stub.always(AEO_PATH, Fault(status=500, body=(FIXTURES / "eu-aeo-fault.xml").read_bytes()))
    with services(stub, fake) as online:
        records = online.find_aeo([RHEIN_AEO])
    assert_unverified(records, "SOAP fault ns0:Client")
    assert stub.hits[AEO_PATH] == 1


def test_an_answer_missing_a_number_leaves_it_unverified() -> None:
    only_rhein = (FIXTURES / "eu-eori-mixed.xml").read_bytes()

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=only_rhein)

    client = EuEoriClient(transport=httpx.MockTransport(handler), policy=policy())
    records = client.check([RHEIN, "IT123456789", "NL123456789"])
    assert findings(records) == {
        RHEIN: Finding.REGISTERED,
        "IT123456789": Finding.NOT_REGISTERED,
        "NL123456789": Finding.UNAVAILABLE,
    }
    assert records[2].reason == "the answer did not mention this number"


def test_nobody_listening_leaves_everything_unverified(fake: FakeTime) -> None:
    with running() as gone:
        url = gone.url
    start = time.monotonic()
    clients = [
        EuEoriClient(url + EORI_PATH, policy=policy(), timing=fake.timing()),
        EuAeoClient(url + AEO_PATH, policy=policy(), timing=fake.timing()),
        HmrcEoriClient(url + HMRC_PATH, policy=policy(), timing=fake.timing()),
    ]
    numbers = [[RHEIN], [RHEIN_AEO], ["GB123456789002"]]
    for client, asked in zip(clients, numbers, strict=True):
        assert_unverified(
            client.check(asked), "connection failed (ConnectError), after 3 attempts"
        )
    assert time.monotonic() - start < 3.0


def test_service_errors_are_ctpat_errors_and_pickle() -> None:
    import pickle

    from ctpat.errors import CtpatError

    err = ServiceUnavailable(OfficialService.HMRC_EORI, "HTTP 503, after 3 attempts")
    assert isinstance(err, CtpatError)
    assert isinstance(err, ConnectionError)
    again = pickle.loads(pickle.dumps(err))
    assert (
        str(again)
        == str(err)
        == "HMRC's check-EORI service: unavailable: HTTP 503, after 3 attempts"
    )


def test_policy_refuses_nonsense() -> None:
    with pytest.raises(ValueError):
        Policy(timeout=0)
    with pytest.raises(ValueError):
        Policy(rate=-1.0)
    with pytest.raises(ValueError):
        ExpiringCache(0.0)


def test_a_service_that_stays_down_is_not_asked_batch_after_batch(
    stub: Stub, fake: FakeTime
) -> None:
    stub.always(EORI_PATH, Fault(status=503))
    start = time.monotonic()
    with services(stub, fake, attempts=2) as online:
        records = online.check_eori([f"DE{n:09d}" for n in range(95)])
    assert_unverified(records, "")
    assert stub.hits[EORI_PATH] == 4  # two batches of two attempts, then no more
    assert (
        records[-1].reason == "not asked: 2 requests in a row failed (HTTP 503, after 2 attempts)"
    )
    assert time.monotonic() - start < 2.0


def test_a_batch_that_answers_resets_the_count(stub: Stub, fake: FakeTime) -> None:
    stub.plan(EORI_PATH, Fault(status=503), Fault(status=200), Fault(status=503))
    with services(stub, fake, attempts=1) as online:
        records = online.check_eori([f"DE{n:09d}" for n in range(40)])
    assert [r.finding for r in records[::10]] == [
        Finding.UNAVAILABLE,
        Finding.NOT_REGISTERED,
        Finding.UNAVAILABLE,
        Finding.NOT_REGISTERED,
    ]


def test_the_cache_drops_its_oldest_entry_when_full() -> None:
    cache: ExpiringCache[str, int] = ExpiringCache(60.0, clock=lambda: 0.0, max_entries=2)
    for key, value in (("a", 1), ("b", 2), ("c", 3)):
        cache.put(key, value)
    assert (cache.get("a"), cache.get("b"), cache.get("c"), len(cache)) == (None, 2, 3, 2)


def test_an_unreadable_retry_after_falls_back_to_backoff(stub: Stub, fake: FakeTime) -> None:
    stub.plan(HMRC_PATH, Fault(status=503, headers=(("Retry-After", "soon"),)))
    with services(stub, fake) as online:
        assert online.check_eori(["GB123456789002"])[0].finding is Finding.REGISTERED
    assert fake.slept == [pytest.approx(0.05)]


def test_an_iso_request_date_is_read_and_a_missing_body_refused() -> None:
    content = (
        (FIXTURES / "eu-aeo-not-listed.xml").read_bytes().replace(b"30/06/2026", b"2026-06-30")
    )
    assert _parse.read_aeo(content, RHEIN_AEO, CHECKED_AT).request_date == dt.date(2026, 6, 30)
    bodiless = b'<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"/>'
    with pytest.raises(MalformedAnswer, match="no Body"):
        _parse.read_aeo(bodiless, RHEIN_AEO, CHECKED_AT)
    wrong_type = (FIXTURES / "eu-aeo-found.xml").read_bytes().replace(b">AEOF<", b">AEOX<")
    with pytest.raises(MalformedAnswer, match="AEOX"):
        _parse.read_aeo(wrong_type, RHEIN_AEO, CHECKED_AT)


def test_official_services_is_a_checker() -> None:
    checker: Checker = OfficialServices()  # mypy checks the protocol here
    with OfficialServices() as services:
        assert services.find_aeo([]) == []
    assert callable(checker.check_eori)
