"""Settings files people write by hand (mapping files, scoring policies) are read one way."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from ctpat.errors import DataError
from ctpat.io import SheetMapping
from ctpat.scoring import ScoringPolicy

READERS: list[tuple[Any, str]] = [(SheetMapping, "mapping file"), (ScoringPolicy, "policy file")]


@pytest.mark.parametrize(("reader", "kind"), READERS)
def test_deep_nesting_is_a_data_error_not_a_recursion_error(reader: Any, kind: str) -> None:
    with pytest.raises(DataError, match=f"not a {kind}: nested too deeply"):
        reader.from_toml("x = " + "[" * 5_000)


@pytest.mark.parametrize(("reader", "kind"), READERS)
def test_not_toml_not_utf8_and_unreadable_files_name_the_file(
    reader: Any, kind: str, tmp_path: Path
) -> None:
    with pytest.raises(DataError, match="not valid TOML"):
        reader.from_toml("[[[", file="ours.toml")
    latin = tmp_path / "latin.toml"
    latin.write_bytes(b'note = "caf\xe9"\n')
    with pytest.raises(DataError, match=f"a {kind} must be UTF-8 text"):
        reader.load(latin)
    with pytest.raises(DataError, match=f"cannot read the {kind}"):
        reader.load(tmp_path / "missing.toml")
