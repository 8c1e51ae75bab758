"""The example script in examples/ runs and says what the README promises."""

from __future__ import annotations

import runpy
from pathlib import Path

import pytest

SCRIPT = Path(__file__).resolve().parents[1] / "examples" / "recognition.py"


@pytest.mark.skipif(not SCRIPT.exists(), reason="examples/ not beside tests")
def test_recognition_example(capsys: pytest.CaptureFixture[str]) -> None:
    runpy.run_path(str(SCRIPT), run_name="__main__")
    out = capsys.readouterr().out
    assert "rhein-tools (EU-AEO):\nAccepted by CTPAT on 2026-01-15" in out
    assert "lyon-textiles (EU-AEO):\nNot accepted" in out
    assert "not transitive" in out
