"""The package metadata says what a user installs, and the README agrees with it."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from ctpat.cli import main

ROOT = Path(__file__).resolve().parent.parent

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - the 3.10 branch
    import tomli as tomllib

# The extras that develop or test ctpat itself, not a user's choice.
_TOOLING = {"test", "docs", "dev", "all"}


def _project() -> dict[str, object]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project: dict[str, object] = data["project"]
    return project


def _extras() -> dict[str, list[str]]:
    extras = _project()["optional-dependencies"]
    assert isinstance(extras, dict)
    return extras


def test_the_all_extra_installs_every_user_extra() -> None:
    extras = _extras()
    (spec,) = extras["all"]
    named = set(re.fullmatch(r"ctpat\[(.*)\]", spec).group(1).split(","))  # type: ignore[union-attr]
    assert named == set(extras) - _TOOLING


def test_no_extra_is_named_like_a_program() -> None:
    # `ctpat[fast]` read like FAST lanes; the msgspec speed-up has only its own name.
    assert "fast" not in _extras()


def test_the_readme_lists_every_user_extra() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for extra in set(_extras()) - (_TOOLING - {"all"}):
        assert f"| `{extra}` |" in readme, extra


def test_the_documentation_address_is_the_one_the_cli_gives(
    capsys: pytest.CaptureFixture[str],
) -> None:
    urls = _project()["urls"]
    assert isinstance(urls, dict)
    documentation = urls["Documentation"]
    assert main(["--help"]) == 0
    assert documentation in capsys.readouterr().out
