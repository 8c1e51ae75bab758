"""The bundled reference data: read lazily from package data, once (private).

The JSON files live in ``ctpat/data/``; each holds ``as_of``, ``programs`` and
``arrangements``. Nothing is read at import time.
"""

from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

from ctpat.arrangements import Arrangement
from ctpat.errors import DataError
from ctpat.programs import Program
from ctpat.registry import Registry

__all__ = ["FILES", "reference"]

#: The reference files, hand-curated facts first.
FILES = ("core.json", "world.json")


@cache
def reference() -> Registry:
    """The bundled programs and arrangements as a :class:`~ctpat.registry.Registry`.

    Loaded on the first call and cached: every later call returns the same
    object. ``data_version`` is the latest ``as_of`` date of the files.

    >>> import ctpat
    >>> ctpat.reference() is ctpat.reference()
    True
    >>> ctpat.reference().program("CTPAT").administration
    'U.S. Customs and Border Protection (CBP)'
    """
    from ctpat.serialization import from_dict

    programs: list[Program] = []
    arrangements: list[Arrangement] = []
    versions: list[str] = []
    folder = files("ctpat").joinpath("data")
    for name in FILES:
        document = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        try:
            programs.extend(from_dict(document["programs"], list[Program]))
            arrangements.extend(from_dict(document["arrangements"], list[Arrangement]))
        except DataError as err:
            raise err.prefixed(name) from None
        versions.append(document["as_of"])
    return Registry(programs, arrangements, data_version=max(versions))
