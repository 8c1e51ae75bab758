"""The HTML pages of ``vet --report`` and ``calendar --report`` (the report extra) (private)."""

from __future__ import annotations

import argparse
import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from dateutil.relativedelta import relativedelta

from ctpat.cli._exit import MissingExtra
from ctpat.errors import DataError
from ctpat.registry import Registry
from ctpat.vetting import VettingReport

if TYPE_CHECKING:
    from ctpat.report import InputFile

__all__ = [
    "REPORT_WITHIN",
    "fingerprint",
    "report_extra",
    "report_option",
    "vetting_page",
    "write_page",
]

#: How far ahead the vetting report's deadline section looks.
REPORT_WITHIN = relativedelta(days=90)


def report_option(p: argparse.ArgumentParser, help: str) -> None:
    """``--report FILE``: also write an HTML page (``-``: to standard output)."""
    p.add_argument(
        "--report", type=Path, metavar="FILE", help=f"{help} to FILE (- for standard output)"
    )


@contextlib.contextmanager
def report_extra() -> Iterator[None]:
    """Turn a missing optional dependency of ``ctpat.report`` into a usage error."""
    try:
        yield
    except ImportError as err:
        raise MissingExtra(
            f"the HTML report needs the report extra ({err.name} is missing):"
            " pip install 'ctpat[report]'"
        ) from None


def fingerprint(file: str | Path, registry: Registry) -> InputFile:
    """The input file as the page names it (its SHA-256 and row count)."""
    with report_extra():
        from ctpat.report import InputFile

    if str(file) == "-":
        # The page names the input by its SHA-256, which needs the file itself.
        raise DataError.at("file", "-", "the HTML report needs a partner file, not standard input")
    path = Path(file)
    if path.suffix.lower() in (".csv", ".json"):
        return InputFile.of(path)
    # Formats the counter does not read: the records loaded, as it counts JSON.
    partners = registry.partners
    return InputFile.of(path, rows=len(partners.participants) + len(partners.certifications))


def vetting_page(registry: Registry, report: VettingReport, path: str | Path) -> str:
    """The vetting report's page, with the deadlines due within :data:`REPORT_WITHIN`."""
    with report_extra():
        from ctpat.report import vetting_html

    return vetting_html(
        report,
        source=fingerprint(path, registry),
        calendar=registry.calendar(on=report.on, within=REPORT_WITHIN),
        within=REPORT_WITHIN,
        arrangements=registry.arrangements,
    )


def write_page(path: Path, page: str) -> None:
    """Write ``page`` to ``path``; a DataError naming ``--report`` if it cannot be written."""
    try:
        path.write_text(page, encoding="utf-8")
    except OSError as err:
        raise DataError.at(
            "--report", str(path), f"cannot write the file: {err.strerror}"
        ) from None
