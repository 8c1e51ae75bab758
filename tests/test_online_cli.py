"""`ctpat check` and `ctpat vet --online` against the local stub of the official services."""

from __future__ import annotations

import io
import json
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from ctpat import cli

FIXTURES = Path(__file__).parent / "fixtures" / "online"
sys.path.insert(0, str(FIXTURES))

from stub import AEO_PATH, EORI_PATH, HMRC_PATH, Fault, Holder, Listing, Stub, running  # noqa: E402

PARTNERS = """\
id,name,country,roles,eori,program,level,certified_on,reference
acme,Acme Imports Inc.,US,importer,,CTPAT,,2019-04-08,
rhein,Rhein Werkzeug GmbH,DE,exporter,DE812345678901,EU-AEO,AEOF,2016-09-12,DEAEOF1234567
lyon,Lyon Textiles SA,FR,manufacturer,FR40123456789,EU-AEO,AEOS,2018-05-02,FRAEOS0004512
gent,Gent Logistics NV,BE,exporter,,EU-AEO,AEOF,2019-01-07,BEAEOF0000042
thames,Thames Bearings Ltd,GB,exporter,GB123456789009,CTPAT,,2020-03-02,
quiet,Quiet Supplier Co.,VN,manufacturer,,,,,
"""


@pytest.fixture(autouse=True)
def _no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("HTTPS_PROXY", raising=False)
    monkeypatch.delenv("https_proxy", raising=False)


@pytest.fixture
def stub() -> Iterator[Stub]:
    with running() as server:
        server.eori["DE812345678901"] = Holder("Rhein Werkzeug GmbH")
        server.eori["FR40123456789"] = Holder()
        server.aeo["DEAEOF1234567"] = [
            Listing("AEOF", "Rhein Werkzeug GmbH", "Germany", "DE007600", "12/09/2016")
        ]
        # Lyon claims AEOS; the service lists it at AEOC only.
        server.aeo["FRAEOS0004512"] = [
            Listing("AEOC", "Lyon Textiles SA", "France", "FR000730", "02/05/2018")
        ]
        yield server


@pytest.fixture
def partners(tmp_path: Path) -> Path:
    path = tmp_path / "partners.csv"
    path.write_text(PARTNERS, encoding="utf-8")
    return path


def endpoints(stub: Stub) -> list[str]:
    return [
        f"--endpoint=eu-eori={stub.url}{EORI_PATH}",
        f"--endpoint=eu-aeo={stub.url}{AEO_PATH}",
        f"--endpoint=hmrc-eori={stub.url}{HMRC_PATH}",
        "--timeout=2",
    ]


def run(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.main(list(argv), stdout=out)
    return code, out.getvalue()


def vet_rows(stub: Stub, partners: Path, *extra: str) -> tuple[int, dict[str, dict[str, str]]]:
    code, text = run(
        "vet", str(partners), "--by", "CTPAT", "--on", "2026-06-30", "--format", "json",
        "--online", *endpoints(stub), *extra,
    )  # fmt: skip
    rows = {row["participant"]: row for row in json.loads(text)["records"]}
    for row in rows.values():
        # The reasons' messages in one text, as the assertions read them; the codes apart.
        row["codes"] = [reason["code"] for reason in row["reasons"]]
        row["reasons"] = " | ".join(reason["message"] for reason in row["reasons"])
    return code, rows


def test_vet_online_confirms_contradicts_and_leaves_unverified(stub: Stub, partners: Path) -> None:
    code, rows = vet_rows(stub, partners)
    assert code == 1
    outcomes = {pid: row["outcome"] for pid, row in rows.items()}
    assert outcomes == {
        "acme": "passed",  # no number to check: unchanged
        "rhein": "passed",  # listed at AEOF, EORI registered
        "lyon": "failed",  # listed at AEOC, claims AEOS
        "gent": "unverified",  # not listed (consent-gated)
        "thames": "failed",  # HMRC: EORI not registered
        "quiet": "unverified",  # nothing on record
    }
    assert "confirmed by the EU AEO service on 2026-06-30: AEOF" in rows["rhein"]["reasons"]
    assert "EORI DE812345678901 confirmed registered" in rows["rhein"]["reasons"]
    assert rows["lyon"]["reasons"].startswith(
        "the EU AEO service lists EU AEO FRAEOS0004512 as AEOC, not AEOS as claimed"
    )
    assert rows["gent"]["reasons"].startswith(
        "the EU AEO service does not list EU AEO BEAEOF0000042"
    )
    assert rows["thames"]["reasons"].startswith(
        "HMRC's check-EORI service reports EORI GB123456789009 as not registered"
    )
    assert stub.numbers_asked[HMRC_PATH] == ["GB123456789009"]
    assert sorted(stub.numbers_asked[EORI_PATH]) == ["DE812345678901", "FR40123456789"]


def test_vet_without_online_asks_nothing(stub: Stub, partners: Path) -> None:
    code, text = run(
        "vet", str(partners), "--by", "CTPAT", "--on", "2026-06-30", "--format", "json"
    )
    rows = {row["participant"]: row["outcome"] for row in json.loads(text)["records"]}
    assert rows["gent"] == "passed"  # the partner's word, as before
    assert code == 1
    assert not stub.hits


@pytest.mark.parametrize(
    "fault",
    [
        Fault(status=503),
        Fault(status=429, headers=(("Retry-After", "3600"),)),
        Fault(delay=3.0),
        Fault(body=b"<S:Envelope><S:Body>"),
        Fault(body=(FIXTURES / "billion-laughs.xml").read_bytes()),
        Fault(body=b"x" * 2_000_000),
        Fault(drip=0.05),
    ],
    ids=["503", "429", "timeout", "truncated", "billion-laughs", "oversized", "drip"],
)
def test_no_partner_passes_on_a_failing_service(stub: Stub, partners: Path, fault: Fault) -> None:
    for path in (EORI_PATH, AEO_PATH, HMRC_PATH):
        stub.always(path, fault)
    code, rows = vet_rows(stub, partners, "--attempts=1", "--timeout=0.5")
    assert code == 1
    for pid in ("rhein", "lyon", "gent", "thames"):
        assert rows[pid]["outcome"] == "unverified", (pid, rows[pid]["reasons"])
        assert "could not be checked with" in rows[pid]["reasons"]
        assert rows[pid]["codes"][0] == "source-unavailable"
    assert rows["acme"]["outcome"] == "passed"


def test_check_eori_prints_a_table_and_exits_1_unless_all_registered(stub: Stub) -> None:
    code, text = run("check", "eori", "DE812345678901", "de 812345678901", *endpoints(stub))
    assert code == 0
    assert "DE812345678901  eu-eori  registered  2026-06-30    Rhein Werkzeug GmbH" in text
    code, text = run("check", "eori", "DE812345678901", "IT123456789", *endpoints(stub))
    assert code == 1
    assert "IT123456789     eu-eori  not-registered" in text


def test_check_aeo_as_json(stub: Stub) -> None:
    code, text = run("check", "aeo", "DEAEOF1234567", "--format", "json", *endpoints(stub))
    assert code == 0
    (record,) = json.loads(text)["records"]
    assert record["finding"] == "aeo-found"
    assert record["authorisations"][0] == {
        "type": "AEOF",
        "holder": "Rhein Werkzeug GmbH",
        "issuing_country": "Germany",
        "authority": "DE007600",
        "effective_on": "2016-09-12",
    }


def test_check_reads_numbers_from_stdin(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("DEAEOF1234567\n\nBEAEOF0000042\n"))
    code, text = run("check", "aeo", "-", *endpoints(stub))
    assert code == 1
    assert "BEAEOF0000042  eu-aeo   aeo-not-listed" in text


def test_check_a_bad_number_is_exit_2(stub: Stub, capsys: pytest.CaptureFixture[str]) -> None:
    code, _ = run("check", "eori", "12345", *endpoints(stub))
    assert code == 2
    assert "numbers[0]" in capsys.readouterr().err
    assert not stub.hits


def test_bad_endpoint_and_timeout_are_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("check", "eori", "DE1", "--endpoint", "vies=http://x")[0] == 2
    assert run("check", "eori", "DE1", "--timeout", "0")[0] == 2
    assert run("check", "eori", "DE1", "--attempts", "0")[0] == 2
    err = capsys.readouterr().err
    assert "--timeout" in err
    assert "--attempts" in err


def test_without_the_extra_the_commands_say_what_to_install(
    monkeypatch: pytest.MonkeyPatch, partners: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "ctpat.online", None)
    assert run("check", "eori", "DE812345678901")[0] == 2
    assert run("vet", str(partners), "--by", "CTPAT", "--online")[0] == 2
    assert "pip install 'ctpat[online]'" in capsys.readouterr().err


def test_progress_only_on_a_terminal(
    stub: Stub, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from ctpat.cli import _partners  # imported by ``main`` only for its commands

    monkeypatch.setattr(_partners, "PROGRESS_FROM", 1)
    numbers = [f"DE{n:09d}" for n in range(12)]
    run("check", "eori", *numbers, *endpoints(stub))
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    run("check", "eori", *numbers, *endpoints(stub))
    assert capsys.readouterr().err.endswith("checked 12/12\n")


def test_the_cli_goes_through_https_proxy(stub: Stub, monkeypatch: pytest.MonkeyPatch) -> None:
    with running() as gone:
        dead = gone.url
    monkeypatch.setenv("HTTPS_PROXY", dead)
    code, text = run("check", "eori", "DE812345678901", "--attempts=1", *endpoints(stub))
    assert code == 1
    assert "connection failed" in text
    assert not stub.hits  # the request went to the (dead) proxy, not straight to the stub


@pytest.mark.skipif(
    os.environ.get("CTPAT_ONLINE_LIVE") != "1",
    reason="asks the real services: set CTPAT_ONLINE_LIVE=1 where a network exists",
)
def test_the_real_services_answer_in_the_shapes_we_read() -> None:  # pragma: no cover
    from ctpat.evidence import Finding
    from ctpat.online import OfficialServices

    with OfficialServices() as services:
        eori = services.check_eori(["DE123456789012345", "GB123456789000"])
        aeo = services.find_aeo(["DEAEOF123456"])
    for record in (*eori, *aeo):
        # Any documented answer will do; "unavailable" must carry its reason.
        assert record.finding is not Finding.UNAVAILABLE or record.reason
