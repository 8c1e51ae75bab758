"""ctpat benchmark: the HTML vetting report over many partners.

Run by hand::

    python benchmarks/report.py              # N = 100,000 partners
    python benchmarks/report.py --n 20000    # any size
    python benchmarks/report.py --quick      # N = 2,000, one repeat
    python benchmarks/report.py --out /tmp/report.html --browser

The partners are the synthetic, seeded population of ``benchmarks/bench.py`` (1-3
certifications each, random valid histories, 14 countries), one in ten with its
certifications left out (unverified), vetted against CTPAT on
its as-of date. It times, separately: the vet (outcomes only, verdicts read later),
the calendar (deadlines due within 90 days), and ``ctpat.report.vetting_html``,
which reads every verdict, counts, and renders the page; then writing the file.
With ``--browser`` it also times headless Chromium loading the page and taking a
screenshot of its first screen (the usable-at-scale check). Each figure is the
median of the repeats; ``gc.collect()`` runs before each.
"""

from __future__ import annotations

import argparse
import gc
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from dateutil.relativedelta import relativedelta

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench import SEED, VET_BY, VET_ON, Population

import ctpat
from ctpat.report import InputFile, vetting_html

WITHIN = relativedelta(days=90)


#: CPU seconds of the last :func:`timed` call (median), shown next to the wall time:
#: on a shared machine it is the steadier of the two.
cpu: list[float] = [0.0]


def timed(fn: Callable[[], Any], repeat: int) -> tuple[float, Any]:
    """The median wall time of ``fn`` over ``repeat`` runs, and its last result."""
    times, cpus, result = [], [], None
    for _ in range(repeat):
        gc.collect()
        started, started_cpu = time.perf_counter(), time.process_time()
        result = fn()
        times.append(time.perf_counter() - started)
        cpus.append(time.process_time() - started_cpu)
    cpu[0] = statistics.median(cpus)
    return statistics.median(times), result


def seconds(wall: float) -> str:
    return f"{wall:.2f} s (CPU {cpu[0]:.2f} s)"


def browser_seconds(page: Path) -> float | None:
    """How long headless Chromium takes to load ``page`` and screenshot it."""
    chromium = os.environ.get("CTPAT_CHROMIUM") or shutil.which("chromium")
    if chromium is None:
        return None
    with tempfile.TemporaryDirectory() as scratch:
        started = time.perf_counter()
        subprocess.run(
            [
                chromium,
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={scratch}/profile",
                f"--screenshot={scratch}/shot.png",
                "--window-size=1200,1600",
                page.as_uri(),
            ],
            capture_output=True,
            check=True,
            timeout=600,
        )
        return time.perf_counter() - started


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--n", type=int, default=None, help="partners (100,000)")
    parser.add_argument("--quick", action="store_true", help="smoke run: 2,000 partners")
    parser.add_argument("--repeat", type=int, default=None, help="timed repeats (3; quick: 1)")
    parser.add_argument("--out", type=Path, help="keep the page here (default: a temp file)")
    parser.add_argument("--browser", action="store_true", help="also time headless Chromium")
    args = parser.parse_args(argv)
    n = args.n if args.n is not None else (2_000 if args.quick else 100_000)
    repeat = args.repeat if args.repeat is not None else (1 if args.quick else 3)

    population = Population(n)
    # One partner in ten with nothing on record, as in a real partner list.
    certifications = [
        cert for i, held in enumerate(population.holdings) if i % 10 for cert in held
    ]
    registry = ctpat.reference().with_partners(
        ctpat.PartnerData(participants=population.participants, certifications=certifications)
    )
    scratch = tempfile.TemporaryDirectory()
    out = args.out or Path(scratch.name) / "report.html"
    rows: list[tuple[str, str]] = []

    vet_s, _ = timed(lambda: registry.vet(by=VET_BY, on=VET_ON), repeat)
    rows.append(("vet (outcomes; verdicts read by the report)", seconds(vet_s)))
    cal_s, calendar = timed(lambda: registry.calendar(on=VET_ON, within=WITHIN), repeat)
    rows.append((f"calendar within 90 days ({len(calendar):,} deadlines)", seconds(cal_s)))
    source = InputFile.from_bytes("synthetic.csv", b"", rows=n)

    def render() -> str:
        # A fresh report each time, so that every verdict is worked out inside.
        report = registry.vet(by=VET_BY, on=VET_ON)
        return vetting_html(report, source=source, calendar=calendar, within=WITHIN)

    html_s, page = timed(render, repeat)
    rows.append(("vet + vetting_html (every verdict read, page rendered)", seconds(html_s)))
    write_s, _ = timed(lambda: out.write_text(page, encoding="utf-8"), repeat)
    rows.append(("write the file", seconds(write_s)))
    total = cal_s + html_s + write_s
    rows.append(("total: calendar, vet, page, file", f"{total:.2f} s"))
    rows.append(("page size", f"{len(page.encode('utf-8')) / 1e6:.1f} MB"))
    if args.browser:
        loaded = browser_seconds(out)
        rows.append(
            (
                "headless Chromium: load and screenshot",
                "n/a" if loaded is None else f"{loaded:.1f} s",
            )
        )
    report = registry.vet(by=VET_BY, on=VET_ON)
    width = max(len(name) for name, _ in rows)
    print(
        f"N = {n:,} partners ({len(registry.partners.certifications):,}"
        f" certifications, seed {SEED}), by {VET_BY} on {VET_ON}; {report.summary()}"
    )
    for name, value in rows:
        print(f"  {name.ljust(width)}  {value}")
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs; median of {repeat}.")
    scratch.cleanup()
    return 0


if __name__ == "__main__":
    sys.exit(main())
