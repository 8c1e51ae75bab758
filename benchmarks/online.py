"""ctpat.online benchmark: checks a second against the local stub, and the overhead per number.

Run by hand::

    python benchmarks/online.py              # 10,000 numbers a service
    python benchmarks/online.py --n 2000     # any size

It starts the tests' stub (tests/fixtures/online/stub.py) on 127.0.0.1 in a
process of its own, then times for each service, over the same N numbers in the same batches:

- ``raw``: a plain ``httpx.Client`` posting the prebuilt request bodies and
  reading the answers' bytes (the HTTP round trips and the stub's own work);
- ``client``: the ctpat client (rate limit off, no cache): validating and
  de-duplicating the numbers, building the requests, the retry/size/time
  guards, defusedxml or JSON parsing, and one ``Evidence`` a number.

The overhead per number is (client - raw) / N, in wall time and in this
process's CPU time (the stub's work is in the other process; the CPU figure is
the steadier one on a loaded machine). Each figure is the median of
``--repeat`` runs (default 5), the two taken in turns. Nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

import httpx

from ctpat.evidence import Finding
from ctpat.online import EuAeoClient, EuEoriClient, HmrcEoriClient, Policy, _parse

sys.path.insert(0, str(Path(__file__).parent.parent / "tests" / "fixtures" / "online"))

from stub import AEO_PATH, EORI_PATH, HMRC_PATH, Holder, Listing, Stub, running

POLICY = Policy(rate=None, timeout=10.0)


def _medians(
    first: Callable[[], object], second: Callable[[], object], repeat: int
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Median (wall, CPU) seconds of two runs, taken in turns so that the machine's load falls on both."""
    times: tuple[list[tuple[float, float]], list[tuple[float, float]]] = ([], [])
    for _ in range(repeat):
        for run, kept in ((first, times[0]), (second, times[1])):
            wall, cpu = time.perf_counter(), time.process_time()
            run()
            kept.append((time.perf_counter() - wall, time.process_time() - cpu))
    return tuple(  # type: ignore[return-value]
        (statistics.median(t[0] for t in kept), statistics.median(t[1] for t in kept))
        for kept in times
    )


def _raw(url: str, bodies: Sequence[bytes], headers: dict[str, str]) -> Callable[[], None]:
    def run() -> None:
        with httpx.Client(timeout=10.0) as client:
            for body in bodies:
                response = client.post(url, content=body, headers=headers)
                response.read()
                assert response.status_code == 200

    return run


def _numbers(n: int) -> tuple[list[str], list[str], list[str]]:
    # AEO numbers are asked one a request: a tenth as many.
    return (
        [f"DE{i:012d}" for i in range(n)],
        [f"GB{i:012d}" for i in range(n)],
        [f"DEAEOF{i:07d}" for i in range(n // 10)],
    )


def _serve(n: int) -> None:
    """Run the stub in this process until standard input closes (the benchmark's child)."""
    eu, gb, aeo = _numbers(n)
    stub = Stub()
    for number in eu[::2]:
        stub.eori[number] = Holder("Holder GmbH", "Hauptstr. 1", "Berlin", "10115")
    for number in gb[::2]:
        stub.gb[number] = Holder("Holder Ltd", "1 High Street", "London", "E1 1AA")
    for number in aeo[::2]:
        stub.aeo[number] = [Listing("AEOF", "Holder GmbH", "Germany", "DE007600", "01/02/2015")]
    with running(stub):
        print(stub.url, flush=True)
        sys.stdin.read()


@contextlib.contextmanager
def _stub_process(n: int) -> Iterator[str]:
    # The stub runs in a process of its own, so that its work is not timed as the client's.
    child = subprocess.Popen(
        [sys.executable, __file__, "--serve", "--n", str(n)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None
        yield child.stdout.readline().strip()
    finally:
        assert child.stdin is not None
        child.stdin.close()
        child.wait(10)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=10_000, help="numbers a service")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    n = args.n
    if args.serve:
        _serve(n)
        return 0
    eu, gb, aeo = _numbers(n)
    soap = {"Content-Type": "text/xml; charset=utf-8", "SOAPAction": '""'}
    json_headers = {"Content-Type": "application/json", "Accept": "application/vnd.hmrc.1.0+json"}
    rows = []
    with _stub_process(n) as url:
        cases = [
            (
                "EU EORI (SOAP, 10 a request)",
                EuEoriClient,
                url + EORI_PATH,
                eu,
                [_parse.eu_eori_request(eu[i : i + 10]) for i in range(0, n, 10)],
                soap,
            ),
            (
                "HMRC EORI (JSON, 10 a request)",
                HmrcEoriClient,
                url + HMRC_PATH,
                gb,
                [_parse.hmrc_request(gb[i : i + 10]) for i in range(0, n, 10)],
                json_headers,
            ),
            (
                "EU AEO (SOAP, 1 a request)",
                EuAeoClient,
                url + AEO_PATH,
                aeo,
                [_parse.aeo_request(number) for number in aeo],
                soap,
            ),
        ]
        for title, cls, url, numbers, bodies, headers in cases:

            def checked(
                cls: type[EuEoriClient] = cls, url: str = url, numbers: list[str] = numbers
            ) -> None:
                with cls(url, policy=POLICY) as client:
                    records = client.check(numbers)
                assert len(records) == len(numbers)
                assert not any(r.finding is Finding.UNAVAILABLE for r in records)

            (raw, raw_cpu), (client, client_cpu) = _medians(
                _raw(url, bodies, headers), checked, args.repeat
            )
            count = len(numbers)
            rows.append(
                (
                    title,
                    f"{count:,}",
                    f"{len(bodies):,}",
                    f"{count / client:,.0f}",
                    f"{count / raw:,.0f}",
                    f"{(client - raw) / count * 1e6:,.0f}",
                    f"{raw_cpu / count * 1e6:,.0f}",
                    f"{client_cpu / count * 1e6:,.0f}",
                    f"{(client_cpu - raw_cpu) / count * 1e6:,.0f}",
                )
            )
    header = (
        "service",
        "numbers",
        "requests",
        "client checks/s",
        "raw numbers/s",
        "wall overhead us/number",
        "raw CPU us/number",
        "client CPU us/number",
        "CPU overhead us/number",
    )
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
    for row in (header, *rows):
        print("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
