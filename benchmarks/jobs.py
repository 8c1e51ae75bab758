"""The jobs users feel, timed from outside: a supplier export to a vetted answer.

Run ``python benchmarks/jobs.py [--rows N] [--million] [--tree NAME=PATH ...]``.

It writes a synthetic supplier export of N rows (default 100,000) in the shape
``docs/how-to/partner-lists.md`` describes -- country names, US dates, 21
program spellings as people type them, a status column, a mapping file -- and
times each job in a fresh process, once per source tree given with ``--tree``
(default: this checkout), so that a before/after comparison is two trees in
one run on the same machine state (``git worktree add /tmp/before <commit>``
gives the *before* tree). Every process runs with ``PYTHONPATH=TREE/src`` and
prints which ``ctpat`` it imported.

Jobs (the table of issue 26):

- ``cli json``: ``ctpat vet FILE --mapping M --by CTPAT --format json`` into a
  file: wall time, CPU time (user + system of the process) and peak RSS;
- ``cli json unbuffered``: the same with ``PYTHONUNBUFFERED=1`` (containers);
- ``cli 10N``: ``ctpat vet`` of a 10 x N export (``--million``, 1,000,000 rows
  at the default N), wall time and peak RSS;
- ``api``: ``io.read`` + ``with_partners`` + ``vet`` + every verdict's reasons
  + the JSON document, in one process, with the parts timed inside it (intake
  rows/s; the first ``vet`` call's participants/s);
- ``with_partners`` at N and 10 x N rows (``--million``): the growth factor
  (10 for linear);
- ``--version``: median wall time of 15 ``ctpat --version`` processes against
  15 ``python -c "import attrs, cattrs, dateutil"``, both from bytecode (a
  cache written by a first, untimed run), as an installed wheel starts;
- ``html``: the size of ``--report`` for the N-row export.

Times are for information, never assertions. Figures and history go in
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ON = "2026-06-01"
HEADER = ["Supplier Name", "Country", "Certification Program", "Cert Number",
          "Certified Since", "Status"]  # fmt: skip
# (spelling, country name): 21 spellings that today's bundled aliases read.
PROGRAMS = [
    ("C-TPAT", "United States"), ("CTPAT", "Mexico"), ("EU AEO (AEOS)", "Germany"),
    ("AEO-F", "France"), ("AEOC", "Italy"), ("EU AEO", "Netherlands"),
    ("PIP", "Canada"), ("Partners in Protection", "Canada"), ("AEO Korea AAA", "Korea, Republic of"),
    ("AEO Korea AA", "South Korea"), ("Japan AEO", "Japan"), ("Swiss AEO", "Switzerland"),
    ("UK AEO AEOF", "United Kingdom"), ("OEA Mexico", "Mexico"), ("NZ SES", "New Zealand"),
    ("Singapore STP", "Singapore"), ("Taiwan AEO", "Taiwan"), ("IL-AEO", "Israel"),
    ("Golden List", "Jordan"), ("Australian Trusted Trader", "Australia"),
    ("None", "Viet Nam"),
]  # fmt: skip
STATUSES = ["Certified", "Active", "Certified", "Active", "Suspended", "Expired", ""]

MAPPING = """\
[columns]
name = "Supplier Name"
country = "Country"
program = "Certification Program"
reference = "Cert Number"
certified_on = "Certified Since"
status = "Status"

[dates]
format = "%m/%d/%Y"
status_as_of = 2026-05-15
"""

API_JOB = r"""
import json, sys, time, datetime as dt
import ctpat
from ctpat import io
path, mapping_path, factor = sys.argv[1], sys.argv[2], int(sys.argv[3])
print("imported", ctpat.__file__, file=sys.stderr)
on = dt.date.fromisoformat("%(on)s")
mapping = io.SheetMapping.load(mapping_path)
ctpat.reference()
t0 = time.perf_counter(); c0 = time.process_time()
intake = io.read(path, mapping=mapping)
t1 = time.perf_counter()
registry = ctpat.reference().with_partners(intake.data)
t2 = time.perf_counter()
report = registry.vet(by="CTPAT", on=on)
t3 = time.perf_counter()
n_reasons = sum(len(entry.verdict.reasons) for entry in report.entries)
t4 = time.perf_counter()
try:
    text = ctpat.to_json(report)
except TypeError:
    text = json.dumps(list(report.rows()), default=str)
t5 = time.perf_counter(); c5 = time.process_time()
rows = intake.rows
print(json.dumps({
    "rows": rows, "participants": len(intake.data.participants),
    "read_s": t1 - t0, "with_partners_s": t2 - t1, "vet_s": t3 - t2,
    "reasons_s": t4 - t3, "json_s": t5 - t4, "total_s": t5 - t0, "cpu_s": c5 - c0,
    "reasons": n_reasons, "json_bytes": len(text),
}))
"""

WITH_PARTNERS_JOB = r"""
import json, sys, time
import ctpat
from ctpat import io
print("imported", ctpat.__file__, file=sys.stderr)
mapping = io.SheetMapping.load(sys.argv[2])
data = io.read(sys.argv[1], mapping=mapping).data
base = ctpat.reference()
t0 = time.perf_counter()
base.with_partners(data)
print(json.dumps({"with_partners_s": time.perf_counter() - t0}))
"""


def write_export(folder: Path, n: int) -> tuple[Path, Path]:
    path = folder / f"suppliers-{n}.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\r\n")
        writer.writerow(HEADER)
        for i in range(n):
            spelling, country = PROGRAMS[i % len(PROGRAMS)]
            if spelling == "None":
                writer.writerow([f"Supplier {i} Ltd", country, spelling, "", "", ""])
                continue
            year, month, day = 2010 + i % 15, 1 + i % 12, 1 + i % 28
            writer.writerow([f"Supplier {i} Ltd", country, spelling, f"REF{i:08d}",
                             f"{month:02d}/{day:02d}/{year}", STATUSES[i % len(STATUSES)]])  # fmt: skip
    mapping = folder / "suppliers.toml"
    mapping.write_text(MAPPING, encoding="utf-8")
    return path, mapping


def run(tree: Path, argv: list[str], *, env: dict[str, str] | None = None,
        out: Path | None = None, expect_output: bool = False,
        ) -> tuple[float, float, float, str]:  # fmt: skip
    """Wall s, CPU s (user + system), peak RSS MiB and standard output of one process."""
    environ = {**os.environ, "PYTHONPATH": str(tree / "src"), **(env or {})}
    sink = open(out, "wb") if out else subprocess.PIPE  # noqa: SIM115
    start = time.perf_counter()
    proc = subprocess.Popen(argv, env=environ, stdout=sink, stderr=subprocess.PIPE)
    stdout = proc.stdout.read() if proc.stdout else b""
    stderr = proc.stderr.read() if proc.stderr else b""
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    if out:
        sink.close()  # type: ignore[union-attr]
    # ``ctpat vet --exit-zero`` exits 0; ctpat's documented 1 (a refusal) is a result too.
    if os.waitstatus_to_exitcode(status) not in (0, 1) or (expect_output and not stdout):
        sys.exit(f"{' '.join(argv)} failed in {tree}:\n{stderr.decode()[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, stdout.decode()


def vet_cli(path: Path, mapping: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "ctpat", "vet", str(path), "--mapping", str(mapping),
            "--by", "CTPAT", "--on", ON, "--exit-zero", *extra]  # fmt: skip


def median_wall(tree: Path, argv: list[str], times: int = 15, **kw: Any) -> float:
    run(tree, argv, **kw)  # a first run, untimed: the bytecode cache is written
    return statistics.median(run(tree, argv, **kw)[0] for _ in range(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--million", action="store_true", help="also the 10 x rows jobs")
    parser.add_argument("--tree", action="append", default=[], metavar="NAME=PATH")
    parser.add_argument("--only", default="", help="comma-separated job names")
    args = parser.parse_args()
    trees = [(t.split("=", 1)[0], Path(t.split("=", 1)[1]).resolve()) for t in args.tree]
    trees = trees or [("this", Path(__file__).resolve().parent.parent)]
    only = set(filter(None, args.only.split(",")))
    want = lambda job: not only or job in only  # noqa: E731
    n = args.rows
    results: dict[str, dict[str, str]] = {name: {} for name, _ in trees}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path, mapping = write_export(folder, n)
        big = write_export(folder, 10 * n)[0] if args.million else None
        for name, tree in trees:
            row = results[name]
            if want("cli"):
                wall, cpu, rss, _ = run(tree, vet_cli(path, mapping, "--format", "json"),
                                        out=folder / "out.json")  # fmt: skip
                row["cli json"] = f"{wall:.1f} s wall, {cpu:.1f} s CPU, {rss:,.0f} MiB"
                wall, cpu, _, _ = run(tree, vet_cli(path, mapping, "--format", "json"),
                                      env={"PYTHONUNBUFFERED": "1"}, out=folder / "out.json")  # fmt: skip
                row["cli json unbuffered"] = f"{wall:.1f} s wall, {cpu:.1f} s CPU"
            if big is not None and want("cli"):
                wall, cpu, rss, _ = run(tree, vet_cli(big, mapping), out=folder / "out.txt")
                row[f"cli {10 * n:,} rows"] = f"{wall:.1f} s wall, {cpu:.1f} s CPU, {rss:,.0f} MiB"
            if want("api"):
                argv = [sys.executable, "-c", API_JOB % {"on": ON}, str(path), str(mapping), "1"]
                _, _, rss, out = run(tree, argv, expect_output=True)
                api = json.loads(out.strip().splitlines()[-1])
                row["api read+vet+reasons+json"] = (
                    f"{api['total_s']:.2f} s ({api['cpu_s']:.2f} s CPU; read {api['read_s']:.2f},"
                    f" with_partners {api['with_partners_s']:.2f}, vet {api['vet_s']:.2f},"
                    f" reasons {api['reasons_s']:.2f}, json {api['json_s']:.2f}), {rss:,.0f} MiB"
                )
                row["intake rows/s"] = f"{api['rows'] / api['read_s']:,.0f}"
                row["vet first call /s"] = f"{api['participants'] / api['vet_s']:,.0f}"
            if big is not None and want("with_partners"):
                small_s = big_s = 0.0
                for file, slot in ((path, "small"), (big, "big")):
                    argv = [sys.executable, "-c", WITH_PARTNERS_JOB, str(file), str(mapping)]
                    seconds = json.loads(run(tree, argv, expect_output=True)[3].splitlines()[-1])
                    if slot == "small":
                        small_s = seconds["with_partners_s"]
                    else:
                        big_s = seconds["with_partners_s"]
                row["with_partners N -> 10N"] = (
                    f"{small_s:.2f} s -> {big_s:.2f} s (x{big_s / small_s:.1f})"
                )
            if want("version"):
                # Both sides start from bytecode, as an installed wheel does (pip
                # compiles it): a PYTHONDONTWRITEBYTECODE in the caller's environment
                # would otherwise make the tree's source, and not the installed
                # dependencies, compile on every start.
                compiled = {"PYTHONPYCACHEPREFIX": str(folder / "pycache"),
                            "PYTHONDONTWRITEBYTECODE": ""}  # fmt: skip
                version = [sys.executable, "-m", "ctpat", "--version"]
                deps = [sys.executable, "-c", "import attrs, cattrs, dateutil"]
                ours = median_wall(tree, version, env=compiled)
                floor = median_wall(tree, deps, env=compiled)
                row["--version vs import deps"] = (
                    f"{ours * 1000:.0f} vs {floor * 1000:.0f} ms (x{ours / floor:.2f})"
                )
            if want("html"):
                html = folder / "report.html"
                run(tree, vet_cli(path, mapping, "--report", str(html)), out=folder / "o.txt")
                row["html report"] = f"{html.stat().st_size / 1e6:.1f} MB"
    jobs = list(dict.fromkeys(job for row in results.values() for job in row))
    print(f"{n:,}-row export, on {ON}; one process per job and tree")
    width = max(len(job) for job in jobs) if jobs else 10
    for job in jobs:
        print(f"\n{job}")
        for name, _ in trees:
            print(f"  {name:<{width}}  {results[name].get(job, '-')}"[: 2 + 200])


if __name__ == "__main__":
    main()
