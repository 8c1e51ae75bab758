"""The commands in docs/how-to/partner-lists.md run, and print what the page shows."""

from __future__ import annotations

import doctest
import shlex
import sys
from pathlib import Path

import pytest

from ctpat.cli import main

ROOT = Path(__file__).resolve().parents[1]
PAGE = ROOT / "docs" / "how-to" / "partner-lists.md"

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib


def _blocks(kind: str) -> list[str]:
    text = PAGE.read_text(encoding="utf-8")
    parts = text.split(f"```{kind}\n")[1:]
    return [part.split("\n```", 1)[0] for part in parts]


def _commands() -> list[tuple[str, str]]:
    found = []
    for block in _blocks("console"):
        for chunk in block.split("$ ")[1:]:
            command, _, output = chunk.partition("\n")
            found.append((command, output))
    return found


pytestmark = pytest.mark.skipif(not PAGE.exists(), reason="docs/ not beside tests")


@pytest.mark.parametrize(("command", "expected"), _commands())
def test_page_commands(
    command: str,
    expected: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    pytest.importorskip("pycountry")
    monkeypatch.chdir(ROOT)
    argv = shlex.split(command)
    assert argv[0] == "ctpat"
    main(argv[1:])
    captured = capsys.readouterr()
    got = captured.out + captured.err
    want = expected.replace("<BLANKLINE>", "").rstrip("\n") + "\n"
    checker = doctest.OutputChecker()
    assert checker.check_output(want, got, doctest.ELLIPSIS), f"{command}\n---\n{got}"


def test_page_mapping_is_the_example_file() -> None:
    (shown,) = _blocks("toml")
    file = (ROOT / "examples" / "suppliers.toml").read_text(encoding="utf-8")
    assert tomllib.loads(shown) == tomllib.loads(file)


def test_page_is_in_the_toctree() -> None:
    assert "how-to/partner-lists" in (ROOT / "docs" / "index.md").read_text(encoding="utf-8")
