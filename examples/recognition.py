"""Is this supplier's authorisation recognised by CTPAT on a date, and why?

Run it with ``python examples/recognition.py``: it asks the bundled reference data
about three certifications held by upstream partners of a US importer.
"""

from __future__ import annotations

import datetime as dt

import ctpat


def main() -> None:
    registry = ctpat.reference()
    on = dt.date(2026, 1, 15)
    partners = [
        ctpat.Certification.grant("EU-AEO", "rhein-tools", on=dt.date(2017, 3, 1), level="AEOF"),
        ctpat.Certification.grant("EU-AEO", "lyon-textiles", on=dt.date(2019, 9, 1), level="AEOC"),
        ctpat.Certification.grant("CH-AEO", "basel-pharma", on=dt.date(2015, 6, 1)),
        ctpat.Certification.grant("JP-AEO", "osaka-parts", on=dt.date(2012, 4, 1)),
    ]
    print(f"Reference data {registry.data_version}; question asked on {on}.\n")
    for cert in partners:
        verdict = registry.recognizes("CTPAT", cert, on=on)
        print(f"{cert.holder} ({cert.program}):")
        print(verdict.explain())
        print()


if __name__ == "__main__":
    main()
