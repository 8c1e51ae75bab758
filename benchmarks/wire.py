"""The wire format's user-facing jobs, measured for several source trees in one run.

Reading the bundled reference data (the first ``ctpat.reference()`` in a fresh
process), reading a partner list as JSON and as CSV (``io.read``; the CSV has
its histories in ``events`` cells), and, for information, ``from_json`` and
``to_json`` of a list of certifications. Each tree runs in its own processes,
interleaved with the others, so a noisy machine weighs on every tree alike;
figures are medians.

```console
git worktree add /tmp/before main     # or: git archive main | tar -x -C /tmp/before
python benchmarks/wire.py /tmp/before . --n 20000 --repeat 5
```
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

#: One job, run in a fresh process with the tree's ``src`` first on the path;
#: prints a JSON object of figures.
_JOB = r"""
import gc, json, sys, time
folder, job = sys.argv[1], sys.argv[2]
t0 = time.perf_counter()
import ctpat
if job == "reference":
    t0 = time.perf_counter()
    ctpat.reference()
    print(json.dumps({"reference (ms)": (time.perf_counter() - t0) * 1e3}))
    raise SystemExit
from ctpat import io
def once(fn):
    gc.collect()
    t = time.perf_counter(); fn(); return time.perf_counter() - t
ctpat.reference()
if job == "read":
    out = {}
    for kind in ("json", "csv"):
        path = f"{folder}/partners.{kind}"
        first = once(lambda: io.read(path))
        again = min(once(lambda: io.read(path)) for _ in range(2))
        out[f"read {kind}, first (s)"] = first
        out[f"read {kind} (s)"] = again
    print(json.dumps(out))
elif job == "wire":
    text = open(f"{folder}/certs.json", encoding="utf-8").read()
    certs = ctpat.from_json(text, list[ctpat.Certification])
    n = len(certs)
    load = min(once(lambda: ctpat.from_json(text, list[ctpat.Certification])) for _ in range(3))
    dump = min(once(lambda: ctpat.to_json(certs)) for _ in range(3))
    print(json.dumps({"from_json (us/cert)": load / n * 1e6, "to_json (us/cert)": dump / n * 1e6}))
"""


def _data(folder: Path, n: int) -> None:
    """The partner files of ``n`` participants, from bench.py's population."""
    sys.path.insert(0, str(Path(__file__).parent))
    import bench

    import ctpat
    from ctpat import io

    population = bench.Population(n)
    certs = tuple(c for held in population.holdings for c in held)
    data = ctpat.PartnerData(tuple(population.participants), certs)
    (folder / "partners.json").write_text(ctpat.to_json(data), encoding="utf-8")
    (folder / "partners.csv").write_text(io.write_csv(data), encoding="utf-8")
    (folder / "certs.json").write_text(ctpat.to_json(list(certs[:n])), encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("trees", nargs="+", help="source trees (each with a src/ folder)")
    parser.add_argument("--n", type=int, default=20_000, help="participants (default 20,000)")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    results: dict[str, dict[str, list[float]]] = {tree: {} for tree in args.trees}
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch)
        _data(folder, args.n)
        for _ in range(args.repeat):
            for job in ("reference", "read", "wire"):
                for tree in args.trees:
                    env = {**os.environ, "PYTHONPATH": str(Path(tree, "src").resolve())}
                    done = subprocess.run(
                        [sys.executable, "-c", _JOB, scratch, job],
                        env=env,
                        capture_output=True,
                        text=True,
                        check=True,
                    )
                    for name, value in json.loads(done.stdout).items():
                        results[tree].setdefault(name, []).append(value)
    names = list(results[args.trees[0]])
    width = max(map(len, names))
    print(f"{'':{width}}  " + "  ".join(f"{tree:>14}" for tree in args.trees))
    for name in names:
        cells = [statistics.median(results[tree][name]) for tree in args.trees]
        ratio = f"  x{cells[-1] / cells[0]:.2f}" if len(cells) > 1 else ""
        print(f"{name:{width}}  " + "  ".join(f"{c:14.2f}" for c in cells) + ratio)
    print(f"({args.n:,} participants; medians of {args.repeat} runs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
