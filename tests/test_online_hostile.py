"""Lying, hostile and broken services (issue 23): no number is confirmed that the
service did not plainly confirm, nothing raises, and every exchange ends in bounded time.

Every server here listens on 127.0.0.1 only.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ctpat
from ctpat import cli
from ctpat.evidence import Evidence, Finding, OfficialService, weigh
from ctpat.online import EuEoriClient, HmrcEoriClient, MalformedAnswer, Policy, Timing, _parse
from ctpat.vetting import Outcome

FIXTURES = Path(__file__).parent / "fixtures" / "online"
sys.path.insert(0, str(FIXTURES))

from stub import EORI_PATH, HMRC_PATH, Fault, Holder, Stub, running  # noqa: E402

CHECKED_AT = dt.datetime(2026, 6, 30, 10, 0, tzinfo=dt.timezone.utc)
ON = dt.date(2026, 6, 30)
RHEIN = "DE812345678901"
THAMES = "GB123456789009"
TIMING = Timing(now=lambda: CHECKED_AT)


def policy(**changes: float | int | None) -> Policy:
    values: dict[str, float | int | None] = {"timeout": 2.0, "attempts": 1, "rate": None}
    values.update(changes)
    return Policy(**values)  # type: ignore[arg-type]


def eu_answer(results: list[tuple[str, str]]) -> bytes:
    """A validateEORIResponse listing ``(number, status)`` results in this order."""
    items = "".join(
        f"<result><eori>{number}</eori><status>{status}</status>"
        f"<statusDescr>{'Valid' if status == '0' else 'Not valid'}</statusDescr></result>"
        for number, status in results
    )
    return (
        '<S:Envelope xmlns:S="http://schemas.xmlsoap.org/soap/envelope/"><S:Body>'
        '<ns0:validateEORIResponse xmlns:ns0="http://eori.ws.eos.dds.s/"><return>'
        f"<requestDate>30/06/2026</requestDate>{items}</return></ns0:validateEORIResponse>"
        "</S:Body></S:Envelope>"
    ).encode()


def hmrc_answer(results: list[tuple[str, bool]]) -> bytes:
    return json.dumps(
        [
            {"eori": number, "valid": valid, "processingDate": "2026-06-30T09:54:08Z"}
            for number, valid in results
        ]
    ).encode()


# -- a number answered twice (defect 7) ------------------------------------------------


def test_an_eu_answer_saying_not_valid_then_valid_leaves_the_number_unverified() -> None:
    content = eu_answer([(RHEIN, "1"), (RHEIN, "0"), ("FR40123456789", "0")])
    found = _parse.read_eu_eori(content, [RHEIN, "FR40123456789"], CHECKED_AT)
    assert found[RHEIN].finding is Finding.UNAVAILABLE
    assert found[RHEIN].reason == (
        f"contradictory answer: it answered about {RHEIN} 2 times "
        "and the answers differ (not-registered, then registered)"
    )
    # The other number's answer is not in question.
    assert found["FR40123456789"].finding is Finding.REGISTERED


def test_an_hmrc_answer_saying_invalid_then_valid_leaves_the_number_unverified() -> None:
    content = hmrc_answer([(THAMES, False), (THAMES, True)])
    found = _parse.read_hmrc(content, [THAMES], CHECKED_AT)
    assert found[THAMES].finding is Finding.UNAVAILABLE
    assert "contradictory answer" in (found[THAMES].reason or "")


def test_a_number_registered_twice_under_different_names_is_unverified() -> None:
    content = eu_answer([(RHEIN, "0"), (RHEIN, "0")]).replace(
        b"<statusDescr>Valid</statusDescr>", b"<statusDescr>Valid</statusDescr><name>A</name>", 1
    )
    found = _parse.read_eu_eori(content, [RHEIN], CHECKED_AT)
    assert found[RHEIN].finding is Finding.UNAVAILABLE
    assert found[RHEIN].reason == (
        f"contradictory answer: it answered about {RHEIN} 2 times and the answers differ "
        "(registered each time, with different details)"
    )


def test_a_number_answered_twice_alike_counts_once() -> None:
    found = _parse.read_eu_eori(eu_answer([(RHEIN, "0"), (RHEIN, "0")]), [RHEIN], CHECKED_AT)
    assert found[RHEIN].finding is Finding.REGISTERED
    found = _parse.read_hmrc(hmrc_answer([(THAMES, False)] * 3), [THAMES], CHECKED_AT)
    assert found[THAMES].finding is Finding.NOT_REGISTERED


PARTNERS = f"""\
id,name,country,roles,eori,program,level,certified_on,reference
rhein,Rhein Werkzeug GmbH,DE,exporter,{RHEIN},CTPAT,,2019-04-08,
thames,Thames Bearings Ltd,GB,exporter,{THAMES},CTPAT,,2020-03-02,
"""


@pytest.fixture
def lying() -> Iterator[Stub]:
    with running() as server:
        server.eori[RHEIN] = Holder("Rhein Werkzeug GmbH")
        server.gb[THAMES] = Holder("Thames Bearings Ltd")
        server.contradict.update({RHEIN, THAMES})
        yield server


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    return cli.main(list(argv), stdout=out), out.getvalue()


def endpoints(stub: Stub) -> list[str]:
    return [
        f"--endpoint=eu-eori={stub.url}{EORI_PATH}",
        f"--endpoint=hmrc-eori={stub.url}{HMRC_PATH}",
        "--timeout=2",
    ]


def test_vet_online_never_passes_a_partner_the_service_contradicted_itself_about(
    lying: Stub, tmp_path: Path
) -> None:
    partners = tmp_path / "partners.csv"
    partners.write_text(PARTNERS, encoding="utf-8")
    code, text = run(
        "vet", str(partners), "--by", "CTPAT", "--on", "2026-06-30", "--format", "json",
        "--online", *endpoints(lying),
    )  # fmt: skip
    rows = {row["participant"]: row for row in json.loads(text)["records"]}
    assert code == 1
    assert rows["rhein"]["outcome"] == "unverified"
    assert rows["thames"]["outcome"] == "unverified"
    assert rows["rhein"]["deciding"]["code"] == "source-unavailable"
    assert "contradictory answer" in rows["rhein"]["deciding"]["message"]


def test_check_exits_1_for_a_number_the_service_contradicted_itself_about(lying: Stub) -> None:
    code, text = run("check", "eori", RHEIN, THAMES, "--format", "json", *endpoints(lying))
    assert code == 1
    assert {r["finding"] for r in json.loads(text)["records"]} == {"unavailable"}


# -- the property, over generated answers served on the loopback -----------------------

ASKED = ("DE812345678901", "FR40123456789", "NL123456789")
STRANGERS = ("IT123456789",)
GB_ASKED = ("GB123456789000", "GB123456789009", "GB987654321000")


@pytest.fixture(scope="module")
def served() -> Iterator[Stub]:
    with running() as server:
        yield server


def _participant(number: str) -> ctpat.Participant:
    return ctpat.Participant("p", "P", number[:2], identifiers={"eori": number})


def _passed_without_evidence(number: str) -> ctpat.Verdict:
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(
            participants=[_participant(number)],
            certifications=[ctpat.Certification.grant("CTPAT", "p", on=dt.date(2024, 1, 1))],
        )
    )
    verdict = registry.verify("p", by="CTPAT", on=ON)
    assert Outcome.of(verdict) is Outcome.PASSED
    return verdict


def _expected(
    results: list[tuple[str, bool]], asked: tuple[str, ...], number: str
) -> Finding | None:
    """What the answer plainly says of ``number``: ``None`` when it says nothing
    plain (unasked numbers in it, no answer, or answers that differ)."""
    if any(n not in asked for n, _ in results):
        return None
    said = {valid for n, valid in results if n == number}
    if len(said) != 1:
        return None
    return Finding.REGISTERED if said.pop() else Finding.NOT_REGISTERED


RANK = {Outcome.PASSED: 2, Outcome.UNVERIFIED: 1, Outcome.FAILED: 0}


@pytest.mark.parametrize("service", [OfficialService.EU_EORI, OfficialService.HMRC_EORI])
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_evidence_from_any_answer_never_raises_an_outcome(
    served: Stub, service: OfficialService, data: st.DataObject
) -> None:
    asked = GB_ASKED if service is OfficialService.HMRC_EORI else ASKED
    stranger = "GB111111111111" if service is OfficialService.HMRC_EORI else STRANGERS[0]
    # Mostly answers about the numbers asked (repeated, contradicting, missing),
    # sometimes one about a number nobody asked, anywhere in the answer.
    results = data.draw(
        st.lists(st.tuples(st.sampled_from(asked), st.booleans()), max_size=8), label="results"
    )
    if data.draw(st.integers(0, 4), label="stranger") == 0:
        at = data.draw(st.integers(0, len(results)), label="at")
        results.insert(at, (stranger, data.draw(st.booleans(), label="valid")))
    client_type: type[EuEoriClient | HmrcEoriClient] = EuEoriClient
    if service is OfficialService.HMRC_EORI:
        body, path, client_type = hmrc_answer(results), HMRC_PATH, HmrcEoriClient
    else:
        body, path = eu_answer([(n, "0" if valid else "1") for n, valid in results]), EORI_PATH
    served.always(path, Fault(body=body))
    try:
        with client_type(served.url + path, policy=policy(), timing=TIMING) as client:
            records = client.check(list(asked))
    finally:
        served.always(path, None)
    assert [r.query for r in records] == list(asked)
    for number, record in zip(asked, records, strict=True):
        expected = _expected(results, asked, number)
        assert record.finding is (expected or Finding.UNAVAILABLE)
        verdict = _passed_without_evidence(number)
        weighed = weigh(verdict, _participant(number), records)
        assert RANK[Outcome.of(weighed)] <= RANK[Outcome.of(verdict)]
        if expected is not Finding.REGISTERED:
            assert Outcome.of(weighed) is not Outcome.PASSED


# -- answers that cannot be read (defect 13) -------------------------------------------


def test_an_xml_answer_declaring_an_unknown_encoding_is_unreadable() -> None:
    content = eu_answer([(RHEIN, "0")]).replace(
        b"<S:Envelope", b'<?xml version="1.0" encoding="utf-9"?><S:Envelope', 1
    )
    with pytest.raises(MalformedAnswer, match="unknown XML encoding"):
        _parse.read_eu_eori(content, [RHEIN], CHECKED_AT)

    client = EuEoriClient(
        transport=httpx.MockTransport(lambda request: httpx.Response(200, content=content)),
        policy=policy(),
        timing=TIMING,
    )
    (record,) = client.check([RHEIN])
    assert record.finding is Finding.UNAVAILABLE
    assert isinstance(record, Evidence)


def test_a_retry_after_that_is_not_ascii_seconds_falls_back_to_backoff() -> None:
    answers = iter(
        [
            httpx.Response(429, headers=[(b"Retry-After", "²".encode("latin-1"))]),
            httpx.Response(200, content=eu_answer([(RHEIN, "0")])),
        ]
    )
    slept: list[float] = []
    client = EuEoriClient(
        transport=httpx.MockTransport(lambda request: next(answers)),
        policy=policy(attempts=2, backoff=0.25),
        timing=Timing(sleep=slept.append, random=lambda: 1.0, now=lambda: CHECKED_AT),
    )
    (record,) = client.check([RHEIN])
    assert record.finding is Finding.REGISTERED
    assert slept == [0.25]


@pytest.mark.parametrize("timeout", [float("inf"), float("nan"), 1e300, 301.0, 0.0, -1.0, True])
def test_a_timeout_is_a_finite_positive_number_of_seconds_within_the_bound(
    timeout: float,
) -> None:
    from ctpat.errors import DataError
    from ctpat.online import MAX_TIMEOUT

    assert MAX_TIMEOUT == 300.0
    with pytest.raises(DataError, match="timeout: must be a number of seconds above 0"):
        Policy(timeout=timeout)
    Policy(timeout=MAX_TIMEOUT)


@pytest.mark.parametrize("timeout", ["1e300", "inf", "nan", "0", "301"])
def test_the_cli_refuses_a_timeout_out_of_bounds_in_one_line(
    timeout: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _ = run("check", "eori", RHEIN, f"--timeout={timeout}")
    assert code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert err.startswith("ctpat: error: --timeout: must be a number of seconds above 0")


# -- the timeout bounds the whole exchange (defect 15) ---------------------------------


@pytest.mark.parametrize(
    "fault",
    [
        # The status line, then a header line every 0.1 s, never the blank line.
        Fault(raw=b"HTTP/1.1 200 OK\r\n", endless=b"X-Pad: more\r\n", drip=0.1),
        # Interim answers over and over, never the final one.
        Fault(endless=b"HTTP/1.1 100 Continue\r\n\r\n", drip=0.1),
    ],
    ids=["headers-dripped", "endless-100-continue"],
)
def test_the_timeout_bounds_the_headers_too(fault: Fault) -> None:
    import time

    with running() as server:
        server.always(EORI_PATH, fault)
        start = time.monotonic()
        with EuEoriClient(server.url + EORI_PATH, policy=policy(timeout=0.5), timing=TIMING) as c:
            (record,) = c.check([RHEIN])
        took = time.monotonic() - start
    assert record.finding is Finding.UNAVAILABLE
    assert record.reason == "unavailable: no answer within 0.5 s, after 1 attempts"
    # The stub keeps dripping for 20 s; the client stops at its timeout.
    assert took < 10.0


# -- the size cap counts decoded bytes as they are produced (defect 16) ----------------


def _gzip_twice(size: int) -> bytes:
    import gzip

    return gzip.compress(gzip.compress(b"<" * size, 9), 9)


def test_a_double_gzip_bomb_is_refused_before_it_is_decoded(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from ctpat.online import _http

    bomb = _gzip_twice(300 << 20)
    assert len(bomb) < 2000
    produced: list[int] = []
    inflate = _http._inflate

    def watched(chunks: Iterator[bytes], service: OfficialService) -> Iterator[bytes]:
        for out in inflate(chunks, service):
            produced.append(len(out))
            yield out

    monkeypatch.setattr(_http, "_inflate", watched)
    headers = (("Content-Encoding", "gzip, gzip"),)
    with running() as server:
        server.always(EORI_PATH, Fault(body=bomb, headers=headers))
        with EuEoriClient(server.url + EORI_PATH, policy=policy(), timing=TIMING) as client:
            (record,) = client.check([RHEIN])
    assert record.finding is Finding.UNAVAILABLE
    assert record.reason == "unreadable answer: the answer is over 1,048,576 bytes"
    # Never more than one step decoded at a time, and the decoding stopped at the cap.
    assert max(produced) <= _http.DECODE_STEP
    assert sum(produced) < 4 * (1 << 20)


@pytest.mark.parametrize("codings", ["gzip", "gzip, gzip", "deflate", "x-gzip, identity"])
def test_compressed_answers_are_read(codings: str) -> None:
    import gzip
    import zlib

    body = eu_answer([(RHEIN, "0")])
    for coding in [c.strip() for c in codings.split(",")]:
        if coding in ("gzip", "x-gzip"):
            body = gzip.compress(body)
        elif coding == "deflate":
            body = zlib.compress(body)
    with running() as server:
        server.always(EORI_PATH, Fault(body=body, headers=(("Content-Encoding", codings),)))
        with EuEoriClient(server.url + EORI_PATH, policy=policy(), timing=TIMING) as client:
            (record,) = client.check([RHEIN])
    assert record.finding is Finding.REGISTERED


@pytest.mark.parametrize(
    ("body", "codings", "reason"),
    [
        (b"\x1f\x8b\x08\x00" + b"junk" * 10, "gzip", "a damaged compressed answer"),
        (b"x", "br", "an unknown content encoding 'br'"),
    ],
)
def test_a_damaged_or_unknown_coding_is_unreadable(body: bytes, codings: str, reason: str) -> None:
    with running() as server:
        server.always(EORI_PATH, Fault(body=body, headers=(("Content-Encoding", codings),)))
        with EuEoriClient(server.url + EORI_PATH, policy=policy(), timing=TIMING) as client:
            (record,) = client.check([RHEIN])
    assert record.finding is Finding.UNAVAILABLE
    assert reason in (record.reason or "")


def test_a_compressed_answer_cut_short_is_unreadable() -> None:
    import gzip

    body = gzip.compress(eu_answer([(RHEIN, "0")]))[:-12]
    with running() as server:
        server.always(EORI_PATH, Fault(body=body, headers=(("Content-Encoding", "gzip"),)))
        with EuEoriClient(server.url + EORI_PATH, policy=policy(), timing=TIMING) as client:
            (record,) = client.check([RHEIN])
    assert record.reason == "unreadable answer: a compressed answer cut short"


@pytest.mark.parametrize(
    "proxy", ["ftp://x:1", "garbage", "http://", "socks5://h:1", "http://[::1"]
)
def test_a_proxy_that_is_not_an_http_url_is_refused_in_one_line(
    proxy: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ctpat.errors import DataError
    from ctpat.online import OfficialServices

    with pytest.raises(DataError, match="proxy: must be an http:// or https:// URL"):
        OfficialServices(proxy=proxy)
    monkeypatch.setenv("HTTPS_PROXY", proxy)
    code, _ = run("check", "eori", RHEIN, "--attempts=1")
    assert code == 2
    assert capsys.readouterr().err.startswith("ctpat: error: HTTPS_PROXY: must be an http://")


def test_the_exchange_is_bounded_in_real_time_whatever_the_timing_clock() -> None:
    import time

    frozen = Timing(clock=lambda: 0.0, sleep=lambda seconds: None, now=lambda: CHECKED_AT)
    with running() as server:
        server.always(
            EORI_PATH, Fault(raw=b"HTTP/1.1 200 OK\r\n", endless=b"X-Pad: more\r\n", drip=0.1)
        )
        start = time.monotonic()
        with EuEoriClient(server.url + EORI_PATH, policy=policy(timeout=0.5), timing=frozen) as c:
            (record,) = c.check([RHEIN])
        took = time.monotonic() - start
    assert record.reason == "unavailable: no answer within 0.5 s, after 1 attempts"
    assert took < 10.0


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"attempts": 0}, "attempts"),
        ({"max_bytes": True}, "max_bytes"),
        ({"budget": float("inf")}, "budget"),
        ({"rate": float("nan")}, "rate"),
    ],
)
def test_a_policy_names_the_field_it_refuses(changes: dict[str, object], field: str) -> None:
    from ctpat.errors import DataError

    with pytest.raises(DataError) as caught:
        Policy(**changes)  # type: ignore[arg-type]
    assert caught.value.field == field


def test_the_bounded_network_cuts_each_wait_to_the_deadline() -> None:
    import httpcore

    from ctpat.online import _http

    ticks = iter([10.0, 10.0, 12.5])
    network = _http._Bounded(lambda: next(ticks))
    assert network.left(5.0, httpcore.ReadTimeout) == 5.0  # no exchange under way
    network.ends = 12.0
    assert network.left(5.0, httpcore.ReadTimeout) == 2.0
    assert network.left(None, httpcore.ReadTimeout) == 2.0
    with pytest.raises(httpcore.ReadTimeout):
        network.left(5.0, httpcore.ReadTimeout)


class _Dripping(httpx.SyncByteStream):
    def __iter__(self) -> Iterator[bytes]:
        import time

        for _ in range(100):
            time.sleep(0.05)
            yield b" "


class _OwnTransport(httpx.BaseTransport):
    """A transport of the caller's own, streaming an answer slowly."""

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, stream=_Dripping())


def test_a_transport_of_ones_own_is_bounded_between_chunks() -> None:
    client = EuEoriClient(transport=_OwnTransport(), policy=policy(timeout=0.3), timing=TIMING)
    (record,) = client.check([RHEIN])
    assert record.reason == "unavailable: no answer within 0.3 s, after 1 attempts"
