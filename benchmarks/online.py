"""ctpat.online benchmark: checks a second against the local stub, and the overhead per number.

Run by hand::

    python benchmarks/online.py              # 10,000 numbers a service
    python benchmarks/online.py --n 2000     # any size

For each service it starts the tests' stub (tests/fixtures/online/stub.py) on
127.0.0.1, then times, over the same N numbers in the same batches:

- ``raw``: a plain ``httpx.Client`` posting the prebuilt request bodies and
  reading the answers' bytes (the HTTP round trips and the stub's own work);
- ``client``: the ctpat client (rate limit off, no cache): validating and
  de-duplicating the numbers, building the requests, the retry/size/time
  guards, defusedxml or JSON parsing, and one ``Evidence`` a number.

The overhead per number is (client - raw) / N. Each figure is the median of
``--repeat`` runs (default 3). Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

import httpx

from ctpat.evidence import Finding
from ctpat.online import EuAeoClient, EuEoriClient, HmrcEoriClient, Policy, _parse

sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "fixtures" / "online"))

from stub import AEO_PATH, EORI_PATH, HMRC_PATH, Holder, Listing, Stub, running

POLICY = Policy(rate=None, timeout=10.0)


def _median(run: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _raw(url: str, bodies: Sequence[bytes], headers: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        with httpx.Client(timeout=10.0) as client:
            for body in bodies:
                response = client.post(url, content=body, headers=headers)
                response.read()
                assert response.status_code == 200

    return run


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="numbers a service")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    n = args.n
    eu = [f"DE{i:012d}" for i in range(n)]
    gb = [f"GB{i:012d}" for i in range(n)]
    aeo = [f"DEAEOF{i:07d}" for i in range(n // 10)]  # one request a number: a tenth
    soap = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
    json_headers = {"Content-Type": "application/json", "Accept": "application/vnd.hmrc.1.0+json"}
    rows = []
    with running(Stub()) as stub:
        for number in eu[::2]:
            stub.eori[number] = Holder("Holder GmbH", "Hauptstr. 1", "Berlin", "10115")
        for number in gb[::2]:
            stub.gb[number] = Holder("Holder Ltd", "1 High Street", "London", "E1 1AA")
        for number in aeo[::2]:
            stub.aeo[number] = [
                Listing("AEOF", "Holder GmbH", "Germany", "DE007600", "01/02/2015")
            ]
        cases = [
            (
                "EU EORI (SOAP, 10 a request)",
                EuEoriClient,
                stub.url + EORI_PATH,
                eu,
                [_parse.eu_eori_request(eu[i : i + 10]) for i in range(0, n, 10)],
                soap,
            ),
            (
                "HMRC EORI (JSON, 10 a request)",
                HmrcEoriClient,
                stub.url + HMRC_PATH,
                gb,
                [_parse.hmrc_request(gb[i : i + 10]) for i in range(0, n, 10)],
                json_headers,
            ),
            (
                "EU AEO (SOAP, 1 a request)",
                EuAeoClient,
                stub.url + AEO_PATH,
                aeo,
                [_parse.aeo_request(number) for number in aeo],
                soap,
            ),
        ]
        for title, cls, url, numbers, bodies, headers in cases:
            raw = _median(_raw(url, bodies, headers), args.repeat)

            def checked(
                cls: type[EuEoriClient] = cls, url: str = url, numbers: list[str] = numbers
            ) -> None:
                with cls(url, policy=POLICY) as client:
                    records = client.check(numbers)
                assert len(records) == len(numbers)
                assert not any(r.finding is Finding.UNAVAILABLE for r in records)

            client = _median(checked, args.repeat)
            count = len(numbers)
            rows.append(
                (
                    title,
                    f"{count:,}",
                    f"{len(bodies):,}",
                    f"{count / client:,.0f}",
                    f"{count / raw:,.0f}",
                    f"{(client - raw) / count * 1e6:,.1f}",
                    f"{(client - raw) / raw:.0%}",
                )
            )
    header = (
        "service",
        "numbers",
        "requests",
        "client checks/s",
        "raw numbers/s",
        "overhead us/number",
        "overhead",
    )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for row in (header, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
