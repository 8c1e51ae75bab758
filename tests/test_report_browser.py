"""The HTML report in a real browser: headless Chromium renders it without a console
message, shows the report's figures, and takes the screenshot the docs show.

Skipped, saying so, where Chromium is not installed: Debian's ``chromium`` package
(``apt-get install chromium``; ``scripts/check`` installs it where it can). Set
``CTPAT_CHROMIUM`` to use another binary, and ``CTPAT_UPDATE_SCREENSHOT=1`` to copy
the screenshot to ``docs/_static/`` (the image the how-to guide shows).
"""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from dateutil.relativedelta import relativedelta

pytest.importorskip(
    "jinja2", reason="the report extra is not installed: pip install 'ctpat[report]'"
)

import ctpat
from ctpat import Participant
from ctpat.report import InputFile, vetting_html
from report_page import read
from test_report import HOSTILE, assert_figures_match, hostile_registry

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
SCREENSHOT = ROOT / "docs" / "_static" / "report-vetting.png"
DAY = dt.date(2026, 1, 15)


def chromium() -> str:
    found = os.environ.get("CTPAT_CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
    if not Path(found).exists():
        pytest.skip(
            "headless Chromium is not installed, so the report was not opened in a browser:"
            " install Debian's chromium package (apt-get install chromium; scripts/check"
            " does this where it can) or set CTPAT_CHROMIUM"
        )
    return found


def browse(page: Path, tmp_path: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium on ``page`` offline, its console logged to stderr."""
    profile = tmp_path / "profile"
    profile.mkdir(exist_ok=True)
    return subprocess.run(
        [
            chromium(),
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--hide-scrollbars",
            f"--user-data-dir={profile}",
            "--enable-logging=stderr",
            "--v=0",
            *extra,
            page.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )


def console(result: subprocess.CompletedProcess[str]) -> list[str]:
    """The page's console messages (Chromium logs them as ``CONSOLE`` lines)."""
    return [line for line in result.stderr.splitlines() if ":CONSOLE" in line]


def test_the_console_check_sees_a_blocked_script(tmp_path: Path) -> None:
    # The check below would be empty if Chromium logged nothing: a page whose
    # script the report's own policy blocks must show up.
    page = tmp_path / "bad.html"
    page.write_text(
        '<!DOCTYPE html><meta http-equiv="Content-Security-Policy" content="default-src \'none\'">'
        "<p>x</p><script>console.log('ran')</script>",
        encoding="utf-8",
    )
    messages = console(browse(page, tmp_path, "--dump-dom"))
    assert any("Content Security Policy" in line for line in messages)


@pytest.mark.skipif(not EXAMPLES.exists(), reason="examples/ not beside tests")
def test_the_example_report_renders_in_chromium_with_the_reports_figures(tmp_path: Path) -> None:
    registry = ctpat.reference().with_partners(ctpat.io.load(EXAMPLES / "partners.csv"))
    report = registry.vet(by="CTPAT", on=DAY)
    within = relativedelta(days=90)
    html = vetting_html(
        report,
        source=InputFile.of(EXAMPLES / "partners.csv"),
        calendar=registry.calendar(on=DAY, within=within),
        within=within,
    )
    page = tmp_path / "report.html"
    page.write_text(html, encoding="utf-8")
    result = browse(page, tmp_path, "--dump-dom")
    assert console(result) == []
    dom = read(result.stdout)
    assert_figures_match(dom, report)
    assert dom.tags["svg"] == 4
    shot = tmp_path / "report.png"
    result = browse(page, tmp_path, f"--screenshot={shot}", "--window-size=1200,1640")
    assert console(result) == []
    image = shot.read_bytes()
    assert image.startswith(b"\x89PNG\r\n\x1a\n")
    width, height = int.from_bytes(image[16:20], "big"), int.from_bytes(image[20:24], "big")
    assert (width, height) == (1200, 1640)
    assert len(image) > 50_000  # a drawn page, not a blank one
    if os.environ.get("CTPAT_UPDATE_SCREENSHOT"):
        SCREENSHOT.parent.mkdir(exist_ok=True)
        shutil.copyfile(shot, SCREENSHOT)


def test_a_hostile_name_is_text_in_the_browsers_dom(tmp_path: Path) -> None:
    registry = hostile_registry().with_partners(
        ctpat.PartnerData(participants=[Participant("plain", "Plain Ltd", "GB")])
    )
    report = registry.vet(by="CTPAT", on=DAY)
    page = tmp_path / "hostile.html"
    page.write_text(vetting_html(report), encoding="utf-8")
    result = browse(page, tmp_path, "--dump-dom")
    assert console(result) == []
    dom = read(result.stdout)
    assert dom.tags["script"] == 0
    assert dom.tags["img"] == 0
    assert HOSTILE in "".join(dom.text)
    assert_figures_match(dom, report)
