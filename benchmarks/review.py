"""ctpat benchmark: ``ctpat review`` on the supplier-screening example.

Run by hand::

    python benchmarks/review.py              # 5 repeats
    python benchmarks/review.py --repeat 10

The example is ``examples/screening/`` (200 partners, 105 questionnaires, a
corrective-action log, the importer's self-assessment). It times, separately, the
whole command as a user runs it (a fresh ``python -m ctpat review ... --format json``
process, so interpreter start-up and imports count), the same command in process
with the HTML page written, and the library call ``ctpat.review.review`` on data
already read. Each figure is the median of the repeats; figures go in
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import io
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "screening"
ON = "2026-03-31"


def argv(*extra: str) -> list[str]:
    e = EXAMPLE
    return [
        "review", str(e / "partners.csv"), "--member", "acme-imports", "--chain",
        str(e / "chain.csv"), "--questionnaires", str(e / "questionnaires"), "--questions",
        str(e / "questions.toml"), "--actions", str(e / "actions.csv"), "--assessment",
        str(e / "self-assessment.csv"), "--policy", "example", "--on", ON, *extra,
    ]  # fmt: skip


def median(run: object, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        run()  # type: ignore[operator]
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    def process() -> None:
        subprocess.run(
            [sys.executable, "-m", "ctpat", *argv("--format", "json")],
            check=False,
            capture_output=True,
        )

    from ctpat.cli import main as cli

    page = Path(tempfile.mkdtemp()) / "review.html"

    def in_process() -> None:
        cli(argv("--report", str(page)), stdout=io.StringIO())

    import ctpat
    from ctpat import io as cio
    from ctpat.review import review

    registry = ctpat.reference().with_partners(cio.read(EXAMPLE / "partners.csv").partners())
    questions = cio.SheetMapping.load(EXAMPLE / "questions.toml")
    found = cio.read_questionnaires(
        sorted((EXAMPLE / "questionnaires").iterdir()), book=registry.book,
        criteria=registry.criteria, mapping=questions,
    )  # fmt: skip
    actions = cio.read_actions(EXAMPLE / "actions.csv").book
    assert actions is not None
    compliance = actions.extend(assessments=found.questionnaires)
    chain = cio.read_chain(EXAMPLE / "chain.csv").chain
    policy = ctpat.scoring.ScoringPolicy.example()

    def library() -> None:
        review(registry.catalog, registry.criteria, registry.book, compliance, "acme-imports",
               on=date(2026, 3, 31), policy=policy, chain=chain)  # fmt: skip

    print(f"ctpat review, examples/screening (200 partners), median of {args.repeat}:")
    print(
        f"  python -m ctpat review --format json (new process): {median(process, args.repeat):.2f} s"
    )
    print(
        f"  cli main(... --report page.html), in process:        {median(in_process, args.repeat):.2f} s"
    )
    print(
        f"  ctpat.review.review on data already read:            {median(library, args.repeat) * 1000:.0f} ms"
    )


if __name__ == "__main__":
    main()
