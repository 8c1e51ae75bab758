"""The one way ctpat reads a settings file written in TOML (private).

Mapping files (:class:`ctpat.io.SheetMapping`) and scoring policies
(:class:`ctpat.scoring.ScoringPolicy`) are TOML files that users write by hand.
Both are read here, so that the same things become the same
:class:`~ctpat.errors.DataError`: a file that cannot be read, text that is not
UTF-8, text that is not TOML, and nesting deep enough to exhaust the parser's
recursion (``tomllib`` reads nested arrays and tables by recursion; no settings
file nests).

>>> loads('[weights]\\nmust = 3', file="ours.toml", kind="policy file")
{'weights': {'must': 3}}
>>> loads("x = " + "[" * 5000, file="ours.toml", kind="policy file")
Traceback (most recent call last):
...
ctpat.errors.DataError: ours.toml: not a policy file: nested too deeply (got None)
"""

from __future__ import annotations

import os
import sys
from typing import Any

from ctpat.errors import DataError

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

__all__ = ["loads", "read_text"]


def loads(text: str, *, file: str, kind: str) -> dict[str, Any]:
    """The tables of TOML ``text``; a ``DataError`` naming ``file`` if it is not
    TOML or nests too deeply to be a ``kind`` ("mapping file")."""
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as err:
        raise DataError.at(file, None, f"not valid TOML: {err}") from None
    except RecursionError:
        raise DataError.at(file, None, f"not a {kind}: nested too deeply") from None


def read_text(path: str | os.PathLike[str], *, kind: str) -> tuple[str, str]:
    """The text of the ``kind`` ("mapping file") at ``path`` and the file's name for
    messages; a ``DataError`` naming the path if it cannot be read or is not UTF-8."""
    name = os.fspath(path)
    try:
        with open(name, "rb") as handle:
            data = handle.read()
    except OSError as err:
        raise DataError.at(name, name, f"cannot read the {kind}: {err.strerror}") from None
    try:
        return data.decode("utf-8-sig"), os.path.basename(name)
    except UnicodeDecodeError:
        raise DataError.at(name, None, f"a {kind} must be UTF-8 text") from None
